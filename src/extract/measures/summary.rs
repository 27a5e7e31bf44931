//! Status summaries of evaluation tables: the counts a document declares for its
//! statuses (its own `label | count` summary table after the evaluation table, or counts in
//! prose such as `完了したのは1 施策、実施21 施策`) beside the counts of the rows, with
//! every disagreement listed as a discrepancy and a warning.
//!
//! It does not reconcile a disagreement, and does not read the measures themselves.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use super::super::Input;
use super::re;
use crate::model::{Discrepancy, Measure, MeasureKind, Span, StatusSummary, Warning};
use crate::normalize::chars::squeeze;
use crate::segment::BlockKind;
use crate::tables::Table;
use crate::vocab;

/// What a declared label counts: every row (計), or the rows of some status codes.
enum LabelCodes {
    Total,
    Codes(Vec<String>),
}

/// The codes a declared label covers: `実施若しくは完了` covers two.
fn label_codes(label: &str) -> Option<LabelCodes> {
    static SPLIT: OnceLock<Regex> = OnceLock::new();
    let l = squeeze(label);
    if matches!(l.as_str(), "計" | "合計" | "総計" | "全体" | "総数") {
        return Some(LabelCodes::Total);
    }
    let parts = re(
        &SPLIT,
        r"若しくは|もしくは|又は|または|及び|および|[・、/／]",
    )
    .split(&l);
    let codes: Option<Vec<String>> = parts
        .filter(|p| !p.is_empty())
        .map(|p| vocab::statuses().code(p).map(String::from))
        .collect();
    codes.filter(|c| !c.is_empty()).map(LabelCodes::Codes)
}

fn count_of(label: &str, from_rows: &BTreeMap<String, u32>) -> Option<u32> {
    match label_codes(label)? {
        LabelCodes::Total => Some(from_rows.values().sum()),
        LabelCodes::Codes(codes) => Some(
            codes
                .iter()
                .map(|c| from_rows.get(c).copied().unwrap_or(0))
                .sum(),
        ),
    }
}

/// Parses a count cell: `22`, `22件`.
pub(super) fn count_cell(text: &str) -> Option<u32> {
    static N: OnceLock<Regex> = OnceLock::new();
    let text = text.trim();
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    re(&N, r"^([0-9]{1,6})\s*(?:件|施策|項目|事業)?$")
        .captures(text)
        .and_then(|c| c[1].parse().ok())
}

/// The summary table of an evaluation table: the first table after it, before the next
/// measure table, whose rows are `label | count` with status labels.
fn declared_table(
    t: &Table,
    all: &[Table],
    measure_tables: &[(&Table, MeasureKind)],
) -> BTreeMap<String, u32> {
    for next in all.iter().skip(t.index + 1) {
        // Measure tables are in document order: a binary search, not a scan per table.
        if measure_tables
            .binary_search_by_key(&next.index, |(m, _)| m.index)
            .is_ok()
        {
            break;
        }
        let pairs: Vec<(String, u32)> = next
            .rows
            .iter()
            .filter_map(|r| {
                let cells = r.texts();
                match cells.as_slice() {
                    [label, n] => Some((label.to_string(), count_cell(n)?)),
                    _ => None,
                }
            })
            .collect();
        let status_labels = pairs
            .iter()
            .filter(|(l, _)| matches!(label_codes(l), Some(LabelCodes::Codes(_))))
            .count();
        if status_labels >= 2 {
            return pairs.into_iter().collect();
        }
    }
    BTreeMap::new()
}

/// Counts stated in running text: `完了したのは1 施策、実施21 施策、…`, and the total
/// (`42 の具体的施策`) of the same sentence.
fn prose_counts(text: &str) -> Vec<(String, u32)> {
    static COUNT: OnceLock<Regex> = OnceLock::new();
    static TOTAL: OnceLock<Regex> = OnceLock::new();
    let count = COUNT.get_or_init(|| {
        let words: Vec<String> = vocab::statuses()
            .words()
            .map(|(w, _)| regex::escape(w))
            .collect();
        Regex::new(&format!(
            r"({})[^0-9、。]{{0,6}}?([0-9]{{1,5}})\s*(?:施策|件|項目|事業|取組)",
            words.join("|")
        ))
        .expect("prose count regex")
    });
    let total = re(
        &TOTAL,
        r"(?:(?:全|計|合計)\s*([0-9]{1,5})\s*(?:施策|件|項目|事業)|([0-9]{1,5})\s*の[^、。0-9]{0,8}?(?:施策|事業|取組))",
    );
    let mut out = Vec::new();
    // Every count has a digit: a text without one (most prose) states none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    for sentence in text.split('。') {
        let found: Vec<(String, u32)> = count
            .captures_iter(sentence)
            .filter_map(|c| Some((c[1].to_string(), c[2].parse().ok()?)))
            .collect();
        if found.len() < 2 {
            continue;
        }
        if let Some(c) = total.captures(sentence) {
            if let Some(n) = c.get(1).or(c.get(2)).and_then(|m| m.as_str().parse().ok()) {
                out.push(("計".to_string(), n));
            }
        }
        out.extend(found);
    }
    out
}

/// The status summary of one evaluation table.
pub(super) fn summary(
    input: &Input<'_>,
    t: &Table,
    measure_tables: &[(&Table, MeasureKind)],
    rows: &[Measure],
    table: String,
) -> StatusSummary {
    let mut from_rows: BTreeMap<String, u32> = BTreeMap::new();
    for m in rows {
        if let Some(s) = &m.status {
            *from_rows.entry(s.code.clone()).or_default() += 1;
        }
    }
    let declared = declared_table(t, input.tables, measure_tables);
    // Prose counts belong to the evaluation table nearest to them.
    let evaluations: Vec<usize> = measure_tables
        .iter()
        .filter(|(_, k)| *k == MeasureKind::Evaluation)
        .map(|(m, _)| m.first_block)
        .collect();
    // Evaluation tables come in document order, so the blocks nearest to this one lie
    // between the midpoints to its neighbours (the earlier table wins a tie): only those
    // are looked at, else every table would look at every block of the document.
    let blocks = &input.segmented.blocks;
    let sorted = evaluations.windows(2).all(|w| w[0] < w[1]);
    let range = match evaluations.binary_search(&t.first_block) {
        Ok(k) if sorted => {
            let lo = k
                .checked_sub(1)
                .map_or(0, |p| (evaluations[p] + t.first_block) / 2 + 1);
            let hi = evaluations.get(k + 1).map_or(blocks.len(), |&n| {
                ((t.first_block + n) / 2 + 1).min(blocks.len())
            });
            lo..hi
        }
        _ => 0..blocks.len(),
    };
    let mut declared_in_prose = BTreeMap::new();
    for (i, b) in blocks.iter().enumerate().take(range.end).skip(range.start) {
        if !matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem) {
            continue;
        }
        let nearest = if sorted {
            Some(t.first_block)
        } else {
            evaluations.iter().min_by_key(|&&f| f.abs_diff(i)).copied()
        };
        if nearest != Some(t.first_block) {
            continue;
        }
        for (label, n) in prose_counts(&b.text) {
            declared_in_prose.entry(label).or_insert(n);
        }
    }
    let mut discrepancies = Vec::new();
    for (by, map) in [("table", &declared), ("prose", &declared_in_prose)] {
        for (label, &n) in map {
            if let Some(counted) = count_of(label, &from_rows) {
                if counted != n {
                    discrepancies.push(Discrepancy {
                        label: label.clone(),
                        declared_by: by.to_string(),
                        declared: n,
                        from_rows: counted,
                    });
                }
            }
        }
    }
    StatusSummary {
        table,
        declared,
        declared_in_prose,
        from_rows,
        discrepancies,
    }
}

/// A warning per disagreement of declared and counted statuses, for the reviewer.
pub(super) fn discrepancy_warnings(
    summaries: &[StatusSummary],
    span: Option<Span>,
) -> Vec<Warning> {
    summaries
        .iter()
        .flat_map(|s| {
            s.discrepancies.iter().map(move |d| Warning {
                code: "status_count_mismatch".into(),
                message: format!(
                    "the {} declares {} {}, the rows count {}",
                    d.declared_by, d.label, d.declared, d.from_rows
                ),
                item: Some(s.table.clone()),
                span,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_and_labels() {
        let p = prose_counts(
            "42 の具体的施策に取り組んできた結果、完了したのは1 施策、実施21 施策、おおむね実施したものは5 施策、一部実施9 施策となりました。",
        );
        assert_eq!(
            p,
            [
                ("計".to_string(), 42),
                ("完了".into(), 1),
                ("実施".into(), 21),
                ("おおむね実施".into(), 5),
                ("一部実施".into(), 9)
            ]
        );
        let rows: BTreeMap<String, u32> = [
            ("implemented".to_string(), 18),
            ("completed".to_string(), 1),
        ]
        .into();
        assert_eq!(count_of("実施若しくは完了", &rows), Some(19));
        assert_eq!(count_of("計", &rows), Some(19));
        assert_eq!(count_of("その他", &rows), None);
        assert!(prose_counts("実施21 施策。").is_empty());
    }
}
