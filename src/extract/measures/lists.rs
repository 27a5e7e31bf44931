//! Measures written outside tables, in two shapes plans use:
//! - numbered lines of a measure hierarchy, `1-1-1 title` (often in the table of
//!   contents, where the page number may be glued to the title) under `目標N title` lines,
//!   which are measures too, and `3-5 title` headings of a plan's sections;
//! - bullet lists headed by a line from `dictionaries/measure_lists.txt` (具体的な取組 …)
//!   or by a numbered goal (`基本目標1 …`).
//!
//! They have no status or category; their `kind` is `plan` and their `table` names the
//! list by its heading line, or a numbered list by its first title (`l-…`, see
//! [`super::ListIds`]). Ids are made once page numbers are cut off the titles, so a page
//! number is never part of one. A numbered measure under a
//! goal line that is a measure has that goal measure's id as its `parent`.

use std::sync::OnceLock;

use regex::Regex;

use super::super::Input;
use super::ListIds;
use crate::model::{IdMaker, Measure, MeasureKind};
use crate::normalize::chars::{more_chars_than, squeeze};
use crate::segment::{Block, BlockKind};
use crate::vocab;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("list regex"))
}

/// `1-1-1 title` or `3-5 title`: the number and the title.
fn numbered(text: &str) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    re(&RE, r"^([0-9]{1,2}-[0-9]{1,2}(?:-[0-9]{1,2})?)\s+(\S.*)$")
        .captures(text)
        .map(|c| (c[1].to_string(), c[2].trim().to_string()))
}

/// `目標1 title`: the goal line of a numbered hierarchy.
fn goal_line(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    if !(text.starts_with("目標") || text.starts_with("基本目標")) {
        return None;
    }
    re(&RE, r"^(?:基本)?目標\s*[0-9]{1,2}\s+(\S.*)$")
        .captures(text)
        .map(|c| c[1].trim().to_string())
}

/// The page number a contents line ends with, and the title before it.
fn page_number(title: &str) -> Option<(u32, &str)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let c = re(&RE, r"^(.*?\D)\s*([0-9]{1,3})$").captures(title)?;
    let n = c[2].parse().ok()?;
    Some((n, c.get(1)?.as_str().trim_end()))
}

/// A numbered list copied from a table of contents has the page number glued to each
/// title (`…収集と発信5`). When most titles of a list end in numbers that never go down,
/// they are page numbers and are cut off; a title ending in a digit elsewhere keeps it.
fn strip_page_numbers(measures: &mut [Measure]) {
    let pages: Vec<Option<u32>> = measures
        .iter()
        .map(|m| page_number(&m.title).map(|p| p.0))
        .collect();
    let numbered: Vec<u32> = pages.iter().flatten().copied().collect();
    let ascending = numbered.windows(2).all(|w| w[0] <= w[1]);
    if measures.len() < 3 || numbered.len() * 5 < measures.len() * 4 || !ascending {
        return;
    }
    for m in measures.iter_mut() {
        if let Some((_, title)) = page_number(&m.title) {
            m.title = title.to_string();
        }
    }
}

/// Whether a line heads a bullet list of measures.
fn list_head(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    static LONGEST: OnceLock<usize> = OnceLock::new();
    let longest = *LONGEST.get_or_init(|| {
        let heads = vocab::measure_lists().iter();
        heads.map(|h| h.chars().count()).max().unwrap_or(0)
    });
    (!more_chars_than(text, longest, |_| false) && vocab::measure_lists().contains(&squeeze(text)))
        || re(&RE, r"^基本目標\s*[0-9]{1,2}\s*\S").is_match(text)
}

fn item_text(text: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, r"^(?:-\s*)?(?:[・･●○◆◇]\s*)?")
        .replace(text, "")
        .trim()
        .to_string()
}

/// Reads the measures of numbered lines and headed bullet lists.
pub(super) fn list_measures(
    input: &Input<'_>,
    ids: &mut IdMaker,
    lists: &mut ListIds,
) -> Vec<Measure> {
    let blocks = &input.segmented.blocks;
    let mut out = Vec::new();
    // The parent of each measure in `out`, by index: ids are made at the end, once page
    // numbers are cut off the titles, so a page number never goes into an id.
    let mut parents: Vec<Option<usize>> = Vec::new();
    let mut goal: Option<String> = None;
    // The goal measure the numbered measures being read stand under.
    let mut parent: Option<usize> = None;
    let mut list: Option<String> = None;
    let mut push = |out: &mut Vec<Measure>,
                    b: &Block,
                    list: &str,
                    goal: Option<String>,
                    parent: Option<usize>,
                    title: String|
     -> Option<usize> {
        if title.is_empty() {
            return None;
        }
        parents.push(parent);
        out.push(Measure {
            id: String::new(),
            kind: MeasureKind::Plan,
            table: list.to_string(),
            parent: None,
            goal,
            strategy: None,
            title,
            details: Vec::new(),
            progress: Vec::new(),
            status: None,
            category: None,
            repairs: Vec::new(),
            themes: Vec::new(),
            continues: None,
            span: input.normalized.span(b.range.clone()),
        });
        Some(out.len() - 1)
    };
    // A list is named at the end too: a headed list by its heading line, a numbered list
    // by its first title once page numbers are cut. Meanwhile `table` holds its start.
    let mut heads: std::collections::HashMap<String, String> = Default::default();
    let mut list_id = |b: &Block, head: bool| {
        let key = b.range.start.to_string();
        if head {
            heads.insert(key.clone(), b.text.clone());
        }
        key
    };
    // Where the numbered list being read starts in `out`.
    let mut numbered_from = 0;
    let numbered_lists_end = |out: &mut Vec<Measure>, from: &mut usize| {
        strip_page_numbers(&mut out[*from..]);
        *from = out.len();
    };
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        i += 1;
        if matches!(b.kind, BlockKind::Row(_)) {
            continue;
        }
        if let Some(g) = goal_line(&b.text) {
            // A goal is a measure when numbered measures follow it.
            if blocks.get(i).is_some_and(|n| numbered(&n.text).is_some()) {
                let title = g;
                let id = list.clone().unwrap_or_else(|| list_id(b, false));
                list = Some(id.clone());
                goal = Some(b.text.clone());
                parent = push(&mut out, b, &id, None, None, title);
                continue;
            }
        }
        if let Some((_, title)) = numbered(&b.text) {
            let id = list.clone().unwrap_or_else(|| list_id(b, false));
            list = Some(id.clone());
            push(&mut out, b, &id, goal.clone(), parent, title);
            continue;
        }
        if list.take().is_some() {
            numbered_lists_end(&mut out, &mut numbered_from);
        }
        goal = None;
        parent = None;
        if b.kind == BlockKind::ListItem || !list_head(&b.text) {
            continue;
        }
        let head_goal = goal_line(&b.text).map(|_| b.text.clone());
        numbered_lists_end(&mut out, &mut numbered_from);
        let id = list_id(b, true);
        while let Some(item) = blocks.get(i).filter(|n| n.kind == BlockKind::ListItem) {
            push(
                &mut out,
                item,
                &id,
                head_goal.clone(),
                None,
                item_text(&item.text),
            );
            i += 1;
        }
        numbered_from = out.len();
    }
    numbered_lists_end(&mut out, &mut numbered_from);
    let mut names: std::collections::HashMap<String, String> = Default::default();
    for m in out.iter_mut() {
        let name = names.entry(m.table.clone()).or_insert_with(|| {
            let start = m.table.parse().unwrap_or(0);
            lists.named(start, heads.get(&m.table).unwrap_or(&m.title))
        });
        m.table = name.clone();
        m.id = ids.make("m", &["plan", &m.table, &m.title]);
    }
    let made: Vec<String> = out.iter().map(|m| m.id.clone()).collect();
    for (m, p) in out.iter_mut().zip(parents) {
        m.parent = p.map(|p| made[p].clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(
            numbered("1-2-10 高齢者を対象としたパソコン講座等の開催支援11"),
            Some((
                "1-2-10".into(),
                "高齢者を対象としたパソコン講座等の開催支援11".into()
            ))
        );
        assert_eq!(numbered("2021-03 改定"), None);
        assert_eq!(
            goal_line("目標1 安全・安心の確保5").as_deref(),
            Some("安全・安心の確保5")
        );
        assert_eq!(page_number("SNSの活用10"), Some((10, "SNSの活用")));
        assert_eq!(page_number("12"), None);
        assert!(list_head("具体的な取組"));
        assert!(list_head("基本目標1 ICTの利活用を推進する環境の整備"));
        assert!(!list_head("基本目標の項目に添った具体的施策"));
        assert_eq!(item_text("- ・光ファイバーの整備"), "光ファイバーの整備");
    }
}
