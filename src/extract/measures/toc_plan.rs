//! The action-plan section of a table of contents: under a top section (`§4`, `第4章`, a
//! line `4 title`) whose title names an action plan (`action_section` in
//! `dictionaries/measure_shapes.tsv`: 実行計画, アクションプラン …), its `4.1 title`
//! entries are measures. The entries of other sections (背景, 現状と課題 …) are not.
//!
//! Works on contents flattened into one line as well as one entry a line: the text is
//! cut at enumerator anchors (`§N`, `第N章`, `N.N`, `(N)`), and the page number after a
//! title ends it. An entry without a page number is read only when it is a line of its
//! own (a heading).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::super::Input;
use super::candidate::{Candidate, Features, has_word, title_like, weight};
use crate::segment::BlockKind;

/// An anchor found in a line: top section (number) or entry (major, minor), with the
/// range of the text after it up to the next anchor.
#[derive(Debug, PartialEq)]
enum Anchor {
    Top(u32),
    Entry(u32, u32),
    Other,
}

fn anchors(text: &str) -> Vec<(Anchor, Range<usize>)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Every anchor has a digit: a text without one (most prose) has none to search for.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?:^|\s)(?:§\s*(?P<sec>[0-9]{1,2})|第(?P<ch>[0-9]{1,2})章|(?P<maj>[0-9]{1,2})\.(?P<min>[0-9]{1,2})|\((?P<par>[0-9]{1,2})\))\s*",
        )
        .expect("contents anchor regex")
    });
    let found: Vec<(Anchor, usize, usize)> = re
        .captures_iter(text)
        .filter_map(|c| {
            let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
            let all = c.get(0)?;
            let anchor = if let Some(n) = num("sec").or(num("ch")) {
                Anchor::Top(n)
            } else if let (Some(a), Some(b)) = (num("maj"), num("min")) {
                Anchor::Entry(a, b)
            } else {
                Anchor::Other
            };
            Some((anchor, all.start(), all.end()))
        })
        .collect();
    let mut out = Vec::new();
    let mut iter = found.into_iter().peekable();
    while let Some((a, _, end)) = iter.next() {
        let next = iter.peek().map_or(text.len(), |n| n.1);
        out.push((a, end..next.max(end)));
    }
    out
}

/// The title of an entry's text and whether a page number ended it.
fn entry_title(text: &str) -> (&str, bool) {
    static PAGE: OnceLock<Regex> = OnceLock::new();
    let page =
        PAGE.get_or_init(|| Regex::new(r"\s+[0-9]{1,3}(?:\s|$)").expect("contents page regex"));
    match page.find(text) {
        Some(m) => (text[..m.start()].trim(), true),
        None => (text.trim(), false),
    }
}

/// A line `4 title` that is a top section of its own.
fn plain_top(text: &str) -> Option<(u32, usize)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let c = RE
        .get_or_init(|| Regex::new(r"^([0-9]{1,2})\s+\S").expect("top regex"))
        .captures(text)?;
    Some((c[1].parse().ok()?, c.get(1)?.end()))
}

/// Proposes the entries of action-plan sections.
pub(super) fn detect(input: &Input<'_>, _: &Features) -> Vec<Candidate> {
    let max_chars = weight("toc_max_chars") as usize;
    let (paged, heading) = (weight("score.toc_paged"), weight("score.toc_heading"));
    let mut out = Vec::new();
    // The action-plan section being read: its number and where it starts.
    let mut action: Option<(u32, usize)> = None;
    for b in &input.segmented.blocks {
        if matches!(b.kind, BlockKind::Row(_)) {
            continue;
        }
        let text = &input.normalized.text[b.range.clone()];
        if let Some((n, at)) = plain_top(text) {
            let (title, _) = entry_title(&text[at..]);
            if !text[at..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
            {
                action = (title_like(title, max_chars) && has_word(title, "action_section"))
                    .then_some((n, b.range.start));
            }
        }
        let found = anchors(text);
        for (a, r) in &found {
            let (title, had_page) = entry_title(&text[r.clone()]);
            match a {
                Anchor::Top(n) => {
                    action = (title_like(title, max_chars) && has_word(title, "action_section"))
                        .then_some((*n, b.range.start + r.start));
                }
                Anchor::Entry(major, _) => {
                    let Some((_, region)) = action.filter(|(s, _)| s == major) else {
                        continue;
                    };
                    // Without a page number, only a line that is this entry alone.
                    let alone = found.len() == 1 && r.end == text.len();
                    if !title_like(title, max_chars) || !(had_page || alone) {
                        continue;
                    }
                    let at = b.range.start + r.start;
                    out.push(Candidate {
                        title: title.to_string(),
                        range: at..at + title.len(),
                        region,
                        score: if had_page { paged } else { heading },
                        detector: "toc_plan",
                        shape: "entry of an action-plan section",
                        category: None,
                        status: None,
                    });
                }
                Anchor::Other => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_and_titles() {
        let t = "§2 計画の概要 4 2.1 趣旨 4 (1) 範囲 5 §3 実行計画 6 3.1 窓口の改善 6";
        assert_eq!(anchors(t).len(), 5);
        let (a, r) = &anchors(t)[3];
        assert_eq!(*a, Anchor::Top(3));
        assert_eq!(entry_title(&t[r.clone()]), ("実行計画", true));
        assert_eq!(entry_title("窓口 の改善"), ("窓口 の改善", false));
    }
}
