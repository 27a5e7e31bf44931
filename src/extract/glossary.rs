//! Glossary (用語解説): the document's list of terms with their readings and
//! definitions, its in-body definition boxes (`「X」とは` followed by paragraphs, group
//! `inline`), and which measures and priorities use each term ([`link_mentions`]).
//!
//! The glossary is found by its heading (`dictionaries/glossary_headings.txt`) and read
//! for as long as its shape holds. It ends at the next chapter or `■` heading, at a
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
//! This module reads glossary shapes into entries. It closes up a letter-spaced term
//! (`A I` → `AI`) and spaces between Japanese characters in definitions, but otherwise
//! leaves normalization to the normalize stage, and it does not find measures.

use crate::normalize::chars::squeeze;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::Input;
use crate::Error;
use crate::model::{GlossaryEntry, IdMaker, Measure, Priority, Warning};
use crate::normalize::Normalized;
use crate::segment::{Block, BlockKind};
use crate::tokenize::{Tokenizer, Words};

const HEADINGS_TXT: &str = include_str!("../../dictionaries/glossary_headings.txt");
const GROUPS_TXT: &str = include_str!("../../dictionaries/glossary_groups.txt");
const ENDINGS_TXT: &str = include_str!("../../dictionaries/glossary_endings.txt");
const SUFFIXES_TXT: &str = include_str!("../../dictionaries/compound_suffixes.txt");

/// The group of an in-body definition box.
pub const INLINE_GROUP: &str = "inline";

/// Most characters a term may have (spaces not counted).
const MAX_TERM_CHARS: usize = 40;

fn word_list(txt: &str) -> Vec<String> {
    txt.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn list(cell: &'static OnceLock<Vec<String>>, txt: &str) -> &'static [String] {
    cell.get_or_init(|| word_list(txt))
}

fn heading_words() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    list(&V, HEADINGS_TXT)
}

fn group_words() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    list(&V, GROUPS_TXT)
}

fn endings() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    list(&V, ENDINGS_TXT)
}

fn suffixes() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    list(&V, SUFFIXES_TXT)
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

/// A heading's words without its marks (■, brackets) and numbering (第N章, 資料3, 1.).
fn heading_core(text: &str) -> String {
    static PREFIX: OnceLock<Regex> = OnceLock::new();
    let t = text.trim_start_matches(|c: char| "■□◆◇●○▼▽★☆◎".contains(c) || c.is_whitespace());
    let t = re(
        &PREFIX,
        r"^(?:第\s*[0-9一二三四五六七八九十]+\s*章|(?:参考|附属|付属)?資料\s*[0-9]*|付録\s*[0-9]*|[0-9]{1,2}[.．]?|\([0-9]{1,2}\))\s*",
    )
    .replace(t, "");
    let t = squeeze(&t);
    t.trim_matches(|c: char| "【】<>＜＞〈〉《》[]()「」".contains(c))
        .to_string()
}

/// Whether a line is a glossary heading (or, inside the glossary, its running header).
pub fn is_glossary_heading(text: &str) -> bool {
    let core = heading_core(text);
    heading_words().contains(&core)
}

/// The group a line names, if it is a group heading: a word of
/// `dictionaries/glossary_groups.txt`, a single letter or kana (`A`, 【ア】), or a kana
/// row (`ア行`, `あ行`).
pub fn group_of(text: &str) -> Option<String> {
    static ROW: OnceLock<Regex> = OnceLock::new();
    let core = squeeze(text);
    let core = core
        .trim_matches(|c: char| "■□◆◇●○【】<>＜＞〈〉《》[]()".contains(c))
        .to_string();
    let mut chars = core.chars();
    let single = match (chars.next(), chars.next()) {
        (Some(c), None) => c.is_ascii_alphabetic() || is_kana(c),
        _ => false,
    };
    let known = group_words().contains(&core);
    (single || known || re(&ROW, r"^[ぁ-んァ-ン]{1,2}行$").is_match(&core)).then_some(core)
}

/// A page number or page marker on its own: `61`, `- 33 -`, `p.12`, `12ページ`.
fn is_page_marker(text: &str) -> bool {
    static PAGE: OnceLock<Regex> = OnceLock::new();
    re(
        &PAGE,
        r"^[-‐–—－~～\s]*(?:[pP]\.?\s*)?[0-9]{1,4}(?:\s*ページ)?[-‐–—－~～\s]*$",
    )
    .is_match(text.trim())
}

/// Whether a line can be a term on its own: short, not a sentence.
fn term_like(text: &str) -> bool {
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

/// An entry being read.
#[derive(Debug, Clone)]
struct Draft {
    term: String,
    reading: Option<String>,
    group: Option<String>,
    definition: String,
    ranges: Vec<Range<usize>>,
}

impl Draft {
    fn new(raw_term: &str, range: Range<usize>, group: &Option<String>) -> Self {
        let (term, reading) = parse_term(raw_term);
        Self {
            term,
            reading,
            group: group.clone(),
            definition: String::new(),
            ranges: vec![range],
        }
    }

    fn add_paragraph(&mut self, text: &str, range: Range<usize>) {
        if !self.definition.is_empty() {
            self.definition.push('\n');
        }
        self.definition.push_str(text.trim());
        self.ranges.push(range);
    }
}

/// One line of definition text waiting for its term.
#[derive(Debug, Clone)]
struct DefLine {
    text: String,
    range: Range<usize>,
    line: usize,
}

/// Reads the blocks of a glossary one by one.
#[derive(Default)]
struct Reader {
    group: Option<String>,
    done: Vec<Draft>,
    /// Terms waiting for their definitions: more than one when the terms of a page were
    /// serialised before their definitions.
    pending: Vec<Draft>,
    /// Definition lines since the last term.
    lines: Vec<DefLine>,
    /// The last definition line: (line number, text width, whether it ends a sentence).
    last: Option<(usize, usize, bool)>,
    /// The widest definition line so far: a line about this wide that stops mid-sentence
    /// was wrapped by the PDF.
    max_width: usize,
    /// Terms dropped for having no definition.
    orphans: Vec<Draft>,
}

impl Reader {
    fn set_group(&mut self, group: String) {
        self.settle();
        self.group = Some(group);
        self.last = None;
    }

    fn term(&mut self, raw: &str, range: Range<usize>) {
        if !self.lines.is_empty() {
            self.settle();
        }
        self.pending.push(Draft::new(raw, range, &self.group));
        self.last = None;
    }

    fn def_line(&mut self, text: &str, range: Range<usize>, line: usize) {
        let width = display_width(text);
        self.max_width = self.max_width.max(width);
        self.last = Some((line, width, ends_sentence(text)));
        if self.pending.is_empty() {
            // A line after a row entry continues its definition; before any entry it
            // is the glossary's preface.
            if let Some(d) = self.done.last_mut() {
                push_wrapped(&mut d.definition, text);
                d.ranges.push(range);
            }
            return;
        }
        self.lines.push(DefLine {
            text: text.to_string(),
            range,
            line,
        });
    }

    /// Whether `line` continues the last definition line, which the PDF wrapped: no
    /// blank line between, the last line stops mid-sentence and fills the width.
    fn continues(&self, line: usize) -> bool {
        match self.last {
            Some((prev, width, sentence)) => {
                line == prev + 1 && !sentence && width >= 30 && width * 5 >= self.max_width * 4
            }
            None => false,
        }
    }

    fn row_entry(
        &mut self,
        term: &str,
        reading: Option<String>,
        def: &str,
        ranges: Vec<Range<usize>>,
    ) {
        self.settle();
        let first = ranges.first().cloned().unwrap_or_default();
        let mut d = Draft::new(term, first, &self.group);
        if d.reading.is_none() {
            d.reading = reading;
        }
        d.definition = def.trim().to_string();
        d.ranges = ranges;
        self.done.push(d);
        self.last = None;
    }

    /// Gives the waiting terms their definition lines.
    fn settle(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        let lines = std::mem::take(&mut self.lines);
        if pending.is_empty() {
            return;
        }
        if lines.is_empty() {
            self.orphans.extend(pending);
            return;
        }
        let k = pending.len();
        let paras = if k == 1 {
            vec![lines]
        } else {
            let by_gap = split_lines(&lines, |prev, next| next.line > prev.line + 1);
            if by_gap.len() == k {
                by_gap
            } else {
                let by_sentence = split_lines(&lines, |prev, next| {
                    next.line > prev.line + 1 || ends_sentence(&prev.text)
                });
                if by_sentence.len() == k {
                    by_sentence
                } else {
                    // The shapes do not pair up: the earlier "terms" were short
                    // paragraphs of the previous definition.
                    let last = pending.pop().expect("k > 1");
                    for p in pending.drain(..) {
                        match self.done.last_mut() {
                            Some(d) => d.add_paragraph(&p.term, p.ranges[0].clone()),
                            None => self.orphans.push(p),
                        }
                    }
                    pending.push(last);
                    vec![lines]
                }
            }
        };
        for (mut d, para) in pending.into_iter().zip(paras) {
            let mut text = String::new();
            let mut prev_line: Option<usize> = None;
            for l in &para {
                if prev_line.is_some_and(|p| l.line > p + 1) {
                    text.push('\n');
                }
                push_wrapped(&mut text, &l.text);
                d.ranges.push(l.range.clone());
                prev_line = Some(l.line);
            }
            d.definition = text;
            self.done.push(d);
        }
    }
}

/// Splits lines into runs, starting a new run where `cut(prev, next)` holds.
fn split_lines(lines: &[DefLine], cut: impl Fn(&DefLine, &DefLine) -> bool) -> Vec<Vec<DefLine>> {
    let mut out: Vec<Vec<DefLine>> = Vec::new();
    for l in lines {
        match out.last_mut() {
            Some(run) if !run.last().is_some_and(|p| cut(p, l)) => run.push(l.clone()),
            _ => out.push(vec![l.clone()]),
        }
    }
    out
}

/// Header cells of a glossary table.
fn is_header_cell(text: &str) -> bool {
    let t = squeeze(text);
    [
        "用語",
        "解説",
        "説明",
        "意味",
        "索引",
        "項目",
        "内容",
        "概要",
        "読み",
        "よみ",
        "No",
        "No.",
        "番号",
        "用語解説",
    ]
    .contains(&t.as_str())
}

fn is_all_kana(text: &str) -> bool {
    let t = squeeze(text);
    !t.is_empty() && t.chars().all(|c| is_kana(c) || c == '・')
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
    let found = read_glossary(input);
    let mut drafts = Vec::new();
    let mut warnings = Vec::new();
    let glossary_blocks = match found {
        Some(f) => {
            drafts = f.drafts;
            warnings = f.warnings;
            f.blocks
        }
        None => 0..0,
    };
    let mut inline = inline_boxes(input, &glossary_blocks);
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
    let mut warnings = Vec::new();
    let mut end = blocks.len();
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
        match flat_start(text) {
            Some(skip) => {
                read_flat(input.words.tokenizer(), text, b.range.start, skip, &mut r);
                if r.done.is_empty() {
                    r = Reader::default();
                    return false;
                }
                true
            }
            None => false,
        }
    })?;
    for (j, b) in blocks.iter().enumerate().skip(start + 1) {
        let text = block_text(input, b);
        if matches!(b.kind, BlockKind::Toc) || is_page_marker(text) || is_glossary_heading(text) {
            continue;
        }
        if let Some(g) = match &b.kind {
            BlockKind::Row(_) => None,
            _ => group_of(text),
        } {
            r.set_group(g);
            continue;
        }
        match &b.kind {
            BlockKind::Heading(h) if h.level == 1 || h.number.is_none() => {
                end = j;
                break;
            }
            BlockKind::Row(cells) => {
                let cells: Vec<_> = cells.iter().filter(|c| !c.text.is_empty()).collect();
                let separator = cells
                    .iter()
                    .all(|c| c.text.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
                if separator || cells.iter().all(|c| is_header_cell(&c.text)) {
                    continue;
                }
                let started = !r.done.is_empty() || !r.pending.is_empty();
                match cells.as_slice() {
                    [] => {}
                    [one] => {
                        if let Some(g) = group_of(&one.text) {
                            r.set_group(g);
                        } else if term_line(input.words.tokenizer(), &one.text) {
                            r.term(&one.text, one.range.clone());
                        } else {
                            r.def_line(&one.text, one.range.clone(), b.line);
                        }
                    }
                    [t, d] => {
                        // A first row whose "definition" is a short label is the header
                        // of a table (sometimes of another table, left on top).
                        let label = d.text.chars().count() <= 25
                            && !d.text.contains(['。', '、'])
                            && !ends_sentence(&d.text);
                        if !started && label {
                            continue;
                        }
                        r.row_entry(
                            &t.text,
                            None,
                            &d.text,
                            vec![t.range.clone(), d.range.clone()],
                        );
                    }
                    [a, t, d] => {
                        let ranges = vec![a.range.clone(), t.range.clone(), d.range.clone()];
                        if let Some(g) = group_of(&a.text) {
                            if r.group.as_deref() != Some(g.as_str()) {
                                r.set_group(g);
                            }
                            r.row_entry(&t.text, None, &d.text, ranges);
                        } else if a.text.chars().all(|c| c.is_ascii_digit()) {
                            r.row_entry(&t.text, None, &d.text, ranges);
                        } else if is_all_kana(&t.text) {
                            let reading = Some(to_katakana(&squeeze(&t.text)));
                            r.row_entry(&a.text, reading, &d.text, ranges);
                        } else {
                            let def = format!("{} {}", t.text, d.text);
                            r.row_entry(&a.text, None, &def, ranges);
                        }
                    }
                    _ if started => {
                        end = j;
                        break;
                    }
                    _ => {}
                }
            }
            _ => read_line(&mut r, input.words.tokenizer(), text, b),
        }
    }
    r.settle();
    let at_end = end == blocks.len();
    // The last entry of a text that stops mid-definition was cut off: report it rather
    // than keep half a definition.
    if at_end {
        if let Some(last) = r.done.last() {
            if !ends_complete(&last.definition) {
                let span = input.normalized.span_of(last.ranges.iter().cloned());
                warnings.push(Warning {
                    code: "glossary_entry_truncated".into(),
                    message: format!(
                        "glossary entry {:?} stops mid-definition at the end of the text; left out",
                        last.term
                    ),
                    span,
                });
                r.done.pop();
            }
        }
    }
    for o in &r.orphans {
        warnings.push(Warning {
            code: "glossary_term_without_definition".into(),
            message: format!("glossary line {:?} has no definition; left out", o.term),
            span: input.normalized.span_of(o.ranges.iter().cloned()),
        });
    }
    Some(Found {
        drafts: r.done,
        blocks: start..end,
        warnings,
    })
}

/// Reads one line of text (not a row) inside the glossary.
/// A term (group 1 of `c`) and the start of its definition on the same line (group 2,
/// when not blank); `base` is the line's offset in the text.
fn term_and_definition(r: &mut Reader, c: &regex::Captures<'_>, base: usize, line: usize) {
    let (t, d) = (c.get(1).expect("group 1"), c.get(2).expect("group 2"));
    r.term(t.as_str(), sub(base, t.range()));
    if !d.as_str().trim().is_empty() {
        r.def_line(d.as_str(), sub(base, d.range()), line);
    }
}

fn read_line(r: &mut Reader, tokenizer: &Tokenizer, text: &str, b: &Block) {
    static BRACKET: OnceLock<Regex> = OnceLock::new();
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    static ABBR: OnceLock<Regex> = OnceLock::new();
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    let base = b.range.start;
    if r.continues(b.line) {
        r.def_line(text, b.range.clone(), b.line);
        return;
    }
    // 【term】・・・definition, or 【term】 alone.
    if let Some(c) = re(&BRACKET, r"^【([^】]{1,40})】[\s・…:：\-－―─]*(.*)$").captures(text)
    {
        term_and_definition(r, &c, base, b.line);
        return;
    }
    // 1「term」definition
    if let Some(c) = re(
        &QUOTED,
        r"^[0-9]{1,3}\s*[.．、)）]?\s*[「『]([^」』]{1,40})[」』][\s:：・…]*(.*)$",
    )
    .captures(text)
    {
        term_and_definition(r, &c, base, b.line);
        return;
    }
    // ABBR(English words) definition: the English words belong to the definition.
    if let Some(c) = re(
        &ABBR,
        r"^([A-Za-z][A-Za-z0-9&./\-]{0,15})\s*([(（][A-Za-z][A-Za-z0-9 ,.&'/\-]{2,100}[)）]\s*\S.*)$",
    )
    .captures(text)
    {
        term_and_definition(r, &c, base, b.line);
        return;
    }
    // `(1) term` or `1 term` as a heading: the number is not part of the term.
    let text_no_number = match &b.kind {
        BlockKind::Heading(h) if h.number.is_some() => {
            let n = re(&NUMBER, r"^(?:\([0-9]{1,2}\)|[0-9]{1,2}|[①-⑳])\s*").find(text);
            n.map(|m| (m.end(), &text[m.end()..]))
        }
        _ => None,
    };
    if let Some((skip, rest)) = text_no_number.filter(|(_, t)| term_line(tokenizer, t)) {
        r.term(rest, base + skip..base + text.len());
        return;
    }
    if !matches!(b.kind, BlockKind::ListItem) && term_line(tokenizer, text) {
        r.term(text, b.range.clone());
    } else {
        r.def_line(text, b.range.clone(), b.line);
    }
}

/// Where the entries of a flattened glossary start, if `text` is one: a long line that
/// opens with a glossary heading word.
fn flat_start(text: &str) -> Option<usize> {
    if text.chars().count() < 100 {
        return None;
    }
    let lead = text.len() - text.trim_start_matches(|c: char| "■□◆◇●".contains(c)).len();
    heading_words()
        .iter()
        .filter(|w| text[lead..].starts_with(w.as_str()))
        .map(|w| lead + w.len())
        .max()
}

/// The row of the kana syllabary a kana belongs to (ア行 = 0 … ワ行 = 9).
fn kana_row(c: char) -> Option<usize> {
    const ROWS: [&str; 10] = [
        "アイウエオァィゥェォヴ",
        "カキクケコガギグゲゴヵヶ",
        "サシスセソザジズゼゾ",
        "タチツテトダヂヅデドッ",
        "ナニヌネノ",
        "ハヒフヘホバビブベボパピプペポ",
        "マミムメモ",
        "ヤユヨャュョ",
        "ラリルレロ",
        "ワヰヱヲンヮ",
    ];
    let k = to_katakana(&c.to_string()).chars().next()?;
    ROWS.iter().position(|r| r.contains(k))
}

/// Whether `term` is listed under index `index` (a letter or a kana): its first letter,
/// or the first kana of its reading, falls under the index.
fn under_index(tokenizer: &Tokenizer, index: &str, term: &str) -> bool {
    let (Some(i), Some(t)) = (index.chars().next(), term.chars().next()) else {
        return false;
    };
    if i.is_ascii_alphabetic() {
        return t.eq_ignore_ascii_case(&i);
    }
    let first = if is_kana(t) {
        Some(t)
    } else {
        dictionary_reading(tokenizer, term).and_then(|r| r.chars().next())
    };
    matches!((kana_row(i), first.and_then(kana_row)), (Some(a), Some(b)) if a == b)
}

/// Reads a glossary flattened to one line: `A ASP definition… C CATV網 definition… CMS
/// definition…`. Index letters split it; inside an index, a new entry starts after a
/// sentence end at a word that falls under the index.
fn read_flat(tokenizer: &Tokenizer, text: &str, base: usize, skip: usize, r: &mut Reader) {
    static DASHED: OnceLock<Regex> = OnceLock::new();
    let mut words: Vec<(&str, Range<usize>)> = Vec::new();
    let mut pos = skip;
    for w in text[skip..].split(' ') {
        if !w.is_empty() {
            words.push((w, pos..pos + w.len()));
        }
        pos += w.len() + 1;
    }
    // Page markers (`- 33 -`, `-33-`) and running headers go.
    let dashed = re(&DASHED, r"^[-‐–—－]?[0-9]{1,4}[-‐–—－]?$");
    let is_dash = |w: &str| matches!(w, "-" | "‐" | "–" | "—" | "－");
    let mut kept: Vec<(&str, Range<usize>)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].0;
        let triple = is_dash(w)
            && words
                .get(i + 1)
                .is_some_and(|n| n.0.chars().all(|c| c.is_ascii_digit()))
            && words.get(i + 2).is_some_and(|n| is_dash(n.0));
        if triple {
            i += 3;
            continue;
        }
        let marker = dashed.is_match(w) && w.chars().any(|c| !c.is_ascii_digit());
        if marker || is_glossary_heading(w) {
            i += 1;
            continue;
        }
        kept.push(words[i].clone());
        i += 1;
    }
    // Index letters: a single letter or kana followed by a term under it, in order.
    let mut index_at: Vec<usize> = Vec::new();
    let mut prev_letter: Option<char> = None;
    for (k, (w, _)) in kept.iter().enumerate() {
        let Some(g) = group_of(w).filter(|g| g.chars().count() == 1) else {
            continue;
        };
        let Some(next) = kept.get(k + 1) else {
            continue;
        };
        let c = g.chars().next().unwrap_or(' ');
        let in_order = !c.is_ascii_alphabetic() || prev_letter.is_none_or(|p| c >= p);
        if in_order && kept.get(k + 2).is_some() && under_index(tokenizer, &g, next.0) {
            index_at.push(k);
            if c.is_ascii_alphabetic() {
                prev_letter = Some(c);
            }
        }
    }
    for (n, &at) in index_at.iter().enumerate() {
        let stop = index_at.get(n + 1).copied().unwrap_or(kept.len());
        let index = kept[at].0;
        let section = &kept[at + 1..stop];
        r.set_group(index.to_string());
        let mut k = 0;
        while k < section.len() {
            let (term, term_range) = &section[k];
            let mut e = k + 1;
            while e < section.len() {
                let boundary = ends_sentence(section[e - 1].0)
                    && e > k + 1
                    && e + 1 < section.len()
                    && term_line(tokenizer, section[e].0)
                    && under_index(tokenizer, index, section[e].0);
                if boundary {
                    break;
                }
                e += 1;
            }
            let def_words = &section[k + 1..e];
            if let (Some(first), Some(last)) = (def_words.first(), def_words.last()) {
                let def: Vec<&str> = def_words.iter().map(|w| w.0).collect();
                let range = sub(base, first.1.start..last.1.end);
                r.row_entry(
                    term,
                    None,
                    &def.join(" "),
                    vec![sub(base, term_range.clone()), range],
                );
            }
            k = e;
        }
    }
}

/// In-body definition boxes: a `「X」とは` line and the paragraphs after it, up to the
/// next heading, label or table, or two blank lines.
fn inline_boxes(input: &Input<'_>, glossary: &Range<usize>) -> Vec<Draft> {
    static BOX: OnceLock<Regex> = OnceLock::new();
    let blocks = &input.segmented.blocks;
    let re_box = re(
        &BOX,
        r"^[■□◆◇●○\s]*[「『]([^」』]{1,40})[」』]\s*とは\s*[?？]?$",
    );
    let group = Some(INLINE_GROUP.to_string());
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if glossary.contains(&i) || !matches!(b.kind, BlockKind::Paragraph | BlockKind::Label(_)) {
            continue;
        }
        let text = block_text(input, b);
        let Some(c) = re_box.captures(text) else {
            continue;
        };
        let t = c.get(1).expect("group 1");
        let mut d = Draft::new(t.as_str(), sub(b.range.start, t.range()), &group);
        let mut prev = b.line;
        for n in &blocks[i + 1..] {
            let para = matches!(n.kind, BlockKind::Paragraph | BlockKind::ListItem);
            let far = n.line > prev + 2 && !d.definition.is_empty();
            if !para || far || re_box.is_match(&n.text) {
                break;
            }
            d.add_paragraph(block_text(input, n), n.range.clone());
            prev = n.line;
        }
        if !d.definition.is_empty() {
            out.push(d);
        }
    }
    out
}

/// Lower case, one character at a time: the same for a word alone and inside a longer
/// text (`str::to_lowercase` writes a final `Σ` as `ς`, which depends on what follows),
/// so a span's text and its words compare alike.
fn fold_case(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// The names a term goes by in running text: the term, and for `X(Y)` both X and Y
/// (`ロボット(RPA)` is mentioned as ロボット or RPA).
fn aliases(term: &str) -> Vec<String> {
    static PAREN: OnceLock<Regex> = OnceLock::new();
    let t = fold_case(&squeeze(term));
    let mut out = vec![t.clone()];
    if let Some(c) = re(&PAREN, r"^(.+?)\(([^()]+)\)(.*)$").captures(&t) {
        let outer = format!("{}{}", &c[1], &c[3]);
        out.push(outer);
        out.push(c[2].to_string());
    }
    out.retain(|a| a.chars().count() >= 2);
    out.dedup();
    out
}

/// Fills each entry's `mentions` with the ids of the measures and priorities whose text
/// uses the term. Matching is on tokens: a term matches whole tokens only (`AI` does not
/// match inside `MAIL`), the longest glossary term at a place wins, and a term followed
/// by a compound suffix (`クラウド` in `クラウド化`, `dictionaries/compound_suffixes.txt`)
/// is not mentioned there unless the compound is itself a term. Each measure or
/// priority span (overlapping ones merged) is segmented into words on its own.
pub fn link_mentions(
    entries: &mut [GlossaryEntry],
    measures: &[Measure],
    priorities: &[Priority],
    words: &Words<'_>,
    normalized: &Normalized,
) -> Result<(), Error> {
    if entries.is_empty() || (measures.is_empty() && priorities.is_empty()) {
        return Ok(());
    }
    let mut by_alias: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        for a in aliases(&e.term) {
            by_alias.entry(a).or_default().push(i);
        }
    }
    if by_alias.is_empty() {
        return Ok(());
    }
    let longest = by_alias.keys().map(String::len).max().unwrap_or(0);
    // Only text inside a measure or a priority can be a mention, so only those spans
    // are segmented into words (the rest of a plan is prose): the spans, merged.
    let mut spans: Vec<(usize, usize)> = measures
        .iter()
        .map(|m| (m.span.start, m.span.end))
        .chain(priorities.iter().map(|p| (p.span.start, p.span.end)))
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    // A span whose text, without its spaces, holds no alias cannot mention a term (the
    // words joined below are a run of its text with only spaces left out), so it is not
    // segmented at all: most measures use no glossary term.
    // (A glossary too large for one regex is not filtered: every span is segmented.)
    let any_alias = Regex::new(
        &by_alias
            .keys()
            .map(|a| regex::escape(a))
            .collect::<Vec<_>>()
            .join("|"),
    )
    .ok();
    // The words in spans, as (lowercased surface, source offset, index of its span):
    // words of different spans are never joined into one term.
    let mut spoken: Vec<(String, usize, usize)> = Vec::new();
    for (k, &(a, b)) in merged.iter().enumerate() {
        let range = normalized.map.to_output(a..b);
        let text = fold_case(&squeeze(words.text_of(range.clone())));
        if any_alias.as_ref().is_some_and(|re| !re.is_match(&text)) {
            continue;
        }
        for t in words.in_range(range)? {
            if t.surface.trim().is_empty() {
                continue;
            }
            let at = normalized.map.to_source_pos(t.start, false);
            if (a..b).contains(&at) {
                spoken.push((fold_case(&t.surface), at, k));
            }
        }
    }
    // (source offset, entry) of every mention in the document.
    let mut hits: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < spoken.len() {
        let mut joined = String::new();
        let mut best: Option<(usize, &Vec<usize>)> = None;
        for (j, (w, _, span)) in spoken.iter().enumerate().skip(i) {
            joined.push_str(w);
            if joined.len() > longest || *span != spoken[i].2 {
                break;
            }
            if let Some(es) = by_alias.get(&joined) {
                best = Some((j, es));
            }
        }
        match best {
            Some((j, es)) => {
                let compound = spoken.get(j + 1).is_some_and(|(w, _, span)| {
                    *span == spoken[i].2 && suffixes().iter().any(|s| s == w)
                });
                if !compound {
                    hits.extend(es.iter().map(|&e| (spoken[i].1, e)));
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
    let records = measures
        .iter()
        .map(|m| (&m.id, &m.span))
        .chain(priorities.iter().map(|p| (&p.id, &p.span)));
    hits.sort_unstable();
    for (id, span) in records {
        let from = hits.partition_point(|&(at, _)| at < span.start);
        for &(at, e) in &hits[from..] {
            if at >= span.end {
                break;
            }
            if !entries[e].mentions.contains(id) {
                entries[e].mentions.push(id.clone());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MeasureKind, Span};
    use crate::normalize::Normalizer;

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
    fn case_folds_alike_alone_and_in_a_text() {
        assert_eq!(fold_case("ΑΣ"), "ασ");
        assert_eq!(fold_case("ΑΣ B"), fold_case("ΑΣ") + " b");
        assert_eq!(fold_case("ＡＩとIoT"), "ａｉとiot");
    }

    #[test]
    fn definitions_lose_the_spaces_of_wrapped_japanese() {
        assert_eq!(
            tidy("ビジネス 用アプリ Web サ イト"),
            "ビジネス用アプリ Web サイト"
        );
    }

    fn measure(id: &str, text: &str, part: &str) -> Measure {
        let start = text.find(part).expect("part in text");
        Measure {
            id: id.into(),
            kind: MeasureKind::Plan,
            table: "t".into(),
            goal: None,
            strategy: None,
            title: part.into(),
            details: vec![],
            progress: vec![],
            status: None,
            category: None,
            repairs: vec![],
            span: Span {
                start,
                end: start + part.len(),
                line: 1,
                end_line: 1,
            },
        }
    }

    fn entry(term: &str) -> GlossaryEntry {
        GlossaryEntry {
            id: format!("g-{term}"),
            term: term.into(),
            reading: None,
            group: None,
            definition: "…".into(),
            mentions: vec![],
            span: Span::default(),
        }
    }

    #[test]
    fn mentions_match_whole_tokens_and_glossary_compounds_only() {
        let text = "AIを活用した窓口案内\nMAILの配信\n庁内システムのクラウド化\nクラウドサービスの導入\nロボット(RPA)による入力\nRPAの拡大\n";
        let normalized = Normalizer::default().normalize(text);
        let words = Words::new(Tokenizer::shared().expect("tokenizer"), &normalized.text);
        let measures = vec![
            measure("m-ai", text, "AIを活用した窓口案内"),
            measure("m-mail", text, "MAILの配信"),
            measure("m-cloudify", text, "庁内システムのクラウド化"),
            measure("m-cloud", text, "クラウドサービスの導入"),
            measure("m-rpa", text, "RPAの拡大"),
        ];
        let start = text.find("ロボット").unwrap();
        let priorities = vec![Priority {
            id: "p-robot".into(),
            title: "ロボット(RPA)による入力".into(),
            group: None,
            description: None,
            deadline: None,
            measures: vec![],
            span: Span {
                start,
                end: start + "ロボット(RPA)による入力".len(),
                line: 5,
                end_line: 5,
            },
        }];

        // Without クラウド化 in the glossary, クラウド is not mentioned by クラウド化.
        let mut entries = vec![entry("AI"), entry("クラウド"), entry("ロボット(RPA)")];
        link_mentions(&mut entries, &measures, &priorities, &words, &normalized).expect("words");
        assert_eq!(entries[0].mentions, ["m-ai"]);
        assert_eq!(entries[1].mentions, ["m-cloud"]);
        assert_eq!(entries[2].mentions, ["m-rpa", "p-robot"]);

        // With it, the compound is its own term and claims the place.
        let mut entries = vec![entry("クラウド"), entry("クラウド化")];
        link_mentions(&mut entries, &measures, &priorities, &words, &normalized).expect("words");
        assert_eq!(entries[0].mentions, ["m-cloud"]);
        assert_eq!(entries[1].mentions, ["m-cloudify"]);
    }
}
