//! Page furniture: the lines a printed page adds around its content — page numbers
//! (`- 12 -`, `p.12`, `12頁`, `Page 3`, or a bare `12` where the bare numbers of the
//! document run upwards a page apart) and running headers and footers (a short line
//! repeated at page breaks, beside a page number or a form feed).
//!
//! The segment stage leaves these lines out of its blocks, so no extractor reads a
//! page number as a value or a running header as a term. Found from the shape of the
//! lines and where they repeat; this module does not remove text (the offsets of every
//! other line are unchanged).

use std::collections::HashMap;

use crate::normalize::chars::squeeze;

/// Fewest lines between two bare page numbers: a page is longer than this.
const MIN_PAGE_LINES: usize = 8;

/// Longest running header or footer, in characters.
const MAX_HEADER_CHARS: usize = 40;

/// How many times a line must repeat to be a running header.
const MIN_REPEATS: usize = 3;

/// How close (in lines) to a page break a running header stands.
const NEAR_BREAK: usize = 1;

/// A page number in a form that says so: `- 12 -`, `－12－`, `p.12`, `P12`, `12頁`,
/// `頁 12`, `12ページ`, `Page 3`, `3/12`.
fn marked_page_number(t: &str) -> bool {
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
            .all(|w| w[1].1 > w[0].1 && w[1].0 - w[0].0 >= MIN_PAGE_LINES);
    if paged {
        for &(i, _) in &bare {
            out[i] = true;
        }
    }

    // Running headers: short lines repeated beside page breaks.
    // A header carries the form feed of its page, a footer stands before the next
    // page's; either may stand beside a page number.
    let near_break = |i: usize| {
        let lo = i.saturating_sub(NEAR_BREAK);
        let hi = (i + NEAR_BREAK).min(lines.len() - 1);
        breaks[i] || breaks.get(i + 1) == Some(&true) || (lo..=hi).any(|j| j != i && out[j])
    };
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        let short = !l.is_empty() && l.chars().nth(MAX_HEADER_CHARS).is_none();
        if short && !l.contains('。') && !l.contains('\t') && !out[i] {
            seen.entry(squeeze(l)).or_default().push(i);
        }
    }
    let mut headers = Vec::new();
    for at in seen.values() {
        let by_breaks = at.iter().filter(|&&i| near_break(i)).count();
        if at.len() >= MIN_REPEATS && by_breaks * 2 >= at.len() {
            headers.extend(at.iter().copied().filter(|&i| near_break(i)));
        }
    }
    for i in headers {
        out[i] = true;
    }
    out
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
}
