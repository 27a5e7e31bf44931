//! KPI tables whose value columns are years rather than 現状値/目標値:
//! `指標 | R5 | R6 | R7` then `name | 10 | 20 | 30`, read the same whether the rows kept
//! their cells apart or were flattened into one run of text (`指標 平成30年度 (2018年度)
//! … 平成34年度 (2022年度) name 500 500 500 500 500`), the name perhaps split over lines.
//!
//! A label cell (`year_table_label` of `dictionaries/indicator_shapes.tsv`) followed by
//! at least `year_table_min_years` rising year cells opens a table; each name that
//! follows, with exactly one value per year, is an indicator. The target is the value of
//! the last year, in that year; the baseline is the first year's value only when a
//! bracketed word marks that column as one (`R4(実績)`), else there is none. A name
//! followed by words (a schedule: 検討, 策定, 運用) is not an indicator.
//!
//! This module reads text only; it does not read header tables with value roles (the
//! parent module does) or KPIs written as one line of prose (`inline`).

use std::ops::Range;

use crate::era;
use crate::model::Quantity;
use crate::number;
use crate::vocab;

/// An indicator read from a year table.
#[derive(Debug)]
pub(super) struct YearKpi {
    pub name: String,
    pub baseline: Option<Quantity>,
    pub target: Quantity,
    /// From the name to the last value, in the text read.
    pub range: Range<usize>,
}

fn number_of(key: &str) -> usize {
    vocab::indicator_shapes().number(key) as usize
}

/// Whether `c` separates cells.
fn is_gap(c: char) -> bool {
    c.is_whitespace() || c == '|'
}

/// `pos` moved past any gap.
fn skip_gaps(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + (rest.len() - rest.trim_start_matches(is_gap).len())
}

/// A bracket at `pos` (`(2018年度)`, `(実績)`): its inner text and where it ends.
fn bracket_at(text: &str, pos: usize, max_chars: usize) -> Option<(&str, usize)> {
    let rest = &text[pos..];
    let open = rest.chars().next().filter(|c| matches!(c, '(' | '（'))?;
    let inner = &rest[open.len_utf8()..];
    let close = inner.find([')', '）'])?;
    let body = &inner[..close];
    if body.chars().count() > max_chars || body.contains('\n') {
        return None;
    }
    let close_len = inner[close..].chars().next().map_or(1, char::len_utf8);
    Some((body, pos + open.len_utf8() + close + close_len))
}

/// The year columns after a label ending at `pos`: each year, whether it is a
/// baseline column, and where they end.
fn year_columns(text: &str, mut pos: usize) -> (Vec<(i32, bool)>, usize) {
    let shapes = vocab::indicator_shapes();
    let max_years = number_of("year_table_max_years");
    let bracket_max = number_of("year_table_bracket_max_chars");
    let mut years: Vec<(i32, bool)> = Vec::new();
    let mut end = pos;
    loop {
        pos = skip_gaps(text, pos);
        if let Some((body, after)) = bracket_at(text, pos, bracket_max) {
            let Some(last) = years.last_mut() else { break };
            let squeezed = crate::normalize::chars::squeeze(body);
            let same_year = era::first_year(body).is_some_and(|y| y.year == last.0);
            if !same_year {
                if shapes.contains("year_table_baseline", &squeezed) {
                    last.1 = true;
                } else if !shapes.contains("year_table_plain", &squeezed) {
                    break;
                }
            }
            pos = after;
            end = after;
            continue;
        }
        let window_end = text[pos..]
            .char_indices()
            .nth(24)
            .map_or(text.len(), |(i, _)| pos + i);
        let Some(y) = era::first_year(&text[pos..window_end]).filter(|y| y.start == 0) else {
            break;
        };
        let after = pos + y.end;
        // A year cell ends at a gap or a bracket, not inside a word (`2022年度の計画`).
        if text[after..]
            .chars()
            .next()
            .is_some_and(|c| !is_gap(c) && !matches!(c, '(' | '（'))
        {
            break;
        }
        if years.last().is_some_and(|l| l.0 >= y.year) {
            break;
        }
        if years.len() == max_years {
            break;
        }
        years.push((y.year, false));
        pos = after;
        end = after;
    }
    (years, end)
}

/// The cells from `pos`, as byte ranges, up to `limit` of them.
fn cells_from(text: &str, pos: usize, limit: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[pos..].char_indices() {
        let at = pos + i;
        if is_gap(c) {
            if let Some(s) = start.take() {
                out.push(s..at);
                if out.len() == limit {
                    return out;
                }
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Every indicator of every year table in `text`.
pub(super) fn read(text: &str) -> Vec<YearKpi> {
    let shapes = vocab::indicator_shapes();
    let min_years = number_of("year_table_min_years");
    let mut out = Vec::new();
    let mut done = 0;
    // A label is read only where it is a cell of its own, so a text without any label
    // in it (one search) has no year table, and its cells are not cut at all.
    if !shapes.contains("year_table_label", text) {
        return out;
    }
    let labels = shapes.list("year_table_label");
    for cell in crate::normalize::chars::cells(text) {
        if cell.start < done || !labels.iter().any(|l| *l == text[cell.clone()]) {
            continue;
        }
        let (years, mut pos) = year_columns(text, cell.end);
        if years.len() < min_years {
            continue;
        }
        while let Some((kpi, end)) = row(text, pos, &years) {
            out.push(kpi);
            pos = end;
        }
        done = pos;
    }
    out
}

/// One row after the year columns: a name, then one value per year.
fn row(text: &str, pos: usize, years: &[(i32, bool)]) -> Option<(YearKpi, usize)> {
    let max_name_cells = number_of("year_table_name_max_cells");
    let max_name_chars = number_of("year_table_name_max_chars");
    let cells = cells_from(text, pos, max_name_cells + years.len() + 1);
    let name_cells = cells
        .iter()
        .position(|r| number::is_value(&text[r.clone()]) || number::is_dash(&text[r.clone()]))?;
    if name_cells == 0 || name_cells > max_name_cells {
        return None;
    }
    let values = cells.get(name_cells..name_cells + years.len())?;
    if values.len() < years.len()
        || !values.iter().all(|r| {
            let t = &text[r.clone()];
            number::is_value(t) || number::is_dash(t)
        })
    {
        return None;
    }
    // A cell split by a line break joins without a space; others keep one.
    let mut name = String::new();
    for (k, r) in cells[..name_cells].iter().enumerate() {
        if k > 0 && !text[cells[k - 1].end..r.start].contains('\n') {
            name.push(' ');
        }
        name.push_str(&text[r.clone()]);
    }
    if name.chars().count() > max_name_chars
        || name.contains('。')
        || !name.chars().any(char::is_alphabetic)
    {
        return None;
    }
    let quantity = |r: &Range<usize>, year: i32| -> Option<Quantity> {
        let t = &text[r.clone()];
        (!number::is_dash(t)).then(|| {
            let mut q = number::quantity(t);
            q.year = Some(year);
            q
        })
    };
    let (last_year, _) = years[years.len() - 1];
    let target = quantity(&values[values.len() - 1], last_year)?;
    let baseline = years
        .first()
        .filter(|(_, base)| *base)
        .and_then(|(y, _)| quantity(&values[0], *y));
    let end = values[values.len() - 1].end;
    Some((
        YearKpi {
            name,
            baseline,
            target,
            range: cells[0].start..end,
        },
        end,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flattened_year_table() {
        let text = "指標 令和5年度 (2023年度)\n\n令和6年度 (2024年度) 令和7年度 (2025年度) 窓口の\n\n待ち時間(単位:分)\n\n30 25 20\n";
        let k = read(text);
        assert_eq!(k.len(), 1, "{k:?}");
        assert_eq!(k[0].name, "窓口の待ち時間(単位:分)");
        assert_eq!(k[0].baseline, None);
        assert_eq!(
            (k[0].target.text.as_str(), k[0].target.year),
            ("20", Some(2025))
        );
    }

    #[test]
    fn rows_a_baseline_column_and_a_schedule() {
        let text = "指標\tR4(実績)\tR6\tR8\n講座の参加者数\t40人\t80人\t120人\n電子申請の件数\t100\t-\t300\n";
        let k = read(text);
        assert_eq!(k.len(), 2, "{k:?}");
        let b = k[0].baseline.as_ref().unwrap();
        assert_eq!((b.text.as_str(), b.year), ("40人", Some(2022)));
        assert_eq!(
            (k[0].target.text.as_str(), k[0].target.year),
            ("120人", Some(2026))
        );
        assert_eq!(k[1].target.text, "300");
        // A schedule under year columns is not a KPI.
        assert!(read("指標 R5 R6 R7 手引きの見直し 検討 策定 周知\n").is_empty());
        // A label inside prose is not a table.
        assert!(read("指標を2024年度 2025年度に見直す").is_empty());
    }
}
