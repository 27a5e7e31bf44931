//! `keikaku diff A.json B.json`: the item-level differences (`keikaku::diff`) as lines
//! for people or, with `--json`, one JSON object for tools. Exits like diff(1): 0 when
//! the files are equal, 1 when they differ, 2 when one cannot be read or parsed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use keikaku::diff;

/// Arguments of `keikaku diff`.
#[derive(clap::Args)]
pub struct Args {
    /// The first (older) file.
    a: PathBuf,
    /// The second (newer) file.
    b: PathBuf,
    /// Print `{"equal": …, "changes": [{"op", "pointer", "id", "old", "new"}…]}`.
    #[arg(long)]
    json: bool,
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    let (a, b) = match (read(&args.a), read(&args.b)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("keikaku: error: {e}");
            return ExitCode::from(2);
        }
    };
    let changes = diff::diff(&a, &b);
    let out = if args.json {
        let doc = serde_json::json!({ "equal": changes.is_empty(), "changes": changes });
        let mut s = serde_json::to_string_pretty(&doc).expect("changes serialize");
        s.push('\n');
        s
    } else {
        diff::text(&changes)
    };
    // A reader that went away (`| head`) is not an error.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Reads and parses a JSON file; errors name the file (and the line and column).
fn read(path: &Path) -> Result<serde_json::Value, String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    keikaku::validate::parse(&text).map_err(|d| format!("{name}:{d}"))
}
