//! The three-way merge of a reviewed output: the machine output the reviewer started
//! from (the base), the file as the reviewer left it, and the machine's new output.
//!
//! It works on `serde_json::Value`, so a field added to the contract is merged without
//! a change here. Objects are merged key by key, lists of objects item by item (matched
//! by [`super::items::match_items`]); anything else — a string, a number, a list of
//! strings such as `details` — is one value. For each value:
//!
//! | reviewer | machine | result |
//! |---|---|---|
//! | as in the base | anything | the machine's value |
//! | changed | as in the base, or the same change | the reviewer's value |
//! | changed | changed differently | the reviewer's value, and a [`Conflict`] |
//!
//! An item the reviewer deleted stays deleted (its id is listed in
//! [`Review::deleted`], and the references to it — `mentions`, a priority's `measures`,
//! `parent`, a warning's `item`, a measure's `continues` — are dropped); an item the reviewer added stays; an item the machine finds
//! anew is added after the item the machine lists before it (its id is listed in
//! [`Review::new_since_review`]); an item the machine no longer finds is dropped unless
//! the reviewer edited it, in which case it stays, with a conflict whose machine value
//! is `null`. Without a base (an output written before keikaku kept one) every
//! difference between the file and the machine's output is treated as the reviewer's:
//! the file's value stays and each difference is a conflict.
//!
//! `schema_version`, `generator` and `source` are always the machine's (they say what
//! made the file and from what). The file's own `review` entries are carried over
//! until the reviewer removes them: a conflict, moved to where its item now stands
//! (dropped when the item is gone); a new-since-review id, while the item is there.
//!
//! This module merges values; it reads and writes no files (see [`super::write`]).

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::items::{is_item_list, match_items};
use super::pointers::{self, item_id, locate, remap};
use crate::model::{Conflict, Review};
use crate::validate::locate::escape;

/// Top-level keys that always take the machine's value.
pub const MACHINE_KEYS: &[&str] = &["schema_version", "generator", "source"];

/// The key of the review section.
pub const REVIEW_KEY: &str = "review";

/// The result of [`merge`].
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged document, with its `review` section when there is anything in it.
    pub value: Value,
    /// What is left for the reviewer (also in `value`, when not empty).
    pub review: Review,
    /// Whether the file held any edit of the reviewer's (or review entries): when not,
    /// `value` is the machine's output.
    pub edited: bool,
}

/// Merges `reviewer` (the output file as a person left it) with `machine` (the new
/// machine output), both relative to `base` (the machine output the file started as;
/// `None` when it is not known). See the module documentation for the rules.
pub fn merge(base: Option<&Value>, reviewer: &Value, machine: &Value) -> Merged {
    let old: Review = reviewer
        .get(REVIEW_KEY)
        .and_then(|r| serde_json::from_value(r.clone()).ok())
        .unwrap_or_default();
    let edited = match base {
        Some(base) => !same_content(reviewer, base),
        None => !same_content(reviewer, machine),
    } || old != Review::default();
    if !edited {
        return Merged {
            value: machine.clone(),
            review: Review::default(),
            edited: false,
        };
    }

    let mut cx = Context::default();
    let mut out = Map::new();
    let empty = Map::new();
    let (b, r, m) = (
        base.and_then(Value::as_object),
        reviewer.as_object().unwrap_or(&empty),
        machine.as_object().unwrap_or(&empty),
    );
    for key in keys(r, m) {
        if key == REVIEW_KEY {
            continue;
        }
        let value = if MACHINE_KEYS.contains(&key.as_str()) {
            m.get(&key).cloned()
        } else {
            let ptr = format!("/{}", escape(&key));
            cx.value(
                b.and_then(|b| b.get(&key)),
                r.get(&key),
                m.get(&key),
                &ptr,
                &ptr,
            )
        };
        if let Some(v) = value {
            out.insert(key, v);
        }
    }

    // Carry over what the reviewer has not yet dealt with.
    let fresh: HashSet<String> = cx
        .review
        .conflicts
        .iter()
        .map(|c| c.pointer.clone())
        .collect();
    for mut c in old.conflicts {
        let Some(p) = locate(&c.pointer, c.item.as_deref(), reviewer) else {
            continue;
        };
        if let Some(p) = remap(&p, reviewer, &cx.moves, &cx.verbatim) {
            if !fresh.contains(&p) {
                if c.item.is_some() {
                    c.item = item_id(&out, &p);
                }
                c.pointer = p;
                cx.review.conflicts.push(c);
            }
        }
    }
    cx.review
        .conflicts
        .sort_by(|a, b| pointers::compare(&a.pointer, &b.pointer));
    let present = ids(&out);
    let mut listed: HashSet<String> = cx.review.new_since_review.iter().cloned().collect();
    for id in old.new_since_review {
        if present.contains(&id) && listed.insert(id.clone()) {
            cx.review.new_since_review.push(id);
        }
    }

    drop_references(&mut out, &cx.review.deleted);
    let review = cx.review;
    if review != Review::default() {
        out.insert(
            REVIEW_KEY.to_string(),
            serde_json::to_value(&review).expect("a review serializes"),
        );
    }
    Merged {
        value: Value::Object(out),
        review,
        edited: true,
    }
}

/// Removes the references to items the reviewer deleted, which the machine's values
/// still hold: the ids in `mentions` and `measures` lists, a `parent` (made `null`), a
/// warning's `item` and a measure's `continues` (left out). So deleting an item leaves no dangling reference in a
/// field the reviewer did not touch.
fn drop_references(doc: &mut Map<String, Value>, deleted: &[String]) {
    if deleted.is_empty() {
        return;
    }
    let gone = |v: &Value| v.as_str().is_some_and(|id| deleted.iter().any(|d| d == id));
    for item in doc
        .values_mut()
        .filter_map(Value::as_array_mut)
        .flatten()
        .filter_map(Value::as_object_mut)
    {
        for key in ["mentions", "measures"] {
            if let Some(Value::Array(list)) = item.get_mut(key) {
                list.retain(|v| !gone(v));
            }
        }
        if item.get("parent").is_some_and(gone) {
            item.insert("parent".into(), Value::Null);
        }
        for key in ["item", "continues"] {
            if item.get(key).is_some_and(gone) {
                item.remove(key);
            }
        }
    }
}

/// Whether two documents are equal in what is the reviewer's to edit (all but
/// [`MACHINE_KEYS`] and the review section).
fn same_content(a: &Value, b: &Value) -> bool {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return a == b;
    };
    let theirs = |k: &String| !MACHINE_KEYS.contains(&k.as_str()) && k.as_str() != REVIEW_KEY;
    a.keys().filter(|k| theirs(k)).count() == b.keys().filter(|k| theirs(k)).count()
        && a.iter()
            .filter(|(k, _)| theirs(k))
            .all(|(k, v)| b.get(k) == Some(v))
}

/// The machine's keys in its order, then the keys only the reviewer has.
fn keys(r: &Map<String, Value>, m: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<String> = m.keys().cloned().collect();
    keys.extend(r.keys().filter(|k| !m.contains_key(*k)).cloned());
    keys
}

/// The ids of the items of the document's top-level lists.
fn ids(doc: &Map<String, Value>) -> HashSet<String> {
    doc.values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|item| item.get("id").and_then(Value::as_str))
        .map(String::from)
        .collect()
}

/// The merge's running state: the review it builds and where the reviewer's items went.
#[derive(Default)]
struct Context {
    review: Review,
    /// Pointer of an item in the reviewer's file → its pointer in the output.
    moves: HashMap<String, String>,
    /// Values of the reviewer's file kept whole: pointer in the file → in the output.
    verbatim: Vec<(String, String)>,
}

/// One place in an output list.
enum Slot<'a> {
    /// An item of the reviewer's, with its base and machine counterparts.
    Kept {
        at: usize,
        r: &'a Value,
        b: Option<&'a Value>,
        m: Option<&'a Value>,
    },
    /// An item only the machine has.
    New(&'a Value),
}

impl Context {
    /// Merges one value; `None` means absent. `out` is its pointer in the output, `rev`
    /// in the reviewer's file.
    fn value(
        &mut self,
        b: Option<&Value>,
        r: Option<&Value>,
        m: Option<&Value>,
        out: &str,
        rev: &str,
    ) -> Option<Value> {
        if r == b {
            return m.cloned();
        }
        // Objects and item lists the reviewer changed are merged member by member even
        // when the machine's value is the base's, so that deletions are listed and
        // review entries follow their items.
        let b_shape = b.filter(|v| !v.is_null());
        match (b_shape, r, m) {
            (None | Some(Value::Object(_)), Some(Value::Object(ro)), Some(Value::Object(mo))) => {
                let bo = b_shape.and_then(Value::as_object);
                let mut merged = Map::new();
                for key in keys(ro, mo) {
                    let seg = escape(&key);
                    let v = self.value(
                        bo.and_then(|bo| bo.get(&key)),
                        ro.get(&key),
                        mo.get(&key),
                        &format!("{out}/{seg}"),
                        &format!("{rev}/{seg}"),
                    );
                    if let Some(v) = v {
                        merged.insert(key, v);
                    }
                }
                Some(Value::Object(merged))
            }
            (None | Some(Value::Array(_)), Some(Value::Array(rl)), Some(Value::Array(ml)))
                if is_item_list(rl)
                    && is_item_list(ml)
                    && b_shape.is_none_or(|b| b.as_array().is_some_and(|l| is_item_list(l))) =>
            {
                let bl = b_shape
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                Some(Value::Array(self.items(bl, rl, ml, out, rev)))
            }
            _ => {
                if m != b && r != m {
                    self.conflict(out, b, r, m);
                }
                self.verbatim.push((rev.to_string(), out.to_string()));
                r.cloned()
            }
        }
    }

    fn conflict(&mut self, out: &str, b: Option<&Value>, r: Option<&Value>, m: Option<&Value>) {
        let v = |x: Option<&Value>| x.cloned().unwrap_or(Value::Null);
        self.review.conflicts.push(Conflict {
            pointer: out.to_string(),
            item: None,
            base: v(b),
            reviewer: v(r),
            machine: v(m),
        });
    }

    /// Merges a list of items.
    fn items(&mut self, b: &[Value], r: &[Value], m: &[Value], out: &str, rev: &str) -> Vec<Value> {
        let r_to_b = match_items(r, b);
        let b_to_m = match_items(b, m);
        let mut b_has_r = vec![false; b.len()];
        for bi in r_to_b.iter().flatten() {
            b_has_r[*bi] = true;
        }
        let mut m_claimed = vec![false; m.len()];
        let mut m_deleted = vec![false; m.len()];
        for (bi, mi) in b_to_m.iter().enumerate() {
            if let Some(mi) = mi {
                m_claimed[*mi] = true;
                m_deleted[*mi] = !b_has_r[bi];
            }
        }
        // Items the reviewer added, matched to items the machine found anew.
        let added: Vec<usize> = (0..r.len()).filter(|&i| r_to_b[i].is_none()).collect();
        let free: Vec<usize> = (0..m.len()).filter(|&j| !m_claimed[j]).collect();
        let added_items: Vec<Value> = added.iter().map(|&i| r[i].clone()).collect();
        let free_items: Vec<Value> = free.iter().map(|&j| m[j].clone()).collect();
        let mut r_to_m: Vec<Option<usize>> = r_to_b
            .iter()
            .map(|bi| bi.and_then(|bi| b_to_m[bi]))
            .collect();
        for (k, j) in match_items(&added_items, &free_items)
            .into_iter()
            .enumerate()
        {
            if let Some(j) = j {
                r_to_m[added[k]] = Some(free[j]);
                m_claimed[free[j]] = true;
            }
        }

        // The reviewer's items in their order, less those the machine no longer finds
        // and the reviewer did not touch.
        let mut slots: Vec<Slot> = Vec::new();
        let mut slot_of_m: Vec<Option<usize>> = vec![None; m.len()];
        for (i, ri) in r.iter().enumerate() {
            let bi = r_to_b[i].map(|k| &b[k]);
            let mi = r_to_m[i];
            if mi.is_none() && bi == Some(ri) {
                continue;
            }
            if let Some(mi) = mi {
                slot_of_m[mi] = Some(slots.len());
            }
            slots.push(Slot::Kept {
                at: i,
                r: ri,
                b: bi,
                m: mi.map(|k| &m[k]),
            });
        }
        // New items go after the item the machine lists before them.
        let mut after: Vec<Vec<&Value>> = vec![Vec::new(); slots.len() + 1];
        let mut anchor = 0;
        for (j, mj) in m.iter().enumerate() {
            if let Some(s) = slot_of_m[j] {
                anchor = s + 1;
            } else if !m_claimed[j] {
                after[anchor].push(mj);
            } else if m_deleted[j] {
                if let Some(id) = mj.get("id").and_then(Value::as_str) {
                    self.review.deleted.push(id.to_string());
                }
            }
        }
        let mut order: Vec<Slot> = Vec::new();
        let mut slots = slots.into_iter();
        for news in after {
            order.extend(news.into_iter().map(Slot::New));
            if let Some(s) = slots.next() {
                order.push(s);
            }
        }

        let mut merged = Vec::with_capacity(order.len());
        for (k, slot) in order.into_iter().enumerate() {
            let here = format!("{out}/{k}");
            match slot {
                Slot::New(mj) => {
                    if let Some(id) = mj.get("id").and_then(Value::as_str) {
                        self.review.new_since_review.push(id.to_string());
                    }
                    merged.push(mj.clone());
                }
                Slot::Kept {
                    at,
                    r: ri,
                    b: bi,
                    m: mi,
                } => {
                    let there = format!("{rev}/{at}");
                    let first_conflict = self.review.conflicts.len();
                    self.moves.insert(there.clone(), here.clone());
                    let v = match (bi, mi) {
                        (Some(_), None) => {
                            // Edited by the reviewer, no longer found by the machine.
                            self.conflict(&here, bi, Some(ri), None);
                            ri.clone()
                        }
                        _ => self
                            .value(bi, Some(ri), mi, &here, &there)
                            .unwrap_or_else(|| ri.clone()),
                    };
                    // Conflicts inside the item name it (the innermost item with an id).
                    if let Some(id) = v.get("id").and_then(Value::as_str) {
                        for c in &mut self.review.conflicts[first_conflict..] {
                            c.item.get_or_insert_with(|| id.to_string());
                        }
                    }
                    merged.push(v);
                }
            }
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(measures: Value, glossary: Value) -> Value {
        json!({
            "schema_version": "1",
            "generator": {"name": "keikaku", "version": "1"},
            "source": {"path": "p.txt"},
            "document": {"title": "T"},
            "measures": measures,
            "glossary": glossary,
        })
    }

    fn m(id: &str, title: &str, code: &str) -> Value {
        json!({"id": id, "kind": "plan", "title": title, "status": {"text": "x", "code": code}})
    }

    #[test]
    fn an_untouched_output_becomes_the_machine_output() {
        let base = doc(json!([m("m-1", "A", "implemented")]), json!([]));
        let mut machine = doc(json!([m("m-1", "A", "completed")]), json!([]));
        machine["generator"]["version"] = json!("2");
        let mut reviewer = base.clone();
        reviewer["generator"]["version"] = json!("0");
        let merged = merge(Some(&base), &reviewer, &machine);
        assert!(!merged.edited);
        assert_eq!(merged.value, machine);
    }

    #[test]
    fn fields_merge_one_by_one_and_a_double_change_is_a_conflict() {
        let base = doc(
            json!([m("m-1", "A", "implemented"), m("m-2", "B", "implemented")]),
            json!([]),
        );
        let machine = doc(
            json!([m("m-1", "A2", "completed"), m("m-2", "B", "completed")]),
            json!([]),
        );
        let mut reviewer = base.clone();
        reviewer["measures"][0]["status"]["code"] = json!("studied_only");
        reviewer["measures"][1]["title"] = json!("B fixed");
        let merged = merge(Some(&base), &reviewer, &machine);
        let v = &merged.value;
        assert_eq!(v["measures"][0]["title"], "A2", "machine change taken");
        assert_eq!(v["measures"][0]["status"]["code"], "studied_only");
        assert_eq!(v["measures"][1]["title"], "B fixed");
        assert_eq!(v["measures"][1]["status"]["code"], "completed");
        assert_eq!(
            merged.review.conflicts,
            vec![Conflict {
                pointer: "/measures/0/status/code".into(),
                item: Some("m-1".into()),
                base: json!("implemented"),
                reviewer: json!("studied_only"),
                machine: json!("completed"),
            }]
        );
        assert_eq!(
            v["review"]["conflicts"][0]["pointer"],
            "/measures/0/status/code"
        );
    }

    #[test]
    fn deleted_added_and_new_items() {
        let base = doc(
            json!([m("m-1", "A", "x"), m("m-2", "B", "x"), m("m-3", "C", "x")]),
            json!([]),
        );
        // The machine renumbers m-3 (same title), finds m-4 and loses m-1.
        let machine = doc(
            json!([m("m-2", "B", "x"), m("m-4", "D", "x"), m("m-33", "C", "y")]),
            json!([]),
        );
        let mut reviewer = base.clone();
        reviewer["measures"].as_array_mut().unwrap().remove(1);
        reviewer["measures"]
            .as_array_mut()
            .unwrap()
            .push(m("mine", "Z", "x"));
        let merged = merge(Some(&base), &reviewer, &machine);
        let titles: Vec<&str> = merged.value["measures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, ["D", "C", "Z"]);
        assert_eq!(merged.value["measures"][1]["id"], "m-33");
        assert_eq!(merged.value["measures"][1]["status"]["code"], "y");
        assert_eq!(merged.review.deleted, ["m-2"]);
        assert_eq!(merged.review.new_since_review, ["m-4"]);
        assert!(merged.review.conflicts.is_empty());
    }

    #[test]
    fn references_to_a_deleted_item_go_with_it() {
        let base = doc(
            json!([m("m-1", "A", "x"), m("m-2", "B", "x")]),
            json!([{"id": "g-1", "term": "T", "mentions": ["m-1", "m-2"]}]),
        );
        let mut machine = base.clone();
        machine["measures"][1]["parent"] = json!("m-1");
        machine["warnings"] = json!([{"code": "c", "item": "m-1"}]);
        let mut reviewer = base.clone();
        reviewer["measures"].as_array_mut().unwrap().remove(0);
        let merged = merge(Some(&base), &reviewer, &machine);
        let v = &merged.value;
        assert_eq!(merged.review.deleted, ["m-1"]);
        assert_eq!(v["glossary"][0]["mentions"], json!(["m-2"]));
        assert_eq!(v["measures"][0]["parent"], Value::Null);
        assert_eq!(v["warnings"][0], json!({"code": "c"}));
    }

    #[test]
    fn an_edited_item_the_machine_lost_stays_with_a_conflict() {
        let base = doc(json!([m("m-1", "A", "x")]), json!([]));
        let machine = doc(json!([]), json!([]));
        let mut reviewer = base.clone();
        reviewer["measures"][0]["status"]["code"] = json!("y");
        let merged = merge(Some(&base), &reviewer, &machine);
        assert_eq!(merged.value["measures"], reviewer["measures"]);
        assert_eq!(merged.review.conflicts[0].pointer, "/measures/0");
        assert_eq!(merged.review.conflicts[0].machine, Value::Null);
    }

    #[test]
    fn without_a_base_every_difference_is_the_reviewers_with_a_conflict() {
        let old = doc(json!([m("m-1", "A", "x")]), json!([]));
        let machine = doc(json!([m("m-1", "A", "y"), m("m-2", "B", "x")]), json!([]));
        let merged = merge(None, &old, &machine);
        assert_eq!(merged.value["measures"][0]["status"]["code"], "x");
        assert_eq!(merged.review.conflicts.len(), 1);
        assert_eq!(merged.review.new_since_review, ["m-2"]);
        // The same file as the machine's is no edit.
        assert!(!merge(None, &machine, &machine).edited);
    }

    #[test]
    fn review_entries_stay_until_the_reviewer_removes_them_and_follow_their_item() {
        let base = doc(json!([m("m-1", "A", "x"), m("m-2", "B", "x")]), json!([]));
        let machine = doc(json!([m("m-1", "A", "x"), m("m-2", "B", "z")]), json!([]));
        let mut reviewer = base.clone();
        reviewer["measures"][1]["status"]["code"] = json!("y");
        let first = merge(Some(&base), &reviewer, &machine);
        assert_eq!(first.review.conflicts[0].pointer, "/measures/1/status/code");

        // Re-run on the same machine output, the reviewer having deleted m-1: the
        // conflict follows its item.
        let mut reviewed = first.value.clone();
        reviewed["measures"].as_array_mut().unwrap().remove(0);
        let second = merge(Some(&machine), &reviewed, &machine);
        assert_eq!(second.review.conflicts.len(), 1);
        assert_eq!(
            second.review.conflicts[0].pointer,
            "/measures/0/status/code"
        );
        assert_eq!(second.review.conflicts[0].machine, json!("z"));
        assert_eq!(second.review.deleted, ["m-1"]);

        // Resolved: the reviewer removes the entry.
        let mut resolved = second.value.clone();
        resolved["review"]["conflicts"] = json!([]);
        let third = merge(Some(&machine), &resolved, &machine);
        assert!(third.review.conflicts.is_empty());
        assert_eq!(third.value["measures"][0]["status"]["code"], "y");
    }
}
