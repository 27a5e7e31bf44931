//! Stage 2, normalize: decoded text → normalized text plus an [`OffsetMap`] back to it.
//!
//! Every later stage reads the normalized text; every item they extract reports its
//! [`Span`] in the *source* through the map, so a reviewer sees the original words.
//! Rules are named ([`Rule`]) and each can be switched off; each pass rewrites the
//! whole text once and the maps of the passes are composed.
//!
//! The rules, in the order they run: `line-ends` (CRLF → LF), `width-join` (lines
//! hard-broken at a fixed width put back together, [`rewrap`]), `width` (NFKC with the
//! Japanese exceptions, [`width`]), `line-split` (a flattened line cut back into lines
//! at its record anchors, [`split`]), `letter-spacing` and `japanese-spaces`
//! ([`spacing`]), `page-furniture` (page numbers and running headers become a form feed
//! alone on their line, [`furniture`]), `line-join` ([`lines`]; a sentence goes on across
//! a page break). `keikaku normalize FILE --explain` lists what each one changed.
//!
//! This module is for making text uniform without changing what it says; it does not
//! interpret the text (no headings, no tables): the rules look only at the shapes of
//! marks and numbers where a line or a record starts, and never change a tab.

pub mod chars;
pub mod furniture;
pub mod judge;
mod kept;
pub mod lines;
pub mod offsets;
pub mod rewrap;
pub mod spacing;
pub mod split;
pub mod width;

use std::ops::Range;

pub use offsets::{MapBuilder, OffsetMap};

use crate::model::Span;
use judge::Judge;

/// A normalization rule that can be switched on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// CRLF and CR line ends become LF.
    LineEnds,
    /// Lines a converter hard-broke at a fixed width, mid-word or mid-row, are put back
    /// together ([`rewrap`]).
    WidthJoin,
    /// Full-width Latin letters, digits and punctuation become half-width (NFKC), with
    /// the Japanese exceptions (ranges, minus signs, circled numbers, rules, ¥); spacing
    /// dakuten compose; Kangxi radicals become ideographs ([`width`]).
    Width,
    /// A line that holds many records (flattened by an extractor) is cut at the
    /// spaces before its anchors ([`split`]).
    LineSplit,
    /// Letter-spaced Latin closes up: `I C T` → `ICT`, `J – L I S` → `J-LIS`
    /// ([`spacing::letter_spacing`]).
    LetterSpacing,
    /// Spaces between Japanese characters go, tabs stay
    /// ([`spacing::japanese_spaces`]).
    JapaneseSpaces,
    /// Page numbers and running headers become a form feed alone on their line
    /// ([`furniture`]).
    PageFurniture,
    /// Lines a PDF wrapped mid-sentence are joined, across a page break too ([`lines`]).
    LineJoin,
}

impl Rule {
    /// Every rule, in the order they run. Line joining runs last so that it sees the
    /// text every other rule has settled, which keeps normalization idempotent.
    pub const ALL: &'static [Rule] = &[
        Rule::LineEnds,
        Rule::WidthJoin,
        Rule::Width,
        Rule::LineSplit,
        Rule::LetterSpacing,
        Rule::JapaneseSpaces,
        Rule::PageFurniture,
        Rule::LineJoin,
    ];

    /// The rule's name, as `--explain` prints it and `--no-rule` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Rule::LineEnds => "line-ends",
            Rule::WidthJoin => "width-join",
            Rule::Width => "width",
            Rule::LineSplit => "line-split",
            Rule::LetterSpacing => "letter-spacing",
            Rule::JapaneseSpaces => "japanese-spaces",
            Rule::PageFurniture => "page-furniture",
            Rule::LineJoin => "line-join",
        }
    }

    /// Whether the rule decides every line from that line alone (see [`kept`]).
    fn line_local(self) -> bool {
        matches!(
            self,
            Rule::Width | Rule::LineSplit | Rule::LetterSpacing | Rule::JapaneseSpaces
        )
    }

    /// The rule called `name`.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.name() == name.trim())
    }
}

/// One change a rule made, for `keikaku normalize --explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The rule that made it.
    pub rule: Rule,
    /// 1-based line of the source where the changed text starts.
    pub line: usize,
    /// The text before the rule ran (with a little context).
    pub before: String,
    /// The text after it.
    pub after: String,
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
        self.run(source, None)
    }

    /// Normalizes `source` and lists what each rule changed, by source line.
    pub fn explain(&self, source: &str) -> (Normalized, Vec<Change>) {
        let mut changes = Vec::new();
        let n = self.run(source, Some(&mut changes));
        // Stable: on one line the changes stay in the order the rules ran.
        changes.sort_by_key(|c| c.line);
        (n, changes)
    }

    fn run(&self, source: &str, mut changes: Option<&mut Vec<Change>>) -> Normalized {
        let source_lines = line_starts(source);
        let mut text = source.to_string();
        let mut map = OffsetMap::identity(source.len());
        let mut judge = Judge::new();
        // The rules run again until a round changes nothing: removing a space or a
        // line end shows the tokenizer more text at the breaks next to it, and the
        // answer there may change. Repeating makes normalizing twice change nothing.
        // The second round costs little (answers are remembered); a third is rare.
        //
        // A round ends early once every rule has run since the last change and changed
        // nothing: the text is then a fixed point of every rule, so the rest of the
        // rounds would change nothing either (each rule is a function of the text).
        //
        // A line-local rule is asked again only about the lines it has not yet been
        // seen to keep ([`kept`]); when it keeps those, it keeps the whole text.
        let n = self.rules.len();
        let mut unchanged = 0;
        let mut kept: Vec<kept::Kept> = self.rules.iter().map(|_| kept::Kept::default()).collect();
        let mut lines: Option<kept::Lines> = None;
        'rounds: for _ in 0..MAX_ROUNDS {
            let mut changed = false;
            for (rule, kept) in self.rules.iter().zip(&mut kept) {
                if unchanged >= n {
                    break 'rounds;
                }
                let (next, step) = if rule.line_local() {
                    let of_text = lines.get_or_insert_with(|| kept::Lines::of(&text));
                    match kept.unseen(&text, of_text) {
                        kept::Unseen::None => {
                            unchanged += 1;
                            continue;
                        }
                        kept::Unseen::Some(part, hashes) => {
                            let (_, step) = apply(*rule, &part, &mut judge);
                            if step.is_identity() {
                                kept.keep(hashes);
                                unchanged += 1;
                                continue;
                            }
                        }
                        kept::Unseen::All => {}
                    }
                    let (next, step) = apply(*rule, &text, &mut judge);
                    kept.untouched(of_text, &step);
                    (next, step)
                } else {
                    apply(*rule, &text, &mut judge)
                };
                if step.is_identity() {
                    unchanged += 1;
                    continue;
                }
                unchanged = 0;
                changed = true;
                if let Some(changes) = changes.as_deref_mut() {
                    for (input, output) in edits(&step, &text, &next) {
                        let start = map.to_source_pos(input.start, false);
                        changes.push(Change {
                            rule: *rule,
                            line: source_lines.partition_point(|&l| l <= start),
                            before: text[input].to_string(),
                            after: next[output].to_string(),
                        });
                    }
                }
                map = map.then(&step);
                text = next;
                lines = None;
            }
            if !changed {
                break;
            }
        }
        Normalized {
            text,
            map,
            source_lines,
            page_ends: page_ends(source),
        }
    }
}

/// The most rounds of rules one normalization runs (see [`Normalizer::normalize`]).
const MAX_ROUNDS: usize = 4;

/// How many characters of context `--explain` shows on each side of a change.
const CONTEXT: usize = 3;

/// The changes of one pass as (input range, output range) pairs: replaced pieces close
/// together on one line are merged (`I C T` is one change, not two deletions), and each
/// gets a few characters of unchanged context so a deleted space is visible.
fn edits(step: &OffsetMap, input: &str, output: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let mut merged: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for (src, out) in step.replaced() {
        if let Some((ls, lo)) = merged.last_mut() {
            let gap = input.get(ls.end..src.start).unwrap_or("\n");
            if gap.chars().count() <= CONTEXT && !gap.contains('\n') {
                ls.end = src.end;
                lo.end = out.end;
                continue;
            }
        }
        merged.push((src, out));
    }
    merged
        .into_iter()
        .map(|(src, out)| {
            let back = |s: &str, at: usize| {
                s[..at]
                    .char_indices()
                    .rev()
                    .take_while(|&(_, c)| c != '\n')
                    .take(CONTEXT)
                    .last()
                    .map_or(at, |(i, _)| i)
            };
            let fwd = |s: &str, at: usize| {
                at + s[at..]
                    .chars()
                    .take_while(|&c| c != '\n')
                    .take(CONTEXT)
                    .map(char::len_utf8)
                    .sum::<usize>()
            };
            (
                back(input, src.start)..fwd(input, src.end),
                back(output, out.start)..fwd(output, out.end),
            )
        })
        .collect()
}

fn apply(rule: Rule, text: &str, judge: &mut Judge) -> (String, OffsetMap) {
    match rule {
        Rule::LineEnds => line_ends(text),
        Rule::WidthJoin => rewrap::width_join(text),
        Rule::Width => width::width(text),
        Rule::LineSplit => split::line_split(text),
        Rule::LetterSpacing => spacing::letter_spacing(text),
        Rule::JapaneseSpaces => spacing::japanese_spaces(text, judge),
        Rule::PageFurniture => furniture::page_furniture(text),
        Rule::LineJoin => lines::line_join(text, judge),
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

/// The byte offsets where the lines of `text` start: after each LF, each CRLF and each
/// CR on its own (a file with old Mac line ends has lines too). Every span's line
/// numbers, and `keikaku check`'s reading of them, count lines this way.
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let ends = memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(|i| match bytes[i] {
        b'\r' if bytes.get(i + 1) == Some(&b'\n') => None,
        _ => Some(i + 1),
    });
    std::iter::once(0).chain(ends).collect()
}

/// The byte offsets of the form feeds of `text`, in order: where its pages end (as
/// `pdftotext` writes them, one after every page). Every span's page, and
/// `keikaku check`'s reading of it, counts pages this way.
pub fn page_ends(text: &str) -> Vec<usize> {
    memchr::memchr_iter(b'\x0c', text.as_bytes()).collect()
}

/// The 1-based page of byte `pos` of a text whose form feeds are at `ends`
/// ([`page_ends`]); `None` when the text has none.
pub fn page_of(ends: &[usize], pos: usize) -> Option<u32> {
    (!ends.is_empty()).then(|| 1 + ends.partition_point(|&f| f < pos) as u32)
}

/// Normalized text with the way back to its source.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Normalized offsets → source offsets.
    pub map: OffsetMap,
    source_lines: Vec<usize>,
    /// The source offsets of its form feeds ([`page_ends`]).
    page_ends: Vec<usize>,
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
            page: page_of(&self.page_ends, s.start),
        }
    }

    /// Whether the source has pages (a form feed): then every span has its page.
    pub fn has_pages(&self) -> bool {
        !self.page_ends.is_empty()
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

    #[test]
    fn explain_names_rule_line_and_change() {
        let src = "計画\n\nへの I C Tを使う。\n行政専\n用の";
        let (n, changes) = Normalizer::default().explain(src);
        assert_eq!(n.text, "計画\n\nへのICTを使う。\n行政専用の");
        let found: Vec<(usize, &str, &str, &str)> = changes
            .iter()
            .map(|c| (c.line, c.rule.name(), c.before.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (3, "letter-spacing", "への I C Tを使", "へのICTを使"),
                (4, "line-join", "行政専\n用の", "行政専用の"),
            ]
        );
    }

    #[test]
    fn rules_can_be_switched_off() {
        let src = "Ｉ Ｃ Ｔ 暮らしで 笑顔";
        assert_eq!(Normalizer::default().normalize(src).text, "ICT暮らしで笑顔");
        let only_width = Normalizer::with_rules(&[Rule::Width]);
        assert_eq!(only_width.normalize(src).text, "I C T 暮らしで 笑顔");
        for r in Rule::ALL {
            assert_eq!(Rule::from_name(r.name()), Some(*r));
        }
        assert_eq!(Rule::from_name("no-such-rule"), None);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Plan-like text: kana, kanji, full-width and ASCII letters and digits, spaces,
        /// ideographic spaces, tabs, line ends, range marks, minus signs, circled numbers.
        fn plan_text() -> impl Strategy<Value = String> {
            let alphabet: Vec<&str> = vec![
                "あ", "の", "す", "で", "は", "じ", "め", "を", "ー", "ッ", "ア", "ク", "ネ", "ト",
                "ワ", "行", "政", "専", "用", "計", "画", "令", "和", "年", "度", "章", "第", "Ａ",
                "ｂ", "１", "９", "A", "B", "e", "I", "C", "T", "1", "5", ".", " ", " ", " ",
                "\u{3000}", "\t", "\n", "\n", "～", "〜", "－", "–", "-", "①", "。", "、", "（",
                "）", "゛", "ｶ", "ﾞ", "|", "・",
            ];
            prop::collection::vec(prop::sample::select(alphabet), 0..60).prop_map(|v| v.concat())
        }

        /// The pieces of `text` to check: its lines, and the space-separated words in them.
        fn pieces(text: &str) -> Vec<Range<usize>> {
            let mut out = Vec::new();
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                let body = line.trim_end_matches('\n');
                if !body.is_empty() {
                    out.push(start..start + body.len());
                }
                let mut w = start;
                for word in body.split([' ', '\t']) {
                    if !word.is_empty() {
                        out.push(w..w + word.len());
                    }
                    w += word.len() + 1;
                }
                start += line.len();
            }
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            #[test]
            fn offsets_are_monotonic_and_in_range(src in plan_text()) {
                let n = Normalizer::default().normalize(&src);
                let mut last = 0..0;
                for (i, c) in n.text.char_indices() {
                    let r = n.source_range(i..i + c.len_utf8());
                    prop_assert!(r.start < r.end, "{:?} maps to empty {:?}", c, r);
                    prop_assert!(r.end <= src.len());
                    prop_assert!(src.is_char_boundary(r.start) && src.is_char_boundary(r.end));
                    prop_assert!(r.start >= last.start && r.end >= last.end);
                    last = r;
                }
            }

            #[test]
            fn every_char_maps_back_to_text_that_normalizes_to_it(src in plan_text()) {
                let normalizer = Normalizer::default();
                let n = normalizer.normalize(&src);
                // A copied character is its own source.
                for (i, c) in n.text.char_indices() {
                    let r = n.source_range(i..i + c.len_utf8());
                    let from = &src[r];
                    // (A dash inside letter-spaced Latin, `J – L I S`, becomes `-` only
                    // in that context, and `－` stays a minus only before a digit: the
                    // word check below covers them.)
                    let context_dash = (c == '-' || c == '－') && from != "-";
                    if from.chars().count() == 1 && !from.contains(char::is_whitespace) && !context_dash {
                        let again = normalizer.normalize(from).text;
                        prop_assert_eq!(again, c.to_string(), "{:?} from {:?}", c, from);
                    }
                }
                // Lines, and words inside one source line (a joined line break depends
                // on where its line starts): their source text normalizes to them.
                for piece in pieces(&n.text) {
                    let r = n.source_range(piece.clone());
                    let whole_line = piece.start == 0 || n.text[..piece.start].ends_with('\n');
                    if !whole_line && src[r.clone()].contains('\n') {
                        continue;
                    }
                    let again = normalizer.normalize(&src[r.clone()]).text;
                    prop_assert_eq!(
                        again.trim_matches(' '), n.text[piece.clone()].trim_matches(' '),
                        "source {:?}", &src[r]
                    );
                }
            }

            #[test]
            fn normalization_is_idempotent(src in plan_text()) {
                let normalizer = Normalizer::default();
                let once = normalizer.normalize(&src).text;
                let twice = normalizer.normalize(&once).text;
                prop_assert_eq!(twice, once);
            }
        }
    }
}
