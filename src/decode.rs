//! Stage 1, decode: raw bytes → UTF-8 text plus the encoding it was read from.
//!
//! Handles a BOM (UTF-8, UTF-16LE/BE), UTF-8 without one, and Shift_JIS (CP932) and
//! EUC-JP detected with `chardetng`; `--encoding` overrides detection. Decoding is
//! strict: an invalid byte sequence is an error naming its byte offset and line, never
//! a silent U+FFFD, and bytes that are not text (NUL bytes, control characters) are
//! refused. Line ends are left as they are: the normalize stage deals with CRLF, and
//! spans point into exactly the text decoded here.
//!
//! A PDF (bytes starting with `%PDF`, whatever the file is named) is turned into text
//! by [`crate::pdf`] instead, and that text is what spans index.
//!
//! This module is not for cleaning text up; it only turns bytes into characters.

use encoding_rs::{DecoderResult, EUC_JP, Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};
use sha2::{Digest, Sha256};

use crate::error::Error;

/// Decoded source text.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, as UTF-8, without a BOM. Spans are byte offsets into this string.
    pub text: String,
    /// The encoding's name, e.g. `UTF-8`, `Shift_JIS`, `EUC-JP`, `UTF-16LE`.
    pub encoding: &'static str,
    /// Size of the raw input in bytes.
    pub bytes: usize,
    /// sha256 of the raw input, lowercase hex.
    pub sha256: String,
    /// How a PDF was turned into the text; `None` for text input.
    pub converted: Option<crate::model::Conversion>,
    /// The 1-based pages of a PDF that hold no text (images only, perhaps).
    pub empty_pages: Vec<usize>,
}

/// Looks up an encoding by a user-given label (`utf-8`, `sjis`, `cp932`, `euc-jp` …).
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, Error> {
    let l = label.trim().to_ascii_lowercase();
    let alias = match l.as_str() {
        "sjis" | "cp932" | "ms932" | "windows-31j" | "shift-jis" => "shift_jis",
        "eucjp" | "euc_jp" => "euc-jp",
        "utf8" => "utf-8",
        "utf16le" => "utf-16le",
        "utf16be" => "utf-16be",
        other => other,
    };
    Encoding::for_label(alias.as_bytes()).ok_or_else(|| Error::UnknownEncoding(label.to_string()))
}

/// Hex sha256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes in lower-case hex, two digits each.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// Refuses a text with a line longer than `limit` bytes, naming the line (lines end at
/// LF, CRLF or CR). One pass over the bytes.
pub fn check_line_lengths(text: &str, limit: usize) -> Result<(), Error> {
    let bytes = text.as_bytes();
    let (mut line, mut start, mut i) = (1, 0, 0);
    while i <= bytes.len() {
        let b = bytes.get(i).copied();
        if matches!(b, None | Some(b'\n' | b'\r')) {
            if i - start > limit {
                return Err(Error::LineTooLong {
                    line,
                    bytes: i - start,
                    limit,
                });
            }
            if b == Some(b'\r') && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
            line += 1;
        }
        i += 1;
    }
    Ok(())
}

/// Decodes `bytes`, detecting the encoding unless `forced` names one; a PDF is
/// converted with the limits of `dictionaries/pdf.tsv`.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, Error> {
    decode_with(bytes, forced, &crate::pdf::Options::default())
}

/// Decodes `bytes` like [`decode`], converting a PDF with `pdf`'s limits. A PDF's text
/// is UTF-8 whatever `forced` says.
pub fn decode_with(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
    pdf: &crate::pdf::Options,
) -> Result<Decoded, Error> {
    let sha256 = sha256_hex(bytes);
    if crate::pdf::is_pdf(bytes) {
        let converted = crate::pdf::convert(bytes, pdf)?;
        let conversion = crate::model::Conversion {
            from: "pdf".into(),
            converter: converted.converter,
            options: crate::pdf::CONVERTER_OPTIONS.join(" "),
            pages: converted.pages,
            text_sha256: sha256_hex(converted.text.as_bytes()),
        };
        return Ok(Decoded {
            text: converted.text,
            encoding: UTF_8.name(),
            bytes: bytes.len(),
            sha256,
            converted: Some(conversion),
            empty_pages: converted.empty_pages,
        });
    }
    let strict = |encoding: &'static Encoding, body: &[u8]| {
        decode_strict(encoding, body).map_err(|offset| {
            let offset = offset + (bytes.len() - body.len());
            Error::InvalidEncoding {
                encoding: encoding.name().to_string(),
                offset,
                line: line_at(encoding, bytes, offset),
            }
        })
    };
    let (encoding, text) = match (forced, Encoding::for_bom(bytes)) {
        (Some(enc), Some((bom_enc, len))) if enc == bom_enc => (enc, strict(enc, &bytes[len..])?),
        (Some(enc), _) => (enc, strict(enc, bytes)?),
        (None, Some((enc, len))) => (enc, strict(enc, &bytes[len..])?),
        (None, None) => detect(bytes)?,
    };
    check_text(&text)?;
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        bytes: bytes.len(),
        sha256,
        converted: None,
        empty_pages: Vec::new(),
    })
}

/// Picks the encoding of BOM-less bytes and decodes them: UTF-8 when they are valid
/// UTF-8, else the one Japanese encoding that decodes them, else (both do) the one
/// `chardetng` prefers.
fn detect(bytes: &[u8]) -> Result<(&'static Encoding, String), Error> {
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((UTF_8, text.to_owned())),
        Err(e) => e,
    };
    if let Some(enc) = utf16_without_bom(bytes) {
        if let Ok(text) = decode_strict(enc, bytes) {
            return Ok((enc, text));
        }
    }
    // Shift_JIS and EUC-JP rarely both decode the same Japanese bytes: when exactly one
    // does, that is the answer, and the detector (slower than decoding) is not needed.
    let sjis = decode_strict(SHIFT_JIS, bytes);
    let euc = decode_strict(EUC_JP, bytes);
    match (sjis, euc) {
        (Ok(text), Err(_)) => Ok((SHIFT_JIS, text)),
        (Err(_), Ok(text)) => Ok((EUC_JP, text)),
        (Ok(s), Ok(e)) => {
            // Both decode: let the detector choose, on a sample (it settles within a
            // few kilobytes).
            const SAMPLE: usize = 64 * 1024;
            let sample = &bytes[..bytes.len().min(SAMPLE)];
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(sample, sample.len() == bytes.len());
            let guess = detector.guess(Some(b"jp"), chardetng::Utf8Detection::Allow);
            Ok(if guess == EUC_JP {
                (EUC_JP, e)
            } else {
                (SHIFT_JIS, s)
            })
        }
        (Err(_), Err(_)) if mostly_utf8(bytes) => {
            // UTF-8 with a few bad bytes (a corrupted block, a stray Latin-1 byte):
            // name the first one.
            let offset = utf8_error.valid_up_to();
            Err(Error::InvalidEncoding {
                encoding: UTF_8.name().to_string(),
                offset,
                line: line_at(UTF_8, bytes, offset),
            })
        }
        (Err(s_at), Err(e_at)) => {
            let furthest = if e_at > s_at {
                (EUC_JP, e_at)
            } else {
                (SHIFT_JIS, s_at)
            };
            Err(undecodable(bytes, furthest))
        }
    }
}

fn undecodable(bytes: &[u8], furthest: (&'static Encoding, usize)) -> Error {
    // Text that decodes cleanly for most of its length is that encoding with a bad
    // byte (a truncated character, a corrupted block): name the byte. Anything else
    // is not text.
    let (enc, at) = furthest;
    if at * 10 >= bytes.len() * 9 {
        Error::InvalidEncoding {
            encoding: enc.name().to_string(),
            offset: at,
            line: line_at(enc, bytes, at),
        }
    } else {
        Error::Binary("the bytes are not UTF-8, Shift_JIS, EUC-JP or UTF-16 text".into())
    }
}

/// Whether bytes that are not valid UTF-8 are nearly so: at most one byte in a hundred
/// invalid, and some multi-byte characters decode (so it is not ASCII with junk).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut bad, mut multi) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        bad += chunk.invalid().len();
        multi += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
    }
    multi > 0 && bad * 100 <= bytes.len()
}

/// The 1-based line of byte `offset` of the raw input: line ends counted in the
/// encoding's own code units (a UTF-16 0x0A byte inside a character is not one), a
/// lone CR counting as a line end like LF and CRLF.
fn line_at(encoding: &'static Encoding, bytes: &[u8], offset: usize) -> usize {
    let prefix = &bytes[..offset.min(bytes.len())];
    let units: Vec<u16> = if encoding == UTF_16LE || encoding == UTF_16BE {
        prefix
            .chunks_exact(2)
            .map(|p| {
                if encoding == UTF_16LE {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect()
    } else {
        prefix.iter().map(|&b| u16::from(b)).collect()
    };
    let mut line = 1;
    for (i, &u) in units.iter().enumerate() {
        if u == 0x0A || (u == 0x0D && units.get(i + 1) != Some(&0x0A)) {
            line += 1;
        }
    }
    line
}

/// UTF-16 without a BOM shows as NUL bytes in every other position for ASCII text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    let candidate = if odd_nul * 10 > half * 3 && even_nul == 0 {
        UTF_16LE
    } else if even_nul * 10 > half * 3 && odd_nul == 0 {
        UTF_16BE
    } else {
        return None;
    };
    Some(candidate)
}

/// Decodes without replacement; on failure returns the byte offset of the first bad byte.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3 + 16);
    let mut out = String::with_capacity(cap);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, extra) => {
            Err(read.saturating_sub(bad as usize + extra as usize))
        }
        DecoderResult::OutputFull => Err(read),
    }
}

/// Refuses text that is empty or is binary data that happened to decode.
fn check_text(text: &str) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    if let Some(pos) = text.find('\0') {
        return Err(Error::Binary(format!("NUL byte at character offset {pos}")));
    }
    let total = text.chars().count();
    let control = control_chars(text);
    if control * 100 > total {
        return Err(Error::Binary(format!(
            "{control} control characters in {total}"
        )));
    }
    Ok(())
}

/// How many control characters `text` has, line ends, tabs and form feeds aside. Told
/// by their bytes: C0 and DEL are one byte each, C1 (U+0080–U+009F) is `C2 80`–`C2 9F`.
fn control_chars(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let c0 = (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)) || b == 0x7f;
        let c1 = b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n));
        n += usize::from(c0 || c1);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_counted_by_their_bytes_as_by_their_chars() {
        let every: String = (0..=0x2fff_u32).filter_map(char::from_u32).collect();
        for text in [
            every.as_str(),
            "行政\u{85}\u{9f}\u{a0}\t\n\r\u{c}\u{7f}\u{1b}DX",
            "",
        ] {
            let by_chars = text
                .chars()
                .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
                .count();
            assert_eq!(control_chars(text), by_chars, "{text:?}");
        }
    }

    #[test]
    fn hex_is_two_lower_case_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&[]), "");
        // The well-known digest of the empty input.
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn the_first_line_over_the_limit_is_named() {
        assert!(check_line_lengths("abc\r\nabcd\rab", 4).is_ok());
        let e = check_line_lengths("ab\r\nabc\rabcde\nabcdef", 4).unwrap_err();
        assert!(
            matches!(
                e,
                Error::LineTooLong {
                    line: 3,
                    bytes: 5,
                    limit: 4
                }
            ),
            "{e:?}"
        );
        let e = check_line_lengths("ab\nabcde", 4).unwrap_err();
        assert!(
            matches!(
                e,
                Error::LineTooLong {
                    line: 2,
                    bytes: 5,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(check_line_lengths("", 0).is_ok());
    }

    const SAMPLE: &str =
        "二戸市地域情報化推進計画\r\n＜令和3年度～令和7年度＞\r\nマイナンバーカードの普及\r\n";

    #[test]
    fn detects_each_japanese_encoding() {
        for enc in [SHIFT_JIS, EUC_JP] {
            let (bytes, _, bad) = enc.encode(SAMPLE);
            assert!(!bad);
            let d = decode(&bytes, None).unwrap();
            assert_eq!(d.encoding, enc.name());
            assert_eq!(d.text, SAMPLE);
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&with_bom, None).unwrap().text, SAMPLE);
        assert_eq!(decode(SAMPLE.as_bytes(), None).unwrap().encoding, "UTF-8");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(SAMPLE.encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&le, None).unwrap().encoding, "UTF-16LE");
        assert_eq!(decode(&be, None).unwrap().text, SAMPLE);
    }

    #[test]
    fn forced_encoding_reports_the_bad_byte() {
        let err = decode("あ\nい".as_bytes(), Some(SHIFT_JIS));
        // UTF-8 bytes of あ are not all valid Shift_JIS: the error names offset and line.
        match err {
            Err(Error::InvalidEncoding { encoding, line, .. }) => {
                assert_eq!(encoding, "Shift_JIS");
                assert!(line >= 1);
            }
            other => panic!("expected InvalidEncoding, got {other:?}"),
        }
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert!(matches!(decode(b"", None), Err(Error::Empty)));
        assert!(matches!(decode(b"  \n\t\n", None), Err(Error::Empty)));
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert!(matches!(decode(&noise, None), Err(Error::Binary(_))));
        assert!(matches!(decode(b"abc\0def", None), Err(Error::Binary(_))));
    }

    #[test]
    fn a_bad_utf8_byte_is_named_by_offset_and_line() {
        let mut bytes = "計画の概要\n第1章\n".as_bytes().to_vec();
        let at = bytes.len();
        bytes.push(0xFF);
        bytes.extend_from_slice("施策の推進\n".repeat(20).as_bytes());
        match decode(&bytes, None) {
            Err(Error::InvalidEncoding {
                encoding,
                offset,
                line,
            }) => assert_eq!((encoding.as_str(), offset, line), ("UTF-8", at, 3)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf16_lines_count_code_units_not_bytes() {
        // U+0A00 is the byte 0x0A in UTF-16: not a line end.
        let text = "\u{a00}\u{a00}x\ny";
        let mut le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let at = le.len();
        le.extend_from_slice(&[0x00, 0xD8, b'a', 0]); // a lone high surrogate
        assert_eq!(line_at(UTF_16LE, &le, at), 2);
        assert_eq!(line_at(UTF_8, b"a\rb\r\nc\nd", 8), 4);
    }

    #[test]
    fn labels() {
        assert_eq!(encoding_for_label("sjis").unwrap(), SHIFT_JIS);
        assert_eq!(encoding_for_label("EUC-JP").unwrap(), EUC_JP);
        assert!(encoding_for_label("klingon").is_err());
    }
}
