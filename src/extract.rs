//! Stage 6, extract: blocks, tables and words → the records of the JSON contract.
//!
//! Each kind of record has its own submodule reading the same [`Input`]; they do not
//! call each other, except where one record refers to another by id (a glossary
//! entry's mentions).
//!
//! This module turns shapes into records. It does not cross-check them (the check
//! stage does) or write them (the emit stage does).

pub mod document;
pub mod glossary;
pub mod indicators;
pub mod legends;
pub mod measures;
pub mod priorities;
pub mod sections;

use crate::Error;
use crate::model::{
    GlossaryEntry, Indicator, Legend, Measure, Metadata, Priority, Section, StatusSummary, Warning,
};
use crate::normalize::Normalized;
use crate::segment::Segmented;
use crate::tables::Table;
use crate::tokenize::Words;

/// What every extractor reads.
pub struct Input<'a> {
    /// The normalized text and its map to the source.
    pub normalized: &'a Normalized,
    /// Its blocks.
    pub segmented: &'a Segmented,
    /// Its tables.
    pub tables: &'a [Table],
    /// Its words, segmented on demand (offsets in the normalized text), and the
    /// tokenizer for readings and word lookups.
    pub words: &'a Words<'a>,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Title, municipality, dates.
    pub metadata: Metadata,
    /// Headings.
    pub sections: Vec<Section>,
    /// Measures of evaluation and plan tables.
    pub measures: Vec<Measure>,
    /// Declared and counted statuses.
    pub status_summaries: Vec<StatusSummary>,
    /// Priority programmes.
    pub priorities: Vec<Priority>,
    /// KPIs.
    pub indicators: Vec<Indicator>,
    /// Legends of marks.
    pub legends: Vec<Legend>,
    /// Glossary entries.
    pub glossary: Vec<GlossaryEntry>,
    /// What the extractors guessed or repaired.
    pub warnings: Vec<Warning>,
}

/// Runs every extractor. Legends come first: measures and indicators read marks
/// through them.
pub fn extract(input: &Input<'_>) -> Result<Records, Error> {
    let legends = legends::legends(input);
    let metadata = document::metadata(input);
    let measures = measures::measures(input, &legends);
    let (priorities, priority_warnings) = priorities::priorities(input, &metadata);
    let indicators = indicators::indicators(input, &legends);
    let (glossary, glossary_warnings) = glossary::glossary(input);
    let mut records = Records {
        metadata,
        sections: sections::sections(input),
        legends,
        measures: measures.measures,
        status_summaries: measures.status_summaries,
        priorities,
        indicators,
        glossary,
        warnings: measures.warnings,
    };
    records.warnings.extend(priority_warnings);
    records.warnings.extend(glossary_warnings);
    // Last: mentions refer to the measures and priorities by id.
    glossary::link_mentions(
        &mut records.glossary,
        &records.measures,
        &records.priorities,
        input.words,
        input.normalized,
    )?;
    Ok(records)
}
