//! Detector: a glossary recognised by its shape alone, with or without a heading: a run
//! of term → definition pairs (a short noun line, an optional English expansion line,
//! then definition paragraph(s); or `term：definition` on one line), group headings and
//! page furniture between them.
//! Each pair is scored from its features (`dictionaries/glossary_detect.tsv`); a run
//! with enough pairs and a high enough score is a glossary region, read like any other.

use std::ops::Range;

use super::blocks::is_expansion;
use super::features::pair_features;
use super::settings::Settings;
use super::{block_text, group_of, is_glossary_heading, is_page_marker, term_like};
use crate::extract::Input;
use crate::normalize::chars::squeeze;
use crate::segment::BlockKind;

/// What one block can be in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A group heading, a glossary heading, a page number: never breaks a run.
    Furniture,
    /// A short noun line: a term if a definition follows.
    Term,
    /// An English expansion line in brackets.
    Expansion,
    /// `term：definition` on one line: a pair by itself.
    Inline,
    /// Running text.
    Text,
    /// Anything a glossary run cannot hold (a table row, a numbered heading, a list).
    Stop,
}

fn role(input: &Input<'_>, i: usize) -> Role {
    let b = &input.segmented.blocks[i];
    let text = block_text(input, b);
    match &b.kind {
        BlockKind::Row(_) | BlockKind::Toc | BlockKind::ListItem => return Role::Stop,
        _ => {}
    }
    if is_page_marker(text) || is_glossary_heading(text) || group_of(text).is_some() {
        Role::Furniture
    } else if matches!(b.kind, BlockKind::Heading(_))
        || numbered_record(text)
        || crate::extract::indicators::is_inline_kpi(text)
    {
        // A heading, a numbered record (`施策2 …`) or a KPI line is no pair of a run.
        Role::Stop
    } else if is_expansion(text) {
        Role::Expansion
    } else if term_like(text) {
        Role::Term
    } else if colon_pair(text).is_some() {
        Role::Inline
    } else {
        Role::Text
    }
}

/// Whether a line opens a numbered record: a word of the `numbered` class of
/// `dictionaries/marks.tsv` and a number (`施策2 …`, `目標1 …`).
fn numbered_record(text: &str) -> bool {
    let t = text.trim_start();
    crate::vocab::marks().numbered.iter().any(|w| {
        t.strip_prefix(w.as_str())
            .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// `term：definition` (or `term:definition`): the term and the definition, when the
/// part before the first colon is term-like and something follows it.
pub(super) fn colon_pair(text: &str) -> Option<(&str, &str)> {
    // The first colon outside brackets: `RPA(Robotic Process Automation：…)：definition`.
    let mut level = 0i32;
    let (at, colon) = text.char_indices().find_map(|(i, c)| {
        match c {
            '(' | '（' => level += 1,
            ')' | '）' => level -= 1,
            ':' | '：' if level == 0 => return Some((i, c.len_utf8())),
            _ => {}
        }
        None
    })?;
    let (term, definition) = (text[..at].trim(), text[at + colon..].trim());
    // A colon inside brackets (`(Information Technology:情報技術)`, a wrapped line's
    // tail) is not a pair's: the part after it closes a bracket it did not open.
    let mut depth = 0i32;
    for c in definition.chars() {
        match c {
            '(' | '（' | '「' | '【' => depth += 1,
            ')' | '）' | '」' | '】' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    let opened = |t: &str| t.matches(['(', '（']).count() != t.matches([')', '）']).count();
    (term_like(term) && !opened(term) && !definition.is_empty()).then_some((term, definition))
}

/// One pair of a run: its blocks and score.
struct Pair {
    blocks: std::ops::Range<usize>,
    score: f64,
}

/// The region of a run: leading and trailing pairs that score low (a title and its
/// preface) are left out; `None` when the rest is not a glossary.
fn region(start: usize, pairs: &[Pair], settings: &Settings) -> Option<Range<usize>> {
    let good = |p: &&Pair| p.score >= settings.min_pair_score;
    let first = pairs.iter().position(|p| good(&p))?;
    let last = pairs.iter().rposition(|p| good(&p))?;
    let kept = &pairs[first..=last];
    let scores: Vec<f64> = kept.iter().map(|p| p.score).collect();
    if !settings.accepts(&scores, settings.min_run_pairs) {
        return None;
    }
    // Furniture between a dropped preface and the first entry (a group heading) stays.
    let from = match first {
        0 => start,
        _ => pairs[first - 1].blocks.end,
    };
    Some(from..kept[kept.len() - 1].blocks.end)
}

/// How much of a long definition's first lines the features read (its last line is
/// always read, for how it ends).
const DEFINITION_BYTES: usize = 1200;

/// A pair found by its roles, not scored yet: its blocks, and where its definition
/// starts (`None` for a `term：definition` line).
struct Found {
    blocks: Range<usize>,
    definition_from: Option<usize>,
}

/// The score of a found pair, from its features.
fn score(input: &Input<'_>, found: &Found, settings: &Settings) -> Pair {
    let blocks = &input.segmented.blocks;
    let tokenizer = input.words.tokenizer();
    let Found {
        blocks: range,
        definition_from,
    } = found;
    let at_end = range.end == blocks.len();
    let features = match *definition_from {
        Some(from) => {
            // What the features read: the definition's start and its end.
            let mut definition = String::new();
            for (k, b) in blocks.iter().enumerate().take(range.end).skip(from) {
                if definition.len() > DEFINITION_BYTES && k + 1 < range.end {
                    continue;
                }
                definition.push_str(&squeeze(block_text(input, b)));
            }
            let term = block_text(input, &blocks[range.start]);
            pair_features(tokenizer, term, &definition, at_end)
        }
        None => {
            let (term, definition) =
                colon_pair(block_text(input, &blocks[range.start])).unwrap_or_default();
            pair_features(tokenizer, term, definition, at_end)
        }
    };
    Pair {
        blocks: range.clone(),
        score: settings.pair_score(features),
    }
}

/// The glossary regions (block ranges) found by shape outside the `taken` ones.
pub(super) fn runs(input: &Input<'_>, taken: &[Range<usize>]) -> Vec<Range<usize>> {
    let blocks = &input.segmented.blocks;
    let settings = Settings::get();
    let roles: Vec<Role> = (0..blocks.len())
        .map(|i| {
            if taken.iter().any(|r| r.contains(&i)) {
                Role::Stop
            } else {
                role(input, i)
            }
        })
        .collect();
    let mut out = Vec::new();
    // The open run: where it starts (its leading furniture included) and its pairs.
    let mut start: Option<usize> = None;
    let mut found: Vec<Found> = Vec::new();
    // Pairs are scored (their words tokenized) only in a run long enough to be a
    // glossary: most runs in a plan are a heading and its paragraph.
    let mut close = |start: &mut Option<usize>, found: &mut Vec<Found>| {
        if let Some(s) = start.take()
            && found.len() >= settings.min_run_pairs.max(1)
        {
            let pairs: Vec<Pair> = found.iter().map(|f| score(input, f, settings)).collect();
            out.extend(region(s, &pairs, settings));
        }
        found.clear();
    };
    let mut i = 0;
    while i < blocks.len() {
        match roles[i] {
            Role::Furniture => {
                start.get_or_insert(i);
                i += 1;
            }
            Role::Term => {
                let mut j = i + 1;
                while j < blocks.len() && roles[j] == Role::Expansion {
                    j += 1;
                }
                let def_from = j;
                while j < blocks.len() && roles[j] == Role::Text {
                    j += 1;
                }
                if j == def_from {
                    // A short line with no definition after it: not a pair.
                    close(&mut start, &mut found);
                    i += 1;
                    continue;
                }
                start.get_or_insert(i);
                found.push(Found {
                    blocks: i..j,
                    definition_from: Some(def_from),
                });
                i = j;
            }
            Role::Inline => {
                start.get_or_insert(i);
                found.push(Found {
                    blocks: i..i + 1,
                    definition_from: None,
                });
                i += 1;
            }
            Role::Expansion | Role::Text | Role::Stop => {
                close(&mut start, &mut found);
                i += 1;
            }
        }
    }
    close(&mut start, &mut found);
    out
}
