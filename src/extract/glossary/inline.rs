//! Detector: in-body definition boxes (`「X」とは` followed by paragraphs), group
//! `inline`.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::{Draft, INLINE_GROUP, block_text, re, sub};
use crate::extract::Input;
use crate::segment::BlockKind;

/// In-body definition boxes: a `「X」とは` line and the paragraphs after it, up to the
/// next heading, label or table, or two blank lines.
pub(super) fn inline_boxes(input: &Input<'_>, glossary: &[Range<usize>]) -> Vec<Draft> {
    static BOX: OnceLock<Regex> = OnceLock::new();
    let blocks = &input.segmented.blocks;
    let re_box = re(
        &BOX,
        r"^[■□◆◇●○\s]*[「『]([^」』]{1,40})[」』]\s*とは\s*[?？]?$",
    );
    let group = Some(INLINE_GROUP.to_string());
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if glossary.iter().any(|g| g.contains(&i))
            || !matches!(b.kind, BlockKind::Paragraph | BlockKind::Label(_))
        {
            continue;
        }
        let text = block_text(input, b);
        let Some(c) = re_box.captures(text) else {
            continue;
        };
        let t = c.get(1).expect("group 1");
        let mut d = Draft::new(t.as_str(), sub(b.range.start, t.range()), &group);
        let mut prev = b.line;
        for n in &blocks[i + 1..] {
            let para = matches!(n.kind, BlockKind::Paragraph | BlockKind::ListItem);
            let far = n.line > prev + 2 && !d.definition.is_empty();
            if !para || far || re_box.is_match(&n.text) {
                break;
            }
            d.add_paragraph(block_text(input, n), n.range.clone());
            prev = n.line;
        }
        if !d.definition.is_empty() {
            out.push(d);
        }
    }
    out
}
