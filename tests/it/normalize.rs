//! Normalization on the seeds and on fixtures in other towns' shapes: letter-spaced and
//! full-width Latin gone, ranges and minus signs kept, wrapped sentences rejoined, table
//! rows untouched, idempotent, and every section's span pointing at text that
//! normalizes back to it.

use keikaku::normalize::{Normalized, Normalizer};
use regex::Regex;

use crate::{convert, pipeline, repo};

const SEEDS: [&str; 2] = ["ninohe-2021", "bibai-2021"];

fn source(path: &str) -> String {
    let bytes = std::fs::read(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    keikaku::decode::decode(&bytes, None)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .text
}

fn normalize(text: &str) -> Normalized {
    pipeline().normalizer().normalize(text)
}

fn seed(stem: &str) -> (String, Normalized) {
    let src = source(&format!("seeds/{stem}.txt"));
    let n = normalize(&src);
    (src, n)
}

#[test]
fn no_letter_spaced_or_full_width_latin_is_left() {
    let spaced = Regex::new(r"(?:^|[^A-Za-z])[A-Za-z] [A-Za-z] [A-Za-z](?:[^A-Za-z]|$)").unwrap();
    for stem in SEEDS {
        let (src, n) = seed(stem);
        assert!(
            spaced.is_match(&src),
            "{stem}: the seed has letter-spaced Latin"
        );
        for (i, line) in n.text.lines().enumerate() {
            assert!(!spaced.is_match(line), "{stem}: line {}: {line}", i + 1);
            let wide = line.chars().find(|c| {
                matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
            });
            assert_eq!(wide, None, "{stem}: line {}: {line}", i + 1);
        }
    }
}

#[test]
fn letter_spaced_terms_close_up() {
    let (_, ninohe) = seed("ninohe-2021");
    let (_, bibai) = seed("bibai-2021");
    for (text, want) in [
        (&ninohe.text, "Society5.0に対応した産業へのICTの活用"),
        (&ninohe.text, "避難所WI-FI整備"),
        (&ninohe.text, "GISデータの充実"),
        (&ninohe.text, "LG-WAN、インターネット"),
        (&bibai.text, "\nJ-LIS\n"),
        (&bibai.text, "\nLGWAN\n"),
        (&bibai.text, "\neラーニング\n"),
        (&bibai.text, "Artificial Intelligence(人工知能)の略"),
    ] {
        assert!(text.contains(want), "missing {want:?}");
    }
}

#[test]
fn ranges_and_minus_signs_stay() {
    let (_, ninohe) = seed("ninohe-2021");
    assert!(ninohe.text.contains("令和3年度～令和7年度"));
    // `－` between words or numbers is a dash; only before a number is it a minus.
    assert!(ninohe.text.contains("(H 28-32)") && ninohe.text.contains("行政情報-契約"));
    for stem in SEEDS {
        let (src, n) = seed(stem);
        let count = |s: &str, marks: &[char]| s.chars().filter(|c| marks.contains(c)).count();
        assert_eq!(
            count(&src, &['～', '〜']),
            count(&n.text, &['～']),
            "{stem}: range marks"
        );
        // Dashes are never dropped nor turned into a long-vowel mark; inside
        // letter-spaced Latin (`W I－F I`) a dash becomes `-`.
        let dashes = ['－', '-', '–', '—'];
        assert_eq!(
            count(&src, &dashes),
            count(&n.text, &dashes),
            "{stem}: dashes"
        );
        assert_eq!(
            count(&src, &['①', '②', '③', '④']),
            count(&n.text, &['①', '②', '③', '④'])
        );
    }
}

#[test]
fn wrapped_sentences_are_rejoined() {
    let (src, n) = seed("bibai-2021");
    // Source lines 234-238 and 242-246 are two paragraphs a PDF wrapped; 248-249 a third.
    let lines: Vec<&str> = src.lines().collect();
    assert!(lines[233].ends_with("ところで") && lines[234].starts_with("す。"));
    let joined = n
        .text
        .lines()
        .find(|l| l.contains("想定されているところです。"))
        .expect("ところです。");
    assert!(joined.starts_with("ICT の発展に伴い") && joined.ends_with("仕組みづくりに努めます。"));
    assert!(joined.contains("コンピュータネットワーク等を利用したeラーニング研修"));
    let joined = n
        .text
        .lines()
        .find(|l| l.contains("行政専用のネットワーク"))
        .expect("行政専用");
    assert!(joined.starts_with("本市では") && joined.ends_with("必要な対策を講じていきます。"));
    assert!(joined.contains("構築をはじめ、") && joined.contains("システムの活用や"));
    assert!(
        n.text
            .contains("市職員の情報セキュリティ及び個人情報保護の意識向上に努めます。")
    );
}

#[test]
fn table_rows_are_untouched() {
    for stem in SEEDS {
        let (src, n) = seed(stem);
        let cells = |text: &str| -> Vec<usize> {
            text.lines()
                .filter(|l| l.contains('\t'))
                .map(|l| l.split('\t').count())
                .collect()
        };
        let before = cells(&src);
        assert!(before.len() > 10, "{stem}: the seed has tables");
        assert_eq!(before, cells(&n.text), "{stem}: cells per row");
    }
}

#[test]
fn normalizing_again_changes_nothing() {
    for stem in SEEDS {
        let (_, n) = seed(stem);
        assert_eq!(normalize(&n.text).text, n.text, "{stem}");
    }
}

#[test]
fn section_spans_point_at_text_that_normalizes_to_the_section() {
    let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    for stem in SEEDS {
        let src = source(&format!("seeds/{stem}.txt"));
        let doc = convert(&format!("seeds/{stem}.txt"));
        assert!(doc.sections.len() > 5, "{stem}: sections");
        for s in &doc.sections {
            let original = &src[s.span.start..s.span.end];
            let again = normalize(original).text;
            // The span is the whole heading: number (or a mark such as `■`) and title.
            let again = squeeze(&again);
            let number = s.number.as_deref().unwrap_or("");
            assert!(
                again.starts_with(number) && again.ends_with(&squeeze(&s.title)),
                "{stem}: line {}: {again:?} is not {number:?} + {:?}",
                s.span.line,
                s.title
            );
            assert!(
                again.chars().count()
                    <= squeeze(&s.title).chars().count() + number.chars().count() + 1
            );
            assert_eq!(src[..s.span.start].matches('\n').count() + 1, s.span.line);
        }
    }
}

#[test]
fn a_wrapped_glossary_keeps_terms_on_their_lines() {
    let n = normalize(&source("fixtures/normalize/wrapped-glossary.txt"));
    let lines: Vec<&str> = n.text.lines().collect();
    assert_eq!(
        lines,
        [
            "用語集",
            "【カ】",
            "クラウドサービス",
            "利用者が手元に機器やソフトウェアを持たず、ネットワークを通じて必要な機能を必要な分だけ利用する形態のサービスのことです。",
            "コンビニ交付",
            "マイナンバーカードを使って、全国のコンビニエンスストアで住民票の写しなどを受け取れるサービスです。",
            "【サ】",
            "情報リテラシー",
            "情報を適切に読み解き、活用する能力のことで、デジタル社会で暮らすために欠かせないものです。",
        ]
    );
}

#[test]
fn a_flattened_glossary_keeps_the_space_before_each_definition() {
    let n = normalize(&source("fixtures/normalize/flattened-glossary.txt"));
    for want in [
        "データを地図上で扱うソフトウェアをいう。",
        "コンピュータで読み取りやすい",
        "オープンデータ 誰もが二次利用",
        "CSIRT 情報セキュリティ",
    ] {
        assert!(n.text.contains(want), "missing {want:?} in {}", n.text);
    }
}

#[test]
fn rules_switch_off_by_name() {
    let src = "Ｉ Ｃ Ｔ\n行政専\n用";
    let all = Normalizer::default().normalize(src).text;
    assert_eq!(all, "ICT\n行政専用");
    let rules: Vec<_> = keikaku::normalize::Rule::ALL
        .iter()
        .copied()
        .filter(|r| r.name() != "line-join")
        .collect();
    assert_eq!(
        Normalizer::with_rules(&rules).normalize(src).text,
        "ICT\n行政専\n用"
    );
}

#[test]
fn the_command_prints_text_explains_changes_and_names_bad_files() {
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("keikaku")
            .unwrap()
            .current_dir(repo("."))
            .arg("normalize")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, text, _) = run(&["seeds/bibai-2021.txt"]);
    assert!(ok);
    assert_eq!(text, seed("bibai-2021").1.text);

    let (ok, explain, _) = run(&["seeds/bibai-2021.txt", "--explain"]);
    assert!(ok);
    for want in [
        "seeds/bibai-2021.txt:275\tletter-spacing\tJ – L I S → J-LIS\n",
        "seeds/bibai-2021.txt:242\tline-join\t行政専⏎用のネ → 行政専用のネ\n",
    ] {
        assert!(explain.contains(want), "missing {want:?} in\n{explain}");
    }

    let (ok, text, _) = run(&["seeds/bibai-2021.txt", "--no-rule", "line-join"]);
    assert!(ok && text.contains("行政専\n用のネットワーク") && text.contains("J-LIS"));
    let (ok, text, _) = run(&["seeds/bibai-2021.txt", "--rules", "width"]);
    assert!(ok && text.contains("J – L I S"));

    let (ok, _, err) = run(&["no/such/plan.txt"]);
    assert!(!ok && err.contains("no/such/plan.txt"), "{err}");
    let (ok, _, err) = run(&["seeds/bibai-2021.txt", "--no-rule", "nfkc"]);
    assert!(
        !ok && err.contains("nfkc") && err.contains("letter-spacing"),
        "{err}"
    );
    let (ok, _, err) = run(&["fixtures/bad/random-bytes.txt"]);
    assert!(
        !ok && err.contains("random-bytes.txt") && !err.contains("panicked"),
        "{err}"
    );
}
