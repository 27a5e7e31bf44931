//! `keikaku diff` between two outputs, and `keikaku eval` refusing what is not gold for
//! the output's source.

use assert_cmd::Command;
use serde_json::{Value, json};

use crate::repo;

fn keikaku() -> Command {
    Command::cargo_bin("keikaku").unwrap()
}

/// Writes a seed's output to `dir/<name>` and returns its path and value.
fn output(dir: &std::path::Path, stem: &str, name: &str) -> (std::path::PathBuf, Value) {
    let doc = crate::convert(&format!("seeds/{stem}.txt"));
    let p = dir.join(name);
    std::fs::write(&p, keikaku::emit::to_json(&doc)).unwrap();
    (p, serde_json::to_value(&doc).unwrap())
}

#[test]
fn an_output_against_itself_is_equal() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = output(dir.path(), "ninohe-2021", "a.json");
    let out = keikaku().arg("diff").arg(&a).arg(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_status_change_and_a_deletion_are_reported_with_their_pointers() {
    let dir = tempfile::tempdir().unwrap();
    let (a, mut v) = output(dir.path(), "ninohe-2021", "a.json");
    let removed = v["measures"][0]["id"].as_str().unwrap().to_string();
    let changed = v["measures"][5]["id"].as_str().unwrap().to_string();
    let old = v["measures"][5]["status"]["code"].clone();
    assert_ne!(old, json!("completed"));
    v["measures"][5]["status"]["code"] = json!("completed");
    v["measures"].as_array_mut().unwrap().remove(0);
    let b = dir.path().join("b.json");
    std::fs::write(&b, serde_json::to_string_pretty(&v).unwrap()).unwrap();

    let out = keikaku().arg("diff").arg(&a).arg(&b).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with(&format!("removed /measures/0 [{removed}]: ")),
        "{text}"
    );
    assert_eq!(
        lines[1],
        format!("changed /measures/4/status/code [{changed}]: {old} → \"completed\"")
    );

    let out = keikaku()
        .args(["diff", "--json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["equal"], json!(false));
    let changes = report["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0]["op"], "removed");
    assert_eq!(changes[0]["pointer"], "/measures/0");
    assert_eq!(changes[0]["id"], json!(removed));
    assert_eq!(changes[1]["op"], "changed");
    assert_eq!(changes[1]["pointer"], "/measures/4/status/code");
    assert_eq!(changes[1]["old_pointer"], "/measures/5/status/code");
    assert_eq!(changes[1]["old"], old);
    assert_eq!(changes[1]["new"], "completed");
}

#[test]
fn an_unreadable_or_broken_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = output(dir.path(), "bibai-2021", "a.json");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"a\": 1,,\n}\n").unwrap();
    let out = keikaku().arg("diff").arg(&a).arg(&broken).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:2:10: syntax error", broken.display())),
        "{stderr}"
    );
    let out = keikaku()
        .arg("diff")
        .arg(&a)
        .arg(dir.path().join("none.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn eval_refuses_what_is_not_gold_for_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let (ninohe, _) = output(dir.path(), "ninohe-2021", "ninohe.json");
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, keikaku::emit::schema()).unwrap();
    let random = dir.path().join("random.json");
    std::fs::write(&random, r#"{"name": "x", "items": [1, 2]}"#).unwrap();
    let cases = [
        (schema.clone(), "not a gold file: it is a JSON Schema"),
        (random.clone(), "not a gold file: it lists none of"),
        (ninohe.clone(), "not a gold file: it is a keikaku output"),
        (
            repo("fixtures/gold/bibai-2021.json"),
            "the gold file is for seeds/bibai-2021.txt, but the output is from",
        ),
    ];
    for (gold, message) in cases {
        let out = keikaku()
            .arg("eval")
            .arg(&gold)
            .arg(&ninohe)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{}", gold.display());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{}: {message}", gold.display())),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    // Its own gold is still scored.
    let out = keikaku()
        .arg("eval")
        .arg(repo("fixtures/gold/ninohe-2021.json"))
        .arg(&ninohe)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("measures"));
}

#[test]
fn warnings_whose_spans_moved_are_the_same_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = output(dir.path(), "ninohe-2021", "a.json");
    // The same plan with a paragraph inserted near the top: every span moves.
    let text = std::fs::read_to_string(repo("seeds/ninohe-2021.txt")).unwrap();
    let at = text.match_indices('\n').nth(4).unwrap().0 + 1;
    let edited = format!("{}挿入した段落です。\n\n{}", &text[..at], &text[at..]);
    let doc = crate::pipeline()
        .run("seeds/ninohe-2021.txt", edited.as_bytes())
        .unwrap();
    let b = dir.path().join("b.json");
    std::fs::write(&b, keikaku::emit::to_json(&doc)).unwrap();
    let out = keikaku()
        .args(["diff", "--json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = v["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    for c in changes {
        assert_eq!(c["op"], "changed", "{c}");
        let p = c["pointer"].as_str().unwrap();
        assert!(p.starts_with("/source/") || p.contains("/span/"), "{c}");
    }
}
