//! Stage 7, check: records → warnings.
//!
//! Cross-checks that need more than one record: words that fell outside the
//! vocabularies, years and numbers no plan can mean ([`plausible`]), and a document
//! that does not look like a plan at all.
//!
//! Each warning carries the id of the record it is about and no line number in its
//! message (its span says where).
//!
//! This module reports; it never changes a record to make it agree with another.

mod plausible;

use crate::extract::Records;
use crate::model::Warning;

/// Warnings about the records as a whole.
pub fn check(records: &Records) -> Vec<Warning> {
    let mut out = Vec::new();
    for m in &records.measures {
        if let Some(s) = m.status.as_ref().filter(|s| s.code == "other") {
            out.push(Warning {
                code: "unknown_status".into(),
                message: format!(
                    "status {:?} of measure {:?} is not in dictionaries/status.tsv",
                    s.text, m.title
                ),
                item: Some(m.id.clone()),
                span: Some(m.span),
            });
        }
        if let Some(c) = m.category.as_ref().filter(|c| c.code == "other") {
            out.push(Warning {
                code: "unknown_category".into(),
                message: format!(
                    "category {:?} of measure {:?} is not in dictionaries/category.tsv",
                    c.text, m.title
                ),
                item: Some(m.id.clone()),
                span: Some(m.span),
            });
        }
    }
    if records.metadata.title.is_none() {
        out.push(Warning {
            code: "no_title".into(),
            message: "no plan title found in the front matter".into(),
            item: None,
            span: None,
        });
    }
    out.extend(plausible::check(records));
    out
}

/// Whether the records look like a plan: a title naming a plan, any measures,
/// priorities, indicators or glossary entries, or a word of
/// `dictionaries/plan_words.txt` in the text.
pub fn looks_like_a_plan(records: &Records, text: &str) -> bool {
    records.metadata.title.is_some()
        || !records.measures.is_empty()
        || !records.priorities.is_empty()
        || !records.indicators.is_empty()
        || !records.glossary.is_empty()
        || crate::vocab::plan_words()
            .iter()
            .any(|w| text.contains(w.as_str()))
}
