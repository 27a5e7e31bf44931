//! Stage 6, extract: blocks, tables and words → the records of the JSON contract.
//!
//! Each kind of record has its own submodule reading the same [`Input`]; they do not
//! call each other, except where one record refers to another by id (a glossary
//! entry's mentions).
//!
//! Ids are derived from content, never from a position: a table's id from its header row
//! and the heading above it ([`table_ids`]), an item's from its kind, its table or list
//! and its normalized title (see [`crate::model::IdMaker`]), so an item keeps its id when
//! text, tables or sections are inserted or removed elsewhere.
//!
//! This module turns shapes into records. It does not cross-check them (the check
//! stage does) or write them (the emit stage does).

pub mod document;
pub mod glossary;
pub mod indicators;
pub mod legends;
pub mod lineage;
pub mod measures;
pub mod priorities;
pub mod sections;
pub mod themes;

use crate::Error;
use crate::model::{
    GlossaryEntry, IdMaker, Indicator, Legend, Measure, Metadata, Priority, Section, StatusSummary,
    Warning,
};
use crate::normalize::Normalized;
use crate::segment::BlockKind;
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
/// through them. Themes and lineage come after the items are found; `previous` is the
/// previous plan's output, whose measures new plan measures may continue.
pub fn extract(input: &Input<'_>, previous: Option<&lineage::Previous>) -> Result<Records, Error> {
    let table_ids = table_ids(input);
    let legends = legends::legends(input, &table_ids);
    let metadata = document::metadata(input);
    let mut measures = measures::measures(input, &legends, &table_ids);
    let mut found = priorities::priorities(input, &metadata);
    link_priority_measures(
        &mut found.priorities,
        &mut measures.measures,
        found.measures,
    );
    let (priorities, priority_warnings) = (found.priorities, found.warnings);
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
    themes::tag_all(
        &mut records.measures,
        &mut records.priorities,
        &mut records.indicators,
        input.words.tokenizer(),
    )?;
    let lineage_warnings = lineage::link(&mut records.measures, previous);
    records.warnings.extend(lineage_warnings);
    Ok(records)
}

/// The id of every table, by [`crate::tables::Table::index`]: `t-` and a hash of the
/// nearest heading above the table and its header row (its first row when it has no
/// header), with `-2`, `-3` … for a repeat in document order. Nothing positional goes
/// in, so a table keeps its id when other tables, sections or paragraphs come or go.
pub fn table_ids(input: &Input<'_>) -> Vec<String> {
    let blocks = &input.segmented.blocks;
    let mut ids = IdMaker::default();
    input
        .tables
        .iter()
        .map(|t| {
            let heading = blocks[..t.first_block.min(blocks.len())]
                .iter()
                .rev()
                .find(|b| matches!(b.kind, BlockKind::Heading(_)))
                .map_or("", |b| b.text.as_str());
            let cells = t
                .header
                .as_deref()
                .or_else(|| t.rows.first().map(|r| r.cells.as_slice()))
                .unwrap_or(&[]);
            let header: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
            ids.make("t", &[heading, &header.join("\u{1f}")])
        })
        .collect()
}

/// Puts the 施策 listed under priorities into the measures and the priorities' `measures`
/// as ids: a listed title that a table or list already holds refers to that measure;
/// any other becomes a measure of its own, its parent the priority.
fn link_priority_measures(
    priorities: &mut [Priority],
    measures: &mut Vec<Measure>,
    listed: Vec<Measure>,
) {
    let key = |t: &str| crate::normalize::chars::squeeze(t);
    let known: std::collections::HashMap<String, String> = measures
        .iter()
        .rev()
        .map(|m| (key(&m.title), m.id.clone()))
        .collect();
    let mut renamed: std::collections::HashMap<String, String> = Default::default();
    for m in listed {
        match known.get(&key(&m.title)) {
            Some(id) => {
                renamed.insert(m.id, id.clone());
            }
            None => measures.push(m),
        }
    }
    for p in priorities {
        for id in &mut p.measures {
            if let Some(known) = renamed.get(id) {
                *id = known.clone();
            }
        }
    }
}
