//! Word boxes: reads the XHTML that `pdftotext -bbox-layout` writes into pages of
//! words, each with its box (PDF points, y growing downwards) and its text.
//!
//! Only `<page>` and `<word>` elements are read; poppler's own `<flow>`, `<block>` and
//! `<line>` grouping is ignored, because it merges table cells and splits header rows
//! (the layout module groups words itself). This module does not lay text out.

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// One word as poppler found it.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
    /// The word's text (never empty).
    pub text: String,
}

impl Word {
    /// The box's width.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// The box's height.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// The vertical middle of the box.
    pub fn y_mid(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }

    /// The horizontal middle of the box.
    pub fn x_mid(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// One page's words, in poppler's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The page's width.
    pub width: f64,
    /// The page's words.
    pub words: Vec<Word>,
}

/// Reads the pages of `xhtml`. A word with no text or a box that is not four finite
/// numbers is left out; malformed XML is an error with its position.
pub fn read(xhtml: &str) -> Result<Vec<Page>, String> {
    let mut reader = Reader::from_str(xhtml);
    let mut pages: Vec<Page> = Vec::new();
    let mut word: Option<[f64; 4]> = None;
    let mut text = String::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("word boxes at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"page" => {
                pages.push(Page {
                    width: number(&e, b"width").unwrap_or(0.0),
                    words: Vec::new(),
                });
            }
            Event::Start(e) if e.name().as_ref() == b"word" => {
                word = match (
                    number(&e, b"xMin"),
                    number(&e, b"yMin"),
                    number(&e, b"xMax"),
                    number(&e, b"yMax"),
                ) {
                    (Some(x0), Some(y0), Some(x1), Some(y1)) => Some([x0, y0, x1, y1]),
                    _ => None,
                };
                text.clear();
            }
            // References come apart from the text around them.
            Event::Text(t) if word.is_some() => text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) if word.is_some() => {
                let name = String::from_utf8_lossy(&r);
                match reference(&name) {
                    Some(c) => text.push(c),
                    None => text.push_str(&format!("&{name};")),
                }
            }
            Event::End(e) if e.name().as_ref() == b"word" => {
                if let (Some([x0, y0, x1, y1]), Some(page)) = (word.take(), pages.last_mut()) {
                    let t = text.trim();
                    if !t.is_empty() && x1 >= x0 && y1 >= y0 {
                        page.words.push(Word {
                            x0,
                            y0,
                            x1,
                            y1,
                            text: t.to_string(),
                        });
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(pages)
}

/// The attribute `name` of `e` as a finite number.
fn number(e: &BytesStart, name: &[u8]) -> Option<f64> {
    let a = e.try_get_attribute(name).ok()??;
    let v: f64 = std::str::from_utf8(&a.value).ok()?.trim().parse().ok()?;
    v.is_finite().then_some(v)
}

/// The character an XML reference names: one of the five named ones, or a numeric
/// reference; `None` for any other name.
fn reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => name
            .strip_prefix("#x")
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
<head><title>t</title></head><body><doc>
  <page width="612.000000" height="792.000000">
    <flow><block xMin="1" yMin="2" xMax="3" yMax="4"><line xMin="1" yMin="2" xMax="3" yMax="4">
      <word xMin="33.75" yMin="54.5" xMax="133.71" yMax="80.49">計画</word>
      <word xMin="135.9" yMin="54.5" xMax="181.4" yMax="80.49">A&amp;B&lt;&#x3042;&#12354;</word>
      <word xMin="1" yMin="1" xMax="2" yMax="2"> </word>
      <word xMin="nan" yMin="1" xMax="2" yMax="2">x</word>
    </line></block></flow>
  </page>
  <page width="612.000000" height="792.000000">
  </page>
</doc></body></html>"#;

    #[test]
    fn pages_and_words_are_read() {
        let pages = read(SAMPLE).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].width, 612.0);
        let texts: Vec<&str> = pages[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["計画", "A&B<ああ"]);
        assert_eq!(pages[0].words[0].x0, 33.75);
        assert!(pages[1].words.is_empty());
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(read("<page width=\"1\"><word xMin=\"1\"></page>").is_err());
    }

    #[test]
    fn unknown_references_are_kept() {
        let page = "<page width=\"1\"><word xMin=\"0\" yMin=\"0\" xMax=\"1\" yMax=\"1\">a&nbsp;b</word></page>";
        assert_eq!(read(page).unwrap()[0].words[0].text, "a&nbsp;b");
    }
}
