//! Which item of one list is which item of another: the matcher the three-way merge
//! uses, written to be reused by anything that compares two outputs item by item.
//!
//! An item is a JSON object in a list of objects (`measures[]`, `glossary[]`,
//! `warnings[]` …). Items are matched by their identity first — the `id`, or for lists
//! whose items have none, the `table` they describe, or else their whole content
//! without `span` — and then, among the items still unmatched, by their content: the
//! same `kind` and `level` and the same `title`, `term` or `name`. So an item whose id
//! changed (a new keikaku derives ids differently) is still found when its title is
//! the same, and an item whose title a reviewer edited is still found by its id.
//! Equal keys pair up in list order. Nothing here looks at the source text.

use std::collections::HashMap;

use serde_json::Value;

/// Whether a list holds items: every element is an object (an empty list does too).
pub fn is_item_list(list: &[Value]) -> bool {
    list.iter().all(Value::is_object)
}

/// The key an item is matched by first: `id:<id>`, else `table:<table>`, else its
/// content without `span`.
pub fn primary_key(item: &Value) -> String {
    if let Some(id) = item.get("id").and_then(Value::as_str) {
        return format!("id:{id}");
    }
    if let Some(table) = item.get("table").and_then(Value::as_str) {
        return format!("table:{table}");
    }
    format!("content:{}", without(item, &["span"]))
}

/// The key an item is matched by when its identity found nothing: its `kind`, `level`
/// and `title` (or `term`, or `name`), or, for an item with none of these, its content
/// without `id`, `table` and `span`.
pub fn content_key(item: &Value) -> String {
    let label = ["title", "term", "name"]
        .iter()
        .find_map(|k| item.get(*k).and_then(Value::as_str));
    match label {
        Some(label) => {
            let kind = item.get("kind").map(Value::to_string).unwrap_or_default();
            let level = item.get("level").map(Value::to_string).unwrap_or_default();
            format!("label:{kind}\u{1f}{level}\u{1f}{label}")
        }
        None => format!("content:{}", without(item, &["id", "table", "span"])),
    }
}

/// The item's content as compact JSON, leaving out some keys.
fn without(item: &Value, keys: &[&str]) -> String {
    match item {
        Value::Object(map) => {
            let kept: serde_json::Map<String, Value> = map
                .iter()
                .filter(|(k, _)| !keys.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Value::Object(kept).to_string()
        }
        other => other.to_string(),
    }
}

/// For each item of `a`, the index of the same item in `b`, one to one: first by
/// [`primary_key`], then, among the items both sides still lack a partner for, by
/// [`content_key`]. Items with equal keys pair up in list order.
pub fn match_items(a: &[Value], b: &[Value]) -> Vec<Option<usize>> {
    let mut matched: Vec<Option<usize>> = vec![None; a.len()];
    let mut taken = vec![false; b.len()];
    for key in [primary_key as fn(&Value) -> String, content_key] {
        let mut free: HashMap<String, std::collections::VecDeque<usize>> = HashMap::new();
        for (j, item) in b.iter().enumerate() {
            if !taken[j] {
                free.entry(key(item)).or_default().push_back(j);
            }
        }
        for (i, item) in a.iter().enumerate() {
            if matched[i].is_some() {
                continue;
            }
            if let Some(j) = free.get_mut(&key(item)).and_then(|q| q.pop_front()) {
                matched[i] = Some(j);
                taken[j] = true;
            }
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn items_match_by_id_then_by_title() {
        let a = vec![
            json!({"id": "m-1", "kind": "plan", "title": "A"}),
            json!({"id": "m-2", "kind": "plan", "title": "B"}),
            json!({"id": "m-3", "kind": "plan", "title": "C"}),
        ];
        let b = vec![
            json!({"id": "m-9", "kind": "plan", "title": "C"}),
            json!({"id": "m-1", "kind": "plan", "title": "A renamed"}),
            json!({"id": "m-8", "kind": "evaluation", "title": "B"}),
        ];
        assert_eq!(match_items(&a, &b), vec![Some(1), None, Some(0)]);
    }

    #[test]
    fn items_without_ids_match_by_table_or_content_in_order() {
        let a = vec![
            json!({"code": "x", "message": "m", "span": {"start": 1}}),
            json!({"code": "x", "message": "m", "span": {"start": 5}}),
            json!({"table": "t-1", "marks": {}}),
        ];
        let b = vec![
            json!({"table": "t-1", "marks": {"A": "a"}}),
            json!({"code": "x", "message": "m", "span": {"start": 9}}),
        ];
        assert_eq!(match_items(&a, &b), vec![Some(1), None, Some(0)]);
    }
}
