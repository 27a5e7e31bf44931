//! Row repairs: what PDF conversion did to the rows of a table, undone where the cells
//! themselves say how.
//!
//! In order: HTML fragments (`<ul style=...>` left by the converter) become plain cells;
//! empty cells past the table's width go; a cell repeated in the next cell is dropped;
//! the columns get their roles; in a table with a status or category column, a row whose
//! cells are shifted is realigned by what its cells hold (a status word belongs in the
//! status column wherever it sits, `(1) …` is a strategy, `1 …` a goal, the other texts
//! fill the remaining columns in order); finally the goal and strategy of merged cells
//! are filled down. Each repair that changed a row adds its code to [`Row::repairs`].
//!
//! This module never invents text: a repaired row holds the same cell texts as before,
//! rearranged, stripped of markup, or copied down from the row above.

use std::sync::OnceLock;

use regex::Regex;

use super::{Role, Row, Table, column_word};
use crate::segment::Cell;
use crate::vocab;

/// Repair code: cells were stripped of HTML tags.
pub const HTML_FRAGMENT: &str = "html_fragment";
/// Repair code: a cell repeating its neighbour was dropped.
pub const DUPLICATE_CELL_DROPPED: &str = "duplicate_cell_dropped";
/// Repair code: the row's cells were moved to the columns their contents belong to.
pub const REALIGNED: &str = "realigned";
/// Repair code: an empty merged cell took the value of the row above.
pub const FILLED_DOWN: &str = "filled_down";

/// Shortest text that counts as a duplicated cell when the row is not too wide: short
/// cells (`-`, `0`, `継続`) legitimately repeat across columns.
const MIN_DUPLICATE_CHARS: usize = 6;

/// What a cell holds, judged from its text alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Nothing.
    Empty,
    /// A numbered goal: `1 ICTによる…`.
    Goal,
    /// A numbered strategy: `(1) 観光振興…`.
    Strategy,
    /// A status word (`dictionaries/status.tsv`) or a mark (◎ ○ △ ×, A–E).
    Status,
    /// A category word (`dictionaries/category.tsv`).
    Category,
    /// Anything else.
    Text,
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("repair regex"))
}

/// Whether a cell is a mark a legend may define: one symbol or one grade letter.
pub fn is_mark(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(
        (chars.next(), chars.next()),
        (
            Some(
                '◎' | '○'
                    | '〇'
                    | '△'
                    | '▲'
                    | '×'
                    | '✕'
                    | '●'
                    | '□'
                    | '■'
                    | '-'
                    | '－'
                    | '―'
            ),
            None
        ) | (Some('A'..='E'), None)
    )
}

/// Judges a cell by its text.
pub fn kind_of(text: &str) -> CellKind {
    static GOAL: OnceLock<Regex> = OnceLock::new();
    static STRATEGY: OnceLock<Regex> = OnceLock::new();
    let t = text.trim();
    if t.is_empty() {
        CellKind::Empty
    } else if vocab::statuses().is_word(t) || (is_mark(t) && !matches!(t, "-" | "－" | "―")) {
        CellKind::Status
    } else if vocab::categories().is_word(t) {
        CellKind::Category
    } else if re(&STRATEGY, r"^[(（][0-9]{1,2}[)）]\s*\S").is_match(t) {
        CellKind::Strategy
    } else if re(&GOAL, r"^[0-9]{1,2}(?:\s+|[.．、]\s*)[^\s0-9.]").is_match(t) {
        CellKind::Goal
    } else {
        CellKind::Text
    }
}

/// The column role a kind of cell belongs to.
fn role_of(kind: CellKind) -> Option<Role> {
    match kind {
        CellKind::Goal => Some(Role::Goal),
        CellKind::Strategy => Some(Role::Strategy),
        CellKind::Status => Some(Role::Status),
        CellKind::Category => Some(Role::Category),
        CellKind::Empty | CellKind::Text => None,
    }
}

fn mark(row: &mut Row, code: &str) {
    if !row.repairs.iter().any(|r| r == code) {
        row.repairs.push(code.to_string());
    }
}

/// Repairs a table in place and sets its column roles.
pub fn repair(table: &mut Table) {
    for row in &mut table.rows {
        strip_html(row);
    }
    let width = width(table);
    for row in &mut table.rows {
        while row.cells.len() > width && row.cells.last().is_some_and(|c| c.text.is_empty()) {
            row.cells.pop();
        }
        drop_duplicates(row, width);
    }
    table.roles = roles(table, width);
    let measure_like = table
        .roles
        .iter()
        .any(|r| matches!(r, Role::Status | Role::Category))
        && !table.roles.contains(&Role::Indicator);
    if measure_like {
        for row in &mut table.rows {
            realign(row, &table.roles);
        }
        fill_down(table);
    }
}

/// The table's width: the header's, else the commonest row length.
fn width(table: &Table) -> usize {
    if let Some(h) = &table.header {
        return h.len();
    }
    let mut counts = std::collections::BTreeMap::<usize, usize>::new();
    for r in &table.rows {
        let n = r.cells.len()
            - r.cells
                .iter()
                .rev()
                .take_while(|c| c.text.is_empty())
                .count();
        *counts.entry(n).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(n, c)| (c, n))
        .map(|(n, _)| n)
        .unwrap_or(0)
}

/// `<ul style="…"> a b </ul>` → `a b`: tags go, the cell's range starts at its text.
fn strip_html(row: &mut Row) {
    static TAG: OnceLock<Regex> = OnceLock::new();
    let tag = re(&TAG, r"</?\s*(?:ul|ol|li|p|br|span|div)\b[^>]*>");
    let mut changed = false;
    for cell in &mut row.cells {
        if !tag.is_match(&cell.text) {
            continue;
        }
        // Advance the range past leading tags so it still points at the text.
        let mut lead = 0;
        let text = cell.text.clone();
        while let Some(m) = tag
            .find(&text[lead..])
            .filter(|m| text[lead..lead + m.start()].trim().is_empty())
        {
            lead += m.end();
        }
        let lead = lead + (text[lead..].len() - text[lead..].trim_start().len());
        let stripped = tag.replace_all(&text, " ");
        let stripped = stripped.split_whitespace().collect::<Vec<_>>().join(" ");
        let start = (cell.range.start + lead).min(cell.range.end);
        *cell = Cell {
            text: stripped,
            range: start..cell.range.end,
        };
        changed = true;
    }
    if changed {
        mark(row, HTML_FRAGMENT);
    }
}

/// Drops a cell that repeats its left neighbour: long texts always (a table does not
/// repeat a sentence across columns), short ones only where the row is too wide or came
/// out of HTML fragments (the converter doubles their cells).
fn drop_duplicates(row: &mut Row, width: usize) {
    // One pass, keeping cells into a new row (removing them one by one from the row
    // was quadratic in a row of many repeated cells). The row's width at each cell is
    // what is kept so far plus what is still to come.
    let html = row.repairs.iter().any(|r| r == HTML_FRAGMENT);
    let cells = std::mem::take(&mut row.cells);
    let n = cells.len();
    let mut kept: Vec<Cell> = Vec::with_capacity(n);
    let mut dropped = false;
    for (i, cell) in cells.into_iter().enumerate() {
        let same = kept
            .last()
            .is_some_and(|prev| !cell.text.is_empty() && cell.text == prev.text);
        if same
            && (html
                || kept.len() + (n - i) > width
                || cell.text.chars().count() >= MIN_DUPLICATE_CHARS)
        {
            dropped = true;
        } else {
            kept.push(cell);
        }
    }
    row.cells = kept;
    if dropped {
        mark(row, DUPLICATE_CELL_DROPPED);
    }
}

/// Column roles: from the header words, then from the cells (a column that is mostly
/// status words is the status column, whatever its header says).
fn roles(table: &Table, width: usize) -> Vec<Role> {
    let mut roles: Vec<Role> = (0..width)
        .map(|c| column_word(table.header_text(c)).unwrap_or(Role::Other))
        .collect();
    for (col, role) in roles.iter_mut().enumerate() {
        // A KPI column, or a year of a schedule: its cells are values or planned phases.
        if matches!(*role, Role::Indicator | Role::Period) {
            continue;
        }
        let mut counts = [0usize; 4];
        let mut non_empty = 0;
        for r in table.rows.iter().filter(|r| r.cells.len() == width) {
            let kind = kind_of(r.text(col));
            if kind != CellKind::Empty {
                non_empty += 1;
            }
            match kind {
                CellKind::Status => counts[0] += 1,
                CellKind::Category => counts[1] += 1,
                CellKind::Goal => counts[2] += 1,
                CellKind::Strategy => counts[3] += 1,
                _ => {}
            }
        }
        let data_roles = [Role::Status, Role::Category, Role::Goal, Role::Strategy];
        for (n, data_role) in counts.iter().zip(data_roles) {
            // Status and category cells decide a column; numbered goals and strategies
            // only name a column the header left unnamed.
            let decisive =
                matches!(data_role, Role::Status | Role::Category) || *role == Role::Other;
            if *n >= 2 && n * 2 >= non_empty && decisive {
                *role = data_role;
            }
        }
    }
    roles
}

/// Moves a shifted row's cells to the columns their contents belong to.
fn realign(row: &mut Row, roles: &[Role]) {
    let width = roles.len();
    let has = |role: Role| roles.contains(&role);
    let kinds: Vec<CellKind> = row
        .cells
        .iter()
        .map(|c| match kind_of(&c.text) {
            k @ (CellKind::Goal | CellKind::Strategy | CellKind::Status | CellKind::Category)
                if role_of(k).is_some_and(has) =>
            {
                k
            }
            CellKind::Empty => CellKind::Empty,
            _ => CellKind::Text,
        })
        .collect();
    let typed_in_place = kinds
        .iter()
        .enumerate()
        .all(|(i, k)| role_of(*k).is_none_or(|r| roles.get(i) == Some(&r)));
    let text_in_typed_column = kinds.iter().enumerate().any(|(i, k)| {
        *k == CellKind::Text
            && matches!(roles.get(i), Some(Role::Status | Role::Category))
            && kinds
                .iter()
                .any(|k| matches!(k, CellKind::Status | CellKind::Category))
    });
    if row.cells.len() <= width && typed_in_place && !text_in_typed_column {
        let empty = row.range.start..row.range.start;
        while row.cells.len() < width {
            row.cells.push(Cell {
                text: String::new(),
                range: empty.clone(),
            });
        }
        return;
    }
    let empty = Cell {
        text: String::new(),
        range: row.range.start..row.range.start,
    };
    let mut placed: Vec<Cell> = vec![empty; width];
    let mut texts: Vec<Cell> = Vec::new();
    for (cell, kind) in row.cells.iter().zip(&kinds) {
        if *kind == CellKind::Empty {
            continue;
        }
        let col = role_of(*kind).and_then(|r| roles.iter().position(|x| *x == r));
        match col {
            Some(c) if placed[c].text.is_empty() => placed[c] = cell.clone(),
            _ => texts.push(cell.clone()),
        }
    }
    let free = |pred: &dyn Fn(Role) -> bool| -> Vec<usize> {
        (0..width)
            .filter(|&c| placed[c].text.is_empty() && pred(roles[c]))
            .collect()
    };
    let content = free(&|r| {
        !matches!(
            r,
            Role::Goal | Role::Strategy | Role::Status | Role::Category
        )
    });
    let targets: Vec<usize> = if texts.len() <= content.len() {
        content[..texts.len()].to_vec()
    } else {
        // More texts than content columns: the first ones are an unnumbered goal or
        // strategy.
        let all = free(&|r| !matches!(r, Role::Status | Role::Category));
        all[all.len().saturating_sub(texts.len())..].to_vec()
    };
    let mut texts = texts.into_iter();
    for c in targets {
        if let Some(t) = texts.next() {
            placed[c] = t;
        }
    }
    // Nothing is lost: texts with no column left go after the last one.
    placed.extend(texts);
    let before: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
    let after: Vec<&str> = placed.iter().map(|c| c.text.as_str()).collect();
    let trimmed =
        |v: &[&str]| -> usize { v.len() - v.iter().rev().take_while(|t| t.is_empty()).count() };
    let changed = before[..trimmed(&before)] != after[..trimmed(&after)];
    row.cells = placed;
    if changed {
        mark(row, REALIGNED);
    }
}

/// Merged goal and strategy cells: an empty one takes the value above. A new goal
/// starts without a strategy.
fn fill_down(table: &mut Table) {
    let goal = table.column(Role::Goal);
    let strategy = table.column(Role::Strategy);
    let mut last_goal: Option<Cell> = None;
    let mut last_strategy: Option<Cell> = None;
    for row in &mut table.rows {
        if let Some(g) = goal {
            match row.cells.get(g) {
                Some(c) if !c.text.is_empty() => {
                    if last_goal.as_ref().is_none_or(|l| l.text != c.text) {
                        last_strategy = None;
                    }
                    last_goal = Some(c.clone());
                }
                Some(_) => {
                    if let Some(l) = &last_goal {
                        row.cells[g] = l.clone();
                        mark(row, FILLED_DOWN);
                    }
                }
                None => {}
            }
        }
        if let Some(s) = strategy {
            match row.cells.get(s) {
                Some(c) if !c.text.is_empty() => last_strategy = Some(c.clone()),
                Some(_) => {
                    if let Some(l) = &last_strategy {
                        row.cells[s] = l.clone();
                        mark(row, FILLED_DOWN);
                    }
                }
                None => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;
    use crate::tables::recover;

    fn texts(row: &Row) -> Vec<&str> {
        row.cells.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_of("1 ICTによる地域"), CellKind::Goal);
        assert_eq!(kind_of("(2) 地域産業"), CellKind::Strategy);
        assert_eq!(kind_of("概ね実施"), CellKind::Status);
        assert_eq!(kind_of("◎"), CellKind::Status);
        assert_eq!(kind_of("継続"), CellKind::Category);
        assert_eq!(kind_of("1次避難所へのWiFi設置"), CellKind::Text);
        assert_eq!(kind_of("24時間"), CellKind::Text);
    }

    #[test]
    fn shifted_rows_are_realigned_and_merged_cells_filled() {
        let text = "方向\t対応策\t施策\t実施状況\t検証結果\n\
                    1 まちづくり\t(1) 観光\t観光発信\t開設した\t実施\n\
                    ブランド発信\t\t交流を実施\t実施\t\n\
                    \t地図の更新\t更新した\t一部実施\n\
                    (2) 防災\t<ul style=\"x\"> 防災無線 デジタル化 \t<ul style=\"x\"> 整備した \t<ul style=\"x\"> 整備した \t概ね実施\t\n";
        let s = segment(text);
        let t = recover(&s);
        assert_eq!(t.len(), 1);
        let t = &t[0];
        assert_eq!(
            t.roles,
            [
                Role::Goal,
                Role::Strategy,
                Role::Title,
                Role::Progress,
                Role::Status
            ]
        );
        assert_eq!(
            texts(&t.rows[0]),
            ["1 まちづくり", "(1) 観光", "観光発信", "開設した", "実施"]
        );
        assert!(t.rows[0].repairs.is_empty());
        assert_eq!(
            texts(&t.rows[1]),
            [
                "1 まちづくり",
                "(1) 観光",
                "ブランド発信",
                "交流を実施",
                "実施"
            ]
        );
        assert_eq!(t.rows[1].repairs, [REALIGNED, FILLED_DOWN]);
        assert_eq!(
            texts(&t.rows[2])[2..],
            ["地図の更新", "更新した", "一部実施"]
        );
        assert_eq!(
            texts(&t.rows[3]),
            [
                "1 まちづくり",
                "(2) 防災",
                "防災無線 デジタル化",
                "整備した",
                "概ね実施"
            ]
        );
        assert_eq!(
            t.rows[3].repairs,
            [
                HTML_FRAGMENT,
                DUPLICATE_CELL_DROPPED,
                REALIGNED,
                FILLED_DOWN
            ]
        );
        let title = &t.rows[3].cells[2];
        assert_eq!(&text[title.range.clone()], "防災無線 デジタル化");
    }

    #[test]
    fn a_page_header_between_rows_does_not_end_the_table() {
        let text = "第2章 現状\n\n区分表\n対応策\t施策\t区分\n(1) 観光\t観光発信\t継続\n\n第2章 現状\n\n\t案内板\t新規\n\n合計\t2\n";
        let s = segment(text);
        let t = recover(&s);
        assert_eq!(t.len(), 2, "{t:#?}");
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(texts(&t[0].rows[1]), ["(1) 観光", "案内板", "新規"]);
        assert_eq!(
            t[0].rows[1].repairs,
            ["joined_after_page_break", FILLED_DOWN]
        );
        assert_eq!(t[1].rows[0].cells[0].text, "合計");
    }

    #[test]
    fn a_header_repeated_after_a_page_break_is_not_a_row() {
        let text = "施策名\t取組内容\t実施状況\nホームページの刷新\t画面の改善\t実施済み\n\u{c}\n施策名\t取組内容\t実施状況\n光回線の整備\t地区の解消\t一部実施済\n";
        let t = recover(&segment(text));
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(t[0].rows.len(), 2, "{t:#?}");
        assert_eq!(
            texts(&t[0].rows[1]),
            ["光回線の整備", "地区の解消", "一部実施済"]
        );
        assert_eq!(t[0].rows[1].repairs, ["joined_after_page_break"]);
    }
}
