//! The `width-join` rule: lines that a converter hard-broke at a fixed width, in the
//! middle of a word or a table row, are put back together (`…情報セキュ` / `リティ…`
//! → `…情報セキュリティ…`).
//!
//! A line is such a break when it is exactly as long (in characters) as the longest line
//! of text among its neighbours, several of those neighbours are that long too (a
//! constant width, not one long line), and the next line goes on (it holds text and no
//! form feed). The break goes with no space put in, because the converter cut the line
//! where the width ran out, whatever stood there: this rule runs before every other rule
//! that changes a line, so it joins table rows (tabs and all) too. A full line that
//! ends a sentence stays apart from a next line that starts a block or a table row (a
//! heading, an item, a row of cells), as a paragraph that happened to fill the line;
//! a full table row stays apart from a next row that starts with an empty cell where
//! joining them would give a row more cells than its table's rows have.
//! The window and counts are `width_join_*` in `dictionaries/pdf.tsv`.
//!
//! Not for lines wrapped where a word or a sentence allowed (shorter than the width:
//! the `line-join` rule), and not for deciding what a line is.

use super::MapBuilder;
use super::chars::{is_space, is_table_row};
use super::lines::{ends_block, starts_block};
use super::offsets::OffsetMap;

/// How the width of a hard-broken text is recognised (`dictionaries/pdf.tsv`).
struct Params {
    window: usize,
    min_lines: usize,
    min_chars: usize,
}

impl Params {
    fn shipped() -> Self {
        let p = crate::vocab::pdf();
        Params {
            window: p.number("width_join_window_lines") as usize,
            min_lines: p.number("width_join_min_lines") as usize,
            min_chars: p.number("width_join_min_chars") as usize,
        }
    }
}

/// Whether `next` goes on from a full line `line`: it holds something (a tab alone is
/// an empty cell), starts no page, and is not a new block after an ended sentence.
fn continues(line: &str, next: &str) -> bool {
    if next.starts_with('\u{c}') || next.trim_matches(is_space).is_empty() {
        return false;
    }
    let ended = line.chars().next_back().is_some_and(ends_block);
    let head = next.trim_start_matches(is_space);
    !(ended && !line.contains('\t') && (is_table_row(next) || starts_block(head)))
}

/// The indices of the lines of `lines` that are hard breaks.
fn hard_breaks(lines: &[&str], p: &Params) -> Vec<usize> {
    let widths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    // The lines of text: the neighbours a width is read from.
    let filled: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let mut out = Vec::new();
    for (k, &i) in filled.iter().enumerate() {
        if widths[i] < p.min_chars || i + 1 >= lines.len() || !continues(lines[i], lines[i + 1]) {
            continue;
        }
        let near = &filled[k.saturating_sub(p.window)..(k + p.window + 1).min(filled.len())];
        let max = near.iter().map(|&j| widths[j]).max().unwrap_or(0);
        if widths[i] == max && near.iter().filter(|&&j| widths[j] == max).count() >= p.min_lines {
            out.push(i);
        }
    }
    out
}

/// Takes back the breaks that glued two whole table rows together: a full row followed
/// by a row that starts with an empty cell (a tab) reads like one row cut before a tab.
/// Where a joined row holds more tabs than most rows of its table (the consecutive rows
/// with tabs), it is cut again at such a break once the part before it has as many tabs
/// as those rows.
fn keep_rows_apart(lines: &[&str], breaks: &mut Vec<usize>) {
    let tab_counts: Vec<usize> = lines
        .iter()
        .map(|l| memchr::memchr_iter(b'\t', l.as_bytes()).count())
        .collect();
    let tabs = |i: usize| tab_counts[i];
    // The logical lines, as ranges of physical lines.
    let mut logical = Vec::new();
    let mut start = 0;
    let mut joined = breaks.iter().peekable();
    for i in 0..lines.len() {
        if joined.next_if(|&&j| j == i).is_none() {
            logical.push(start..i + 1);
            start = i + 1;
        }
    }
    let mut undo = Vec::new();
    let mut k = 0;
    while k < logical.len() {
        let count = |r: &std::ops::Range<usize>| r.clone().map(tabs).sum::<usize>();
        let end = (k..logical.len())
            .find(|&j| count(&logical[j]) == 0)
            .unwrap_or(logical.len());
        if end == k {
            k += 1;
            continue;
        }
        let table = &logical[k..end];
        let mut counts: Vec<usize> = table.iter().map(count).collect();
        counts.sort_unstable();
        let mode = counts
            .chunk_by(|a, b| a == b)
            .max_by_key(|c| c.len())
            .map_or(0, |c| c[0]);
        for row in table.iter().filter(|r| count(r) > mode) {
            let mut before = 0;
            for i in row.start..row.end - 1 {
                before += tabs(i);
                if before == mode && lines[i + 1].starts_with('\t') {
                    undo.push(i);
                    before = 0;
                }
            }
        }
        k = end;
    }
    undo.sort_unstable();
    breaks.retain(|i| undo.binary_search(i).is_err());
}

/// Applies the `width-join` rule.
pub fn width_join(text: &str) -> (String, OffsetMap) {
    width_join_with(text, &Params::shipped())
}

fn width_join_with(text: &str, p: &Params) -> (String, OffsetMap) {
    let lines: Vec<&str> = super::chars::lines(text).collect();
    let mut breaks = hard_breaks(&lines, p);
    // Rows are kept apart only where some break would join them.
    if !breaks.is_empty() {
        keep_rows_apart(&lines, &mut breaks);
    }
    if breaks.is_empty() {
        return (text.to_string(), OffsetMap::identity(text.len()));
    }
    let mut b = MapBuilder::with_capacity(text.len());
    let mut next_break = breaks.iter().peekable();
    for (i, line) in lines.iter().enumerate() {
        b.copy(line);
        if i + 1 == lines.len() {
            break;
        }
        if next_break.next_if(|&&j| j == i).is_some() {
            b.replace(1, "");
        } else {
            b.copy("\n");
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Params = Params {
        window: 10,
        min_lines: 3,
        min_chars: 8,
    };

    fn join(s: &str) -> String {
        width_join_with(s, &P).0
    }

    /// Hard-breaks every line every `width` characters.
    fn cut(text: &str, width: usize) -> String {
        let lines: Vec<String> = text
            .split('\n')
            .map(|line| {
                let chars: Vec<char> = line.chars().collect();
                if chars.is_empty() {
                    return String::new();
                }
                chars
                    .chunks(width)
                    .map(|c| c.iter().collect::<String>())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        lines.join("\n")
    }

    #[test]
    fn lines_cut_at_a_fixed_width_rejoin() {
        let src = "第1章 計画の概要\n本計画は、市の情報セキュリティを高めるための取組を定めます。\n\n施策\t担当課\t状況\n窓口のオンライン化\t情報政策課\t実施";
        let wrapped = cut(src, 10);
        assert!(
            wrapped.contains("情報セ\nキュリティ")
                && wrapped.contains("オンライン化\t\n情報政策課")
        );
        assert_eq!(join(&wrapped), src);
        // Joined once, the text has no width left: a second run changes nothing.
        assert_eq!(join(src), src);
    }

    #[test]
    fn whole_rows_stay_apart() {
        // Rows of three cells; the second starts with an empty cell, and the first
        // fills the width exactly.
        let src = "施策\t内容\t状況\n窓口の改善\t手続のオンライン化\t一部実施\n\t電子申請の拡大\t一部実施\n庁内の改革\t会議のペーパーレス化\t実施";
        let wrapped = cut(src, 10);
        assert!(wrapped.contains("の改善\t手続のオ\nンライン化\t一部実施\n\t電子申請"));
        assert_eq!(join(&wrapped), src);
    }

    #[test]
    fn full_lines_before_a_new_block_stay() {
        let full = "あいうえおかきくけこ\nさしすせそたちつてと\n";
        for (last, rest) in [
            ("なにぬねのはひふへほ", "\n\nまみむめも"),
            ("なにぬねのはひふへほ", "\n\u{c}まみむめも"),
            ("なにぬねのはひふへ。", "\n1 まみむめも"),
            ("なにぬねのはひふへ。", "\n項目\t内容"),
        ] {
            let s = format!("{full}{last}{rest}");
            assert_eq!(
                join(&s),
                format!("あいうえおかきくけこさしすせそたちつてと{last}{rest}"),
                "{s:?}"
            );
        }
    }

    #[test]
    fn lines_of_varied_width_stay() {
        for s in [
            // One long line among short ones is no width.
            "見出しの行\n本計画は、市の情報セキュリティを高めます\n次の行です",
            // Too short to be a width.
            "あいう\nえおか\nきくけ\nこ",
        ] {
            assert_eq!(join(s), s);
        }
    }

    #[test]
    fn the_join_maps_back() {
        let src = "あいうえおかきくけこ\nさしすせそたちつてと\nなにぬねのはひふへほ\nまみ";
        let (out, map) = width_join_with(src, &P);
        assert_eq!(
            out,
            "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみ"
        );
        let k = out.find('ま').unwrap();
        assert_eq!(&src[map.to_source(k..k + 3)], "ま");
        assert_eq!(map.to_source(0..out.len()), 0..src.len());
    }
}
