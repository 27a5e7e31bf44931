//! KPIs written on one line of running text rather than in a table:
//! `指標：オンライン申請の件数　現状値 12件（令和5年度）→ 目標値 60件（令和10年度）`,
//! `【成果指標】研修の受講者数 基準値：40人(R4) 目標値：150人(R9)`.
//!
//! A line is an indicator when it holds a name label (a `name` word of
//! `dictionaries/indicators.tsv` followed by `：`, `:` or a closing bracket) and, after
//! the name, a baseline (a `baseline` or `current` word) and a target (a `target` word),
//! each followed by a value; an arrow (`→`) between the two values may stand in for the
//! target's word. The year in brackets after a value is the value's year.
//!
//! This module reads lines only; KPI tables are read by the parent module, and a line
//! that is a table row is never read here.

use super::layout::{Role, header_matcher, header_words};
use crate::era;
use crate::model::Quantity;
use crate::number;

/// Marks that may separate a label from its value or name.
const LABEL_GAP: &[char] = &[
    ':', '：', ' ', '　', '\t', '】', ']', '］', '>', '＞', '〉', '》', ')', '）', '」',
];

/// Arrows that lead from a baseline to a target.
const ARROWS: &[char] = &['→', '⇒', '➡', '⇨', '▶', '≫'];

/// An indicator read from one line: the name's and the values' byte ranges in `text`.
#[derive(Debug)]
pub(super) struct InlineKpi {
    pub name: String,
    pub baseline: Quantity,
    pub target: Quantity,
}

/// The labels of `role`s found in `text`: (start, end, role), longest label first at a
/// place, in text order, overlapping ones dropped.
fn labels(text: &str) -> Vec<(usize, usize, Role)> {
    let words = header_words();
    let mut found: Vec<(usize, usize, Role)> = header_matcher()
        .find_overlapping_iter(text)
        .map(|m| (m.start(), m.end(), words[m.pattern().as_usize()].1))
        .collect();
    found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut out: Vec<(usize, usize, Role)> = Vec::new();
    for f in found {
        if out.last().is_none_or(|l| f.0 >= l.1) {
            out.push(f);
        }
    }
    out
}

/// The value right after `at` (a label's end or an arrow): its quantity and where it
/// ends, with the bracketed year that follows it read as its year.
fn value_at(text: &str, at: usize) -> Option<(Quantity, usize)> {
    let rest = &text[at..];
    let lead = rest.len() - rest.trim_start_matches(LABEL_GAP).len();
    let from = at + lead;
    let rest = &text[from..];
    let n = number::first_number(rest)?;
    // The number must open the value (a sign or `約` before it at most).
    if rest[..n.start].chars().count() > 1 || !n.standalone {
        return None;
    }
    let value_text = rest[..n.end].trim();
    let mut q = number::quantity(value_text);
    let mut end = from + n.end;
    let after = &text[end..];
    let trimmed = after.trim_start_matches([' ', '　']);
    let open = trimmed.chars().next().filter(|c| matches!(c, '(' | '（'));
    if let Some(open) = open {
        let inner_at = end + (after.len() - trimmed.len()) + open.len_utf8();
        let inner = &text[inner_at..];
        if let Some(close) = inner.find([')', '）']) {
            if let Some(y) = era::first_year(&inner[..close]) {
                q.year = Some(y.year);
                let close_len = inner[close..].chars().next().map_or(1, char::len_utf8);
                end = inner_at + close + close_len;
            }
        }
    }
    Some((q, end))
}

/// Reads one line as an inline indicator.
pub(super) fn read_line(text: &str) -> Option<InlineKpi> {
    // A KPI line has a baseline value: a line without a digit (most prose) is none.
    if !crate::number::has_digit(text) {
        return None;
    }
    let labels = labels(text);
    let name_label = labels.iter().position(|l| l.2 == Role::Name)?;
    let (_, name_end, _) = labels[name_label];
    // The label is a label only when a colon or a closing bracket follows it.
    let after_label = &text[name_end..];
    let gap = after_label.len() - after_label.trim_start_matches(LABEL_GAP).len();
    // A colon or a closing bracket: a gap mark that is not a space.
    if !after_label[..gap].contains(|c: char| !c.is_whitespace()) {
        return None;
    }
    let name_from = name_end + gap;
    let base = labels[name_label + 1..]
        .iter()
        .find(|l| matches!(l.2, Role::Baseline | Role::Current))?;
    let name = text[name_from..base.0]
        .trim()
        .trim_end_matches(['、', ',', '，', ':', '：'])
        .trim();
    if name.is_empty() || name.contains('。') {
        return None;
    }
    let (baseline, base_end) = value_at(text, base.1)?;
    // The target: its word after the baseline, or an arrow then a value.
    let rest = &text[base_end..];
    let target = labels
        .iter()
        .find(|l| l.0 >= base_end && l.2 == Role::Target)
        .filter(|l| {
            // Only arrows, spaces and marks between the baseline and the target word.
            text[base_end..l.0]
                .chars()
                .all(|c| c.is_whitespace() || ARROWS.contains(&c) || "、,，・/／".contains(c))
        })
        .and_then(|l| value_at(text, l.1))
        .or_else(|| {
            let skip = rest.len() - rest.trim_start().len();
            let arrow = rest[skip..].chars().next().filter(|c| ARROWS.contains(c))?;
            value_at(text, base_end + skip + arrow.len_utf8())
        })?;
    Some(InlineKpi {
        name: name.to_string(),
        baseline,
        target: target.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_with_labels_and_an_arrow() {
        let k = read_line(
            "指標：電子申請できる手続の数　現状値 8件（令和4年度）→ 目標値 40件（令和9年度）",
        )
        .unwrap();
        assert_eq!(k.name, "電子申請できる手続の数");
        assert_eq!(
            (k.baseline.text.as_str(), k.baseline.value, k.baseline.year),
            ("8件", Some(8.0), Some(2022))
        );
        assert_eq!(
            (k.target.text.as_str(), k.target.value, k.target.year),
            ("40件", Some(40.0), Some(2027))
        );
    }

    #[test]
    fn bracketed_label_and_colons() {
        let k = read_line("【成果指標】窓口の待ち時間 基準値：30分(R4) 目標値：10分(R9)").unwrap();
        assert_eq!(k.name, "窓口の待ち時間");
        assert_eq!(k.baseline.text, "30分");
        assert_eq!(k.target.text, "10分");
        assert_eq!(k.target.year, Some(2027));
    }

    #[test]
    fn an_arrow_stands_in_for_the_target_word() {
        let k = read_line("KPI：講座の参加者数 現状 20人 → 100人").unwrap();
        assert_eq!(
            (k.baseline.text.as_str(), k.target.text.as_str()),
            ("20人", "100人")
        );
    }

    #[test]
    fn prose_is_not_an_indicator() {
        assert!(read_line("指標の目標値は現状値を上回るよう設定します。").is_none());
        assert!(read_line("評価指標を設定し、目標の達成状況を確認します。").is_none());
        assert!(read_line("指標：参加者数").is_none());
    }
}
