//! Which columns of a roster CSV hold what: the delimiter, whether the first row is a
//! header, and the email and role columns, found by the names the usual exports give them
//! (Google Workspace, Okta, Microsoft Entra ID, HR systems) or named by `parseRoster`'s
//! options.

use serde::Deserializer;

use crate::core::error::Problem;
use crate::core::object::{options_object, read};
use crate::core::validate::{account_type_rule, ACCOUNT_TYPE_PROBLEM};
use crate::core::workspaces::WorkspaceInfo;

options_object! {
    /// `parseRoster`'s options, as given.
    #[derive(Debug)]
    pub struct RosterOptions<> {
        /// The header of the email column.
        email_column: String = "emailColumn" => "must be a string (a column header)",
        /// The header of the role column.
        role_column: String = "roleColumn" => "must be a string (a column header)",
        /// The role of a row without one.
        default_role: String = "defaultRole" => "must be a string (an account type)",
        /// `,`, `;` or a tab.
        delimiter: String = "delimiter" => DELIMITER_PROBLEM,
        /// The header of the workspace column.
        workspace_column: String = "workspaceColumn" => "must be a string (a column header)",
        /// The workspaces (`listWorkspaces`), to resolve names to uids and refuse unknown ones.
        workspaces: Vec<WorkspaceInfo> = "workspaces" => "must be an array of { uid, name } (from listWorkspaces)",
    }
}

const DELIMITER_PROBLEM: &str = "must be \",\", \";\" or \"\\t\"";

/// The email column's usual names, normalised by [`normalize`], in order of preference: a
/// file with several (Okta's `login` and `email`, Entra ID's `userPrincipalName` and
/// `mail`) is read from the first of this list it has.
pub const EMAIL_NAMES: &[&str] = &[
    "email",
    "emailaddress",
    "workemail",
    "primaryemail",
    "mail",
    "login",
    "userprincipalname",
];

/// The role column's usual names, normalised, in order of preference.
pub const ROLE_NAMES: &[&str] = &["role", "accounttype", "paradimerole"];

/// The workspace column's usual names, normalised, in order of preference.
pub const WORKSPACE_NAMES: &[&str] = &[
    "workspace",
    "workspaceuid",
    "workspacename",
    "paradimeworkspace",
];

/// Checked `parseRoster` options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RosterSettings {
    /// The email column's header, when named.
    pub email_column: Option<String>,
    /// The role column's header, when named.
    pub role_column: Option<String>,
    /// The role of a row whose role cell is empty, or of every row when there is no role
    /// column; upper-cased.
    pub default_role: Option<String>,
    /// The field delimiter, when given (else found from the first line).
    pub delimiter: Option<u8>,
    /// The workspace column's header, when named.
    pub workspace_column: Option<String>,
    /// The workspaces a workspace cell may name (uid, or name without case), when given.
    pub workspaces: Option<Vec<WorkspaceInfo>>,
}

/// Reads and checks `parseRoster`'s options; `Err` is the sentence of the one problem the
/// roster then holds (naming the key, never its value).
pub fn roster_settings<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<RosterSettings, Problem> {
    let options: RosterOptions =
        read(deserializer).map_err(|problem| match problem.at.as_str() {
            "" => Problem::new(format!("the options {}", problem.rule)),
            _ => problem,
        })?;
    let delimiter = match options.delimiter.as_deref() {
        None => None,
        Some(",") => Some(b','),
        Some(";") => Some(b';'),
        Some("\t") => Some(b'\t'),
        Some(_) => return Err(Problem::at("delimiter", DELIMITER_PROBLEM)),
    };
    let default_role = match options.default_role {
        Some(role) => {
            let role = role.trim().to_ascii_uppercase();
            if !account_type_rule(&role) {
                return Err(Problem::at("defaultRole", ACCOUNT_TYPE_PROBLEM));
            }
            Some(role)
        }
        None => None,
    };
    let named = |name: Option<String>, key: &str| match name {
        Some(name) if normalize(&name).is_empty() => Err(Problem::at(
            key,
            "must name a column (a header with letters or digits)",
        )),
        name => Ok(name),
    };
    Ok(RosterSettings {
        email_column: named(options.email_column, "emailColumn")?,
        role_column: named(options.role_column, "roleColumn")?,
        default_role,
        delimiter,
        workspace_column: named(options.workspace_column, "workspaceColumn")?,
        workspaces: options.workspaces,
    })
}

/// A header as it is compared: a trailing decoration (`[Required]`, `(optional)`, `*`)
/// dropped, then ASCII letters lower-cased and ASCII punctuation and all white space
/// dropped, so `Email Address [Required]`, `e-mail` and `E_MAIL` are `emailaddress`,
/// `email` and `email`. Other characters are kept as they are.
pub fn normalize(header: &str) -> String {
    let mut name = header.trim().trim_start_matches('\u{feff}');
    loop {
        let trimmed = name.trim_end().trim_end_matches('*');
        let cut = match trimmed.chars().last() {
            Some(']') => trimmed.rfind('['),
            Some(')') => trimmed.rfind('('),
            _ => None,
        };
        match cut.and_then(|at| trimmed.get(..at)) {
            // A name that is only a decoration keeps it.
            Some(rest) if !rest.trim().is_empty() => name = rest,
            _ => {
                name = trimmed;
                break;
            }
        }
    }
    name.chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The delimiter of a roster: the one of `,`, `;` and tab that the first non-blank line has
/// most of outside quotes; `,` when none (a one-column file) or on a tie with it.
pub fn find_delimiter(csv: &str) -> u8 {
    let text = csv.trim_start_matches('\u{feff}');
    let line = text
        .split('\n')
        .find(|line| !line.trim().is_empty())
        .unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in line.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(count) = counts.iter_mut().find(|(d, _)| *d == byte) {
                count.1 += 1;
            }
        }
    }
    // max_by_key keeps the last of equals: walk in reverse so `,` wins a tie.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

/// Where a roster's values are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    /// The first row is a header (not data).
    pub header: bool,
    /// The email column.
    pub email: usize,
    /// The role column, when there is one.
    pub role: Option<usize>,
    /// The workspace column, when there is one.
    pub workspace: Option<usize>,
}

/// The columns of a roster whose first row is `first`: a header when it names the email
/// column (by the options or by a usual name); else data when a cell of it holds an `@`
/// (email, then role); else `Err`, the sentence of the one problem: no email column, with
/// the headers seen and the option to use.
pub fn find_columns(first: &[String], settings: &RosterSettings) -> Result<Columns, Problem> {
    let headers: Vec<String> = first.iter().map(|h| normalize(h)).collect();
    let position = |name: &str| headers.iter().position(|h| h == name);
    let seen = || {
        let list: Vec<String> = first.iter().map(|h| format!("{:?}", h.trim())).collect();
        list.join(", ")
    };
    // A column named by an option (`option`): where it is, or the one problem.
    let named = |name: &str, option: &str| {
        position(&normalize(name)).ok_or_else(|| {
            Problem::new(format!(
                "no column is named {:?} (the {option} option); the header row has {}",
                name.trim(),
                seen()
            ))
        })
    };
    let email = match &settings.email_column {
        Some(name) => Some(named(name, "emailColumn")?),
        None => EMAIL_NAMES.iter().find_map(|name| position(name)),
    };
    let Some(email) = email else {
        if settings.role_column.is_none()
            && settings.workspace_column.is_none()
            && first.iter().any(|cell| cell.contains('@'))
        {
            return Ok(Columns {
                header: false,
                email: 0,
                role: Some(1),
                workspace: None,
            });
        }
        return Err(Problem::new(format!(
            "no email column found: the header row has {}; name the email column with the emailColumn option (--email-column in the CLI)",
            seen()
        )));
    };
    let role = match &settings.role_column {
        Some(name) => Some(named(name, "roleColumn")?),
        None => ROLE_NAMES.iter().find_map(|name| position(name)),
    };
    let workspace = match &settings.workspace_column {
        Some(name) => Some(named(name, "workspaceColumn")?),
        None => WORKSPACE_NAMES.iter().find_map(|name| position(name)),
    };
    if role.is_none() && settings.default_role.is_none() {
        return Err(Problem::new(format!(
            "the header row names an email column but no role column (accountType or role): the header row has {}; add one, or give every row one role with the defaultRole option (--default-role in the CLI)",
            seen()
        )));
    }
    Ok(Columns {
        header: true,
        email,
        role,
        workspace,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cells(row: &str) -> Vec<String> {
        row.split(',').map(str::to_string).collect()
    }

    #[test]
    fn headers_are_compared_without_case_spacing_punctuation_or_decorations() {
        for (header, name) in [
            ("Email Address [Required]", "emailaddress"),
            (" E-mail ", "email"),
            ("E_MAIL", "email"),
            ("Work Email", "workemail"),
            ("userPrincipalName", "userprincipalname"),
            ("Account Type (optional)", "accounttype"),
            ("Role *", "role"),
            ("\u{feff}email", "email"),
            ("[Required]", "required"),
            ("Correo electrónico", "correoelectrónico"),
        ] {
            assert_eq!(normalize(header), name, "{header}");
        }
    }

    #[test]
    fn the_delimiter_is_the_header_lines_most_common() {
        assert_eq!(find_delimiter("email,role\n"), b',');
        assert_eq!(find_delimiter("\u{feff}\r\nE-mail;Rolle;Name\r\n"), b';');
        assert_eq!(find_delimiter("email\trole\n"), b'\t');
        assert_eq!(find_delimiter("\"a;b\",c\n"), b',');
        assert_eq!(find_delimiter("email\n"), b',');
        assert_eq!(find_delimiter("a;b,c\n"), b',');
        assert_eq!(find_delimiter(""), b',');
    }

    #[test]
    fn the_usual_names_are_found_in_order_of_preference() {
        let none = RosterSettings::default();
        let found = |row: &str| find_columns(&cells(row), &none);
        assert_eq!(
            found("Name,Email Address,Role"),
            Ok(Columns {
                header: true,
                email: 1,
                role: Some(2),
                workspace: None
            })
        );
        // Okta: login and email; Entra ID: userPrincipalName and mail.
        assert_eq!(found("login,email,accountType").map(|c| c.email), Ok(1));
        assert_eq!(
            found("userPrincipalName,mail,Paradime Role").map(|c| (c.email, c.role)),
            Ok((1, Some(2)))
        );
        // No header: a row with an @ is data, email then role.
        assert_eq!(
            found("a@x.io,ADMIN"),
            Ok(Columns {
                header: false,
                email: 0,
                role: Some(1),
                workspace: None
            })
        );
        let e = found("Full name,Correo").unwrap_err().to_string();
        assert!(e.contains("\"Full name\", \"Correo\""), "{e}");
        assert!(e.contains("emailColumn"), "{e}");
        let e = found("Name,Work Email").unwrap_err().to_string();
        assert!(e.contains("defaultRole"), "{e}");
    }

    #[test]
    fn named_columns_win_and_a_missing_one_is_the_problem() {
        let settings = RosterSettings {
            email_column: Some("Correo".into()),
            role_column: Some("Rol".into()),
            ..RosterSettings::default()
        };
        assert_eq!(
            find_columns(&cells("Email,Correo,Rol"), &settings),
            Ok(Columns {
                header: true,
                email: 1,
                role: Some(2),
                workspace: None
            })
        );
        let e = find_columns(&cells("Email,Correo,Role"), &settings)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("no column is named \"Rol\""), "{e}");
        let default = RosterSettings {
            default_role: Some("DEVELOPER".into()),
            ..RosterSettings::default()
        };
        assert_eq!(
            find_columns(&cells("Name,Work Email"), &default),
            Ok(Columns {
                header: true,
                email: 1,
                role: None,
                workspace: None
            })
        );
    }

    #[test]
    fn options_are_checked_and_named_never_shown() {
        let read = |v: serde_json::Value| roster_settings(v);
        assert_eq!(read(json!({})), Ok(RosterSettings::default()));
        assert_eq!(
            read(json!({"delimiter": ";", "defaultRole": " developer ", "emailColumn": "Mail"})),
            Ok(RosterSettings {
                email_column: Some("Mail".into()),
                role_column: None,
                default_role: Some("DEVELOPER".into()),
                delimiter: Some(b';'),
                workspace_column: None,
                workspaces: None,
            })
        );
        for (options, message) in [
            (
                json!({"delimiter": "|"}),
                "`delimiter` must be \",\", \";\" or \"\\t\"",
            ),
            (
                json!({"defaultRole": "chief wizard"}),
                "`defaultRole` must be an account type",
            ),
            (json!({"emailColumn": 7}), "`emailColumn` must be a string"),
            (
                json!({"emailColumn": " - "}),
                "`emailColumn` must name a column",
            ),
            (
                json!({"emailColum": "secret-ish"}),
                "`emailColum` is not a known option (known: emailColumn, roleColumn,",
            ),
            (json!(3), "the options must be an object"),
        ] {
            let e = read(options.clone()).unwrap_err().to_string();
            assert!(e.starts_with(message), "{options}: {e}");
            assert!(!e.contains("secret-ish") && !e.contains("wizard"), "{e}");
        }
    }
}
