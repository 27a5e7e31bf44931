//! Measures, statuses, categories, legends and status summaries: the seeds against their
//! gold, the other towns' excerpts against theirs, and small fixtures in other towns'
//! shapes against lists written by hand.

use keikaku::Document;
use keikaku::model::Measure;

fn coded(m: &Measure) -> (&str, &str) {
    let c = m.status.as_ref().or(m.category.as_ref());
    c.map(|c| (c.text.as_str(), c.code.as_str()))
        .unwrap_or(("", ""))
}

/// (title, status-or-category text, code) of every measure.
fn rows(doc: &Document) -> Vec<(&str, &str, &str)> {
    doc.measures
        .iter()
        .map(|m| {
            let (t, c) = coded(m);
            (m.title.as_str(), t, c)
        })
        .collect()
}

#[test]
fn ninohe_measures_match_gold() {
    let scores = crate::gold_scores("ninohe-2021");
    crate::assert_f1(&scores, "measures", 0.98);
    crate::assert_f1(&scores, "status_summaries", 1.0);
}

#[test]
fn bibai_has_no_measures() {
    let scores = crate::gold_scores("bibai-2021");
    crate::assert_f1(&scores, "measures", 1.0);
    assert!(crate::convert("seeds/bibai-2021.txt").measures.is_empty());
}

#[test]
fn ninohe_counts_disagree_and_are_reported_unchanged() {
    let doc = crate::convert("seeds/ninohe-2021.txt");
    assert_eq!(doc.status_summaries.len(), 1);
    let s = &doc.status_summaries[0];
    assert_eq!(s.declared.get("実施若しくは完了"), Some(&22));
    assert_eq!(s.declared_in_prose.get("実施"), Some(&21));
    assert_eq!(s.from_rows.get("implemented"), Some(&18));
    assert_eq!(s.from_rows.values().sum::<u32>(), 42);
    let found: Vec<(&str, &str, u32, u32)> = s
        .discrepancies
        .iter()
        .map(|d| {
            (
                d.label.as_str(),
                d.declared_by.as_str(),
                d.declared,
                d.from_rows,
            )
        })
        .collect();
    // 実施若しくは完了 covers two codes: 18 implemented + 1 completed.
    assert!(
        found.contains(&("実施若しくは完了", "table", 22, 19)),
        "{found:?}"
    );
    assert!(found.contains(&("概ね実施", "table", 5, 8)), "{found:?}");
    assert!(found.contains(&("実施", "prose", 21, 18)), "{found:?}");
    assert!(found.contains(&("未実施", "prose", 2, 1)), "{found:?}");
    // Labels whose counts agree are not discrepancies.
    assert!(!found.iter().any(|d| d.0 == "検討のみ" || d.0 == "計"));
    assert_eq!(found.len(), 6, "{found:?}");
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.code == "status_count_mismatch")
    );
}

#[test]
fn ninohe_repaired_rows_carry_warnings_with_spans() {
    let doc = crate::convert("seeds/ninohe-2021.txt");
    let source = std::fs::read_to_string(crate::repo("seeds/ninohe-2021.txt")).unwrap();
    // The row after the running page header, its bullets lost in HTML fragments.
    let m = doc
        .measures
        .iter()
        .find(|m| m.title == "要援護者支援の充実" && m.status.is_some())
        .unwrap();
    assert_eq!(m.span.line, 329);
    for code in ["html_fragment", "joined_after_page_break", "filled_down"] {
        assert!(
            m.repairs.iter().any(|r| r == code),
            "{code}: {:?}",
            m.repairs
        );
        assert!(
            doc.warnings
                .iter()
                .any(|w| w.code == code && w.span == Some(m.span))
        );
    }
    assert_eq!(
        m.details,
        [
            "要援護者個別支援プラン推進",
            "お元気見守りシステムの運用、登録拡大"
        ]
    );
    assert!(source[m.span.start..m.span.end].contains("要援護者支援の充実"));
    // A shifted row: the title stood in the goal column.
    let m = doc
        .measures
        .iter()
        .find(|m| m.title == "二戸ブランドの情報発信" && m.status.is_some())
        .unwrap();
    assert!(m.repairs.iter().any(|r| r == "realigned"));
    assert_eq!(m.strategy.as_deref(), Some("(2) 地域産業の情報化の推進"));
    assert_eq!(m.progress.len(), 1);
    // Rows nothing was done to have no repairs.
    let first = &doc.measures[0];
    assert!(first.repairs.is_empty(), "{:?}", first.repairs);
    assert_eq!(first.progress.len(), 2);
    // Ids are stable and unique.
    let ids: std::collections::HashSet<&str> = doc.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids.len(), doc.measures.len());
    assert_eq!(
        crate::convert("seeds/ninohe-2021.txt").measures[5].id,
        doc.measures[5].id
    );
}

#[test]
fn pipe_table_with_a_legend_of_marks() {
    let doc = crate::convert("fixtures/measures/pipe-marks-legend.txt");
    assert_eq!(
        rows(&doc),
        [
            ("防災情報の多重化", "◎", "completed"),
            ("行政手続のオンライン化", "○", "mostly_implemented"),
            ("公衆無線LANの整備", "△", "partially_implemented"),
            ("電子図書館の導入", "×", "not_implemented"),
        ]
    );
    assert_eq!(doc.legends.len(), 1);
    assert_eq!(doc.legends[0].marks["×"], "未着手");
    assert_eq!(doc.measures[1].progress, ["12手続をオンライン化した"]);
    assert!(doc.warnings.is_empty(), "{:#?}", doc.warnings);
}

#[test]
fn grades_a_to_d_read_through_a_legend_table() {
    let doc = crate::convert("fixtures/measures/grades-legend-table.txt");
    assert_eq!(
        rows(&doc),
        [
            ("キャッシュレス決済の導入", "A", "completed"),
            ("AI議事録作成の活用", "B", "mostly_implemented"),
            ("テレワーク環境の整備", "C", "partially_implemented"),
            ("オープンデータの公開", "D", "not_implemented"),
            // E is not in the legend: kept as written, code other, and a warning.
            ("RPAの導入", "E", "other"),
        ]
    );
    assert_eq!(doc.legends[0].marks["B"], "概ね達成");
    let unknown: Vec<&str> = doc
        .warnings
        .iter()
        .filter(|w| w.code == "unknown_status")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(unknown.len(), 1);
    assert!(unknown[0].contains("RPAの導入"));
}

#[test]
fn an_evaluation_column_of_words_with_a_shifted_row() {
    let doc = crate::convert("fixtures/measures/evaluation-column.txt");
    assert_eq!(
        rows(&doc),
        [
            ("ホームページの刷新", "実施済み", "implemented"),
            ("光回線の整備", "一部実施済", "partially_implemented"),
            ("地域SNSの運用", "検討のみ", "studied_only"),
            ("庁内LANの更新", "", ""),
            ("電子決裁の導入", "一部実施", "partially_implemented"),
            ("オンライン相談", "保留", "other"),
        ]
    );
    assert!(
        doc.measures
            .iter()
            .all(|m| m.kind == keikaku::model::MeasureKind::Evaluation)
    );
    assert_eq!(
        doc.measures[0].progress,
        ["スマートフォン対応", "音声読み上げ"]
    );
    // The status stood in the progress column: moved back, and the row flagged.
    assert_eq!(doc.measures[4].progress, ["起案の電子化"]);
    assert_eq!(doc.measures[4].repairs, ["realigned"]);
    assert!(doc.measures[0].repairs.is_empty());
}

#[test]
fn a_plan_table_broken_by_page_headers_and_blank_lines() {
    let doc = crate::convert("fixtures/measures/plan-page-break.txt");
    let got: Vec<(Option<&str>, Option<&str>, &str, &str)> = doc
        .measures
        .iter()
        .map(|m| {
            (
                m.goal.as_deref(),
                m.strategy.as_deref(),
                m.title.as_str(),
                coded(m).1,
            )
        })
        .collect();
    let g1 = Some("1 暮らしを支えるデジタル化");
    let g2 = Some("2 安全な行政運営");
    assert_eq!(
        got,
        [
            (
                g1,
                Some("(1) 行政サービスの向上"),
                "証明書のコンビニ交付",
                "new"
            ),
            (
                g1,
                Some("(1) 行政サービスの向上"),
                "窓口キャッシュレス化",
                "expanded"
            ),
            (
                g1,
                Some("(2) 情報発信の充実"),
                "広報紙の電子配信",
                "continued"
            ),
            (
                g1,
                Some("(2) 情報発信の充実"),
                "動画による情報発信",
                "changed"
            ),
            (g1, Some("(2) 情報発信の充実"), "SNSの一元管理", "new"),
            (
                g2,
                Some("(1) 情報セキュリティ"),
                "職員研修の実施",
                "continued"
            ),
            (
                g2,
                Some("(1) 情報セキュリティ"),
                "紙台帳の廃止",
                "abolished"
            ),
        ]
    );
    assert!(
        doc.measures
            .iter()
            .all(|m| m.kind == keikaku::model::MeasureKind::Plan)
    );
    assert_eq!(
        doc.measures[3].repairs,
        ["joined_after_page_break", "filled_down"]
    );
    assert_eq!(doc.measures[3].span.line, 16);
    assert_eq!(doc.measures[4].repairs, ["realigned", "filled_down"]);
    assert!(doc.measures[0].repairs.is_empty());
    assert!(doc.status_summaries.is_empty());
}

#[test]
fn shift_jis_crlf_achievement_column() {
    let doc = crate::convert("fixtures/measures/sjis-crlf-achievement.txt");
    assert_eq!(doc.source.encoding, "Shift_JIS");
    assert_eq!(
        rows(&doc),
        [
            ("電子申請システムの導入", "達成", "completed"),
            ("統合型GISの整備", "未達成", "not_implemented"),
            ("公共施設予約のオンライン化", "達成", "completed"),
        ]
    );
    assert_eq!(doc.measures[1].progress, ["庁内での共有に留まる"]);
    assert_eq!(doc.measures[1].span.line, 5);
    let s = &doc.status_summaries[0];
    assert_eq!(s.from_rows.get("completed"), Some(&2));
    assert!(s.declared.is_empty() && s.discrepancies.is_empty());
}

/// The score of the other towns' measures, printed so a run shows the level reached.
fn corpus_measures(name: &str) -> Option<keikaku::eval::Score> {
    let (_, scores) = crate::corpus_scores(name)?;
    let s = scores
        .into_iter()
        .find(|s| s.kind == "measures")
        .expect("measures in gold");
    eprintln!(
        "{name}: measures F1 {:.3} (P {:.3} R {:.3})",
        s.f1, s.precision, s.recall
    );
    Some(s)
}

#[test]
fn gunma_goal_bullets_are_measures() {
    // Bullets under `基本目標1 …`; the pipe tables there are a legend and indicators.
    let Some(s) = corpus_measures("10-gunma-progress-r1") else {
        return;
    };
    assert_eq!(s.f1, 1.0, "{:?} {:?}", s.missed, s.extra);
}

#[test]
fn mie_numbered_heading_and_concrete_actions_are_measures() {
    let Some(s) = corpus_measures("13-mie-dx-3-5-communication") else {
        return;
    };
    assert_eq!(s.f1, 1.0, "{:?} {:?}", s.missed, s.extra);
}

#[test]
fn suginami_contents_numbering_without_page_numbers() {
    // Every measure of the excerpt is found with its page number cut off; the one extra
    // is `1-3-1 行政手続のオンライ`, cut off by the excerpt's end.
    let Some(s) = corpus_measures("19-suginami-actionplan-toc") else {
        return;
    };
    assert_eq!((s.correct, s.gold), (21, 21), "{:?}", s.missed);
    assert!(s.f1 >= 0.97, "{:?}", s.extra);
}

#[test]
fn kamagaya_form_yields_its_one_measure() {
    // A form flattened one cell per line: the 事務事業 name (its label and value lines
    // apart) with 事業区分 継続, and nothing else.
    let Some(s) = corpus_measures("22-kamagaya-evaluation-sheet") else {
        return;
    };
    assert_eq!(
        (s.predicted, s.correct),
        (1, 1),
        "{:?} {:?}",
        s.missed,
        s.extra
    );
}

/// (title, category text, category code, line) of every measure, and the source text of
/// each span (it must be the title as written).
fn plan_rows(path: &str) -> Vec<(String, String, String, usize)> {
    let doc = crate::convert(path);
    let source = std::fs::read_to_string(crate::repo(path)).unwrap();
    doc.measures
        .iter()
        .map(|m| {
            assert_eq!(
                keikaku::eval::canon(&source[m.span.start..m.span.end]),
                keikaku::eval::canon(&m.title),
                "{path}: span of {}",
                m.title
            );
            let (t, c) = m
                .category
                .as_ref()
                .map(|c| (c.text.clone(), c.code.clone()))
                .unwrap_or_default();
            (m.title.clone(), t, c, m.span.line)
        })
        .collect()
}

fn row(title: &str, text: &str, code: &str, line: usize) -> (String, String, String, usize) {
    (title.into(), text.into(), code.into(), line)
}

#[test]
fn numbered_items_under_a_measure_heading() {
    // The heading is glued to the sentence after it; the key-value bullets and the
    // numbered lines under 計画の推進 are not measures; 継続・拡充 in prose is no category.
    assert_eq!(
        plan_rows("fixtures/measures/headed-numbered.txt"),
        [
            row("窓口手続のオンライン化", "", "", 12),
            row("公共施設予約のデジタル化", "", "", 13),
            row("職員のデジタル技能向上", "", "", 14),
            row("オープンデータの公開拡大", "", "", 15),
            // A second list whose items each have a sentence of description.
            row("防災アプリの配信", "", "", 20),
            row("子育て手続の電子化", "", "", 22),
            row("図書館の電子書籍", "", "", 24),
        ]
    );
}

#[test]
fn numbered_items_with_a_key_value_category_line() {
    // The heading above the items is a measure without a category; 継続 in a title is
    // not its category; an item after a page number and a section without a category
    // line are not measures.
    assert_eq!(
        plan_rows("fixtures/measures/kv-category-items.txt"),
        [
            row("窓口サービスの向上", "", "", 4),
            row("証明書コンビニ交付の継続実施", "継続", "continued", 6),
            row("窓口案内表示の改善", "拡充", "expanded", 15),
        ]
    );
}

#[test]
fn action_plan_entries_of_a_flattened_table_of_contents() {
    // Only the §3 実行計画 entries, page numbers cut off; the body's repeated §1 is not.
    assert_eq!(
        plan_rows("fixtures/measures/toc-action-plan.txt"),
        [
            row("防災行政無線のデジタル化", "", "", 1),
            row("公民館への公衆無線 LAN 整備", "", "", 1),
            row("電子申請の導入", "", "", 1),
        ]
    );
}

#[test]
fn form_one_cell_per_line_label_then_value() {
    // The name label is cut over two lines and followed by other labels before the
    // values; 事業区分 / 新規 is the category; the numbered purposes are not measures.
    assert_eq!(
        plan_rows("fixtures/measures/form-label-value.txt"),
        [row("窓口案内の充実に要する経費", "新規", "new", 8)]
    );
}

#[test]
fn form_one_cell_per_line_code_and_name() {
    // `code name` is the 事務事業; the name before the form's title that stands alone as
    // a cell is its 施策; 経常事業 is a budget type, not a category.
    assert_eq!(
        plan_rows("fixtures/measures/form-code-name.txt"),
        [
            row("窓口番号案内システム運用", "", "", 7),
            row("窓口サービス", "", "", 13),
        ]
    );
}

#[test]
fn form_without_its_title_known_by_its_labels() {
    // The page is cut below the form's title: the labels crowded at its head (事業区分,
    // 施策体系, 評価者, 所管課長) still tell a form. `code name` is the 事務事業; the
    // department after its code and the numbered purposes are not measures.
    assert_eq!(
        plan_rows("fixtures/measures/form-untitled.txt"),
        [row("図書館予約システム運用", "", "", 3)]
    );
}

#[test]
fn other_towns_shapes_outside_tables() {
    for name in [
        "22-kamagaya-evaluation-sheet",
        "40-toyonaka-security-kpi",
        "44-katashina-masterplan-toc",
        "46-uwajima-dx2-focus-areas",
        "50-katsushika-it-kiban-h18",
        "52-minato-school-ict-review",
    ] {
        let Some(s) = corpus_measures(name) else {
            return;
        };
        assert_eq!(s.f1, 1.0, "{name}: {:?} {:?}", s.missed, s.extra);
    }
}

#[test]
fn measures_quoted_in_prose_reviewing_a_goal() {
    // The goals quoted after 目標① are not measures, nor is a quoted plan name; the
    // grade legend has no values, so no status is attached.
    let doc = crate::convert("fixtures/measures/quoted-review.txt");
    assert!(doc.measures.iter().all(|m| m.status.is_none()));
    assert_eq!(
        plan_rows("fixtures/measures/quoted-review.txt"),
        [
            row("電子申請サービスの拡大", "", "", 8),
            row("キャッシュレス決済の導入", "", "", 8),
        ]
    );
}

#[test]
fn progress_words_get_progress_codes() {
    // A 推進状況 column of progress words; a word outside the vocabulary keeps its text,
    // gets `other` and a warning.
    let doc = crate::convert("fixtures/measures/progress-words.txt");
    assert_eq!(
        rows(&doc),
        [
            ("窓口キャッシュレス決済の導入", "順調", "on_track"),
            ("公民館Wi-Fiの整備", "やや遅れ", "slightly_delayed"),
            ("電子契約の試行", "遅れ", "delayed"),
            ("防災メールの多言語化", "前倒し", "ahead"),
            ("庁内会議のペーパーレス化", "中断", "other"),
        ]
    );
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.code == "unknown_status" && w.message.contains("中断"))
    );
}

/// (title, kind, status text) of every measure.
fn kinds_and_statuses(path: &str) -> Vec<(String, String, String)> {
    crate::convert(path)
        .measures
        .iter()
        .map(|m| {
            let kind = serde_json::to_value(m.kind).unwrap();
            let status = m
                .status
                .as_ref()
                .map(|s| s.text.clone())
                .unwrap_or_default();
            (m.title.clone(), kind.as_str().unwrap().to_string(), status)
        })
        .collect()
}

#[test]
fn schedule_table_with_era_year_columns_lists_plans_without_statuses() {
    // R6 … R9 columns hold planned phases (構築, 検討, 実施, 運用): no status, and the rows
    // are planned measures even without a 区分 column. The ※ note is not a measure.
    let plan = |t: &str| (t.to_string(), "plan".to_string(), String::new());
    assert_eq!(
        kinds_and_statuses("fixtures/measures/schedule-pipe-eras.txt"),
        [
            plan("公民館の予約システム導入"),
            plan("職員用チャットツールの導入"),
            plan("議会資料のペーパーレス化"),
        ]
    );
}

#[test]
fn schedule_table_with_western_years_keeps_its_category_column() {
    // 2025年度 … columns are a schedule; 区分 gives the category, 実施 is no status.
    let doc = crate::convert("fixtures/measures/schedule-tab-years.txt");
    assert_eq!(
        rows(&doc),
        [
            ("窓口での電子決済の導入", "新規", "new"),
            ("公共施設Wi-Fiの拡充", "拡充", "expanded"),
            ("テレワーク環境の整備", "継続", "continued"),
        ]
    );
    assert!(
        kinds_and_statuses("fixtures/measures/schedule-tab-years.txt")
            .iter()
            .all(|(_, k, s)| k == "plan" && s.is_empty())
    );
}

#[test]
fn worded_measure_headings_in_a_chapter_of_measures() {
    // `施策１：title` headings; the 基本方針 line, the ■主な取組 bullets, the numbered
    // sections of 計画の概要 and 推進体制 are not measures.
    assert_eq!(
        plan_rows("fixtures/measures/chapter-worded.txt"),
        [
            row("電子申請の拡大", "", "", 7),
            row("窓口予約の導入", "", "", 12),
        ]
    );
}

#[test]
fn circled_headings_under_numbered_groups_of_a_measures_chapter() {
    // `1 group` lines only group the `① title` measures below them; prose and the
    // <主な取組> bullet are not measures.
    assert_eq!(
        plan_rows("fixtures/measures/chapter-circled.txt"),
        [
            row("公共施設予約のオンライン化", "", "", 4),
            row("証明書のコンビニ交付", "", "", 8),
            row("文書管理システムの導入", "", "", 11),
            row("職員研修の充実", "", "", 13),
        ]
    );
}

#[test]
fn worded_headings_listed_in_contents_and_body_are_one_measure_each() {
    // Dot leaders and page numbers are cut from the contents entries; the body repeats
    // them; the chapter heading is no measure.
    assert_eq!(
        plan_rows("fixtures/measures/toc-worded.txt"),
        [
            row("窓口の電子化", "", "", 4),
            row("防災情報の配信", "", "", 5),
        ]
    );
}

/// PDF text of a plan that numbers its actions straight through lists under repeated
/// `■アクション` headings: the second list continues at (3); a page number and a lost
/// `fi` ligature stand between two items; a long title wraps onto a short line; the
/// goal headings are `1.`/`2.` glued to their titles with prose right below.
#[test]
fn actions_numbered_through_several_lists_in_pdf_text() {
    let text = "みなと町デジタル推進計画\n\n\
        1.暮らしを便利にします\n\
        市民の暮らしを支える手続を見直します。\n\n\
        ■アクション\n\
        \u{20}\u{20}(1)窓口手続のオンライン化\n\
        \u{20}\u{20}(2)子育て情報の一元的な発信\n\
        \u{20}\u{20}(3)地域の見守りを支える仕組みづくり\n\n\
        \u{20}                    3\n\
        \u{c}2.行政の働き方を変えます\n\
        職員の働き方を見直し、庁内の仕事を改めます。\n\n\
        ■アクション\n\
        \u{20}\u{20}(4)庁内の文書管理を電子化し保存と検索の仕組みを全庁で共通のものにする取\n\
        \u{20}\u{20}組\n\
        \u{20}\u{20}(5)テレワーク環境の整備\n\n\
        fi\n\n\
        \u{20}\u{20}(6)職員の研修の充実\n";
    let doc = crate::pipeline()
        .run("actions.txt", text.as_bytes())
        .unwrap();
    let titles: Vec<&str> = doc.measures.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "窓口手続のオンライン化",
            "子育て情報の一元的な発信",
            "地域の見守りを支える仕組みづくり",
            "庁内の文書管理を電子化し保存と検索の仕組みを全庁で共通のものにする取組",
            "テレワーク環境の整備",
            "職員の研修の充実",
        ]
    );
    let sections: Vec<(Option<&str>, &str)> = doc
        .sections
        .iter()
        .filter(|s| s.number.as_deref().is_some_and(|n| n.ends_with('.')))
        .map(|s| (s.number.as_deref(), s.title.as_str()))
        .collect();
    assert_eq!(
        sections,
        [
            (Some("1."), "暮らしを便利にします"),
            (Some("2."), "行政の働き方を変えます")
        ]
    );
}

#[test]
fn flattened_table_of_numbered_records() {
    // A web page flattened to one line: the header 番号 取組名 区分 所管, then records cut
    // at 1, 2, 3 …; the 区分 cell is the category; the prose naming 継続/拡充/新規, the
    // breadcrumb and the footer are not measures.
    assert_eq!(
        plan_rows("fixtures/measures/flat-table-run.txt"),
        [
            row("公共施設の予約システム更新", "拡充", "expanded", 1),
            row("防災メールの配信", "継続", "continued", 1),
            row("子育て手続のオンライン化", "新規", "new", 1),
            row("町税のスマートフォン決済", "新規", "new", 1),
            row("AI議事録作成の活用", "継続", "continued", 1),
        ]
    );
}

#[test]
fn flattened_kpi_table_with_year_columns() {
    // 指標 then three year columns (each with its Gregorian year on the next line), a
    // name split over two lines, one value per year: the target is the last year's value,
    // with no baseline. The second 指標 row is a schedule (計画策定 / 調達 / 配備), no KPI.
    let doc = crate::convert("fixtures/measures/kpi-year-table-flat.txt");
    let found: Vec<String> = doc
        .indicators
        .iter()
        .map(|i| {
            format!(
                "{} | {:?} | {:?}",
                keikaku::eval::canon(&i.name),
                i.baseline.as_ref().map(|b| b.text.clone()),
                i.target.as_ref().map(|t| (t.text.clone(), t.year)),
            )
        })
        .collect();
    assert_eq!(
        found,
        [format!(
            "{} | None | Some((\"3,000\", Some(2026)))",
            keikaku::eval::canon("電子書籍の年間貸出冊数(単位:冊)")
        )]
    );
    assert_eq!(
        plan_rows("fixtures/measures/kpi-year-table-flat.txt"),
        [
            row("図書館サービスの電子化", "新規", "new", 1),
            row("学校の端末更新", "継続", "continued", 19),
        ]
    );
}
