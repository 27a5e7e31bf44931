//! Lineage: plan measures marked 継続/変更 linked to the evaluated measures they
//! continue, in 二戸市's plan (counted by hand from the seed) and into a previous
//! output (`--previous`); `keikaku check` and the reviewer merge on `continues` and
//! `themes`.

use keikaku::model::{Document, MeasureKind};

use crate::{convert, repo};

/// (plan measure title, evaluated measure title) of every link inside `doc`.
fn links(doc: &Document) -> Vec<(String, String)> {
    doc.measures
        .iter()
        .filter_map(|m| {
            let to = m.continues.as_deref()?;
            let e = doc.measures.iter().find(|e| e.id == to)?;
            assert_eq!(e.kind, MeasureKind::Evaluation);
            Some((m.title.clone(), e.title.clone()))
        })
        .collect()
}

fn findings<'d>(doc: &'d Document, code: &str) -> Vec<&'d str> {
    doc.warnings
        .iter()
        .filter(|w| w.code == code)
        .map(|w| {
            let id = w.item.as_deref().expect("a lineage finding names its item");
            let m = doc.measures.iter().find(|m| m.id == id).expect("item");
            m.title.as_str()
        })
        .collect()
}

#[test]
fn ninohe_links_counted_by_hand() {
    // Read in the seed: the evaluation table (lines 313-359) has 42 measures; the plan
    // table (lines 519-566) has 45 rows: 35 継続, 6 変更, 4 新規. Each of the 41 継続/変更
    // rows has an evaluated measure of the same title; the one evaluated measure no plan
    // row continues is 防犯カメラの設置推進 (検討のみ), whose whole strategy (3) 防犯対策への
    // ICT活用 is gone from the new plan.
    let doc = convert("seeds/ninohe-2021.txt");
    let links = links(&doc);
    assert_eq!(links.len(), 41);
    assert!(links.iter().all(|(p, e)| p == e), "{links:?}");
    assert!(links.contains(&("観光情報発信".into(), "観光情報発信".into())));
    assert!(findings(&doc, "lineage_unmatched_continued").is_empty());
    assert_eq!(findings(&doc, "lineage_vanished"), ["防犯カメラの設置推進"]);
    let new: Vec<&str> = doc
        .measures
        .iter()
        .filter(|m| m.category.as_ref().is_some_and(|c| c.code == "new"))
        .map(|m| m.title.as_str())
        .collect();
    assert_eq!(new.len(), 4);
    assert!(
        doc.measures
            .iter()
            .filter(|m| m.continues.is_some())
            .all(|m| m.kind == MeasureKind::Plan)
    );
}

/// A plan of the next period, written for this test: its plan table continues two
/// measures of 二戸市's plan (one renamed a little), changes one, and adds one.
const NEXT_PLAN: &str = "\
二戸市地域情報化推進計画

令和8年3月

岩手県二戸市

第1章 計画の概要

計画期間は、令和8年度から令和12年度までの5年間とします。

第2章 施策

情報化の方向\t対応策\t具体的な施策\t区分
1 産業\t(1) 観光\t観光販売展開と情報発信\t継続
\t\t個性的な観光情報の発信\t継続
\t\t電子ハザードマップの運用\t変更
\t\t全く新しい取り組みの研究\t継続
\t\tメタバースの活用\t新規
";

#[test]
fn links_into_a_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.json");
    let out = assert_cmd::Command::cargo_bin("keikaku")
        .unwrap()
        .args(["extract"])
        .arg(repo("seeds/ninohe-2021.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(&old, &out.stdout).unwrap();
    let previous: Document = serde_json::from_slice(&out.stdout).unwrap();
    let prefix = &previous.source.sha256[..12];
    let id_of = |title: &str| {
        previous
            .measures
            .iter()
            .find(|m| m.kind == MeasureKind::Plan && m.title == title)
            .map(|m| format!("{prefix}:{}", m.id))
            .unwrap()
    };

    let new = dir.path().join("next.txt");
    std::fs::write(&new, NEXT_PLAN).unwrap();
    let out = assert_cmd::Command::cargo_bin("keikaku")
        .unwrap()
        .arg("extract")
        .arg(&new)
        .arg("--previous")
        .arg(&old)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Document = serde_json::from_slice(&out.stdout).unwrap();
    let link = |title: &str| {
        doc.measures
            .iter()
            .find(|m| m.title == title)
            .unwrap_or_else(|| panic!("{title}"))
            .continues
            .clone()
    };
    assert_eq!(
        link("観光販売展開と情報発信"),
        Some(id_of("観光販売展開と情報発信"))
    );
    // 個性的な観光情報の発信 ~ 個性的観光情報の発信: Dice of bigrams 0.9.
    assert_eq!(
        link("個性的な観光情報の発信"),
        Some(id_of("個性的観光情報の発信"))
    );
    assert_eq!(
        link("電子ハザードマップの運用"),
        Some(id_of("電子ハザードマップの運用"))
    );
    assert_eq!(link("全く新しい取り組みの研究"), None);
    assert_eq!(link("メタバースの活用"), None);
    let unmatched: Vec<&str> = doc
        .warnings
        .iter()
        .filter(|w| w.code == "lineage_unmatched_continued")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(unmatched.len(), 1, "{unmatched:?}");
    assert!(unmatched[0].contains("全く新しい取り組みの研究"));
    // The previous plan's other plan measures vanished: 45 table rows and 13 listed
    // under priorities, less the 3 continued.
    let vanished = doc
        .warnings
        .iter()
        .filter(|w| w.code == "lineage_vanished")
        .inspect(|w| assert!(w.item.as_deref().unwrap().starts_with(prefix)))
        .count();
    assert_eq!(vanished, 45 + 13 - 3);

    // The output checks: a link into another output is checked for its shape only.
    let json = dir.path().join("next.json");
    std::fs::write(&json, &out.stdout).unwrap();
    let check = assert_cmd::Command::cargo_bin("keikaku")
        .unwrap()
        .arg("check")
        .arg(&json)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // A previous output that is not JSON is an error naming it.
    std::fs::write(&old, "{ not json").unwrap();
    let out = assert_cmd::Command::cargo_bin("keikaku")
        .unwrap()
        .arg("extract")
        .arg(&new)
        .arg("--previous")
        .arg(&old)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("old.json"), "{err}");
}

#[test]
fn check_finds_a_dangling_continues() {
    let dir = tempfile::tempdir().unwrap();
    let doc = convert("seeds/ninohe-2021.txt");
    let mut v = serde_json::to_value(&doc).unwrap();
    let i = doc
        .measures
        .iter()
        .position(|m| m.continues.is_some())
        .unwrap();
    v["measures"][i]["continues"] = serde_json::json!("m-00000dead0");
    v["source"]["path"] = serde_json::json!(repo("seeds/ninohe-2021.txt"));
    let path = dir.path().join("n.json");
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let out = assert_cmd::Command::cargo_bin("keikaku")
        .unwrap()
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!(
            "/measures/{i}/continues: \"m-00000dead0\" is not the id of any measure"
        )),
        "{text}"
    );
}

#[test]
fn the_merge_keeps_a_reviewers_themes_and_continues() {
    use keikaku::review::merge::merge;
    let doc = convert("seeds/ninohe-2021.txt");
    let base = serde_json::to_value(&doc).unwrap();
    let i = doc
        .measures
        .iter()
        .position(|m| m.title == "要援護者支援の充実" && m.kind == MeasureKind::Plan)
        .unwrap();
    let j = doc
        .measures
        .iter()
        .position(|m| m.title == "移住・定住情報の発信" && m.kind == MeasureKind::Plan)
        .unwrap();
    let gone = doc
        .measures
        .iter()
        .position(|m| m.kind == MeasureKind::Evaluation && m.title == "GIS利活用")
        .unwrap();
    let mut reviewer = base.clone();
    // A theme the dictionary missed, added; a wrong one replaced; a link removed.
    reviewer["measures"][i]["themes"] = serde_json::json!([
        {"code": "disaster_prevention", "evidence": ["要援護者"]}
    ]);
    reviewer["measures"][j]["themes"][0]["code"] = serde_json::json!("regional_digitalization");
    let k = doc
        .measures
        .iter()
        .position(|m| m.title == "観光情報発信" && m.kind == MeasureKind::Plan)
        .unwrap();
    reviewer["measures"][k]
        .as_object_mut()
        .unwrap()
        .remove("continues");
    // An evaluated measure deleted: the plan measure's link to it goes too.
    reviewer["measures"].as_array_mut().unwrap().remove(gone);
    // The machine's next run: the same output with one more theme on another measure.
    let mut machine = base.clone();
    let l = doc
        .measures
        .iter()
        .position(|m| m.title == "GIS利活用" && m.kind == MeasureKind::Plan)
        .unwrap();
    machine["measures"][l]["themes"] =
        serde_json::json!([{"code": "open_data", "evidence": ["GIS"]}]);

    let merged = merge(Some(&base), &reviewer, &machine);
    assert!(merged.review.conflicts.is_empty(), "{:?}", merged.review);
    let out: Document = serde_json::from_value(merged.value).unwrap();
    let find = |title: &str| {
        out.measures
            .iter()
            .find(|m| m.title == title && m.kind == MeasureKind::Plan)
            .unwrap()
    };
    let codes = |title: &str| -> Vec<String> {
        find(title).themes.iter().map(|t| t.code.clone()).collect()
    };
    assert_eq!(codes("要援護者支援の充実"), ["disaster_prevention"]);
    assert_eq!(codes("移住・定住情報の発信"), ["regional_digitalization"]);
    assert_eq!(
        find("移住・定住情報の発信").themes[0].evidence,
        ["リモートワーク"]
    );
    assert_eq!(find("観光情報発信").continues, None);
    assert_eq!(find("GIS利活用").continues, None);
    assert_eq!(codes("GIS利活用"), ["open_data"]);
    assert!(find("情報教育の推進").continues.is_some());
}
