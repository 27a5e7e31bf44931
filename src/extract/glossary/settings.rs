//! The thresholds and weights of the shape detectors (`dictionaries/glossary_detect.tsv`).

use std::collections::HashMap;
use std::sync::OnceLock;

/// What is known of one term → definition pair.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PairFeatures {
    /// The term is a run of nouns (no verb, auxiliary or particle).
    pub noun_term: bool,
    /// The definition ends a sentence (or the text ends inside it).
    pub ends_sentence: bool,
    /// The definition has at least `min_definition_chars` characters.
    pub long_enough: bool,
    /// Its first sentence ends as definitions do.
    pub definitional: bool,
}

fn kind_list(tsv: &str, kind: &str) -> Vec<String> {
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(k, _)| k.trim() == kind)
        .map(|(_, w)| w.trim().to_string())
        .collect()
}

/// Thresholds and weights, read once.
#[derive(Debug, Clone)]
pub(super) struct Settings {
    pub min_run_pairs: usize,
    pub min_run_score: f64,
    pub min_pair_score: f64,
    pub weight_term_is_noun_run: f64,
    pub weight_definition_ends_sentence: f64,
    pub weight_definition_long_enough: f64,
    pub weight_definition_ending: f64,
    pub min_definition_chars: usize,
    pub max_term_chunks: usize,
    pub max_extra_term_chunk_chars: usize,
    pub min_flat_line_chars: usize,
    pub min_wrapped_line_chars: usize,
    /// Auxiliaries passed over at the end of a definition's first sentence.
    pub ending_skip: Vec<String>,
    /// Verbs that end a definition.
    pub ending_verbs: Vec<String>,
}

impl Settings {
    fn parse(tsv: &str, endings: &str) -> Self {
        let values: HashMap<&str, f64> = tsv
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (k, v) = l.split_once('\t')?;
                Some((k.trim(), v.trim().parse().ok()?))
            })
            .collect();
        let get = |k: &str| -> f64 {
            *values
                .get(k)
                .unwrap_or_else(|| panic!("dictionaries/glossary_detect.tsv has no {k}"))
        };
        let count = |k: &str| get(k).max(0.0) as usize;
        Self {
            min_run_pairs: count("min_run_pairs"),
            min_run_score: get("min_run_score"),
            min_pair_score: get("min_pair_score"),
            weight_term_is_noun_run: get("weight_term_is_noun_run"),
            weight_definition_ends_sentence: get("weight_definition_ends_sentence"),
            weight_definition_long_enough: get("weight_definition_long_enough"),
            weight_definition_ending: get("weight_definition_ending"),
            min_definition_chars: count("min_definition_chars"),
            max_term_chunks: count("max_term_chunks"),
            max_extra_term_chunk_chars: count("max_extra_term_chunk_chars"),
            min_flat_line_chars: count("min_flat_line_chars"),
            min_wrapped_line_chars: count("min_wrapped_line_chars"),
            ending_skip: kind_list(endings, "skip"),
            ending_verbs: kind_list(endings, "verb"),
        }
    }

    /// The settings of `dictionaries/glossary_detect.tsv`.
    pub fn get() -> &'static Settings {
        static V: OnceLock<Settings> = OnceLock::new();
        V.get_or_init(|| {
            Self::parse(
                crate::vocab::text("glossary_detect.tsv"),
                crate::vocab::text("glossary_definition_endings.tsv"),
            )
        })
    }

    /// The score of one pair from its features, between 0 and 1.
    pub fn pair_score(&self, f: PairFeatures) -> f64 {
        let w = |on: bool, weight: f64| if on { weight } else { 0.0 };
        w(f.noun_term, self.weight_term_is_noun_run)
            + w(f.ends_sentence, self.weight_definition_ends_sentence)
            + w(f.long_enough, self.weight_definition_long_enough)
            + w(f.definitional, self.weight_definition_ending)
    }

    /// Whether pairs with these scores, at least `min_pairs` of them, make a glossary.
    pub fn accepts(&self, scores: &[f64], min_pairs: usize) -> bool {
        scores.len() >= min_pairs.max(1)
            && scores.iter().sum::<f64>() / scores.len() as f64 >= self.min_run_score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_settings_parse() {
        let s = Settings::get();
        assert!(s.min_run_pairs >= 2);
        assert!(s.accepts(&[1.0; 5], s.min_run_pairs));
        assert!(!s.accepts(&[0.0; 5], s.min_run_pairs));
        assert!(!s.accepts(&[1.0], s.min_run_pairs));
        assert!(s.accepts(&[1.0], 1));
    }
}
