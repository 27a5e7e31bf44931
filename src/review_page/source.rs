//! The source text a review page shows: the file an output names in `source.path`
//! (as given, else beside the output file) or the one given with `--source`, checked
//! against the output's `source.sha256` and decoded as extraction decoded it (with the
//! recorded `source.encoding`), so that the output's byte spans index it exactly.
//!
//! A missing file or a file whose sha256 differs is an error: a page built on another
//! text would mark the wrong words. This module reads files; it builds no page.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{Error, decode};

/// Finds, checks and decodes the source of the output `doc`, read from `json_path`;
/// `given` is a path that overrides `source.path`. Errors do not name `json_path`
/// (the caller does).
pub fn load(doc: &Value, json_path: &Path, given: Option<&Path>) -> Result<String, Error> {
    let field = |k: &str| doc.pointer(&format!("/source/{k}")).and_then(Value::as_str);
    let (Some(recorded), Some(sha256)) = (field("path"), field("sha256")) else {
        return Err(Error::NotAnOutput(
            "not a keikaku output: it has no source.path and source.sha256".into(),
        ));
    };
    let candidates: Vec<PathBuf> = match given {
        Some(p) => {
            // Named by the user: any failure to read it is that failure, not "not found".
            let (_, bytes) = crate::batch::read_input(p, crate::batch::DEFAULT_MAX_BYTES)?;
            return checked(doc, p.to_path_buf(), bytes, sha256);
        }
        None if recorded == "-" => Vec::new(),
        None => {
            let p = Path::new(recorded);
            let mut c = vec![p.to_path_buf()];
            if p.is_relative() {
                if let Some(dir) = json_path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    c.push(dir.join(p));
                }
            }
            c
        }
    };
    let Some((path, bytes)) = candidates
        .iter()
        .find_map(|p| Some((p.clone(), read_regular(p)?)))
    else {
        return Err(Error::SourceNotFound {
            recorded: recorded.to_string(),
            tried: candidates,
        });
    };
    checked(doc, path, bytes, sha256)
}

/// `bytes`, read from `path`, decoded when their sha256 is `sha256`.
fn checked(doc: &Value, path: PathBuf, bytes: Vec<u8>, sha256: &str) -> Result<String, Error> {
    let field = |k: &str| doc.pointer(&format!("/source/{k}")).and_then(Value::as_str);
    let found = decode::sha256_hex(&bytes);
    if found != sha256 {
        return Err(Error::SourceChanged {
            path,
            recorded: sha256.to_string(),
            found,
        });
    }
    let forced = field("encoding").and_then(|e| decode::encoding_for_label(e).ok());
    decode::decode(&bytes, forced)
        .map(|d| d.text)
        .map_err(|e| e.in_file(path))
}

/// The bytes of a regular file of at most the batch limit; `None` for anything else.
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    crate::batch::read_input(path, crate::batch::DEFAULT_MAX_BYTES)
        .ok()
        .map(|(_, bytes)| bytes)
}
