//! National themes against the hand-made lists of `fixtures/themes/` (written by reading
//! the seeds' items, see its README), scored as (item, theme code) pairs.

use std::collections::BTreeSet;

use keikaku::Document;

use crate::{convert, repo};

/// (kind, title, theme code) triples.
type Tags = BTreeSet<(String, String, String)>;
/// (kind, title) of the items.
type Items = BTreeSet<(String, String)>;

/// (kind, title, code) of every tag in `doc`, and the items it has.
fn tags(doc: &Document) -> (Tags, Items) {
    let mut tags = BTreeSet::new();
    let mut items = BTreeSet::new();
    let mut add = |kind: &str, title: &str, themes: &[keikaku::model::ThemeTag]| {
        items.insert((kind.to_string(), title.to_string()));
        for t in themes {
            assert!(
                !t.evidence.is_empty(),
                "{title}: {} has no evidence",
                t.code
            );
            tags.insert((kind.to_string(), title.to_string(), t.code.clone()));
        }
    };
    for m in &doc.measures {
        let kind = match m.kind {
            keikaku::model::MeasureKind::Evaluation => "evaluation",
            keikaku::model::MeasureKind::Plan => "plan",
        };
        add(kind, &m.title, &m.themes);
    }
    for p in &doc.priorities {
        add("priority", &p.title, &p.themes);
    }
    for k in &doc.indicators {
        add("indicator", &k.name, &k.themes);
    }
    (tags, items)
}

/// The hand-made list: its (kind, title, code) pairs and its items.
fn hand(stem: &str) -> (Tags, Items) {
    let path = repo(&format!("fixtures/themes/{stem}.tsv"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut tags = BTreeSet::new();
    let mut items = BTreeSet::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut f = line.split('\t');
        let (kind, title, codes) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap_or(""));
        items.insert((kind.to_string(), title.to_string()));
        for c in codes.split(',').filter(|c| !c.is_empty()) {
            tags.insert((kind.to_string(), title.to_string(), c.to_string()));
        }
    }
    (tags, items)
}

/// (true positives, false positives, false negatives) of a seed's tags.
fn score(stem: &str) -> (usize, usize, usize) {
    let doc = convert(&format!("seeds/{stem}.txt"));
    let (found, items) = tags(&doc);
    let (expected, listed) = hand(stem);
    assert_eq!(
        items, listed,
        "{stem}: the hand-made list names other items"
    );
    let tp = found.intersection(&expected).count();
    let fp: Vec<_> = found.difference(&expected).collect();
    let fn_: Vec<_> = expected.difference(&found).collect();
    eprintln!("{stem}: {tp} right, extra {fp:?}, missed {fn_:?}");
    (tp, fp.len(), fn_.len())
}

#[test]
fn bibai_themes_match_the_hand_made_list() {
    // 12 hand tags (10 priorities, 2 of the 4 KPIs), all found, nothing extra: P = R = 1.
    assert_eq!(score("bibai-2021"), (12, 0, 0));
}

#[test]
fn ninohe_themes_match_the_hand_made_list() {
    // 47 hand tags over 103 items; 42 tags found, 41 right: P 41/42 = 0.976, R 41/47 =
    // 0.872. Extra: the new plan's migration measure, whose リモートワーク reads as
    // telework (the hand list says regional_digitalization, so that is also a miss).
    // Missed, because no word of the dictionary names the theme: 要援護者支援の充実
    // (twice), the new plan's 観光情報発信 (VR, AR), 医療、介護、健康管理へのICT活用 and
    // 情報リテラシー研修、監査の実施.
    assert_eq!(score("ninohe-2021"), (41, 1, 6));
}

#[test]
fn bibai_six_priorities_are_the_six_national_priorities() {
    let doc = convert("seeds/bibai-2021.txt");
    let six = [
        "standardization",
        "my_number_card",
        "online_procedures",
        "ai_rpa",
        "telework",
        "security",
    ];
    let first_six: Vec<Vec<&str>> = doc.priorities[..6]
        .iter()
        .map(|p| p.themes.iter().map(|t| t.code.as_str()).collect())
        .collect();
    assert_eq!(first_six, six.map(|c| vec![c]));
    // And no other priority has one of the six.
    for p in &doc.priorities[6..] {
        assert!(
            p.themes.iter().all(|t| !six.contains(&t.code.as_str())),
            "{}",
            p.title
        );
    }
    assert_eq!(
        doc.priorities[0].themes[0].evidence,
        ["標準化".to_string(), "共通化".to_string()]
    );
}
