//! Detector: a whole glossary flattened to one line under index letters
//! (`用語集 A ASP definition… C CATV網 definition… CMS definition…`).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::{
    Reader, dictionary_reading, ends_sentence, group_of, heading_words, is_glossary_heading,
    is_kana, re, sub, term_line, to_katakana,
};
use crate::tokenize::Tokenizer;

/// Where the entries of a flattened glossary start, if `text` is one: a long line that
/// opens with a glossary heading word.
pub(super) fn flat_start(text: &str) -> Option<usize> {
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
pub(super) fn read_flat(
    tokenizer: &Tokenizer,
    text: &str,
    base: usize,
    skip: usize,
    r: &mut Reader,
) {
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
