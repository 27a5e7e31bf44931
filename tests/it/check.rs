//! `keikaku check` on reviewed files: a real seed output, mutated the ways a reviewer's
//! edit goes wrong, each reported at the exact line, column and JSON pointer; and the
//! machine outputs of both seeds checking clean.

use assert_cmd::Command;
use serde_json::{Value, json};

use crate::repo;

fn keikaku() -> Command {
    Command::cargo_bin("keikaku").unwrap()
}

/// A seed's output as keikaku writes it (its `source.path` is absolute, so the source
/// is found from anywhere).
fn seed(stem: &str) -> Value {
    let doc = crate::convert(&format!("seeds/{stem}.txt"));
    serde_json::to_value(&doc).unwrap()
}

/// Pretty JSON as `keikaku extract` writes it.
fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap();
    s.push('\n');
    s
}

/// Line and character column of byte offset `i` of `text`.
fn line_col(text: &str, i: usize) -> (usize, usize) {
    let line = text[..i].matches('\n').count() + 1;
    let start = text[..i].rfind('\n').map_or(0, |n| n + 1);
    (line, text[start..i].chars().count() + 1)
}

/// Where `part` begins inside the one occurrence of `needle` in `text`.
fn at(text: &str, needle: &str, part: &str) -> (usize, usize) {
    let found: Vec<usize> = text.match_indices(needle).map(|(i, _)| i).collect();
    assert_eq!(found.len(), 1, "{needle:?} occurs {} times", found.len());
    let offset = needle
        .find(part)
        .unwrap_or_else(|| panic!("{part:?} in {needle:?}"));
    line_col(text, found[0] + offset)
}

/// Where the `n`-th (0-based) occurrence of `needle` begins.
fn nth(text: &str, needle: &str, n: usize) -> (usize, usize) {
    let i = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("no {n}th {needle:?}"))
        .0;
    line_col(text, i)
}

/// Where the object holding `"id": "<id>"` opens (pretty JSON: the line above the id).
fn object_of(text: &str, id: &str) -> (usize, usize) {
    let (line, _) = at(text, &format!("\"id\": \"{id}\""), "\"id\"");
    let above = text.lines().nth(line - 2).unwrap();
    assert!(above.trim_end().ends_with('{'), "{above}");
    (line - 1, above.find('{').unwrap() + 1)
}

/// One broken file and what `check` must say about it: `(line, col, pointer or
/// "syntax error", a part of the message)` for each error, in file order.
struct Case {
    name: &'static str,
    text: String,
    expect: Vec<(usize, usize, String, &'static str)>,
}

fn case(
    name: &'static str,
    text: String,
    expect: impl IntoIterator<Item = ((usize, usize), &'static str, &'static str)>,
) -> Case {
    let expect = expect
        .into_iter()
        .map(|((l, c), p, m)| (l, c, p.to_string(), m))
        .collect();
    Case { name, text, expect }
}

fn edited(base: &Value, edit: impl FnOnce(&mut Value)) -> String {
    let mut v = base.clone();
    edit(&mut v);
    pretty(&v)
}

fn str_of<'v>(v: &'v Value, pointer: &str) -> &'v str {
    v.pointer(pointer).and_then(Value::as_str).unwrap()
}

fn broken_files(base: &Value) -> Vec<Case> {
    let clean = pretty(base);
    let mut cases = Vec::new();

    // Syntax slips: a stray comma, a stray character after a Japanese value.
    let t = clean.replacen(
        "\"schema_version\": \"1\",",
        "\"schema_version\": \"1\",,",
        1,
    );
    let p = at(&t, "\"1\",,", ",,");
    cases.push(case(
        "stray comma",
        t,
        [((p.0, p.1 + 1), "syntax error", "key must be a string")],
    ));
    let title = str_of(base, "/document/title");
    let t = clean.replacen(&format!("\"{title}\","), &format!("\"{title}\"x,"), 1);
    let p = at(&t, &format!("\"{title}\"x,"), "x,");
    cases.push(case(
        "stray letter",
        t,
        [(p, "syntax error", "expected `,` or `}`")],
    ));
    let t = clean.replacen("\"glossary\": [", "\"glossary\": [}", 1);
    let p = at(&t, "\"glossary\": [}", "}");
    cases.push(case(
        "stray brace",
        t,
        [(p, "syntax error", "expected value")],
    ));

    // Codes outside the vocabularies.
    let t = edited(base, |v| {
        v["measures"][0]["status"]["code"] = json!("implemnted")
    });
    let p = at(&t, "\"implemnted\"", "\"");
    cases.push(case(
        "status code",
        t,
        [(p, "/measures/0/status/code", "did you mean \"implemented\"")],
    ));
    let plan = base["measures"]
        .as_array()
        .unwrap()
        .iter()
        .position(|m| !m["category"].is_null())
        .expect("a measure with a category");
    let t = edited(base, |v| {
        v["measures"][plan]["category"]["code"] = json!("continue")
    });
    let p = at(&t, "\"continue\"", "\"");
    let ptr: &'static str = Box::leak(format!("/measures/{plan}/category/code").into_boxed_str());
    cases.push(case(
        "category code",
        t,
        [(p, ptr, "did you mean \"continued\"")],
    ));
    let t = edited(base, |v| {
        v["warnings"][0]["code"] = json!("row_shifted_badly")
    });
    let p = at(&t, "\"row_shifted_badly\"", "\"");
    cases.push(case(
        "warning code",
        t,
        [(p, "/warnings/0/code", "unknown code")],
    ));
    let t = edited(base, |v| v["measures"][0]["repairs"] = json!(["realinged"]));
    let p = at(&t, "\"realinged\"", "\"");
    cases.push(case(
        "repair code",
        t,
        [(p, "/measures/0/repairs/0", "did you mean \"realigned\"")],
    ));
    let t = edited(base, |v| v["measures"][0]["kind"] = json!("evalution"));
    let p = at(&t, "\"evalution\"", "\"");
    cases.push(case(
        "measure kind",
        t,
        [(p, "/measures/0/kind", "did you mean \"evaluation\"")],
    ));

    // Keys: misspelt (unknown, and the real one missing), repeated, missing.
    let t = clean.replacen("\"title\": ", "\"titel\": ", 2);
    let t = t.replacen("\"titel\": ", "\"title\": ", 1); // the document's title stays
    let key = nth(&t, "\"titel\"", 0);
    let first_section = str_of(base, "/sections/0/id").to_string();
    let s0 = object_of(&t, &first_section);
    cases.push(case(
        "misspelt key",
        t,
        [
            (s0, "/sections/0", "missing required key \"title\""),
            (key, "/sections/0/titel", "did you mean \"title\""),
        ],
    ));
    let t = edited(base, |v| {
        let g = v.as_object_mut().unwrap();
        let items = g.shift_remove("glossary").unwrap();
        g.insert("glosary".into(), items);
    });
    let p = at(&t, "\"glosary\"", "\"");
    cases.push(case(
        "misspelt top-level key",
        t,
        [
            ((1, 1), "/", "missing required key \"glossary\""),
            (p, "/glosary", "did you mean \"glossary\""),
        ],
    ));
    let term = str_of(base, "/glossary/0/term").to_string();
    let line = format!("\"term\": \"{term}\",");
    let t = clean.replacen(&line, &format!("{line}\n      {line}"), 1);
    let p = nth(&t, &line, 1);
    cases.push(case(
        "repeated key",
        t,
        [(p, "/glossary/0/term", "appears twice")],
    ));
    let p0 = str_of(base, "/priorities/0/id").to_string();
    let t = edited(base, |v| {
        v["priorities"][0]
            .as_object_mut()
            .unwrap()
            .shift_remove("span");
    });
    let p = object_of(&t, &p0);
    cases.push(case(
        "missing span",
        t,
        [(p, "/priorities/0", "missing required key \"span\"")],
    ));

    // Wrong types.
    let t = edited(base, |v| {
        v["sections"][0]["span"]["start"] = json!("oops-start")
    });
    let p = at(&t, "\"oops-start\"", "\"");
    cases.push(case(
        "string for a number",
        t,
        [(p, "/sections/0/span/start", "expected an integer")],
    ));
    let t = edited(base, |v| v["measures"][0]["title"] = json!(4242424242u64));
    let p = at(&t, "4242424242", "4");
    cases.push(case(
        "number for a string",
        t,
        [(p, "/measures/0/title", "expected a string")],
    ));
    let t = edited(base, |v| v["sections"][0]["level"] = json!(256));
    let p = at(&t, "\"level\": 256", "256");
    cases.push(case(
        "level out of range",
        t,
        [(p, "/sections/0/level", "above the maximum")],
    ));
    let t = edited(base, |v| v["glossary"][0]["mentions"] = json!("m-1"));
    let p = at(&t, "\"mentions\": \"m-1\"", "\"m-1\"");
    cases.push(case(
        "string for a list",
        t,
        [(p, "/glossary/0/mentions", "expected an array")],
    ));

    // Spans.
    let start = base["sections"][0]["span"]["start"].as_u64().unwrap();
    let end = base["sections"][0]["span"]["end"].as_u64().unwrap();
    let t = edited(base, |v| v["sections"][0]["span"]["end"] = json!(start - 1));
    let p = at(
        &t,
        &format!("\"end\": {},", start - 1),
        &(start - 1).to_string(),
    );
    cases.push(case(
        "span ends before it starts",
        t,
        [(p, "/sections/0/span/end", "before it starts")],
    ));
    let t = edited(base, |v| {
        v["sections"][0]["span"]["end"] = json!(99_999_999)
    });
    let p = at(&t, "99999999", "9");
    cases.push(case(
        "span beyond the source",
        t,
        [(p, "/sections/0/span/end", "beyond the end of the source")],
    ));
    let t = edited(base, |v| {
        v["sections"][0]["span"]["start"] = json!(start + 1)
    });
    let p = at(
        &t,
        &format!("\"start\": {},", start + 1),
        &(start + 1).to_string(),
    );
    cases.push(case(
        "span inside a character",
        t,
        [(p, "/sections/0/span/start", "inside a character")],
    ));
    let t = edited(base, |v| v["sections"][0]["span"]["line"] = json!(77777));
    let p = at(&t, "77777", "7");
    cases.push(case(
        "span line",
        t,
        [(p, "/sections/0/span/line", "puts it on line")],
    ));
    let _ = end;

    // Ids and references.
    let g0 = str_of(base, "/glossary/0/id").to_string();
    let t = edited(base, |v| v["glossary"][1]["id"] = json!(g0));
    let p = nth(&t, &format!("\"id\": \"{g0}\""), 1);
    let p = (p.0, p.1 + "\"id\": ".len());
    cases.push(case(
        "duplicate id",
        t,
        [(p, "/glossary/1/id", "duplicate id")],
    ));
    // A measure no glossary entry mentions, so the duplicate is the only finding.
    let mentioned = pretty(&base["glossary"]);
    let lone = base["measures"]
        .as_array()
        .unwrap()
        .iter()
        .position(|m| !mentioned.contains(m["id"].as_str().unwrap()))
        .expect("a measure no glossary entry mentions");
    let lone_id = str_of(base, &format!("/measures/{lone}/id")).to_string();
    let t = edited(base, |v| v["sections"][0]["id"] = json!(lone_id));
    let p = nth(&t, &format!("\"id\": \"{lone_id}\""), 1);
    let p = (p.0, p.1 + "\"id\": ".len());
    let ptr: &'static str = Box::leak(format!("/measures/{lone}/id").into_boxed_str());
    cases.push(case(
        "duplicate id across kinds",
        t,
        [(p, ptr, "first used at /sections/0")],
    ));
    let t = edited(base, |v| {
        v["glossary"][0]["mentions"] = json!(["m-00000dead0"])
    });
    let p = at(&t, "\"m-00000dead0\"", "\"");
    cases.push(case(
        "dangling mention",
        t,
        [(
            p,
            "/glossary/0/mentions/0",
            "not the id of any measure or priority",
        )],
    ));
    let t = edited(base, |v| {
        v["glossary"][0]["mentions"] = json!([first_section])
    });
    let p = nth(&t, &format!("\"{first_section}\""), 1);
    cases.push(case(
        "mention of a section",
        t,
        [(p, "/glossary/0/mentions/0", "not a measure or priority")],
    ));
    let t = edited(base, |v| {
        v["priorities"][0]["measures"][0] = json!("m-00000beef0")
    });
    let p = at(&t, "\"m-00000beef0\"", "\"");
    cases.push(case(
        "dangling priority measure",
        t,
        [(p, "/priorities/0/measures/0", "not the id of any measure")],
    ));

    // Not a document at all.
    cases.push(case(
        "an array",
        "[]\n".into(),
        [((1, 1), "/", "expected an object")],
    ));
    cases
}

#[test]
fn broken_reviewed_files_are_reported_at_line_column_and_pointer() {
    let base = seed("ninohe-2021");
    let cases = broken_files(&base);
    assert!(cases.len() >= 20, "{} cases", cases.len());
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let p = dir.path().join(format!("{i:02}.json"));
        std::fs::write(&p, &c.text).unwrap();
        paths.push(p);
    }
    let out = keikaku()
        .arg("check")
        .arg("--quiet")
        .args(&paths)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for (c, path) in cases.iter().zip(&paths) {
        let prefix = format!("{}:", path.display());
        let got: Vec<&str> = stdout
            .lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .collect();
        assert_eq!(got.len(), c.expect.len(), "{}: {got:#?}", c.name);
        for (line, (l, col, pointer, message)) in got.iter().zip(&c.expect) {
            let head = format!("{l}:{col}: {pointer}: ");
            assert!(
                line.starts_with(&head) && line.contains(message),
                "{}: expected {head}…{message}…\n got {line}",
                c.name
            );
        }
    }
}

#[test]
fn machine_outputs_check_clean() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for stem in ["ninohe-2021", "bibai-2021"] {
        let p = dir.path().join(format!("{stem}.json"));
        std::fs::write(&p, pretty(&seed(stem))).unwrap();
        paths.push(p);
    }
    let out = keikaku().arg("check").args(&paths).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(!stdout.contains(": error") && stdout.lines().all(|l| l.contains(": warning: ")));
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 errors"));
}

#[test]
fn sources_are_found_beside_the_file_and_unknown_words_are_warnings() {
    // `extract -o` records the path as given: relative to where it ran.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo("seeds/bibai-2021.txt"), dir.path().join("plan.txt")).unwrap();
    let out = keikaku()
        .current_dir(dir.path())
        .args(["extract", "plan.txt", "-o", "out", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/plan.json")).unwrap()).unwrap();
    doc["source"]["path"] = json!("../plan.txt");
    doc["sections"][0]["span"]["end"] = json!(99_999_999);
    let ninohe = seed("ninohe-2021");
    let mut measure = ninohe["measures"][0].clone();
    measure["status"]["text"] = json!("保留中");
    measure["span"] = doc["sections"][1]["span"].clone();
    doc["measures"] = json!([measure]);
    let file = dir.path().join("out/plan.json");
    std::fs::write(&file, pretty(&doc)).unwrap();
    let out = keikaku().arg("check").arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("/sections/0/span/end: byte 99999999 is beyond"),
        "{stdout}"
    );
    assert!(
        stdout.contains("/measures/0/status/text: warning: status word \"保留中\""),
        "{stdout}"
    );
    // The measure's span is ninohe's: its title is not in bibai's text (a warning: a
    // title corrected by hand reads the same way).
    assert!(
        stdout.contains("/measures/0/span: warning: the source at bytes"),
        "{stdout}"
    );
}

#[test]
fn every_file_is_checked_and_a_missing_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"a\": 1,\n}\n").unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(&good, pretty(&seed("bibai-2021"))).unwrap();
    let missing = dir.path().join("missing.json");
    let out = keikaku()
        .arg("check")
        .args([&bad, &missing, &good])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "{}:3:1: syntax error: trailing comma",
            bad.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{}: cannot read", missing.display())),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("checked 3 files: 2 with errors"),
        "{stderr}"
    );
}

#[test]
fn schema_prints_the_strict_schema() {
    let out = keikaku().arg("schema").output().unwrap();
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema, keikaku::schema::strict());
    let status = schema
        .pointer("/$defs/StatusCode/properties/code/enum")
        .unwrap();
    assert!(
        status
            .as_array()
            .unwrap()
            .contains(&json!("mostly_implemented"))
    );
    assert_eq!(
        schema.pointer("/$defs/Measure/additionalProperties"),
        Some(&json!(false))
    );
}

/// Every warning code the sources write (a `code: "…"` literal, or a constant documented
/// as a repair code) is in the one list the schema takes its enum from.
#[test]
fn every_warning_code_in_the_sources_is_listed() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo("src"), &mut files);
    let literal = regex::Regex::new(r#"code: "([a-z_]+)"\.into\(\)"#).unwrap();
    let constant = regex::Regex::new(r#"const [A-Z_]+: &str = "([a-z_]+)";"#).unwrap();
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        found.extend(literal.captures_iter(&text).map(|c| c[1].to_string()));
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let doc = lines[i.saturating_sub(2)..i].join(" ").to_lowercase();
            if let Some(c) = constant.captures(l).filter(|_| doc.contains("repair code")) {
                found.push(c[1].to_string());
            }
        }
    }
    assert!(found.len() >= 10, "{found:?}");
    for code in found {
        assert!(
            keikaku::codes::WARNING_CODES.contains(&code.as_str()),
            "{code} is not listed"
        );
    }
}

#[test]
fn a_reviewers_valid_corrections_check_clean_even_saved_with_a_bom_and_crlf() {
    let base = seed("ninohe-2021");
    let mut v = base.clone();
    // A corrected title, a renamed term, a rewritten definition, a deleted measure, an
    // entry added by copying one, and the review section a merge leaves.
    v["measures"][1]["title"] = json!("観光情報の発信");
    v["measures"][3]["status"]["code"] = json!("studied_only");
    v["glossary"][1]["term"] = json!("AI（人工知能）");
    v["glossary"][2]["definition"] = json!("拡張現実。");
    let gone = v["measures"].as_array_mut().unwrap().remove(5);
    let gone = gone["id"].as_str().unwrap().to_string();
    for g in v["glossary"].as_array_mut().unwrap() {
        g["mentions"]
            .as_array_mut()
            .unwrap()
            .retain(|m| m.as_str() != Some(gone.as_str()));
    }
    for p in v["priorities"].as_array_mut().unwrap() {
        p["measures"]
            .as_array_mut()
            .unwrap()
            .retain(|m| m.as_str() != Some(gone.as_str()));
    }
    for w in v["warnings"].as_array_mut().unwrap() {
        if w["item"].as_str() == Some(gone.as_str()) {
            w.as_object_mut().unwrap().remove("item");
        }
    }
    for m in v["measures"].as_array_mut().unwrap() {
        if m["parent"].as_str() == Some(gone.as_str()) {
            m["parent"] = Value::Null;
        }
        if m["continues"].as_str() == Some(gone.as_str()) {
            m.as_object_mut().unwrap().remove("continues");
        }
    }
    let mut copy = v["glossary"][0].clone();
    copy["id"] = json!("g-reviewer1");
    copy["term"] = json!("6G");
    v["glossary"].as_array_mut().unwrap().push(copy);
    v["review"] = json!({"conflicts": [{"pointer": "/measures/3/status/code",
        "item": v["measures"][3]["id"], "base": "implemented", "reviewer": "studied_only",
        "machine": "completed"}], "new_since_review": [], "deleted": [gone]});

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reviewed.json");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(pretty(&v).replace('\n', "\r\n").as_bytes());
    std::fs::write(&p, &bytes).unwrap();
    let out = keikaku().arg("check").arg(&p).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.lines().all(|l| l.contains(": warning: ")),
        "{stdout}"
    );
    // The corrected wording is pointed out, as a warning on the item's span.
    assert!(
        stdout.contains("/glossary/1/span: warning: ") && stdout.contains("corrected by hand"),
        "{stdout}"
    );

    // A misspelt code in the same file is an error, at its place.
    v["measures"][0]["status"]["code"] = json!("implemnted");
    std::fs::write(&p, pretty(&v)).unwrap();
    let out = keikaku()
        .args(["check", "--quiet"])
        .arg(&p)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains(
            "/measures/0/status/code: unknown code \"implemnted\"; did you mean \"implemented\"?"
        ),
        "{stdout}"
    );
}
