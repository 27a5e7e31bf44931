//! Tables across plans, for analysts: every keikaku output below some folders turned
//! into `measures`, `indicators`, `priorities`, `glossary` and `status_summaries`
//! tables, one row per item over all documents, as CSV (for Excel) or JSON Lines (for
//! DuckDB and search indexes).
//!
//! Outputs are found by walking the given folders for `*.json` files (sorted, the
//! `.keikaku/` folders of base copies skipped; files given directly are taken as they
//! are). Documents are read one at a time, in path order, and their rows streamed into
//! the table files, so memory does not grow with their number. A file that is not a
//! keikaku output (not JSON, or JSON without keikaku's `schema_version`, `generator`
//! and `source`) is reported by name and skipped; the others are still exported.
//!
//! This module finds, reads and routes documents; what a row holds is [`rows`], how a
//! file is written [`write`]. It does not convert plans.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::Error;
use crate::batch::Failure;

mod rows;
mod write;

pub use rows::{DOCUMENT_COLUMNS, Table};
pub use write::Format;

/// The largest output file read (1 GiB): far above any real output.
const MAX_OUTPUT_BYTES: u64 = 1 << 30;

/// What an export did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Documents exported.
    pub documents: usize,
    /// The files written, with their row counts, in [`Table::ALL`] order.
    pub files: Vec<(PathBuf, usize)>,
    /// Files that were not exported, each with a reason naming it, in path order.
    pub failures: Vec<Failure>,
    /// Entries passed over on purpose (a symbolic-link loop), each named.
    pub warnings: Vec<String>,
}

/// The keikaku output files among `inputs`: each directory walked for `*.json` files
/// (links followed, loops skipped with a warning, `.keikaku/` folders skipped), files
/// given directly kept; all sorted by path, repeats dropped. Folders that cannot be
/// read are failures.
pub fn find_outputs(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>, Vec<String>) {
    let (mut files, mut failures, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
    for input in inputs {
        if !input.is_dir() {
            files.push(input.clone());
            continue;
        }
        let walk = walkdir::WalkDir::new(input)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| !(e.file_type().is_dir() && e.file_name() == ".keikaku"));
        for entry in walk {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    if e.file_type().is_file()
                        && p.extension()
                            .is_some_and(|x| x.eq_ignore_ascii_case("json"))
                    {
                        files.push(p.to_path_buf());
                    }
                }
                Err(e) => {
                    let path = e.path().unwrap_or(input).to_path_buf();
                    if e.loop_ancestor().is_some() {
                        warnings.push(format!(
                            "{}: a link back to a folder being walked; skipped",
                            path.display()
                        ));
                    } else {
                        failures.push(Failure {
                            reason: format!("{}: cannot read: {e}", path.display()),
                            path,
                        });
                    }
                }
            }
        }
    }
    files.sort();
    files.dedup();
    (files, failures, warnings)
}

/// Reads one keikaku output as a JSON value (a byte order mark allowed); a file that
/// is not one is an error saying why.
pub fn read_output(path: &Path) -> Result<Value, Error> {
    let (_, bytes) = crate::batch::read_input(path, MAX_OUTPUT_BYTES)?;
    let text = std::str::from_utf8(crate::validate::strip_bom(&bytes))
        .map_err(|e| Error::NotAnOutput(format!("not UTF-8 text ({e})")))?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Error::NotAnOutput(format!(
            "not JSON (line {}, column {}: {e})",
            e.line(),
            e.column()
        ))
    })?;
    let is_ours = value.get("schema_version").is_some_and(Value::is_string)
        && value.pointer("/generator/name") == Some(&Value::from("keikaku"))
        && value.pointer("/source/path").is_some_and(Value::is_string);
    if !is_ours {
        return Err(Error::NotAnOutput(
            "JSON, but no keikaku output (it lacks schema_version, generator \"keikaku\" or source.path)"
                .into(),
        ));
    }
    Ok(value)
}

/// Exports the keikaku outputs found in `inputs` ([`find_outputs`]) into
/// `dir/<table>.<csv|jsonl>`, creating `dir`. A file that cannot be read or is not a
/// keikaku output is a failure in the summary, and the rest are exported; `Err` means
/// the tables could not be written (then none is replaced).
pub fn export(inputs: &[PathBuf], dir: &Path, format: Format) -> Result<Summary, Error> {
    let (files, mut failures, warnings) = find_outputs(inputs);
    if files.is_empty() && failures.is_empty() {
        let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::NotAnOutput(format!(
            "no keikaku outputs (*.json) in {}",
            names.join(", ")
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::from(e).in_file(dir))?;
    crate::emit::remove_stale_temps(dir);
    let write_error = |path: &Path, source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut writers = Vec::new();
    for table in Table::ALL {
        let w = write::TableWriter::create(dir, table, format)
            .map_err(|e| write_error(&dir.join(table.name()), e))?;
        writers.push((table, w));
    }
    let mut documents = 0;
    for path in &files {
        let doc = match read_output(path) {
            Ok(doc) => doc,
            Err(e) => {
                failures.push(Failure {
                    reason: e.in_file(path).to_string(),
                    path: path.clone(),
                });
                continue;
            }
        };
        documents += 1;
        for (table, w) in &mut writers {
            for row in table.rows(&doc) {
                w.write(row).map_err(|e| write_error(w.path(), e))?;
            }
        }
    }
    let mut written = Vec::new();
    for (_, w) in writers {
        let (path, rows) = (w.path().to_path_buf(), w.rows);
        w.commit().map_err(|e| write_error(&path, e))?;
        written.push((path, rows));
    }
    failures.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Summary {
        documents,
        files: written,
        failures,
        warnings,
    })
}
