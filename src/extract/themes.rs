//! National themes: which areas of the national 自治体DX推進計画 (and the older areas of
//! 地域情報化 plans) a measure, a priority or an indicator speaks of, with the words
//! that show it (`themes[]`, see [`crate::model::ThemeTag`]).
//!
//! The phrases are data (`dictionaries/themes.tsv`, phrase → theme code). Each phrase
//! is segmented once, when the table is first used, into the base forms of its words;
//! an item's text is matched word by word on base forms, so 標準化する and 標準化 both
//! match 標準化, and the longest phrase at a place wins. Only text that holds some
//! phrase as written (one aho-corasick pass, spaces ignored) is segmented at all: most
//! measures name no theme and cost that one pass.
//!
//! What is read: a measure's title and details (its progress and the goal and strategy
//! cells are not what the measure is); a priority's title, and its description only
//! when the title names no theme (a description explains, and names neighbouring themes
//! in passing); an indicator's name, and likewise its description. This module tags;
//! it does not decide which items exist.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::Error;
use crate::model::{Indicator, Measure, Priority, ThemeTag};
use crate::normalize::chars::{fold_case, squeeze_fold};
use crate::tokenize::{CLAUSE_ENDS, DetailedToken, Tokenizer, clauses};

/// The theme phrases of `dictionaries/themes.tsv`, segmented into base forms.
#[derive(Debug)]
pub struct Themes {
    /// The distinct codes, in file order.
    codes: Vec<String>,
    /// Each phrase: its base forms and the index of its code.
    phrases: Vec<(Vec<String>, usize)>,
    /// Phrases by their first base form, longest first.
    by_first: HashMap<String, Vec<usize>>,
    /// Finds any phrase as written (up to the stem of its first verb or adjective, whose
    /// ending changes) in case-folded text without spaces.
    any_first: Option<AhoCorasick>,
    /// For each pattern of `any_first`: whether a phrase it stands for has a word whose
    /// base form differs from the word as written (a verb, an adjective), so that text
    /// holding it needs the words' base forms, not only their surfaces.
    needs_base: Vec<bool>,
}

/// A word's base form for matching: the dictionary form, else the surface; Latin
/// letters in lower case. `None` for a space.
fn base(t: &DetailedToken) -> Option<String> {
    let b = t.base_form.as_deref().unwrap_or(&t.surface);
    (!b.trim().is_empty()).then(|| fold_case(b))
}

/// What any text that holds a phrase holds, spaces left out and case folded: its words
/// as written up to the first word whose ending changes (a verb or an adjective), and
/// that word's stem.
fn written_stem(tokens: &[DetailedToken]) -> String {
    let mut out = String::new();
    for t in tokens {
        let conjugates =
            t.part_of_speech.starts_with("動詞") || t.part_of_speech.starts_with("形容詞");
        if conjugates {
            let base = t.base_form.as_deref().unwrap_or(&t.surface);
            let mut stem: Vec<char> = base.chars().collect();
            stem.pop();
            out.extend(stem);
            break;
        }
        out.push_str(&t.surface);
    }
    squeeze_fold(&out)
}

impl Themes {
    /// Reads `phrase<TAB>code` lines (blank lines and `#` comments skipped) and segments
    /// each phrase with `tokenizer`.
    pub fn parse(tsv: &str, tokenizer: &Tokenizer) -> Result<Self, Error> {
        let mut codes: Vec<String> = Vec::new();
        let mut phrases = Vec::new();
        let mut firsts: Vec<(String, bool)> = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |why: &str| {
                Error::Vocabulary(format!("themes.tsv line {}: {why}: {line:?}", n + 1))
            };
            let (phrase, code) = line
                .split_once('\t')
                .ok_or_else(|| bad("expected phrase<TAB>code"))?;
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                return Err(bad("a code is lowercase ASCII letters and _"));
            }
            let tokens = tokenizer.tokenize_detailed(phrase.trim())?;
            let words: Vec<String> = tokens.iter().filter_map(base).collect();
            if words.is_empty() {
                return Err(bad("no words"));
            }
            if phrase.contains(CLAUSE_ENDS) {
                return Err(bad("a phrase is read within one clause: no 、 or 。"));
            }
            let inflects = tokens.iter().any(|t| {
                t.base_form
                    .as_deref()
                    .is_some_and(|b| fold_case(b) != fold_case(&t.surface))
            });
            firsts.push((written_stem(&tokens), inflects));
            let c = match codes.iter().position(|c| c == code) {
                Some(c) => c,
                None => {
                    codes.push(code.to_string());
                    codes.len() - 1
                }
            };
            phrases.push((words, c));
        }
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (words, _)) in phrases.iter().enumerate() {
            by_first.entry(words[0].clone()).or_default().push(i);
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(phrases[i].0.len()));
        }
        firsts.sort();
        let mut patterns: Vec<String> = Vec::new();
        let mut needs_base: Vec<bool> = Vec::new();
        for (p, inflects) in firsts {
            if patterns.last() == Some(&p) {
                *needs_base.last_mut().expect("a pattern") |= inflects;
            } else {
                patterns.push(p);
                needs_base.push(inflects);
            }
        }
        let any_first = AhoCorasick::new(&patterns).ok();
        Ok(Self {
            codes,
            phrases,
            by_first,
            any_first,
            needs_base,
        })
    }

    /// The table of `dictionaries/themes.tsv`, built once per process.
    pub fn shared(tokenizer: &Tokenizer) -> Result<&'static Themes, Error> {
        static V: OnceLock<Result<Themes, String>> = OnceLock::new();
        V.get_or_init(|| {
            Themes::parse(crate::vocab::text("themes.tsv"), tokenizer).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Vocabulary(e.clone()))
    }

    /// The distinct theme codes, in file order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// The themes of `texts`, read in order: each with the distinct matched words as
    /// they appear, themes in the order their first word appears.
    pub fn tag<'t>(
        &self,
        texts: impl IntoIterator<Item = &'t str>,
        tokenizer: &Tokenizer,
    ) -> Result<Vec<ThemeTag>, Error> {
        let mut out: Vec<ThemeTag> = Vec::new();
        for text in texts {
            let folded = squeeze_fold(text);
            let Some(m) = self.any_first.as_ref() else {
                continue;
            };
            let mut hits = m.find_overlapping_iter(&folded).peekable();
            if hits.peek().is_none() {
                continue;
            }
            // Surfaces are base forms for nouns, which most phrases are: the cheaper
            // segmentation serves unless a phrase found needs base forms.
            let detailed = hits.any(|h| self.needs_base[h.pattern().as_usize()]);
            // No phrase holds a clause mark (`parse` refuses one), so a phrase lies in
            // one clause: only the clauses that hold some phrase as written are segmented.
            // A phrase read by base forms may be written otherwise (推進し for 推進する,
            // whose stem is す), so then every clause is.
            for clause in clauses(text) {
                let part = &text[clause.clone()];
                if !detailed && part.len() < text.len() && !m.is_match(&squeeze_fold(part)) {
                    continue;
                }
                let words = self.words(part, detailed, tokenizer)?;
                self.match_words(text, clause.start, &words, &mut out);
            }
        }
        Ok(out)
    }

    /// The words of `text` as (matching form, start, end): base forms when `detailed`,
    /// else surfaces; spaces left out.
    fn words(
        &self,
        text: &str,
        detailed: bool,
        tokenizer: &Tokenizer,
    ) -> Result<Vec<(String, usize, usize)>, Error> {
        Ok(if detailed {
            tokenizer
                .tokenize_detailed(text)?
                .iter()
                .filter_map(|t| Some((base(t)?, t.start, t.end)))
                .collect()
        } else {
            tokenizer
                .tokenize(text)?
                .into_iter()
                .filter(|t| !t.surface.trim().is_empty())
                .map(|t| (fold_case(&t.surface), t.start, t.end))
                .collect()
        })
    }

    /// Adds the phrases found in `words` (of `text` from byte `at`) to `out`, the longest
    /// phrase at a place first.
    fn match_words(
        &self,
        text: &str,
        at: usize,
        words: &[(String, usize, usize)],
        out: &mut Vec<ThemeTag>,
    ) {
        let mut i = 0;
        while i < words.len() {
            let hit = self.by_first.get(&words[i].0).and_then(|list| {
                list.iter().find(|&&p| {
                    let phrase = &self.phrases[p].0;
                    words.len() - i >= phrase.len()
                        && phrase.iter().zip(&words[i..]).all(|(a, (b, _, _))| a == b)
                })
            });
            let Some(&p) = hit else {
                i += 1;
                continue;
            };
            let (phrase, c) = &self.phrases[p];
            let last = i + phrase.len() - 1;
            let word = &text[at + words[i].1..at + words[last].2];
            let code = &self.codes[*c];
            match out.iter_mut().find(|t| &t.code == code) {
                Some(t) if t.evidence.iter().any(|e| e == word) => {}
                Some(t) => t.evidence.push(word.to_string()),
                None => out.push(ThemeTag {
                    code: code.clone(),
                    evidence: vec![word.to_string()],
                }),
            }
            i = last + 1;
        }
    }
}

/// Fills `themes` of every measure, priority and indicator.
pub fn tag_all(
    measures: &mut [Measure],
    priorities: &mut [Priority],
    indicators: &mut [Indicator],
    tokenizer: &Tokenizer,
) -> Result<(), Error> {
    let themes = Themes::shared(tokenizer)?;
    for m in measures {
        let texts = std::iter::once(m.title.as_str()).chain(m.details.iter().map(String::as_str));
        m.themes = themes.tag(texts, tokenizer)?;
    }
    for p in priorities {
        p.themes = themes.tag([p.title.as_str()], tokenizer)?;
        if p.themes.is_empty() {
            p.themes = themes.tag(p.description.as_deref(), tokenizer)?;
        }
    }
    for k in indicators {
        k.themes = themes.tag([k.name.as_str()], tokenizer)?;
        if k.themes.is_empty() {
            k.themes = themes.tag(k.description.as_deref(), tokenizer)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(text: &str) -> Vec<(String, Vec<String>)> {
        let tokenizer = Tokenizer::shared().expect("tokenizer");
        Themes::shared(tokenizer)
            .expect("themes")
            .tag([text], tokenizer)
            .expect("tag")
            .into_iter()
            .map(|t| (t.code, t.evidence))
            .collect()
    }

    fn codes(text: &str) -> Vec<String> {
        tags(text).into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn base_forms_and_phrases_match() {
        assert_eq!(codes("情報システムを標準化する"), ["standardization"]);
        assert_eq!(
            tags("情報システムの標準化・共通化"),
            [(
                "standardization".to_string(),
                vec!["標準化".to_string(), "共通化".to_string()]
            )]
        );
        assert_eq!(codes("地域社会のデジタル化"), ["regional_digitalization"]);
        assert_eq!(
            codes("Society 5.0に対応したICTの推進"),
            ["regional_digitalization"]
        );
        assert_eq!(codes("書面・押印・対面の見直し"), ["bpr"]);
        assert_eq!(
            codes("ガバメントクラウド、AI、RPAの活用"),
            ["standardization", "ai_rpa"]
        );
        assert_eq!(codes("ai・rpaの利用推進"), ["ai_rpa"]);
    }

    #[test]
    fn a_phrase_read_by_base_forms_is_looked_for_in_every_clause() {
        // `推進した` is read as 推進・する・た; its written stem 推進す is in the first
        // clause only, yet the phrase stands in the second.
        let tokenizer = Tokenizer::shared().expect("tokenizer");
        let themes = Themes::parse("推進した\tpush\n", tokenizer).expect("themes");
        let tags = themes
            .tag(["標準化を推進する、DXを推進した"], tokenizer)
            .expect("tag");
        assert_eq!(tags.len(), 1);
        assert_eq!(tags[0].evidence, ["推進した"]);
    }

    #[test]
    fn whole_words_only() {
        // AI is not inside MAIL, 対面 not inside 反対面 … as words.
        assert!(codes("MAILの配信").is_empty());
        assert!(codes("観光情報の発信").is_empty());
    }

    #[test]
    fn a_bad_line_names_itself() {
        let tokenizer = Tokenizer::shared().expect("tokenizer");
        let e = Themes::parse("標準化\n", tokenizer)
            .unwrap_err()
            .to_string();
        assert!(e.contains("themes.tsv line 1"), "{e}");
        let e = Themes::parse("# c\n標準化\tStandard\n", tokenizer)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2"), "{e}");
        let e = Themes::parse("書かない、待たない\tbpr\n", tokenizer)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1") && e.contains("clause"), "{e}");
    }
}
