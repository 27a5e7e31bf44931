//! The rows of a two-column tab table flattened into a line (`用語⇥定義 用語⇥定義 …`, ⇥ a tab): every
//! tab of such a table is followed by a cell that holds the end of one row and, after its
//! last space, the first cell of the next (`定義の文。 次の用語`). Where at least
//! [`MIN_ROWS`] tabs in a row are each followed by such a cell, the line is cut at that
//! last space.
//!
//! Only for lines longer than any row (the caller's check): a tab row as written is never
//! cut. Not for wider tables, whose row ends cannot be told from the cells.

/// The spaces (byte offsets in `line`) between the rows of its two-column tab tables.
pub(super) fn row_cuts(line: &str) -> Vec<usize> {
    let tabs: Vec<usize> = line.match_indices('\t').map(|(i, _)| i).collect();
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    for w in tabs.windows(2) {
        let cell = &line[w[0] + 1..w[1]];
        match next_row_start(cell) {
            Some(at) => run.push(w[0] + 1 + at),
            None => {
                if run.len() >= super::limits().min_tab_rows {
                    out.append(&mut run);
                }
                run.clear();
            }
        }
    }
    if run.len() >= super::limits().min_tab_rows {
        out.append(&mut run);
    }
    out
}

/// The space in `cell` after which the next row's first cell starts: its last space,
/// one or two wide, with a short first cell after it that is no sentence.
fn next_row_start(cell: &str) -> Option<usize> {
    let body = cell.trim_end_matches(' ');
    let at = body.rfind(' ')?;
    let first = &body[at + 1..];
    let rest = body[..at].trim_end_matches(' ');
    let gap = at + 1 - rest.len();
    (!rest.is_empty()
        && gap <= 2
        && first.chars().count() <= super::limits().max_first_cell
        && !first.contains('。'))
    .then_some(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
