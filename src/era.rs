//! Japanese dates: era years (令和3年, 平成28年度, 令和元年), their abbreviations (`R3`,
//! `H28`), Gregorian years (`2021年度`), ranges (`H28-32`, `令和元~3年度`,
//! `令和3年度～令和7年度`) and a bracketed Gregorian gloss (`令和3年度（2021年度）`).
//!
//! The eras come from `dictionaries/eras.tsv`, so a new era is a line of data. A 年度
//! (fiscal year) is named by the year it starts in, so `令和3年度` is fiscal year 2021.
//! Digits may be full-width or half-width.
//!
//! This module only reads dates; deciding which date in a document is its publication
//! date or period is the extract stage's job.

use std::sync::OnceLock;

use regex::Regex;

/// An era from the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Era {
    /// Its name, e.g. `令和`.
    pub name: String,
    /// The letter used in abbreviations, e.g. `R`.
    pub abbreviation: char,
    /// The Gregorian year of 元年.
    pub first_year: i32,
}

impl Era {
    /// The Gregorian year of year `n` of this era.
    pub fn year(&self, n: i32) -> i32 {
        self.first_year - 1 + n
    }
}

/// The eras of `dictionaries/eras.tsv`, newest first.
pub fn eras() -> &'static [Era] {
    static ERAS: OnceLock<Vec<Era>> = OnceLock::new();
    ERAS.get_or_init(|| {
        let mut eras: Vec<Era> = crate::vocab::text("eras.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let name = f.next()?.trim().to_string();
                let abbreviation = f.next()?.trim().chars().next()?;
                let first_year = f.next()?.trim().parse().ok()?;
                Some(Era {
                    name,
                    abbreviation,
                    first_year,
                })
            })
            .collect();
        eras.sort_by_key(|e| std::cmp::Reverse(e.first_year));
        eras
    })
}

/// Looks an era up by name (`令和`) or abbreviation (`R`).
pub fn era(name_or_letter: &str) -> Option<&'static Era> {
    let upper = name_or_letter.to_uppercase();
    eras()
        .iter()
        .find(|e| e.name == name_or_letter || upper.chars().eq([e.abbreviation]))
}

/// A year found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearMention {
    /// Byte range of the whole mention in the text searched.
    pub start: usize,
    /// End of the mention.
    pub end: usize,
    /// The Gregorian year (for a 年度, the year the fiscal year starts in).
    pub year: i32,
    /// Whether it was written as a fiscal year (年度).
    pub fiscal: bool,
    /// The month, when written (`令和3年3月`).
    pub month: Option<u32>,
    /// The era it was written in, if any.
    pub era: Option<&'static Era>,
}

/// A span of years found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearRange {
    /// Byte range of the whole range in the text searched.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// First year.
    pub from: i32,
    /// Last year (`None` for an open range such as `平成元年度（1989年度）～`).
    pub to: Option<i32>,
    /// Whether the years are fiscal years.
    pub fiscal: bool,
}

/// A year number as written: `元` (1), half-width or full-width digits.
pub fn digits(s: &str) -> Option<i32> {
    if s == "元" {
        return Some(1);
    }
    let ascii: String = s
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        })
        .collect();
    ascii.parse().ok()
}

const D: &str = "[0-9０-９]";
const SP: &str = r"[\x20\t\u{3000}]*";

fn mention_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let names = eras().iter().map(|e| regex::escape(&e.name)).collect::<Vec<_>>().join("|");
        let letters: String = eras().iter().map(|e| e.abbreviation).collect();
        let pattern = format!(
            r"(?x)
            (?:
                (?P<era>{names}){SP}(?P<n>元|{D}{{1,2}})(?:{SP}年(?P<fy>度)?)?
              | (?P<abbr>[{letters}{lower}])[\ ]?(?P<an>元|{D}{{1,2}})(?:{SP}年(?P<afy>度)?)?(?:[^0-9A-Za-z年]|$)
              | (?P<g>{D}{{4}}){SP}年(?P<gfy>度)?
            )
            (?:{SP}(?P<m>{D}{{1,2}}){SP}月)?
            (?:{SP}[（(]{SP}{D}{{4}}{SP}年度?{SP}[）)])?",
            lower = letters.to_lowercase(),
        );
        Regex::new(&pattern).expect("era regex")
    })
}

/// Every year mentioned in `text`, in order.
pub fn find_years(text: &str) -> Vec<YearMention> {
    let mut out = Vec::new();
    for c in mention_regex().captures_iter(text) {
        let whole = c.get(0).unwrap();
        // An abbreviation letter inside a word (`HR3`, `Windows 10`) is not an era.
        if c.name("abbr").is_some()
            && text[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_alphanumeric())
        {
            continue;
        }
        let (year, fiscal, era_ref) = if let Some(e) = c.name("era") {
            let era = era(e.as_str()).expect("era from vocabulary");
            (
                era.year(digits(&c["n"]).unwrap_or(1)),
                c.name("fy").is_some(),
                Some(era),
            )
        } else if let Some(a) = c.name("abbr") {
            let era = era(a.as_str()).expect("era letter from vocabulary");
            (
                era.year(digits(&c["an"]).unwrap_or(1)),
                c.name("afy").is_some(),
                Some(era),
            )
        } else {
            (digits(&c["g"]).unwrap_or(0), c.name("gfy").is_some(), None)
        };
        let mut end = whole.end();
        // The abbreviation arm consumed one trailing character to check a boundary.
        if c.name("abbr").is_some() && c.name("m").is_none() {
            let s = whole.as_str();
            if let Some(last) = s.chars().last() {
                let ends_year = s.ends_with('年')
                    || s.ends_with('度')
                    || last.is_ascii_digit()
                    || ('０'..='９').contains(&last)
                    || s.ends_with('元');
                if !ends_year && !s.ends_with(')') && !s.ends_with('）') {
                    end -= last.len_utf8();
                }
            }
        }
        out.push(YearMention {
            start: whole.start(),
            end,
            year,
            fiscal,
            month: c
                .name("m")
                .and_then(|m| digits(m.as_str()))
                .map(|m| m as u32),
            era: era_ref,
        });
    }
    out
}

/// The first year mentioned in `text`.
pub fn first_year(text: &str) -> Option<YearMention> {
    find_years(text).into_iter().next()
}

fn range_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"^{SP}[～〜~\-－–—ー－]{SP}(?:(?P<n>元|{D}{{1,2}})(?:{SP}年(?P<fy>度)?)?)?"
        ))
        .expect("range regex")
    })
}

/// Every range of years in `text`: two mentions joined by a range mark, or a mention
/// followed by a range mark and a bare number in the same era (`H28-32`, `令和元~3年度`).
pub fn find_ranges(text: &str) -> Vec<YearRange> {
    let years = find_years(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let a = &years[i];
        let rest = &text[a.end..];
        if let Some(c) = range_regex().captures(rest) {
            let mark_end = a.end + c.get(0).unwrap().end();
            // A full second mention right after the mark.
            if let Some(b) = years
                .get(i + 1)
                .filter(|b| b.start >= a.end && text[a.end..b.start].trim().chars().count() <= 1)
            {
                out.push(YearRange {
                    start: a.start,
                    end: b.end,
                    from: a.year,
                    to: Some(b.year),
                    fiscal: a.fiscal || b.fiscal,
                });
                i += 2;
                continue;
            }
            if let Some(n) = c.name("n") {
                let n = digits(n.as_str()).unwrap_or(1);
                let to = match a.era {
                    Some(era) => era.year(n),
                    None if n < 100 => a.year - a.year % 100 + n,
                    None => n,
                };
                out.push(YearRange {
                    start: a.start,
                    end: mark_end,
                    from: a.year,
                    to: Some(to),
                    fiscal: a.fiscal || c.name("fy").is_some(),
                });
            } else {
                out.push(YearRange {
                    start: a.start,
                    end: mark_end,
                    from: a.year,
                    to: None,
                    fiscal: a.fiscal,
                });
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(text: &str) -> (i32, bool, Option<u32>) {
        let m = first_year(text).unwrap_or_else(|| panic!("no year in {text}"));
        (m.year, m.fiscal, m.month)
    }

    #[test]
    fn era_years() {
        assert_eq!(y("令和3年3月"), (2021, false, Some(3)));
        assert_eq!(y("令和3年度"), (2021, true, None));
        assert_eq!(y("令和元年9月末"), (2019, false, Some(9)));
        assert_eq!(y("平成28年12月に"), (2016, false, Some(12)));
        assert_eq!(y("平成元年（1989年）に"), (1989, false, None));
        assert_eq!(y("昭和64年"), (1989, false, None));
        assert_eq!(y("令和 ３ 年度"), (2021, true, None));
    }

    #[test]
    fn abbreviations() {
        assert_eq!(y("現状値（R1）"), (2019, false, None));
        assert_eq!(y("目標値(R7)"), (2025, false, None));
        assert_eq!(y("H28"), (2016, false, None));
        assert_eq!(y("R6年度まで"), (2024, true, None));
        // Letters inside words are not eras.
        assert!(first_year("RPA").is_none());
        assert!(first_year("HR3").is_none());
        assert!(first_year("Windows 10").is_none());
    }

    #[test]
    fn gregorian_and_gloss() {
        assert_eq!(y("2025年度末"), (2025, true, None));
        let m = first_year("令和3年度（2021年度）～令和7年度（2025年度）").unwrap();
        assert_eq!(m.year, 2021);
        assert_eq!(
            &"令和3年度（2021年度）～"[m.start..m.end],
            "令和3年度（2021年度）"
        );
    }

    #[test]
    fn ranges() {
        let r = find_ranges("＜令和3年度～令和7年度＞");
        assert_eq!((r[0].from, r[0].to, r[0].fiscal), (2021, Some(2025), true));
        let r = find_ranges("二戸市地域情報化推進計画（H 28-32）の評価");
        assert_eq!((r[0].from, r[0].to), (2016, Some(2020)));
        let r = find_ranges("情報化計画(H28－32)では");
        assert_eq!((r[0].from, r[0].to), (2016, Some(2020)));
        let r = find_ranges("令和元~3年度(2019~2021年度)");
        assert_eq!((r[0].from, r[0].to, r[0].fiscal), (2019, Some(2021), true));
        let r = find_ranges("令和元～4年度の4年間");
        assert_eq!((r[0].from, r[0].to), (2019, Some(2022)));
        let r = find_ranges("令和3年度（2021年度）～令和7年度（2025年度）");
        assert_eq!((r[0].from, r[0].to), (2021, Some(2025)));
        let r = find_ranges("平成元年度（1989年度）～");
        assert_eq!((r[0].from, r[0].to), (1989, None));
        let r = find_ranges("平成18年度～平成27年度");
        assert_eq!((r[0].from, r[0].to), (2006, Some(2015)));
    }
}
