//! Two-column tables laid out with spaces: a line with one wide gap (a run of
//! [`COLUMN_GAP`](crate::normalize::chars::COLUMN_GAP) spaces or more: `用語   その説明`, `名称   サービス内容`) is a row
//! of two cells when a line next to it is a row too (or has such a gap itself). A
//! lone line with one wide gap stays what its shape says (a heading spaced out, a
//! quotation); two or more gaps make a row on their own ([`super::split_cells`]). A line
//! with no gap between two such rows is a row whose first cells were empty.
//!
//! This module only turns such lines into rows; the tables stage reads them.

use super::{Block, BlockKind, Cell, split_at_gaps};
use crate::normalize::chars::column_gaps;

/// Most line numbers between two neighbouring rows (one blank line may stand between).
const MAX_LINE_STEP: usize = 2;

/// Whether block `b` may be one cell pair of a spaced table: one wide gap, no tabs, and
/// before the gap more than a number (`(1)   見出し`, `1.2.   見出し` is a numbered line).
fn one_gap(text: &str, b: &Block) -> bool {
    let line = &text[b.range.clone()];
    !matches!(b.kind, BlockKind::Row(_) | BlockKind::Toc)
        && column_gaps(line) == 1
        && !split_at_gaps(line, 0)
            .first()
            .is_some_and(|c| number_mark(&c.text))
}

/// Whether a cell holds only a number and its marks (`(1)`, `1.2.`, `①`, `Ⅲ`).
fn number_mark(cell: &str) -> bool {
    cell.chars().all(|c| {
        c.is_ascii_digit()
            || c.is_ascii_punctuation()
            || "（）．".contains(c)
            || ('①'..='⑳').contains(&c)
            || ('Ⅰ'..='Ⅻ').contains(&c)
            || ('⑴'..='⒇').contains(&c)
    })
}

/// Turns the lines with one wide gap that neighbour a row, or one another, into rows
/// (a heading beside a row stays a heading), then the lines with no gap between such
/// rows ([`continued`]). `text` is the normalized text the blocks' ranges point into.
pub(super) fn spaced_rows(text: &str, blocks: &mut [Block]) {
    let gap: Vec<bool> = blocks.iter().map(|b| one_gap(text, b)).collect();
    let near = |i: usize, j: usize| blocks[j].line.abs_diff(blocks[i].line) <= MAX_LINE_STEP;
    let row_like = |i: usize, j: usize| {
        gap[j]
            || (matches!(blocks[j].kind, BlockKind::Row(_))
                && !matches!(blocks[i].kind, BlockKind::Heading(_)))
    };
    // A row may have its neighbour one line further, past a line that continues a row.
    let beside = |i: usize, j: usize| near(i, j) && row_like(i, j);
    let past = |i: usize, j: usize| blocks[j].line.abs_diff(blocks[i].line) == 2 && gap[j];
    let rows: Vec<bool> = (0..blocks.len())
        .map(|i| {
            gap[i]
                && ((i > 0 && beside(i, i - 1))
                    || (i + 1 < blocks.len() && beside(i, i + 1))
                    || (i > 1 && past(i, i - 2))
                    || (i + 2 < blocks.len() && past(i, i + 2)))
        })
        .collect();
    // The rows laid out with spaces, old and new.
    let spaced: Vec<bool> = blocks
        .iter()
        .zip(&rows)
        .map(|(b, &new)| {
            new || (matches!(b.kind, BlockKind::Row(_))
                && !b.text.contains('\t')
                && !b.text.contains('|'))
        })
        .collect();
    let cont: Vec<usize> = (1..blocks.len().saturating_sub(1))
        .filter(|&i| continued(text, blocks, &spaced, i))
        .collect();
    for (i, _) in rows.iter().enumerate().filter(|(_, r)| **r) {
        let range = blocks[i].range.clone();
        blocks[i].kind = BlockKind::Row(split_at_gaps(&text[range.clone()], range.start));
    }
    for i in cont {
        let b = &blocks[i];
        let empty = Cell {
            text: String::new(),
            range: b.range.start..b.range.start,
        };
        let width = match &blocks[i - 1].kind {
            BlockKind::Row(above) => above.len(),
            _ => 2,
        };
        let mut cells = vec![empty; width.saturating_sub(1)];
        cells.push(Cell {
            text: b.text.clone(),
            range: b.range.clone(),
        });
        blocks[i].kind = BlockKind::Row(cells);
    }
}

/// Whether block `i`, a line with no gap, stands between two rows laid out with spaces
/// on the lines right before and after it: a row whose first cells are empty (merged
/// with the row above, and lost with the spaces that stood for them), its text the
/// row's last cell.
fn continued(text: &str, blocks: &[Block], spaced: &[bool], i: usize) -> bool {
    let b = &blocks[i];
    blocks[i - 1].line + 1 == b.line
        && b.line + 1 == blocks[i + 1].line
        && spaced[i - 1]
        && spaced[i + 1]
        && !matches!(b.kind, BlockKind::Row(_) | BlockKind::Toc)
        && column_gaps(&text[b.range.clone()]) == 0
}

#[cfg(test)]
mod tests {
    use crate::segment::{BlockKind, segment};

    fn cells(text: &str) -> Vec<Option<Vec<String>>> {
        segment(text)
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Row(c) => Some(c.iter().map(|c| c.text.clone()).collect()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn neighbouring_lines_with_one_gap_are_rows() {
        let got = cells(
            "用語解説\n用語   説明\nクラウド   インターネット経由で使う仕組み\nAI   人工知能",
        );
        assert_eq!(got[0], None);
        assert_eq!(got[1], Some(vec!["用語".into(), "説明".into()]));
        assert_eq!(
            got[2],
            Some(vec![
                "クラウド".into(),
                "インターネット経由で使う仕組み".into()
            ])
        );
        assert_eq!(got[3], Some(vec!["AI".into(), "人工知能".into()]));
        // Next to a wider row laid out with spaces too.
        let got = cells("施策   担当   状況\n窓口のオンライン化   実施");
        assert_eq!(
            got[1],
            Some(vec!["窓口のオンライン化".into(), "実施".into()])
        );
    }

    #[test]
    fn a_line_between_spaced_rows_continues_the_last_column() {
        let got = cells(
            "取組   内容\n窓口の改善   ・手続の見直し\n・電子申請の拡大\n庁内の改革   ・会議の見直し",
        );
        assert_eq!(got[2], Some(vec![String::new(), "・電子申請の拡大".into()]));
        assert_eq!(
            got[3],
            Some(vec!["庁内の改革".into(), "・会議の見直し".into()])
        );
        // Not between rows of tabs, nor after the table.
        let got = cells("取組\t内容\n窓口の改善\t手続\n電子申請の拡大\n庁内の改革\t会議");
        assert_eq!(got[2], None);
        let got = cells("取組   内容\n窓口の改善   手続\n以上のとおりです。");
        assert_eq!(got[2], None);
    }

    #[test]
    fn numbered_lines_with_a_gap_are_no_rows() {
        let got = cells("(1)   窓口のオンライン化\n(2)   会議のペーパーレス化\n1.2.   庁内の改革");
        assert!(got.iter().all(Option::is_none), "{got:?}");
    }

    #[test]
    fn a_lone_line_with_one_gap_stays() {
        let got = cells(
            "第1章   計画の概要\n本計画は市の情報化の方針を定めます。\n\n「港に   船がくる」",
        );
        assert!(got.iter().all(Option::is_none), "{got:?}");
    }
}
