//! The strict JSON Schema of the output contract: the model's schema (no unknown keys,
//! from `deny_unknown_fields`) with the closed vocabularies of [`crate::codes`] as enums
//! — a measure's `status.code`, its `category.code`, a theme's `code` (`themes[]` of
//! measures, priorities and indicators), a warning's `code` and a measure's `repairs`. `keikaku schema` prints it and `keikaku check` validates against it.
//!
//! This module builds the schema; validation is in [`crate::validate`].

use serde_json::{Value, json};

use crate::codes;
use crate::model::Document;

/// The strict schema as a JSON value.
pub fn strict() -> Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(Document)).expect("the schema serializes");
    if let Some(coded) = schema.pointer("/$defs/Coded").cloned() {
        let defs = &mut schema["$defs"];
        defs["StatusCode"] = closed(
            &coded,
            "An implementation status: as written, and a code of dictionaries/status.tsv (or `other`).",
            &codes::status_codes(),
        );
        defs["CategoryCode"] = closed(
            &coded,
            "A plan category: as written, and a code of dictionaries/category.tsv (or `other`).",
            &codes::category_codes(),
        );
        retarget(
            &mut schema,
            "/$defs/Measure/properties/status",
            "StatusCode",
        );
        retarget(
            &mut schema,
            "/$defs/Measure/properties/category",
            "CategoryCode",
        );
    }
    if let Some(code) = schema.pointer_mut("/$defs/ThemeTag/properties/code") {
        code["enum"] = json!(codes::theme_codes());
    }
    let warnings = json!(codes::WARNING_CODES);
    if let Some(code) = schema.pointer_mut("/$defs/Warning/properties/code") {
        code["enum"] = warnings.clone();
    }
    if let Some(items) = schema.pointer_mut("/$defs/Measure/properties/repairs/items") {
        items["enum"] = warnings;
    }
    schema
}

/// `Coded` with its `code` limited to `codes`.
fn closed(coded: &Value, description: &str, codes: &[&str]) -> Value {
    let mut def = coded.clone();
    def["description"] = json!(description);
    if let Some(code) = def.pointer_mut("/properties/code") {
        code["enum"] = json!(codes);
    }
    def
}

/// Points every `$ref` to `Coded` below `at` to `#/$defs/<name>` instead.
fn retarget(schema: &mut Value, at: &str, name: &str) {
    fn walk(v: &mut Value, name: &str) {
        match v {
            Value::Object(map) => {
                if map.get("$ref").and_then(Value::as_str) == Some("#/$defs/Coded") {
                    map.insert("$ref".into(), json!(format!("#/$defs/{name}")));
                }
                map.values_mut().for_each(|v| walk(v, name));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, name)),
            _ => {}
        }
    }
    if let Some(v) = schema.pointer_mut(at) {
        walk(v, name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_enums_and_keys_are_closed() {
        let s = strict();
        let status = s
            .pointer("/$defs/StatusCode/properties/code/enum")
            .and_then(Value::as_array)
            .expect("status enum");
        assert!(status.contains(&json!("mostly_implemented")));
        assert!(status.contains(&json!("other")));
        let category = s
            .pointer("/$defs/CategoryCode/properties/code/enum")
            .expect("category enum");
        assert!(category.as_array().unwrap().contains(&json!("continued")));
        assert!(
            s.pointer("/$defs/Warning/properties/code/enum")
                .is_some_and(|e| e.as_array().unwrap().contains(&json!("unknown_status")))
        );
        let themes = s
            .pointer("/$defs/ThemeTag/properties/code/enum")
            .and_then(Value::as_array)
            .expect("theme enum");
        assert_eq!(themes.len(), 13);
        assert!(themes.contains(&json!("my_number_card")));
        assert_eq!(
            s.pointer("/$defs/Measure/properties/status/anyOf/0/$ref"),
            Some(&json!("#/$defs/StatusCode"))
        );
        for (name, def) in s["$defs"].as_object().unwrap() {
            if def.get("type") == Some(&json!("object")) && def.get("properties").is_some() {
                assert_eq!(def["additionalProperties"], json!(false), "{name}");
            }
        }
        assert_eq!(s["additionalProperties"], json!(false));
    }
}
