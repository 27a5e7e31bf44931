//! Vocabulary a reviewer may have typed that keikaku does not know: a measure's
//! `status.text` or `category.text` that is neither a word of `dictionaries/status.tsv`
//! / `category.tsv` nor a mark of one of the document's legends. These are warnings:
//! the document may use a word the dictionaries lack. The codes themselves are checked
//! as enums by the schema.

use serde_json::Value;

use super::Finding;
use crate::vocab::{self, CodeList};

/// Warnings about status and category words.
pub fn check(doc: &Value) -> Vec<Finding> {
    let marks: Vec<&str> = doc
        .get("legends")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|l| l.get("marks")?.as_object())
        .flat_map(|m| m.keys().map(String::as_str))
        .collect();
    let mut out = Vec::new();
    let measures = doc.get("measures").and_then(Value::as_array);
    for (i, m) in measures.into_iter().flatten().enumerate() {
        let fields: [(&str, &CodeList, &str); 2] = [
            ("status", vocab::statuses(), "dictionaries/status.tsv"),
            ("category", vocab::categories(), "dictionaries/category.tsv"),
        ];
        for (field, list, file) in fields {
            let Some(text) = m.get(field).and_then(|c| c.get("text")?.as_str()) else {
                continue;
            };
            if !list.is_word(text) && !marks.contains(&text.trim()) {
                out.push(Finding::warning(
                    format!("/measures/{i}/{field}/text"),
                    format!("{field} word {text:?} is not in {file} nor a legend's mark"),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_words_are_warnings() {
        let doc = json!({
            "legends": [{"marks": {"◎": "達成"}}],
            "measures": [
                {"status": {"text": "概ね実施", "code": "mostly_implemented"}, "category": null},
                {"status": {"text": "◎", "code": "completed"}},
                {"status": {"text": "保留", "code": "other"}, "category": {"text": "継続", "code": "continued"}}
            ]
        });
        let found = check(&doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/measures/2/status/text");
        assert!(!found[0].error);
    }
}
