//! Numbered priority headings: a heading word (`重点取組`, `重点プロジェクト`,
//! `優先的に取り組む事項` … `heading` in `dictionaries/priorities.tsv`), a number
//! (`1`, `(1)`, `①`, `Ⅱ`, `三`) and a title, on one line, optionally marked or bracketed
//! (`■重点施策2 …`, `【重点プロジェクト③】…`). Each heading opens an item whose region
//! runs to the next such heading, a chapter or numbered section heading, a line about the
//! items in general (one that names the heading word without a number), or
//! `headed.max_region` lines.
//!
//! The deadline is the nearest one of the item: a phrase at the end of the heading line
//! (`…の実現(令和8年度まで)`), else the first label line of its region
//! (`達成時期:令和7年度まで`, `目標年度 2026年度末`: a label line without a year means no
//! dated deadline), else the first phrase of its prose with a suffix (`令和7年度末までに
//! …を完了します`) that is not in a clause about the past and not before the plan's
//! first year. A span with no suffix (a plan period) is never a deadline in prose.
//!
//! Each heading is scored (weights `headed.*`): the word and number, a neighbour numbered
//! next to it with the same word, a deadline, a heading above naming priorities. Those
//! reaching `headed.min` are kept; a title met twice (a summary list, then the items) is
//! kept once, from its best-scoring occurrence.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use super::{Context, word_in, words};
use crate::deadline::{self, DeadlinePhrase};
use crate::model::Priority;
use crate::normalize::chars::nfkc_key;
use crate::segment::{Block, BlockKind};

/// A weight of `dictionaries/priorities.tsv`.
fn weight(name: &str) -> f64 {
    words(name)
        .first()
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("dictionaries/priorities.tsv: no number {name}"))
}

/// A numbered priority heading read from one line.
#[derive(Debug, Clone, PartialEq)]
struct Head {
    word: String,
    number: u32,
    title: String,
    /// The deadline written on the heading line.
    deadline: Option<DeadlinePhrase>,
}

fn heading_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let words = words("heading")
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&format!(
            r"^(?:[■□◆◇●▼▶◎○・]\s*)?[【\[<〈「]?\s*(?P<word>{words})\s*(?:第\s*)?(?:(?P<num>[0-9]{{1,2}})|[(（](?P<par>[0-9]{{1,2}})[)）]|(?P<cir>[①-⑳])|(?P<rom>[Ⅰ-Ⅻ]|[IVX]{{1,4}}(?:\s|[:.．、]))|(?P<kan>[一二三四五六七八九十]{{1,3}}))\s*[】\]>〉」]?\s*(?:[:：.．、\-‐－―]\s*)?(?P<title>.*)$"
        ))
        .expect("priority heading regex")
    })
}

fn roman(s: &str) -> Option<u32> {
    let s = s.trim_end_matches(|c: char| !c.is_alphanumeric());
    if let Some(c) = s.chars().next().filter(|c| ('Ⅰ'..='Ⅻ').contains(c)) {
        return Some(c as u32 - 'Ⅰ' as u32 + 1);
    }
    let v = |c| match c {
        'I' => 1,
        'V' => 5,
        _ => 10,
    };
    let digits: Vec<u32> = s.chars().map(v).collect();
    let mut n = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) {
            n -= *d as i32;
        } else {
            n += *d as i32;
        }
    }
    u32::try_from(n).ok()
}

fn kanji(s: &str) -> Option<u32> {
    let digit = |c| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32 + 1)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', c] => Some(10 + digit(*c)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', c] => Some(digit(*a)? * 10 + digit(*c)?),
        _ => None,
    }
}

/// The heading a line is, if it is one (`title` may be empty: the title is the next line).
fn head(text: &str, implied: Option<&'static crate::era::Era>) -> Option<Head> {
    if text.contains('。') {
        return None;
    }
    let c = heading_regex().captures(text)?;
    let number = if let Some(m) = c.name("num").or_else(|| c.name("par")) {
        m.as_str().parse().ok()?
    } else if let Some(m) = c.name("cir") {
        m.as_str().chars().next()? as u32 - '①' as u32 + 1
    } else if let Some(m) = c.name("rom") {
        roman(m.as_str())?
    } else {
        kanji(c.name("kan")?.as_str())?
    };
    let mut title = c
        .name("title")
        .map_or("", |m| m.as_str())
        .trim()
        .to_string();
    if words("title_not_start")
        .iter()
        .any(|w| title.starts_with(w.as_str()))
    {
        return None;
    }
    let deadline = deadline::at_end(&title, implied);
    if let Some(d) = &deadline {
        title = title[..d.start]
            .trim_end_matches(|c: char| c.is_whitespace() || "(（[【、,".contains(c))
            .to_string();
    }
    let title = title
        .trim_end_matches(|c: char| c.is_whitespace() || "】]>〉」".contains(c))
        .to_string();
    // A contents line: leaders and a page number.
    if title.contains("…") || title.contains("・・・") || title.contains("...") {
        return None;
    }
    if title.chars().count() > weight("headed.max_title") as usize {
        return None;
    }
    Some(Head {
        word: c["word"].to_string(),
        number,
        title,
        deadline,
    })
}

/// The value of a deadline label line (`達成時期:令和7年度まで` → `令和7年度まで`).
fn label_value(text: &str) -> Option<&str> {
    let t =
        text.trim_start_matches(|c: char| c.is_whitespace() || "・■□◆◇●○-【[<〈(（".contains(c));
    let label = words("deadline_label")
        .iter()
        .find(|w| t.starts_with(w.as_str()))?;
    let rest = t[label.len()..]
        .trim_start_matches(|c: char| c.is_whitespace() || "】]>〉)）:：".contains(c));
    Some(rest)
}

/// Whether the clause after a phrase (to the next `。`) speaks of the past.
fn in_past_clause(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let clause = rest.split(['。', '.']).next().unwrap_or(rest).trim_end();
    words("past_ending")
        .iter()
        .any(|w| clause.ends_with(w.as_str()))
}

struct Item {
    block: usize,
    stop: usize,
    head: Head,
}

impl Context<'_, '_> {
    /// The nearest deadline of an item: heading line, label line, prose.
    fn item_deadline(&self, item: &Item, first_year: Option<i32>) -> Option<DeadlinePhrase> {
        if item.head.deadline.is_some() {
            return item.head.deadline.clone();
        }
        let blocks = &self.input.segmented.blocks[item.block + 1..item.stop];
        for b in blocks {
            if let Some(v) = label_value(&b.text) {
                let era = self.implied_era(b.range.start);
                return deadline::in_cell(v, era).map(|mut d| {
                    let offset = v.as_ptr() as usize - b.text.as_ptr() as usize;
                    d.start += offset;
                    d.end += offset;
                    d
                });
            }
        }
        blocks.iter().find_map(|b| {
            let era = self.implied_era(b.range.start);
            deadline::in_prose(&b.text, era).into_iter().find(|d| {
                !in_past_clause(&b.text, d.end)
                    && first_year.zip(d.fiscal_year).is_none_or(|(f, y)| y >= f)
            })
        })
    }

    /// Whether a heading or short line before block `i` names priorities.
    fn under_group(&self, i: usize) -> bool {
        let blocks = &self.input.segmented.blocks;
        blocks[..i]
            .iter()
            .rev()
            .filter(|b| matches!(b.kind, BlockKind::Heading(_) | BlockKind::Label(_)))
            .take(3)
            .any(|b| word_in(&b.text, "group").is_some() || word_in(&b.text, "heading").is_some())
    }

    /// Numbered priority headings and their regions; `first_year` is the plan's first
    /// fiscal year, before which a date is past.
    pub(super) fn read_headed(&mut self, first_year: Option<i32>) {
        let blocks = &self.input.segmented.blocks;
        let max_region = weight("headed.max_region") as usize;
        let heads: Vec<(usize, Head)> = blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| !matches!(b.kind, BlockKind::Row(_) | BlockKind::Toc))
            .filter_map(|(i, b)| Some((i, head(&b.text, self.implied_era(b.range.start))?)))
            .collect();
        if heads.is_empty() {
            return;
        }
        let is_head: HashMap<usize, usize> = heads
            .iter()
            .enumerate()
            .map(|(k, (i, _))| (*i, k))
            .collect();
        let mut items: Vec<(f64, Item)> = Vec::new();
        for (k, (i, h)) in heads.iter().enumerate() {
            let mut head = h.clone();
            let mut start = i + 1;
            if head.title.is_empty() {
                // The title on the next line.
                match blocks.get(start) {
                    Some(b) if title_line(b) && !is_head.contains_key(&start) => {
                        head.title = b.text.clone();
                        start += 1;
                    }
                    _ => continue,
                }
            }
            let mut stop = start;
            while stop < blocks.len() && stop < i + 1 + max_region && !ends_region(&blocks[stop]) {
                if is_head.contains_key(&stop) {
                    break;
                }
                stop += 1;
            }
            let neighbour = |d: i64| {
                let at = k as i64 + d;
                usize::try_from(at)
                    .ok()
                    .and_then(|a| heads.get(a))
                    .is_some_and(|(_, o)| {
                        o.word == h.word && i64::from(o.number) == i64::from(h.number) + d
                    })
            };
            let item = Item {
                block: *i,
                stop,
                head,
            };
            let mut score = weight("headed.base");
            if neighbour(-1) || neighbour(1) {
                score += weight("headed.run");
            }
            if self.item_deadline(&item, first_year).is_some() {
                score += weight("headed.deadline");
            }
            if self.under_group(*i) {
                score += weight("headed.group");
            }
            items.push((score, item));
        }
        // One item per title: its best occurrence.
        let mut best: HashMap<String, usize> = HashMap::new();
        for (n, (score, item)) in items.iter().enumerate() {
            let k = nfkc_key(&item.head.title);
            match best.get(&k) {
                Some(&o) if items[o].0 >= *score => {}
                _ => {
                    best.insert(k, n);
                }
            }
        }
        let min = weight("headed.min");
        let mut kept: Vec<usize> = best
            .into_values()
            .filter(|&n| items[n].0 >= min - 1e-9)
            .collect();
        kept.sort_unstable();
        for n in kept {
            let item = &items[n].1;
            self.headed_item(item, first_year);
        }
    }

    fn headed_item(&mut self, item: &Item, first_year: Option<i32>) {
        let blocks = &self.input.segmented.blocks;
        let first = &blocks[item.block];
        let last = &blocks[item.stop.max(item.block + 1) - 1];
        let span = self
            .input
            .normalized
            .span(first.range.start..last.range.end);
        if self
            .out
            .iter()
            .any(|p| p.span.start < span.end && span.start < p.span.end)
        {
            return;
        }
        let description: Vec<&str> = blocks[item.block + 1..item.stop]
            .iter()
            .filter(|b| label_value(&b.text).is_none() && b.text != item.head.title)
            .map(|b| b.text.as_str())
            .collect();
        let phrase = self.item_deadline(item, first_year);
        let title = item.head.title.clone();
        let deadline = phrase.map(|d| self.deadline_of(&d, &title, span));
        self.push(Priority {
            id: String::new(),
            title,
            group: Some(item.head.word.clone()),
            description: (!description.is_empty()).then(|| description.join("\n")),
            deadline,
            measures: Vec::new(),
            themes: Vec::new(),
            span,
        });
    }
}

/// A line that can be a title on its own.
fn title_line(b: &Block) -> bool {
    matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading(_))
        && !b.text.contains('。')
        && b.text.chars().count() <= weight("headed.max_title") as usize
}

/// A block that ends an item's region: a chapter or numbered section heading, the
/// contents, or a line about the items in general (the heading word, no number).
fn ends_region(b: &Block) -> bool {
    match &b.kind {
        BlockKind::Toc => true,
        BlockKind::Heading(h) if h.level <= 1 => true,
        BlockKind::Heading(h) if h.level == 2 && h.number.is_some() => true,
        _ => word_in(&b.text, "heading").is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reiwa() -> Option<&'static crate::era::Era> {
        crate::era::era("令和")
    }

    #[test]
    fn heading_shapes() {
        let h = head("重点施策2 電子申請の拡充", reiwa()).unwrap();
        assert_eq!(
            (h.word.as_str(), h.number, h.title.as_str()),
            ("重点施策", 2, "電子申請の拡充")
        );
        let h = head("【重点プロジェクト③】窓口の改革(令和8年度まで)", reiwa()).unwrap();
        assert_eq!((h.number, h.title.as_str()), (3, "窓口の改革"));
        assert_eq!(h.deadline.unwrap().text, "令和8年度まで");
        let h = head("優先的に取り組む事項(4):職員の育成", reiwa()).unwrap();
        assert_eq!((h.number, h.title.as_str()), (4, "職員の育成"));
        assert_eq!(head("重点目標Ⅱ 安心な暮らし", reiwa()).unwrap().number, 2);
        assert_eq!(head("重点項目IV 安心な暮らし", reiwa()).unwrap().number, 4);
        assert_eq!(head("重点分野十二 観光", reiwa()).unwrap().number, 12);
    }

    #[test]
    fn sentences_and_contents_are_not_headings() {
        assert!(head("重点取組1では、窓口を改めます。", reiwa()).is_none());
        assert!(head("重点取組1は窓口の改革", reiwa()).is_none());
        assert!(head("重点取組1 窓口の改革……12", reiwa()).is_none());
        assert!(head("重点取組の推進体制", reiwa()).is_none());
    }

    #[test]
    fn label_lines() {
        assert_eq!(label_value("達成時期:令和7年度まで"), Some("令和7年度まで"));
        assert_eq!(label_value("【目標年度】 2026年度末"), Some("2026年度末"));
        assert_eq!(label_value("計画期間 令和5年度～令和9年度"), None);
    }

    #[test]
    fn past_clauses() {
        let t = "令和3年度末までに整備しました。";
        assert!(in_past_clause(t, "令和3年度末まで".len()));
        let t = "令和7年度末までに移行を完了します。";
        assert!(!in_past_clause(t, "令和7年度末まで".len()));
    }
}
