//! The one check of an entry: the email, uid and role rules of the single-call methods,
//! applied alike to roster rows, `planSync`'s roster, the actions of a plan given back to
//! `applySync` and `inviteUsers`' entries; and the rule that keeps each email of a roster
//! once.

use super::plan::Action;
use super::{RosterEntry, RosterProblem};
use crate::core::error::Problem;
use crate::core::validate::{
    account_type_rule, email_key, email_rule, uid_rule, ACCOUNT_TYPE_PROBLEM,
};

/// A roster row's problem sentence: "the email must contain exactly one @".
pub fn in_row(problem: &Problem) -> String {
    format!("the {} {}", problem.at, problem.rule)
}

fn role_rule(role: &str) -> Result<(), Problem> {
    if account_type_rule(role) {
        Ok(())
    } else {
        Err(Problem::new(ACCOUNT_TYPE_PROBLEM))
    }
}

/// Checks one field (`key` as JS spells it) by `rule`; an empty value is missing.
fn check(key: &str, value: &str, rule: fn(&str) -> Result<(), Problem>) -> Result<(), Problem> {
    if value.is_empty() {
        return Err(Problem::at(key, "is missing"));
    }
    rule(value).map_err(|problem| problem.within(key))
}

/// Checks an email and a role (an invite, a roster row): the email first.
pub fn check_entry(email: &str, account_type: &str) -> Result<(), Problem> {
    check("email", email, email_rule)?;
    check("accountType", account_type, role_rule)
}

/// Checks every field of an action of a plan: the uid, the email, the role.
pub fn check_action(action: &Action) -> Result<(), Problem> {
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
            check("uid", uid, uid_rule)?;
            check_entry(email, account_type)
        }
        Action::Disable { uid, email, .. } => {
            check("uid", uid, uid_rule)?;
            check("email", email, email_rule)
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
            problems.push(problem(line, &email, in_row(&flaw)));
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
        assert_eq!(flaw.at, "email");
        assert_eq!(in_row(&flaw), "the email must contain exactly one @");
        assert_eq!(
            flaw.within("invites[3]").to_string(),
            "`invites[3].email` must contain exactly one @"
        );
        assert_eq!(
            in_row(&check_entry("", "").unwrap_err()),
            "the email is missing"
        );
        assert_eq!(
            in_row(&check_entry("a@x.io", "").unwrap_err()),
            "the accountType is missing"
        );
        assert_eq!(
            check_entry("a@x.io", "admin")
                .unwrap_err()
                .within("roster[0]")
                .to_string(),
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
        let field = |a: &Action| check_action(a).map_err(|p| p.at);
        assert_eq!(field(&update("u", "a@x.io", "ADMIN")), Ok(()));
        assert_eq!(field(&update("u 1", "bad", "bad")), Err("uid".to_string()));
        assert_eq!(
            field(&update("", "a@x.io", "ADMIN")),
            Err("uid".to_string())
        );
        assert_eq!(field(&update("u", "bad", "bad")), Err("email".to_string()));
        assert_eq!(
            field(&update("u", "a@x.io", "bad")),
            Err("accountType".to_string())
        );
        assert_eq!(field(&disable("u", "a@x.io")), Ok(()));
        assert_eq!(field(&disable("u\t", "bad")), Err("uid".to_string()));
        assert_eq!(field(&disable("u", "bad")), Err("email".to_string()));
        let invite = Action::Invite {
            email: "a@x.io".into(),
            account_type: "bad".into(),
            reason: super::super::plan::Reason::New,
        };
        assert_eq!(field(&invite), Err("accountType".to_string()));
    }
}
