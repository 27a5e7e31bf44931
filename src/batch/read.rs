//! Reading one input, bounded: a regular file (or standard input) of at most a given
//! number of bytes.
//!
//! Anything but a regular file is refused before it is opened: a FIFO would block the
//! read for ever, a device such as `/dev/zero` never ends. The read itself stops one
//! byte past the limit (`take(limit + 1)`), so even a file that grows while it is read,
//! or standard input fed from an endless stream, never fills memory: it is refused as
//! too large, naming the file and the limit.
//!
//! This module reads bytes; it does not decode them (that is [`crate::decode`]).

use std::fs::FileType;
use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;

use crate::Error;

/// The default largest input, in bytes (64 MiB): far above any real plan, low enough
/// that converting it holds memory to a few hundred megabytes.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// What a file that is not a regular file is, in words.
pub(crate) fn not_a_file(kind: &FileType) -> String {
    let what = if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "not a regular file"
    };
    format!("{what}, not a regular file; not read")
}

/// Reads a file, or standard input for `-`, refusing more than `max` bytes and
/// anything but a regular file; the name to record (the path as given, `-` for
/// standard input) and the bytes. Errors name the file.
pub fn read_input(path: &Path, max: u64) -> Result<(String, Vec<u8>), Error> {
    if path.as_os_str() == "-" {
        let bytes =
            read_bounded(std::io::stdin().lock(), 0, max).map_err(|e| e.in_file("<stdin>"))?;
        return Ok(("-".to_string(), bytes));
    }
    let bytes = read_file(path, max).map_err(|e| e.in_file(path))?;
    Ok((source_name(path), bytes))
}

/// The name recorded as `source.path`: the path as given, without `.` components, so
/// `./a.txt`, `.//a.txt` and `a.txt` are recorded alike (`a.txt`). It is not made
/// absolute, and `..` is kept: the name stays what the user typed, relative to where
/// keikaku ran.
pub fn source_name(path: &Path) -> String {
    let clean: std::path::PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if clean.as_os_str().is_empty() {
        path.display().to_string()
    } else {
        clean.display().to_string()
    }
}

fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::NotAFile(not_a_file(&meta.file_type())));
    }
    if meta.len() > max {
        return Err(Error::TooLarge {
            bytes: Some(meta.len()),
            limit: max,
        });
    }
    read_bounded(std::fs::File::open(path)?, meta.len(), max)
}

fn read_bounded(r: impl Read, hint: u64, max: u64) -> Result<Vec<u8>, Error> {
    let mut buf = Vec::with_capacity(hint.min(max) as usize);
    r.take(max.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > max {
        return Err(Error::TooLarge {
            bytes: None,
            limit: max,
        });
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_stream_stops_at_the_limit() {
        let e = read_bounded(std::io::repeat(b'a'), 0, 1000).unwrap_err();
        assert!(matches!(e, Error::TooLarge { limit: 1000, .. }), "{e}");
        assert_eq!(read_bounded(&b"abc"[..], 3, 3).unwrap(), b"abc");
    }

    #[test]
    fn a_device_behind_a_link_is_refused_unopened() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.txt");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let e = read_input(&link, 1 << 20).unwrap_err().to_string();
        assert!(
            e.contains("zero.txt") && e.contains("character device"),
            "{e}"
        );
        let e = read_input(dir.path(), 1 << 20).unwrap_err().to_string();
        assert!(e.contains("a directory"), "{e}");
    }

    #[test]
    fn source_names_do_not_depend_on_dot_components() {
        for p in ["./a/b.txt", "a/./b.txt", ".//a//b.txt", "a/b.txt"] {
            assert_eq!(source_name(Path::new(p)), "a/b.txt", "{p}");
        }
        assert_eq!(source_name(Path::new("/x/../a.txt")), "/x/../a.txt");
    }

    #[test]
    fn a_large_file_is_refused_by_size() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.txt");
        std::fs::write(&p, vec![b'a'; 2000]).unwrap();
        let e = read_input(&p, 1000).unwrap_err().to_string();
        assert!(
            e.contains("big.txt") && e.contains("2000") && e.contains("1000"),
            "{e}"
        );
    }
}
