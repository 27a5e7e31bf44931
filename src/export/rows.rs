//! The rows of the analysts' tables: one row per measure, indicator, priority and
//! glossary entry of a keikaku output, one per (table, counted by, label) of its status
//! summaries, each opening with the same document columns.
//!
//! A document is read as a JSON value, not as [`crate::Document`]: a field this
//! version does not know is ignored, and a field that is absent (`themes`, `continues`,
//! written by later versions) or of another shape gives an empty cell, never an error.
//! Lists become one cell: codes and ids joined with `;`, sentences (`details`,
//! `progress`) with a line feed, which a spreadsheet shows as lines in one cell.
//!
//! This module makes rows; it does not write them ([`super::write`] does).

use serde_json::Value;

/// One of the exported tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `measures`: one row per measure.
    Measures,
    /// `indicators`: one row per KPI.
    Indicators,
    /// `priorities`: one row per priority programme.
    Priorities,
    /// `glossary`: one row per glossary entry.
    Glossary,
    /// `status_summaries`: one row per count of a status summary.
    StatusSummaries,
}

/// The columns every row opens with, about the document it comes from.
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "municipality",
    "prefecture",
    "plan_title",
    "period_start",
    "period_end",
    "source_path",
    "source_sha256",
];

const SPAN_COLUMNS: &[&str] = &["span_start", "span_end", "span_line", "span_end_line"];

impl Table {
    /// Every table, in the order they are written.
    pub const ALL: [Table; 5] = [
        Table::Measures,
        Table::Indicators,
        Table::Priorities,
        Table::Glossary,
        Table::StatusSummaries,
    ];

    /// The table's name, which is also its file's stem (`measures` → `measures.csv`).
    pub fn name(self) -> &'static str {
        match self {
            Table::Measures => "measures",
            Table::Indicators => "indicators",
            Table::Priorities => "priorities",
            Table::Glossary => "glossary",
            Table::StatusSummaries => "status_summaries",
        }
    }

    /// The table's own columns, after [`DOCUMENT_COLUMNS`] (and before the span's, for
    /// tables of items).
    fn own_columns(self) -> &'static [&'static str] {
        match self {
            Table::Measures => &[
                "id",
                "kind",
                "table_id",
                "parent",
                "goal",
                "strategy",
                "title",
                "details",
                "progress",
                "status_text",
                "status_code",
                "category_text",
                "category_code",
                "repairs",
                "continues",
                "themes",
            ],
            Table::Indicators => &[
                "id",
                "name",
                "description",
                "baseline_text",
                "baseline_value",
                "baseline_unit",
                "baseline_year",
                "target_text",
                "target_value",
                "target_unit",
                "target_year",
                "evaluation_text",
                "evaluation_meaning",
                "themes",
            ],
            Table::Priorities => &[
                "id",
                "title",
                "group_name",
                "description",
                "deadline_text",
                "deadline_fiscal_year",
                "measures",
                "themes",
            ],
            Table::Glossary => &[
                "id",
                "term",
                "reading",
                "group_name",
                "definition",
                "mentions",
            ],
            Table::StatusSummaries => &["table_id", "counted_by", "label", "count"],
        }
    }

    /// All the table's columns, in order.
    pub fn columns(self) -> Vec<&'static str> {
        let mut c = DOCUMENT_COLUMNS.to_vec();
        c.extend_from_slice(self.own_columns());
        if self != Table::StatusSummaries {
            c.extend_from_slice(SPAN_COLUMNS);
        }
        c
    }

    /// The rows of this table from one document, in document order; each row holds
    /// one value per column of [`Table::columns`] (`null` for an empty cell).
    pub fn rows(self, doc: &Value) -> Vec<Vec<Value>> {
        let head = document_cells(doc);
        let mut out = Vec::new();
        let mut push = |own: Vec<Value>, span: Option<&Value>| {
            let mut row = head.clone();
            row.extend(own);
            if let Some(item) = span {
                row.extend(["start", "end", "line", "end_line"].map(|k| at(item, "span", k)));
            }
            out.push(row);
        };
        let items = |key: &str| -> Vec<&Value> {
            doc.get(key)
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default()
        };
        match self {
            Table::Measures => {
                for m in items("measures") {
                    let cells = vec![
                        field(m, "id"),
                        field(m, "kind"),
                        field(m, "table"),
                        field(m, "parent"),
                        field(m, "goal"),
                        field(m, "strategy"),
                        field(m, "title"),
                        joined(m.get("details"), "\n"),
                        joined(m.get("progress"), "\n"),
                        at(m, "status", "text"),
                        at(m, "status", "code"),
                        at(m, "category", "text"),
                        at(m, "category", "code"),
                        joined(m.get("repairs"), ";"),
                        field(m, "continues"),
                        themes(m),
                    ];
                    push(cells, Some(m));
                }
            }
            Table::Indicators => {
                for i in items("indicators") {
                    let mut cells = vec![field(i, "id"), field(i, "name"), field(i, "description")];
                    for q in ["baseline", "target"] {
                        cells.extend(["text", "value", "unit", "year"].map(|k| at(i, q, k)));
                    }
                    cells.push(at(i, "evaluation", "text"));
                    cells.push(at(i, "evaluation", "meaning"));
                    cells.push(themes(i));
                    push(cells, Some(i));
                }
            }
            Table::Priorities => {
                for p in items("priorities") {
                    let cells = vec![
                        field(p, "id"),
                        field(p, "title"),
                        field(p, "group"),
                        field(p, "description"),
                        at(p, "deadline", "text"),
                        at(p, "deadline", "fiscal_year"),
                        joined(p.get("measures"), ";"),
                        themes(p),
                    ];
                    push(cells, Some(p));
                }
            }
            Table::Glossary => {
                for g in items("glossary") {
                    let cells = vec![
                        field(g, "id"),
                        field(g, "term"),
                        field(g, "reading"),
                        field(g, "group"),
                        field(g, "definition"),
                        joined(g.get("mentions"), ";"),
                    ];
                    push(cells, Some(g));
                }
            }
            Table::StatusSummaries => {
                for s in items("status_summaries") {
                    for (key, counted_by) in [
                        ("declared", "table"),
                        ("declared_in_prose", "prose"),
                        ("from_rows", "rows"),
                    ] {
                        let Some(counts) = s.get(key).and_then(Value::as_object) else {
                            continue;
                        };
                        for (label, count) in counts {
                            let cells = vec![
                                field(s, "table"),
                                Value::from(counted_by),
                                Value::from(label.as_str()),
                                count.clone(),
                            ];
                            push(cells, None);
                        }
                    }
                }
            }
        }
        out
    }
}

/// The document columns of one document.
fn document_cells(doc: &Value) -> Vec<Value> {
    vec![
        at(doc, "document", "municipality"),
        at(doc, "document", "prefecture"),
        at(doc, "document", "title"),
        pointer(doc, "/document/period/start_fiscal_year"),
        pointer(doc, "/document/period/end_fiscal_year"),
        at(doc, "source", "path"),
        at(doc, "source", "sha256"),
    ]
}

/// A scalar field of an object (`null` when absent, or when not a scalar).
fn field(v: &Value, key: &str) -> Value {
    scalar(v.get(key))
}

/// A scalar field of an object's object field (`status.text`).
fn at(v: &Value, outer: &str, key: &str) -> Value {
    scalar(v.get(outer).and_then(|o| o.get(key)))
}

fn pointer(v: &Value, p: &str) -> Value {
    scalar(v.pointer(p))
}

fn scalar(v: Option<&Value>) -> Value {
    match v {
        Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => v.clone(),
        _ => Value::Null,
    }
}

/// A list of scalars as one cell, joined with `sep` (`null` when absent or empty).
fn joined(v: Option<&Value>, sep: &str) -> Value {
    let Some(items) = v.and_then(Value::as_array) else {
        return Value::Null;
    };
    let parts: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        Value::Null
    } else {
        Value::from(parts.join(sep))
    }
}

/// The codes of an item's `themes` (`[{"code": …, "evidence": […]}]`) joined with `;`.
fn themes(item: &Value) -> Value {
    let Some(list) = item.get("themes").and_then(Value::as_array) else {
        return Value::Null;
    };
    let codes: Vec<Value> = list
        .iter()
        .map(|t| match t {
            Value::String(_) => t.clone(),
            _ => field(t, "code"),
        })
        .collect();
    joined(Some(&Value::Array(codes)), ";")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "schema_version": "1",
            "generator": {"name": "keikaku"},
            "source": {"path": "plans/a.txt", "sha256": "ab12"},
            "document": {"title": "A町DX推進計画", "municipality": "A町", "prefecture": null,
                         "period": {"text": "…", "start_fiscal_year": 2022, "end_fiscal_year": null}},
            "measures": [
                {"id": "m-1", "kind": "plan", "table": "t-1", "title": "窓口のオンライン化",
                 "details": ["申請", "決済"], "progress": [], "status": null,
                 "category": {"text": "継続", "code": "continued"}, "repairs": ["realigned"],
                 "span": {"start": 10, "end": 20, "line": 3, "end_line": 4},
                 "themes": [{"code": "online", "evidence": ["オンライン化"]},
                            {"code": "bpr", "evidence": []}],
                 "continues": "m-0", "future_field": {"x": 1}}
            ],
            "status_summaries": [
                {"table": "t-9", "declared": {"完了": 2}, "from_rows": {"completed": 3},
                 "discrepancies": []}
            ]
        })
    }

    #[test]
    fn a_measure_row_flattens_its_fields() {
        let rows = Table::Measures.rows(&doc());
        assert_eq!(rows.len(), 1);
        let cols = Table::Measures.columns();
        assert_eq!(rows[0].len(), cols.len());
        let cell = |name: &str| rows[0][cols.iter().position(|c| *c == name).unwrap()].clone();
        assert_eq!(cell("municipality"), json!("A町"));
        assert_eq!(cell("prefecture"), Value::Null);
        assert_eq!(cell("period_start"), json!(2022));
        assert_eq!(cell("source_sha256"), json!("ab12"));
        assert_eq!(cell("details"), json!("申請\n決済"));
        assert_eq!(cell("progress"), Value::Null);
        assert_eq!(cell("status_code"), Value::Null);
        assert_eq!(cell("category_code"), json!("continued"));
        assert_eq!(cell("themes"), json!("online;bpr"));
        assert_eq!(cell("continues"), json!("m-0"));
        assert_eq!(cell("span_end_line"), json!(4));
    }

    #[test]
    fn fields_a_document_lacks_are_empty_cells() {
        let mut d = doc();
        let m = d["measures"][0].as_object_mut().unwrap();
        m.remove("themes");
        m.remove("continues");
        m.remove("span");
        let rows = Table::Measures.rows(&d);
        let cols = Table::Measures.columns();
        for name in ["themes", "continues", "span_start"] {
            let i = cols.iter().position(|c| *c == name).unwrap();
            assert_eq!(rows[0][i], Value::Null, "{name}");
        }
    }

    #[test]
    fn a_status_summary_is_one_row_per_count() {
        let rows = Table::StatusSummaries.rows(&doc());
        let own: Vec<&[Value]> = rows.iter().map(|r| &r[DOCUMENT_COLUMNS.len()..]).collect();
        assert_eq!(
            own,
            [
                &[json!("t-9"), json!("table"), json!("完了"), json!(2)][..],
                &[json!("t-9"), json!("rows"), json!("completed"), json!(3)][..],
            ]
        );
    }
}
