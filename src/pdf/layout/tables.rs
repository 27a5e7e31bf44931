//! Tables in a page's lines: where a run of lines keeps column gaps (rivers), where its
//! columns are cut and its rows begin, its cells, a table going on from the page
//! before, a header row left at the foot of a page, and two-column prose told apart
//! from a table. It does not write plain lines (see `lines`).

use super::lines::{extent, join, median};
use super::{CellEnd, Columns, Line, River, Sheet, Tail};
use crate::pdf::words::Word;

impl Sheet<'_> {
    /// The table run starting at line `start`: its end (exclusive) and its rivers, or
    /// `start + 1` and no rivers when the lines after `start` cross none of its gaps.
    /// Each line added narrows the candidate gaps by its words, so a run costs time in
    /// proportion to its words times its columns.
    pub(super) fn region(&self, start: usize) -> (usize, Vec<River>) {
        let min_gap = self.settings.column_gap * self.em;
        let first = &self.lines[start];
        let own = gaps(&first.words, min_gap);
        if own.is_empty() {
            return (start + 1, Vec::new());
        }
        let mut open: Vec<Candidate> = std::iter::once((f64::NEG_INFINITY, first.x0))
            .chain(own.iter().map(|r| (r.left, r.right)))
            .chain(std::iter::once((first.x1, f64::INFINITY)))
            .map(|(left, right)| Candidate {
                left,
                right,
                crossed: 1,
            })
            .collect();
        let mut best = (start + 1, Vec::new());
        let mut end = start + 1;
        while end < self.lines.len() {
            let next = &self.lines[end];
            if next.y - self.lines[end - 1].y > self.pitch * self.settings.blank_line {
                break;
            }
            let Some(narrowed) = narrow(&open, next, min_gap) else {
                break;
            };
            let rivers: Vec<River> = narrowed
                .iter()
                .filter(|c| c.crossed >= 2 && c.left.is_finite() && c.right.is_finite())
                .map(|c| River {
                    left: c.left,
                    right: c.right,
                })
                .collect();
            // Every gap covered: a paragraph or a wider table.
            if !narrowed
                .iter()
                .any(|c| c.left.is_finite() && c.right.is_finite())
            {
                break;
            }
            open = narrowed;
            end += 1;
            if !rivers.is_empty() {
                best = (end, rivers);
            } else if best.1.is_empty() && end - start > 8 {
                // No second line crosses the first one's gaps: not a table.
                break;
            }
        }
        let (mut end, rivers) = best;
        // Lines after the table that stand inside one column (a short paragraph or
        // heading) are not rows when a wider gap than the table's own sets them off.
        while end > start + 2 {
            let run = &self.lines[start..end];
            let last = &run[run.len() - 1];
            let crosses = rivers.iter().any(|r| last.x0 < r.left && last.x1 > r.right);
            let inner = median(
                run[..run.len() - 1]
                    .windows(2)
                    .map(|w| w[1].y - w[0].y)
                    .collect(),
            )
            .unwrap_or(self.pitch);
            if crosses
                || last.y - run[run.len() - 2].y <= inner * (1.0 + 3.0 * self.settings.row_gap)
            {
                break;
            }
            end -= 1;
        }
        (end, rivers)
    }

    /// The columns of the table `before` going on in a run with `rivers`, or `None`
    /// when the run is another table: each of the run's rivers meets one of the table's
    /// (the two narrowed to what they share) or lies right of all of them (a last
    /// column empty until now), and none of the run's words straddles a cut.
    pub(super) fn goes_on(
        &self,
        run: &[Line],
        rivers: &[River],
        before: &Columns,
    ) -> Option<Columns> {
        let tol = 0.1 * self.em;
        let mut merged = before.rivers.clone();
        let last = before.rivers.last().map_or(f64::NEG_INFINITY, |r| r.right);
        for r in rivers {
            match merged
                .iter_mut()
                .find(|m| r.left < m.right + tol && m.left - tol < r.right)
            {
                Some(m) => {
                    let (left, right) = (m.left.max(r.left), m.right.min(r.right));
                    *m = if left < right {
                        River { left, right }
                    } else {
                        *r
                    };
                }
                None if r.left > last => merged.push(*r),
                None => return None,
            }
        }
        let cols = Columns::new(merged, before.joined_first);
        run.iter()
            .flat_map(|l| &l.words)
            .all(|w| !cols.cuts.iter().any(|&c| w.x0 < c - tol && w.x1 > c + tol))
            .then_some(cols)
    }

    /// The columns of a table going on from the page before with columns of its own
    /// (it gained one): the cuts of the table before that lie left of all of the run's
    /// words (its first columns, empty on this page) and the run's own cuts, when one
    /// of its rivers holds a cut of the table before.
    pub(super) fn widened(
        &self,
        run: &[Line],
        rivers: &[River],
        before: &Columns,
    ) -> Option<Columns> {
        let x0 = run.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
        let shared = rivers
            .iter()
            .any(|r| before.cuts.iter().any(|&b| r.left <= b && b <= r.right));
        let lead: Vec<River> = before
            .rivers
            .iter()
            .copied()
            .filter(|r| r.mid() < x0)
            .collect();
        (shared && !lead.is_empty() && !before.joined_first).then(|| {
            Columns::new(
                lead.into_iter().chain(rivers.iter().copied()).collect(),
                false,
            )
        })
    }

    /// `row`, the last row of the table run `run` with columns `cols`, held back with
    /// how its cells end (see [`CellEnd`]).
    pub(super) fn tail_of(
        &self,
        row: Option<Vec<String>>,
        run: &[Line],
        cols: &Columns,
    ) -> Option<Tail> {
        let row = row?;
        let n = cols.cuts.len() + 1;
        let column = |w: &Word| cols.cuts.iter().filter(|&&c| w.x_mid() > c).count();
        // A column's right edge: the river after it, or its rightmost word.
        let mut edge: Vec<f64> = cols.rivers.iter().map(|r| r.left).collect();
        edge.push(
            run.iter()
                .flat_map(|l| &l.words)
                .filter(|w| column(w) == n - 1)
                .map(|w| w.x1)
                .fold(f64::NEG_INFINITY, f64::max),
        );
        let lines = *rows_of(run, self.settings.row_gap, self.em, self.pitch).last()?;
        let mut ends = vec![CellEnd::default(); n];
        let mut seen = vec![0usize; n];
        for line in lines {
            let mut reach = vec![f64::NEG_INFINITY; n];
            for w in &line.words {
                let c = column(w);
                reach[c] = reach[c].max(w.x1);
            }
            for c in 0..n {
                if reach[c].is_finite() {
                    seen[c] += 1;
                    ends[c].open = reach[c] >= edge[c] - self.em;
                }
            }
        }
        // Wrapped text: two lines or more in a column wider than vertical text.
        let mut left = vec![
            run.iter()
                .flat_map(|l| &l.words)
                .filter(|w| column(w) == 0)
                .map(|w| w.x0)
                .fold(f64::INFINITY, f64::min),
        ];
        left.extend(cols.rivers.iter().map(|r| r.right));
        for c in 0..n {
            ends[c].wrapped = seen[c] >= 2 && edge[c] - left[c] >= 3.0 * self.em;
        }
        if cols.joined_first {
            let first = ends.remove(0);
            if seen[1] == 0 {
                ends[0] = first;
            }
        }
        Some(Tail {
            columns: cols.clone(),
            row,
            ends,
        })
    }

    /// How many lines at the top of the page may go on with a table with columns `cols` (none of
    /// their words straddles a column cut), and whether one of them fills two columns
    /// or more.
    pub(super) fn carried(&self, cols: &Columns) -> (usize, bool) {
        let tol = 0.1 * self.em;
        let cuts = &cols.cuts;
        let straddles = |w: &Word| cuts.iter().any(|&c| w.x0 < c - tol && w.x1 > c + tol);
        let columns = |l: &Line| {
            let mut cols: Vec<usize> = l
                .words
                .iter()
                .map(|w| cuts.iter().filter(|&&c| w.x_mid() > c).count())
                .collect();
            cols.dedup();
            cols.len()
        };
        let mut end = 0;
        let mut tabular = false;
        while end < self.lines.len() {
            let l = &self.lines[end];
            if l.words.iter().any(|w| straddles(w))
                || (end > 0 && l.y - self.lines[end - 1].y > self.pitch * self.settings.blank_line)
            {
                break;
            }
            tabular |= columns(l) >= 2;
            end += 1;
        }
        (end, tabular)
    }

    /// A line as `pdftotext -layout` would write it: indented, wide gaps as spaces.
    /// The header row of a table that starts on `next`, when the lines from `start` to
    /// the end of this page are that header: the first of them has gaps between cells,
    /// the others (a header word set vertically) sit inside its cells, and each column
    /// gap of `next`'s first table meets one of those gaps.
    pub(super) fn head_of(&self, start: usize, next: &Sheet) -> Option<Vec<String>> {
        let lines = &self.lines[start..];
        if lines.len() > 6 {
            return None;
        }
        let min_gap = self.settings.column_gap * self.em;
        let own = gaps(&lines[0].words, min_gap);
        let straddles = |w: &Word| own.iter().any(|g| w.x0 < g.left && w.x1 > g.right);
        if own.is_empty()
            || lines[1..]
                .iter()
                .any(|l| l.words.iter().any(|w| straddles(w)))
        {
            return None;
        }
        let (end, rivers) = next.first_region();
        let meets = |r: &River| own.iter().any(|g| g.left < r.right && r.left < g.right);
        if *end <= 1 || rivers.is_empty() || !rivers.iter().all(meets) {
            return None;
        }
        let cuts: Vec<f64> = rivers.iter().map(River::mid).collect();
        Some(self.cells(lines, &cuts))
    }

    /// Where a two-column page splits, when `run` is two columns of prose.
    pub(super) fn prose_columns(&self, run: &[Line], rivers: &[River]) -> Option<f64> {
        if rivers.len() != 1 || run.len() < self.settings.prose_lines {
            return None;
        }
        let cut = rivers[0].mid();
        let x0 = run.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
        let x1 = run.iter().map(|l| l.x1).fold(f64::NEG_INFINITY, f64::max);
        let full = |lo: f64, hi: f64| {
            let width = hi - lo;
            let filled = run
                .iter()
                .filter(|l| {
                    let (a, b) = extent(
                        l.words
                            .iter()
                            .copied()
                            .filter(|w| (w.x_mid() < cut) == (lo < cut)),
                    );
                    b - a >= 0.85 * width
                })
                .count();
            filled as f64 >= self.settings.prose_fill * run.len() as f64
        };
        (full(x0, rivers[0].left) && full(rivers[0].right, x1)).then_some(cut)
    }

    pub(super) fn write_prose_columns(&self, out: &mut String, run: &[Line], cut: f64) {
        for left in [true, false] {
            let mut last: Option<f64> = None;
            for line in run {
                let words: Vec<&Word> = line
                    .words
                    .iter()
                    .copied()
                    .filter(|w| (w.x_mid() < cut) == left)
                    .collect();
                if words.is_empty() {
                    continue;
                }
                self.blank_lines(out, last, line.y);
                self.write_plain(out, &words);
                last = Some(line.y);
            }
            out.push('\n');
        }
    }

    /// One row's cells: the words of `lines`, cut into columns at `cuts`, joined in
    /// reading order.
    pub(super) fn cells(&self, lines: &[Line], cuts: &[f64]) -> Vec<String> {
        let column = |w: &Word| cuts.iter().filter(|&&c| w.x_mid() > c).count();
        let mut cells = vec![String::new(); cuts.len() + 1];
        let mut last: Vec<Option<&Word>> = vec![None; cuts.len() + 1];
        for line in lines {
            for w in &line.words {
                let c = column(w);
                join(&mut cells[c], last[c], w, self.em);
                last[c] = Some(w);
            }
        }
        cells
    }

    /// The rows of a table run, cut into columns at `cuts`; whether a first column of
    /// enumerators was joined to the second (`join_first` forces the choice).
    pub(super) fn table_rows(
        &self,
        run: &[Line],
        cuts: &[f64],
        join_first: Option<bool>,
    ) -> (bool, Vec<Vec<String>>) {
        let mut rows: Vec<Vec<String>> = rows_of(run, self.settings.row_gap, self.em, self.pitch)
            .into_iter()
            .map(|lines| self.cells(lines, cuts))
            .collect();
        let joined = join_first.unwrap_or_else(|| {
            cuts.len() > 1 && rows.iter().all(|r| r[0].is_empty() || is_enumerator(&r[0]))
        });
        if joined {
            for r in &mut rows {
                let first = r.remove(0);
                if !first.is_empty() {
                    r[0] = if r[0].is_empty() {
                        first
                    } else {
                        format!("{first} {}", r[0])
                    };
                }
            }
        }
        (joined, rows)
    }
}

/// Whether `next`, the first row of a page, is the rest of `row`, the last row of the
/// page before, cut by the break: it fills only some of the cells `row` fills, or
/// every cell both fill ends `row` on a line that runs to its column's edge and one of
/// them is wrapped text (a row of one-line cells is never taken as cut).
pub(super) fn cut_row(row: &[String], ends: &[CellEnd], next: &[String]) -> bool {
    let filled = |r: &[String], i: usize| r.get(i).is_some_and(|c| !c.is_empty());
    let n = row.len().max(next.len());
    let subset = (0..n).all(|i| !filled(next, i) || filled(row, i))
        && (0..n).any(|i| filled(row, i) && !filled(next, i));
    let shared: Vec<CellEnd> = (0..n)
        .filter(|&i| filled(row, i) && filled(next, i))
        .map(|i| ends.get(i).copied().unwrap_or_default())
        .collect();
    let open =
        !shared.is_empty() && shared.iter().all(|e| e.open) && shared.iter().any(|e| e.wrapped);
    subset || open
}

/// Whether a cell is only an enumerator: `1`, `1.`, `(2)`, `③`, `Ⅳ`, `ア`.
pub(super) fn is_enumerator(cell: &str) -> bool {
    let core = cell.trim_matches(|c: char| "()（）.．、)".contains(c));
    let n = core.chars().count();
    n > 0
        && n <= 3
        && core.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || ('①'..='⑳').contains(&c)
                || ('Ⅰ'..='Ⅻ').contains(&c)
                || ('ア'..='ン').contains(&c) && n == 1
        })
}

/// The rows of a table run: lines grouped at the gaps wider than the run's pitch; when
/// no gap is wider, one row if the lines are as close as the page's text lines, else
/// one row per line.
pub(super) fn rows_of<'r, 'a>(
    run: &'r [Line<'a>],
    row_gap: f64,
    em: f64,
    page_pitch: f64,
) -> Vec<&'r [Line<'a>]> {
    let deltas: Vec<f64> = run.windows(2).map(|w| w[1].y - w[0].y).collect();
    let pitch = deltas
        .iter()
        .copied()
        .filter(|d| *d > 0.3 * em)
        .fold(f64::INFINITY, f64::min);
    let wide = |d: f64| d > pitch * (1.0 + row_gap);
    if !deltas.iter().any(|&d| wide(d)) {
        // No gap wider than another: lines as close as the page's text lines are one
        // row wrapped; lines set further apart (padding between them) are rows.
        return if pitch <= page_pitch * (1.0 + row_gap / 2.0) {
            vec![run]
        } else {
            run.chunks(1).collect()
        };
    }
    let mut rows = Vec::new();
    let mut start = 0;
    for (i, &d) in deltas.iter().enumerate() {
        if wide(d) {
            rows.push(&run[start..=i]);
            start = i + 1;
        }
    }
    rows.push(&run[start..]);
    rows
}

/// A gap that may still be a river: no word of the run so far covers it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    left: f64,
    right: f64,
    /// How many lines of the run have words on both sides.
    crossed: usize,
}

/// The candidates left once `line`'s words are taken out of them (pieces narrower than
/// `min_gap` dropped), each counting `line` when it has words on both sides; `None`
/// when `line` fills a river that two lines crossed already (the table has ended).
pub(super) fn narrow(open: &[Candidate], line: &Line, min_gap: f64) -> Option<Vec<Candidate>> {
    let mut out = Vec::new();
    for c in open {
        let mut pieces = vec![(c.left, c.right)];
        for w in &line.words {
            if w.x1 <= c.left || w.x0 >= c.right {
                continue;
            }
            pieces = pieces
                .into_iter()
                .flat_map(|(a, b)| [(a, b.min(w.x0)), (a.max(w.x1), b)])
                .filter(|(a, b)| b - a >= min_gap)
                .collect();
        }
        if pieces.is_empty() && c.crossed >= 2 && c.left.is_finite() && c.right.is_finite() {
            return None;
        }
        for (left, right) in pieces {
            let crosses = line.x0 < left && line.x1 > right;
            out.push(Candidate {
                left,
                right,
                crossed: c.crossed + usize::from(crosses),
            });
        }
    }
    Some(out)
}

/// The gaps of at least `min_gap` between a line's words.
pub(super) fn gaps(words: &[&Word], min_gap: f64) -> Vec<River> {
    let mut out = Vec::new();
    let mut reach = f64::NEG_INFINITY;
    for w in words {
        if reach.is_finite() && w.x0 - reach >= min_gap {
            out.push(River {
                left: reach,
                right: w.x0,
            });
        }
        reach = reach.max(w.x1);
    }
    out
}
