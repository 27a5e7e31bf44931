//! `keikaku stream`: JSON Lines of documents on stdin → one result line each on
//! stdout. The work is `keikaku::stream`; this file parses options and reports.

use std::process::ExitCode;

use keikaku::Pipeline;
use keikaku::stream::Stream;

/// Arguments of `keikaku stream`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    convert: super::Converting,
    /// Answer input lines longer than this many bytes with an error record (default
    /// 64 MiB).
    #[arg(long, value_name = "BYTES", default_value_t = keikaku::batch::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// No summary line on stderr.
    #[arg(short, long)]
    quiet: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    let mut builder = Pipeline::builder();
    if let Some(e) = &args.convert.encoding {
        builder = builder.encoding(e.clone());
    }
    let pipeline = match builder.build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("keikaku: error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stdin = std::io::stdin();
    let input = std::io::BufReader::with_capacity(1 << 16, stdin.lock());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = Stream::new(&pipeline)
        .jobs(args.convert.jobs)
        .max_line_bytes(args.max_bytes)
        .run(input, &mut out);
    match result {
        Ok(s) => {
            if !args.quiet {
                eprintln!(
                    "keikaku: streamed {} lines: converted {}, errors {}",
                    s.lines, s.converted, s.failed
                );
            }
            ExitCode::SUCCESS
        }
        // A reader that stopped reading (`| head -1`) is not an error.
        Err(keikaku::Error::Write { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("keikaku: error: {e}");
            ExitCode::FAILURE
        }
    }
}
