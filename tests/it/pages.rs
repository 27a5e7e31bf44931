//! Text with pages, as a PDF gives it (form feeds, page numbers, a running header):
//! a sentence and a list item cut by a page break are read as one; a heading and a
//! table header repeated at the top of the next page are read once; every span knows
//! its page and `keikaku check` verifies it; a reviewed file merges the page as it
//! merges the line; a text without form feeds has no page anywhere.

use keikaku::normalize::Normalizer;
use keikaku::segment::{BlockKind, segment};
use serde_json::{Value, json};

use crate::repo;

const FIXTURE: &str = "fixtures/pdf/paged-plan.txt";

fn text() -> String {
    std::fs::read_to_string(repo(FIXTURE)).unwrap()
}

#[test]
fn a_sentence_and_a_list_item_go_on_across_the_page() {
    let text = text();
    let n = Normalizer::default().normalize(&text);
    let s = segment(&n.text);
    let texts: Vec<&str> = s.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(
        texts.contains(
            &"本計画は、町の行政手続と地域の暮らしにデジタル技術を取り入れ、住民の利便性を高めることを目的とします。"
        ),
        "{texts:#?}"
    );
    let item = s
        .blocks
        .iter()
        .find(|b| b.text.starts_with("・申請書"))
        .unwrap();
    assert_eq!(item.kind, BlockKind::ListItem);
    assert_eq!(
        item.text,
        "・申請書の様式を見直し、住民が自宅から手続を行えるようにします。"
    );
    // The item's span covers the page break it was read across, and starts on page 3.
    let span = n.span(item.range.clone());
    let source = &text[span.start..span.end];
    assert!(source.starts_with("・申請書") && source.ends_with("ます。"));
    assert!(source.contains("- 3 -\n\u{c}"));
    assert_eq!((span.page, span.line), (Some(3), 30));
    // No page number or running header is a block; the title at the top is one.
    let titles = texts
        .iter()
        .filter(|t| t.contains("あおば町地域情報化計画"));
    assert_eq!(titles.count(), 1);
    assert!(!texts.iter().any(|t| t.starts_with("- ")), "{texts:#?}");
}

#[test]
fn a_repeated_heading_and_table_header_are_read_once() {
    let doc = crate::convert(FIXTURE);
    let sections: Vec<(String, Option<u32>)> = doc
        .sections
        .iter()
        .map(|s| {
            let number = s.number.as_deref().unwrap_or("");
            (format!("{number} {}", s.title), s.span.page)
        })
        .collect();
    let at = |t: &str, p: u32| (t.to_string(), Some(p));
    assert_eq!(
        sections,
        [
            at("第1章 計画の概要", 1),
            at("1 計画の目的", 1),
            at("2 計画の期間", 2),
            at("第2章 施策の展開", 2),
            at("1 行政手続のオンライン化", 2),
        ]
    );
    let measures: Vec<(&str, &str, Option<u32>, &[String])> = doc
        .measures
        .iter()
        .map(|m| {
            let code = m.status.as_ref().map_or("", |s| s.code.as_str());
            (m.title.as_str(), code, m.span.page, m.repairs.as_slice())
        })
        .collect();
    let joined = ["joined_after_page_break".to_string()];
    assert_eq!(
        measures,
        [
            ("ホームページの刷新", "implemented", Some(4), &[][..]),
            ("光回線の整備", "partially_implemented", Some(4), &[][..]),
            ("地域SNSの運用", "studied_only", Some(5), &joined[..]),
            ("電子決裁の導入", "implemented", Some(5), &[][..]),
        ]
    );
    assert!(
        !doc.warnings.iter().any(|w| w.message.contains("実施状況")),
        "{:#?}",
        doc.warnings
    );
}

#[test]
fn every_span_knows_its_page_and_check_verifies_it() {
    let text = text();
    let doc = crate::convert(FIXTURE);
    let value = serde_json::to_value(&doc).unwrap();
    let mut spans = 0;
    for (kind, list) in value.as_object().unwrap() {
        for item in list.as_array().into_iter().flatten() {
            if let Some(span) = item.get("span").filter(|s| s.is_object()) {
                spans += 1;
                let start = span["start"].as_u64().unwrap() as usize;
                let page = 1 + text[..start].matches('\u{c}').count() as u64;
                assert_eq!(span["page"], json!(page), "{kind}: {item}");
            }
        }
    }
    assert!(spans >= 9, "{spans}");
    let errors: Vec<_> = keikaku::validate::check_value(&value, Some(&text))
        .into_iter()
        .filter(|f| f.error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // A page moved by hand is caught.
    let mut wrong = value.clone();
    wrong["sections"][0]["span"]["page"] = json!(2);
    let errors: Vec<String> = keikaku::validate::check_value(&wrong, Some(&text))
        .into_iter()
        .filter(|f| f.error)
        .map(|f| f.pointer)
        .collect();
    assert_eq!(errors, ["/sections/0/span/page"]);
    // The schema knows the page, and does not require it.
    let schema = keikaku::schema::strict();
    assert!(schema.pointer("/$defs/Span/properties/page").is_some());
    let required = schema.pointer("/$defs/Span/required").unwrap();
    assert!(!required.as_array().unwrap().contains(&json!("page")));
}

#[test]
fn a_text_without_form_feeds_has_no_page() {
    let doc = crate::convert("seeds/ninohe-2021.txt");
    let json = serde_json::to_string(&doc).unwrap();
    assert!(!json.contains("\"page\""));
    assert!(doc.sections.iter().all(|s| s.span.page.is_none()));
}

#[test]
fn a_review_merges_the_page_like_the_line() {
    // A file reviewed before spans had pages: the machine's page is taken, the
    // reviewer's edit kept.
    let span = |line: u64, page: Option<u64>| {
        let mut s = json!({"start": 0, "end": 3, "line": line, "end_line": line});
        if let Some(p) = page {
            s["page"] = json!(p);
        }
        s
    };
    let item = |title: &str, span: Value| json!({"id": "s-1", "title": title, "span": span});
    let base = json!({"sections": [item("はじめに", span(1, None))]});
    let reviewer = json!({"sections": [item("はじめに(改)", span(1, None))]});
    let machine = json!({"sections": [item("はじめに", span(1, Some(2)))]});
    let merged = keikaku::review::merge::merge(Some(&base), &reviewer, &machine);
    assert_eq!(merged.value["sections"][0]["title"], "はじめに(改)");
    assert_eq!(merged.value["sections"][0]["span"], span(1, Some(2)));
    assert!(merged.review.conflicts.is_empty());
}
