//! The map from normalized text back to the decoded source.
//!
//! A map is a list of segments that tile both texts in order. A *copy* segment is text
//! that passed through unchanged, so positions inside it map one to one; a *replace*
//! segment is text that a rule rewrote, so any position inside it maps to the whole
//! source range it came from. Deleted source text is a replace segment with an empty
//! output side. Each normalization pass builds its own map with [`MapBuilder`];
//! [`OffsetMap::then`] composes them, so the final map always points at the source.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    out: usize,
    out_len: usize,
    src: usize,
    src_len: usize,
    copy: bool,
}

/// Maps byte offsets of a normalized text to byte ranges of its source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OffsetMap {
    segs: Vec<Seg>,
    out_len: usize,
    src_len: usize,
}

impl OffsetMap {
    /// The identity map of a text of `len` bytes.
    pub fn identity(len: usize) -> Self {
        let segs = if len == 0 {
            vec![]
        } else {
            vec![Seg {
                out: 0,
                out_len: len,
                src: 0,
                src_len: len,
                copy: true,
            }]
        };
        Self {
            segs,
            out_len: len,
            src_len: len,
        }
    }

    /// Length of the normalized text.
    pub fn output_len(&self) -> usize {
        self.out_len
    }

    /// Length of the source text.
    pub fn source_len(&self) -> usize {
        self.src_len
    }

    /// Whether the map is the identity (the pass changed nothing).
    pub fn is_identity(&self) -> bool {
        self.out_len == self.src_len && self.segs.iter().all(|s| s.copy)
    }

    /// The rewritten pieces, in order: (source range, output range) of every replace
    /// segment (a deletion has an empty output range).
    pub fn replaced(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
        self.segs
            .iter()
            .filter(|s| !s.copy)
            .map(|s| (s.src..s.src + s.src_len, s.out..s.out + s.out_len))
    }

    /// The source position of normalized position `pos`, rounding into the segment's
    /// start (`end == false`) or end (`end == true`) for rewritten text.
    pub fn to_source_pos(&self, pos: usize, end: bool) -> usize {
        if pos >= self.out_len {
            return self.src_len;
        }
        // The segment that holds `pos` (skipping empty-output segments).
        let i = self.segs.partition_point(|s| s.out + s.out_len <= pos);
        let Some(s) = self.segs.get(i) else {
            return self.src_len;
        };
        if s.copy {
            s.src + (pos - s.out)
        } else if end {
            s.src + s.src_len
        } else {
            s.src
        }
    }

    /// The source byte range that normalized range `r` came from.
    pub fn to_source(&self, r: Range<usize>) -> Range<usize> {
        if r.start >= r.end {
            let p = self.to_source_pos(r.start, false);
            return p..p;
        }
        let start = self.to_source_pos(r.start, false);
        let last = self.to_source_pos(r.end - 1, true);
        let end = if last == self.to_source_pos(r.end - 1, false) {
            // Copy segment: the last byte maps to one byte; the range ends just after
            // it (text a rule deleted after the range is not part of it).
            (last + 1).min(self.src_len)
        } else {
            last
        };
        start..end.max(start)
    }

    /// The map of applying `self` and then `next` (whose source is `self`'s output).
    pub fn then(&self, next: &OffsetMap) -> OffsetMap {
        let mut b = Vec::with_capacity(next.segs.len());
        let mut src_cursor = 0usize;
        for n in &next.segs {
            if n.copy {
                // Split the copied mid-range along self's segments.
                let mut pos = n.src;
                let end = n.src + n.src_len;
                let mut out = n.out;
                while pos < end {
                    let i = self.segs.partition_point(|s| s.out + s.out_len <= pos);
                    let s = self.segs[i];
                    let piece_end = end.min(s.out + s.out_len);
                    let len = piece_end - pos;
                    if s.copy {
                        let src = s.src + (pos - s.out);
                        push(
                            &mut b,
                            &mut src_cursor,
                            Seg {
                                out,
                                out_len: len,
                                src,
                                src_len: len,
                                copy: true,
                            },
                        );
                    } else {
                        let src_end = if piece_end == s.out + s.out_len {
                            s.src + s.src_len
                        } else {
                            s.src
                        };
                        let src = s.src.max(src_cursor);
                        push(
                            &mut b,
                            &mut src_cursor,
                            Seg {
                                out,
                                out_len: len,
                                src,
                                src_len: src_end.saturating_sub(src),
                                copy: false,
                            },
                        );
                    }
                    out += len;
                    pos = piece_end;
                }
            } else {
                let r = self.to_source(n.src..n.src + n.src_len);
                let src = r.start.max(src_cursor);
                push(
                    &mut b,
                    &mut src_cursor,
                    Seg {
                        out: n.out,
                        out_len: n.out_len,
                        src,
                        src_len: r.end.saturating_sub(src),
                        copy: false,
                    },
                );
            }
        }
        // Source text after the last piece (deleted at the end) belongs to the tail.
        if src_cursor < self.src_len {
            let (out, src) = (next.out_len, src_cursor);
            push(
                &mut b,
                &mut src_cursor,
                Seg {
                    out,
                    out_len: 0,
                    src,
                    src_len: self.src_len - src,
                    copy: false,
                },
            );
        }
        OffsetMap {
            segs: b,
            out_len: next.out_len,
            src_len: self.src_len,
        }
    }
}

fn push(segs: &mut Vec<Seg>, cursor: &mut usize, mut s: Seg) {
    // Source skipped between pieces (text a pass deleted) joins the previous segment.
    if s.src > *cursor {
        if let Some(last) = segs.last_mut().filter(|l| !l.copy) {
            last.src_len += s.src - *cursor;
        } else {
            segs.push(Seg {
                out: s.out,
                out_len: 0,
                src: *cursor,
                src_len: s.src - *cursor,
                copy: false,
            });
        }
    } else if s.src < *cursor && s.src_len > 0 {
        let shrink = *cursor - s.src;
        s.src = *cursor;
        s.src_len = s.src_len.saturating_sub(shrink);
    } else if s.src < *cursor {
        s.src = *cursor;
    }
    *cursor = s.src + s.src_len;
    if let Some(last) = segs.last_mut() {
        if last.copy
            && s.copy
            && last.out + last.out_len == s.out
            && last.src + last.src_len == s.src
        {
            last.out_len += s.out_len;
            last.src_len += s.src_len;
            return;
        }
    }
    segs.push(s);
}

/// Builds one pass's output text and its map, reading the input front to back.
#[derive(Debug, Default)]
pub struct MapBuilder {
    out: String,
    segs: Vec<Seg>,
    src_pos: usize,
    src_cursor: usize,
}

impl MapBuilder {
    /// A builder for an input of roughly `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            out: String::with_capacity(capacity),
            ..Default::default()
        }
    }

    /// The output so far.
    pub fn output(&self) -> &str {
        &self.out
    }

    /// Copies the next input bytes, `text`, unchanged.
    pub fn copy(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let seg = Seg {
            out: self.out.len(),
            out_len: text.len(),
            src: self.src_pos,
            src_len: text.len(),
            copy: true,
        };
        self.out.push_str(text);
        self.src_pos += text.len();
        push(&mut self.segs, &mut self.src_cursor, seg);
    }

    /// Consumes `src_len` input bytes and writes `replacement` in their place.
    pub fn replace(&mut self, src_len: usize, replacement: &str) {
        if src_len == 0 && replacement.is_empty() {
            return;
        }
        let seg = Seg {
            out: self.out.len(),
            out_len: replacement.len(),
            src: self.src_pos,
            src_len,
            copy: false,
        };
        self.out.push_str(replacement);
        self.src_pos += src_len;
        push(&mut self.segs, &mut self.src_cursor, seg);
    }

    /// The output text and its map.
    pub fn finish(self) -> (String, OffsetMap) {
        let out_len = self.out.len();
        let src_len = self.src_pos;
        (
            self.out,
            OffsetMap {
                segs: self.segs,
                out_len,
                src_len,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_and_replace() {
        let mut b = MapBuilder::default();
        b.copy("ab");
        b.replace(3, "X"); // "Ｃ" (3 bytes) → "X"
        b.copy("d");
        let (out, map) = b.finish();
        assert_eq!(out, "abXd");
        assert_eq!(map.to_source(0..2), 0..2);
        assert_eq!(map.to_source(2..3), 2..5);
        assert_eq!(map.to_source(3..4), 5..6);
        assert_eq!(map.to_source(0..4), 0..6);
    }

    #[test]
    fn deletion_is_covered() {
        let mut b = MapBuilder::default();
        b.copy("a");
        b.replace(1, "");
        b.copy("b");
        let (out, map) = b.finish();
        assert_eq!(out, "ab");
        assert_eq!(map.to_source(0..2), 0..3);
        assert_eq!(map.to_source(1..2), 2..3);
    }

    #[test]
    fn composition_points_at_the_first_source() {
        // pass 1: "Ａ B" (3+1+1 bytes) → "A B"
        let mut b = MapBuilder::default();
        b.replace(3, "A");
        b.copy(" B");
        let (mid, m1) = b.finish();
        assert_eq!(mid, "A B");
        // pass 2: "A B" → "AB"
        let mut b = MapBuilder::default();
        b.copy("A");
        b.replace(1, "");
        b.copy("B");
        let (out, m2) = b.finish();
        assert_eq!(out, "AB");
        let m = m1.then(&m2);
        assert_eq!(m.to_source(0..1), 0..3);
        assert_eq!(m.to_source(1..2), 4..5);
        assert_eq!(m.to_source(0..2), 0..5);
        assert_eq!(m.source_len(), 5);
    }
}
