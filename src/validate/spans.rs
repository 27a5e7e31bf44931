//! Spans against the source text: `start <= end` always; and, when the decoded source is
//! at hand, both offsets inside it and on character boundaries, `line` and `end_line`
//! the lines of the first and last byte, `page` (when written) the page of the first
//! byte, one more than the form feeds before it (errors); and the item's own text (its `title`,
//! `term` or `name`) inside `source[start..end]` once both are compared as the scorer
//! compares texts ([`crate::eval::canon`]: NFKC, no whitespace, one dash) — a warning,
//! not an error, since a reviewer who corrects a title or renames a term leaves the
//! span on the source's own wording.
//!
//! Spans index the source after decoding to UTF-8, before normalization. This module
//! reads spans; it does not locate the source file (see [`super`]).

use serde_json::Value;

use super::Finding;
use crate::eval::canon;

/// The fields that hold an item's own text, first found wins.
const TEXT_FIELDS: &[&str] = &["title", "term", "name"];

/// Findings about the spans of every item of every top-level array.
pub fn check(doc: &Value, source: Option<&str>) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(root) = doc.as_object() else {
        return out;
    };
    let lines = source.map(crate::normalize::line_starts);
    let pages = source.map(crate::normalize::page_ends);
    for (kind, list) in root {
        for (i, item) in list.as_array().into_iter().flatten().enumerate() {
            let Some(span) = item.get("span").filter(|s| s.is_object()) else {
                continue;
            };
            let at = format!("/{kind}/{i}/span");
            let num = |k: &str| span.get(k).and_then(Value::as_u64).map(|n| n as usize);
            let (Some(start), Some(end)) = (num("start"), num("end")) else {
                continue;
            };
            if end < start {
                out.push(Finding::error(
                    format!("{at}/end"),
                    format!("the span ends (byte {end}) before it starts (byte {start})"),
                ));
                continue;
            }
            let (Some(src), Some(lines)) = (source, lines.as_ref()) else {
                continue;
            };
            let mut inside = true;
            for (key, offset) in [("start", start), ("end", end)] {
                if offset > src.len() {
                    out.push(Finding::error(
                        format!("{at}/{key}"),
                        format!(
                            "byte {offset} is beyond the end of the source ({} bytes decoded)",
                            src.len()
                        ),
                    ));
                    inside = false;
                } else if !src.is_char_boundary(offset) {
                    out.push(Finding::error(
                        format!("{at}/{key}"),
                        format!("byte {offset} falls inside a character of the source"),
                    ));
                    inside = false;
                }
            }
            if !inside {
                continue;
            }
            let line_of = |b: usize| lines.partition_point(|&s| s <= b);
            for (key, expected) in [
                ("line", line_of(start)),
                ("end_line", line_of(end.saturating_sub(1).max(start))),
            ] {
                if let Some(written) = num(key).filter(|&n| n != expected) {
                    out.push(Finding::error(
                        format!("{at}/{key}"),
                        format!(
                            "{key} is {written}, but the span's byte puts it on line {expected}"
                        ),
                    ));
                }
            }
            if let Some(written) = num("page") {
                let ends = pages.as_deref().unwrap_or_default();
                match crate::normalize::page_of(ends, start) {
                    Some(expected) if expected as usize == written => {}
                    Some(expected) => out.push(Finding::error(
                        format!("{at}/page"),
                        format!(
                            "page is {written}, but the span's byte puts it on page {expected}"
                        ),
                    )),
                    None => out.push(Finding::error(
                        format!("{at}/page"),
                        format!("page is {written}, but the source has no pages (no form feed)"),
                    )),
                }
            }
            let own = TEXT_FIELDS
                .iter()
                .find_map(|k| Some((*k, item.get(*k)?.as_str()?)));
            if let Some((field, text)) = own {
                let slice = &src[start..end];
                if !canon(slice).contains(&canon(text)) {
                    out.push(Finding::warning(
                        at.clone(),
                        format!(
                            "the source at bytes {start}..{end} ({}) does not contain the item's {field} {} (fine if it was corrected by hand, else the span is wrong)",
                            quote(slice),
                            quote(text)
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// A text quoted for a message, cut to a readable length.
fn quote(s: &str) -> String {
    const MAX: usize = 40;
    let s = s.trim();
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{:?}…", head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn span(start: usize, end: usize, line: usize, end_line: usize) -> Value {
        json!({"start": start, "end": end, "line": line, "end_line": end_line})
    }

    #[test]
    fn spans_that_slice_to_their_items_pass() {
        let src = "第1章 はじめに\nＧ Ｉ Ｓ　地理情報\n";
        let g = src.find('Ｇ').unwrap();
        let doc = json!({
            "sections": [{"title": "はじめに", "span": span(0, src.find('\n').unwrap(), 1, 1)}],
            "glossary": [{"term": "GIS", "span": span(g, src.len() - 1, 2, 2)}],
            "warnings": [{"span": null}]
        });
        assert!(check(&doc, Some(src)).is_empty());
    }

    #[test]
    fn bad_spans_are_named() {
        let src = "第1章 はじめに\n用語\n";
        let doc = json!({"sections": [
            {"title": "はじめに", "span": span(5, 2, 1, 1)},
            {"title": "はじめに", "span": span(0, 99, 1, 1)},
            {"title": "はじめに", "span": span(1, 4, 1, 1)},
            {"title": "はじめに", "span": span(0, 20, 2, 1)},
            {"title": "おわりに", "span": span(0, 20, 1, 1)}
        ]});
        let found: Vec<String> = check(&doc, Some(src))
            .into_iter()
            .map(|f| f.pointer)
            .collect();
        assert_eq!(
            found,
            [
                "/sections/0/span/end",
                "/sections/1/span/end",
                "/sections/2/span/start",
                "/sections/3/span/line",
                "/sections/4/span"
            ]
        );
        // Without the source only the order of the offsets is checked.
        assert_eq!(check(&doc, None).len(), 1);
    }

    #[test]
    fn pages_are_counted_from_form_feeds() {
        let src = "第1章 はじめに\n\u{c}第2章 背景\n";
        let at = src.find("第2章").unwrap();
        let paged = |start: usize, end: usize, line: usize, page: u32| {
            let mut s = span(start, end, line, line);
            s["page"] = json!(page);
            s
        };
        let first = src.find('\n').unwrap();
        let doc = json!({"sections": [
            {"title": "はじめに", "span": paged(0, first, 1, 1)},
            {"title": "背景", "span": paged(at, src.len() - 1, 2, 2)},
            {"title": "背景", "span": paged(at, src.len() - 1, 2, 1)},
            {"title": "背景", "span": span(at, src.len() - 1, 2, 2)}
        ]});
        let found: Vec<String> = check(&doc, Some(src))
            .into_iter()
            .map(|f| f.pointer)
            .collect();
        assert_eq!(found, ["/sections/2/span/page"]);
        // A page where the source has none is wrong too.
        let flat = "第1章 はじめに\n";
        let doc = json!({"sections": [{"title": "はじめに", "span": paged(0, first, 1, 1)}]});
        assert_eq!(check(&doc, Some(flat)).len(), 1);
    }
}
