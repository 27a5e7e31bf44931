//! Numbered items under a heading that names measures: a short line such as `重点取組項目`
//! or `主な施策` (words under `heading` in `dictionaries/measure_shapes.tsv`), perhaps a
//! line or two of prose, then `1 title`, `2 title` … numbered from 1 in one style. The
//! items are the measures; the heading is not.
//!
//! A document may number its measures straight through several such lists (`(1)`–`(11)`
//! under one heading, `(12)`–`(16)` under the next): a list may start where the one
//! before it ended. PDF text shapes are read too: an enumerator alone on its line with
//! the title on the next (`(3)` / `title`), and a full-width title wrapped onto a short
//! next line (`…を実` / `現`), which is joined back. So are flattened lines: a heading
//! standing after a space inside a line heads the list, and a plan's name run onto the
//! last item after a space (the running title that followed the list) is cut off.
//!
//! Key-value bullets (`・方針:…`) and field lists are not numbered and are never read.

use super::super::Input;
use super::candidate::{Candidate, Enumerated, Features, has_word, title_like, weight};
use crate::segment::{Block, BlockKind};

/// Whether a block heads a numbered list of measures.
fn is_head(b: &Block, max_chars: usize) -> bool {
    match &b.kind {
        BlockKind::Row(_) => return false,
        BlockKind::ListItem => return spaced_head(&b.text, max_chars),
        _ => {}
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
        || spaced_head(text, max_chars)
}

/// Whether a heading stands inside a line after a space, as a line flattened by an
/// extractor holds it (`・推進基盤:推進基盤 重点取組項目 以下の…。`): a word of the
/// line, not its first, that is a heading on its own.
fn spaced_head(text: &str, max_chars: usize) -> bool {
    text.split_whitespace().skip(1).any(|w| {
        title_like(w, max_chars)
            && !w.contains(['、', ',', ':', '：'])
            && has_word(w, "heading")
            && !has_word(w, "heading_not")
    })
}

/// The title of a list's last item without a plan's name run onto it after a space
/// (`強化 第2期DX推進計画`: the running title that followed the list on its own line,
/// flattened into the item's). `None` when there is no such tail.
fn without_plan_name(title: &str) -> Option<&str> {
    let (head, tail) = title.rsplit_once(char::is_whitespace)?;
    let head = head.trim_end();
    let min = weight("plan_name_min_chars") as usize;
    let named = tail.chars().count() >= min
        && crate::vocab::measure_shapes()
            .list("plan_name_suffix")
            .iter()
            .any(|s| tail.ends_with(s.as_str()));
    (named && head.chars().count() >= min && !head.ends_with(['、', ','])).then_some(head)
}

/// The heading a line starts with, when a heading word ends within `max_chars` and no
/// punctuation comes before it.
fn glued_head(text: &str, max_chars: usize) -> Option<&str> {
    // The heading can only be within the first `max_chars` characters and before any
    // punctuation, so only that part is searched (a paragraph is not read through).
    let mut limit = text.len();
    for (n, (i, c)) in text.char_indices().enumerate() {
        if n == max_chars || matches!(c, '。' | '、' | ',' | ' ') {
            limit = i;
            break;
        }
    }
    let end = crate::vocab::measure_shapes()
        .first("heading", &text[..limit])?
        .end();
    Some(&text[..end])
}

/// Whether a block is debris a PDF leaves between items: a few Latin letters or digits
/// alone (a lost ligature's `fi`, a page number the furniture reader did not take).
fn is_debris(b: &Block, max_chars: usize) -> bool {
    let t = b.text.trim();
    !t.is_empty() && t.chars().count() <= max_chars && t.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The numbered item at block `j`: its enumerator, title, the title's range and how
/// many blocks it takes — one, or two when the enumerator stands alone on its line and
/// the title is the next block (as PDF text often has it).
fn item_at(
    input: &Input<'_>,
    features: &Features,
    j: usize,
) -> Option<(Enumerated, String, std::ops::Range<usize>, usize)> {
    let blocks = &input.segmented.blocks;
    let b = blocks.get(j)?;
    if let Some((e, title, range)) = features.enumerated(input, j) {
        return Some((e, title, range, 1));
    }
    let bare = b.text.trim();
    if matches!(b.kind, BlockKind::Row(_)) || bare.chars().count() > 4 {
        return None;
    }
    let e =
        super::candidate::enumerated(&format!("{bare}x")).filter(|e| e.title_at == bare.len())?;
    let next = blocks.get(j + 1)?;
    if matches!(next.kind, BlockKind::Row(_)) || features.is_enumerated(j + 1) {
        return None;
    }
    let text = &input.normalized.text[next.range.clone()];
    let title = text.trim();
    let start = next.range.start + (text.len() - text.trim_start().len());
    Some((e, title.to_string(), start..start + title.len(), 2))
}

/// Proposes the items of every headed numbered list.
pub(super) fn detect(input: &Input<'_>, features: &Features) -> Vec<Candidate> {
    let blocks = &input.segmented.blocks;
    let max_head = weight("heading_max_chars") as usize;
    let between = weight("heading_prose_between") as usize;
    let min_items = weight("heading_min_items") as usize;
    let max_title = weight("heading_item_max_chars") as usize;
    let score = weight("score.headed");
    let wrap_max = weight("heading_wrap_max_chars") as usize;
    let wrapped_min = weight("heading_wrapped_min_chars") as usize;
    let debris_max = weight("heading_debris_max_chars") as usize;
    let mut out = Vec::new();
    // The last number of the list before, which the next list may continue.
    let mut last_value: Option<u32> = None;
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
            && item_at(input, features, j).is_none()
            && blocks[j].text.contains('。')
        {
            j += 1;
        }
        let mut items = Vec::new();
        while let Some((e, mut title, mut range, used)) = item_at(input, features, j) {
            let next = items
                .last()
                .map_or(1, |(p, _, _): &(Enumerated, _, _)| p.value + 1);
            let continued = items.is_empty() && last_value.is_some_and(|v| e.value == v + 1);
            let same_kind = items.first().is_none_or(|(f, _, _)| f.kind == e.kind);
            if (e.value != next && !continued) || !same_kind || !title_like(&title, max_title) {
                break;
            }
            j += used;
            // A title that filled its line, wrapped onto a short fragment.
            if let Some(b) = blocks.get(j) {
                let frag = b.text.trim();
                if title.chars().count() >= wrapped_min
                    && !frag.is_empty()
                    && frag.chars().count() <= wrap_max
                    && !frag.contains(['。', '、'])
                    && frag.chars().any(char::is_alphanumeric)
                    && item_at(input, features, j).is_none()
                    && !is_debris(b, debris_max)
                    && !input.normalized.text[range.end..b.range.start].contains("\n\n")
                    && !matches!(
                        b.kind,
                        BlockKind::Heading(_) | BlockKind::Row(_) | BlockKind::Label(_)
                    )
                {
                    title.push_str(frag);
                    range.end = b.range.end;
                    j += 1;
                }
            }
            items.push((e, title, range));
            // An item may have a sentence or two of description before the next one.
            let mut k = j;
            while k < blocks.len()
                && ((k - j < between
                    && !features.is_enumerated(k)
                    && blocks[k].text.contains('。'))
                    || is_debris(&blocks[k], debris_max))
            {
                k += 1;
            }
            let next_follows = item_at(input, features, k)
                .is_some_and(|(n, _, _, _)| n.kind == e.kind && n.value == e.value + 1);
            if next_follows {
                j = k;
            }
        }
        if items.len() < min_items {
            continue;
        }
        last_value = items.last().map(|(e, _, _)| e.value);
        if let Some((_, title, range)) = items.last_mut() {
            if let Some(head) = without_plan_name(title) {
                // The title may hold a wrapped fragment joined on: the tail is looked
                // for in the text, where it ends the range.
                let tail = title[head.len()..].trim_start();
                let text = &input.normalized.text[range.clone()];
                if let Some(k) = text.rfind(tail) {
                    range.end = range.start + text[..k].trim_end().len();
                    *title = head.to_string();
                }
            }
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
                status: None,
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
        assert!(spaced_head(
            "・推進基盤:推進基盤 重点取組項目 以下の3項目です。",
            20
        ));
        assert!(!spaced_head("重点取組項目", 20));
        assert!(!spaced_head(
            "・方針:市民本位 重点施策の評価 以下のとおり。",
            20
        ));
    }

    #[test]
    fn a_plan_name_run_onto_the_last_item_is_cut_off() {
        assert_eq!(
            without_plan_name("DX推進基盤の強化 第2期市DX推進計画"),
            Some("DX推進基盤の強化")
        );
        assert_eq!(without_plan_name("DX推進基盤の強化"), None);
        assert_eq!(without_plan_name("情報化計画の策定 実施計画"), None);
        assert_eq!(glued_head("本市は、主な取組として次を行います。", 20), None);
    }
}
