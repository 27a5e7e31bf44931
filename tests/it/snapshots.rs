//! Snapshots of what keikaku reads from every layout fixture (`fixtures/glossary/`,
//! `fixtures/measures/`, `fixtures/priorities/`, `fixtures/unseen/docs/`) and from the
//! seeds, so that the effect of a change across layouts is a reviewable diff.
//!
//! A snapshot is a compact view, one line per item (no spans and no ids, which would make
//! every diff noisy): the document's metadata, sections, measures, status summaries,
//! legends, priorities, indicators, glossary entries and warnings (with the title of the
//! item they name). They are in `tests/it/snapshots/`.
//!
//! **Every committed snapshot was checked by hand, line by line, against its fixture
//! text** (and against the fixture's hand-written expectation or gold, where there is
//! one). Lines that are known to be wrong are listed in `tests/it/snapshots/KNOWN.md`;
//! a snapshot is never an expectation by itself. After a change, read the diff against
//! the fixture before accepting it (`cargo insta review`, or `INSTA_UPDATE=always cargo
//! test` then `git diff`), and update `KNOWN.md`.
//!
//! A mismatch or a missing snapshot fails the test (insta writes a `.snap.new` beside it
//! for review, or nothing when `CI` is set; CI runs with `INSTA_UPDATE=no`). A snapshot
//! whose fixture is gone fails too.

use std::collections::HashMap;
use std::fmt::Write;

use keikaku::Document;
use keikaku::model::{Coded, MeasureKind, Quantity};

use crate::{pipeline, repo};

/// The snapshot file prefix of this module (insta names files `<module>__<name>.snap`).
const PREFIX: &str = "it__snapshots__";

/// At most this many characters of a definition or description are shown.
const SHOWN_CHARS: usize = 30;

fn cut(text: &str) -> String {
    let one_line = text.replace('\n', "⏎");
    let mut out: String = one_line.chars().take(SHOWN_CHARS).collect();
    if one_line.chars().count() > SHOWN_CHARS {
        out.push('…');
    }
    out
}

fn opt(s: Option<&str>) -> &str {
    s.unwrap_or("-")
}

fn coded(c: Option<&Coded>) -> String {
    c.map_or("-".into(), |c| format!("{}={}", c.text, c.code))
}

fn quantity(q: Option<&Quantity>) -> String {
    let Some(q) = q else { return "-".into() };
    let value = q.value.map_or("?".into(), |v| v.to_string());
    let year = q.year.map_or(String::new(), |y| format!(" FY{y}"));
    format!("{} → {value}{}{year}", q.text, opt(q.unit.as_deref()))
}

/// The compact view of a document: one line per item.
fn view(doc: &Document) -> String {
    let mut titles: HashMap<&str, &str> = HashMap::new();
    for m in &doc.measures {
        titles.insert(&m.id, &m.title);
    }
    for p in &doc.priorities {
        titles.insert(&p.id, &p.title);
    }
    for i in &doc.indicators {
        titles.insert(&i.id, &i.name);
    }
    for g in &doc.glossary {
        titles.insert(&g.id, &g.term);
    }
    let name = |id: &str| titles.get(id).copied().unwrap_or(id).to_string();
    let mut o = String::new();
    let d = &doc.document;
    let period = d.period.as_ref().map(|p| {
        format!(
            "{}–{}",
            p.start_fiscal_year,
            p.end_fiscal_year.map_or("?".into(), |y| y.to_string())
        )
    });
    let _ = writeln!(
        o,
        "document | {} | {} | {} | period {}",
        opt(d.title.as_deref()),
        opt(d.municipality.as_deref()),
        opt(d.prefecture.as_deref()),
        opt(period.as_deref())
    );
    for s in &doc.sections {
        let _ = writeln!(
            o,
            "section | {} | {} | {}",
            s.level,
            opt(s.number.as_deref()),
            s.title
        );
    }
    for m in &doc.measures {
        let kind = match m.kind {
            MeasureKind::Evaluation => "evaluation",
            MeasureKind::Plan => "plan",
        };
        let parent = m.parent.as_deref().map(name);
        let _ = writeln!(
            o,
            "measure | {kind} | {} | status {} | category {} | parent {} | {} details, {} progress{}",
            m.title,
            coded(m.status.as_ref()),
            coded(m.category.as_ref()),
            opt(parent.as_deref()),
            m.details.len(),
            m.progress.len(),
            if m.repairs.is_empty() {
                String::new()
            } else {
                format!(" | repairs {}", m.repairs.join(","))
            }
        );
    }
    for s in &doc.status_summaries {
        let _ = writeln!(
            o,
            "summary | rows {:?} | declared {:?} | prose {:?} | {} discrepancies",
            s.from_rows,
            s.declared,
            s.declared_in_prose,
            s.discrepancies.len()
        );
    }
    for l in &doc.legends {
        let marks: Vec<String> = l.marks.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = writeln!(o, "legend | {}", marks.join(", "));
    }
    for p in &doc.priorities {
        let deadline = p.deadline.as_ref().map_or("-".into(), |d| {
            format!(
                "{} → {}",
                d.text,
                d.fiscal_year.map_or("?".into(), |y| format!("FY{y}"))
            )
        });
        let _ = writeln!(
            o,
            "priority | {} | group {} | deadline {deadline} | {} measures",
            p.title,
            opt(p.group.as_deref()),
            p.measures.len()
        );
    }
    for i in &doc.indicators {
        let evaluation = i.evaluation.as_ref().map_or("-".into(), |e| {
            format!("{}={}", e.text, opt(e.meaning.as_deref()))
        });
        let _ = writeln!(
            o,
            "indicator | {} | baseline {} | target {} | evaluation {evaluation}",
            i.name,
            quantity(i.baseline.as_ref()),
            quantity(i.target.as_ref())
        );
    }
    for g in &doc.glossary {
        let _ = writeln!(
            o,
            "glossary | {} | {} | {} | {} | {} mentions",
            g.term,
            opt(g.reading.as_deref()),
            opt(g.group.as_deref()),
            cut(&g.definition),
            g.mentions.len()
        );
    }
    for w in &doc.warnings {
        let item = w.item.as_deref().map(name);
        let _ = writeln!(o, "warning | {} | {}", w.code, opt(item.as_deref()));
    }
    o
}

/// The `.txt` files of a repository directory, sorted.
fn texts(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "txt").then(|| p.file_stem()?.to_str().map(String::from))?
        })
        .collect();
    names.sort();
    names
}

/// Snapshots every `.txt` of `dir` as `<group>__<stem>`, all of them before failing (so
/// that one run shows every layout a change touched).
fn snapshot_dir(dir: &str, group: &str) {
    let stems = texts(dir);
    assert!(!stems.is_empty(), "{dir} has no .txt fixtures");
    let mut failed = Vec::new();
    for stem in &stems {
        let path = format!("{dir}/{stem}.txt");
        let doc = pipeline()
            .run_file(&repo(&path))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let shown = view(&doc);
        let name = format!("{group}__{stem}");
        let result = std::panic::catch_unwind(|| {
            insta::with_settings!({ description => path.clone(), omit_expression => true }, {
                insta::assert_snapshot!(name, shown);
            });
        });
        if result.is_err() {
            failed.push(path);
        }
    }
    assert!(
        failed.is_empty(),
        "snapshots differ (read each diff against its fixture, then accept it and update KNOWN.md): {failed:#?}"
    );
    // A snapshot whose fixture was removed or renamed.
    let snaps = repo("tests/it/snapshots");
    let want = format!("{PREFIX}{group}__");
    let orphans: Vec<String> = std::fs::read_dir(&snaps)
        .map(|rd| {
            rd.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|f| f.starts_with(&want) && f.ends_with(".snap"))
                .filter(|f| {
                    let stem = &f[want.len()..f.len() - ".snap".len()];
                    !stems.iter().any(|s| s == stem)
                })
                .collect()
        })
        .unwrap_or_default();
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture in {dir}: {orphans:?}"
    );
}

#[test]
fn glossary_layouts() {
    snapshot_dir("fixtures/glossary", "glossary");
}

#[test]
fn measure_layouts() {
    snapshot_dir("fixtures/measures", "measures");
}

#[test]
fn priority_layouts() {
    snapshot_dir("fixtures/priorities", "priorities");
}

#[test]
fn unseen_layouts() {
    snapshot_dir("fixtures/unseen/docs", "unseen");
}

#[test]
fn seeds() {
    snapshot_dir("seeds", "seeds");
}
