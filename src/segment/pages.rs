//! Page breaks in the segmented document: a heading that a PDF repeats at the top of
//! the next page (the section carried over) is read once.
//!
//! Where the breaks are is found while the blocks are made ([`Segmented::page_starts`]);
//! this module only drops the repeats and keeps that list true. It does not decide what
//! is page furniture ([`crate::normalize::furniture`]) or join text across a break (the
//! `line-join` rule).

use super::Segmented;
use crate::normalize::chars::squeeze;

/// Drops a heading that comes first after a page break and reads as the last heading
/// before it (spaces aside): a PDF that repeats the current section's heading at the
/// top of the next page. Headings of the table of contents are not compared.
pub(super) fn drop_repeated_headings(s: &mut Segmented) {
    if s.page_starts.is_empty() {
        return;
    }
    let mut last: Option<String> = None;
    let mut drop = vec![false; s.blocks.len()];
    for (i, b) in s.blocks.iter().enumerate() {
        if b.heading().is_none() {
            continue;
        }
        let key = squeeze(&b.text);
        if s.after_break(i) && last.as_deref() == Some(key.as_str()) {
            drop[i] = true;
            continue;
        }
        last = Some(key);
    }
    if !drop.contains(&true) {
        return;
    }
    // The block after a dropped one comes first after the break in its place.
    let mut starts = Vec::with_capacity(s.page_starts.len());
    let mut kept = 0;
    let mut carry = false;
    for (i, &d) in drop.iter().enumerate() {
        let first = s.after_break(i) || carry;
        carry = d && first;
        if !d {
            if first {
                starts.push(kept);
            }
            kept += 1;
        }
    }
    let mut i = 0;
    s.blocks.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
    s.page_starts = starts;
}

#[cfg(test)]
mod tests {
    use super::super::segment;

    #[test]
    fn a_heading_repeated_after_a_page_break_is_read_once() {
        let text = "1 計画の目的\n本文です。\n\u{c}\n1 計画の目的\n続きです。\n\u{c}2 計画の期間\n";
        let s = segment(text);
        let texts: Vec<&str> = s.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["1 計画の目的", "本文です。", "続きです。", "2 計画の期間"]
        );
        // The block after the dropped heading comes first on its page.
        assert_eq!(s.page_starts, [2, 3]);
        assert!(s.after_break(2) && !s.after_break(1));
        // Not after a page break, a repeated heading stays.
        let s = segment("1 計画の目的\n本文です。\n1 計画の目的\n");
        assert_eq!(s.blocks.len(), 3);
        assert!(s.page_starts.is_empty());
    }
}
