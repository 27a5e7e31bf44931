//! `keikaku review` in a real browser: Debian's chromium driven through chromedriver
//! (WebDriver, `fantoccini`). The pages of the seeds show every item, mark exactly
//! each item's source text, save the JSON keikaku wrote byte for byte; a reviewer's
//! four edits saved from the page pass `keikaku check`, are the four changes
//! `keikaku diff` lists, and survive a re-run on an edited source; a plan full of
//! HTML and script payloads runs no script. Screenshots of the seeds' pages are
//! written to `target/review-page/`.
//!
//! Skipped, with a message, only when chromedriver or chromium is not installed
//! (`.ci/run` installs both).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, ensure};
use fantoccini::Locator;
use serde_json::{Value, json};

use crate::browser::{Browser, with_browser};
use crate::{extract_to, repo};

// ------------------------------------------------------------------ helpers

/// Runs keikaku with `args`: exit code, stdout, stderr.
fn keikaku(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let o = assert_cmd::Command::cargo_bin("keikaku")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        err,
    )
}

fn os<S: AsRef<std::ffi::OsStr> + ?Sized>(s: &S) -> &std::ffi::OsStr {
    s.as_ref()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The decoded text of a source file.
fn decoded(path: &Path) -> String {
    keikaku::decode::decode(&std::fs::read(path).unwrap(), None)
        .unwrap()
        .text
}

/// The text of `item`'s span in `source`.
fn slice<'a>(source: &'a str, item: &Value) -> &'a str {
    let n = |k: &str| item["span"][k].as_u64().unwrap() as usize;
    &source[n("start")..n("end")]
}

/// Clicks the card of `item_id` (its id line) and reads back the text marked in the
/// source pane.
async fn mark(b: &Browser, id: &str) -> anyhow::Result<String> {
    b.client
        .find(Locator::Css(&format!(".item[data-id=\"{id}\"] .head .id")))
        .await?
        .click()
        .await?;
    let marked = b
        .js(
            "return Array.from(document.querySelectorAll('#source .mark'), e => e.textContent).join('')",
            vec![],
        )
        .await?;
    Ok(marked.as_str().unwrap_or_default().to_string())
}

/// The page's item count of each kind, as `{kind: n}`.
async fn counts(b: &Browser) -> anyhow::Result<Value> {
    b.js(
        "const c = {}; for (const e of document.querySelectorAll('#items .item')) \
         { const k = e.getAttribute('data-kind'); c[k] = (c[k] || 0) + 1; } return c;",
        vec![],
    )
    .await
}

/// Selects `word` (its first occurrence) in the source pane, as a mouse would.
async fn select_text(b: &Browser, word: &str) -> anyhow::Result<()> {
    b.js(
        "const [word] = arguments; const pre = document.getElementById('source');
         const src = JSON.parse(document.getElementById('kk-source').textContent);
         const at = src.indexOf(word), to = at + word.length;
         const walk = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
         let pos = 0, a = null, z = null;
         for (let n = walk.nextNode(); n; n = walk.nextNode()) {
           const len = n.data.length;
           if (!a && at < pos + len) a = [n, at - pos];
           if (!z && to <= pos + len) z = [n, to - pos];
           pos += len;
         }
         window.getSelection().setBaseAndExtent(a[0], a[1], z[0], z[1]);",
        vec![json!(word)],
    )
    .await?;
    b.client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("#add-bar:not([hidden])"))
        .await?;
    Ok(())
}

/// Converts the seeds into `dir/out` (recording their absolute paths) and writes the
/// pages beside them.
fn seed_pages(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let (code, err) = extract_to(&repo("seeds"), &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = keikaku(&[os("review"), out.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("wrote 2 pages, failed 0"), "{err}");
    out
}

// ------------------------------------------------------------------ the tests

#[test]
fn the_seed_pages_show_every_item_and_mark_its_exact_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = seed_pages(dir.path());
    let shots = repo("target/review-page");
    std::fs::create_dir_all(&shots).unwrap();
    with_browser(async |b| {
        for stem in ["ninohe-2021", "bibai-2021"] {
            let doc = read_json(&out.join(format!("{stem}.json")));
            let source = decoded(&repo(&format!("seeds/{stem}.txt")));
            b.open(&out.join(format!("{stem}.html"))).await?;

            // As many items of each kind as the JSON has.
            let shown = counts(b).await?;
            let mut expected = serde_json::Map::new();
            for (kind, items) in doc.as_object().unwrap() {
                if let Some(a) = items.as_array().filter(|a| !a.is_empty()) {
                    expected.insert(kind.clone(), json!(a.len()));
                }
            }
            ensure!(shown == Value::Object(expected), "{stem}: {shown} shown");

            // The fonts named in the CSS are there, and the page says it is Japanese.
            let fonts = b
                .js(
                    "return [document.documentElement.lang, \
                     document.fonts.check('16px \"Noto Sans CJK JP\"'), document.title]",
                    vec![],
                )
                .await?;
            ensure!(fonts[0] == "ja" && fonts[1] == true, "{stem}: {fonts}");
            ensure!(
                fonts[2]
                    .as_str()
                    .unwrap()
                    .starts_with(doc["document"]["title"].as_str().unwrap()),
                "{fonts}"
            );

            // Clicking an item marks exactly its span's text: every measure, priority,
            // indicator and glossary entry of the seed (clicked by the page's script),
            // and the first and last of each kind clicked through WebDriver.
            let items: Vec<&Value> = ["measures", "priorities", "indicators", "glossary"]
                .iter()
                .flat_map(|k| doc[*k].as_array().unwrap())
                .collect();
            let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
            let marked = b
                .js(
                    "return arguments[0].map(id => { \
                       document.querySelector(`.item[data-id=\"${id}\"] .head .id`).click(); \
                       return Array.from(document.querySelectorAll('#source .mark'), e => e.textContent).join(''); })",
                    vec![json!(ids)],
                )
                .await?;
            ensure!(items.len() > 20, "{stem}: {}", items.len());
            for (item, marked) in items.iter().zip(marked.as_array().unwrap()) {
                ensure!(
                    marked == slice(&source, item),
                    "{stem} {}: marked {marked}",
                    item["id"]
                );
            }
            for kind in ["measures", "priorities", "indicators", "glossary"] {
                let list = doc[kind].as_array().unwrap();
                for item in list.first().into_iter().chain(list.last()) {
                    let id = item["id"].as_str().unwrap();
                    let marked = mark(b, id).await?;
                    ensure!(
                        marked == slice(&source, item),
                        "{stem} {id}: marked {marked:?}"
                    );
                }
            }

            // Clicking highlighted text selects its item.
            let item = &doc[if stem == "ninohe-2021" {
                "measures"
            } else {
                "glossary"
            }][3];
            mark(b, item["id"].as_str().unwrap()).await?;
            b.js("document.getElementById('items-pane').scrollTop = 0; document.querySelectorAll('.item.selected').forEach(e => e.classList.remove('selected'));", vec![]).await?;
            b.client
                .find(Locator::Css("#source .mark"))
                .await?
                .click()
                .await?;
            let selected = b
                .js(
                    "return document.querySelector('.item.selected').getAttribute('data-id')",
                    vec![],
                )
                .await?;
            ensure!(selected == item["id"], "{stem}: selected {selected}");

            // Filters: only measures with a status code, only items with warnings.
            if stem == "ninohe-2021" {
                let visible =
                    "return document.querySelectorAll('#items .item:not(.hidden)').length";
                b.client
                    .find(Locator::Id("status-filter"))
                    .await?
                    .select_by_value("studied_only")
                    .await?;
                let studied = doc["measures"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|m| m["status"]["code"] == "studied_only")
                    .count();
                ensure!(studied > 0 && b.js(visible, vec![]).await? == json!(studied));
                b.client
                    .find(Locator::Id("status-filter"))
                    .await?
                    .select_by_value("")
                    .await?;
                b.client
                    .find(Locator::Id("warn-filter"))
                    .await?
                    .click()
                    .await?;
                let warned = b.js(visible, vec![]).await?;
                let repaired = doc["measures"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|m| !m["repairs"].as_array().unwrap().is_empty())
                    .count();
                ensure!(
                    warned.as_u64().unwrap() as usize >= repaired + 150,
                    "{warned}"
                );
                b.client
                    .find(Locator::Id("warn-filter"))
                    .await?
                    .click()
                    .await?;
            }

            std::fs::write(
                shots.join(format!("{stem}.png")),
                b.client.screenshot().await?,
            )?;

            // Saved unedited, the JSON is the file keikaku wrote, byte for byte.
            b.client.find(Locator::Id("save")).await?.click().await?;
            let saved = b.downloaded(&format!("{stem}.json")).await?;
            ensure!(
                saved == std::fs::read(out.join(format!("{stem}.json")))?,
                "{stem}: the unedited save differs"
            );
        }
        Ok(())
    });
}

#[test]
fn four_edits_saved_from_the_page_pass_check_diff_and_a_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir(&plans).unwrap();
    let src_path = plans.join("ninohe-2021.txt");
    std::fs::copy(repo("seeds/ninohe-2021.txt"), &src_path).unwrap();
    let out = dir.path().join("out");
    let (code, err) = extract_to(&plans, &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    let json = out.join("ninohe-2021.json");
    let page = dir.path().join("page.html");
    let (code, _, err) = keikaku(&[os("review"), json.as_os_str(), os("-o"), page.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");

    let doc = read_json(&json);
    let source = decoded(&src_path);
    // The edits: a measure's status, a glossary term, a glossary entry no warning
    // names deleted, and a new glossary entry from a word selected in the text.
    let measure = doc["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["status"]["code"] == "implemented")
        .unwrap();
    let (m_id, renamed) = (measure["id"].as_str().unwrap(), &doc["glossary"][0]);
    let named: Vec<&Value> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| &w["item"])
        .collect();
    let deleted = doc["glossary"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .find(|g| !named.contains(&&g["id"]))
        .unwrap();
    let (g_id, d_id) = (
        renamed["id"].as_str().unwrap(),
        deleted["id"].as_str().unwrap(),
    );
    let new_term = "ファイブジー（第5世代）";
    let word = "クラウド化";
    let at = source.find(word).unwrap();

    let saved_path = dir.path().join("saved.json");
    with_browser(async |b| {
        b.open(&page).await?;
        let card = |id: &str| format!(".item[data-id=\"{id}\"]");
        b.client
            .find(Locator::Css(&format!("{} select.f-status", card(m_id))))
            .await?
            .select_by_value("studied_only")
            .await?;
        let term = b
            .client
            .find(Locator::Css(&format!("{} input.f-term", card(g_id))))
            .await?;
        term.clear().await?;
        term.send_keys(new_term).await?;
        b.client
            .find(Locator::Css(&format!("{} button.delete", card(d_id))))
            .await?
            .click()
            .await?;
        ensure!(
            b.client
                .find_all(Locator::Css(&card(d_id)))
                .await?
                .is_empty()
        );
        select_text(b, word).await?;
        b.client
            .find(Locator::Id("add-kind"))
            .await?
            .select_by_value("glossary")
            .await?;
        b.client.find(Locator::Id("add")).await?.click().await?;
        // The new item is selected and marks the selected word.
        let marked = b
            .js(
                "return Array.from(document.querySelectorAll('#source .mark'), e => e.textContent).join('')",
                vec![],
            )
            .await?;
        ensure!(marked == word, "marked {marked}");
        b.client.find(Locator::Id("save")).await?.click().await?;
        std::fs::write(&saved_path, b.downloaded("ninohe-2021.json").await?)?;
        Ok(())
    });
    if !saved_path.exists() {
        return; // skipped: no browser
    }

    // keikaku check accepts the saved file (the renamed term is only a warning).
    std::fs::copy(&saved_path, &json).unwrap();
    let (code, stdout, err) = keikaku(&[os("check"), json.as_os_str()]);
    assert_eq!(code, Some(0), "{stdout}{err}");
    assert!(err.contains("0 with errors; 0 errors"), "{err}");

    // keikaku diff lists exactly the four changes.
    let base = out.join(".keikaku/base/ninohe-2021.json");
    let (code, stdout, err) =
        keikaku(&[os("diff"), base.as_os_str(), json.as_os_str(), os("--json")]);
    assert_eq!(code, Some(1), "{err}");
    let changes: Value = serde_json::from_str(&stdout).unwrap();
    let saved = read_json(&json);
    let added = saved["glossary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["term"] == word)
        .unwrap();
    let added_id = added["id"].as_str().unwrap();
    let line = source[..at].matches('\n').count() + 1;
    assert_eq!(
        added,
        &json!({"id": added_id, "term": word, "reading": null, "group": null, "definition": "",
                "mentions": [], "span": {"start": at, "end": at + word.len(), "line": line, "end_line": line}})
    );
    let summary: Vec<(String, String, Option<String>)> = changes["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["op"].as_str().unwrap().to_string(),
                c["id"].as_str().unwrap().to_string(),
                c.get("new")
                    .filter(|_| c["op"] == "changed")
                    .map(|v| v.to_string()),
            )
        })
        .collect();
    assert_eq!(summary.len(), 4, "{changes:#}");
    for expected in [
        (
            "changed".to_string(),
            m_id.to_string(),
            Some("\"studied_only\"".to_string()),
        ),
        (
            "changed".to_string(),
            g_id.to_string(),
            Some(format!("\"{new_term}\"")),
        ),
        ("removed".to_string(), d_id.to_string(), None),
        ("added".to_string(), added_id.to_string(), None),
    ] {
        assert!(
            summary.contains(&expected),
            "{expected:?} not in {summary:?}"
        );
    }

    // A re-run after a source edit keeps all four: a line inserted below the added
    // word, so every measure and glossary entry moves (an added item keeps the span it
    // was given, see the README, so the edit is below it).
    let mut edited = source.clone();
    let cut = at + edited[at..].find('\n').unwrap() + 1;
    edited.insert_str(cut, "（改訂版）\n");
    std::fs::write(&src_path, &edited).unwrap();
    let (code, err) = extract_to(&plans, &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("merged 1"), "{err}");
    let merged = read_json(&json);
    let find = |kind: &str, id: &str| {
        merged[kind]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .cloned()
    };
    assert_eq!(
        find("measures", m_id).unwrap()["status"]["code"],
        "studied_only"
    );
    assert_eq!(find("glossary", g_id).unwrap()["term"], new_term);
    assert_eq!(find("glossary", d_id), None);
    assert_eq!(merged["review"]["deleted"], json!([d_id]));
    let kept = find("glossary", added_id).unwrap();
    assert_eq!(kept["term"], word);
    assert_eq!(
        slice(&edited, &kept),
        word,
        "the added item's span follows its text"
    );
    let (code, stdout, err) = keikaku(&[os("check"), json.as_os_str()]);
    assert_eq!(code, Some(0), "{stdout}{err}");
}

/// Payloads that would run script if the page inserted text as HTML.
const PAYLOADS: &[&str] = &[
    "<script>window.pwned=1</script>",
    "<img src=x onerror=window.pwned=1>",
    "</textarea><img src=x onerror=window.pwned=1>",
    "</script><script>window.pwned=1</script>",
    "<a href=\"javascript:window.pwned=1\">javascript:window.pwned=1</a>",
    "<svg onload=window.pwned=1>",
    "\u{2028}</style><iframe srcdoc=\"<script>parent.pwned=1</script>\">",
];

#[test]
fn a_plan_full_of_html_and_script_renders_inert() {
    // The bibai output with payloads in every kind of text field, over a source with
    // payloads (and a character outside the BMP before them) appended.
    let dir = tempfile::tempdir().unwrap();
    let out = seed_pages(dir.path());
    let mut doc = read_json(&out.join("bibai-2021.json"));
    let mut source = decoded(&repo("seeds/bibai-2021.txt"));
    source.push_str("\n𠮷野家のクラウド 🍣\n");
    let mut spans = Vec::new();
    for p in PAYLOADS {
        let start = source.len();
        source.push_str(p);
        let line = source.matches('\n').count() + 1;
        spans.push(json!({"start": start, "end": source.len(), "line": line, "end_line": line}));
        source.push('\n');
    }
    let src_path = dir.path().join("pwn.txt");
    std::fs::write(&src_path, &source).unwrap();
    doc["source"]["path"] = json!(src_path);
    doc["source"]["sha256"] = json!(keikaku::decode::sha256_hex(source.as_bytes()));
    doc["source"]["bytes"] = json!(source.len());
    doc["document"]["title"] = json!(PAYLOADS[0]);
    for (i, p) in PAYLOADS.iter().enumerate() {
        let g = &mut doc["glossary"][i];
        g["term"] = json!(p);
        g["reading"] = json!(p);
        g["definition"] = json!(p);
        g["span"] = spans[i].clone();
    }
    doc["priorities"][0]["title"] = json!(PAYLOADS[1]);
    doc["priorities"][0]["description"] = json!(PAYLOADS[3]);
    doc["indicators"][0]["name"] = json!(PAYLOADS[2]);
    doc["sections"][0]["title"] = json!(PAYLOADS[4]);
    doc["warnings"] = json!([{"code": "no_title", "message": PAYLOADS[5], "span": spans[6]}]);
    let json_path = dir.path().join("pwn.json");
    std::fs::write(
        &json_path,
        serde_json::to_string_pretty(&doc).unwrap() + "\n",
    )
    .unwrap();
    let (code, _, err) = keikaku(&[os("review"), json_path.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    let page = dir.path().join("pwn.html");
    let html = std::fs::read_to_string(&page).unwrap();
    for p in PAYLOADS {
        assert!(!html.contains(p), "{p} is in the page as it is");
    }

    with_browser(async |b| {
        b.open(&page).await?;
        let probe = "return [typeof window.pwned, \
             document.querySelectorAll('img, svg, iframe, a[href], #items script, #source *:not(.seg)').length]";
        ensure!(b.js(probe, vec![]).await? == json!(["undefined", 0]));
        // Each payload is shown as text: in the source pane and in the fields.
        let texts = b
            .js(
                "return [document.getElementById('source').textContent, \
                 Array.from(document.querySelectorAll('#items input, #items textarea'), e => e.value), \
                 document.getElementById('items').textContent, document.title]",
                vec![],
            )
            .await?;
        ensure!(
            texts[0] == json!(source),
            "the source pane is not the source text"
        );
        for p in PAYLOADS {
            ensure!(
                texts[1].as_array().unwrap().iter().any(|v| v == p),
                "{p} not in a field"
            );
        }
        ensure!(texts[2].as_str().unwrap().contains(PAYLOADS[3]));
        ensure!(texts[3].as_str().unwrap().starts_with(PAYLOADS[0]));
        // Marking after characters outside the BMP is exact; edits re-render safely.
        for (i, p) in PAYLOADS.iter().enumerate() {
            let id = doc["glossary"][i]["id"].as_str().unwrap().to_string();
            ensure!(mark(b, &id).await? == *p, "{id}");
        }
        select_text(b, "🍣").await?;
        b.client.find(Locator::Id("add")).await?.click().await?;
        b.client
            .find(Locator::Css("#items .delete"))
            .await?
            .click()
            .await?;
        ensure!(b.js(probe, vec![]).await? == json!(["undefined", 0]));
        b.client.find(Locator::Id("save")).await?.click().await?;
        let saved: Value = serde_json::from_slice(&b.downloaded("pwn.json").await?)?;
        let sushi = saved["measures"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m["title"] == "🍣")
            .context("the added measure")?;
        ensure!(slice(&source, sushi) == "🍣", "{sushi}");
        ensure!(saved["glossary"][1]["term"] == PAYLOADS[1]);
        Ok(())
    });
}

#[test]
fn review_refuses_a_missing_or_changed_source_and_takes_one_given() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir(&plans).unwrap();
    let src = plans.join("bibai-2021.txt");
    std::fs::copy(repo("seeds/bibai-2021.txt"), &src).unwrap();
    let out = dir.path().join("out");
    let (code, err) = extract_to(&plans, &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    let json = out.join("bibai-2021.json");

    let moved = dir.path().join("moved.txt");
    std::fs::rename(&src, &moved).unwrap();
    let (code, _, err) = keikaku(&[os("review"), json.as_os_str()]);
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with(&format!("keikaku: error: {}: its source ", json.display()))
            && err.contains("was not found")
            && err.contains("--source FILE"),
        "{err}"
    );
    assert!(!out.join("bibai-2021.html").exists());

    let page = dir.path().join("p.html");
    let (code, _, err) = keikaku(&[
        os("review"),
        json.as_os_str(),
        os("--source"),
        moved.as_os_str(),
        os("-o"),
        page.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(std::fs::read_to_string(&page).unwrap().contains("美唄市"));

    std::fs::write(&src, std::fs::read_to_string(&moved).unwrap() + "追記\n").unwrap();
    let (code, _, err) = keikaku(&[os("review"), json.as_os_str()]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("is not the text this output was made from") && err.contains("sha256"),
        "{err}"
    );

    // In a folder, the bad one is reported and the others written.
    let (code, _, err) = keikaku(&[
        os("review"),
        out.as_os_str(),
        os("-o"),
        dir.path().join("pages").as_os_str(),
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("wrote 0 pages, failed 1"), "{err}");
}
