//! The `keikaku` command: a thin front over the library (see `src/cli/`).

/// mimalloc: the pipeline makes many small, short-lived strings and vectors per
/// document, on every thread at once.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    keikaku_cli::main()
}

#[path = "cli/mod.rs"]
mod keikaku_cli;
