//! The same plan in every supported encoding gives the same extraction.

use crate::convert;

const VARIANTS: &[(&str, &str)] = &[
    ("fixtures/encodings/kitayama-utf8.txt", "UTF-8"),
    ("fixtures/encodings/kitayama-utf8-bom.txt", "UTF-8"),
    ("fixtures/encodings/kitayama-sjis-crlf.txt", "Shift_JIS"),
    ("fixtures/encodings/kitayama-eucjp.txt", "EUC-JP"),
    ("fixtures/encodings/kitayama-utf16le-bom.txt", "UTF-16LE"),
    ("fixtures/encodings/kitayama-utf16be-bom.txt", "UTF-16BE"),
];

#[test]
fn every_encoding_gives_identical_json_apart_from_source() {
    let reference = convert(VARIANTS[0].0);
    assert_eq!(reference.document.municipality.as_deref(), Some("北山町"));
    assert_eq!(reference.document.prefecture.as_deref(), Some("長野県"));
    assert_eq!(reference.document.edition.as_deref(), Some("改訂版"));
    assert!(reference.sections.len() >= 5);
    let strip = |d: &keikaku::Document| {
        let mut v = serde_json::to_value(d).unwrap();
        v.as_object_mut().unwrap().remove("source");
        // Spans count bytes of the decoded text; CRLF adds one per line, so compare
        // lines rather than offsets.
        strip_offsets(&mut v);
        v
    };
    for (path, encoding) in VARIANTS {
        let doc = convert(path);
        assert_eq!(doc.source.encoding, *encoding, "{path}");
        assert_eq!(strip(&doc), strip(&reference), "{path}");
    }
}

fn strip_offsets(v: &mut serde_json::Value) {
    strip_key(v, "start");
    strip_key(v, "end");
}

/// `v` without `key` in any object.
fn strip_key(v: &mut serde_json::Value, key: &str) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove(key);
            for (_, x) in m.iter_mut() {
                strip_key(x, key);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| strip_key(x, key)),
        _ => {}
    }
}

/// Line ends and stray marks that PDF and old editors leave: CR-only line ends (old Mac
/// files), a form feed starting each page, a byte-order mark in the middle of the text.
/// Each gives the items of the plain UTF-8 file, on the same lines; the form feeds
/// give every span its page besides.
#[test]
fn line_ends_form_feeds_and_a_stray_bom_give_the_same_items() {
    let plain = std::fs::read_to_string(crate::repo(VARIANTS[0].0)).unwrap();
    let lines: Vec<&str> = plain.lines().collect();
    let variants: Vec<(&str, String)> = vec![
        ("CR-only line ends", plain.replace('\n', "\r")),
        ("CRLF line ends", plain.replace('\n', "\r\n")),
        (
            "a form feed before every 15th line",
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    if i > 0 && i % 15 == 0 {
                        format!("\u{c}{l}\n")
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect(),
        ),
        (
            "a byte-order mark in the middle",
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    if i == lines.len() / 2 {
                        format!("\u{feff}{l}\n")
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect(),
        ),
    ];
    let run = |text: &str| {
        crate::pipeline()
            .run("kitayama.txt", text.as_bytes())
            .unwrap()
    };
    let strip = |d: &keikaku::Document| {
        let mut v = serde_json::to_value(d).unwrap();
        v.as_object_mut().unwrap().remove("source");
        strip_offsets(&mut v);
        v
    };
    let reference = strip(&run(&plain));
    assert!(
        reference["measures"].as_array().unwrap().len()
            + reference["sections"].as_array().unwrap().len()
            >= 5
    );
    for (what, text) in &variants {
        let doc = run(text);
        // Every span still slices the decoded text on character boundaries.
        for s in &doc.sections {
            assert!(text.get(s.span.start..s.span.end).is_some(), "{what}");
            // Form feeds make pages: a span's page is one more than those before it.
            let page = text
                .contains('\u{c}')
                .then(|| 1 + text[..s.span.start].matches('\u{c}').count() as u32);
            assert_eq!(s.span.page, page, "{what}");
        }
        let mut got = strip(&doc);
        strip_key(&mut got, "page");
        assert_eq!(got, reference, "{what}");
    }
}
