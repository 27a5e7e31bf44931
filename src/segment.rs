//! Stage 3, segment: normalized lines → blocks (headings, labels, paragraphs, list
//! items, raw table rows, the table of contents).
//!
//! A block knows its byte range in the normalized text, so any item made from it can
//! report a source span. Raw table rows are kept as cells split on tabs or `|`; the
//! tables stage repairs them. Rows laid out with spaces have two wide gaps or more, or
//! one where the lines beside them are rows too ([`spaced`]).
//!
//! Page furniture — page numbers and running headers ([`furniture`]) — makes no block,
//! and a heading that repeats the last heading right after a page break (the section
//! carried over to the next page) makes none either. The blocks that follow a page break
//! are listed ([`Segmented::after_break`]), for the tables stage to tell a table header
//! repeated on the next page from a data row.
//!
//! This module classifies lines by their shape. It does not decide what a table means
//! or repair it, and it does not extract anything.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::normalize::chars::{COLUMN_GAP, column_gaps, is_space};
use crate::normalize::furniture;

mod pages;
mod spaced;

/// What kind of line a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A numbered or marked heading.
    Heading(Heading),
    /// A bracketed label such as `<課題>`, `【施策】`, `<アルファベット順>`.
    Label(String),
    /// A line of running text.
    Paragraph,
    /// A bullet or numbered item (`- `, `・`, `①` followed by a sentence).
    ListItem,
    /// A table row: cells split on tabs or pipes.
    Row(Vec<Cell>),
    /// A line of the table of contents.
    Toc,
}

/// A heading's level, number and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for 第N章, 2 for `N title` and `■title`, 3 for `(N) title`, 4 for `① title`.
    pub level: u8,
    /// The number as written, e.g. `第3章`, `2`, `(1)`, `①`.
    pub number: Option<String>,
    /// The title without its number.
    pub title: String,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell's text, trimmed.
    pub text: String,
    /// Its byte range in the normalized text (trimmed).
    pub range: Range<usize>,
}

/// One line of the document, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// The line's text, trimmed.
    pub text: String,
    /// Byte range of the trimmed line in the normalized text.
    pub range: Range<usize>,
    /// 0-based line number in the normalized text.
    pub line: usize,
}

impl Block {
    /// The heading, if this block is one.
    pub fn heading(&self) -> Option<&Heading> {
        match &self.kind {
            BlockKind::Heading(h) => Some(h),
            _ => None,
        }
    }

    /// The cells, if this block is a table row.
    pub fn cells(&self) -> Option<&[Cell]> {
        match &self.kind {
            BlockKind::Row(c) => Some(c),
            _ => None,
        }
    }
}

/// The segmented document: non-blank lines in order. Blank lines are not blocks, but
/// `Block::line` keeps their count visible (a gap in line numbers).
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    /// The blocks, one per non-blank line.
    pub blocks: Vec<Block>,
    /// The indices of the blocks that come first after a page break (a form feed
    /// between them and the block before), in order.
    pub page_starts: Vec<usize>,
}

impl Segmented {
    /// Whether block `i` is the first after a page break.
    pub fn after_break(&self, i: usize) -> bool {
        self.page_starts.binary_search(&i).is_ok()
    }
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("segment regex"))
}

/// Longest heading title: longer lines are paragraphs.
const MAX_HEADING_CHARS: usize = 60;

/// Whether a line starts with a bullet: `・●◆◇※`, or `-` / `○` and a space.
fn is_bullet(line: &str) -> bool {
    line.starts_with(['・', '●', '◆', '◇', '※'])
        || ['-', '○'].iter().any(|&p| {
            line.strip_prefix(p)
                .is_some_and(|rest| rest.starts_with(char::is_whitespace))
        })
}

/// A line `12 title`: one or two digits, spaces, and the rest from its first non-space
/// (one line: a title with a line feed in it is none).
fn numbered(line: &str) -> Option<(&str, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let after = &line[digits..];
    let title = after.trim_start();
    let ok = title.len() < after.len() && !title.is_empty() && !title.contains('\n');
    ok.then_some((&line[..digits], title))
}

/// Classifies one trimmed line that has no tab or pipe cells.
pub fn classify_line(line: &str) -> BlockKind {
    static CHAPTER: OnceLock<Regex> = OnceLock::new();
    static PAREN: OnceLock<Regex> = OnceLock::new();
    static CIRCLED: OnceLock<Regex> = OnceLock::new();
    static DOTTED: OnceLock<Regex> = OnceLock::new();
    static LABEL: OnceLock<Regex> = OnceLock::new();

    let chars = line.chars().count();
    let sentence = line.contains('。');
    // Each pattern below starts with a fixed character (or class); a line that does
    // not start with it is not handed to the regex, whose captures cost far more than
    // looking at the first character.
    let first = line.chars().next();
    let digit = first.is_some_and(|c| c.is_ascii_digit());
    let chapter = first == Some('第');
    let label = first.is_some_and(|c| matches!(c, '<' | '＜' | '〈' | '【' | '['));
    if chapter
        && let Some(c) =
            re(&CHAPTER, r"^(第\s*[0-9一二三四五六七八九十]+\s*章)\s*(.*)$").captures(line)
        && !sentence
        && chars <= MAX_HEADING_CHARS
    {
        let number: String = c[1].chars().filter(|c| !c.is_whitespace()).collect();
        return BlockKind::Heading(Heading {
            level: 1,
            number: Some(number),
            title: c[2].trim().to_string(),
        });
    }
    if label
        && let Some(c) = re(
            &LABEL,
            r"^(?:<|＜|〈|【|\[)([^<>＜＞〈〉【】\[\]]{1,30})(?:>|＞|〉|】|\])$",
        )
        .captures(line)
    {
        return BlockKind::Label(c[1].trim().to_string());
    }
    if is_bullet(line) {
        return BlockKind::ListItem;
    }
    let heading = |level: u8, number: Option<String>, title: &str| {
        let title = title.trim();
        let ok = !sentence
            && !title.is_empty()
            && title.chars().count() <= MAX_HEADING_CHARS
            && !title.ends_with('、')
            && !title.ends_with(',');
        ok.then(|| {
            BlockKind::Heading(Heading {
                level,
                number,
                title: title.to_string(),
            })
        })
    };
    if let Some(rest) = line.strip_prefix('■') {
        if let Some(h) = heading(2, None, rest) {
            return h;
        }
    }
    if let Some((number, title)) = numbered(line) {
        if let Some(h) = heading(2, Some(number.to_string()), title) {
            return h;
        }
    }
    // `1.`, `1.1.`, `1.1.1.` with a dot after every number, one level per number, below
    // chapters: several numbers with the title glued or spaced, one number with the title
    // glued (`1.計画の目的`, as PDF text has it; `1. item` is a list item).
    if digit
        && let Some(c) = re(
            &DOTTED,
            r"^((?:[0-9]{1,2}\.){2,4})\s*([^0-9.\s].*)$|^([0-9]{1,2}\.)([^0-9.\s].*)$",
        )
        .captures(line)
    {
        let (number, title) = match (c.get(1), c.get(3)) {
            (Some(n), _) => (n.as_str(), c.get(2).map_or("", |t| t.as_str())),
            (_, Some(n)) => (n.as_str(), c.get(4).map_or("", |t| t.as_str())),
            _ => ("", ""),
        };
        let level = 1 + number.matches('.').count() as u8;
        if let Some(h) = heading(level, Some(number.to_string()), title) {
            return h;
        }
    }
    if first == Some('(')
        && let Some(c) = re(&PAREN, r"^(\([0-9]{1,2}\))\s*(\S.*)$").captures(line)
    {
        if let Some(h) = heading(3, Some(c[1].to_string()), &c[2]) {
            return h;
        }
    }
    if first.is_some_and(|c| ('①'..='⑳').contains(&c))
        && let Some(c) = re(&CIRCLED, r"^([①-⑳])\s*(\S.*)$").captures(line)
    {
        if let Some(h) = heading(4, Some(c[1].to_string()), &c[2]) {
            return h;
        }
    }
    BlockKind::Paragraph
}

/// Splits a line into cells if it is a table row: tab-separated (a leading or trailing
/// tab counts: merged cells leave them), `|`-separated with at least two pipes, or laid
/// out with spaces, two or more column gaps of [`COLUMN_GAP`] spaces.
pub fn split_cells(line: &str, line_start: usize) -> Option<Vec<Cell>> {
    let sep = if line.contains('\t') {
        '\t'
    } else if line.matches('|').count() >= 2 {
        '|'
    } else if column_gaps(line) >= 2 {
        return Some(split_at_gaps(line, line_start));
    } else {
        return None;
    };
    let mut cells = Vec::new();
    let mut pos = 0;
    for part in line.split(sep) {
        let lead = part.len() - part.trim_start().len();
        let text = part.trim();
        let start = line_start + pos + lead;
        cells.push(Cell {
            text: text.to_string(),
            range: start..start + text.len(),
        });
        pos += part.len() + sep.len_utf8();
    }
    if sep == '|' {
        // `| a | b |` has empty outer cells that are not columns.
        if cells.first().is_some_and(|c| c.text.is_empty()) && line.trim_start().starts_with('|') {
            cells.remove(0);
        }
        if cells.last().is_some_and(|c| c.text.is_empty()) {
            cells.pop();
        }
    }
    Some(cells)
}

/// The cells of a row laid out with spaces: runs of [`COLUMN_GAP`] or more spaces
/// separate them; a shorter run is a space inside a cell.
fn split_at_gaps(line: &str, line_start: usize) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut cell_start: Option<usize> = None;
    let mut cell_end = 0;
    let mut run = 0;
    for (i, c) in line.char_indices() {
        if is_space(c) {
            run += 1;
            continue;
        }
        if run >= COLUMN_GAP {
            if let Some(s) = cell_start.take() {
                cells.push(Cell {
                    text: line[s..cell_end].to_string(),
                    range: line_start + s..line_start + cell_end,
                });
            }
        }
        run = 0;
        cell_start.get_or_insert(i);
        cell_end = i + c.len_utf8();
    }
    if let Some(s) = cell_start {
        cells.push(Cell {
            text: line[s..cell_end].to_string(),
            range: line_start + s..line_start + cell_end,
        });
    }
    cells
}

/// Segments normalized text into blocks. Page furniture (page numbers, running
/// headers, [`furniture`]) makes no block, a form feed is not part of a line, and a
/// heading repeated right after a page break ([`pages`]) makes no block.
pub fn segment(text: &str) -> Segmented {
    let is_trim = |c: char| c == ' ' || c == '\u{3000}' || c == '\r' || c == '\u{c}';
    let raws: Vec<&str> = crate::normalize::chars::lines(text).collect();
    let (trimmed, breaks) = furniture::lines_and_breaks(text);
    let skip = furniture::furniture(&trimmed, &breaks);
    drop(breaks);
    // Exactly as many blocks as kept lines: a long plan's blocks are the largest thing
    // the pipeline holds, so no doubling slack.
    let kept = trimmed
        .iter()
        .zip(&skip)
        .filter(|(t, skip)| !t.is_empty() && !**skip)
        .count();
    drop(trimmed);
    let mut blocks = Vec::with_capacity(kept);
    let mut page_starts = Vec::new();
    // A form feed seen since the last block.
    let mut pending_break = false;
    let mut offset = 0;
    for (line_no, raw) in raws.iter().enumerate() {
        let start = offset;
        offset += raw.len() + 1;
        let trimmed = raw.trim_matches(is_trim);
        if trimmed.trim().is_empty() || skip[line_no] {
            // A page number or running header marks a page break as a form feed does.
            pending_break |= skip[line_no] || raw.contains('\u{c}');
            continue;
        }
        let lead = raw.len() - raw.trim_start_matches(is_trim).len();
        if pending_break || raw[..lead].contains('\u{c}') {
            page_starts.push(blocks.len());
        }
        pending_break = raw[lead + trimmed.len()..].contains('\u{c}');
        let range = start + lead..start + lead + trimmed.len();
        let kind = match split_cells(trimmed, range.start) {
            Some(cells) => BlockKind::Row(cells),
            None => classify_line(trimmed.trim()),
        };
        blocks.push(Block {
            kind,
            text: trimmed.trim().to_string(),
            range,
            line: line_no,
        });
    }
    spaced::spaced_rows(text, &mut blocks);
    mark_toc(&mut blocks);
    let mut segmented = Segmented {
        blocks,
        page_starts,
    };
    pages::drop_repeated_headings(&mut segmented);
    segmented
}

/// Marks the table of contents: from a 目次 line through the headings and rows that
/// follow it, up to the first heading that repeats one already listed (the body starts)
/// or the first paragraph.
fn mark_toc(blocks: &mut [Block]) {
    let Some(start) = blocks.iter().position(|b| {
        let t: String = b
            .text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '(' && *c != ')')
            .collect();
        t == "目次"
    }) else {
        return;
    };
    let mut seen: Vec<String> = Vec::new();
    let key = |b: &Block| -> String {
        let t = match &b.kind {
            BlockKind::Row(cells) => cells.first().map(|c| c.text.clone()).unwrap_or_default(),
            _ => b.text.clone(),
        };
        t.chars().filter(|c| !c.is_whitespace()).collect()
    };
    blocks[start].kind = BlockKind::Toc;
    for block in blocks.iter_mut().skip(start + 1) {
        let k = key(block);
        let is_entry = matches!(
            block.kind,
            BlockKind::Heading(_) | BlockKind::Row(_) | BlockKind::ListItem
        ) || block.text.chars().count() <= 20;
        if !is_entry
            || seen
                .iter()
                .any(|s| *s == k || (k.len() > 3 && s.starts_with(&k)))
        {
            break;
        }
        seen.push(k);
        block.kind = BlockKind::Toc;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_and_numbered_lines_read_as_their_patterns_do() {
        let bullet = Regex::new(r"^(?:-\s|・|●|○\s|◆|◇|※)").unwrap();
        let numbered_re = Regex::new(r"^([0-9]{1,2})\s+(\S.*)$").unwrap();
        for line in [
            "",
            "-",
            "- 項目",
            "-項目",
            "-\u{3000}項目",
            "・項目",
            "○ 項目",
            "○項目",
            "◆",
            "※注",
            "1 計画",
            "12 計画",
            "123 計画",
            "1計画",
            "1 ",
            "1  \u{3000}計画 の 目的",
            "1\t計画",
            "a 計画",
            "１ 計画",
        ] {
            assert_eq!(is_bullet(line), bullet.is_match(line), "{line:?}");
            let want = numbered_re
                .captures(line)
                .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
            assert_eq!(numbered(line), want, "{line:?}");
        }
    }

    fn kind(line: &str) -> BlockKind {
        classify_line(line)
    }

    #[test]
    fn dotted_headings() {
        let h = |l: &str| match kind(l) {
            BlockKind::Heading(h) => Some((h.level, h.number, h.title)),
            _ => None,
        };
        assert_eq!(
            h("2.3.1.住民票の写しを届けます"),
            Some((4, Some("2.3.1.".into()), "住民票の写しを届けます".into()))
        );
        assert_eq!(
            h("3.窓口を改めます"),
            Some((2, Some("3.".into()), "窓口を改めます".into()))
        );
        assert_eq!(h("3. 窓口の改善"), None);
        assert_eq!(h("2.5倍に増やします"), None);
    }

    #[test]
    fn headings() {
        assert!(matches!(
            kind("第3章 情報化の現状"),
            BlockKind::Heading(Heading { level: 1, .. })
        ));
        assert!(matches!(
            kind("第1章"),
            BlockKind::Heading(Heading { level: 1, .. })
        ));
        let BlockKind::Heading(h) = kind("2 国・県の情報化の動向") else {
            panic!()
        };
        assert_eq!(
            (h.level, h.number.as_deref(), h.title.as_str()),
            (2, Some("2"), "国・県の情報化の動向")
        );
        let BlockKind::Heading(h) = kind("(1)本計画の位置づけ") else {
            panic!()
        };
        assert_eq!((h.level, h.title.as_str()), (3, "本計画の位置づけ"));
        assert!(matches!(
            kind("① Society5.0の推進"),
            BlockKind::Heading(Heading { level: 4, .. })
        ));
        assert!(matches!(
            kind("■用語解説"),
            BlockKind::Heading(Heading {
                level: 2,
                number: None,
                ..
            })
        ));
        // Sentences are not headings.
        assert_eq!(
            kind("2 委員長は副市長を、副委員長は総合政策部長をもって充てる。"),
            BlockKind::Paragraph
        );
    }

    #[test]
    fn labels_and_lists() {
        assert_eq!(kind("<課題>"), BlockKind::Label("課題".into()));
        assert_eq!(kind("【施策】"), BlockKind::Label("施策".into()));
        assert_eq!(
            kind("＜アルファベット順＞"),
            BlockKind::Label("アルファベット順".into())
        );
        assert_eq!(
            kind("- ・官民連携による効果的な情報発信"),
            BlockKind::ListItem
        );
    }

    #[test]
    fn rows_keep_empty_leading_cells_and_offsets() {
        let text = "見出し\n\t\t観光情報発信\t概ね実施\n| 指標 | 現状値 |\n";
        let s = segment(text);
        let cells = s.blocks[1].cells().unwrap();
        assert_eq!(cells.len(), 4);
        assert_eq!(cells[2].text, "観光情報発信");
        assert_eq!(&text[cells[2].range.clone()], "観光情報発信");
        let pipe = s.blocks[2].cells().unwrap();
        assert_eq!(
            pipe.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            ["指標", "現状値"]
        );
    }

    #[test]
    fn rows_laid_out_with_spaces() {
        let text = "項目   指標 名   実施\n1 見出し   本文\n";
        let s = segment(text);
        let cells = s.blocks[0].cells().unwrap();
        let texts: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["項目", "指標 名", "実施"]);
        assert_eq!(&text[cells[1].range.clone()], "指標 名");
        // One gap is not a row.
        assert!(s.blocks[1].cells().is_none());
    }

    #[test]
    fn table_of_contents_is_not_the_body() {
        let text =
            "目次\n第1章 はじめに\n1 趣旨\t2\n第2章 背景\n\n第1章\nはじめに\n1 趣旨\n本文です。\n";
        let s = segment(text);
        let toc = s.blocks.iter().filter(|b| b.kind == BlockKind::Toc).count();
        assert_eq!(toc, 4);
        assert!(matches!(s.blocks[4].kind, BlockKind::Heading(_)));
    }
}
