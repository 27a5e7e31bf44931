//! The closed vocabularies of the output contract: the status codes and category codes
//! a measure may carry (read from `dictionaries/` through [`crate::vocab`], plus
//! `other`), the theme codes of `themes[]`, and the one list of warning codes the
//! pipeline writes.
//!
//! The strict schema (`keikaku schema`) and `keikaku check` take their enums from here.
//! This module lists codes; it does not decide which code an item gets.

use crate::vocab;

/// The code of a word that no vocabulary knows.
pub const OTHER: &str = "other";

/// Every code a [`crate::model::Warning`] (and a measure's `repairs`) may carry, sorted.
/// A new warning in the pipeline is added here too; a test reads the sources to make
/// sure none is missing.
pub const WARNING_CODES: &[&str] = &[
    "deadline_ambiguous",
    "deadline_year_unknown",
    "duplicate_cell_dropped",
    "filled_down",
    "glossary_entry_truncated",
    "glossary_term_without_definition",
    "html_fragment",
    "implausible_number",
    "implausible_year",
    "joined_after_page_break",
    "lineage_unmatched_continued",
    "lineage_vanished",
    "no_title",
    "pdf_page_without_text",
    "realigned",
    "status_count_mismatch",
    "title_split_guessed",
    "unknown_category",
    "unknown_status",
];

/// The status codes of `dictionaries/status.tsv`, sorted, and [`OTHER`].
pub fn status_codes() -> Vec<&'static str> {
    with_other(vocab::statuses().codes())
}

/// The category codes of `dictionaries/category.tsv`, sorted, and [`OTHER`].
pub fn category_codes() -> Vec<&'static str> {
    with_other(vocab::categories().codes())
}

/// The theme codes of `dictionaries/themes.tsv` (its second column), sorted.
pub fn theme_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = vocab::entries("themes.tsv")
        .filter_map(|l| Some(l.split_once('\t')?.1.trim()))
        .filter(|c| !c.is_empty())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

fn with_other(mut codes: Vec<&'static str>) -> Vec<&'static str> {
    if !codes.contains(&OTHER) {
        codes.push(OTHER);
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_come_from_the_dictionaries() {
        let s = status_codes();
        for c in [
            "completed",
            "implemented",
            "not_implemented",
            "on_track",
            "other",
        ] {
            assert!(s.contains(&c), "{c}");
        }
        assert!(!s.contains(&"continued"));
        assert_eq!(
            category_codes(),
            [
                "abolished",
                "changed",
                "continued",
                "expanded",
                "new",
                "other"
            ]
        );
    }

    #[test]
    fn warning_codes_are_sorted_and_unique() {
        assert!(WARNING_CODES.windows(2).all(|w| w[0] < w[1]));
    }
}
