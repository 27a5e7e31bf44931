//! Phrases on lines of their own inside a flattened line: after a record anchor (an item
//! number, a bullet), a run of short phrases that a single space parts, ended by a
//! sentence or by a table, was a run of lines — a heading and the labels under it
//! (`3-5 施策の名 担当課 めざす姿 文…。`), or the captions over a table. Japanese
//! prose puts no space between two Japanese characters, so such a space there is a
//! line break.
//!
//! Each phrase before the last has no comma or sentence end, at least two characters
//! (letter-spaced words are no phrases) and at most `max_phrase_chars`
//! (`dictionaries/split.tsv`); the last is the sentence, or one more phrase when a
//! table follows. A space after an enumerator (`第1章 計画`) or inside parentheses is
//! no break, and a run that reaches the next anchor without a sentence end or a table
//! (a table of contents) is left alone.
//!
//! Not for the anchors themselves (the parent module finds them, and leaves out a
//! record heading such as `用語集` and a bracket label such as `【ア】`, whose entries
//! and definitions the glossary readers take apart), and
//! not for text before the first anchor of the line.

use std::ops::Range;

use super::super::chars::{is_space, is_word_char};

/// The spaces to cut after each anchor in `starts` (byte offsets of the spaces before
/// the anchors, in order), up to the next anchor; `tables` are the pipe tables of the
/// line.
pub(super) fn phrase_cuts(line: &str, starts: &[usize], tables: &[Range<usize>]) -> Vec<usize> {
    let mut out = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let Some(space) = line[s..].chars().next() else {
            continue;
        };
        let begin = s + space.len_utf8();
        let next = starts.get(n + 1).copied().unwrap_or(line.len());
        let table = tables
            .iter()
            .map(|t| t.start)
            .filter(|&t| t > begin)
            .min()
            .filter(|&t| t <= next);
        let end = table.unwrap_or(next);
        let stretch = &line[begin..end];
        let (stretch, sentence) = match stretch.find('。') {
            Some(k) => (&stretch[..k + '。'.len_utf8()], true),
            None if table.is_some() => (stretch.trim_end(), false),
            None => continue,
        };
        out.extend(breaks(stretch, sentence).into_iter().map(|k| begin + k));
    }
    out
}

/// The phrase breaks in `stretch` (byte offsets of spaces), if it is a run of phrases
/// ended by a sentence (`sentence`) or by a table.
fn breaks(stretch: &str, sentence: bool) -> Vec<usize> {
    let max = super::limits().max_phrase;
    let chars: Vec<(usize, char)> = stretch.char_indices().collect();
    let mut at = Vec::new();
    let mut depth = 0i32;
    for i in 1..chars.len().saturating_sub(1) {
        match chars[i - 1].1 {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ => {}
        }
        let (k, c) = chars[i];
        if is_space(c)
            && depth <= 0
            && is_word_char(chars[i - 1].1)
            && is_word_char(chars[i + 1].1)
            && !super::ends_with_enumerator(&stretch[..k])
        {
            at.push(k);
        }
    }
    if at.is_empty() {
        return at;
    }
    let mut from = 0;
    for (n, &k) in at.iter().enumerate() {
        let phrase = &stretch[from..k];
        // The enumerator that opens the run is not counted with its title.
        let counted = if n == 0 {
            phrase.split_once(is_space).map_or(phrase, |(_, t)| t)
        } else {
            phrase
        };
        let len = counted.chars().count();
        if len < 2 || len > max || phrase.contains(['、', '。']) {
            return Vec::new();
        }
        from = k + stretch[k..].chars().next().map_or(1, char::len_utf8);
    }
    let last = &stretch[from..];
    let len = last.chars().count();
    if len < 2 || (!sentence && (len > max || last.contains('、'))) {
        return Vec::new();
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(line: &str, starts: &[usize], tables: &[Range<usize>]) -> Vec<String> {
        let mut out = line.to_string();
        for c in phrase_cuts(line, starts, tables) {
            out.replace_range(c..c + 1, "\n");
        }
        out.lines().map(String::from).collect()
    }

    #[test]
    fn a_heading_and_its_labels_before_a_sentence() {
        let line =
            "前の文。 2-1 窓口手続の見直し 市民課 めざす姿 窓口で待たずに手続が済んでいる。 次";
        let s = line.find(" 2-1").unwrap();
        assert_eq!(
            cut(line, &[s], &[]),
            [
                "前の文。 2-1 窓口手続の見直し",
                "市民課",
                "めざす姿",
                "窓口で待たずに手続が済んでいる。 次"
            ]
        );
    }

    #[test]
    fn captions_before_a_table() {
        let line = "前 - 研修の実施 指標 研修を受けた職員の数 現状 | 目標 |";
        let s = line.find(" - ").unwrap();
        let t = line.find("現状").unwrap();
        let tables = [Range {
            start: t,
            end: line.len(),
        }];
        assert_eq!(
            cut(line, &[s], &tables),
            [
                "前 - 研修の実施",
                "指標",
                "研修を受けた職員の数 現状 | 目標 |"
            ]
        );
    }

    #[test]
    fn contents_enumerators_commas_and_letter_spacing_stay() {
        // No sentence end and no table before the next anchor: a table of contents.
        let toc = "前 第1章 計画の概要 計画の期間 3 第2章 現状";
        let s = [toc.find(" 第1章").unwrap(), toc.find(" 第2章").unwrap()];
        assert!(phrase_cuts(toc, &s, &[]).is_empty());
        // A space after the enumerator sets the title off; a comma makes a sentence.
        let line = "前 第1章 計画の概要、市の方針 を示す。";
        assert!(phrase_cuts(line, &[line.find(' ').unwrap()], &[]).is_empty());
        let spaced = "前 ・計 画 の 概 要 を示す。";
        assert!(phrase_cuts(spaced, &[spaced.find(' ').unwrap()], &[]).is_empty());
    }
}
