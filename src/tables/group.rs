//! Which rows make one table. Consecutive rows do, with two exceptions a PDF produces:
//! a blank line followed by a row of another shape starts a new table (a summary table
//! right after the rows), and a running page header (a chapter heading repeated at the
//! top of a page, a page number, a line repeating an earlier one) between rows does not
//! end the table when the rows after it continue it. The table's header row repeated
//! first after a page break ([`Segmented::after_break`]) is not a row.
//!
//! This module only groups; header and cell repairs are in [`super::repair`].

use crate::normalize::chars::{same_squeezed, squeeze};
use std::sync::OnceLock;

use regex::Regex;

use super::repair::{CellKind, kind_of};
use super::{Row, header_like};
use crate::segment::{Block, BlockKind, Segmented};

/// The repair code of a row that continues a table after a page header or break.
pub const JOINED: &str = "joined_after_page_break";

/// Most lines of page furniture a table may be interrupted by.
const MAX_FURNITURE: usize = 3;

/// A run of rows that form one table.
pub(super) struct Run {
    pub rows: Vec<Row>,
    pub first_block: usize,
    pub end_block: usize,
}

fn row_of(b: &Block) -> Row {
    Row {
        cells: b.cells().unwrap_or_default().to_vec(),
        range: b.range.clone(),
        line: b.line,
        repairs: Vec::new(),
    }
}

/// Cells without the empty ones a row ends with.
fn trimmed_len(b: &Block) -> usize {
    let cells = b.cells().unwrap_or_default();
    cells.len() - cells.iter().rev().take_while(|c| c.text.is_empty()).count()
}

fn page_number(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[-－—‐\s]*[0-9]{1,3}[-－—‐\s]*$").expect("page regex"))
        .is_match(text)
}

/// Whether `b` is page furniture: a short non-sentence line that is a chapter heading,
/// a page number, or a repeat of an earlier line (a running header).
fn furniture(blocks: &[Block], before: usize, b: &Block) -> bool {
    if matches!(b.kind, BlockKind::Row(_)) || b.text.contains('。') || b.text.chars().count() > 40
    {
        return false;
    }
    if page_number(&b.text) || b.heading().is_some_and(|h| h.level == 1) {
        return true;
    }
    blocks[..before]
        .iter()
        .any(|e| same_squeezed(&e.text, &b.text))
}

/// Whether row `b` continues a table whose first row is `first`: not a header of its
/// own, and shaped like the table (a leading empty cell of a merged column, the same
/// width, or a status or category word).
fn continues(first: &Block, b: &Block) -> bool {
    let cells = b.cells().unwrap_or_default();
    if header_like(cells) {
        return false;
    }
    let width = trimmed_len(first);
    cells.first().is_some_and(|c| c.text.is_empty())
        || trimmed_len(b) == width
        || cells
            .iter()
            .any(|c| matches!(kind_of(&c.text), CellKind::Status | CellKind::Category))
}

/// Whether `b` repeats the table's first (header) row.
fn repeats(first: &Block, b: &Block) -> bool {
    let key = |b: &Block| -> Vec<String> {
        b.cells()
            .unwrap_or_default()
            .iter()
            .map(|c| squeeze(&c.text))
            .filter(|t| !t.is_empty())
            .collect()
    };
    key(first) == key(b)
}

/// Splits the document's rows into runs, one per table.
pub(super) fn runs(segmented: &Segmented) -> Vec<Run> {
    let blocks = &segmented.blocks;
    let mut out = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        if !matches!(blocks[i].kind, BlockKind::Row(_)) {
            i += 1;
            continue;
        }
        let start = i;
        let first = &blocks[start];
        let mut rows = vec![row_of(first)];
        let mut prev_line = first.line;
        let header = header_like(first.cells().unwrap_or_default());
        // The row after a repeated header continues the table on the new page.
        let mut joined = false;
        i += 1;
        while i < blocks.len() {
            let b = &blocks[i];
            if matches!(b.kind, BlockKind::Row(_)) {
                if header && segmented.after_break(i) && repeats(first, b) {
                    // The header repeated at the top of the new page, with no furniture
                    // line left between: not a row.
                    prev_line = b.line;
                    joined = true;
                    i += 1;
                    continue;
                }
                if b.line > prev_line + 1 && !continues(first, b) {
                    break;
                }
                let mut row = row_of(b);
                if std::mem::take(&mut joined) {
                    row.repairs.push(JOINED.into());
                }
                rows.push(row);
                prev_line = b.line;
                i += 1;
                continue;
            }
            // Page furniture between rows: look past it for a continuing row.
            let mut k = i;
            while k < blocks.len() && k - i < MAX_FURNITURE && furniture(blocks, start, &blocks[k])
            {
                k += 1;
            }
            let Some(next) = blocks.get(k).filter(|n| k > i && n.cells().is_some()) else {
                break;
            };
            if repeats(first, next) && header_like(first.cells().unwrap_or_default()) {
                // The header repeated at the top of the new page.
                prev_line = next.line;
                i = k + 1;
                if let Some(after) = blocks.get(i).filter(|a| a.cells().is_some()) {
                    let mut row = row_of(after);
                    row.repairs.push(JOINED.into());
                    rows.push(row);
                    prev_line = after.line;
                    i += 1;
                }
                continue;
            }
            if !continues(first, next) {
                break;
            }
            let mut row = row_of(next);
            row.repairs.push(JOINED.into());
            rows.push(row);
            prev_line = next.line;
            i = k + 1;
        }
        out.push(Run {
            rows,
            first_block: start,
            end_block: i,
        });
    }
    out
}
