//! Measures proposed by the detectors of shapes outside tables, and the resolver that
//! keeps the best of them.
//!
//! Each detector (one per file beside this one) reads the document and proposes
//! candidates: a title, its byte range in the normalized text, a score and the evidence
//! (detector and shape). The resolver keeps the candidates scoring at least `min_score`
//! (`dictionaries/measure_shapes.tsv`), best first, dropping any that overlaps a kept one
//! or a measure already read from a table or list, or repeats a kept title.
//!
//! Also the enumerators the detectors share (`1`, `1.`, `(1)`, `①`, `§1`, `1.2`).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::super::Input;
use crate::model::Coded;
use crate::vocab;

/// A proposed measure.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Candidate {
    /// The measure's title, normalized.
    pub title: String,
    /// The title's byte range in the normalized text.
    pub range: Range<usize>,
    /// Where the region the candidate belongs to starts (its list, section or form).
    pub region: usize,
    /// How sure the detector is, 0–1 (weights in `dictionaries/measure_shapes.tsv`).
    pub score: f64,
    /// The detector that proposed it.
    pub detector: &'static str,
    /// The evidence: the shape it was read from.
    pub shape: &'static str,
    /// The plan category read beside it.
    pub category: Option<Coded>,
    /// The implementation status read beside it.
    pub status: Option<Coded>,
}

/// A detector: proposes candidates for the whole document, reading the block features
/// worked out once for every detector.
pub(super) type Detector = fn(&Input<'_>, &Features) -> Vec<Candidate>;

/// What several detectors read of every block, worked out once per document.
pub(super) struct Features {
    /// Each block's enumerator and its title's range in the normalized text, when the
    /// block is an enumerated line ([`enumerated_block`]).
    enumerated: Vec<Option<(Enumerated, Range<usize>)>>,
}

impl Features {
    /// The features of every block of `input`.
    pub(super) fn of(input: &Input<'_>) -> Self {
        let enumerated = input
            .segmented
            .blocks
            .iter()
            .map(|b| enumerated_block(input, b).map(|(e, _, r)| (e, r)))
            .collect();
        Self { enumerated }
    }

    /// Block `i` as an enumerated line: its enumerator, title and the title's range.
    pub(super) fn enumerated(
        &self,
        input: &Input<'_>,
        i: usize,
    ) -> Option<(Enumerated, String, Range<usize>)> {
        let (e, r) = self.enumerated.get(i)?.clone()?;
        Some((e, input.normalized.text[r.clone()].to_string(), r))
    }

    /// Whether block `i` is an enumerated line.
    pub(super) fn is_enumerated(&self, i: usize) -> bool {
        self.enumerated.get(i).is_some_and(Option::is_some)
    }
}

/// Every detector, in one list.
pub(super) const DETECTORS: &[Detector] = &[
    super::headed::detect,
    super::kv_items::detect,
    super::toc_plan::detect,
    super::form::detect,
    super::quoted::detect,
    super::chapter_items::detect,
    super::flat_table::detect,
];

/// A weight of `dictionaries/measure_shapes.tsv`.
pub(super) fn weight(key: &str) -> f64 {
    vocab::measure_shapes().number(key)
}

/// Whether `text` contains one of the words listed under `key`, spaces in the text
/// ignored.
pub(super) fn has_word(text: &str, key: &str) -> bool {
    let shapes = vocab::measure_shapes();
    if shapes.cannot_hold(key, text) {
        return false;
    }
    if text.contains(char::is_whitespace) {
        let t = crate::normalize::chars::squeeze(text);
        shapes.contains(key, &t)
    } else {
        shapes.contains(key, text)
    }
}

/// The comparison key of a title: no spaces.
pub(super) fn title_key(title: &str) -> String {
    crate::normalize::chars::squeeze(title)
}

/// Keeps the best non-overlapping candidates, in document order. `taken` are the source
/// ranges and title keys of measures read otherwise; `to_source` maps a candidate's
/// range to the source.
pub(super) fn resolve(
    mut cands: Vec<Candidate>,
    taken: &[(Range<usize>, String)],
    to_source: &dyn Fn(Range<usize>) -> Range<usize>,
) -> Vec<Candidate> {
    let min = weight("min_score");
    cands.retain(|c| c.score >= min && !c.title.is_empty());
    cands.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.range.start.cmp(&b.range.start))
    });
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    let mut kept: Vec<Candidate> = Vec::new();
    for c in cands {
        let key = title_key(&c.title);
        let source = to_source(c.range.clone());
        let clash = taken.iter().any(|(r, k)| overlaps(r, &source) || *k == key)
            || kept
                .iter()
                .any(|k| overlaps(&k.range, &c.range) || title_key(&k.title) == key);
        if !clash {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.range.start);
    kept
}

/// The kind of an enumerator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Enum {
    /// `1 title`
    Plain,
    /// `1. title`
    Dot,
    /// `(1) title`
    Paren,
    /// `① title`
    Circled,
    /// `§1 title`
    Section,
    /// `1.2 title`
    Dotted,
}

/// An enumerated line: kind, value (the last number for `1.2`), and where the title
/// starts (a byte offset in the line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Enumerated {
    pub kind: Enum,
    pub major: u32,
    pub value: u32,
    pub title_at: usize,
}

/// The enumerator a line starts with, if a title follows it.
/// The enumerated line a block is (never a table row), with its title and the
/// title's range in the normalized text.
pub(super) fn enumerated_block(
    input: &Input<'_>,
    b: &crate::segment::Block,
) -> Option<(Enumerated, String, Range<usize>)> {
    if matches!(b.kind, crate::segment::BlockKind::Row(_)) {
        return None;
    }
    let text = &input.normalized.text[b.range.clone()];
    let e = enumerated(text)?;
    let title = text[e.title_at..].trim_end();
    let start = b.range.start + e.title_at;
    Some((e, title.to_string(), start..start + title.len()))
}

pub(super) fn enumerated(line: &str) -> Option<Enumerated> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"^(?:§\s*(?P<sec>[0-9]{1,2})\s*|(?P<maj>[0-9]{1,2})\.(?P<min>[0-9]{1,2})\s+|(?P<dot>[0-9]{1,2})[.．]\s*|(?P<plain>[0-9]{1,2})\s+|[(（](?P<par>[0-9]{1,2})[)）]\s*|(?P<cir>[①-⑳])\s*)\S",
        )
        .expect("enumerator regex")
    });
    // Every enumerator starts with §, a digit, a parenthesis or a circled number: other
    // lines are turned away before the regex builds its captures.
    let first = line.chars().next()?;
    if !(matches!(first, '§' | '(' | '（')
        || first.is_ascii_digit()
        || ('①'..='⑳').contains(&first))
    {
        return None;
    }
    let c = re.captures(line)?;
    let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let title_at = c.get(0)?.end() - line[..c.get(0)?.end()].chars().last()?.len_utf8();
    let (kind, major, value) = if let Some(n) = num("sec") {
        (Enum::Section, n, n)
    } else if let (Some(a), Some(b)) = (num("maj"), num("min")) {
        (Enum::Dotted, a, b)
    } else if let Some(n) = num("dot") {
        (Enum::Dot, n, n)
    } else if let Some(n) = num("plain") {
        (Enum::Plain, n, n)
    } else if let Some(n) = num("par") {
        (Enum::Paren, n, n)
    } else {
        let ch = c.name("cir")?.as_str().chars().next()?;
        let n = ch as u32 - '①' as u32 + 1;
        (Enum::Circled, n, n)
    };
    Some(Enumerated {
        kind,
        major,
        value,
        title_at,
    })
}

/// Whether a line reads as a title: short, not a sentence.
pub(super) fn title_like(title: &str, max_chars: usize) -> bool {
    let t = title.trim();
    !t.is_empty()
        && t.chars().count() <= max_chars
        && !t.contains('。')
        && !t.ends_with('、')
        && !t.ends_with(',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerators() {
        let e = enumerated("1. 研修の実施").unwrap();
        assert_eq!(
            (e.kind, e.value, &"1. 研修の実施"[e.title_at..]),
            (Enum::Dot, 1, "研修の実施")
        );
        let e = enumerated("4.2 台帳の電子化 14").unwrap();
        assert_eq!((e.kind, e.major, e.value), (Enum::Dotted, 4, 2));
        assert_eq!(enumerated("§3 計画").unwrap().kind, Enum::Section);
        assert_eq!(enumerated("② 人材の育成").unwrap().value, 2);
        assert_eq!(enumerated("(3)市民生活").unwrap().kind, Enum::Paren);
        assert_eq!(enumerated("2 窓口の改善").unwrap().kind, Enum::Plain);
        assert_eq!(enumerated("2021年度"), None);
        assert!(title_like("窓口の改善", 20));
        assert!(!title_like("窓口を改善する。", 20));
    }
}
