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
use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;

use lindera::dictionary::{Lattice, UserDictionary};
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

    /// The clauses of `range` (widened to whole characters, see [`clauses`]), as ranges
    /// of the whole text: each segments alone to the words it has in the range.
    pub fn clauses_in(&self, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + 'a {
        let whole = self.whole_chars(range);
        clauses(&self.text[whole.clone()]).map(move |c| whole.start + c.start..whole.start + c.end)
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

/// lindera's bound on one sentence: a run of this many bytes with no cut is cut wherever
/// it reaches the bound.
const SENTENCE_BOUND: usize = 32 * 1024;

/// The characters after which the tokenizer starts a new clause.
pub const CLAUSE_ENDS: [char; 2] = ['、', '。'];

/// The clauses of `text`, as byte ranges that cover it in order: each ends just after a
/// `、` or `。`, the last at the end of the text.
///
/// lindera segments the text between such marks (and between line ends and tabs) on
/// its own, so the words of a clause segmented alone are exactly its words within the
/// whole text: a reader that needs the words of a few clauses segments only those. A
/// text longer than lindera's bound on a sentence is one clause, since lindera may cut
/// it anywhere.
pub fn clauses(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let whole = text.len() > SENTENCE_BOUND;
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = match text[start..].find(CLAUSE_ENDS) {
            Some(i) if !whole => start + i + '、'.len_utf8(),
            _ => text.len(),
        };
        let clause = start..end;
        start = end;
        Some(clause)
    })
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

    /// Segments `text`, handing each token to `f`, with a lattice kept per thread: the
    /// extract stage asks for many short ranges, and a fresh lattice for each would cost
    /// more than the segmenting.
    fn each_token(
        &self,
        text: &str,
        mut f: impl FnMut(lindera::token::Token<'_>),
    ) -> Result<(), Error> {
        thread_local! {
            static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
        }
        LATTICE.with(|lattice| {
            let mut lattice = lattice.borrow_mut();
            let tokens = self
                .segmenter
                .segment_with_lattice(Cow::Borrowed(text), &mut lattice)
                .map_err(|e| Error::Tokenize(e.to_string()))?;
            tokens.into_iter().for_each(&mut f);
            Ok(())
        })
    }

    /// Surfaces and offsets only: the cheapest pass over every character.
    pub fn tokenize(&self, text: &str) -> Result<Vec<Token>, Error> {
        let mut out = Vec::new();
        self.each_token(text, |t| {
            out.push(Token {
                surface: t.surface.into_owned(),
                start: t.byte_start,
                end: t.byte_end,
            })
        })?;
        Ok(out)
    }

    /// Counts tokens without keeping them: the tokenize-only floor of the benchmark.
    pub fn count_tokens(&self, text: &str) -> Result<usize, Error> {
        let mut n = 0;
        self.each_token(text, |_| n += 1)?;
        Ok(n)
    }

    /// Tokens with part of speech, base form and reading (slower: ask only where needed).
    pub fn tokenize_detailed(&self, text: &str) -> Result<Vec<DetailedToken>, Error> {
        let mut out = Vec::new();
        self.each_token(text, |t| out.push(detail(t)))?;
        Ok(out)
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
    let (surface, start, end) = (token.surface.to_string(), token.byte_start, token.byte_end);
    let details = token.details();
    let field = |i: usize| details.get(i).filter(|s| **s != "*").map(|s| s.to_string());
    // A simple user-dictionary row carries [pos, reading]; IPADIC rows carry
    // [pos, sub1, sub2, sub3, 活用型, 活用形, base form, reading, pronunciation].
    let (part_of_speech, base_form, reading) = if user_dictionary && details.len() < 9 {
        (
            field(0).unwrap_or_default(),
            Some(surface.clone()),
            field(1),
        )
    } else {
        let mut pos = String::new();
        for s in details.iter().take(4).filter(|s| **s != "*") {
            if !pos.is_empty() {
                pos.push(',');
            }
            pos.push_str(s);
        }
        (pos, field(6), field(7))
    };
    DetailedToken {
        surface,
        start,
        end,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `text`'s clauses segmented one by one, with offsets in `text`.
    fn by_clause(t: &Tokenizer, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        for c in clauses(text) {
            for mut w in t.tokenize(&text[c.clone()]).expect("tokenize") {
                w.start += c.start;
                w.end += c.start;
                out.push(w);
            }
        }
        out
    }

    #[test]
    fn clauses_cover_the_text_and_end_after_their_marks() {
        let text = "、行政の、デジタル化。を進める。\n次に、";
        let cut: Vec<&str> = clauses(text).map(|c| &text[c]).collect();
        assert_eq!(
            cut,
            ["、", "行政の、", "デジタル化。", "を進める。", "\n次に、"]
        );
        assert_eq!(clauses("").count(), 0);
        assert_eq!(clauses("区切りなし").count(), 1);
        let long = "あ、".repeat(SENTENCE_BOUND);
        let one: Vec<Range<usize>> = clauses(&long).collect();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0], 0..long.len());
    }

    #[test]
    fn a_clause_alone_has_the_words_it_has_in_the_whole_text() {
        let t = Tokenizer::shared().expect("tokenizer");
        for text in [
            "行政手続のオンライン化を進め、マイナンバーカードの普及を図る。",
            "庁内ネットワーク、LGWAN、\nクラウドサービスの利用。次に 住民サービス\tの向上、",
            "書かない窓口、待たない窓口。AI・RPAの活用、ICT人材の育成。。、、",
            "電子申請システム運用事業の推進(令和7年度まで)、キャッシュレス決済の導入",
        ] {
            assert_eq!(
                by_clause(t, text),
                t.tokenize(text).expect("tokenize"),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn clause_by_clause_segmenting_is_whole_text_segmenting(
            text in "[行政手続のオンライン化をデジタル推進しますAI ICT、。\n\t・()0-9]{0,60}"
        ) {
            let t = Tokenizer::shared().expect("tokenizer");
            proptest::prop_assert_eq!(by_clause(t, &text), t.tokenize(&text).expect("tokenize"));
        }
    }
}
