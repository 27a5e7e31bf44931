//! The walk of input directories: which `.txt` and `.pdf` files below a folder are
//! inputs (a `.pdf` is then read by its bytes: one that is not a PDF is refused).
//!
//! The walk cannot hang and cannot run away. It uses `walkdir`, following symbolic
//! links (a link to a plan is a plan) but detecting a link back to a folder being walked
//! (a loop), which is skipped with a warning instead of being walked again and again.
//! Only regular files are inputs: a FIFO, socket or device named `*.txt` is never
//! opened (opening a FIFO blocks until someone writes to it) and is named in a warning;
//! a directory named `x.txt` is walked, not read. A folder that cannot be read, or a
//! `.txt` link that leads nowhere, is an error naming it, not a silent gap.
//!
//! This module lists files; it does not read them ([`super::read`] does, with the same
//! refusal of anything but a regular file for inputs given directly).

use std::path::{Path, PathBuf};

use super::Failure;

/// The inputs found, and what was passed over on the way.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Files to convert: those given directly, in the order given, and the `.txt` and
    /// `.pdf` files below each directory, sorted.
    pub files: Vec<PathBuf>,
    /// Entries skipped on purpose (a FIFO, a device, a symlink loop), each naming the
    /// entry and why; not a failure.
    pub warnings: Vec<String>,
    /// Entries that could not be walked (an unreadable folder, a dangling link named
    /// `*.txt`); the batch goes on without them but reports each as failed.
    pub errors: Vec<Failure>,
}

/// Expands directories into the `.txt` and `.pdf` files below them (sorted); files are kept as
/// given, in the order given (they are checked when read).
pub fn expand(inputs: &[PathBuf]) -> Expanded {
    let mut out = Expanded::default();
    for p in inputs {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found, &mut out);
            found.sort();
            out.files.extend(found);
        } else {
            out.files.push(p.clone());
        }
    }
    out
}

fn is_input(p: &Path) -> bool {
    p.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("txt") || x.eq_ignore_ascii_case("pdf"))
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, out: &mut Expanded) {
    for entry in walkdir::WalkDir::new(dir).follow_links(true) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                if let Some(ancestor) = e.loop_ancestor() {
                    out.warnings.push(format!(
                        "{}: skipped: a symbolic link back to {} (a loop)",
                        path.display(),
                        ancestor.display()
                    ));
                } else if path == dir || is_input(&path) || path.is_dir() {
                    let why = e
                        .io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| e.to_string());
                    out.errors.push(Failure {
                        reason: format!("{}: cannot read: {why}", path.display()),
                        path,
                    });
                }
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() || !is_input(entry.path()) {
            continue;
        }
        if kind.is_file() {
            found.push(entry.into_path());
        } else {
            out.warnings.push(format!(
                "{}: skipped: {}",
                entry.path().display(),
                super::read::not_a_file(&kind)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loops_end_and_are_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.txt"), "x").unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("self1")).unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("sub/up")).unwrap();
        std::fs::create_dir(dir.path().join("c.txt")).unwrap();
        let e = expand(&[dir.path().to_path_buf()]);
        assert_eq!(
            e.files,
            vec![dir.path().join("a.txt"), dir.path().join("sub/b.txt")]
        );
        assert_eq!(e.warnings.len(), 2, "{:?}", e.warnings);
        assert!(e.warnings.iter().all(|w| w.contains("loop")));
        assert!(e.errors.is_empty());
    }
}
