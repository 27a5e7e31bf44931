//! Measures normalization throughput on a corpus of many documents: the seed plans and
//! the normalization fixtures, repeated until the corpus holds about 10 MB, each copy
//! normalized as its own document (one thread, then all cores with rayon).
//!
//! ```sh
//! cargo run --release --example normalize_bench [-- TARGET_MB]
//! ```

use std::time::Instant;

use keikaku::normalize::Normalizer;
use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target_mb: f64 = std::env::args().nth(1).map_or(Ok(10.0), |a| a.parse())?;
    let root = env!("CARGO_MANIFEST_DIR");
    let mut originals = Vec::new();
    for path in [
        "seeds/ninohe-2021.txt",
        "seeds/bibai-2021.txt",
        "fixtures/normalize/wrapped-glossary.txt",
        "fixtures/normalize/flattened-glossary.txt",
    ] {
        let bytes = std::fs::read(format!("{root}/{path}")).map_err(|e| format!("{path}: {e}"))?;
        originals.push(
            keikaku::decode::decode(&bytes, None)
                .map_err(|e| format!("{path}: {e}"))?
                .text,
        );
    }
    let mut corpus = Vec::new();
    let mut bytes = 0usize;
    while (bytes as f64) < target_mb * 1e6 {
        for text in &originals {
            bytes += text.len();
            corpus.push(text.clone());
        }
    }
    let normalizer = Normalizer::default();
    // Load the dictionary before timing (a batch loads it once per process).
    keikaku::tokenize::Tokenizer::shared()?;
    let mb = bytes as f64 / 1e6;
    println!("corpus: {} documents, {mb:.1} MB", corpus.len());

    let t = Instant::now();
    let out: usize = corpus
        .iter()
        .map(|d| normalizer.normalize(d).text.len())
        .sum();
    let one = t.elapsed().as_secs_f64();
    println!("normalize, 1 thread:   {:.1} MB/s ({one:.2} s)", mb / one);

    let t = Instant::now();
    let out_par: usize = corpus
        .par_iter()
        .map(|d| normalizer.normalize(d).text.len())
        .sum();
    let all = t.elapsed().as_secs_f64();
    println!(
        "normalize, {} threads: {:.1} MB/s ({all:.2} s)",
        rayon::current_num_threads(),
        mb / all
    );
    assert_eq!(out, out_par);

    let tokenizer = keikaku::tokenize::Tokenizer::shared()?;
    let t = Instant::now();
    let mut tokens = 0;
    for d in &corpus {
        tokens += tokenizer.count_tokens(d)?;
    }
    let tok = t.elapsed().as_secs_f64();
    println!(
        "tokenize only, 1 thread: {:.1} MB/s ({tokens} tokens)",
        mb / tok
    );
    Ok(())
}
