//! Scores an extraction against a hand-checked gold file: precision, recall and F1 per
//! kind of record (`keikaku eval GOLD OUT`, and the gold tests).
//!
//! Gold files are described in `fixtures/gold/README.md`; the other towns' corpus uses a
//! smaller shape (`definition_starts`, status and category as text) that is read too.
//! Texts are compared after NFKC, with all whitespace removed and dashes unified, so a
//! difference in spacing is not an error. A key missing from a gold item is not scored.
//!
//! This module judges output; it plays no part in producing it.

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::Error;
use crate::model::{Document, Quantity};

/// The score of one kind of record.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Score {
    /// `measures`, `priorities`, `indicators`, `glossary`.
    pub kind: String,
    /// Items in gold.
    pub gold: usize,
    /// Items extracted.
    pub predicted: usize,
    /// Extracted items that match a gold item in key and every scored attribute.
    pub correct: usize,
    /// correct / predicted (1 when both are empty).
    pub precision: f64,
    /// correct / gold (1 when both are empty).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Gold items not matched, with the reason.
    pub missed: Vec<String>,
    /// Extracted items that matched nothing.
    pub extra: Vec<String>,
}

/// Text as the scorer compares it.
pub fn canon(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FF0D}' => '-',
            '〜' | '～' => '~',
            c => c,
        })
        .collect()
}

/// The kinds a gold file may list, each scored when present.
pub const SCORED_KINDS: &[&str] = &[
    "measures",
    "status_summaries",
    "priorities",
    "indicators",
    "glossary",
];

/// Whether `gold` can be a gold file for `doc`: a JSON object that lists at least one
/// scored kind, each as a list of objects; not a JSON Schema nor a keikaku output; and,
/// when it names its source (`source` as a path, or `{path, sha256}`), the same file
/// name and sha256 as the output's source. Scoring anything else would mean nothing.
pub fn accept(gold: &Value, doc: &Document) -> Result<(), Error> {
    let not_gold = |why: &str| Err(Error::NotGold(why.to_string()));
    let Some(map) = gold.as_object() else {
        return not_gold("it is not a JSON object");
    };
    if map.contains_key("$schema") || map.contains_key("$defs") {
        return not_gold("it is a JSON Schema");
    }
    if map.contains_key("schema_version") && map.contains_key("generator") {
        return not_gold("it is a keikaku output; give a hand-checked gold file first");
    }
    if !SCORED_KINDS.iter().any(|k| map.contains_key(*k)) {
        return Err(Error::NotGold(format!(
            "it lists none of {}",
            SCORED_KINDS.join(", ")
        )));
    }
    for kind in SCORED_KINDS {
        if let Some(items) = map.get(*kind) {
            if !items
                .as_array()
                .is_some_and(|a| a.iter().all(Value::is_object))
            {
                return Err(Error::NotGold(format!("its {kind} is not a list of items")));
            }
        }
    }
    let (path, sha256) = match map.get("source") {
        Some(Value::String(p)) => (Some(p.as_str()), None),
        Some(Value::Object(s)) => (
            s.get("path").and_then(Value::as_str),
            s.get("sha256").and_then(Value::as_str),
        ),
        _ => (None, None),
    };
    let name = |p: &str| {
        std::path::Path::new(p)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    };
    let other = |gold: &str, output: &str| {
        Err(Error::OtherSource {
            gold: gold.to_string(),
            output: output.to_string(),
        })
    };
    if let Some(p) = path {
        if name(p) != name(&doc.source.path) {
            return other(p, &doc.source.path);
        }
    }
    if let Some(h) = sha256 {
        if !h.eq_ignore_ascii_case(&doc.source.sha256) {
            return other(
                &format!("sha256 {h}"),
                &format!("{} (sha256 {})", doc.source.path, doc.source.sha256),
            );
        }
    }
    Ok(())
}

/// Items as JSON values, as the gold file holds them. A model type always serializes.
fn values<T: serde::Serialize>(items: &[T]) -> Vec<Value> {
    items
        .iter()
        .map(|i| serde_json::to_value(i).expect("a model type serializes"))
        .collect()
}

/// Scores every kind the gold file lists.
pub fn score(gold: &Value, doc: &Document) -> Vec<Score> {
    let mut out = Vec::new();
    if let Some(items) = gold.get("measures").and_then(Value::as_array) {
        let pred = values(&doc.measures);
        out.push(score_kind("measures", items, &pred, "title", match_measure));
    }
    if let Some(items) = gold.get("status_summaries").and_then(Value::as_array) {
        out.push(score_summaries(items, &doc.status_summaries));
    }
    if let Some(items) = gold.get("priorities").and_then(Value::as_array) {
        // A priority's measures are ids: scored by the titles of the measures they name.
        let titles: std::collections::HashMap<&str, &str> = doc
            .measures
            .iter()
            .map(|m| (m.id.as_str(), m.title.as_str()))
            .collect();
        let pred: Vec<Value> = doc
            .priorities
            .iter()
            .map(|p| {
                let mut v = serde_json::to_value(p).unwrap();
                let named: Vec<Value> = p
                    .measures
                    .iter()
                    .map(|id| Value::from(titles.get(id.as_str()).copied().unwrap_or(id)))
                    .collect();
                v["measures"] = Value::from(named);
                v
            })
            .collect();
        out.push(score_kind(
            "priorities",
            items,
            &pred,
            "title",
            match_priority,
        ));
    }
    if let Some(items) = gold.get("indicators").and_then(Value::as_array) {
        let pred = values(&doc.indicators);
        out.push(score_kind(
            "indicators",
            items,
            &pred,
            "name",
            match_indicator,
        ));
    }
    if let Some(items) = gold.get("glossary").and_then(Value::as_array) {
        let pred = values(&doc.glossary);
        out.push(score_kind("glossary", items, &pred, "term", match_glossary));
    }
    out
}

type Matcher = fn(&Value, &Value) -> Result<(), String>;

fn score_kind(kind: &str, gold: &[Value], pred: &[Value], key: &str, attrs: Matcher) -> Score {
    let key_of = |v: &Value| canon(v.get(key).and_then(Value::as_str).unwrap_or(""));
    score_kind_by(kind, gold, pred, &key_of, attrs)
}

fn score_kind_by(
    kind: &str,
    gold: &[Value],
    pred: &[Value],
    key_of: &dyn Fn(&Value) -> String,
    attrs: Matcher,
) -> Score {
    let mut used = vec![false; pred.len()];
    let mut correct = 0;
    let mut missed = Vec::new();
    for g in gold {
        let k = key_of(g);
        let candidates: Vec<usize> = (0..pred.len())
            .filter(|&i| !used[i] && key_of(&pred[i]) == k)
            .collect();
        if candidates.is_empty() {
            missed.push(format!("{k}: not extracted"));
            continue;
        }
        match candidates.iter().find(|&&i| attrs(g, &pred[i]).is_ok()) {
            Some(&i) => {
                used[i] = true;
                correct += 1;
            }
            None => {
                let i = candidates[0];
                used[i] = true;
                missed.push(format!("{k}: {}", attrs(g, &pred[i]).unwrap_err()));
            }
        }
    }
    let extra = (0..pred.len())
        .filter(|&i| !used[i])
        .map(|i| key_of(&pred[i]))
        .collect();
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            if a == 0 { 1.0 } else { 0.0 }
        } else {
            a as f64 / b as f64
        }
    };
    let precision = if pred.is_empty() && gold.is_empty() {
        1.0
    } else {
        ratio(correct, pred.len())
    };
    let recall = if gold.is_empty() {
        if pred.is_empty() { 1.0 } else { 0.0 }
    } else {
        ratio(correct, gold.len())
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Score {
        kind: kind.into(),
        gold: gold.len(),
        predicted: pred.len(),
        correct,
        precision,
        recall,
        f1,
        missed,
        extra,
    }
}

/// Compares a gold code-or-text (`"implemented"`, `"継続"`, null) with a `{text, code}`.
fn coded_eq(gold: Option<&Value>, pred: Option<&Value>, what: &str) -> Result<(), String> {
    let Some(g) = gold else { return Ok(()) };
    let p = pred.filter(|p| !p.is_null());
    match (g.as_str(), p) {
        (None, None) => Ok(()),
        (Some(g), Some(p)) => {
            let text = p.get("text").and_then(Value::as_str).unwrap_or("");
            let code = p.get("code").and_then(Value::as_str).unwrap_or("");
            if canon(g) == canon(text) || g == code {
                Ok(())
            } else {
                Err(format!("{what} {g} ≠ {text} ({code})"))
            }
        }
        (None, Some(p)) => Err(format!("{what} should be null, got {p}")),
        (Some(g), None) => Err(format!("{what} {g} missing")),
    }
}

fn text_eq(gold: Option<&Value>, pred: Option<&Value>, what: &str) -> Result<(), String> {
    let Some(g) = gold else { return Ok(()) };
    let gs = g.as_str().map(canon);
    let ps = pred.and_then(Value::as_str).map(canon);
    if gs == ps {
        Ok(())
    } else {
        Err(format!("{what} {gs:?} ≠ {ps:?}"))
    }
}

fn match_measure(g: &Value, p: &Value) -> Result<(), String> {
    text_eq(g.get("kind"), p.get("kind"), "kind")?;
    coded_eq(g.get("status"), p.get("status"), "status")?;
    coded_eq(g.get("category"), p.get("category"), "category")?;
    text_eq(g.get("goal"), p.get("goal"), "goal")?;
    text_eq(g.get("strategy"), p.get("strategy"), "strategy")?;
    texts_eq(g.get("details"), p.get("details"), "details")
}

/// Compares a gold list of texts with an extracted one, item by item.
fn texts_eq(gold: Option<&Value>, pred: Option<&Value>, what: &str) -> Result<(), String> {
    let Some(g) = gold.and_then(Value::as_array) else {
        return Ok(());
    };
    let list =
        |v: &[Value]| -> Vec<String> { v.iter().filter_map(Value::as_str).map(canon).collect() };
    let gs = list(g);
    let ps = list(
        pred.and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]),
    );
    if gs == ps {
        Ok(())
    } else {
        Err(format!("{what} {gs:?} ≠ {ps:?}"))
    }
}

fn match_priority(g: &Value, p: &Value) -> Result<(), String> {
    texts_eq(g.get("measures"), p.get("measures"), "measures")?;
    if let Some(fy) = g.get("deadline_fiscal_year") {
        let got = p.get("deadline").and_then(|d| d.get("fiscal_year"));
        let got = got.filter(|v| !v.is_null());
        if fy.as_i64() != got.and_then(Value::as_i64) {
            return Err(format!("deadline {fy} ≠ {got:?}"));
        }
    }
    if let Some(d) = g.get("deadline") {
        let got = p.get("deadline").and_then(|d| d.get("text"));
        match (d.as_str(), got.and_then(Value::as_str)) {
            (None, None) => {}
            (Some(d), Some(t)) if canon(t).contains(&canon(d)) || canon(d).contains(&canon(t)) => {}
            _ => return Err(format!("deadline {d} ≠ {got:?}")),
        }
    }
    Ok(())
}

fn quantity_eq(g: Option<&Value>, p: Option<&Value>, what: &str) -> Result<(), String> {
    let Some(g) = g else { return Ok(()) };
    let q: Option<Quantity> = p
        .filter(|p| !p.is_null())
        .and_then(|p| serde_json::from_value(p.clone()).ok());
    if let Some(text) = g.as_str() {
        return match &q {
            Some(q) if canon(&q.text) == canon(text) => Ok(()),
            _ => Err(format!("{what} {text} ≠ {:?}", q.map(|q| q.text))),
        };
    }
    if g.is_null() {
        return if q.is_none() {
            Ok(())
        } else {
            Err(format!("{what} should be null"))
        };
    }
    let Some(q) = q else {
        return Err(format!("{what} missing"));
    };
    if let Some(v) = g.get("value") {
        let ok = match (v.as_f64(), q.value) {
            (None, None) => true,
            (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * a.abs().max(1.0),
            _ => false,
        };
        if !ok {
            return Err(format!("{what} value {v} ≠ {:?}", q.value));
        }
    }
    if let Some(u) = g.get("unit") {
        if u.as_str() != q.unit.as_deref() {
            return Err(format!("{what} unit {u} ≠ {:?}", q.unit));
        }
    }
    if let Some(y) = g.get("year") {
        if y.as_i64() != q.year.map(i64::from) {
            return Err(format!("{what} year {y} ≠ {:?}", q.year));
        }
    }
    Ok(())
}

fn match_indicator(g: &Value, p: &Value) -> Result<(), String> {
    quantity_eq(g.get("baseline"), p.get("baseline"), "baseline")?;
    quantity_eq(g.get("target"), p.get("target"), "target")
}

fn match_glossary(g: &Value, p: &Value) -> Result<(), String> {
    text_eq(g.get("definition"), p.get("definition"), "definition")?;
    if let Some(start) = g.get("definition_starts").and_then(Value::as_str) {
        let def = canon(p.get("definition").and_then(Value::as_str).unwrap_or(""));
        if !def.starts_with(&canon(start)) {
            return Err(format!("definition does not start with {start}"));
        }
    }
    text_eq(g.get("reading"), p.get("reading"), "reading")?;
    text_eq(g.get("group"), p.get("group"), "group")
}

/// Status summaries are paired in document order (one per evaluation table); a pair is
/// correct when every count map the gold item lists is equal.
fn score_summaries(gold: &[Value], pred: &[crate::model::StatusSummary]) -> Score {
    let pred: Vec<Value> = pred
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
            if let Some(o) = v.as_object_mut() {
                o.insert("order".into(), Value::from(i));
            }
            v
        })
        .collect();
    let gold: Vec<Value> = gold
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mut g = g.clone();
            if let Some(o) = g.as_object_mut() {
                o.insert("order".into(), Value::from(i));
            }
            g
        })
        .collect();
    let key = |v: &Value| v.get("order").map(Value::to_string).unwrap_or_default();
    let mut s = score_kind_by("status_summaries", &gold, &pred, &key, match_summary);
    s.kind = "status_summaries".into();
    s
}

fn match_summary(g: &Value, p: &Value) -> Result<(), String> {
    let counts = |v: Option<&Value>| -> std::collections::BTreeMap<String, i64> {
        v.and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .map(|(k, n)| (canon(k), n.as_i64().unwrap_or(-1)))
                    .collect()
            })
            .unwrap_or_default()
    };
    for (gk, pk) in [
        ("declared_table", "declared"),
        ("declared_prose", "declared_in_prose"),
        ("from_rows", "from_rows"),
    ] {
        if let Some(gv) = g.get(gk) {
            let (a, b) = (counts(Some(gv)), counts(p.get(pk)));
            if a != b {
                return Err(format!("{gk} {a:?} ≠ {b:?}"));
            }
        }
    }
    Ok(())
}

/// A plain-text table of scores.
pub fn report(scores: &[Score]) -> String {
    let mut s = format!(
        "{:<16} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}\n",
        "kind", "gold", "out", "ok", "precision", "recall", "F1"
    );
    for sc in scores {
        s.push_str(&format!(
            "{:<16} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>6.3}\n",
            sc.kind, sc.gold, sc.predicted, sc.correct, sc.precision, sc.recall, sc.f1
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canon_ignores_spacing_width_and_dashes() {
        assert_eq!(canon("Ｇ Ｉ Ｓ データ"), "GISデータ");
        assert_eq!(canon("J – L I S"), "J-LIS");
        assert_eq!(canon("（DX）"), "(DX)");
    }

    #[test]
    fn scores_count_attribute_errors_once() {
        let gold: Vec<Value> = serde_json::from_str(
            r#"[{"title":"a","status":"implemented"},{"title":"b","status":null}]"#,
        )
        .unwrap();
        let pred: Vec<Value> = serde_json::from_str(
            r#"[{"title":"a","status":{"text":"実施","code":"implemented"}},{"title":"b","status":{"text":"実施","code":"implemented"}},{"title":"c"}]"#,
        )
        .unwrap();
        let s = score_kind("measures", &gold, &pred, "title", match_measure);
        assert_eq!((s.correct, s.gold, s.predicted), (1, 2, 3));
        assert!((s.precision - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.extra, vec!["c".to_string()]);
        assert_eq!(s.missed.len(), 1);
    }
}
