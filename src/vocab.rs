//! The vocabularies of `dictionaries/`, embedded at build time: implementation-status
//! words, plan-category words and prefecture names. A reviewer extends them by editing
//! those files; no code changes.
//!
//! This module maps words to codes; it does not find the words in a document.

use crate::normalize::chars::squeeze;
use std::sync::OnceLock;

use crate::model::Coded;

/// Every vocabulary file shipped in `dictionaries/`, embedded at build time: the one
/// place the files are read into the program.
const FILES: &[(&str, &str)] = &[
    ("category.tsv", include_str!("../dictionaries/category.tsv")),
    ("columns.tsv", include_str!("../dictionaries/columns.tsv")),
    (
        "compound_suffixes.txt",
        include_str!("../dictionaries/compound_suffixes.txt"),
    ),
    (
        "deadlines.tsv",
        include_str!("../dictionaries/deadlines.tsv"),
    ),
    ("eras.tsv", include_str!("../dictionaries/eras.tsv")),
    (
        "glossary_definition_endings.tsv",
        include_str!("../dictionaries/glossary_definition_endings.tsv"),
    ),
    (
        "glossary_detect.tsv",
        include_str!("../dictionaries/glossary_detect.tsv"),
    ),
    (
        "glossary_endings.txt",
        include_str!("../dictionaries/glossary_endings.txt"),
    ),
    (
        "glossary_groups.txt",
        include_str!("../dictionaries/glossary_groups.txt"),
    ),
    (
        "glossary_headings.txt",
        include_str!("../dictionaries/glossary_headings.txt"),
    ),
    (
        "indicator_shapes.tsv",
        include_str!("../dictionaries/indicator_shapes.tsv"),
    ),
    (
        "indicators.tsv",
        include_str!("../dictionaries/indicators.tsv"),
    ),
    ("lineage.tsv", include_str!("../dictionaries/lineage.tsv")),
    ("marks.tsv", include_str!("../dictionaries/marks.tsv")),
    (
        "measure_lists.txt",
        include_str!("../dictionaries/measure_lists.txt"),
    ),
    (
        "measure_shapes.tsv",
        include_str!("../dictionaries/measure_shapes.tsv"),
    ),
    ("pdf.tsv", include_str!("../dictionaries/pdf.tsv")),
    (
        "plan_words.txt",
        include_str!("../dictionaries/plan_words.txt"),
    ),
    (
        "plausible.tsv",
        include_str!("../dictionaries/plausible.tsv"),
    ),
    ("split.tsv", include_str!("../dictionaries/split.tsv")),
    (
        "prefectures.txt",
        include_str!("../dictionaries/prefectures.txt"),
    ),
    (
        "priorities.tsv",
        include_str!("../dictionaries/priorities.tsv"),
    ),
    ("status.tsv", include_str!("../dictionaries/status.tsv")),
    ("themes.tsv", include_str!("../dictionaries/themes.tsv")),
    ("units.tsv", include_str!("../dictionaries/units.tsv")),
    (
        "user_dict.csv",
        include_str!("../dictionaries/user_dict.csv"),
    ),
];

/// Whether a vocabulary has been read: after that, other files cannot be supplied.
static USED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Files a user supplied in place of the shipped ones (see [`use_directory`]).
static OVERRIDES: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();

/// The text of the vocabulary file `name` (e.g. `status.tsv`): the user's copy when
/// [`use_directory`] supplied one, else the shipped one. Panics on a name that is not
/// shipped (a programming error, caught by the tests).
pub fn text(name: &str) -> &'static str {
    USED.store(true, std::sync::atomic::Ordering::Relaxed);
    if let Some(own) = OVERRIDES
        .get()
        .and_then(|o| o.iter().find(|(n, _)| *n == name))
    {
        return own.1.as_str();
    }
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("no vocabulary file dictionaries/{name}"))
}

/// The names of the vocabulary files, in order.
pub fn file_names() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(n, _)| *n)
}

/// Reads the vocabulary files found in `dir` (named as in `dictionaries/`) in place of
/// the shipped ones, for the whole process; files it lacks stay as shipped. Must come
/// before any vocabulary is used. A file whose name keikaku does not know, or that is
/// not UTF-8, is an error naming it.
pub fn use_directory(dir: &std::path::Path) -> Result<(), crate::Error> {
    let io = |path: &std::path::Path, e: std::io::Error| crate::Error::Io(e).in_file(path);
    if USED.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(crate::Error::Vocabulary(
            "the shipped vocabularies were already in use".into(),
        )
        .in_file(dir));
    }
    let mut own = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| io(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| io(dir, e))?.path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if file.starts_with('.') || !path.is_file() {
            continue;
        }
        let Some(name) = file_names().find(|n| *n == file) else {
            if matches!(file, "IPADIC-LICENSE" | "ipadic-metadata.json") {
                continue;
            }
            return Err(crate::Error::Vocabulary(format!(
                "not a vocabulary file keikaku reads (known: {})",
                file_names().collect::<Vec<_>>().join(", ")
            ))
            .in_file(&path));
        };
        let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
        own.push((name, text));
    }
    OVERRIDES.set(own).map_err(|_| {
        crate::Error::Vocabulary("the vocabularies were already in use".into()).in_file(dir)
    })
}

/// The fingerprint of the vocabularies in use, recorded in every output: the build's
/// (the shipped files and the IPADIC source), and the user's files when any.
pub fn fingerprint() -> String {
    let built = env!("KEIKAKU_DICTIONARY_FINGERPRINT");
    match OVERRIDES.get().filter(|o| !o.is_empty()) {
        None => built.to_string(),
        Some(own) => {
            use sha2::{Digest, Sha256};
            let mut h = Sha256::new();
            h.update(built.as_bytes());
            for (name, text) in own {
                h.update([0x1e]);
                h.update(name.as_bytes());
                h.update([0x1f]);
                h.update(text.as_bytes());
            }
            format!("{built}+{}", crate::decode::hex(&h.finalize()[..8]))
        }
    }
}

/// A word list mapping words to codes, longest word first.
#[derive(Debug)]
pub struct CodeList {
    entries: Vec<(String, String)>,
    /// The longest word's length in bytes.
    longest: usize,
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
        let longest = entries.iter().map(|(w, _)| w.len()).max().unwrap_or(0);
        Self { entries, longest }
    }

    /// The code of a cell that is exactly one of the words (spaces ignored).
    pub fn code(&self, word: &str) -> Option<&str> {
        // Most cells asked about are longer than any word: they are none of them.
        if word.len() > self.longest
            && word.split(char::is_whitespace).map(str::len).sum::<usize>() > self.longest
        {
            return None;
        }
        let squeezed;
        let w = if word.contains(char::is_whitespace) {
            squeezed = squeeze(word);
            squeezed.as_str()
        } else {
            word
        };
        self.entries
            .iter()
            .find(|(k, _)| k == w)
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
    V.get_or_init(|| CodeList::parse(text("status.tsv")))
}

/// Plan-category words (`dictionaries/category.tsv`).
pub fn categories() -> &'static CodeList {
    static V: OnceLock<CodeList> = OnceLock::new();
    V.get_or_init(|| CodeList::parse(text("category.tsv")))
}

/// Column-header words of measure tables (`dictionaries/columns.tsv`): word → role
/// (`goal`, `strategy`, `title`, `progress`, `status`, `category`, `indicator`).
pub fn columns() -> &'static CodeList {
    static V: OnceLock<CodeList> = OnceLock::new();
    V.get_or_init(|| CodeList::parse(text("columns.tsv")))
}

/// Lines that head a bullet list of measures (`dictionaries/measure_lists.txt`).
pub fn measure_lists() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| {
        text("measure_lists.txt")
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
    /// Every value of each key, spaces removed, in file order.
    lists: std::collections::HashMap<String, Vec<String>>,
    /// A matcher of each key's values (all matches, overlapping ones included).
    matchers: std::collections::HashMap<String, aho_corasick::AhoCorasick>,
    /// A character every value of a key holds, when there is one: a text without it
    /// holds none of the values, whatever its spacing, and is told so by one `memmem`
    /// search for the character's bytes.
    required: std::collections::HashMap<String, String>,
    /// The file the entries came from, for messages.
    name: &'static str,
}

/// A character in every word of `words` (the one with the highest code point: kanji
/// before kana before ASCII, the rarer in plan text), if any.
fn common_char(words: &[String]) -> Option<char> {
    let mut words = words.iter().filter(|w| !w.is_empty());
    let first = words.next()?;
    let mut common: Vec<char> = first.chars().collect();
    for w in words {
        common.retain(|c| w.contains(*c));
    }
    common.into_iter().max()
}

impl Keyed {
    fn parse(name: &'static str) -> Self {
        let tsv = text(name);
        let mut lists: std::collections::HashMap<String, Vec<String>> = Default::default();
        for l in tsv
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            if let Some((k, v)) = l.split_once('\t') {
                lists
                    .entry(k.trim().to_string())
                    .or_default()
                    .push(squeeze(v));
            }
        }
        let matchers = lists
            .iter()
            .filter_map(|(k, words)| {
                // Japanese words begin with common lead bytes, which a byte prefilter
                // would stop at everywhere: the automaton alone is faster on this text.
                let m = aho_corasick::AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .prefilter(false)
                    .build(words.iter().filter(|w| !w.is_empty()));
                Some((k.clone(), m.ok()?))
            })
            .collect();
        let required = lists
            .iter()
            .filter_map(|(k, words)| Some((k.clone(), common_char(words)?.to_string())))
            .collect();
        Self {
            lists,
            matchers,
            required,
            name,
        }
    }

    /// Whether `text` (spaced or not) cannot hold any value of `key`: it lacks a
    /// character every value holds. `false` says nothing.
    pub fn cannot_hold(&self, key: &str, text: &str) -> bool {
        self.required
            .get(key)
            .is_some_and(|c| memchr::memmem::find(text.as_bytes(), c.as_bytes()).is_none())
    }

    /// Where the values of `key` occur in `text` (overlapping matches included; none
    /// for a key the file lacks). Values have no spaces: a text is compared as it is.
    pub fn find<'a>(
        &'a self,
        key: &str,
        text: &'a str,
    ) -> impl Iterator<Item = aho_corasick::Match> + 'a {
        self.matchers
            .get(key)
            .into_iter()
            .flat_map(move |m| m.find_overlapping_iter(text))
    }

    /// The value of `key` that ends first in `text` (`None` for a key the file lacks):
    /// the search stops there, as the standard match semantics report the earliest end.
    pub fn first(&self, key: &str, text: &str) -> Option<aho_corasick::Match> {
        self.matchers.get(key)?.find(text)
    }

    /// Whether a value of `key` occurs in `text` (false for a key the file lacks): the
    /// first match ends the search.
    pub fn contains(&self, key: &str, text: &str) -> bool {
        !self.cannot_hold(key, text) && self.matchers.get(key).is_some_and(|m| m.is_match(text))
    }

    /// Every value of `key`, spaces removed, in file order.
    pub fn list(&self, key: &str) -> &[String] {
        self.lists.get(key).map_or(&[], Vec::as_slice)
    }

    /// The number of `key`. Panics when the shipped file lacks it (a build error, caught
    /// by the tests).
    pub fn number(&self, key: &str) -> f64 {
        self.list(key)
            .first()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("dictionaries/{}: no number {key}", self.name))
    }
}

/// The measure detectors' vocabulary and weights (`dictionaries/measure_shapes.tsv`).
pub fn measure_shapes() -> &'static Keyed {
    static V: OnceLock<Keyed> = OnceLock::new();
    V.get_or_init(|| Keyed::parse("measure_shapes.tsv"))
}

/// The KPI readers' vocabulary and thresholds outside header tables
/// (`dictionaries/indicator_shapes.tsv`).
pub fn indicator_shapes() -> &'static Keyed {
    static V: OnceLock<Keyed> = OnceLock::new();
    V.get_or_init(|| Keyed::parse("indicator_shapes.tsv"))
}

/// The ranges of years and numbers a plan can plausibly hold
/// (`dictionaries/plausible.tsv`).
pub fn plausible() -> &'static Keyed {
    static V: OnceLock<Keyed> = OnceLock::new();
    V.get_or_init(|| Keyed::parse("plausible.tsv"))
}

/// The limits of PDF conversion and the thresholds of page furniture
/// (`dictionaries/pdf.tsv`).
pub fn pdf() -> &'static Keyed {
    static V: OnceLock<Keyed> = OnceLock::new();
    V.get_or_init(|| Keyed::parse("pdf.tsv"))
}

/// The limits of the line-split rule (`dictionaries/split.tsv`).
pub fn split() -> &'static Keyed {
    static V: OnceLock<Keyed> = OnceLock::new();
    V.get_or_init(|| Keyed::parse("split.tsv"))
}

/// Words that show a text is about a plan (`dictionaries/plan_words.txt`).
pub fn plan_words() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| words("plan_words.txt"))
}

/// The 47 prefectures (`dictionaries/prefectures.txt`).
pub fn prefectures() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| words("prefectures.txt"))
}

/// The entries of vocabulary file `name`: its lines, trimmed, with blank lines and `#`
/// comments left out. Every file's format is lines of this kind (a word, or fields
/// separated by tabs).
pub fn entries(name: &str) -> impl Iterator<Item = &'static str> {
    text(name)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The words of a one-word-a-line vocabulary file.
pub fn words(name: &str) -> Vec<String> {
    entries(name).map(String::from).collect()
}

/// The marks and words that open a record inside a line (`dictionaries/marks.tsv`).
#[derive(Debug, Default)]
pub struct Marks {
    /// Bullets, heading and note marks (`・`, `■`, `※` …).
    pub bullets: Vec<char>,
    /// Marks that open a list item only when a space follows them (`- item`).
    pub spaced: Vec<char>,
    /// Brackets that open a label or a term (`【`, `<` …).
    pub opens: Vec<char>,
    /// Words that open a record after a space (`用語集` …).
    pub headings: Vec<String>,
    /// Words that number a record (`目標` in `目標2 …`).
    pub numbered: Vec<String>,
    /// Units and date parts that follow a number (`年`, `件` …), longest first.
    pub counters: Vec<String>,
    /// Words that tie a phrase to the word before (`の`, `を` …): no cell starts with one.
    pub joiners: Vec<String>,
}

/// The marks of `dictionaries/marks.tsv`.
pub fn marks() -> &'static Marks {
    static V: OnceLock<Marks> = OnceLock::new();
    V.get_or_init(|| {
        let mut m = Marks::default();
        for line in text("marks.tsv").lines() {
            let Some((class, entry)) = line.split_once('\t') else {
                continue;
            };
            let entry = entry.trim();
            let first = entry.chars().next();
            match (class.trim(), first) {
                (_, None) => {}
                ("bullet", Some(c)) => m.bullets.push(c),
                ("spaced", Some(c)) => m.spaced.push(c),
                ("open", Some(c)) => m.opens.push(c),
                ("heading", _) => m.headings.push(entry.to_string()),
                ("numbered", _) => m.numbered.push(entry.to_string()),
                ("counter", _) => m.counters.push(entry.to_string()),
                ("joiner", _) => m.joiners.push(entry.to_string()),
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
    fn a_required_character_is_in_every_word_of_its_key() {
        let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(common_char(&w(&["事業評価表", "事業シート"])), Some('業'));
        assert_eq!(common_char(&w(&["あ", "い"])), None);
        assert_eq!(common_char(&w(&[])), None);
        for keyed in [measure_shapes(), indicator_shapes()] {
            for (key, words) in &keyed.lists {
                for word in words.iter().filter(|w| !w.is_empty()) {
                    let spaced: String = word.chars().flat_map(|c| [c, ' ']).collect();
                    assert!(!keyed.cannot_hold(key, word), "{key}: {word}");
                    assert!(!keyed.cannot_hold(key, &spaced), "{key}: {spaced}");
                    assert!(keyed.contains(key, word), "{key}: {word}");
                }
            }
        }
    }

    #[test]
    fn the_first_value_is_the_one_that_ends_first() {
        let shapes = measure_shapes();
        // `具体的な取組` and `取組項目` overlap; `主な取組` ends before both.
        for text in [
            "本文の後に主な取組と具体的な取組項目がある",
            "具体的な取組項目",
            "取組項目の具体的な取組",
            "見出しのない文",
        ] {
            let min = shapes.find("heading", text).map(|m| m.end()).min();
            assert_eq!(
                shapes.first("heading", text).map(|m| m.end()),
                min,
                "{text}"
            );
        }
        assert!(shapes.first("no such key", "主な取組").is_none());
    }

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
