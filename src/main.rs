//! The `keikaku` command: a thin front over the library (see `src/cli/`).

fn main() -> std::process::ExitCode {
    keikaku_cli::main()
}

#[path = "cli/mod.rs"]
mod keikaku_cli;
