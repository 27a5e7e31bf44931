//! The spacing rules: `letter-spacing` closes up Latin that a PDF spread out letter by
//! letter, and `japanese-spaces` drops spaces that a PDF put between Japanese
//! characters.
//!
//! Both work one line at a time and never touch a tab or a line end. In a table row
//! (tabs or pipes) a space between Japanese words may be the only thing left of a lost
//! bullet between two items, so there only single characters spread out (`内 容`,
//! `大 沢 治`) are closed up.
//!
//! Not for line ends (the `line-join` rule) or character width (the `width` rule).

use super::MapBuilder;
use super::chars::{
    column_gaps, is_japanese, is_katakana, is_latin, is_space, is_table_row, is_word_char,
};
use super::judge::{Break, Judge, WINDOW, head_word, tail_word};
use super::offsets::OffsetMap;

/// What a rule does to one byte range of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    /// Drop the bytes.
    Delete,
    /// Write an ASCII hyphen instead.
    Hyphen,
}

/// Runs `edits_of` on every line and applies the edits (sorted, non-overlapping byte
/// ranges relative to the line) with a map.
fn per_line(
    text: &str,
    mut edits_of: impl FnMut(&str, &mut Vec<(usize, usize, Edit)>),
) -> (String, OffsetMap) {
    let mut b = MapBuilder::with_capacity(text.len());
    let mut edits = Vec::new();
    let mut line_start = 0;
    for line in super::chars::lines_inclusive(text) {
        edits.clear();
        edits_of(line, &mut edits);
        let mut pos = 0;
        for &(s, e, edit) in &edits {
            if s < pos || e < s || e > line.len() {
                continue; // Not in order: skipped rather than trusted.
            }
            b.copy(&line[pos..s]);
            match edit {
                Edit::Delete => b.replace(e - s, ""),
                Edit::Hyphen if &line[s..e] == "-" => b.copy("-"),
                Edit::Hyphen => b.replace(e - s, "-"),
            }
            pos = e;
        }
        b.copy(&line[pos..]);
        line_start += line.len();
    }
    debug_assert_eq!(line_start, text.len());
    b.finish()
}

/// A dash that joins letter-spaced parts (`J – L I S`, `W I－F I`, `L G-W A N`).
fn is_connector_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '–' | '—' | '―' | '－' | '−'
    )
}

/// One letter-spaced run found in a line.
struct Run {
    end: usize,
    units: usize,
    letters: usize,
    /// Byte ranges to delete (spaces) or to turn into `-` (dashes).
    edits: Vec<(usize, usize, Edit)>,
}

/// Parses a letter-spaced run starting at byte `start` of `chars` (which is a single
/// Latin letter or digit): single characters separated by one space, or by a dash or
/// dot with at most one space on each side.
fn parse_run(chars: &[(usize, char)], k0: usize, line_len: usize) -> Run {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let pos = |k: usize| chars.get(k).map_or(line_len, |&(i, _)| i);
    let single = |k: usize| at(k).is_some_and(is_latin) && !at(k + 1).is_some_and(is_latin);
    let mut run = Run {
        end: pos(k0 + 1),
        units: 1,
        letters: usize::from(at(k0).is_some_and(|c| c.is_ascii_alphabetic())),
        edits: Vec::new(),
    };
    let mut k = k0 + 1;
    loop {
        let mut j = k;
        let mut edits = Vec::new();
        let sp1 = at(j) == Some(' ');
        if sp1 {
            edits.push((pos(j), pos(j + 1), Edit::Delete));
            j += 1;
        }
        let conn = at(j).filter(|&c| is_connector_dash(c) || c == '.');
        if let Some(c) = conn {
            if c != '.' {
                edits.push((pos(j), pos(j + 1), Edit::Hyphen));
            }
            j += 1;
            if at(j) == Some(' ') {
                edits.push((pos(j), pos(j + 1), Edit::Delete));
                j += 1;
            }
        }
        if (!sp1 && conn.is_none()) || !single(j) {
            break;
        }
        run.units += 1;
        run.letters += usize::from(at(j).is_some_and(|c| c.is_ascii_alphabetic()));
        run.edits.extend(edits);
        k = j + 1;
        run.end = pos(k);
    }
    run
}

/// Edits of the `letter-spacing` rule in one line.
fn letter_spacing_edits(
    line: &str,
    edits: &mut Vec<(usize, usize, Edit)>,
    buffer: &mut Vec<(usize, char)>,
) {
    // A run needs a space and a Latin letter or digit; most lines of a plan have none.
    if !line.contains(' ') || !line.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return;
    }
    // Whether the line is a table row, asked once a run is found.
    let mut table: Option<bool> = None;
    buffer.clear();
    buffer.extend(line.char_indices());
    let chars: &[(usize, char)] = buffer;
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        let starts_single = is_latin(c)
            && (k == 0 || !at(k - 1).is_some_and(is_latin))
            && !at(k + 1).is_some_and(is_latin);
        if !starts_single {
            k += 1;
            continue;
        }
        let run = parse_run(chars, k, line.len());
        let next_k = chars.partition_point(|&(i, _)| i < run.end);
        // A run of one letter closes up with a katakana word after it (`e ラーニング`).
        let one_letter_word = run.units == 1
            && run.letters == 1
            && at(next_k) == Some(' ')
            && at(next_k + 1).is_some_and(is_katakana);
        let spaced = run.edits.iter().any(|e| e.2 == Edit::Delete);
        if (run.units >= 2 && run.letters >= 2 && spaced) || one_letter_word {
            let table = *table.get_or_insert_with(|| is_table_row(line));
            // Outside tables, the spaces between the run and Japanese text go too
            // (`への I C Tを` → `へのICTを`): the PDF spread the whole phrase.
            let before = k.checked_sub(1).and_then(|p| chars.get(p));
            if !table && before.is_some_and(|&(_, c)| c == ' ') {
                let prev = k.checked_sub(2).and_then(at);
                if let (Some(&(i, _)), Some(p)) = (before, prev) {
                    if is_japanese(p) && edits.last().is_none_or(|e| e.1 <= i) {
                        edits.push((i, i + 1, Edit::Delete));
                    }
                }
            }
            edits.extend(run.edits.iter().copied());
            if at(next_k) == Some(' ')
                && at(next_k + 1).is_some_and(is_japanese)
                && (!table || one_letter_word)
            {
                edits.push((run.end, run.end + 1, Edit::Delete));
            }
        }
        k = next_k.max(k + 1);
    }
}

/// The `letter-spacing` rule: `I C T` → `ICT`, `S o c i e t y 5 . 0` → `Society5.0`,
/// `J – L I S` → `J-LIS`, `e ラーニング` → `eラーニング`. The signal is a run of single
/// Latin letters or digits separated by single spaces (or by a dash or dot), with at
/// least two letters, so spaced words (`Social Networking Service`) and spaced numbers
/// (`1 2 3`) are left alone.
pub fn letter_spacing(text: &str) -> (String, OffsetMap) {
    let mut buffer = Vec::new();
    per_line(text, |line, edits| {
        letter_spacing_edits(line, edits, &mut buffer)
    })
}

/// The end of a chapter-style number at the start of a line (`第1章`, `第一`, `第3節`),
/// whose following space separates number and title and must stay.
fn leading_number_end(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches(is_space);
    let offset = line.len() - trimmed.len();
    let rest = trimmed.strip_prefix('第')?;
    let digits = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || "一二三四五六七八九十百〇".contains(c)))
        .map_or(rest.len(), |(i, _)| i);
    if digits == 0 {
        return None;
    }
    let after = &rest[digits..];
    // One counter character (章, 節, 部, 編 …) may follow the number.
    let counter = after
        .chars()
        .next()
        .filter(|&c| is_word_char(c) && !matches!(c, 'の' | 'は'))
        .map_or(0, char::len_utf8);
    Some(offset + '第'.len_utf8() + digits + counter)
}

/// Edits of the `japanese-spaces` rule in one line.
fn japanese_space_edits(
    line: &str,
    edits: &mut Vec<(usize, usize, Edit)>,
    judge: &mut Judge,
    buffer: &mut Vec<(usize, char)>,
) {
    // (Two searches for one character each: both are memchr, unlike one search for
    // either character.)
    if !line.contains(' ') && !line.contains('\u{3000}') {
        return;
    }
    buffer.clear();
    buffer.extend(line.char_indices());
    let chars: &[(usize, char)] = buffer;
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let pos = |k: usize| chars.get(k).map_or(line.len(), |&(i, _)| i);
    // Single characters spread out (`内 容`, `大 沢 治`, `記 入 日`) close up
    // everywhere, table rows included.
    let single = |k: usize| {
        at(k).is_some_and(is_word_char)
            && !at(k + 1).is_some_and(is_japanese)
            && (k == 0 || !at(k - 1).is_some_and(is_japanese))
    };
    let mut spread = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        // A spread starts at a character with a space after it (looked at first: it
        // is the cheaper test, and most characters fail it).
        if at(k + 1) != Some(' ') || !single(k) {
            k += 1;
            continue;
        }
        let mut j = k;
        while at(j + 1) == Some(' ') && single(j + 2) {
            spread.push(j + 1);
            edits.push((pos(j + 1), pos(j + 2), Edit::Delete));
            j += 2;
        }
        k = j + 1;
    }
    if is_table_row(line) || column_gaps(line) > 0 {
        // In a table a space between words may be all that is left of a lost bullet; a
        // wide gap (`用語   説明`) makes a row of a table laid out with spaces.
        return;
    }
    let keep_until = leading_number_end(line).unwrap_or(0);
    let mut k = 0;
    while k < chars.len() {
        if !is_space(chars[k].1) || spread.contains(&k) {
            k += 1;
            continue;
        }
        let mut j = k;
        while at(j).is_some_and(is_space) {
            j += 1;
        }
        let (Some(before), Some(after)) = (k.checked_sub(1).and_then(at), at(j)) else {
            k = j;
            continue;
        };
        if !(is_japanese(before) && is_japanese(after)) || pos(k) == keep_until {
            k = j;
            continue;
        }
        // Beside punctuation (`、 ページ`) the space is noise; between words the
        // tokenizer decides (`ユー ザ`, `支援する ソフト` go; `CATV網 光ファイバー`, a
        // term and its definition in a flattened glossary, stays).
        let drop = !is_word_char(before)
            || !is_word_char(after)
            || judge.together(
                Break::Space,
                tail_word(&line[..pos(k)], WINDOW),
                head_word(&line[pos(j)..], WINDOW),
            );
        if drop {
            edits.push((pos(k), pos(j), Edit::Delete));
        }
        k = j;
    }
    edits.sort_unstable_by_key(|e| e.0);
}

/// The `japanese-spaces` rule: a space (ASCII or ideographic) between Japanese
/// characters goes where it splits a word or a phrase (`ユー ザ側` → `ユーザ側`,
/// `暮らしで 笑顔` → `暮らしで笑顔`, `美 唄 市` → `美唄市`), beside Japanese punctuation,
/// and inside single characters spread out; it stays between two nouns (a term and its
/// definition, two list items) and after a chapter number (`第1章 計画`). In a line with
/// a column gap (three spaces or more), as in table rows, only single spread-out
/// characters close up.
pub fn japanese_spaces(text: &str, judge: &mut Judge) -> (String, OffsetMap) {
    let mut buffer = Vec::new();
    per_line(text, |line, edits| {
        japanese_space_edits(line, edits, judge, &mut buffer)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ls(s: &str) -> String {
        letter_spacing(s).0
    }

    fn js(s: &str) -> String {
        japanese_spaces(s, &mut Judge::new()).0
    }

    #[test]
    fn letter_spaced_latin_closes_up() {
        assert_eq!(ls("I C T"), "ICT");
        assert_eq!(ls("S o c i e t y 5 . 0"), "Society5.0");
        assert_eq!(ls("G I S"), "GIS");
        assert_eq!(ls("J – L I S"), "J-LIS");
        assert_eq!(ls("W I－F I"), "WI-FI");
        assert_eq!(ls("W I — F I"), "WI-FI");
        assert_eq!(ls("L G-W A N"), "LG-WAN");
        assert_eq!(ls("F a c e b o o k"), "Facebook");
        assert_eq!(ls("e ラーニング"), "eラーニング");
        assert_eq!(ls("A I・R P Aの利用推進"), "AI・RPAの利用推進");
    }

    #[test]
    fn spaces_around_a_spread_phrase_go_with_it() {
        assert_eq!(ls("児童生徒への I C Tを活用"), "児童生徒へのICTを活用");
        assert_eq!(
            ls("・S o c i e t y 5 . 0 に対応した産業への I C T の活用"),
            "・Society5.0に対応した産業へのICTの活用"
        );
        assert_eq!(ls("避難所W I－F I 整備"), "避難所WI-FI整備");
        assert_eq!(ls("した e ラーニング研修"), "したeラーニング研修");
    }

    #[test]
    fn real_spaced_words_stay() {
        for s in [
            "Social Networking Service",
            "Artificial Intelligence の略",
            "Internet of Things の略",
            "ICT の発展",
            "Windows 10 対応",
            "1 2 3",
            "(H 28-32)",
            "達成A 前進B 横ばいC",
            "- ① AI / RPAの活用",
            "PayPay、LINE Pay アプリ",
        ] {
            assert_eq!(ls(s), s);
        }
    }

    #[test]
    fn table_cells_keep_their_outer_spaces() {
        assert_eq!(
            ls("\tG I Sデータの充実 ・航空写真\t"),
            "\tGISデータの充実 ・航空写真\t"
        );
        assert_eq!(ls("\t推進 I C T 講座\t"), "\t推進 ICT 講座\t");
    }

    #[test]
    fn spaces_that_split_a_word_or_phrase_go() {
        assert_eq!(
            js("女性がいいきき輝き 子どもの声があふれる暮らしで 笑顔がいっぱい"),
            "女性がいいきき輝き 子どもの声があふれる暮らしで笑顔がいっぱい"
        );
        assert_eq!(
            js("満足度・幸福度が高い 共に創るまちづくり"),
            "満足度・幸福度が高い共に創るまちづくり"
        );
        assert_eq!(
            js("ビジネス 用アプリケーションソフトをインターネットを 通じて顧客に"),
            "ビジネス用アプリケーションソフトをインターネットを通じて顧客に"
        );
        assert_eq!(
            js("CMS を導入すると、ユー ザ側から"),
            "CMS を導入すると、ユーザ側から"
        );
        assert_eq!(
            js("管理を支援する ソフトウェア"),
            "管理を支援するソフトウェア"
        );
        assert_eq!(
            js("可能となる。 また、当 該事業者"),
            "可能となる。また、当該事業者"
        );
        assert_eq!(js("美 唄 市"), "美唄市");
        assert_eq!(js("目　次"), "目次");
        assert_eq!(js("記 入 日 平成23年"), "記入日 平成23年");
    }

    #[test]
    fn spaces_between_two_nouns_stay() {
        // A flattened glossary: term, space, definition.
        let glossary =
            "C CATV網 光ファイバーにより構成されるネットワーク。 I ICカード キャッシュカード大の";
        assert_eq!(js(glossary), glossary);
        assert_eq!(
            js("美唄市情報化推進計画 第4次改訂"),
            "美唄市情報化推進計画 第4次改訂"
        );
        // Not between Japanese and Latin or digits, and never a tab.
        assert_eq!(js("ICT の発展"), "ICT の発展");
        assert_eq!(js("1 計画の期間"), "1 計画の期間");
        assert_eq!(js("情報\t発信"), "情報\t発信");
        // A column gap of a two-column table laid out with spaces.
        assert_eq!(
            js("土砂災害情報   市のホームページ"),
            "土砂災害情報   市のホームページ"
        );
    }

    #[test]
    fn a_chapter_number_keeps_its_space() {
        assert_eq!(
            js("第1章 情報化推進計画策定にあたって"),
            "第1章 情報化推進計画策定にあたって"
        );
        assert_eq!(js("第一 地域情報化の推進"), "第一 地域情報化の推進");
        assert_eq!(js("第2章 計画の 策定"), "第2章 計画の策定");
    }

    #[test]
    fn table_rows_close_up_only_single_characters() {
        assert_eq!(js("取組項目\t内 容"), "取組項目\t内容");
        assert_eq!(js("氏名\t大 沢 治\t"), "氏名\t大沢治\t");
        let lost_bullets = "\t<ul> 要援護者支援の充実 要援護者個別支援プラン推進\t実施";
        assert_eq!(js(lost_bullets), lost_bullets);
        let items = "\tGISデータの充実 ・ 航空写真更新 ・ 住宅地図更新\t変更";
        assert_eq!(js(items), items);
    }

    #[test]
    fn spans_point_at_each_letter() {
        let (out, map) = letter_spacing("の J – L I S");
        assert_eq!(out, "のJ-LIS");
        let j = out.find('J').unwrap();
        assert_eq!(map.to_source(j..j + 1), 4..5);
        assert_eq!(map.to_source(j + 1..j + 2), 6..9);
    }
}
