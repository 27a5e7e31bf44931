//! keikaku (計画) turns the raw text of Japanese municipal plans — 情報化推進計画, DX推進計画
//! and their kin, as text pulled out of PDFs — into structured JSON: measures with their
//! statuses and categories, priorities with deadlines, KPI targets and the glossary.
//!
//! ```
//! use keikaku::Pipeline;
//!
//! let text = "二戸市地域情報化推進計画\n\n＜令和3年度～令和7年度＞\n\n令和3年3月\n\n岩手県二戸市\n\n\
//!             第1章 計画の概要\n\n1 計画の期間\n\n計画期間は、令和3年度から令和7年度までの5年間とします。\n";
//! let pipeline = Pipeline::builder().build()?;
//! let doc = pipeline.run("plan.txt", text.as_bytes())?;
//!
//! assert_eq!(doc.schema_version, "1");
//! assert_eq!(doc.source.encoding, "UTF-8");
//! assert_eq!(doc.document.title.as_deref(), Some("二戸市地域情報化推進計画"));
//! assert_eq!(doc.document.municipality.as_deref(), Some("二戸市"));
//! assert_eq!(doc.document.prefecture.as_deref(), Some("岩手県"));
//! let period = doc.document.period.as_ref().unwrap();
//! assert_eq!((period.start_fiscal_year, period.end_fiscal_year), (2021, Some(2025)));
//!
//! // Every item points back at its original text.
//! let section = &doc.sections[0];
//! assert_eq!(&text[section.span.start..section.span.end], "第1章 計画の概要");
//! assert_eq!(section.span.line, 9);
//! # Ok::<(), keikaku::Error>(())
//! ```
//!
//! The pipeline is eight stages, one module each, data flowing one way:
//! decode → normalize → segment → tables → tokenize → extract → check → emit.
#![deny(missing_docs)]

pub mod batch;
pub mod bench;
pub mod builder;
pub mod check;
pub mod codes;
pub mod deadline;
pub mod decode;
pub mod diff;
pub mod emit;
pub mod era;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod model;
pub mod normalize;
pub mod number;
pub mod pdf;
pub mod review;
pub mod review_page;
pub mod schema;
pub mod segment;
pub mod stream;
pub mod tables;
pub mod tokenize;
pub mod validate;
pub mod vocab;

pub use builder::{DEFAULT_MAX_LINE_BYTES, PipelineBuilder};
pub use error::Error;
pub use model::Document;

use normalize::Normalizer;
use tokenize::Tokenizer;

/// A configured pipeline. Build one ([`Pipeline::builder`]) and run it on any number of
/// documents, from any number of threads.
pub struct Pipeline {
    encoding: Option<&'static encoding_rs::Encoding>,
    pdf: pdf::Options,
    normalizer: Normalizer,
    tokenizer: &'static Tokenizer,
    max_line_bytes: usize,
    previous: Option<std::sync::Arc<extract::lineage::Previous>>,
}

impl Pipeline {
    /// Starts configuring a pipeline.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Converts one document. `path` is recorded as the source's path.
    pub fn run(&self, path: &str, bytes: &[u8]) -> Result<Document, Error> {
        let decoded = self.decode(path, bytes)?; //                        1 decode
        self.run_decoded(path, decoded)
    }

    /// Converts one document, as [`Pipeline::run`] does, taking its bytes: they are
    /// freed once decoded, so a long plan is not held twice while the stages run.
    pub fn run_owned(&self, path: &str, bytes: Vec<u8>) -> Result<Document, Error> {
        let decoded = self.decode(path, &bytes)?; //                       1 decode
        drop(bytes);
        self.run_decoded(path, decoded)
    }

    /// Stages 2–8 on decoded text.
    fn run_decoded(&self, path: &str, mut decoded: decode::Decoded) -> Result<Document, Error> {
        decode::check_line_lengths(&decoded.text, self.max_line_bytes)?;
        let normalized = self.normalizer.normalize(&decoded.text); //    2 normalize
        // Past here spans map back through `normalized`; the decoded text is freed so
        // that a long plan is held once, not twice, while the later stages run.
        decoded.text = String::new();
        let segmented = segment::segment(&normalized.text); //           3 segment
        let tables = tables::recover(&segmented); //                     4 tables
        let words = tokenize::Words::new(self.tokenizer, &normalized.text); // 5 tokenize
        let input = extract::Input {
            normalized: &normalized,
            segmented: &segmented,
            tables: &tables,
            words: &words,
        };
        let records = extract::extract(&input, self.previous.as_deref())?; // 6 extract
        if !check::looks_like_a_plan(&records, &normalized.text) {
            return Err(Error::NotAPlan);
        }
        let warnings = check::check(&records); //                        7 check
        Ok(emit::document(path, &decoded, records, warnings)) //         8 emit
    }

    /// Stage 1 as this pipeline runs it: [`decode::decode_with`] its encoding and PDF
    /// limits, refusing a file named `.pdf` that is not a PDF (an HTML page saved
    /// under a PDF's name, say) rather than reading it as text.
    pub fn decode(&self, path: &str, bytes: &[u8]) -> Result<decode::Decoded, Error> {
        let named_pdf = std::path::Path::new(path)
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("pdf"));
        if named_pdf && !pdf::is_pdf(bytes) {
            return Err(Error::NotAPdf(pdf::what_it_is(bytes)));
        }
        decode::decode_with(bytes, self.encoding, &self.pdf)
    }

    /// The limits a PDF is converted with.
    pub fn pdf_options(&self) -> &pdf::Options {
        &self.pdf
    }

    /// Reads and converts one file (a regular file of at most
    /// [`batch::DEFAULT_MAX_BYTES`]); errors name the file.
    pub fn run_file(&self, path: &std::path::Path) -> Result<Document, Error> {
        let (name, bytes) = batch::read_input(path, batch::DEFAULT_MAX_BYTES)?;
        self.run(&name, &bytes).map_err(|e| e.in_file(path))
    }

    /// The tokenizer this pipeline uses.
    pub fn tokenizer(&self) -> &'static Tokenizer {
        self.tokenizer
    }

    /// The normalizer this pipeline uses.
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// The encoding override, if any.
    pub fn encoding(&self) -> Option<&'static encoding_rs::Encoding> {
        self.encoding
    }
}
