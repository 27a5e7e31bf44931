//! Ids survive layout changes: an item keeps its id when a table, a section or a
//! paragraph is inserted elsewhere or a paragraph removed; warnings name their item and no
//! line; and `keikaku text` prints the text spans index.

use std::collections::{BTreeMap, BTreeSet};

use keikaku::Document;

use crate::{assert_f1, gold_scores, pipeline, repo};

const SEEDS: &[&str] = &["ninohe-2021", "bibai-2021"];

fn run(text: &str) -> Document {
    pipeline().run("plan.txt", text.as_bytes()).unwrap()
}

/// Every item by kind: its id and the text that identifies it, plus the ids it refers to.
fn items(doc: &Document) -> BTreeMap<&'static str, BTreeMap<String, String>> {
    let mut out: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    let mut put = |kind, id: &str, what: String| {
        let prev = out.entry(kind).or_default().insert(id.to_string(), what);
        assert!(prev.is_none(), "{kind} {id} is not unique");
    };
    for s in &doc.sections {
        put("sections", &s.id, format!("{:?} {}", s.number, s.title));
    }
    for m in &doc.measures {
        let what = format!(
            "{} {} {:?} {}",
            m.title,
            m.table,
            m.parent,
            m.details.join("/")
        );
        put("measures", &m.id, what);
    }
    for p in &doc.priorities {
        put("priorities", &p.id, format!("{} {:?}", p.title, p.measures));
    }
    for i in &doc.indicators {
        put("indicators", &i.id, i.name.clone());
    }
    for g in &doc.glossary {
        put("glossary", &g.id, format!("{} {:?}", g.term, g.mentions));
    }
    for l in &doc.legends {
        put("legends", &l.table, format!("{:?}", l.marks));
    }
    for s in &doc.status_summaries {
        put("status_summaries", &s.table, format!("{:?}", s.from_rows));
    }
    out
}

/// The line after which the title block ends: the contents heading (`目次`).
fn top(lines: &[&str]) -> usize {
    lines
        .iter()
        .position(|l| l.split_whitespace().collect::<String>() == "目次")
        .expect("a contents heading")
}

/// A paragraph line no item covers (a sentence of some length), after `from`.
fn free_paragraph(doc: &Document, text: &str, from: usize) -> usize {
    let mut covered: Vec<(usize, usize)> = Vec::new();
    covered.extend(doc.sections.iter().map(|s| (s.span.line, s.span.end_line)));
    covered.extend(doc.measures.iter().map(|s| (s.span.line, s.span.end_line)));
    covered.extend(
        doc.priorities
            .iter()
            .map(|s| (s.span.line, s.span.end_line)),
    );
    covered.extend(
        doc.indicators
            .iter()
            .map(|s| (s.span.line, s.span.end_line)),
    );
    covered.extend(doc.glossary.iter().map(|s| (s.span.line, s.span.end_line)));
    covered.extend(doc.legends.iter().map(|s| (s.span.line, s.span.end_line)));
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(i, l)| {
            let n = i + 1;
            l.trim_end().ends_with('。')
                && l.chars().count() > 40
                && !covered.iter().any(|&(a, b)| (a..=b).contains(&n))
        })
        .map(|(i, _)| i)
        .expect("a free paragraph")
}

/// The seed with a table, a section and a paragraph inserted after its title block, and a
/// paragraph further down removed.
fn edited(original: &Document, text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let at = top(&lines);
    let drop = free_paragraph(original, text, at + 1);
    let inserted = [
        "参考表",
        "",
        "地区\t面積\t世帯数",
        "北地区\t12.5\t3400",
        "南地区\t8.1\t2100",
        "",
        "本表は地区ごとの面積と世帯数を示す参考資料であり、計画の内容には含まれません。",
        "",
        "第9章 付録の説明",
        "",
        "この付録では、本計画の読み方と用語の扱いについて補足して説明するものとします。",
        "",
    ];
    let mut out: Vec<&str> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i == at {
            out.extend(inserted);
        }
        if i != drop {
            out.push(l);
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn ids_survive_inserted_tables_sections_and_paragraphs() {
    for stem in SEEDS {
        let text = std::fs::read_to_string(repo(&format!("seeds/{stem}.txt"))).unwrap();
        let before = run(&text);
        let after = run(&edited(&before, &text));
        let (a, b) = (items(&before), items(&after));
        let mut counts = Vec::new();
        for (kind, items) in &a {
            let others = b.get(kind).cloned().unwrap_or_default();
            let kept = items
                .iter()
                .filter(|(id, what)| others.get(*id) == Some(what))
                .count();
            counts.push(format!("{kind} {kept}/{}", items.len()));
            let lost: Vec<_> = items
                .iter()
                .filter(|(id, what)| others.get(*id) != Some(what))
                .collect();
            assert!(lost.is_empty(), "{stem}: {kind} lost their ids: {lost:#?}");
        }
        // The inserted section is one more; nothing else appeared.
        let added: Vec<&String> = b["sections"]
            .keys()
            .filter(|id| !a["sections"].contains_key(*id))
            .collect();
        assert_eq!(added.len(), 1, "{stem}: {added:?}");
        for (kind, items) in &b {
            if *kind != "sections" {
                let was = a.get(kind).map_or(0, BTreeMap::len);
                assert_eq!(items.len(), was, "{stem}: {kind}: {items:#?}");
            }
        }
        eprintln!("{stem}: kept {}", counts.join(", "));
        let n = |k| a.get(k).map_or(0, BTreeMap::len);
        assert!(n("measures") + n("priorities") >= 10, "{stem}");
    }
}

#[test]
fn ids_hold_no_position() {
    for stem in SEEDS {
        let doc = crate::convert(&format!("seeds/{stem}.txt"));
        let json = serde_json::to_string(&doc).unwrap();
        for bad in ["\"table-", "\"line-", "\"list-"] {
            assert!(!json.contains(bad), "{stem}: {bad}");
        }
        for w in &doc.warnings {
            assert!(!w.message.contains("line "), "{stem}: {}", w.message);
        }
        // Every reference resolves.
        let measures: BTreeSet<&str> = doc.measures.iter().map(|m| m.id.as_str()).collect();
        let priorities: BTreeSet<&str> = doc.priorities.iter().map(|p| p.id.as_str()).collect();
        for p in &doc.priorities {
            for id in &p.measures {
                assert!(measures.contains(id.as_str()), "{stem}: {id}");
            }
        }
        for m in &doc.measures {
            if let Some(p) = &m.parent {
                assert!(
                    measures.contains(p.as_str()) || priorities.contains(p.as_str()),
                    "{stem}: parent {p}"
                );
            }
        }
        let scores = gold_scores(stem);
        for s in &scores {
            assert_f1(&scores, &s.kind, 1.0);
        }
    }
}

#[test]
fn warnings_name_their_item_and_survive_an_insert() {
    let key = |d: &Document| -> BTreeSet<(String, Option<String>, String)> {
        d.warnings
            .iter()
            .map(|w| (w.code.clone(), w.item.clone(), w.message.clone()))
            .collect()
    };
    for stem in SEEDS {
        let text = std::fs::read_to_string(repo(&format!("seeds/{stem}.txt"))).unwrap();
        let before = run(&text);
        let lines: Vec<&str> = text.lines().collect();
        let at = top(&lines);
        let mut edited: Vec<&str> = lines.clone();
        edited.splice(at..at, ["本計画は改訂版です。", ""]);
        let after = run(&(edited.join("\n") + "\n"));
        assert_eq!(key(&before), key(&after), "{stem}");
        let measures: BTreeSet<&str> = before.measures.iter().map(|m| m.id.as_str()).collect();
        for w in &before.warnings {
            if w.code != "status_count_mismatch" && w.code != "no_title" {
                let item = w.item.as_deref();
                assert!(
                    item.is_some_and(|i| measures.contains(i) || i.starts_with("p-"))
                        || w.code.starts_with("glossary_"),
                    "{stem}: {w:?}"
                );
            }
        }
        if stem == &"ninohe-2021" {
            assert!(before.warnings.len() > 100);
            let summary = &before.status_summaries[0].table;
            assert!(
                before
                    .warnings
                    .iter()
                    .filter(|w| w.code == "status_count_mismatch")
                    .all(|w| w.item.as_ref() == Some(summary))
            );
        }
    }
}

#[test]
fn text_prints_the_decoded_text_spans_index() {
    let sjis = "fixtures/encodings/kitayama-sjis-crlf.txt";
    let out = assert_cmd::Command::cargo_bin("keikaku")
        .unwrap()
        .arg("text")
        .arg(repo(sjis))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let raw = std::fs::read(repo(sjis)).unwrap();
    assert_ne!(
        text.as_bytes(),
        raw.as_slice(),
        "decoded, not the raw bytes"
    );
    // The same plan in UTF-8 with LF gives each item's source text.
    let doc = crate::convert(sjis);
    let reference = crate::convert("fixtures/encodings/kitayama-utf8.txt");
    let utf8 = std::fs::read_to_string(repo("fixtures/encodings/kitayama-utf8.txt")).unwrap();
    let spans = |d: &Document| -> Vec<keikaku::model::Span> {
        let mut v: Vec<_> = d.sections.iter().map(|s| s.span).collect();
        v.extend(d.measures.iter().map(|m| m.span));
        v.extend(d.priorities.iter().map(|p| p.span));
        v.extend(d.indicators.iter().map(|i| i.span));
        v.extend(d.glossary.iter().map(|g| g.span));
        v.extend(d.legends.iter().map(|l| l.span));
        v
    };
    let (got, want) = (spans(&doc), spans(&reference));
    assert_eq!(got.len(), want.len());
    assert!(got.len() >= 5);
    for (g, w) in got.iter().zip(&want) {
        let slice = text
            .get(g.start..g.end)
            .unwrap_or_else(|| panic!("{g:?} does not slice the text"));
        assert_eq!(slice.replace("\r\n", "\n"), &utf8[w.start..w.end]);
    }
}

#[test]
fn text_errors_name_the_file() {
    let out = assert_cmd::Command::cargo_bin("keikaku")
        .unwrap()
        .arg("text")
        .arg("no-such-file.txt")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.txt"));
}

#[test]
fn numbered_measures_name_their_goal_and_no_page_number() {
    let plan = |first_page: u32| {
        let p = |k: u32| first_page + k;
        format!(
            "北山町情報化推進計画\n\n目標1 安全・安心の確保{}\n1-1-1 防災情報の発信{}\n1-1-2 見守りの推進{}\n1-1-3 避難所の整備{}\n",
            p(0),
            p(1),
            p(2),
            p(3)
        )
    };
    let (a, b) = (run(&plan(5)), run(&plan(15)));
    let titles: Vec<&str> = a.measures.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "安全・安心の確保",
            "防災情報の発信",
            "見守りの推進",
            "避難所の整備"
        ]
    );
    let ids = |d: &Document| d.measures.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b), "a page number is no part of an id");
    let goal = &a.measures[0];
    assert_eq!(goal.parent, None);
    for m in &a.measures[1..] {
        assert_eq!(m.parent.as_ref(), Some(&goal.id), "{}", m.title);
        assert!(m.table.starts_with("l-"));
    }
}
