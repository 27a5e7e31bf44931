//! Priority programmes (重点事業 / 重点事項) with their deadlines and measures.
//!
//! Two shapes are read:
//! - a table of items (`取組項目 | 内容`, optionally a 期限 column) under a heading that
//!   names priorities (`(2) 本計画で取り組む重点事項`) or the other items beside them
//!   (`その他の事項`). The item cell is the title; the content cell is the description,
//!   and a deadline phrase at its end (`導入予定期限 令和7年度（2025年度）まで`) becomes the
//!   deadline and leaves the description;
//! - titled blocks under such a heading: marked headings (`■行政のデジタル化`), or short
//!   title lines followed by a `【施策】` label, each with description paragraphs and the
//!   list of 施策 after the label as its measures. A title met again later (a diagram
//!   that repeats the programmes) is the same priority, not a new one.
//!
//! - numbered priority headings (`重点取組1 title`, `【重点プロジェクト②】title`) with the
//!   deadline of their region ([`headed`]).
//!
//! The heading words, measure labels and column headers are data in
//! `dictionaries/priorities.tsv`. A bare `7年度` takes the era of the plan's period.
//!
//! The 施策 listed under a priority become measures (kind `plan`, the priority's id as
//! their `table` and `parent`), and the priority's `measures` are their ids; the extract
//! stage then points a listed title that a table already holds at that measure instead.
//! A deadline warning carries the id of its priority.
//!
//! This module does not read KPI tables (see `indicators`) or measure tables.

mod headed;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::OnceLock;

use super::Input;
use crate::deadline::{self, DeadlinePhrase};
use crate::era::{self, Era};
use crate::model::{Deadline, IdMaker, Measure, MeasureKind, Metadata, Priority, Span, Warning};
use crate::normalize::chars::nfkc_key;
use crate::segment::{Block, BlockKind};

/// The words of one kind in `dictionaries/priorities.tsv`, longest first.
fn words(kind: &str) -> &'static [String] {
    static ALL: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let mut by_kind: Vec<(String, Vec<String>)> = Vec::new();
        for line in crate::vocab::text("priorities.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
        {
            let Some((k, w)) = line.split_once('\t') else {
                continue;
            };
            let (k, w) = (k.trim(), w.trim());
            if w.is_empty() {
                continue;
            }
            match by_kind.iter_mut().find(|(kk, _)| kk == k) {
                Some((_, list)) => list.push(w.to_string()),
                None => by_kind.push((k.to_string(), vec![w.to_string()])),
            }
        }
        for (_, list) in &mut by_kind {
            list.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        }
        by_kind
    });
    all.iter()
        .find(|(k, _)| k == kind)
        .map(|(_, w)| w.as_slice())
        .unwrap_or(&[])
}

/// The longest word of `kind` that `text` contains.
fn word_in(text: &str, kind: &str) -> Option<&'static str> {
    let k = nfkc_key(text);
    words(kind)
        .iter()
        .find(|w| k.contains(w.as_str()))
        .map(String::as_str)
}

/// Marks that make a short line a programme title (`■行政のデジタル化`).
const TITLE_MARKS: &[char] = &['■', '□', '◆', '◇', '●', '▼', '▶', '◎'];

/// Deepest heading level the segmenter gives (`①`).
const MAX_LEVEL: usize = 4;

/// Longest line read as a programme title.
const MAX_TITLE_CHARS: usize = 40;

fn is_short_line(b: &Block) -> bool {
    !b.text.contains('。') && b.text.chars().count() <= MAX_TITLE_CHARS
}

/// A marked title line: its title without the mark.
fn marked_title(b: &Block) -> Option<String> {
    let rest = b.text.strip_prefix(TITLE_MARKS)?;
    let title = match &b.kind {
        BlockKind::Heading(h) => h.title.clone(),
        BlockKind::ListItem | BlockKind::Paragraph if is_short_line(b) => rest.trim().to_string(),
        _ => return None,
    };
    (!title.is_empty()).then_some(title)
}

fn is_measures_label(b: &Block) -> bool {
    matches!(&b.kind, BlockKind::Label(l) if words("measures").contains(&nfkc_key(l)))
}

/// A list item's text without its bullet and number (`- ① AI / RPAの活用` → `AI / RPAの活用`).
fn list_text(text: &str) -> String {
    let mut t = text.trim();
    loop {
        let before = t;
        t = t
            .trim_start_matches(['-', '・', '●', '○', '◆', '◇', '※'])
            .trim_start();
        t = t
            .trim_start_matches(|c: char| ('①'..='⑳').contains(&c))
            .trim_start();
        if let Some(rest) = t.strip_prefix('(') {
            if let Some(close) = rest.find(')') {
                if rest[..close].chars().all(|c| c.is_ascii_digit()) && close > 0 {
                    t = rest[close + 1..].trim_start();
                }
            }
        }
        if t == before {
            return t.to_string();
        }
    }
}

/// What this module extracts.
#[derive(Debug, Default)]
pub struct Extracted {
    /// The priorities, in document order.
    pub priorities: Vec<Priority>,
    /// The 施策 listed under them, as measures.
    pub measures: Vec<Measure>,
    /// Ambiguous or undated deadlines.
    pub warnings: Vec<Warning>,
}

/// Reads the priorities; warnings for ambiguous or undated deadlines.
pub fn priorities(input: &Input<'_>, metadata: &Metadata) -> Extracted {
    let mut ctx = Context {
        input,
        period_era: metadata
            .period
            .as_ref()
            .and_then(|p| era::first_year(&p.text))
            .and_then(|m| m.era),
        eras_in_text: OnceLock::new(),
        ids: IdMaker::default(),
        measure_ids: IdMaker::default(),
        seen: HashMap::new(),
        listed: Vec::new(),
        measures: Vec::new(),
        warned: 0,
        table_blocks: Vec::new(),
        out: Vec::new(),
        warnings: Vec::new(),
    };
    ctx.read_tables();
    ctx.read_titled_blocks();
    let first_year = metadata
        .period
        .as_ref()
        .and_then(|p| era::first_year(&p.text))
        .map(|m| m.year);
    ctx.read_headed(first_year);
    ctx.out.sort_by_key(|p| p.span.start);
    Extracted {
        priorities: ctx.out,
        measures: ctx.measures,
        warnings: ctx.warnings,
    }
}

struct Context<'a, 'i> {
    input: &'a Input<'i>,
    period_era: Option<&'static Era>,
    /// Every era mention of the text, read once when a bare year needs one.
    eras_in_text: OnceLock<Vec<(usize, &'static Era)>>,
    ids: IdMaker,
    measure_ids: IdMaker,
    /// The key of every priority read, and its id.
    seen: HashMap<String, String>,
    /// The 施策 listed under the priority about to be pushed, with their ranges.
    listed: Vec<(String, Range<usize>)>,
    /// The 施策 listed under the priorities, as measures.
    measures: Vec<Measure>,
    /// How many warnings already carry their priority's id.
    warned: usize,
    /// First blocks of the tables read as priorities.
    table_blocks: Vec<usize>,
    out: Vec<Priority>,
    warnings: Vec<Warning>,
}

impl Context<'_, '_> {
    /// The era a bare `7年度` at normalized offset `pos` belongs to: the plan period's,
    /// else the nearest one written before it.
    fn implied_era(&self, pos: usize) -> Option<&'static Era> {
        self.period_era.or_else(|| {
            let all = self.eras_in_text.get_or_init(|| {
                era::find_years(&self.input.normalized.text)
                    .into_iter()
                    .filter_map(|m| m.era.map(|e| (m.start, e)))
                    .collect()
            });
            let i = all.partition_point(|(p, _)| *p < pos);
            all[..i].last().or_else(|| all.first()).map(|(_, e)| *e)
        })
    }

    /// The group word over block `first`: in the lines just before it, or in the
    /// heading it stands under or one of that heading's ancestors.
    fn group_over(&self, first: usize) -> Option<&'static str> {
        let blocks = &self.input.segmented.blocks;
        let mut level = u8::MAX;
        for b in blocks[..first.min(blocks.len())].iter().rev() {
            let word = || word_in(&b.text, "group").or_else(|| word_in(&b.text, "other"));
            match &b.kind {
                BlockKind::Row(_) => {}
                BlockKind::Toc => return None,
                BlockKind::Heading(h) if h.level < level => {
                    if let Some(w) = word() {
                        return Some(w);
                    }
                    level = h.level;
                    if level <= 1 {
                        return None;
                    }
                }
                BlockKind::Heading(_) => {}
                _ if level == u8::MAX => {
                    if let Some(w) = word().filter(|_| is_short_line(b)) {
                        return Some(w);
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn deadline_of(&mut self, d: &DeadlinePhrase, title: &str, span: Span) -> Deadline {
        if d.ambiguous {
            self.warnings.push(Warning {
                code: "deadline_ambiguous".into(),
                message: format!(
                    "priority {title}: deadline {} names more than one year; took the later ({})",
                    d.text,
                    d.fiscal_year.map_or("unknown".into(), |y| y.to_string())
                ),
                item: None,
                span: Some(span),
            });
        }
        if d.fiscal_year.is_none() {
            self.warnings.push(Warning {
                code: "deadline_year_unknown".into(),
                message: format!(
                    "priority {title}: deadline {} has no era and the plan gives none",
                    d.text
                ),
                item: None,
                span: Some(span),
            });
        }
        Deadline {
            text: d.text.clone(),
            fiscal_year: d.fiscal_year,
        }
    }

    /// Adds a priority unless its title was read before; the deadline warnings made
    /// since the last push, and the 施策 in `listed`, are its.
    fn push(&mut self, mut p: Priority) {
        let listed = std::mem::take(&mut self.listed);
        let k = nfkc_key(&p.title);
        let id = match self.seen.get(&k) {
            _ if k.is_empty() => None,
            Some(id) => Some(id.clone()),
            None => {
                let id = self
                    .ids
                    .make("p", &[p.group.as_deref().unwrap_or(""), &p.title]);
                self.seen.insert(k, id.clone());
                p.id = id.clone();
                for (title, range) in listed {
                    let m = Measure {
                        id: self.measure_ids.make("m", &["plan", &id, &title]),
                        kind: MeasureKind::Plan,
                        table: id.clone(),
                        parent: Some(id.clone()),
                        goal: None,
                        strategy: None,
                        title,
                        details: Vec::new(),
                        progress: Vec::new(),
                        status: None,
                        category: None,
                        repairs: Vec::new(),
                        themes: Vec::new(),
                        continues: None,
                        span: self.input.normalized.span(range),
                    };
                    p.measures.push(m.id.clone());
                    self.measures.push(m);
                }
                self.out.push(p);
                Some(id)
            }
        };
        for w in &mut self.warnings[self.warned..] {
            w.item = id.clone();
        }
        self.warned = self.warnings.len();
    }

    /// Tables of items and contents under a priorities heading.
    fn read_tables(&mut self) {
        let input = self.input;
        for t in input.tables {
            let Some(header) = &t.header else { continue };
            let role = |kind: &str| {
                header.iter().position(|c| {
                    let cell = nfkc_key(&c.text);
                    let best = ["item", "content", "deadline"]
                        .into_iter()
                        .filter_map(|k| {
                            words(k)
                                .iter()
                                .find(|w| cell.contains(w.as_str()))
                                .map(|w| (w.chars().count(), k))
                        })
                        .max_by_key(|(n, _)| *n);
                    best.is_some_and(|(_, k)| k == kind)
                })
            };
            let (Some(item), Some(content)) = (role("item"), role("content")) else {
                continue;
            };
            let deadline_col = role("deadline");
            let Some(group) = self.group_over(t.first_block) else {
                continue;
            };
            self.table_blocks.push(t.first_block);
            for row in &t.rows {
                let cell = |i: usize| row.cells.get(i).map(|c| c.text.trim()).unwrap_or("");
                let title = cell(item);
                if title.is_empty() {
                    continue;
                }
                let content_text = cell(content);
                let span = input.normalized.span(row.range.clone());
                let pos = row.range.start;
                let era = self.implied_era(pos);
                let (description, phrase) = match deadline_col.map(cell).filter(|c| !c.is_empty()) {
                    Some(c) => (content_text.to_string(), deadline::in_cell(c, era)),
                    None => match deadline::at_end(content_text, era) {
                        Some(d) => (content_text[..d.start].trim().to_string(), Some(d)),
                        None => (content_text.to_string(), None),
                    },
                };
                let deadline = phrase.map(|d| self.deadline_of(&d, title, span));
                self.push(Priority {
                    id: String::new(),
                    title: title.to_string(),
                    group: Some(group.to_string()),
                    description: (!description.is_empty()).then_some(description),
                    deadline,
                    measures: Vec::new(),
                    themes: Vec::new(),
                    span,
                });
            }
        }
    }

    /// Titled blocks under a priorities heading. One pass with a stack of open anchors
    /// (the headings or lines naming priorities), so that a title belongs to the
    /// nearest anchor whose region holds it and a long document costs linear time.
    fn read_titled_blocks(&mut self) {
        let blocks = &self.input.segmented.blocks;
        let n = blocks.len();
        // next_end[l][i]: the first block at or after `i` that ends the region of an
        // anchor heading of level `l` (an unmarked heading at that level or above), or
        // for l = 0, of an anchor that is not a heading (any unmarked heading).
        let mut next_end = vec![vec![n; n + 1]; MAX_LEVEL + 1];
        for (l, ends) in next_end.iter_mut().enumerate() {
            for i in (0..n).rev() {
                let b = &blocks[i];
                let stops = match &b.kind {
                    BlockKind::Heading(h) if marked_title(b).is_none() => {
                        l == 0 || usize::from(h.level) <= l
                    }
                    BlockKind::Toc => true,
                    _ => false,
                };
                ends[i] = if stops { i } else { ends[i + 1] };
            }
        }
        struct Anchor {
            start: usize,
            level: Option<u8>,
            end: usize,
            group: &'static str,
            titles: Vec<(usize, String)>,
        }
        let mut anchors: Vec<Anchor> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            while open.last().is_some_and(|&a| anchors[a].end <= i) {
                open.pop();
            }
            let anchor_level = match &b.kind {
                BlockKind::Heading(h) if marked_title(b).is_none() => Some(Some(h.level)),
                BlockKind::Label(_) => Some(None),
                BlockKind::Paragraph if is_short_line(b) => Some(None),
                _ => None,
            };
            if let Some(level) = anchor_level {
                if let Some(group) = word_in(&b.text, "group") {
                    let l = level.map_or(0, |l| usize::from(l).clamp(1, MAX_LEVEL));
                    anchors.push(Anchor {
                        start: i,
                        level,
                        end: next_end[l][i + 1],
                        group,
                        titles: Vec::new(),
                    });
                    open.push(anchors.len() - 1);
                    continue;
                }
            }
            let Some(&a) = open.last() else { continue };
            let title = marked_title(b).or_else(|| {
                let next_is_label = blocks.get(i + 1).is_some_and(is_measures_label);
                (matches!(b.kind, BlockKind::Paragraph) && is_short_line(b) && next_is_label)
                    .then(|| b.text.clone())
            });
            if let Some(t) = title {
                anchors[a].titles.push((i, t));
            }
        }
        let marked: Vec<usize> = {
            // Titles, and the priority tables read before.
            let mut v: Vec<usize> = anchors
                .iter()
                .flat_map(|a| a.titles.iter().map(|t| t.0))
                .chain(self.table_blocks.iter().copied())
                .collect();
            v.sort_unstable();
            v
        };
        let mut found: BTreeMap<usize, (usize, String, &'static str)> = BTreeMap::new();
        for anchor in &mut anchors {
            // Numbered subsections of a priorities heading, when nothing in its region
            // is a title (not even under a nested anchor).
            let first_after = marked.partition_point(|&i| i <= anchor.start);
            let untitled = marked.get(first_after).is_none_or(|&i| i >= anchor.end);
            if let (true, Some(l)) = (untitled, anchor.level) {
                anchor.titles = (anchor.start + 1..anchor.end)
                    .filter_map(|i| match &blocks[i].kind {
                        BlockKind::Heading(h) if h.level == l + 1 && h.number.is_some() => {
                            Some((i, h.title.clone()))
                        }
                        _ => None,
                    })
                    .collect();
            }
            for (k, (i, title)) in anchor.titles.iter().enumerate() {
                let stop = anchor.titles.get(k + 1).map_or(anchor.end, |(j, _)| *j);
                found
                    .entry(*i)
                    .or_insert_with(|| (stop, title.clone(), anchor.group));
            }
        }
        for (i, (stop, title, group)) in found {
            self.titled_block(i, stop, &title, group);
        }
    }

    /// One titled programme: blocks `i` (the title) to `stop`.
    fn titled_block(&mut self, i: usize, stop: usize, title: &str, group: &str) {
        let blocks = &self.input.segmented.blocks;
        let mut description: Vec<String> = Vec::new();
        let mut measures = Vec::new();
        let mut in_measures = false;
        let mut last = i;
        let mut phrase: Option<DeadlinePhrase> = None;
        for (j, b) in blocks.iter().enumerate().take(stop).skip(i + 1) {
            match &b.kind {
                BlockKind::Heading(_) | BlockKind::Toc | BlockKind::Row(_) => break,
                BlockKind::Label(_) if is_measures_label(b) => in_measures = true,
                BlockKind::Label(_) => in_measures = false,
                // A note (`※…`) closes the list; it is not a measure.
                BlockKind::ListItem if in_measures && b.text.starts_with('※') => break,
                BlockKind::ListItem if in_measures => {
                    let m = list_text(&b.text);
                    if !m.is_empty() {
                        measures.push((m, b.range.clone()));
                        last = j;
                    }
                }
                BlockKind::Paragraph | BlockKind::ListItem if !in_measures => {
                    // Another short title line (a diagram block) ends this programme.
                    if blocks.get(j + 1).is_some_and(is_measures_label) && is_short_line(b) {
                        break;
                    }
                    let era = self.implied_era(b.range.start);
                    let mut text = b.text.clone();
                    if let Some(d) = deadline::at_end(&text, era) {
                        text = text[..d.start].trim().to_string();
                        phrase = Some(d);
                    }
                    if !text.is_empty() {
                        description.push(text);
                    }
                    last = j;
                }
                _ => {
                    if in_measures {
                        break;
                    }
                }
            }
        }
        let range = blocks[i].range.start..blocks[last].range.end;
        let span = self.input.normalized.span(range);
        let deadline = phrase.map(|d| self.deadline_of(&d, title, span));
        self.listed = measures;
        self.push(Priority {
            id: String::new(),
            title: title.to_string(),
            group: Some(group.to_string()),
            description: (!description.is_empty()).then(|| description.join("\n")),
            deadline,
            measures: Vec::new(),
            themes: Vec::new(),
            span,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_lose_bullets_and_numbers() {
        assert_eq!(list_text("- ① AI / RPAの活用"), "AI / RPAの活用");
        assert_eq!(list_text("- AI/RPAの活用"), "AI/RPAの活用");
        assert_eq!(list_text("・(2) 研修の実施"), "研修の実施");
    }

    #[test]
    fn group_words_are_data() {
        assert_eq!(
            word_in("(2) 本計画で取り組む重点事項", "group"),
            Some("重点事項")
        );
        assert_eq!(word_in("2 重点事業と具体的施策", "group"), Some("重点事業"));
        assert_eq!(
            word_in("(3) 本計画で取り組むその他の事項", "other"),
            Some("その他の事項")
        );
        assert_eq!(word_in("情報化の現状", "group"), None);
    }
}
