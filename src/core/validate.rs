//! Input rules for method arguments (kind `validation`; nothing is sent when one fails).
//!
//! Messages name the argument and the rule broken, never echo the value.

use std::borrow::Cow;

use crate::core::error::{Error, Problem};
use crate::core::operation::Operation;

/// A method argument as the shell found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg<'a> {
    /// `undefined` or not passed.
    Missing,
    /// `null`.
    Null,
    /// Another JS type: its `typeof`.
    NotString(&'a str),
    /// A string.
    Str(&'a str),
    /// A string that is not well-formed UTF-16 (a lone surrogate): it could only be sent
    /// altered, so it is refused.
    Malformed,
}

fn string<'a>(op: Operation, name: &str, arg: Arg<'a>) -> Result<&'a str, Error> {
    let rule: Cow<'static, str> = match arg {
        Arg::Str(s) => return Ok(s),
        Arg::Missing => "is required".into(),
        Arg::Null => "must be a string, not null".into(),
        Arg::Malformed => "must be well-formed Unicode (it holds a lone surrogate)".into(),
        Arg::NotString(t) => format!("must be a string, not {t}").into(),
    };
    Err(Error::validation(op, Problem::at(name, rule)))
}

fn bad_char(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// The email rule: 3 to 254 characters, exactly one `@`, a non-empty local part of at
/// most 64 characters, a domain of non-empty dot-separated labels with at least one dot, no
/// whitespace or control characters. `Err` says which part is broken (never the value).
pub fn email_rule(s: &str) -> Result<(), Problem> {
    let len = s.chars().count();
    if !(3..=254).contains(&len) {
        return Err(Problem::new("must be 3 to 254 characters long"));
    }
    if s.chars().any(bad_char) {
        return Err(Problem::new(
            "must not contain whitespace or control characters",
        ));
    }
    // On bytes, with `get`: no slicing that could panic.
    let bytes = s.as_bytes();
    let at = match bytes.iter().position(|b| *b == b'@') {
        Some(at) if bytes.iter().filter(|b| **b == b'@').count() == 1 => at,
        _ => return Err(Problem::new("must contain exactly one @")),
    };
    let (local, domain) = (
        s.get(..at).unwrap_or(""),
        bytes.get(at + 1..).unwrap_or(b""),
    );
    if local.is_empty() {
        return Err(Problem::new("needs a part before the @"));
    }
    if local.chars().count() > 64 {
        return Err(Problem::new(
            "has a part before the @ longer than 64 characters",
        ));
    }
    if !domain.contains(&b'.') || domain.split(|b| *b == b'.').any(<[u8]>::is_empty) {
        return Err(Problem::new(
            "needs a domain of dot-separated labels after the @, like example.com",
        ));
    }
    Ok(())
}

/// An email as a comparison key: emails compare case-insensitively (Unicode lower case).
pub fn email_key(email: &str) -> String {
    if email.is_ascii() {
        email.to_ascii_lowercase()
    } else {
        unicode_lowercase(email)
    }
}

/// Unicode's default lower-case mapping of `s` (with final sigma), as
/// `String.prototype.toLowerCase` gives it: in the wasm build the engine does it, so the
/// shipped module carries no case tables of its own (std's `to_lowercase` would add them,
/// for emails that are almost always ASCII). Native builds (unit tests,
/// fuzzing, the sandbox) use std's `str::to_lowercase`, the same mapping; the browser suite
/// checks the engine's (`tests/sync.rs`, `non_ascii_emails_compare_by_unicode_lower_case`).
/// One function with a constant condition, not two behind `#[cfg]`, so that cargo-mutants
/// (native) mutates the one it can test.
fn unicode_lowercase(s: &str) -> String {
    if cfg!(target_arch = "wasm32") {
        js_sys::JsString::from(s).to_lower_case().into()
    } else {
        s.to_lowercase()
    }
}

/// Whether two emails are the same, compared case-insensitively.
pub fn same_email(a: &str, b: &str) -> bool {
    same_ignoring_case(a, b)
}

/// Whether two texts (emails, workspace names) are the same but for case (Unicode lower
/// case).
pub fn same_ignoring_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        email_key(a) == email_key(b)
    }
}

/// An email argument (see [`email_rule`]).
pub fn email(op: Operation, arg: Arg<'_>) -> Result<String, Error> {
    let s = string(op, "email", arg)?;
    email_rule(s).map_err(|problem| Error::validation(op, problem.within("email")))?;
    Ok(s.to_string())
}

/// The uid rule: 1 to 256 characters, no whitespace or control characters. `Err` says
/// which part is broken (never the value).
pub fn uid_rule(s: &str) -> Result<(), Problem> {
    if !(1..=256).contains(&s.chars().count()) {
        return Err(Problem::new("must be 1 to 256 characters long"));
    }
    if s.chars().any(bad_char) {
        return Err(Problem::new(
            "must not contain whitespace or control characters",
        ));
    }
    Ok(())
}

/// A uid argument (see [`uid_rule`]).
pub fn uid(op: Operation, arg: Arg<'_>) -> Result<String, Error> {
    let s = string(op, "uid", arg)?;
    uid_rule(s).map_err(|problem| Error::validation(op, problem.within("uid")))?;
    Ok(s.to_string())
}

/// What an account type that breaks [`account_type_rule`] is told.
pub const ACCOUNT_TYPE_PROBLEM: &str =
    "must be an account type such as \"ADMIN\" or \"DEVELOPER\" (upper-case letters, digits and _)";

/// The account type rule: a GraphQL enum name, `^[A-Z][A-Z0-9_]*$`. Values this version
/// does not know are accepted, so a new server role needs no client release.
pub fn account_type_rule(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// An account type argument (see [`account_type_rule`]).
pub fn account_type(op: Operation, arg: Arg<'_>) -> Result<String, Error> {
    let s = string(op, "accountType", arg)?;
    if !account_type_rule(s) {
        return Err(Error::validation(
            op,
            Problem::at("accountType", ACCOUNT_TYPE_PROBLEM),
        ));
    }
    Ok(s.to_string())
}

/// The account types this version knows, in the order of the API's enum.
pub const ACCOUNT_TYPES: [&str; 9] = [
    "ADMIN",
    "DEVELOPER",
    "BUSINESS",
    "BILLING_ADMIN",
    "SECURITY_ADMIN",
    "WORKSPACE_SETTINGS_ADMIN",
    "WORKSPACE_ADMIN",
    "ANALYST",
    "SANDBOX_USER",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;

    const OP: Operation = Operation::InviteUser;

    fn ok_email(s: &str) -> bool {
        email(OP, Arg::Str(s)).is_ok()
    }

    #[test]
    fn email_accepts() {
        for s in [
            "a@b.c",
            "john@acme.io",
            "first.last+tag@sub.example.co.uk",
            "ünïcødé@exämple.org",
            &format!("{}@example.com", "x".repeat(64)),
            &format!("a@{}.com", "d".repeat(248)),
        ] {
            assert!(ok_email(s), "{s}");
        }
    }

    #[test]
    fn email_rejects() {
        for s in [
            "",
            "ab",
            "plainaddress",
            "@example.com",
            "a@@example.com",
            "a@b@example.com",
            "a@example",
            "a@.example.com",
            "a@example..com",
            "a@example.com.",
            "a b@example.com",
            "a@exa mple.com",
            "a\u{00a0}@example.com",
            "a\u{2003}b@example.com",
            "a\n@example.com",
            "a\u{0007}@example.com",
            "a@example.com\t",
            &format!("{}@example.com", "x".repeat(65)),
            &format!("a@{}.com", "d".repeat(249)),
        ] {
            assert!(!ok_email(s), "{s:?}");
        }
        let e = email(OP, Arg::Str("nope")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(e.attempts, 0);
        assert!(
            !e.message.contains("nope"),
            "never echo input: {}",
            e.message
        );
    }

    #[test]
    fn wrong_types_are_validation_errors() {
        for arg in [
            Arg::Missing,
            Arg::Null,
            Arg::NotString("number"),
            Arg::NotString("object"),
            Arg::Malformed,
        ] {
            for e in [email(OP, arg), uid(OP, arg), account_type(OP, arg)] {
                assert_eq!(e.unwrap_err().kind, ErrorKind::Validation);
            }
        }
        assert_eq!(
            email(OP, Arg::NotString("number")).unwrap_err().message,
            "inviteUser: `email` must be a string, not number"
        );
    }

    #[test]
    fn uid_rules() {
        let op = Operation::DisableUser;
        assert!(uid(op, Arg::Str("x")).is_ok());
        assert!(uid(op, Arg::Str(&"f".repeat(256))).is_ok());
        assert!(uid(op, Arg::Str("ünï-cødé")).is_ok());
        for s in [
            "",
            " ",
            "a b",
            "a\tb",
            "a\u{0000}",
            "a\u{2028}",
            &"f".repeat(257),
        ] {
            assert!(uid(op, Arg::Str(s)).is_err(), "{s:?}");
        }
    }

    #[test]
    fn account_type_rules() {
        let op = Operation::UpdateUserAccountType;
        for s in ACCOUNT_TYPES
            .iter()
            .copied()
            .chain(["A", "NEW_ROLE_2", "X_"])
        {
            assert_eq!(account_type(op, Arg::Str(s)).unwrap(), s);
        }
        for s in [
            "", "admin", "Admin", "_ADMIN", "1ADMIN", "ADMIN ", "AD-MIN", "ADMİN",
        ] {
            assert!(account_type(op, Arg::Str(s)).is_err(), "{s:?}");
        }
    }

    /// Non-ASCII emails compare by Unicode's full lower-case mapping, final sigma included:
    /// the keys the browser suite's `non_ascii_emails_compare_by_unicode_lower_case` expects
    /// of the engine's `toLowerCase`.
    #[test]
    fn non_ascii_email_keys_are_unicode_lower_case() {
        for (email, key) in [
            ("ZOË@ACME.io", "zoë@acme.io"),
            ("ΟΔΥΣΣΕΥΣ@acme.io", "οδυσσευς@acme.io"),
            ("\u{212a}@x.io", "k@x.io"),
            ("İ@x.io", "i\u{307}@x.io"),
        ] {
            assert_eq!(email_key(email), key, "{email}");
        }
    }

    /// `same_email` agrees with `email_key` (what plans compare), also when only one side is
    /// ASCII: the Kelvin sign K lower-cases to an ASCII k.
    #[test]
    fn same_email_is_equality_of_email_keys() {
        for (a, b) in [
            ("a@x.io", "A@X.IO"),
            ("k@x.io", "\u{212a}@x.io"),
            ("é@x.io", "É@X.io"),
            ("a@x.io", "b@x.io"),
            ("é@x.io", "e@x.io"),
        ] {
            assert_eq!(same_email(a, b), email_key(a) == email_key(b), "{a} {b}");
            assert_eq!(same_email(b, a), same_email(a, b), "{a} {b}");
        }
        assert!(same_email("k@x.io", "\u{212a}@x.io"));
    }
}
