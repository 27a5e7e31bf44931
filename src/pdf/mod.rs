//! PDF input: a file whose bytes start with `%PDF` is turned into text from the word
//! boxes that poppler's `pdftotext -bbox-layout -enc UTF-8` (Debian's `poppler-utils`)
//! finds, run as a child process with a time limit and a bounded output, so a broken or
//! hostile PDF never hangs a batch or fills memory.
//!
//! The PDF is fed on the converter's standard input (no temporary file) and the boxes
//! are read from standard output, at most [`Options::max_boxes_bytes`] of them. On
//! time-out the child is killed. [`words`] reads the boxes and [`layout`] lays them out
//! as text, rebuilding tables as TAB-separated rows; that text is what every span
//! indexes (`keikaku text plan.pdf` prints it), one form feed after each page. Control
//! characters other than line ends, tabs and form feeds, which some PDFs' fonts map
//! glyphs to, become spaces so the text decodes like any other.
//!
//! This module converts; it does not clean up page furniture (the segment stage does).

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use crate::error::Error;

pub mod layout;
pub mod words;

/// The converter program.
const CONVERTER: &str = "pdftotext";

/// The converter's options (before the input and output, both `-`).
pub const CONVERTER_OPTIONS: &[&str] = &["-bbox-layout", "-enc", "UTF-8"];

/// The most of the converter's standard error kept for a message.
const MAX_STDERR: u64 = 64 * 1024;

/// Whether `bytes` are a PDF: they start with the `%PDF` magic (the name is not asked).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF")
}

/// What bytes that are not a PDF look like, for the message refusing a file named
/// `.pdf`: an HTML page, some other text, or binary data.
pub fn what_it_is(bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if bytes.is_empty() {
        "it is empty".into()
    } else if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<html")
    {
        "it is an HTML page (a download that failed or was redirected?)".into()
    } else if bytes.iter().take(512).any(|&b| b == 0) {
        "its bytes do not start with %PDF (binary data of another kind)".into()
    } else {
        "its bytes do not start with %PDF (it looks like text; rename it .txt to read it as text)"
            .into()
    }
}

/// How a PDF is converted: the time limit and the largest text accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// How long the converter may run before it is killed.
    pub timeout: Duration,
    /// The most text (bytes) a PDF may give; more is refused.
    pub max_text_bytes: u64,
    /// The most word boxes (bytes of XHTML) the converter may write; more is refused.
    pub max_boxes_bytes: u64,
    /// How text is laid out from the boxes.
    pub layout: layout::Settings,
}

impl Default for Options {
    /// The limits and layout thresholds of `dictionaries/pdf.tsv`.
    fn default() -> Self {
        let pdf = crate::vocab::pdf();
        Self {
            timeout: Duration::from_secs_f64(pdf.number("timeout_seconds")),
            max_text_bytes: pdf.number("max_text_bytes") as u64,
            max_boxes_bytes: pdf.number("max_boxes_bytes") as u64,
            layout: layout::Settings::default(),
        }
    }
}

/// A PDF's text and how it was made.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The text, UTF-8, one form feed after each page.
    pub text: String,
    /// The converter and its version, e.g. `pdftotext 22.12.0`.
    pub converter: String,
    /// Pages, counted by their form feeds.
    pub pages: usize,
    /// The 1-based pages that hold no text (images only, perhaps).
    pub empty_pages: Vec<usize>,
}

/// Converts a PDF to text. Errors: the converter is missing (saying how to install
/// it), it ran out of time, it wrote too much, or it refused the PDF (encrypted,
/// broken, no pages); a PDF none of whose pages holds any text is an error too.
pub fn convert(bytes: &[u8], options: &Options) -> Result<Converted, Error> {
    let version = converter_version()?;
    let mut child = Command::new(CONVERTER)
        .args(CONVERTER_OPTIONS)
        .args(["-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(missing)?;
    // Feed, drain and collect on threads of their own, so neither pipe can fill up and
    // block the child while this thread waits for it with the time limit. Once the
    // child has ended (or been killed) its pipes close and the threads finish.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let limit = options.max_boxes_bytes;
    let (status, out, err) = std::thread::scope(|s| {
        s.spawn(move || {
            // The child may stop reading early (a broken PDF); a closed pipe is no error.
            let _ = stdin.write_all(bytes);
        });
        let reader = s.spawn(move || read_at_most(stdout, limit));
        let errors = s.spawn(move || read_at_most(stderr, MAX_STDERR));
        let status = match child.wait_timeout(options.timeout) {
            Ok(Some(status)) => Ok(status),
            waited => {
                let _ = child.kill();
                let _ = child.wait();
                Err(match waited {
                    Err(e) => Error::from(e),
                    Ok(_) => Error::PdfTimeout {
                        seconds: options.timeout.as_secs_f64(),
                    },
                })
            }
        };
        let out = reader.join().unwrap_or_default();
        let err = errors.join().unwrap_or_default();
        (status, out, err)
    });
    let status = status?;
    if !status.success() {
        return Err(Error::Pdf(refusal(&String::from_utf8_lossy(&err))));
    }
    if out.len() as u64 > limit {
        return Err(Error::Pdf(format!(
            "its word boxes are larger than the limit of {limit} bytes (max_boxes_bytes in dictionaries/pdf.tsv)"
        )));
    }
    let boxes = String::from_utf8_lossy(&out);
    let pages = words::read(&boxes).map_err(|e| Error::Pdf(format!("{CONVERTER}: {e}")))?;
    drop(boxes);
    drop(out);
    let text = clean(&layout::lay_out(&pages, &options.layout));
    let limit = options.max_text_bytes;
    if text.len() as u64 > limit {
        return Err(Error::Pdf(format!(
            "its text is larger than the limit of {limit} bytes (max_text_bytes in dictionaries/pdf.tsv)"
        )));
    }
    let pages: Vec<&str> = text.split_terminator('\u{c}').collect();
    let empty_pages: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.trim().is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    if pages.is_empty() {
        return Err(Error::Pdf("it has no pages".into()));
    }
    if empty_pages.len() == pages.len() {
        return Err(Error::Pdf(format!(
            "none of its {} page(s) holds any text (scanned images? keikaku does not read images; run OCR first)",
            pages.len()
        )));
    }
    Ok(Converted {
        pages: pages.len(),
        text,
        converter: version,
        empty_pages,
    })
}

/// `pdftotext <version>`, from `pdftotext -v` (which prints it on standard error),
/// asked once per process.
fn converter_version() -> Result<String, Error> {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(v) = VERSION.get() {
        return Ok(v.clone());
    }
    let out = Command::new(CONVERTER)
        .arg("-v")
        .stdin(Stdio::null())
        .output()
        .map_err(missing)?;
    let all =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    let version = all
        .lines()
        .find_map(|l| l.strip_prefix("pdftotext version "))
        .map(str::trim)
        .unwrap_or("unknown");
    Ok(VERSION
        .get_or_init(|| format!("{CONVERTER} {version}"))
        .clone())
}

/// The error for a converter that cannot be started.
fn missing(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        Error::PdfConverterMissing
    } else {
        Error::Io(e)
    }
}

/// Reads `r` to its end, keeping at most `limit + 1` bytes (one more than allowed, so
/// an oversized output is seen) and draining the rest so the writer never blocks.
fn read_at_most(r: impl Read, limit: u64) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut r = r;
    let _ = r
        .by_ref()
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf);
    let _ = std::io::copy(&mut r, &mut std::io::sink());
    buf
}

/// What the converter's complaint means, in words a user can act on.
fn refusal(stderr: &str) -> String {
    let has = |s: &str| stderr.contains(s);
    if has("Incorrect password") || has("ncrypt") {
        "it is encrypted (password-protected); keikaku cannot read it".into()
    } else if has("page count 0") || has("Wrong page range") {
        "it has no pages".into()
    } else {
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        format!("it is not a readable PDF (truncated or broken?): {CONVERTER}: {last}")
    }
}

/// The text with control characters other than line ends, tabs and form feeds turned
/// into spaces (one for one, so nothing moves).
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_not_name() {
        assert!(is_pdf(b"%PDF-1.7\n"));
        assert!(!is_pdf(b"<!DOCTYPE html>"));
        assert!(!is_pdf(b""));
    }

    #[test]
    fn not_a_pdf_is_described() {
        assert!(what_it_is(b"<!DOCTYPE html><html>").contains("HTML"));
        assert!(what_it_is(b"\x00\x01").contains("binary"));
        assert!(what_it_is("計画".as_bytes()).contains("text"));
    }

    #[test]
    fn refusals_are_worded() {
        assert!(refusal("Command Line Error: Incorrect password\n").contains("encrypted"));
        assert!(refusal("Syntax Error: Invalid page count 0\n").contains("no pages"));
        let r = refusal("Syntax Error: Couldn't read xref table\n");
        assert!(
            r.contains("not a readable PDF") && r.contains("xref"),
            "{r}"
        );
    }

    #[test]
    fn controls_become_spaces() {
        assert_eq!(clean("a\u{1}b\u{c}\n"), "a b\u{c}\n");
    }
}
