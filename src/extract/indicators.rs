//! KPI indicators: name, baseline and target values with units and years, description,
//! and a progress grade read through the document's legend.
//!
//! A KPI table is found by its header (`指標名 | 現状値（R1） | 目標値（R7） | 指標の説明`,
//! `項目 | 指標 | 策定時 | 前年度 | 現状値 | 目標値 | 指標の評価`); the header words and
//! their roles are data in `dictionaries/indicators.tsv`. A year may sit in a header cell
//! (`現状値（R1）` → 2019), in a row of years under the header or at the head of a group
//! (`(1) | 小・中学生のICT活用能力 | (平成27年度) | …`), or in the value cell itself
//! (`(平成28年度) 20.7%`); the nearest one wins. The baseline is the 策定時/基準値 column,
//! else the first 現状値 column; the target is the 目標値 column.
//!
//! Rows that match the header cell for cell are read by position. Rows that do not (a
//! row whose cells shifted, or one whose cells a PDF split over several lines, each
//! ending in `|`) are read as a stream: a name starts an indicator, and the value
//! cells that follow fill its value columns in order. A header without a name column
//! (`現状値(2022年) | 目標値(2026年)`) takes its indicator's name from the line above it.
//!
//! KPIs written on one line of text are read by [`inline`]; tables whose value columns
//! are years (`指標 | R5 | R6 | R7`), flattened or not, by [`year_table`].
//!
//! Values are parsed by [`crate::number`]. This module does not read legends (they are
//! read first and passed in) or priorities. The roles of header cells and the layout of
//! a header row are read by the `layout` submodule.

mod layout;

mod inline;

mod year_table;

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::Input;
use crate::model::{Evaluation, IdMaker, Indicator, Legend, Quantity};
use crate::normalize::chars::nfkc_key;
use crate::number;
use crate::segment::{Block, BlockKind, Cell};
use layout::{Layout, Role};

/// One line of a table: its cells.
struct Line {
    cells: Vec<Cell>,
}

/// A markdown separator row (`---|---|`).
fn is_separator(cells: &[Cell]) -> bool {
    cells
        .iter()
        .all(|c| c.text.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        && cells.iter().any(|c| c.text.contains('-'))
}

/// Cells of a line split on `|` (a PDF line that holds one cell and its pipe).
fn pipe_cells(text: &str, start: usize) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut pos = 0;
    for part in text.split('|') {
        let lead = part.len() - part.trim_start().len();
        let t = part.trim();
        let s = start + pos + lead;
        out.push(Cell {
            text: t.to_string(),
            range: s..s + t.len(),
        });
        pos += part.len() + 1;
    }
    out
}

/// The lines of the table whose header is block `h`, and the index after them.
fn gather(input: &Input<'_>, h: usize) -> (Vec<Line>, usize) {
    let blocks = &input.segmented.blocks;
    let mut lines = Vec::new();
    let mut j = h + 1;
    while let Some(b) = blocks.get(j) {
        let cells = match &b.kind {
            BlockKind::Row(cells) => {
                if Layout::of(cells).is_some() {
                    break;
                }
                cells.clone()
            }
            BlockKind::Paragraph | BlockKind::ListItem if b.text.contains('|') => {
                let text = input
                    .normalized
                    .text
                    .get(b.range.clone())
                    .unwrap_or(&b.text);
                pipe_cells(text, b.range.start)
            }
            _ => break,
        };
        j += 1;
        if !is_separator(&cells) {
            let mut cells = cells;
            while cells.last().is_some_and(|c| c.text.is_empty()) {
                cells.pop();
            }
            lines.push(Line { cells });
        }
    }
    (lines, j)
}

fn item_number_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:[(（][0-9]{1,2}[)）]|[0-9]{1,2}[.)．]?|[①-⑳]|[ア-ン]|[A-Za-z][.)]?)$")
            .expect("item number regex")
    })
}

/// The enumeration in front of a name (`ア コンピュータで…`, `① …`, `(2) …`).
fn enumeration_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:[ア-ン]\s+|[①-⑳]\s*|[(（][0-9]{1,2}[)）]\s*|[0-9]{1,2}[.)．]\s+)")
            .expect("enumeration regex")
    })
}

/// The evaluation legends, searched for marks.
struct Marks<'a> {
    legends: &'a [Legend],
}

impl Marks<'_> {
    fn is_mark(&self, text: &str) -> bool {
        self.legends.iter().any(|l| l.marks.contains_key(text))
    }

    /// The meaning of a mark: from the last legend before `pos` (a source offset) that
    /// defines it, else from any legend that does.
    fn meaning(&self, text: &str, pos: usize) -> Option<String> {
        let defining = || self.legends.iter().filter(|l| l.marks.contains_key(text));
        defining()
            .filter(|l| l.span.start <= pos)
            .max_by_key(|l| l.span.start)
            .or_else(|| defining().next())
            .and_then(|l| l.marks.get(text).cloned())
    }
}

/// Longest cell read as a grade when no legend defines it (`横ばいC`, `A`, `◎`).
const MAX_GRADE_CHARS: usize = 6;

/// A cell that names an indicator: words, not a value, a year or a grade.
fn is_name(text: &str, marks: &Marks<'_>) -> bool {
    let t = text.trim();
    t.chars().count() >= 2
        && t.chars().any(|c| c.is_alphabetic())
        && !number::is_value(t)
        && number::year_only(t).is_none()
        && !marks.is_mark(t)
}

/// An indicator being read.
#[derive(Debug, Clone)]
struct Rec {
    name: String,
    slots: Vec<Option<Cell>>,
    year_slots: Vec<Option<i32>>,
    evaluation: Option<Cell>,
    description: Vec<String>,
    ranges: Vec<Range<usize>>,
}

/// Reads every KPI table of the document.
pub fn indicators(input: &Input<'_>, legends: &[Legend]) -> Vec<Indicator> {
    let marks = Marks { legends };
    let blocks = &input.segmented.blocks;
    let mut ids = IdMaker::default();
    let mut out = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let layout = match &blocks[i].kind {
            BlockKind::Row(cells) => Layout::of(cells),
            _ => None,
        };
        let Some(layout) = layout else {
            i += 1;
            continue;
        };
        let caption = if layout.name_col.is_none() {
            caption(&blocks[..i])
        } else {
            None
        };
        let (lines, next) = gather(input, i);
        for rec in records(&layout, &lines, caption, &marks) {
            out.push(indicator(input, &layout, rec, &marks, &mut ids));
        }
        i = next.max(i + 1);
    }
    out.extend(inline_indicators(input, &out, &mut ids));
    out.extend(year_table_indicators(input, &out, &mut ids));
    out
}

/// The indicators of tables whose value columns are years (see [`year_table`]), other
/// than those already read.
fn year_table_indicators(
    input: &Input<'_>,
    read: &[Indicator],
    ids: &mut IdMaker,
) -> Vec<Indicator> {
    let mut seen: Vec<String> = read.iter().map(|i| nfkc_key(&i.name)).collect();
    let mut out = Vec::new();
    for k in year_table::read(&input.normalized.text) {
        let span = input.normalized.span(k.range);
        push_unseen(&mut seen, &mut out, ids, k.name, k.baseline, k.target, span);
    }
    out
}

/// Adds an indicator to `out` unless an indicator of the same name (spaces aside) is
/// in `seen` already.
fn push_unseen(
    seen: &mut Vec<String>,
    out: &mut Vec<Indicator>,
    ids: &mut IdMaker,
    name: String,
    baseline: Option<crate::model::Quantity>,
    target: crate::model::Quantity,
    span: crate::model::Span,
) {
    let key = nfkc_key(&name);
    if seen.contains(&key) {
        return;
    }
    seen.push(key);
    out.push(Indicator {
        id: ids.make("i", &[&name]),
        name,
        description: None,
        baseline,
        target: Some(target),
        evaluation: None,
        themes: Vec::new(),
        span,
    });
}

/// Whether a line is a KPI written on one line of text (see [`inline`]).
pub fn is_inline_kpi(text: &str) -> bool {
    inline::read_line(text).is_some()
}

/// The indicators written on one line of text (see [`inline`]), other than those the
/// tables already gave.
fn inline_indicators(input: &Input<'_>, read: &[Indicator], ids: &mut IdMaker) -> Vec<Indicator> {
    let mut seen: Vec<String> = read.iter().map(|i| nfkc_key(&i.name)).collect();
    let mut out = Vec::new();
    for b in &input.segmented.blocks {
        if matches!(b.kind, BlockKind::Row(_)) {
            continue;
        }
        let Some(k) = inline::read_line(&input.normalized.text[b.range.clone()]) else {
            continue;
        };
        let span = input.normalized.span(b.range.clone());
        push_unseen(
            &mut seen,
            &mut out,
            ids,
            k.name,
            Some(k.baseline),
            k.target,
            span,
        );
    }
    out
}

/// The line above a header without a name column, when it reads as a name.
fn caption(before: &[Block]) -> Option<Cell> {
    let b = before
        .iter()
        .rev()
        .find(|b| !matches!(b.kind, BlockKind::Row(_)))?;
    let text = match &b.kind {
        BlockKind::Heading(h) => h.title.as_str(),
        BlockKind::Paragraph => b.text.as_str(),
        _ => return None,
    };
    (!text.contains('。') && text.chars().count() <= 60).then(|| Cell {
        text: text.to_string(),
        range: b.range.clone(),
    })
}

/// A row that matches the header cell for cell: its cells by position.
fn positional(layout: &Layout, cells: &[Cell], marks: &Marks<'_>) -> Option<Rec> {
    let name_col = layout.name_col?;
    if cells.len() > layout.roles.len() || !is_name(&cells.get(name_col)?.text, marks) {
        return None;
    }
    let value_cells: Vec<Option<&Cell>> = layout.value_cols.iter().map(|&c| cells.get(c)).collect();
    let fits = value_cells
        .iter()
        .all(|c| c.is_none_or(|c| c.text.is_empty() || number::is_value(&c.text)));
    if !fits
        || !value_cells
            .iter()
            .flatten()
            .any(|c| number::is_value(&c.text))
    {
        return None;
    }
    let mut rec = new_rec(&cells[name_col], layout.value_cols.len());
    for (slot, cell) in value_cells.into_iter().enumerate() {
        if let Some(c) = cell.filter(|c| !c.text.is_empty()) {
            rec.ranges.push(c.range.clone());
            rec.slots[slot] = Some(c.clone());
        }
    }
    for (col, role) in layout.roles.iter().enumerate() {
        let Some(c) = cells.get(col).filter(|c| !c.text.is_empty()) else {
            continue;
        };
        match role {
            Role::Evaluation if !number::is_dash(&c.text) => rec.evaluation = Some(c.clone()),
            Role::Description => rec.description.push(c.text.clone()),
            _ => continue,
        }
        rec.ranges.push(c.range.clone());
    }
    Some(rec)
}

fn new_rec(name: &Cell, slots: usize) -> Rec {
    Rec {
        name: enumeration_regex()
            .replace(name.text.trim(), "")
            .trim()
            .to_string(),
        slots: vec![None; slots],
        year_slots: vec![None; slots],
        evaluation: None,
        description: Vec::new(),
        ranges: vec![name.range.clone()],
    }
}

/// Reads the lines of one table into indicators (year rows set the years of the rows
/// after them and are not indicators).
fn records(layout: &Layout, lines: &[Line], caption: Option<Cell>, marks: &Marks<'_>) -> Vec<Rec> {
    let slots = layout.value_cols.len();
    let mut out = Vec::new();
    let mut group_years = layout.header_years.clone();
    let mut current: Option<Rec> = None;
    let mut caption = caption;
    let finish = |rec: Option<Rec>, group_years: &mut Vec<Option<i32>>, out: &mut Vec<Rec>| {
        let Some(mut rec) = rec else { return };
        if rec.slots.iter().all(Option::is_none) {
            // A row of years: they hold for the rows after it.
            for (g, y) in group_years.iter_mut().zip(&rec.year_slots) {
                if y.is_some() {
                    *g = *y;
                }
            }
            return;
        }
        for (y, g) in rec.year_slots.iter_mut().zip(group_years.iter()) {
            if y.is_none() {
                *y = *g;
            }
        }
        out.push(rec);
    };
    for line in lines {
        let cells = &line.cells;
        if let Some(rec) = positional(layout, cells, marks) {
            finish(current.take(), &mut group_years, &mut out);
            current = Some(rec);
            continue;
        }
        let mut k = cells
            .iter()
            .position(|c| !c.text.is_empty())
            .unwrap_or(cells.len());
        let Some(first) = cells.get(k) else { continue };
        // An item number (`(2)`) before a name opens a new group.
        let numbered = item_number_regex().is_match(first.text.trim())
            && cells[k + 1..]
                .iter()
                .find(|c| !c.text.is_empty())
                .is_some_and(|c| is_name(&c.text, marks));
        if numbered {
            k += 1;
            while cells.get(k).is_some_and(|c| c.text.is_empty()) {
                k += 1;
            }
        }
        let Some(first) = cells.get(k) else { continue };
        let wants_grade = current
            .as_ref()
            .is_some_and(|r| r.evaluation.is_none() && r.slots.iter().any(Option::is_some));
        let grade_here = wants_grade
            && layout.has(Role::Evaluation)
            && first.text.chars().count() <= MAX_GRADE_CHARS;
        if is_name(&first.text, marks) && !grade_here {
            finish(current.take(), &mut group_years, &mut out);
            if numbered {
                group_years = layout.header_years.clone();
            }
            current = Some(new_rec(first, slots));
            k += 1;
        } else if current.is_none() {
            if let Some(c) = caption.take() {
                current = Some(new_rec(&c, slots));
            } else {
                // Years before any indicator: a row of years under the header.
                let mut years = cells.iter().filter_map(|c| number::year_only(&c.text));
                for g in group_years.iter_mut() {
                    if let Some(y) = years.next() {
                        *g = Some(y);
                    }
                }
                continue;
            }
        }
        let Some(rec) = current.as_mut() else {
            continue;
        };
        for c in &cells[k..] {
            let t = c.text.trim();
            if t.is_empty() {
                continue;
            }
            if let Some(y) = number::year_only(t) {
                if let Some(s) = rec.year_slots.iter().position(Option::is_none) {
                    if rec.slots[s].is_none() {
                        rec.year_slots[s] = Some(y);
                    }
                }
            } else if number::is_value(t) {
                if let Some(s) = rec.slots.iter().position(Option::is_none) {
                    rec.slots[s] = Some(c.clone());
                }
            } else if rec.evaluation.is_none()
                && (marks.is_mark(t)
                    || (layout.has(Role::Evaluation)
                        && rec.slots.iter().any(Option::is_some)
                        && t.chars().count() <= MAX_GRADE_CHARS))
            {
                rec.evaluation = Some(c.clone());
            } else if layout.has(Role::Description) {
                rec.description.push(t.to_string());
            } else {
                continue;
            }
            rec.ranges.push(c.range.clone());
        }
    }
    finish(current, &mut group_years, &mut out);
    out
}

fn indicator(
    input: &Input<'_>,
    layout: &Layout,
    rec: Rec,
    marks: &Marks<'_>,
    ids: &mut IdMaker,
) -> Indicator {
    let span = input
        .normalized
        .span_of(rec.ranges.iter().cloned())
        .unwrap_or_default();
    let quantity = |slot: Option<usize>| -> Option<Quantity> {
        let s = slot?;
        let cell = rec.slots.get(s)?.as_ref()?;
        let mut q = number::quantity(&cell.text);
        if q.year.is_none() {
            q.year = rec.year_slots.get(s).copied().flatten();
        }
        Some(q)
    };
    let evaluation = rec.evaluation.as_ref().map(|c| Evaluation {
        text: c.text.clone(),
        meaning: marks.meaning(&c.text, span.start),
    });
    Indicator {
        id: ids.make("i", &[&rec.name]),
        name: rec.name.clone(),
        description: (!rec.description.is_empty()).then(|| rec.description.join("\n")),
        baseline: quantity(layout.baseline),
        target: quantity(layout.target),
        evaluation,
        themes: Vec::new(),
        span,
    }
}
