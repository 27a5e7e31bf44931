//! Character classes shared by the normalization rules, and the one way later stages
//! compare texts regardless of spacing ([`squeeze`]).
//!
//! For classifying characters only; no rule logic lives here.

/// The text without any whitespace: how titles, keys and vocabulary words are compared.
pub fn squeeze(s: &str) -> String {
    // Copied piece by piece rather than char by char: most texts have few spaces, and
    // later stages squeeze every line and cell they compare.
    let mut out = String::with_capacity(s.len());
    for piece in s.split(char::is_whitespace) {
        out.push_str(piece);
    }
    out
}

/// Lower case, one character at a time: the same for a word alone and inside a longer
/// text (`str::to_lowercase` writes a final `Σ` as `ς`, which depends on what follows),
/// so a text and its words compare alike.
pub fn fold_case(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// [`squeeze`]d and [`fold_case`]d: how words are matched whatever their spacing and
/// case. One pass; ASCII and the kana and kanji
/// blocks (U+3000–U+9FFF, which have no case) are told apart without the case tables.
pub fn squeeze_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            if !matches!(c, ' ' | '\t'..='\r') {
                out.push(c.to_ascii_lowercase());
            }
        } else if ('\u{3000}'..='\u{9fff}').contains(&c) {
            if c != '\u{3000}' {
                out.push(c);
            }
        } else if !c.is_whitespace() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The lines of `text` with their line feeds, as `str::split_inclusive('\n')` gives
/// them, found with `memchr`'s vector search: the rules and the segmenter walk every
/// line of every document, most of them short.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = ends.next().map_or(text.len(), |i| i + 1);
        let line = &text[start..end];
        start = end;
        Some(line)
    })
}

/// The lines of `text` without their line feeds, as `str::split('\n')` gives them (an
/// empty text is one empty line; a text ending in a line feed ends with an empty line).
pub fn lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let s = start?;
        match ends.next() {
            Some(i) => {
                start = Some(i + 1);
                Some(&text[s..i])
            }
            None => {
                start = None;
                Some(&text[s..])
            }
        }
    })
}

/// The cells of `text`, as byte ranges: its runs of characters between whitespace and
/// `|` (a table flattened into a line, a row laid out with spaces or pipes).
pub fn cells(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        // One character at a time, told by its lead byte: only those whose lead byte
        // a space can have are looked at further.
        let b = bytes[i];
        let (gap, len) = match b {
            b'|' => (1, 1),
            0x00..=0x7F => (space_len(bytes, i), 1),
            0xC2 | 0xE1..=0xE3 => match space_len(bytes, i) {
                0 if b == 0xC2 => (0, 2),
                0 => (0, 3),
                n => (n, n),
            },
            0xC0..=0xDF => (0, 2),
            0xE0..=0xEF => (0, 3),
            _ => (0, 4),
        };
        if gap == 0 {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
        i += len;
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// The length in bytes of the whitespace character whose UTF-8 starts at `bytes[i]`,
/// or 0: Unicode's spaces told by their bytes, without decoding the text. Any byte
/// position may be asked about, as no byte inside a character starts a space.
pub fn space_len(bytes: &[u8], i: usize) -> usize {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b'\t'..=b'\r' | b' ' => 1,
        // U+0085, U+00A0.
        0xC2 if matches!(at(1), 0x85 | 0xA0) => 2,
        // U+1680.
        0xE1 if at(1) == 0x9A && at(2) == 0x80 => 3,
        // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F.
        0xE2 if at(1) == 0x80 && matches!(at(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) => 3,
        0xE2 if at(1) == 0x81 && at(2) == 0x9F => 3,
        // U+3000.
        0xE3 if at(1) == 0x80 && at(2) == 0x80 => 3,
        _ => 0,
    }
}

/// The text without whitespace, in NFKC: how header cells and titles are compared
/// with vocabulary given in NFKC.
pub fn nfkc_key(s: &str) -> String {
    // Most normalized text is already in NFKC, and the check is much cheaper than the
    // composition; cheaper still for the letters that NFKC never changes, which most
    // cells are made of.
    if s.chars().all(nfkc_stable)
        || unicode_normalization::is_nfkc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        squeeze(s)
    } else {
        unicode_normalization::UnicodeNormalization::nfkc(s)
            .filter(|c| !c.is_whitespace())
            .collect()
    }
}

/// ASCII, Japanese punctuation and brackets, kana letters and marks, and the unified
/// CJK ideographs: characters NFKC leaves as they are (unlike the ideographic space, the
/// compatibility ideographs, half-width kana or the voicing marks).
fn nfkc_stable(c: char) -> bool {
    c.is_ascii()
        || ('\u{3001}'..='\u{3011}').contains(&c)
        || ('\u{3041}'..='\u{3096}').contains(&c)
        || ('\u{30A1}'..='\u{30FE}').contains(&c)
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Whether `text` holds more than `cap` characters that are neither whitespace nor
/// `skip`: a bound on its squeezed length, counted without building it, so that a long
/// line is turned away for nothing.
pub fn more_chars_than(text: &str, cap: usize, skip: impl Fn(char) -> bool) -> bool {
    text.chars()
        .filter(|&c| !c.is_whitespace() && !skip(c))
        .nth(cap)
        .is_some()
}

/// Whether `a` and `b` are the same text regardless of spacing (`squeeze(a) ==
/// squeeze(b)`), without building either: for comparing one line with many.
pub fn same_squeezed(a: &str, b: &str) -> bool {
    fn text(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| !c.is_whitespace())
    }
    text(a).eq(text(b))
}

/// Hiragana, katakana (with `ー` and `・`), kanji and their iteration marks: the
/// characters between which a space is a PDF artifact.
pub fn is_japanese(c: char) -> bool {
    is_word_char(c) || is_japanese_punct(c)
}

/// Kana, kanji, `ー` and the iteration marks: characters that can be part of a word.
pub fn is_word_char(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}'   // hiragana
        | '\u{309D}'..='\u{309F}' // ゝ ゞ ゟ (not the voicing marks: the width rule owns those)
        | '\u{30A1}'..='\u{30FA}' // katakana
        | '\u{30FC}'..='\u{30FF}' // ー ヽ ヾ ヿ
        | '\u{31F0}'..='\u{31FF}' // small katakana extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}'
        | '々' | '〆' | '〇')
}

/// Japanese punctuation and brackets (`、。「」『』【】〈〉・` …), not the ideographic space.
pub fn is_japanese_punct(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}' | '・')
}

/// A space a rule may remove: ASCII space or ideographic space. Never a tab: tabs
/// separate table cells.
pub fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

/// An ASCII letter or digit.
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Katakana proper (not `・`), including `ー`.
pub fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// Whether a line is (part of) a table row: tabs or pipes separate its cells, and no
/// rule may change its structure.
pub fn is_table_row(line: &str) -> bool {
    line.contains('\t') || line.contains('|') || column_gaps(line) >= 2
}

/// The fewest spaces in a row that separate two columns of a table laid out with spaces.
pub const COLUMN_GAP: usize = 3;

/// The runs of [`COLUMN_GAP`] or more spaces inside `line` (its ends not counted): the
/// column gaps of a table row laid out with spaces.
pub fn column_gaps(line: &str) -> usize {
    let mut gaps = 0;
    let mut run = 0;
    for c in line.trim_matches(is_space).chars() {
        if is_space(c) {
            run += 1;
        } else {
            if run >= COLUMN_GAP {
                gaps += 1;
            }
            run = 0;
        }
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_part_at_every_space_and_pipe() {
        let text = "1.\t施策　名|a\u{a0}b\u{2003}c\u{85}d e\u{0b}f";
        let by_chars: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == '|')
            .filter(|s| !s.is_empty())
            .collect();
        let by_bytes: Vec<&str> = cells(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(by_bytes, by_chars);
        assert_eq!(by_bytes, ["1.", "施策", "名", "a", "b", "c", "d", "e", "f"]);
    }

    #[test]
    fn spaces_are_told_by_their_bytes_as_unicode_has_them() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.to_string();
            let want = if c.is_whitespace() { s.len() } else { 0 };
            assert_eq!(space_len(s.as_bytes(), 0), want, "U+{:04X}", c as u32);
            // No byte inside the character starts a space.
            assert!((1..s.len()).all(|i| space_len(s.as_bytes(), i) == 0));
        }
    }

    #[test]
    fn lines_are_the_std_splits() {
        for text in ["", "\n", "a", "a\n", "a\nb", "\n\nあ\n\nい", "行政\r\nDX\n"] {
            assert_eq!(
                lines_inclusive(text).collect::<Vec<_>>(),
                text.split_inclusive('\n').collect::<Vec<_>>(),
                "{text:?}"
            );
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.split('\n').collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn squeeze_fold_is_squeeze_then_lower_case_for_every_character() {
        let every: String = (0..=0x10ffff_u32).filter_map(char::from_u32).collect();
        assert_eq!(squeeze_fold(&every), fold_case(&squeeze(&every)));
        assert_eq!(
            squeeze_fold(" ＡＩ・RPA\u{3000}の 活用\t"),
            "ａｉ・rpaの活用"
        );
    }

    #[test]
    fn squeeze_drops_every_space() {
        assert_eq!(squeeze(" 施 策\u{3000}名\t(R7)\u{a0}\n"), "施策名(R7)");
        assert_eq!(squeeze("一覧"), "一覧");
    }

    #[test]
    fn the_stable_characters_are_nfkc_stable() {
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| nfkc_stable(c))
        {
            let one = c.to_string();
            assert_eq!(
                unicode_normalization::UnicodeNormalization::nfkc(one.as_str()).collect::<String>(),
                one,
                "U+{:04X}",
                c as u32
            );
        }
        // And the squeezed text is the same either way.
        assert_eq!(nfkc_key("目標 値（R7）"), "目標値(R7)");
        assert_eq!(nfkc_key("現状値 2024"), "現状値2024");
    }

    #[test]
    fn spacing_blind_equality() {
        assert!(same_squeezed("第3章 情報化の 現状", "第3章情報化の現状"));
        assert!(same_squeezed(" \t", ""));
        assert!(!same_squeezed("第3章", "第3章 計画"));
        assert!(!same_squeezed("AI", "A I x"));
    }

    #[test]
    fn classes() {
        for c in ['あ', 'ア', '漢', 'ー', '々', '、', '・', 'ッ'] {
            assert!(is_japanese(c), "{c}");
        }
        for c in ['a', '1', ' ', '\t', '\u{3000}', '(', '～', '①'] {
            assert!(!is_japanese(c), "{c}");
        }
        assert!(is_space('\u{3000}') && !is_space('\t'));
        assert!(is_table_row("a\tb") && is_table_row("| a | b |") && !is_table_row("a b"));
    }
}
