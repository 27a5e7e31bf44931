//! The reader that turns a glossary's lines into entries: terms waiting for their
//! definitions, wrapped definition lines rejoined, terms listed before definitions
//! paired in order.

use std::ops::Range;

use super::{display_width, ends_sentence, parse_term, push_wrapped};

/// An entry being read.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) term: String,
    pub(super) reading: Option<String>,
    pub(super) group: Option<String>,
    pub(super) definition: String,
    pub(super) ranges: Vec<Range<usize>>,
}

impl Draft {
    pub(super) fn new(raw_term: &str, range: Range<usize>, group: &Option<String>) -> Self {
        let (term, reading) = parse_term(raw_term);
        Self {
            term,
            reading,
            group: group.clone(),
            definition: String::new(),
            ranges: vec![range],
        }
    }

    pub(super) fn add_paragraph(&mut self, text: &str, range: Range<usize>) {
        if !self.definition.is_empty() {
            self.definition.push('\n');
        }
        self.definition.push_str(text.trim());
        self.ranges.push(range);
    }
}

/// One line of definition text waiting for its term.
#[derive(Debug, Clone)]
pub(super) struct DefLine {
    pub(super) text: String,
    pub(super) range: Range<usize>,
    pub(super) line: usize,
}

/// Reads the blocks of a glossary one by one.
#[derive(Default)]
pub(super) struct Reader {
    pub(super) group: Option<String>,
    pub(super) done: Vec<Draft>,
    /// Terms waiting for their definitions: more than one when the terms of a page were
    /// serialised before their definitions.
    pub(super) pending: Vec<Draft>,
    /// Definition lines since the last term.
    pub(super) lines: Vec<DefLine>,
    /// The last definition line: (line number, text width, whether it ends a sentence).
    pub(super) last: Option<(usize, usize, bool)>,
    /// The widest definition line so far: a line about this wide that stops mid-sentence
    /// was wrapped by the PDF.
    pub(super) max_width: usize,
    /// Terms dropped for having no definition.
    pub(super) orphans: Vec<Draft>,
}

impl Reader {
    pub(super) fn set_group(&mut self, group: String) {
        self.settle();
        self.group = Some(group);
        self.last = None;
    }

    pub(super) fn term(&mut self, raw: &str, range: Range<usize>) {
        if !self.lines.is_empty() {
            self.settle();
        }
        self.pending.push(Draft::new(raw, range, &self.group));
        self.last = None;
    }

    /// Adds an expansion line to the term waiting for its first definition line;
    /// false when no term waits.
    pub(super) fn expansion(&mut self, range: Range<usize>) -> bool {
        match self.pending.last_mut() {
            Some(d) if self.lines.is_empty() => {
                d.ranges.push(range);
                true
            }
            _ => false,
        }
    }

    pub(super) fn def_line(&mut self, text: &str, range: Range<usize>, line: usize) {
        let width = display_width(text);
        self.max_width = self.max_width.max(width);
        self.last = Some((line, width, ends_sentence(text)));
        if self.pending.is_empty() {
            // A line after a row entry continues its definition; before any entry it
            // is the glossary's preface.
            if let Some(d) = self.done.last_mut() {
                push_wrapped(&mut d.definition, text);
                d.ranges.push(range);
            }
            return;
        }
        self.lines.push(DefLine {
            text: text.to_string(),
            range,
            line,
        });
    }

    /// Whether `line` continues the last definition line, which the PDF wrapped: no
    /// blank line between, the last line stops mid-sentence and fills the width.
    pub(super) fn continues(&self, line: usize) -> bool {
        match self.last {
            Some((prev, width, sentence)) => {
                line == prev + 1 && !sentence && width >= 30 && width * 5 >= self.max_width * 4
            }
            None => false,
        }
    }

    pub(super) fn row_entry(
        &mut self,
        term: &str,
        reading: Option<String>,
        def: &str,
        ranges: Vec<Range<usize>>,
    ) {
        self.settle();
        let first = ranges.first().cloned().unwrap_or_default();
        let mut d = Draft::new(term, first, &self.group);
        if d.reading.is_none() {
            d.reading = reading;
        }
        d.definition = def.trim().to_string();
        d.ranges = ranges;
        self.done.push(d);
        self.last = None;
    }

    /// Gives the waiting terms their definition lines.
    pub(super) fn settle(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        let lines = std::mem::take(&mut self.lines);
        if pending.is_empty() {
            return;
        }
        if lines.is_empty() {
            self.orphans.extend(pending);
            return;
        }
        let k = pending.len();
        let paras = if k == 1 {
            vec![lines]
        } else {
            let by_gap = split_lines(&lines, |prev, next| next.line > prev.line + 1);
            if by_gap.len() == k {
                by_gap
            } else {
                let by_sentence = split_lines(&lines, |prev, next| {
                    next.line > prev.line + 1 || ends_sentence(&prev.text)
                });
                if by_sentence.len() == k {
                    by_sentence
                } else {
                    // The shapes do not pair up: the earlier "terms" were short
                    // paragraphs of the previous definition.
                    let last = pending.pop().expect("k > 1");
                    for p in pending.drain(..) {
                        match self.done.last_mut() {
                            Some(d) => d.add_paragraph(&p.term, p.ranges[0].clone()),
                            None => self.orphans.push(p),
                        }
                    }
                    pending.push(last);
                    vec![lines]
                }
            }
        };
        for (mut d, para) in pending.into_iter().zip(paras) {
            let mut text = String::new();
            let mut prev_line: Option<usize> = None;
            for l in &para {
                if prev_line.is_some_and(|p| l.line > p + 1) {
                    text.push('\n');
                }
                push_wrapped(&mut text, &l.text);
                d.ranges.push(l.range.clone());
                prev_line = Some(l.line);
            }
            d.definition = text;
            self.done.push(d);
        }
    }
}

/// Splits lines into runs, starting a new run where `cut(prev, next)` holds.
fn split_lines(lines: &[DefLine], cut: impl Fn(&DefLine, &DefLine) -> bool) -> Vec<Vec<DefLine>> {
    let mut out: Vec<Vec<DefLine>> = Vec::new();
    for l in lines {
        match out.last_mut() {
            Some(run) if !run.last().is_some_and(|p| cut(p, l)) => run.push(l.clone()),
            _ => out.push(vec![l.clone()]),
        }
    }
    out
}
