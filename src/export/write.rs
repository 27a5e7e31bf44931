//! Writing the analysts' tables: CSV for spreadsheets (UTF-8 with a byte order mark
//! and CRLF line ends, so Excel opens Japanese text correctly; RFC 4180 quoting by the
//! `csv` crate) or JSON Lines (one object per row, keys in column order) for DuckDB and
//! search indexes. Each file is written atomically: a run that fails leaves the
//! tables of the run before as they were.
//!
//! This module writes rows; it does not make them ([`super::rows`] does).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::rows::Table;
use crate::emit::AtomicFile;

/// The format of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `<table>.csv`: a header row, then one row per item.
    #[default]
    Csv,
    /// `<table>.jsonl`: one JSON object per item.
    Jsonl,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
        }
    }
}

/// One table's file, open until [`TableWriter::commit`].
pub(crate) struct TableWriter {
    path: PathBuf,
    columns: Vec<&'static str>,
    out: Out,
    /// Rows written so far.
    pub rows: usize,
}

enum Out {
    Csv(Box<csv::Writer<AtomicFile>>),
    Jsonl(AtomicFile),
}

impl TableWriter {
    /// Starts `<dir>/<table>.<ext>` (a CSV file gets its byte order mark and header).
    pub fn create(dir: &Path, table: Table, format: Format) -> std::io::Result<TableWriter> {
        let path = dir.join(format!("{}.{}", table.name(), format.extension()));
        let mut file = AtomicFile::create(&path)?;
        let columns = table.columns();
        let out = match format {
            Format::Csv => {
                file.write_all("\u{feff}".as_bytes())?;
                let mut w = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .quote_style(csv::QuoteStyle::Necessary)
                    .from_writer(file);
                w.write_record(&columns)?;
                Out::Csv(Box::new(w))
            }
            Format::Jsonl => Out::Jsonl(file),
        };
        Ok(TableWriter {
            path,
            columns,
            out,
            rows: 0,
        })
    }

    /// The file being written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one row (one value per column).
    pub fn write(&mut self, row: Vec<Value>) -> std::io::Result<()> {
        debug_assert_eq!(row.len(), self.columns.len());
        match &mut self.out {
            Out::Csv(w) => w.write_record(row.iter().map(cell))?,
            Out::Jsonl(f) => {
                let object: serde_json::Map<String, Value> = self
                    .columns
                    .iter()
                    .map(|c| c.to_string())
                    .zip(row)
                    .collect();
                serde_json::to_writer(&mut *f, &object)?;
                f.write_all(b"\n")?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Finishes the file: synced and renamed into place.
    pub fn commit(self) -> std::io::Result<()> {
        match self.out {
            Out::Csv(w) => w.into_inner().map_err(|e| e.into_error())?.commit(),
            Out::Jsonl(f) => f.commit(),
        }
    }
}

/// A value as a CSV cell: text as it is, numbers as JSON writes them, null empty. Text
/// that a spreadsheet would run as a formula (it opens with `=`, `+`, `-`, `@`, a tab
/// or a carriage return) gets a leading `'`, so Excel shows it as the text it is; the
/// JSON Lines tables keep every text unchanged.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{s}"),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_has_a_bom_crlf_and_quotes_what_needs_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TableWriter::create(dir.path(), Table::StatusSummaries, Format::Csv).unwrap();
        let mut row = vec![Value::Null; 7];
        row.extend([
            json!("t-1"),
            json!("table"),
            json!("実施,\"完了\"\n計"),
            json!(3),
        ]);
        w.write(row).unwrap();
        w.commit().unwrap();
        let bytes = std::fs::read(dir.path().join("status_summaries.csv")).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}municipality,prefecture,plan_title,period_start,period_end,source_path,\
             source_sha256,table_id,counted_by,label,count\r\n\
             ,,,,,,,t-1,table,\"実施,\"\"完了\"\"\n計\",3\r\n"
        );
    }

    #[test]
    fn csv_text_that_reads_as_a_formula_is_kept_as_text() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TableWriter::create(dir.path(), Table::StatusSummaries, Format::Csv).unwrap();
        for label in ["=HYPERLINK(\"x\")", "+1", "-", "@SUM(A1)", "実施=完了"] {
            let mut row = vec![Value::Null; 7];
            row.extend([json!("t-1"), json!("table"), json!(label), json!(-3)]);
            w.write(row).unwrap();
        }
        w.commit().unwrap();
        let text = std::fs::read_to_string(dir.path().join("status_summaries.csv")).unwrap();
        let rows: Vec<&str> = text.split("\r\n").skip(1).collect();
        assert_eq!(
            rows,
            [
                ",,,,,,,t-1,table,\"'=HYPERLINK(\"\"x\"\")\",-3",
                ",,,,,,,t-1,table,'+1,-3",
                ",,,,,,,t-1,table,'-,-3",
                ",,,,,,,t-1,table,'@SUM(A1),-3",
                ",,,,,,,t-1,table,実施=完了,-3",
                "",
            ]
        );
    }

    #[test]
    fn jsonl_keeps_types_and_column_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = TableWriter::create(dir.path(), Table::StatusSummaries, Format::Jsonl).unwrap();
        let mut row = vec![Value::Null; 7];
        row.extend([json!("t-1"), json!("rows"), json!("completed"), json!(3)]);
        w.write(row).unwrap();
        w.commit().unwrap();
        let text = std::fs::read_to_string(dir.path().join("status_summaries.jsonl")).unwrap();
        assert_eq!(
            text,
            "{\"municipality\":null,\"prefecture\":null,\"plan_title\":null,\
             \"period_start\":null,\"period_end\":null,\"source_path\":null,\
             \"source_sha256\":null,\"table_id\":\"t-1\",\"counted_by\":\"rows\",\
             \"label\":\"completed\",\"count\":3}\n"
        );
    }
}
