//! Two-column pages: the gutter between a page's two columns of text, found before the
//! page's tables, so that each column is laid out on its own, left then right.
//!
//! A gutter is an x-interval near the middle of the text that almost no line crosses,
//! with text on both sides. A table whose column gap falls there is not split: its rows
//! start at the same heights on both sides, while the paragraphs of two text columns
//! start where each column's text puts them. This module does not lay out the columns
//! (see the parent module).

use super::Settings;
use super::lines::{em_of, lines_of};
use crate::pdf::words::{Page, Word};

/// `page` cut at its gutter into its left and right columns, or `None` when its text
/// is not in two columns. The right column is moved left onto the left one, so that a
/// table going on from one column to the other keeps its columns' positions.
pub(super) fn split(page: &Page, settings: &Settings) -> Option<(Page, Page)> {
    let (left, mut right) = find(page, settings)?;
    let x0 = |p: &Page| p.words.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
    let shift = x0(&right) - x0(&left);
    for w in &mut right.words {
        w.x0 -= shift;
        w.x1 -= shift;
    }
    Some((left, right))
}

/// The page's words left and right of its gutter, as they stand.
fn find(page: &Page, settings: &Settings) -> Option<(Page, Page)> {
    let lines = lines_of(&page.words, settings.same_line);
    if lines.len() < settings.prose_lines {
        return None;
    }
    let em = em_of(&page.words);
    let (x0, x1) = page
        .words
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), w| {
            (a.min(w.x0), b.max(w.x1))
        });
    let mid = (x0 + x1) / 2.0;
    let half_band = (x1 - x0) * settings.gutter_band / 2.0;
    let (lo, bin) = (mid - half_band, em / 2.0);
    let bins = ((2.0 * half_band / bin).ceil() as usize).clamp(1, 1000);
    // How many lines cover each half-em of the band.
    let mut covered = vec![0usize; bins];
    let mut hit = vec![false; bins];
    for line in &lines {
        hit.fill(false);
        for w in &line.words {
            let a = ((w.x0 - lo) / bin).floor().max(0.0) as usize;
            let b = ((w.x1 - lo) / bin).ceil().max(0.0) as usize;
            for h in hit.iter_mut().take(b.min(bins)).skip(a) {
                *h = true;
            }
        }
        for (c, h) in covered.iter_mut().zip(&hit) {
            *c += usize::from(*h);
        }
    }
    let most = (settings.gutter_crossing * lines.len() as f64).floor() as usize;
    let mut best: Option<(usize, usize)> = None;
    let mut start = None;
    let open_at = covered
        .iter()
        .map(|&c| c <= most)
        .chain(std::iter::once(false));
    for (i, open) in open_at.enumerate() {
        match (open, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if best.is_none_or(|(a, b)| i - s > b - a) {
                    best = Some((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    let (a, b) = best?;
    if ((b - a) as f64) * bin < settings.gutter_width * em {
        return None;
    }
    let gutter = lo + (a + b) as f64 / 2.0 * bin;
    let part = |left: bool| Page {
        width: page.width,
        words: page
            .words
            .iter()
            .filter(|w| (w.x_mid() < gutter) == left)
            .cloned()
            .collect(),
    };
    let parts = (part(true), part(false));
    let (left, right) = (
        Side::of(&parts.0.words, settings),
        Side::of(&parts.1.words, settings),
    );
    let least = settings.gutter_side * lines.len() as f64;
    if (left.lines as f64) < least || (right.lines as f64) < least {
        return None;
    }
    let fewer = left.starts.len().min(right.starts.len());
    let two_columns = if fewer >= 3 {
        let (few, many) = if left.starts.len() <= right.starts.len() {
            (&left.starts, &right.starts)
        } else {
            (&right.starts, &left.starts)
        };
        let met = few
            .iter()
            .filter(|y| many.iter().any(|z| (*y - z).abs() < 0.3 * em))
            .count();
        (met as f64) <= settings.gutter_coincide * few.len() as f64
    } else {
        left.fill >= settings.prose_fill && right.fill >= settings.prose_fill
    };
    two_columns.then_some(parts)
}

/// One side of a gutter: its lines, the heights where its rows or paragraphs start
/// (after a gap wider than its line pitch), and the share of its lines that run
/// across most of its width.
struct Side {
    lines: usize,
    starts: Vec<f64>,
    fill: f64,
}

impl Side {
    fn of(words: &[Word], settings: &Settings) -> Self {
        let lines = lines_of(words, settings.same_line);
        if lines.is_empty() {
            return Self {
                lines: 0,
                starts: Vec::new(),
                fill: 0.0,
            };
        }
        let x0 = lines.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
        let x1 = lines.iter().map(|l| l.x1).fold(f64::NEG_INFINITY, f64::max);
        let full = lines
            .iter()
            .filter(|l| l.x1 - l.x0 >= 0.8 * (x1 - x0))
            .count();
        let em = em_of(words);
        let pitch = lines
            .windows(2)
            .map(|w| w[1].y - w[0].y)
            .filter(|d| *d > 0.3 * em)
            .fold(f64::INFINITY, f64::min);
        let starts = lines
            .windows(2)
            .filter(|w| w[1].y - w[0].y > pitch * (1.0 + 2.0 * settings.row_gap))
            .map(|w| w[1].y)
            .collect();
        Self {
            lines: lines.len(),
            starts,
            fill: full as f64 / lines.len() as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of text from `x0` to `x1` at height `y`, ten units a character.
    fn text(x0: f64, x1: f64, y: f64) -> Word {
        let n = ((x1 - x0) / 10.0) as usize;
        Word {
            x0,
            y0: y,
            x1,
            y1: y + 10.0,
            text: "字".repeat(n),
        }
    }

    /// Lines 12 apart on each side of x = 200, a blank line before each of `breaks`
    /// (line numbers), for the left side and the right.
    fn page(left: &[usize], right: &[usize]) -> Page {
        let mut words = Vec::new();
        for (breaks, x0, x1) in [(left, 0.0, 190.0), (right, 210.0, 400.0)] {
            let mut y = 0.0;
            for i in 0..24 {
                if breaks.contains(&i) {
                    y += 12.0;
                }
                // A paragraph's last line ends short.
                let end = if breaks.contains(&(i + 1)) {
                    x0 + 60.0
                } else {
                    x1
                };
                words.push(text(x0, end, y));
                y += 12.0;
            }
        }
        Page {
            width: 420.0,
            words,
        }
    }

    #[test]
    fn two_columns_of_paragraphs_are_split_and_moved_onto_one() {
        let (left, right) =
            split(&page(&[5, 12, 19], &[3, 9, 15]), &Settings::default()).expect("two columns");
        assert_eq!(left.words.len(), 24);
        assert_eq!(right.words.len(), 24);
        assert!(right.words.iter().all(|w| w.x0 >= 0.0 && w.x1 <= 190.0));
    }

    #[test]
    fn a_table_whose_rows_start_together_is_not_split() {
        assert!(split(&page(&[5, 12, 19], &[5, 12, 19]), &Settings::default()).is_none());
    }

    #[test]
    fn one_column_with_a_short_line_is_not_split() {
        let mut p = page(&[5], &[]);
        p.words.retain(|w| w.x0 < 200.0);
        p.words.push(text(0.0, 400.0, 400.0));
        assert!(split(&p, &Settings::default()).is_none());
    }
}
