//! Stage 8, emit: records → the JSON document, JSON Lines, and files on disk.
//!
//! Keys come out in the contract's order (struct order, `preserve_order` maps). Files
//! are written atomically: to a temporary file in the same directory, synced, then
//! renamed over the target, so a crash leaves the old file or the new one, never half.
//! The temporary file is created exclusively under a short name of keikaku's own
//! pattern (`.kk-<pid>-<hex>.tmp`), never through a link planted there; those a killed
//! run left behind are removed by the next batch into that folder.
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
    if !decoded.empty_pages.is_empty() {
        let pages: Vec<String> = decoded.empty_pages.iter().map(|p| p.to_string()).collect();
        warnings.push(Warning {
            code: "pdf_page_without_text".into(),
            message: format!(
                "page(s) {} of the PDF hold no text (images only?); nothing on them was read",
                pages.join(", ")
            ),
            item: None,
            span: None,
        });
    }
    Document {
        schema_version: SCHEMA_VERSION.to_string(),
        generator: generator(),
        source: Source {
            path: path.to_string(),
            sha256: decoded.sha256.clone(),
            encoding: decoded.encoding.to_string(),
            bytes: decoded.bytes,
            converted: decoded.converted.clone(),
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

/// The prefix and suffix of keikaku's temporary files: `.kk-<pid>-<random>.tmp`, short
/// (at most 26 bytes), so it fits beside any output name a filesystem allows.
const TMP_PREFIX: &str = ".kk-";
const TMP_SUFFIX: &str = ".tmp";

/// A temporary file name in `dir` for this process, not yet used by anyone: made with
/// `create_new` (`O_EXCL`), which never follows a link planted at the name, and tried
/// again under another name if the name is taken.
fn create_temp(dir: &Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut last = None;
    for _ in 0..16 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        let tmp = dir.join(format!(
            "{TMP_PREFIX}{:x}-{:08x}{TMP_SUFFIX}",
            std::process::id(),
            h.finish() as u32
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary file name")))
}

/// Writes `bytes` to `path` atomically: to a temporary file created exclusively in
/// the same directory, synced, then renamed over `path` (a link at `path` is replaced,
/// never written through).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// A file written atomically as a stream, for outputs too large to hold in memory:
/// the bytes go to a temporary file created exclusively beside `path` (buffered), and
/// [`AtomicFile::commit`] syncs it and renames it over `path`. Dropped without a
/// commit (an error on the way), the temporary file is removed and `path` is left as
/// it was.
pub struct AtomicFile {
    tmp: std::path::PathBuf,
    target: std::path::PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let (tmp, f) = create_temp(dir)?;
        Ok(AtomicFile {
            tmp,
            target: path.to_path_buf(),
            file: Some(std::io::BufWriter::with_capacity(1 << 16, f)),
        })
    }

    /// Flushes and syncs what was written, then renames it over the target.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(buffered) = self.file.take() else {
            return Err(std::io::Error::other("already committed"));
        };
        let f = buffered.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&self.tmp, &self.target)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Removes the temporary files a killed keikaku left in `dir`: only names of keikaku's
/// own pattern (`.kk-<pid>-<hex>.tmp`), only regular files, and only those of a process
/// that is no longer running (another keikaku writing into the same folder keeps its
/// own). Returns how many were removed; errors are ignored (a file that cannot be
/// removed is left, and a later run tries again).
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(temp_pid) else {
            continue;
        };
        let alive = pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists();
        let is_file = e.file_type().is_ok_and(|t| t.is_file());
        if !alive && is_file && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process id in a name of keikaku's temporary-file pattern.
fn temp_pid(name: &str) -> Option<u32> {
    let core = name.strip_prefix(TMP_PREFIX)?.strip_suffix(TMP_SUFFIX)?;
    let (pid, rand) = core.split_once('-')?;
    let hex = |s: &str| !s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex(pid) || !hex(rand) || rand.len() != 8 {
        return None;
    }
    u32::from_str_radix(pid, 16).ok()
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

    #[test]
    fn a_link_at_the_output_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        let p = dir.path().join("a.json");
        std::os::unix::fs::symlink(&victim, &p).unwrap();
        write_atomic(&p, b"new").unwrap();
        assert!(!victim.exists());
        assert!(std::fs::symlink_metadata(&p).unwrap().is_file());
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
    }

    #[test]
    fn an_uncommitted_stream_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        write_atomic(&p, b"old").unwrap();
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"half of the new").unwrap();
        drop(f);
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
    }

    #[test]
    fn a_long_output_name_still_fits() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(format!("{}.json", "a".repeat(250)));
        write_atomic(&p, b"x").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"x");
    }

    #[test]
    fn stale_temporary_files_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // pid 0x7ffffffe is never a running process; our own pid is.
        let stale = dir.path().join(".kk-7ffffffe-0123abcd.tmp");
        let live = dir
            .path()
            .join(format!(".kk-{:x}-0123abcd.tmp", std::process::id()));
        let other = dir.path().join(".kk-note.tmp");
        for p in [&stale, &live, &other] {
            std::fs::write(p, "{").unwrap();
        }
        assert_eq!(remove_stale_temps(dir.path()), 1);
        assert!(!stale.exists() && live.exists() && other.exists());
    }
}
