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
    match v {
        serde_json::Value::Object(m) => {
            m.remove("start");
            m.remove("end");
            for (_, x) in m.iter_mut() {
                strip_offsets(x);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_offsets),
        _ => {}
    }
}
