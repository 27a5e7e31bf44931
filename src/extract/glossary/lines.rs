//! The lines a glossary holds that are not entries: its heading (or running header),
//! a group heading (`【ア】`, `ア行`, a bare index letter) and a page marker. Each is told
//! from one line's text; this file does not read entries.

use std::sync::OnceLock;

use regex::Regex;

use super::{group_words, heading_words, is_kana, re};
use crate::normalize::chars::{more_chars_than, squeeze};

/// The brackets trimmed off a heading's core.
const HEADING_TRIM: &str = "【】<>＜＞〈〉《》[]()「」";

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
    t.trim_matches(|c: char| HEADING_TRIM.contains(c))
        .to_string()
}

/// Whether a line is a glossary heading (or, inside the glossary, its running header).
pub fn is_glossary_heading(text: &str) -> bool {
    // A heading ends as one of the words does (marks and spaces aside): most lines are
    // turned away here, before their core is built.
    let last = text
        .chars()
        .rev()
        .find(|c| !c.is_whitespace() && !HEADING_TRIM.contains(*c));
    let ends_as_a_word = last.is_some_and(|l| {
        heading_words().iter().any(|w| {
            w.chars()
                .next_back()
                .is_some_and(|e| e.eq_ignore_ascii_case(&l))
        })
    });
    if !ends_as_a_word {
        return false;
    }
    let core = heading_core(text);
    heading_words()
        .iter()
        .any(|w| w.eq_ignore_ascii_case(&core))
}

/// The group a line names, if it is a group heading: a word of
/// `dictionaries/glossary_groups.txt`, a single letter or kana (`A`, 【ア】), or a kana
/// row (`ア行`, `あ行`).
pub fn group_of(text: &str) -> Option<String> {
    static ROW: OnceLock<Regex> = OnceLock::new();
    static LONGEST: OnceLock<usize> = OnceLock::new();
    const MARKS: &str = "■□◆◇●○【】<>＜＞〈〉《》[]()";
    // The longest a group can be: its longest word, or a kana row (`あ行`). Most lines
    // are longer, and are turned away before their squeezed text is built.
    let longest = *LONGEST.get_or_init(|| {
        group_words()
            .iter()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0)
            .max(3)
    });
    if more_chars_than(text, longest, |c| MARKS.contains(c)) {
        return None;
    }
    let core = squeeze(text);
    let core = core.trim_matches(|c: char| MARKS.contains(c)).to_string();
    let mut chars = core.chars();
    let single = match (chars.next(), chars.next()) {
        (Some(c), None) => c.is_ascii_alphabetic() || is_kana(c),
        _ => false,
    };
    let known = group_words().contains(&core);
    (single || known || re(&ROW, r"^[ぁ-んァ-ン]{1,2}行$").is_match(&core)).then_some(core)
}

/// A page number or page marker on its own: `61`, `- 33 -`, `p.12`, `12ページ`.
pub(super) fn is_page_marker(text: &str) -> bool {
    static PAGE: OnceLock<Regex> = OnceLock::new();
    re(
        &PAGE,
        r"^[-‐–—－~～\s]*(?:[pP]\.?\s*)?[0-9]{1,4}(?:\s*ページ)?[-‐–—－~～\s]*$",
    )
    .is_match(text.trim())
}
