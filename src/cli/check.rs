//! `keikaku check FILE.json…`: prints each file's problems as
//! `file:line:col: /pointer: message` (the checks are `keikaku::validate`) and exits 1
//! when any file has an error. Every file is checked; a closed pipe ends quietly.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use keikaku::validate;

/// Arguments of `keikaku check`.
#[derive(clap::Args)]
pub struct Args {
    /// keikaku JSON files, e.g. as a reviewer saved them.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print errors only, not warnings, and no summary line.
    #[arg(short, long)]
    quiet: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let (mut errors, mut warnings, mut failed) = (0, 0, 0);
    for file in &args.files {
        let name = file.display();
        let lines = match validate::check_file(file) {
            Ok(diagnostics) => {
                if validate::has_errors(&diagnostics) {
                    failed += 1;
                }
                diagnostics
                    .into_iter()
                    .filter(|d| {
                        if d.error {
                            errors += 1;
                        } else {
                            warnings += 1;
                        }
                        d.error || !args.quiet
                    })
                    .map(|d| format!("{name}:{d}"))
                    .collect()
            }
            Err(e) => {
                errors += 1;
                failed += 1;
                vec![e.to_string()]
            }
        };
        for line in lines {
            if writeln!(stdout, "{line}").is_err() {
                // A reader that went away (`| head`): stop quietly.
                return status(errors);
            }
        }
    }
    if !args.quiet {
        let _ = stdout.flush();
        eprintln!(
            "keikaku: checked {} file{}: {failed} with errors; {errors} error{}, {warnings} warning{}",
            args.files.len(),
            plural(args.files.len()),
            plural(errors),
            plural(warnings)
        );
    }
    status(errors)
}

fn status(errors: usize) -> ExitCode {
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
