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
        let last = r.end - 1;
        let i = self.segs.partition_point(|s| s.out + s.out_len <= last);
        let end = match self.segs.get(i) {
            // A copied byte maps to one byte; the range ends just after it (text a
            // rule deleted after the range is not part of it).
            Some(s) if s.copy => s.src + (last - s.out) + 1,
            // Rewritten text maps to the whole source it came from (possibly none, for
            // inserted text).
            Some(s) => s.src + s.src_len,
            None => self.src_len,
        };
        start..end.clamp(start, self.src_len)
    }

    /// The normalized byte range that source range `r` became: the inverse of
    /// [`to_source`](Self::to_source), widened to whole rewritten pieces (a range that
    /// starts or ends inside rewritten text takes all of that text's output).
    pub fn to_output(&self, r: Range<usize>) -> Range<usize> {
        let start = if r.start > self.src_len {
            self.out_len
        } else {
            // The first segment that holds `r.start` or is text inserted right there.
            let p = r.start;
            let i = self.segs.partition_point(|s| {
                s.src + s.src_len < p || (s.src_len > 0 && s.src + s.src_len == p)
            });
            match self.segs.get(i) {
                Some(s) if s.copy => s.out + (p - s.src),
                Some(s) => s.out,
                None => self.out_len,
            }
        };
        let p = r.end;
        // The first segment that reaches past `r.end` (text inserted at `r.end` is in).
        let i = self.segs.partition_point(|s| s.src + s.src_len <= p);
        let end = match self.segs.get(i) {
            Some(s) if s.src >= p => s.out,
            Some(s) if s.copy => s.out + (p - s.src),
            Some(s) => s.out + s.out_len,
            None => self.out_len,
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
                        // Part of a rewritten piece came from all of its source: a
                        // later pass that splits `⑴` → `(1)` keeps `(` and `1)` both
                        // pointing at `⑴` (the pieces share it).
                        push(
                            &mut b,
                            &mut src_cursor,
                            Seg {
                                out,
                                out_len: len,
                                src: s.src,
                                src_len: s.src_len,
                                copy: false,
                            },
                        );
                    }
                    out += len;
                    pos = piece_end;
                }
            } else {
                let r = self.to_source(n.src..n.src + n.src_len);
                push(
                    &mut b,
                    &mut src_cursor,
                    Seg {
                        out: n.out,
                        out_len: n.out_len,
                        src: r.start,
                        src_len: r.end - r.start,
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
    // Text inserted from nothing, inside source that the segment before it covers,
    // shares that segment's source, so starts and ends stay monotonic.
    if s.src_len == 0 && s.src < *cursor {
        let from = segs.last().map_or(s.src, |l| l.src.min(s.src));
        s.src = from;
        s.src_len = *cursor - from;
    }
    // Source skipped between pieces (text a pass deleted) joins the previous segment.
    if s.src > *cursor {
        if let Some(last) = segs.last_mut().filter(|l| !l.copy) {
            last.src_len = s.src - last.src;
        } else {
            segs.push(Seg {
                out: s.out,
                out_len: 0,
                src: *cursor,
                src_len: s.src - *cursor,
                copy: false,
            });
        }
    }
    // A segment may share source with the one before it (pieces of one rewritten
    // piece), but the source never goes backwards: starts and ends are monotonic.
    *cursor = (*cursor).max(s.src + s.src_len);
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
        assert_eq!(map.to_output(0..2), 0..2);
        assert_eq!(map.to_output(2..5), 2..3);
        assert_eq!(map.to_output(3..6), 2..4); // inside the replaced text: all of it
        assert_eq!(map.to_output(5..6), 3..4);
    }

    #[test]
    fn text_inserted_at_either_end_maps_back_to_it() {
        let mut b = MapBuilder::default();
        b.replace(0, "<");
        b.copy("ab");
        b.replace(0, "\n");
        let (out, map) = b.finish();
        assert_eq!(out, "<ab\n");
        assert_eq!(map.to_source(0..1), 0..0);
        assert_eq!(map.to_source(3..4), 2..2);
        assert_eq!(map.to_output(0..0), 0..1);
        assert_eq!(map.to_output(2..2), 3..4);
        assert_eq!(map.to_output(0..2), 0..4);
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

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// One step of a pass over ASCII text: copy `n` bytes, or replace `n` bytes
        /// with `m` bytes of output.
        #[derive(Debug, Clone)]
        enum Op {
            Copy(usize),
            Replace(usize, usize),
        }

        fn ops() -> impl Strategy<Value = Vec<Op>> {
            prop::collection::vec(
                prop_oneof![
                    (1usize..5).prop_map(Op::Copy),
                    (0usize..4, 0usize..4).prop_map(|(n, m)| Op::Replace(n, m)),
                ],
                0..12,
            )
        }

        /// Runs `ops` over `input` (cycled until the input is used up); the output, the
        /// map, and for every output byte the input bytes it came from (exact for
        /// copies, the whole replaced range for replacements).
        fn pass(input: &str, ops: &[Op]) -> (String, OffsetMap, Vec<Range<usize>>) {
            let mut b = MapBuilder::default();
            let mut prov = Vec::new();
            let mut pos = 0;
            let mut k = 0;
            while pos < input.len() {
                if k > 10_000 {
                    // Only empty steps: copy the rest.
                    b.copy(&input[pos..]);
                    prov.extend((pos..input.len()).map(|i| i..i + 1));
                    break;
                }
                let op = ops
                    .get(k % ops.len().max(1))
                    .cloned()
                    .unwrap_or(Op::Copy(1));
                k += 1;
                match op {
                    Op::Copy(n) => {
                        let n = n.min(input.len() - pos);
                        b.copy(&input[pos..pos + n]);
                        prov.extend((pos..pos + n).map(|i| i..i + 1));
                        pos += n;
                    }
                    Op::Replace(n, m) => {
                        let n = n.min(input.len() - pos);
                        if n == 0 && m == 0 {
                            continue;
                        }
                        b.replace(n, &"x".repeat(m));
                        prov.extend(std::iter::repeat_n(pos..pos + n, m));
                        pos += n;
                    }
                }
            }
            // Sometimes text inserted after the end.
            if let Some(&Op::Replace(0, m)) = ops.first() {
                b.replace(0, &"x".repeat(m));
                prov.extend(std::iter::repeat_n(input.len()..input.len(), m));
            }
            let (out, map) = b.finish();
            (out, map, prov)
        }

        proptest! {
            #[test]
            fn composed_maps_are_monotonic_in_range_and_cover_their_source(
                src in "[a-z]{0,40}", ops1 in ops(), ops2 in ops()
            ) {
                let (mid, m1, p1) = pass(&src, &ops1);
                let (out, m2, p2) = pass(&mid, &ops2);
                let m = m1.then(&m2);
                prop_assert_eq!(m.output_len(), out.len());
                prop_assert_eq!(m.source_len(), src.len());
                prop_assert_eq!(p2.len(), out.len());
                let mut last = 0..0;
                for (i, mid_range) in p2.iter().enumerate() {
                    let r = m.to_source(i..i + 1);
                    prop_assert!(r.start <= r.end && r.end <= src.len(), "{:?}", r);
                    prop_assert!(r.start >= last.start && r.end >= last.end, "{:?} after {:?}", r, last);
                    // The source it came from, through both passes, lies inside.
                    for j in mid_range.clone() {
                        let want = &p1[j];
                        prop_assert!(
                            r.start <= want.start && want.end <= r.end,
                            "byte {} maps to {:?}, misses {:?}", i, r, want
                        );
                    }
                    last = r;
                }
                for i in 0..=out.len() {
                    prop_assert!(m.to_source_pos(i, false) <= src.len());
                    prop_assert!(m.to_source_pos(i, true) <= src.len());
                }
                // Back and forth gives at least the range it started from.
                // (Ranges of up to 8 bytes and the whole text: the output can be long.)
                for i in 0..out.len() {
                    let ends = (i + 1..=out.len().min(i + 8)).chain([out.len()]);
                    for j in ends {
                        let back = m.to_output(m.to_source(i..j));
                        prop_assert!(
                            back.start <= i && j <= back.end && back.end <= out.len(),
                            "{:?} → {:?} → {:?}", i..j, m.to_source(i..j), back
                        );
                    }
                }
                if !out.is_empty() {
                    let whole = m.to_source(0..out.len());
                    prop_assert!(whole.end <= src.len());
                }
            }
        }
    }
}
