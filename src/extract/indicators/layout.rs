//! Header roles of a KPI table: what each header cell holds (name, baseline, current,
//! target, evaluation, description …), from the words of `dictionaries/indicators.tsv`
//! (the longest word a cell contains wins), and the [`Layout`] of a header row: its value
//! columns, the year each value column names (`現状値（R1）` → 2019), and which value is
//! the baseline and which the target.
//!
//! It reads header rows only; it does not read data rows, years under the header or
//! values (the parent module does).

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use crate::era;
use crate::normalize::chars::nfkc_key;
use crate::number;
use crate::segment::Cell;

/// What a column of a KPI table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Name,
    Number,
    Baseline,
    Current,
    Other,
    Target,
    Evaluation,
    Description,
    Note,
    Unknown,
}

impl Role {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "name" => Role::Name,
            "number" => Role::Number,
            "baseline" => Role::Baseline,
            "current" => Role::Current,
            "other" => Role::Other,
            "target" => Role::Target,
            "evaluation" => Role::Evaluation,
            "description" => Role::Description,
            "note" => Role::Note,
            _ => return None,
        })
    }

    fn holds_values(self) -> bool {
        matches!(
            self,
            Role::Baseline | Role::Current | Role::Other | Role::Target
        )
    }
}

/// The header words, in file order.
pub(super) fn header_words() -> &'static [(String, Role)] {
    static W: OnceLock<Vec<(String, Role)>> = OnceLock::new();
    W.get_or_init(|| {
        crate::vocab::text("indicators.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (w, r) = l.split_once('\t')?;
                Some((w.trim().nfkc().collect(), Role::parse(r.trim())?))
            })
            .collect()
    })
}

/// A matcher of the header words (pattern `i` is `header_words()[i]`), every match
/// reported, overlapping ones included.
pub(super) fn header_matcher() -> &'static aho_corasick::AhoCorasick {
    static M: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    M.get_or_init(|| {
        aho_corasick::AhoCorasick::new(header_words().iter().map(|(w, _)| w.as_str()))
            .expect("header words build a matcher")
    })
}

/// The role of a header cell: the longest word it contains, the first listed on a tie.
fn role_of(cell: &str) -> Role {
    let words = header_words();
    let matcher = header_matcher();
    let k = nfkc_key(cell);
    let mut best: Option<(usize, usize)> = None;
    for m in matcher.find_overlapping_iter(&k) {
        let at = m.pattern().as_usize();
        let n = words[at].0.chars().count();
        if best.is_none_or(|(b, i)| n > b || (n == b && at < i)) {
            best = Some((n, at));
        }
    }
    best.map_or(Role::Unknown, |(_, at)| words[at].1)
}

/// How a KPI table's columns are laid out.
#[derive(Debug)]
pub(super) struct Layout {
    pub(super) roles: Vec<Role>,
    /// Header column of each value slot, in order.
    pub(super) value_cols: Vec<usize>,
    /// Year of each value slot from the header (`現状値（R1）`).
    pub(super) header_years: Vec<Option<i32>>,
    /// Slot of the baseline and of the target.
    pub(super) baseline: Option<usize>,
    pub(super) target: Option<usize>,
    pub(super) name_col: Option<usize>,
}

impl Layout {
    pub(super) fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The layout of a header row, if it is a KPI header.
    pub(super) fn of(cells: &[Cell]) -> Option<Self> {
        let mut roles: Vec<Role> = cells.iter().map(|c| role_of(&c.text)).collect();
        // Most rows are data, not headers: without a target column a row is turned
        // away before its cells are read as numbers.
        if !roles.contains(&Role::Target) || cells.iter().any(|c| number::is_value(&c.text)) {
            return None;
        }
        // Without a name column, an item column (`項目`) names the indicators.
        if !roles.contains(&Role::Name) && roles.iter().filter(|r| **r == Role::Number).count() == 1
        {
            if let Some(r) = roles.iter_mut().find(|r| **r == Role::Number) {
                *r = Role::Name;
            }
        }
        let value_cols: Vec<usize> = (0..roles.len())
            .filter(|&i| roles[i].holds_values())
            .collect();
        let slot = |role: Role| value_cols.iter().position(|&c| roles[c] == role);
        let target = slot(Role::Target);
        let baseline = slot(Role::Baseline).or_else(|| slot(Role::Current));
        let name_col = roles.iter().position(|r| *r == Role::Name);
        if target.is_none() || (name_col.is_none() && baseline.is_none()) {
            return None;
        }
        let header_years = value_cols
            .iter()
            .map(|&c| era::first_year(&cells[c].text).map(|m| m.year))
            .collect();
        Some(Layout {
            roles,
            value_cols,
            header_years,
            baseline,
            target,
            name_col,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .map(|t| Cell {
                text: t.to_string(),
                range: 0..0,
            })
            .collect()
    }

    #[test]
    fn header_roles_and_years() {
        let l = Layout::of(&cells(&[
            "指標名",
            "現状値（R1）",
            "目標値（R7）",
            "指標の説明",
        ]))
        .unwrap();
        assert_eq!(
            l.roles,
            [Role::Name, Role::Current, Role::Target, Role::Description]
        );
        assert_eq!(l.header_years, [Some(2019), Some(2025)]);
        assert_eq!((l.baseline, l.target), (Some(0), Some(1)));
        let l = Layout::of(&cells(&[
            "項目",
            "指標",
            "策定時",
            "前年度",
            "現状値",
            "目標値",
            "指標の評価",
        ]))
        .unwrap();
        assert_eq!(l.name_col, Some(1));
        assert_eq!((l.baseline, l.target), (Some(0), Some(3)));
        assert_eq!(l.roles[6], Role::Evaluation);
        let l = Layout::of(&cells(&[
            "現状値(2022年)",
            "目標値(2026年)又は実施スケジュール",
            "",
        ]))
        .unwrap();
        assert_eq!(
            (l.name_col, l.header_years.clone()),
            (None, vec![Some(2022), Some(2026)])
        );
        // Not KPI headers: a legend, a measure table.
        assert!(Layout::of(&cells(&["進捗動向", "評価の表示方法"])).is_none());
        assert!(Layout::of(&cells(&["基本目標", "施策", "区分"])).is_none());
    }
}
