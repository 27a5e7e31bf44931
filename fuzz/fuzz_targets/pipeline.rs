//! Any bytes through `Pipeline::run`: a document or an error is fine, a panic, a hang
//! (libFuzzer's -timeout) or unbounded memory (-rss_limit_mb) is a finding.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static keikaku::Pipeline {
    static P: OnceLock<keikaku::Pipeline> = OnceLock::new();
    P.get_or_init(|| keikaku::Pipeline::builder().build().expect("the dictionary loads"))
}

fuzz_target!(|data: &[u8]| {
    let _ = pipeline().run("fuzz.txt", data);
});
