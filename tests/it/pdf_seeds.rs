//! Plans printed to PDF the way a town office publishes them, read back through the
//! `keikaku extract` a user runs: the seeds must keep their gold scores, and a small plan
//! of the project's own (`fixtures/pdf/`) must give the same measures, priorities and
//! glossary as its text.
//!
//! The print is honest: tab rows become bordered tables, every other line a paragraph,
//! in a CJK font on A4. Nothing in the PDF but what a reader sees on the page — no
//! markers, no tags the converter could read — so a score here is what a real printed
//! plan would get. Printing needs headless Chromium and reading needs pdftotext; each
//! test says "skipped: …" and stops when either is missing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use keikaku::Document;
use keikaku::eval::{Score, canon};

use crate::pdf::{have_pdftotext, print_to_pdf};
use crate::{read_json, repo};

/// The least F1 a kind with gold items may score through a PDF.
const MIN_F1: f64 = 0.95;

/// The warning keikaku gives when a status table's declared counts disagree with its
/// rows (二戸市's evaluation table declares 22 実施若しくは完了 over 19 such rows).
const DISCREPANCY: &str = "status_count_mismatch";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Print-ready HTML of a plan's text, laid out as a printed plan is: each run of
/// consecutive lines holding a TAB is one bordered table (a row a line, a cell per
/// tab-separated field), every other line a paragraph of its own; a form feed starts a
/// new page. Nothing else is carried: no ids, classes or attributes a converter could
/// read. With `columns` 2 the text is set in two columns on each page, as some plans
/// are printed.
pub fn printed_html(text: &str, columns: usize) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut body = String::new();
    let mut in_table = false;
    for (i, page) in text.split('\u{c}').enumerate() {
        if in_table {
            body.push_str("</table>");
            in_table = false;
        }
        if i > 0 {
            body.push_str("<div style=\"break-before:page\"></div>");
        }
        for line in page.lines() {
            if line.contains('\t') {
                if !in_table {
                    body.push_str("<table>");
                    in_table = true;
                }
                body.push_str("<tr>");
                for cell in line.split('\t') {
                    let _ = write!(body, "<td>{}</td>", escape(cell));
                }
                body.push_str("</tr>\n");
            } else {
                if in_table {
                    body.push_str("</table>");
                    in_table = false;
                }
                if line.trim().is_empty() {
                    body.push_str("<p><br></p>\n");
                } else {
                    let _ = writeln!(body, "<p>{}</p>", escape(line));
                }
            }
        }
    }
    if in_table {
        body.push_str("</table>");
    }
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>\
         @page{{size:A4;margin:15mm}} \
         body{{font-family:'Noto Sans CJK JP';font-size:10pt;column-count:{columns};column-gap:8mm}} \
         p{{white-space:pre-wrap;margin:0}} \
         table{{border-collapse:collapse}} \
         td{{border:1px solid #000;padding:2px 4px;vertical-align:top;overflow-wrap:break-word}}\
         </style></head><body>\n{body}</body></html>\n"
    )
}

/// Prints the text file `text` in `columns` columns to `<dir>/<its stem>.pdf`; `None`
/// when Chromium is missing.
fn print_text(dir: &Path, text: &Path, columns: usize) -> Option<PathBuf> {
    let stem = text.file_stem().unwrap().to_str().unwrap();
    // Each print in a directory of its own (Chromium's profile is not shared).
    let own = dir.join(format!("{stem}-{columns}"));
    std::fs::create_dir_all(&own).unwrap();
    let html = printed_html(&std::fs::read_to_string(text).unwrap(), columns);
    print_to_pdf(&own, &format!("{stem}.pdf"), &html)
}

/// Runs the built `keikaku extract <path>` and reads its output back as a document.
fn extract(path: &Path) -> Document {
    let o = Command::new(assert_cmd::cargo::cargo_bin("keikaku"))
        .arg("extract")
        .arg(path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{}: {err}", path.display());
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{}: not a keikaku document: {e}; {err}", path.display()))
}

/// The codes of a document's warnings.
fn codes(doc: &Document) -> Vec<&str> {
    doc.warnings.iter().map(|w| w.code.as_str()).collect()
}

/// What to show of a kind below [`MIN_F1`]: its counts and a few of its misses.
fn shortfall(seed: &str, s: &Score) -> String {
    let few = |v: &[String]| {
        v.iter()
            .take(5)
            .map(|x| format!("\n      {x}"))
            .collect::<String>()
    };
    format!(
        "{seed} {}: F1 {:.3} < {} (P {:.3} R {:.3}; {} of {} missed, {} extra)\n    missed:{}\n    extra:{}",
        s.kind,
        s.f1,
        MIN_F1,
        s.precision,
        s.recall,
        s.missed.len(),
        s.gold,
        s.extra.len(),
        few(&s.missed),
        few(&s.extra)
    )
}

#[test]
fn seeds_printed_to_pdf_keep_their_scores() {
    if !have_pdftotext() {
        return;
    }
    let stems = ["bibai-2021", "ninohe-2021"];
    let dir = tempfile::tempdir().unwrap();
    // Chromium is slow: the seeds are printed side by side, each once.
    let printed: Vec<Option<PathBuf>> = std::thread::scope(|s| {
        let jobs: Vec<_> = stems
            .iter()
            .map(|stem| {
                let dir = dir.path();
                s.spawn(move || print_text(dir, &repo(&format!("seeds/{stem}.txt")), 1))
            })
            .collect();
        jobs.into_iter().map(|j| j.join().unwrap()).collect()
    });
    let Some(pdfs) = printed.into_iter().collect::<Option<Vec<PathBuf>>>() else {
        return;
    };

    let mut table = format!(
        "{:<12} {:<16} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6} {:>8}\n",
        "seed", "kind", "gold", "out", "ok", "P", "R", "F1", "text F1"
    );
    let mut failures = Vec::new();
    for (stem, pdf) in stems.iter().zip(&pdfs) {
        assert_eq!(pdf.file_name().unwrap(), format!("{stem}.pdf").as_str());
        let gold = read_json(&repo(&format!("fixtures/gold/{stem}.json")));
        let doc = extract(pdf);
        assert_eq!(
            doc.source.converted.as_ref().map(|c| c.from.as_str()),
            Some("pdf")
        );
        // `keikaku eval` (eval::accept) pairs a gold file with an output by the source's
        // file name (and sha256 when the gold gives one) — here the .txt the gold was
        // read from and the .pdf printed from it — so it rightly refuses the pair. The
        // test pairs them by stem itself and scores with the library's scorer, the one
        // `keikaku eval` uses.
        let gold_source = gold["source"].as_str().expect("gold names its source");
        assert_eq!(
            Path::new(gold_source).file_stem(),
            Path::new(&doc.source.path).file_stem()
        );
        let scores = keikaku::eval::score(&gold, &doc);
        let from_text = crate::gold_scores(stem);
        for s in &scores {
            let text_f1 = from_text
                .iter()
                .find(|t| t.kind == s.kind)
                .map_or(f64::NAN, |t| t.f1);
            let _ = writeln!(
                table,
                "{stem:<12} {:<16} {:>5} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3} {text_f1:>8.3}",
                s.kind, s.gold, s.predicted, s.correct, s.precision, s.recall, s.f1
            );
            if s.gold > 0 && s.f1 < MIN_F1 {
                failures.push(shortfall(stem, s));
            }
        }

        // A discrepancy the text's status table shows must survive the print.
        let text_doc = crate::convert(&format!("seeds/{stem}.txt"));
        let flagged = |d: &Document| {
            d.warnings
                .iter()
                .filter(|w| w.code == DISCREPANCY)
                .map(|w| w.message.clone())
                .collect::<Vec<_>>()
        };
        let (in_text, in_pdf) = (flagged(&text_doc), flagged(&doc));
        if *stem == "ninohe-2021" {
            assert!(
                !in_text.is_empty(),
                "the ninohe text no longer gives {DISCREPANCY}: {:?}",
                codes(&text_doc)
            );
        }
        for m in &in_text {
            let _ = writeln!(table, "{stem:<12} {DISCREPANCY} (text): {m}");
        }
        for m in &in_pdf {
            let _ = writeln!(table, "{stem:<12} {DISCREPANCY} (pdf):  {m}");
        }
        if !in_text.is_empty() && in_pdf.is_empty() {
            failures.push(format!(
                "{stem}: the text gives {DISCREPANCY}, the PDF does not (its codes: {:?})",
                codes(&doc)
            ));
        }
    }
    eprintln!("seeds through a printed PDF:\n{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

type MeasureItem = (String, String, Option<(String, String)>);

/// A measure as compared: kind, title and status (canonical text, code).
fn measure_items(doc: &Document) -> Vec<MeasureItem> {
    doc.measures
        .iter()
        .map(|m| {
            (
                format!("{:?}", m.kind),
                canon(&m.title),
                m.status.as_ref().map(|s| (canon(&s.text), s.code.clone())),
            )
        })
        .collect()
}

/// A priority as compared: title and deadline year.
fn priority_items(doc: &Document) -> Vec<(String, Option<i32>)> {
    doc.priorities
        .iter()
        .map(|p| {
            (
                canon(&p.title),
                p.deadline.as_ref().and_then(|d| d.fiscal_year),
            )
        })
        .collect()
}

/// A glossary entry as compared: term and definition.
fn glossary_items(doc: &Document) -> Vec<(String, String)> {
    doc.glossary
        .iter()
        .map(|g| (canon(&g.term), canon(&g.definition)))
        .collect()
}

#[test]
fn own_fixture_pdf_equals_its_text() {
    if !have_pdftotext() {
        return;
    }
    let fixture = repo("fixtures/pdf/tsubakihara-plan.txt");
    let from_text = extract(&fixture);
    // The fixture reads as written: ten evaluated measures (5 実施, 3 一部実施, 2 未実施,
    // as its prose declares), three priorities with deadlines, eight glossary terms.
    let evaluated: Vec<&str> = from_text
        .measures
        .iter()
        .filter_map(|m| m.status.as_ref().map(|s| s.code.as_str()))
        .collect();
    assert_eq!(evaluated.len(), 10, "{:?}", measure_items(&from_text));
    for (code, n) in [
        ("implemented", 5),
        ("partially_implemented", 3),
        ("not_implemented", 2),
    ] {
        assert_eq!(
            evaluated.iter().filter(|c| **c == code).count(),
            n,
            "{code}"
        );
    }
    assert_eq!(priority_items(&from_text).len(), 3);
    assert!(priority_items(&from_text).iter().all(|(_, y)| y.is_some()));
    assert_eq!(glossary_items(&from_text).len(), 8);
    assert!(!codes(&from_text).contains(&DISCREPANCY));

    // Printed in one column, and in two columns a page (its tables cut between the
    // columns as between pages).
    let dir = tempfile::tempdir().unwrap();
    for columns in [1, 2] {
        let Some(pdf) = print_text(dir.path(), &fixture, columns) else {
            return;
        };
        let from_pdf = extract(&pdf);
        let (m_text, m_pdf) = (measure_items(&from_text), measure_items(&from_pdf));
        let (p_text, p_pdf) = (priority_items(&from_text), priority_items(&from_pdf));
        let (g_text, g_pdf) = (glossary_items(&from_text), glossary_items(&from_pdf));
        eprintln!(
            "{} through a PDF printed in {columns} column(s) (items: text, pdf, of the pdf's \
             also in the text):\n\
             measures   {:>3} {:>3} {:>3}\npriorities {:>3} {:>3} {:>3}\nglossary   {:>3} {:>3} {:>3}",
            fixture.file_name().unwrap().to_string_lossy(),
            m_text.len(),
            m_pdf.len(),
            m_pdf.iter().filter(|i| m_text.contains(i)).count(),
            p_text.len(),
            p_pdf.len(),
            p_pdf.iter().filter(|i| p_text.contains(i)).count(),
            g_text.len(),
            g_pdf.len(),
            g_pdf.iter().filter(|i| g_text.contains(i)).count(),
        );
        assert_eq!(m_pdf, m_text, "measures, {columns} column(s)");
        assert_eq!(p_pdf, p_text, "priorities, {columns} column(s)");
        assert_eq!(g_pdf, g_text, "glossary, {columns} column(s)");
    }
}

#[test]
fn printed_html_tables_tab_runs_and_escapes() {
    let html = printed_html("題 <A&B>\n項目\t状況\na\t\nb\tc\td\n\n後\u{c}次", 1);
    assert_eq!(html.matches("<table>").count(), 1);
    assert_eq!(html.matches("<tr>").count(), 3);
    assert!(html.contains("<tr><td>a</td><td></td></tr>"));
    assert!(html.contains("<tr><td>b</td><td>c</td><td>d</td></tr>"));
    assert!(html.contains("<p>題 &lt;A&amp;B&gt;</p>"));
    assert!(html.contains("<p><br></p>"));
    assert!(html.contains("break-before:page"));
    assert!(html.contains("<p>次</p>"));
    // Only what is seen: no attribute on a row, cell or paragraph.
    for tag in ["<tr ", "<td ", "<p ", "<table "] {
        assert!(!html.contains(tag), "{tag}");
    }
}
