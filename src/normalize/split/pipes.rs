//! Pipe tables inside a flattened line: where a table written with `|` between its cells
//! lies in a line that an extractor flattened, and where its rows were.
//!
//! A table with a separator row (`head | head |`, then `---|---|`, then `cell | cell |`
//! …, or the same with a leading pipe) gives its width: as many pipes as the separator
//! has end each row, so the rows are cut there, and the header and the separator become
//! lines of their own. A row stops the table when it holds a sentence end outside its
//! cells, another separator, or no space after the last row's pipe. Pipes without a
//! separator (two or more, close together) are cut only where one row's closing pipe meets
//! the next one's leading pipe (`| |`) and every row so cut has as many cells; else
//! their rows cannot be told apart and nothing inside them is cut.
//!
//! Not for deciding what the cells mean (the segment and tables stages do), and not for
//! tables written with tabs or with runs of spaces.

use std::ops::Range;

/// A pipe table in a line: the bytes it covers and the spaces to cut (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PipeTable {
    /// From its first cell to its last pipe.
    pub span: Range<usize>,
    /// The spaces between its header, separator and rows, and the one after it.
    pub cuts: Vec<usize>,
}

/// The pipe tables of `line`, in order.
pub(super) fn pipe_tables(line: &str) -> Vec<PipeTable> {
    let pipes: Vec<usize> = line.match_indices('|').map(|(i, _)| i).collect();
    if pipes.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut from = 0;
    let mut search = 0;
    while let Some(k) = line[search..].find("---") {
        let dash = search + k;
        let sep = separator(line, dash);
        search = sep.end.max(dash + 3);
        if sep.start < from {
            continue;
        }
        if let Some(t) = with_separator(line, &pipes, sep) {
            from = t.span.end;
            search = search.max(from);
            out.push(t);
        }
    }
    // Pipes outside those tables, in clusters: tables without a separator.
    let rest: Vec<usize> = pipes
        .into_iter()
        .filter(|p| !out.iter().any(|t: &PipeTable| t.span.contains(p)))
        .collect();
    let mut i = 0;
    while i < rest.len() {
        let mut j = i;
        while j + 1 < rest.len() && rest[j + 1] - rest[j] <= super::limits().max_pipe_gap {
            j += 1;
        }
        if j > i {
            // The first row opens with a word, or with its pipe (then the word before is
            // not the table's).
            let end = rest[j] + 1;
            let table = [word_start(line, rest[i]), rest[i]]
                .into_iter()
                .find_map(|start| {
                    let cuts = rows_without_separator(line, start..end);
                    (!cuts.is_empty()).then_some(PipeTable {
                        span: start..end,
                        cuts,
                    })
                })
                .unwrap_or(PipeTable {
                    span: word_start(line, rest[i])..end,
                    cuts: Vec::new(),
                });
            out.push(table);
        }
        i = j + 1;
    }
    out.sort_by_key(|t| t.span.start);
    out
}

/// The separator row around the `---` at `dash`: dashes and colons, pipes between
/// them, a leading pipe only when glued to a dash (`|---`), trimmed of spaces and of a
/// pipe that is the next row's leading one.
fn separator(line: &str, dash: usize) -> Range<usize> {
    let bytes = line.as_bytes();
    let cell = |b: u8| matches!(b, b'-' | b':');
    let mut s = dash;
    while s > 0 && (cell(bytes[s - 1]) || (bytes[s - 1] == b'|' && cell(bytes[s]))) {
        s -= 1;
    }
    let mut e = dash;
    while e < bytes.len() && matches!(bytes[e], b'-' | b':' | b'|' | b' ') {
        e += 1;
    }
    loop {
        while e > s && bytes[e - 1] == b' ' {
            e -= 1;
        }
        // `---|---| |`: the last pipe opens the first row.
        let inner = line[s..e.saturating_sub(1)].trim_end_matches(' ');
        if e > s + 1 && bytes[e - 1] == b'|' && inner.ends_with('|') && inner.len() < e - 1 - s {
            e -= 1;
            continue;
        }
        break;
    }
    s..e
}

/// The table whose separator row is `sep`, if a header of as many pipes comes right
/// before it.
fn with_separator(line: &str, pipes: &[usize], sep: Range<usize>) -> Option<PipeTable> {
    let bytes = line.as_bytes();
    let sep_text = &line[sep.clone()];
    let width = sep_text.matches('|').count();
    let leading = sep_text.starts_with('|');
    if width < 2 || !sep_text.ends_with('|') {
        return None;
    }
    // The header: the `width` pipes before the separator, the last one right before it.
    let before = pipes.partition_point(|&p| p < sep.start);
    if before < width || !line[pipes[before - 1] + 1..sep.start].trim().is_empty() {
        return None;
    }
    let first = pipes[before - width];
    let head = if leading {
        first
    } else {
        word_start(line, first)
    };
    let mut cuts = Vec::new();
    let space_before = |at: usize, cuts: &mut Vec<usize>| {
        if at > 1 && bytes[at - 1] == b' ' {
            cuts.push(at - 1);
        }
    };
    space_before(head, &mut cuts);
    space_before(sep.start, &mut cuts);
    // The rows: each ends at the `width`-th pipe after the last.
    let mut end = sep.end;
    loop {
        let at = pipes.partition_point(|&p| p < end);
        if at + width > pipes.len() || bytes.get(end) != Some(&b' ') {
            break;
        }
        let row_end = pipes[at + width - 1] + 1;
        let row = &line[end..row_end];
        if row.contains("---")
            || sentence_outside_cells(row)
            || (leading && !row.trim_start().starts_with('|'))
        {
            break;
        }
        cuts.push(end);
        end = row_end;
    }
    if bytes.get(end) == Some(&b' ') && end + 1 < bytes.len() {
        cuts.push(end);
    }
    Some(PipeTable {
        span: head..end,
        cuts,
    })
}

/// The cuts of a table without a separator row in `span`: where one row's closing pipe
/// meets the next one's leading pipe (`| |`), when every row so cut has as many cells;
/// and the spaces right before and after the table. None when the rows differ (a `| |`
/// is then an empty cell).
fn rows_without_separator(line: &str, span: Range<usize>) -> Vec<usize> {
    let text = &line[span.clone()];
    let meets: Vec<usize> = text.match_indices("| |").map(|(k, _)| k + 1).collect();
    if meets.is_empty() {
        return Vec::new();
    }
    let mut bounds = vec![0];
    bounds.extend(meets.iter().map(|k| k + 1));
    bounds.push(text.len() + 1);
    let cells = |row: &str| {
        let row = row.trim();
        row.matches('|').count() - usize::from(row.starts_with('|'))
    };
    let widths: Vec<usize> = bounds
        .windows(2)
        .map(|w| cells(&text[w[0]..w[1] - 1]))
        .collect();
    if widths.iter().any(|&w| w != widths[0] || w < 2) {
        return Vec::new();
    }
    let bytes = line.as_bytes();
    let mut cuts: Vec<usize> = meets.iter().map(|k| span.start + k).collect();
    if span.start > 1 && bytes[span.start - 1] == b' ' {
        cuts.push(span.start - 1);
    }
    if bytes.get(span.end) == Some(&b' ') && span.end + 1 < bytes.len() {
        cuts.push(span.end);
    }
    cuts.sort_unstable();
    cuts
}

/// Whether `row` has a sentence end that no pipe follows: prose, not a row.
fn sentence_outside_cells(row: &str) -> bool {
    row.match_indices('。')
        .any(|(i, c)| !row[i + c.len()..].trim_start().starts_with('|'))
}

/// Where the word before `at` starts (spaces before `at` skipped): the first cell of a
/// row without a leading pipe, read as one word.
fn word_start(line: &str, at: usize) -> usize {
    let head = line[..at].trim_end_matches(' ');
    head.rfind(' ').map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(line: &str) -> Vec<String> {
        let mut out = line.to_string();
        for t in pipe_tables(line) {
            for c in t.cuts {
                out.replace_range(c..c + 1, "\n");
            }
        }
        out.lines().map(String::from).collect()
    }

    #[test]
    fn rows_are_cut_after_as_many_pipes_as_the_separator_has() {
        let line = "評価は次の表のとおり。 区分 | 内容 | ---|---| 達成 | 目標を上回った | \
                    未達 | 目標に届かない | 表の後の文。";
        assert_eq!(
            lines(line),
            [
                "評価は次の表のとおり。",
                "区分 | 内容 |",
                "---|---|",
                "達成 | 目標を上回った |",
                "未達 | 目標に届かない |",
                "表の後の文。"
            ]
        );
        let leading = "前文 | 項目 | 値 | |---|---| | 件数 | 3 | | 率 | 5% | 後文";
        assert_eq!(
            lines(leading),
            [
                "前文",
                "| 項目 | 値 |",
                "|---|---|",
                "| 件数 | 3 |",
                "| 率 | 5% |",
                "後文"
            ]
        );
    }

    #[test]
    fn pipes_without_a_separator_are_cut_only_between_rows_of_one_width() {
        // `| |` where rows of two cells meet: the second row opens with its pipe.
        let line = "目標の割合 現状値 | 目標値 | | 35.8% | 80% | ※注記";
        assert_eq!(
            lines(line),
            [
                "目標の割合",
                "現状値 | 目標値 |",
                "| 35.8% | 80% |",
                "※注記"
            ]
        );
        let leading = "前文 | 項目 | 値 | | 件数 | 3 | | 率 | 5% | 後文";
        assert_eq!(
            lines(leading)[1..],
            ["| 項目 | 値 |", "| 件数 | 3 |", "| 率 | 5% |", "後文"]
        );
        // Rows of different widths: the `| |` is an empty cell, nothing is cut.
        let line = "目標の割合 現状値 | 目標値 | | 35.8% | ※注記";
        let t = pipe_tables(line);
        assert_eq!(t.len(), 1);
        assert!(t[0].cuts.is_empty());
        assert_eq!(&line[t[0].span.clone()], "現状値 | 目標値 | | 35.8% |");
        // One pipe is not a table.
        assert!(pipe_tables("政策「推進」|公式サイト").is_empty());
    }
}
