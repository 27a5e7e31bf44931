//! `keikaku diff`: the item-level differences between two keikaku JSON files — items
//! added and removed, and the fields that changed, each with its JSON pointer and its
//! old and new value.
//!
//! Items of a top-level array are matched as the reviewer merge matches them
//! ([`crate::review::items::match_items`]): by `id`; items without one by `table`
//! (legends, status summaries), else by their content without `span` (warnings); then,
//! among those still unmatched, by kind and title (or term, or name). So a reordering is
//! not a change, a warning whose span moved because text was inserted above is the same
//! warning, and an item whose id changed shows as a changed `id`. Inside an item,
//! objects are compared key by key and an array or a scalar as a whole. This module
//! compares values; it does not read files or judge validity.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::review::items::{is_item_list, match_items};
use crate::validate::locate::escape;

/// One difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    /// An item only in the second file.
    Added {
        /// Its pointer in the second file.
        pointer: String,
        /// Its id, when it has one.
        id: Option<String>,
        /// The item.
        new: Value,
    },
    /// An item only in the first file.
    Removed {
        /// Its pointer in the first file.
        pointer: String,
        /// Its id, when it has one.
        id: Option<String>,
        /// The item.
        old: Value,
    },
    /// A value that differs.
    Changed {
        /// Its pointer in the second file.
        pointer: String,
        /// Its pointer in the first file, when the item moved.
        #[serde(skip_serializing_if = "Option::is_none")]
        old_pointer: Option<String>,
        /// The id of the item it belongs to, if any.
        id: Option<String>,
        /// The value in the first file (`null` when the key was absent).
        old: Value,
        /// The value in the second file (`null` when the key is absent).
        new: Value,
    },
}

/// The differences from `a` to `b`, in the order of `b` (removed items where `a` had them).
pub fn diff(a: &Value, b: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    match (a, b) {
        (Value::Object(ma), Value::Object(mb)) => {
            let keys = mb.keys().chain(ma.keys().filter(|k| !mb.contains_key(*k)));
            for key in keys {
                let ptr = format!("/{}", escape(key));
                match (ma.get(key), mb.get(key)) {
                    (Some(Value::Array(xa)), Some(Value::Array(xb))) if is_collection(xa, xb) => {
                        items(&ptr, xa, xb, &mut out)
                    }
                    (x, y) => fields(&ptr, None, None, x, y, &mut out),
                }
            }
        }
        _ => fields("", None, None, Some(a), Some(b), &mut out),
    }
    out
}

/// Whether a top-level array holds items (objects), so it is matched item by item.
fn is_collection(a: &[Value], b: &[Value]) -> bool {
    is_item_list(a) && is_item_list(b)
}

fn id_of(v: &Value) -> Option<String> {
    v.get("id").and_then(Value::as_str).map(str::to_string)
}

/// The changes between two lists of items, matched as the merge matches them.
fn items(ptr: &str, a: &[Value], b: &[Value], out: &mut Vec<Change>) {
    let a_to_b = match_items(a, b);
    let mut b_to_a: Vec<Option<usize>> = vec![None; b.len()];
    for (i, j) in a_to_b.iter().enumerate() {
        match j {
            Some(j) => b_to_a[*j] = Some(i),
            None => out.push(Change::Removed {
                pointer: format!("{ptr}/{i}"),
                id: id_of(&a[i]),
                old: a[i].clone(),
            }),
        }
    }
    for (j, i) in b_to_a.into_iter().enumerate() {
        match i {
            None => out.push(Change::Added {
                pointer: format!("{ptr}/{j}"),
                id: id_of(&b[j]),
                new: b[j].clone(),
            }),
            Some(i) => {
                let id = id_of(&b[j]).or_else(|| id_of(&a[i]));
                let (pa, pb) = (format!("{ptr}/{i}"), format!("{ptr}/{j}"));
                let moved = (i != j).then_some(pa.as_str());
                fields(&pb, moved, id.as_deref(), Some(&a[i]), Some(&b[j]), out);
            }
        }
    }
}

/// Field-level changes between two values at `ptr` (`old_ptr` when the item moved).
fn fields(
    ptr: &str,
    old_ptr: Option<&str>,
    id: Option<&str>,
    a: Option<&Value>,
    b: Option<&Value>,
    out: &mut Vec<Change>,
) {
    match (a, b) {
        (Some(Value::Object(ma)), Some(Value::Object(mb))) => {
            let keys = mb.keys().chain(ma.keys().filter(|k| !mb.contains_key(*k)));
            for key in keys {
                let k = escape(key);
                let child = format!("{ptr}/{k}");
                let old_child = old_ptr.map(|p| format!("{p}/{k}"));
                fields(
                    &child,
                    old_child.as_deref(),
                    id,
                    ma.get(key),
                    mb.get(key),
                    out,
                );
            }
        }
        (x, y) if x != y => out.push(Change::Changed {
            pointer: ptr.to_string(),
            old_pointer: old_ptr.map(str::to_string),
            id: id.map(str::to_string),
            old: x.cloned().unwrap_or(Value::Null),
            new: y.cloned().unwrap_or(Value::Null),
        }),
        _ => {}
    }
}

/// The changes as lines for people: `changed /pointer [id]: old → new`, `added /pointer
/// [id]: label`, `removed /pointer [id]: label`.
pub fn text(changes: &[Change]) -> String {
    let mut s = String::new();
    for c in changes {
        let _ = match c {
            Change::Added { pointer, id, new } => {
                writeln!(s, "added   {pointer}{}: {}", tag(id), label(new))
            }
            Change::Removed { pointer, id, old } => {
                writeln!(s, "removed {pointer}{}: {}", tag(id), label(old))
            }
            Change::Changed {
                pointer,
                id,
                old,
                new,
                ..
            } => writeln!(
                s,
                "changed {pointer}{}: {} → {}",
                tag(id),
                short(old),
                short(new)
            ),
        };
    }
    s
}

fn tag(id: &Option<String>) -> String {
    id.as_ref().map(|i| format!(" [{i}]")).unwrap_or_default()
}

/// An item as a person recognises it: its title, term or name, else its JSON.
fn label(v: &Value) -> String {
    ["title", "term", "name", "code"]
        .iter()
        .find_map(|k| v.get(*k)?.as_str())
        .map(|s| short(&Value::String(s.to_string())))
        .unwrap_or_else(|| short(v))
}

fn short(v: &Value) -> String {
    const MAX: usize = 120;
    let s = v.to_string();
    if s.chars().count() <= MAX {
        s
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_documents_have_no_changes() {
        let a =
            json!({"v": "1", "measures": [{"id": "m-1", "t": "x"}], "warnings": [{"code": "c"}]});
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn items_are_matched_by_id_not_position() {
        let a = json!({"measures": [
            {"id": "m-1", "title": "一", "status": {"code": "implemented"}},
            {"id": "m-2", "title": "二", "status": {"code": "implemented"}},
            {"id": "m-3", "title": "三", "status": null}]});
        let b = json!({"measures": [
            {"id": "m-3", "title": "三", "status": null},
            {"id": "m-1", "title": "一", "status": {"code": "completed"}},
            {"id": "m-4", "title": "四", "status": null}]});
        let changes = diff(&a, &b);
        assert_eq!(changes.len(), 3, "{changes:#?}");
        assert!(matches!(&changes[0], Change::Removed { pointer, .. } if pointer == "/measures/1"));
        assert!(
            matches!(&changes[1], Change::Changed { pointer, old_pointer: Some(o), .. }
            if pointer == "/measures/1/status/code" && o == "/measures/0/status/code")
        );
        assert!(matches!(&changes[2], Change::Added { pointer, .. } if pointer == "/measures/2"));
        let t = text(&changes);
        assert!(
            t.contains("changed /measures/1/status/code [m-1]: \"implemented\" → \"completed\""),
            "{t}"
        );
        assert!(t.contains("removed /measures/1 [m-2]: \"二\""), "{t}");
    }

    #[test]
    fn plain_fields_and_missing_keys() {
        let a = json!({"source": {"sha256": "aa", "x": 1}, "document": {"title": null}});
        let b = json!({"source": {"sha256": "bb"}, "document": {"title": "計画"}});
        let pointers: Vec<String> = diff(&a, &b)
            .into_iter()
            .map(|c| match c {
                Change::Changed { pointer, .. } => pointer,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(pointers, ["/source/sha256", "/source/x", "/document/title"]);
    }
}
