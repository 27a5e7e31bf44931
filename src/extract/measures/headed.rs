//! Numbered items under a heading that names measures: a short line such as `重点取組項目`
//! or `主な施策` (words under `heading` in `dictionaries/measure_shapes.tsv`), perhaps a
//! line or two of prose, then `1 title`, `2 title` … numbered from 1 in one style. The
//! items are the measures; the heading is not.
//!
//! Key-value bullets (`・方針:…`) and field lists are not numbered and are never read.

use super::super::Input;
use super::candidate::{Candidate, Enumerated, enumerated_block, has_word, title_like, weight};
use crate::segment::{Block, BlockKind};

/// Whether a block heads a numbered list of measures.
fn is_head(b: &Block, max_chars: usize) -> bool {
    if matches!(b.kind, BlockKind::Row(_) | BlockKind::ListItem) {
        return false;
    }
    let text = match &b.kind {
        BlockKind::Heading(h) => h.title.as_str(),
        BlockKind::Label(l) => l.as_str(),
        _ => b.text.as_str(),
    };
    if title_like(text, max_chars) {
        return has_word(text, "heading") && !has_word(text, "heading_not");
    }
    // A heading glued to the sentence after it by line rejoining: `主な取組以下の…。`.
    glued_head(text, max_chars).is_some_and(|h| !has_word(h, "heading_not"))
}

/// The heading a line starts with, when a heading word ends within `max_chars` and no
/// punctuation comes before it.
fn glued_head(text: &str, max_chars: usize) -> Option<&str> {
    let end = crate::vocab::measure_shapes()
        .find("heading", text)
        .map(|m| m.end())
        .min()?;
    let head = &text[..end];
    (head.chars().count() <= max_chars && !head.contains(['。', '、', ',', ' '])).then_some(head)
}

/// Proposes the items of every headed numbered list.
pub(super) fn detect(input: &Input<'_>) -> Vec<Candidate> {
    let blocks = &input.segmented.blocks;
    let max_head = weight("heading_max_chars") as usize;
    let between = weight("heading_prose_between") as usize;
    let min_items = weight("heading_min_items") as usize;
    let max_title = weight("toc_max_chars") as usize;
    let score = weight("score.headed");
    let mut out = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let head = &blocks[i];
        i += 1;
        if !is_head(head, max_head) {
            continue;
        }
        // Skip a little prose (sentences) to the first item, numbered 1.
        let mut j = i;
        while j < blocks.len()
            && j - i < between
            && enumerated_block(input, &blocks[j]).is_none()
            && blocks[j].text.contains('。')
        {
            j += 1;
        }
        let mut items = Vec::new();
        while let Some((e, title, range)) = blocks.get(j).and_then(|b| enumerated_block(input, b)) {
            let next = items
                .last()
                .map_or(1, |(p, _, _): &(Enumerated, _, _)| p.value + 1);
            let same_kind = items.first().is_none_or(|(f, _, _)| f.kind == e.kind);
            if e.value != next || !same_kind || !title_like(&title, max_title) {
                break;
            }
            items.push((e, title, range));
            j += 1;
            // An item may have a sentence or two of description before the next one.
            let mut k = j;
            while k < blocks.len()
                && k - j < between
                && enumerated_block(input, &blocks[k]).is_none()
                && blocks[k].text.contains('。')
            {
                k += 1;
            }
            let next_follows = blocks
                .get(k)
                .and_then(|b| enumerated_block(input, b))
                .is_some_and(|(n, _, _)| n.kind == e.kind && n.value == e.value + 1);
            if next_follows {
                j = k;
            }
        }
        if items.len() < min_items {
            continue;
        }
        for (_, title, range) in items {
            out.push(Candidate {
                title,
                range,
                region: head.range.start,
                score,
                detector: "headed",
                shape: "numbered items under a measure heading",
                category: None,
            });
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_glued_to_a_sentence() {
        assert_eq!(
            glued_head("重点施策次の4つに取り組みます。", 20),
            Some("重点施策")
        );
        assert_eq!(glued_head("本市は、主な取組として次を行います。", 20), None);
    }
}
