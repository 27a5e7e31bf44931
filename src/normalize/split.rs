//! The `line-split` rule: a line that holds many records — a whole glossary, a numbered
//! list, a table of contents or a chapter, flattened to one line by a web or PDF
//! extractor that turned every line break into one space — is cut back into lines at
//! the spaces before strong anchors:
//! - a chapter or section number (`第2章`, `§4`, `4.1`, `1-1-1`, `(1)`, `①`, `Ⅲ`, `1.`),
//!   and a bare item number before a word (`1 計画の期間`), but never a number followed by
//!   a unit or date part (`14 年`, `500 人`) or written after an era name (`平成 30`);
//! - a bullet or note mark (`・`, `■`, `※` …) or an opening bracket whose label closes
//!   soon after (`【施策】`, `<課題>`);
//! - a word that opens a record, such as a glossary heading (`用語集`), or that numbers
//!   one (`目標2`, `施策3`).
//!
//! - a dash followed by a space (`- item`, a mark of `spaced`), not a page marker;
//! - a run of exactly two spaces, whatever follows: a blank line, or a line that ended in
//!   a space, flattened (both spaces are cut, so the blank line comes back and keeps the
//!   paragraphs on either side apart);
//! - a short phrase (at most [`MAX_HEADING_CHARS`] characters) between a sentence end and
//!   one of the anchors above is a heading (`…図る。 具体的な取組 - 項目`): cut before it
//!   too.
//!
//! A line is not cut inside parentheses (an unclosed one is forgotten after
//! [`MAX_PAREN_CHARS`] characters), nor at a single space after a sentence end or at a
//! page marker: a glossary flattened to one line stays one line for the glossary's flat
//! readers, which know its entries better than a mark can. A mark standing alone after a
//! space keeps what follows (`- 1 計画の期間`).
//!
//! Pipe tables inside the line ([`pipes`]) are cut at their rows when a separator row
//! (`---|---|`) gives their width, and never inside otherwise; a two-column tab table
//! flattened into a line longer than any row is cut at its rows ([`tab_rows`]), and so is
//! a wider one, whose header gives its width ([`tab_tables`]): nothing else inside it is
//! cut. After an anchor, a run of short phrases parted by single spaces and ended by a
//! sentence or a pipe table is cut into its lines ([`phrases`]). A number after a Latin
//! word is a version (`Society 5.0`) unless dashes part it (`DX 3-5`), and a heading word
//! after an item number is that item's title (`- 3 用語解説`): neither is cut.
//!
//! The marks and words are data (`dictionaries/marks.tsv`). Only a line of at least
//! [`MIN_LINE_CHARS`] characters is looked at, and only a space or two is a cut: a longer
//! run of spaces is a table's column gap, a tab is never touched, and a table row (tabs
//! or two column gaps) is cut only when it is longer than any row ([`MAX_ROW_CHARS`]).
//! The space becomes a line feed, one byte for one, so every offset stays where it was.
//!
//! Not for deciding what the new lines are (the segment stage does), and not for lines
//! that a PDF wrapped (the `line-join` rule joins those).

mod phrases;
mod pipes;
mod tab_rows;
mod tab_tables;

use super::MapBuilder;
use super::chars::{COLUMN_GAP, column_gaps, is_space, is_word_char};
use super::offsets::OffsetMap;
use crate::era;
use crate::vocab::{self, Marks};

/// The longest run of spaces that is a flattened line break; a longer run is a table's
/// column gap.
const MAX_GAP: usize = COLUMN_GAP - 1;

/// The limits of the rule (`dictionaries/split.tsv`), in characters.
pub struct Limits {
    /// The shortest line the rule looks at.
    pub min_line: usize,
    /// A table row longer than this is many rows flattened together.
    pub max_row: usize,
    /// How far after an opening bracket its closing bracket may be.
    pub max_label: usize,
    /// The longest phrase between a sentence end and an anchor read as a heading.
    pub max_heading: usize,
    /// The longest phrase on a line of its own in a run after an anchor.
    pub max_phrase: usize,
    /// How long an unclosed opening parenthesis keeps the line from being cut.
    pub max_paren: usize,
    /// The most bytes between two pipes of one flattened pipe table.
    pub max_pipe_gap: usize,
    /// The fewest rows of a flattened two-column tab table.
    pub min_tab_rows: usize,
    /// The longest first cell of such a table's row.
    pub max_first_cell: usize,
}

/// The limits, read once.
pub fn limits() -> &'static Limits {
    static L: std::sync::OnceLock<Limits> = std::sync::OnceLock::new();
    L.get_or_init(|| {
        let d = vocab::split();
        let n = |key: &str| d.number(key) as usize;
        Limits {
            min_line: n("min_line_chars"),
            max_row: n("max_row_chars"),
            max_label: n("max_label_chars"),
            max_heading: n("max_heading_chars"),
            max_paren: n("max_paren_chars"),
            max_phrase: n("max_phrase_chars"),
            max_pipe_gap: n("max_pipe_gap"),
            min_tab_rows: n("min_tab_rows"),
            max_first_cell: n("max_first_cell_chars"),
        }
    })
}

/// Cuts the long lines of `text` at their record anchors.
pub fn line_split(text: &str) -> (String, OffsetMap) {
    let marks = vocab::marks();
    let mut b = MapBuilder::with_capacity(text.len());
    let mut copied = 0;
    let mut line_start = 0;
    for line in super::chars::lines_inclusive(text) {
        let long = line.chars().take(limits().min_line).count() >= limits().min_line;
        let row = (line.contains('\t') || column_gaps(line) >= 2)
            && line.chars().nth(limits().max_row).is_none();
        if long && !row {
            let tables = pipes::pipe_tables(line);
            let tabbed = line.contains('\t');
            let wide = if tabbed {
                tab_tables::tab_tables(line, marks)
            } else {
                Vec::new()
            };
            let outside = |c: &usize| {
                !tables.iter().any(|t| t.span.contains(c))
                    && !wide.iter().any(|t| t.span.contains(c))
            };
            let narrow: Vec<tab_rows::Rows> = if tabbed {
                // A run that begins inside a wider table begins after it.
                tab_rows::row_runs(line, marks)
                    .into_iter()
                    .filter_map(|mut r| {
                        r.cuts.retain(outside);
                        let first = *r.cuts.first()?;
                        if wide.iter().any(|t| t.span.contains(&r.span.start)) {
                            r.span.start = first;
                        }
                        Some(r)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let mut at: Vec<usize> = cuts(line, marks)
                .into_iter()
                .filter(|c| outside(c) && !narrow.iter().any(|r| r.span.contains(c)))
                .collect();
            let spans: Vec<_> = tables.iter().map(|t| t.span.clone()).collect();
            // A record heading (`用語集`) opens entries its own readers take apart, and a
            // bracket label (`【ア】`, `【term】`) a definition or a group of entries:
            // neither opens a run of phrases.
            let starts: Vec<usize> = at
                .iter()
                .copied()
                .filter(|&c| {
                    let after = line[c..].trim_start_matches(is_space);
                    !marks.headings.iter().any(|h| after.starts_with(h.as_str()))
                        && !after.starts_with(marks.opens.as_slice())
                })
                .collect();
            let phrases = phrases::phrase_cuts(line, &starts, &spans);
            at.extend(phrases.into_iter().filter(|c| outside(c)));
            at.extend(tables.iter().flat_map(|t| t.cuts.iter().copied()));
            at.extend(wide.iter().flat_map(|t| t.cuts.iter().copied()));
            at.extend(narrow.iter().flat_map(|r| r.cuts.iter().copied()));
            at.sort_unstable();
            at.dedup();
            for at in at {
                // One space, one line feed (an ideographic space is cut as a whole).
                let n = line[at..].chars().next().map_or(1, char::len_utf8);
                b.copy(&text[copied..line_start + at]);
                b.replace(n, "\n");
                copied = line_start + at + n;
            }
        }
        line_start += line.len();
    }
    b.copy(&text[copied..]);
    b.finish()
}

/// The byte offsets, in `line`, of the spaces to turn into line feeds: the first space of
/// a run of one or two between two non-spaces (an extractor that kept a line's trailing
/// space leaves two).
fn cuts(line: &str, marks: &Marks) -> Vec<usize> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let last_pipe = line.rfind('|').unwrap_or(0);
    let mut depth = 0usize;
    // Where the outermost open parenthesis is, in characters.
    let mut opened = 0;
    let mut i = 1;
    while i < chars.len() {
        let (at, c) = chars[i];
        match chars[i - 1].1 {
            '(' | '（' => {
                if depth == 0 {
                    opened = i;
                }
                depth += 1;
            }
            ')' | '）' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 && i - opened > limits().max_paren {
            depth = 0;
        }
        // Never inside parentheses (`IPv6(Internet Protocol Version 6)`).
        if !is_space(c) || is_space(chars[i - 1].1) || chars[i - 1].1 == '\t' || depth > 0 {
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|(_, c)| is_space(*c)).count();
        let next = chars.get(i + run).map(|&(_, n)| n);
        let gap_ok = run <= MAX_GAP && next.is_some_and(|n| n != '\t' && n != '\n');
        if gap_ok {
            let after = chars[i + run].0;
            let before = &line[..at];
            let blank = run == 2
                && chars[i..i + 2].iter().any(|&(_, c)| c == ' ')
                && !ends_with_enumerator(before);
            // A pipe's neighbour is a cell's edge, not a record's (but the last pipe
            // can end a table).
            let cell_edge =
                (before.ends_with('|') && after < last_pipe) || line[after..].starts_with('|');
            if !cell_edge && (blank || opens_record(before, &line[after..], marks)) {
                out.push(at);
                if blank {
                    // Both spaces: the blank line comes back.
                    out.push(chars[i + 1].0);
                }
                if let Some(h) = heading_before(&chars, i) {
                    out.push(h);
                }
            }
        }
        i += run;
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The space before a heading that ends at the space `chars[i]`: a phrase of at most
/// [`MAX_HEADING_CHARS`] characters, without commas or sentence ends, that follows a
/// sentence end and one space.
fn heading_before(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let mut j = i;
    while j > 0 && !is_space(chars[j - 1].1) {
        j -= 1;
        if i - j > limits().max_heading || matches!(chars[j].1, '。' | '、' | '\t') {
            return None;
        }
    }
    (j >= 2 && j < i && chars[j - 2].1 == '。').then(|| chars[j - 1].0)
}

/// Whether a record starts at `after`, the text following a space that ends
/// `before`.
fn opens_record(before: &str, after: &str, marks: &Marks) -> bool {
    if ends_with_lone_mark(before, marks) {
        return false;
    }
    (starts_with_mark(after, marks) && !ends_with_item_number(before))
        || (marks.headings.iter().any(|h| after.starts_with(h.as_str()))
            && !ends_with_item_number(before))
        || marks.numbered.iter().any(|w| {
            after
                .strip_prefix(w.as_str())
                .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        })
        || starts_with_number(before, after, marks)
}

/// Whether the last word of `before` is an enumerator (`1-1-1`, `(2)`, `③`, `第1章`): the
/// two spaces after it set the title off, they are no line break.
pub(super) fn ends_with_enumerator(before: &str) -> bool {
    let word = before.rsplit(is_space).next().unwrap_or("");
    let numeric = |c: char| {
        c.is_ascii_digit()
            || matches!(c, '.' | '-' | '(' | ')' | '（' | '）' | '§')
            || ('①'..='⑳').contains(&c)
            || ('Ⅰ'..='Ⅻ').contains(&c)
    };
    let chapter = word.starts_with('第') && word.ends_with(['章', '節', '部', '編']);
    !word.is_empty() && (chapter || word.chars().all(numeric))
}

/// Whether `before` ends with an item number standing alone (`… 2`): the mark after it
/// belongs to that item (`2 【term】`).
fn ends_with_item_number(before: &str) -> bool {
    let digits = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    (1..=2).contains(&digits)
        && before[..before.len() - digits]
            .chars()
            .next_back()
            .is_none_or(is_space)
}

/// Whether `before` ends with a bullet or dash standing alone (`… -`): what follows is
/// its item.
/// A dash that closes a page marker (`- 33 -`) is not one.
fn ends_with_lone_mark(before: &str, marks: &Marks) -> bool {
    let mut rev = before.chars().rev();
    let Some(mark) = rev.next() else {
        return false;
    };
    let page = marks.spaced.contains(&mark)
        && rev
            .clone()
            .find(|c| !is_space(*c))
            .is_some_and(|c| c.is_ascii_digit());
    (marks.bullets.contains(&mark) || marks.spaced.contains(&mark))
        && rev.next().is_none_or(is_space)
        && !page
}

fn starts_with_mark(after: &str, marks: &Marks) -> bool {
    let mut chars = after.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if marks.spaced.contains(&first) {
        // `- item`, but not a page marker (`- 12 -`) nor a rule (`- -`).
        let Some(item) = chars.as_str().strip_prefix(' ') else {
            return false;
        };
        let item = item.trim_start_matches(' ');
        let digits = item.chars().take_while(char::is_ascii_digit).count();
        let marker = digits > 0 && item[digits..].trim_start().starts_with(first);
        return !marker && item.starts_with(|c: char| !c.is_whitespace() && c != first);
    }
    if marks.bullets.contains(&first) {
        // A run of the same mark is a leader (`・・・`), not a bullet.
        return chars.next() != Some(first);
    }
    if marks.opens.contains(&first) {
        let close = match first {
            '【' => '】',
            '<' => '>',
            '＜' => '＞',
            '〈' => '〉',
            '《' => '》',
            '〔' => '〕',
            _ => return false,
        };
        return chars.take(limits().max_label + 1).any(|c| c == close);
    }
    false
}

/// A chapter, section or item number at the start of `after`.
fn starts_with_number(before: &str, after: &str, marks: &Marks) -> bool {
    let mut chars = after.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    match first {
        '①'..='⑳' | '㉑'..='㉟' | '㊱'..='㊿' | '⑴'..='⒇' => true,
        'Ⅰ'..='Ⅻ' => chars.next().is_none_or(|c| !c.is_ascii_alphanumeric()),
        '§' => chars.next().is_some_and(|c| c.is_ascii_digit()),
        '第' => {
            let rest = chars.as_str();
            let n = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
                .count();
            n > 0 && rest.chars().nth(n).is_some_and(|c| "章節部編".contains(c))
        }
        '(' | '（' => {
            let inner: String = chars
                .by_ref()
                .take_while(|c| *c != ')' && *c != '）')
                .collect();
            let n = inner.chars().count();
            (1..=2).contains(&n)
                && (inner.chars().all(|c| c.is_ascii_digit())
                    || (n == 1 && inner.chars().all(|c| ('ア'..='ン').contains(&c))))
        }
        c if c.is_ascii_digit() => numbered(before, after, marks),
        _ => false,
    }
}

/// `4.1 …`, `1-1-1 …`, `1. …`, `1) …` or `1 計画の期間`: an item number, not a quantity.
fn numbered(before: &str, after: &str, marks: &Marks) -> bool {
    let digits = after.chars().take_while(char::is_ascii_digit).count();
    if digits > 2 {
        return false;
    }
    let mut rest = &after[digits..];
    let mut parts = 1;
    let mut dashed = false;
    while let Some(r) = rest.strip_prefix(['.', '-', '－', '‐', '‑', '–', '—', '―', '−'])
    {
        let d = r.chars().take_while(char::is_ascii_digit).count();
        if d == 0 || d > 2 {
            break;
        }
        dashed |= !rest.starts_with('.');
        rest = &r[d..];
        parts += 1;
    }
    // A number after a Latin word is its version (`Society 5.0`, `Windows 10`); a
    // section number has dashes (`DX 3-5`).
    if before.ends_with(|c: char| c.is_ascii_alphabetic()) && !dashed {
        return false;
    }
    if parts == 1 {
        if let Some(r) = rest.strip_prefix(['.', ')', '）']) {
            return r.starts_with(|c: char| is_space(c) || is_word_char(c));
        }
    }
    // What follows the number: a space, then a word that is not a unit.
    if !rest.starts_with(is_space) {
        return parts > 1 && rest.starts_with(is_word_char) && !is_counter(rest, marks);
    }
    let word = rest.trim_start_matches(is_space);
    let after_era = era::eras()
        .iter()
        .any(|e| before.trim_end().ends_with(e.name.as_str()));
    word.starts_with(|c: char| is_word_char(c) || c.is_ascii_uppercase() || c == '【')
        && !is_counter(word, marks)
        && !after_era
}

fn is_counter(word: &str, marks: &Marks) -> bool {
    marks.counters.iter().any(|c| word.starts_with(c.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> String {
        let (out, map) = line_split(text);
        assert_eq!(out.len(), text.len());
        assert_eq!(map.to_source(0..out.len()), 0..text.len());
        out
    }

    const PAD: &str = "この計画は情報化を進めるための指針として市の施策の方向を示し、毎年度の予算と事業の評価に用いるものです";

    #[test]
    fn a_flattened_contents_line_is_cut_at_its_numbers() {
        let text = format!(
            "{PAD} 目次 §1 はじめに 3 1.1 計画の背景 3 (1) 暮らしの変化 8 §4 実行計画 13 4.1 例規集の電子化 14"
        );
        let out = split(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            &lines[1..],
            [
                "目次",
                "§1 はじめに 3",
                "1.1 計画の背景 3",
                "(1) 暮らしの変化 8",
                "§4 実行計画 13",
                "4.1 例規集の電子化 14"
            ]
        );
    }

    #[test]
    fn quantities_dates_and_short_lines_are_not_cut() {
        let text = format!("{PAD}。平成 14 年 3 月に 500 人 500 人と 1.5 倍、20 % の 3 者");
        assert_eq!(split(&text), text);
        let short = "1 計画の期間 2 計画の位置づけ";
        assert_eq!(split(short), short);
    }

    #[test]
    fn marks_labels_and_headings() {
        let text = format!(
            "{PAD}。 ■重点施策 ・電子申請の推進 【電子申請】 申請をオンラインで行うこと。 - 33 - 用語集 2 【電子署名】 ・・・文書の署名。 IPv6(Internet Protocol Version 6) 次世代の方式。"
        );
        let out = split(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            &lines[1..],
            [
                "■重点施策",
                "・電子申請の推進",
                "【電子申請】 申請をオンラインで行うこと。 - 33 -",
                "用語集",
                "2 【電子署名】 ・・・文書の署名。 IPv6(Internet Protocol Version 6) 次世代の方式。"
            ]
        );
    }

    #[test]
    fn dashes_blank_lines_and_headings_after_a_sentence() {
        let text = format!(
            "{PAD}。 取組の概要 - 窓口の手続を見直す。 主な取組 - 電子申請の拡充 - 1 申請の受付 - 33 - 次の段落です。  所管 情報政策課"
        );
        let out = split(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            &lines[1..],
            [
                "取組の概要",
                "- 窓口の手続を見直す。",
                "主な取組",
                "- 電子申請の拡充",
                "- 1 申請の受付 - 33 - 次の段落です。",
                "",
                "所管 情報政策課"
            ]
        );
    }

    #[test]
    fn a_flattened_pipe_table_is_cut_at_its_rows_only() {
        let text = format!(
            "{PAD}。 区分 | 評価 | ---|---| 目標を上回った ・全件 | 達成A | 目標に届かない | 後退D | (2) 次の項目"
        );
        let out = split(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            &lines[1..],
            [
                "区分 | 評価 |",
                "---|---|",
                "目標を上回った ・全件 | 達成A |",
                "目標に届かない | 後退D |",
                "(2) 次の項目"
            ]
        );
        // Without a separator, rows of one width are cut where they meet (`| |`).
        let text = format!("{PAD} 割合 現状値 | (1) 目標値 | | 35.8% | 80% | ※注記の文");
        let out = split(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].ends_with(" 割合"));
        assert_eq!(
            &lines[1..],
            ["現状値 | (1) 目標値 |", "| 35.8% | 80% |", "※注記の文"]
        );
        // Rows of different widths: nothing inside the pipes is cut, only around them.
        let text = format!("{PAD} 割合 現状値 | (1) 目標値 | | 35.8% | ※注記の文");
        let out = split(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].ends_with(" 割合 現状値 | (1) 目標値 | | 35.8% |"));
        assert_eq!(lines[1], "※注記の文");
    }

    #[test]
    fn two_spaces_after_a_number_set_a_title_off() {
        let text = format!("{PAD}。 1-1-1  災害情報の発信 1-1-2  通信手段の確保 (3)  避難所の運営");
        let out = split(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            &lines[1..],
            [
                "1-1-1  災害情報の発信",
                "1-1-2  通信手段の確保",
                "(3)  避難所の運営"
            ]
        );
        let text = format!("{PAD}。 ■Society 5.0の推進 - 3 用語解説 - 4 Windows 10の更新");
        let out = split(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            &lines[1..],
            ["■Society 5.0の推進", "- 3 用語解説", "- 4 Windows 10の更新"]
        );
        // Nor is a cell of a pipe row cut where it starts.
        let row = format!("| 書面の見直し | ・{PAD}{PAD}{PAD}{PAD} |");
        assert_eq!(split(&row), row);
    }

    #[test]
    fn a_dashed_number_after_a_latin_word_opens_a_section() {
        let text = format!("{PAD}。 窓口のDX 2-4 申請の電子化 Web 2.0 の時代");
        let out = split(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(&lines[1..], ["窓口のDX", "2-4 申請の電子化 Web 2.0 の時代"]);
    }

    #[test]
    fn a_run_of_spaces_and_tabs_are_column_gaps() {
        let text = format!("{PAD}   1 列\t(1) 列 \t(2) 列");
        assert_eq!(split(&text), text);
        let row = format!("{PAD}   ・項目 ・項目   実施");
        assert_eq!(split(&row), row);
    }
}
