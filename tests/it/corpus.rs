//! Whole sets of documents against their gold: the other towns' real excerpts (when
//! `KEIKAKU_CORPUS` is set) and the invented held-out excerpts of `fixtures/unseen/`, in
//! layouts the readers were not written for. Each prints a table of F1 per document and
//! kind on stderr, and holds the mean over all of them to a floor that only rises. The
//! target for the other towns is a mean of 0.95.

use std::path::Path;

use crate::{corpus_dir, gold_kinds, gold_names, pipeline, read_json, repo};

/// The mean F1 over every (document, kind) of `other-towns/gold` reached today.
const OTHER_TOWNS_FLOOR: f64 = 0.99;

/// The mean F1 over every (document, kind) of `fixtures/unseen/gold` reached today.
const UNSEEN_FLOOR: f64 = 0.98;

/// Scores every `docs/<name>.txt` of `base` against `gold/<name>.json` and returns the
/// mean F1; a refused document scores 0 on every kind its gold lists.
fn mean_f1(base: &Path) -> f64 {
    let names = gold_names(base);
    assert!(!names.is_empty(), "no gold files in {}", base.display());
    let mut f1s = Vec::new();
    for name in &names {
        let gold = read_json(&base.join(format!("gold/{name}.json")));
        let doc = match pipeline().run_file(&base.join(format!("docs/{name}.txt"))) {
            Ok(doc) => doc,
            Err(e) => {
                for kind in gold_kinds(&gold) {
                    eprintln!("{name:<40} {kind:<16} refused: {e}");
                    f1s.push(0.0);
                }
                continue;
            }
        };
        for s in keikaku::eval::score(&gold, &doc) {
            eprintln!(
                "{name:<40} {:<16} gold {:>3} out {:>3} ok {:>3} F1 {:.3}",
                s.kind, s.gold, s.predicted, s.correct, s.f1
            );
            f1s.push(s.f1);
        }
    }
    let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
    eprintln!(
        "{}: mean F1 over {} scores: {mean:.3}",
        base.display(),
        f1s.len()
    );
    mean
}

#[test]
fn other_towns_mean_f1() {
    let Some(dir) = corpus_dir() else { return };
    let mean = mean_f1(&dir.join("other-towns"));
    assert!(
        mean >= OTHER_TOWNS_FLOOR,
        "mean F1 {mean:.3} < {OTHER_TOWNS_FLOOR}"
    );
}

#[test]
fn unseen_layouts_mean_f1() {
    let mean = mean_f1(&repo("fixtures/unseen"));
    assert!(mean >= UNSEEN_FLOOR, "mean F1 {mean:.3} < {UNSEEN_FLOOR}");
}

/// Text for comparing titles: NFKC, without whitespace.
fn squeezed(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Precision, recall and F1 of `found` against `gold` (multisets of strings).
fn prf(gold: &[String], found: &[String]) -> (f64, f64, f64) {
    let mut left = gold.to_vec();
    let mut ok = 0;
    for f in found {
        if let Some(i) = left.iter().position(|g| g == f) {
            left.swap_remove(i);
            ok += 1;
        }
    }
    let p = if found.is_empty() {
        0.0
    } else {
        ok as f64 / found.len() as f64
    };
    let r = if gold.is_empty() {
        1.0
    } else {
        ok as f64 / gold.len() as f64
    };
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f1)
}

/// The two PDFs' text of `pdftotext/` (with `-layout` in `docs/`, without in
/// `docs-raw/`): their numbered actions come out as measures (F1 ≥ 0.95) and every
/// heading of their gold as a section (number and title; recall ≥ 0.95 — the numbered
/// actions are sections too, so precision is printed, not held).
#[test]
fn pdftotext_texts_give_their_actions_and_headings() {
    let Some(dir) = corpus_dir() else { return };
    let base = dir.join("pdftotext");
    let names = gold_names(&base);
    assert_eq!(names.len(), 2, "{names:?}");
    let mut failed = Vec::new();
    for variant in ["docs", "docs-raw"] {
        for name in &names {
            let gold = read_json(&base.join(format!("gold/{name}.json")));
            let doc = pipeline()
                .run_file(&base.join(format!("{variant}/{name}.txt")))
                .unwrap_or_else(|e| panic!("{variant}/{name}: {e}"));
            let list = |key: &str, f: &dyn Fn(&serde_json::Value) -> String| -> Vec<String> {
                gold[key].as_array().unwrap().iter().map(f).collect()
            };
            let actions = list("actions", &|a| squeezed(a["title"].as_str().unwrap()));
            let measures: Vec<String> = doc.measures.iter().map(|m| squeezed(&m.title)).collect();
            let (p, r, f1) = prf(&actions, &measures);
            eprintln!(
                "{variant}/{name:<40} actions  gold {:>3} out {:>3} P {p:.3} R {r:.3} F1 {f1:.3}",
                actions.len(),
                measures.len()
            );
            if f1 < 0.95 {
                failed.push(format!("{variant}/{name}: actions F1 {f1:.3}"));
            }
            let headings = list("headings", &|h| {
                squeezed(&format!(
                    "{}{}",
                    h["number"].as_str().unwrap(),
                    h["title"].as_str().unwrap()
                ))
            });
            let sections: Vec<String> = doc
                .sections
                .iter()
                .map(|s| squeezed(&format!("{}{}", s.number.as_deref().unwrap_or(""), s.title)))
                .collect();
            let (p, r, f1) = prf(&headings, &sections);
            eprintln!(
                "{variant}/{name:<40} headings gold {:>3} out {:>3} P {p:.3} R {r:.3} F1 {f1:.3}",
                headings.len(),
                sections.len()
            );
            if r < 0.95 {
                failed.push(format!("{variant}/{name}: headings recall {r:.3}"));
            }
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}
