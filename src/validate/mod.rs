//! `keikaku check`: validates a keikaku JSON file as a reviewer saved it, and says where
//! each problem is as `line:column: /json/pointer: message`.
//!
//! Checks, all reported (not only the first): JSON syntax; keys repeated in one object;
//! the strict schema ([`crate::schema::strict`]: types, required and unknown keys, status,
//! category and warning codes as enums); ids unique across all kinds and references that
//! resolve ([`refs`]); spans ([`spans`]) — against the source when it is found at
//! `source.path` (as given, else beside the JSON file) with the recorded sha256, decoded
//! with the recorded encoding; and words no vocabulary knows ([`words`], warnings).
//!
//! This module reports; it never changes the file.

pub mod locate;
pub mod refs;
pub mod shape;
pub mod spans;
pub mod words;

use std::fmt;
use std::path::Path;

use serde_json::Value;

use crate::Error;
use locate::Locations;

/// One finding, before it is given a place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// JSON pointer of the value concerned.
    pub pointer: String,
    /// An error (the file is wrong) or a warning (worth a look).
    pub error: bool,
    /// Whether the member's key, not its value, is at fault.
    pub at_key: bool,
    /// What is wrong, for a person.
    pub message: String,
}

impl Finding {
    /// An error about the value at `pointer`.
    pub fn error(pointer: String, message: String) -> Self {
        Finding {
            pointer,
            error: true,
            at_key: false,
            message,
        }
    }

    /// A warning about the value at `pointer`.
    pub fn warning(pointer: String, message: String) -> Self {
        Finding {
            error: false,
            ..Finding::error(pointer, message)
        }
    }
}

/// A finding with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line in the JSON file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// JSON pointer of the value; `None` for a syntax error.
    pub pointer: Option<String>,
    /// An error or a warning.
    pub error: bool,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    /// `line:col: /pointer: message`, `line:col: /pointer: warning: message`, or
    /// `line:col: syntax error: message`. The whole document's pointer is written `/`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.line, self.column)?;
        match &self.pointer {
            None => write!(f, "syntax error: ")?,
            Some(p) if p.is_empty() => write!(f, "/: ")?,
            Some(p) => write!(f, "{p}: ")?,
        }
        if !self.error {
            write!(f, "warning: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Reads and checks one file; the source is looked for at `source.path` as given and
/// beside the file. An error only when the file cannot be read.
pub fn check_file(path: &Path) -> Result<Vec<Diagnostic>, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::from(e).in_file(path))?;
    Ok(check_bytes(&bytes, path.parent()))
}

/// Checks the bytes of a JSON file; `dir` is where a relative `source.path` is also
/// looked for. Diagnostics come in file order.
pub fn check_bytes(bytes: &[u8], dir: Option<&Path>) -> Vec<Diagnostic> {
    let bytes = strip_bom(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = Locations::new(valid).line_col(valid.len());
            return vec![syntax(
                line,
                column,
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            )];
        }
    };
    let doc = match parse(text) {
        Ok(v) => v,
        Err(d) => return vec![d],
    };
    let source = find_source(&doc, dir);
    let mut findings = source.findings;
    findings.extend(check_value(&doc, source.text.as_deref()));
    place(text, findings)
}

/// Every finding about a parsed document, checked against `source` (the decoded source
/// text) when given.
pub fn check_value(doc: &Value, source: Option<&str>) -> Vec<Finding> {
    let mut out: Vec<Finding> = shape::check(&crate::schema::strict(), doc)
        .into_iter()
        .map(|m| Finding {
            at_key: m.at == shape::At::Key,
            ..Finding::error(m.pointer, m.message)
        })
        .collect();
    out.extend(refs::check(doc));
    out.extend(spans::check(doc, source));
    out.extend(words::check(doc));
    out
}

/// Parses JSON text; a syntax error as a diagnostic with a character column. A leading
/// byte order mark (which editors on Windows may save) is not an error: it is skipped.
pub fn parse(text: &str) -> Result<Value, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| syntax_error(text, &e))
}

/// The bytes of a JSON file without its UTF-8 byte order mark, if it has one. JSON
/// files keikaku reads (reviewed outputs, their bases, files to check or compare) may
/// carry one; keikaku itself never writes one.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// Gives findings their line and column in `text`, adds repeated keys, sorts by place.
fn place(text: &str, findings: Vec<Finding>) -> Vec<Diagnostic> {
    let locations = Locations::new(text);
    let mut out: Vec<Diagnostic> = locations
        .duplicates()
        .into_iter()
        .map(|(pointer, (line, column))| Diagnostic {
            line,
            column,
            message: format!(
                "key \"{}\" appears twice in this object; the last one wins",
                pointer.rsplit('/').next().unwrap_or_default()
            ),
            pointer: Some(pointer),
            error: true,
        })
        .collect();
    for f in findings {
        let at = if f.at_key {
            locations.key(&f.pointer)
        } else {
            None
        };
        let (line, column) = at.unwrap_or_else(|| locations.nearest(&f.pointer));
        out.push(Diagnostic {
            line,
            column,
            pointer: Some(f.pointer),
            error: f.error,
            message: f.message,
        });
    }
    out.sort_by_key(|d| (d.line, d.column));
    out
}

fn syntax(line: usize, column: usize, message: String) -> Diagnostic {
    Diagnostic {
        line,
        column,
        pointer: None,
        error: true,
        message,
    }
}

/// serde_json's error at its line, with the column counted in characters.
fn syntax_error(text: &str, e: &serde_json::Error) -> Diagnostic {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let line_text = text.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
    // serde_json counts bytes, from 1 at the offending byte.
    let mut bytes = e.column().saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(bytes) {
        bytes -= 1;
    }
    let column = line_text[..bytes].chars().count() + 1;
    syntax(e.line().max(1), column, message)
}

/// The decoded source, when it is found and unchanged, and warnings about why not.
struct SourceLookup {
    text: Option<String>,
    findings: Vec<Finding>,
}

fn find_source(doc: &Value, dir: Option<&Path>) -> SourceLookup {
    let mut findings = Vec::new();
    let mut text = None;
    let field = |k: &str| doc.pointer(&format!("/source/{k}")).and_then(Value::as_str);
    if let Some(path) = field("path").filter(|p| *p != "-") {
        let given = Path::new(path);
        let mut candidates = vec![given.to_path_buf()];
        if given.is_relative() {
            candidates.extend(dir.map(|d| d.join(given)));
        }
        match candidates.iter().find_map(|p| std::fs::read(p).ok()) {
            None => findings.push(Finding::warning(
                "/source/path".into(),
                format!("the source {path:?} was not found; spans are checked only for order"),
            )),
            Some(bytes) if field("sha256").is_some_and(|s| s != crate::decode::sha256_hex(&bytes)) => {
                findings.push(Finding::warning(
                    "/source/sha256".into(),
                    format!("the source {path:?} has changed since this file was made; spans are checked only for order"),
                ))
            }
            Some(bytes) => {
                let forced = field("encoding").and_then(|e| crate::decode::encoding_for_label(e).ok());
                match crate::decode::decode(&bytes, forced) {
                    Ok(d) => text = Some(d.text),
                    Err(e) => findings.push(Finding::warning(
                        "/source/path".into(),
                        format!("the source {path:?} cannot be decoded ({e}); spans are checked only for order"),
                    )),
                }
            }
        }
    }
    SourceLookup { text, findings }
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_have_a_character_column() {
        let d = check_bytes("{\n  \"題\": \"語\",\n}\n".as_bytes(), None);
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].line, d[0].column, d[0].pointer.is_none()),
            (3, 1, true)
        );
        assert_eq!(d[0].to_string(), "3:1: syntax error: trailing comma");
        let d = check_bytes(b"{\"a\": \xff}", None);
        assert_eq!(
            d[0].to_string(),
            "1:7: syntax error: invalid UTF-8 at byte 6"
        );
    }

    #[test]
    fn not_a_document() {
        let d = check_bytes(b"[1, 2]\n", None);
        assert!(has_errors(&d));
        assert_eq!(
            d[0].to_string(),
            "1:1: /: expected an object, found an array"
        );
    }
}
