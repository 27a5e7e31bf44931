//! The `line-join` rule: a line that a PDF wrapped mid-sentence is joined to the next
//! (`想定されているところで` + `す。` → `ところです。`, `行政専` + `用` → `行政専用`,
//! `ネットワー` + `ーク` → `ネットワーク`, the long-vowel mark that the wrap repeated
//! dropped once).
//!
//! Real line ends stay: blank lines, table rows (tabs or pipes: never joined, on either
//! side; two lines each with a wide gap of spaces are two rows), lines ending a sentence
//! or a bracket (`。`, `）`, `」` …), and lines that start a block — headings (`第1章`,
//! `1 …`, `(1) …`, `①…`), list items (`- `, `・`), notes (`※`), labels (`<…>`, `【…】`). A line that starts with a heading number is joined
//! only where the next line cannot start a line at all (`ー`, a small kana, `、`).
//!
//! Where the characters alone cannot decide (a kanji or kana on both sides), the
//! tokenizer looks at a few characters around the break ([`super::judge`]): join when a
//! dictionary word spans the break (`専|用`, `セキュ|リティ`, `で|す`), when the next
//! line starts with a particle, auxiliary or suffix, or when the line ends with a
//! particle or prefix. A term line followed by its definition (`インターネット` /
//! `ほぼ全世界に…`) is two words meeting, and stays two lines.
//!
//! A page break between two lines — a form feed, with blank lines about it, as the
//! `page-furniture` rule leaves one in place of a page number or a running header — is
//! read through: the line before it continues on the first line of text after it by
//! the same rules, and the break goes with the join. Across a page break a bulleted
//! list item (`・`, `●`, `- ` …) continues too when the words say so, as a page cuts an
//! item where it falls; a heading or a numbered title does not. A blank-line gap with no form feed is a
//! paragraph break, and so is a page break with more than `page_break_max_gap_lines`
//! (`dictionaries/pdf.tsv`) empty lines.
//!
//! Not for spaces inside a line (the spacing rules) and not for deciding what a line is
//! beyond its first characters: that is the segment stage's job.

use std::collections::VecDeque;

use super::MapBuilder;
use super::chars::{
    column_gaps, is_japanese_punct, is_katakana, is_space, is_table_row, is_word_char,
};
use super::judge::{Break, Judge, WINDOW, head_word, tail_word};
use super::offsets::OffsetMap;

/// A character that may not start a line in Japanese typesetting (禁則): a line that
/// starts with one is the tail of the line before.
fn cannot_start_line(c: char) -> bool {
    "ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵ、。，．）」』】〕〉》〙〗".contains(c)
}

/// Whether a line ends where a sentence or a bracketed phrase ends.
pub(super) fn ends_block(c: char) -> bool {
    "。．.！？!?」』）)】〕〉》>］]:：…".contains(c)
}

/// Whether a (trimmed) line starts a block of its own: a heading number, a list
/// bullet, a note or a label. Shapes only; the segment stage decides what it is.
pub(super) fn starts_block(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return true;
    };
    let second = chars.next();
    match first {
        // A bullet dash needs its space (`- 項目`); `-` alone may be a minus.
        '-' => second.is_some_and(is_space),
        '・' | '●' | '○' | '◆' | '◇' | '■' | '□' | '※' | '★' | '☆' | '▼' | '▲' | '△' | '▽'
        | '◎' | '＊' | '<' | '＜' | '〈' | '【' | '[' | '［' | '《' | '〔' => true,
        '①'..='⑳' | '㉑'..='㉟' | '㊱'..='㊿' | 'Ⅰ'..='Ⅻ' | '⑴'..='⒇' => true,
        '(' | '（' => second.is_some_and(|c| c.is_ascii_digit() || c.is_ascii_alphabetic()),
        '第' => second.is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)),
        c if is_noun_char(c) => labelled_number(line),
        c if c.is_ascii_digit() => {
            // `1 見出し`, `1. 見出し`, `1) 見出し`, `1-1-1 見出し`: digits and dots or
            // dashes, then a space or a closing mark.
            let rest =
                line.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-');
            // `1.見出し`, `1.1.1.見出し`: every number followed by its dot, the title
            // glued on (as PDF text has it); not `2.5倍`.
            let dotted = line[..line.len() - rest.len()].ends_with('.') && !rest.is_empty();
            dotted || rest.starts_with(|c: char| is_space(c) || c == ')' || c == '）')
        }
        _ => false,
    }
}

/// Whether a (trimmed) line is a bulleted list item (`・`, `●`, `◆`, `- ` …), not a
/// heading or a numbered title.
fn list_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-') => chars.next().is_some_and(is_space),
        Some(c) => "・●○◆◇".contains(c),
        None => false,
    }
}

fn is_noun_char(c: char) -> bool {
    ('一'..='鿿').contains(&c) || is_katakana(c)
}

/// Whether a line starts with a short word and a number that label a record
/// (`重点取組2 …`, `施策3:…`, `目標② …`): a word of kanji or katakana (kana may
/// come between), a number, then a space or colon, and not a date (`令和7 年度`).
fn labelled_number(line: &str) -> bool {
    const MAX_WORD: usize = 14;
    let mut last_word = None;
    for (n, (i, c)) in line.char_indices().enumerate() {
        if n > MAX_WORD {
            return false;
        }
        let number = c.is_ascii_digit() || ('①'..='⑳').contains(&c) || c == '(' || c == '（';
        if number {
            let Some(w) = last_word.filter(|&w: &char| is_noun_char(w)) else {
                return false;
            };
            let rest = if ('①'..='⑳').contains(&c) {
                &line[i + c.len_utf8()..]
            } else if c.is_ascii_digit() {
                line[i..].trim_start_matches(|c: char| c.is_ascii_digit())
            } else {
                let inner =
                    line[i + c.len_utf8()..].trim_start_matches(|c: char| c.is_ascii_digit());
                match inner.strip_prefix([')', '）']) {
                    Some(r) if inner.len() < line.len() - i - c.len_utf8() => r,
                    _ => return false,
                }
            };
            let mut after = rest.chars();
            let Some(sep) = after.next() else {
                return false;
            };
            let next = after.find(|c| !is_space(*c));
            let era = crate::era::eras().iter().any(|e| e.name.ends_with(w));
            return (is_space(sep) || sep == ':' || sep == '：')
                && !era
                && next.is_some_and(|c| !"年月日度%％".contains(c));
        }
        if !(is_noun_char(c) || ('ぁ'..='ゖ').contains(&c) || c == 'ー') {
            return false;
        }
        last_word = Some(c);
    }
    false
}

/// Decides whether a line continues on `next`. `body` is the current physical line,
/// `before` what its logical line held before it (already joined lines; empty when
/// `body` starts the logical line); `page` says that a page break stands between.
fn joins(before: &str, body: &str, next: &str, page: bool, judge: &mut Judge) -> bool {
    let a = body.trim_end_matches(is_space);
    let b = next.trim_start_matches(is_space);
    let b = b.trim_end_matches(['\n', '\r']);
    let (Some(last), Some(first)) = (a.chars().next_back(), b.chars().next()) else {
        return false;
    };
    if is_table_row(a) || is_table_row(b) || starts_block(b) || ends_block(last) {
        return false;
    }
    // Two lines with a wide gap each are rows of a two-column table laid out with spaces.
    if column_gaps(a) > 0 && column_gaps(b) > 0 {
        return false;
    }
    let start = if before.is_empty() { a } else { before };
    let start = start.trim_start_matches(is_space);
    // A page cuts a list item where it falls: across a page break an item goes on as
    // a sentence does. A heading does not (the page may start its text).
    let a_starts_block = starts_block(start) && !(page && list_item(start));
    let left_ok = is_word_char(last) || matches!(last, '、' | '，' | ',');
    let opening = matches!(last, '「' | '『' | '（' | '(' | '【' | '〈' | '《');
    if !(left_ok || opening) {
        return false;
    }
    if cannot_start_line(first) {
        return true;
    }
    if a_starts_block || !is_word_char(first) {
        return false;
    }
    if opening || !is_word_char(last) {
        // After `、` or an opening bracket the sentence goes on.
        return !is_japanese_punct(first);
    }
    // The window's left side may reach back into the joined lines before `body`.
    let mut left = tail_word(a, WINDOW).to_string();
    if left.len() == a.len() && !before.is_empty() {
        let more = WINDOW.saturating_sub(left.chars().count());
        left.insert_str(0, tail_word(before, more));
    }
    judge.together(Break::Line, &left, head_word(b, WINDOW))
}

/// A page break after the current line: how many lines stand between it and the next
/// line of text (blank, or holding only form feeds and spaces) and how many bytes of
/// form feeds and spaces that line starts with. `None` when no form feed is among them
/// (then it is no page break), or no text follows within `max_gap` lines.
fn page_gap(queue: &VecDeque<&str>, max_gap: usize) -> Option<(usize, usize)> {
    let mut feeds = 0;
    for (i, line) in queue.iter().enumerate().take(max_gap + 1) {
        let rest = line.trim_start_matches(|c: char| is_space(c) || c == '\u{c}');
        let lead = line.len() - rest.len();
        feeds += line[..lead].matches('\u{c}').count();
        if rest.trim_end_matches(['\n', '\r']).is_empty() {
            continue;
        }
        return (feeds > 0).then_some((i, lead));
    }
    None
}

/// Applies the `line-join` rule. The judge (the tokenizer) is asked only at candidate
/// breaks: a word character on both sides that the character rules cannot decide.
pub fn line_join(text: &str, judge: &mut Judge) -> (String, OffsetMap) {
    let max_gap = crate::vocab::pdf().number("page_break_max_gap_lines") as usize;
    let mut b = MapBuilder::with_capacity(text.len());
    let mut queue: VecDeque<&str> = super::chars::lines_inclusive(text).collect();
    // Output offset where the current logical line starts.
    let mut line_out_start = 0;
    while let Some(line) = queue.pop_front() {
        let Some(body) = line.strip_suffix('\n') else {
            b.copy(line);
            break;
        };
        let gap = page_gap(&queue, max_gap);
        let next = match gap {
            Some((lines, lead)) => &queue[lines][lead..],
            None => queue.front().copied().unwrap_or(""),
        };
        let before = &b.output()[line_out_start..];
        if !joins(before, body, next, gap.is_some(), judge) {
            b.copy(line);
            line_out_start = b.output().len();
            continue;
        }
        // A page break between goes with the join: its lines, and the form feed the
        // next line starts with.
        let mut dropped = 0;
        if let Some((lines, lead)) = gap {
            dropped = queue.drain(..lines).map(str::len).sum::<usize>() + lead;
            if let Some(n) = queue.pop_front() {
                queue.push_front(&n[lead..]);
            }
        }
        let next = queue.front().copied().unwrap_or("");
        // Drop the spaces at the break, the line end, and a long-vowel mark that the
        // wrap repeated (`ネットワー` / `ーク`).
        let kept = body.trim_end_matches(is_space);
        b.copy(kept);
        let lead = next.len() - next.trim_start_matches(is_space).len();
        let mut consumed = lead;
        let mut tail = kept.chars().rev();
        if tail.next() == Some('ー')
            && tail.next().is_some_and(|c| is_katakana(c) && c != 'ー')
            && next[lead..].starts_with('ー')
        {
            consumed += 'ー'.len_utf8();
        }
        b.replace(body.len() - kept.len() + 1 + dropped + consumed, "");
        if consumed > 0 {
            if let Some(n) = queue.pop_front() {
                queue.push_front(&n[consumed..]);
            }
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(s: &str) -> String {
        line_join(s, &mut Judge::new()).0
    }

    fn no_tokenizer(s: &str) -> String {
        line_join(s, &mut Judge::with_loader(|| None)).0
    }

    #[test]
    fn wrapped_sentences_rejoin() {
        assert_eq!(
            join("今後も想定されているところで\nす。個人情報を扱う上で"),
            "今後も想定されているところです。個人情報を扱う上で"
        );
        assert_eq!(
            join("LGWAN(行政専\n用のネットワーク)、インターネット"),
            "LGWAN(行政専用のネットワーク)、インターネット"
        );
        assert_eq!(
            join("パソコンやコンピュータネットワー\nーク等を利用した"),
            "パソコンやコンピュータネットワーク等を利用した"
        );
        assert_eq!(
            join("市職員の情報セキュ\nリティ及び個人情報保護の意識向上に努めます。"),
            "市職員の情報セキュリティ及び個人情報保護の意識向上に努めます。"
        );
        assert_eq!(
            join("信頼される行政運営の\n根幹であります。"),
            "信頼される行政運営の根幹であります。"
        );
        assert_eq!(join("構築をは\nじめ、地方"), "構築をはじめ、地方");
    }

    #[test]
    fn a_labelled_number_starts_a_block() {
        assert!(labelled_number("重点取組2 基幹業務の標準化"));
        assert!(labelled_number("優先的に取り組む事項3:窓口"));
        assert!(labelled_number("目標② 安心"));
        assert!(labelled_number("優先的に取り組む事項(3) 公文書"));
        assert!(!labelled_number("令和7 年度"));
        assert!(!labelled_number("今年度は3 つの"));
        assert!(!labelled_number("窓口の混雑を解消するため、職員2 名"));
        assert_eq!(
            no_tokenizer("重点施策2 基幹業務の標準化\n国の標準に合わせます。"),
            "重点施策2 基幹業務の標準化\n国の標準に合わせます。"
        );
    }

    #[test]
    fn character_rules_need_no_tokenizer() {
        assert_eq!(no_tokenizer("ネットワー\nーク"), "ネットワーク");
        assert_eq!(no_tokenizer("研究プロジ\nェクトが"), "研究プロジェクトが");
        assert_eq!(
            no_tokenizer("障がい者や、\n高齢者も"),
            "障がい者や、高齢者も"
        );
        assert_eq!(no_tokenizer("行政専\n用の"), "行政専\n用の");
    }

    #[test]
    fn spaces_at_the_break_go() {
        assert_eq!(join("輝き \n ーク"), "輝きーク");
        assert_eq!(
            join("パソコンやコンピュータネットワー \n ーク等"),
            "パソコンやコンピュータネットワーク等"
        );
    }

    #[test]
    fn real_line_ends_stay() {
        for s in [
            "計画の策定にあたって。\n本計画は",
            "第1章\n計画の概要",
            "1 計画の期間\n計画期間は令和3年度から",
            "の推進\n- ・行政手続",
            "情報化推進計画\n(1) 計画の位置づけ",
            "主な保有状況(世帯)\n(平成22年～令和元年)",
            "次のとおり\n\nです。",
            "情報発信\t実施\nする",
            "| 項目 | 指標\nです",
            "アクセシビリティ\n情報やサービスなどが",
            "インターネット\nほぼ全世界にまたがる",
            "共通基盤\n従来それぞれの業務ごとに",
            "Social Networking\nService",
            "の推進\n①ICTによる",
            "〈新〉二戸市地域情報化推進計画\nデジタルの活用により",
            "マイナンバーカードの普及   交付を進める\n窓口の改善   手続を見直す",
        ] {
            assert_eq!(join(s), s, "{s}");
        }
    }

    #[test]
    fn a_glued_dotted_number_starts_a_block() {
        assert!(starts_block("3.窓口を改めます"));
        assert!(starts_block("2.3.1.住民票を届けます"));
        assert!(!starts_block("2.5倍に増やします"));
    }

    #[test]
    fn a_heading_joins_only_what_cannot_start_a_line() {
        assert_eq!(join("(1) 職員の資質の\n向上"), "(1) 職員の資質の\n向上");
        assert_eq!(
            join("(1) コンピュータネットワー\nーク"),
            "(1) コンピュータネットワーク"
        );
    }

    #[test]
    fn several_lines_join_into_one() {
        assert_eq!(
            join(
                "本市では、各既存システムにおいて、LGWAN(行政専\n用のネットワーク)、基幹系ネットワークの構築をは\nじめ、地方公共団体"
            ),
            "本市では、各既存システムにおいて、LGWAN(行政専用のネットワーク)、基幹系ネットワークの構築をはじめ、地方公共団体"
        );
    }

    #[test]
    fn a_sentence_goes_on_across_a_page_break() {
        assert_eq!(
            join("デジタル技術で地域に活力を\n\n\u{c}\n\u{c}\nもたらします。"),
            "デジタル技術で地域に活力をもたらします。"
        );
        assert_eq!(
            join("循環型の地域経済の発展と、\n\n\u{c}持続させていきます。"),
            "循環型の地域経済の発展と、持続させていきます。"
        );
        // A list item cut by the page goes on; within a page it stays (the segment
        // stage reads what follows a list item).
        assert_eq!(
            join("・窓口の手続を\n\u{c}\nオンラインで行います。"),
            "・窓口の手続をオンラインで行います。"
        );
        assert_eq!(
            join("・窓口の手続を\nオンラインで行います。"),
            "・窓口の手続を\nオンラインで行います。"
        );
        for s in [
            "計画の策定にあたって。\n\u{c}\n本計画は",
            "1 計画の期間\n\u{c}\n計画期間は令和3年度から",
            "■地域の情報化の推進\n\u{c}\n\n国の中長期的な成長",
            "の推進\n\u{c}\n- ・行政手続",
            "情報発信\t実施\n\u{c}\nする",
            // A blank gap with no form feed is a paragraph break.
            "活力を\n\nもたらします。",
            // So is a page break with more empty lines than a page leaves.
            &format!("活力を\n\u{c}{}もたらします。", "\n".repeat(12)),
        ] {
            assert_eq!(join(s), s, "{s:?}");
        }
    }

    #[test]
    fn a_joined_page_break_maps_back() {
        let src = "行政専\n\u{c}\n用のネットワーク";
        let (out, map) = line_join(src, &mut Judge::with_loader(|| None));
        // Without the tokenizer `専|用` is not judged; the gap stays.
        assert_eq!(out, src);
        let (out, map2) = line_join(src, &mut Judge::new());
        assert_eq!(out, "行政専用のネットワーク");
        let k = out.find('用').unwrap();
        assert_eq!(&src[map2.to_source(k..k + 3)], "用");
        // The whole output still covers the whole source, page break included.
        assert_eq!(map2.to_source(0..out.len()), 0..src.len());
        assert!(map.is_identity());
    }

    #[test]
    fn the_break_maps_back() {
        let src = "コンピュータネットワー\nーク等";
        let (out, map) = line_join(src, &mut Judge::with_loader(|| None));
        assert_eq!(out, "コンピュータネットワーク等");
        let k = out.find('ク').unwrap();
        assert_eq!(&src[map.to_source(k..k + 3)], "ク");
        assert_eq!(map.to_source(0..out.len()), 0..src.len());
    }
}
