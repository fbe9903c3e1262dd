//! The roster CSV (`parseRoster`): csv-core reads the records (RFC 4180 quoting, CRLF or
//! LF, a UTF-8 BOM, `,` `;` or tab); [`super::columns`] says where the email and the role
//! are.

use csv_core::{ReadFieldResult, Reader as CsvReader, ReaderBuilder};

use super::columns::{find_columns, find_delimiter, RosterSettings};
use super::entry::dedupe;
use super::{Roster, RosterEntry, RosterProblem};
use crate::core::workspaces::choose;

/// One CSV record: its fields (as read, unescaped) and the line it starts on.
struct Record {
    line: u32,
    fields: Vec<String>,
}

/// Reads every record of `csv` with csv-core (RFC 4180 quoting, CRLF or LF, a UTF-8 BOM),
/// fields separated by `delimiter`. Lines that are empty or hold only white space and
/// delimiters are skipped.
fn records(csv: &str, delimiter: u8) -> Vec<Record> {
    let mut reader: CsvReader = ReaderBuilder::new().delimiter(delimiter).build();
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

/// A row as [`dedupe`] takes it: its line, email and role.
type Row = (Option<u32>, String, String);

/// A cell as the package wrote it back: a leading `'` that neutralised a formula (before
/// `=`, `+`, `-`, `@`, a tab, a CR, or another `'`: what `list --csv` and the console's
/// downloads write) is dropped, then the cell is trimmed.
fn field(record: &Record, column: usize) -> &str {
    let cell = record.fields.get(column).map_or("", String::as_str);
    let cell = match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    };
    cell.trim()
}

/// Parses a roster CSV with the default options: [`parse_roster_with`].
pub fn parse_roster(csv: &str) -> Roster {
    parse_roster_with(csv, &RosterSettings::default())
}

/// Parses a roster CSV: the delimiter given or found from the first line; a header row
/// naming the email and role columns (by `settings` or by the usual names of exports), else
/// email then role. Never fails: rows that cannot be used are problems with their line, and
/// a file whose email column cannot be found is one problem (nothing half-read).
pub fn parse_roster_with(csv: &str, settings: &RosterSettings) -> Roster {
    let delimiter = settings.delimiter.unwrap_or_else(|| find_delimiter(csv));
    let mut records = records(csv, delimiter).into_iter().peekable();
    let mut roster = Roster::default();
    let Some(first) = records.peek() else {
        return roster;
    };
    let columns = match find_columns(&first.fields, settings) {
        Ok(columns) => columns,
        Err(problem) => {
            roster.problems.push(RosterProblem {
                line: Some(first.line),
                email: None,
                message: problem.to_string(),
            });
            return roster;
        }
    };
    if columns.header {
        records.next();
    }
    let default_role = settings.default_role.as_deref().unwrap_or("");
    let rows = records.map(|record| {
        let email = field(&record, columns.email).to_string();
        let role = match columns.role.map(|column| field(&record, column)) {
            Some(role) if !role.is_empty() => role.to_ascii_uppercase(),
            _ => default_role.to_string(),
        };
        let workspace = columns
            .workspace
            .map(|column| field(&record, column).to_string());
        (record.line, email, role, workspace)
    });
    let Some(_) = columns.workspace else {
        let (entries, problems) =
            dedupe(rows.map(|(line, email, role, _)| (Some(line), email, role)));
        roster.entries = entries;
        roster.problems.extend(problems);
        return roster;
    };
    // A workspace column: each row's workspace found (a uid, or a name resolved to its uid
    // when the workspaces were given), then each workspace's rows kept once per email.
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    for (line, email, role, workspace) in rows {
        let cell = workspace.unwrap_or_default();
        let uid = match (&settings.workspaces, cell.is_empty()) {
            (_, true) => Err("the workspace is missing".to_string()),
            (Some(known), false) => choose(known, Some(std::slice::from_ref(&cell)))
                .map_err(|why| format!("the workspace: {why}"))
                .map(|found| found.into_iter().next().map_or(cell, |w| w.uid)),
            (None, false) => Ok(cell),
        };
        match uid {
            Ok(uid) => match groups.iter_mut().find(|(w, _)| *w == uid) {
                Some((_, rows)) => rows.push((Some(line), email, role)),
                None => groups.push((uid, vec![(Some(line), email, role)])),
            },
            Err(message) => roster.problems.push(RosterProblem {
                line: Some(line),
                email: (!email.is_empty()).then_some(email),
                message,
            }),
        }
    }
    for (workspace, rows) in groups {
        let (entries, problems) = dedupe(rows.into_iter());
        roster
            .entries
            .extend(entries.into_iter().map(|entry| RosterEntry {
                workspace: Some(workspace.clone()),
                ..entry
            }));
        roster.problems.extend(problems);
    }
    // Each row has its own line: an unstable sort keeps them in file order.
    roster.problems.sort_unstable_by_key(|p| p.line);
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

    fn with(default_role: Option<&str>) -> RosterSettings {
        RosterSettings {
            default_role: default_role.map(str::to_string),
            ..RosterSettings::default()
        }
    }

    #[test]
    fn the_header_of_an_export_is_a_header_and_its_first_row_is_read() {
        let r = parse_roster("Name,Email Address,Role\nJ,a@x.io,ADMIN\n");
        assert_eq!(entries(&r), [("a@x.io", "ADMIN")]);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn google_workspace_user_export() {
        let csv = "First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Org Unit Path [Required],Recovery Email,Work Secondary Email,Employee Type,Paradime Role\n\
            Ada,Lovelace,ada@acme.io,****,/,ada@home.example,,Engineer,ADMIN\n\
            Alan,Turing,alan@acme.io,****,/Eng,,alan.t@acme.io,Engineer,\n\
            Grace,Hopper,grace@acme.io,****,/Eng,,,Contractor,analyst\n";
        let r = parse_roster_with(csv, &with(Some("DEVELOPER")));
        assert_eq!(
            entries(&r),
            [
                ("ada@acme.io", "ADMIN"),
                ("alan@acme.io", "DEVELOPER"),
                ("grace@acme.io", "ANALYST")
            ]
        );
        assert!(r.problems.is_empty());
        // Without a default, the empty role cell is the row's problem, with its line.
        let r = parse_roster(csv);
        assert_eq!(lines(&r), [Some(3)]);
        assert_eq!(r.problems[0].message, "the accountType is missing");
    }

    #[test]
    fn okta_export_reads_email_not_login() {
        let csv = "id,status,login,email,firstName,lastName,accountType\r\n\
            00u1,ACTIVE,ada,ada@acme.io,Ada,Lovelace,DEVELOPER\r\n\
            00u2,ACTIVE,alan,ALAN@acme.io,Alan,Turing,admin\r\n";
        let r = parse_roster(csv);
        assert_eq!(
            entries(&r),
            [("ada@acme.io", "DEVELOPER"), ("ALAN@acme.io", "ADMIN")]
        );
    }

    #[test]
    fn entra_id_export_reads_mail_and_takes_a_default_role() {
        let csv = "\u{feff}userPrincipalName,displayName,surname,mail,givenName,id,userType,jobTitle,department,accountEnabled\n\
            ada_acme.io#EXT#@acme.onmicrosoft.com,Ada Lovelace,Lovelace,ada@acme.io,Ada,6f1c,Guest,,Data,True\n\
            alan@acme.io,Alan Turing,Turing,alan@acme.io,Alan,7a2d,Member,Engineer,Data,True\n";
        let r = parse_roster_with(csv, &with(Some("ANALYST")));
        assert_eq!(
            entries(&r),
            [("ada@acme.io", "ANALYST"), ("alan@acme.io", "ANALYST")]
        );
        let r = parse_roster(csv);
        assert!(r.entries.is_empty());
        assert_eq!(lines(&r), [Some(1)]);
        assert!(r.problems[0].message.contains("defaultRole"));
    }

    #[test]
    fn hr_export_without_a_role_column_but_a_few_named_roles() {
        let csv = "Employee #,First Name,Last Name,Work Email,Department,Job Title,Paradime Role\n\
            101,Ada,Lovelace,ada@acme.io,Data,Head of Data,ADMIN\n\
            102,Alan,Turing,alan@acme.io,Data,Analyst,\n\
            103,Grace,Hopper,,Data,Analyst,\n";
        let r = parse_roster_with(csv, &with(Some("ANALYST")));
        assert_eq!(
            entries(&r),
            [("ada@acme.io", "ADMIN"), ("alan@acme.io", "ANALYST")]
        );
        assert_eq!(lines(&r), [Some(4)]);
        assert_eq!(r.problems[0].message, "the email is missing");
    }

    #[test]
    fn excel_semicolon_export_with_bom_and_crlf() {
        let csv = "\u{feff}Name;E-Mail;Rolle;Abteilung\r\n\"Müller; Anna\";anna@acme.de;developer;Vertrieb\r\n\r\nJörg;joerg@acme.de;ADMIN;IT\r\n";
        let settings = RosterSettings {
            role_column: Some("Rolle".into()),
            ..RosterSettings::default()
        };
        let r = parse_roster_with(csv, &settings);
        assert_eq!(
            entries(&r),
            [("anna@acme.de", "DEVELOPER"), ("joerg@acme.de", "ADMIN")]
        );
        assert!(r.problems.is_empty());
        // The delimiter given wins over the one found.
        let given = RosterSettings {
            delimiter: Some(b','),
            ..settings
        };
        assert_eq!(parse_roster_with(csv, &given).entries, []);
    }

    #[test]
    fn tab_separated_paste_without_header() {
        let r = parse_roster("ada@acme.io\tADMIN\nalan@acme.io\tdeveloper\n");
        assert_eq!(
            entries(&r),
            [("ada@acme.io", "ADMIN"), ("alan@acme.io", "DEVELOPER")]
        );
        let r = parse_roster_with("ada@acme.io\nalan@acme.io\n", &with(Some("BUSINESS")));
        assert_eq!(
            entries(&r),
            [("ada@acme.io", "BUSINESS"), ("alan@acme.io", "BUSINESS")]
        );
    }

    #[test]
    fn no_email_column_is_one_problem_naming_the_headers_and_nothing_is_read() {
        let r = parse_roster("Full name,Correo,Rol\nAda,ada@acme.io,ADMIN\n");
        assert!(r.entries.is_empty());
        assert_eq!(r.problems.len(), 1);
        assert_eq!(
            r.problems[0].message,
            "no email column found: the header row has \"Full name\", \"Correo\", \"Rol\"; name the email column with the emailColumn option (--email-column in the CLI)"
        );
        let named = RosterSettings {
            email_column: Some("correo".into()),
            role_column: Some("ROL".into()),
            ..RosterSettings::default()
        };
        let r = parse_roster_with("Full name,Correo,Rol\nAda,ada@acme.io,ADMIN\n", &named);
        assert_eq!(entries(&r), [("ada@acme.io", "ADMIN")]);
    }

    #[test]
    fn cells_the_package_neutralised_read_back_as_written() {
        let csv = "email,role,name\n'=x@acme.io,ADMIN,'=HYPERLINK(\"x\")\n'+y@acme.io,'-ANALYST,\n''z@acme.io,ADMIN,\n'plain@acme.io,ADMIN,\n";
        let r = parse_roster(csv);
        assert_eq!(
            entries(&r),
            [
                ("=x@acme.io", "ADMIN"),
                ("'z@acme.io", "ADMIN"),
                ("'plain@acme.io", "ADMIN")
            ]
        );
        // "-ANALYST" is not a role: the row is a problem, with its email read back.
        assert_eq!(r.problems[0].email.as_deref(), Some("+y@acme.io"));
    }

    #[test]
    fn a_workspace_column_keeps_each_workspace_once_per_email_and_refuses_unknown_ones() {
        use crate::core::workspaces::WorkspaceInfo;
        let csv = "email,role,Workspace\na@x.io,ADMIN,Production\na@x.io,ANALYST,ws-dev\nb@x.io,ADMIN,production\nc@x.io,ADMIN,Nowhere\nd@x.io,ADMIN,\nb@x.io,DEVELOPER,Production\n";
        let settings = RosterSettings {
            workspaces: Some(vec![
                WorkspaceInfo {
                    uid: "ws-prod".into(),
                    name: "Production".into(),
                },
                WorkspaceInfo {
                    uid: "ws-dev".into(),
                    name: "Development".into(),
                },
            ]),
            ..RosterSettings::default()
        };
        let r = parse_roster_with(csv, &settings);
        let got: Vec<_> = r
            .entries
            .iter()
            .map(|e| {
                (
                    e.email.as_str(),
                    e.account_type.as_str(),
                    e.workspace.as_deref(),
                )
            })
            .collect();
        // The same email in two workspaces is two entries; twice in one with two roles, none.
        assert_eq!(
            got,
            [
                ("a@x.io", "ADMIN", Some("ws-prod")),
                ("a@x.io", "ANALYST", Some("ws-dev"))
            ]
        );
        assert_eq!(lines(&r), [Some(5), Some(6), Some(7)]);
        assert!(
            r.problems[0]
                .message
                .starts_with("the workspace: no workspace has the uid or name \"Nowhere\""),
            "{}",
            r.problems[0].message
        );
        assert_eq!(r.problems[1].message, "the workspace is missing");
        assert!(r.problems[2].message.contains("line 4"));
        // Without the list, the cells are kept as written.
        let r = parse_roster(csv);
        assert_eq!(r.entries[0].workspace.as_deref(), Some("Production"));
        let json = serde_json::to_value(&r.entries[0]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"email": "a@x.io", "accountType": "ADMIN", "workspace": "Production"})
        );
        // No workspace column: no workspace key.
        let json = serde_json::to_value(&parse_roster("a@x.io,ADMIN").entries[0]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"email": "a@x.io", "accountType": "ADMIN"})
        );
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
