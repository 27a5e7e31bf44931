//! `keikaku export`: tables across plans from the seeds' outputs, read back as a user
//! would (the `csv` crate, Python's `csv` with `utf-8-sig`, and — opt-in with
//! `KEIKAKU_DUCKDB=1` — DuckDB), and files that are not keikaku outputs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::repo;

fn bin() -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("keikaku"));
    c.current_dir(repo(""));
    c
}

/// The seeds converted into `<dir>/out` (with its `.keikaku/` base copies).
fn seed_outputs(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let o = bin()
        .args(["extract", "seeds/", "--quiet", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join(".keikaku/base/ninohe-2021.json").is_file());
    out
}

/// Runs `keikaku export <inputs> -o <tables> <extra>`: exit code and stderr.
fn export(inputs: &[&Path], tables: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let o = bin()
        .arg("export")
        .args(inputs)
        .arg("-o")
        .arg(tables)
        .args(extra)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (o.status.code(), err)
}

/// A CSV table read with the `csv` crate: header and rows.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or_else(|| panic!("{}: no byte order mark", path.display()));
    let mut r = csv::Reader::from_reader(body);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// "Measures per status per municipality" over a measures table.
fn status_counts(header: &[String], rows: &[Vec<String>]) -> BTreeMap<(String, String), usize> {
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (m, s) = (col("municipality"), col("status_text"));
    let mut counts = BTreeMap::new();
    for r in rows.iter().filter(|r| !r[s].is_empty()) {
        *counts.entry((r[m].clone(), r[s].clone())).or_default() += 1;
    }
    counts
}

/// The counts of 二戸市's evaluation table (第3章, 検証結果), read in the seed.
fn ninohe_counts() -> BTreeMap<(String, String), usize> {
    [
        ("完了", 1),
        ("実施", 18),
        ("概ね実施", 8),
        ("一部実施", 10),
        ("検討のみ", 4),
        ("未実施", 1),
    ]
    .into_iter()
    .map(|(s, n)| (("二戸市".to_string(), s.to_string()), n))
    .collect()
}

#[test]
fn measures_per_status_per_municipality_are_the_seed_tables_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = seed_outputs(dir.path());
    let tables = dir.path().join("tables");
    let (code, err) = export(&[&out], &tables, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("exported 2 documents"), "{err}");

    let (header, rows) = read_csv(&tables.join("measures.csv"));
    assert_eq!(status_counts(&header, &rows), ninohe_counts());
    // The base copies in .keikaku/ are not exported a second time.
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("ninohe-2021.json")).unwrap())
            .unwrap();
    let n = doc["measures"].as_array().unwrap().len();
    let bibai: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("bibai-2021.json")).unwrap())
            .unwrap();
    assert_eq!(rows.len(), n + bibai["measures"].as_array().unwrap().len());

    // Document columns and flattened fields of the first 二戸市 row (第3章's table).
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = rows
        .iter()
        .find(|r| r[col("municipality")] == "二戸市")
        .unwrap();
    assert_eq!(first[col("prefecture")], "岩手県");
    assert_eq!(first[col("plan_title")], "二戸市地域情報化推進計画");
    assert_eq!(
        (
            &first[col("period_start")][..],
            &first[col("period_end")][..]
        ),
        ("2021", "2025")
    );
    assert_eq!(first[col("source_path")], "seeds/ninohe-2021.txt");
    assert_eq!(first[col("title")], "観光販売展開と情報発信");
    assert_eq!(first[col("details")], "HPコンテンツの活用\nSNS等の活用");
    assert_eq!(
        (
            &first[col("status_text")][..],
            &first[col("status_code")][..]
        ),
        ("概ね実施", "mostly_implemented")
    );
    assert_eq!(first[col("span_line")], "314");

    // 二戸市's status summary, as declared by its own table and counted from the rows.
    let (header, rows) = read_csv(&tables.join("status_summaries.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let get = |by: &str, label: &str| -> String {
        rows.iter()
            .find(|r| r[col("counted_by")] == by && r[col("label")] == label)
            .map(|r| r[col("count")].clone())
            .unwrap_or_default()
    };
    assert_eq!(get("table", "実施若しくは完了"), "22");
    assert_eq!(get("prose", "実施"), "21");
    assert_eq!(get("rows", "implemented"), "18");

    // 美唄市's first priority, with its deadline.
    let (header, rows) = read_csv(&tables.join("priorities.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let p = rows
        .iter()
        .find(|r| r[col("title")] == "情報システムの標準化・共通化")
        .unwrap();
    assert_eq!(p[col("municipality")], "美唄市");
    assert_eq!(p[col("deadline_fiscal_year")], "2025");
}

#[test]
fn csv_is_excel_ready_and_python_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = seed_outputs(dir.path());
    let tables = dir.path().join("tables");
    assert_eq!(export(&[&out], &tables, &["--quiet"]).0, Some(0));
    for name in [
        "measures",
        "indicators",
        "priorities",
        "glossary",
        "status_summaries",
    ] {
        let bytes = std::fs::read(tables.join(format!("{name}.csv"))).unwrap();
        assert!(bytes.starts_with(b"\xef\xbb\xbfmunicipality,"), "{name}");
        let header_end = bytes.iter().position(|&b| b == b'\n').unwrap();
        assert_eq!(bytes[header_end - 1], b'\r', "{name}: CRLF");
        assert!(bytes.ends_with(b"\r\n"), "{name}");
    }
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped the Python check: python3 is not installed");
        return;
    }
    let script = r#"
import csv, sys, collections
counts = {}
for name in ["measures", "indicators", "priorities", "glossary", "status_summaries"]:
    with open(f"{sys.argv[1]}/{name}.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[0] == "municipality", list(rows[0])[:3]
    counts[name] = len(rows)
with open(f"{sys.argv[1]}/measures.csv", encoding="utf-8-sig", newline="") as f:
    c = collections.Counter((r["municipality"], r["status_text"]) for r in csv.DictReader(f) if r["status_text"])
print(sorted(counts.items()))
print(sorted(c.items()))
"#;
    let o = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&tables)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    let measures = read_csv(&tables.join("measures.csv")).1.len();
    assert!(
        lines[0].contains(&format!("('measures', {measures})")),
        "{stdout}"
    );
    assert_eq!(
        lines[1],
        "[(('二戸市', '一部実施'), 10), (('二戸市', '完了'), 1), (('二戸市', '実施'), 18), \
         (('二戸市', '未実施'), 1), (('二戸市', '検討のみ'), 4), (('二戸市', '概ね実施'), 8)]"
    );
}

#[test]
fn jsonl_holds_the_same_rows_typed() {
    let dir = tempfile::tempdir().unwrap();
    let out = seed_outputs(dir.path());
    let (csv_dir, jsonl_dir) = (dir.path().join("c"), dir.path().join("j"));
    assert_eq!(export(&[&out], &csv_dir, &["--quiet"]).0, Some(0));
    let (code, err) = export(&[&out], &jsonl_dir, &["--format", "jsonl", "--quiet"]);
    assert_eq!(code, Some(0), "{err}");
    for name in ["measures", "indicators", "glossary", "status_summaries"] {
        let (header, rows) = read_csv(&csv_dir.join(format!("{name}.csv")));
        let text = std::fs::read_to_string(jsonl_dir.join(format!("{name}.jsonl"))).unwrap();
        let objects: Vec<serde_json::Map<String, serde_json::Value>> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(objects.len(), rows.len(), "{name}");
        for (o, r) in objects.iter().zip(&rows) {
            let keys: Vec<&String> = o.keys().collect();
            assert_eq!(keys, header.iter().collect::<Vec<_>>(), "{name}");
            for (v, cell) in o.values().zip(r) {
                let as_cell = match v {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                assert_eq!(&as_cell, cell, "{name}");
            }
        }
    }
    let first: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(jsonl_dir.join("indicators.jsonl"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert!(
        first["span_start"].is_u64() && first["period_start"].is_i64(),
        "{first}"
    );
}

#[test]
fn themes_and_continues_are_exported_when_an_output_has_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = seed_outputs(dir.path());
    let path = out.join("ninohe-2021.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let m = &mut doc["measures"][0];
    m["themes"] = serde_json::json!([
        {"code": "online_procedures", "evidence": ["オンライン"]},
        {"code": "digital_divide", "evidence": []}
    ]);
    m["continues"] = serde_json::json!("m-0123456789");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let tables = dir.path().join("tables");
    assert_eq!(export(&[&path], &tables, &["--quiet"]).0, Some(0));
    let (header, rows) = read_csv(&tables.join("measures.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[0][col("themes")], "online_procedures;digital_divide");
    assert_eq!(rows[0][col("continues")], "m-0123456789");
    assert_eq!(rows[1][col("themes")], "");
}

#[test]
fn a_file_that_is_no_keikaku_output_is_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let out = seed_outputs(dir.path());
    std::fs::write(out.join("notes.json"), "{\"a\": 1}").unwrap();
    std::fs::write(out.join("broken.json"), "{\"a\": ").unwrap();
    let tables = dir.path().join("tables");
    let (code, err) = export(&[&out], &tables, &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("broken.json: not JSON (line 1, column 6")
            && err.contains("notes.json: JSON, but no keikaku output"),
        "{err}"
    );
    assert!(
        err.contains("exported 2 documents") && err.contains("failed 2"),
        "{err}"
    );
    let (header, rows) = read_csv(&tables.join("measures.csv"));
    assert_eq!(status_counts(&header, &rows), ninohe_counts());

    // Nothing to export is an error, and no table is written.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let (code, err) = export(&[&empty], &dir.path().join("t2"), &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("no keikaku outputs (*.json) in"), "{err}");
    assert!(!dir.path().join("t2/measures.csv").exists());
}

#[test]
fn the_export_is_the_same_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let out = seed_outputs(dir.path());
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(export(&[&out], &a, &["--quiet"]).0, Some(0));
    // Files given one by one, in another order, give the same tables.
    let (n, m) = (out.join("ninohe-2021.json"), out.join("bibai-2021.json"));
    assert_eq!(export(&[&n, &m], &b, &["--quiet"]).0, Some(0));
    for name in ["measures.csv", "glossary.csv", "priorities.csv"] {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name}"
        );
    }
    let (header, rows) = read_csv(&a.join("glossary.csv"));
    let m = header.iter().position(|h| h == "municipality").unwrap();
    // Documents by path: bibai-2021.json before ninohe-2021.json.
    assert_eq!(rows.first().unwrap()[m], "美唄市");
    assert_eq!(rows.last().unwrap()[m], "二戸市");
    assert!(
        std::fs::read_dir(&a).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp"))
    );
}

/// Opt-in (`KEIKAKU_DUCKDB=1`, with the `duckdb` Python package installed): the query
/// of the README in DuckDB, over the CSV (`read_csv_auto`) and the JSONL
/// (`read_json_auto`).
#[test]
fn duckdb_reads_both_formats() {
    if std::env::var_os("KEIKAKU_DUCKDB").is_none() {
        eprintln!("skipped: set KEIKAKU_DUCKDB=1 (and pip install duckdb) to run it");
        return;
    }
    let python = std::env::var("KEIKAKU_PYTHON").unwrap_or_else(|_| "python3".into());
    let dir = tempfile::tempdir().unwrap();
    let out = seed_outputs(dir.path());
    let (c, j) = (dir.path().join("c"), dir.path().join("j"));
    assert_eq!(export(&[&out], &c, &["--quiet"]).0, Some(0));
    assert_eq!(
        export(&[&out], &j, &["--format", "jsonl", "--quiet"]).0,
        Some(0)
    );
    let script = r#"
import duckdb, sys
for src in [f"read_csv_auto('{sys.argv[1]}/measures.csv')", f"read_json_auto('{sys.argv[2]}/measures.jsonl')"]:
    rows = duckdb.sql(f"""select municipality, status_text, count(*) from {src}
                          where status_text is not null group by all order by all""").fetchall()
    print(rows)
"#;
    let o = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(&c)
        .arg(&j)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let expected = "[('二戸市', '一部実施', 10), ('二戸市', '完了', 1), ('二戸市', '実施', 18), \
                    ('二戸市', '未実施', 1), ('二戸市', '検討のみ', 4), ('二戸市', '概ね実施', 8)]";
    let stdout = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines, [expected, expected]);
}
