//! The one check of an entry: the email, uid and role rules of the single-call methods,
//! applied alike to roster rows, `planSync`'s roster, the actions of a plan given back to
//! `applySync` and `inviteUsers`' entries; and the rule that keeps each email of a roster
//! once.

use super::plan::Action;
use super::{RosterEntry, RosterProblem};
use crate::core::validate::{
    account_type_rule, email_key, email_rule, uid_rule, ACCOUNT_TYPE_PROBLEM,
};

/// A checked field of an entry or an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `email`.
    Email,
    /// `uid`.
    Uid,
    /// `accountType`.
    AccountType,
}

impl Field {
    /// The key, as JS spells it.
    pub fn key(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::Uid => "uid",
            Field::AccountType => "accountType",
        }
    }
}

/// What is wrong with an entry: the field, and the rule it breaks (never its value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flaw {
    /// The field.
    pub field: Field,
    /// The rule, as the end of a sentence: "must contain exactly one @", "is missing".
    pub rule: &'static str,
}

impl Flaw {
    /// As a roster row's problem: "the email must contain exactly one @".
    pub fn in_row(self) -> String {
        format!("the {} {}", self.field.key(), self.rule)
    }

    /// As an argument's problem, `at` naming the item (`plan.actions[2]`):
    /// "`plan.actions[2].email` must contain exactly one @".
    pub fn at(self, at: &str) -> String {
        format!("`{at}.{}` {}", self.field.key(), self.rule)
    }
}

fn role_rule(role: &str) -> Result<(), &'static str> {
    if account_type_rule(role) {
        Ok(())
    } else {
        Err(ACCOUNT_TYPE_PROBLEM)
    }
}

fn check(
    field: Field,
    value: &str,
    rule: fn(&str) -> Result<(), &'static str>,
) -> Result<(), Flaw> {
    if value.is_empty() {
        return Err(Flaw {
            field,
            rule: "is missing",
        });
    }
    rule(value).map_err(|rule| Flaw { field, rule })
}

/// Checks an email and a role (an invite, a roster row): the email first.
pub fn check_entry(email: &str, account_type: &str) -> Result<(), Flaw> {
    check(Field::Email, email, email_rule)?;
    check(Field::AccountType, account_type, role_rule)
}

/// Checks every field of an action of a plan: the uid, the email, the role.
pub fn check_action(action: &Action) -> Result<(), Flaw> {
    match action {
        Action::Invite {
            email,
            account_type,
            ..
        } => check_entry(email, account_type),
        Action::Update {
            uid,
            email,
            account_type,
            ..
        } => {
            check(Field::Uid, uid, uid_rule)?;
            check_entry(email, account_type)
        }
        Action::Disable { uid, email, .. } => {
            check(Field::Uid, uid, uid_rule)?;
            check(Field::Email, email, email_rule)
        }
    }
}

fn problem(line: Option<u32>, email: &str, message: String) -> RosterProblem {
    RosterProblem {
        line,
        email: (!email.is_empty()).then(|| email.to_string()),
        message,
    }
}

/// Checks rows and keeps each email once: given twice with the same role it counts once;
/// with different roles all its rows are left out and each later row is a problem.
pub fn dedupe(
    rows: impl Iterator<Item = (Option<u32>, String, String)>,
) -> (Vec<RosterEntry>, Vec<RosterProblem>) {
    // (key, entry, first line, conflicted)
    let mut seen: Vec<(String, RosterEntry, Option<u32>, bool)> = Vec::new();
    let mut problems = Vec::new();
    for (line, email, role) in rows {
        if let Err(flaw) = check_entry(&email, &role) {
            problems.push(problem(line, &email, flaw.in_row()));
            continue;
        }
        let key = email_key(&email);
        match seen.iter_mut().find(|(k, ..)| *k == key) {
            Some((_, first, first_line, conflicted)) => {
                if *conflicted || first.account_type != role {
                    *conflicted = true;
                    let earlier = match first_line {
                        Some(first_line) => format!("on line {first_line}"),
                        None => "given earlier".to_string(),
                    };
                    let message = format!(
                        "the email is also {earlier} with another accountType: all its rows are left out"
                    );
                    problems.push(problem(line, &email, message));
                }
            }
            None => seen.push((
                key,
                RosterEntry {
                    email,
                    account_type: role,
                    workspace: None,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_check_and_one_wording_for_rows_and_arguments() {
        let flaw = check_entry("nope", "ADMIN").unwrap_err();
        assert_eq!(flaw.field, Field::Email);
        assert_eq!(flaw.in_row(), "the email must contain exactly one @");
        assert_eq!(
            flaw.at("invites[3]"),
            "`invites[3].email` must contain exactly one @"
        );
        assert_eq!(
            check_entry("", "").unwrap_err().in_row(),
            "the email is missing"
        );
        assert_eq!(
            check_entry("a@x.io", "").unwrap_err().in_row(),
            "the accountType is missing"
        );
        assert_eq!(
            check_entry("a@x.io", "admin").unwrap_err().at("roster[0]"),
            format!("`roster[0].accountType` {ACCOUNT_TYPE_PROBLEM}")
        );
        assert_eq!(check_entry("a@x.io", "ADMIN"), Ok(()));
    }

    #[test]
    fn actions_check_uid_then_email_then_role() {
        let update = |uid: &str, email: &str, role: &str| Action::Update {
            uid: uid.into(),
            email: email.into(),
            from: "ANALYST".into(),
            account_type: role.into(),
        };
        let disable = |uid: &str, email: &str| Action::Disable {
            uid: uid.into(),
            email: email.into(),
            from: "ANALYST".into(),
        };
        let field = |a: &Action| check_action(a).map_err(|f| f.field);
        assert_eq!(field(&update("u", "a@x.io", "ADMIN")), Ok(()));
        assert_eq!(field(&update("u 1", "bad", "bad")), Err(Field::Uid));
        assert_eq!(field(&update("", "a@x.io", "ADMIN")), Err(Field::Uid));
        assert_eq!(field(&update("u", "bad", "bad")), Err(Field::Email));
        assert_eq!(
            field(&update("u", "a@x.io", "bad")),
            Err(Field::AccountType)
        );
        assert_eq!(field(&disable("u", "a@x.io")), Ok(()));
        assert_eq!(field(&disable("u\t", "bad")), Err(Field::Uid));
        assert_eq!(field(&disable("u", "bad")), Err(Field::Email));
        let invite = Action::Invite {
            email: "a@x.io".into(),
            account_type: "bad".into(),
            reason: super::super::plan::Reason::New,
        };
        assert_eq!(field(&invite), Err(Field::AccountType));
    }
}
