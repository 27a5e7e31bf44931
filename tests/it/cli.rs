//! The `keikaku` command as a user runs it.

use assert_cmd::Command;

use crate::repo;

fn keikaku() -> Command {
    Command::cargo_bin("keikaku").unwrap()
}

#[test]
fn extract_a_seed_to_stdout() {
    let out = keikaku()
        .arg("extract")
        .arg(repo("seeds/ninohe-2021.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema_version"], "1");
    assert_eq!(doc["document"]["municipality"], "二戸市");
    assert_eq!(doc["document"]["prefecture"], "岩手県");
    assert_eq!(doc["document"]["published"]["year"], 2021);
    assert_eq!(doc["document"]["published"]["month"], 3);
    assert_eq!(doc["document"]["period"]["start_fiscal_year"], 2021);
    assert_eq!(doc["document"]["period"]["end_fiscal_year"], 2025);
    assert_eq!(doc["source"]["bytes"], 61039);
}

#[test]
fn bibai_metadata() {
    let doc = crate::convert("seeds/bibai-2021.txt");
    let m = &doc.document;
    assert_eq!(m.title.as_deref(), Some("美唄市情報化推進計画"));
    assert_eq!(m.edition.as_deref(), Some("第4次改訂"));
    assert_eq!(m.municipality.as_deref(), Some("美唄市"));
    assert_eq!(m.prefecture.as_deref(), Some("北海道"));
    let p = m.period.as_ref().unwrap();
    assert_eq!((p.start_fiscal_year, p.end_fiscal_year), (2021, Some(2025)));
}

#[test]
fn sections_point_at_their_source_text() {
    let doc = crate::convert("seeds/ninohe-2021.txt");
    let source = std::fs::read_to_string(repo("seeds/ninohe-2021.txt")).unwrap();
    let ch3: Vec<_> = doc
        .sections
        .iter()
        .filter(|s| s.number.as_deref() == Some("第3章"))
        .collect();
    assert_eq!(
        ch3.len(),
        1,
        "the page header 第3章 inside the table is not a second chapter"
    );
    assert_eq!(ch3[0].title, "情報化の現状");
    assert_eq!(ch3[0].span.line, 219);
    assert_eq!(
        &source[ch3[0].span.start..ch3[0].span.end],
        "第3章\n\n情報化の現状"
    );
    for s in &doc.sections {
        let text = &source[s.span.start..s.span.end];
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let first_char = s.title.chars().next().unwrap();
        assert!(
            squeezed.contains(first_char) || squeezed.chars().any(|c| c as u32 >= 0xFF00),
            "section {:?} span {:?} → {:?}",
            s.title,
            s.span,
            text
        );
    }
}

#[test]
fn directory_to_output_dir_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    keikaku()
        .arg("extract")
        .arg(repo("seeds"))
        .arg("-o")
        .arg(dir.path())
        .assert()
        .success();
    for stem in ["ninohe-2021", "bibai-2021"] {
        let text = std::fs::read_to_string(dir.path().join(format!("{stem}.json"))).unwrap();
        let doc: keikaku::Document = serde_json::from_str(&text).unwrap();
        assert!(doc.document.title.unwrap().contains("計画"));
    }
    let out = keikaku()
        .args(["extract", "--jsonl"])
        .arg(repo("seeds/ninohe-2021.txt"))
        .arg(repo("seeds/bibai-2021.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 2);
    for l in lines {
        serde_json::from_str::<keikaku::Document>(l).unwrap();
    }
}

#[test]
fn stdin_is_read_with_dash() {
    let bytes = std::fs::read(repo("fixtures/encodings/kitayama-sjis-crlf.txt")).unwrap();
    let out = keikaku()
        .args(["extract", "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["source"]["path"], "-");
    assert_eq!(doc["source"]["encoding"], "Shift_JIS");
}

#[test]
fn bad_inputs_name_the_file_and_fail() {
    for (file, says) in [
        ("fixtures/bad/empty.txt", "empty"),
        ("fixtures/bad/random-bytes.txt", "not text"),
        (
            "fixtures/bad/truncated-sjis.txt",
            "invalid Shift_JIS at byte 30 (line 3)",
        ),
        ("fixtures/bad/not-a-plan.txt", "does not look like a plan"),
    ] {
        let out = keikaku().arg("extract").arg(repo(file)).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(file) && err.contains(says), "{file}: {err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
        assert!(out.stdout.is_empty());
    }
    let out = keikaku()
        .args(["extract", "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}

#[test]
fn a_bad_file_in_a_batch_is_reported_and_the_rest_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = keikaku()
        .arg("extract")
        .arg(repo("seeds/bibai-2021.txt"))
        .arg(repo("fixtures/bad/random-bytes.txt"))
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("random-bytes.txt"));
    assert!(dir.path().join("bibai-2021.json").is_file());
    assert!(!dir.path().join("random-bytes.json").exists());
}

#[test]
fn encoding_override_and_unknown_encoding() {
    let out = keikaku()
        .args(["extract", "--encoding", "shift_jis"])
        .arg(repo("seeds/bibai-2021.txt"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "UTF-8 bytes read as Shift_JIS are invalid somewhere"
    );
    let out = keikaku()
        .args(["extract", "--encoding", "klingon"])
        .arg(repo("seeds/bibai-2021.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("klingon"));
}

#[test]
fn schema_is_json_schema_and_outputs_validate_its_required_keys() {
    let out = keikaku().arg("schema").output().unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let required = schema["required"].as_array().unwrap();
    for key in [
        "schema_version",
        "source",
        "document",
        "sections",
        "measures",
        "glossary",
        "warnings",
    ] {
        assert!(required.iter().any(|r| r == key), "{key} required");
    }
}

#[test]
fn tokens_command_prints_readings() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("t.txt");
    std::fs::write(&f, "マイナンバーカードの普及計画").unwrap();
    let out = keikaku().arg("tokens").arg(&f).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("マイナンバーカード\t名詞"), "{text}");
}
