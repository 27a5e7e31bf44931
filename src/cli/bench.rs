//! `keikaku bench`: prints the benchmark's JSON, or makes a corpus to run it on.
//! The measuring is `keikaku::bench`; this file only parses options and prints.

use std::path::PathBuf;
use std::process::ExitCode;

use keikaku::{Pipeline, batch, bench};

/// Arguments of `keikaku bench`.
#[derive(clap::Args)]
pub struct Args {
    /// A directory of plans (every `.txt` file below it) to measure.
    #[arg(required_unless_present = "make_corpus")]
    dir: Option<PathBuf>,
    /// Also measure the pipeline on N threads (default: one per core).
    #[arg(
        short,
        long,
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    jobs: usize,
    /// Measure every stage this many times and keep each one's fastest round (a shared
    /// machine's load shows up as slow rounds).
    #[arg(long, value_name = "N", default_value_t = 3)]
    rounds: usize,
    /// Instead of measuring, write a corpus made from the seeds into DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "dir")]
    make_corpus: Option<PathBuf>,
    /// How many documents --make-corpus writes.
    #[arg(long, default_value_t = 1000)]
    docs: usize,
    /// The seed plans --make-corpus cuts up (files or directories).
    #[arg(long, value_name = "PATH", default_value = "seeds")]
    seeds: Vec<PathBuf>,
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.make_corpus {
        let seeds = batch::expand(&args.seeds).files;
        let corpus = bench::make_corpus(&seeds, dir, args.docs)?;
        let text = serde_json::to_string_pretty(&corpus)? + "\n";
        return super::write_stdout(text.as_bytes());
    }
    let Some(dir) = &args.dir else {
        anyhow::bail!("give a directory to measure, or --make-corpus DIR");
    };
    let files = batch::expand(std::slice::from_ref(dir)).files;
    if files.is_empty() {
        anyhow::bail!("{}: no .txt files", dir.display());
    }
    let pipeline = Pipeline::builder().build()?;
    let report = bench::run(&pipeline, &files, args.jobs, args.rounds)?;
    super::write_stdout((serde_json::to_string_pretty(&report)? + "\n").as_bytes())
}
