//! Where each value of a JSON text stands: a map from JSON pointer to line and column,
//! so a finding about `/measures/3/status/code` can name `12:17` in the file.
//!
//! The scanner reads text that has already parsed (serde_json reports syntax errors);
//! on anything unexpected it stops and keeps what it found, so it never fails. It also
//! lists keys that appear twice in one object, which a JSON parser silently merges.
//! Lines are 1-based; columns are 1-based and count characters, not bytes.

use std::collections::HashMap;

/// The positions of a JSON text's values and keys.
#[derive(Debug)]
pub struct Locations<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    values: HashMap<String, usize>,
    keys: HashMap<String, usize>,
    duplicates: Vec<(String, usize)>,
}

impl<'a> Locations<'a> {
    /// Scans `text`.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut scan = Scanner {
            s: text.as_bytes(),
            text,
            i: 0,
            values: HashMap::new(),
            keys: HashMap::new(),
            duplicates: Vec::new(),
        };
        let mut pointer = String::new();
        scan.value(&mut pointer, 0);
        Locations {
            text,
            line_starts,
            values: scan.values,
            keys: scan.keys,
            duplicates: scan.duplicates,
        }
    }

    /// Line and column of the value at `pointer` (its first character), if it exists.
    pub fn value(&self, pointer: &str) -> Option<(usize, usize)> {
        self.values.get(pointer).map(|&i| self.line_col(i))
    }

    /// Line and column of the key of the member at `pointer`, if it is an object member.
    pub fn key(&self, pointer: &str) -> Option<(usize, usize)> {
        self.keys.get(pointer).map(|&i| self.line_col(i))
    }

    /// The nearest position for `pointer`: its value, else the closest ancestor's.
    pub fn nearest(&self, pointer: &str) -> (usize, usize) {
        let mut p = pointer;
        loop {
            if let Some(at) = self.value(p) {
                return at;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return (1, 1),
            }
        }
    }

    /// Members whose key already appeared in the same object: pointer and line/column
    /// of the repeated key, in text order.
    pub fn duplicates(&self) -> Vec<(String, (usize, usize))> {
        self.duplicates
            .iter()
            .map(|(p, i)| (p.clone(), self.line_col(*i)))
            .collect()
    }

    /// 1-based line and character column of byte offset `i`.
    pub fn line_col(&self, i: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= i);
        let start = self.line_starts[line - 1];
        let i = i.min(self.text.len());
        let column = self
            .text
            .get(start..i)
            .map_or(i - start, |s| s.chars().count())
            + 1;
        (line, column)
    }
}

/// Escapes a key for a JSON pointer (RFC 6901): `~` → `~0`, `/` → `~1`.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Nesting deeper than this is not followed (serde_json refuses deeper text anyway).
const MAX_DEPTH: usize = 256;

struct Scanner<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    values: HashMap<String, usize>,
    keys: HashMap<String, usize>,
    duplicates: Vec<(String, usize)>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Scans one value; false when the text is not as expected.
    fn value(&mut self, pointer: &mut String, depth: usize) -> bool {
        self.skip_ws();
        if depth > MAX_DEPTH {
            return false;
        }
        self.values.insert(pointer.clone(), self.i);
        match self.peek() {
            Some(b'{') => self.object(pointer, depth),
            Some(b'[') => self.array(pointer, depth),
            Some(b'"') => self.string().is_some(),
            Some(_) => {
                let start = self.i;
                while matches!(self.peek(), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                {
                    self.i += 1;
                }
                self.i > start
            }
            None => false,
        }
    }

    fn object(&mut self, pointer: &mut String, depth: usize) -> bool {
        self.i += 1;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return true;
        }
        loop {
            self.skip_ws();
            let at = self.i;
            let Some(key) = self.string() else {
                return false;
            };
            self.skip_ws();
            if self.peek() != Some(b':') {
                return false;
            }
            self.i += 1;
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&escape(&key));
            if self.keys.insert(pointer.clone(), at).is_some() {
                self.duplicates.push((pointer.clone(), at));
            }
            let ok = self.value(pointer, depth + 1);
            pointer.truncate(len);
            if !ok {
                return false;
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }

    fn array(&mut self, pointer: &mut String, depth: usize) -> bool {
        self.i += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return true;
        }
        let mut n = 0;
        loop {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&n.to_string());
            let ok = self.value(pointer, depth + 1);
            pointer.truncate(len);
            if !ok {
                return false;
            }
            n += 1;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }

    /// Scans a string and returns its decoded value.
    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.i;
        self.i += 1;
        loop {
            match self.peek()? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        let raw = self.text.get(start..self.i)?;
        serde_json::from_str(raw).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_map_to_lines_and_character_columns() {
        let text = "{\n  \"a\": [1, {\"b/c\": \"語\", \"d~\": null}],\n  \"é\": \"x\"\n}\n";
        let l = Locations::new(text);
        assert_eq!(l.value(""), Some((1, 1)));
        assert_eq!(l.key("/a"), Some((2, 3)));
        assert_eq!(l.value("/a"), Some((2, 8)));
        assert_eq!(l.value("/a/0"), Some((2, 9)));
        assert_eq!(l.value("/a/1"), Some((2, 12)));
        assert_eq!(l.value("/a/1/b~1c"), Some((2, 20)));
        assert_eq!(l.value("/a/1/d~0"), Some((2, 31)));
        assert_eq!(l.key("/é"), Some((3, 3)));
        assert_eq!(l.value("/é"), Some((3, 8)));
        assert_eq!(l.value("/a/2"), None);
        assert_eq!(l.nearest("/a/1/zz/3"), (2, 12));
        assert!(l.duplicates().is_empty());
    }

    #[test]
    fn escaped_keys_and_duplicates() {
        let text = r#"{"k\u0041": 1, "x": "a\"b", "kA": 2}"#;
        let l = Locations::new(text);
        assert_eq!(l.value("/kA"), Some((1, 35)));
        assert_eq!(l.value("/x"), Some((1, 21)));
        assert_eq!(l.duplicates(), vec![("/kA".to_string(), (1, 29))]);
    }

    #[test]
    fn broken_text_never_panics() {
        for text in [
            "", "{", "[1,", "{\"a\"", "{\"a\":", "\"abc", "{\"a\\", "]", "[[[[",
        ] {
            let l = Locations::new(text);
            let _ = l.nearest("/a/0");
        }
    }
}
