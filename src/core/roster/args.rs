//! The JS arguments of roster sync, read through serde: `planSync`'s roster, `applySync`'s
//! plan (as `planSync` made it, or after a JSON round trip) and `inviteUsers`' entries. A
//! wrong type names the item, never its value; each entry gets [`check_entry`]'s rules.

use serde::{Deserialize, Deserializer};

use super::entry::{check_action, check_entry, dedupe};
use super::plan::Action;
use super::{RosterEntry, RosterProblem};
use crate::core::error::Problem;
use crate::core::object::{options_object, read_lenient, Item, Readable};
use crate::core::workspaces::{check_uid, PlanWorkspace};

const STRING: &str = "must be a string";

options_object! {
    /// One object of the `roster` argument of `planSync` or of `inviteUsers`' entries, read
    /// leniently: other keys are skipped, a value that is not a string is left `None`.
    pub struct RosterItem<> {
        /// The email.
        email: String = "email" => STRING,
        /// The role.
        account_type: String = "accountType" => STRING,
    }
}

/// An array of `T`, each item read on its own; `None` when the value is not an array.
fn items<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Option<Vec<T>> {
    Vec::<T>::deserialize(deserializer).ok()
}

/// Reads the `roster` argument of `planSync`: an array of objects with string `email` and
/// `accountType` (other keys ignored). A wrong type is an `Err` naming the first bad item
/// (never its value); an entry that breaks the email or role rules, or repeats an email with
/// another role, is left out as a problem (`line: null`).
pub fn read_roster_arg<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<(Vec<RosterEntry>, Vec<RosterProblem>), Problem> {
    let list: Vec<Item<RosterItem>> = items(deserializer)
        .ok_or_else(|| Problem::at("roster", "must be an array of { email, accountType }"))?;
    let mut rows = Vec::with_capacity(list.len());
    for (index, Item(item)) in list.into_iter().enumerate() {
        let at = format!("roster[{index}]");
        let item =
            item.ok_or_else(|| Problem::at(&at, "must be an object { email, accountType }"))?;
        match (item.email, item.account_type) {
            (Some(email), Some(role)) => rows.push((None, email, role)),
            (None, _) => return Err(Problem::at("email", STRING).within(&at)),
            (_, None) => return Err(Problem::at("accountType", STRING).within(&at)),
        }
    }
    Ok(dedupe(rows.into_iter()))
}

options_object! {
    /// A `SyncPlan` as `applySync` takes it back: its actions, each read on its own, and the
    /// workspace it was made for (the counts and problems are for people and not needed).
    pub struct PlanArg<> {
        /// The actions, in plan order.
        actions: Vec<Readable<Action>> = "actions" => "must be an array of actions",
        /// The workspace it was made for; `null` or absent in plans that do not know it.
        workspace: Readable<PlanWorkspace> = "workspace" => "must be { uid, name } or null",
    }
}

/// A plan as `applySync` runs it: its checked actions and the workspace it was made for.
pub type CheckedPlan = (Vec<Action>, Option<PlanWorkspace>);

/// Reads the `plan` argument of `applySync`: a `SyncPlan`, as `planSync` made it or after a
/// trip through `JSON.stringify`/`JSON.parse`. Every action is checked first; `Err` names
/// the first malformed one (never a value), and then nothing may be sent.
pub fn read_plan_arg<'de, D: Deserializer<'de>>(deserializer: D) -> Result<CheckedPlan, Problem> {
    let not_plan = || {
        Problem::at(
            "plan",
            "must be a SyncPlan from planSync ({ actions, unchanged, problems })",
        )
    };
    let plan: PlanArg = read_lenient(deserializer).ok_or_else(not_plan)?;
    check_plan(plan, "plan").ok_or_else(not_plan)?
}

/// Checks a plan read as [`PlanArg`] (`at` names it in messages: `plan`, `plan.plans[2]`):
/// `None` when it has no actions array; `Err` names the first malformed action or a
/// malformed workspace.
pub fn check_plan(plan: PlanArg, at: &str) -> Option<Result<CheckedPlan, Problem>> {
    let workspace = match plan.workspace {
        None => None,
        Some(Readable(Some(workspace))) if check_uid(&workspace.uid).is_ok() => Some(workspace),
        Some(_) => {
            return Some(Err(Problem::at(
                format!("{at}.workspace"),
                "must be { uid, name } or null (as planSync made it)",
            )))
        }
    };
    let mut actions = Vec::new();
    for (index, Readable(action)) in plan.actions?.into_iter().enumerate() {
        let at = format!("{at}.actions[{index}]");
        let Some(action) = action else {
            return Some(Err(Problem::at(
                at,
                "must be an action: { action: \"invite\", email, accountType, reason }, { action: \"update\", uid, email, from, accountType } or { action: \"disable\", uid, email, from }",
            )));
        };
        if let Err(problem) = check_action(&action) {
            return Some(Err(problem.within(&at)));
        }
        actions.push(action);
    }
    Some(Ok((actions, workspace)))
}

/// One entry of `inviteUsers`' argument: usable, or (as far as it could be read) why not.
pub type InviteEntry = Result<RosterEntry, (RosterEntry, Problem)>;

/// The entries of `inviteUsers`' argument: each usable one, or why it is not (an entry that
/// is not `{ email, accountType }` with valid values).
pub fn read_invites<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<InviteEntry>, Problem> {
    let list: Vec<Item<RosterItem>> = items(deserializer)
        .ok_or_else(|| Problem::at("invites", "must be an array of { email, accountType }"))?;
    Ok(list
        .into_iter()
        .enumerate()
        .map(|(index, Item(item))| {
            let item = item.unwrap_or_default();
            let email = item.email.as_deref().map(str::trim);
            let role = item.account_type.as_deref().map(str::trim);
            let entry = RosterEntry {
                email: email.unwrap_or_default().to_string(),
                account_type: role.unwrap_or_default().to_string(),
                workspace: None,
            };
            let at = format!("invites[{index}]");
            let problem = match (email, role) {
                (None, _) => Some(Problem::at("email", STRING)),
                (_, None) => Some(Problem::at("accountType", STRING)),
                (Some(e), Some(r)) => check_entry(e, r).err(),
            };
            match problem {
                Some(problem) => Err((entry, problem.within(&at))),
                None => Ok(entry),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roster_argument_is_typed_strictly_and_checked_like_rows() {
        let text = r#"[{"email":"a@x.io","accountType":"ADMIN","name":"A"},{"email":"bad","accountType":"ADMIN"},{"email":"A@X.io","accountType":"ANALYST"},{"email":"c@x.io","accountType":"admin"}]"#;
        let (entries, problems) =
            read_roster_arg(&mut serde_json::Deserializer::from_str(text)).unwrap();
        assert!(entries.is_empty());
        let messages: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (None, "the email must contain exactly one @"),
                (None, "the email is also given earlier with another accountType: all its rows are left out"),
                (None, "the accountType must be an account type such as \"ADMIN\" or \"DEVELOPER\" (upper-case letters, digits and _)"),
            ]
        );
        for (text, message) in [
            (
                "null",
                "`roster` must be an array of { email, accountType }",
            ),
            ("{}", "`roster` must be an array of { email, accountType }"),
            (
                "[1]",
                "`roster[0]` must be an object { email, accountType }",
            ),
            (
                r#"[{"email":"a@x.io","accountType":"ADMIN"},{"accountType":"ADMIN"}]"#,
                "`roster[1].email` must be a string",
            ),
            (
                r#"[{"email":"a@x.io","accountType":7}]"#,
                "`roster[0].accountType` must be a string",
            ),
        ] {
            let arg = serde_json::from_str::<serde_json::Value>(text).unwrap();
            assert_eq!(read_roster_arg(arg).unwrap_err().to_string(), message);
        }
        assert_eq!(read_roster_arg(serde_json::json!([])), Ok((vec![], vec![])));
    }

    #[test]
    fn plans_come_back_checked() {
        let plan = serde_json::json!({"actions": [
            {"action": "invite", "email": "a@x.io", "accountType": "ADMIN", "reason": "new"},
            {"action": "update", "uid": "u1", "email": "b@x.io", "from": "ADMIN", "accountType": "ANALYST"},
            {"action": "disable", "uid": "u2", "email": "c@x.io", "from": "DEVELOPER"}
        ], "unchanged": 3, "problems": []});
        let (actions, workspace) = read_plan_arg(plan).unwrap();
        assert_eq!(actions.len(), 3);
        assert_eq!(workspace, None);
        assert_eq!(
            serde_json::to_value(&actions[1]).unwrap(),
            serde_json::json!({"action": "update", "uid": "u1", "email": "b@x.io", "from": "ADMIN", "accountType": "ANALYST"})
        );
        for (plan, message) in [
            (serde_json::json!(null), "`plan` must be a SyncPlan"),
            (
                serde_json::json!({"actions": 3}),
                "`plan` must be a SyncPlan",
            ),
            (
                serde_json::json!({"actions": [{"action": "delete", "uid": "u"}]}),
                "`plan.actions[0]` must be an action",
            ),
            (
                serde_json::json!({"actions": [{"action": "invite", "email": "a@x.io"}]}),
                "`plan.actions[0]` must be an action",
            ),
            (
                serde_json::json!({"actions": [{"action": "invite", "email": "a@x.io", "accountType": "ADMIN", "reason": "new"}, {"action": "invite", "email": "nope", "accountType": "ADMIN", "reason": "new"}]}),
                "`plan.actions[1].email` must contain exactly one @",
            ),
            (
                serde_json::json!({"actions": [{"action": "disable", "uid": "u 1", "email": "a@x.io", "from": "ADMIN"}]}),
                "`plan.actions[0].uid` must not contain whitespace",
            ),
            (
                serde_json::json!({"actions": [{"action": "update", "uid": "u", "email": "a@x.io", "from": "ADMIN", "accountType": "admin"}]}),
                "`plan.actions[0].accountType` must be an account type",
            ),
            (
                serde_json::json!({"actions": [], "workspace": "ws-a"}),
                "`plan.workspace` must be { uid, name } or null",
            ),
            (
                serde_json::json!({"actions": [], "workspace": {"uid": "w a", "name": "A"}}),
                "`plan.workspace` must be { uid, name } or null",
            ),
        ] {
            let e = read_plan_arg(plan.clone()).unwrap_err().to_string();
            assert!(e.starts_with(message), "{plan}: {e}");
        }
    }

    #[test]
    fn a_plan_brings_back_its_workspace() {
        let plan = serde_json::json!({"actions": [], "unchanged": 0, "problems": [], "workspace": {"uid": "ws-a", "name": "A"}});
        let (_, workspace) = read_plan_arg(plan).unwrap();
        assert_eq!(
            workspace,
            Some(PlanWorkspace {
                uid: "ws-a".into(),
                name: Some("A".into())
            })
        );
        let plan = serde_json::json!({"actions": [], "workspace": {"uid": "ws-a", "name": null}});
        assert_eq!(read_plan_arg(plan).unwrap().1.map(|w| w.name), Some(None));
        let plan = serde_json::json!({"actions": [], "workspace": null});
        assert_eq!(read_plan_arg(plan).unwrap().1, None);
    }

    #[test]
    fn invites_keep_the_bad_entries_as_problems() {
        let items = read_invites(serde_json::json!([
            {"email": " a@x.io ", "accountType": "ADMIN"},
            {"email": "nope", "accountType": "ADMIN"},
            {"accountType": "ADMIN"},
            7,
            {"email": "b@x.io", "accountType": "dev"}
        ]))
        .unwrap();
        assert_eq!(items[0].as_ref().unwrap().email, "a@x.io");
        let problems: Vec<_> = items
            .iter()
            .filter_map(|i| i.as_ref().err())
            .map(|(_, p)| p.to_string())
            .collect();
        assert_eq!(problems.len(), 4);
        assert!(problems[0].starts_with("`invites[1].email` must contain"));
        assert_eq!(problems[1], "`invites[2].email` must be a string");
        assert_eq!(problems[2], "`invites[3].email` must be a string");
        assert!(problems[3].starts_with("`invites[4].accountType` must be"));
        assert!(read_invites(serde_json::json!({"email": "a@x.io"})).is_err());
    }
}
