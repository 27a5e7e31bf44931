//! Stage 2, normalize: decoded text → normalized text plus an [`OffsetMap`] back to it.
//!
//! Every later stage reads the normalized text; every item they extract reports its
//! [`Span`] in the *source* through the map, so a reviewer sees the original words.
//! Rules are named ([`Rule`]) and each can be switched off; each pass rewrites the
//! whole text once and the maps of the passes are composed.
//!
//! This module is for making text uniform without changing what it says; it does not
//! interpret the text (no headings, no tables).

pub mod offsets;

use std::ops::Range;

pub use offsets::{MapBuilder, OffsetMap};

use crate::model::Span;

/// A normalization rule that can be switched on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// CRLF and CR line ends become LF.
    LineEnds,
    /// Full-width Latin letters, digits and punctuation become half-width (NFKC), with
    /// the Japanese exceptions (ranges, minus signs, circled numbers, rules, ¥).
    Width,
}

impl Rule {
    /// Every rule, in the order they run.
    pub const ALL: &'static [Rule] = &[Rule::LineEnds, Rule::Width];

    /// The rule's name, as `--explain` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Rule::LineEnds => "line-ends",
            Rule::Width => "width",
        }
    }
}

/// Normalizes text with a chosen set of rules.
#[derive(Debug, Clone)]
pub struct Normalizer {
    rules: Vec<Rule>,
}

impl Default for Normalizer {
    fn default() -> Self {
        Self {
            rules: Rule::ALL.to_vec(),
        }
    }
}

impl Normalizer {
    /// A normalizer running only `rules` (in their fixed order).
    pub fn with_rules(rules: &[Rule]) -> Self {
        Self {
            rules: Rule::ALL
                .iter()
                .copied()
                .filter(|r| rules.contains(r))
                .collect(),
        }
    }

    /// The rules this normalizer runs.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Normalizes `source`.
    pub fn normalize(&self, source: &str) -> Normalized {
        let mut text = source.to_string();
        let mut map = OffsetMap::identity(source.len());
        for rule in &self.rules {
            let (next, step) = apply(*rule, &text);
            map = map.then(&step);
            text = next;
        }
        Normalized {
            text,
            map,
            source_lines: line_starts(source),
        }
    }
}

fn apply(rule: Rule, text: &str) -> (String, OffsetMap) {
    match rule {
        Rule::LineEnds => line_ends(text),
        Rule::Width => width(text),
    }
}

fn line_ends(text: &str) -> (String, OffsetMap) {
    let mut b = MapBuilder::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\r') {
        b.copy(&rest[..i]);
        if rest[i..].starts_with("\r\n") {
            b.replace(2, "\n");
            rest = &rest[i + 2..];
        } else {
            b.replace(1, "\n");
            rest = &rest[i + 1..];
        }
    }
    b.copy(rest);
    b.finish()
}

/// Full-width ASCII → ASCII, except the marks whose full-width form carries meaning in
/// plans: `～` stays a range mark and `－` stays a minus. The ideographic space becomes
/// an ASCII space.
fn width(text: &str) -> (String, OffsetMap) {
    let mut b = MapBuilder::with_capacity(text.len());
    let mut run_start = 0;
    for (i, c) in text.char_indices() {
        let mapped = match c {
            '～' | '－' => None,
            '\u{3000}' => Some(' '),
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            _ => None,
        };
        if let Some(m) = mapped {
            b.copy(&text[run_start..i]);
            let mut buf = [0u8; 4];
            b.replace(c.len_utf8(), m.encode_utf8(&mut buf));
            run_start = i + c.len_utf8();
        }
    }
    b.copy(&text[run_start..]);
    b.finish()
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Normalized text with the way back to its source.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Normalized offsets → source offsets.
    pub map: OffsetMap,
    source_lines: Vec<usize>,
}

impl Normalized {
    /// The source byte range of normalized range `r`.
    pub fn source_range(&self, r: Range<usize>) -> Range<usize> {
        self.map.to_source(r)
    }

    /// The [`Span`] of normalized range `r`: source offsets and 1-based source lines.
    pub fn span(&self, r: Range<usize>) -> Span {
        let s = self.source_range(r);
        let line = |pos: usize| self.source_lines.partition_point(|&l| l <= pos);
        Span {
            start: s.start,
            end: s.end,
            line: line(s.start),
            end_line: line(s.end.saturating_sub(1).max(s.start)),
        }
    }

    /// The span covering several normalized ranges (e.g. a table row split over lines).
    pub fn span_of(&self, ranges: impl IntoIterator<Item = Range<usize>>) -> Option<Span> {
        let mut it = ranges.into_iter();
        let first = it.next()?;
        let (mut lo, mut hi) = (first.start, first.end);
        for r in it {
            lo = lo.min(r.start);
            hi = hi.max(r.end);
        }
        Some(self.span(lo..hi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_width_map_back() {
        let src = "ＩＣＴ推進\r\n令和３年度～令和７年度\r\n－５％";
        let n = Normalizer::default().normalize(src);
        assert_eq!(n.text, "ICT推進\n令和3年度～令和7年度\n－5%");
        let i = n.text.find("推進").unwrap();
        let s = n.span(i..i + "推進".len());
        assert_eq!(&src[s.start..s.end], "推進");
        assert_eq!(s.line, 1);
        let i = n.text.find("令和3").unwrap();
        let s = n.span(i..i + "令和3".len());
        assert_eq!(&src[s.start..s.end], "令和３");
        assert_eq!(s.line, 2);
        let whole = n.span(0..n.text.len());
        assert_eq!((whole.start, whole.end, whole.end_line), (0, src.len(), 3));
    }
}
