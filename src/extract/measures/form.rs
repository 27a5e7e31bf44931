//! Forms extracted one cell per line (事務事業評価表 and kin, named under `form_title` in
//! `dictionaries/measure_shapes.tsv`). Labels and values come on separate lines, labels
//! are sometimes cut over lines (`事務事業` / `(予算)名`) or written one character a
//! line, and several labels may come before their values. The measures are:
//! - the value after a name label (`form_name_label`): the first following cell that is
//!   not itself a label;
//! - a cell `123456 name`: a budget or project code and the name;
//! - a name that qualifies the form's title (`name 事務事業評価表`) and stands alone as a
//!   cell elsewhere (the 施策 the form belongs to).
//!
//! A form an extractor flattened comes as long lines; their cells are the words between
//! their spaces.
//!
//! The form's category is the cell after a category label (`事業区分` / `継続`) when it
//! is a plan-category word; a budget type (経常事業) is not.

use std::sync::OnceLock;

use regex::Regex;

use super::super::Input;
use super::candidate::{Candidate, has_word, title_like, weight};
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

/// The cells of a form: its blocks, save that a long line (at least `form_flat_min_chars`,
/// a form an extractor flattened) is cut at its spaces into cells, a code (`123456`)
/// kept with the chunk after it as the code-and-name cell it was.
fn cells(blocks: &[&Block], text: &str) -> Vec<Block> {
    let min = weight("form_flat_min_chars") as usize;
    let code_digits = weight("form_code_min_digits") as usize;
    let mut out = Vec::new();
    for b in blocks {
        if b.text.chars().nth(min).is_none() {
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
pub(super) fn detect(input: &Input<'_>) -> Vec<Candidate> {
    let lines: Vec<&Block> = input
        .segmented
        .blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Row(_)))
        .collect();
    let Some(title_block) = lines.iter().find(|b| has_word(&b.text, "form_title")) else {
        return Vec::new();
    };
    let cells = cells(&lines, &input.normalized.text);
    let blocks: Vec<&Block> = cells.iter().collect();
    let region = title_block.range.start;
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
