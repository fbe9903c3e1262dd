//! Roster sync: the roster CSV (`parseRoster`), the plan that makes a workspace equal to a
//! roster (`planSync`), the checks `applySync` makes before and while it sends, and the
//! JSON the shell hands to JS. No I/O here: the shell lists the workspace and runs the
//! calls; everything that decides is in this file.

#[allow(unused_imports)]
use crate::prelude::*;

use csv_core::{ReadFieldResult, Reader as CsvReader};

use crate::core::decode::Lower;
use crate::core::json::push_string;
use crate::core::text::{concat, push_number};
use crate::core::validate::{account_type_rule, email_rule, ACCOUNT_TYPE_PROBLEM};

/// One person of a roster: who should be in the workspace, with which role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterEntry {
    /// The email, trimmed.
    pub email: String,
    /// The role, trimmed and upper-cased.
    pub account_type: String,
}

/// A roster row that was left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterProblem {
    /// The 1-based line the row starts on (`None` when the roster came as entries).
    pub line: Option<u32>,
    /// The row's email, when it has one.
    pub email: Option<String>,
    /// What is wrong, as a sentence.
    pub message: String,
}

/// A parsed roster: the usable entries, each email once, and the rows left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    /// The entries, in roster order.
    pub entries: Vec<RosterEntry>,
    /// The problems, in roster order.
    pub problems: Vec<RosterProblem>,
}

/// An email as a comparison key: lower-cased (ASCII by hand, the rest by `lower`).
pub fn email_key(email: &str, lower: Lower) -> String {
    if email.is_ascii() {
        email.to_ascii_lowercase()
    } else {
        lower(email)
    }
}

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

fn problem(line: u32, email: &str, message: String) -> RosterProblem {
    RosterProblem {
        line: Some(line),
        email: (!email.is_empty()).then(|| email.to_string()),
        message,
    }
}

/// What is wrong with a row's email and role, if anything.
pub fn entry_problem(email: &str, account_type: &str) -> Option<String> {
    if email.is_empty() {
        return Some("the email is missing".to_string());
    }
    if let Err(why) = email_rule(email) {
        return Some(concat(&["the email ", why]));
    }
    if account_type.is_empty() {
        return Some("the accountType is missing".to_string());
    }
    if !account_type_rule(account_type) {
        return Some(concat(&["the accountType ", ACCOUNT_TYPE_PROBLEM]));
    }
    None
}

/// Parses a roster CSV: an optional header row naming `email` and `accountType` (or
/// `role`) in any order and case, else email then accountType. Never fails: rows that
/// cannot be used are problems with their line.
pub fn parse_roster(csv: &str, lower: Lower) -> Roster {
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
        (record.line, email, role)
    });
    let (entries, problems) = dedupe(rows, lower);
    roster.entries = entries;
    roster.problems.extend(problems);
    roster
}

/// Checks rows and keeps each email once: given twice with the same role it counts once;
/// with different roles all its rows are left out and each later row is a problem.
pub fn dedupe(
    rows: impl Iterator<Item = (u32, String, String)>,
    lower: Lower,
) -> (Vec<RosterEntry>, Vec<RosterProblem>) {
    // (key, entry, first line, conflicted)
    let mut seen: Vec<(String, RosterEntry, u32, bool)> = Vec::new();
    let mut problems = Vec::new();
    for (line, email, role) in rows {
        if let Some(message) = entry_problem(&email, &role) {
            problems.push(problem(line, &email, message));
            continue;
        }
        let key = email_key(&email, lower);
        match seen.iter_mut().find(|(k, ..)| *k == key) {
            Some((_, first, first_line, conflicted)) => {
                if *conflicted || first.account_type != role {
                    *conflicted = true;
                    let mut message = String::from("the email is also on line ");
                    push_number(&mut message, u64::from(*first_line));
                    message.push_str(" with another accountType: all its rows are left out");
                    problems.push(problem(line, &email, message));
                }
            }
            None => seen.push((
                key,
                RosterEntry {
                    email,
                    account_type: role,
                },
                line,
                false,
            )),
        }
    }
    let entries = seen
        .into_iter()
        .filter(|(.., conflicted)| !conflicted)
        .map(|(_, entry, ..)| entry)
        .collect();
    (entries, problems)
}

fn push_problems(out: &mut String, problems: &[RosterProblem]) {
    out.push('[');
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"line\":");
        match p.line {
            Some(line) => push_number(out, u64::from(line)),
            None => out.push_str("null"),
        }
        out.push_str(",\"email\":");
        match &p.email {
            Some(email) => push_string(out, email),
            None => out.push_str("null"),
        }
        out.push_str(",\"message\":");
        push_string(out, &p.message);
        out.push('}');
    }
    out.push(']');
}

impl Roster {
    /// The roster as `parseRoster` returns it: `{entries: [{email, accountType}], problems}`.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"entries\":[");
        for (i, e) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"email\":");
            push_string(&mut out, &e.email);
            out.push_str(",\"accountType\":");
            push_string(&mut out, &e.account_type);
            out.push('}');
        }
        out.push_str("],\"problems\":");
        push_problems(&mut out, &self.problems);
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(s: &str) -> String {
        s.to_lowercase()
    }

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
        let r = parse_roster(csv, lower);
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
        let r = parse_roster("a@x.io,admin\nb@x.io,Developer\n", lower);
        assert_eq!(entries(&r), [("a@x.io", "ADMIN"), ("b@x.io", "DEVELOPER")]);
        assert!(r.problems.is_empty());
        let r = parse_roster("accountType,email\nADMIN,a@x.io", lower);
        assert_eq!(entries(&r), [("a@x.io", "ADMIN")]);
    }

    #[test]
    fn bad_rows_are_problems_with_their_line() {
        let r = parse_roster(
            "email,role\nnot-an-email,ADMIN\nb@x.io,\nc@x.io,chief wizard\n,ADMIN\nok@x.io,ANALYST\n",
            lower,
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
            lower,
        );
        assert_eq!(entries(&r), [("a@x.io", "ADMIN"), ("c@x.io", "ANALYST")]);
        assert_eq!(lines(&r), [Some(5), Some(6)]);
        assert!(r.problems[0].message.contains("line 3"));
        let r = parse_roster("é@x.io,ADMIN\nÉ@x.io,ANALYST\n", lower);
        assert!(r.entries.is_empty());
    }

    #[test]
    fn header_without_role_column_is_one_problem() {
        let r = parse_roster("email,name\na@x.io,A\n", lower);
        assert!(r.entries.is_empty());
        assert_eq!(lines(&r), [Some(1)]);
    }

    #[test]
    fn multi_line_quoted_fields_keep_later_line_numbers_right() {
        let r = parse_roster("\"a@x.io\",\"ADM\nIN\"\nb@x.io,ADMIN\nbad,ADMIN\n", lower);
        assert_eq!(entries(&r), [("b@x.io", "ADMIN")]);
        assert_eq!(lines(&r), [Some(1), Some(4)]);
    }

    #[test]
    fn long_fields_and_empty_input() {
        let long = "a".repeat(1000);
        let r = parse_roster(&format!("{long}@x.io,ADMIN"), lower);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].email.as_ref().map(String::len), Some(1005));
        assert_eq!(parse_roster("", lower), Roster::default());
        assert_eq!(parse_roster("\n\r\n , \n", lower), Roster::default());
    }

    #[test]
    fn to_json_is_the_contract_shape() {
        let r = parse_roster("a@x.io,ADMIN\n\"q\"\"@x\",ADMIN", lower);
        let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "entries": [{"email": "a@x.io", "accountType": "ADMIN"}],
                "problems": [{"line": 2, "email": "q\"@x", "message": "the email needs a domain of dot-separated labels after the @, like example.com"}]
            })
        );
    }
}
