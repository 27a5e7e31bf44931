//! Numbered items each followed by prose and a key-value line that carries the plan
//! category: `1. title` … `所管 部・課 方向性 継続` (labels under `kv_category_label` in
//! `dictionaries/measure_shapes.tsv`). Each item with such a line is a measure with that
//! category; the heading right above the first item (`② title`, `(2) title`), numbered in
//! another style, is the measure one level up, without a category.
//!
//! A category word inside an item's title (`…の継続実施`) is never read as its category:
//! only the value after a label is.

use super::super::Input;
use super::candidate::{Candidate, Enumerated, Features, title_like, weight};
use crate::model::Coded;
use crate::vocab;

/// The category of a key-value line: the word after a category label, when it is a
/// plan-category word.
fn kv_category(text: &str) -> Option<Coded> {
    let labels = vocab::measure_shapes().list("kv_category_label");
    // A line with a category label holds the label: most lines hold none.
    if !labels.iter().any(|l| text.contains(l.as_str())) {
        return None;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    // Longest labels first: `今後の方向性` before `方向性`.
    tokens.windows(2).find_map(|w| {
        let label = labels.iter().any(|l| w[0] == *l || w[0].ends_with(l));
        let code = vocab::categories().code(w[1])?;
        label.then(|| Coded {
            text: w[1].to_string(),
            code: code.to_string(),
        })
    })
}

/// Proposes the items with a category line, and the heading above them.
pub(super) fn detect(input: &Input<'_>, features: &Features) -> Vec<Candidate> {
    let blocks = &input.segmented.blocks;
    let window = weight("kv_window") as usize;
    let max_title = weight("toc_max_chars") as usize;
    let (score, parent_score) = (weight("score.kv_item"), weight("score.kv_parent"));
    let mut out = Vec::new();
    // The enumerator style of the run being read, and whether its parent was proposed.
    let mut run: Option<Enumerated> = None;
    for (i, b) in blocks.iter().enumerate() {
        let Some((e, title, range)) = features.enumerated(input, i) else {
            continue;
        };
        if !title_like(&title, max_title) {
            continue;
        }
        // The item's body: the blocks up to the next enumerated line, within the window.
        let category = (i + 1..blocks.len())
            .take(window)
            .take_while(|&n| !features.is_enumerated(n))
            .find_map(|n| kv_category(&blocks[n].text));
        let Some(category) = category else {
            if run.is_some_and(|r| r.kind != e.kind) {
                run = None;
            }
            continue;
        };
        let first = run.is_none_or(|r| r.kind != e.kind);
        if first {
            // The heading right above, numbered in another style, is one level up.
            let parent = i
                .checked_sub(1)
                .and_then(|p| features.enumerated(input, p))
                .filter(|(pe, pt, _)| pe.kind != e.kind && title_like(pt, max_title));
            if let Some((_, pt, pr)) = parent {
                out.push(Candidate {
                    title: pt,
                    range: pr.clone(),
                    region: pr.start,
                    score: parent_score,
                    detector: "kv_items",
                    shape: "heading above items with category lines",
                    category: None,
                    status: None,
                });
            }
        }
        run = Some(e);
        out.push(Candidate {
            title,
            range,
            region: b.range.start,
            score,
            detector: "kv_items",
            shape: "numbered item with a key-value category line",
            category: Some(category),
            status: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_after_its_label_only() {
        let c = kv_category("担当 企画部・広報課 方向性 拡充").unwrap();
        assert_eq!((c.text.as_str(), c.code.as_str()), ("拡充", "expanded"));
        assert_eq!(kv_category("研修を継続 実施する"), None);
        assert_eq!(kv_category("方向性 検討中"), None);
    }
}
