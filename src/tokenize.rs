//! Stage 5, tokenize: text → [`Words`], with lindera, IPADIC and keikaku's user
//! dictionary. The words are segmented on demand, range by range, as extraction asks for
//! them ([`Words`] says why).
//!
//! The system dictionary is built from the IPADIC source by `build.rs` and embedded in
//! the binary ([`dictionary`]), so nothing is downloaded or read from disk at run time.
//! The user dictionary (`dictionaries/user_dict.csv`) keeps plan vocabulary such as
//! マイナンバーカード or ガバメントクラウド whole.
//!
//! This module is for splitting text into words and looking words up. It is not for
//! deciding what a word means in a plan: that is the extract stage's job.

pub mod dictionary;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use lindera::dictionary::UserDictionary;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;

use crate::error::Error;

/// One word of the text: its surface and where it sits in the string that was tokenized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word as written.
    pub surface: String,
    /// Byte offset of the word in the tokenized string.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
}

/// Stage 5's output: the words of a text, segmented on demand.
///
/// Extraction reads words only in a few places (mentions of glossary terms inside
/// measures and priorities, readings of terms), and most of a plan is prose and tables
/// that are read line by line. So the text is not segmented whole up front: each
/// extractor asks for the words of the ranges it reads, and only those are segmented.
/// A range is segmented on its own, so no word straddles its ends.
pub struct Words<'a> {
    tokenizer: &'a Tokenizer,
    text: &'a str,
}

impl<'a> Words<'a> {
    /// The words of `text`, to be segmented when asked for.
    pub fn new(tokenizer: &'a Tokenizer, text: &'a str) -> Self {
        Self { tokenizer, text }
    }

    /// The text the words come from.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The tokenizer, for readings and word lookups.
    pub fn tokenizer(&self) -> &'a Tokenizer {
        self.tokenizer
    }

    /// The tokens of `range` of the text (byte offsets, widened to whole characters),
    /// with offsets in the whole text.
    pub fn in_range(&self, range: Range<usize>) -> Result<Vec<Token>, Error> {
        let Range { start, end } = self.whole_chars(range);
        let mut tokens = self.tokenizer.tokenize(&self.text[start..end])?;
        for t in &mut tokens {
            t.start += start;
            t.end += start;
        }
        Ok(tokens)
    }

    /// The text of `range` (byte offsets, widened to whole characters): what
    /// [`in_range`](Self::in_range) segments.
    pub fn text_of(&self, range: Range<usize>) -> &'a str {
        &self.text[self.whole_chars(range)]
    }

    fn whole_chars(&self, range: Range<usize>) -> Range<usize> {
        let t = self.text;
        let mut start = range.start.min(t.len());
        while !t.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = range.end.clamp(start, t.len());
        while !t.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }
}

/// A token with its dictionary details, for debugging dictionaries and for readings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DetailedToken {
    /// The word as written.
    pub surface: String,
    /// Byte offset of the word in the tokenized string.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// Part of speech with its subcategories, e.g. `名詞,一般`.
    pub part_of_speech: String,
    /// Dictionary (base) form, or `None` for unknown words.
    pub base_form: Option<String>,
    /// Reading in katakana, or `None` for unknown words.
    pub reading: Option<String>,
    /// Whether the word came from keikaku's user dictionary.
    pub user_dictionary: bool,
}

/// Splits text into words. Cheap to share: build one and use it from every thread.
pub struct Tokenizer {
    segmenter: Segmenter,
}

impl Tokenizer {
    /// Loads the embedded IPADIC and the embedded user dictionary.
    pub fn new() -> Result<Self, Error> {
        let dictionary = dictionary::load().map_err(|e| Error::Dictionary(e.to_string()))?;
        let user = user_dictionary(&dictionary, crate::vocab::text("user_dict.csv"))?;
        Ok(Self {
            segmenter: Segmenter::new(Mode::Normal, dictionary, Some(user)),
        })
    }

    /// The process-wide tokenizer: the dictionary is loaded once and shared.
    pub fn shared() -> Result<&'static Tokenizer, Error> {
        static SHARED: OnceLock<Result<Tokenizer, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| Tokenizer::new().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Dictionary(e.clone()))
    }

    /// Surfaces and offsets only: the cheapest pass over every character.
    pub fn tokenize(&self, text: &str) -> Result<Vec<Token>, Error> {
        let tokens = self
            .segmenter
            .segment(Cow::Borrowed(text))
            .map_err(|e| Error::Tokenize(e.to_string()))?;
        Ok(tokens
            .into_iter()
            .map(|t| Token {
                surface: t.surface.into_owned(),
                start: t.byte_start,
                end: t.byte_end,
            })
            .collect())
    }

    /// Counts tokens without keeping them: the tokenize-only floor of the benchmark.
    pub fn count_tokens(&self, text: &str) -> Result<usize, Error> {
        let tokens = self
            .segmenter
            .segment(Cow::Borrowed(text))
            .map_err(|e| Error::Tokenize(e.to_string()))?;
        Ok(tokens.len())
    }

    /// Tokens with part of speech, base form and reading (slower: ask only where needed).
    pub fn tokenize_detailed(&self, text: &str) -> Result<Vec<DetailedToken>, Error> {
        let tokens = self
            .segmenter
            .segment(Cow::Borrowed(text))
            .map_err(|e| Error::Tokenize(e.to_string()))?;
        Ok(tokens.into_iter().map(detail).collect())
    }

    /// The katakana reading of a Japanese word or phrase, joined from its tokens, or
    /// `None` when any part of it has no reading in the dictionaries.
    pub fn reading(&self, text: &str) -> Result<Option<String>, Error> {
        let mut out = String::new();
        for t in self.tokenize_detailed(text)? {
            match t.reading {
                Some(r) => out.push_str(&r),
                None => return Ok(None),
            }
        }
        Ok((!out.is_empty()).then_some(out))
    }
}

fn detail(mut token: lindera::token::Token<'_>) -> DetailedToken {
    // Unknown words are not from the system dictionary either: only the user lexicon
    // counts as the user dictionary.
    let user_dictionary = !token.word_id.is_system() && !token.word_id.is_unknown();
    let details: Vec<String> = token.details().iter().map(|s| s.to_string()).collect();
    let field = |i: usize| details.get(i).filter(|s| s.as_str() != "*").cloned();
    // A simple user-dictionary row carries [pos, reading]; IPADIC rows carry
    // [pos, sub1, sub2, sub3, 活用型, 活用形, base form, reading, pronunciation].
    let (part_of_speech, base_form, reading) = if user_dictionary && details.len() < 9 {
        (
            field(0).unwrap_or_default(),
            Some(token.surface.to_string()),
            field(1),
        )
    } else {
        let pos = details
            .iter()
            .take(4)
            .filter(|s| s.as_str() != "*")
            .cloned()
            .collect::<Vec<_>>()
            .join(",");
        (pos, field(6), field(7))
    };
    DetailedToken {
        surface: token.surface.to_string(),
        start: token.byte_start,
        end: token.byte_end,
        part_of_speech,
        base_form,
        reading,
        user_dictionary,
    }
}

/// Builds a user dictionary from CSV rows (`surface,part_of_speech,reading`).
pub fn user_dictionary(
    system: &lindera::dictionary::Dictionary,
    csv: &str,
) -> Result<UserDictionary, Error> {
    lindera::dictionary::DictionaryBuilder::new((*system.metadata).clone())
        .build_user_dict_from_reader(csv.as_bytes())
        .map_err(|e| Error::Dictionary(format!("user dictionary: {e}")))
}
