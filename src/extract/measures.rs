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
//! extracted one cell per line, measures quoted in prose reviewing a goal) are proposed by the detectors registered in `candidate`,
//! one per submodule, and resolved there.
//!
//! This module reads repaired tables; it does not repair them (the tables stage does) and
//! does not cross-check records other than a table against its own declared counts.

mod candidate;
mod chapter_items;
mod form;
mod headed;
mod kv_items;
mod lists;
mod quoted;
mod toc_plan;

use crate::normalize::chars::squeeze;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use super::Input;
use crate::model::{
    Coded, Discrepancy, IdMaker, Legend, Measure, MeasureKind, Span, StatusSummary, Warning,
};
use crate::segment::BlockKind;
use crate::tables::repair::HTML_FRAGMENT;
use crate::tables::{Role, Row, Table};
use crate::vocab::{self, CodeList};

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

/// Whether a table lists measures, and of which kind.
fn measure_kind(t: &Table) -> Option<MeasureKind> {
    let col = title_column(t)?;
    if t.roles.contains(&Role::Indicator) {
        return None;
    }
    // A summary table (`概ね実施 | 5`) has status words too, but numbers for names.
    let named = t
        .rows
        .iter()
        .filter(|r| {
            let s = r.text(col);
            !s.is_empty() && count_cell(s).is_none()
        })
        .count();
    if named * 2 < t.rows.len() {
        return None;
    }
    if t.column(Role::Status).is_some() {
        Some(MeasureKind::Evaluation)
    } else if t.column(Role::Category).is_some() || schedule(t) {
        Some(MeasureKind::Plan)
    } else {
        None
    }
}

/// Whether a table is a schedule (工程表): its rows are planned measures, one year or
/// period a column (at least `schedule_min_periods` of them, `measure_shapes.tsv`).
fn schedule(t: &Table) -> bool {
    let periods = t.roles.iter().filter(|r| **r == Role::Period).count();
    t.column(Role::Title).is_some()
        && periods as f64 >= vocab::measure_shapes().number("schedule_min_periods")
}

/// The column of the measure's name: the title column, else the first unnamed one.
fn title_column(t: &Table) -> Option<usize> {
    t.column(Role::Title).or_else(|| t.column(Role::Other))
}

/// Splits a cell on its `・` bullets (a `・` at the start or after a space; one inside a
/// word, `作成・訓練`, is not a bullet). `None` when it has none.
fn bullets(text: &str) -> Option<(String, Vec<String>)> {
    static BULLET: OnceLock<Regex> = OnceLock::new();
    let bullet = re(&BULLET, r"(?:^|\s)[・･]\s*");
    if !bullet.is_match(text) {
        return None;
    }
    let mut parts = bullet.split(text).map(str::trim);
    let head = parts.next().unwrap_or("").to_string();
    let items = parts.filter(|p| !p.is_empty()).map(String::from).collect();
    Some((head, items))
}

/// Splits text whose bullets were lost on the spaces between Japanese words (a space
/// inside Latin text, `LINE Pay`, is kept).
fn chunks(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let prev = cur.chars().last();
            let next = chars.get(j).copied();
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if latin(prev) && latin(next) {
                cur.push(' ');
            } else if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            i = j;
            continue;
        }
        cur.push(chars[i]);
        i += 1;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Takes the first `n` non-space characters of `text` (with the spaces among them) and
/// returns them and the rest.
fn take_chars(text: &str, n: usize) -> (&str, &str) {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if seen == n {
            return (text[..i].trim(), text[i..].trim());
        }
        if !c.is_whitespace() {
            seen += 1;
        }
    }
    (text.trim(), "")
}

/// A measure named with its items elsewhere in the document: the reference for a cell
/// whose bullets were lost.
struct Known {
    details: Vec<String>,
    /// The title without spaces, and its length in characters (computed once: a long
    /// table compares every lost-bullet row with every known title).
    squeezed: String,
    chars: usize,
}

impl Known {
    fn new(title: String, details: Vec<String>) -> Self {
        let squeezed = squeeze(&title);
        let chars = squeezed.chars().count();
        Self {
            details,
            squeezed,
            chars,
        }
    }
}

/// The known titles, with an automaton that finds the longest one a cell starts with
/// in one pass over the cell (comparing every cell with every title was quadratic in a
/// long table). Of titles written the same, the last one counts.
struct Titles {
    known: Vec<Known>,
    finder: Option<aho_corasick::AhoCorasick>,
}

impl From<Vec<Known>> for Titles {
    fn from(all: Vec<Known>) -> Self {
        let mut last: std::collections::HashMap<&str, usize> = Default::default();
        for (i, k) in all.iter().enumerate() {
            if k.chars > 0 {
                last.insert(&k.squeezed, i);
            }
        }
        let mut keep: Vec<usize> = last.into_values().collect();
        keep.sort_unstable();
        let mut slots: Vec<Option<Known>> = all.into_iter().map(Some).collect();
        let known: Vec<Known> = keep.iter().filter_map(|&i| slots[i].take()).collect();
        let finder = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(known.iter().map(|k| &k.squeezed))
            .ok();
        Self { known, finder }
    }
}

impl Titles {
    /// The longest known title that `squeezed` starts with.
    fn longest_prefix(&self, squeezed: &str) -> Option<&Known> {
        let input = aho_corasick::Input::new(squeezed).anchored(aho_corasick::Anchored::Yes);
        let m = self.finder.as_ref()?.find(input)?;
        self.known.get(m.pattern().as_usize())
    }
}

/// Title and details of a title cell. `html` says the cell's bullets were lost.
/// Returns whether the split was guessed.
fn split_title(text: &str, html: bool, known: &Titles) -> (String, Vec<String>, bool) {
    if !html {
        if let Some((head, items)) = bullets(text) {
            return (head, items, false);
        }
        return (text.trim().to_string(), Vec::new(), false);
    }
    let sq = squeeze(text);
    // The longest title named elsewhere that this cell starts with.
    let best = known.longest_prefix(&sq);
    if let Some(k) = best {
        let (title, rest) = take_chars(text, k.chars);
        let rest_sq = squeeze(rest);
        let known_sq: String = k.details.iter().map(|d| squeeze(d)).collect();
        let details = if !k.details.is_empty() && rest_sq == known_sq {
            // The same items: cut this cell's text where the other table's bullets are.
            let mut rest = rest;
            let mut out = Vec::new();
            for d in &k.details {
                let (item, after) = take_chars(rest, squeeze(d).chars().count());
                out.push(item.to_string());
                rest = after;
            }
            out
        } else {
            chunks(rest)
        };
        return (title.to_string(), details, false);
    }
    let mut parts = chunks(text).into_iter();
    let title = parts.next().unwrap_or_default();
    (title, parts.collect(), true)
}

/// Progress items: the bullets, else (lost bullets) the chunks, else the whole cell.
fn progress_items(text: &str, html: bool) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    if let Some((head, items)) = bullets(text) {
        return std::iter::once(head)
            .filter(|h| !h.is_empty())
            .chain(items)
            .collect();
    }
    if html {
        return chunks(text);
    }
    vec![text.trim().to_string()]
}

/// Codes a status or category cell: the vocabulary's word, else a legend's mark read
/// through its meaning, else the text with code `other`.
fn code_cell(text: &str, list: &CodeList, legends: &[&Legend]) -> Option<Coded> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(code) = list.code(text) {
        return Some(Coded {
            text: text.to_string(),
            code: code.to_string(),
        });
    }
    let meaning = legends.iter().find_map(|l| l.marks.get(text));
    let code = meaning
        .and_then(|m| list.code(m))
        .unwrap_or("other")
        .to_string();
    Some(Coded {
        text: text.to_string(),
        code,
    })
}

/// The legends that may define the marks of a table: those naming it, then the others
/// nearest first.
fn legends_for<'a>(legends: &'a [Legend], id: &str, line: usize) -> Vec<&'a Legend> {
    let mut out: Vec<&Legend> = legends.iter().collect();
    out.sort_by_key(|l| (l.table != id, l.span.line.abs_diff(line)));
    out
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
                        "measure {title:?}: row repaired ({code}); check it against the source"
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
    let cands: Vec<candidate::Candidate> =
        candidate::DETECTORS.iter().flat_map(|d| d(input)).collect();
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
                status: None,
                category: c.category,
                repairs: Vec::new(),
                span: input.normalized.span(c.range),
            }
        })
        .collect()
}

fn is_html(row: &Row) -> bool {
    row.repairs.iter().any(|r| r == HTML_FRAGMENT)
}

/// What a declared label counts: every row (計), or the rows of some status codes.
enum LabelCodes {
    Total,
    Codes(Vec<String>),
}

/// The codes a declared label covers: `実施若しくは完了` covers two.
fn label_codes(label: &str) -> Option<LabelCodes> {
    static SPLIT: OnceLock<Regex> = OnceLock::new();
    let l = squeeze(label);
    if matches!(l.as_str(), "計" | "合計" | "総計" | "全体" | "総数") {
        return Some(LabelCodes::Total);
    }
    let parts = re(
        &SPLIT,
        r"若しくは|もしくは|又は|または|及び|および|[・、/／]",
    )
    .split(&l);
    let codes: Option<Vec<String>> = parts
        .filter(|p| !p.is_empty())
        .map(|p| vocab::statuses().code(p).map(String::from))
        .collect();
    codes.filter(|c| !c.is_empty()).map(LabelCodes::Codes)
}

fn count_of(label: &str, from_rows: &BTreeMap<String, u32>) -> Option<u32> {
    match label_codes(label)? {
        LabelCodes::Total => Some(from_rows.values().sum()),
        LabelCodes::Codes(codes) => Some(
            codes
                .iter()
                .map(|c| from_rows.get(c).copied().unwrap_or(0))
                .sum(),
        ),
    }
}

/// Parses a count cell: `22`, `22件`.
fn count_cell(text: &str) -> Option<u32> {
    static N: OnceLock<Regex> = OnceLock::new();
    re(&N, r"^([0-9]{1,6})\s*(?:件|施策|項目|事業)?$")
        .captures(text.trim())
        .and_then(|c| c[1].parse().ok())
}

/// The summary table of an evaluation table: the first table after it, before the next
/// measure table, whose rows are `label | count` with status labels.
fn declared_table(
    t: &Table,
    all: &[Table],
    measure_tables: &[(&Table, MeasureKind)],
) -> BTreeMap<String, u32> {
    for next in all.iter().skip(t.index + 1) {
        // Measure tables are in document order: a binary search, not a scan per table.
        if measure_tables
            .binary_search_by_key(&next.index, |(m, _)| m.index)
            .is_ok()
        {
            break;
        }
        let pairs: Vec<(String, u32)> = next
            .rows
            .iter()
            .filter_map(|r| {
                let cells = r.texts();
                match cells.as_slice() {
                    [label, n] => Some((label.to_string(), count_cell(n)?)),
                    _ => None,
                }
            })
            .collect();
        let status_labels = pairs
            .iter()
            .filter(|(l, _)| matches!(label_codes(l), Some(LabelCodes::Codes(_))))
            .count();
        if status_labels >= 2 {
            return pairs.into_iter().collect();
        }
    }
    BTreeMap::new()
}

/// Counts stated in running text: `完了したのは1 施策、実施21 施策、…`, and the total
/// (`42 の具体的施策`) of the same sentence.
fn prose_counts(text: &str) -> Vec<(String, u32)> {
    static COUNT: OnceLock<Regex> = OnceLock::new();
    static TOTAL: OnceLock<Regex> = OnceLock::new();
    let count = COUNT.get_or_init(|| {
        let words: Vec<String> = vocab::statuses()
            .words()
            .map(|(w, _)| regex::escape(w))
            .collect();
        Regex::new(&format!(
            r"({})[^0-9、。]{{0,6}}?([0-9]{{1,5}})\s*(?:施策|件|項目|事業|取組)",
            words.join("|")
        ))
        .expect("prose count regex")
    });
    let total = re(
        &TOTAL,
        r"(?:(?:全|計|合計)\s*([0-9]{1,5})\s*(?:施策|件|項目|事業)|([0-9]{1,5})\s*の[^、。0-9]{0,8}?(?:施策|事業|取組))",
    );
    let mut out = Vec::new();
    for sentence in text.split('。') {
        let found: Vec<(String, u32)> = count
            .captures_iter(sentence)
            .filter_map(|c| Some((c[1].to_string(), c[2].parse().ok()?)))
            .collect();
        if found.len() < 2 {
            continue;
        }
        if let Some(c) = total.captures(sentence) {
            if let Some(n) = c.get(1).or(c.get(2)).and_then(|m| m.as_str().parse().ok()) {
                out.push(("計".to_string(), n));
            }
        }
        out.extend(found);
    }
    out
}

/// The status summary of one evaluation table.
fn summary(
    input: &Input<'_>,
    t: &Table,
    measure_tables: &[(&Table, MeasureKind)],
    rows: &[Measure],
    table: String,
) -> StatusSummary {
    let mut from_rows: BTreeMap<String, u32> = BTreeMap::new();
    for m in rows {
        if let Some(s) = &m.status {
            *from_rows.entry(s.code.clone()).or_default() += 1;
        }
    }
    let declared = declared_table(t, input.tables, measure_tables);
    // Prose counts belong to the evaluation table nearest to them.
    let evaluations: Vec<usize> = measure_tables
        .iter()
        .filter(|(_, k)| *k == MeasureKind::Evaluation)
        .map(|(m, _)| m.first_block)
        .collect();
    // Evaluation tables come in document order, so the blocks nearest to this one lie
    // between the midpoints to its neighbours (the earlier table wins a tie): only those
    // are looked at, else every table would look at every block of the document.
    let blocks = &input.segmented.blocks;
    let sorted = evaluations.windows(2).all(|w| w[0] < w[1]);
    let range = match evaluations.binary_search(&t.first_block) {
        Ok(k) if sorted => {
            let lo = k
                .checked_sub(1)
                .map_or(0, |p| (evaluations[p] + t.first_block) / 2 + 1);
            let hi = evaluations.get(k + 1).map_or(blocks.len(), |&n| {
                ((t.first_block + n) / 2 + 1).min(blocks.len())
            });
            lo..hi
        }
        _ => 0..blocks.len(),
    };
    let mut declared_in_prose = BTreeMap::new();
    for (i, b) in blocks.iter().enumerate().take(range.end).skip(range.start) {
        if !matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem) {
            continue;
        }
        let nearest = if sorted {
            Some(t.first_block)
        } else {
            evaluations.iter().min_by_key(|&&f| f.abs_diff(i)).copied()
        };
        if nearest != Some(t.first_block) {
            continue;
        }
        for (label, n) in prose_counts(&b.text) {
            declared_in_prose.entry(label).or_insert(n);
        }
    }
    let mut discrepancies = Vec::new();
    for (by, map) in [("table", &declared), ("prose", &declared_in_prose)] {
        for (label, &n) in map {
            if let Some(counted) = count_of(label, &from_rows) {
                if counted != n {
                    discrepancies.push(Discrepancy {
                        label: label.clone(),
                        declared_by: by.to_string(),
                        declared: n,
                        from_rows: counted,
                    });
                }
            }
        }
    }
    StatusSummary {
        table,
        declared,
        declared_in_prose,
        from_rows,
        discrepancies,
    }
}

/// A warning per disagreement of declared and counted statuses, for the reviewer.
fn discrepancy_warnings(summaries: &[StatusSummary], span: Option<Span>) -> Vec<Warning> {
    summaries
        .iter()
        .flat_map(|s| {
            s.discrepancies.iter().map(move |d| Warning {
                code: "status_count_mismatch".into(),
                message: format!(
                    "the {} declares {} {}, the rows count {}",
                    d.declared_by, d.label, d.declared, d.from_rows
                ),
                item: Some(s.table.clone()),
                span,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_split_from_their_items() {
        let (t, d, g) = split_title(
            "図書館機能の充実 ・ 図書館システムの運用 ・ 電子図書研究・検討",
            false,
            &Titles::from(Vec::new()),
        );
        assert_eq!(t, "図書館機能の充実");
        assert_eq!(d, ["図書館システムの運用", "電子図書研究・検討"]);
        assert!(!g);
        let known = Titles::from(vec![Known::new(
            "要援護者支援の充実".into(),
            vec!["個別支援 プラン推進".into(), "見守り".into()],
        )]);
        let (t, d, g) = split_title("要援護者支援の充実 個別支援プラン推進 見守り", true, &known);
        assert_eq!(
            (t.as_str(), d, g),
            (
                "要援護者支援の充実",
                vec!["個別支援プラン推進".to_string(), "見守り".to_string()],
                false
            )
        );
        let (t, d, g) = split_title("防犯カメラの設置推進 設置費補助", true, &known);
        assert_eq!(
            (t.as_str(), d, g),
            ("防犯カメラの設置推進", vec!["設置費補助".to_string()], true)
        );
    }

    #[test]
    fn prose_and_labels() {
        let p = prose_counts(
            "42 の具体的施策に取り組んできた結果、完了したのは1 施策、実施21 施策、おおむね実施したものは5 施策、一部実施9 施策となりました。",
        );
        assert_eq!(
            p,
            [
                ("計".to_string(), 42),
                ("完了".into(), 1),
                ("実施".into(), 21),
                ("おおむね実施".into(), 5),
                ("一部実施".into(), 9)
            ]
        );
        let rows: BTreeMap<String, u32> = [
            ("implemented".to_string(), 18),
            ("completed".to_string(), 1),
        ]
        .into();
        assert_eq!(count_of("実施若しくは完了", &rows), Some(19));
        assert_eq!(count_of("計", &rows), Some(19));
        assert_eq!(count_of("その他", &rows), None);
        assert!(prose_counts("実施21 施策。").is_empty());
    }
}
