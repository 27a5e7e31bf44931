//! The embedded IPADIC and keikaku's user dictionary.

use keikaku::tokenize::Tokenizer;

fn surfaces(text: &str) -> Vec<String> {
    Tokenizer::shared()
        .unwrap()
        .tokenize(text)
        .unwrap()
        .into_iter()
        .map(|t| t.surface)
        .collect()
}

#[test]
fn user_dictionary_keeps_plan_terms_whole() {
    for term in [
        "マイナンバーカード",
        "ガバメントクラウド",
        "マイナポータル",
        "三層分離",
        "自治体クラウド",
        "コンビニ交付",
    ] {
        let s = surfaces(&format!("{term}の推進"));
        assert_eq!(s[0], term, "{term} split as {s:?}");
    }
}

#[test]
fn user_words_do_not_start_a_sentence() {
    // Context ids of simple user rows are 名詞,一般, not BOS/EOS: は stays a particle.
    let t = Tokenizer::shared()
        .unwrap()
        .tokenize_detailed("本市では")
        .unwrap();
    let s: Vec<&str> = t.iter().map(|t| t.surface.as_str()).collect();
    assert_eq!(s, ["本市", "で", "は"]);
    assert!(t[1].part_of_speech.starts_with("助詞"), "{:?}", t[1]);
}

#[test]
fn ipadic_gives_readings() {
    let tk = Tokenizer::shared().unwrap();
    assert_eq!(tk.reading("情報").unwrap().as_deref(), Some("ジョウホウ"));
    assert_eq!(tk.reading("令和").unwrap().as_deref(), Some("レイワ"));
}

#[test]
fn user_dictionary_has_at_least_fifty_terms() {
    let rows = keikaku::vocab::text("user_dict.csv")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert!(rows >= 50, "{rows}");
}
