//! Document metadata: title, edition, municipality, prefecture, publication date and
//! plan period, read from the front matter (the lines before the first heading or the
//! table of contents), with the body as a fallback for the period and prefecture.

use std::sync::OnceLock;

use regex::Regex;

use super::Input;
use crate::era;
use crate::model::{Metadata, Period, Published};
use crate::segment::{Block, BlockKind};
use crate::vocab;

/// Words that make a line a plan's title.
const TITLE_WORDS: &[&str] = &["計画", "プラン", "戦略", "ビジョン", "方針"];

/// Reads the document's metadata.
pub fn metadata(input: &Input<'_>) -> Metadata {
    let blocks = &input.segmented.blocks;
    let front_end = blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Toc | BlockKind::Heading(_)))
        .unwrap_or(blocks.len())
        .max(1);
    let front = &blocks[..front_end.min(blocks.len())];
    let front_text: Vec<String> = front.iter().map(|b| b.text.clone()).collect();

    let (title, edition) = title_and_edition(&front_text);
    let municipality = title
        .as_deref()
        .and_then(municipality_in)
        .or_else(|| front_text.iter().find_map(|t| municipality_line(t)));
    let prefecture = prefecture(&front_text, municipality.as_deref(), &input.normalized.text);
    let published = front_text.iter().find_map(|t| published(t));
    let period = front_text
        .iter()
        .find_map(|t| period(t))
        .or_else(|| period_in_body(blocks));

    Metadata {
        title,
        edition,
        municipality,
        prefecture,
        published,
        period,
    }
}

fn title_and_edition(front: &[String]) -> (Option<String>, Option<String>) {
    static EDITION: OnceLock<Regex> = OnceLock::new();
    let edition_re = EDITION.get_or_init(|| {
        Regex::new(r"^(.*?)[\s]*[（(]?(第\s*[0-9一二三四五六七八九十]+\s*次\s*(?:改訂|改定)?(?:版)?|改訂版|改定版)[）)]?$")
            .expect("edition regex")
    });
    let Some(line) = front.iter().find(|t| {
        TITLE_WORDS.iter().any(|w| t.contains(w))
            && !t.contains('。')
            && t.chars().count() <= 60
            && !t.starts_with(['(', '（', '<', '＜'])
    }) else {
        return (None, None);
    };
    match edition_re.captures(line) {
        Some(c) if !c[1].is_empty() => (Some(c[1].trim().to_string()), Some(c[2].to_string())),
        _ => (Some(line.trim().to_string()), None),
    }
}

fn municipality_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^([一-龥々ヶケぁ-んァ-ヶ]{1,8}?[市町村区])").expect("municipality regex")
    })
}

/// The municipality at the start of a title (`二戸市地域情報化推進計画` → `二戸市`).
fn municipality_in(title: &str) -> Option<String> {
    let title = strip_prefecture(title);
    municipality_re().captures(title).map(|c| c[1].to_string())
}

/// A line that is a municipality alone, possibly after its prefecture (`岩手県二戸市`).
fn municipality_line(line: &str) -> Option<String> {
    let rest = strip_prefecture(line.trim());
    let c = municipality_re().captures(rest)?;
    (c[1].len() == rest.len()).then(|| c[1].to_string())
}

fn strip_prefecture(s: &str) -> &str {
    vocab::prefectures()
        .iter()
        .find_map(|p| s.strip_prefix(p.as_str()))
        .unwrap_or(s)
}

/// The prefecture written before the municipality, else the one the plan names most.
fn prefecture(front: &[String], municipality: Option<&str>, body: &str) -> Option<String> {
    if let Some(m) = municipality {
        for p in vocab::prefectures() {
            let joined = format!("{p}{m}");
            if front.iter().any(|t| t.contains(&joined)) || body.contains(&joined) {
                return Some(p.clone());
            }
        }
    }
    if let Some(p) = vocab::prefectures()
        .iter()
        .find(|p| front.iter().any(|t| t.starts_with(p.as_str())))
    {
        return Some(p.clone());
    }
    // One pass over the body for all prefectures (not one pass each).
    static ANY: OnceLock<Regex> = OnceLock::new();
    let any = ANY.get_or_init(|| {
        let names: Vec<String> = vocab::prefectures()
            .iter()
            .map(|p| regex::escape(p))
            .collect();
        Regex::new(&names.join("|")).expect("prefecture regex")
    });
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for m in any.find_iter(body) {
        *counts.entry(m.as_str()).or_default() += 1;
    }
    // The most named; ties go to the one listed first, so the answer is stable.
    vocab::prefectures()
        .iter()
        .filter_map(|p| counts.get(p.as_str()).map(|&n| (n, p)))
        .fold(None::<(usize, &String)>, |best, (n, p)| match best {
            Some((bn, _)) if bn >= n => best,
            _ => Some((n, p)),
        })
        .map(|(_, p)| p.clone())
}

/// A front-matter line that is a date with a month (`令和3年3月`).
fn published(line: &str) -> Option<Published> {
    let years = era::find_years(line);
    let y = years.iter().find(|y| y.month.is_some() && !y.fiscal)?;
    // The line must be mostly the date (not a sentence mentioning one).
    (line.chars().count() <= 24).then(|| Published {
        text: line[y.start..y.end].trim().to_string(),
        year: y.year,
        month: y.month,
    })
}

fn period(line: &str) -> Option<Period> {
    let r = era::find_ranges(line)
        .into_iter()
        .find(|r| r.to.is_some())?;
    Some(Period {
        text: line[r.start..r.end].trim().to_string(),
        start_fiscal_year: r.from,
        end_fiscal_year: r.to,
    })
}

/// `計画期間は、令和3年度から令和7年度までの5年間` under a 期間 heading or sentence.
fn period_in_body(blocks: &[Block]) -> Option<Period> {
    blocks
        .iter()
        .filter(|b| b.text.contains("計画期間") || b.text.contains("期間は"))
        .find_map(|b| {
            let years = era::find_years(&b.text);
            let a = years.first()?;
            let b2 = years.iter().skip(1).find(|y| {
                let between = &b.text[a.end..y.start];
                between.contains("から") || between.contains('～') || between.contains('~')
            })?;
            Some(Period {
                text: b.text[a.start..b2.end].to_string(),
                start_fiscal_year: a.year,
                end_fiscal_year: Some(b2.year),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_editions() {
        let front = vec!["美唄市情報化推進計画 第4次改訂".to_string()];
        let (t, e) = title_and_edition(&front);
        assert_eq!(t.as_deref(), Some("美唄市情報化推進計画"));
        assert_eq!(e.as_deref(), Some("第4次改訂"));
        assert_eq!(
            municipality_in("二戸市地域情報化推進計画").as_deref(),
            Some("二戸市")
        );
        assert_eq!(
            municipality_in("杉並区情報化アクションプラン").as_deref(),
            Some("杉並区")
        );
        assert_eq!(municipality_line("岩手県二戸市").as_deref(), Some("二戸市"));
    }

    #[test]
    fn dates() {
        let p = published("令和3年3月").unwrap();
        assert_eq!((p.year, p.month), (2021, Some(3)));
        let p = period("＜令和3年度～令和7年度＞").unwrap();
        assert_eq!((p.start_fiscal_year, p.end_fiscal_year), (2021, Some(2025)));
        assert_eq!(p.text, "令和3年度～令和7年度");
    }
}
