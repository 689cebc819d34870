//! Spreadsheet exports of the portal (columns Mã số, Tên, Cơ quan ban hành, Cơ quan thực
//! hiện, Lĩnh vực): a row importer fed by any reader of rows (the CLI reads xlsx), and an
//! RFC 4180 CSV reader over the same rows.

use super::record::{add_record, identity};
use super::{CatalogBuilder, ImportReport, IssueKind, Position, SourceKind};
use crate::catalog::clean::{collapse_whitespace, present, split_list};
use crate::catalog::labels::key;
use crate::catalog::model::Field;

/// Header cells (compared lower-cased, whitespace collapsed) and what they hold.
const COLUMNS: [(&str, Column); 5] = [
    ("mã số", Column::Code),
    ("tên", Column::Name),
    ("cơ quan ban hành", Column::Issuing),
    ("cơ quan thực hiện", Column::Executing),
    ("lĩnh vực", Column::Field),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Code,
    Name,
    Issuing,
    Executing,
    Field,
}

/// Turns rows into procedures. Rows before the header row (titles, blank lines) are skipped.
#[derive(Debug)]
pub struct RowImporter {
    source: String,
    header: Option<Vec<Option<Column>>>,
    report: ImportReport,
}

impl RowImporter {
    pub fn new(source: &str, builder: &mut CatalogBuilder) -> Self {
        builder.note_source(source);
        RowImporter {
            source: source.to_string(),
            header: None,
            report: ImportReport::default(),
        }
    }

    /// Feeds one row; `row_number` is 1-based as a spreadsheet shows it.
    pub fn row<S: AsRef<str>>(
        &mut self,
        row_number: usize,
        cells: &[S],
        builder: &mut CatalogBuilder,
    ) {
        let position = Position::index(&self.source, row_number);
        let Some(header) = &self.header else {
            let columns: Vec<Option<Column>> = cells
                .iter()
                .map(|c| {
                    let k = key(c.as_ref());
                    COLUMNS
                        .iter()
                        .find(|(name, _)| *name == k)
                        .map(|(_, col)| *col)
                })
                .collect();
            if columns.contains(&Some(Column::Code)) && columns.contains(&Some(Column::Name)) {
                self.header = Some(columns);
            }
            return;
        };
        if cells.iter().all(|c| c.as_ref().trim().is_empty()) {
            return;
        }
        let cell = |col: Column| -> &str {
            header
                .iter()
                .position(|c| *c == Some(col))
                .and_then(|i| cells.get(i))
                .map_or("", |c| c.as_ref())
        };
        let code = collapse_whitespace(cell(Column::Code));
        let used = header
            .iter()
            .rposition(Option::is_some)
            .map_or(0, |i| i + 1);
        if cells.len() < used {
            self.report.warn(
                position.clone(),
                (!code.is_empty()).then(|| code.clone()),
                IssueKind::ShortRow {
                    expected: used,
                    found: cells.len(),
                },
            );
        }
        let Some(mut p) = identity(&code, cell(Column::Name), &position, &mut self.report) else {
            return;
        };
        p.competent_agencies = split_list(cell(Column::Issuing));
        p.executing_agencies = split_list(cell(Column::Executing));
        if let Some(name) = present(cell(Column::Field)) {
            p.fields.push(Field { name, code: None });
        }
        add_record(builder, &mut self.report, SourceKind::Table, position, p);
    }

    /// Ends the input; reports a missing header or an empty input.
    pub fn finish(mut self) -> ImportReport {
        if self.header.is_none() {
            let kind = IssueKind::MissingHeader("expected columns Mã số and Tên");
            self.report
                .input_problem(Position::whole(&self.source), kind);
        }
        self.report
    }
}

/// Error in CSV syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// 1-based line where the bad record starts.
    pub line: usize,
    pub reason: &'static str,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for CsvError {}

/// RFC 4180 records (quoted fields may hold commas, quotes as `""`, and line breaks), with
/// the 1-based line each record starts on. A record with an unterminated quote is an error
/// for that record only; reading goes on with the next line.
pub fn csv_records(text: &str) -> Vec<Result<(usize, Vec<String>), CsvError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start_line = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut at_field_start = true;
        let mut error = None;
        loop {
            let Some((_, c)) = chars.next() else {
                if quoted {
                    error = Some("unterminated quoted field");
                }
                break;
            };
            if quoted {
                match c {
                    '"' if chars.peek().map(|(_, n)| *n) == Some('"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    '\n' => {
                        line += 1;
                        field.push('\n');
                    }
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' if at_field_start => {
                    quoted = true;
                    at_field_start = false;
                }
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    at_field_start = true;
                }
                '\r' if chars.peek().map(|(_, n)| *n) == Some('\n') => {}
                '\n' => {
                    line += 1;
                    break;
                }
                _ => {
                    field.push(c);
                    at_field_start = false;
                }
            }
        }
        fields.push(field);
        match error {
            Some(reason) => out.push(Err(CsvError {
                line: start_line,
                reason,
            })),
            None => out.push(Ok((start_line, fields))),
        }
    }
    out
}

/// Imports a CSV export.
pub fn import_csv(text: &str, source: &str, builder: &mut CatalogBuilder) -> ImportReport {
    let mut rows = RowImporter::new(source, builder);
    let mut any = false;
    let mut broken = Vec::new();
    for record in csv_records(text) {
        match record {
            Ok((line, cells)) => {
                if cells.iter().any(|c| !c.trim().is_empty()) {
                    any = true;
                }
                rows.row(line, &cells, builder);
            }
            Err(e) => broken.push(e),
        }
    }
    let mut report = rows.finish();
    for e in broken {
        report.skip(
            Position::line(source, e.line),
            None,
            IssueKind::InvalidCsv(e.reason),
        );
    }
    if !any {
        report
            .issues
            .retain(|i| !matches!(i.kind, IssueKind::MissingHeader(_)));
        report.input_problem(Position::whole(source), IssueKind::EmptyInput);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_commas_and_line_breaks() {
        let recs = csv_records("a,\"b, c\",\"d \"\"e\"\"\nf\"\r\ng,h\n");
        assert_eq!(recs.len(), 2);
        let (line, cells) = recs[0].clone().unwrap();
        assert_eq!(line, 1);
        assert_eq!(cells, vec!["a", "b, c", "d \"e\"\nf"]);
        assert_eq!(recs[1].clone().unwrap(), (3, vec!["g".into(), "h".into()]));
        assert!(csv_records("\"open").iter().all(Result::is_err));
    }

    #[test]
    fn rows_after_the_header_become_procedures() {
        let csv = "DANH SÁCH THỦ TỤC HÀNH CHÍNH,,,,\nMã số,Tên,Cơ quan ban hành,Cơ quan thực hiện,Lĩnh vực\n1.014966,\"Cấp lại chứng chỉ \",Bộ Tư pháp,\"Chủ tịch ủy ban nhân dân cấp tỉnh\nSở Tư Pháp\",Quản tài viên\n,Không mã,,,\nxx,Sai mã,,,\n1.014965,Thu hồi\n";
        let mut b = CatalogBuilder::new();
        let report = import_csv(csv, "t.csv", &mut b);
        assert_eq!(report.imported, 2);
        assert_eq!(report.skipped, 2);
        assert_eq!(report.warnings, 1);
        let ps = b.finish();
        let first = ps.iter().find(|p| p.code == "1.014966").unwrap();
        assert_eq!(first.name, "Cấp lại chứng chỉ");
        assert_eq!(first.executing_agencies.len(), 2);
        assert_eq!(first.fields[0].name, "Quản tài viên");
    }

    #[test]
    fn empty_and_headerless_inputs() {
        let mut b = CatalogBuilder::new();
        let r = import_csv("", "e.csv", &mut b);
        assert_eq!(r.issues[0].kind, IssueKind::EmptyInput);
        let r = import_csv("a,b\n1,2\n", "h.csv", &mut b);
        assert!(matches!(r.issues[0].kind, IssueKind::MissingHeader(_)));
        assert!(b.is_empty());
    }
}
