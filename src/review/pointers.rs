//! Where the review entries a reviewer has not dealt with yet stand after a merge: a
//! conflict recorded by an earlier run points into the file as it was then; these
//! functions find its item in the file as it is now and follow it to its place in the
//! merged output, and order pointers as a person reads them (`/measures/2` before
//! `/measures/10`).
//!
//! They read JSON pointers and values; they do not decide what is a conflict (that is
//! [`super::merge`]).

use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::{Map, Value};

/// Orders two JSON pointers segment by segment, numbers as numbers.
pub fn compare(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.split('/'), b.split('/'));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let o = match (p.parse::<u64>(), q.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => p.cmp(q),
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

/// The pointer of a carried-over conflict in the reviewer's file as it is now: the
/// index of its item (`item`, an id) where that item stands now; `None` when it is gone.
pub fn locate(pointer: &str, item: Option<&str>, reviewer: &Value) -> Option<String> {
    let Some(id) = item else {
        return Some(pointer.to_string());
    };
    let mut segs: Vec<&str> = pointer.strip_prefix('/')?.split('/').collect();
    if segs.len() < 2 {
        return Some(pointer.to_string());
    }
    let list = reviewer
        .get(segs[0].replace("~1", "/").replace("~0", "~"))?
        .as_array()?;
    let at = list
        .iter()
        .position(|i| i.get("id").and_then(Value::as_str) == Some(id))?
        .to_string();
    segs[1] = &at;
    Some(format!("/{}", segs.join("/")))
}

/// The id of the top-level item a pointer into the output passes through.
pub fn item_id(out: &Map<String, Value>, pointer: &str) -> Option<String> {
    let mut segs = pointer.strip_prefix('/')?.split('/');
    let list = out.get(&segs.next()?.replace("~1", "/").replace("~0", "~"))?;
    let item = list.as_array()?.get(segs.next()?.parse::<usize>().ok()?)?;
    item.get("id").and_then(Value::as_str).map(String::from)
}

/// Where a pointer into the reviewer's file points in the merged output, following
/// the items that moved; `None` when it passes through an item that is gone.
pub fn remap(
    pointer: &str,
    reviewer: &Value,
    moves: &HashMap<String, String>,
    verbatim: &[(String, String)],
) -> Option<String> {
    if pointer.is_empty() {
        return Some(String::new());
    }
    let kept_whole = verbatim
        .iter()
        .filter(|(rev, _)| {
            pointer == rev
                || pointer
                    .strip_prefix(rev.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
        .max_by_key(|(rev, _)| rev.len());
    if let Some((rev, out)) = kept_whole {
        return Some(format!("{out}{}", &pointer[rev.len()..]));
    }
    let mut cur = Some(reviewer);
    let (mut rev, mut out) = (String::new(), String::new());
    for seg in pointer.strip_prefix('/')?.split('/') {
        rev.push('/');
        rev.push_str(seg);
        match cur {
            Some(Value::Array(list)) => {
                out = moves.get(&rev)?.clone();
                cur = seg.parse::<usize>().ok().and_then(|i| list.get(i));
            }
            Some(Value::Object(map)) => {
                out.push('/');
                out.push_str(seg);
                cur = map.get(&seg.replace("~1", "/").replace("~0", "~"));
            }
            _ => {
                out.push('/');
                out.push_str(seg);
                cur = None;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_order_numbers_as_numbers() {
        let mut p = vec![
            "/measures/10/title",
            "/glossary/2",
            "/measures/2/status/code",
            "/measures/2",
        ];
        p.sort_by(|a, b| compare(a, b));
        assert_eq!(
            p,
            [
                "/glossary/2",
                "/measures/2",
                "/measures/2/status/code",
                "/measures/10/title"
            ]
        );
    }
}
