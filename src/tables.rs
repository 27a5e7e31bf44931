//! Stage 4, tables: raw rows → repaired tables.
//!
//! Groups table rows into [`Table`]s, recognises header rows and the role of each
//! column (goal, strategy, title, progress, status, category — from the header words in
//! `dictionaries/columns.tsv` and from what the cells hold), and repairs what PDF
//! conversion broke (see [`repair`]): HTML fragments become cells, duplicated cells go,
//! shifted rows are realigned by what their cells contain, merged cells are filled down,
//! and a table interrupted by a running page header or split by a page break is joined.
//! Every repair that changed a row leaves a code in [`Row::repairs`].
//!
//! A table keeps the blocks it was made of, so the extract stage can report spans.
//! This module shapes rows into tables; it does not say what a table is about.

mod group;
pub mod repair;

use std::ops::Range;

use crate::normalize::chars::squeeze;
use crate::segment::{Block, BlockKind, Cell, Segmented};

/// What a column holds, from its header word or its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The goal (情報化の方向, 基本目標): merged down over the rows below.
    Goal,
    /// The strategy (対応策, 施策の方向): merged down over the rows below.
    Strategy,
    /// The measure's name and items (施策, 事業).
    Title,
    /// What was done (実施状況).
    Progress,
    /// Implementation status words or marks (検証結果, 評価).
    Status,
    /// Plan category words (区分).
    Category,
    /// A KPI column (指標, 現状値, 目標値): the table is an indicator table.
    Indicator,
    /// A year or period of a schedule (令和6年度, R7, 2025年度, 前期): its cells are planned
    /// phases (検討, 実施, 運用), never statuses.
    Period,
    /// Anything else.
    Other,
}

impl Role {
    fn from_code(code: &str) -> Role {
        match code {
            "goal" => Role::Goal,
            "strategy" => Role::Strategy,
            "title" => Role::Title,
            "progress" => Role::Progress,
            "status" => Role::Status,
            "category" => Role::Category,
            "indicator" => Role::Indicator,
            "period" => Role::Period,
            _ => Role::Other,
        }
    }
}

/// A table: an optional header and its data rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Index of the table in the document (0-based); never part of an id (a table's id
    /// comes from its content, see `extract::table_ids`).
    pub index: usize,
    /// The header row's cells, if one was recognised.
    pub header: Option<Vec<Cell>>,
    /// The data rows.
    pub rows: Vec<Row>,
    /// Index of the first block of the table in [`Segmented::blocks`].
    pub first_block: usize,
    /// Index just past the last block.
    pub end_block: usize,
    /// The role of each column (from the header words, else from the cells).
    pub roles: Vec<Role>,
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

impl Row {
    /// The text of column `col`, or "" where the row has none.
    pub fn text(&self, col: usize) -> &str {
        self.cells.get(col).map(|c| c.text.as_str()).unwrap_or("")
    }

    /// The texts of the non-empty cells, in order.
    pub fn texts(&self) -> Vec<&str> {
        self.cells
            .iter()
            .map(|c| c.text.as_str())
            .filter(|s| !s.is_empty())
            .collect()
    }
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

    /// The first column with `role`.
    pub fn column(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == role)
    }

    /// The text before the table in the document (its caption or heading), looked up
    /// by the caller through [`Table::first_block`].
    pub fn caption<'a>(&self, segmented: &'a Segmented) -> Option<&'a Block> {
        segmented.blocks[..self.first_block.min(segmented.blocks.len())]
            .iter()
            .rev()
            .find(|b| !matches!(b.kind, BlockKind::Row(_)))
    }
}

/// A row is header-like when its cells are short labels: not numbers, no sentences, no
/// status or category words, no `(1)`-style numbering. A `・` is allowed only in a cell
/// that holds a known column word (`施策（施策・事業の概要）`).
pub(crate) fn header_like(cells: &[Cell]) -> bool {
    let non_empty: Vec<&Cell> = cells.iter().filter(|c| !c.text.is_empty()).collect();
    !non_empty.is_empty()
        && non_empty.len() * 2 >= cells.len()
        && non_empty.iter().all(|c| {
            let n = c.text.chars().count();
            n <= 20
                && !c.text.contains('。')
                && (!c.text.contains('・') || column_word(&c.text).is_some())
                && !c
                    .text
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == '%')
                && repair::kind_of(&c.text) == repair::CellKind::Text
        })
}

/// The role a header cell names: a year or period (the cell is one year mention, such
/// as `令和6年度`, `R7`, `2025年度`, perhaps with a suffix of `period_suffix` words), else the
/// longest column word it contains.
pub(crate) fn column_word(text: &str) -> Option<Role> {
    let squeezed = squeeze(text);
    if is_period(&squeezed) {
        return Some(Role::Period);
    }
    crate::vocab::columns()
        .words()
        .filter(|(_, code)| *code != "period_suffix")
        .find(|(w, _)| squeezed.contains(w))
        .map(|(_, code)| Role::from_code(code))
}

/// Whether a header cell names one year (`令和6年度`, `R7`, `2025年度`, `R7年度以降`).
fn is_period(squeezed: &str) -> bool {
    let years = crate::era::find_years(squeezed);
    let [y] = years.as_slice() else {
        return false;
    };
    let rest = squeezed[y.end..].trim_start_matches([')', '）']);
    y.start == 0
        && (rest.is_empty()
            || crate::vocab::columns()
                .words()
                .any(|(w, code)| code == "period_suffix" && w == rest))
}

/// Groups the rows of a segmented document into tables and repairs them.
pub fn recover(segmented: &Segmented) -> Vec<Table> {
    let mut tables = Vec::new();
    for run in group::runs(segmented) {
        let mut rows = run.rows;
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
        let mut table = Table {
            index: tables.len(),
            header,
            rows,
            first_block: run.first_block,
            end_block: run.end_block,
            roles: Vec::new(),
        };
        repair::repair(&mut table);
        tables.push(table);
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
        assert_eq!(t[1].roles, [Role::Indicator, Role::Indicator]);
    }
}
