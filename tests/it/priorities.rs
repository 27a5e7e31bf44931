//! Priorities with deadlines and KPI indicators: the seeds against their gold, the other
//! towns' KPI excerpts against theirs, and fixtures in the shapes the seeds lack.

use serde_json::Value;

use crate::{assert_f1, convert, corpus_scores, gold_scores, repo};

#[test]
fn seeds_priorities_and_indicators_match_gold() {
    for stem in ["ninohe-2021", "bibai-2021"] {
        let scores = gold_scores(stem);
        assert_f1(&scores, "priorities", 0.98);
        assert_f1(&scores, "indicators", 0.98);
    }
}

#[test]
fn bibai_deadlines_and_values_in_detail() {
    let doc = convert("seeds/bibai-2021.txt");
    let p = doc
        .priorities
        .iter()
        .find(|p| p.title == "情報システムの標準化・共通化")
        .expect("priority");
    let d = p.deadline.as_ref().expect("deadline");
    assert_eq!(d.text, "導入予定期限 令和7年度(2025年度)まで");
    assert_eq!(d.fiscal_year, Some(2025));
    let desc = p.description.as_deref().unwrap_or("");
    assert!(desc.ends_with("標準化に取り組む。"), "{desc}");
    assert_eq!(p.group.as_deref(), Some("重点事項"));
    let other = doc
        .priorities
        .iter()
        .filter(|p| p.group.as_deref() == Some("その他の事項"));
    assert_eq!(other.count(), 4);

    let i = doc
        .indicators
        .iter()
        .find(|i| i.name == "市公式ホームページ年間アクセス数")
        .expect("indicator");
    let b = i.baseline.as_ref().unwrap();
    assert_eq!(
        (b.value, b.unit.as_deref(), b.year),
        (Some(1_030_000.0), Some("件"), Some(2019))
    );
    let t = i.target.as_ref().unwrap();
    assert_eq!((t.value, t.year), (Some(1_500_000.0), Some(2025)));
    let src = std::fs::read_to_string(repo("seeds/bibai-2021.txt")).unwrap();
    assert!(src[i.span.start..i.span.end].starts_with("市公式ホームページ年間アクセス数"));
}

/// The titles of the measures a priority names by id.
fn measure_titles(doc: &keikaku::Document, p: &keikaku::model::Priority) -> Vec<String> {
    p.measures
        .iter()
        .map(|id| {
            let m = doc.measures.iter().find(|m| &m.id == id);
            m.unwrap_or_else(|| panic!("{id} names no measure"))
                .title
                .clone()
        })
        .collect()
}

#[test]
fn ninohe_programmes_keep_their_measures_and_ignore_the_diagram() {
    let doc = convert("seeds/ninohe-2021.txt");
    assert_eq!(doc.priorities.len(), 3);
    let p = &doc.priorities[0];
    assert_eq!(p.title, "行政のデジタル化");
    // The listed 施策 are measures; the priority names them by id.
    let titles = measure_titles(&doc, p);
    assert_eq!(titles.first().map(String::as_str), Some("AI/RPAの活用"));
    assert_eq!(titles.len(), 4);
    for id in &p.measures {
        let m = doc.measures.iter().find(|m| &m.id == id).unwrap();
        assert_eq!(m.parent.as_deref(), Some(p.id.as_str()));
    }
    assert_eq!((p.span.line, p.span.end_line), (429, 438));
    assert!(doc.priorities.iter().all(|p| p.deadline.is_none()));
    assert!(doc.indicators.is_empty());
}

#[test]
fn gunma_pipe_table_indicators_match_corpus_gold() {
    let Some((doc, scores)) = corpus_scores("10-gunma-progress-r1") else {
        return;
    };
    assert_f1(&scores, "indicators", 1.0);
    let wifi = doc
        .indicators
        .iter()
        .find(|i| i.name.contains("Wi-Fi"))
        .expect("Wi-Fi indicator");
    let b = wifi.baseline.as_ref().unwrap();
    assert_eq!((b.value, b.year), (Some(20.7), Some(2016)));
    let e = wifi.evaluation.as_ref().expect("evaluation");
    assert_eq!(e.text, "前進B");
    assert_eq!(
        e.meaning.as_deref(),
        Some("目標に向かい、策定時から前進している状態")
    );
    // The group row's years reach the rows under it.
    let first = &doc.indicators[0];
    assert_eq!(first.baseline.as_ref().unwrap().year, Some(2015));
    assert_eq!(first.target.as_ref().unwrap().year, Some(2019));
}

#[test]
fn mie_kpi_block_matches_corpus_gold() {
    let Some((doc, scores)) = corpus_scores("13-mie-dx-3-5-communication") else {
        return;
    };
    assert_f1(&scores, "indicators", 1.0);
    let i = &doc.indicators[0];
    assert_eq!(i.baseline.as_ref().unwrap().year, Some(2022));
    assert_eq!(i.target.as_ref().unwrap().year, Some(2026));
}

/// Converts a fixture and scores it against its hand-written expectation.
fn fixture(stem: &str) -> (keikaku::Document, Value) {
    let doc = convert(&format!("fixtures/priorities/{stem}.txt"));
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(repo(&format!("fixtures/priorities/{stem}.json"))).unwrap(),
    )
    .unwrap();
    let scores = keikaku::eval::score(&expected, &doc);
    for kind in ["priorities", "indicators"] {
        if expected.get(kind).is_some() {
            assert_f1(&scores, kind, 1.0);
        }
    }
    (doc, expected)
}

#[test]
fn deadline_forms_of_other_towns() {
    let (doc, expected) = fixture("deadlines");
    for e in expected["priorities"].as_array().unwrap() {
        let title = e["title"].as_str().unwrap();
        let p = doc
            .priorities
            .iter()
            .find(|p| p.title == title)
            .unwrap_or_else(|| panic!("{title} missing"));
        assert_eq!(p.span.line as u64, e["line"].as_u64().unwrap(), "{title}");
        if let Some(m) = e.get("measures") {
            let m: Vec<String> = serde_json::from_value(m.clone()).unwrap();
            assert_eq!(measure_titles(&doc, p), m, "{title}");
        }
    }
    assert_eq!(
        doc.priorities.len(),
        7,
        "the diagram repeats a title: not a new priority"
    );
    let w: Vec<_> = doc
        .warnings
        .iter()
        .filter(|w| w.code == "deadline_ambiguous")
        .collect();
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("基幹業務システムの標準化"));
    assert_eq!(w[0].span.map(|s| s.line), Some(23));
}

#[test]
fn kpi_forms_of_other_towns() {
    let (doc, expected) = fixture("kpi");
    for e in expected["indicators"].as_array().unwrap() {
        let name = e["name"].as_str().unwrap();
        let i = doc
            .indicators
            .iter()
            .find(|i| i.name == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(i.span.line as u64, e["line"].as_u64().unwrap(), "{name}");
        let grade = i.evaluation.as_ref().map(|e| e.text.as_str());
        assert_eq!(grade, e["evaluation"].as_str(), "{name}");
    }
    let b = doc
        .indicators
        .iter()
        .find(|i| i.name == "移住相談の件数")
        .and_then(|i| i.evaluation.as_ref())
        .and_then(|e| e.meaning.as_deref());
    assert_eq!(b, Some("前進"));
}

/// Numbered priority headings (`重点施策1 title`, `【重点プロジェクト①】title`,
/// `優先的に取り組む事項(1)`) in three layouts: each priority's title, deadline text and
/// year, and lines match the hand-written expectation, and nothing else is a priority.
#[test]
fn numbered_priority_headings_with_their_deadlines() {
    for stem in ["headed-labels", "headed-inline", "headed-prose"] {
        let (doc, expected) = fixture(stem);
        let want = expected["priorities"].as_array().unwrap();
        assert_eq!(
            doc.priorities.len(),
            want.len(),
            "{stem}: {:#?}",
            doc.priorities
        );
        for (p, e) in doc.priorities.iter().zip(want) {
            assert_eq!(p.title, e["title"].as_str().unwrap(), "{stem}");
            let d = p.deadline.as_ref();
            assert_eq!(d.map(|d| d.text.as_str()), e["deadline"].as_str(), "{stem}");
            assert_eq!(
                d.and_then(|d| d.fiscal_year).map(i64::from),
                e.get("deadline_fiscal_year").and_then(Value::as_i64),
                "{stem}"
            );
            assert_eq!(
                (p.span.line as u64, p.span.end_line as u64),
                (e["line"].as_u64().unwrap(), e["end_line"].as_u64().unwrap()),
                "{stem}: {}",
                p.title
            );
            let src =
                std::fs::read_to_string(repo(&format!("fixtures/priorities/{stem}.txt"))).unwrap();
            let text = &src[p.span.start..p.span.end];
            assert!(
                text.contains(p.title.as_str()) || stem == "headed-prose",
                "{text}"
            );
        }
    }
}

proptest::proptest! {
    /// Any cell text, however broken, reads without a panic, and keeps its text.
    #[test]
    fn value_and_deadline_readers_never_panic(s in "\\PC{0,40}") {
        let q = keikaku::number::quantity(&s);
        proptest::prop_assert_eq!(q.text, s.trim());
        let _ = keikaku::number::is_value(&s);
        let reiwa = keikaku::era::era("令和");
        if let Some(d) = keikaku::deadline::at_end(&s, reiwa) {
            proptest::prop_assert_eq!(&s[d.start..d.end], d.text.as_str());
        }
        let _ = keikaku::deadline::in_cell(&s, reiwa);
    }

    /// Cells made of the pieces value cells are made of.
    #[test]
    fn value_shaped_cells_read_their_first_number(
        n in 0u32..100_000,
        unit in proptest::sample::select(vec!["%", "件", "人/年", "回", "団体", ""]),
        note in proptest::sample::select(vec!["", "(累計)", "(小) 1%(中)"]),
    ) {
        let cell = format!("{n}{unit}{note}");
        let q = keikaku::number::quantity(&cell);
        proptest::prop_assert_eq!(q.value, Some(f64::from(n)));
        proptest::prop_assert_eq!(q.unit.as_deref(), (!unit.is_empty()).then_some(unit));
    }
}
