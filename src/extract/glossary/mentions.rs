//! Which measures and priorities use each glossary term.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::{re, suffixes};
use crate::Error;
use crate::model::{GlossaryEntry, Measure, Priority};
use crate::normalize::Normalized;
use crate::normalize::chars::{fold_case, squeeze_fold};
use crate::tokenize::{CLAUSE_ENDS, Words};

/// The names a term goes by in running text: the term, and for `X(Y)` both X and Y
/// (`ロボット(RPA)` is mentioned as ロボット or RPA).
fn aliases(term: &str) -> Vec<String> {
    static PAREN: OnceLock<Regex> = OnceLock::new();
    let t = squeeze_fold(term);
    let mut out = vec![t.clone()];
    if let Some(c) = re(&PAREN, r"^(.+?)\(([^()]+)\)(.*)$").captures(&t) {
        let outer = format!("{}{}", &c[1], &c[3]);
        out.push(outer);
        out.push(c[2].to_string());
    }
    out.retain(|a| a.chars().count() >= 2);
    out.dedup();
    out
}

/// Fills each entry's `mentions` with the ids of the measures and priorities whose text
/// uses the term. Matching is on tokens: a term matches whole tokens only (`AI` does not
/// match inside `MAIL`), the longest glossary term at a place wins, and a term followed
/// by a compound suffix (`クラウド` in `クラウド化`, `dictionaries/compound_suffixes.txt`)
/// is not mentioned there unless the compound is itself a term. Each measure or
/// priority span (overlapping ones merged) is read on its own, and of a span only the
/// clauses that hold some term as written are segmented into words.
pub fn link_mentions(
    entries: &mut [GlossaryEntry],
    measures: &[Measure],
    priorities: &[Priority],
    words: &Words<'_>,
    normalized: &Normalized,
) -> Result<(), Error> {
    if entries.is_empty() || (measures.is_empty() && priorities.is_empty()) {
        return Ok(());
    }
    let mut by_alias: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        for a in aliases(&e.term) {
            by_alias.entry(a).or_default().push(i);
        }
    }
    if by_alias.is_empty() {
        return Ok(());
    }
    let longest = by_alias.keys().map(String::len).max().unwrap_or(0);
    // Only text inside a measure or a priority can be a mention, so only those spans
    // are segmented into words (the rest of a plan is prose): the spans, merged.
    let mut spans: Vec<(usize, usize)> = measures
        .iter()
        .map(|m| (m.span.start, m.span.end))
        .chain(priorities.iter().map(|p| (p.span.start, p.span.end)))
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    // A span whose text, without its spaces, holds no alias cannot mention a term (the
    // words joined below are a run of its text with only spaces left out), so it is not
    // segmented at all: most measures use no glossary term.
    // Built for one document: a DFA would cost more to build than it saves here.
    let any_alias = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(by_alias.keys())
        .ok();
    // The words in spans, as (lowercased surface, source offset, index of its piece):
    // words of different pieces are never joined into one term. A piece is a clause of
    // a span, or the whole span when a term holds a clause mark: only the pieces that
    // hold an alias are segmented (a clause segments alone to the words it has in the
    // span).
    let across_clauses = by_alias.keys().any(|a| a.contains(CLAUSE_ENDS));
    let mut spoken: Vec<(String, usize, usize)> = Vec::new();
    let mut piece = 0;
    for &(a, b) in &merged {
        let range = normalized.map.to_output(a..b);
        let parts: Vec<Range<usize>> = if across_clauses {
            vec![range]
        } else {
            words.clauses_in(range).collect()
        };
        for part in parts {
            let text = squeeze_fold(words.text_of(part.clone()));
            if any_alias.as_ref().is_some_and(|m| !m.is_match(&text)) {
                continue;
            }
            piece += 1;
            for t in words.in_range(part)? {
                if t.surface.trim().is_empty() {
                    continue;
                }
                let at = normalized.map.to_source_pos(t.start, false);
                if (a..b).contains(&at) {
                    spoken.push((fold_case(&t.surface), at, piece));
                }
            }
        }
    }
    // (source offset, entry) of every mention in the document.
    let mut hits: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < spoken.len() {
        let mut joined = String::new();
        let mut best: Option<(usize, &Vec<usize>)> = None;
        for (j, (w, _, span)) in spoken.iter().enumerate().skip(i) {
            joined.push_str(w);
            if joined.len() > longest || *span != spoken[i].2 {
                break;
            }
            if let Some(es) = by_alias.get(&joined) {
                best = Some((j, es));
            }
        }
        match best {
            Some((j, es)) => {
                let compound = spoken.get(j + 1).is_some_and(|(w, _, span)| {
                    *span == spoken[i].2 && suffixes().iter().any(|s| s == w)
                });
                if !compound {
                    hits.extend(es.iter().map(|&e| (spoken[i].1, e)));
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
    let records = measures
        .iter()
        .map(|m| (&m.id, &m.span))
        .chain(priorities.iter().map(|p| (&p.id, &p.span)));
    hits.sort_unstable();
    for (id, span) in records {
        let from = hits.partition_point(|&(at, _)| at < span.start);
        for &(at, e) in &hits[from..] {
            if at >= span.end {
                break;
            }
            if !entries[e].mentions.contains(id) {
                entries[e].mentions.push(id.clone());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MeasureKind, Span};
    use crate::normalize::Normalizer;
    use crate::tokenize::Tokenizer;

    #[test]
    fn case_folds_alike_alone_and_in_a_text() {
        assert_eq!(fold_case("ΑΣ"), "ασ");
        assert_eq!(fold_case("ΑΣ B"), fold_case("ΑΣ") + " b");
        assert_eq!(fold_case("ＡＩとIoT"), "ａｉとiot");
    }

    fn measure(id: &str, text: &str, part: &str) -> Measure {
        let start = text.find(part).expect("part in text");
        Measure {
            id: id.into(),
            kind: MeasureKind::Plan,
            table: "t".into(),
            parent: None,
            goal: None,
            strategy: None,
            title: part.into(),
            details: vec![],
            progress: vec![],
            status: None,
            category: None,
            repairs: vec![],
            themes: Vec::new(),
            continues: None,
            span: Span {
                start,
                end: start + part.len(),
                line: 1,
                end_line: 1,
                page: None,
            },
        }
    }

    fn entry(term: &str) -> GlossaryEntry {
        GlossaryEntry {
            id: format!("g-{term}"),
            term: term.into(),
            reading: None,
            group: None,
            definition: "…".into(),
            mentions: vec![],
            span: Span::default(),
        }
    }

    #[test]
    fn mentions_match_whole_tokens_and_glossary_compounds_only() {
        let text = "AIを活用した窓口案内\nMAILの配信\n庁内システムのクラウド化\nクラウドサービスの導入\nロボット(RPA)による入力\nRPAの拡大\n";
        let normalized = Normalizer::default().normalize(text);
        let words = Words::new(Tokenizer::shared().expect("tokenizer"), &normalized.text);
        let measures = vec![
            measure("m-ai", text, "AIを活用した窓口案内"),
            measure("m-mail", text, "MAILの配信"),
            measure("m-cloudify", text, "庁内システムのクラウド化"),
            measure("m-cloud", text, "クラウドサービスの導入"),
            measure("m-rpa", text, "RPAの拡大"),
        ];
        let start = text.find("ロボット").unwrap();
        let priorities = vec![Priority {
            id: "p-robot".into(),
            title: "ロボット(RPA)による入力".into(),
            group: None,
            description: None,
            deadline: None,
            measures: vec![],
            themes: vec![],
            span: Span {
                start,
                end: start + "ロボット(RPA)による入力".len(),
                line: 5,
                end_line: 5,
                page: None,
            },
        }];

        // Without クラウド化 in the glossary, クラウド is not mentioned by クラウド化.
        let mut entries = vec![entry("AI"), entry("クラウド"), entry("ロボット(RPA)")];
        link_mentions(&mut entries, &measures, &priorities, &words, &normalized).expect("words");
        assert_eq!(entries[0].mentions, ["m-ai"]);
        assert_eq!(entries[1].mentions, ["m-cloud"]);
        assert_eq!(entries[2].mentions, ["m-rpa", "p-robot"]);

        // With it, the compound is its own term and claims the place.
        let mut entries = vec![entry("クラウド"), entry("クラウド化")];
        link_mentions(&mut entries, &measures, &priorities, &words, &normalized).expect("words");
        assert_eq!(entries[0].mentions, ["m-cloud"]);
        assert_eq!(entries[1].mentions, ["m-cloudify"]);
    }
}
