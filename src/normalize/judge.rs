//! Asks the tokenizer whether two pieces of Japanese text that a PDF separated (by a
//! line end or a space) are one word or one phrase, for the `line-join` and
//! `japanese-spaces` rules.
//!
//! The tokenizer is loaded on the first question only, each question tokenizes a few
//! characters around the break (never the whole text), and answers are remembered for
//! the rest of the document, so the pass that checks nothing more changes costs
//! almost nothing.
//!
//! Not for deciding anything from characters alone: the rules do that first and ask
//! here only where they cannot.

use std::collections::HashMap;

use super::chars::is_word_char;
use crate::tokenize::Tokenizer;

/// How many characters on each side of a break the tokenizer sees.
pub const WINDOW: usize = 8;

/// What kind of break is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Break {
    /// A line end inside a sentence.
    Line,
    /// A space between Japanese characters.
    Space,
}

/// The tokenizer with a memory of its answers.
pub struct Judge {
    tokenizer: Option<Option<&'static Tokenizer>>,
    load: fn() -> Option<&'static Tokenizer>,
    answers: HashMap<(Break, String, String), bool>,
}

impl Judge {
    /// A judge that loads the shared tokenizer when first asked.
    pub fn new() -> Self {
        Self::with_loader(|| Tokenizer::shared().ok())
    }

    /// A judge whose tokenizer comes from `load` (`|| None` for character rules only).
    pub fn with_loader(load: fn() -> Option<&'static Tokenizer>) -> Self {
        Self {
            tokenizer: None,
            load,
            answers: HashMap::new(),
        }
    }

    /// Whether `left` and `right` (the word characters on each side of a break, at
    /// most [`WINDOW`] each) belong together.
    pub fn together(&mut self, kind: Break, left: &str, right: &str) -> bool {
        let key = (kind, left.to_string(), right.to_string());
        if let Some(&a) = self.answers.get(&key) {
            return a;
        }
        let load = self.load;
        let answer = match *self.tokenizer.get_or_insert_with(load) {
            Some(t) => ask(t, kind, left, right),
            None => false,
        };
        self.answers.insert(key, answer);
        answer
    }
}

impl Default for Judge {
    fn default() -> Self {
        Self::new()
    }
}

/// The tokenizer's view of one break: a dictionary word spans it (`専|用`,
/// `セキュ|リティ`, `で|す`); the right side starts with a particle, auxiliary or
/// suffix (a line cannot start with one); the left side ends with a particle or prefix.
/// Across a space, a verb or adjective before it also ends a wrapped phrase
/// (`支援する ソフト`). Two nouns meeting (`CATV網 光ファイバー`, a term and its
/// definition) stay apart.
fn ask(tokenizer: &Tokenizer, kind: Break, left: &str, right: &str) -> bool {
    if left.is_empty() || right.is_empty() {
        return false;
    }
    let window = format!("{left}{right}");
    let boundary = left.len();
    let Ok(tokens) = tokenizer.tokenize_detailed(&window) else {
        return false;
    };
    for t in &tokens {
        let pos = t.part_of_speech.as_str();
        if t.start < boundary && t.end > boundary {
            // A word spans the break: the PDF cut it in two. An unknown word does not
            // count (runs of katakana are grouped whatever they are).
            return t.base_form.is_some() || t.user_dictionary;
        }
        if t.end == boundary {
            let particle = pos.starts_with("助詞") && !pos.starts_with("助詞,終助詞");
            let inflected = kind == Break::Space
                && (pos.starts_with("動詞")
                    || pos.starts_with("形容詞")
                    || pos.starts_with("助動詞"));
            if particle || pos.starts_with("接頭詞") || inflected {
                return true;
            }
        }
        if t.start == boundary {
            return pos.starts_with("助詞")
                || pos.starts_with("助動詞")
                || pos.starts_with("名詞,接尾");
        }
    }
    false
}

/// The last `n` characters of `s` that are word characters.
pub fn tail_word(s: &str, n: usize) -> &str {
    let mut start = s.len();
    for (count, (i, c)) in s.char_indices().rev().enumerate() {
        if count >= n || !is_word_char(c) {
            break;
        }
        start = i;
    }
    &s[start..]
}

/// The first `n` characters of `s` that are word characters.
pub fn head_word(s: &str, n: usize) -> &str {
    let mut end = 0;
    for (count, (i, c)) in s.char_indices().enumerate() {
        if count >= n || !is_word_char(c) {
            break;
        }
        end = i + c.len_utf8();
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_cut_in_two_belong_together() {
        let mut j = Judge::new();
        assert!(j.together(Break::Line, "行政専", "用の"));
        assert!(j.together(Break::Line, "情報セキュ", "リティ及び"));
        assert!(j.together(Break::Line, "ところで", "す"));
        assert!(j.together(Break::Space, "ユー", "ザ側か"));
        assert!(j.together(Break::Space, "ビジネス", "用アプリケー"));
    }

    #[test]
    fn particles_and_inflected_words_end_a_wrapped_phrase() {
        let mut j = Judge::new();
        assert!(j.together(Break::Line, "行政運営の", "根幹であります"));
        assert!(j.together(Break::Line, "企業や家庭", "での利用が"));
        assert!(j.together(Break::Space, "支援する", "ソフトウェア"));
        // Only across a space: a line may end with a verb (a list item, a title).
        assert!(!j.together(Break::Line, "支援する", "ソフトウェア"));
    }

    #[test]
    fn two_nouns_stay_apart() {
        let mut j = Judge::new();
        assert!(!j.together(Break::Space, "網", "光ファイバー"));
        assert!(!j.together(Break::Space, "カード", "キャッシュカード"));
        assert!(!j.together(Break::Line, "インターネット", "ほぼ全世界に"));
        assert!(!j.together(Break::Line, "アクセシビリティ", "情報やサービス"));
        assert!(!j.together(Break::Line, "推進計画", "デジタルの活用"));
        assert!(!j.together(Break::Line, "援するソフト", "カードキャッシ"));
    }

    #[test]
    fn without_a_tokenizer_nothing_is_judged_together() {
        let mut j = Judge::with_loader(|| None);
        assert!(!j.together(Break::Line, "行政専", "用の"));
    }

    #[test]
    fn windows() {
        assert_eq!(tail_word("LGWAN(行政専", 8), "行政専");
        assert_eq!(head_word("用のネットワーク)、", 3), "用のネ");
        assert_eq!(tail_word("あいうえおかきくけこ", 8), "うえおかきくけこ");
    }
}
