//! Measures (施策): one per row of an evaluation table (a status column: 実施状況,
//! 検証結果, 評価 …) or a plan table (a 区分 column), with the goal and strategy that apply
//! to the row, the title split from its `・` items, the progress items, and the status or
//! category coded through `dictionaries/` — or, for marks, through the document's legend.
//! Also the status summaries: for each evaluation table, the counts the document declares
//! (its own summary table, its prose) beside the counts of the rows, with every
//! disagreement listed and none reconciled.
//!
//! Measures written as numbered lines or headed bullet lists are read by the `lists` submodule.
//! Other shapes outside tables (numbered items under a measure heading, items with a
//! key-value category line, the action-plan section of a table of contents, forms
//! extracted one cell per line, measures quoted in prose reviewing a goal, tables flattened
//! into one run of cells) are proposed by the detectors registered in `candidate`,
//! one per submodule, and resolved there.
//!
//! This module reads repaired tables; it does not repair them (the tables stage does) and
//! does not cross-check records other than a table against its own declared counts.

mod candidate;
mod chapter_items;
mod flat_table;
mod form;
mod headed;
mod kv_items;
mod lists;
mod quoted;
mod summary;
mod table;
mod toc_plan;

use std::sync::OnceLock;

use regex::Regex;

use super::Input;
use crate::model::{IdMaker, Legend, Measure, MeasureKind, StatusSummary, Warning};
use crate::tables::{Role, Table};
use crate::vocab;
use summary::{discrepancy_warnings, summary};
use table::{
    Known, Titles, bullets, code_cell, is_html, legends_for, measure_kind, progress_items,
    split_title, title_column,
};

/// What this module extracts.
#[derive(Debug, Default)]
pub struct Extracted {
    /// The measures, table by table.
    pub measures: Vec<Measure>,
    /// One per evaluation table.
    pub status_summaries: Vec<StatusSummary>,
    /// A warning per repaired row and per guessed title split.
    pub warnings: Vec<Warning>,
}

/// Repair code of a title whose end was guessed (its bullets were lost and no other table
/// of the document names the measure).
pub const TITLE_SPLIT_GUESSED: &str = "title_split_guessed";

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("measures regex"))
}

/// The ids of lists outside tables: `l-` and a hash of the line that opens the list
/// (its heading, or its first title without a page number), one per list, `-2` … for a
/// repeat in document order.
#[derive(Debug, Default)]
pub(crate) struct ListIds {
    ids: IdMaker,
    by_start: std::collections::HashMap<usize, String>,
}

impl ListIds {
    /// The id of the list whose opening line starts at normalized offset `start`.
    pub(crate) fn at(&mut self, text: &str, start: usize) -> String {
        if let Some(id) = self.by_start.get(&start) {
            return id.clone();
        }
        let line = text
            .get(start..)
            .and_then(|t| t.lines().next())
            .unwrap_or("");
        self.named(start, line)
    }

    /// The id of the list starting at `start`, named by `name` when first met.
    pub(crate) fn named(&mut self, start: usize, name: &str) -> String {
        if let Some(id) = self.by_start.get(&start) {
            return id.clone();
        }
        let id = self.ids.make("l", &[name]);
        self.by_start.insert(start, id.clone());
        id
    }
}

/// Reads the measures and status summaries of every measure table.
/// `table_ids` are the tables' ids by index (see [`super::table_ids`]).
pub fn measures(input: &Input<'_>, legends: &[Legend], table_ids: &[String]) -> Extracted {
    let table_id = |t: &Table| table_ids[t.index].clone();
    let tables: Vec<(&Table, MeasureKind)> = input
        .tables
        .iter()
        .filter(|t| !legends.iter().any(|l| l.table == table_id(t)))
        .filter_map(|t| measure_kind(t).map(|k| (t, k)))
        .collect();
    // Titles as written (with their bullets) in every measure table: they decide where
    // a title ends in rows whose bullets were lost.
    let known: Titles = tables
        .iter()
        .flat_map(|(t, _)| {
            let col = title_column(t);
            t.rows.iter().filter_map(move |r| {
                let col = col?;
                if is_html(r) {
                    return None;
                }
                let text = r.text(col);
                let (title, details) =
                    bullets(text).unwrap_or_else(|| (text.trim().to_string(), Vec::new()));
                Some(Known::new(title, details))
            })
        })
        .collect::<Vec<_>>()
        .into();

    let mut ids = IdMaker::default();
    let mut out = Extracted::default();
    for (t, kind) in &tables {
        let id = table_id(t);
        let first_line = t
            .rows
            .first()
            .map(|r| input.normalized.span(r.range.clone()).line)
            .unwrap_or(0);
        let legends = legends_for(legends, &id, first_line);
        let title_col = title_column(t).unwrap_or(0);
        let start = out.measures.len();
        for row in &t.rows {
            let html = is_html(row);
            let (title, details, guessed) = split_title(row.text(title_col), html, &known);
            if title.is_empty() {
                continue;
            }
            let cell = |role: Role| -> Option<String> {
                t.column(role)
                    .map(|c| row.text(c).trim().to_string())
                    .filter(|s| !s.is_empty())
            };
            let progress = t
                .roles
                .iter()
                .enumerate()
                .filter(|(_, r)| **r == Role::Progress)
                .flat_map(|(c, _)| progress_items(row.text(c), html))
                .collect();
            let status = t
                .column(Role::Status)
                .and_then(|c| code_cell(row.text(c), vocab::statuses(), &legends));
            let category = t
                .column(Role::Category)
                .and_then(|c| code_cell(row.text(c), vocab::categories(), &legends));
            let mut repairs = row.repairs.clone();
            if guessed {
                repairs.push(TITLE_SPLIT_GUESSED.into());
            }
            let span = input.normalized.span(row.range.clone());
            let kind_name = match kind {
                MeasureKind::Evaluation => "evaluation",
                MeasureKind::Plan => "plan",
            };
            let measure_id = ids.make("m", &[kind_name, &id, &title]);
            for code in &repairs {
                out.warnings.push(Warning {
                    code: code.clone(),
                    message: format!(
                        "measure 「{title}」: row repaired ({code}); check it against the source"
                    ),
                    item: Some(measure_id.clone()),
                    span: Some(span),
                });
            }
            out.measures.push(Measure {
                id: measure_id,
                kind: *kind,
                table: id.clone(),
                parent: None,
                goal: cell(Role::Goal),
                strategy: cell(Role::Strategy),
                title,
                details,
                progress,
                status,
                category,
                repairs,
                themes: Vec::new(),
                continues: None,
                span,
            });
        }
        if *kind == MeasureKind::Evaluation {
            let rows = &out.measures[start..];
            let summary = summary(input, t, &tables, rows, id.clone());
            let span = t
                .rows
                .first()
                .map(|r| input.normalized.span(r.range.clone()));
            out.warnings
                .extend(discrepancy_warnings(std::slice::from_ref(&summary), span));
            out.status_summaries.push(summary);
        }
    }
    let mut lists = ListIds::default();
    out.measures
        .extend(lists::list_measures(input, &mut ids, &mut lists));
    let detected = detected_measures(input, &out.measures, &mut ids, &mut lists);
    out.measures.extend(detected);
    out
}

/// The measures the detectors propose, resolved against each other and against those
/// read from tables and lists.
fn detected_measures(
    input: &Input<'_>,
    read: &[Measure],
    ids: &mut IdMaker,
    lists: &mut ListIds,
) -> Vec<Measure> {
    let features = candidate::Features::of(input);
    let cands: Vec<candidate::Candidate> = candidate::DETECTORS
        .iter()
        .flat_map(|d| d(input, &features))
        .collect();
    let taken: Vec<(std::ops::Range<usize>, String)> = read
        .iter()
        .map(|m| (m.span.start..m.span.end, candidate::title_key(&m.title)))
        .collect();
    let to_source = |r| input.normalized.source_range(r);
    candidate::resolve(cands, &taken, &to_source)
        .into_iter()
        .map(|c| {
            let table = lists.at(&input.normalized.text, c.region);
            Measure {
                id: ids.make("m", &["plan", &table, &c.title]),
                kind: MeasureKind::Plan,
                table,
                parent: None,
                goal: None,
                strategy: None,
                title: c.title,
                details: Vec::new(),
                progress: Vec::new(),
                status: c.status,
                category: c.category,
                repairs: Vec::new(),
                themes: Vec::new(),
                continues: None,
                span: input.normalized.span(c.range),
            }
        })
        .collect()
}
