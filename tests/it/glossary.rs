//! Glossary (用語解説): both seeds against their gold, the other towns' glossaries, and
//! one fixture per layout with hand-written expected terms.

use keikaku::eval::canon;

use crate::{assert_f1, convert, corpus_scores, gold_scores, repo};

#[test]
fn seeds_match_gold() {
    for stem in ["ninohe-2021", "bibai-2021"] {
        assert_f1(&gold_scores(stem), "glossary", 0.98);
    }
}

#[test]
fn flattened_glossary_with_index_letters_and_page_markers() {
    let Some((doc, scores)) = corpus_scores("02-sakai-glossary") else {
        return;
    };
    assert_f1(&scores, "glossary", 0.98);
    // The entry cut off by the end of the excerpt is reported, not kept.
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.code == "glossary_entry_truncated" && w.message.contains("ICT"))
    );
}

#[test]
fn kana_headings_page_numbers_and_running_headers() {
    let Some((doc, scores)) = corpus_scores("05-unknown-glossary-kana-headings") else {
        return;
    };
    assert_f1(&scores, "glossary", 0.98);
    assert!(
        doc.glossary
            .iter()
            .all(|g| g.term != "用語集" && g.term != "61")
    );
}

/// (term, group, definition) of a fixture's glossary, in canonical form.
fn entries(path: &str) -> Vec<(String, Option<String>, String)> {
    convert(path)
        .glossary
        .iter()
        .map(|g| (canon(&g.term), g.group.clone(), canon(&g.definition)))
        .collect()
}

fn terms(path: &str) -> Vec<String> {
    entries(path).into_iter().map(|e| e.0).collect()
}

fn definition(path: &str, term: &str) -> String {
    entries(path)
        .into_iter()
        .find(|e| e.0 == term)
        .unwrap_or_else(|| panic!("{path}: no entry {term}"))
        .2
}

#[test]
fn bracketed_terms_with_dots_or_on_their_own_line() {
    let p = "fixtures/glossary/bracket-dots.txt";
    let got: Vec<(String, Option<String>)> = entries(p).into_iter().map(|e| (e.0, e.1)).collect();
    let want = [
        ("アプリ", "あ行"),
        ("オープンデータ", "あ行"),
        ("クラウド", "か行"),
        ("行政手続のオンライン化", "か行"),
    ];
    let want: Vec<(String, Option<String>)> = want
        .iter()
        .map(|(t, g)| (t.to_string(), Some(g.to_string())))
        .collect();
    assert_eq!(got, want);
    // A definition wrapped onto a second line is whole.
    assert_eq!(
        definition(p, "アプリ"),
        canon(
            "アプリケーションソフトウェアの略。スマートフォン等で使われる、特定の目的のためのプログラムのこと。"
        )
    );
    assert_eq!(
        definition(p, "クラウド"),
        canon("インターネット経由でサーバ等の資源を必要な分だけ利用する形態のこと。")
    );
}

#[test]
fn numbered_quoted_terms() {
    let p = "fixtures/glossary/numbered-quotes.txt";
    assert_eq!(terms(p), ["ICT", "DX", "テレワーク", "LGWAN"]);
    assert_eq!(
        definition(p, "テレワーク"),
        canon(
            "ICTを活用し、場所や時間にとらわれずに働くこと。在宅勤務やサテライトオフィス勤務などがある。"
        )
    );
}

#[test]
fn abbreviations_with_english_words() {
    let p = "fixtures/glossary/abbr-english.txt";
    assert_eq!(terms(p), ["API", "BPR", "GIS"]);
    assert_eq!(
        definition(p, "GIS"),
        canon(
            "(Geographic Information System) 地理情報システム。位置に関する情報を持ったデータを、地図上で重ねて表示し、分析する仕組み。"
        )
    );
}

#[test]
fn pipe_table_with_index_letters_ends_at_the_next_chapter() {
    let p = "fixtures/glossary/pipe-index.txt";
    let got: Vec<(String, Option<String>)> = entries(p).into_iter().map(|e| (e.0, e.1)).collect();
    let want: Vec<(String, Option<String>)> = [
        ("AI", "A"),
        ("API", "A"),
        ("CIO", "C"),
        ("公衆無線LAN", "か"),
    ]
    .iter()
    .map(|(t, g)| (t.to_string(), Some(g.to_string())))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn kana_row_headings_wrapped_lines_and_page_breaks() {
    let p = "fixtures/glossary/kana-headings.txt";
    let got: Vec<(String, Option<String>)> = entries(p).into_iter().map(|e| (e.0, e.1)).collect();
    let want: Vec<(String, Option<String>)> = [
        ("アクセシビリティ", "ア行"),
        ("インターネット", "ア行"),
        ("共通基盤", "カ行"),
        ("個人情報保護", "カ行"),
    ]
    .iter()
    .map(|(t, g)| (t.to_string(), Some(g.to_string())))
    .collect();
    assert_eq!(got, want);
    // The wrapped second line looks like a term but continues the definition.
    assert_eq!(
        definition(p, "インターネット"),
        canon(
            "個人や企業、大学等、全世界のネットワークを電話回線や専用線で相互接続したコンピュータ・ネットワーク群"
        )
    );
}

#[test]
fn terms_listed_before_their_definitions_are_paired_in_order() {
    let p = "fixtures/glossary/columns.txt";
    assert_eq!(
        terms(p),
        [
            "アクセシビリティ",
            "オープンデータ",
            "クラウド",
            "デジタル化",
            "ペーパーレス"
        ]
    );
    assert_eq!(
        definition(p, "クラウド"),
        canon("インターネット経由でコンピュータ資源を利用する形態。")
    );
    assert_eq!(
        definition(p, "ペーパーレス"),
        canon("紙の使用を減らし、電子データで業務を行うこと。")
    );
}

#[test]
fn tab_rows_end_at_a_table_of_another_shape() {
    let p = "fixtures/glossary/tab-rows.txt";
    assert_eq!(terms(p), ["ICT", "BPR"]);
    assert_eq!(
        definition(p, "BPR"),
        canon("業務改革のこと。業務の流れを根本から見直すこと。")
    );
}

#[test]
fn shift_jis_with_crlf_and_spans_in_the_source() {
    let p = "fixtures/glossary/sjis-crlf.txt";
    let doc = convert(p);
    assert_eq!(doc.source.encoding, "Shift_JIS");
    let got: Vec<(&str, Option<&str>)> = doc
        .glossary
        .iter()
        .map(|g| (g.term.as_str(), g.group.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("5G", Some("英数字")),
            ("RPA", Some("英数字")),
            ("情報セキュリティ", Some("さ行"))
        ]
    );
    // Spans point into the decoded source: the entry's text starts with its term.
    let bytes = std::fs::read(repo(p)).unwrap();
    let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
    let security = &doc.glossary[2];
    assert!(text[security.span.start..security.span.end].starts_with("情報セキュリティ\r\n"));
    assert_eq!(security.span.line, 9);
    // A Japanese term without a reading in the text is read by the dictionary.
    assert_eq!(security.reading.as_deref(), Some("ジョウホウセキュリティ"));
}

#[test]
fn readings_from_the_document_win() {
    let doc = convert("seeds/bibai-2021.txt");
    let wifi = doc.glossary.iter().find(|g| g.term == "Wi-Fi").unwrap();
    assert_eq!(wifi.reading.as_deref(), Some("ワイファイ"));
    let society = doc
        .glossary
        .iter()
        .find(|g| g.group.as_deref() == Some("inline"));
    assert_eq!(
        society.map(|g| canon(&g.term)).as_deref(),
        Some("Society5.0")
    );
}

#[test]
fn a_run_of_pairs_without_a_glossary_heading_is_a_glossary() {
    let p = "fixtures/glossary/term-blank-definition.txt";
    // The page has no glossary heading and no plan words: it is converted, not refused.
    let doc = convert(p);
    let got: Vec<(String, Option<String>)> = doc
        .glossary
        .iter()
        .map(|g| (canon(&g.term), g.group.clone()))
        .collect();
    let want: Vec<(String, Option<String>)> = ["電子回覧板", "N番通報", "デジタル窓口", "DMP"]
        .iter()
        .map(|t| (t.to_string(), Some("タ行".to_string())))
        .collect();
    // The title and the preface before the group heading are not an entry.
    assert_eq!(got, want);
    // The English expansion line belongs to the term, not to the definition.
    assert_eq!(
        definition(p, "DMP"),
        canon("様々なデータを一元的に集めて管理し、分析に使えるようにする基盤。")
    );
    let text = std::fs::read_to_string(repo(p)).unwrap();
    let dmp = doc.glossary.iter().find(|g| g.term == "DMP").unwrap();
    let source = &text[dmp.span.start..dmp.span.end];
    assert!(source.starts_with("DMP\n\n【Data Management Platform】\n様々な"));
    assert!(source.ends_with("基盤。"));
    // The last entry, cut off mid-sentence, is reported and left out.
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.code == "glossary_entry_truncated" && w.message.contains("テレビ会議"))
    );
}

#[test]
fn labelled_paragraphs_of_prose_are_not_a_glossary() {
    // Short labels each followed by a paragraph are a glossary's shape, but the
    // paragraphs end in action verbs and the last one is a bracketed source note.
    assert_eq!(
        terms("fixtures/glossary/labelled-roles.txt"),
        Vec::<String>::new()
    );
}

#[test]
fn a_glossary_flattened_to_one_line_without_index_letters() {
    let p = "fixtures/glossary/flat-run.txt";
    // Terms keep their inner spaces' words and lose the English expansion glued on; the
    // letter-spaced header and the page marker with its running header are not entries.
    assert_eq!(
        terms(p),
        [
            "AR",
            "BYOD",
            "CSIRT",
            "GIGAスクール",
            "HPKI",
            "IoT機器",
            "KPI"
        ]
    );
    assert_eq!(
        definition(p, "BYOD"),
        canon("職員が個人の端末を業務に持ち込んで使う運用の形態。端末の管理規程を定めて行う。")
    );
    // A definition ends before the page marker that follows it.
    assert_eq!(
        definition(p, "GIGAスクール"),
        canon(
            "児童生徒に一人一台の端末と通信環境を整備する取組のこと。学校では 2020 年から端末の配備が進んだ。"
        )
    );
    let doc = convert(p);
    let text = std::fs::read_to_string(repo(p)).unwrap();
    let csirt = doc.glossary.iter().find(|g| g.term == "CSIRT").unwrap();
    let source = &text[csirt.span.start..csirt.span.end];
    assert!(source.starts_with("CSIRT(Computer Security Incident Response Team) 情報"));
    assert!(source.ends_with("総称。"));
    // The entry the line stops inside is reported and left out.
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.code == "glossary_entry_truncated" && w.message.contains("LPWA"))
    );
}

#[test]
fn english_glossary_heading_in_any_case() {
    assert!(keikaku::extract::glossary::is_glossary_heading("GLOSSARY"));
    assert!(keikaku::extract::glossary::is_glossary_heading(
        "■ Glossary"
    ));
}

#[test]
fn the_other_towns_glossaries_without_a_heading_or_on_one_line() {
    for name in ["42-unknown-glossary-a-i", "48-utsunomiya-digital-glossary"] {
        let Some((_, scores)) = corpus_scores(name) else {
            return;
        };
        assert_f1(&scores, "glossary", 0.98);
    }
}

#[test]
fn a_heading_sharing_its_line_with_the_first_entry() {
    let want = ["電子申請", "電子署名", "庁内LAN"];
    let p = "fixtures/glossary/heading-on-entry-line.txt";
    assert_eq!(terms(p), want);
    assert_eq!(
        definition(p, "電子署名"),
        canon("電子文書の作成者を証明し、改ざんされていないことを示す仕組み。")
    );
    // The same entries flattened to one line, one more at its end.
    let p = "fixtures/glossary/heading-on-entry-flat.txt";
    assert_eq!(terms(p), [&want[..], &["電子調達"]].concat());
    assert_eq!(
        definition(p, "庁内LAN"),
        canon("庁舎内の端末どうしをつなぐネットワーク。")
    );
}

#[test]
fn a_flattened_line_whose_sentence_end_lost_its_space_to_normalization() {
    // `…仕組み。 電子署名` is normalized to `…仕組み。電子署名`; the dropped space still
    // separates the entries.
    let p = "fixtures/glossary/flat-run-kanji-terms.txt";
    assert_eq!(
        terms(p),
        ["電子申請", "電子署名", "庁内ネットワーク", "電子調達"]
    );
    let doc = convert(p);
    let text = std::fs::read_to_string(repo(p)).unwrap();
    let e = doc.glossary.iter().find(|g| g.term == "電子署名").unwrap();
    assert_eq!(
        &text[e.span.start..e.span.end],
        "電子署名 電子文書の作成者を証明し、改ざんされていないことを示す仕組み。"
    );
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.code == "glossary_entry_truncated" && w.message.contains("公開鍵基盤"))
    );
}

#[test]
fn a_flattened_line_hard_wrapped_mid_word_reads_as_one() {
    let p = "fixtures/glossary/flat-run-wrapped.txt";
    assert_eq!(
        terms(p),
        ["電子申請", "電子署名", "庁内ネットワーク", "電子調達"]
    );
    // The definition wrapped mid-word is whole, without the line break.
    assert_eq!(
        definition(p, "電子調達"),
        canon("物品や工事の入札を、インターネットを通じて行うこと。")
    );
}

mod odd_input {
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "用語解説",
        "用語集 - 3 - 用語集 A ASP 事業者を指す。 B BPR 業務改革。",
        "【ア】",
        "ア行",
        "A",
        "- 12 -",
        "61",
        "AI",
        "【クラウド】・・・",
        "1「DX」",
        "API(Application Programming Interface)",
        "「Society5.0」とは",
        "定義の文です。",
        "途中で折り返された定義の行で句点がないまま次の行へ続いていくもの",
        "\t",
        "|",
        "| A | AI | 人工知能。 |",
        "第2章 計画",
        "■用語",
        "Wi-Fi (ワイファイ)",
        "J – L I S",
        "",
        " ",
        "（",
        "」",
        "é",
        "GLOSSARY",
        "【Global Positioning System】",
        "用語集 1 【電子申請】 ・・・申請の仕組み。",
        "ICT サポーター 端末の使い方を教える人。 IP 電話 ネットで通話する電話サービス。 XR(Cross Reality) 仮想と現実を重ねる技術の総称。 ",
        "。\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any mix of glossary shapes converts without panicking, and every glossary
        /// span is a slice of the source.
        #[test]
        fn glossary_shapes_in_any_order_never_panic(
            lines in proptest::collection::vec(
                proptest::collection::vec(0..PIECES.len(), 1..4), 0..30)
        ) {
            let text: String = lines
                .iter()
                .map(|l| l.iter().map(|&i| PIECES[i]).collect::<String>() + "\n")
                .collect();
            if let Ok(doc) = crate::pipeline().run("odd.txt", text.as_bytes()) {
                for g in &doc.glossary {
                    prop_assert!(text.get(g.span.start..g.span.end).is_some(), "{g:?}");
                    prop_assert!(!g.term.is_empty() && !g.definition.is_empty());
                }
            }
        }
    }
}

#[test]
fn term_colon_definition_lines_make_a_glossary_without_a_heading_word() {
    // Under a label that is no glossary heading; the key-value lines above
    // (計画期間：…, 担当：…) are not entries, and a colon inside brackets is not the
    // term's.
    let p = "fixtures/glossary/colon-lines.txt";
    let t = terms(p);
    assert_eq!(t.len(), 3, "{t:?}");
    assert_eq!(&t[..2], ["オープンデータ", "電子決裁"]);
    assert!(t[2].starts_with("RPA("), "{t:?}");
    assert_eq!(
        definition(p, "電子決裁"),
        canon("紙の回議書に代えて、システム上で起案から決裁までを行う仕組み。")
    );
    let doc = convert(p);
    let source = std::fs::read_to_string(repo(p)).unwrap();
    let e = &doc.glossary[1];
    assert!(source[e.span.start..e.span.end].starts_with("電子決裁："));
}

/// Zero-width joiners and spaces pasted inside words (and a soft hyphen) hide nothing:
/// the seed's glossary comes out term for term, definition for definition.
#[test]
fn invisible_characters_inside_words_hide_no_entry() {
    let text = std::fs::read_to_string(repo("seeds/bibai-2021.txt")).unwrap();
    let marks = ['\u{200D}', '\u{200B}', '\u{00AD}', '\u{2060}'];
    let mut salted = String::new();
    for (i, c) in text.chars().enumerate() {
        salted.push(c);
        if i % 7 == 3 && !c.is_ascii() && c != '\n' {
            salted.push(marks[i % marks.len()]);
        }
    }
    let run = |t: &str| crate::pipeline().run("bibai.txt", t.as_bytes()).unwrap();
    let entries = |d: &keikaku::Document| {
        d.glossary
            .iter()
            .map(|g| (g.term.clone(), g.definition.clone()))
            .collect::<Vec<_>>()
    };
    let plain = run(&text);
    assert!(plain.glossary.len() > 20);
    let doc = run(&salted);
    assert_eq!(entries(&doc), entries(&plain));
    // Each term's span still slices the salted text to the term with its marks.
    for g in &doc.glossary {
        let s = &salted[g.span.start..g.span.end];
        let visible: String = s.chars().filter(|c| !marks.contains(c)).collect();
        assert!(!visible.is_empty());
    }
}

#[test]
fn a_flattened_glossary_under_kana_group_headings() {
    // The line breaks after `【ア】`, `【サ】` and a page's furniture (`12 用語解説`) were
    // lost: the group heading and the furniture open lines of entries.
    let p = "fixtures/glossary/flat-kana-groups.txt";
    let got: Vec<(String, Option<String>)> =
        entries(p).into_iter().map(|(t, g, _)| (t, g)).collect();
    let want = [
        ("アプリ", "ア"),
        ("オープンデータ", "ア"),
        ("庁内ネットワーク", "サ"),
    ];
    let want: Vec<(String, Option<String>)> = want
        .iter()
        .map(|(t, g)| (t.to_string(), Some(g.to_string())))
        .collect();
    assert_eq!(got, want);
    assert!(
        definition(p, "庁内ネットワーク").ends_with("情報通信網のことです。"),
        "the next page's entry is not run into the definition"
    );
    let doc = convert(p);
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.code == "glossary_entry_truncated" && w.message.contains("シビックテック"))
    );
}
