//! The command line under pipes and odd arguments: a reader that stops early, a full
//! disk, `-o` naming a file, `--jsonl` with `-o`, and paths spelt two ways.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::repo;

fn bin() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("keikaku"))
}

/// Runs keikaku with `args`, reads `keep` bytes of its output and closes the pipe:
/// exit code and stderr.
fn closed_early(args: &[&str], keep: usize) -> (Option<i32>, String) {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut buf = vec![0; keep];
    out.read_exact(&mut buf).unwrap();
    drop(out);
    let o = child.wait_with_output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_closed_stdout_ends_quietly_with_success() {
    let seed = repo("seeds/ninohe-2021.txt");
    let seed = seed.to_str().unwrap();
    for args in [
        vec!["tokens", seed],
        vec!["normalize", seed],
        vec!["text", seed],
        vec!["extract", seed],
        vec!["schema"],
    ] {
        let (code, err) = closed_early(&args, 10);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn a_full_disk_is_a_write_error_naming_stdout() {
    let seed = repo("seeds/bibai-2021.txt");
    for args in [vec!["schema"], vec!["extract", seed.to_str().unwrap()]] {
        let o = bin()
            .args(&args)
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("cannot write") && err.contains("<stdout>") && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn output_options_that_cannot_work_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.json");
    std::fs::write(&file, "{}").unwrap();
    let seed = repo("seeds/bibai-2021.txt");
    let o = bin()
        .arg("extract")
        .arg(&seed)
        .arg("-o")
        .arg(&file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("out.json") && err.contains("not a directory"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "{}");

    let o = bin()
        .arg("extract")
        .arg(&seed)
        .arg("--jsonl")
        .arg("-o")
        .arg(dir.path().join("d"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("--jsonl") && err.contains("--output"), "{err}");
}

#[test]
fn source_path_is_the_same_however_the_path_is_spelt() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo("seeds/bibai-2021.txt"), dir.path().join("a.txt")).unwrap();
    let path_of = |arg: &str| -> String {
        let o = bin()
            .current_dir(dir.path())
            .args(["extract", arg])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["source"]["path"].as_str().unwrap().to_string()
    };
    assert_eq!(path_of("./a.txt"), "a.txt");
    assert_eq!(path_of("a.txt"), "a.txt");
    assert_eq!(path_of(".//a.txt"), "a.txt");
}
