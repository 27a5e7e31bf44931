//! A fuzz test on stable Rust: seeded mutations of the seed plans and the bad-input
//! fixtures through `Pipeline::run` — byte flips, splices, truncations, insertions,
//! re-encodings, huge lines and deep brackets. Any result is fine (a document or an
//! error); a panic is a failure, and proptest shrinks it to a small input to make a
//! fixture of. The number of mutants is `KEIKAKU_FUZZ_CASES` (default 100 000), split
//! over four tests with their own seeds so the test threads run them side by side.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::{pipeline, repo};

/// The inputs mutated: the seeds and every small fixture of `fixtures/bad/`.
fn corpus() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in ["seeds", "fixtures/bad"] {
        let mut files: Vec<_> = std::fs::read_dir(repo(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            if bytes.len() <= 256 * 1024 {
                out.push(bytes);
            }
        }
    }
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: usize,
        mask: u8,
    },
    Truncate {
        at: usize,
    },
    Splice {
        from: usize,
        len: usize,
        to: usize,
    },
    Insert {
        at: usize,
        bytes: Vec<u8>,
    },
    Repeat {
        at: usize,
        unit: &'static str,
        times: usize,
    },
    Reencode(&'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let unit = prop::sample::select(vec![
        "（",
        "）",
        "「",
        "[",
        "|",
        "・",
        "\n",
        "\r",
        "\u{feff}",
        "\u{200d}",
        "９",
        "令和",
        "第1章 ",
        "| 施策 | 実施 |\n",
        "施策の推進",
    ]);
    prop_oneof![
        (any::<usize>(), 1u8..).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), 0usize..4096, any::<usize>())
            .prop_map(|(from, len, to)| Mutation::Splice { from, len, to }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), unit, 1usize..20_000).prop_map(|(at, unit, times)| Mutation::Repeat {
            at,
            unit,
            times
        }),
        prop::sample::select(vec!["Shift_JIS", "EUC-JP", "UTF-16LE", "UTF-16BE"])
            .prop_map(Mutation::Reencode),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len();
    let pos = |x: usize| if n == 0 { 0 } else { x % (n + 1) };
    match m {
        Mutation::Flip { at, mask } if n > 0 => bytes[at % n] ^= mask,
        Mutation::Flip { .. } => {}
        Mutation::Truncate { at } => bytes.truncate(pos(*at)),
        Mutation::Splice { from, len, to } => {
            let from = pos(*from);
            let piece = bytes[from..(from + len).min(n)].to_vec();
            let to = pos(*to);
            bytes.splice(to..to, piece);
        }
        Mutation::Insert { at, bytes: b } => {
            let at = pos(*at);
            bytes.splice(at..at, b.iter().copied());
        }
        Mutation::Repeat { at, unit, times } => {
            let at = pos(*at);
            bytes.splice(at..at, unit.repeat(*times).into_bytes());
        }
        Mutation::Reencode(name) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let enc = encoding_rs::Encoding::for_label(name.as_bytes()).unwrap();
            *bytes = if enc == encoding_rs::UTF_16LE {
                text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
            } else if enc == encoding_rs::UTF_16BE {
                text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
            } else {
                enc.encode(&text).0.into_owned()
            };
        }
    }
}

/// How many shards the mutants are split over (one test each).
const SHARDS: u32 = 4;

#[test]
fn mutants_never_panic_shard_1() {
    shard(1);
}

#[test]
fn mutants_never_panic_shard_2() {
    shard(2);
}

#[test]
fn mutants_never_panic_shard_3() {
    shard(3);
}

#[test]
fn mutants_never_panic_shard_4() {
    shard(4);
}

/// Runs shard `n` of [`SHARDS`]: its share of the mutants, from its own seed.
fn shard(n: u8) {
    let corpus = corpus();
    let total: u32 = std::env::var("KEIKAKU_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let cases = total.div_ceil(SHARDS);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[n.wrapping_mul(7); 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    // A window of a seed (up to 16 KB, so many mutants run in little time) and 1–3
    // mutations of it.
    let strategy = (
        0..corpus.len(),
        any::<usize>(),
        1usize..16 * 1024,
        prop::collection::vec(mutation(), 1..4),
    );
    let ran = std::sync::atomic::AtomicUsize::new(0);
    runner
        .run(&strategy, |(which, start, len, mutations)| {
            let seed = &corpus[which];
            let start = if seed.is_empty() {
                0
            } else {
                start % seed.len()
            };
            let mut bytes = seed[start..(start + len).min(seed.len())].to_vec();
            for m in &mutations {
                apply(&mut bytes, m);
            }
            let _ = pipeline().run("fuzz.txt", &bytes);
            ran.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        })
        .unwrap();
    eprintln!(
        "fuzz shard {n}: {} mutants, 0 panics",
        ran.load(std::sync::atomic::Ordering::Relaxed)
    );
}
