//! One input line of the streaming mode: read with a bound on its length, then parsed
//! as a request `{"path": "...", "text": "..."}` or `{"path": "...", "base64": "..."}`.
//!
//! A line longer than the limit is skipped to its end without being held in memory,
//! and reported; a line that is not such a request says what is wrong with it. Other
//! keys are ignored. This module reads and parses requests; it does not convert them
//! (the pipeline does, in [`super`]).

use std::io::BufRead;

use base64::Engine;
use serde_json::Value;

/// What reading one line gave.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// A line (without its line feed) is in the buffer.
    Line,
    /// The line was longer than the limit: this many bytes, skipped.
    TooLong(u64),
    /// No more input.
    End,
}

/// Reads the next line into `buf` (cleared first), holding at most `max` bytes of it.
pub(crate) fn next_line(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: u64,
) -> std::io::Result<Next> {
    buf.clear();
    let mut seen: u64 = 0;
    let mut any = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (part, done) = match memchr(available) {
            Some(i) => (&available[..i], i + 1),
            None => (available, available.len()),
        };
        let ends = done > part.len();
        seen += part.len() as u64;
        if seen <= max {
            buf.extend_from_slice(part);
        } else {
            buf.clear();
        }
        r.consume(done);
        if ends {
            break;
        }
    }
    Ok(if !any {
        Next::End
    } else if seen > max {
        Next::TooLong(seen)
    } else {
        Next::Line
    })
}

fn memchr(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// A document to convert: the path to record and its bytes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A line that is no request: the path when the line named one, and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    pub path: Option<String>,
    pub error: String,
}

/// Parses one line.
pub(crate) fn parse(line: &[u8]) -> Result<Request, Refused> {
    let refuse = |path: Option<String>, error: String| Refused { path, error };
    if line.iter().all(u8::is_ascii_whitespace) {
        return Err(refuse(None, "an empty line, not a JSON object".into()));
    }
    let value: Value =
        serde_json::from_slice(line).map_err(|e| refuse(None, format!("not JSON: {e}")))?;
    let Value::Object(mut object) = value else {
        return Err(refuse(None, "not a JSON object".into()));
    };
    let path = match object.remove("path") {
        Some(Value::String(p)) => p,
        _ => return Err(refuse(None, "no \"path\" string".into())),
    };
    let text = object.remove("text");
    let b64 = object.remove("base64");
    let bytes = match (text, b64) {
        (Some(Value::String(t)), None) => t.into_bytes(),
        (None, Some(Value::String(b))) => match base64::engine::general_purpose::STANDARD.decode(b)
        {
            Ok(bytes) => bytes,
            Err(e) => {
                return Err(refuse(
                    Some(path),
                    format!("\"base64\" is not valid base64: {e}"),
                ));
            }
        },
        (Some(_), Some(_)) => {
            return Err(refuse(
                Some(path),
                "both \"text\" and \"base64\"; give one".into(),
            ));
        }
        _ => {
            return Err(refuse(
                Some(path),
                "no \"text\" or \"base64\" string".into(),
            ));
        }
    };
    Ok(Request { path, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: u64) -> Vec<(Next, Vec<u8>)> {
        let mut r = std::io::BufReader::with_capacity(4, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let n = next_line(&mut r, &mut buf, max).unwrap();
            if n == Next::End {
                return out;
            }
            out.push((n, buf.clone()));
        }
    }

    #[test]
    fn lines_are_bounded_and_a_long_one_is_skipped_whole() {
        let got = lines(b"ab\n0123456789\n\ncd", 5);
        assert_eq!(
            got,
            [
                (Next::Line, b"ab".to_vec()),
                (Next::TooLong(10), vec![]),
                (Next::Line, vec![]),
                (Next::Line, b"cd".to_vec()),
            ]
        );
    }

    #[test]
    fn requests_and_refusals() {
        let ok = parse(br#"{"path":"a.txt","text":"plan","id":7}"#).unwrap();
        assert_eq!(
            (ok.path.as_str(), ok.bytes.as_slice()),
            ("a.txt", &b"plan"[..])
        );
        let ok = parse(br#"{"path":"b.txt","base64":"gqA="}"#).unwrap();
        assert_eq!(ok.bytes, [0x82, 0xa0]);
        let refused = |l: &[u8]| parse(l).unwrap_err();
        assert!(refused(b"{nope").error.starts_with("not JSON"));
        assert_eq!(refused(b"[1]").error, "not a JSON object");
        assert_eq!(refused(br#"{"text":"x"}"#).error, "no \"path\" string");
        let r = refused(br#"{"path":"c.txt","base64":"***"}"#);
        assert_eq!(r.path.as_deref(), Some("c.txt"));
        assert!(
            r.error.starts_with("\"base64\" is not valid base64"),
            "{}",
            r.error
        );
        assert!(
            refused(br#"{"path":"c","text":"x","base64":""}"#)
                .error
                .starts_with("both")
        );
        assert_eq!(
            refused(br#"{"path":"c"}"#).error,
            "no \"text\" or \"base64\" string"
        );
        assert_eq!(refused(b"  ").error, "an empty line, not a JSON object");
    }
}
