//! Numbered headings under a chapter of measures: a chapter heading (`第4章 施策の展開`)
//! whose title names measures (`chapter_word` in `dictionaries/measure_shapes.tsv`, unless
//! a `chapter_not` word such as 概要 or 推進体制 says otherwise), then goal lines
//! (`基本目標1 …`, `goal_word`) and numbered headings `(1) title`, `1 title`, `① title`.
//! Numbered contents entries (with leaders or a page number) are skipped. The numbered
//! headings of one style are the measures: the first style of the chapter
//! that is not only a grouping (a level whose every item is directly followed by a
//! heading of another style). Prose, labels (【主な取組】) and `・` bullets are not read.
//!
//! Also headings named by a measure word and a number anywhere (`施策1 title`,
//! `取組２：title`, `item_word`), in the body or in a table of contents, where dot
//! leaders and the page number are cut off. The resolver keeps one of each title.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::super::Input;
use super::candidate::{Candidate, Enum, Features, enumerated, has_word, title_like, weight};
use crate::segment::BlockKind;

/// A line without its table-of-contents leaders and page number (`title …… 12`).
fn strip_leaders(text: &str) -> &str {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re =
        RE.get_or_init(|| Regex::new(r"\s*[…‥・.．·]{2,}\s*[0-9]{1,3}\s*$").expect("leader regex"));
    match re.find(text) {
        Some(m) => text[..m.start()].trim_end(),
        None => text.trim_end(),
    }
}

/// A chapter heading's title (`第4章 施策の展開` → `施策の展開`) and where it starts.
fn chapter(text: &str) -> Option<&str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    if !text.starts_with('第') {
        return None;
    }
    let re = RE.get_or_init(|| Regex::new(r"^第\s*[0-9]{1,2}\s*章\s*").expect("chapter regex"));
    re.find(text).map(|m| &text[m.end()..])
}

/// A heading named by a measure word and a number: where its title starts.
fn worded(text: &str) -> Option<usize> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(\S{1,6}?)\s*[0-9]{1,2}\s*(?:[：:．.]\s*|\s+)\S").expect("worded regex")
    });
    let listed = crate::vocab::measure_shapes().list("item_word");
    // The word the regex captures starts the line: a line starting with no listed word
    // is turned away before the regex builds its captures.
    if !listed.iter().any(|w| text.starts_with(w.as_str())) {
        return None;
    }
    let c = re.captures(text)?;
    let word = c.get(1)?.as_str();
    if !listed.iter().any(|w| w == word) {
        return None;
    }
    let m = c.get(0)?;
    Some(m.end() - text[..m.end()].chars().last()?.len_utf8())
}

/// Whether a line ends in a page number after a space (`1 計画の期間 3`).
fn ends_in_page(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\s[0-9]{1,3}$").expect("page regex"))
        .is_match(text)
}

struct Item {
    kind: Option<Enum>,
    title: String,
    range: Range<usize>,
    block: usize,
}

/// Proposes numbered measures of measure chapters and worded measure headings.
pub(super) fn detect(input: &Input<'_>, _: &Features) -> Vec<Candidate> {
    let max_title = weight("toc_max_chars") as usize;
    let min_items = weight("chapter_min_items") as usize;
    let blocks = &input.segmented.blocks;
    // (region start, items) of each measure chapter, and worded items.
    let mut chapters: Vec<(usize, Vec<Item>)> = Vec::new();
    let mut worded_items: Vec<(usize, Item)> = Vec::new();
    let mut in_chapter = false;
    for (i, b) in blocks.iter().enumerate() {
        if matches!(b.kind, BlockKind::Row(_)) {
            continue;
        }
        let full = &input.normalized.text[b.range.clone()];
        let text = strip_leaders(full);
        if let Some(title) = chapter(text) {
            in_chapter = has_word(title, "chapter_word") && !has_word(title, "chapter_not");
            if in_chapter {
                chapters.push((b.range.start, Vec::new()));
            }
            continue;
        }
        let item = |at: usize, kind: Option<Enum>| {
            let title = text[at..].trim();
            let start = b.range.start + at;
            title_like(title, max_title).then(|| Item {
                kind,
                title: title.to_string(),
                range: start..start + title.len(),
                block: i,
            })
        };
        if let Some(at) = worded(text) {
            let region = chapters.last().filter(|_| in_chapter).map_or(0, |c| c.0);
            worded_items.extend(item(at, None).map(|it| (region, it)));
            continue;
        }
        if !in_chapter || has_word(text, "goal_word") || matches!(b.kind, BlockKind::ListItem) {
            continue;
        }
        // A numbered contents entry (leaders or a page number) is a section, not a measure.
        if text.len() != full.trim_end().len() || ends_in_page(text) {
            continue;
        }
        if let (Some(e), Some(ch)) = (enumerated(text), chapters.last_mut()) {
            ch.1.extend(item(e.title_at, Some(e.kind)));
        }
    }
    let mut out = Vec::new();
    let mut push = |it: Item, region: usize, score: f64, shape: &'static str| {
        out.push(Candidate {
            title: it.title,
            range: it.range,
            region,
            score,
            detector: "chapter_items",
            shape,
            category: None,
            status: None,
        })
    };
    let score = weight("score.chapter_item");
    for (region, items) in chapters {
        let Some(kind) = measure_level(&items) else {
            continue;
        };
        let level: Vec<Item> = items
            .into_iter()
            .filter(|it| it.kind == Some(kind))
            .collect();
        if level.len() < min_items {
            continue;
        }
        for it in level {
            push(
                it,
                region,
                score,
                "numbered heading in a chapter of measures",
            );
        }
    }
    if worded_items.len() >= min_items {
        let score = weight("score.worded_item");
        for (region, it) in worded_items {
            push(it, region, score, "heading named 施策N");
        }
    }
    out
}

/// The enumerator style of a chapter's measures: the first that is not only a grouping.
fn measure_level(items: &[Item]) -> Option<Enum> {
    let mut kinds: Vec<Enum> = Vec::new();
    for it in items {
        if let Some(k) = it.kind.filter(|k| !kinds.contains(k)) {
            kinds.push(k);
        }
    }
    let grouping = |k: Enum| {
        items.iter().enumerate().all(|(n, it)| {
            it.kind != Some(k)
                || items
                    .get(n + 1)
                    .is_some_and(|next| next.block == it.block + 1 && next.kind != Some(k))
        })
    };
    kinds.iter().copied().find(|k| !grouping(*k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaders_and_worded_headings() {
        assert_eq!(
            strip_leaders("施策1 窓口の改善 …………… 12"),
            "施策1 窓口の改善"
        );
        assert_eq!(strip_leaders("窓口の改善"), "窓口の改善");
        assert_eq!(
            worded("施策2: 窓口の改善").map(|a| &"施策2: 窓口の改善"[a..]),
            Some("窓口の改善")
        );
        assert!(worded("取組 3 窓口の改善").is_some());
        assert_eq!(worded("基本施策1 窓口"), None);
        assert_eq!(chapter("第4章 施策の展開"), Some("施策の展開"));
    }
}
