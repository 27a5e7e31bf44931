//! The output contract: one [`Document`] per input file, serialized as JSON with a
//! stable key order (`schema_version` "1", see `DESIGN.md` and `keikaku schema`).
//!
//! These are plain serde types with no behaviour beyond ids and small helpers; the
//! stages fill them in. Field names are the contract other tools rely on: add fields
//! freely, rename none without bumping [`SCHEMA_VERSION`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the JSON contract this build writes.
pub const SCHEMA_VERSION: &str = "1";

/// Where an item came from: byte offsets into the decoded source text (UTF-8, before
/// normalization), so `source[start..end]` is the item's original text, and the 1-based
/// lines a person can jump to. The offsets index the text as decoded, not the raw file:
/// for a Shift_JIS, EUC-JP, UTF-16 or BOM-prefixed input they do not slice the file's
/// bytes. `keikaku text FILE` prints exactly the text they index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based line of the last byte.
    pub end_line: usize,
    /// 1-based page of `start`, when the source has pages: a form feed (as `pdftotext`
    /// writes at the end of every page) ends one, so the page is one more than the
    /// form feeds before `start`. Absent when the source has no form feed. Derived from
    /// `start`, as `line` is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub page: Option<u32>,
}

/// One converted plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// Which keikaku made this file, so a re-run can tell whether it is up to date.
    pub generator: Generator,
    /// The input file.
    pub source: Source,
    /// Title, municipality, dates.
    pub document: Metadata,
    /// Chapter and numbered headings, in document order.
    pub sections: Vec<Section>,
    /// The measures (施策) of evaluation and plan tables.
    pub measures: Vec<Measure>,
    /// Status counts per evaluation table: declared by the document and counted from rows.
    pub status_summaries: Vec<StatusSummary>,
    /// Priority programmes (重点事業 / 重点事項) with deadlines.
    pub priorities: Vec<Priority>,
    /// KPI targets.
    pub indicators: Vec<Indicator>,
    /// Legends (凡例) that define marks or grades.
    pub legends: Vec<Legend>,
    /// Glossary entries (用語解説).
    pub glossary: Vec<GlossaryEntry>,
    /// Everything the pipeline guessed or could not reconcile.
    pub warnings: Vec<Warning>,
    /// What a re-run left for the reviewer of an edited output to look at: conflicts
    /// between the reviewer's edits and the machine's new values, items the machine
    /// found anew, items the reviewer deleted. Absent from a file nobody edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

/// The reviewer's to-do list after a re-run merged an edited output (see
/// `keikaku::review`). keikaku adds entries; a reviewer removes a conflict or a
/// new-since-review entry once dealt with, and keikaku does not bring it back.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Fields that both the reviewer and the machine changed, differently: the output
    /// holds the reviewer's value.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// Ids of items the machine found that were not in the output the reviewer edited;
    /// they were added.
    #[serde(default)]
    pub new_since_review: Vec<String>,
    /// Ids of items the machine still finds but the reviewer deleted; they stay deleted.
    #[serde(default)]
    pub deleted: Vec<String>,
}

/// One field that the reviewer and the machine both changed, differently, since the
/// machine output the reviewer started from. An absent value is written `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// Where, as a JSON pointer into this output (e.g. `/measures/3/status/code`).
    pub pointer: String,
    /// The id of the item the field belongs to, so the conflict follows its item when
    /// items before it are deleted or moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The machine's earlier value, which the reviewer saw.
    pub base: serde_json::Value,
    /// The reviewer's value, which the output keeps.
    pub reviewer: serde_json::Value,
    /// The machine's new value, not taken.
    pub machine: serde_json::Value,
}

/// The program and vocabularies that produced a [`Document`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Generator {
    /// `keikaku`.
    pub name: String,
    /// The crate version.
    pub version: String,
    /// A hash of `dictionaries/` and the IPADIC build: changes when a vocabulary changes.
    pub dictionary_fingerprint: String,
}

/// The input file as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The path as given (`-` for standard input).
    pub path: String,
    /// sha256 of the raw bytes, lowercase hex.
    pub sha256: String,
    /// The encoding the bytes were decoded from, e.g. `UTF-8`, `Shift_JIS`, `EUC-JP`.
    pub encoding: String,
    /// Size of the raw file in bytes.
    pub bytes: usize,
    /// How the file was turned into text, when it was not text (a PDF); absent for a
    /// text file. Spans then index the converted text (`keikaku text FILE` prints it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted: Option<Conversion>,
}

/// How a file that is not text (a PDF) was turned into the text spans index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    /// The file's format: `pdf`.
    pub from: String,
    /// The converter and its version, e.g. `pdftotext 22.12.0`.
    pub converter: String,
    /// The converter's options, e.g. `-layout -enc UTF-8`.
    pub options: String,
    /// Pages the file has.
    pub pages: usize,
    /// sha256 of the converted text (UTF-8), lowercase hex.
    pub text_sha256: String,
}

/// What the plan says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// The plan's name, e.g. `二戸市地域情報化推進計画`.
    pub title: Option<String>,
    /// The revision, e.g. `第4次改訂`.
    pub edition: Option<String>,
    /// The municipality, e.g. `二戸市`.
    pub municipality: Option<String>,
    /// The prefecture, e.g. `岩手県`.
    pub prefecture: Option<String>,
    /// When it was published.
    pub published: Option<Published>,
    /// The fiscal years it covers.
    pub period: Option<Period>,
}

/// A publication date as written and as numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Published {
    /// As written, e.g. `令和3年3月`.
    pub text: String,
    /// Gregorian year.
    pub year: i32,
    /// Month, when given.
    pub month: Option<u32>,
}

/// A plan period in fiscal years (a fiscal year is named by the year it starts in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// As written, e.g. `令和3年度～令和7年度`.
    pub text: String,
    /// First fiscal year.
    pub start_fiscal_year: i32,
    /// Last fiscal year.
    pub end_fiscal_year: Option<i32>,
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id.
    pub id: String,
    /// 1 for 第N章, 2 for `N title`, 3 for `(N) title`, 4 for `① title`; `1.`, `1.1.`,
    /// `1.1.1.` … are 2, 3, 4 … (one more per number).
    pub level: u8,
    /// The numbering as written (normalized), e.g. `第3章`, `2`, `(1)`, `①`.
    pub number: Option<String>,
    /// The heading text without its number.
    pub title: String,
    /// Where the heading stands in the source.
    pub span: Span,
}

/// Whether a measure table looks back or forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// A retrospective table: 実施状況 / 検証結果 / 評価 of the previous plan.
    Evaluation,
    /// A forward table: 区分 継続 / 変更 / 新規.
    Plan,
}

/// A word from a vocabulary with its code (`other` when the vocabulary lacks it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coded {
    /// As written in the document.
    pub text: String,
    /// The vocabulary code, e.g. `implemented`, `continued`, or `other`.
    pub code: String,
}

/// A measure (施策): one row of an evaluation or plan table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Stable id, derived from kind, table and normalized title.
    pub id: String,
    /// Evaluation or plan.
    pub kind: MeasureKind,
    /// Id of the table or list the row belongs to, derived from its content (a table's
    /// header row and the heading above it, a list's heading line), never its position:
    /// `t-…` for a table, `l-…` for a list, a priority's id for the 施策 listed under it.
    pub table: String,
    /// Id of the item the measure is listed under: the goal measure (`目標N …`) of a
    /// numbered hierarchy, or the priority whose 施策 list names it. `None` at the top.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The goal (情報化の方向) that applies to the row.
    pub goal: Option<String>,
    /// The strategy (対応策) that applies to the row.
    pub strategy: Option<String>,
    /// The measure's name only.
    pub title: String,
    /// The measure's items (the ・ items after the title).
    pub details: Vec<String>,
    /// What was done (実施状況), item by item.
    pub progress: Vec<String>,
    /// Implementation status, for evaluation tables.
    pub status: Option<Coded>,
    /// Plan category, for plan tables.
    pub category: Option<Coded>,
    /// Codes of the repairs made to this row (see `warnings`).
    #[serde(default)]
    pub repairs: Vec<String>,
    /// The national themes (自治体DX推進計画 areas) its title and details speak of.
    #[serde(default)]
    pub themes: Vec<ThemeTag>,
    /// For a plan measure marked 継続 or 変更: the evaluated measure of the previous plan
    /// it continues. In the same document, that measure's id (`m-…`); in the output of
    /// the previous plan (`keikaku extract --previous old.json`), the first 12 hex digits
    /// of that output's `source.sha256`, a colon and the measure's id there
    /// (`8e9e18a0c3d1:m-2a8a5ae76b`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continues: Option<String>,
    /// The row's original text.
    pub span: Span,
}

/// A national theme an item serves, with the words that show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeTag {
    /// The theme's code, from `dictionaries/themes.tsv`: `standardization`,
    /// `my_number_card`, `online_procedures`, `ai_rpa`, `telework`, `security` (the six
    /// 重点取組事項), `regional_digitalization`, `digital_divide`, `bpr`, `open_data`,
    /// `broadband`, `disaster_prevention`, `education_ict`.
    pub code: String,
    /// The distinct words of the item that matched, as they appear, in reading order.
    pub evidence: Vec<String>,
}

/// The status counts of one evaluation table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusSummary {
    /// Id of the evaluation table.
    pub table: String,
    /// Counts the document's own summary table declares: label as written → count.
    pub declared: BTreeMap<String, u32>,
    /// Counts the prose declares: label as written → count.
    #[serde(default)]
    pub declared_in_prose: BTreeMap<String, u32>,
    /// Counts of the rows' status codes.
    pub from_rows: BTreeMap<String, u32>,
    /// Every disagreement between the three, never reconciled.
    pub discrepancies: Vec<Discrepancy>,
}

/// One disagreement between declared and counted statuses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Discrepancy {
    /// The label as the document writes it.
    pub label: String,
    /// `table` or `prose`.
    pub declared_by: String,
    /// The count the document declares.
    pub declared: u32,
    /// The count from the rows.
    pub from_rows: u32,
}

/// A priority programme (重点事業 / 重点事項).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    /// Stable id.
    pub id: String,
    /// Name of the programme.
    pub title: String,
    /// The heading or table it was listed under, e.g. `重点事項`.
    pub group: Option<String>,
    /// What it is (the content cell or paragraphs).
    pub description: Option<String>,
    /// When it is due.
    pub deadline: Option<Deadline>,
    /// Ids of the measures (施策) the plan lists under it; each is in `measures[]`.
    pub measures: Vec<String>,
    /// The national themes its title speaks of (its description's, when the title
    /// names none).
    #[serde(default)]
    pub themes: Vec<ThemeTag>,
    /// Where it stands in the source.
    pub span: Span,
}

/// A deadline phrase and the fiscal year it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// As written, e.g. `令和7年度（2025年度）まで`.
    pub text: String,
    /// The fiscal year, when it could be computed.
    pub fiscal_year: Option<i32>,
}

/// A KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable id.
    pub id: String,
    /// The indicator's name.
    pub name: String,
    /// What it measures and how.
    pub description: Option<String>,
    /// The value at the start.
    pub baseline: Option<Quantity>,
    /// The value aimed at.
    pub target: Option<Quantity>,
    /// A progress grade, with its meaning from the legend.
    pub evaluation: Option<Evaluation>,
    /// The national themes its name speaks of (its description's, when the name names
    /// none).
    #[serde(default)]
    pub themes: Vec<ThemeTag>,
    /// Where it stands in the source.
    pub span: Span,
}

/// A value cell: as written and parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// As written.
    pub text: String,
    /// The number in base units (`103万件` → 1030000), or `None` (`—`).
    pub value: Option<f64>,
    /// The unit without a kanji multiplier (`件`, `%`, `人`).
    pub unit: Option<String>,
    /// The year the value belongs to.
    pub year: Option<i32>,
}

/// A grade and what the legend says it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// As written, e.g. `前進B`.
    pub text: String,
    /// The legend's meaning, when there is a legend.
    pub meaning: Option<String>,
}

/// A legend (凡例) read from the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Legend {
    /// Id of the table (or line) the legend belongs to, derived from its content: a
    /// table's id (`t-…`, as in `measures[].table`), or `b-…` for a legend on one line.
    pub table: String,
    /// Mark → meaning, e.g. `◎` → `達成`.
    pub marks: BTreeMap<String, String>,
    /// Where it stands in the source.
    pub span: Span,
}

/// A glossary entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    /// Stable id.
    pub id: String,
    /// The term, normalized.
    pub term: String,
    /// Its reading in katakana: from the document, else from the dictionary.
    pub reading: Option<String>,
    /// The group heading it is listed under (`アルファベット順`, `ア行`, `inline` …).
    pub group: Option<String>,
    /// The whole definition, normalized.
    pub definition: String,
    /// Ids of the measures and priorities whose text uses the term.
    #[serde(default)]
    pub mentions: Vec<String>,
    /// Where the entry stands in the source.
    pub span: Span,
}

/// Something the pipeline guessed, repaired or could not reconcile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// A stable machine-readable code, e.g. `unknown_status`, `row_shifted`.
    pub code: String,
    /// What happened, for a person. It names no line or position (the span does), so
    /// it stays the same when text is inserted elsewhere.
    pub message: String,
    /// Id of the record the warning is about (a measure, a priority, or the table of a
    /// status summary); absent when it is about text that became no record (a glossary
    /// line left out) or about the document as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Where, when it concerns a place in the source.
    pub span: Option<Span>,
}

/// Makes ids that stay the same across re-runs and small edits elsewhere: derived from
/// the item's kind, its table and its normalized title, not from its position.
/// A second item with the same key gets `-2`, `-3` … in document order.
#[derive(Debug, Default)]
pub struct IdMaker {
    seen: std::collections::HashMap<String, u32>,
}

impl IdMaker {
    /// A new id for an item of `prefix` kind keyed by `parts`.
    pub fn make(&mut self, prefix: &str, parts: &[&str]) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for p in parts {
            let squeezed = crate::normalize::chars::squeeze(p);
            h.update(squeezed.as_bytes());
            h.update([0x1f]);
        }
        let digest = h.finalize();
        let base = format!("{prefix}-{}", crate::decode::hex(&digest[..5]));
        let n = self.seen.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}-{n}") }
    }
}
