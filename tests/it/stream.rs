//! `keikaku stream`: JSON Lines in, one result line per input line out, equal byte for
//! byte to `extract --jsonl`; bad lines answered by error records while the lines after
//! them still convert; a closed pipe; and (opt-in, `KEIKAKU_SPARK=1`) the PySpark
//! example run in Spark's local mode.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use base64::Engine;
use serde_json::json;

use crate::repo;

fn bin() -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("keikaku"));
    c.current_dir(repo(""));
    c
}

/// Runs `keikaku stream <args>` with `input` on stdin: exit code, stdout, stderr.
fn stream(args: &[&str], input: &[u8]) -> (Option<i32>, String, String) {
    let mut child = bin()
        .arg("stream")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (o.status.code(), String::from_utf8(o.stdout).unwrap(), err)
}

fn text_line(path: &str) -> String {
    let text = std::fs::read_to_string(repo(path)).unwrap();
    json!({"path": path, "text": text}).to_string()
}

fn base64_line(path: &str, bytes: &[u8]) -> String {
    let b = base64::engine::general_purpose::STANDARD.encode(bytes);
    json!({"path": path, "base64": b}).to_string()
}

fn extract_jsonl(paths: &[&str]) -> String {
    let o = bin()
        .arg("extract")
        .args(paths)
        .args(["--jsonl", "--quiet"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn stream_output_equals_extract_jsonl_byte_for_byte() {
    let bibai = std::fs::read(repo("seeds/bibai-2021.txt")).unwrap();
    let input = format!(
        "{}\n{}\n",
        text_line("seeds/ninohe-2021.txt"),
        base64_line("seeds/bibai-2021.txt", &bibai)
    );
    let expected = extract_jsonl(&["seeds/ninohe-2021.txt", "seeds/bibai-2021.txt"]);
    for jobs in ["1", "2"] {
        let (code, out, err) = stream(&["--jobs", jobs], input.as_bytes());
        assert_eq!(code, Some(0), "{err}");
        assert!(
            out == expected,
            "--jobs {jobs}: stream output differs from extract --jsonl"
        );
        assert_eq!(err, "keikaku: streamed 2 lines: converted 2, errors 0\n");
    }
}

#[test]
fn a_shift_jis_file_sent_as_base64_records_its_own_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo("seeds/bibai-2021.txt")).unwrap();
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let file = dir.path().join("bibai-sjis.txt");
    std::fs::write(&file, &sjis).unwrap();
    let name = file.to_str().unwrap();
    let input = format!("{}\n", base64_line(name, &sjis));
    let (code, out, err) = stream(&["--quiet"], input.as_bytes());
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, extract_jsonl(&[name]));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["source"]["encoding"], "Shift_JIS");
    assert_eq!(doc["source"]["bytes"], sjis.len());
}

#[test]
fn a_bad_line_is_an_error_record_and_the_lines_after_it_still_convert() {
    let ninohe = text_line("seeds/ninohe-2021.txt");
    let bibai = text_line("seeds/bibai-2021.txt");
    let long = json!({"path": "long.txt", "text": "x".repeat(300_000)}).to_string();
    let lines = [
        "this is not JSON".to_string(),
        ninohe.clone(),
        r#"{"text": "no path"}"#.to_string(),
        r#"{"path": "b.txt", "base64": "not base64!"}"#.to_string(),
        r#"{"path": "plain.txt", "text": "今日は晴れ。明日は雨。"}"#.to_string(),
        String::new(),
        r#"[1, 2]"#.to_string(),
        r#"{"path": "c.txt"}"#.to_string(),
        long,
        bibai.clone(),
    ];
    // --max-bytes above either seed (both under 200 kB) but below the long line.
    let (code, out, err) = stream(&["--max-bytes", "250000"], lines.join("\n").as_bytes());
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(err, "keikaku: streamed 10 lines: converted 2, errors 8\n");
    let got: Vec<&str> = out.lines().collect();
    assert_eq!(got.len(), 10, "one result line per input line");
    let docs = extract_jsonl(&["seeds/ninohe-2021.txt", "seeds/bibai-2021.txt"]);
    let docs: Vec<&str> = docs.lines().collect();
    assert_eq!(got[1], docs[0]);
    assert_eq!(got[9], docs[1]);
    let record = |i: usize| -> serde_json::Value { serde_json::from_str(got[i]).unwrap() };
    assert_eq!(
        record(0),
        json!({"path": null, "line": 1, "error": "not JSON: expected ident at line 1 column 2"})
    );
    assert_eq!(
        record(2),
        json!({"path": null, "line": 3, "error": "no \"path\" string"})
    );
    assert_eq!(record(3)["path"], "b.txt");
    assert!(
        record(3)["error"]
            .as_str()
            .unwrap()
            .starts_with("\"base64\" is not valid base64"),
        "{}",
        got[3]
    );
    assert_eq!(
        record(4),
        json!({"path": "plain.txt", "line": 5, "error":
            "this does not look like a plan: no title, measures, priorities, indicators or glossary, and no plan vocabulary"})
    );
    assert_eq!(record(5)["error"], "an empty line, not a JSON object");
    assert_eq!(record(6)["error"], "not a JSON object");
    assert_eq!(
        record(7),
        json!({"path": "c.txt", "line": 8, "error": "no \"text\" or \"base64\" string"})
    );
    assert_eq!(record(8)["path"], serde_json::Value::Null);
    assert_eq!(record(8)["line"], 9);
    assert!(
        record(8)["error"]
            .as_str()
            .unwrap()
            .contains("more than the limit of 250000"),
        "{}",
        got[8]
    );
}

#[test]
fn a_closed_stdout_ends_the_stream_quietly() {
    let line = text_line("seeds/ninohe-2021.txt");
    let input: String = std::iter::repeat_n(format!("{line}\n"), 40).collect();
    let mut child = bin()
        .args(["stream", "--jobs", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut out = child.stdout.take().unwrap();
    let mut buf = [0; 10];
    out.read_exact(&mut buf).unwrap();
    drop(out);
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
}

/// Opt-in (`KEIKAKU_SPARK=1`, with `pyspark` installed and Java on the path; the
/// Python to use in `KEIKAKU_PYTHON`): `examples/spark/keikaku_spark.py` pipes the
/// seeds through `keikaku stream` in Spark's local mode, and its output holds the
/// documents `extract --jsonl` writes.
#[test]
fn the_spark_example_runs_in_local_mode() {
    if std::env::var_os("KEIKAKU_SPARK").is_none() {
        eprintln!("skipped: set KEIKAKU_SPARK=1 (and pip install pyspark) to run it");
        return;
    }
    let python = std::env::var("KEIKAKU_PYTHON").unwrap_or_else(|_| "python3".into());
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let bibai = std::fs::read(repo("seeds/bibai-2021.txt")).unwrap();
    std::fs::write(
        &input,
        format!(
            "{}\n{}\nnot json\n",
            text_line("seeds/ninohe-2021.txt"),
            base64_line("seeds/bibai-2021.txt", &bibai)
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = Command::new(python)
        .arg(repo("examples/spark/keikaku_spark.py"))
        .arg(&input)
        .arg(&out)
        .arg("--keikaku")
        .arg(assert_cmd::cargo::cargo_bin("keikaku"))
        .current_dir(repo(""))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let mut lines = Vec::new();
    let mut parts: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("part-")
        })
        .collect();
    parts.sort();
    for p in parts {
        lines.extend(
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .map(String::from),
        );
    }
    let expected = extract_jsonl(&["seeds/ninohe-2021.txt", "seeds/bibai-2021.txt"]);
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert_eq!(lines[0], expected[0]);
    assert_eq!(lines[1], expected[1]);
    let record: serde_json::Value = serde_json::from_str(&lines[2]).unwrap();
    assert!(record["error"].as_str().unwrap().starts_with("not JSON"));
}
