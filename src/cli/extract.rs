//! `keikaku extract`: one file to stdout, many files to a directory or to JSON Lines.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use keikaku::{Pipeline, emit};
use rayon::prelude::*;

/// Arguments of `keikaku extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Text files or directories (every `.txt` file below them); `-` reads stdin.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Write `<DIR>/<file stem>.json` for each input instead of printing.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Print one JSON document per line (JSON Lines).
    #[arg(long)]
    jsonl: bool,
    /// Decode with this encoding instead of detecting it (utf-8, shift_jis, euc-jp …).
    #[arg(long)]
    encoding: Option<String>,
}

/// Expands directories into their `.txt` files, sorted.
pub(crate) fn expand(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt")) {
            out.push(p);
        }
    }
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    let mut builder = Pipeline::builder();
    if let Some(e) = &args.encoding {
        builder = builder.encoding(e.clone());
    }
    let pipeline = match builder.build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("keikaku: error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let files = expand(&args.inputs);
    if files.is_empty() {
        eprintln!(
            "keikaku: error: no .txt files in {}",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::FAILURE;
    }
    let convert = |path: &PathBuf| -> anyhow::Result<keikaku::Document> {
        let bytes = super::read_input(path)?;
        let name = if path.as_os_str() == "-" {
            "-".to_string()
        } else {
            path.display().to_string()
        };
        pipeline
            .run(&name, &bytes)
            .map_err(|e| anyhow::anyhow!("{}", e.in_file(&name)))
    };

    if let Some(dir) = &args.output {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("keikaku: error: {}: cannot create: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        let failures: Vec<String> = files
            .par_iter()
            .filter_map(|path| {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "stdin".into());
                let target = dir.join(format!("{stem}.json"));
                let result = convert(path).and_then(|doc| {
                    emit::write_atomic(&target, emit::to_json(&doc).as_bytes())
                        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", target.display()))
                });
                result.err().map(|e| e.to_string())
            })
            .collect();
        for f in &failures {
            eprintln!("keikaku: error: {f}");
        }
        return if failures.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }

    if files.len() > 1 && !args.jsonl {
        eprintln!("keikaku: error: several inputs need -o DIR or --jsonl");
        return ExitCode::from(2);
    }
    let mut failed = false;
    for path in &files {
        match convert(path) {
            Ok(doc) if args.jsonl => print!("{}", emit::to_json_line(&doc)),
            Ok(doc) => print!("{}", emit::to_json(&doc)),
            Err(e) => {
                eprintln!("keikaku: error: {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
