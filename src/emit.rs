//! Stage 8, emit: records → the JSON document, JSON Lines, and files on disk.
//!
//! Keys come out in the contract's order (struct order, `preserve_order` maps). Files
//! are written atomically: to a temporary file in the same directory, synced, then
//! renamed over the target, so a crash leaves the old file or the new one, never half.
//!
//! This module serializes; it does not decide what goes into a record.

use std::io::Write;
use std::path::Path;

use crate::decode::Decoded;
use crate::extract::Records;
use crate::model::{Document, Generator, SCHEMA_VERSION, Source, Warning};

/// keikaku's version and dictionary fingerprint, as recorded in every output.
pub fn generator() -> Generator {
    Generator {
        name: env!("CARGO_PKG_NAME").to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        dictionary_fingerprint: crate::vocab::fingerprint(),
    }
}

/// Assembles the output document.
pub fn document(
    path: &str,
    decoded: &Decoded,
    records: Records,
    mut checks: Vec<Warning>,
) -> Document {
    let mut warnings = records.warnings;
    warnings.append(&mut checks);
    Document {
        schema_version: SCHEMA_VERSION.to_string(),
        generator: generator(),
        source: Source {
            path: path.to_string(),
            sha256: decoded.sha256.clone(),
            encoding: decoded.encoding.to_string(),
            bytes: decoded.bytes,
        },
        document: records.metadata,
        sections: records.sections,
        measures: records.measures,
        status_summaries: records.status_summaries,
        priorities: records.priorities,
        indicators: records.indicators,
        legends: records.legends,
        glossary: records.glossary,
        warnings,
        review: None,
    }
}

/// Pretty JSON with a final newline.
pub fn to_json(doc: &Document) -> String {
    let mut s = serde_json::to_string_pretty(doc).expect("documents always serialize");
    s.push('\n');
    s
}

/// One line of JSON Lines (with its newline).
pub fn to_json_line(doc: &Document) -> String {
    let mut s = serde_json::to_string(doc).expect("documents always serialize");
    s.push('\n');
    s
}

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The strict JSON Schema of the output contract ([`crate::schema::strict`]).
pub fn schema() -> String {
    let schema = crate::schema::strict();
    let mut s = serde_json::to_string_pretty(&schema).expect("schema serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"old contents that are long").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
