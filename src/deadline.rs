//! Deadline phrases: `令和7年度（2025年度）まで`, `導入予定期限 令和5年度（2023年度）`,
//! `重点期間 令和4年度まで`, `R6年度まで`, `7年度まで` (era implied by the plan),
//! `2025年度末`, `概ね6年度または7年度まで` (two years: the later is taken and the phrase
//! is flagged ambiguous), `令和4年度～令和6年度` (a span: its last year).
//!
//! The words around the year (labels such as 導入予定期限, suffixes such as まで/末,
//! hedges such as 概ね, the connectors of alternatives and spans) are data in
//! `dictionaries/deadlines.tsv`. Era names and letters come from [`crate::era`]. A
//! deadline's fiscal year is the year the 年度 starts in, like every year in keikaku.
//!
//! This module reads a phrase; which text of a plan carries a priority's deadline is the
//! priorities extractor's job.

use std::sync::OnceLock;

use regex::{Captures, Regex};

use crate::era::{self, Era};

/// A deadline phrase found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlinePhrase {
    /// Byte offset of the phrase in the text searched.
    pub start: usize,
    /// Byte offset just past the phrase.
    pub end: usize,
    /// The phrase as written.
    pub text: String,
    /// The fiscal year it names (the later one of alternatives, the last one of a span).
    pub fiscal_year: Option<i32>,
    /// Whether the phrase offers two years (`6年度または7年度`).
    pub ambiguous: bool,
    /// Whether the era was not written and was taken from context (`7年度まで`).
    pub era_implied: bool,
    /// Whether a suffix (まで, 末, 中 …) follows the year.
    pub suffixed: bool,
}

/// The words of each kind in `dictionaries/deadlines.tsv`, as a regex alternation,
/// longest first.
fn words(kind: &str) -> String {
    let mut w: Vec<&str> = crate::vocab::text("deadlines.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(k, _)| k.trim() == kind)
        .map(|(_, w)| w.trim())
        .filter(|w| !w.is_empty())
        .collect();
    w.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    w.iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

const D: &str = "[0-9０-９]";
const SP: &str = r"[\x20\t\u{3000}]*";

/// One year of a phrase; `i` names its groups.
fn year_pattern(i: u8) -> String {
    let names = era::eras()
        .iter()
        .map(|e| regex::escape(&e.name))
        .collect::<Vec<_>>()
        .join("|");
    let letters: String = era::eras().iter().map(|e| e.abbreviation).collect();
    format!(
        r"(?:(?P<era{i}>{names}){SP}|(?P<abbr{i}>[{letters}{lower}]){SP})?(?P<n{i}>元|{D}{{1,4}})(?:{SP}(?P<nen{i}>年)(?P<fy{i}>度)?)?(?:{SP}[（(]{SP}{D}{{4}}{SP}年度?{SP}[）)])?",
        lower = letters.to_lowercase()
    )
}

fn phrase_pattern() -> String {
    format!(
        r"(?P<label>(?:{labels}){SP}[:：]?{SP})?(?:(?:{approx}){SP})?{y1}(?:{SP}(?:(?P<alt>{alt})|(?P<range>{range})){SP}(?:(?:{approx}){SP})?{y2})?{SP}(?P<suffix>{suffix})?",
        labels = words("label"),
        approx = words("approximate"),
        alt = words("alternative"),
        range = words("range"),
        suffix = words("suffix"),
        y1 = year_pattern(1),
        y2 = year_pattern(2),
    )
}

fn at_end_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?P<phrase>{}){SP}[。.．)）]*{SP}$",
            phrase_pattern()
        ))
        .expect("deadline regex")
    })
}

fn anywhere_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(r"(?P<phrase>{})", phrase_pattern())).expect("deadline regex")
    })
}

fn number(s: &str) -> Option<i32> {
    crate::era::digits(s)
}

/// The year of group set `i`: (year, the era it was read in, whether that era was implied).
/// `None` when the text is not a year (a bare number without 年).
fn year_of(
    c: &Captures<'_>,
    i: u8,
    inherited: Option<&'static Era>,
    implied: Option<&'static Era>,
) -> Option<(Option<i32>, Option<&'static Era>, bool)> {
    let n = number(c.name(&format!("n{i}"))?.as_str())?;
    let written = c
        .name(&format!("era{i}"))
        .or_else(|| c.name(&format!("abbr{i}")))
        .and_then(|m| era::era(m.as_str()));
    let nen = c.name(&format!("nen{i}")).is_some();
    let fiscal = c.name(&format!("fy{i}")).is_some();
    if let Some(e) = written {
        return Some((Some(e.year(n)), Some(e), false));
    }
    if n >= 1000 {
        return nen.then_some((Some(n), None, false));
    }
    // A bare `7年度` is a year of the era in force; a bare `7年` is a duration.
    if !fiscal {
        return None;
    }
    match inherited.or(implied) {
        Some(e) => Some((Some(e.year(n)), Some(e), inherited.is_none())),
        None => Some((None, None, true)),
    }
}

fn read(
    c: &Captures<'_>,
    implied: Option<&'static Era>,
    need_marker: bool,
) -> Option<DeadlinePhrase> {
    let phrase = c.name("phrase")?;
    let (y1, era1, implied1) = year_of(c, 1, None, implied)?;
    let second = if c.name("n2").is_some() {
        Some(year_of(c, 2, era1, implied)?)
    } else {
        None
    };
    let has_label = c.name("label").is_some();
    let has_suffix = c.name("suffix").is_some();
    let is_range = c.name("range").is_some() && second.is_some();
    if need_marker && !(has_label || has_suffix || is_range) {
        return None;
    }
    let ambiguous = c.name("alt").is_some() && second.is_some();
    let (fiscal_year, era_implied) = match second {
        Some((y2, _, implied2)) => (y1.max(y2).or(y1).or(y2), implied1 || implied2),
        None => (y1, implied1),
    };
    Some(DeadlinePhrase {
        start: phrase.start(),
        end: phrase.end(),
        text: phrase.as_str().trim().to_string(),
        fiscal_year,
        ambiguous,
        era_implied,
        suffixed: has_suffix,
    })
}

/// An era letter inside a word (`HR3年度`) is not an era.
fn letter_inside_word(text: &str, c: &Captures<'_>) -> bool {
    let Some(a) = c.name("abbr1") else {
        return false;
    };
    let Some(p) = c.name("phrase") else {
        return false;
    };
    c.name("label").is_none()
        && a.start() == p.start()
        && text[..a.start()]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_ascii_alphanumeric())
}

/// The deadline phrase that ends `text` (`…に取り組む。 導入予定期限 令和7年度（2025年度）まで`).
/// A trailing year counts only with a label, a suffix (まで, 末 …) or as the end of a
/// span, so a sentence that merely ends on a date is not a deadline. `implied` is the
/// era a bare `7年度` belongs to (the plan's).
pub fn at_end(text: &str, implied: Option<&'static Era>) -> Option<DeadlinePhrase> {
    let c = at_end_regex().captures(text)?;
    if letter_inside_word(text, &c) {
        return None;
    }
    read(&c, implied, true)
}

/// The first deadline phrase anywhere in `text`, for a cell that holds only a deadline
/// (a 期限 column): no label or suffix is needed there.
pub fn in_cell(text: &str, implied: Option<&'static Era>) -> Option<DeadlinePhrase> {
    anywhere_regex()
        .captures_iter(text)
        .filter(|c| !letter_inside_word(text, c))
        .find_map(|c| read(&c, implied, false))
}

/// The deadline phrases of running text (`令和7年度末までに…を完了します`): only those
/// with a suffix (まで, 末, 中 …), so that a span (`令和5年度～令和9年度`, a plan period)
/// or a bare date (`令和3年3月策定`) is not taken for a deadline. Whether the sentence
/// around one speaks of the past is the caller's to judge.
pub fn in_prose(text: &str, implied: Option<&'static Era>) -> Vec<DeadlinePhrase> {
    anywhere_regex()
        .captures_iter(text)
        .filter(|c| !letter_inside_word(text, c))
        .filter_map(|c| read(&c, implied, true))
        .filter(|d| d.suffixed)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reiwa() -> Option<&'static Era> {
        era::era("令和")
    }

    fn end(text: &str) -> (String, Option<i32>, bool, bool) {
        let d = at_end(text, reiwa()).unwrap_or_else(|| panic!("no deadline in {text}"));
        assert_eq!(&text[d.start..d.end], d.text);
        (d.text, d.fiscal_year, d.ambiguous, d.era_implied)
    }

    #[test]
    fn labelled_era_years_with_gloss() {
        assert_eq!(
            end("標準化に取り組む。 導入予定期限 令和7年度（2025年度）まで"),
            (
                "導入予定期限 令和7年度（2025年度）まで".into(),
                Some(2025),
                false,
                false
            )
        );
        assert_eq!(
            end("…を行う。 導入予定期限 令和5年度(2023年度)"),
            (
                "導入予定期限 令和5年度(2023年度)".into(),
                Some(2023),
                false,
                false
            )
        );
        assert_eq!(
            end("交付体制を充実させる。 重点期間 令和4年度まで"),
            ("重点期間 令和4年度まで".into(), Some(2022), false, false)
        );
        assert_eq!(end("令和７年度（２０２５年度）まで。").1, Some(2025));
    }

    #[test]
    fn abbreviated_bare_and_gregorian_years() {
        assert_eq!(
            end("窓口を整備する。R6年度まで"),
            ("R6年度まで".into(), Some(2024), false, false)
        );
        assert_eq!(
            end("電子申請を拡充する(7年度まで)"),
            ("7年度まで".into(), Some(2025), false, true)
        );
        assert_eq!(
            end("全校に導入する。2025年度末"),
            ("2025年度末".into(), Some(2025), false, false)
        );
        assert_eq!(end("令和元年度中").1, Some(2019));
    }

    #[test]
    fn alternatives_keep_the_later_year_and_say_so() {
        assert_eq!(
            end("移行を進める。概ね6年度または7年度まで"),
            ("概ね6年度または7年度まで".into(), Some(2025), true, true)
        );
        assert_eq!(end("令和5年度又は6年度まで").1, Some(2024));
        let d = at_end("令和5年度又は6年度まで", reiwa()).unwrap();
        assert!(d.ambiguous && !d.era_implied);
    }

    #[test]
    fn spans_end_on_their_last_year() {
        let d = at_end("重点的に実施する。令和4年度～令和6年度", reiwa()).unwrap();
        assert_eq!((d.fiscal_year, d.ambiguous), (Some(2024), false));
    }

    #[test]
    fn dates_that_are_not_deadlines() {
        assert!(at_end("2040年頃を見据え、業務を見直す。", reiwa()).is_none());
        assert!(at_end("平成27年(2015年)に開始した。", reiwa()).is_none());
        assert!(at_end("計画を策定した(令和3年3月)", reiwa()).is_none());
        assert!(at_end("3年以内", reiwa()).is_none());
        // Without an era in context a bare year has no fiscal year, but is still a phrase.
        let d = at_end("7年度まで", None).unwrap();
        assert_eq!((d.fiscal_year, d.era_implied), (None, true));
    }

    #[test]
    fn deadlines_in_running_text_need_a_suffix() {
        let t = "計画期間(令和5年度～令和9年度)のうち、令和7年度末までに移行を完了します。";
        let found = in_prose(t, reiwa());
        assert_eq!(found.len(), 1);
        assert!(
            found[0].text.starts_with("令和7年度末まで"),
            "{}",
            found[0].text
        );
        assert_eq!(&t[found[0].start..found[0].end], found[0].text);
        assert_eq!(found[0].fiscal_year, Some(2025));
        assert!(in_prose("令和3年3月に策定した。", reiwa()).is_empty());
    }

    #[test]
    fn cells_that_hold_only_a_deadline() {
        let d = in_cell("令和6年度", reiwa()).unwrap();
        assert_eq!(d.fiscal_year, Some(2024));
        assert!(in_cell("随時", reiwa()).is_none());
    }
}
