//! Detector: a whole glossary flattened to one line with no index letters
//! (`用語集 TERM definition。 TERM(English) definition。 …`). The line is cut into
//! space-separated chunks (a bracket keeps its chunks together); after a sentence end,
//! past page furniture, an entry starts where a short run of noun chunks (the term,
//! an English expansion glued on) is followed by a chunk that can open a definition.
//! Entries in a row that score well (`dictionaries/glossary_detect.tsv`) are a glossary.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::blocks::is_header_cell;
use super::features::pair_features;
use super::reader::Reader;
use super::settings::Settings;
use super::{
    ends_complete, ends_sentence, group_of, is_glossary_heading, is_page_marker, re, sub, term_line,
};
use crate::extract::Input;
use crate::model::Warning;
use crate::tokenize::Tokenizer;

/// One entry read from a flattened line; ranges are offsets in the line.
#[derive(Debug, Clone)]
pub(super) struct FlatEntry {
    pub term: String,
    pub term_range: Range<usize>,
    pub definition: Range<usize>,
    score: f64,
}

/// What a flattened line holds: its entries, and the last one if the line stops
/// inside its definition.
#[derive(Debug, Default)]
pub(super) struct FlatRun {
    pub entries: Vec<FlatEntry>,
    pub truncated: Option<FlatEntry>,
}

/// Space-separated chunks of `text` with their ranges (`dropped(i)`: the source had a
/// space before offset `i` that normalization removed); spaces inside brackets do not
/// separate (`FTTH(Fiber To The Home)` is one chunk) unless the bracket runs long; a
/// chunk that opens with `【` ends at its `】`.
fn chunks(text: &str, dropped: &dyn Fn(usize) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        // A space the normalize stage dropped after a sentence end (`…の総称。 電子署名`
        // became `…の総称。電子署名`) still separates.
        if prev == Some('。') && (dropped(i) || c == '\n') {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            depth = 0;
        }
        prev = Some(c);
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let long = start.is_some_and(|s| i - s > 240);
        // A line break (of a flattened line hard-wrapped) joins, except after a sentence end.
        if c == '\n' {
            continue;
        }
        if c == ' ' && (depth == 0 || long) {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            depth = 0;
        } else if c != ' ' && start.is_none() {
            start = Some(i);
        }
        // A bracketed term (`【term】・・・…`) is a chunk of its own.
        if let Some(s) = start.filter(|&s| c == '】' && text[s..].starts_with('【')) {
            out.push(s..i + c.len_utf8());
            start = None;
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// A chunk that is page furniture or a header, never part of an entry: a page number
/// (`52`, `- 33 -`), a glossary heading or running header (`用語集(I~I)`), a group
/// heading, a table header word, an index range in brackets (`(A~I)`).
fn is_furniture(chunk: &str) -> bool {
    static RANGE: OnceLock<Regex> = OnceLock::new();
    static TRAILING: OnceLock<Regex> = OnceLock::new();
    let dash = matches!(chunk, "-" | "‐" | "–" | "—" | "－");
    let core = re(&TRAILING, r"[(（][^()（）]{1,12}[)）]$").replace(chunk, "");
    dash || is_page_marker(chunk)
        || is_glossary_heading(chunk)
        || (!core.is_empty() && is_glossary_heading(&core))
        || group_of(chunk).is_some()
        || is_header_cell(chunk)
        || re(
            &RANGE,
            r"^[(（][A-Za-zぁ-んァ-ン]\s*[~～〜\-－]\s*[A-Za-zぁ-んァ-ン][)）]$",
        )
        .is_match(chunk)
}

/// A term without the English expansion glued to it: `FTTH(Fiber To The Home)` → `FTTH`.
fn without_expansion(term: &str) -> &str {
    static EXPANSION: OnceLock<Regex> = OnceLock::new();
    match re(
        &EXPANSION,
        r"^([A-Za-z0-9][^()（）]*?)\s*[(（][A-Za-z][A-Za-z0-9 ,.&'/\-]*[)）]$",
    )
    .captures(term)
    {
        Some(c) => c.get(1).map_or(term, |m| m.as_str()),
        None => term,
    }
}

/// Whether a chunk can open a definition: it does not start with a particle or an
/// auxiliary (`という表現が…` continues a sentence).
fn opens_definition(tokenizer: &Tokenizer, chunk: &str) -> bool {
    let Ok(tokens) = tokenizer.tokenize_detailed(chunk) else {
        return false;
    };
    tokens.first().is_some_and(|t| {
        let pos = t.part_of_speech.as_str();
        !pos.starts_with("助詞") && !pos.starts_with("助動詞")
    })
}

/// The term starting at chunk `p`: (chunks it takes, term text), the longest that
/// reads as a term.
fn term_at(
    tokenizer: &Tokenizer,
    text: &str,
    cs: &[Range<usize>],
    p: usize,
) -> Option<(usize, String)> {
    let settings = Settings::get();
    (1..=settings.max_term_chunks).rev().find_map(|k| {
        let def = cs.get(p + k)?;
        let parts = &cs[p..p + k];
        let short = parts[1..]
            .iter()
            .all(|c| text[c.clone()].chars().count() <= settings.max_extra_term_chunk_chars);
        if !short || parts.iter().any(|c| is_furniture(&text[c.clone()])) {
            return None;
        }
        let raw = &text[parts[0].start..parts[k - 1].end];
        let term = without_expansion(raw).trim_matches(|c| "【】「」『』".contains(c));
        let def_text = &text[def.clone()];
        let ok = term_line(tokenizer, term)
            && !is_furniture(def_text)
            && opens_definition(tokenizer, def_text);
        ok.then(|| (k, term.to_string()))
    })
}

/// The first chunk at or after `p` that is not furniture.
fn skip_furniture(text: &str, cs: &[Range<usize>], mut p: usize) -> usize {
    while p < cs.len() && is_furniture(&text[cs[p].clone()]) {
        p += 1;
    }
    p
}

/// Reads a flattened line; `None` unless it holds a run of entries that makes a
/// glossary.
pub(super) fn read_flat_run(
    tokenizer: &Tokenizer,
    text: &str,
    dropped: &dyn Fn(usize) -> bool,
) -> Option<FlatRun> {
    let settings = Settings::get();
    if text.chars().count() < settings.min_flat_line_chars {
        return None;
    }
    read_pairs(tokenizer, text, dropped, settings.min_run_pairs)
}

/// Reads the rest of a line inside a glossary already found (after a group heading,
/// `【カ】term definition。 term definition。`): the glossary is the evidence, so a line
/// of any length and a single well-scored entry (or one cut off by the text's end) do.
pub(super) fn read_flat_in_glossary(
    tokenizer: &Tokenizer,
    text: &str,
    dropped: &dyn Fn(usize) -> bool,
) -> Option<FlatRun> {
    read_pairs(tokenizer, text, dropped, 1)
}

/// The best run of at least `min_pairs` entries in `text` (or, with none complete, the
/// entry cut off by its end).
fn read_pairs(
    tokenizer: &Tokenizer,
    text: &str,
    dropped: &dyn Fn(usize) -> bool,
    min_pairs: usize,
) -> Option<FlatRun> {
    let settings = Settings::get();
    let cs = chunks(text, dropped);
    // A run of entries is at least a term and a definition per pair: a line of fewer
    // chunks (most prose) is not tokenized at all.
    if cs.len() < 2 * min_pairs.max(1) {
        return None;
    }
    let mut runs: Vec<FlatRun> = vec![FlatRun::default()];
    let mut p = 0;
    while p < cs.len() {
        let q = skip_furniture(text, &cs, p);
        let Some((k, term)) = term_at(tokenizer, text, &cs, q).filter(|_| q < cs.len()) else {
            // Not an entry: skip to the chunk after the next sentence end.
            let next = (p..cs.len()).find(|&e| ends_sentence(&text[cs[e].clone()]));
            p = next.map_or(cs.len(), |e| e + 1);
            if runs.last().is_some_and(|r| !r.entries.is_empty()) {
                runs.push(FlatRun::default());
            }
            continue;
        };
        // The definition runs to a sentence end followed by the next entry.
        let d = q + k;
        // Leader dots between a term and its definition (`【term】 ・・・definition`).
        let lead = text[cs[d].clone()]
            .find(|c: char| !"・…:：-－―─".contains(c))
            .unwrap_or(0);
        let mut e = d;
        let mut complete = false;
        while e < cs.len() {
            if ends_sentence(&text[cs[e].clone()]) {
                let n = skip_furniture(text, &cs, e + 1);
                if n == cs.len() || term_at(tokenizer, text, &cs, n).is_some() {
                    complete = true;
                    break;
                }
            }
            e += 1;
        }
        let last = e.min(cs.len() - 1);
        let definition = cs[d].start + lead..cs[last].end;
        let at_end = e >= cs.len();
        let def_text = &text[definition.clone()];
        let features = pair_features(tokenizer, &term, def_text, at_end);
        let entry = FlatEntry {
            term,
            term_range: cs[q].start..cs[q + k - 1].end,
            definition,
            score: settings.pair_score(features),
        };
        let run = runs.last_mut().expect("a run");
        if !complete && !ends_complete(def_text) {
            run.truncated = Some(entry);
        } else {
            run.entries.push(entry);
        }
        p = last + 1;
    }
    // A lone entry the text's end cut off, where one entry is evidence enough.
    let cut_off = (min_pairs <= 1)
        .then(|| runs.iter().find_map(|r| r.truncated.clone()))
        .flatten()
        .filter(|e| e.score >= settings.min_pair_score);
    // The best run, its low-scoring entries at either end left out.
    runs.into_iter()
        .filter_map(|mut r| {
            let good = |e: &FlatEntry| e.score >= settings.min_pair_score;
            let first = r.entries.iter().position(good)?;
            let last = r.entries.iter().rposition(good)?;
            r.entries.truncate(last + 1);
            r.entries.drain(..first);
            let scores: Vec<f64> = r.entries.iter().map(|e| e.score).collect();
            settings.accepts(&scores, min_pairs).then_some(r)
        })
        .max_by_key(|r| r.entries.len())
        .or_else(|| {
            cut_off.map(|e| FlatRun {
                entries: Vec::new(),
                truncated: Some(e),
            })
        })
}
/// Takes the entries of a flattened run read from `text` (at byte `base` of the
/// normalized text) into `r`; the warning for an entry the text's end cut off.
pub(super) fn take(
    input: &Input<'_>,
    r: &mut Reader,
    run: &FlatRun,
    text: &str,
    base: usize,
) -> Vec<Warning> {
    for e in &run.entries {
        let ranges = vec![
            sub(base, e.term_range.clone()),
            sub(base, e.definition.clone()),
        ];
        let def = text[e.definition.clone()].replace('\n', "");
        r.row_entry(&e.term, None, &def, ranges);
    }
    run.truncated
        .iter()
        .map(|e| Warning {
            code: "glossary_entry_truncated".into(),
            message: format!(
                "glossary entry {:?} stops mid-definition at the end of its line; left out",
                e.term
            ),
            item: None,
            span: input
                .normalized
                .span_of([sub(base, e.term_range.start..e.definition.end)]),
        })
        .collect()
}
