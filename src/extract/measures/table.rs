//! Reading measure tables: which tables list measures (evaluation or plan; never a
//! glossary's table), the column
//! of the measure's name, a title cell split from its `・` items (or, when its bullets
//! were lost, cut where another table names the same measure), progress items, and a
//! status or category cell coded through `dictionaries/` or a legend's marks.
//!
//! It does not build measures or ids (the parent module does) and does not count
//! statuses (`summary` does).

use std::sync::OnceLock;

use regex::Regex;

use super::re;
use super::summary::count_cell;
use crate::model::{Coded, Legend, MeasureKind};
use crate::normalize::chars::squeeze;
use crate::tables::repair::HTML_FRAGMENT;
use crate::tables::{Role, Row, Table};
use crate::vocab::{self, CodeList};

/// Whether a table lists measures, and of which kind.
pub(super) fn measure_kind(t: &Table) -> Option<MeasureKind> {
    let col = title_column(t)?;
    if t.roles.contains(&Role::Indicator) || glossary_header(t) {
        return None;
    }
    // A summary table (`概ね実施 | 5`) has status words too, but numbers for names.
    let named = t
        .rows
        .iter()
        .filter(|r| {
            let s = r.text(col);
            !s.is_empty() && count_cell(s).is_none()
        })
        .count();
    if named * 2 < t.rows.len() {
        return None;
    }
    if t.column(Role::Status).is_some() {
        Some(MeasureKind::Evaluation)
    } else if t.column(Role::Category).is_some() || schedule(t) {
        Some(MeasureKind::Plan)
    } else {
        None
    }
}

/// Whether a table's header names a glossary's columns (`用語 | 解説`, words under
/// `glossary_column` in `dictionaries/measure_shapes.tsv`): its rows are terms, even when
/// an index column of letters (`A`, `か`) looks like marks.
fn glossary_header(t: &Table) -> bool {
    let words = vocab::measure_shapes().list("glossary_column");
    t.header.as_ref().is_some_and(|cells| {
        cells.iter().any(|c| {
            let text = squeeze(&c.text);
            words.contains(&text)
        })
    })
}

/// Whether a table is a schedule (工程表): its rows are planned measures, one year or
/// period a column (at least `schedule_min_periods` of them, `measure_shapes.tsv`).
fn schedule(t: &Table) -> bool {
    let periods = t.roles.iter().filter(|r| **r == Role::Period).count();
    t.column(Role::Title).is_some()
        && periods as f64 >= vocab::measure_shapes().number("schedule_min_periods")
}

/// The column of the measure's name: the title column, else the first unnamed one.
pub(super) fn title_column(t: &Table) -> Option<usize> {
    t.column(Role::Title).or_else(|| t.column(Role::Other))
}

/// Splits a cell on its `・` bullets (a `・` at the start or after a space; one inside a
/// word, `作成・訓練`, is not a bullet). `None` when it has none.
pub(super) fn bullets(text: &str) -> Option<(String, Vec<String>)> {
    static BULLET: OnceLock<Regex> = OnceLock::new();
    let bullet = re(&BULLET, r"(?:^|\s)[・･]\s*");
    if !bullet.is_match(text) {
        return None;
    }
    let mut parts = bullet.split(text).map(str::trim);
    let head = parts.next().unwrap_or("").to_string();
    let items = parts.filter(|p| !p.is_empty()).map(String::from).collect();
    Some((head, items))
}

/// Splits text whose bullets were lost on the spaces between Japanese words (a space
/// inside Latin text, `LINE Pay`, is kept).
fn chunks(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let prev = cur.chars().last();
            let next = chars.get(j).copied();
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if latin(prev) && latin(next) {
                cur.push(' ');
            } else if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            i = j;
            continue;
        }
        cur.push(chars[i]);
        i += 1;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Takes the first `n` non-space characters of `text` (with the spaces among them) and
/// returns them and the rest.
fn take_chars(text: &str, n: usize) -> (&str, &str) {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen == n {
            return (text[..i].trim(), text[i..].trim());
        }
        if !c.is_whitespace() {
            seen += 1;
        }
    }
    (text.trim(), "")
}

/// A measure named with its items elsewhere in the document: the reference for a cell
/// whose bullets were lost.
pub(super) struct Known {
    details: Vec<String>,
    /// The title without spaces, and its length in characters (computed once: a long
    /// table compares every lost-bullet row with every known title).
    squeezed: String,
    chars: usize,
}

impl Known {
    pub(super) fn new(title: String, details: Vec<String>) -> Self {
        let squeezed = squeeze(&title);
        let chars = squeezed.chars().count();
        Self {
            details,
            squeezed,
            chars,
        }
    }
}

/// The known titles, with an automaton that finds the longest one a cell starts with
/// in one pass over the cell (comparing every cell with every title was quadratic in a
/// long table). Of titles written the same, the last one counts.
pub(super) struct Titles {
    known: Vec<Known>,
    /// Built on first use: most documents have no row whose bullets were lost.
    finder: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

impl From<Vec<Known>> for Titles {
    fn from(all: Vec<Known>) -> Self {
        let mut last: std::collections::HashMap<&str, usize> = Default::default();
        for (i, k) in all.iter().enumerate() {
            if k.chars > 0 {
                last.insert(&k.squeezed, i);
            }
        }
        let mut keep: Vec<usize> = last.into_values().collect();
        keep.sort_unstable();
        let mut slots: Vec<Option<Known>> = all.into_iter().map(Some).collect();
        let known: Vec<Known> = keep.iter().filter_map(|&i| slots[i].take()).collect();
        Self {
            known,
            finder: std::sync::OnceLock::new(),
        }
    }
}

impl Titles {
    /// The longest known title that `squeezed` starts with.
    fn longest_prefix(&self, squeezed: &str) -> Option<&Known> {
        let finder = self.finder.get_or_init(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .start_kind(aho_corasick::StartKind::Anchored)
                // A DFA costs more to build than one document's cells take to search.
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(self.known.iter().map(|k| &k.squeezed))
                .ok()
        });
        let input = aho_corasick::Input::new(squeezed).anchored(aho_corasick::Anchored::Yes);
        let m = finder.as_ref()?.find(input)?;
        self.known.get(m.pattern().as_usize())
    }
}

/// Title and details of a title cell. `html` says the cell's bullets were lost.
/// Returns whether the split was guessed.
pub(super) fn split_title(text: &str, html: bool, known: &Titles) -> (String, Vec<String>, bool) {
    if !html {
        if let Some((head, items)) = bullets(text) {
            return (head, items, false);
        }
        return (text.trim().to_string(), Vec::new(), false);
    }
    let sq = squeeze(text);
    // The longest title named elsewhere that this cell starts with.
    let best = known.longest_prefix(&sq);
    if let Some(k) = best {
        let (title, rest) = take_chars(text, k.chars);
        let rest_sq = squeeze(rest);
        let known_sq: String = k.details.iter().map(|d| squeeze(d)).collect();
        let details = if !k.details.is_empty() && rest_sq == known_sq {
            // The same items: cut this cell's text where the other table's bullets are.
            let mut rest = rest;
            let mut out = Vec::new();
            for d in &k.details {
                let (item, after) = take_chars(rest, squeeze(d).chars().count());
                out.push(item.to_string());
                rest = after;
            }
            out
        } else {
            chunks(rest)
        };
        return (title.to_string(), details, false);
    }
    let mut parts = chunks(text).into_iter();
    let title = parts.next().unwrap_or_default();
    (title, parts.collect(), true)
}

/// Progress items: the bullets, else (lost bullets) the chunks, else the whole cell.
pub(super) fn progress_items(text: &str, html: bool) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    if let Some((head, items)) = bullets(text) {
        return std::iter::once(head)
            .filter(|h| !h.is_empty())
            .chain(items)
            .collect();
    }
    if html {
        return chunks(text);
    }
    vec![text.trim().to_string()]
}

/// Codes a status or category cell: the vocabulary's word, else a legend's mark read
/// through its meaning, else the text with code `other`.
pub(super) fn code_cell(text: &str, list: &CodeList, legends: &[&Legend]) -> Option<Coded> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(code) = list.code(text) {
        return Some(Coded {
            text: text.to_string(),
            code: code.to_string(),
        });
    }
    let meaning = legends.iter().find_map(|l| l.marks.get(text));
    let code = meaning
        .and_then(|m| list.code(m))
        .unwrap_or("other")
        .to_string();
    Some(Coded {
        text: text.to_string(),
        code,
    })
}

/// The legends that may define the marks of a table: those naming it, then the others
/// nearest first.
pub(super) fn legends_for<'a>(legends: &'a [Legend], id: &str, line: usize) -> Vec<&'a Legend> {
    let mut out: Vec<&Legend> = legends.iter().collect();
    out.sort_by_key(|l| (l.table != id, l.span.line.abs_diff(line)));
    out
}

pub(super) fn is_html(row: &Row) -> bool {
    row.repairs.iter().any(|r| r == HTML_FRAGMENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_split_from_their_items() {
        let (t, d, g) = split_title(
            "図書館機能の充実 ・ 図書館システムの運用 ・ 電子図書研究・検討",
            false,
            &Titles::from(Vec::new()),
        );
        assert_eq!(t, "図書館機能の充実");
        assert_eq!(d, ["図書館システムの運用", "電子図書研究・検討"]);
        assert!(!g);
        let known = Titles::from(vec![Known::new(
            "要援護者支援の充実".into(),
            vec!["個別支援 プラン推進".into(), "見守り".into()],
        )]);
        let (t, d, g) = split_title("要援護者支援の充実 個別支援プラン推進 見守り", true, &known);
        assert_eq!(
            (t.as_str(), d, g),
            (
                "要援護者支援の充実",
                vec!["個別支援プラン推進".to_string(), "見守り".to_string()],
                false
            )
        );
        let (t, d, g) = split_title("防犯カメラの設置推進 設置費補助", true, &known);
        assert_eq!(
            (t.as_str(), d, g),
            ("防犯カメラの設置推進", vec!["設置費補助".to_string()], true)
        );
    }
}
