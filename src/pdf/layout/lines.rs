//! Lines of a page: words grouped into lines, the width of a character and the line
//! pitch, plain lines written as `pdftotext -layout` would (indentation, wide gaps,
//! blank lines), sentences wrapped at the right margin joined, and the spacing rules
//! for text joined inside a cell. It does not find tables (see `tables`).

use super::tables::is_enumerator;
use super::{Line, Sheet};
use crate::pdf::words::Word;

impl Sheet<'_> {
    /// Blank lines for a vertical gap wider than the page's pitch.
    pub(super) fn blank_lines(&self, out: &mut String, last: Option<f64>, y: f64) {
        let Some(last) = last else { return };
        let gap = y - last;
        if gap > self.pitch * self.settings.blank_line {
            let n = ((gap / self.pitch).round() as usize)
                .saturating_sub(1)
                .clamp(1, 2);
            out.extend(std::iter::repeat_n('\n', n));
        }
    }

    /// Whether `line` goes on with the sentence of the plain line `prev`: `prev` runs to
    /// the page's right margin, `line` follows at the line pitch, is indented no more
    /// than an em and a half past `prev`, and opens with no bullet, dash or enumerator.
    pub(super) fn wraps_into(&self, prev: &Line, line: &Line) -> bool {
        let first = line.words[0].text.as_str();
        let opens_item = opens_with_bullet(first)
            || is_enumerator(first)
            || first.chars().all(|c| "-‐‑–—―−－".contains(c))
            || first.starts_with(['(', '（', '第', '※']);
        prev.x1 >= self.right - 1.5 * self.em
            && line.y - prev.y <= self.pitch * 1.3
            && line.x0 <= prev.x0 + 1.5 * self.em
            && !opens_item
    }

    pub(super) fn write_plain(&self, out: &mut String, words: &[&Word]) {
        let half = self.em / 2.0;
        let indent = (((words[0].x0 - self.left) / half).round().max(0.0) as usize).min(60);
        out.extend(std::iter::repeat_n(' ', indent));
        let mut prev: Option<&Word> = None;
        for w in words {
            if let Some(p) = prev {
                let gap = w.x0 - p.x1;
                if gap >= 1.2 * self.em {
                    let n = ((gap / half).round() as usize).clamp(2, 60);
                    out.extend(std::iter::repeat_n(' ', n));
                } else if gap >= 0.15 * self.em {
                    out.push(' ');
                }
            }
            out.push_str(&w.text);
            prev = Some(w);
        }
        out.push('\n');
    }
}

/// Appends `w` to a cell: a space between words apart on a line, between two lines
/// that end and start with Latin letters or digits, or before a word that opens with a
/// bullet (`dictionaries/marks.tsv`: a new item of a list in the cell); nothing
/// otherwise.
pub(super) fn join(cell: &mut String, prev: Option<&Word>, w: &Word, em: f64) {
    if let Some(p) = prev {
        let same_line = (w.y_mid() - p.y_mid()).abs() < 0.3 * p.height().max(w.height());
        let space = if same_line {
            w.x0 - p.x1 >= 0.15 * em || opens_with_bullet(&w.text)
        } else {
            let a = p
                .text
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            let b = w
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            a && b || opens_with_bullet(&w.text)
        };
        if space {
            cell.push(' ');
        }
    }
    cell.push_str(&w.text);
}

/// Whether a space joins text wrapped from a line ending in `before` to one starting
/// with `after`: both Latin letters or digits, or `after` opens with a bullet.
pub(super) fn wrapped_space(before: &str, after: &str) -> bool {
    let a = before
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let b = after
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    a && b || opens_with_bullet(after)
}

/// Whether `text` opens with a bullet of `dictionaries/marks.tsv`.
pub(super) fn opens_with_bullet(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| crate::vocab::marks().bullets.contains(&c))
}

/// Words grouped into lines, top to bottom, each left to right.
pub(super) fn lines_of(words: &[Word], same_line: f64) -> Vec<Line<'_>> {
    let mut sorted: Vec<&Word> = words.iter().collect();
    sorted.sort_by(|a, b| a.y_mid().total_cmp(&b.y_mid()));
    let mut lines: Vec<Line> = Vec::new();
    for w in sorted {
        match lines.last_mut() {
            Some(l) if (w.y_mid() - l.y).abs() <= same_line * w.height().max(1e-6) => {
                l.words.push(w)
            }
            _ => lines.push(Line {
                words: vec![w],
                y: w.y_mid(),
                x0: 0.0,
                x1: 0.0,
            }),
        }
    }
    for l in &mut lines {
        l.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        (l.x0, l.x1) = extent(l.words.iter().copied());
    }
    lines
}

/// The leftmost left edge and rightmost right edge of `words`.
pub(super) fn extent<'w>(words: impl Iterator<Item = &'w Word>) -> (f64, f64) {
    words.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), w| {
        (a.min(w.x0), b.max(w.x1))
    })
}

/// The width of a full-width character: the median over words of their width per
/// character (a half-width character counting one half).
pub(super) fn em_of(words: &[Word]) -> f64 {
    median(
        words
            .iter()
            .filter_map(|w| {
                let units: f64 = w
                    .text
                    .chars()
                    .map(|c| {
                        if c.is_ascii() || ('ｦ'..='ﾟ').contains(&c) {
                            0.5
                        } else {
                            1.0
                        }
                    })
                    .sum();
                (units > 0.0 && w.width() > 0.0).then(|| w.width() / units)
            })
            .collect(),
    )
    .unwrap_or(10.0)
}

/// The distance between consecutive lines of a paragraph: the smallest distance that a
/// tenth of them (and at least two) share, within 5%; so a page of one-line paragraphs
/// with blank lines between them still gives the pitch of its lines, not of the gaps.
pub(super) fn line_pitch(mut deltas: Vec<f64>) -> Option<f64> {
    deltas.sort_by(f64::total_cmp);
    let need = (deltas.len() / 10).max(2);
    let mut hi = 0;
    for (lo, &d) in deltas.iter().enumerate() {
        hi = hi.max(lo);
        while hi < deltas.len() && deltas[hi] <= d * 1.05 {
            hi += 1;
        }
        if hi - lo >= need {
            return Some(d);
        }
    }
    median(deltas)
}

pub(super) fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}
