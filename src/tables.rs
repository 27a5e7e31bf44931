//! Stage 4, tables: raw rows → tables.
//!
//! Groups consecutive table rows into [`Table`]s and recognises header rows. A table
//! keeps the blocks it was made of, so the extract stage can report spans.
//!
//! This module shapes rows into tables; it does not say what a table is about.

use std::ops::Range;

use crate::segment::{Block, BlockKind, Cell, Segmented};

/// A table: an optional header and its data rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Index of the table in the document (0-based), used in ids.
    pub index: usize,
    /// The header row's cells, if one was recognised.
    pub header: Option<Vec<Cell>>,
    /// The data rows.
    pub rows: Vec<Row>,
    /// Index of the first block of the table in [`Segmented::blocks`].
    pub first_block: usize,
    /// Index just past the last block.
    pub end_block: usize,
}

/// A data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The cells.
    pub cells: Vec<Cell>,
    /// Byte range of the row's line(s) in the normalized text.
    pub range: Range<usize>,
    /// 0-based normalized line of the row.
    pub line: usize,
    /// Codes of the repairs made to this row.
    pub repairs: Vec<String>,
}

impl Table {
    /// A header cell's text by column, or "" where there is none.
    pub fn header_text(&self, col: usize) -> &str {
        self.header
            .as_ref()
            .and_then(|h| h.get(col))
            .map(|c| c.text.as_str())
            .unwrap_or("")
    }

    /// The text before the table in the document (its caption or heading), looked up
    /// by the caller through [`Table::first_block`].
    pub fn caption<'a>(&self, segmented: &'a Segmented) -> Option<&'a Block> {
        segmented.blocks[..self.first_block]
            .iter()
            .rev()
            .find(|b| !matches!(b.kind, BlockKind::Row(_)))
    }
}

/// A cell is header-like when it is short, not a number, and has no sentence in it.
fn header_like(cells: &[Cell]) -> bool {
    let non_empty: Vec<&Cell> = cells.iter().filter(|c| !c.text.is_empty()).collect();
    !non_empty.is_empty()
        && non_empty.len() * 2 >= cells.len()
        && non_empty.iter().all(|c| {
            let n = c.text.chars().count();
            n <= 20
                && !c.text.contains('。')
                && !c.text.contains('・')
                && !c
                    .text
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == '%')
        })
}

/// Groups the rows of a segmented document into tables.
pub fn recover(segmented: &Segmented) -> Vec<Table> {
    let blocks = &segmented.blocks;
    let mut tables = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        if !matches!(blocks[i].kind, BlockKind::Row(_)) {
            i += 1;
            continue;
        }
        let start = i;
        while i < blocks.len() && matches!(blocks[i].kind, BlockKind::Row(_)) {
            i += 1;
        }
        let mut rows: Vec<Row> = blocks[start..i]
            .iter()
            .map(|b| Row {
                cells: b.cells().unwrap_or_default().to_vec(),
                range: b.range.clone(),
                line: b.line,
                repairs: Vec::new(),
            })
            .collect();
        // Markdown's `---|---` separator row goes; the row above it is the header.
        let sep = rows.iter().position(|r| {
            r.cells
                .iter()
                .all(|c| c.text.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        });
        let header = match sep {
            Some(s) if s > 0 => {
                rows.remove(s);
                Some(rows.remove(s - 1).cells)
            }
            _ if rows.len() > 1 && header_like(&rows[0].cells) => Some(rows.remove(0).cells),
            _ => None,
        };
        tables.push(Table {
            index: tables.len(),
            header,
            rows,
            first_block: start,
            end_block: i,
        });
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    #[test]
    fn groups_rows_and_finds_headers() {
        let text = "表\n名称\tサービス内容\n市ホームページ\t行政情報を提供する。\n防災無線\t放送している。\n本文。\n| 指標 | 現状値 |\n|---|---|\n| 普及率 | 20% |\n";
        let s = segment(text);
        let t = recover(&s);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].header_text(1), "サービス内容");
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[1].header_text(0), "指標");
        assert_eq!(t[1].rows[0].cells[1].text, "20%");
        assert_eq!(t[0].caption(&s).unwrap().text, "表");
    }
}
