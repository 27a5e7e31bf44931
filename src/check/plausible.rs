//! Years and numbers no plan can mean: a date before [`min_year`] or after
//! [`max_year`] (`令和99年度` is 2117), a quantity with more significant digits than
//! `max_digits` (a run of page numbers read as one value). Ranges are data
//! (`dictionaries/plausible.tsv`).
//!
//! Each finding is a warning on the record that holds the value; the value itself is
//! kept as read, so a reviewer sees what the document says. This module does not parse
//! dates or numbers (`era`, `number` do) and does not look at the text.
//!
//! [`min_year`]: Limits::min_year
//! [`max_year`]: Limits::max_year

use crate::extract::Records;
use crate::model::{Quantity, Span, Warning};

/// The plausible ranges, read once from the dictionary.
struct Limits {
    min_year: i32,
    max_year: i32,
    max_value: f64,
}

impl Limits {
    fn get() -> Self {
        let v = crate::vocab::plausible();
        Limits {
            min_year: v.number("min_year") as i32,
            max_year: v.number("max_year") as i32,
            max_value: 10f64.powi(v.number("max_digits") as i32),
        }
    }

    fn year_ok(&self, year: i32) -> bool {
        (self.min_year..=self.max_year).contains(&year)
    }
}

/// Warnings about every implausible year and number in `records`.
pub fn check(records: &Records) -> Vec<Warning> {
    let limits = Limits::get();
    let mut out = Vec::new();
    let mut year = |what: &str, text: &str, y: i32, item: Option<&str>, span: Option<Span>| {
        if !limits.year_ok(y) {
            out.push(Warning {
                code: "implausible_year".into(),
                message: format!(
                    "{what} {text:?} names the year {y}, outside {}–{}; kept as read",
                    limits.min_year, limits.max_year
                ),
                item: item.map(str::to_string),
                span,
            });
        }
    };
    let meta = &records.metadata;
    if let Some(p) = &meta.published {
        year("the publication date", &p.text, p.year, None, None);
    }
    if let Some(p) = &meta.period {
        year("the plan period", &p.text, p.start_fiscal_year, None, None);
        if let Some(end) = p.end_fiscal_year {
            year("the plan period", &p.text, end, None, None);
        }
    }
    for p in &records.priorities {
        if let Some(d) = &p.deadline
            && let Some(y) = d.fiscal_year
        {
            year("the deadline", &d.text, y, Some(&p.id), Some(p.span));
        }
    }
    let mut quantities = Vec::new();
    for i in &records.indicators {
        for q in [&i.baseline, &i.target].into_iter().flatten() {
            if let Some(y) = q.year {
                year("the value", &q.text, y, Some(&i.id), Some(i.span));
            }
            quantities.push((q, i.id.as_str(), i.span));
        }
    }
    out.extend(
        quantities
            .into_iter()
            .filter(|(q, _, _)| !number_ok(q, limits.max_value))
            .map(|(q, id, span)| Warning {
                code: "implausible_number".into(),
                message: format!(
                    "the value {:?} is too large to be a count or amount; kept as read",
                    q.text
                ),
                item: Some(id.to_string()),
                span: Some(span),
            }),
    );
    out
}

fn number_ok(q: &Quantity, max_value: f64) -> bool {
    q.value.is_none_or(|v| v.is_finite() && v.abs() < max_value)
}
