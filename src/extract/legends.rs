//! Legends (凡例): the document's own definitions of marks and grades, such as
//! `凡例 ◎：達成 ○：概ね達成 △：一部達成 ×：未着手` on one line, or a two-column table
//! whose one column is short marks (`達成A`, `◎`, `A`) and the other their meanings.
//! Measures and indicators map their marks through these. A legend names what it
//! belongs to by content: its table's id, or for a legend on one line `b-` and a hash of
//! that line.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use super::Input;
use crate::model::{IdMaker, Legend};
use crate::segment::BlockKind;

/// A mark is short: a symbol, a letter, or a word with a grade letter (`達成A`).
fn is_mark(s: &str) -> bool {
    let n = s.chars().count();
    (1..=4).contains(&n) && !s.contains('。')
}

/// A mark of one symbol or one grade letter.
fn single_mark(s: &str) -> bool {
    crate::tables::repair::is_mark(s)
}

fn inline_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // A symbol may be glued to its meaning (`◎達成`); a letter needs a separator,
        // or every `AI` would read as a grade.
        Regex::new(
            r"(?:([◎○〇△▲×✕■□●◆◇])\s*[:：=＝]?|\b([A-E])\s*[:：=＝])\s*([^\s◎○〇△▲×✕■□●◆◇:：]+)",
        )
        .expect("legend regex")
    })
}

/// Reads every legend in the document; `table_ids` are the tables' ids by index.
pub fn legends(input: &Input<'_>, table_ids: &[String]) -> Vec<Legend> {
    let blocks = &input.segmented.blocks;
    let mut out = Vec::new();
    let mut ids = IdMaker::default();
    for b in blocks {
        if !b.text.contains("凡例") || matches!(b.kind, BlockKind::Row(_)) {
            continue;
        }
        let marks: BTreeMap<String, String> = inline_regex()
            .captures_iter(&b.text)
            .filter_map(|c| {
                let mark = c.get(1).or(c.get(2))?.as_str().to_string();
                Some((mark, c[3].trim().to_string()))
            })
            .collect();
        if marks.len() >= 2 {
            out.push(Legend {
                table: ids.make("b", &[&b.text]),
                marks,
                span: input.normalized.span(b.range.clone()),
            });
        }
    }
    for t in input.tables {
        let header: String = t.header.iter().flatten().map(|c| c.text.as_str()).collect();
        let rows: Vec<(&str, &str)> = t
            .rows
            .iter()
            .filter_map(|r| {
                let cells = r.texts();
                (cells.len() == 2).then(|| (cells[0], cells[1]))
            })
            .collect();
        if rows.len() < 2 || rows.len() != t.rows.len() {
            continue;
        }
        let legend_header =
            header.contains("凡例") || header.contains("評価") || header.contains("表示");
        // Which column holds the marks: the one of single symbols or letters, else the
        // one whose cells are all short (`達成A`).
        let all = |col: usize, f: fn(&str) -> bool| {
            rows.iter().all(|&(a, b)| f(if col == 0 { a } else { b }))
        };
        let (mark_col, ok) = if all(0, single_mark) {
            (0, true)
        } else if all(1, single_mark) || all(1, is_mark) {
            (1, true)
        } else if all(0, is_mark) {
            (0, true)
        } else {
            (0, false)
        };
        if !ok || !legend_header {
            continue;
        }
        let marks = rows
            .iter()
            .map(|&(a, b)| {
                if mark_col == 1 {
                    (b.to_string(), a.to_string())
                } else {
                    (a.to_string(), b.to_string())
                }
            })
            .collect();
        let span = input
            .normalized
            .span_of(t.rows.iter().map(|r| r.range.clone()))
            .unwrap_or_default();
        out.push(Legend {
            table: table_ids[t.index].clone(),
            marks,
            span,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_marks() {
        let caps = |s: &str| -> Vec<(String, String)> {
            inline_regex()
                .captures_iter(s)
                .map(|c| {
                    let m = c.get(1).or(c.get(2)).unwrap().as_str();
                    (m.to_string(), c[3].to_string())
                })
                .collect()
        };
        let c = caps("凡例 ◎：達成 ○：概ね達成 △：一部達成 ×：未着手");
        assert_eq!(c.len(), 4);
        assert_eq!(c[3], ("×".to_string(), "未着手".to_string()));
        let c = caps("凡例 ◎達成 ○一部達成 A:順調 AIの活用");
        assert_eq!(c.len(), 3);
        assert_eq!(c[2], ("A".to_string(), "順調".to_string()));
    }
}
