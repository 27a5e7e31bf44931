//! Checks a JSON value against the strict schema ([`crate::schema::strict`]): types,
//! required and unknown keys, enums, constants and integer ranges, following `$ref`,
//! `anyOf` and `oneOf` — the part of JSON Schema that schemars writes for the model.
//!
//! Every finding is reported, not only the first. This module knows nothing of ids,
//! references or spans (see the sibling modules).

use serde_json::{Map, Value};

use super::locate::escape;

/// Where a shape finding points: at a value, or at the key of an object member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The value at the pointer.
    Value,
    /// The key of the member at the pointer (an unknown key).
    Key,
}

/// One way the value does not fit the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// JSON pointer of the offending value.
    pub pointer: String,
    /// Whether the key or the value is at fault.
    pub at: At,
    /// What is wrong, for a person.
    pub message: String,
}

/// Every way `value` does not fit `schema`.
pub fn check(schema: &Value, value: &Value) -> Vec<Misfit> {
    let mut out = Vec::new();
    Checker { root: schema }.check(schema, value, "", &mut out);
    out
}

struct Checker<'a> {
    root: &'a Value,
}

impl<'a> Checker<'a> {
    fn resolve(&self, schema: &'a Value) -> &'a Value {
        let mut s = schema;
        for _ in 0..32 {
            match s.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix('#').and_then(|p| self.root.pointer(p)) {
                    Some(target) => s = target,
                    None => return s,
                },
                None => return s,
            }
        }
        s
    }

    fn check(&self, schema: &'a Value, v: &Value, ptr: &str, out: &mut Vec<Misfit>) {
        let schema = self.resolve(schema);
        let misfit = |message: String| Misfit {
            pointer: ptr.to_string(),
            at: At::Value,
            message,
        };
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array) {
                self.branches(branches, v, ptr, out);
                return;
            }
        }
        if let Some(ty) = schema.get("type") {
            if !type_fits(ty, v) {
                out.push(misfit(format!(
                    "expected {}, found {}",
                    type_names(ty),
                    describe(v)
                )));
                return;
            }
        }
        if let Some(c) = schema.get("const") {
            if c != v {
                out.push(misfit(format!("expected {c}, found {}", describe(v))));
                return;
            }
        }
        if let Some(choices) = schema.get("enum").and_then(Value::as_array) {
            if !choices.contains(v) {
                out.push(misfit(unknown_choice(v, choices.iter())));
                return;
            }
        }
        if let Some(n) = v.as_f64() {
            if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
                if n < min {
                    out.push(misfit(format!("{v} is below the minimum {min}")));
                }
            }
            if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
                if n > max {
                    out.push(misfit(format!("{v} is above the maximum {max}")));
                }
            }
        }
        match v {
            Value::Object(map) => self.object(schema, map, ptr, out),
            Value::Array(items) => {
                if let Some(item) = schema.get("items") {
                    for (i, x) in items.iter().enumerate() {
                        self.check(item, x, &format!("{ptr}/{i}"), out);
                    }
                }
            }
            _ => {}
        }
    }

    fn object(
        &self,
        schema: &'a Value,
        map: &Map<String, Value>,
        ptr: &str,
        out: &mut Vec<Misfit>,
    ) {
        let empty = Map::new();
        let props = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for key in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(key) {
                    out.push(Misfit {
                        pointer: ptr.to_string(),
                        at: At::Value,
                        message: format!("missing required key \"{key}\""),
                    });
                }
            }
        }
        let extra = schema.get("additionalProperties");
        for (key, value) in map {
            let child = format!("{ptr}/{}", escape(key));
            match (props.get(key), extra) {
                (Some(s), _) => self.check(s, value, &child, out),
                (None, Some(Value::Bool(false))) => out.push(Misfit {
                    pointer: child,
                    at: At::Key,
                    message: unknown_key(key, props.keys()),
                }),
                (None, Some(s)) if s.is_object() => self.check(s, value, &child, out),
                (None, _) => {}
            }
        }
    }

    /// `anyOf` / `oneOf`: fine when a branch fits; else the findings of the one branch
    /// whose type the value has (e.g. the object of an `Option<struct>`), or a list of
    /// what was expected.
    fn branches(&self, branches: &'a [Value], v: &Value, ptr: &str, out: &mut Vec<Misfit>) {
        let mut typed = Vec::new();
        for b in branches {
            let mut found = Vec::new();
            self.check(b, v, ptr, &mut found);
            if found.is_empty() {
                return;
            }
            let r = self.resolve(b);
            let fits_type = r.get("type").is_none_or(|t| type_fits(t, v))
                && r.get("const").is_none()
                && r.get("enum").is_none();
            if fits_type {
                typed.push(found);
            }
        }
        if typed.len() == 1 {
            out.append(&mut typed[0]);
            return;
        }
        let resolved: Vec<&Value> = branches.iter().map(|b| self.resolve(b)).collect();
        let consts: Vec<&Value> = resolved.iter().filter_map(|b| b.get("const")).collect();
        let message = if consts.len() == resolved.len() {
            unknown_choice(v, consts.into_iter())
        } else {
            let names: Vec<String> = resolved
                .iter()
                .map(|b| match (b.get("type"), b.get("const")) {
                    (_, Some(c)) => c.to_string(),
                    (Some(t), None) => type_names(t),
                    (None, None) => "a value".to_string(),
                })
                .collect();
            format!("expected {}, found {}", names.join(" or "), describe(v))
        };
        out.push(Misfit {
            pointer: ptr.to_string(),
            at: At::Value,
            message,
        });
    }
}

fn type_fits(ty: &Value, v: &Value) -> bool {
    match ty {
        Value::String(t) => one_type_fits(t, v),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .any(|t| one_type_fits(t, v)),
        _ => true,
    }
}

fn one_type_fits(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        _ => true,
    }
}

fn type_names(ty: &Value) -> String {
    let name = |t: &str| match t {
        "object" => "an object",
        "array" => "an array",
        "string" => "a string",
        "boolean" => "true or false",
        "null" => "null",
        "number" => "a number",
        "integer" => "an integer",
        _ => "a value",
    };
    match ty {
        Value::String(t) => name(t).to_string(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(name)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "a value".to_string(),
    }
}

/// A value as a person reads it in a message: its kind, and short scalars themselves.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.is_f64() => format!("the number {n}"),
        Value::Number(n) => format!("the integer {n}"),
        Value::String(s) if s.chars().count() <= 40 => format!("the string {v}"),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn unknown_choice<'v>(v: &Value, choices: impl Iterator<Item = &'v Value>) -> String {
    let choices: Vec<String> = choices
        .map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_string))
        .collect();
    let hint = v
        .as_str()
        .and_then(|s| closest(s, choices.iter().map(String::as_str)))
        .map(|c| format!("; did you mean \"{c}\"?"))
        .unwrap_or_default();
    format!(
        "unknown code {}{hint} (expected one of: {})",
        v,
        choices.join(", ")
    )
}

fn unknown_key<'k>(key: &str, known: impl Iterator<Item = &'k String> + Clone) -> String {
    match closest(key, known.clone().map(String::as_str)) {
        Some(k) => format!("unknown key \"{key}\"; did you mean \"{k}\"?"),
        None => {
            let known: Vec<&str> = known.map(String::as_str).collect();
            format!(
                "unknown key \"{key}\" (expected one of: {})",
                known.join(", ")
            )
        }
    }
}

/// The choice nearest to `s` in edits, when it is near enough to be a slip.
fn closest<'c>(s: &str, choices: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (s.chars().count() / 4).clamp(1, 3);
    choices
        .map(|c| (edits(s, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Edit distance in characters, a swap of two neighbours counting as one edit
/// (optimal string alignment).
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * w + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({
            "type": "object",
            "properties": {
                "n": {"type": "integer", "minimum": 0},
                "kind": {"$ref": "#/$defs/Kind"},
                "opt": {"anyOf": [{"$ref": "#/$defs/Inner"}, {"type": "null"}]},
                "list": {"type": "array", "items": {"type": "string", "enum": ["alpha", "beta"]}},
                "map": {"type": "object", "additionalProperties": {"type": "integer"}}
            },
            "required": ["n", "kind"],
            "additionalProperties": false,
            "$defs": {
                "Kind": {"oneOf": [{"type": "string", "const": "a"}, {"type": "string", "const": "b"}]},
                "Inner": {"type": "object", "properties": {"x": {"type": ["string", "null"]}},
                          "required": ["x"], "additionalProperties": false}
            }
        })
    }

    #[test]
    fn a_fitting_value_has_no_findings() {
        let v = json!({"n": 3, "kind": "a", "opt": {"x": null}, "list": ["beta"], "map": {"k": 1}});
        assert_eq!(check(&schema(), &v), vec![]);
        let v = json!({"n": 0, "kind": "b", "opt": null});
        assert_eq!(check(&schema(), &v), vec![]);
    }

    #[test]
    fn every_misfit_is_found_with_its_pointer() {
        let v = json!({"n": -1, "kind": "c", "opt": {"y": 1}, "list": ["alpah", 3],
                       "map": {"k": "1"}, "nn": 1});
        let found: Vec<(String, At, String)> = check(&schema(), &v)
            .into_iter()
            .map(|m| (m.pointer, m.at, m.message))
            .collect();
        let pointers: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/n", "/kind", "/opt", "/opt/y", "/list/0", "/list/1", "/map/k", "/nn"
            ]
        );
        assert!(found[0].2.contains("below the minimum"));
        assert!(found[1].2.contains("unknown code \"c\""), "{}", found[1].2);
        assert_eq!(found[2].2, "missing required key \"x\"");
        assert_eq!(found[3].1, At::Key);
        assert!(
            found[4].2.contains("did you mean \"alpha\""),
            "{}",
            found[4].2
        );
        assert!(
            found[5]
                .2
                .contains("expected a string, found the integer 3")
        );
        assert_eq!(found[7].2, "unknown key \"nn\"; did you mean \"n\"?");
    }

    #[test]
    fn edit_distance() {
        assert_eq!(edits("implemnted", "implemented"), 1);
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("alpah", "alpha"), 1);
    }
}
