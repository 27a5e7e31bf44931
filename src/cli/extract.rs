//! `keikaku extract`: one file to stdout, many files to a directory or to JSON Lines.
//! The batch itself (threads, skipping, ordering, atomic writes) is `keikaku::batch`,
//! the merge with a reviewer's edits `keikaku::review`;
//! this file parses options, draws the progress bar and prints the summary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use keikaku::Pipeline;
use keikaku::batch::{self, Batch, Sink};

/// Arguments of `keikaku extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Text or PDF files, or directories (every `.txt` and `.pdf` file below them); `-`
    /// reads stdin. A PDF (known by its `%PDF` bytes) is read with poppler's pdftotext.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Write `<DIR>/<file stem>.json` for each input instead of printing. Inputs whose
    /// output is up to date (same input sha256, same keikaku version and dictionaries)
    /// are skipped; two inputs with the same file stem are refused, not overwritten.
    /// An output a person has edited is merged with the new one (the machine's last
    /// output is kept in `<DIR>/.keikaku/base/`); one that does not parse is left alone.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Print one JSON document per line (JSON Lines), in input order.
    #[arg(long, conflicts_with = "output")]
    jsonl: bool,
    #[command(flatten)]
    convert: super::Converting,
    /// Refuse inputs larger than this many bytes (default 64 MiB).
    #[arg(long, value_name = "BYTES", default_value_t = batch::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Refuse inputs with a line longer than this many bytes (default 16 MiB).
    #[arg(long, value_name = "BYTES", default_value_t = keikaku::DEFAULT_MAX_LINE_BYTES)]
    max_line_bytes: usize,
    /// Stop converting a PDF after this many seconds (default: timeout_seconds of
    /// dictionaries/pdf.tsv, 60).
    #[arg(long, value_name = "SECONDS")]
    pdf_timeout: Option<f64>,
    /// Convert every input, even those whose output is up to date.
    #[arg(long)]
    force: bool,
    /// No progress bar and no summary line (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
    /// The output (JSON) of the previous plan: plan measures marked 継続 or 変更 that
    /// continue no evaluated measure of their own document are linked to its measures
    /// (`continues`: `<first 12 hex of its source sha256>:<id>`). An up-to-date output
    /// is not converted again: add --force when adding --previous.
    #[arg(long, value_name = "OLD.json")]
    previous: Option<PathBuf>,
}

/// Reads the previous plan's output; errors name the file.
fn read_previous(path: &std::path::Path) -> Result<keikaku::Document, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let text = std::str::from_utf8(keikaku::validate::strip_bom(&bytes))
        .map_err(|e| format!("{}: not UTF-8: {e}", path.display()))?;
    let value = keikaku::validate::parse(text).map_err(|d| format!("{}:{d}", path.display()))?;
    serde_json::from_value(value)
        .map_err(|e| format!("{}: not a keikaku output: {e}", path.display()))
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    let mut builder = Pipeline::builder().max_line_bytes(args.max_line_bytes);
    if let Some(e) = &args.convert.encoding {
        builder = builder.encoding(e.clone());
    }
    if let Some(t) = args.pdf_timeout {
        match std::time::Duration::try_from_secs_f64(t) {
            Ok(t) if !t.is_zero() => builder = builder.pdf_timeout(t),
            _ => {
                eprintln!("keikaku: error: --pdf-timeout {t}: not a positive number of seconds");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(path) = &args.previous {
        match read_previous(path) {
            Ok(doc) => builder = builder.previous(&doc),
            Err(e) => {
                eprintln!("keikaku: error: --previous {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let pipeline = match builder.build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("keikaku: error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(dir) = &args.output {
        if dir.exists() && !dir.is_dir() {
            eprintln!(
                "keikaku: error: {}: -o names the directory the outputs go into, and this is not a directory",
                dir.display()
            );
            return ExitCode::from(2);
        }
    }
    let expanded = batch::expand(&args.inputs);
    for w in &expanded.warnings {
        eprintln!("keikaku: warning: {w}");
    }
    let files = expanded.files;
    if files.is_empty() && expanded.errors.is_empty() {
        eprintln!(
            "keikaku: error: no .txt or .pdf files in {}",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::FAILURE;
    }
    let mut jobs = args.convert.jobs;
    if jobs > batch::max_jobs() {
        eprintln!(
            "keikaku: warning: --jobs {jobs} is more than four per core; using {}",
            batch::max_jobs()
        );
        jobs = batch::max_jobs();
    }
    if args.output.is_none() && files.len() > 1 && !args.jsonl {
        eprintln!("keikaku: error: several inputs need -o DIR or --jsonl");
        return ExitCode::from(2);
    }
    let is_batch = args.output.is_some() || args.jsonl;

    let bar = (is_batch && !args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files, {elapsed} (eta {eta}) {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut progress = |event: &batch::Event<'_>| {
        if let Some(bar) = &bar {
            bar.inc(1);
            if let Some(name) = event.path.file_name() {
                bar.set_message(name.to_string_lossy().into_owned());
            }
        }
    };

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let sink = match &args.output {
        Some(dir) => Sink::Dir(dir.clone()),
        None => Sink::Stream {
            out: &mut out,
            lines: args.jsonl,
        },
    };
    let result = Batch::new(&pipeline)
        .jobs(jobs)
        .max_bytes(args.max_bytes)
        .force(args.force)
        .run(&files, sink, &mut progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let mut summary = match result {
        Ok(s) => s,
        // A reader that stopped reading (`| head -1`) is not an error.
        Err(keikaku::Error::Write { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("keikaku: error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Folders the walk could not read failed too; they come first, as they were met
    // first.
    let mut failures = expanded.errors;
    failures.append(&mut summary.failures);
    summary.failures = failures;
    for f in &summary.failures {
        eprintln!("keikaku: error: {}", f.reason);
    }
    if is_batch && !args.quiet {
        eprintln!("keikaku: {summary}");
    }
    if summary.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
