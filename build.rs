//! Builds the IPADIC system dictionary from its source at compile time, without any
//! download, and records a fingerprint of the vocabularies in `dictionaries/`.
//!
//! The IPADIC source comes from the directory named by `IPADIC_SRC_DIR`, by default
//! `/usr/share/mecab/dic/ipadic` (Debian's `mecab-ipadic` package). The built dictionary
//! is written to `OUT_DIR/ipadic` and embedded by `src/tokenize/dictionary.rs`.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

const DEFAULT_SRC: &str = "/usr/share/mecab/dic/ipadic";

fn main() {
    println!("cargo::rerun-if-env-changed=IPADIC_SRC_DIR");
    println!("cargo::rerun-if-changed=dictionaries");
    println!("cargo::rerun-if-changed=build.rs");

    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let src_dir = env::var("IPADIC_SRC_DIR").unwrap_or_else(|_| DEFAULT_SRC.to_string());
    let src_dir = PathBuf::from(src_dir);
    println!(
        "cargo::rerun-if-changed={}",
        src_dir.join("matrix.def").display()
    );

    if !src_dir.join("matrix.def").is_file() {
        panic!(
            "\n\nkeikaku needs the IPADIC dictionary source, and {} has no matrix.def.\n\
             Fix it one of two ways:\n  \
             1. on Debian/Ubuntu: apt-get install -y mecab-ipadic\n  \
             2. unpack a mecab-ipadic source elsewhere and set IPADIC_SRC_DIR=/that/directory\n\n",
            src_dir.display()
        );
    }

    let metadata_json =
        fs::read_to_string("dictionaries/ipadic-metadata.json").expect("read ipadic-metadata.json");
    let mut metadata: Metadata =
        serde_json::from_str(&metadata_json).expect("parse dictionaries/ipadic-metadata.json");
    metadata.encoding = detect_encoding(&src_dir);

    let target = out_dir.join("ipadic");
    let stamp = target.join("keikaku.stamp");
    let stamp_value = format!(
        "{}|{}|{}",
        src_dir.display(),
        metadata.encoding,
        metadata_json
    );
    if fs::read_to_string(&stamp).ok().as_deref() != Some(stamp_value.as_str()) {
        let _ = fs::remove_dir_all(&target);
        DictionaryBuilder::new(metadata)
            .build_dictionary(&src_dir, &target)
            .unwrap_or_else(|e| panic!("building IPADIC from {}: {e}", src_dir.display()));
        fs::write(&stamp, stamp_value).expect("write dictionary stamp");
    }
    println!("cargo::rustc-env=LINDERA_WORKDIR={}", out_dir.display());
    println!(
        "cargo::rustc-env=KEIKAKU_DICTIONARY_FINGERPRINT={}",
        fingerprint(Path::new("dictionaries"), &src_dir)
    );
}

/// Debian ships the source in EUC-JP; an unpacked upstream or npm copy may be UTF-8.
fn detect_encoding(src_dir: &Path) -> String {
    let bytes = fs::read(src_dir.join("Noun.csv")).unwrap_or_default();
    if std::str::from_utf8(&bytes).is_ok() {
        "UTF-8".into()
    } else {
        "EUC-JP".into()
    }
}

/// A stable 64-bit FNV-1a hash over every file in `dictionaries/` and the IPADIC
/// matrix: outputs record it, so a re-run knows when the vocabularies changed.
fn fingerprint(dir: &Path, src_dir: &Path) -> String {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("read dictionaries/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for f in &files {
        feed(f.file_name().unwrap().to_string_lossy().as_bytes());
        feed(&fs::read(f).expect("read dictionary file"));
    }
    feed(
        &fs::metadata(src_dir.join("matrix.def"))
            .map(|m| m.len().to_le_bytes())
            .unwrap_or_default(),
    );
    format!("{hash:016x}")
}
