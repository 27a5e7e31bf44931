//! Layout from word boxes: turns each page's words into lines of text, and rebuilds
//! tables the way text-based table finders do (camelot's stream mode, pdfplumber's
//! text strategy), so that a printed table comes back as one TAB-separated line per row.
//!
//! - **Lines**: words whose vertical middles agree (within a share of their height).
//! - **Table regions**: a run of lines that keeps at least one *river* — an x-interval
//!   no word of the run covers, crossed (words on both sides) by two or more lines. A
//!   line that covers every river (a paragraph) ends the run.
//! - **Columns** are cut at the middle of each river; **rows** at the vertical gaps
//!   that are wider than the run's line pitch (cell padding and borders), so a cell
//!   wrapped over several lines, or a word set vertically one character per line, is
//!   joined into one cell. A first column that holds only enumerators (`1`, `(2)`, `③`)
//!   is joined to the next one.
//! - **Two-column pages**: a run of two columns of justified prose is read column by
//!   column, not as a table.
//! - Other lines keep their indentation and wide gaps as spaces, as `pdftotext -layout`
//!   writes them; vertical gaps become blank lines; each page ends with a form feed.
//!
//! This module does not decide what a table means (the extract stage does), nor remove
//! page furniture (the segment stage does); it never drops a word.

use super::words::{Page, Word};

/// The thresholds of `dictionaries/pdf.tsv` (`layout_*`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Words are on one line when their middles differ by less than this share of
    /// their height.
    pub same_line: f64,
    /// The narrowest river between two columns, in ems.
    pub column_gap: f64,
    /// A gap between lines wider than the run's pitch by this share starts a new row.
    pub row_gap: f64,
    /// A gap between lines wider than the page's pitch by this factor is a blank line.
    pub blank_line: f64,
    /// A prose column: this share of its lines fill most of its width.
    pub prose_fill: f64,
    /// Fewest lines of a two-column page.
    pub prose_lines: usize,
}

impl Default for Settings {
    fn default() -> Self {
        let pdf = crate::vocab::pdf();
        Self {
            same_line: pdf.number("layout_same_line"),
            column_gap: pdf.number("layout_column_gap"),
            row_gap: pdf.number("layout_row_gap"),
            blank_line: pdf.number("layout_blank_line"),
            prose_fill: pdf.number("layout_prose_fill"),
            prose_lines: pdf.number("layout_prose_lines") as usize,
        }
    }
}

/// A line of words, left to right.
struct Line<'a> {
    words: Vec<&'a Word>,
    y: f64,
    x0: f64,
    x1: f64,
}

/// A gap between columns.
#[derive(Debug, Clone, Copy, PartialEq)]
struct River {
    left: f64,
    right: f64,
}

impl River {
    fn mid(&self) -> f64 {
        (self.left + self.right) / 2.0
    }
}

/// The text of `pages`: each page's lines, then a form feed.
///
/// A table that ends one page and goes on at the top of the next keeps its columns
/// there, and a row cut by the page break (the next page's first row fills only some
/// of the columns the cut row fills) is joined to it, before the form feed.
pub fn lay_out(pages: &[Page], settings: &Settings) -> String {
    let mut out = String::new();
    let mut tail: Option<Tail> = None;
    let mut columns: Option<Columns> = None;
    let laid: Vec<Page_> = pages.iter().map(|p| Page_::new(p, settings)).collect();
    for (n, page) in laid.iter().enumerate() {
        let mut body = String::new();
        let (continued, next) = page.write(&mut body, tail.as_ref(), &mut columns, laid.get(n + 1));
        if n > 0 {
            if let Some(mut t) = tail.take() {
                if let Some(more) = continued {
                    for (cell, add) in t.row.iter_mut().zip(more) {
                        if !add.is_empty() {
                            if wrapped_space(cell, &add) {
                                cell.push(' ');
                            }
                            cell.push_str(&add);
                        }
                    }
                }
                write_row(&mut out, &t.row);
            }
            out.push('\u{c}');
        }
        out.push_str(&body);
        tail = next;
    }
    if let Some(t) = tail {
        write_row(&mut out, &t.row);
    }
    if !pages.is_empty() {
        out.push('\u{c}');
    }
    out
}

/// A table's columns: where they are cut, and whether its first column (enumerators)
/// was joined to the second.
#[derive(Debug, Clone, Default)]
struct Columns {
    cuts: Vec<f64>,
    joined_first: bool,
}

/// The last row of a table that ends a page, held back until the next page shows
/// whether the row goes on there.
#[derive(Debug, Clone)]
struct Tail {
    columns: Columns,
    /// The row's cells.
    row: Vec<String>,
}

fn write_row(out: &mut String, row: &[String]) {
    out.push_str(&row.join("\t"));
    out.push('\n');
}

/// One page being laid out.
#[allow(non_camel_case_types)]
struct Page_<'a> {
    lines: Vec<Line<'a>>,
    /// The width of a full-width character.
    em: f64,
    /// The usual distance between the middles of consecutive lines.
    pitch: f64,
    /// The leftmost word's left edge.
    left: f64,
    /// The right margin of the text: most lines end before it.
    right: f64,
    settings: &'a Settings,
}

impl<'a> Page_<'a> {
    fn new(page: &'a Page, settings: &'a Settings) -> Self {
        let em = em_of(&page.words);
        let lines = lines_of(&page.words, settings.same_line);
        let pitch = line_pitch(
            lines
                .windows(2)
                .map(|w| w[1].y - w[0].y)
                .filter(|d| *d > 0.3 * em)
                .collect(),
        )
        .unwrap_or(em * 1.5);
        if std::env::var_os("KEIKAKU_LAYOUT_DEBUG").is_some() {
            let d: Vec<i64> = lines
                .windows(2)
                .map(|w| ((w[1].y - w[0].y) * 10.0) as i64)
                .collect();
            eprintln!("page pitch {pitch:.2} em {em:.2} deltas {d:?}");
        }
        let left = lines.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
        let right = {
            let mut ends: Vec<f64> = lines.iter().map(|l| l.x1).collect();
            ends.sort_by(f64::total_cmp);
            ends.get(ends.len() * 9 / 10).copied().unwrap_or(0.0)
        };
        Self {
            lines,
            em,
            pitch,
            left,
            right,
            settings,
        }
    }

    /// Writes the page to `out`. Returns the cells that continue `carry`'s row (not
    /// written), and the last row of a table that ends the page (not written either).
    ///
    /// `columns` holds the last table's columns before the page and after it: the
    /// page's first table keeps them when its own cuts are some of them (a table that
    /// goes on from the page before, whose first columns may be empty on this page).
    fn write(
        &self,
        out: &mut String,
        carry: Option<&Tail>,
        columns: &mut Option<Columns>,
        next_page: Option<&Page_>,
    ) -> (Option<Vec<String>>, Option<Tail>) {
        let mut previous = columns.take();
        let mut i = 0;
        let mut last_y: Option<f64> = None;
        let mut continued = None;
        let mut tail: Option<Tail> = None;
        // The table of the page before goes on here only if this page's first table
        // has no column that one lacks.
        let carry = carry.filter(|c| {
            let (end, rivers) = self.region(0);
            end <= 1 || self.goes_on(&self.lines[..end], &rivers, &c.columns.cuts)
        });
        if let Some(carry) = carry {
            let (mut end, tabular) = self.carried(carry);
            if end > 0 && !tabular {
                // Lines in one column only: the cut row's end, or a heading. Only the
                // first row of them may go on with the row, and only if it fits.
                end = rows_of(&self.lines[..end], self.settings.row_gap, self.em)[0].len();
            }
            if end > 0 {
                let c = &carry.columns;
                let mut rows = self
                    .table_rows(&self.lines[..end], &c.cuts, Some(c.joined_first))
                    .1;
                let filled = |r: &[String]| r.iter().map(|c| !c.is_empty()).collect::<Vec<_>>();
                let (first, before) = (filled(&rows[0]), filled(&carry.row));
                let subset = first.iter().zip(&before).all(|(a, b)| !a || *b) && first != before;
                if subset {
                    continued = Some(rows.remove(0));
                }
                if subset || tabular {
                    tail = rows.pop().map(|row| Tail {
                        columns: carry.columns.clone(),
                        row,
                    });
                    *columns = Some(carry.columns.clone());
                    previous = None;
                    for r in &rows {
                        write_row(out, r);
                    }
                    last_y = Some(self.lines[end - 1].y);
                    i = end;
                }
            }
        }
        let mut plain_before = false;
        let mut next = if i < self.lines.len() {
            self.region(i)
        } else {
            Default::default()
        };
        while i < self.lines.len() {
            let (end, rivers) = std::mem::take(&mut next);
            // A line just above a table (its caption, say) may open a run of its own that
            // hides the table's columns: start at the next line when that finds more.
            let later = (end > i + 1).then(|| self.region(i + 1));
            let (end, rivers) = match later {
                Some(l) if l.1.len() > rivers.len() && l.0 >= end => {
                    next = l;
                    (i + 1, Vec::new())
                }
                _ => (end, rivers),
            };
            if let Some(t) = tail.take() {
                write_row(out, &t.row);
            }
            self.blank_lines(out, last_y, self.lines[i].y);
            if end > i + 1 && !rivers.is_empty() {
                let run = &self.lines[i..end];
                if let Some(split) = self.prose_columns(run, &rivers) {
                    self.write_prose_columns(out, run, split);
                } else {
                    let cuts: Vec<f64> = rivers.iter().map(River::mid).collect();
                    let kept = previous
                        .take()
                        .filter(|p| self.goes_on(run, &rivers, &p.cuts));
                    let (cuts, joined_first, mut rows) = match kept {
                        Some(p) => {
                            let rows = self.table_rows(run, &p.cuts, Some(p.joined_first)).1;
                            (p.cuts, p.joined_first, rows)
                        }
                        None => {
                            let (joined, rows) = self.table_rows(run, &cuts, None);
                            (cuts, joined, rows)
                        }
                    };
                    let c = Columns { cuts, joined_first };
                    *columns = Some(c.clone());
                    tail = rows.pop().map(|row| Tail { columns: c, row });
                    for r in &rows {
                        write_row(out, r);
                    }
                }
                last_y = Some(run[run.len() - 1].y);
            } else if let Some(head) = next_page.and_then(|n| self.head_of(i, n)) {
                // A table's header row at the foot of the page, its rows on the next.
                write_row(out, &head);
                break;
            } else {
                let line = &self.lines[i];
                let wraps = plain_before && i > 0 && self.wraps_into(&self.lines[i - 1], line);
                if wraps && out.ends_with('\n') {
                    out.pop();
                    let mut text = String::new();
                    self.write_plain(&mut text, &line.words);
                    let text = text.trim_start();
                    if wrapped_space(out, text) {
                        out.push(' ');
                    }
                    out.push_str(text);
                } else {
                    self.write_plain(out, &line.words);
                }
                last_y = Some(line.y);
            }
            plain_before = !(end > i + 1 && !rivers.is_empty());
            i = end.max(i + 1);
            if next.0 <= i {
                next = if i < self.lines.len() {
                    self.region(i)
                } else {
                    Default::default()
                };
            }
        }
        (continued, tail)
    }

    /// Whether a run with `rivers` is the table cut at `before` going on: each of its
    /// rivers holds one of those cuts and none of its words straddles one.
    fn goes_on(&self, run: &[Line], rivers: &[River], before: &[f64]) -> bool {
        let tol = 0.1 * self.em;
        rivers
            .iter()
            .all(|r| before.iter().any(|&b| r.left <= b && b <= r.right))
            && run
                .iter()
                .flat_map(|l| &l.words)
                .all(|w| !before.iter().any(|&c| w.x0 < c - tol && w.x1 > c + tol))
    }

    /// How many lines at the top of the page may go on with `carry`'s table (none of
    /// their words straddles a column cut), and whether one of them fills two columns
    /// or more.
    fn carried(&self, carry: &Tail) -> (usize, bool) {
        let tol = 0.1 * self.em;
        let cuts = &carry.columns.cuts;
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
                || (end > 0 && l.y - self.lines[end - 1].y > self.pitch * 3.0)
            {
                break;
            }
            tabular |= columns(l) >= 2;
            end += 1;
        }
        (end, tabular)
    }

    /// Blank lines for a vertical gap wider than the page's pitch.
    fn blank_lines(&self, out: &mut String, last: Option<f64>, y: f64) {
        let Some(last) = last else { return };
        let gap = y - last;
        if gap > self.pitch * self.settings.blank_line {
            let n = ((gap / self.pitch).round() as usize)
                .saturating_sub(1)
                .clamp(1, 2);
            out.extend(std::iter::repeat_n('\n', n));
        }
    }

    /// The table run starting at line `start`: its end (exclusive) and its rivers, or
    /// `start + 1` and no rivers when the lines after `start` cross none of its gaps.
    /// Each line added narrows the candidate gaps by its words, so a run costs time in
    /// proportion to its words times its columns.
    fn region(&self, start: usize) -> (usize, Vec<River>) {
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
            if next.y - self.lines[end - 1].y > self.pitch * 3.0 {
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
        if std::env::var_os("KEIKAKU_LAYOUT_DEBUG").is_some() && end > start + 1 {
            eprintln!(
                "region {start}..{end} em {:.1} pitch {:.1} rivers {:?} first {:?}",
                self.em,
                self.pitch,
                rivers
                    .iter()
                    .map(|r| (r.left as i64, r.right as i64))
                    .collect::<Vec<_>>(),
                self.lines[start]
                    .words
                    .iter()
                    .map(|w| (w.text.as_str(), w.x0 as i64, w.x1 as i64))
                    .collect::<Vec<_>>()
            );
        }
        (end, rivers)
    }

    /// Where a two-column page splits, when `run` is two columns of prose.
    fn prose_columns(&self, run: &[Line], rivers: &[River]) -> Option<f64> {
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

    fn write_prose_columns(&self, out: &mut String, run: &[Line], cut: f64) {
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
    fn cells(&self, lines: &[Line], cuts: &[f64]) -> Vec<String> {
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
    fn table_rows(
        &self,
        run: &[Line],
        cuts: &[f64],
        join_first: Option<bool>,
    ) -> (bool, Vec<Vec<String>>) {
        let mut rows: Vec<Vec<String>> = rows_of(run, self.settings.row_gap, self.em)
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

    /// A line as `pdftotext -layout` would write it: indented, wide gaps as spaces.
    /// The header row of a table that starts on `next`, when the lines from `start` to
    /// the end of this page are that header: the first of them has gaps between cells,
    /// the others (a header word set vertically) sit inside its cells, and each column
    /// gap of `next`'s first table meets one of those gaps.
    fn head_of(&self, start: usize, next: &Page_) -> Option<Vec<String>> {
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
        let (end, rivers) = next.region(0);
        let meets = |r: &River| own.iter().any(|g| g.left < r.right && r.left < g.right);
        if end <= 1 || rivers.is_empty() || !rivers.iter().all(meets) {
            return None;
        }
        let cuts: Vec<f64> = rivers.iter().map(River::mid).collect();
        Some(self.cells(lines, &cuts))
    }

    /// Whether `line` goes on with the sentence of the plain line `prev`: `prev` runs to
    /// the page's right margin, `line` follows at the line pitch, is indented no more
    /// than an em and a half past `prev`, and opens with no bullet or enumerator.
    fn wraps_into(&self, prev: &Line, line: &Line) -> bool {
        let first = line.words[0].text.as_str();
        let opens_item = first
            .chars()
            .next()
            .is_some_and(|c| crate::vocab::marks().bullets.contains(&c))
            || is_enumerator(first)
            || first.starts_with(['(', '（', '第', '※']);
        prev.x1 >= self.right - 1.5 * self.em
            && line.y - prev.y <= self.pitch * 1.3
            && line.x0 <= prev.x0 + 1.5 * self.em
            && !opens_item
    }

    fn write_plain(&self, out: &mut String, words: &[&Word]) {
        let half = self.em / 2.0;
        let indent = (((words[0].x0 - self.left) / half).round().max(0.0) as usize).min(60);
        out.extend(std::iter::repeat_n(' ', indent));
        let mut prev: Option<&Word> = None;
        for w in words {
            if let Some(p) = prev {
                let gap = w.x0 - p.x1;
                if gap >= 1.2 * self.em {
                    let n = ((gap / half).round() as usize).clamp(2, 60);
                    out.extend(std::iter::repeat_n(' ', n));
                } else if gap >= 0.15 * self.em {
                    out.push(' ');
                }
            }
            out.push_str(&w.text);
            prev = Some(w);
        }
        out.push('\n');
    }
}

/// Appends `w` to a cell: a space between words apart on a line, between two lines
/// that end and start with Latin letters or digits, or before a line that opens with a
/// bullet (`dictionaries/marks.tsv`: a new item of a list in the cell); nothing
/// otherwise.
fn join(cell: &mut String, prev: Option<&Word>, w: &Word, em: f64) {
    if let Some(p) = prev {
        let same_line = (w.y_mid() - p.y_mid()).abs() < 0.3 * p.height().max(w.height());
        let space = if same_line {
            w.x0 - p.x1 >= 0.15 * em
        } else {
            let a = p
                .text
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            let b = w
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            a && b
        };
        if space {
            cell.push(' ');
        }
    }
    cell.push_str(&w.text);
}

/// Whether a space joins text wrapped from a line ending in `before` to one starting
/// with `after`: both Latin letters or digits, or `after` opens with a bullet.
fn wrapped_space(before: &str, after: &str) -> bool {
    let a = before
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let first = after.chars().next();
    let b = first.is_some_and(|c| c.is_ascii_alphanumeric());
    let bullet = first.is_some_and(|c| crate::vocab::marks().bullets.contains(&c));
    a && b || bullet
}

/// Whether a cell is only an enumerator: `1`, `1.`, `(2)`, `③`, `Ⅳ`, `ア`.
fn is_enumerator(cell: &str) -> bool {
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

/// The rows of a table run: lines grouped at the gaps wider than the run's pitch, or
/// one row per line when no gap is wider.
fn rows_of<'r, 'a>(run: &'r [Line<'a>], row_gap: f64, em: f64) -> Vec<&'r [Line<'a>]> {
    let deltas: Vec<f64> = run.windows(2).map(|w| w[1].y - w[0].y).collect();
    let pitch = deltas
        .iter()
        .copied()
        .filter(|d| *d > 0.3 * em)
        .fold(f64::INFINITY, f64::min);
    let wide = |d: f64| d > pitch * (1.0 + row_gap);
    if !deltas.iter().any(|&d| wide(d)) {
        return run.chunks(1).collect();
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
struct Candidate {
    left: f64,
    right: f64,
    /// How many lines of the run have words on both sides.
    crossed: usize,
}

/// The candidates left once `line`'s words are taken out of them (pieces narrower than
/// `min_gap` dropped), each counting `line` when it has words on both sides; `None`
/// when `line` fills a river that two lines crossed already (the table has ended).
fn narrow(open: &[Candidate], line: &Line, min_gap: f64) -> Option<Vec<Candidate>> {
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
fn gaps(words: &[&Word], min_gap: f64) -> Vec<River> {
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

/// Words grouped into lines, top to bottom, each left to right.
fn lines_of(words: &[Word], same_line: f64) -> Vec<Line<'_>> {
    let mut sorted: Vec<&Word> = words.iter().collect();
    sorted.sort_by(|a, b| a.y_mid().total_cmp(&b.y_mid()));
    let mut lines: Vec<Line> = Vec::new();
    for w in sorted {
        match lines.last_mut() {
            Some(l) if (w.y_mid() - l.y).abs() <= same_line * w.height().max(1e-6) => {
                l.words.push(w)
            }
            _ => lines.push(Line {
                words: vec![w],
                y: w.y_mid(),
                x0: 0.0,
                x1: 0.0,
            }),
        }
    }
    for l in &mut lines {
        l.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        (l.x0, l.x1) = extent(l.words.iter().copied());
    }
    lines
}

/// The leftmost left edge and rightmost right edge of `words`.
fn extent<'w>(words: impl Iterator<Item = &'w Word>) -> (f64, f64) {
    words.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), w| {
        (a.min(w.x0), b.max(w.x1))
    })
}

/// The width of a full-width character: the median over words of their width per
/// character (a half-width character counting one half).
fn em_of(words: &[Word]) -> f64 {
    median(
        words
            .iter()
            .filter_map(|w| {
                let units: f64 = w
                    .text
                    .chars()
                    .map(|c| {
                        if c.is_ascii() || ('ｦ'..='ﾟ').contains(&c) {
                            0.5
                        } else {
                            1.0
                        }
                    })
                    .sum();
                (units > 0.0 && w.width() > 0.0).then(|| w.width() / units)
            })
            .collect(),
    )
    .unwrap_or(10.0)
}

/// The distance between consecutive lines of a paragraph: the smallest distance that a
/// tenth of them (and at least two) share, within 5%; so a page of one-line paragraphs
/// with blank lines between them still gives the pitch of its lines, not of the gaps.
fn line_pitch(mut deltas: Vec<f64>) -> Option<f64> {
    deltas.sort_by(f64::total_cmp);
    let need = (deltas.len() / 10).max(2);
    let mut hi = 0;
    for (lo, &d) in deltas.iter().enumerate() {
        hi = hi.max(lo);
        while hi < deltas.len() && deltas[hi] <= d * 1.05 {
            hi += 1;
        }
        if hi - lo >= need {
            return Some(d);
        }
    }
    median(deltas)
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}
