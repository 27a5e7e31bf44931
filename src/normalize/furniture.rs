//! Page furniture: the lines a printed page adds around its content — page numbers
//! (`- 12 -`, `p.12`, `12頁`, `Page 3`, or a bare `12` where the bare numbers of the
//! document run upwards a page apart) and running headers and footers (a short line
//! repeated at page breaks, beside a page number or a form feed) — and the
//! `page-furniture` rule that takes their text out.
//!
//! [`furniture`] finds the lines from their shape and where they repeat; the thresholds
//! are in `dictionaries/pdf.tsv`. [`page_furniture`] replaces each such line with a
//! form feed alone (the one it had, or one for the page break a page number marks), so
//! no later rule or stage reads a page number as a value or a running header as a term,
//! and the `line-join` rule sees the page break as one and can read a sentence on across
//! it. The segment stage calls [`furniture`] too, for text normalized without this rule.
//!
//! Not for repeated headings or table headers (the segment and tables stages), and it
//! never removes a line: every other line keeps its line number.

use std::collections::HashMap;

use super::MapBuilder;
use super::chars::squeeze;
use super::offsets::OffsetMap;

/// The thresholds of `dictionaries/pdf.tsv`.
struct Limits {
    /// Fewest lines between two bare page numbers: a page is longer than this.
    min_page_lines: usize,
    /// Longest running header or footer, in characters.
    max_header_chars: usize,
    /// How many times a line must repeat to be a running header.
    min_repeats: usize,
    /// How close (in lines) to a page break a running header stands.
    near_break: usize,
}

fn limits() -> Limits {
    let pdf = crate::vocab::pdf();
    let n = |k: &str| pdf.number(k) as usize;
    Limits {
        min_page_lines: n("furniture_min_page_lines"),
        max_header_chars: n("furniture_max_header_chars"),
        min_repeats: n("furniture_min_repeats"),
        near_break: n("furniture_near_break"),
    }
}

/// A page number in a form that says so: `- 12 -`, `－12－`, `p.12`, `P12`, `12頁`,
/// `頁 12`, `12ページ`, `Page 3`, `3/12`.
fn marked_page_number(t: &str) -> bool {
    // The longest form, `頁 1234` or `- 1234 -` with spaces about, is far shorter.
    if t.len() > 32 {
        return false;
    }
    let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |s: &str| (1..=4).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    let inner = s
        .strip_prefix(['-', '－', '―', '—'])
        .and_then(|r| r.strip_suffix(['-', '－', '―', '—']));
    if inner.is_some_and(digits) {
        return true;
    }
    for p in ["p.", "P.", "p", "P", "Page", "page", "頁"] {
        if s.strip_prefix(p).is_some_and(digits) {
            return true;
        }
    }
    for p in ["頁", "ページ"] {
        if s.strip_suffix(p).is_some_and(digits) {
            return true;
        }
    }
    s.split_once('/')
        .is_some_and(|(a, b)| digits(a) && digits(b) && a.len() <= b.len())
}

fn bare_number(t: &str) -> Option<u32> {
    let t = t.trim();
    (t.len() <= 4 && !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// Which of `lines` (trimmed, one per text line; empty for a blank line) are page
/// furniture. `breaks` marks the lines that began with a form feed.
pub fn furniture(lines: &[&str], breaks: &[bool]) -> Vec<bool> {
    let limits = limits();
    let mut out: Vec<bool> = lines.iter().map(|l| marked_page_number(l)).collect();

    // Bare numbers are page numbers only when all of them run upwards a page apart.
    let bare: Vec<(usize, u32)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| bare_number(l).map(|n| (i, n)))
        .collect();
    let paged = bare.len() >= 2
        && bare
            .windows(2)
            .all(|w| w[1].1 > w[0].1 && w[1].0 - w[0].0 >= limits.min_page_lines);
    if paged {
        for &(i, _) in &bare {
            out[i] = true;
        }
    }

    // Running headers: short lines repeated beside page breaks. A text without a break
    // or a page number has none (and most texts are read here without either).
    if !breaks.contains(&true) && !out.contains(&true) {
        return out;
    }
    // A header carries the form feed of its page, a footer stands before the next
    // page's; either may stand beside a page number.
    let near_break = |i: usize| {
        let lo = i.saturating_sub(limits.near_break);
        let hi = (i + limits.near_break).min(lines.len() - 1);
        breaks[i] || breaks.get(i + 1) == Some(&true) || (lo..=hi).any(|j| j != i && out[j])
    };
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        let short = !l.is_empty() && l.chars().nth(limits.max_header_chars).is_none();
        if short && !l.contains('。') && !l.contains('\t') && !out[i] {
            seen.entry(squeeze(l)).or_default().push(i);
        }
    }
    let mut headers = Vec::new();
    for at in seen.values() {
        let by_breaks = at.iter().filter(|&&i| near_break(i)).count();
        if at.len() >= limits.min_repeats && by_breaks * 2 >= at.len() {
            headers.extend(at.iter().copied().filter(|&i| near_break(i)));
        }
    }
    for i in headers {
        out[i] = true;
    }
    out
}

/// Whether a character is trimmed from a line before it is read: spaces, a carriage
/// return, a form feed.
fn is_trim(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\r' || c == '\u{c}'
}

/// The lines of `text` trimmed (one per `\n`, a form feed and spaces taken off) and
/// whether each began with a form feed: what [`furniture`] reads.
pub fn lines_and_breaks(text: &str) -> (Vec<&str>, Vec<bool>) {
    super::chars::lines(text)
        .map(|raw| {
            let trimmed = raw.trim_matches(is_trim).trim();
            let brk = raw
                .trim_start_matches([' ', '\u{3000}'])
                .starts_with('\u{c}');
            (trimmed, brk)
        })
        .unzip()
}

/// Applies the `page-furniture` rule: the text of every furniture line goes, leaving a
/// form feed alone on the line (the page break the line marked). A line that is a form
/// feed already is left as it is.
pub fn page_furniture(text: &str) -> (String, OffsetMap) {
    let (lines, breaks) = lines_and_breaks(text);
    let skip = furniture(&lines, &breaks);
    drop(lines);
    if !skip.contains(&true) {
        // Most texts have no furniture: nothing to rebuild.
        return (text.to_string(), OffsetMap::identity(text.len()));
    }
    let mut b = MapBuilder::with_capacity(text.len());
    for (i, raw) in super::chars::lines_inclusive(text).enumerate() {
        let body = raw.strip_suffix('\n').unwrap_or(raw);
        if skip.get(i).copied().unwrap_or(false) && body != "\u{c}" {
            b.replace(body.len(), "\u{c}");
            b.copy(&raw[body.len()..]);
        } else {
            b.copy(raw);
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<bool> {
        let lines: Vec<&str> = text.split('\n').map(|l| l.trim_matches('\u{c}')).collect();
        let breaks: Vec<bool> = text.split('\n').map(|l| l.starts_with('\u{c}')).collect();
        furniture(&lines, &breaks)
    }

    #[test]
    fn page_numbers_in_their_marked_forms() {
        for t in ["- 12 -", "－12－", "p.3", "12頁", "Page 4", "3/12", "頁 32"] {
            assert!(marked_page_number(t), "{t}");
        }
        for t in ["12", "1-1-1", "-5", "2025/3", "第3章"] {
            assert!(!marked_page_number(t), "{t}");
        }
    }

    #[test]
    fn bare_numbers_only_when_they_run_a_page_apart() {
        let mut text = String::new();
        for page in 1..=3 {
            text.push_str(&"本文です。\n".repeat(10));
            text.push_str(&format!("{page}\n"));
        }
        let f = run(&text);
        assert_eq!(f.iter().filter(|&&x| x).count(), 3);
        // Numbers as values in a form are not pages.
        let form = "事業費\n8120\n人数\n35\n件数\n12\n";
        assert!(run(form).iter().all(|&x| !x));
    }

    #[test]
    fn running_headers_repeat_beside_page_breaks() {
        let mut text = String::new();
        for page in 1..=3 {
            text.push_str("\u{c}市情報化計画\n【主な取組】\n");
            text.push_str(&"本文です。\n".repeat(10));
            text.push_str(&format!("- {page} -\n"));
        }
        let f = run(&text);
        let lines: Vec<&str> = text.split('\n').collect();
        let marked: Vec<&str> = (0..lines.len())
            .filter(|&i| f[i])
            .map(|i| lines[i])
            .collect();
        assert_eq!(marked.len(), 6, "{marked:?}");
        assert!(marked.iter().all(|l| !l.contains("主な取組")));
    }

    #[test]
    fn the_rule_leaves_a_form_feed_where_furniture_stood() {
        let mut text = String::new();
        for page in 1..=3 {
            text.push_str("市情報化計画\n");
            text.push_str(&"本文です。\n".repeat(10));
            text.push_str(&format!("- {page} -\n\u{c}"));
        }
        let (out, map) = page_furniture(&text);
        // The header at the top of the first page stands beside no break and stays.
        assert_eq!(out.matches("市情報化計画").count(), 1, "{out:?}");
        assert!(!out.contains("- 2 -"));
        assert_eq!(out.lines().count(), text.lines().count());
        assert_eq!(out.matches("本文です。").count(), 30);
        // A form feed that stood in for `- 1 -` maps back to it.
        let at = out.find('\u{c}').unwrap();
        assert_eq!(&text[map.to_source(at..at + 1)], "- 1 -");
        // Nothing more goes the second time.
        assert_eq!(page_furniture(&out).0, out);
    }
}
