//! `keikaku review`: one self-contained HTML page per output — the decoded source text
//! with every item's span highlighted, the items beside it, editable, and a Save button
//! that downloads the corrected JSON (which `keikaku check` accepts and the reviewer
//! merge of [`crate::review`] keeps on the next run).
//!
//! The page is three asset files (`page.html`, `page.css`, `page.js`) compiled in and
//! filled in here: the output JSON, the source text and the code lists go into
//! `<script type="application/json">` blocks with `<`, `>`, `&`, U+2028 and U+2029
//! escaped, so no text can close the block; the script reads them as data and inserts
//! document text only as text. A Content-Security-Policy allows no network and no
//! script but the page's own (by its sha256).
//!
//! This module builds the page from values; finding the source is [`source`], writing
//! files is the command line's.

pub mod source;

use std::path::Path;

use base64::Engine as _;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::{Error, vocab};

const HTML: &str = include_str!("page.html");
const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

/// Builds the page of the output read from `json_path` (its bytes `json`), looking for
/// its source as [`source::load`] does (`given` overrides `source.path`). Errors do not
/// name `json_path`; the caller does.
pub fn page_for_file(json_path: &Path, json: &[u8], given: Option<&Path>) -> Result<String, Error> {
    let text = std::str::from_utf8(crate::validate::strip_bom(json)).map_err(|e| {
        Error::NotAnOutput(format!(
            "not a keikaku output: not UTF-8 (byte {})",
            e.valid_up_to()
        ))
    })?;
    let doc = crate::validate::parse(text).map_err(|d| Error::Json {
        line: d.line,
        column: d.column,
        message: d.message,
    })?;
    if !doc.is_object() {
        return Err(Error::NotAnOutput(
            "not a keikaku output: not a JSON object".into(),
        ));
    }
    let source = source::load(&doc, json_path, given)?;
    let file = json_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan.json".into());
    Ok(page(&doc, &source, &file))
}

/// The page of the output `doc` over its decoded `source`; Save downloads `file_name`.
pub fn page(doc: &Value, source: &str, file_name: &str) -> String {
    let meta = json!({
        "file": file_name,
        "status_codes": code_list(crate::codes::status_codes(), vocab::statuses()),
        "category_codes": code_list(crate::codes::category_codes(), vocab::categories()),
    });
    let script = format!("\n{JS}\n");
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    fill(
        HTML,
        &[
            ("SCRIPT_HASH", format!("'sha256-{hash}'")),
            ("CSS", CSS.to_string()),
            ("DOC", embed(doc)),
            ("SOURCE", embed(&Value::String(source.to_string()))),
            ("META", embed(&meta)),
            ("JS", JS.to_string()),
        ],
    )
}

/// `[{code, word}]`: each code with the shortest word the vocabulary has for it (the
/// text a status gets when a reviewer gives one to a measure that had none).
fn code_list(codes: Vec<&str>, list: &vocab::CodeList) -> Value {
    let entries: Vec<Value> = codes
        .into_iter()
        .map(|code| {
            let word = list
                .words()
                .filter(|(_, c)| *c == code)
                .map(|(w, _)| w)
                .min_by_key(|w| w.chars().count())
                .unwrap_or("");
            json!({ "code": code, "word": word })
        })
        .collect();
    Value::Array(entries)
}

/// JSON text safe inside a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 (which
/// JSON allows only inside strings) written as `\u` escapes.
pub fn embed(v: &Value) -> String {
    let text = serde_json::to_string(v).expect("JSON values always serialize");
    let mut out = String::with_capacity(text.len() + 64);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The template with each `{{NAME}}` replaced, in one pass (a value is never scanned
/// for markers). A marker not in `values` is left as it is.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let hit = after.find("}}").and_then(|end| {
            let name = &after[..end];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v, end))
        });
        match hit {
            Some((v, end)) => {
                out.push_str(v);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_its_script_block() {
        let v = json!({"t": "</script><b>&\u{2028}\u{2029}"});
        let e = embed(&v);
        assert_eq!(
            e,
            r#"{"t":"\u003c/script\u003e\u003cb\u003e\u0026\u2028\u2029"}"#
        );
        assert_eq!(serde_json::from_str::<Value>(&e).unwrap(), v);
    }

    #[test]
    fn markers_in_values_are_not_filled() {
        let out = fill(
            "a {{X}} b {{Y}} {{Z}}",
            &[("X", "{{Y}}".into()), ("Y", "y".into())],
        );
        assert_eq!(out, "a {{Y}} b y {{Z}}");
    }

    #[test]
    fn the_page_holds_its_parts_and_hashes_its_script() {
        let doc = json!({"source": {"path": "p.txt"}, "measures": []});
        let html = page(&doc, "本文 <script>", "p.json");
        assert!(html.contains("lang=\"ja\""));
        assert!(!html.contains("{{"), "every marker filled");
        assert!(html.contains(r#""本文 \u003cscript\u003e""#));
        assert_eq!(html.matches("<script").count(), 4);
        let script = format!("\n{JS}\n");
        let hash =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
        assert!(html.contains(&format!("<script>{script}</script>")));
        assert!(html.contains(&format!("'sha256-{hash}'")));
    }
}
