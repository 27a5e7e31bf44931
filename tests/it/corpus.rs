//! Whole sets of documents against their gold: the other towns' real excerpts (when
//! `KEIKAKU_CORPUS` is set) and the invented held-out excerpts of `fixtures/unseen/`, in
//! layouts the readers were not written for. Each prints a table of F1 per document and
//! kind on stderr, and holds the mean over all of them to a floor that only rises. The
//! target for the other towns is a mean of 0.95.

use std::path::Path;

use crate::{corpus_dir, gold_kinds, gold_names, pipeline, read_json, repo};

/// The mean F1 over every (document, kind) of `other-towns/gold` reached today.
const OTHER_TOWNS_FLOOR: f64 = 0.93;

/// The mean F1 over every (document, kind) of `fixtures/unseen/gold` reached today.
const UNSEEN_FLOOR: f64 = 0.89;

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
