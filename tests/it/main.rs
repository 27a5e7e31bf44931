//! Integration tests: one binary (each test binary embeds the dictionary, so they are
//! kept together), one module per capability.

mod bad;
mod batch;
mod browser;
mod check;
mod cli;
mod corpus;
mod dictionary;
mod diff;
mod encodings;
mod export;
mod fuzz;
mod glossary;
mod ids;
mod lineage;
mod measures;
mod normalize;
mod pages;
mod pdf;
mod pdf_seeds;
mod pipes;
mod priorities;
mod review;
mod review_page;
mod snapshots;
mod stream;
mod themes;
mod variants;

use std::path::PathBuf;

/// A path inside the repository.
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The process-wide pipeline.
pub fn pipeline() -> &'static keikaku::Pipeline {
    static P: std::sync::OnceLock<keikaku::Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| keikaku::Pipeline::builder().build().expect("pipeline"))
}

/// Converts a repository file.
pub fn convert(path: &str) -> keikaku::Document {
    pipeline()
        .run_file(&repo(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Converts a seed and scores it against `fixtures/gold/<stem>.json`.
pub fn gold_scores(stem: &str) -> Vec<keikaku::eval::Score> {
    let doc = convert(&format!("seeds/{stem}.txt"));
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo(&format!("fixtures/gold/{stem}.json"))).unwrap(),
    )
    .unwrap();
    keikaku::eval::score(&gold, &doc)
}

/// The score of one kind, with its misses in the panic message when below `min_f1`.
pub fn assert_f1(scores: &[keikaku::eval::Score], kind: &str, min_f1: f64) {
    let s = scores
        .iter()
        .find(|s| s.kind == kind)
        .unwrap_or_else(|| panic!("gold has no {kind}"));
    assert!(
        s.f1 >= min_f1,
        "{kind}: F1 {:.3} < {min_f1} (P {:.3} R {:.3})\nmissed: {:#?}\nextra: {:#?}",
        s.f1,
        s.precision,
        s.recall,
        s.missed,
        s.extra
    );
}

/// The directory of third-party corpus texts (`../shared/corpus` beside the repository),
/// named by `KEIKAKU_CORPUS`. They may not be copied into the repository, so a fresh clone
/// has none: unset, the corpus tests are skipped with a message; set to a directory that
/// is missing, they fail.
pub fn corpus_dir() -> Option<PathBuf> {
    let Some(dir) = std::env::var_os("KEIKAKU_CORPUS") else {
        eprintln!("skipped: KEIKAKU_CORPUS is not set (set it to the shared corpus directory)");
        return None;
    };
    let dir = PathBuf::from(dir);
    assert!(
        dir.join("other-towns").is_dir(),
        "KEIKAKU_CORPUS={} has no other-towns/ directory",
        dir.display()
    );
    Some(dir)
}

/// Reads a corpus gold file.
pub fn read_json(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Converts the other towns' `docs/<name>.txt` and scores it against `gold/<name>.json`;
/// `None` (skipped) when `KEIKAKU_CORPUS` is not set.
pub fn corpus_scores(name: &str) -> Option<(keikaku::Document, Vec<keikaku::eval::Score>)> {
    let base = corpus_dir()?.join("other-towns");
    let doc = pipeline()
        .run_file(&base.join(format!("docs/{name}.txt")))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let gold = read_json(&base.join(format!("gold/{name}.json")));
    let scores = keikaku::eval::score(&gold, &doc);
    Some((doc, scores))
}

/// The kinds `keikaku::eval::score` scores when the gold lists them.
const SCORED_KINDS: &[&str] = &[
    "measures",
    "status_summaries",
    "priorities",
    "indicators",
    "glossary",
];

/// The kinds a gold file lists: a refused document scores 0 on each.
pub fn gold_kinds(gold: &serde_json::Value) -> impl Iterator<Item = &'static str> + '_ {
    SCORED_KINDS
        .iter()
        .copied()
        .filter(|k| gold.get(k).is_some())
}

/// The stems of the `gold/*.json` files of a document set, sorted.
pub fn gold_names(base: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(base.join("gold"))
        .unwrap_or_else(|e| panic!("{}: {e}", base.display()))
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "json").then(|| p.file_stem()?.to_str().map(String::from))?
        })
        .collect();
    names.sort();
    names
}

/// Runs `keikaku extract <input> -o <out> <extra…>`: exit code and stderr (never a
/// panic).
pub fn extract_to(
    input: &std::path::Path,
    out: &std::path::Path,
    extra: &[&str],
) -> (Option<i32>, String) {
    let o = assert_cmd::Command::cargo_bin("keikaku")
        .unwrap()
        .arg("extract")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (o.status.code(), err)
}
