//! Glossary (用語解説): the document's list of terms with their readings and
//! definitions, its in-body definition boxes (`「X」とは` followed by paragraphs, group
//! `inline`), and which measures and priorities use each term ([`link_mentions`]).
//!
//! A glossary is found by its heading (`dictionaries/glossary_headings.txt`, also when
//! the heading shares its line with the first entry), or, with or without a heading, by
//! a scored run of term → definition pairs (see below), and read for as long as its
//! shape holds. It ends at the next chapter or `■` heading, at a
//! table that is not a glossary (four or more columns), or at the end of the document.
//! The shapes read:
//! - `term<TAB>definition` and `| index | term | definition |` rows, with a reading
//!   column when one cell is all kana; header rows are skipped;
//! - a term line followed by definition paragraph(s), hard-wrapped lines rejoined;
//! - `【term】・・・definition`, or a `【term】` line followed by the definition;
//! - `1「term」definition`; `ABBR(English words) definition`;
//! - terms listed first and definitions after (a two-column page serialised column by
//!   column), paired in order;
//! - the whole glossary flattened to one line (index letter, term, definition separated
//!   by spaces, page markers `- 33 -` inside).
//!
//! Group headings (`<50音順>`, 【ア】, ア行, a bare index letter, see
//! `dictionaries/glossary_groups.txt`), page numbers and running headers are never
//! entries. A reading comes from the document (`Wi-Fi (ワイファイ)`), else from the
//! dictionaries when they know every part of the term, else it is null.
//!
//! The detectors live one per file under `glossary/`: `blocks` (a region of lines and
//! rows, read by `reader`), `flat_index` (one flattened line under index letters),
//! `flat_run` (one flattened line, or a hard-wrapped one, without index letters: terms
//! with spaces and a glued `(English expansion)`), `run` (term line / optional
//! `【English】` line / definition paragraph blocks, no heading needed), `inline`
//! (definition boxes); `mentions` links terms to measures. The shape detectors score
//! each pair from its `features` (a noun-run term; a definition that ends a sentence,
//! is long enough and whose first sentence ends in a noun or a defining verb) with the
//! thresholds and weights of `dictionaries/glossary_detect.tsv` (`settings`).
//!
//! This module reads glossary shapes into entries. It closes up a letter-spaced term
//! (`A I` → `AI`) and spaces between Japanese characters in definitions, but otherwise
//! leaves normalization to the normalize stage, and it does not find measures.

mod blocks;
mod features;
mod flat_index;
mod flat_run;
mod inline;
mod lines;
mod mentions;
mod reader;
mod run;
mod settings;

use blocks::read_blocks;
use reader::{Draft, Reader};

use flat_index::{flat_start, read_flat};
use inline::inline_boxes;

use crate::normalize::chars::{more_chars_than, squeeze};
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::Input;
use crate::model::{GlossaryEntry, IdMaker, Warning};
use crate::segment::{Block, BlockKind};
use crate::tokenize::Tokenizer;

use lines::is_page_marker;
pub use lines::{group_of, is_glossary_heading};
pub use mentions::link_mentions;

/// The group of an in-body definition box.
pub const INLINE_GROUP: &str = "inline";

/// Most characters a term may have (spaces not counted).
const MAX_TERM_CHARS: usize = 40;

fn list(cell: &'static OnceLock<Vec<String>>, name: &str) -> &'static [String] {
    cell.get_or_init(|| crate::vocab::words(name))
}

fn heading_words() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    list(&V, "glossary_headings.txt")
}

fn group_words() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    list(&V, "glossary_groups.txt")
}

fn endings() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    list(&V, "glossary_endings.txt")
}

fn suffixes() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    list(&V, "compound_suffixes.txt")
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("glossary regex"))
}

fn is_kana(c: char) -> bool {
    matches!(c, 'ぁ'..='ゖ' | 'ァ'..='ヺ' | 'ー')
}

/// Japanese script: kana, kanji and the full-width marks between them.
fn is_japanese(c: char) -> bool {
    is_kana(c)
        || matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | '〆' | '・')
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

fn to_katakana(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Whether a line can be a term on its own: short, not a sentence.
fn term_like(text: &str) -> bool {
    if more_chars_than(text, MAX_TERM_CHARS, |_| false) {
        return false;
    }
    let t = squeeze(text);
    let n = t.chars().count();
    (1..=MAX_TERM_CHARS).contains(&n)
        && !t.contains(['。', '、', '，', '．'])
        && !t.ends_with([':', '：', ','])
        && !t.starts_with(['・', '※', '*', '(', '（', '「'])
        && t.chars().any(char::is_alphabetic)
        && !is_page_marker(&t)
}

/// Width as printed: a full-width character counts two, ASCII one.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Whether a line reads as a phrase rather than a name: it has a verb, an auxiliary
/// or a particle other than の / と / や (`…により構成される…` is a definition line;
/// `モノのインターネット` is a term).
fn is_phrase(tokenizer: &Tokenizer, text: &str) -> bool {
    let Ok(tokens) = tokenizer.tokenize_detailed(&squeeze(text)) else {
        return false;
    };
    tokens.iter().any(|t| {
        let pos = t.part_of_speech.as_str();
        pos.starts_with("動詞")
            || pos.starts_with("助動詞")
            || (pos.starts_with("助詞") && !pos.contains("連体化") && !pos.contains("並立助詞"))
    })
}

/// A line that can be a term: short, not a sentence, not a phrase.
fn term_line(tokenizer: &Tokenizer, text: &str) -> bool {
    term_like(text) && !is_phrase(tokenizer, text)
}

/// Whether a definition reads as finished (see `dictionaries/glossary_endings.txt`).
fn ends_complete(text: &str) -> bool {
    let t = text.trim_end();
    endings().iter().any(|e| t.ends_with(e.as_str()))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['。', '．', '!', '?', '！', '？'])
}

/// Normalizes a term as written: splits off a kana reading in brackets
/// (`Wi-Fi (ワイファイ)`) and closes up letter spacing (`J – L I S` → `J-LIS`).
pub fn parse_term(raw: &str) -> (String, Option<String>) {
    static READING: OnceLock<Regex> = OnceLock::new();
    let raw = raw.trim();
    let (term, reading) =
        match re(&READING, r"^(.+?)\s*[(（]\s*([ぁ-ゖァ-ヺー・]+)\s*[)）]$").captures(raw) {
            // A bracket that is the whole Japanese part of the term is a reading only after
            // a Latin word (`Wi-Fi (ワイファイ)`); `ロボット(ロボ)` keeps its brackets.
            Some(c) if c[1].chars().any(|ch| ch.is_ascii_alphabetic()) => {
                (c[1].to_string(), Some(to_katakana(&c[2]).replace('・', "")))
            }
            _ => (raw.to_string(), None),
        };
    (close_up(&term), reading)
}

/// Joins the pieces of a letter-spaced term: a space stays only between two Latin
/// words of more than one character each (`Open Data`), so `A I` → `AI`,
/// `F a c e b o o k` → `Facebook`, `e ラーニング` → `eラーニング`; a dash between
/// Latin letters becomes `-`.
pub fn close_up(term: &str) -> String {
    let chunks: Vec<&str> = term.split_whitespace().collect();
    let mut out = String::new();
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            let prev = chunks[i - 1];
            let latin_end = prev
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            let latin_start = chunk
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            if latin_end && latin_start && prev.chars().count() > 1 && chunk.chars().count() > 1 {
                out.push(' ');
            }
        }
        out.push_str(chunk);
    }
    let chars: Vec<char> = out.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let dash = matches!(c, '‐' | '‑' | '–' | '—' | '−' | '－');
            let around = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|c| c.is_ascii_alphanumeric())
            };
            if dash && around(i.checked_sub(1)) && around(Some(i + 1)) {
                '-'
            } else {
                c
            }
        })
        .collect()
}

/// Drops the spaces a PDF left between Japanese characters (`ビジネス 用` → `ビジネス用`).
fn tidy(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().find(|c| **c != ' ');
            if prev.is_some_and(is_japanese) && next.is_some_and(|c| is_japanese(*c)) {
                continue;
            }
            if prev == Some(' ') {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Appends a wrapped line: a space only between two Latin words.
fn push_wrapped(out: &mut String, line: &str) {
    let line = line.trim();
    if out
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        out.push(' ');
    }
    out.push_str(line);
}

/// What the extractor found: the entries, where the glossary stood, and warnings.
struct Found {
    drafts: Vec<Draft>,
    blocks: Range<usize>,
    warnings: Vec<Warning>,
}

/// Reads the glossary and the in-body definition boxes, with warnings for what was
/// left out (a last entry cut off by the end of the text, a term without definition).
pub fn glossary(input: &Input<'_>) -> (Vec<GlossaryEntry>, Vec<Warning>) {
    let mut drafts = Vec::new();
    let mut warnings = Vec::new();
    let mut regions: Vec<Range<usize>> = Vec::new();
    let mut take = |f: Found, regions: &mut Vec<Range<usize>>| {
        drafts.extend(f.drafts);
        warnings.extend(f.warnings);
        regions.push(f.blocks);
    };
    // Under a heading (or a flattened line opening with one) first; then runs of pairs
    // recognised by their shape elsewhere.
    if let Some(f) = read_glossary(input) {
        take(f, &mut regions);
    }
    for f in flat_runs(input, &regions) {
        take(f, &mut regions);
    }
    for region in run::runs(input, &regions) {
        let f = read_blocks(input, Reader::default(), region);
        take(f, &mut regions);
    }
    let mut inline = inline_boxes(input, &regions);
    inline.append(&mut drafts);
    let mut drafts = inline;
    drafts.sort_by_key(|d| d.ranges.iter().map(|r| r.start).min().unwrap_or(0));
    let mut ids = IdMaker::default();
    let entries = drafts
        .into_iter()
        .filter(|d| !d.term.is_empty() && !d.definition.trim().is_empty())
        .map(|d| {
            let reading = d
                .reading
                .or_else(|| dictionary_reading(input.words.tokenizer(), &d.term));
            GlossaryEntry {
                id: ids.make("g", &[&d.term]),
                term: d.term,
                reading,
                group: d.group,
                definition: tidy(&d.definition)
                    .lines()
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n"),
                mentions: Vec::new(),
                span: input
                    .normalized
                    .span_of(d.ranges.iter().cloned())
                    .unwrap_or_default(),
            }
        })
        .collect();
    (entries, warnings)
}

/// Whether normalization removed source text (a space) just before normalized offset
/// `at`: the source ranges of the characters on either side do not touch.
fn dropped_before(input: &Input<'_>, at: usize) -> bool {
    let text = &input.normalized.text;
    let (Some(prev), Some(next)) = (text[..at].chars().next_back(), text[at..].chars().next())
    else {
        return false;
    };
    let before = input.normalized.source_range(at - prev.len_utf8()..at);
    let after = input.normalized.source_range(at..at + next.len_utf8());
    after.start > before.end
}

/// Whether block `b` opens with a glossary heading word followed by an entry on the
/// same line; if so the entry is read into `r`.
fn heading_shares_line(input: &Input<'_>, b: &Block, text: &str, r: &mut Reader) -> bool {
    let tokenizer = input.words.tokenizer();
    let lead = text.len() - text.trim_start_matches(|c: char| "■□◆◇●".contains(c)).len();
    let Some(word) = heading_words()
        .iter()
        .filter(|w| text[lead..].starts_with(w.as_str()))
        .max_by_key(|w| w.len())
    else {
        return false;
    };
    let after = lead + word.len();
    let rest = text[after..].trim_start();
    if rest.is_empty()
        || rest.len() == text[after..].len()
        || flat_run::read_flat_run(tokenizer, text, &|i| {
            dropped_before(input, b.range.start + i)
        })
        .is_some()
    {
        return false;
    }
    let skip = text.len() - rest.len();
    let block = Block {
        kind: BlockKind::Paragraph,
        text: rest.to_string(),
        range: b.range.start + skip..b.range.end,
        line: b.line,
    };
    let mut probe = Reader::default();
    blocks::read_line(&mut probe, tokenizer, rest, &block);
    if probe.pending.is_empty() && probe.done.is_empty() {
        return false;
    }
    *r = probe;
    true
}

/// Glossaries flattened to one line without index letters, outside the `taken` blocks.
fn flat_runs(input: &Input<'_>, taken: &[Range<usize>]) -> Vec<Found> {
    let blocks = &input.segmented.blocks;
    let min_wrapped = settings::Settings::get().min_wrapped_line_chars;
    let mut out = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let usable = |k: usize| {
            !taken.iter().any(|r| r.contains(&k))
                && !matches!(blocks[k].kind, BlockKind::Row(_) | BlockKind::Toc)
        };
        if !usable(i) {
            i += 1;
            continue;
        }
        // A flattened line hard-wrapped into several: adjacent long lines read as one.
        let mut j = i + 1;
        while j < blocks.len()
            && usable(j)
            && blocks[j].line == blocks[j - 1].line + 1
            && blocks[j - 1].text.chars().count() >= min_wrapped
        {
            j += 1;
        }
        let (b, group) = (&blocks[i], i..j);
        i = j;
        let base = b.range.start;
        let text = &input.normalized.text[base..blocks[group.end - 1].range.end];
        let dropped = |k: usize| dropped_before(input, base + k);
        let Some(run) = flat_run::read_flat_run(input.words.tokenizer(), text, &dropped) else {
            continue;
        };
        let mut r = Reader::default();
        let warnings = flat_run::take(input, &mut r, &run, text, base);
        out.push(Found {
            drafts: r.done,
            blocks: group,
            warnings,
        });
    }
    out
}

/// The katakana reading of a term from the dictionaries, when they know all of it.
fn dictionary_reading(tokenizer: &Tokenizer, term: &str) -> Option<String> {
    let t = squeeze(term);
    let r = tokenizer.reading(&t).ok().flatten()?;
    r.chars()
        .all(|c| matches!(c, 'ァ'..='ヺ' | 'ー'))
        .then_some(r)
}

/// The text of a block as it stands in the normalized text, so that offsets inside it
/// are offsets into the normalized text.
fn block_text<'a>(input: &'a Input<'_>, b: &'a Block) -> &'a str {
    input
        .normalized
        .text
        .get(b.range.clone())
        .unwrap_or(b.text.as_str())
}

fn sub(base: usize, r: Range<usize>) -> Range<usize> {
    base + r.start..base + r.end
}

fn read_glossary(input: &Input<'_>) -> Option<Found> {
    let blocks = &input.segmented.blocks;
    let mut r = Reader::default();
    // The first glossary heading, or the first line holding a whole flattened glossary
    // (a long line that opens with a heading word and has entries under index letters).
    let start = blocks.iter().enumerate().position(|(i, b)| {
        if matches!(b.kind, BlockKind::Toc | BlockKind::Row(_)) {
            return false;
        }
        if is_glossary_heading(&b.text) {
            return true;
        }
        let text = block_text(input, &blocks[i]);
        let found = match flat_start(text) {
            Some(skip) => {
                read_flat(input.words.tokenizer(), text, b.range.start, skip, &mut r);
                if r.done.is_empty() {
                    r = Reader::default();
                }
                !r.done.is_empty()
            }
            None => false,
        };
        // A heading sharing its line with the first entry (`用語集 1【term】・・・…`),
        // unless the line is a whole flattened glossary (read by `flat_run`).
        found || heading_shares_line(input, b, text, &mut r)
    })?;
    let mut found = read_blocks(input, r, start + 1..blocks.len());
    // The heading (or the flattened line) is part of the glossary.
    found.blocks.start = start;
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_close_up_and_give_their_readings() {
        assert_eq!(parse_term("A I"), ("AI".to_string(), None));
        assert_eq!(parse_term("F a c e b o o k").0, "Facebook");
        assert_eq!(parse_term("J – L I S").0, "J-LIS");
        assert_eq!(parse_term("e ラーニング").0, "eラーニング");
        assert_eq!(parse_term("Open Data").0, "Open Data");
        assert_eq!(
            parse_term("Wi-Fi (ワイファイ)"),
            ("Wi-Fi".to_string(), Some("ワイファイ".to_string()))
        );
        assert_eq!(
            parse_term("Wi-Fi（わいふぁい）").1.as_deref(),
            Some("ワイファイ")
        );
        // A bracket after a Japanese word is part of the term.
        assert_eq!(parse_term("ロボット(RPA)").0, "ロボット(RPA)");
    }

    #[test]
    fn headings_groups_and_page_markers() {
        assert!(is_glossary_heading("■用語解説"));
        assert!(is_glossary_heading("資料3 用語集"));
        assert!(is_glossary_heading("【用語の解説】"));
        assert!(!is_glossary_heading(
            "詳しくは巻末の用語解説を参照してください。"
        ));
        assert_eq!(
            group_of("<アルファベット順>").as_deref(),
            Some("アルファベット順")
        );
        assert_eq!(group_of("【ア】").as_deref(), Some("ア"));
        assert_eq!(group_of("か行").as_deref(), Some("か行"));
        assert_eq!(group_of("A").as_deref(), Some("A"));
        assert_eq!(group_of("AI"), None);
        assert!(is_page_marker("61"));
        assert!(is_page_marker("- 33 -"));
        assert!(!is_page_marker("5G"));
    }

    #[test]
    fn definitions_lose_the_spaces_of_wrapped_japanese() {
        assert_eq!(
            tidy("ビジネス 用アプリ Web サ イト"),
            "ビジネス用アプリ Web サイト"
        );
    }
}
