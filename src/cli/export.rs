//! `keikaku export`: keikaku outputs → tables across plans (CSV or JSON Lines). The
//! work is `keikaku::export`; this file parses options and reports.

use std::path::PathBuf;
use std::process::ExitCode;

use keikaku::export::{self, Format};

/// Arguments of `keikaku export`.
#[derive(clap::Args)]
pub struct Args {
    /// keikaku output files, or folders holding them (every `*.json` below, except the
    /// base copies in `.keikaku/`).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The folder the tables go into (made if missing): measures, indicators,
    /// priorities, glossary and status_summaries.
    #[arg(short, long, value_name = "DIR", required = true)]
    output: PathBuf,
    /// `csv` (UTF-8 with BOM, CRLF: opens in Excel) or `jsonl` (one object per row).
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    format: FormatArg,
    /// No summary line (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Csv,
    Jsonl,
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    if args.output.exists() && !args.output.is_dir() {
        eprintln!(
            "keikaku: error: {}: -o names the directory the tables go into, and this is not a directory",
            args.output.display()
        );
        return ExitCode::from(2);
    }
    let format = match args.format {
        FormatArg::Csv => Format::Csv,
        FormatArg::Jsonl => Format::Jsonl,
    };
    let summary = match export::export(&args.inputs, &args.output, format) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("keikaku: error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for w in &summary.warnings {
        eprintln!("keikaku: warning: {w}");
    }
    for f in &summary.failures {
        eprintln!("keikaku: error: {}", f.reason);
    }
    if !args.quiet {
        let files: Vec<String> = summary
            .files
            .iter()
            .map(|(p, n)| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                format!("{name} {n}")
            })
            .collect();
        eprintln!(
            "keikaku: exported {} documents ({}), failed {}",
            summary.documents,
            files.join(", "),
            summary.failures.len()
        );
    }
    if summary.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
