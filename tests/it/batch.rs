//! Batch conversion as a user runs it: bad files among good ones, re-runs that skip
//! unchanged inputs, the same bytes on one thread or two, and old outputs kept whole.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::{extract_to, repo};

fn keikaku() -> Command {
    Command::cargo_bin("keikaku").unwrap()
}

/// Copies the seeds into `dir/in/` and returns that folder.
fn inputs(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for stem in ["ninohe-2021", "bibai-2021"] {
        std::fs::copy(
            repo(&format!("seeds/{stem}.txt")),
            input.join(format!("{stem}.txt")),
        )
        .unwrap();
    }
    input
}

/// Makes `dir/corpus/` with `docs` plans cut from the seeds (`keikaku bench
/// --make-corpus`) and a copy of the repository's file `extra` beside them.
fn corpus_with(dir: &Path, docs: usize, extra: &str) -> PathBuf {
    let corpus = dir.join("corpus");
    keikaku()
        .args(["bench", "--make-corpus"])
        .arg(&corpus)
        .args(["--docs", &docs.to_string(), "--seeds"])
        .arg(repo("seeds"))
        .assert()
        .success();
    let name = Path::new(extra).file_name().unwrap();
    std::fs::copy(repo(extra), corpus.join(name)).unwrap();
    corpus
}

/// The summary line's counts: (converted, skipped, failed).
fn counts(stderr: &str) -> (usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("keikaku: converted "))
        .unwrap_or_else(|| panic!("no summary line in {stderr}"));
    let n = |after: &str| -> usize {
        let rest = &line[line.find(after).unwrap() + after.len()..];
        rest.split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    (n("converted "), n("skipped "), n("failed "))
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn a_corrupt_file_among_good_ones_is_named_and_the_rest_converted() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    std::fs::copy(
        repo("fixtures/bad/truncated-sjis.txt"),
        input.join("corrupt.txt"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, err) = extract_to(&input, &out, &["--jobs", "2"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(counts(&err), (2, 0, 1), "{err}");
    let named = err
        .lines()
        .find(|l| l.contains("corrupt.txt"))
        .unwrap_or_else(|| panic!("the bad file is not named: {err}"));
    assert!(named.contains("invalid Shift_JIS at byte"), "{named}");
    for stem in ["ninohe-2021", "bibai-2021"] {
        let doc: keikaku::Document =
            serde_json::from_slice(&read(&out.join(format!("{stem}.json")))).unwrap();
        assert!(doc.source.path.ends_with(&format!("{stem}.txt")));
    }
    assert!(!out.join("corrupt.json").exists());
    for dir in [out.clone(), out.join(".keikaku/base")] {
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name() != ".keikaku")
            .collect();
        assert_eq!(names.len(), 2, "no temporary files left: {names:?}");
    }
}

#[test]
fn a_rerun_skips_unchanged_inputs_and_force_redoes_them() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let out = dir.path().join("out");
    let (code, err) = extract_to(&input, &out, &[]);
    assert_eq!((code, counts(&err)), (Some(0), (2, 0, 0)), "{err}");
    let target = out.join("bibai-2021.json");
    let first = read(&target);
    let modified = std::fs::metadata(&target).unwrap().modified().unwrap();

    let (code, err) = extract_to(&input, &out, &[]);
    assert_eq!((code, counts(&err)), (Some(0), (0, 2, 0)), "{err}");
    assert_eq!(
        std::fs::metadata(&target).unwrap().modified().unwrap(),
        modified,
        "a skipped output is not rewritten"
    );

    let (code, err) = extract_to(&input, &out, &["--force"]);
    assert_eq!((code, counts(&err)), (Some(0), (2, 0, 0)), "{err}");
    assert_eq!(read(&target), first, "the same input gives the same output");

    let (code, err) = extract_to(&input, &out, &["--quiet"]);
    assert_eq!(code, Some(0));
    assert!(err.is_empty(), "--quiet prints nothing on success: {err}");
}

#[test]
fn a_changed_input_or_an_output_not_from_this_keikaku_is_redone() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let out = dir.path().join("out");
    extract_to(&input, &out, &[]);

    // An edited input.
    let changed = input.join("ninohe-2021.txt");
    let mut text = read(&changed);
    text.extend_from_slice("\n付記 この計画は随時見直します。\n".as_bytes());
    std::fs::write(&changed, &text).unwrap();
    let (code, err) = extract_to(&input, &out, &[]);
    assert_eq!((code, counts(&err)), (Some(0), (1, 1, 0)), "{err}");
    let doc: keikaku::Document =
        serde_json::from_slice(&read(&out.join("ninohe-2021.json"))).unwrap();
    assert_eq!(doc.source.sha256, keikaku::decode::sha256_hex(&text));

    // An output written by another version, and one that no longer parses: the first
    // is converted again; the second may hold a reviewer's edits and is left alone
    // until it is fixed or deleted.
    let bibai = out.join("bibai-2021.json");
    let old = String::from_utf8(read(&bibai))
        .unwrap()
        .replace("\"version\": \"0.1.0\"", "\"version\": \"0.0.1\"");
    assert!(old.contains("0.0.1"));
    std::fs::write(&bibai, old).unwrap();
    let ninohe = out.join("ninohe-2021.json");
    let whole = read(&ninohe);
    let half = &whole[..whole.len() / 2];
    std::fs::write(&ninohe, half).unwrap();
    let (code, err) = extract_to(&input, &out, &[]);
    assert_eq!((code, counts(&err)), (Some(1), (1, 0, 1)), "{err}");
    assert!(err.contains("ninohe-2021.json:"), "{err}");
    assert_eq!(read(&ninohe), half, "a damaged output is not overwritten");
    std::fs::remove_file(&ninohe).unwrap();
    let (code, err) = extract_to(&input, &out, &[]);
    assert_eq!((code, counts(&err)), (Some(0), (1, 1, 0)), "{err}");
    assert_eq!(read(&ninohe), whole);
}

#[test]
fn one_job_and_two_jobs_write_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with(dir.path(), 12, "fixtures/encodings/kitayama-sjis-crlf.txt");
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    let (code, err) = extract_to(&corpus, &one, &["--jobs", "1"]);
    assert_eq!((code, counts(&err)), (Some(0), (13, 0, 0)), "{err}");
    let (code, err) = extract_to(&corpus, &two, &["--jobs", "2"]);
    assert_eq!((code, counts(&err)), (Some(0), (13, 0, 0)), "{err}");
    for e in std::fs::read_dir(&one).unwrap().flatten() {
        let name = e.file_name();
        if name == ".keikaku" {
            continue;
        }
        assert_eq!(
            read(&e.path()),
            read(&two.join(&name)),
            "{name:?} differs between 1 and 2 jobs"
        );
    }
    assert_eq!(
        std::fs::read_dir(&two).unwrap().count(),
        14,
        "13 outputs and .keikaku"
    );
    assert_eq!(
        std::fs::read_dir(two.join(".keikaku/base"))
            .unwrap()
            .count(),
        13
    );

    // JSON Lines on stdout come in input order, whatever the number of threads.
    let lines = |jobs: &str| {
        let o = keikaku()
            .args(["extract", "--jsonl", "--quiet", "--jobs", jobs])
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(o.status.success());
        o.stdout
    };
    let l1 = lines("1");
    assert_eq!(l1, lines("2"));
    let paths: Vec<String> = std::str::from_utf8(&l1)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<keikaku::Document>(l)
                .unwrap()
                .source
                .path
        })
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths.len(), 13);
    assert_eq!(paths, sorted, "directory order is kept");
}

#[test]
fn an_existing_output_is_kept_whole_when_its_input_turns_bad() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let out = dir.path().join("out");
    extract_to(&input, &out, &[]);
    let target = out.join("bibai-2021.json");
    let good = read(&target);
    serde_json::from_slice::<keikaku::Document>(&good).unwrap();

    std::fs::copy(
        repo("fixtures/bad/random-bytes.txt"),
        input.join("bibai-2021.txt"),
    )
    .unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let (code, err) = extract_to(&input, &out, extra);
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains("bibai-2021.txt") && err.contains("not text"),
            "{err}"
        );
        assert_eq!(read(&target), good, "the old output is untouched");
    }
}

#[test]
fn inputs_with_the_same_stem_are_refused_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::copy(repo("seeds/ninohe-2021.txt"), a.join("plan.txt")).unwrap();
    std::fs::copy(repo("seeds/bibai-2021.txt"), b.join("plan.txt")).unwrap();
    std::fs::copy(repo("seeds/bibai-2021.txt"), b.join("other.txt")).unwrap();
    let out = dir.path().join("out");
    let o = keikaku()
        .arg("extract")
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(counts(&err), (1, 0, 2), "{err}");
    let clash = err
        .lines()
        .find(|l| l.contains("a/plan.txt") && l.contains("b/plan.txt"))
        .unwrap_or_else(|| panic!("the clash names both files: {err}"));
    assert!(clash.contains("plan.json"), "{clash}");
    assert!(!out.join("plan.json").exists());
    assert!(out.join("other.json").is_file());
}

#[test]
fn the_benchmark_reports_every_stage_of_the_corpus_it_was_given() {
    let dir = tempfile::tempdir().unwrap();
    // A file that does not decode is left out and counted, not measured.
    let corpus = corpus_with(dir.path(), 6, "fixtures/bad/random-bytes.txt");
    let o = keikaku()
        .arg("bench")
        .arg(&corpus)
        .args(["--jobs", "2", "--rounds", "2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let bytes: u64 = (0..6)
        .map(|i| {
            std::fs::metadata(corpus.join(format!("plan-{i:05}.txt")))
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(r["docs"], 6);
    assert_eq!(r["bytes"], bytes);
    assert_eq!(r["undecodable"], 1);
    assert_eq!(r["failed"], 0);
    assert_eq!(r["rounds"], 2);
    for k in [
        "decode_mbps",
        "normalize_mbps",
        "tokenize_mbps",
        "pipeline_mbps",
    ] {
        assert!(r[k].as_f64().unwrap() > 0.0, "{k}: {}", r[k]);
    }
    let by_jobs = r["pipeline_mbps_by_jobs"].as_object().unwrap();
    assert_eq!(by_jobs.keys().collect::<Vec<_>>(), ["1", "2"]);
    assert_eq!(by_jobs["1"], r["pipeline_mbps"]);
    let ratio = r["pipeline_mbps"].as_f64().unwrap() / r["tokenize_mbps"].as_f64().unwrap();
    assert!((r["pipeline_vs_tokenize"].as_f64().unwrap() - ratio).abs() < 1e-9);
    // Every rate is the bytes over its stage's seconds.
    let secs = r["seconds"]["tokenize"].as_f64().unwrap();
    let rate = bytes as f64 / 1e6 / secs;
    assert!((r["tokenize_mbps"].as_f64().unwrap() - rate).abs() < 1e-6 * rate);
}

#[test]
fn fifos_devices_and_symlink_loops_never_hang_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let fifo = input.join("fifo.txt");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", input.join("zero.txt")).unwrap();
    std::os::unix::fs::symlink(".", input.join("loop1")).unwrap();
    std::os::unix::fs::symlink(".", input.join("loop2")).unwrap();
    std::fs::create_dir(input.join("folder.txt")).unwrap();
    let o = keikaku()
        .arg("extract")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out"))
        .args(["--jobs", "100000"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    for name in ["fifo.txt", "zero.txt", "loop1", "loop2", "--jobs 100000"] {
        assert!(err.contains(name), "{name} not named in: {err}");
    }
    assert_eq!(counts(&err), (2, 0, 0), "{err}");

    // Given directly, a FIFO is an error, not a wait for a writer.
    let o = keikaku()
        .arg("extract")
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("fifo.txt") && err.contains("FIFO"), "{err}");
}

#[test]
fn inputs_over_the_size_limit_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let (code, err) = extract_to(&input, &dir.path().join("out"), &["--max-bytes", "40000"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("ninohe-2021.txt: too large") && err.contains("--max-bytes"),
        "{err}"
    );
    assert_eq!(counts(&err), (1, 0, 1), "{err}");
}
