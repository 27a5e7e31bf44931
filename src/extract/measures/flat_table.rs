//! Measure tables whose line structure was lost: a header of column words followed by
//! numbered records, all as one run of space-separated cells — a web page or a PDF line
//! flattened (`No. 取組名 区分 担当課 1 title 拡充 課 2 title 継続 課 …`), or a table
//! extracted one cell per line. Line breaks count as spaces, so both read the same.
//!
//! The records are cut at the numbers `1`, `2`, `3` … in sequence (each within
//! `flat_max_cols` cells of the last); the number of cells a record has most often is the
//! width of the table, and that many cells right before `1` are its header. The header
//! must name a title column and a category or status column (words of
//! `dictionaries/columns.tsv`), and at least `flat_min_coded_share` of the records must
//! hold a category or status word in that column; thresholds and the score are in
//! `dictionaries/measure_shapes.tsv`. Extra cells of a record are joined into its title.
//!
//! This module does not read tables whose rows kept their cells apart (the tables stage
//! and the parent module do), nor KPI tables (a header with an indicator column).

use std::ops::Range;

use super::super::Input;
use super::candidate::{Candidate, Features, title_like, weight};
use crate::model::Coded;
use crate::normalize::chars::cells;
use crate::tables::{Role, column_word};
use crate::vocab;

/// The record number a cell is (`3`, `3.`), and whether it has a dot.
fn number(cell: &str) -> Option<(u32, bool)> {
    let (digits, dot) = match cell.strip_suffix(['.', '．']) {
        Some(d) => (d, true),
        None => (cell, false),
    };
    if digits.is_empty() || digits.len() > 3 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, dot))
}

/// The most frequent of `lengths` (the larger on a tie).
fn mode(lengths: &[usize]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for &n in lengths {
        let count = lengths.iter().filter(|&&m| m == n).count();
        if best.is_none_or(|(b, c)| count > c || (count == c && n > b)) {
            best = Some((n, count));
        }
    }
    best.map(|(n, _)| n)
}

/// A record of a flattened table: its cells.
struct Record {
    cells: Vec<Range<usize>>,
}

/// Proposes the records of every flattened measure table.
pub(super) fn detect(input: &Input<'_>, _: &Features) -> Vec<Candidate> {
    let text = &input.normalized.text;
    let all = cells(text);
    let max_cols = weight("flat_max_cols") as usize;
    let min_records = weight("flat_min_records") as usize;
    let mut out = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let Some((1, dot)) = number(&text[all[i].clone()]) else {
            i += 1;
            continue;
        };
        // The numbers 1, 2, 3 … in sequence, each within max_cols cells of the last.
        let mut starts = vec![i];
        let mut j = i + 1;
        while j < all.len() && j - starts[starts.len() - 1] <= max_cols + 1 {
            if number(&text[all[j].clone()]) == Some((starts.len() as u32 + 1, dot)) {
                starts.push(j);
            }
            j += 1;
        }
        match read_table(input, &all, &starts, max_cols, min_records) {
            Some(found) => {
                i = starts[starts.len() - 1] + 1;
                out.extend(found);
            }
            None => i += 1,
        }
    }
    out
}

/// The candidates of the table whose records start at `starts` (cell indexes), if its
/// header and records read as a measure table.
fn read_table(
    input: &Input<'_>,
    all: &[Range<usize>],
    starts: &[usize],
    max_cols: usize,
    min_records: usize,
) -> Option<Vec<Candidate>> {
    let text = &input.normalized.text;
    if starts.len() < min_records {
        return None;
    }
    let lengths: Vec<usize> = starts.windows(2).map(|w| w[1] - w[0] - 1).collect();
    let width = mode(&lengths)?;
    if !(2..=max_cols).contains(&width) || starts[0] < width {
        return None;
    }
    let header = &all[starts[0] - width..starts[0]];
    let header_max = weight("flat_header_max_chars") as usize;
    let roles: Vec<Option<Role>> = header
        .iter()
        .map(|r| {
            let t = &text[r.clone()];
            (t.chars().count() <= header_max && number(t).is_none())
                .then(|| column_word(t))
                .flatten()
        })
        .collect();
    if header
        .iter()
        .any(|r| text[r.clone()].chars().count() > header_max)
        || roles.contains(&Some(Role::Indicator))
    {
        return None;
    }
    let title_col = roles.iter().position(|r| *r == Some(Role::Title))?;
    let category_col = roles.iter().position(|r| *r == Some(Role::Category));
    let status_col = roles.iter().position(|r| *r == Some(Role::Status));
    if category_col.is_none() && status_col.is_none() {
        return None;
    }
    // The records: the last one takes the table's width, the others all their cells.
    let last = starts[starts.len() - 1];
    let mut records: Vec<Record> = starts
        .windows(2)
        .map(|w| Record {
            cells: all[w[0] + 1..w[1]].to_vec(),
        })
        .collect();
    if last + width < all.len() {
        records.push(Record {
            cells: all[last + 1..=last + width].to_vec(),
        });
    }
    let after = width - 1 - title_col;
    let coded = |col: Option<usize>, rec: &Record, list: &vocab::CodeList| -> Option<Coded> {
        let col = col?;
        let n = rec.cells.len();
        let at = if col < title_col {
            col
        } else {
            n - (width - col)
        };
        let t = &text[rec.cells.get(at)?.clone()];
        list.code(t).map(|code| Coded {
            text: t.to_string(),
            code: code.to_string(),
        })
    };
    let max_title = weight("heading_item_max_chars") as usize;
    let region = header[0].start;
    let score = weight("score.flat_table");
    let mut out = Vec::new();
    let mut with_code = 0;
    for rec in &records {
        if rec.cells.len() < width {
            continue;
        }
        let title_cells = &rec.cells[title_col..rec.cells.len() - after];
        let range = title_cells[0].start..title_cells[title_cells.len() - 1].end;
        let title = title_cells
            .iter()
            .map(|r| &text[r.clone()])
            .collect::<Vec<_>>()
            .join(" ");
        if !title_like(&title, max_title) || crate::number::is_value(&title) {
            return None;
        }
        let category = coded(category_col, rec, vocab::categories());
        let status = coded(status_col, rec, vocab::statuses());
        if category.is_some() || status.is_some() {
            with_code += 1;
        }
        out.push(Candidate {
            title,
            range,
            region,
            score,
            detector: "flat_table",
            shape: "flattened table: column words, then numbered records",
            category,
            status,
        });
    }
    let share = weight("flat_min_coded_share");
    (out.len() >= min_records && with_code as f64 >= share * out.len() as f64).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_numbers() {
        let t = "No. 取組名\n区分 1 a";
        let c: Vec<&str> = cells(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(c, ["No.", "取組名", "区分", "1", "a"]);
        assert_eq!(number("12"), Some((12, false)));
        assert_eq!(number("3."), Some((3, true)));
        assert_eq!(number("No."), None);
        assert_eq!(mode(&[3, 3, 4, 3]), Some(3));
    }
}
