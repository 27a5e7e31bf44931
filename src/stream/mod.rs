//! The streaming mode: JSON Lines of documents in, one result line per input line
//! out, in input order, so keikaku can run unchanged as the mapper of another engine
//! (Spark's `RDD.pipe`, Hadoop streaming).
//!
//! Each input line is `{"path": "...", "text": "..."}` or `{"path": "...", "base64":
//! "..."}` (other keys are ignored). Its result line is the document exactly as
//! `keikaku extract --jsonl` writes it — `source.path` is the given path, as given;
//! `source.sha256` and `bytes` are of the text's UTF-8 bytes or of the decoded base64
//! bytes — or, when the line cannot be converted, an error record
//! `{"path": <the line's path, or null>, "line": <1-based input line>, "error": "..."}`.
//! An error never stops the stream.
//!
//! Memory is bounded: a line longer than the limit is skipped to its end unheld (and
//! reported), and lines are converted in chunks of a few per thread (and at most
//! [`CHUNK_BYTES`] of input), each chunk written, in order, before the next is read.
//! This module schedules and writes; reading and parsing a line is [`line`].

use std::io::{BufRead, Write};
use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::json;

use crate::{Error, Pipeline, emit};

mod line;

/// A chunk stops taking lines once it holds this many bytes of input (64 MiB).
pub const CHUNK_BYTES: usize = 64 * 1024 * 1024;

/// What a stream did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Input lines read.
    pub lines: usize,
    /// Lines converted to a document.
    pub converted: usize,
    /// Lines answered by an error record.
    pub failed: usize,
}

/// A streaming conversion: the pipeline, its threads, the longest line.
pub struct Stream<'p> {
    pipeline: &'p Pipeline,
    jobs: usize,
    max_line_bytes: u64,
}

/// One line read, waiting for conversion.
enum Pending {
    Request(line::Request),
    Refused(line::Refused),
}

impl<'p> Stream<'p> {
    /// A stream on every core, lines up to [`crate::batch::DEFAULT_MAX_BYTES`].
    pub fn new(pipeline: &'p Pipeline) -> Self {
        Stream {
            pipeline,
            jobs: 0,
            max_line_bytes: crate::batch::DEFAULT_MAX_BYTES,
        }
    }

    /// Converts on `jobs` threads (0: one per core), at most [`crate::batch::max_jobs`].
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = jobs.min(crate::batch::max_jobs());
        self
    }

    /// Refuses (with an error record) input lines longer than this many bytes.
    pub fn max_line_bytes(mut self, max: u64) -> Self {
        self.max_line_bytes = max;
        self
    }

    /// Reads `input` to its end, writing one line to `out` per input line. `Err` only
    /// when the input cannot be read ([`Error::Io`] naming `<stdin>`) or `out` cannot be written
    /// ([`Error::Write`] naming `<stdout>`; a reader that stopped reading gives a
    /// `BrokenPipe` source).
    pub fn run(&self, mut input: impl BufRead, out: &mut dyn Write) -> Result<Summary, Error> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .thread_name(|i| format!("keikaku-{i}"))
            .build()
            .map_err(|e| Error::Io(std::io::Error::other(e)))?;
        let per_chunk = 4 * pool.current_num_threads().max(1);
        let write_error = |source| Error::Write {
            path: PathBuf::from("<stdout>"),
            source,
        };
        let mut summary = Summary::default();
        let mut buf = Vec::new();
        let mut at_end = false;
        while !at_end {
            let mut chunk: Vec<(usize, Pending)> = Vec::new();
            let mut held = 0;
            while chunk.len() < per_chunk && held < CHUNK_BYTES {
                let next = line::next_line(&mut input, &mut buf, self.max_line_bytes)
                    .map_err(|e| Error::from(e).in_file("<stdin>"))?;
                let pending = match next {
                    line::Next::End => {
                        at_end = true;
                        break;
                    }
                    line::Next::TooLong(n) => Pending::Refused(line::Refused {
                        path: None,
                        error: format!(
                            "the line is {n} bytes, more than the limit of {} (raise it with --max-bytes)",
                            self.max_line_bytes
                        ),
                    }),
                    line::Next::Line => match line::parse(&buf) {
                        Ok(r) => Pending::Request(r),
                        Err(r) => Pending::Refused(r),
                    },
                };
                held += buf.len();
                summary.lines += 1;
                chunk.push((summary.lines, pending));
            }
            let results: Vec<(bool, String)> = pool.install(|| {
                chunk
                    .into_par_iter()
                    .map(|(n, p)| self.convert(n, p))
                    .collect()
            });
            for (ok, text) in results {
                if ok {
                    summary.converted += 1;
                } else {
                    summary.failed += 1;
                }
                out.write_all(text.as_bytes()).map_err(write_error)?;
            }
            out.flush().map_err(write_error)?;
        }
        Ok(summary)
    }

    /// The result line of input line `n`: whether it converted, and the line.
    fn convert(&self, n: usize, pending: Pending) -> (bool, String) {
        let refused = match pending {
            Pending::Refused(r) => r,
            Pending::Request(req) => {
                let run = || self.pipeline.run(&req.path, &req.bytes);
                let error = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
                    Ok(Ok(doc)) => return (true, emit::to_json_line(&doc)),
                    Ok(Err(e)) => e.to_string(),
                    Err(panic) => crate::batch::panic_message(panic.as_ref()),
                };
                line::Refused {
                    path: Some(req.path),
                    error,
                }
            }
        };
        let mut text =
            json!({ "path": refused.path, "line": n, "error": refused.error }).to_string();
        text.push('\n');
        (false, text)
    }
}
