//! Numbers in KPI value cells: `21.3%`, `103万件`, `1,000人/年`, `７５人（累計）`,
//! `97.0%(小) 98.2%(中)`, `(平成28年度) 20.7%`, and the dashes that mean "no value".
//!
//! A value is kept in base units: kanji multipliers (`万`, `億`, `千` …) are multiplied
//! out, so `103万件` is 1030000 with unit `件`, never 103 with unit `万件`. The multipliers
//! and the unit words are data in `dictionaries/units.tsv`; a unit the list lacks is still
//! read when it is a short word right after the number. The text as written is always
//! kept beside the number, so annotations (`(累計)`, `(小)`) and second values are not
//! lost: the value is the first number of the cell.
//!
//! This module reads one cell. Which cell is a baseline or a target, and which year a
//! column header gives, is the indicator extractor's job.

use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::era;
use crate::model::Quantity;

/// The vocabulary of `dictionaries/units.tsv`.
struct Units {
    /// Multiplier character → factor.
    multipliers: Vec<(char, u128)>,
    /// Unit words, longest first.
    units: Vec<String>,
    /// Words that may follow a unit without making the cell words (`以上`).
    qualifiers: Vec<String>,
    /// Words that may stand before the number (`約`).
    prefixes: Vec<String>,
}

fn units() -> &'static Units {
    static U: OnceLock<Units> = OnceLock::new();
    U.get_or_init(|| {
        let mut multipliers = Vec::new();
        let mut units = Vec::new();
        let mut qualifiers = Vec::new();
        let mut prefixes = Vec::new();
        for line in crate::vocab::text("units.tsv").lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = line.split('\t').map(str::trim);
            match (f.next(), f.next(), f.next()) {
                (Some("multiplier"), Some(w), Some(factor)) => {
                    if let (Some(c), Ok(n)) = (w.chars().next(), factor.parse()) {
                        multipliers.push((c, n));
                    }
                }
                (Some("unit"), Some(w), _) if !w.is_empty() => units.push(w.nfkc().collect()),
                (Some("qualifier"), Some(w), _) if !w.is_empty() => qualifiers.push(w.to_string()),
                (Some("prefix"), Some(w), _) if !w.is_empty() => prefixes.push(w.to_string()),
                _ => {}
            }
        }
        units.sort_by_key(|u: &String| std::cmp::Reverse(u.chars().count()));
        Units {
            multipliers,
            units,
            qualifiers,
            prefixes,
        }
    })
}

/// Whether a cell means "no value": a dash of any width, or nothing.
pub fn is_dash(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().count() <= 2
        && t.chars().all(|c| {
            matches!(
                c,
                '-' | '－' | '—' | '―' | '‐' | '–' | '−' | 'ー' | '─' | '━' | '／' | '/'
            )
        })
}

const OPEN: &[char] = &['(', '（'];
const CLOSE: &[char] = &[')', '）'];

/// A cell that is only a year in brackets, such as `(平成27年度)` or `（R1）`: the year.
pub fn year_only(text: &str) -> Option<i32> {
    let t = text.trim();
    let inner = t.strip_prefix(OPEN)?.strip_suffix(CLOSE)?.trim();
    whole_year(inner)
}

/// `text` is exactly one year mention (`平成28年度`, `R1`, `2019年`): its year.
fn whole_year(text: &str) -> Option<i32> {
    let m = era::first_year(text)?;
    (m.start == 0 && m.end == text.len()).then_some(m.year)
}

/// A leading year: `(平成28年度) 20.7%` or `令和元年度 32.8%` → (year, the rest).
fn leading_year(text: &str) -> Option<(i32, &str)> {
    if let Some(rest) = text.strip_prefix(OPEN) {
        let close = rest.find(CLOSE)?;
        let year = whole_year(rest[..close].trim())?;
        let after = &rest[close..];
        let after = &after[after.chars().next()?.len_utf8()..];
        return Some((year, after.trim_start()));
    }
    let m = era::first_year(text)?;
    let rest = &text[m.end..];
    (m.start == 0 && rest.starts_with(char::is_whitespace)).then(|| (m.year, rest.trim_start()))
}

/// A bracketed year anywhere after the value: `75人(R2年度)`.
fn trailing_year(text: &str) -> Option<i32> {
    let mut rest = text;
    while let Some(open) = rest.find(OPEN) {
        let inner = &rest[open..];
        let inner = &inner[inner.chars().next()?.len_utf8()..];
        let close = inner.find(CLOSE)?;
        if let Some(y) = whole_year(inner[..close].trim()) {
            return Some(y);
        }
        rest = &inner[close..];
    }
    None
}

fn number_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?P<sign>[-−－▲])?(?P<int>[0-9０-９]+(?:[,，][0-9０-９]{3})*)(?:[.．](?P<frac>[0-9０-９]+))?")
            .expect("number regex")
    })
}

/// Whether `text` has a digit that [`first_number`] reads (ASCII `0`–`9` or full-width
/// `０`–`９`): without one it holds no number, and readers skip it unsearched.
pub fn has_digit(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c.is_ascii_digit()
            || (c == 0xef
                && b.get(i + 1) == Some(&0xbc)
                && b.get(i + 2).is_some_and(|d| (0x90..=0x99).contains(d)))
    })
}

fn ascii_digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        })
        .collect()
}

/// A number read from the start of a cell's value part.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// The value in base units.
    pub value: f64,
    /// The unit, without multiplier, NFKC-normalized.
    pub unit: Option<String>,
    /// Byte offset where the number starts in the text read.
    pub start: usize,
    /// Byte offset just past the unit (or number).
    pub end: usize,
    /// Whether the number stands alone: what follows it is nothing, a space, a bracket,
    /// or a unit (a number glued to a long word, `5G基地局数`, does not).
    pub standalone: bool,
}

/// Longest word after a number that is taken as a unit the vocabulary lacks.
const MAX_UNKNOWN_UNIT_CHARS: usize = 3;

fn ends_token(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || OPEN.contains(&c) || matches!(c, '、' | ',' | '。'))
}

/// Reads the first number of `text`, with its multipliers and unit.
pub fn first_number(text: &str) -> Option<Number> {
    let c = number_regex().captures(text)?;
    let whole = c.get(0)?;
    let int = ascii_digits(c.name("int")?.as_str());
    let frac = c
        .name("frac")
        .map(|f| ascii_digits(f.as_str()))
        .unwrap_or_default();
    let negative = c.name("sign").is_some()
        && whole.start() == text.find(|ch: char| !ch.is_whitespace()).unwrap_or(0);
    let mut rest = &text[whole.end()..];
    let mut factor: u128 = 1;
    // Multipliers compound: `5百万円` is 5 × 100 × 10000.
    while let Some(ch) = rest.chars().next() {
        let Some(&(_, f)) = units().multipliers.iter().find(|(m, _)| *m == ch) else {
            break;
        };
        factor = factor.saturating_mul(f);
        rest = &rest[ch.len_utf8()..];
    }
    let after_number = text.len() - rest.len();
    let norm_rest: String = rest.chars().take(16).collect::<String>().nfkc().collect();
    // A known unit, longest first; then a short unknown word right after the number.
    let known = units()
        .units
        .iter()
        .find(|u| norm_rest.starts_with(u.as_str()));
    let (unit, unit_chars) = match known {
        Some(u) => (Some(u.clone()), u.chars().count()),
        None => {
            let word: String = rest
                .chars()
                .take_while(|&ch| {
                    !ends_token(Some(ch)) && !ch.is_ascii_digit() && !('０'..='９').contains(&ch)
                })
                .collect();
            let n = word.chars().count();
            if n > 0 && n <= MAX_UNKNOWN_UNIT_CHARS {
                (Some(word.nfkc().collect::<String>()), n)
            } else {
                (None, 0)
            }
        }
    };
    let unit_bytes: usize = rest.chars().take(unit_chars).map(char::len_utf8).sum();
    let end = after_number + unit_bytes;
    let after: String = text[end..]
        .chars()
        .take_while(|&ch| !ends_token(Some(ch)))
        .collect();
    let standalone = after.is_empty()
        || (known.is_some() && units().qualifiers.contains(&after))
        || known.is_some_and(|u| !u.chars().any(char::is_alphanumeric));
    // Decimal arithmetic in integers, so `0.3万` is exactly 3000.
    let digits = format!("{int}{frac}");
    let scale = 10u128.checked_pow(frac.len() as u32);
    let value = match (digits.parse::<u128>().ok(), scale) {
        (Some(m), Some(s)) if m.checked_mul(factor).is_some() => {
            m.saturating_mul(factor) as f64 / s as f64
        }
        _ => {
            format!("{int}.{}", if frac.is_empty() { "0" } else { &frac })
                .parse::<f64>()
                .ok()?
                * factor as f64
        }
    };
    Some(Number {
        value: if negative { -value } else { value },
        unit: unit.filter(|u| !u.is_empty()),
        start: whole.start(),
        end,
        standalone,
    })
}

/// Parses a value cell. `—` gives no value; the text is always kept as written.
pub fn quantity(text: &str) -> Quantity {
    let text = text.trim();
    let mut q = Quantity {
        text: text.to_string(),
        value: None,
        unit: None,
        year: None,
    };
    if text.is_empty() || is_dash(text) {
        return q;
    }
    let rest = match leading_year(text) {
        Some((year, rest)) => {
            q.year = Some(year);
            rest
        }
        None => text,
    };
    if let Some(n) = first_number(rest) {
        q.value = Some(n.value);
        q.unit = n.unit;
        if q.year.is_none() {
            q.year = trailing_year(&rest[n.end..]);
        }
    }
    q
}

/// Whether a cell reads as a value (a number standing alone near its start, or a dash)
/// rather than as words that contain a number (`5G基地局数`, `2040年頃の人口`).
pub fn is_value(text: &str) -> bool {
    let t = text.trim();
    if is_dash(t) {
        return true;
    }
    let rest = leading_year(t).map_or(t, |(_, r)| r);
    if year_only(t).is_some() || whole_year(t).is_some() {
        return false;
    }
    match first_number(rest) {
        Some(n) => {
            // Before the number: nothing, a symbol, or a listed word (`約`), never a
            // name that ends in a digit (`指標1`).
            let lead = rest[..n.start].trim();
            n.standalone
                && (lead.chars().all(|c| !c.is_alphanumeric())
                    || units().prefixes.iter().any(|p| p == lead))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digit_is_one_the_number_pattern_reads() {
        for c in (0..=0xffff_u32).filter_map(char::from_u32) {
            let text = format!("目標{c}件");
            assert_eq!(has_digit(&text), number_regex().is_match(&text), "{c:?}");
        }
    }

    fn q(text: &str) -> (Option<f64>, Option<String>, Option<i32>) {
        let q = quantity(text);
        assert_eq!(q.text, text.trim());
        (q.value, q.unit, q.year)
    }

    fn some(v: f64, unit: &str) -> (Option<f64>, Option<String>, Option<i32>) {
        (Some(v), Some(unit.to_string()), None)
    }

    #[test]
    fn plain_percent_and_counts() {
        assert_eq!(q("21.3%"), some(21.3, "%"));
        assert_eq!(q("30%"), some(30.0, "%"));
        assert_eq!(q("10件"), some(10.0, "件"));
        assert_eq!(q("100"), (Some(100.0), None, None));
    }

    #[test]
    fn kanji_multipliers_are_base_units() {
        assert_eq!(q("103万件"), some(1_030_000.0, "件"));
        assert_eq!(q("150万件"), some(1_500_000.0, "件"));
        assert_eq!(q("0.3万人"), some(3000.0, "人"));
        assert_eq!(q("2億円"), some(200_000_000.0, "円"));
        assert_eq!(q("5千円"), some(5000.0, "円"));
        assert_eq!(q("3百万円"), some(3_000_000.0, "円"));
    }

    #[test]
    fn full_width_and_commas() {
        assert_eq!(q("１０３万件"), some(1_030_000.0, "件"));
        assert_eq!(q("２１．３％"), some(21.3, "%"));
        assert_eq!(q("1,000人/年"), some(1000.0, "人/年"));
        assert_eq!(q("１，２００回"), some(1200.0, "回"));
        assert_eq!(q("12,345,678件"), some(12_345_678.0, "件"));
    }

    #[test]
    fn annotations_and_multi_values_keep_the_text() {
        assert_eq!(q("75人(累計)"), some(75.0, "人"));
        assert_eq!(q("７５人（累計）"), some(75.0, "人"));
        assert_eq!(q("97.0%(小) 98.2%(中)"), some(97.0, "%"));
        assert_eq!(q("100%(小) 100%(中)"), some(100.0, "%"));
        assert_eq!(q("12団体"), some(12.0, "団体"));
        assert_eq!(q("4回/年"), some(4.0, "回/年"));
        assert_eq!(q("約30%"), some(30.0, "%"));
    }

    #[test]
    fn year_prefixes_and_suffixes() {
        assert_eq!(
            q("(平成28年度) 20.7%"),
            (Some(20.7), Some("%".into()), Some(2016))
        );
        assert_eq!(
            q("（令和元年度）32.8%"),
            (Some(32.8), Some("%".into()), Some(2019))
        );
        assert_eq!(q("R1 35.8%"), (Some(35.8), Some("%".into()), Some(2019)));
        assert_eq!(
            q("75人(R2年度)"),
            (Some(75.0), Some("人".into()), Some(2020))
        );
        assert_eq!(year_only("(平成27年度)"), Some(2015));
        assert_eq!(year_only("（R1）"), Some(2019));
        assert_eq!(year_only("(累計)"), None);
        assert_eq!(year_only("20.7%"), None);
    }

    #[test]
    fn dashes_have_no_value() {
        for d in ["—", "－", "-", "―", "ー", "−"] {
            assert_eq!(q(d), (None, None, None), "{d}");
            assert!(is_value(d), "{d}");
        }
        assert_eq!(q("(平成28年度) —"), (None, None, Some(2016)));
    }

    #[test]
    fn words_with_numbers_are_not_values() {
        assert!(is_value("21.3%"));
        assert!(is_value("103万件"));
        assert!(is_value("(平成28年度) 20.7%"));
        assert!(is_value("97.0%(小) 98.2%(中)"));
        assert!(!is_value("5G基地局の整備数"));
        assert!(!is_value("マイナンバーカード普及率"));
        assert!(!is_value("(平成27年度)"));
        assert!(!is_value("2040年頃を見据えた人口"));
        assert!(!is_value("基本目標1"));
        assert!(is_value("年間100件"));
        assert_eq!(q("実施"), (None, None, None));
    }

    #[test]
    fn negative_values() {
        assert_eq!(q("-3.5%"), some(-3.5, "%"));
        assert_eq!(q("▲2件"), some(-2.0, "件"));
    }
}
