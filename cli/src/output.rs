//! Rows printed as an aligned table, JSON lines or CSV ([`Format`]).

use std::io::{self, Write};

use cqlbridge::Row;

use crate::value::{to_json, to_text};

/// How rows are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Aligned columns with a header, then `(N rows)`.
    Table,
    /// One JSON object per row, one row per line.
    Json,
    /// A header line, then one CSV record per row (RFC 4180 quoting).
    Csv,
}

/// Where the rows go: plain bytes, or through a CSV writer.
enum Sink<W: Write> {
    Plain(W),
    Csv(Box<csv::Writer<W>>),
}

/// Prints rows in one [`Format`]: JSON and CSV row by row, a table at the
/// end (its widths need every row).
pub(crate) struct RowPrinter<W: Write> {
    format: Format,
    sink: Sink<W>,
    header: Option<Vec<String>>,
    cells: Vec<Vec<String>>,
    rows: u64,
}

impl<W: Write> std::fmt::Debug for RowPrinter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RowPrinter")
            .field("format", &self.format)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

impl<W: Write> RowPrinter<W> {
    /// A printer of `format` writing to `out`.
    pub(crate) fn new(format: Format, out: W) -> Self {
        let sink = match format {
            Format::Csv => Sink::Csv(Box::new(csv::Writer::from_writer(out))),
            _ => Sink::Plain(out),
        };
        RowPrinter {
            format,
            sink,
            header: None,
            cells: Vec::new(),
            rows: 0,
        }
    }

    /// Prints (or, for a table, keeps) one row.
    pub(crate) fn row(&mut self, row: &Row) -> io::Result<()> {
        self.rows += 1;
        let first = self.header.is_none();
        if first {
            self.header = Some(row.columns().iter().map(|c| c.name.clone()).collect());
        }
        match (&mut self.sink, self.format) {
            (Sink::Plain(out), Format::Json) => {
                let object: serde_json::Map<String, serde_json::Value> = row
                    .columns()
                    .iter()
                    .zip(row.values())
                    .map(|(c, v)| (c.name.clone(), to_json(v)))
                    .collect();
                serde_json::to_writer(&mut *out, &object)?;
                out.write_all(b"\n")
            }
            (Sink::Csv(w), _) => {
                if first {
                    w.write_record(self.header.iter().flatten())?;
                }
                w.write_record(row.values().iter().map(to_text))?;
                Ok(())
            }
            _ => {
                let cells = row.values().iter().map(|v| printable(&to_text(v)));
                self.cells.push(cells.collect());
                Ok(())
            }
        }
    }

    /// Pushes the rows printed so far to the output (a table's rows stay
    /// held until [`RowPrinter::finish`]).
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Csv(w) => w.flush(),
            Sink::Plain(out) => out.flush(),
        }
    }

    /// Writes what is still held (a table, then its row count) and flushes.
    pub(crate) fn finish(self) -> io::Result<()> {
        match self.sink {
            Sink::Csv(mut w) => w.flush(),
            Sink::Plain(mut out) => {
                if self.format == Format::Table {
                    let header = self.header.unwrap_or_default();
                    write_table(&mut out, &header, &self.cells)?;
                    writeln!(out, "({} rows)", self.rows)?;
                }
                out.flush()
            }
        }
    }
}

/// The header, a rule, and the cells, each column as wide as its widest cell.
fn write_table(out: &mut impl Write, header: &[String], cells: &[Vec<String>]) -> io::Result<()> {
    if header.is_empty() {
        return Ok(());
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut dyn Write, row: &[String]| -> io::Result<()> {
        let padded: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, " {}", padded.join(" | ").trim_end())
    };
    line(out, header)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(w + 2)).collect();
    writeln!(out, "{}", rule.join("+"))?;
    for row in cells {
        line(out, row)?;
    }
    Ok(())
}

/// `s` with every control character escaped (`\n`, `\t`, `\u{1b}`…), so
/// that a table cell never moves the cursor or colours the terminal.
pub(crate) fn printable(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use cqlbridge::{ColumnSpec, ColumnType, Value};

    use super::*;

    fn rows() -> Vec<Row> {
        let cols: Arc<[ColumnSpec]> = vec![
            ColumnSpec::new("id", ColumnType::Int),
            ColumnSpec::new("name", ColumnType::Text),
        ]
        .into();
        let values = [(1, "plain"), (2, "a,\"b\"\nc\u{1b}[31m")];
        values
            .iter()
            .map(|(i, s)| Row::new(cols.clone(), vec![Value::Int(*i), Value::Text((*s).into())]))
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    fn print(format: Format) -> String {
        let mut out = Vec::new();
        let mut p = RowPrinter::new(format, &mut out);
        for r in rows() {
            p.row(&r).expect("row");
        }
        p.finish().expect("finish");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn csv_quotes_commas_quotes_and_newlines() {
        assert_eq!(
            print(Format::Csv),
            "id,name\n1,plain\n2,\"a,\"\"b\"\"\nc\u{1b}[31m\"\n"
        );
    }

    #[test]
    fn json_lines_escape_control_characters() {
        let out = print(Format::Json);
        assert_eq!(
            out,
            "{\"id\":1,\"name\":\"plain\"}\n{\"id\":2,\"name\":\"a,\\\"b\\\"\\nc\\u001b[31m\"}\n"
        );
    }

    #[test]
    fn a_table_is_aligned_and_has_no_control_characters() {
        let out = print(Format::Table);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert_eq!(out.lines().count(), 5, "{out}");
        assert!(out.starts_with(" id | name"), "{out}");
        assert!(out.ends_with("(2 rows)\n"), "{out}");
    }
}
