//! The builder of a [`Pipeline`]: which encoding to assume and which normalization rules
//! to run. The dictionary is loaded once per process and shared by every pipeline.

use crate::normalize::{Normalizer, Rule};
use crate::tokenize::Tokenizer;
use crate::{Error, Pipeline};

/// Configures a [`Pipeline`].
#[derive(Debug, Default, Clone)]
pub struct PipelineBuilder {
    encoding: Option<String>,
    rules: Option<Vec<Rule>>,
    max_line_bytes: Option<usize>,
    pdf_timeout: Option<std::time::Duration>,
    previous: Option<std::sync::Arc<crate::extract::lineage::Previous>>,
}

/// The longest line a document may hold, in bytes of decoded text, unless
/// [`PipelineBuilder::max_line_bytes`] says otherwise: a whole plan flattened onto one
/// line is a few hundred kilobytes, so a longer line is not text a plan is made of.
pub const DEFAULT_MAX_LINE_BYTES: usize = 16 << 20;

impl PipelineBuilder {
    /// Decode every input with this encoding (`utf-8`, `shift_jis`, `euc-jp` …)
    /// instead of detecting it.
    pub fn encoding(mut self, label: impl Into<String>) -> Self {
        self.encoding = Some(label.into());
        self
    }

    /// Run only these normalization rules (default: all).
    pub fn rules(mut self, rules: &[Rule]) -> Self {
        self.rules = Some(rules.to_vec());
        self
    }

    /// Refuses a document with a line longer than `bytes` (default
    /// [`DEFAULT_MAX_LINE_BYTES`]).
    pub fn max_line_bytes(mut self, bytes: usize) -> Self {
        self.max_line_bytes = Some(bytes);
        self
    }

    /// Stop the PDF converter after this long (default: `timeout_seconds` of
    /// `dictionaries/pdf.tsv`).
    pub fn pdf_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.pdf_timeout = Some(timeout);
        self
    }

    /// Link plan measures marked 継続 or 変更 that continue no evaluated measure of
    /// their own document to the measures of `previous`, the output of the previous
    /// plan (see [`crate::extract::lineage`]).
    pub fn previous(mut self, previous: &crate::Document) -> Self {
        self.previous = Some(std::sync::Arc::new(crate::extract::lineage::Previous::of(
            previous,
        )));
        self
    }

    /// Loads the dictionary (once per process) and makes the pipeline.
    pub fn build(self) -> Result<Pipeline, Error> {
        let encoding = self
            .encoding
            .as_deref()
            .map(crate::decode::encoding_for_label)
            .transpose()?;
        let normalizer = match &self.rules {
            Some(r) => Normalizer::with_rules(r),
            None => Normalizer::default(),
        };
        let mut pdf = crate::pdf::Options::default();
        if let Some(t) = self.pdf_timeout {
            pdf.timeout = t;
        }
        Ok(Pipeline {
            encoding,
            pdf,
            normalizer,
            max_line_bytes: self.max_line_bytes.unwrap_or(DEFAULT_MAX_LINE_BYTES),
            tokenizer: Tokenizer::shared()?,
            previous: self.previous,
        })
    }
}
