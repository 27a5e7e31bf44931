//! Ids and the references between items: every `id` unique across all kinds, a
//! glossary entry's `mentions` naming measures or priorities, a priority's `measures`
//! naming measures, any item's `parent` naming an item, and a measure's `continues`
//! naming an evaluation measure of the document (or, written `<12 hex>:<id>`, a measure
//! of the previous plan's output, whose shape alone is checked: that file is not read).
//!
//! Reads the JSON value as it is, so a file with shape errors is still checked here.
//! A priority's measure written as text rather than as an id is a warning: earlier
//! outputs list measures by name. This module does not look at the source text.

use std::collections::HashMap;

use serde_json::Value;

use super::Finding;

/// What an id names: the kind (top-level array) and the item's pointer.
struct Target {
    kind: String,
    pointer: String,
}

/// Findings about ids and references.
pub fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(root) = doc.as_object() else {
        return out;
    };
    let mut ids: HashMap<&str, Target> = HashMap::new();
    for (kind, items) in root {
        for (i, item) in items.as_array().into_iter().flatten().enumerate() {
            let Some(id) = item.get("id").and_then(Value::as_str) else {
                continue;
            };
            let pointer = format!("/{kind}/{i}");
            if let Some(first) = ids.get(id) {
                out.push(Finding::error(
                    format!("{pointer}/id"),
                    format!("duplicate id \"{id}\" (first used at {})", first.pointer),
                ));
            } else {
                ids.insert(
                    id,
                    Target {
                        kind: kind.clone(),
                        pointer,
                    },
                );
            }
        }
    }
    let kind_of = |id: &str| ids.get(id).map(|t| t.kind.as_str());

    for (i, entry) in items(doc, "glossary") {
        for (j, m) in strings(entry, "mentions") {
            let at = format!("/glossary/{i}/mentions/{j}");
            match kind_of(m) {
                Some("measures" | "priorities") => {}
                Some(kind) => out.push(Finding::error(
                    at,
                    format!("\"{m}\" is an item of {kind}, not a measure or priority"),
                )),
                None => out.push(Finding::error(
                    at,
                    format!("\"{m}\" is not the id of any measure or priority"),
                )),
            }
        }
    }
    for (i, priority) in items(doc, "priorities") {
        for (j, m) in strings(priority, "measures") {
            let at = format!("/priorities/{i}/measures/{j}");
            match kind_of(m) {
                Some("measures") => {}
                Some(kind) => out.push(Finding::error(
                    at,
                    format!("\"{m}\" is an item of {kind}, not a measure"),
                )),
                None if looks_like_an_id(m) => out.push(Finding::error(
                    at,
                    format!("\"{m}\" is not the id of any measure"),
                )),
                None => out.push(Finding::warning(
                    at,
                    "names a measure by its text, not by a measure id; not checked".to_string(),
                )),
            }
        }
    }
    for (kind, list) in root {
        for (i, item) in list.as_array().into_iter().flatten().enumerate() {
            let Some(parent) = item.get("parent").and_then(Value::as_str) else {
                continue;
            };
            let at = format!("/{kind}/{i}/parent");
            if item.get("id").and_then(Value::as_str) == Some(parent) {
                out.push(Finding::error(
                    at,
                    "an item cannot be its own parent".into(),
                ));
            } else if kind_of(parent).is_none() {
                out.push(Finding::error(
                    at,
                    format!("\"{parent}\" is not the id of any item"),
                ));
            }
        }
    }
    for (i, measure) in items(doc, "measures") {
        let Some(link) = measure.get("continues").and_then(Value::as_str) else {
            continue;
        };
        let at = format!("/measures/{i}/continues");
        if let Some((prefix, id)) = link.split_once(':') {
            let hex = prefix.len() == 12
                && prefix
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !hex || !looks_like_an_id(id) {
                out.push(Finding::error(
                    at,
                    format!(
                        "\"{link}\" is neither a measure id nor a link into a previous output (<first 12 hex of its sha256>:<id>)"
                    ),
                ));
            }
            continue;
        }
        // Every measure with that id (a duplicate id is its own finding), by kind.
        let kinds: Vec<Option<&str>> = items(doc, "measures")
            .filter(|(_, m)| m.get("id").and_then(Value::as_str) == Some(link))
            .map(|(_, m)| m.get("kind").and_then(Value::as_str))
            .collect();
        if kinds.is_empty() {
            out.push(Finding::error(
                at,
                match kind_of(link) {
                    Some(kind) => format!("\"{link}\" is an item of {kind}, not a measure"),
                    None => format!("\"{link}\" is not the id of any measure"),
                },
            ));
        } else if kinds.iter().all(|k| *k == Some("plan")) {
            // A misspelt kind is the schema's finding, not this one's.
            out.push(Finding::error(
                at,
                format!("\"{link}\" is not an evaluation measure"),
            ));
        }
    }
    out
}

/// The items of a top-level array, with their indices.
fn items<'v>(doc: &'v Value, kind: &str) -> impl Iterator<Item = (usize, &'v Value)> {
    doc.get(kind)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

/// The strings of an item's array field, with their indices.
fn strings<'v>(item: &'v Value, key: &str) -> impl Iterator<Item = (usize, &'v str)> {
    item.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(j, v)| Some((j, v.as_str()?)))
}

/// Whether a string has the shape of a keikaku id (`m-3f2a…`, `p-…-2`): lowercase ASCII
/// letters and digits in dash-separated parts, the first all letters.
pub fn looks_like_an_id(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !first.is_empty()
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !rest.is_empty()
        && rest.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn id_shapes() {
        assert!(looks_like_an_id("m-3f2a9c01de"));
        assert!(looks_like_an_id("p-3f2a9c01de-2"));
        assert!(!looks_like_an_id("AI/RPAの活用"));
        assert!(!looks_like_an_id("Wi-Fi"));
        assert!(!looks_like_an_id("m-"));
        assert!(!looks_like_an_id("plain"));
    }

    #[test]
    fn duplicates_and_dangling_references() {
        let doc = json!({
            "sections": [{"id": "s-1"}],
            "measures": [
                {"id": "m-1", "kind": "evaluation"},
                {"id": "s-1", "parent": "m-9", "continues": "m-1"},
                {"id": "m-22", "kind": "plan", "continues": "m-24"},
                {"id": "m-23", "kind": "plan", "continues": "m-8"},
                {"id": "m-24", "kind": "plan", "continues": "0123456789ab:m-5"},
                {"id": "m-26", "kind": "plan", "continues": "0123:m-5"},
                {"id": "m-27", "kind": "plan", "continues": "p-1"}
            ],
            "priorities": [{"id": "p-1", "measures": ["m-1", "m-2", "s-1", "施策の名前"]}],
            "glossary": [{"id": "g-1", "mentions": ["p-1", "g-1", "m-7"]}]
        });
        let found: Vec<(String, bool)> = check(&doc)
            .into_iter()
            .map(|f| (f.pointer, f.error))
            .collect();
        assert_eq!(
            found,
            [
                ("/measures/1/id".to_string(), true),
                ("/glossary/0/mentions/1".to_string(), true),
                ("/glossary/0/mentions/2".to_string(), true),
                ("/priorities/0/measures/1".to_string(), true),
                ("/priorities/0/measures/2".to_string(), true),
                ("/priorities/0/measures/3".to_string(), false),
                ("/measures/1/parent".to_string(), true),
                ("/measures/2/continues".to_string(), true),
                ("/measures/3/continues".to_string(), true),
                ("/measures/5/continues".to_string(), true),
                ("/measures/6/continues".to_string(), true),
            ]
        );
    }
}
