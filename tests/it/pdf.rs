//! PDF input: a PDF (known by its `%PDF` bytes) read through poppler's pdftotext gives
//! the same records as its text; spans index the converted text (`keikaku text`
//! prints it, `keikaku check` verifies them); bad PDFs — truncated, encrypted, with no
//! pages, with no text, an HTML page named `.pdf` — are clear errors naming the file,
//! alone and in a batch; a converter that hangs is stopped at the time limit, and a
//! missing one says how to install it.
//!
//! The good PDFs are printed by the test from the project's own fixture text with
//! headless Chromium (skipped with a message when it is not installed); the bad ones
//! are written by hand here, but for the image-only page, which Chromium prints from a
//! page holding only a picture. (The encrypted one is written by hand because no
//! encrypting tool such as qpdf can be assumed.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::repo;

fn keikaku() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("keikaku"))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    keikaku().current_dir(dir).args(args).output().unwrap()
}

/// Whether pdftotext can be run here (the tests that need it say so and stop when not).
pub fn have_pdftotext() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        eprintln!("skipped: pdftotext is not installed (apt-get install poppler-utils)");
    }
    ok
}

/// An HTML page with `text` one paragraph a line, pages broken before each line that
/// is exactly `<page>`.
fn html_of(text: &str) -> String {
    let mut body = String::new();
    for line in text.lines() {
        if line == "<page>" {
            body.push_str("<div style=\"break-before:page\"></div>");
            continue;
        }
        let esc = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        body.push_str(&format!(
            "<p>{}</p>",
            if esc.is_empty() { "&nbsp;".into() } else { esc }
        ));
    }
    format!(
        "<html><head><meta charset=\"utf-8\"><style>body{{font-family:'Noto Sans CJK JP';\
         font-size:10pt}} p{{margin:0;white-space:pre-wrap}}</style></head><body>{body}</body></html>"
    )
}

/// Prints `html` to `dir/name` with headless Chromium; `None` (and a message) when
/// Chromium is not installed.
pub fn print_to_pdf(dir: &Path, name: &str, html: &str) -> Option<PathBuf> {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok());
    let Some(chromium) = chromium else {
        eprintln!("skipped: headless Chromium is not installed (apt-get install chromium)");
        return None;
    };
    let page = dir.join(format!("{name}.html"));
    std::fs::write(&page, html).unwrap();
    let out = dir.join(name);
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        out.is_file(),
        "chromium made no PDF: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    Some(out)
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn titles(doc: &serde_json::Value) -> Vec<String> {
    doc["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_pdf_gives_what_its_text_gives() {
    if !have_pdftotext() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fixture = repo("fixtures/unseen/docs/06-sakurada-measures-headings.txt");
    let text = std::fs::read_to_string(&fixture).unwrap();
    // The plan, then a page with nothing on it.
    let html = html_of(&format!("{text}\n<page>\n"));
    // Named .dat: a PDF is known by its bytes, not its name.
    let Some(pdf) = print_to_pdf(dir.path(), "plan.dat", &html) else {
        return;
    };
    let bytes = std::fs::read(&pdf).unwrap();

    let from_text = json(&run(dir.path(), &["extract", fixture.to_str().unwrap()]));
    let o = run(dir.path(), &["extract", "plan.dat"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let from_pdf = json(&o);
    assert_eq!(titles(&from_pdf), titles(&from_text));
    assert_eq!(titles(&from_pdf).len(), 5);

    let source = &from_pdf["source"];
    assert_eq!(source["sha256"], keikaku::decode::sha256_hex(&bytes));
    assert_eq!(source["bytes"], bytes.len());
    assert_eq!(source["encoding"], "UTF-8");
    let conv = &source["converted"];
    assert_eq!(conv["from"], "pdf");
    assert_eq!(conv["options"], "-bbox-layout -enc UTF-8");
    assert_eq!(conv["pages"], 2);
    assert!(
        conv["converter"]
            .as_str()
            .unwrap()
            .starts_with("pdftotext "),
        "{conv}"
    );
    // The empty page is named in a warning.
    let warnings = from_pdf["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["code"] == "pdf_page_without_text"
            && w["message"].as_str().unwrap().contains("page(s) 2 ")),
        "{warnings:?}"
    );

    // `keikaku text` prints the converted text; every span indexes it.
    let shown = run(dir.path(), &["text", "plan.dat"]);
    assert!(shown.status.success());
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert_eq!(
        keikaku::decode::sha256_hex(shown.as_bytes()),
        conv["text_sha256"].as_str().unwrap()
    );
    for m in from_pdf["measures"].as_array().unwrap() {
        let (s, e) = (
            m["span"]["start"].as_u64().unwrap() as usize,
            m["span"]["end"].as_u64().unwrap() as usize,
        );
        let title: String = m["title"].as_str().unwrap().split_whitespace().collect();
        let spanned: String = shown[s..e].split_whitespace().collect();
        assert!(spanned.contains(&title), "{spanned:?} ∌ {title:?}");
    }

    // A reviewer's check finds the PDF, converts it and checks the spans against it.
    let o = run(dir.path(), &["extract", "plan.dat", "-o", "out"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(dir.path(), &["check", "out/plan.json"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("0 warnings") && !err.contains("warning:"),
        "{err}"
    );
    // And the strict schema accepts the new source fields.
    let schema = String::from_utf8(run(dir.path(), &["schema"]).stdout).unwrap();
    assert!(schema.contains("text_sha256"));
}

/// The bad PDFs, written by hand: name, bytes, what the error must say.
fn bad_pdfs() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let obj = |body: &str| format!("%PDF-1.4\n{body}trailer\n");
    let catalog = "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
    let one_page = "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
                    3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>\nendobj\n";
    let zero = format!(
        "{}<< /Root 1 0 R /Size 3 >>\n%%EOF\n",
        obj(&format!(
            "{catalog}2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        ))
    );
    let blank = format!(
        "{}<< /Root 1 0 R /Size 4 >>\n%%EOF\n",
        obj(&format!("{catalog}{one_page}"))
    );
    // The standard security handler with a user password that is not empty.
    let encrypted = format!(
        "{}<< /Root 1 0 R /Size 5 /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> \
         <00112233445566778899aabbccddeeff>] >>\n%%EOF\n",
        obj(&format!(
            "{catalog}{one_page}4 0 obj\n<< /Filter /Standard /V 1 /R 2 \
             /O <0102030405060708090a0b0c0d0e0f100102030405060708090a0b0c0d0e0f10> \
             /U <1112131415161718191a1b1c1d1e1f201112131415161718191a1b1c1d1e1f20> /P -4 >>\nendobj\n"
        ))
    );
    vec![
        (
            "blank.pdf",
            blank.into_bytes(),
            "none of its 1 page(s) holds any text",
        ),
        ("encrypted.pdf", encrypted.into_bytes(), "encrypted"),
        (
            "html.pdf",
            b"<!DOCTYPE html>\n<html><body>404</body></html>\n".to_vec(),
            "named .pdf but not a PDF: it is an HTML page",
        ),
        (
            "truncated.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Cat".to_vec(),
            "not a readable PDF (truncated or broken?)",
        ),
        ("zero-pages.pdf", zero.into_bytes(), "it has no pages"),
    ]
}

/// A 24-bit BMP of `side`×`side` pixels: a dark disc on white, a drawn shape and no text.
fn disc_bmp(side: u32) -> Vec<u8> {
    let row = (side * 3).div_ceil(4) * 4;
    let size = 54 + row * side;
    let mut b = Vec::with_capacity(size as usize);
    b.extend_from_slice(b"BM");
    for v in [size, 0, 54, 40, side, side] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(&1u16.to_le_bytes()); // planes
    b.extend_from_slice(&24u16.to_le_bytes()); // bits per pixel
    for v in [0u32, row * side, 2835, 2835, 0, 0] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    let (c, r2) = (side as i64 / 2, (side as i64 / 3).pow(2));
    for y in 0..side as i64 {
        for x in 0..side as i64 {
            let inside = (x - c).pow(2) + (y - c).pow(2) <= r2;
            b.extend_from_slice(if inside {
                &[40, 40, 160]
            } else {
                &[255, 255, 255]
            });
        }
        b.resize(b.len() + (row - side * 3) as usize, 0);
    }
    b
}

/// A PDF whose one page holds a picture and no text, as a scan does: printed by Chromium
/// from a page holding only an `<img>` (a data URI); `None` when Chromium is missing.
fn image_only_pdf(dir: &Path) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let data = base64::engine::general_purpose::STANDARD.encode(disc_bmp(240));
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\
         <img src=\"data:image/bmp;base64,{data}\" style=\"width:120mm\"></body></html>"
    );
    let pdf = print_to_pdf(dir, "scan.pdf", &html)?;
    let bytes = std::fs::read(pdf).unwrap();
    // It is a picture indeed, not an empty page.
    assert!(
        bytes
            .windows(b"/Subtype /Image".len())
            .any(|w| w == b"/Subtype /Image"),
        "the printed page holds no image"
    );
    Some(bytes)
}

#[test]
fn bad_pdfs_are_named_errors_alone_and_in_a_batch() {
    if !have_pdftotext() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir(&plans).unwrap();
    std::fs::copy(repo("seeds/bibai-2021.txt"), plans.join("bibai.txt")).unwrap();
    let mut bad = bad_pdfs();
    // The printed image-only page when Chromium is here (printed outside `plans/`).
    let printing = dir.path().join("printing");
    std::fs::create_dir(&printing).unwrap();
    if let Some(bytes) = image_only_pdf(&printing) {
        bad.push((
            "image-only.pdf",
            bytes,
            "none of its 1 page(s) holds any text (scanned images?",
        ));
    }
    for (name, bytes, _) in &bad {
        std::fs::write(plans.join(name), bytes).unwrap();
    }
    for (name, _, says) in &bad {
        let started = Instant::now();
        let o = run(&plans, &["extract", name]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(name) && err.contains(says), "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(30));
    }
    // In a batch: each bad PDF is named and skipped, the good text file is written, all
    // within the time limit of one.
    let started = Instant::now();
    let o = run(dir.path(), &["extract", "plans", "-o", "out", "--quiet"]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for (name, _, says) in &bad {
        assert!(
            err.lines().any(|l| l.contains(name) && l.contains(says)),
            "{name}: {err}"
        );
    }
    assert!(dir.path().join("out/bibai.json").is_file());
    assert_eq!(
        std::fs::read_dir(dir.path().join("out")).unwrap().count(),
        2
    ); // + .keikaku
}

/// A directory holding a fake `pdftotext` that reports a version and then sleeps.
fn hanging_converter(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let fake = bin.join("pdftotext");
    std::fs::write(
        &fake,
        "#!/bin/sh\nif [ \"$1\" = -v ]; then echo 'pdftotext version 0.0.0' >&2; exit 0; fi\nexec /bin/sleep 30\n",
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[test]
fn a_hanging_converter_is_stopped_and_a_missing_one_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.pdf"), b"%PDF-1.4\n").unwrap();
    let bin = hanging_converter(dir.path());
    let started = Instant::now();
    let o = keikaku()
        .current_dir(dir.path())
        .env("PATH", &bin)
        .args(["extract", "plan.pdf", "--pdf-timeout", "1"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("plan.pdf") && err.contains("longer than 1 s"),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = keikaku()
        .current_dir(dir.path())
        .env("PATH", &empty)
        .args(["extract", "plan.pdf"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("plan.pdf") && err.contains("apt-get install poppler-utils"),
        "{err}"
    );
}
