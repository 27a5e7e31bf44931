//! What a line-local rule is known to keep: the lines it has been seen to leave as they
//! are, so that a later round of rules asks it only about the lines that are new since.
//!
//! A rule is *line-local* ([`super::Rule::line_local`]) when it decides every line from
//! that line alone (its line feed included), so its output over a text is its output
//! over each line, joined. For such a rule, a line it once left unchanged is left
//! unchanged again wherever it stands. Normalization runs its rules in rounds until a
//! round changes nothing; the round that confirms this re-reads the whole text with
//! every rule. With what the line-local rules kept, that round hands each of them only
//! the lines it has not yet seen kept — most often the few that other rules changed —
//! and the answer is the same as over the whole text.
//!
//! This module only remembers lines and picks the ones to ask about. It does not know
//! what any rule does, and it is not used for rules that read beyond a line.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashSet};

use super::OffsetMap;

/// The lines of one text: each one's byte range (its line feed included) and hash,
/// worked out once and read by every line-local rule until the text changes.
pub struct Lines {
    lines: Vec<(usize, usize, u64)>,
}

impl Lines {
    /// The lines of `text`.
    pub fn of(text: &str) -> Lines {
        let mut lines = Vec::new();
        let mut start = 0;
        for line in super::chars::lines_inclusive(text) {
            let end = start + line.len();
            lines.push((start, end, FxBuildHasher.hash_one(line)));
            start = end;
        }
        Lines { lines }
    }
}

/// Which lines of a text a rule has not been seen to keep.
pub enum Unseen {
    /// None: the rule keeps the text.
    None,
    /// Every line: the rule must read the whole text.
    All,
    /// Some: these lines, joined in order, and their hashes.
    Some(String, Vec<u64>),
}

/// The lines (by hash) that one rule has been seen to keep.
#[derive(Default)]
pub struct Kept {
    lines: FxHashSet<u64>,
}

impl Kept {
    /// The lines of `text` that the rule has not been seen to keep.
    pub fn unseen(&self, text: &str, lines: &Lines) -> Unseen {
        if self.lines.is_empty() {
            return Unseen::All;
        }
        let mut out = String::new();
        let mut hashes = Vec::new();
        for &(start, end, hash) in &lines.lines {
            if !self.lines.contains(&hash) {
                out.push_str(&text[start..end]);
                hashes.push(hash);
            }
        }
        if out.is_empty() {
            Unseen::None
        } else if out.len() == text.len() {
            Unseen::All
        } else {
            Unseen::Some(out, hashes)
        }
    }

    /// Remembers lines the rule left as they were.
    pub fn keep(&mut self, hashes: impl IntoIterator<Item = u64>) {
        self.lines.extend(hashes);
    }

    /// Remembers the lines that `step` (the rule's map over their text) did not
    /// rewrite. A rewrite at a line's very start counts for the line before it too (an
    /// inserted line feed may belong to either).
    pub fn untouched(&mut self, lines: &Lines, step: &OffsetMap) {
        let mut touched = step.replaced().map(|(src, _)| src).peekable();
        for &(start, end, hash) in &lines.lines {
            while touched
                .next_if(|r| r.end.max(r.start + 1) <= start)
                .is_some()
            {}
            if touched.peek().is_none_or(|r| r.start > end) {
                self.lines.insert(hash);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::MapBuilder;

    fn unseen(kept: &Kept, text: &str) -> Option<String> {
        match kept.unseen(text, &Lines::of(text)) {
            Unseen::None => None,
            Unseen::All => Some(text.to_string()),
            Unseen::Some(part, _) => Some(part),
        }
    }

    #[test]
    fn only_unseen_lines_are_asked_about() {
        let mut kept = Kept::default();
        assert_eq!(unseen(&kept, "a\nb\n").as_deref(), Some("a\nb\n"));
        kept.untouched(&Lines::of("a\nb\n"), &OffsetMap::identity(4));
        assert_eq!(unseen(&kept, "b\na\n"), None);
        assert_eq!(unseen(&kept, "a\nc\nb").as_deref(), Some("c\nb"));
    }

    #[test]
    fn rewritten_lines_are_not_kept() {
        // `xx\nyy\nzz\n` with the second line's `y` deleted.
        let text = "xx\nyy\nzz\n";
        let mut b = MapBuilder::with_capacity(text.len());
        b.copy("xx\ny");
        b.replace(1, "");
        b.copy("\nzz\n");
        let (_, step) = b.finish();
        let mut kept = Kept::default();
        kept.untouched(&Lines::of(text), &step);
        assert_eq!(unseen(&kept, text).as_deref(), Some("yy\n"));
        // A line feed put in at a line's start: that line and the one before are new.
        let mut b = MapBuilder::with_capacity(text.len());
        b.copy("xx\n");
        b.replace(0, "\n");
        b.copy("yy\nzz\n");
        let (_, step) = b.finish();
        let mut kept = Kept::default();
        kept.untouched(&Lines::of(text), &step);
        assert_eq!(unseen(&kept, text).as_deref(), Some("xx\nyy\n"));
    }
}
