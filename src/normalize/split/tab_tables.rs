//! Tab tables of three or more columns flattened into a line (`見出し⇥見出し⇥見出し 行⇥行⇥行
//! 行⇥…`, ⇥ a tab): where such a table lies in the line and where its rows ended.
//!
//! The header gives the width: a first cell (the words after the last space before the
//! first tab, or nothing when a line starts with a tab), then cells without spaces, then
//! a cell that holds a space — the header's
//! last cell and, after the space, the first cell of the first row. Every row then has
//! as many cells, so every `width - 1` tabs a cell holds the end of one row and the start
//! of the next (`継続 2 次の方向`). The space between them is, in this order: the last
//! of the cell (the next row's first cell is empty), the first (the row's last cell is
//! empty), the one before an item number (`実施 (2) 次の対応策`), the last one after a
//! sentence end (`…測ります。 次の指標`), else the first (a short value such as a status
//! ends the row). A row may have one cell more or less than the header (a trailing empty
//! cell, a merged one): the last column's values seen so far tell which cell ends it.
//! Blank lines (two spaces) inside a cell stay blank lines, so a running header between
//! two of them stands alone.
//!
//! The table ends where a row after a blank line does not end with a known value, where
//! a column of short values (a status) gets a value of another shape, where a row's
//! cells run out, or at the end of the line: the last row's last cell is cut from the
//! text after it at a blank line, before a record anchor or after a sentence end.
//!
//! Not for two-column tables (`tab_rows` reads those), and not for deciding what the
//! cells mean (the segment and tables stages do).

use std::ops::Range;

use crate::vocab::Marks;

/// A wide tab table in a line: the bytes it covers and the spaces to cut (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TabTable {
    /// From the header's first cell to the last row's last cell.
    pub span: Range<usize>,
    /// The spaces between the rows, and the one after the table.
    pub cuts: Vec<usize>,
}

/// The most header cells looked for.
const MAX_WIDTH: usize = 12;

/// The tab tables of three or more columns in `line`, in order.
pub(super) fn tab_tables(line: &str, marks: &Marks) -> Vec<TabTable> {
    let tabs: Vec<usize> = line.match_indices('\t').map(|(i, _)| i).collect();
    let segs = Segments { line, tabs: &tabs };
    let n = tabs.len() + 1;
    let mut out = Vec::new();
    let mut k = 0;
    while k + 2 < n {
        match header(&segs, k) {
            Some((start, width)) => {
                let (table, resume) = rows(&segs, marks, start, k, width);
                out.push(table);
                k = resume.max(k + 1);
            }
            None => k += 1,
        }
    }
    out
}

/// The cells between the tabs of a line.
struct Segments<'a> {
    line: &'a str,
    tabs: &'a [usize],
}

impl Segments<'_> {
    fn count(&self) -> usize {
        self.tabs.len() + 1
    }

    /// The bytes of segment `k`: from after tab `k - 1` to tab `k`.
    fn range(&self, k: usize) -> Range<usize> {
        let start = if k == 0 { 0 } else { self.tabs[k - 1] + 1 };
        let end = self.tabs.get(k).copied().unwrap_or(self.line.len());
        start..end
    }

    fn text(&self, k: usize) -> &str {
        &self.line[self.range(k)]
    }
}

/// Whether `cell` can be a header cell: not empty, short, no sentence.
fn header_cell(cell: &str) -> bool {
    !cell.is_empty()
        && cell.chars().count() <= super::limits().max_first_cell
        && !cell.contains('。')
}

/// A header whose first cell ends segment `k`: where it starts (byte offset) and how
/// many cells it has. The first cell may be empty (a line that starts with a tab).
fn header(segs: &Segments, k: usize) -> Option<(usize, usize)> {
    let r = segs.range(k);
    let first = segs.text(k);
    let start = match first.rfind(' ') {
        Some(i) => r.start + i + 1,
        None if k == 0 => 0,
        None => return None,
    };
    if start < r.end && !header_cell(&segs.line[start..r.end]) {
        return None;
    }
    for m in 1..MAX_WIDTH {
        let j = k + m;
        if j + 1 >= segs.count() {
            return None;
        }
        let cell = segs.text(j);
        match cell.find(' ') {
            Some(0) => return (m >= 2).then_some((start, m + 1)),
            Some(i) => return (m >= 2 && header_cell(&cell[..i])).then_some((start, m + 1)),
            None if header_cell(cell) => {}
            None => return None,
        }
    }
    None
}

/// Where a row may end: the cuts in a boundary cell and the row's last cell.
struct RowEnd<'a> {
    cuts: Vec<usize>,
    last: &'a str,
    /// A blank line comes before the next row's first cell.
    blank: bool,
}

/// Reads the rows of the table whose header starts at byte `start` in segment `k` and
/// has `width` cells: the table and the segment to look for the next one from.
///
/// A row may have one cell more or less than the header; which of the three cells ends
/// it is told by its value: a value the last column had before is taken first. Once
/// two rows have ended with a known value the column holds short values (a status), and
/// a row that ends in none of them ends the table.
fn rows(segs: &Segments, marks: &Marks, start: usize, k: usize, width: usize) -> (TabTable, usize) {
    let line = segs.line;
    let n = segs.count();
    let mut cuts = Vec::new();
    // The header's last cell has no space: the row starts after its first space run.
    let mut j = k + width - 1;
    let r = segs.range(j);
    let first = r.start + segs.text(j).find(' ').unwrap_or(0);
    cuts.extend(run_at(line, first).take(2));
    let mut seen: Vec<&str> = Vec::new();
    let mut known_rows = 0;
    let mut after_blank = false;
    let mut boundary = None;
    loop {
        let e = j + width - 1;
        if e + 1 >= n {
            // The last row: its last cell is cut from what follows it.
            let end = if e + 1 == n {
                let r = segs.range(e);
                let c = after_table(line, r.clone(), marks);
                cuts.extend(c.iter().copied());
                c.first().copied().unwrap_or(r.end)
            } else {
                line.len()
            };
            return (
                TabTable {
                    span: start..end,
                    cuts,
                },
                n,
            );
        }
        let end_at = |c: usize| (c > j && c + 1 < n).then(|| row_end(line, segs.range(c), marks));
        let [at_e, more, fewer] = [e, e + 1, e - 1].map(|c| end_at(c).map(|r| (c, r)));
        let known = |x: &Option<(usize, RowEnd)>| {
            x.as_ref().is_some_and(|(_, r)| {
                !r.cuts.is_empty() && !r.last.is_empty() && seen.contains(&r.last)
            })
        };
        let lone = |x: &Option<(usize, RowEnd)>| {
            x.as_ref()
                .is_some_and(|(c, r)| r.last.is_empty() && segs.text(*c).starts_with(' '))
        };
        let short = |x: &Option<(usize, RowEnd)>| {
            let longest = seen.iter().map(|s| s.chars().count()).max().unwrap_or(0);
            x.as_ref().is_some_and(|(_, r)| {
                !r.cuts.is_empty()
                    && !r.last.is_empty()
                    && !r.last.contains(' ')
                    && r.last.chars().count() <= 2 * longest
            })
        };
        let no_cut =
            |x: &Option<(usize, RowEnd)>| x.as_ref().is_none_or(|(_, r)| r.cuts.is_empty());
        let before_empty = at_e.as_ref().map_or("", |(_, r)| r.last);
        let hit = known(&at_e)
            || known(&more)
            || known(&fewer)
            || (no_cut(&at_e) && lone(&more) && seen.contains(&before_empty));
        let chosen = if known(&at_e) {
            at_e
        } else if known(&more) {
            more
        } else if known(&fewer) {
            fewer
        } else if lone(&at_e) {
            at_e
        } else if no_cut(&at_e) && lone(&more) {
            more
        } else if no_cut(&at_e) && lone(&fewer) {
            fewer
        } else if known_rows >= 2 {
            if short(&at_e) {
                at_e
            } else if short(&more) {
                more
            } else if short(&fewer) {
                fewer
            } else {
                None
            }
        } else if no_cut(&at_e) {
            None
        } else {
            at_e
        };
        // After a blank line a row continues the table only with a known value.
        let chosen = chosen.filter(|_| hit || !after_blank);
        let Some((c, end)) = chosen else {
            // The table ended with the last row; what follows is read afresh.
            let end = boundary.unwrap_or(segs.range(j).start);
            return (
                TabTable {
                    span: start..end,
                    cuts,
                },
                j,
            );
        };
        if hit {
            known_rows += 1;
        }
        // A row that ends in an empty cell: its value is the cell before.
        let value = if c == e + 1 && end.last.is_empty() {
            before_empty
        } else {
            end.last
        };
        if !value.is_empty() {
            seen.push(value);
        }
        after_blank = end.blank;
        boundary = end.cuts.first().copied();
        cuts.extend(end.cuts);
        j = c;
    }
}

/// The spaces of the run that starts at byte `at`.
fn run_at(line: &str, at: usize) -> impl Iterator<Item = usize> + '_ {
    line[at..]
        .char_indices()
        .take_while(|(_, c)| *c == ' ')
        .map(move |(i, _)| at + i)
}

/// The spaces between the last cell of a row and the first of the next in the cell at
/// `r`, with the blank lines (two spaces) in it; and the row's last cell.
fn row_end<'a>(line: &'a str, r: Range<usize>, marks: &Marks) -> RowEnd<'a> {
    let cell = &line[r.clone()];
    let at = |i: usize| r.start + i;
    let body = cell.trim_end_matches(' ');
    let mut cuts: Vec<usize> = Vec::new();
    // Blank lines: a line between them (a running header) stands alone.
    let mut from = 0;
    while let Some(i) = body[from..].find("  ").map(|i| from + i) {
        cuts.extend(run_at(line, at(i)).take(2));
        from = i + body[i..].len() - body[i..].trim_start_matches(' ').len();
    }
    if body.len() < cell.len() {
        // The next row's first cell is empty: every space of the trailing run.
        cuts.extend(run_at(line, at(body.len())).take(2));
    }
    let blank = cuts.first().is_some_and(|&c| c < r.start + body.len());
    let boundary = if !cuts.is_empty() {
        cuts[0]
    } else if cell.starts_with(' ') {
        cuts.push(r.start);
        r.start
    } else {
        let spaces: Vec<usize> = cell.match_indices(' ').map(|(i, _)| at(i)).collect();
        let numbered = spaces
            .iter()
            .find(|&&s| super::starts_with_number(&line[..s], &line[s + 1..r.end], marks));
        let sentence = spaces.iter().rev().find(|&&s| line[..s].ends_with('。'));
        match numbered.or(sentence).or(spaces.first()) {
            Some(&s) => {
                cuts.push(s);
                s
            }
            None => r.end,
        }
    };
    cuts.sort_unstable();
    cuts.dedup();
    RowEnd {
        last: line[r.start..boundary].trim_matches(' '),
        cuts,
        blank,
    }
}

/// The spaces between the last cell of a table, in the segment at `r`, and the text
/// after it: a blank line, the first space before a record anchor, or after a sentence
/// end.
fn after_table(line: &str, r: Range<usize>, marks: &Marks) -> Vec<usize> {
    let cell = &line[r.clone()];
    for (i, _) in cell.match_indices(' ') {
        let s = r.start + i;
        let before = &line[..s];
        if before.ends_with(' ') {
            continue;
        }
        if line[s + 1..].starts_with(' ') {
            return run_at(line, s).take(2).collect();
        }
        if before.ends_with('。') || super::opens_record(before, &line[s + 1..], marks) {
            return vec![s];
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab;

    fn lines(line: &str) -> Vec<String> {
        let mut out = line.to_string();
        for t in tab_tables(line, vocab::marks()) {
            for c in t.cuts {
                out.replace_range(c..c + 1, "\n");
            }
        }
        out.lines().map(String::from).collect()
    }

    #[test]
    fn rows_end_every_width_cells() {
        let line = "前の文。 分野\t施策\t状況 1 暮らし\t窓口の見直し ・予約\t実施 \t\
                    書類の削減\t概ね実施 2 産業\t販路の拡大\t継続 農地の管理 ・台帳\t水路の点検\t\
                    未実施 \t(1) 窓口\t検討 (3) 後の章";
        assert_eq!(
            lines(line),
            [
                "前の文。 分野\t施策\t状況",
                "1 暮らし\t窓口の見直し ・予約\t実施",
                "\t書類の削減\t概ね実施",
                "2 産業\t販路の拡大\t継続",
                "農地の管理 ・台帳\t水路の点検\t未実施",
                "\t(1) 窓口\t検討",
                "(3) 後の章"
            ]
        );
    }

    #[test]
    fn sentences_extra_cells_and_blank_lines() {
        let line = "<目標> 指標名\t現状\t目標\t説明 閲覧の割合\t21.3%\t30%\t閲覧した人の割合で 測ります。 \
                    交付率\t20%\t100%\t交付の割合です。\t 申請件数\t3件\t10件\t件数です。  \
                    次の章の文。";
        assert_eq!(
            lines(line),
            [
                "<目標> 指標名\t現状\t目標\t説明",
                "閲覧の割合\t21.3%\t30%\t閲覧した人の割合で 測ります。",
                "交付率\t20%\t100%\t交付の割合です。\t",
                "申請件数\t3件\t10件\t件数です。",
                "",
                "次の章の文。"
            ]
        );
        // Two columns, or a header cell with a sentence: not such a table.
        assert!(tab_tables("用語\t意味 5G\t通信。 AI\t人工知能。", vocab::marks()).is_empty());
        assert!(tab_tables("文です。\t列\t列 行\t行\t行", vocab::marks()).is_empty());
    }
}
