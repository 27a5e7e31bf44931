//! Measures quoted in prose that reviews a goal: a paragraph that names one of the plan's
//! listed goals in quotes (`目標①「goal」については、「measure A」で…「measure B」において…`)
//! quotes the measures under that goal. The goal is recognised by a goal word and an
//! enumerator right before its quote (`goal_ref` in `dictionaries/measure_shapes.tsv`);
//! a quote naming a title the document lists as an enumerated item is never a measure.
//!
//! Other quotes of such a paragraph are measures unless they are listed items themselves
//! or name a plan, a body or a slogan (`quote_not_suffix`).

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use super::super::Input;
use super::candidate::{Candidate, Features, title_key, title_like, weight};
use crate::segment::BlockKind;
use crate::vocab;

/// The quotes of a text: the range of each quoted text.
fn quotes(text: &str) -> Vec<std::ops::Range<usize>> {
    static RE: OnceLock<Regex> = OnceLock::new();
    // The quoted text is the match without its brackets (one character each): found
    // without captures, which cost more than the search.
    let open = '「'.len_utf8();
    let close = '」'.len_utf8();
    if memchr::memmem::find(text.as_bytes(), "「".as_bytes()).is_none() {
        return Vec::new();
    }
    RE.get_or_init(|| Regex::new(r"「[^「」]{2,60}」").expect("quote regex"))
        .find_iter(text)
        .map(|m| m.start() + open..m.end() - close)
        .collect()
}

/// How many characters before a quote can hold a goal reference (a word of up to six
/// characters, spaces and a number).
const GOAL_REF_TAIL_CHARS: usize = 24;

/// Whether the text right before a quote refers to a goal (`目標①`, `基本目標2`).
fn goal_ref(before: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"([^\s、。]{1,6}?)\s*(?:[①-⑳]|[0-9]{1,2}|[(][0-9]{1,2}[)])\s*$")
            .expect("goal reference regex")
    });
    // The reference is a few characters: only the end of the text before is read.
    let tail = before
        .char_indices()
        .rev()
        .nth(GOAL_REF_TAIL_CHARS - 1)
        .map_or(before, |(i, _)| &before[i..]);
    re.captures(tail).is_some_and(|c| {
        vocab::measure_shapes()
            .list("goal_ref")
            .iter()
            .any(|w| c[1].ends_with(w))
    })
}

/// Proposes the measures quoted in paragraphs about a listed goal.
pub(super) fn detect(input: &Input<'_>, features: &Features) -> Vec<Candidate> {
    let blocks = &input.segmented.blocks;
    let max_title = weight("toc_max_chars") as usize;
    let score = weight("score.quoted");
    // The titles of enumerated items: the plan's listed goals and policies.
    let listed: HashSet<String> = (0..blocks.len())
        .filter_map(|i| features.enumerated(input, i).map(|(_, t, _)| title_key(&t)))
        .collect();
    let not_suffix = vocab::measure_shapes().list("quote_not_suffix");
    let mut out = Vec::new();
    for b in blocks {
        if !matches!(b.kind, BlockKind::Paragraph) {
            continue;
        }
        let text = &input.normalized.text[b.range.clone()];
        let qs = quotes(text);
        let is_goal = |r: &std::ops::Range<usize>| goal_ref(&text[..r.start - "「".len()]);
        if !qs.iter().any(is_goal) {
            continue;
        }
        let listed_item =
            |r: &&std::ops::Range<usize>| listed.contains(&title_key(&text[(*r).clone()]));
        for r in qs
            .iter()
            .filter(|r| !is_goal(r))
            .filter(|r| !listed_item(r))
        {
            let title = &text[r.clone()];
            let key = title_key(title);
            if !title_like(title, max_title) || not_suffix.iter().any(|s| key.ends_with(s)) {
                continue;
            }
            let start = b.range.start + r.start;
            out.push(Candidate {
                title: title.to_string(),
                range: start..start + title.len(),
                region: b.range.start,
                score,
                detector: "quoted",
                shape: "quoted in a paragraph reviewing a listed goal",
                category: None,
                status: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_goal_references() {
        let t = "基本目標2「安心なまち」では「防災メールの配信」を行った。";
        let q = quotes(t);
        assert_eq!(q.len(), 2);
        assert!(goal_ref(&t[..q[0].start - "「".len()]));
        assert!(!goal_ref(&t[..q[1].start - "「".len()]));
    }
}
