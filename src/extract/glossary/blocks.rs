//! Reading the blocks of a glossary region into entries: table rows, term lines,
//! definition paragraphs, `【term】`, `1「term」`, `ABBR(English)` lines, group headings,
//! page furniture.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::reader::Reader;
use super::{
    Found, block_text, ends_complete, ends_sentence, group_of, is_glossary_heading, is_kana,
    is_page_marker, re, sub, term_line, to_katakana,
};
use crate::extract::Input;
use crate::model::Warning;
use crate::normalize::chars::squeeze;
use crate::segment::{Block, BlockKind};
use crate::tokenize::Tokenizer;

/// Header cells of a glossary table.
pub(super) fn is_header_cell(text: &str) -> bool {
    let t = squeeze(text);
    [
        "用語",
        "解説",
        "説明",
        "意味",
        "索引",
        "項目",
        "内容",
        "概要",
        "読み",
        "よみ",
        "No",
        "No.",
        "番号",
        "用語解説",
    ]
    .contains(&t.as_str())
}

fn is_all_kana(text: &str) -> bool {
    let t = squeeze(text);
    !t.is_empty() && t.chars().all(|c| is_kana(c) || c == '・')
}

/// Reads the blocks of `region` with `r` (which may hold entries already) until the
/// glossary's shape ends: a chapter or unnumbered heading, or a table of another shape.
/// The entry a text cut off at its end is reported, not kept.
pub(super) fn read_blocks(input: &Input<'_>, mut r: Reader, region: Range<usize>) -> Found {
    let blocks = &input.segmented.blocks;
    let mut warnings = Vec::new();
    let mut end = region.end;
    for (j, b) in blocks
        .iter()
        .enumerate()
        .take(region.end)
        .skip(region.start)
    {
        let text = block_text(input, b);
        if matches!(b.kind, BlockKind::Toc) || is_page_marker(text) || is_glossary_heading(text) {
            continue;
        }
        if let Some(g) = match &b.kind {
            BlockKind::Row(_) => None,
            _ => group_of(text),
        } {
            r.set_group(g);
            continue;
        }
        match &b.kind {
            BlockKind::Heading(h) if h.level == 1 || h.number.is_none() => {
                end = j;
                break;
            }
            BlockKind::Row(cells) => {
                let cells: Vec<_> = cells.iter().filter(|c| !c.text.is_empty()).collect();
                let separator = cells
                    .iter()
                    .all(|c| c.text.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
                if separator || cells.iter().all(|c| is_header_cell(&c.text)) {
                    continue;
                }
                let started = !r.done.is_empty() || !r.pending.is_empty();
                match cells.as_slice() {
                    [] => {}
                    [one] => {
                        if let Some(g) = group_of(&one.text) {
                            r.set_group(g);
                        } else if term_line(input.words.tokenizer(), &one.text) {
                            r.term(&one.text, one.range.clone());
                        } else {
                            r.def_line(&one.text, one.range.clone(), b.line);
                        }
                    }
                    [t, d] => {
                        // A first row whose "definition" is a short label is the header
                        // of a table (sometimes of another table, left on top).
                        let label = d.text.chars().count() <= 25
                            && !d.text.contains(['。', '、'])
                            && !ends_sentence(&d.text);
                        if !started && label {
                            continue;
                        }
                        r.row_entry(
                            &t.text,
                            None,
                            &d.text,
                            vec![t.range.clone(), d.range.clone()],
                        );
                    }
                    [a, t, d] => {
                        let ranges = vec![a.range.clone(), t.range.clone(), d.range.clone()];
                        if let Some(g) = group_of(&a.text) {
                            if r.group.as_deref() != Some(g.as_str()) {
                                r.set_group(g);
                            }
                            r.row_entry(&t.text, None, &d.text, ranges);
                        } else if a.text.chars().all(|c| c.is_ascii_digit()) {
                            r.row_entry(&t.text, None, &d.text, ranges);
                        } else if is_all_kana(&t.text) {
                            let reading = Some(to_katakana(&squeeze(&t.text)));
                            r.row_entry(&a.text, reading, &d.text, ranges);
                        } else {
                            let def = format!("{} {}", t.text, d.text);
                            r.row_entry(&a.text, None, &def, ranges);
                        }
                    }
                    _ if started => {
                        end = j;
                        break;
                    }
                    _ => {}
                }
            }
            _ => match lead_prefix(text) {
                Some((g, skip)) => {
                    if let Some(g) = g {
                        r.set_group(g);
                    }
                    read_after_group(input, &mut r, b, skip, &mut warnings);
                }
                None => read_line(&mut r, input.words.tokenizer(), text, b),
            },
        }
    }
    r.settle();
    let at_end = end == blocks.len();
    // The last entry of a text that stops mid-definition was cut off: report it rather
    // than keep half a definition.
    if at_end {
        if let Some(last) = r.done.last() {
            if !ends_complete(&last.definition) {
                let span = input.normalized.span_of(last.ranges.iter().cloned());
                warnings.push(Warning {
                    code: "glossary_entry_truncated".into(),
                    message: format!(
                        "glossary entry {:?} stops mid-definition at the end of the text; left out",
                        last.term
                    ),
                    item: None,
                    span,
                });
                r.done.pop();
            }
        }
    }
    for o in &r.orphans {
        warnings.push(Warning {
            code: "glossary_term_without_definition".into(),
            message: format!("glossary line {:?} has no definition; left out", o.term),
            item: None,
            span: input.normalized.span_of(o.ranges.iter().cloned()),
        });
    }
    Found {
        drafts: r.done,
        blocks: region.start..end,
        warnings,
    }
}

/// Group headings and page furniture opening a line that goes on, as line breaks after
/// them are lost when a glossary is flattened: `【カ】共通基盤 …`, `61 用語集 term …`
/// (a page number and the running header). A page number alone is no such prefix (it
/// may number the entry). The group named, if any, and the offset where the rest starts.
fn lead_prefix(text: &str) -> Option<(Option<String>, usize)> {
    let mut at = 0;
    let mut group = None;
    let mut header = false;
    loop {
        let rest = &text[at..];
        let word_end = if rest.starts_with('【') {
            rest.find('】').map(|c| c + '】'.len_utf8())
        } else {
            rest.find(char::is_whitespace)
        };
        let Some(word_end) = word_end else { break };
        let word = &rest[..word_end];
        // A letter or kana alone may start a term (`N 番通報`); in brackets it is a group.
        let bare_letter = word.chars().nth(1).is_none();
        if let Some(g) = group_of(word).filter(|_| !bare_letter) {
            group = Some(g);
        } else if is_glossary_heading(word) {
            header = true;
        } else if !is_page_marker(word) {
            break;
        }
        let after = &rest[word_end..];
        at += word_end + (after.len() - after.trim_start().len());
    }
    (at > 0 && at < text.len() && (group.is_some() || header)).then_some((group, at))
}

/// Reads the rest of block `b` after its group heading or furniture (from byte `skip`): flattened
/// entries (`term definition。 term definition。`) when it holds them, else one line as
/// any other. An entry the text's end cut off is reported, not kept.
fn read_after_group(
    input: &Input<'_>,
    r: &mut Reader,
    b: &Block,
    skip: usize,
    warnings: &mut Vec<Warning>,
) {
    let text = block_text(input, b);
    let rest = &text[skip..];
    let base = b.range.start + skip;
    let tokenizer = input.words.tokenizer();
    let dropped = |k: usize| super::dropped_before(input, base + k);
    if let Some(run) = super::flat_run::read_flat_in_glossary(tokenizer, rest, &dropped) {
        warnings.extend(super::flat_run::take(input, r, &run, rest, base));
        return;
    }
    let block = Block {
        kind: BlockKind::Paragraph,
        text: rest.to_string(),
        range: base..b.range.end,
        line: b.line,
    };
    read_line(r, tokenizer, rest, &block);
}

/// Reads one line of text (not a row) inside the glossary.
/// A term (group 1 of `c`) and the start of its definition on the same line (group 2,
/// when not blank); `base` is the line's offset in the text.
fn term_and_definition(r: &mut Reader, c: &regex::Captures<'_>, base: usize, line: usize) {
    let (t, d) = (c.get(1).expect("group 1"), c.get(2).expect("group 2"));
    r.term(t.as_str(), sub(base, t.range()));
    if !d.as_str().trim().is_empty() {
        r.def_line(d.as_str(), sub(base, d.range()), line);
    }
}

/// A line that is only Latin words (two or more) in brackets:
/// `【Global Positioning System】`, `(Internet of Things)`.
pub(super) fn is_expansion(text: &str) -> bool {
    static EXPANSION: OnceLock<Regex> = OnceLock::new();
    re(
        &EXPANSION,
        r"^[【\[(（]\s*[A-Za-z][A-Za-z0-9,.&'/\-]* [A-Za-z0-9 ,.&'/\-]*[A-Za-z.]\s*[】\])）]$",
    )
    .is_match(text.trim())
}

pub(super) fn read_line(r: &mut Reader, tokenizer: &Tokenizer, text: &str, b: &Block) {
    static BRACKET: OnceLock<Regex> = OnceLock::new();
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    static ABBR: OnceLock<Regex> = OnceLock::new();
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    let base = b.range.start;
    if r.continues(b.line) {
        r.def_line(text, b.range.clone(), b.line);
        return;
    }
    // An English expansion on its own line between a term and its definition
    // (`【Global Positioning System】`) belongs to the term, not the definition.
    if is_expansion(text) && r.expansion(b.range.clone()) {
        return;
    }
    // 【term】・・・definition, or 【term】 alone, numbered or not.
    if let Some(c) = re(
        &BRACKET,
        r"^(?:[0-9]{1,3}\s*[.．、)）]?\s*)?【([^】]{1,40})】[\s・…:：\-－―─]*(.*)$",
    )
    .captures(text)
    {
        term_and_definition(r, &c, base, b.line);
        return;
    }
    // 1「term」definition
    if let Some(c) = re(
        &QUOTED,
        r"^[0-9]{1,3}\s*[.．、)）]?\s*[「『]([^」』]{1,40})[」』][\s:：・…]*(.*)$",
    )
    .captures(text)
    {
        term_and_definition(r, &c, base, b.line);
        return;
    }
    // ABBR(English words) definition: the English words belong to the definition.
    if let Some(c) = re(
        &ABBR,
        r"^([A-Za-z][A-Za-z0-9&./\-]{0,15})\s*([(（][A-Za-z][A-Za-z0-9 ,.&'/\-]{2,100}[)）]\s*\S.*)$",
    )
    .captures(text)
    {
        term_and_definition(r, &c, base, b.line);
        return;
    }
    // term：definition on one line.
    if let Some((term, definition)) = super::run::colon_pair(text) {
        let at = |part: &str| base + (part.as_ptr() as usize - text.as_ptr() as usize);
        r.term(term, at(term)..at(term) + term.len());
        r.def_line(
            definition,
            at(definition)..at(definition) + definition.len(),
            b.line,
        );
        return;
    }
    // `(1) term` or `1 term` as a heading: the number is not part of the term.
    let text_no_number = match &b.kind {
        BlockKind::Heading(h) if h.number.is_some() => {
            let n = re(&NUMBER, r"^(?:\([0-9]{1,2}\)|[0-9]{1,2}|[①-⑳])\s*").find(text);
            n.map(|m| (m.end(), &text[m.end()..]))
        }
        _ => None,
    };
    if let Some((skip, rest)) = text_no_number.filter(|(_, t)| term_line(tokenizer, t)) {
        r.term(rest, base + skip..base + text.len());
        return;
    }
    if !matches!(b.kind, BlockKind::ListItem) && term_line(tokenizer, text) {
        r.term(text, b.range.clone());
    } else {
        r.def_line(text, b.range.clone(), b.line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_headings_and_furniture_opening_a_line() {
        let sa = "【サ】";
        assert_eq!(
            lead_prefix("【サ】庁内ネットワーク 各課を結ぶ網。"),
            Some((Some("サ".to_string()), sa.len()))
        );
        let furniture = "12 用語解説 ";
        assert_eq!(
            lead_prefix("12 用語解説 電子署名 文書の作成者を示す仕組み。"),
            Some((None, furniture.len()))
        );
        // A page number alone may number the entry; a bracketed term is no group.
        assert_eq!(lead_prefix("12 電子署名 文書の作成者を示す仕組み。"), None);
        assert_eq!(lead_prefix("【電子署名】文書の作成者を示す仕組み。"), None);
        assert_eq!(lead_prefix("【サ】"), None);
        assert_eq!(lead_prefix("N 番通報 端末から家族へ連絡する仕組み。"), None);
    }
}
