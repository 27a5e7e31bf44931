//! Integration tests: one binary (each test binary embeds the dictionary, so they are
//! kept together), one module per capability.

mod cli;
mod dictionary;
mod encodings;

use std::path::PathBuf;

/// A path inside the repository.
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The process-wide pipeline.
pub fn pipeline() -> &'static keikaku::Pipeline {
    static P: std::sync::OnceLock<keikaku::Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| keikaku::Pipeline::builder().build().expect("pipeline"))
}

/// Converts a repository file.
pub fn convert(path: &str) -> keikaku::Document {
    pipeline()
        .run_file(&repo(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}
