//! `keikaku review OUTPUT.json… [-o PAGE]`: writes the review page of each keikaku
//! output (`keikaku::review_page`), one self-contained HTML file per document. A folder
//! stands for the `.json` files directly in it. A file that fails (unreadable, not an
//! output, its source missing or changed) is reported and skipped; the exit status is
//! then 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

/// Arguments of `keikaku review`.
#[derive(clap::Args)]
pub struct Args {
    /// keikaku JSON outputs, or folders of them.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write: for one JSON file, the page (an existing folder: the page goes
    /// into it); for a folder or several files, a folder. Default: beside each output,
    /// `plan.json` → `plan.html`.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// The source text file, when it is no longer at the output's `source.path`
    /// (one output only). It must be the file the output was made from (same sha256).
    #[arg(long, value_name = "FILE")]
    source: Option<PathBuf>,
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    match plan(&args) {
        Err(e) => {
            eprintln!("keikaku: error: {e:#}");
            ExitCode::FAILURE
        }
        Ok((jobs, batch)) => {
            let (mut written, mut failed) = (0, 0);
            for (json, page) in &jobs {
                match write_page(json, page, args.source.as_deref()) {
                    Ok(()) => {
                        written += 1;
                        eprintln!("keikaku: wrote {}", page.display());
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("keikaku: error: {e:#}");
                    }
                }
            }
            if batch {
                eprintln!("keikaku: wrote {written} pages, failed {failed}");
            }
            if failed > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// Each output with the page to write for it, and whether this is a batch (a folder or
/// several files), which ends with a summary line.
fn plan(args: &Args) -> anyhow::Result<(Vec<(PathBuf, PathBuf)>, bool)> {
    let mut jsons = Vec::new();
    let mut from_folder = false;
    for input in &args.inputs {
        if input.is_dir() {
            from_folder = true;
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("{}: cannot read the folder", input.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            if found.is_empty() {
                anyhow::bail!("{}: no .json files in this folder", input.display());
            }
            jsons.extend(found);
        } else {
            jsons.push(input.clone());
        }
    }
    if args.source.is_some() && jsons.len() != 1 {
        anyhow::bail!(
            "--source names the source of one output, but {} were given",
            jsons.len()
        );
    }
    let single = jsons.len() == 1 && !from_folder;
    let page_name = |json: &Path| -> PathBuf { json.with_extension("html") };
    let jobs = jsons
        .into_iter()
        .map(|json| {
            let page = match &args.output {
                None => page_name(&json),
                Some(out) if single && !out.is_dir() => out.clone(),
                Some(dir) => dir.join(page_name(&json).file_name().unwrap_or_default()),
            };
            (json, page)
        })
        .collect();
    Ok((jobs, !single))
}

fn write_page(json: &Path, page: &Path, source: Option<&Path>) -> anyhow::Result<()> {
    let (_, bytes) = keikaku::batch::read_input(json, keikaku::batch::DEFAULT_MAX_BYTES)?;
    let html =
        keikaku::review_page::page_for_file(json, &bytes, source).map_err(|e| e.in_file(json))?;
    if let Some(dir) = page.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    }
    keikaku::emit::write_atomic(page, html.as_bytes())
        .with_context(|| format!("{}: cannot write", page.display()))
}
