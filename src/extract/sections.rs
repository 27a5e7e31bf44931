//! Sections: the document's headings outside the table of contents, with their level,
//! number and the span of their original text. A chapter number alone on its line
//! (`第1章`) takes its title from the next line. A chapter heading that repeats an
//! earlier one is a running page header, not a new section.

use super::Input;
use crate::model::{IdMaker, Section};
use crate::normalize::chars::squeeze;
use crate::segment::BlockKind;

/// Reads the sections.
pub fn sections(input: &Input<'_>) -> Vec<Section> {
    let blocks = &input.segmented.blocks;
    let mut ids = IdMaker::default();
    let mut out: Vec<Section> = Vec::new();
    let mut chapters: Vec<String> = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        let BlockKind::Heading(h) = &b.kind else {
            i += 1;
            continue;
        };
        let mut title = h.title.clone();
        let mut range = b.range.clone();
        if h.level == 1 && title.is_empty() {
            if let Some(next) = blocks.get(i + 1).filter(|n| {
                matches!(n.kind, BlockKind::Paragraph | BlockKind::Heading(_))
                    && !n.text.contains('。')
            }) {
                title = next.text.clone();
                range.end = next.range.end;
                i += 1;
            }
        }
        i += 1;
        if h.level == 1 {
            let key = format!("{}{}", h.number.as_deref().unwrap_or(""), squeeze(&title));
            if chapters.contains(&key) {
                continue;
            }
            chapters.push(key);
        }
        let number = h.number.clone();
        let id = ids.make("s", &[number.as_deref().unwrap_or(""), &title]);
        out.push(Section {
            id,
            level: h.level,
            number,
            title,
            span: input.normalized.span(range),
        });
    }
    out
}
