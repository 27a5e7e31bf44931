//! The reviewer loop: a re-run never loses a reviewer's fix. A seeded random reviewer
//! edits the seed outputs a thousand times, each edit merged with four re-runs (same
//! source, source edited elsewhere, `--force`, a changed vocabulary); then the loop as a
//! user runs it, through the binary: edits kept, a conflict reported, a syntax slip
//! refused without touching the file.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use keikaku::review::merge::{Merged, merge};
use serde_json::{Value, json};

use crate::{extract_to, pipeline, repo};

const STATUS: &[&str] = &[
    "completed",
    "implemented",
    "mostly_implemented",
    "partially_implemented",
    "studied_only",
    "not_implemented",
];
const CATEGORY: &[&str] = &["continued", "changed", "new", "expanded", "abolished"];

/// A small seeded generator (xorshift64*), so every run makes the same edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The seed's text with paragraphs and a small table inserted near the top and one
/// line removed further down.
fn edited_elsewhere(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let removed = lines.len() / 3;
    lines.remove(removed);
    let insert = [
        "",
        "本計画は、社会情勢の変化に応じて随時見直しを行うものとします。",
        "",
        "参考資料",
        "項目\t内容",
        "見直し時期\t毎年度",
        "担当\t情報政策担当",
        "",
    ];
    let at = 12.min(lines.len());
    lines.splice(at..at, insert);
    lines.join("\n") + "\n"
}

/// The machine output as a different vocabulary would make it: other status and
/// category codes, other readings, another dictionary fingerprint.
fn other_vocabulary(doc: &Value) -> Value {
    let mut doc = doc.clone();
    doc["generator"]["dictionary_fingerprint"] = json!("another-dictionary");
    let rotate = |v: &mut Value, codes: &[&str]| {
        if let Some(code) = v.get("code").and_then(Value::as_str) {
            let at = codes.iter().position(|c| *c == code).unwrap_or(0);
            v["code"] = json!(codes[(at + 1) % codes.len()]);
        }
    };
    for m in doc["measures"].as_array_mut().unwrap() {
        rotate(&mut m["status"], STATUS);
        rotate(&mut m["category"], CATEGORY);
    }
    for (i, g) in doc["glossary"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        g["reading"] = json!(format!("ヨミ{i}"));
        if i % 3 == 0 {
            g["definition"] = json!(format!(
                "{}（新しい辞書）",
                g["definition"].as_str().unwrap()
            ));
        }
    }
    doc
}

/// One reviewer edit.
#[derive(Debug, Clone)]
enum Edit {
    /// `coll[id].path = value`.
    Set {
        coll: &'static str,
        id: String,
        path: Vec<&'static str>,
        value: Value,
    },
    Delete {
        coll: &'static str,
        id: String,
    },
    Add {
        coll: &'static str,
        item: Value,
    },
}

fn get<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, k| v.get(*k))
}

fn items<'v>(doc: &'v Value, coll: &str) -> &'v Vec<Value> {
    doc[coll].as_array().unwrap()
}

fn id_of(item: &Value) -> &str {
    item["id"].as_str().unwrap()
}

/// Makes one random edit on `base`: the edited document and the edit.
fn random_edit(base: &Value, rng: &mut Rng, n: usize) -> (Value, Edit) {
    let mut doc = base.clone();
    loop {
        let pick = |rng: &mut Rng, coll: &str, need: &[&str]| -> Option<usize> {
            let candidates: Vec<usize> = items(base, coll)
                .iter()
                .enumerate()
                .filter(|(_, i)| need.iter().all(|k| i.get(*k).is_some_and(|v| !v.is_null())))
                .map(|(at, _)| at)
                .collect();
            (!candidates.is_empty()).then(|| candidates[rng.below(candidates.len())])
        };
        let kind = rng.below(7);
        let (coll, path, value): (&'static str, Vec<&'static str>, Value) = match kind {
            0 => {
                let Some(at) = pick(rng, "measures", &["status"]) else {
                    continue;
                };
                let old = base["measures"][at]["status"]["code"].as_str().unwrap();
                let code = STATUS
                    .iter()
                    .filter(|c| **c != old)
                    .nth(rng.below(5))
                    .unwrap();
                let id = id_of(&base["measures"][at]).to_string();
                doc["measures"][at]["status"]["code"] = json!(code);
                return (
                    doc,
                    Edit::Set {
                        coll: "measures",
                        id,
                        path: vec!["status", "code"],
                        value: json!(code),
                    },
                );
            }
            1 => {
                let Some(at) = pick(rng, "measures", &["category"]) else {
                    continue;
                };
                let old = base["measures"][at]["category"]["code"].as_str().unwrap();
                let code = CATEGORY
                    .iter()
                    .filter(|c| **c != old)
                    .nth(rng.below(4))
                    .unwrap();
                let id = id_of(&base["measures"][at]).to_string();
                doc["measures"][at]["category"]["code"] = json!(code);
                return (
                    doc,
                    Edit::Set {
                        coll: "measures",
                        id,
                        path: vec!["category", "code"],
                        value: json!(code),
                    },
                );
            }
            2 => ("glossary", vec!["term"], json!(format!("用語{n}"))),
            3 => (
                "glossary",
                vec!["definition"],
                json!(format!("レビューで直した定義 {n}。")),
            ),
            4 => {
                let coll = ["measures", "priorities", "sections"][rng.below(3)];
                (
                    coll,
                    vec!["title"],
                    json!(format!("レビューで直した題 {n}")),
                )
            }
            5 => {
                let coll = ["measures", "priorities", "glossary", "sections"][rng.below(4)];
                let Some(at) = pick(rng, coll, &["id"]) else {
                    continue;
                };
                let id = id_of(&base[coll][at]).to_string();
                doc[coll].as_array_mut().unwrap().remove(at);
                return (doc, Edit::Delete { coll, id });
            }
            _ => {
                let coll = ["measures", "priorities", "glossary"][rng.below(3)];
                let Some(at) = pick(rng, coll, &["id"]) else {
                    continue;
                };
                let mut item = base[coll][at].clone();
                item["id"] = json!(format!("added-{n}"));
                let label = if coll == "glossary" { "term" } else { "title" };
                item[label] = json!(format!("レビューで足した項目 {n}"));
                let list = doc[coll].as_array_mut().unwrap();
                let to = rng.below(list.len() + 1);
                list.insert(to, item.clone());
                return (doc, Edit::Add { coll, item });
            }
        };
        let Some(at) = pick(rng, coll, &[path[0]]) else {
            continue;
        };
        let id = id_of(&base[coll][at]).to_string();
        let mut target = &mut doc[coll][at];
        for k in &path {
            target = &mut target[*k];
        }
        *target = value.clone();
        return (
            doc,
            Edit::Set {
                coll,
                id,
                path,
                value,
            },
        );
    }
}

/// The machine's item for the base's item `id`: the same id, else the same kind and
/// title or term.
fn counterpart<'v>(base: &Value, machine: &'v Value, coll: &str, id: &str) -> Option<&'v Value> {
    let b = items(base, coll).iter().find(|i| id_of(i) == id)?;
    let m = items(machine, coll);
    m.iter().find(|i| id_of(i) == id).or_else(|| {
        let label = |i: &Value| {
            (
                i.get("kind").cloned(),
                i.get("title").or(i.get("term")).cloned(),
            )
        };
        let same: Vec<&Value> = m.iter().filter(|i| label(i) == label(b)).collect();
        (same.len() == 1).then(|| same[0])
    })
}

/// `doc` less its references to the ids `gone`: out of `mentions` and `measures`, a
/// `parent` made null, a warning's `item` and a measure's `continues` left out.
fn without_references(doc: &Value, gone: &[String]) -> Value {
    let mut doc = doc.clone();
    let is_gone = |v: &Value| v.as_str().is_some_and(|id| gone.iter().any(|g| g == id));
    for list in doc.as_object_mut().unwrap().values_mut() {
        for item in list.as_array_mut().into_iter().flatten() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for key in ["mentions", "measures"] {
                if let Some(Value::Array(l)) = item.get_mut(key) {
                    l.retain(|v| !is_gone(v));
                }
            }
            if item.get("parent").is_some_and(is_gone) {
                item.insert("parent".into(), Value::Null);
            }
            for key in ["item", "continues"] {
                if item.get(key).is_some_and(is_gone) {
                    item.remove(key);
                }
            }
        }
    }
    doc
}

/// Checks that `merged` keeps `edit` (or reports it as a conflict) and is otherwise the
/// machine's output. Returns the number of conflicts the edit met.
fn check(base: &Value, machine: &Value, merged: &Merged, edit: &Edit, what: &str) -> usize {
    let out = &merged.value;
    // References to a deleted item go with it.
    let machine = &without_references(machine, &merged.review.deleted);
    // The same items, in any order (sorted only when the order differs).
    let same = |a: Vec<&Value>, b: Vec<&Value>| {
        a == b || {
            let key = |l: Vec<&Value>| {
                let mut s: Vec<String> = l.iter().map(|v| v.to_string()).collect();
                s.sort();
                s
            };
            key(a) == key(b)
        }
    };
    let coll = match edit {
        Edit::Set { coll, .. } | Edit::Delete { coll, .. } | Edit::Add { coll, .. } => *coll,
    };
    let mut conflicts = 0;
    // The edited item's ids: the reviewer's and the machine's counterpart's.
    let ids: Vec<String> = match edit {
        Edit::Set { id, .. } | Edit::Delete { id, .. } => {
            let mut ids = vec![id.clone()];
            if let Some(m) = counterpart(base, machine, coll, id) {
                ids.push(id_of(m).to_string());
            }
            ids
        }
        Edit::Add { item, .. } => vec![id_of(item).to_string()],
    };
    match edit {
        Edit::Set {
            id, path, value, ..
        } => {
            let (at, item) = items(out, coll)
                .iter()
                .enumerate()
                .find(|(_, i)| ids.iter().any(|x| x == id_of(i)))
                .unwrap_or_else(|| panic!("{what}: the edited item {id} is gone"));
            assert_eq!(
                get(item, path),
                Some(value),
                "{what}: the edit of {id} is lost"
            );
            let b = get(
                items(base, coll).iter().find(|i| id_of(i) == id).unwrap(),
                path,
            );
            match counterpart(base, machine, coll, id) {
                Some(m) => {
                    let mv = get(m, path);
                    if mv != b && mv != Some(value) {
                        let pointer = format!("/{coll}/{at}/{}", path.join("/"));
                        let c = merged
                            .review
                            .conflicts
                            .iter()
                            .find(|c| c.pointer == pointer);
                        let c = c.unwrap_or_else(|| {
                            panic!("{what}: no conflict at {pointer}: {:#?}", merged.review)
                        });
                        assert_eq!(&c.reviewer, value, "{what}");
                        assert_eq!(Some(&c.machine), mv, "{what}");
                        assert_eq!(c.item.as_deref(), Some(id_of(item)), "{what}");
                        conflicts += 1;
                    }
                }
                None => {
                    let pointer = format!("/{coll}/{at}");
                    assert!(
                        merged.review.conflicts.iter().any(|c| c.pointer == pointer),
                        "{what}: an edited item the machine lost is not reported"
                    );
                    conflicts += 1;
                }
            }
        }
        Edit::Delete { id, .. } => {
            assert!(
                !items(out, coll)
                    .iter()
                    .any(|i| ids.iter().any(|x| x == id_of(i))),
                "{what}: the deleted {id} came back"
            );
            if ids.len() > 1 {
                assert!(
                    merged.review.deleted.iter().any(|d| ids.contains(d)),
                    "{what}: {id} is not listed as deleted"
                );
            }
        }
        Edit::Add { item, .. } => {
            assert!(
                items(out, coll).contains(item),
                "{what}: the added item is lost"
            );
        }
    }
    // Everything else is the machine's.
    let skip = |i: &&Value| !ids.iter().any(|x| x == id_of(i));
    for c in [
        "sections",
        "measures",
        "priorities",
        "indicators",
        "glossary",
        "legends",
        "status_summaries",
        "document",
    ] {
        if c == "document" {
            assert_eq!(out[c], machine[c], "{what}: document");
            continue;
        }
        let keep = |i: &&Value| c != coll || i.get("id").is_none() || skip(i);
        let got: Vec<&Value> = items(out, c).iter().filter(keep).collect();
        let want: Vec<&Value> = items(machine, c).iter().filter(keep).collect();
        assert!(
            same(got, want),
            "{what}: {c} other than the edited item differ from the machine's"
        );
    }
    for k in ["schema_version", "generator", "source", "warnings"] {
        assert_eq!(out[k], machine[k], "{what}: {k}");
    }
    conflicts
}

#[test]
fn a_thousand_random_edits_survive_every_kind_of_rerun() {
    let mut docs = Vec::new();
    for stem in ["ninohe-2021", "bibai-2021"] {
        let name = format!("seeds/{stem}.txt");
        let text = std::fs::read_to_string(repo(&name)).unwrap();
        let run =
            |t: &str| serde_json::to_value(pipeline().run(&name, t.as_bytes()).unwrap()).unwrap();
        let base = run(&text);
        let elsewhere = run(&edited_elsewhere(&text));
        assert_ne!(elsewhere["source"], base["source"]);
        let vocabulary = other_vocabulary(&base);
        // --force converts the same source again: the same machine output.
        let variants = vec![
            ("same source", base.clone()),
            ("source edited elsewhere", elsewhere),
            ("--force", run(&text)),
            ("changed vocabulary", vocabulary),
        ];
        docs.push((stem, base, variants));
    }
    let mut rng = Rng(0x6b65_696b_616b_7531);
    let (mut edits, mut merges, mut conflicts) = (0, 0, 0);
    for n in 0..1000 {
        let (stem, base, variants) = &docs[rng.below(docs.len())];
        let (reviewer, edit) = random_edit(base, &mut rng, n);
        edits += 1;
        for (variant, machine) in variants {
            let what = format!("edit {n} ({stem}, {edit:?}), {variant}");
            let merged = merge(Some(base), &reviewer, machine);
            assert!(merged.edited, "{what}");
            conflicts += check(base, machine, &merged, &edit, &what);
            merges += 1;
            // A second re-run on the same machine output changes nothing.
            if n % 20 == 0 {
                let again = merge(Some(machine), &merged.value, machine);
                assert_eq!(again.value, merged.value, "{what}: a second re-run");
            }
        }
    }
    eprintln!("{edits} edits, {merges} merges, {conflicts} conflicts reported, none lost");
    assert_eq!(edits, 1000);
    assert!(
        conflicts > 50,
        "the changed vocabulary meets some edits: {conflicts}"
    );
}

// ---------------------------------------------------------------------------------
// Through the binary.

fn keikaku() -> Command {
    Command::cargo_bin("keikaku").unwrap()
}

fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for stem in ["ninohe-2021", "bibai-2021"] {
        std::fs::copy(
            repo(&format!("seeds/{stem}.txt")),
            input.join(format!("{stem}.txt")),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    (dir, input, out)
}

fn summary(err: &str) -> &str {
    err.lines()
        .find(|l| l.starts_with("keikaku: converted "))
        .unwrap_or_else(|| panic!("{err}"))
}

fn load(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn save(p: &Path, v: &Value) {
    // A reviewer's editor: another indentation.
    std::fs::write(
        p,
        serde_json::to_string_pretty(v)
            .unwrap()
            .replace("  ", "    "),
    )
    .unwrap();
}

fn append(p: &Path, text: &str) {
    let mut t = std::fs::read_to_string(p).unwrap();
    t.push_str(text);
    std::fs::write(p, t).unwrap();
}

#[test]
fn a_reviewed_output_survives_a_changed_source_and_force_and_a_conflict_is_reported() {
    let (_dir, input, out) = setup();
    let (code, err) = extract_to(&input, &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    let target = out.join("ninohe-2021.json");
    assert_eq!(
        load(&target),
        load(&out.join(".keikaku/base/ninohe-2021.json"))
    );

    // The reviewer fixes a status, renames a term, deletes an entry, adds a priority.
    let mut doc = load(&target);
    let at = items(&doc, "measures")
        .iter()
        .position(|m| m["status"]["code"] == "mostly_implemented")
        .unwrap();
    let measure = doc["measures"][at].clone();
    doc["measures"][at]["status"]["code"] = json!("studied_only");
    doc["glossary"][0]["term"] = json!("第5世代移動通信(5G)");
    let deleted = doc["glossary"].as_array_mut().unwrap().remove(1);
    let added = json!({"id": "p-reviewer", "title": "窓口のオンライン化", "group": null,
        "description": null, "deadline": null, "measures": [],
        "span": {"start": 0, "end": 0, "line": 1, "end_line": 1}});
    doc["priorities"]
        .as_array_mut()
        .unwrap()
        .push(added.clone());
    save(&target, &doc);

    let kept = |doc: &Value| {
        let m = items(doc, "measures")
            .iter()
            .find(|m| m["id"] == measure["id"])
            .unwrap();
        assert_eq!(m["status"]["code"], "studied_only");
        assert!(
            items(doc, "glossary")
                .iter()
                .any(|g| g["term"] == "第5世代移動通信(5G)")
        );
        assert!(
            !items(doc, "glossary")
                .iter()
                .any(|g| g["id"] == deleted["id"])
        );
        assert!(items(doc, "priorities").contains(&added));
        assert!(
            doc["review"]["deleted"]
                .as_array()
                .unwrap()
                .contains(&deleted["id"])
        );
    };

    // Unchanged source: skipped, the file untouched.
    let before = std::fs::read(&target).unwrap();
    let (code, err) = extract_to(&input, &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(summary(&err).contains("skipped 2"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), before);

    // A changed source and --force: merged, every edit kept.
    append(
        &input.join("ninohe-2021.txt"),
        "\n付記 この計画は随時見直します。\n",
    );
    for extra in [&[][..], &["--force"][..]] {
        let (code, err) = extract_to(&input, &out, extra);
        assert_eq!(code, Some(0), "{err}");
        assert!(summary(&err).contains("merged 1 (0 conflicts)"), "{err}");
        kept(&load(&target));
    }

    // The source now says the measure was completed: the machine changes the status
    // the reviewer changed. The reviewer's code stays and the conflict is reported.
    let path = input.join("ninohe-2021.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let (start, end) = (
        measure["span"]["start"].as_u64().unwrap() as usize,
        measure["span"]["end"].as_u64().unwrap() as usize,
    );
    let word = measure["status"]["text"].as_str().unwrap();
    let at_word = start + text[start..end].rfind(word).unwrap();
    let changed = format!("{}完了{}", &text[..at_word], &text[at_word + word.len()..]);
    std::fs::write(&path, changed).unwrap();
    let (code, err) = extract_to(&input, &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(summary(&err).contains("merged 1 (1 conflicts)"), "{err}");
    let merged = load(&target);
    kept(&merged);
    let conflicts = merged["review"]["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
    let c = &conflicts[0];
    let at = items(&merged, "measures")
        .iter()
        .position(|m| m["id"] == measure["id"])
        .unwrap();
    assert_eq!(c["pointer"], format!("/measures/{at}/status/code"));
    assert_eq!(c["item"], measure["id"]);
    assert_eq!(
        (&c["base"], &c["reviewer"], &c["machine"]),
        (
            &json!("mostly_implemented"),
            &json!("studied_only"),
            &json!("completed")
        )
    );
    // The status text, which only the machine changed, is the machine's.
    assert_eq!(merged["measures"][at]["status"]["text"], "完了");
    assert!(serde_json::from_value::<keikaku::Document>(merged.clone()).is_ok());

    // A re-run keeps reporting it until the reviewer resolves it.
    let (_, err) = extract_to(&input, &out, &["--force"]);
    assert!(summary(&err).contains("merged 1 (1 conflicts)"), "{err}");
    let mut resolved = load(&target);
    resolved["measures"][at]["status"]["code"] = json!("completed");
    resolved["review"]["conflicts"] = json!([]);
    save(&target, &resolved);
    let (_, err) = extract_to(&input, &out, &["--force"]);
    assert!(summary(&err).contains("merged 1 (0 conflicts)"), "{err}");
    assert_eq!(load(&target)["measures"][at]["status"]["code"], "completed");
}

#[test]
fn a_reviewed_file_with_a_syntax_slip_is_never_overwritten() {
    let (_dir, input, out) = setup();
    extract_to(&input, &out, &[]);
    let target = out.join("bibai-2021.json");
    let text = std::fs::read_to_string(&target).unwrap();
    let slipped = text.replacen(
        "\"schema_version\": \"1\",",
        "\"schema_version\": \"1\",,",
        1,
    );
    assert_ne!(slipped, text);
    std::fs::write(&target, &slipped).unwrap();
    let e = serde_json::from_str::<Value>(&slipped).unwrap_err();
    let place = format!("bibai-2021.json:{}:{}:", e.line(), e.column());

    for stem in ["ninohe-2021", "bibai-2021"] {
        append(
            &input.join(format!("{stem}.txt")),
            "\n付記 この計画は随時見直します。\n",
        );
    }
    for extra in [&[][..], &["--force"][..]] {
        let (code, err) = extract_to(&input, &out, extra);
        assert_eq!(code, Some(1), "{err}");
        let line = err
            .lines()
            .find(|l| l.contains("bibai-2021.json"))
            .unwrap_or_else(|| panic!("{err}"));
        assert!(
            line.contains(&place) && line.contains("not overwritten"),
            "{line}"
        );
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            slipped,
            "the file is untouched"
        );
        assert!(summary(&err).contains("failed 1"), "{err}");
    }
    let ninohe = load(&out.join("ninohe-2021.json"));
    assert!(ninohe["source"]["sha256"] != json!(null));
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 3, "no temporary files: {names:?}");
}

#[test]
fn an_edited_output_without_a_base_keeps_its_values_as_conflicts() {
    let (_dir, input, out) = setup();
    extract_to(&input, &out, &[]);
    std::fs::remove_dir_all(out.join(".keikaku")).unwrap();
    let target = out.join("bibai-2021.json");
    let mut doc = load(&target);
    let old_term = doc["glossary"][2]["term"].clone();
    doc["glossary"][2]["term"] = json!("レビューで直した用語");
    save(&target, &doc);
    // Unedited, without a base: the machine output, no review.
    let (code, err) = extract_to(&input, &out, &["--force"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        summary(&err).contains("converted 1, merged 1 (1 conflicts)"),
        "{err}"
    );
    let merged = load(&target);
    assert_eq!(merged["glossary"][2]["term"], "レビューで直した用語");
    let c = &merged["review"]["conflicts"][0];
    assert_eq!(
        (&c["pointer"], &c["base"], &c["machine"]),
        (&json!("/glossary/2/term"), &Value::Null, &old_term)
    );
    assert!(out.join(".keikaku/base/bibai-2021.json").is_file());
    assert!(load(&out.join("ninohe-2021.json")).get("review").is_none());
}

/// Saves like an editor on Windows: a byte order mark, `\r\n`, four-space indents.
fn save_windows(p: &Path, v: &Value) {
    let text = serde_json::to_string_pretty(v)
        .unwrap()
        .replace("  ", "    ")
        .replace('\n', "\r\n");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(text.as_bytes());
    std::fs::write(p, bytes).unwrap();
}

#[test]
fn a_file_saved_with_a_bom_and_crlf_is_merged_and_a_bom_alone_is_no_edit() {
    let (_dir, input, out) = setup();
    extract_to(&input, &out, &[]);
    let target = out.join("ninohe-2021.json");
    let untouched = out.join("bibai-2021.json");
    save_windows(&untouched, &load(&untouched));
    let mut doc = load(&target);
    doc["glossary"][0]["term"] = json!("第5世代(5G)");
    save_windows(&target, &doc);

    append(&input.join("ninohe-2021.txt"), "\n追記した一行。\n");
    append(&input.join("bibai-2021.txt"), "\n追記した一行。\n");
    let (code, err) = extract_to(&input, &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        summary(&err).contains("converted 1, merged 1 (0 conflicts)"),
        "{err}"
    );
    let bytes = std::fs::read(&target).unwrap();
    assert!(!bytes.starts_with(b"\xef\xbb\xbf") && !bytes.contains(&b'\r'));
    let merged = load(&target);
    assert_eq!(merged["glossary"][0]["term"], "第5世代(5G)");
    assert!(merged.get("review").is_none(), "{}", merged["review"]);
    assert_eq!(
        load(&untouched),
        load(&out.join(".keikaku/base/bibai-2021.json"))
    );
}

#[test]
fn another_dictionaries_directory_is_a_rerun_that_merges() {
    let (dir, input, out) = setup();
    extract_to(&input, &out, &[]);
    let target = out.join("ninohe-2021.json");
    let mut doc = load(&target);
    let at = items(&doc, "measures")
        .iter()
        .position(|m| m["status"]["text"] == "実施")
        .unwrap();
    doc["measures"][at]["status"]["code"] = json!("studied_only");
    save(&target, &doc);

    // The same vocabulary, but 実施 now reads as completed.
    let dict = dir.path().join("dict");
    std::fs::create_dir_all(&dict).unwrap();
    let status = std::fs::read_to_string(repo("dictionaries/status.tsv")).unwrap();
    assert!(status.contains("\n実施\timplemented\n"));
    std::fs::write(
        dict.join("status.tsv"),
        status.replace("\n実施\timplemented\n", "\n実施\tcompleted\n"),
    )
    .unwrap();
    let dict_arg = dict.to_str().unwrap();
    let (code, err) = extract_to(&input, &out, &["--dictionaries", dict_arg]);
    assert_eq!(code, Some(0), "{err}");
    assert!(summary(&err).contains("merged 1 (1 conflicts)"), "{err}");
    let merged = load(&target);
    assert_ne!(merged["generator"], doc["generator"]);
    assert_eq!(merged["measures"][at]["status"]["code"], "studied_only");
    let c = &merged["review"]["conflicts"][0];
    assert_eq!(c["pointer"], format!("/measures/{at}/status/code"));
    assert_eq!(
        (&c["base"], &c["machine"]),
        (&json!("implemented"), &json!("completed"))
    );
    // Untouched measures take the new reading.
    let other = items(&merged, "measures")
        .iter()
        .enumerate()
        .find(|(i, m)| *i != at && m["status"]["text"] == "実施")
        .unwrap()
        .1;
    assert_eq!(other["status"]["code"], "completed");
    // Up to date with the same directory; a directory that is not one is an error.
    let (_, err) = extract_to(&input, &out, &["--dictionaries", dict_arg]);
    assert!(summary(&err).contains("skipped 2"), "{err}");
    std::fs::write(dict.join("stray.tsv"), "x\n").unwrap();
    let (code, err) = extract_to(&input, &out, &["--dictionaries", dict_arg]);
    assert_eq!(code, Some(1));
    assert!(err.contains("stray.tsv"), "{err}");
}

#[test]
fn conflicts_are_listed_in_reading_order() {
    let (_dir, input, out) = setup();
    extract_to(&input, &out, &[]);
    // No base: every difference is a conflict, so there are many, across many items.
    std::fs::remove_file(out.join(".keikaku/base/ninohe-2021.json")).unwrap();
    let target = out.join("ninohe-2021.json");
    let mut doc = load(&target);
    for m in doc["measures"].as_array_mut().unwrap().iter_mut().take(12) {
        m["title"] = json!(format!("{}（直）", m["title"].as_str().unwrap()));
    }
    save(&target, &doc);
    let (code, err) = extract_to(&input, &out, &["--force"]);
    assert_eq!(code, Some(0), "{err}");
    let merged = load(&target);
    let pointers: Vec<&str> = merged["review"]["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers.len(), 12);
    assert_eq!(pointers[2], "/measures/2/title");
    assert_eq!(pointers[11], "/measures/11/title");
}

#[test]
fn a_deleted_measure_leaves_no_dangling_reference_after_a_rerun() {
    let (_dir, input, out) = setup();
    extract_to(&input, &out, &[]);
    let target = out.join("ninohe-2021.json");
    let mut doc = load(&target);
    let mentioned = items(&doc, "glossary")
        .iter()
        .flat_map(|g| g["mentions"].as_array().unwrap())
        .find_map(|m| m.as_str().filter(|m| m.starts_with("m-")))
        .unwrap()
        .to_string();
    doc["measures"]
        .as_array_mut()
        .unwrap()
        .retain(|m| m["id"] != mentioned.as_str());
    save(&target, &doc);
    let check = |code: i32| {
        let o = keikaku()
            .args(["check", "--quiet"])
            .arg(&target)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        assert_eq!(o.status.code(), Some(code), "{stdout}");
        stdout
    };
    assert!(check(1).contains(&format!("\"{mentioned}\" is not the id")));
    let (code, err) = extract_to(&input, &out, &["--force"]);
    assert_eq!(code, Some(0), "{err}");
    check(0);
    let merged = load(&target);
    assert_eq!(merged["review"]["deleted"], json!([mentioned]));
}
