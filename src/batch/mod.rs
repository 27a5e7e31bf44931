//! Batch conversion: many input files through one [`Pipeline`], in parallel, into a
//! directory of JSON files (one per input, written atomically, unchanged inputs skipped)
//! or into one stream (pretty JSON or JSON Lines, in input order).
//!
//! Documents stream through: each is read, converted, serialized and written (or handed
//! to the stream) as soon as it is done, and only its outcome is kept, so memory does
//! not grow with the number of documents. Work runs on a thread pool of its own
//! ([`Batch::jobs`]), not rayon's global pool, so a caller can size it per batch.
//!
//! Into a directory, every output is written through [`crate::review::write`]: beside
//! it, in `<dir>/.keikaku/base/`, the pristine machine output (the base) is kept, and an
//! output a person has edited since is merged with the new machine output instead of
//! being replaced — on any re-run that rewrites it (a changed input, `--force`, a new
//! keikaku or dictionary). An output that no longer parses is never overwritten; that
//! input fails with the output's file, line and column, and the batch goes on.
//!
//! This module schedules, skips and reports; it does not convert (that is the pipeline),
//! merge (that is [`crate::review`]), and it draws nothing on a terminal (progress goes
//! to a callback the caller owns).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::model::{Generator, SCHEMA_VERSION};
use crate::review::{self, Written};
use crate::{Error, Pipeline, decode, emit};

mod pool;
mod read;
mod walk;

use pool::run_pool;
pub use read::{DEFAULT_MAX_BYTES, read_input, source_name};
pub use walk::{Expanded, expand};

/// The most threads a batch runs on: four per core. More only costs memory and
/// start-up time (each converts a whole document at once).
pub fn max_jobs() -> usize {
    4 * std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Where a batch's documents go.
pub enum Sink<'w> {
    /// `<dir>/<file stem>.json` for each input, written atomically; an input whose
    /// output is already up to date is skipped (see [`is_up_to_date`]).
    Dir(PathBuf),
    /// Every document, one after another in input order, on a writer: pretty JSON, or
    /// one line each when `lines` is set (JSON Lines). A failure to write it stops the
    /// batch with [`Error::Write`] naming `<stdout>`.
    Stream {
        /// Where the documents go (standard output, usually).
        out: &'w mut dyn Write,
        /// JSON Lines instead of pretty JSON.
        lines: bool,
    },
}

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Converted and written.
    Converted,
    /// Converted and merged with the edits a person made to the existing output.
    Merged {
        /// Conflicts the merged output lists.
        conflicts: usize,
    },
    /// Its output was already up to date.
    Skipped,
    /// Not converted; the reason names the file.
    Failed(String),
}

/// One input done, as reported to the progress callback.
#[derive(Debug)]
pub struct Event<'a> {
    /// The input.
    pub path: &'a Path,
    /// Its size in bytes (0 when it could not be read).
    pub bytes: u64,
    /// What happened to it.
    pub outcome: &'a Outcome,
    /// Inputs done so far, this one included.
    pub done: usize,
    /// Inputs in the batch.
    pub total: usize,
}

/// An input that failed, with the reason (which names the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The input.
    pub path: PathBuf,
    /// What went wrong.
    pub reason: String,
}

/// The result of a batch.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Inputs converted and written.
    pub converted: usize,
    /// Inputs converted and merged with a reviewer's edits.
    pub merged: usize,
    /// Conflicts listed in the merged outputs.
    pub conflicts: usize,
    /// Inputs skipped because their output was up to date.
    pub skipped: usize,
    /// Inputs that failed, in input order.
    pub failures: Vec<Failure>,
    /// Bytes of the inputs that were converted.
    pub converted_bytes: u64,
    /// Wall-clock time of the whole batch.
    pub elapsed: Duration,
}

impl Summary {
    /// Whether every input was converted or skipped.
    pub fn is_success(&self) -> bool {
        self.failures.is_empty()
    }

    /// Throughput of the conversions: converted bytes (10⁶) per second of the batch.
    pub fn mb_per_s(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.converted_bytes as f64 / 1e6 / secs
        } else {
            0.0
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "converted {}, merged {} ({} conflicts), skipped {} (unchanged), failed {}, {:.2} s, {:.2} MB/s",
            self.converted,
            self.merged,
            self.conflicts,
            self.skipped,
            self.failures.len(),
            self.elapsed.as_secs_f64(),
            self.mb_per_s()
        )
    }
}

/// A batch of conversions: the pipeline, how many threads, whether to redo up-to-date
/// outputs.
pub struct Batch<'p> {
    pipeline: &'p Pipeline,
    jobs: usize,
    force: bool,
    max_bytes: u64,
}

impl<'p> Batch<'p> {
    /// A batch on every core, skipping up-to-date outputs.
    pub fn new(pipeline: &'p Pipeline) -> Self {
        Self {
            pipeline,
            jobs: 0,
            force: false,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }

    /// Runs on `jobs` threads (0: one per core), at most [`max_jobs`].
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = jobs.min(max_jobs());
        self
    }

    /// Refuses inputs larger than `max_bytes` (default [`DEFAULT_MAX_BYTES`]).
    pub fn max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// Converts every input even when its output is up to date.
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// Converts `inputs` (files; `-` is standard input) into `sink`, calling `progress`
    /// as each input finishes. A failed input is recorded in the summary and the batch
    /// goes on; an `Err` means the batch itself could not run (the output directory
    /// cannot be made, the stream cannot be written).
    pub fn run(
        &self,
        inputs: &[PathBuf],
        sink: Sink<'_>,
        progress: &mut dyn FnMut(&Event<'_>),
    ) -> Result<Summary, Error> {
        let started = Instant::now();
        let inputs = dedup(inputs);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .thread_name(|i| format!("keikaku-{i}"))
            .build()
            .map_err(|e| Error::Io(std::io::Error::other(e)))?;
        let mut summary = Summary::default();
        let total = inputs.len();
        let mut failures: Vec<(usize, Failure)> = Vec::new();
        let mut done = 0;
        let mut record = |i: usize, bytes: u64, outcome: Outcome| {
            done += 1;
            let path = &inputs[i];
            progress(&Event {
                path,
                bytes,
                outcome: &outcome,
                done,
                total,
            });
            match outcome {
                Outcome::Converted => {
                    summary.converted += 1;
                    summary.converted_bytes += bytes;
                }
                Outcome::Merged { conflicts } => {
                    summary.merged += 1;
                    summary.conflicts += conflicts;
                    summary.converted_bytes += bytes;
                }
                Outcome::Skipped => summary.skipped += 1,
                Outcome::Failed(reason) => failures.push((
                    i,
                    Failure {
                        path: path.clone(),
                        reason,
                    },
                )),
            }
        };

        match sink {
            Sink::Dir(dir) => {
                std::fs::create_dir_all(&dir).map_err(|e| Error::from(e).in_file(&dir))?;
                // Temporary files a killed run left behind, here and beside the bases.
                emit::remove_stale_temps(&dir);
                if let Some(bases) = review::base_path(&dir.join("x.json")).parent() {
                    emit::remove_stale_temps(bases);
                }
                let targets = targets(&inputs, &dir);
                let work = |i: usize| -> (u64, Outcome) {
                    match &targets[i] {
                        Ok(target) => self.convert_to_file(&inputs[i], target),
                        Err(clash) => (0, Outcome::Failed(clash.clone())),
                    }
                };
                run_pool(&pool, total, None, work, |i, (bytes, outcome)| {
                    record(i, bytes, outcome);
                    Ok(())
                })?;
            }
            Sink::Stream { out, lines } => {
                let work = |i: usize| -> (u64, Result<String, String>) {
                    let path = &inputs[i];
                    match self.convert(path) {
                        Ok((bytes, doc)) => (
                            bytes,
                            Ok(if lines {
                                emit::to_json_line(&doc)
                            } else {
                                emit::to_json(&doc)
                            }),
                        ),
                        Err((bytes, e)) => (bytes, Err(e)),
                    }
                };
                // A window of a few documents per thread keeps the output in input
                // order while holding at most that many finished documents in memory.
                let window = 4 * pool.current_num_threads().max(1);
                run_pool(&pool, total, Some(window), work, |i, (bytes, result)| {
                    match result {
                        Ok(text) => {
                            out.write_all(text.as_bytes())?;
                            record(i, bytes, Outcome::Converted);
                        }
                        Err(e) => record(i, bytes, Outcome::Failed(e)),
                    }
                    Ok(())
                })
                .and_then(|()| out.flush())
                .map_err(|source| Error::Write {
                    path: PathBuf::from("<stdout>"),
                    source,
                })?;
            }
        }
        failures.sort_by_key(|(i, _)| *i);
        summary.failures = failures.into_iter().map(|(_, f)| f).collect();
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    /// Reads and converts one input; on failure, the bytes read and the reason.
    fn convert(&self, path: &Path) -> Result<(u64, crate::Document), (u64, String)> {
        let (name, bytes) = read_input(path, self.max_bytes).map_err(|e| (0, e.to_string()))?;
        let size = bytes.len() as u64;
        let doc =
            guarded(&name, || self.pipeline.run_owned(&name, bytes)).map_err(|e| (size, e))?;
        Ok((size, doc))
    }

    /// Converts one input to `target`, unless `target` is up to date, merging the edits
    /// a person made to `target`.
    fn convert_to_file(&self, path: &Path, target: &Path) -> (u64, Outcome) {
        let (name, bytes) = match read_input(path, self.max_bytes) {
            Ok(read) => read,
            Err(e) => return (0, Outcome::Failed(e.to_string())),
        };
        let size = bytes.len() as u64;
        if !self.force && is_up_to_date(target, &name, &bytes, self.pipeline.encoding()) {
            return (size, Outcome::Skipped);
        }
        let doc = match guarded(&name, || self.pipeline.run_owned(&name, bytes)) {
            Ok(doc) => doc,
            Err(e) => return (size, Outcome::Failed(e)),
        };
        // Nothing is written for a failed input, so an older output stays as it was.
        match review::write(target, &doc) {
            Ok(Written::Converted) => (size, Outcome::Converted),
            Ok(Written::Merged { conflicts }) => (size, Outcome::Merged { conflicts }),
            Err(e) => (size, Outcome::Failed(e.to_string())),
        }
    }
}

/// The output file of one input in an output directory: `<dir>/<file stem>.json`.
pub fn output_path(dir: &Path, input: &Path) -> PathBuf {
    let stem = if input.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        input
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "stdin".into())
    };
    dir.join(format!("{stem}.json"))
}

/// The output path of each input, or — where two inputs would write the same output
/// file (`a/plan.txt` and `b/plan.txt`, or `plan.txt` and `Plan.TXT` on a filesystem
/// that ignores case) — a reason naming both. Clashing inputs are all refused rather
/// than one silently overwriting the other or being renamed behind the user's back.
fn targets(inputs: &[PathBuf], dir: &Path) -> Vec<Result<PathBuf, String>> {
    let outputs: Vec<PathBuf> = inputs.iter().map(|p| output_path(dir, p)).collect();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, o) in outputs.iter().enumerate() {
        by_name
            .entry(o.to_string_lossy().to_lowercase())
            .or_default()
            .push(i);
    }
    outputs
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let same = &by_name[&o.to_string_lossy().to_lowercase()];
            if same.len() == 1 {
                return Ok(o.clone());
            }
            let others: Vec<String> = same
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| inputs[j].display().to_string())
                .collect();
            Err(format!(
                "{}: not converted: its output {} would also be written from {} \
                 (rename one of them or convert them into different directories)",
                inputs[i].display(),
                o.display(),
                others.join(", ")
            ))
        })
        .collect()
}

/// Drops repeats of the same file (given twice, or once directly and once through its
/// directory), keeping the first.
fn dedup(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    inputs
        .iter()
        .filter(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| (*p).clone())))
        .cloned()
        .collect()
}

/// Runs a conversion, turning a panic into an error so that one document with a bug
/// in its path through the pipeline is reported like any bad file and the batch goes on
/// (and the ordered stream never waits for a document that will not come). Errors come
/// back as messages naming the file.
fn guarded<T>(name: &str, f: impl FnOnce() -> Result<T, Error>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(result) => result.map_err(|e| e.in_file(name).to_string()),
        Err(panic) => Err(format!("{name}: {}", panic_message(panic.as_ref()))),
    }
}

/// What a caught panic says, as the error of the document it stopped.
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("internal error (please report it): {what}")
}

/// The part of an output file a re-run compares. Deserializing into it still checks
/// the whole file is well-formed JSON (serde skips, but parses, the other fields).
#[derive(Deserialize)]
struct Stamp {
    schema_version: String,
    generator: Generator,
    source: SourceStamp,
}

#[derive(Deserialize)]
struct SourceStamp {
    path: String,
    sha256: String,
    encoding: String,
}

/// Whether `target` is an output of exactly this input by exactly this keikaku: it
/// parses as JSON, and its schema version, generator (name, version, dictionary
/// fingerprint), source path, source sha256 — and, when an encoding is forced, source
/// encoding — all match. Anything else (no file, unreadable, malformed, older keikaku,
/// changed input) means "convert again".
pub fn is_up_to_date(
    target: &Path,
    name: &str,
    input: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
) -> bool {
    let Ok(existing) = std::fs::read(target) else {
        return false;
    };
    let Ok(stamp) = serde_json::from_slice::<Stamp>(&existing) else {
        return false;
    };
    stamp.schema_version == SCHEMA_VERSION
        && stamp.generator == emit::generator()
        && stamp.source.path == name
        && forced.is_none_or(|e| e.name() == stamp.source.encoding)
        && stamp.source.sha256 == decode::sha256_hex(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashing_stems_are_refused_by_name() {
        let inputs = vec![
            PathBuf::from("a/plan.txt"),
            PathBuf::from("b/plan.txt"),
            PathBuf::from("b/other.txt"),
        ];
        let t = targets(&inputs, Path::new("out"));
        assert_eq!(t[2], Ok(PathBuf::from("out/other.json")));
        let a = t[0].as_ref().unwrap_err();
        assert!(a.contains("a/plan.txt") && a.contains("b/plan.txt"), "{a}");
        assert!(t[1].is_err());
    }

    #[test]
    fn a_panic_becomes_an_error() {
        let r: Result<(), String> = guarded("x.txt", || panic!("boom"));
        let e = r.unwrap_err();
        assert!(e.contains("x.txt") && e.contains("boom"), "{e}");
    }
}
