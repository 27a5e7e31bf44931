//! Every file of `fixtures/bad/` through `keikaku extract`, against the exit code and
//! message `fixtures/bad/expected.tsv` gives for it: bad bytes named by offset and line,
//! empty and binary files refused, odd but readable text (CR-only line ends, a BOM in
//! the middle, deep brackets, huge lines, 40-digit numbers) converted. None may panic.

use std::process::Command;

use crate::repo;

#[test]
fn every_bad_fixture_gives_its_expected_exit_and_message() {
    let dir = repo("fixtures/bad");
    let table = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let rows: Vec<(&str, i32, &str)> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.splitn(3, '\t');
            let (name, code, msg) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
            (name, code.parse().unwrap(), msg)
        })
        .collect();
    // Every fixture has a row, and there are at least 40.
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    files.sort();
    let listed: Vec<String> = rows.iter().map(|r| r.0.to_string()).collect();
    assert_eq!(
        files, listed,
        "fixtures/bad/expected.tsv must list every fixture, sorted"
    );
    assert!(rows.len() >= 40, "{} fixtures", rows.len());

    let mut wrong = Vec::new();
    for (name, code, msg) in rows {
        let o = Command::new(assert_cmd::cargo::cargo_bin("keikaku"))
            .current_dir(&dir)
            .args(["extract", name])
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        let err = String::from_utf8_lossy(&o.stderr);
        let shown = if code == 0 { &out } else { &err };
        if o.status.code() != Some(code) || !shown.contains(msg) || err.contains("panicked") {
            wrong.push(format!(
                "{name}: exit {:?} (expected {code}), expected {msg:?}; stderr: {err}",
                o.status.code()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A year no plan can mean (令和99年度 is 2117) and a 40-digit value are kept as read and
/// flagged, on the record that holds them.
#[test]
fn implausible_years_and_numbers_are_flagged_not_changed() {
    let text = "北山町情報化推進計画\n\n＜令和3年度～令和99年度＞\n\n令和3年3月\n\n長野県北山町\n\n\
                第1章 計画の概要\n\n\
                指標：電子申請の件数 現状値 1234567890123456789012345678901234567890件（令和2年度）→ 目標値 500件（令和6年度）\n";
    let doc = crate::pipeline().run("x.txt", text.as_bytes()).unwrap();
    let period = doc.document.period.as_ref().unwrap();
    assert_eq!(period.end_fiscal_year, Some(2117));
    let codes: Vec<(&str, Option<&str>)> = doc
        .warnings
        .iter()
        .filter(|w| w.code.starts_with("implausible"))
        .map(|w| (w.code.as_str(), w.item.as_deref()))
        .collect();
    assert_eq!(doc.indicators.len(), 1);
    let id = doc.indicators[0].id.as_str();
    assert_eq!(
        codes,
        [("implausible_year", None), ("implausible_number", Some(id))]
    );
    let w = doc
        .warnings
        .iter()
        .find(|w| w.code == "implausible_year")
        .unwrap();
    assert!(w.message.contains("2117"), "{}", w.message);
    // A plausible plan gives neither.
    let fine = text
        .replace("令和99年度", "令和7年度")
        .replace("1234567890123456789012345678901234567890件", "120件");
    let doc = crate::pipeline().run("x.txt", fine.as_bytes()).unwrap();
    assert!(
        doc.warnings
            .iter()
            .all(|w| !w.code.starts_with("implausible"))
    );
}

/// A line longer than `--max-line-bytes` is refused with the file and line named: alone
/// with exit 1, in a batch reported while the other files convert.
#[test]
fn a_line_over_the_limit_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!(
        "テスト町情報化推進計画\n第1章 計画の概要\n{}\n",
        "情報化".repeat(1000)
    );
    std::fs::write(dir.path().join("long.txt"), &long).unwrap();
    std::fs::copy(repo("seeds/bibai-2021.txt"), dir.path().join("bibai.txt")).unwrap();
    let keikaku = || Command::new(assert_cmd::cargo::cargo_bin("keikaku"));
    let o = keikaku()
        .current_dir(dir.path())
        .args(["extract", "--max-line-bytes", "8000", "long.txt"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("long.txt: line 3 is 9000 bytes long, more than the limit of 8000"),
        "{err}"
    );
    let o = keikaku()
        .current_dir(dir.path())
        .args(["extract", "--max-line-bytes", "8000", ".", "-o", "out"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("long.txt: line 3 is 9000 bytes long"), "{err}");
    assert!(dir.path().join("out/bibai.json").exists(), "{err}");
    assert!(!dir.path().join("out/long.json").exists());
    // The default limit lets the same file through.
    let o = keikaku()
        .current_dir(dir.path())
        .args(["extract", "long.txt"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stderr).contains("line 3 is"));
}
