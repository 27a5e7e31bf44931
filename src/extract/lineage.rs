//! Lineage: which evaluated measure of the previous plan each plan-table measure marked
//! 継続 or 変更 continues (`measures[].continues`), and the findings around it — a
//! measure marked 継続 that continues nothing found (`lineage_unmatched_continued`, only
//! when the document has an evaluation table or a previous output is given), and an
//! evaluated measure that no plan measure continues (`lineage_vanished`, only when the
//! document has a plan table with such marks).
//!
//! Inside a document, a plan measure is linked to an evaluation measure (kind
//! `evaluation`) of the same document; one still unlinked is then linked to a measure
//! of the previous plan's output when one is given ([`Previous`], `keikaku extract
//! --previous old.json`), as `<first 12 hex of its source sha256>:<id>`. Titles are
//! compared after normalization without spaces: equal titles first, then the most
//! similar pair (Dice coefficient of character bigrams) at or above the threshold of
//! `dictionaries/lineage.tsv`, one to one, greedily. Which categories link and which are
//! expected to is data too. This module links measures; it does not find them.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{Document, Measure, MeasureKind, Warning};
use crate::normalize::chars::squeeze;

/// A code of [`crate::codes::WARNING_CODES`]: a plan measure marked 継続 with no
/// evaluated counterpart.
pub const UNMATCHED_CONTINUED: &str = "lineage_unmatched_continued";
/// A code of [`crate::codes::WARNING_CODES`]: an evaluated measure no plan measure
/// continues.
pub const VANISHED: &str = "lineage_vanished";

/// The settings of `dictionaries/lineage.tsv`.
#[derive(Debug)]
pub struct Settings {
    /// Category codes of plan measures that are linked.
    pub link: Vec<String>,
    /// Category codes of plan measures expected to continue an earlier measure.
    pub expect: Vec<String>,
    /// The least Dice coefficient of two different titles of one measure.
    pub dice: f64,
}

/// The shipped (or supplied) lineage settings.
pub fn settings() -> &'static Settings {
    static V: OnceLock<Settings> = OnceLock::new();
    V.get_or_init(|| {
        let mut s = Settings {
            link: Vec::new(),
            expect: Vec::new(),
            dice: 1.0,
        };
        for line in crate::vocab::entries("lineage.tsv") {
            let Some((k, v)) = line.split_once('\t') else {
                continue;
            };
            let v = v.trim().to_string();
            match k.trim() {
                "link" => s.link.push(v),
                "expect" => s.expect.push(v),
                "dice" => s.dice = v.parse().unwrap_or(1.0),
                _ => {}
            }
        }
        s
    })
}

/// The measures of the previous plan's output that new plan measures may continue.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// The first 12 hex digits of the previous output's `source.sha256`.
    pub prefix: String,
    /// (id, title) of its measures: those of its plan tables, or all of them when it
    /// has none.
    pub measures: Vec<(String, String)>,
}

impl Previous {
    /// What lineage needs of a previous output.
    pub fn of(doc: &Document) -> Self {
        let plan: Vec<&Measure> = doc
            .measures
            .iter()
            .filter(|m| m.kind == MeasureKind::Plan)
            .collect();
        let chosen: Vec<&Measure> = if plan.is_empty() {
            doc.measures.iter().collect()
        } else {
            plan
        };
        Self {
            prefix: doc.source.sha256.chars().take(12).collect(),
            measures: chosen
                .into_iter()
                .map(|m| (m.id.clone(), m.title.clone()))
                .collect(),
        }
    }

    /// The link to a measure of the previous output.
    pub fn link(&self, id: &str) -> String {
        format!("{}:{id}", self.prefix)
    }
}

/// The Dice coefficient of the character bigrams of two texts (multisets).
pub fn dice(a: &str, b: &str) -> f64 {
    fn grams(s: &str) -> HashMap<(char, char), u32> {
        let chars: Vec<char> = s.chars().collect();
        let mut out = HashMap::new();
        for w in chars.windows(2) {
            *out.entry((w[0], w[1])).or_insert(0) += 1;
        }
        out
    }
    let (ga, gb) = (grams(a), grams(b));
    let total: u32 = ga.values().sum::<u32>() + gb.values().sum::<u32>();
    if total == 0 {
        return 0.0;
    }
    let shared: u32 = ga
        .iter()
        .map(|(g, n)| (*n).min(gb.get(g).copied().unwrap_or(0)))
        .sum();
    f64::from(2 * shared) / f64::from(total)
}

/// Pairs `from` titles with `to` titles one to one: equal keys first (in order), then
/// the most similar pairs at or above `threshold`. Returns, for each `from`, its `to`.
fn pair(from: &[String], to: &[String], threshold: f64) -> Vec<Option<usize>> {
    let mut out = vec![None; from.len()];
    let mut taken = vec![false; to.len()];
    for (i, f) in from.iter().enumerate() {
        if let Some(j) = (0..to.len()).find(|&j| !taken[j] && to[j] == *f) {
            out[i] = Some(j);
            taken[j] = true;
        }
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, f) in from.iter().enumerate().filter(|(i, _)| out[*i].is_none()) {
        for (j, t) in to.iter().enumerate().filter(|(j, _)| !taken[*j]) {
            let d = dice(f, t);
            if d >= threshold {
                candidates.push((d, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if out[i].is_none() && !taken[j] {
            out[i] = Some(j);
            taken[j] = true;
        }
    }
    out
}

/// Sets `continues` on the plan measures marked with a linking category and returns
/// the lineage findings.
pub fn link(measures: &mut [Measure], previous: Option<&Previous>) -> Vec<Warning> {
    let s = settings();
    fn code(m: &Measure) -> Option<&str> {
        m.category.as_ref().map(|c| c.code.as_str())
    }
    let linking: Vec<usize> = (0..measures.len())
        .filter(|&i| {
            measures[i].kind == MeasureKind::Plan
                && code(&measures[i]).is_some_and(|c| s.link.iter().any(|l| l == c))
        })
        .collect();
    if linking.is_empty() {
        return Vec::new();
    }
    let evaluated: Vec<usize> = (0..measures.len())
        .filter(|&i| measures[i].kind == MeasureKind::Evaluation)
        .collect();
    let titles: Vec<String> = measures.iter().map(|m| squeeze(&m.title)).collect();
    let key = |i: &usize| titles[*i].clone();
    let from: Vec<String> = linking.iter().map(key).collect();
    let to: Vec<String> = evaluated.iter().map(key).collect();
    let pairs = pair(&from, &to, s.dice);
    let mut continued = vec![false; evaluated.len()];
    let mut open: Vec<usize> = Vec::new();
    for (k, p) in pairs.iter().enumerate() {
        match p {
            Some(j) => {
                continued[*j] = true;
                measures[linking[k]].continues = Some(measures[evaluated[*j]].id.clone());
            }
            None => open.push(linking[k]),
        }
    }
    let mut warnings = Vec::new();
    let mut previous_left: Vec<usize> = Vec::new();
    if let Some(prev) = previous {
        let from: Vec<String> = open.iter().map(key).collect();
        let to: Vec<String> = prev.measures.iter().map(|(_, t)| squeeze(t)).collect();
        let pairs = pair(&from, &to, s.dice);
        let mut used = vec![false; to.len()];
        for (k, p) in pairs.iter().enumerate() {
            if let Some(j) = p {
                used[*j] = true;
                measures[open[k]].continues = Some(prev.link(&prev.measures[*j].0));
            }
        }
        previous_left = (0..to.len()).filter(|&j| !used[j]).collect();
    }
    // Without an evaluation table or a previous output there is nothing a measure
    // could have been found in: no finding.
    let searched = !evaluated.is_empty() || previous.is_some();
    for &i in linking.iter().filter(|_| searched) {
        let m = &measures[i];
        if m.continues.is_none() && code(m).is_some_and(|c| s.expect.iter().any(|e| e == c)) {
            let word = m.category.as_ref().map_or("", |c| c.text.as_str());
            warnings.push(Warning {
                code: UNMATCHED_CONTINUED.into(),
                message: format!(
                    "marked {word} in the plan, but no evaluated measure of the previous plan has the title 「{}」 or one like it",
                    m.title
                ),
                item: Some(m.id.clone()),
                span: Some(m.span),
            });
        }
    }
    if !evaluated.is_empty() {
        for (j, &i) in evaluated.iter().enumerate() {
            if !continued[j] {
                let m = &measures[i];
                let status = m.status.as_ref().map_or("", |c| c.text.as_str());
                warnings.push(Warning {
                    code: VANISHED.into(),
                    message: format!(
                        "evaluated measure 「{}」 ({status}) is continued by no measure of the plan",
                        m.title
                    ),
                    item: Some(m.id.clone()),
                    span: Some(m.span),
                });
            }
        }
    } else if let Some(prev) = previous {
        for j in previous_left {
            let (id, title) = &prev.measures[j];
            warnings.push(Warning {
                code: VANISHED.into(),
                message: format!(
                    "measure 「{title}」 of the previous plan is continued by no measure of the plan"
                ),
                item: Some(prev.link(id)),
                span: None,
            });
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn m(id: &str, kind: MeasureKind, title: &str, category: Option<&str>) -> Measure {
        Measure {
            id: id.into(),
            kind,
            table: "t".into(),
            parent: None,
            goal: None,
            strategy: None,
            title: title.into(),
            details: vec![],
            progress: vec![],
            status: None,
            category: category.map(|c| crate::vocab::categories().coded(c)),
            repairs: vec![],
            themes: vec![],
            continues: None,
            span: Span::default(),
        }
    }

    #[test]
    fn dice_of_bigrams() {
        assert_eq!(dice("情報発信", "情報発信"), 1.0);
        assert_eq!(dice("ab", "cd"), 0.0);
        // 観光情報発信 / 観光情報の発信: 5 and 6 bigrams, 4 shared.
        assert!((dice("観光情報発信", "観光情報の発信") - 8.0 / 11.0).abs() < 1e-9);
    }

    #[test]
    fn links_equal_then_similar_titles_and_reports_the_rest() {
        let e = MeasureKind::Evaluation;
        let p = MeasureKind::Plan;
        let mut ms = vec![
            m("m-e1", e, "観光情報発信", None),
            m("m-e2", e, "図書館システム更新", None),
            m("m-e3", e, "防犯カメラの設置推進", None),
            m("m-p1", p, "観光情報の発信", Some("変更")),
            m("m-p2", p, "図書館システム更新", Some("継続")),
            m("m-p3", p, "ごみ減量化の推進", Some("継続")),
            m("m-p4", p, "スマート農業", Some("新規")),
        ];
        let w = link(&mut ms, None);
        let links: Vec<Option<&str>> = ms.iter().map(|m| m.continues.as_deref()).collect();
        assert_eq!(
            links,
            [None, None, None, Some("m-e1"), Some("m-e2"), None, None]
        );
        let found: Vec<(&str, Option<&str>)> = w
            .iter()
            .map(|w| (w.code.as_str(), w.item.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (UNMATCHED_CONTINUED, Some("m-p3")),
                (VANISHED, Some("m-e3"))
            ]
        );
    }

    #[test]
    fn links_into_the_previous_output() {
        let p = MeasureKind::Plan;
        let mut ms = vec![
            m("m-p1", p, "観光情報の発信", Some("継続")),
            m("m-p2", p, "新しい施策", Some("継続")),
        ];
        let prev = Previous {
            prefix: "0123456789ab".into(),
            measures: vec![
                ("m-o1".into(), "観光情報の発信".into()),
                ("m-o2".into(), "廃止した施策".into()),
            ],
        };
        let w = link(&mut ms, Some(&prev));
        assert_eq!(ms[0].continues.as_deref(), Some("0123456789ab:m-o1"));
        assert_eq!(ms[1].continues, None);
        let found: Vec<(&str, Option<&str>)> = w
            .iter()
            .map(|w| (w.code.as_str(), w.item.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (UNMATCHED_CONTINUED, Some("m-p2")),
                (VANISHED, Some("0123456789ab:m-o2"))
            ]
        );
    }
}
