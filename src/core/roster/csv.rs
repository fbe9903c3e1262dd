//! The roster CSV (`parseRoster`): csv-core reads the records (RFC 4180 quoting, CRLF or
//! LF, a UTF-8 BOM); an optional header row says where the email and the role are.

use csv_core::{ReadFieldResult, Reader as CsvReader};

use super::entry::dedupe;
use super::{Roster, RosterProblem};

/// One CSV record: its fields (as read, unescaped) and the line it starts on.
struct Record {
    line: u32,
    fields: Vec<String>,
}

/// Reads every record of `csv` with csv-core (RFC 4180 quoting, CRLF or LF, a UTF-8 BOM).
/// Lines that are empty or hold only white space and commas are skipped.
fn records(csv: &str) -> Vec<Record> {
    let mut reader = CsvReader::new();
    let mut input = csv.as_bytes();
    let mut line: u32 = 1;
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 256];
    let mut start: Option<u32> = None;
    loop {
        if start.is_none() {
            // Between records: take the blank lines here, so the next record's line is known.
            while let Some((&b, rest)) = input.split_first() {
                if b != b'\n' && b != b'\r' {
                    break;
                }
                if b == b'\n' {
                    line = line.saturating_add(1);
                }
                input = rest;
            }
            start = Some(line);
        }
        let (result, nin, nout) = reader.read_field(input, &mut chunk);
        let (taken, rest) = input.split_at(nin.min(input.len()));
        line = line.saturating_add(taken.iter().filter(|b| **b == b'\n').count() as u32);
        input = rest;
        field.extend_from_slice(chunk.get(..nout).unwrap_or(&[]));
        match result {
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
            ReadFieldResult::Field { record_end } => {
                // csv-core hands back the bytes it was given; the input was a &str and the
                // field boundaries are ASCII bytes, so this is valid UTF-8 (lossy for safety).
                fields.push(String::from_utf8(core::mem::take(&mut field)).unwrap_or_default());
                if record_end {
                    let line = start.take().unwrap_or(line);
                    let record = core::mem::take(&mut fields);
                    if record.iter().any(|f| !f.trim().is_empty()) {
                        out.push(Record {
                            line,
                            fields: record,
                        });
                    }
                }
            }
            ReadFieldResult::End => break,
        }
    }
    out
}

fn field(record: &Record, column: usize) -> &str {
    record.fields.get(column).map_or("", |f| f.trim())
}

/// Where the email and the role are: from a header row, or columns 0 and 1.
fn columns(first: &Record) -> Option<Result<(usize, usize), &'static str>> {
    let named = |names: &[&str]| {
        first
            .fields
            .iter()
            .position(|f| names.iter().any(|n| f.trim().eq_ignore_ascii_case(n)))
    };
    let email = named(&["email"])?;
    let role = named(&["accountType", "role"]);
    Some(
        role.map(|role| (email, role))
            .ok_or("the header row names an email column but no accountType (or role) column"),
    )
}

/// Parses a roster CSV: an optional header row naming `email` and `accountType` (or
/// `role`) in any order and case, else email then accountType. Never fails: rows that
/// cannot be used are problems with their line.
pub fn parse_roster(csv: &str) -> Roster {
    let mut records = records(csv).into_iter().peekable();
    let mut roster = Roster::default();
    let (email_col, role_col) = match records.peek().map(columns) {
        Some(Some(Ok(cols))) => {
            records.next();
            cols
        }
        Some(Some(Err(why))) => {
            let line = records.next().map_or(1, |r| r.line);
            roster.problems.push(RosterProblem {
                line: Some(line),
                email: None,
                message: why.to_string(),
            });
            return roster;
        }
        _ => (0, 1),
    };
    let rows = records.map(|record| {
        let email = field(&record, email_col).to_string();
        let role = field(&record, role_col).to_ascii_uppercase();
        (Some(record.line), email, role)
    });
    let (entries, problems) = dedupe(rows);
    roster.entries = entries;
    roster.problems.extend(problems);
    roster
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(r: &Roster) -> Vec<(&str, &str)> {
        r.entries
            .iter()
            .map(|e| (e.email.as_str(), e.account_type.as_str()))
            .collect()
    }

    fn lines(r: &Roster) -> Vec<Option<u32>> {
        r.problems.iter().map(|p| p.line).collect()
    }

    #[test]
    fn header_in_any_order_and_case_with_quotes_crlf_bom_and_blank_lines() {
        let csv = "\u{feff}Role , EMAIL\r\n\r\n developer ,\" a@x.io \"\r\n\n\"ADMIN\",\"b, \"\"q\"\"@x.io\"\r\nanalyst,c@x.io";
        let r = parse_roster(csv);
        assert_eq!(
            entries(&r),
            [("a@x.io", "DEVELOPER"), ("c@x.io", "ANALYST")]
        );
        // `b, "q"@x.io` is one field (quoted comma and quotes), not a valid email (space).
        assert_eq!(lines(&r), [Some(5)]);
        assert_eq!(r.problems[0].email.as_deref(), Some("b, \"q\"@x.io"));
    }

    #[test]
    fn without_header_email_then_role() {
        let r = parse_roster("a@x.io,admin\nb@x.io,Developer\n");
        assert_eq!(entries(&r), [("a@x.io", "ADMIN"), ("b@x.io", "DEVELOPER")]);
        assert!(r.problems.is_empty());
        let r = parse_roster("accountType,email\nADMIN,a@x.io");
        assert_eq!(entries(&r), [("a@x.io", "ADMIN")]);
    }

    #[test]
    fn bad_rows_are_problems_with_their_line() {
        let r = parse_roster(
            "email,role\nnot-an-email,ADMIN\nb@x.io,\nc@x.io,chief wizard\n,ADMIN\nok@x.io,ANALYST\n",
        );
        assert_eq!(entries(&r), [("ok@x.io", "ANALYST")]);
        assert_eq!(lines(&r), [Some(2), Some(3), Some(4), Some(5)]);
        assert!(r.problems[0]
            .message
            .starts_with("the email must contain exactly one @"));
        assert_eq!(r.problems[1].message, "the accountType is missing");
        assert_eq!(r.problems[3].email, None);
    }

    #[test]
    fn duplicates_same_role_count_once_different_roles_leave_all_out() {
        let r = parse_roster(
            "a@x.io,ADMIN\nA@X.io,admin\nb@x.io,ADMIN\nc@x.io,ANALYST\nB@x.io,DEVELOPER\nb@x.io,ADMIN\n",
        );
        assert_eq!(entries(&r), [("a@x.io", "ADMIN"), ("c@x.io", "ANALYST")]);
        assert_eq!(lines(&r), [Some(5), Some(6)]);
        assert!(r.problems[0].message.contains("line 3"));
        let r = parse_roster("é@x.io,ADMIN\nÉ@x.io,ANALYST\n");
        assert!(r.entries.is_empty());
    }

    #[test]
    fn header_without_role_column_is_one_problem() {
        let r = parse_roster("email,name\na@x.io,A\n");
        assert!(r.entries.is_empty());
        assert_eq!(lines(&r), [Some(1)]);
    }

    #[test]
    fn multi_line_quoted_fields_keep_later_line_numbers_right() {
        let r = parse_roster("\"a@x.io\",\"ADM\nIN\"\nb@x.io,ADMIN\nbad,ADMIN\n");
        assert_eq!(entries(&r), [("b@x.io", "ADMIN")]);
        assert_eq!(lines(&r), [Some(1), Some(4)]);
    }

    #[test]
    fn long_fields_and_empty_input() {
        let long = "a".repeat(1000);
        let r = parse_roster(&format!("{long}@x.io,ADMIN"));
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].email.as_ref().map(String::len), Some(1005));
        assert_eq!(parse_roster(""), Roster::default());
        assert_eq!(parse_roster("\n\r\n , \n"), Roster::default());
    }

    #[test]
    fn to_json_is_the_contract_shape() {
        let r = parse_roster("a@x.io,ADMIN\n\"q\"\"@x\",ADMIN");
        let v: serde_json::Value = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "entries": [{"email": "a@x.io", "accountType": "ADMIN"}],
                "problems": [{"line": 2, "email": "q\"@x", "message": "the email needs a domain of dot-separated labels after the @, like example.com"}]
            })
        );
    }
}
