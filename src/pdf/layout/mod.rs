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
//! - **Two-column pages**: a page whose text stands in two columns either side of a
//!   gutter is laid out column by column (`gutter`), each column as a page of its own
//!   (a table going on from one to the other as over a page break); a run of two
//!   columns of justified prose inside a page is read column by column, not as a table.
//! - Other lines keep their indentation and wide gaps as spaces, as `pdftotext -layout`
//!   writes them; vertical gaps become blank lines; each page ends with a form feed.
//!
//! This module does not decide what a table means (the extract stage does), nor remove
//! page furniture (the segment stage does); it never drops a word.

use super::words::{Page, Word};

mod gutter;
mod lines;
mod tables;

use lines::{em_of, line_pitch, lines_of, wrapped_space};
use tables::{cut_row, rows_of};

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
    /// The narrowest gutter between a page's two text columns, in ems.
    pub gutter_width: f64,
    /// The share of the text's width, around its middle, where a gutter is looked for.
    pub gutter_band: f64,
    /// The largest share of a page's lines that may cross its gutter.
    pub gutter_crossing: f64,
    /// The least share of a page's lines each side of a gutter holds.
    pub gutter_side: f64,
    /// The largest share of one side's row starts that may meet the other's.
    pub gutter_coincide: f64,
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
            gutter_width: pdf.number("layout_gutter_width"),
            gutter_band: pdf.number("layout_gutter_band"),
            gutter_crossing: pdf.number("layout_gutter_crossing"),
            gutter_side: pdf.number("layout_gutter_side"),
            gutter_coincide: pdf.number("layout_gutter_coincide"),
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
    // Each page, or each column of a two-column page; whether it opens a page.
    let mut parts: Vec<(bool, std::borrow::Cow<Page>)> = Vec::with_capacity(pages.len());
    for p in pages {
        match gutter::split(p, settings) {
            Some((left, right)) => {
                parts.push((true, std::borrow::Cow::Owned(left)));
                parts.push((false, std::borrow::Cow::Owned(right)));
            }
            None => parts.push((true, std::borrow::Cow::Borrowed(p))),
        }
    }
    let laid: Vec<Sheet> = parts.iter().map(|(_, p)| Sheet::new(p, settings)).collect();
    let mut head = None;
    for (n, page) in laid.iter().enumerate() {
        let mut body = String::new();
        let (continued, next) = page.write(
            &mut body,
            tail.as_ref(),
            &mut columns,
            laid.get(n + 1),
            &mut head,
        );
        if n > 0 {
            if let Some(mut t) = tail.take() {
                if let Some(more) = continued {
                    if more.len() > t.row.len() {
                        t.row.resize(more.len(), String::new());
                    }
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
            out.push(if parts[n].0 { '\u{c}' } else { '\n' });
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
    /// The gaps between the columns, left to right.
    rivers: Vec<River>,
    /// The middle of each gap: a word belongs to the column right of the cuts left of
    /// its middle.
    cuts: Vec<f64>,
    joined_first: bool,
}

impl Columns {
    fn new(rivers: Vec<River>, joined_first: bool) -> Self {
        let cuts = rivers.iter().map(River::mid).collect();
        Self {
            rivers,
            cuts,
            joined_first,
        }
    }
}

/// The last row of a table that ends a page, held back until the next page shows
/// whether the row goes on there.
#[derive(Debug, Clone)]
struct Tail {
    columns: Columns,
    /// The row's cells.
    row: Vec<String>,
    /// How each cell ends on the page.
    ends: Vec<CellEnd>,
}

/// How a cell of a table's last row on a page ends there.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct CellEnd {
    /// Its last line runs to the column's right edge: its text may go on.
    open: bool,
    /// It has words on two lines or more, in a column wider than vertical text.
    wrapped: bool,
}

fn write_row(out: &mut String, row: &[String]) {
    out.push_str(&row.join("\t"));
    out.push('\n');
}

/// One page being laid out.
struct Sheet<'a> {
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
    /// The table run at the page's first line, asked by the page before (a header row
    /// at its foot), by a table going on from it, and by this page's own layout.
    first: std::cell::OnceCell<(usize, Vec<River>)>,
}

impl<'a> Sheet<'a> {
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
            first: std::cell::OnceCell::new(),
        }
    }

    /// [`Sheet::region`] at the first line, found once.
    fn first_region(&self) -> &(usize, Vec<River>) {
        self.first.get_or_init(|| {
            if self.lines.is_empty() {
                Default::default()
            } else {
                self.region(0)
            }
        })
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
        next_page: Option<&Sheet>,
        head: &mut Option<Vec<String>>,
    ) -> (Option<Vec<String>>, Option<Tail>) {
        if let Some(row) = head.take() {
            write_row(out, &row);
        }
        let mut previous = columns.take();
        let mut i = 0;
        let mut last_y: Option<f64> = None;
        let mut continued = None;
        let mut tail: Option<Tail> = None;
        // The table of the page before goes on here only if this page's first table
        // has its columns (and perhaps one more at the right).
        let carry = carry.and_then(|c| {
            let (end, rivers) = self.first_region();
            if *end <= 1 {
                Some((c, c.columns.clone()))
            } else {
                self.goes_on(&self.lines[..*end], rivers, &c.columns)
                    .map(|cols| (c, cols))
            }
        });
        if let Some((carry, cols)) = carry {
            let (mut end, tabular) = self.carried(&cols);
            if end > 0 && !tabular {
                // Lines in one column only: the cut row's end, or a heading. Only the
                // first row of them may go on with the row, and only if it fits.
                end = rows_of(
                    &self.lines[..end],
                    self.settings.row_gap,
                    self.em,
                    self.pitch,
                )[0]
                .len();
            }
            if end > 0 {
                let run = &self.lines[..end];
                let mut rows = self.table_rows(run, &cols.cuts, Some(cols.joined_first)).1;
                let cut = cut_row(&carry.row, &carry.ends, &rows[0]);
                if cut {
                    continued = Some(rows.remove(0));
                }
                if cut || tabular {
                    tail = self.tail_of(rows.pop(), run, &cols);
                    *columns = Some(cols.clone());
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
        let mut next = if i == 0 {
            self.first_region().clone()
        } else if i < self.lines.len() {
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
                    let previous = previous.take();
                    let kept = previous
                        .as_ref()
                        .and_then(|p| self.goes_on(run, &rivers, p))
                        .or_else(|| previous.and_then(|p| self.widened(run, &rivers, &p)));
                    let (c, mut rows) = match kept {
                        Some(p) => {
                            let rows = self.table_rows(run, &p.cuts, Some(p.joined_first)).1;
                            (p, rows)
                        }
                        None => {
                            let (joined, rows) = self.table_rows(run, &cuts, None);
                            (Columns::new(rivers.clone(), joined), rows)
                        }
                    };
                    *columns = Some(c.clone());
                    tail = self.tail_of(rows.pop(), run, &c);
                    for r in &rows {
                        write_row(out, r);
                    }
                }
                last_y = Some(run[run.len() - 1].y);
            } else if let Some(row) = next_page.and_then(|n| self.head_of(i, n)) {
                // A table's header row at the foot of the page, its rows on the next:
                // the row is written at the top of the next page, with its table.
                *head = Some(row);
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
            plain_before = end <= i + 1 || rivers.is_empty();
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word `text` from `x0` to `x1` on the line whose top is `y`, ten units high.
    fn w(x0: f64, y: f64, x1: f64, text: &str) -> Word {
        Word {
            x0,
            y0: y,
            x1,
            y1: y + 10.0,
            text: text.into(),
        }
    }

    #[test]
    fn a_table_comes_back_as_tab_rows_with_wrapped_and_vertical_cells_joined() {
        let page = Page {
            width: 300.0,
            words: vec![
                w(0.0, 0.0, 20.0, "名称"),
                w(100.0, 0.0, 120.0, "状況"),
                // One row over two lines: a wrapped title, a status set vertically.
                w(0.0, 16.0, 50.0, "電子申請の"),
                w(100.0, 16.0, 110.0, "実"),
                w(0.0, 28.0, 20.0, "推進"),
                w(100.0, 28.0, 110.0, "施"),
                w(0.0, 44.0, 40.0, "窓口改善"),
                w(100.0, 44.0, 130.0, "未実施"),
                // A paragraph across the column gap ends the table.
                w(0.0, 60.0, 200.0, "これは表のあとの段落です。"),
            ],
        };
        assert_eq!(
            lay_out(&[page], &Settings::default()),
            "名称\t状況\n電子申請の推進\t実施\n窓口改善\t未実施\nこれは表のあとの段落です。\n\u{c}"
        );
    }

    #[test]
    fn a_sentence_wrapped_at_the_margin_is_one_line_and_an_item_is_not_joined() {
        let page = Page {
            width: 300.0,
            words: vec![
                w(0.0, 0.0, 200.0, "本市は計画を定め、情報化を進めて"),
                w(0.0, 12.0, 100.0, "まいります。"),
                w(0.0, 24.0, 200.0, "・電子申請を広げ、窓口の手続きを"),
                w(10.0, 36.0, 60.0, "減らす。"),
                w(0.0, 48.0, 10.0, "-"),
                w(12.0, 48.0, 60.0, "次の項目"),
            ],
        };
        assert_eq!(
            lay_out(&[page], &Settings::default()),
            "本市は計画を定め、情報化を進めてまいります。\n・電子申請を広げ、窓口の手続きを減らす。\n- 次の項目\n\u{c}"
        );
    }

    #[test]
    fn a_blank_page_after_a_table_and_before_one_is_a_form_feed() {
        let table = || Page {
            width: 300.0,
            words: vec![
                w(0.0, 0.0, 20.0, "名称"),
                w(100.0, 0.0, 120.0, "状況"),
                w(0.0, 16.0, 40.0, "窓口改善"),
                w(100.0, 16.0, 120.0, "実施"),
                // Text lines, closer than the rows (which have padding between them).
                w(0.0, 40.0, 30.0, "一行目"),
                w(0.0, 52.0, 30.0, "二行目"),
                w(0.0, 64.0, 30.0, "三行目"),
            ],
        };
        let blank = Page {
            width: 300.0,
            words: Vec::new(),
        };
        assert_eq!(
            lay_out(&[table(), blank, table()], &Settings::default()),
            "名称\t状況\n窓口改善\t実施\n\n一行目\n二行目\n三行目\n\u{c}\u{c}\
             名称\t状況\n窓口改善\t実施\n\n一行目\n二行目\n三行目\n\u{c}"
        );
    }

    #[test]
    fn a_row_cut_by_a_page_break_is_joined_and_a_row_of_one_line_cells_is_not() {
        let page = |words: Vec<Word>| Page {
            width: 300.0,
            words,
        };
        let head = || {
            vec![
                w(0.0, 0.0, 20.0, "名称"),
                w(100.0, 0.0, 120.0, "内容"),
                w(200.0, 0.0, 220.0, "状況"),
                w(0.0, 16.0, 40.0, "窓口改善"),
                w(100.0, 16.0, 140.0, "受付した"),
                w(200.0, 16.0, 210.0, "実"),
                w(200.0, 28.0, 210.0, "施"),
            ]
        };
        // The last row fills every column; each of its cells ends on a line that runs
        // to its column's edge, two of them wrapped text, the status set vertically.
        let mut first = head();
        first.extend([
            w(0.0, 44.0, 70.0, "電子申請の推進"),
            w(100.0, 44.0, 180.0, "・オンライン申請"),
            w(200.0, 44.0, 210.0, "一"),
            w(0.0, 56.0, 70.0, "と窓口の電子化"),
            w(100.0, 56.0, 180.0, "・窓口での受付を"),
            w(200.0, 56.0, 210.0, "部"),
        ]);
        let rest = || {
            vec![
                w(0.0, 0.0, 20.0, "事業"),
                w(100.0, 0.0, 140.0, "広げた"),
                w(200.0, 0.0, 210.0, "実"),
                w(200.0, 12.0, 210.0, "施"),
                w(0.0, 32.0, 20.0, "研修"),
                w(100.0, 32.0, 140.0, "実施した"),
                w(200.0, 32.0, 220.0, "実施"),
            ]
        };
        assert_eq!(
            lay_out(&[page(first), page(rest())], &Settings::default()),
            "名称\t内容\t状況\n窓口改善\t受付した\t実施\n\
             電子申請の推進と窓口の電子化事業\t・オンライン申請 ・窓口での受付を広げた\t一部実施\n\u{c}\
             研修\t実施した\t実施\n\u{c}"
        );
        // Rows of one-line cells: the next page's first row is a row of its own.
        assert_eq!(
            lay_out(&[page(head()), page(rest())], &Settings::default()),
            "名称\t内容\t状況\n窓口改善\t受付した\t実施\n\u{c}\
             事業\t広げた\t実施\n研修\t実施した\t実施\n\u{c}"
        );
    }

    #[test]
    fn a_table_that_gains_a_last_column_on_the_next_page_goes_on() {
        let first = Page {
            width: 400.0,
            words: vec![
                w(0.0, 0.0, 20.0, "名称"),
                w(100.0, 0.0, 120.0, "内容"),
                w(200.0, 0.0, 220.0, "状況"),
                w(0.0, 16.0, 40.0, "窓口改善"),
                w(100.0, 16.0, 140.0, "受付した"),
                w(200.0, 16.0, 210.0, "実"),
                w(200.0, 28.0, 210.0, "施"),
                w(0.0, 44.0, 70.0, "生涯学習の支援"),
                w(100.0, 44.0, 150.0, "広報に努め"),
                w(200.0, 44.0, 220.0, "実施"),
            ],
        };
        let next = Page {
            width: 400.0,
            words: vec![
                // The rest of the cut row: its status is on the page before.
                w(0.0, 0.0, 40.0, "放送大学"),
                w(100.0, 0.0, 140.0, "周知した"),
                w(0.0, 20.0, 20.0, "研修"),
                w(100.0, 20.0, 140.0, "開催した"),
                w(200.0, 20.0, 210.0, "実"),
                w(300.0, 20.0, 310.0, "済"),
                w(200.0, 32.0, 210.0, "施"),
                w(0.0, 48.0, 20.0, "相談"),
                w(100.0, 48.0, 130.0, "受けた"),
                w(200.0, 48.0, 230.0, "未実施"),
                w(300.0, 48.0, 310.0, "済"),
            ],
        };
        assert_eq!(
            lay_out(&[first, next], &Settings::default()),
            "名称\t内容\t状況\n窓口改善\t受付した\t実施\n\
             生涯学習の支援放送大学\t広報に努め周知した\t実施\t\n\u{c}\
             研修\t開催した\t実施\t済\n相談\t受けた\t未実施\t済\n\u{c}"
        );
    }

    #[test]
    fn no_pages_give_no_text() {
        assert_eq!(lay_out(&[], &Settings::default()), "");
    }
}
