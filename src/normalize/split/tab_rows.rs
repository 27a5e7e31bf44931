//! The rows of a two-column tab table flattened into a line (`用語⇥定義 用語⇥定義 …`, ⇥ a tab): every
//! tab of such a table is followed by a cell that holds the end of one row and, after its
//! last space, the first cell of the next (`定義の文。 次の用語`). Where at least
//! [`MIN_ROWS`] tabs in a row are each followed by such a cell, the line is cut at that
//! last space.
//!
//! The rows' cells are not cut inside (the caller keeps its other cuts out of the run).
//!
//! Only for lines longer than any row (the caller's check): a tab row as written is never
//! cut. Not for wider tables (`tab_tables` reads those by their header's width).

use std::ops::Range;

use crate::vocab::Marks;

/// A run of rows of a two-column tab table: from its first tab to its last, and the
/// spaces between its rows.
pub(super) struct Rows {
    pub span: Range<usize>,
    pub cuts: Vec<usize>,
}

/// The runs of rows of the two-column tab tables of `line`.
pub(super) fn row_runs(line: &str, marks: &Marks) -> Vec<Rows> {
    let tabs: Vec<usize> = line.match_indices('\t').map(|(i, _)| i).collect();
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut from = 0;
    let mut flush = |run: &mut Vec<usize>, from: usize, to: usize| {
        if run.len() >= super::limits().min_tab_rows {
            out.push(Rows {
                span: from..to,
                cuts: std::mem::take(run),
            });
        }
        run.clear();
    };
    for w in tabs.windows(2) {
        let cell = &line[w[0] + 1..w[1]];
        match next_row_start(cell, marks) {
            Some(at) => {
                if run.is_empty() {
                    from = w[0];
                }
                run.push(w[0] + 1 + at);
            }
            None => flush(&mut run, from, w[0] + 1),
        }
    }
    let end = tabs.last().map_or(0, |t| t + 1);
    flush(&mut run, from, end);
    out
}

/// The space in `cell` after which the next row's first cell starts: its last space,
/// one or two wide, with a short first cell after it that is no sentence; none when the
/// cell holds a blank line (two spaces), where the table ended. A first cell
/// does not start with a word that ties it to the word before (`AI・RPA の利用推進`, a
/// `joiner` of `dictionaries/marks.tsv`): the space before that word is no cut.
fn next_row_start(cell: &str, marks: &Marks) -> Option<usize> {
    let body = cell.trim_end_matches(' ');
    if body.trim_start_matches(' ').contains("  ") {
        // A blank line: the table ended before it.
        return None;
    }
    let mut at = body.rfind(' ')?;
    while at > 0
        && marks
            .joiners
            .iter()
            .any(|j| body[at + 1..].starts_with(j.as_str()))
    {
        match body[..at].trim_end_matches(' ').rfind(' ') {
            Some(p) => at = p,
            None => break,
        }
    }
    let first = &body[at + 1..];
    let rest = body[..at].trim_end_matches(' ');
    let gap = at + 1 - rest.len();
    // A cell that starts with a space: the row's last cell is empty.
    ((!rest.is_empty() || at == 0)
        && gap <= 2
        && first.chars().count() <= super::limits().max_first_cell
        && !first.contains('。'))
    .then_some(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab;

    fn row_cuts(line: &str) -> Vec<usize> {
        row_runs(line, vocab::marks())
            .into_iter()
            .flat_map(|r| r.cuts)
            .collect()
    }

    #[test]
    fn a_flattened_two_column_table_is_cut_before_each_first_cell() {
        let line = "用語\t意味 5G\t第5世代の通信。 AI\tArtificial Intelligence の略。 \
                    IoT\tモノのインターネット。 VR\t仮想現実。 次の文";
        let mut out = line.to_string();
        for c in row_cuts(line) {
            out.replace_range(c..c + 1, "\n");
        }
        assert_eq!(
            out.lines().collect::<Vec<_>>(),
            [
                "用語\t意味",
                "5G\t第5世代の通信。",
                "AI\tArtificial Intelligence の略。",
                "IoT\tモノのインターネット。",
                "VR\t仮想現実。 次の文"
            ]
        );
        // Too few rows, or an empty cell between tabs: not such a table.
        assert!(row_cuts("a\tb c\td e\tf").is_empty());
        assert!(row_cuts("a\tb c\t\td e\tf g\th i\tj").is_empty());
    }

    #[test]
    fn a_first_cell_keeps_a_word_tied_to_the_one_before_and_may_follow_an_empty_cell() {
        let line = "項目\t内容 窓口\t予約を受ける。 AI・RPA の活用\t事務を見直す。 \
                    書類\t 電子化\t紙を減らす。 計\t3";
        let runs = row_runs(line, vocab::marks());
        assert_eq!(runs.len(), 1);
        let mut out = line.to_string();
        for c in &runs[0].cuts {
            out.replace_range(*c..*c + 1, "\n");
        }
        assert_eq!(
            out.lines().collect::<Vec<_>>(),
            [
                "項目\t内容",
                "窓口\t予約を受ける。",
                "AI・RPA の活用\t事務を見直す。",
                "書類\t",
                "電子化\t紙を減らす。",
                "計\t3"
            ]
        );
        let (first, last) = (line.find('\t').unwrap(), line.rfind('\t').unwrap());
        assert_eq!(runs[0].span, first..last + 1);
    }
}
