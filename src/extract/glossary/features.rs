//! Features of a term → definition pair, shared by the shape detectors.

use super::settings::{PairFeatures, Settings};
use super::{ends_sentence, term_line};
use crate::normalize::chars::squeeze;
use crate::tokenize::Tokenizer;

/// The longest first sentence read for its ending, in characters: a longer one is no
/// definition's, and tokenizing it would cost time in proportion to the paragraph.
const MAX_SENTENCE_CHARS: usize = 200;

/// How many of the first sentence's last characters are tokenized to see how it ends.
const ENDING_CHARS: usize = 16;

/// Whether the first sentence of `definition` ends as definitions do: in a noun
/// (`…の総称。`, `…のことです。`) or a defining verb (`…をいう。`), auxiliaries passed
/// over. A paragraph that is a note in brackets (`(出典:…)`) is not a definition.
pub(super) fn definitional(tokenizer: &Tokenizer, definition: &str) -> bool {
    let settings = Settings::get();
    // The first sentence is all that is read: at most MAX_SENTENCE_CHARS of it.
    let head: String = definition.chars().take(MAX_SENTENCE_CHARS).collect();
    let t = squeeze(&head);
    let first = match t.find('。') {
        Some(at) => &t[..at],
        None => t.as_str(),
    };
    let bracketed =
        first.starts_with(['(', '（', '[', '［']) && first.ends_with([')', '）', ']', '］']);
    if first.is_empty() || bracketed {
        return false;
    }
    // How the sentence ends is all that counts: its last characters are tokenized.
    let tail_at = first
        .char_indices()
        .rev()
        .nth(ENDING_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let Ok(tokens) = tokenizer.tokenize_detailed(&first[tail_at..]) else {
        return false;
    };
    let base = |t: &crate::tokenize::DetailedToken| {
        t.base_form.clone().unwrap_or_else(|| t.surface.clone())
    };
    let last = tokens.iter().rev().find(|t| {
        let pos = t.part_of_speech.as_str();
        let skipped = pos.starts_with("助動詞") && settings.ending_skip.contains(&base(t));
        !skipped && !pos.starts_with("記号")
    });
    match last {
        Some(t) if t.part_of_speech.starts_with("名詞") => true,
        Some(t) if t.part_of_speech.starts_with("動詞") => {
            settings.ending_verbs.contains(&base(t))
        }
        _ => false,
    }
}

/// The features of a pair; `at_end` when the text ends inside the definition.
pub(super) fn pair_features(
    tokenizer: &Tokenizer,
    term: &str,
    definition: &str,
    at_end: bool,
) -> PairFeatures {
    PairFeatures {
        noun_term: term_line(tokenizer, term),
        ends_sentence: ends_sentence(definition) || at_end,
        long_enough: squeeze(definition).chars().count() >= Settings::get().min_definition_chars,
        definitional: definitional(tokenizer, definition),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_end_in_a_noun_or_a_defining_verb() {
        let tk = Tokenizer::shared().expect("tokenizer");
        assert!(definitional(
            tk,
            "通信に使う方式の総称。ほかに使い道がある。"
        ));
        assert!(definitional(tk, "手続を電子化することです。"));
        assert!(definitional(tk, "業務で使う仕組みをいう。"));
        assert!(definitional(tk, "複数の端末をつなぐ網を指します。"));
        assert!(!definitional(tk, "庁内の体制を整備する。"));
        assert!(!definitional(tk, "言葉を集めました。"));
        assert!(!definitional(tk, "(出典:ある調査)"));
    }
}
