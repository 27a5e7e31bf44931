//! The benchmark behind `keikaku bench`: throughput of decode, normalize, the
//! tokenize-only floor and the whole pipeline, in one process over the same documents,
//! and a generator of a varied corpus to run it on.
//!
//! The floor is lindera segmenting the whole normalized text and reading surfaces only
//! ([`Tokenizer::count_tokens`](crate::tokenize::Tokenizer::count_tokens)): the cheapest
//! pass that touches every character. The pipeline is timed through [`Pipeline::run`]
//! plus JSON serialization, so the benchmark measures whatever the pipeline is today.
//! Every rate is input bytes (10⁶, as read from disk) per second, so the stages compare
//! directly. Files are read into memory before any clock starts; disk is not measured.
//!
//! This module measures; it is not a test (no targets are asserted here) and it is not
//! used by conversion.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::{Error, Pipeline, decode, emit};

/// What `keikaku bench` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Documents measured (those that decode).
    pub docs: usize,
    /// Their total size in bytes, as read.
    pub bytes: u64,
    /// Documents the pipeline refused (timed all the same; the same in every round).
    pub failed: usize,
    /// Rounds measured; each figure is the fastest round.
    pub rounds: usize,
    /// Files left out because they do not decode.
    pub undecodable: usize,
    /// Decoding, one thread, MB/s.
    pub decode_mbps: f64,
    /// Normalization, one thread, MB/s.
    pub normalize_mbps: f64,
    /// lindera over the normalized text, surfaces only, one thread, MB/s: the floor.
    pub tokenize_mbps: f64,
    /// The whole pipeline with JSON serialization, one thread, MB/s.
    pub pipeline_mbps: f64,
    /// The whole pipeline per number of threads (`"1"`, `"2"` …), MB/s.
    pub pipeline_mbps_by_jobs: BTreeMap<String, f64>,
    /// `pipeline_mbps / tokenize_mbps` (the target is ≥ 0.8).
    pub pipeline_vs_tokenize: f64,
    /// The most threads' pipeline MB/s over one thread's.
    pub jobs_speedup: f64,
    /// Wall-clock seconds of each measurement (its fastest round).
    pub seconds: BTreeMap<String, f64>,
    /// CPU seconds (user + system, all threads) of each measurement's fastest round, where the system
    /// tells (Linux). On a shared machine, wall time shows contention; CPU time does
    /// not: equal CPU seconds for 1 and N jobs mean the work itself scales.
    pub cpu_seconds: BTreeMap<String, f64>,
}

/// Measures every stage over `files`, `rounds` times (at least once); the pipeline on
/// one thread and on `jobs` threads (0: one per core).
///
/// Every round times each stage once, in turn, and a stage's result is its fastest
/// round. On a shared machine a stage can be slowed by someone else's load; the
/// fastest of a few rounds is the stage's own cost, and interleaving the stages keeps
/// one slow spell from landing on a single stage.
pub fn run(
    pipeline: &Pipeline,
    files: &[PathBuf],
    jobs: usize,
    rounds: usize,
) -> Result<Report, Error> {
    let mut raw = Vec::new();
    for f in files {
        raw.push((
            f.display().to_string(),
            std::fs::read(f).map_err(|e| Error::from(e).in_file(f))?,
        ));
    }
    let all = raw.len();
    raw.retain(|(_, b)| decode::decode(b, pipeline.encoding()).is_ok());
    let undecodable = all - raw.len();
    // Warm up: the first use of the dictionary touches its pages.
    if let Some((name, bytes)) = raw.first() {
        let _ = pipeline.run(name, bytes);
    }
    let bytes: u64 = raw.iter().map(|(_, b)| b.len() as u64).sum();

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = if jobs == 0 { cores } else { jobs };
    let mut counts = vec![1];
    if most > 1 {
        counts.push(most);
    }
    let pools = counts
        .iter()
        .map(|&n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| Error::Io(std::io::Error::other(e)))
        })
        .collect::<Result<Vec<_>, _>>()?;

    // The fastest (wall seconds, CPU seconds) of each measurement.
    let mut best: BTreeMap<String, (f64, Option<f64>)> = BTreeMap::new();
    let mut time = |name: &str, work: &mut dyn FnMut() -> Result<(), Error>| {
        let (t, c) = (Instant::now(), process_cpu_seconds());
        let done = work();
        let wall = t.elapsed().as_secs_f64();
        let cpu = c.zip(process_cpu_seconds()).map(|(a, b)| b - a);
        let slot = best
            .entry(name.to_string())
            .or_insert((f64::INFINITY, None));
        if wall < slot.0 {
            *slot = (wall, cpu);
        }
        done
    };
    let mut failed = 0;
    for _ in 0..rounds.max(1) {
        let mut decoded = Vec::new();
        time("decode", &mut || {
            decoded = raw
                .iter()
                .filter_map(|(_, b)| decode::decode(b, pipeline.encoding()).ok())
                .collect();
            Ok(())
        })?;
        let mut normalized = Vec::new();
        time("normalize", &mut || {
            normalized = decoded
                .iter()
                .map(|d| pipeline.normalizer().normalize(&d.text).text)
                .collect();
            Ok(())
        })?;
        drop(decoded);
        time("tokenize", &mut || {
            let mut tokens = 0;
            for text in &normalized {
                tokens += pipeline.tokenizer().count_tokens(text)?;
            }
            std::hint::black_box(tokens);
            Ok(())
        })?;
        drop(normalized);
        for (&n, pool) in counts.iter().zip(&pools) {
            time(&format!("pipeline_{n}_jobs"), &mut || {
                let ok = pool.install(|| {
                    raw.par_iter()
                        .filter(|(name, bytes)| match pipeline.run(name, bytes) {
                            Ok(doc) => {
                                std::hint::black_box(emit::to_json(&doc));
                                true
                            }
                            Err(_) => false,
                        })
                        .count()
                });
                failed = raw.len() - ok;
                Ok(())
            })?;
        }
    }

    let seconds: BTreeMap<String, f64> = best.iter().map(|(k, v)| (k.clone(), v.0)).collect();
    let cpu_seconds: BTreeMap<String, f64> = best
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.1?)))
        .collect();
    let rate = |k: &str| mbps(bytes, seconds.get(k).copied().unwrap_or(0.0));
    let by_jobs: BTreeMap<String, f64> = counts
        .iter()
        .map(|n| (n.to_string(), rate(&format!("pipeline_{n}_jobs"))))
        .collect();
    let pipeline_mbps = rate("pipeline_1_jobs");
    let tokenize_mbps = rate("tokenize");
    let top = rate(&format!("pipeline_{most}_jobs"));
    Ok(Report {
        docs: raw.len(),
        bytes,
        failed,
        rounds: rounds.max(1),
        undecodable,
        decode_mbps: rate("decode"),
        normalize_mbps: rate("normalize"),
        tokenize_mbps,
        pipeline_mbps,
        pipeline_mbps_by_jobs: by_jobs,
        pipeline_vs_tokenize: ratio(pipeline_mbps, tokenize_mbps),
        jobs_speedup: ratio(top, pipeline_mbps),
        seconds,
        cpu_seconds,
    })
}

/// User + system CPU seconds of this process so far, from `/proc/self/stat` (fields 14
/// and 15, in the fixed 100 Hz ticks Linux exports); `None` elsewhere.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; the fields after it follow its ")".
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

fn mbps(bytes: u64, secs: f64) -> f64 {
    if secs > 0.0 {
        bytes as f64 / 1e6 / secs
    } else {
        0.0
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

/// What [`make_corpus`] wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Corpus {
    /// Files written.
    pub docs: usize,
    /// Their total size in bytes.
    pub bytes: u64,
    /// Files per encoding (`UTF-8`, `UTF-8 BOM`, `Shift_JIS`, `EUC-JP`).
    pub encodings: BTreeMap<String, usize>,
    /// Files with CRLF line ends.
    pub crlf: usize,
}

/// Writes `docs` plans to `dir` (`plan-00000.txt` …) made from the `seeds`: each is a
/// seed cut at a line end somewhere between 35% and 100% of its length, one in ten
/// written as Shift_JIS and one in ten as EUC-JP (a character those cannot hold becomes
/// 〓), about one in four with CRLF line ends and some UTF-8 ones with a BOM. The same arguments always give the same files.
pub fn make_corpus(seeds: &[PathBuf], dir: &Path, docs: usize) -> Result<Corpus, Error> {
    let mut texts = Vec::new();
    for s in seeds {
        let bytes = std::fs::read(s).map_err(|e| Error::from(e).in_file(s))?;
        let d = decode::decode(&bytes, None).map_err(|e| e.in_file(s))?;
        texts.push(d.text.replace("\r\n", "\n"));
    }
    if texts.is_empty() {
        return Err(Error::Io(std::io::Error::other("no seed files")));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::from(e).in_file(dir))?;
    let encodings = [
        encoding_rs::UTF_8,
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_JP,
    ];
    // Each seed as each encoding can hold it, made once: cutting keeps line ends where
    // they are, so a cut of the held text is the held text of a cut.
    let held: Vec<Vec<String>> = texts
        .iter()
        .map(|t| encodings.iter().map(|&e| holdable(t, e)).collect())
        .collect();
    let mut corpus = Corpus::default();
    for i in 0..docs {
        let r = splitmix64(i as u64);
        let which = match i % 10 {
            3 => 1,
            7 => 2,
            _ => 0,
        };
        let encoding = encodings[which];
        let seed = &held[i % held.len()][which];
        let fraction = 0.35 + 0.65 * ((r % 1000) as f64 / 999.0);
        let at = floor_char_boundary(seed, (seed.len() as f64 * fraction) as usize);
        let cut = seed[at..].find('\n').map_or(seed.len(), |n| at + n + 1);
        let mut text = seed[..cut].to_string();
        let crlf = (r >> 20) % 4 == 0;
        if crlf {
            text = text.replace('\n', "\r\n");
            corpus.crlf += 1;
        }
        let (label, bytes) = if encoding != encoding_rs::UTF_8 {
            let (bytes, _, _) = encoding.encode(&text);
            (encoding.name().to_string(), bytes.into_owned())
        } else if (r >> 40) % 8 == 0 {
            let mut b = vec![0xEF, 0xBB, 0xBF];
            b.extend_from_slice(text.as_bytes());
            ("UTF-8 BOM".to_string(), b)
        } else {
            ("UTF-8".to_string(), text.into_bytes())
        };
        let path = dir.join(format!("plan-{i:05}.txt"));
        std::fs::write(&path, &bytes).map_err(|e| Error::from(e).in_file(&path))?;
        corpus.docs += 1;
        corpus.bytes += bytes.len() as u64;
        *corpus.encodings.entry(label).or_default() += 1;
    }
    Ok(corpus)
}

/// `text` with every character `encoding` cannot hold replaced by 〓 (U+3013, the
/// stand-in JIS itself uses for a character it lacks), so encoding it loses nothing else.
fn holdable(text: &str, encoding: &'static encoding_rs::Encoding) -> String {
    if encoding == encoding_rs::UTF_8 {
        return text.to_string();
    }
    let mut buf = [0u8; 4];
    let mut cache: std::collections::HashMap<char, bool> = std::collections::HashMap::new();
    text.chars()
        .map(|c| {
            let ok = *cache
                .entry(c)
                .or_insert_with(|| !encoding.encode(c.encode_utf8(&mut buf)).2);
            if ok { c } else { '〓' }
        })
        .collect()
}

/// A well-mixed 64-bit hash of a counter (SplitMix64), so the corpus varies without a
/// random-number crate and is the same on every run.
fn splitmix64(i: u64) -> u64 {
    let mut z = i.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn cpu_time_is_read_and_grows_with_work() {
        let before = process_cpu_seconds().expect("/proc/self/stat");
        let start = Instant::now();
        let mut x = 0u64;
        while start.elapsed().as_millis() < 300 {
            x = std::hint::black_box(splitmix64(x));
        }
        let after = process_cpu_seconds().unwrap();
        assert!(after > before, "{before} → {after}");
    }

    #[test]
    fn corpus_is_varied_and_reproducible() {
        let dir = tempfile::tempdir().unwrap();
        let seed = dir.path().join("seed.txt");
        let mut text = String::from("計画のタイトル—①～\n");
        for n in 0..200 {
            text.push_str(&format!("第{n}節 情報化の推進について述べる。\n"));
        }
        std::fs::write(&seed, &text).unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        let made = make_corpus(std::slice::from_ref(&seed), &a, 40).unwrap();
        make_corpus(&[seed], &b, 40).unwrap();
        assert_eq!(made.docs, 40);
        assert!(made.encodings.get("Shift_JIS").copied().unwrap_or(0) >= 3);
        assert!(made.encodings.get("EUC-JP").copied().unwrap_or(0) >= 3);
        assert!(made.crlf > 0 && made.crlf < 40);
        let mut sizes = std::collections::BTreeSet::new();
        for i in 0..40 {
            let name = format!("plan-{i:05}.txt");
            let x = std::fs::read(a.join(&name)).unwrap();
            assert_eq!(x, std::fs::read(b.join(&name)).unwrap());
            let d = decode::decode(&x, None).unwrap();
            assert!(d.text.starts_with("計画のタイトル"));
            if d.encoding != "UTF-8" {
                // The em dash has no Shift_JIS or EUC-JP code; nothing else is lost.
                assert!(d.text.starts_with("計画のタイトル〓①～"), "{}", d.encoding);
            }
            assert!(d.text.ends_with('\n'));
            sizes.insert(d.text.len());
        }
        assert!(sizes.len() > 20, "cuts vary: {sizes:?}");
    }
}
