//! The `width` rule: NFKC, one character at a time, for the characters whose
//! compatibility form is noise in plan text — full-width Latin letters, digits and
//! punctuation, half-width katakana, Kangxi radicals and compatibility ideographs, era
//! ligatures (`㍻`) — with the Japanese exceptions that carry meaning.
//!
//! NFKC is not applied to the whole string because it damages plans: it turns `①` into
//! `1` (so `①3件` reads `13件`), `～` into `~`, and a spacing dakuten `゛` into a space
//! plus a combining mark. Here:
//! - `～` and `〜` stay one range mark (both become `～`);
//! - `－` before a digit stays a minus (`－５％` → `－5%`, never `ー`); elsewhere it is a
//!   dash and becomes `-` (`Ｗｉ－Ｆｉ`, `１－１－１`, a bullet `－ 項目`);
//! - circled numbers `①②`, rules `─ ━`, Roman numerals and `㎡` are left alone;
//! - `￥` becomes `¥` (never a backslash);
//! - a kana followed by a dakuten or handakuten, spacing (`か゛`), combining or
//!   half-width (`ｶﾞ`), becomes the one composed kana (`が`).
//!
//! - invisible format characters — zero-width space and (non-)joiner, word joiner, a
//!   byte-order mark inside the text, soft hyphen — are removed: a copy-paste leaves
//!   them inside words, where they hide a term from every vocabulary.
//!
//! Not for spaces between words or line ends: other rules handle those.

use unicode_normalization::UnicodeNormalization;

use super::MapBuilder;
use super::offsets::OffsetMap;

/// Whether `c` is a voicing mark that combines with the kana before it.
fn voicing_mark(c: char) -> Option<char> {
    match c {
        '\u{3099}' | '\u{309B}' | '\u{FF9E}' => Some('\u{3099}'),
        '\u{309A}' | '\u{309C}' | '\u{FF9F}' => Some('\u{309A}'),
        _ => None,
    }
}

/// The replacement of one character, or `None` to keep it.
fn map_char(c: char) -> Option<String> {
    let nfkc = |c: char| -> Option<String> {
        let s: String = std::iter::once(c).nfkc().collect();
        (s.chars().ne([c])).then_some(s)
    };
    match c {
        c if invisible(c) => Some(String::new()),
        // The exceptions inside the full-width block: range mark and minus stay.
        '～' | '－' => None,
        '〜' => Some("～".to_string()),
        '\u{3000}' => Some(" ".to_string()),
        '\u{FF01}'..='\u{FF5E}' => nfkc(c),
        // A lone half-width voicing mark becomes the full-width spacing mark (NFKC
        // would make it a combining mark with nothing to combine with).
        '\u{FF9E}' => Some("゛".to_string()),
        '\u{FF9F}' => Some("゜".to_string()),
        // Half-width katakana and punctuation; full-width ¢ £ ¬ ¦ ¥ ₩ (not ￣, whose
        // NFKC is a space plus a combining macron).
        '\u{FF61}'..='\u{FF9D}' | '\u{FFE0}'..='\u{FFE2}' | '\u{FFE4}'..='\u{FFE6}' => nfkc(c),
        // Kangxi radicals and CJK radical supplements (⽋ → 欠), compatibility
        // ideographs, era ligatures (㍻ → 平成, ㋿ → 令和).
        '\u{2E80}'..='\u{2FDF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{337B}'..='\u{337F}'
        | '\u{32FF}' => nfkc(c),
        // Parenthesised and dotted numbers (⑴ → (1), ⒈ → 1.): heading numbers.
        '\u{2474}'..='\u{249B}' => nfkc(c),
        _ => None,
    }
}

/// Whether `c` is a format character that shows nothing and means nothing in plan text.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Whether `c` may start a replacement, so runs of other characters are copied whole.
fn interesting(c: char) -> bool {
    if invisible(c) {
        return true;
    }
    let u = c as u32;
    // Most plan text is ASCII, kana and kanji, which no case of `map_char` touches:
    // those ranges are turned away before its long match.
    if u < 0x2474 || (0x3040..0x3099).contains(&u) || (0x309D..0x32FF).contains(&u) {
        return false;
    }
    if (0x3380..0xF900).contains(&u) {
        return false;
    }
    voicing_mark(c).is_some() || map_char(c).is_some()
}

/// Whether the character whose UTF-8 encoding starts at `bytes[i]` may be one the rule
/// touches: a character [`interesting`], `－`, or a voicing mark. Decided from its
/// first two bytes, so most plan text (ASCII, kana, kanji) is passed over without
/// decoding it; a `true` may still be a character the rule keeps.
fn may_change(bytes: &[u8], i: usize) -> bool {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        // U+00AD soft hyphen.
        0xC2 => at(1) == 0xAD,
        // U+2000–U+207F (zero-width characters, word joiner), U+2440–U+24BF (numbers
        // in brackets), U+2E80–U+2FFF (radicals).
        0xE2 => matches!(at(1), 0x80 | 0x81 | 0x91 | 0x92 | 0xBA..=0xBF),
        // U+3000 ideographic space, U+301C 〜, U+3099–U+309C voicing marks, U+32FF
        // and U+337B–U+337F era ligatures; not 、。「」 nor kana.
        0xE3 => match at(1) {
            0x80 => matches!(at(2), 0x80 | 0x9C),
            0x82 => matches!(at(2), 0x99..=0x9C),
            0x8B => at(2) == 0xBF,
            0x8D => matches!(at(2), 0xBB..=0xBF),
            _ => false,
        },
        // U+F000–U+FFFF: compatibility ideographs, full and half width forms, BOM.
        0xEF => true,
        _ => false,
    }
}

/// The byte index of the first character at or after `from` that [`may_change`].
fn next_candidate(bytes: &[u8], mut from: usize) -> usize {
    while from < bytes.len() {
        let b = bytes[from];
        if b >= 0xC2 && may_change(bytes, from) {
            return from;
        }
        from += match b {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xFF => 4,
            // A continuation byte never starts a character of a `str`.
            _ => 1,
        };
    }
    bytes.len()
}

/// Applies the width rule to `text`.
pub fn width(text: &str) -> (String, OffsetMap) {
    let bytes = text.as_bytes();
    let mut b = MapBuilder::with_capacity(text.len());
    let mut run_start = 0;
    let mut i = 0;
    while i < text.len() {
        // Characters before the next candidate change nothing, except the one right
        // before it, which a voicing mark there would compose with: start at that one.
        let next = next_candidate(bytes, i);
        if next > i {
            let before = text[..next]
                .char_indices()
                .next_back()
                .map_or(i, |(p, _)| p);
            i = before.max(i);
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let after = i + c.len_utf8();
        // A kana with a voicing mark after it: compose both into one kana.
        if let Some(m) = text[after..].chars().next() {
            if let Some(combining) = voicing_mark(m) {
                let base: String = match map_char(c) {
                    Some(s) => s,
                    None => c.to_string(),
                };
                let composed: String = base.chars().chain([combining]).nfc().collect();
                if composed.chars().count() == 1 && super::chars::is_word_char(c_or(&base, c)) {
                    b.copy(&text[run_start..i]);
                    b.replace(after + m.len_utf8() - i, &composed);
                    run_start = after + m.len_utf8();
                    i = run_start;
                    continue;
                }
            }
        }
        // `－` before a digit is a minus sign and stays; elsewhere it is a dash or a
        // bullet (`Ｗｉ－Ｆｉ`, `１－１－１`, `－ 項目`, `－－－|`) and becomes `-`.
        if c == '－' {
            let prev = text[..i].chars().next_back();
            let sign = prev.is_none_or(|p| !p.is_alphanumeric() && p != '－')
                && text[after..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_digit() || ('０'..='９').contains(&n));
            if !sign {
                b.copy(&text[run_start..i]);
                b.replace(c.len_utf8(), "-");
                run_start = after;
            }
            i = after;
            continue;
        }
        if interesting(c) {
            if let Some(m) = map_char(c) {
                b.copy(&text[run_start..i]);
                b.replace(c.len_utf8(), &m);
                run_start = after;
            }
        }
        i = after;
    }
    b.copy(&text[run_start..]);
    b.finish()
}

/// The single character of `s`, or `c` when `s` is not one character.
fn c_or(s: &str, c: char) -> char {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_passes_over_only_characters_nothing_changes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if interesting(c) || voicing_mark(c).is_some() || c == '－' {
                let s = c.to_string();
                assert!(may_change(s.as_bytes(), 0), "U+{:04X}", c as u32);
                assert_eq!(next_candidate(format!("aか漢{c}").as_bytes(), 0), 7);
            }
        }
    }

    #[test]
    fn the_quick_rejection_turns_away_only_characters_nothing_changes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let slow = voicing_mark(c).is_some() || map_char(c).is_some();
            assert_eq!(interesting(c), slow, "U+{:04X}", c as u32);
        }
    }

    fn w(s: &str) -> String {
        width(s).0
    }

    #[test]
    fn full_width_latin_digits_and_punctuation() {
        assert_eq!(w("ＩＣＴの活用（ＤＸ）"), "ICTの活用(DX)");
        assert_eq!(w("令和３年度"), "令和3年度");
        assert_eq!(w("９６．１％"), "96.1%");
        assert_eq!(w("Ｗｉ－Ｆｉ"), "Wi-Fi");
        assert_eq!(w("１－１－１ 施策"), "1-1-1 施策");
        assert_eq!(w("－ 項目\n－－－|"), "- 項目\n---|");
    }

    #[test]
    fn invisible_format_characters_are_removed_with_their_offsets() {
        let src = "マイ\u{200D}ナンバー\u{200B}カード\u{FEFF}と\u{00AD}RPA";
        let (out, map) = width(src);
        assert_eq!(out, "マイナンバーカードとRPA");
        // `カード` still points at its own bytes in the source.
        let at = out.find("カード").unwrap();
        let s = map.to_source_pos(at, false);
        assert_eq!(&src[s..s + "カード".len()], "カード");
    }

    #[test]
    fn range_marks_stay_one_mark() {
        assert_eq!(w("令和3年度～令和7年度"), "令和3年度～令和7年度");
        assert_eq!(w("令和３年度〜令和７年度"), "令和3年度～令和7年度");
    }

    #[test]
    fn minus_stays_a_minus() {
        assert_eq!(w("－５％"), "－5%");
        assert!(!w("－５％").contains('ー'));
    }

    #[test]
    fn circled_numbers_rules_and_yen_stay() {
        assert_eq!(w("①３件"), "①3件");
        assert_eq!(w("②ＩＣＴによる"), "②ICTによる");
        assert_eq!(w("──━━"), "──━━");
        assert_eq!(w("￥１，０００"), "¥1,000");
        assert_eq!(w("¥500"), "¥500");
        assert_eq!(w("100㎡"), "100㎡");
    }

    #[test]
    fn dakuten_and_handakuten_compose() {
        assert_eq!(w("か゛"), "が");
        assert_eq!(w("ハ゜ソコン"), "パソコン");
        assert_eq!(w("か\u{3099}"), "が");
        assert_eq!(w("ﾃﾞｼﾞﾀﾙ"), "デジタル");
        assert_eq!(w("ﾊﾟｿｺﾝ"), "パソコン");
        // Nothing to compose with: kept as written, not turned into a space.
        assert_eq!(w("あ゛"), "あ゛");
        assert_eq!(w("゛"), "゛");
    }

    #[test]
    fn radicals_ligatures_and_spaces() {
        assert_eq!(w("⽋席"), "欠席");
        assert_eq!(w("⼈⼝"), "人口");
        assert_eq!(w("㍻28年"), "平成28年");
        assert_eq!(w("⑴ 計画"), "(1) 計画");
        assert_eq!(w("計画\u{3000}期間"), "計画 期間");
    }

    #[test]
    fn maps_back_to_the_source() {
        let src = "ＩＣＴか゛①";
        let (out, map) = width(src);
        assert_eq!(out, "ICTが①");
        assert_eq!(map.to_source(0..1), 0..3);
        let ga = out.find('が').unwrap();
        assert_eq!(&src[map.to_source(ga..ga + 3)], "か゛");
        assert_eq!(&src[map.to_source(ga + 3..out.len())], "①");
    }
}
