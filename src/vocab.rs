//! The vocabularies of `dictionaries/`, embedded at build time: implementation-status
//! words, plan-category words and prefecture names. A reviewer extends them by editing
//! those files; no code changes.
//!
//! This module maps words to codes; it does not find the words in a document.

use crate::normalize::chars::squeeze;
use std::sync::OnceLock;

use crate::model::Coded;

const STATUS_TSV: &str = include_str!("../dictionaries/status.tsv");
const CATEGORY_TSV: &str = include_str!("../dictionaries/category.tsv");
const PREFECTURES_TXT: &str = include_str!("../dictionaries/prefectures.txt");
const COLUMNS_TSV: &str = include_str!("../dictionaries/columns.tsv");
const MEASURE_LISTS_TXT: &str = include_str!("../dictionaries/measure_lists.txt");
const PLAN_WORDS_TXT: &str = include_str!("../dictionaries/plan_words.txt");
const MARKS_TSV: &str = include_str!("../dictionaries/marks.tsv");
const MEASURE_SHAPES_TSV: &str = include_str!("../dictionaries/measure_shapes.tsv");

/// A word list mapping words to codes, longest word first.
#[derive(Debug)]
pub struct CodeList {
    entries: Vec<(String, String)>,
}

impl CodeList {
    fn parse(tsv: &str) -> Self {
        let mut entries: Vec<(String, String)> = tsv
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (w, c) = l.split_once('\t')?;
                Some((w.trim().to_string(), c.trim().to_string()))
            })
            .collect();
        entries.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        Self { entries }
    }

    /// The code of a cell that is exactly one of the words (spaces ignored).
    pub fn code(&self, word: &str) -> Option<&str> {
        let w = squeeze(word);
        self.entries
            .iter()
            .find(|(k, _)| *k == w)
            .map(|(_, c)| c.as_str())
    }

    /// `{text, code}` for a cell, with code `other` when the word is unknown.
    pub fn coded(&self, text: &str) -> Coded {
        let text = text.trim().to_string();
        let code = self.code(&text).unwrap_or("other").to_string();
        Coded { text, code }
    }

    /// Whether the cell is exactly one of the words.
    pub fn is_word(&self, text: &str) -> bool {
        self.code(text).is_some()
    }

    /// The distinct codes, sorted.
    pub fn codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.entries.iter().map(|(_, c)| c.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    /// The words, longest first.
    pub fn words(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(w, c)| (w.as_str(), c.as_str()))
    }
}

/// Implementation-status words (`dictionaries/status.tsv`).
pub fn statuses() -> &'static CodeList {
    static V: OnceLock<CodeList> = OnceLock::new();
    V.get_or_init(|| CodeList::parse(STATUS_TSV))
}

/// Plan-category words (`dictionaries/category.tsv`).
pub fn categories() -> &'static CodeList {
    static V: OnceLock<CodeList> = OnceLock::new();
    V.get_or_init(|| CodeList::parse(CATEGORY_TSV))
}

/// Column-header words of measure tables (`dictionaries/columns.tsv`): word → role
/// (`goal`, `strategy`, `title`, `progress`, `status`, `category`, `indicator`).
pub fn columns() -> &'static CodeList {
    static V: OnceLock<CodeList> = OnceLock::new();
    V.get_or_init(|| CodeList::parse(COLUMNS_TSV))
}

/// Lines that head a bullet list of measures (`dictionaries/measure_lists.txt`).
pub fn measure_lists() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| {
        MEASURE_LISTS_TXT
            .lines()
            .map(|l| l.split_whitespace().collect::<String>())
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Keyed entries (`key<TAB>value`, a key may repeat): the vocabulary, thresholds and
/// weights of the measure detectors (`dictionaries/measure_shapes.tsv`).
#[derive(Debug)]
pub struct Keyed {
    entries: Vec<(String, String)>,
}

impl Keyed {
    fn parse(tsv: &str) -> Self {
        let entries = tsv
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (k, v) = l.split_once('\t')?;
                Some((k.trim().to_string(), squeeze(v)))
            })
            .collect();
        Self { entries }
    }

    /// Every value of `key`, spaces removed, in file order.
    pub fn list(&self, key: &str) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The number of `key`. Panics when the shipped file lacks it (a build error, caught
    /// by the tests).
    pub fn number(&self, key: &str) -> f64 {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or_else(|| panic!("dictionaries/measure_shapes.tsv: no number {key}"))
    }
}

/// The measure detectors' vocabulary and weights (`dictionaries/measure_shapes.tsv`).
pub fn measure_shapes() -> &'static Keyed {
    static V: OnceLock<Keyed> = OnceLock::new();
    V.get_or_init(|| Keyed::parse(MEASURE_SHAPES_TSV))
}

/// Words that show a text is about a plan (`dictionaries/plan_words.txt`).
pub fn plan_words() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| word_list(PLAN_WORDS_TXT))
}

/// The 47 prefectures (`dictionaries/prefectures.txt`).
pub fn prefectures() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| word_list(PREFECTURES_TXT))
}

/// The entries of a one-word-a-line list: trimmed, blank lines and `#` comments left out.
fn word_list(txt: &str) -> Vec<String> {
    txt.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// The marks and words that open a record inside a line (`dictionaries/marks.tsv`).
#[derive(Debug, Default)]
pub struct Marks {
    /// Bullets, heading and note marks (`・`, `■`, `※` …).
    pub bullets: Vec<char>,
    /// Brackets that open a label or a term (`【`, `<` …).
    pub opens: Vec<char>,
    /// Words that open a record after a space (`用語集` …).
    pub headings: Vec<String>,
    /// Words that number a record (`目標` in `目標2 …`).
    pub numbered: Vec<String>,
    /// Units and date parts that follow a number (`年`, `件` …), longest first.
    pub counters: Vec<String>,
}

/// The marks of `dictionaries/marks.tsv`.
pub fn marks() -> &'static Marks {
    static V: OnceLock<Marks> = OnceLock::new();
    V.get_or_init(|| {
        let mut m = Marks::default();
        for line in MARKS_TSV.lines() {
            let Some((class, entry)) = line.split_once('\t') else {
                continue;
            };
            let entry = entry.trim();
            let first = entry.chars().next();
            match (class.trim(), first) {
                (_, None) => {}
                ("bullet", Some(c)) => m.bullets.push(c),
                ("open", Some(c)) => m.opens.push(c),
                ("heading", _) => m.headings.push(entry.to_string()),
                ("numbered", _) => m.numbered.push(entry.to_string()),
                ("counter", _) => m.counters.push(entry.to_string()),
                _ => {}
            }
        }
        m.counters.sort_by_key(|w| std::cmp::Reverse(w.len()));
        m
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_and_variants() {
        let s = statuses();
        assert_eq!(s.code("概ね実施"), Some("mostly_implemented"));
        assert_eq!(s.code("おおむね実施"), Some("mostly_implemented"));
        assert_eq!(s.code("一部実施済"), Some("partially_implemented"));
        assert_eq!(s.code("実施済み"), Some("implemented"));
        assert_eq!(s.code(" 完了 "), Some("completed"));
        assert_eq!(s.code("未実施"), Some("not_implemented"));
        assert_eq!(s.coded("保留").code, "other");
    }

    #[test]
    fn categories_and_prefectures() {
        assert_eq!(categories().code("新規"), Some("new"));
        assert_eq!(categories().code("拡充"), Some("expanded"));
        assert_eq!(prefectures().len(), 47);
    }
}
