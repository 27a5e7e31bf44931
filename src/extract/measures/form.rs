//! Forms extracted one cell per line (事務事業評価表 and kin, named under `form_title` in
//! `dictionaries/measure_shapes.tsv`, or known without their title by the form labels
//! crowded in a few cells: `form_label`). Labels and values come on separate lines, labels
//! are sometimes cut over lines (`事務事業` / `(予算)名`) or written one character a
//! line, and several labels may come before their values. The measures are:
//! - the value after a name label (`form_name_label`): the first following cell that is
//!   not itself a label;
//! - a cell `123456 name`: a budget or project code and the name;
//! - a name that qualifies the form's title (`name 事務事業評価表`) and stands alone as a
//!   cell elsewhere (the 施策 the form belongs to).
//!
//! A form an extractor flattened comes as long lines, or as lines holding several labels
//! run together; their cells are the words between their spaces.
//!
//! The form's category is the cell after a category label (`事業区分` / `継続`) when it
//! is a plan-category word; a budget type (経常事業) is not.

use std::sync::OnceLock;

use regex::Regex;

use super::super::Input;
use super::candidate::{Candidate, Features, has_word, title_like, weight};
use crate::model::Coded;
use crate::normalize::chars::squeeze;
use crate::segment::{Block, BlockKind};
use crate::vocab;

fn listed(text: &str, key: &str) -> bool {
    let t = squeeze(text);
    vocab::measure_shapes().list(key).contains(&t)
}

/// Whether a cell is a label: a known one, one character (vertical labels), or a short
/// cell ending in a label suffix (`…名`, `…等`, `…課`).
fn is_label(text: &str) -> bool {
    let t = squeeze(text);
    let n = t.chars().count();
    let max = weight("form_label_max_chars") as usize;
    n <= 1
        || listed(&t, "form_name_label")
        || listed(&t, "form_category_label")
        || listed(&t, "form_label")
        || (n <= max
            && vocab::measure_shapes()
                .list("form_label_suffix")
                .iter()
                .any(|s| t.ends_with(s)))
}

/// Whether cells joined are a name label, perhaps with the next label glued on when
/// line rejoining merged two cells (`(予算)名` + `政策名`).
fn name_label(joined: &str) -> bool {
    vocab::measure_shapes()
        .list("form_name_label")
        .iter()
        .any(|l| {
            joined
                .strip_prefix(l)
                .is_some_and(|rest| rest.is_empty() || is_label(rest))
        })
}

/// Whether a cell can be a measure's name.
fn is_name(text: &str) -> bool {
    title_like(text, weight("toc_max_chars") as usize)
        && !is_label(text)
        && text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !text.starts_with(|c: char| c.is_ascii_digit())
}

/// The form's category: the cell after a category label, if a plan-category word.
fn category(blocks: &[&Block]) -> Option<Coded> {
    blocks.windows(2).find_map(|w| {
        if !listed(&w[0].text, "form_category_label") {
            return None;
        }
        let code = vocab::categories().code(&w[1].text)?;
        Some(Coded {
            text: w[1].text.clone(),
            code: code.to_string(),
        })
    })
}

/// `123456 name`: the name after a code.
fn coded_name(text: &str) -> Option<usize> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let min = weight("form_code_min_digits") as usize;
    let re = RE.get_or_init(|| {
        Regex::new(&format!(r"^[0-9]{{{min},10}}\s+(\S.*)$")).expect("form code regex")
    });
    let c = re.captures(text)?;
    let name = c.get(1)?;
    is_name(name.as_str()).then_some(name.start())
}

/// Where a form's labels crowd without its title: the start of the first line holding a
/// label that opens a run of at least `form_min_labels` distinct listed labels
/// (`form_label`) within `form_label_window` cells, a cell being a line or a word of one
/// and a label perhaps cut over up to three cells (`現状` / `と` / `課題`).
fn crowded_labels(lines: &[&Block]) -> Option<usize> {
    let labels = vocab::measure_shapes().list("form_label");
    let longest = labels.iter().map(|l| l.chars().count()).max()?;
    let min = weight("form_min_labels") as usize;
    let window = weight("form_label_window") as usize;
    let words: Vec<(&str, usize)> = lines
        .iter()
        .flat_map(|b| b.text.split_whitespace().map(|w| (w, b.range.start)))
        .collect();
    // The characters a label starts with: a word starting otherwise opens none.
    let firsts: Vec<char> = labels.iter().filter_map(|l| l.chars().next()).collect();
    // (word index, label index, line start) of each label.
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for i in 0..words.len() {
        if !words[i].0.starts_with(firsts.as_slice()) {
            continue;
        }
        let mut joined = String::new();
        for (w, _) in words[i..].iter().take(3) {
            joined.push_str(w);
            if joined.chars().nth(longest).is_some() {
                break;
            }
            if let Some(l) = labels.iter().position(|l| *l == joined) {
                found.push((i, l, words[i].1));
                break;
            }
        }
    }
    found.iter().enumerate().find_map(|(a, &(i, _, start))| {
        let mut distinct: Vec<usize> = found[a..]
            .iter()
            .take_while(|f| f.0 < i + window)
            .map(|f| f.1)
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        (distinct.len() >= min).then_some(start)
    })
}

/// Whether a line of a form is cells run together: long (`form_flat_min_chars`, a form
/// an extractor flattened), or holding at least `form_run_min_labels` label words
/// between its spaces.
fn run_together(text: &str) -> bool {
    if text
        .chars()
        .nth(weight("form_flat_min_chars") as usize)
        .is_some()
    {
        return true;
    }
    let min = weight("form_run_min_labels") as usize;
    text.split_whitespace()
        .filter(|w| w.chars().nth(1).is_some() && is_label(w))
        .nth(min.saturating_sub(1))
        .is_some()
}

/// The cells of a form: its blocks, save that a line of cells run together is cut at
/// its spaces into cells, a code (`123456`) kept with the chunk after it as the
/// code-and-name cell it was.
fn cells(blocks: &[&Block], text: &str) -> Vec<Block> {
    let code_digits = weight("form_code_min_digits") as usize;
    let mut out = Vec::new();
    for b in blocks {
        if !run_together(&b.text) {
            out.push((*b).clone());
            continue;
        }
        let line = &text[b.range.clone()];
        let mut words: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = None;
        for (i, c) in line.char_indices().chain([(line.len(), ' ')]) {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    words.push(s..i);
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        let mut k = 0;
        while k < words.len() {
            let w = &line[words[k].clone()];
            let code = w.len() >= code_digits && w.chars().all(|c| c.is_ascii_digit());
            let end = if code && k + 1 < words.len() {
                k + 1
            } else {
                k
            };
            let r = words[k].start..words[end].end;
            out.push(Block {
                kind: BlockKind::Paragraph,
                text: line[r.clone()].to_string(),
                range: b.range.start + r.start..b.range.start + r.end,
                line: b.line,
            });
            k = end + 1;
        }
    }
    out
}

/// Proposes the names a form gives.
pub(super) fn detect(input: &Input<'_>, _: &Features) -> Vec<Candidate> {
    let lines: Vec<&Block> = input
        .segmented
        .blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Row(_)))
        .collect();
    let title_block = lines.iter().find(|b| has_word(&b.text, "form_title"));
    let Some(region) = title_block
        .map(|b| b.range.start)
        .or_else(|| crowded_labels(&lines))
    else {
        return Vec::new();
    };
    let cells = cells(&lines, &input.normalized.text);
    let blocks: Vec<&Block> = cells.iter().collect();
    let category = category(&blocks);
    let window = weight("form_value_window") as usize;
    let text_of = |b: &Block| &input.normalized.text[b.range.clone()];
    let mut out = Vec::new();
    let mut push = |b: &Block, at: usize, score: f64, shape: &'static str, cat: bool| {
        let title = text_of(b)[at..].trim_end().to_string();
        let start = b.range.start + at;
        out.push(Candidate {
            range: start..start + title.len(),
            title,
            region,
            score,
            detector: "form",
            shape,
            category: if cat { category.clone() } else { None },
            status: None,
        });
    };
    for i in 0..blocks.len() {
        // A name label, perhaps cut over up to three short cells.
        let mut joined = String::new();
        for k in 0..3 {
            let Some(b) = blocks.get(i + k) else { break };
            joined.push_str(&squeeze(&b.text));
            if !name_label(&joined) {
                continue;
            }
            let value = blocks[i + k + 1..]
                .iter()
                .take(window)
                .find(|v| !is_label(&v.text));
            if let Some(v) = value.filter(|v| is_name(&v.text)) {
                push(
                    v,
                    0,
                    weight("score.form_name"),
                    "value of a name label",
                    true,
                );
            }
            break;
        }
        if let Some(at) = coded_name(text_of(blocks[i])) {
            push(
                blocks[i],
                at,
                weight("score.form_code"),
                "code and name",
                true,
            );
        }
    }
    // The name before the form's title, standing alone as a cell elsewhere.
    let Some(title_block) = title_block else {
        return out;
    };
    let words = vocab::measure_shapes().list("form_title");
    let head = text_of(title_block);
    let qualifier = words
        .iter()
        .filter_map(|w| head.find(w))
        .min()
        .and_then(|at| head[..at].split_whitespace().last());
    if let Some(q) = qualifier.filter(|q| is_name(q)) {
        if let Some(b) = blocks.iter().find(|b| b.text == q) {
            push(
                b,
                0,
                weight("score.form_title_name"),
                "name qualifying the form's title",
                false,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_names() {
        assert!(is_label("事業区分"));
        assert!(is_label("計"));
        assert!(is_label("担当課"));
        assert!(!is_label("窓口案内の充実"));
        assert!(is_name("窓口案内の充実"));
        assert!(!is_name("0101"));
        assert_eq!(coded_name("318802 窓口案内の充実"), Some(7));
        assert_eq!(coded_name("2272"), None);
        assert!(name_label("事業名"));
        assert!(name_label("事業名担当課"));
        assert!(!name_label("事業名の一覧表について"));
        assert!(is_label("政策経営部"));
    }

    fn lines(text: &str) -> Vec<Block> {
        let mut at = 0;
        text.split('\n')
            .enumerate()
            .map(|(i, l)| {
                let b = Block {
                    kind: BlockKind::Paragraph,
                    text: l.to_string(),
                    range: at..at + l.len(),
                    line: i,
                };
                at += l.len() + 1;
                b
            })
            .collect()
    }

    #[test]
    fn crowded_labels_tell_a_form_without_its_title() {
        // Four distinct labels within a few cells, one cut over three lines.
        let form = lines(
            "408803 図書館予約システム運用\n経常事業\n事業区分\n現状\nと\n課題\n評価者\n所管課長",
        );
        let refs: Vec<&Block> = form.iter().collect();
        assert_eq!(crowded_labels(&refs), Some(form[2].range.start));
        // The same labels run together in one line.
        let flat = lines("はじめに\n所属 市民部 事業区分 新規 評価者 所管課長 意図");
        let refs: Vec<&Block> = flat.iter().collect();
        assert_eq!(crowded_labels(&refs), Some(flat[1].range.start));
        // A plan's headings naming a few of them, far apart or too few, are no form.
        let plan = lines(
            "対象\n市民と事業者\n意図\n手続を便利にする\n1 窓口の改善\n2 電子申請\n3 案内表示\n4 予約\n5 相談\n6 広報\n7 研修\n8 評価\n手段\n現状と課題",
        );
        let refs: Vec<&Block> = plan.iter().collect();
        assert_eq!(crowded_labels(&refs), None);
    }

    #[test]
    fn a_line_of_labels_run_together_is_cut() {
        assert!(run_together(
            "①ひばり市情報化計画 事業区分 新規 市民課 作成課・係 施策"
        ));
        assert!(!run_together("区職員(職員数 3, 564人) 減少傾向"));
        assert!(!run_together("1 IT基盤の管理"));
        assert!(!run_together("記入日 令和5年 6月"));
    }

    #[test]
    fn a_flattened_form_is_cut_into_cells() {
        let pad = "窓口の混雑を減らすため案内表示と予約の仕組みを見直し来庁者の待ち時間を短くすることで市民の満足度を高める";
        let text = format!("所属 0212000 市民部 事業区分 318802 窓口案内の充実 経常事業 {pad}");
        let line = Block {
            kind: BlockKind::Paragraph,
            text: text.clone(),
            range: 0..text.len(),
            line: 0,
        };
        let cut = cells(&[&line], &text);
        let got: Vec<&str> = cut.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            got,
            [
                "所属",
                "0212000 市民部",
                "事業区分",
                "318802 窓口案内の充実",
                "経常事業",
                pad
            ]
        );
        assert_eq!(&text[cut[3].range.clone()], "318802 窓口案内の充実");
        // A short line is one cell, spaces and all.
        let short = "318802 窓口案内の充実";
        let line = Block {
            text: short.into(),
            range: 0..short.len(),
            ..line
        };
        assert_eq!(cells(&[&line], short).len(), 1);
        assert_eq!(coded_name("0212000 市民部"), None);
    }
}
