//! The reviewer loop: a re-run never loses a person's edits to an output file.
//!
//! Every output written into a directory has a twin, the base: the pristine machine
//! output, kept at `<dir>/.keikaku/base/<name>.json` and written (atomically) right
//! after the output. When a file is converted again and its output is there, [`write`]
//! compares the output with the base as parsed JSON (so an editor that re-indents or
//! reorders keys has not edited anything). An untouched output is replaced by the new
//! machine output; an edited one is merged ([`merge::merge`]): the reviewer's changes
//! stay, the machine's changes come in where nobody edited, and where both changed a
//! field differently the reviewer's value stays and a conflict is recorded in the
//! output's `review` section.
//!
//! An output that does not parse as JSON, or is not a JSON object, is never
//! overwritten: the error names the file, line and column. A byte order mark, Windows
//! line endings or another indentation are no edit and no error; the merged output is
//! written as keikaku writes every output (UTF-8 without a mark, `\n`, two spaces). An output with no base
//! (written by a keikaku that kept none, or by hand) is treated as reviewed from an
//! empty base: where it differs from the machine output, its value stays, with a
//! conflict.
//!
//! The order of the two writes (output, then base) means a crash between them leaves
//! an older base; the next merge may then report a conflict that is not one, but it
//! never drops an edit.
//!
//! This module does not decide whether a file needs converting (that is
//! [`crate::batch`]) and does not validate the reviewer's values.

pub mod items;
pub mod merge;
pub mod pointers;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::model::Document;
use crate::{Error, emit};

/// What [`write`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The machine output was written (there was no output, or nobody had edited it).
    Converted,
    /// An edited output was merged with the machine output.
    Merged {
        /// Conflicts the merged output lists.
        conflicts: usize,
    },
}

/// Where the base of the output `target` is kept: `<dir>/.keikaku/base/<name>`.
pub fn base_path(target: &Path) -> PathBuf {
    let dir = target.parent().unwrap_or(Path::new(""));
    let name = target.file_name().unwrap_or_default();
    dir.join(".keikaku").join("base").join(name)
}

/// Writes the machine output `doc` to `target`, merged with the edits a person made to
/// the output already there, and keeps `doc` as the new base. Fails, leaving `target`
/// as it was, when the existing output is not a JSON object.
pub fn write(target: &Path, doc: &Document) -> Result<Written, Error> {
    let machine_text = emit::to_json(doc);
    let existing = match std::fs::read(target) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::from(e).in_file(target)),
    };
    // The merged text, when it differs from the machine's (never a copy of it: a long
    // plan's JSON is twice its size).
    let (merged_text, written) = match existing {
        None => (None, Written::Converted),
        Some(bytes) => {
            let reviewer = parse_edited(target, &bytes)?;
            let base = std::fs::read(base_path(target))
                .ok()
                .and_then(|b| serde_json::from_slice::<Value>(crate::validate::strip_bom(&b)).ok());
            let machine = serde_json::to_value(doc).expect("documents always serialize");
            let merged = merge::merge(base.as_ref(), &reviewer, &machine);
            if merged.edited {
                let mut text = serde_json::to_string_pretty(&merged.value)
                    .expect("JSON values always serialize");
                text.push('\n');
                let conflicts = merged.review.conflicts.len();
                (Some(text), Written::Merged { conflicts })
            } else {
                (None, Written::Converted)
            }
        }
    };
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let text = merged_text.as_deref().unwrap_or(&machine_text);
    emit::write_atomic(target, text.as_bytes()).map_err(failed(target))?;
    let base = base_path(target);
    if let Some(dir) = base.parent() {
        std::fs::create_dir_all(dir).map_err(failed(dir))?;
    }
    emit::write_atomic(&base, machine_text.as_bytes()).map_err(failed(&base))?;
    Ok(written)
}

/// Parses an existing output, which a person may have edited.
fn parse_edited(target: &Path, bytes: &[u8]) -> Result<Value, Error> {
    let edited = |line, column, message: String| Error::EditedOutput {
        path: target.to_path_buf(),
        line,
        column,
        message,
    };
    match serde_json::from_slice::<Value>(crate::validate::strip_bom(bytes)) {
        Ok(v) if v.is_object() => Ok(v),
        Ok(_) => Err(edited(1, 1, "not a JSON object".into())),
        Err(e) => {
            let full = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
            Err(edited(e.line(), e.column(), message))
        }
    }
}
