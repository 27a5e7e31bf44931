//! The errors keikaku reports. Each names what went wrong in words a user can act on;
//! the file it concerns is added by the caller that knows it ([`Error::in_file`]).

use std::path::PathBuf;

/// Everything that can go wrong while converting a document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The file is empty (or only whitespace).
    #[error("the file is empty")]
    Empty,
    /// The bytes are not text (NUL bytes, control characters, or no encoding fits).
    #[error("not text: {0}")]
    Binary(String),
    /// The bytes are not valid in the encoding that was claimed or detected.
    #[error("invalid {encoding} at byte {offset} (line {line})")]
    InvalidEncoding {
        /// The encoding's name.
        encoding: String,
        /// Byte offset of the first invalid sequence.
        offset: usize,
        /// 1-based line of the first invalid sequence.
        line: usize,
    },
    /// An encoding name that keikaku does not know.
    #[error("unknown encoding {0:?} (try utf-8, shift_jis, euc-jp, utf-16le, utf-16be)")]
    UnknownEncoding(String),
    /// The dictionary failed to load or build.
    #[error("dictionary: {0}")]
    Dictionary(String),
    /// A vocabulary file supplied in place of a shipped one cannot be used.
    #[error("vocabulary: {0}")]
    Vocabulary(String),
    /// The tokenizer failed on the text.
    #[error("tokenizer: {0}")]
    Tokenize(String),
    /// A JSON file keikaku was asked to read is malformed.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json said.
        message: String,
    },
    /// A file given to `eval` as gold is not a gold file.
    #[error("not a gold file: {0}")]
    NotGold(String),
    /// A gold file and an output that are about different sources.
    #[error("the gold file is for {gold}, but the output is from {output}")]
    OtherSource {
        /// The gold file's source.
        gold: String,
        /// The output's source.
        output: String,
    },
    /// A file could not be written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// An existing output, which may hold a reviewer's edits, does not parse: it is
    /// left as it is.
    #[error(
        "{}:{line}:{column}: {message}; this output may hold a reviewer's edits, so it was not overwritten (fix it, or delete it to convert afresh)",
        path.display()
    )]
    EditedOutput {
        /// The output file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The text decoded but does not look like a plan at all.
    #[error(
        "this does not look like a plan: no title, measures, priorities, indicators or glossary, and no plan vocabulary"
    )]
    NotAPlan,
    /// A file given to `export` or `review` that is not a keikaku output; the text says
    /// why.
    #[error("{0}")]
    NotAnOutput(String),
    /// An error about a particular file.
    #[error("{}: {source}", path.display())]
    InFile {
        /// The file.
        path: PathBuf,
        /// What went wrong with it.
        #[source]
        source: Box<Error>,
    },
    /// The source an output names cannot be found (for `keikaku review`).
    #[error(
        "its source {recorded:?} (source.path) was not found{}; give it with --source FILE",
        if tried.is_empty() { String::new() } else { format!(" (looked at {})", tried.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")) }
    )]
    SourceNotFound {
        /// `source.path` as the output records it.
        recorded: String,
        /// The paths that were tried.
        tried: Vec<PathBuf>,
    },
    /// The source found is not the one the output was made from (for `keikaku review`).
    #[error(
        "the source {} is not the text this output was made from (its sha256 is {found}, the output records {recorded}); re-run keikaku extract on it, or give the original with --source FILE",
        path.display()
    )]
    SourceChanged {
        /// The file found.
        path: PathBuf,
        /// The sha256 the output records.
        recorded: String,
        /// The sha256 of the file found.
        found: String,
    },
    /// An input that is not a regular file (a FIFO, a device, a directory): refused
    /// unopened. The text says what it is.
    #[error("{0}")]
    NotAFile(String),
    /// A line longer than the limit (`--max-line-bytes`).
    #[error(
        "line {line} is {bytes} bytes long, more than the limit of {limit} (raise it with --max-line-bytes)"
    )]
    LineTooLong {
        /// The 1-based line.
        line: usize,
        /// Its length in bytes of decoded text.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// A PDF was given but its converter, poppler's `pdftotext`, is not installed.
    #[error(
        "this is a PDF, and reading it needs pdftotext, which is not installed (apt-get install poppler-utils)"
    )]
    PdfConverterMissing,
    /// The PDF converter ran longer than the time limit and was stopped.
    #[error(
        "the PDF converter ran longer than {seconds} s and was stopped (raise the limit with --pdf-timeout)"
    )]
    PdfTimeout {
        /// The limit, in seconds.
        seconds: f64,
    },
    /// A PDF that cannot be turned into text (encrypted, broken, no pages, no text);
    /// the text says which.
    #[error("cannot read this PDF: {0}")]
    Pdf(String),
    /// A file named `.pdf` whose bytes are not a PDF; the text says what they look like.
    #[error("named .pdf but not a PDF: {0}")]
    NotAPdf(String),
    /// An input larger than the limit (`--max-bytes`).
    #[error("{}more than the limit of {limit} bytes (raise it with --max-bytes)", bytes.map(|b| format!("too large: {b} bytes, ")).unwrap_or_else(|| "too large: ".into()))]
    TooLarge {
        /// The file's size, when known before reading.
        bytes: Option<u64>,
        /// The limit.
        limit: u64,
    },
}

impl Error {
    /// Attaches the file this error concerns.
    pub fn in_file(self, path: impl Into<PathBuf>) -> Error {
        match self {
            e @ Error::InFile { .. } => e,
            e => Error::InFile {
                path: path.into(),
                source: Box::new(e),
            },
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        }
    }
}
