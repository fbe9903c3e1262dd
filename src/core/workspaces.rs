//! The company's workspaces: what `listWorkspaces` answers, how a workspace is named by a
//! caller (uid, or name without case), and the rule that a plan is applied only in the
//! workspace it was made for.

use serde::{Deserialize, Serialize};

use crate::core::error::Problem;
use crate::core::model::UserList;
use crate::core::validate::{same_ignoring_case, uid_rule};

/// A workspace of the company (`Workspace`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceInfo {
    /// Its uid: what `X-Paradime-Workspace` and `withWorkspace` take.
    pub uid: String,
    /// Its name, as people know it.
    pub name: String,
}

/// The workspace a plan was made for: its uid, and its name when the client knew it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanWorkspace {
    /// The uid.
    pub uid: String,
    /// The name, when known.
    #[serde(default)]
    pub name: Option<String>,
}

/// One workspace as it was listed: the workspace and everyone in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The workspace.
    pub workspace: WorkspaceInfo,
    /// Its users.
    pub users: UserList,
}

/// The workspaces `wanted` names (each a uid, or a name compared without case), in the
/// order `known` lists them, each once; `None` wanted means all of them. `Err` names the
/// first one that is not a workspace of `known`.
pub fn choose(
    known: &[WorkspaceInfo],
    wanted: Option<&[String]>,
) -> Result<Vec<WorkspaceInfo>, Problem> {
    let Some(wanted) = wanted else {
        return Ok(known.to_vec());
    };
    let mut chosen: Vec<&WorkspaceInfo> = Vec::new();
    for name in wanted {
        let name = name.trim();
        let found = known
            .iter()
            .find(|w| w.uid == name)
            .or_else(|| {
                known
                    .iter()
                    .find(|w| same_ignoring_case(w.name.trim(), name))
            })
            .ok_or_else(|| {
                let list: Vec<&str> = known.iter().map(|w| w.uid.as_str()).collect();
                Problem::new(format!(
                    "no workspace has the uid or name \"{name}\" (these credentials reach: {})",
                    list.join(", ")
                ))
            })?;
        if !chosen.iter().any(|w| w.uid == found.uid) {
            chosen.push(found);
        }
    }
    Ok(known
        .iter()
        .filter(|w| chosen.iter().any(|c| c.uid == w.uid))
        .cloned()
        .collect())
}

/// The rule of `withWorkspace`'s argument: a uid.
pub fn check_uid(uid: &str) -> Result<(), Problem> {
    uid_rule(uid)
}

/// Whether a plan made for `plan` may be applied by a client for `client` (its
/// `workspaceUid`, when it has one). A plan without a workspace (made before plans knew
/// theirs) applies anywhere; a plan with one needs a client for that very workspace.
pub fn check_plan_workspace(
    plan: Option<&PlanWorkspace>,
    client: Option<&str>,
) -> Result<(), Problem> {
    let Some(plan) = plan else { return Ok(()) };
    let made_for = match &plan.name {
        Some(name) => format!("workspace \"{name}\" ({})", plan.uid),
        None => format!("workspace {}", plan.uid),
    };
    match client {
        Some(uid) if uid == plan.uid => Ok(()),
        Some(uid) => Err(Problem::new(format!(
            "this plan was made for {made_for}, and this client is for workspace {uid}: nothing was sent; apply it with client.withWorkspace(\"{}\")",
            plan.uid
        ))),
        None => Err(Problem::new(format!(
            "this plan was made for {made_for}, and this client names no workspace (its credentials' own): nothing was sent; apply it with client.withWorkspace(\"{}\")",
            plan.uid
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(uid: &str, name: &str) -> WorkspaceInfo {
        WorkspaceInfo {
            uid: uid.into(),
            name: name.into(),
        }
    }

    #[test]
    fn workspaces_are_chosen_by_uid_or_name_in_listing_order_once() {
        let known = [
            ws("acme", "Acme"),
            ws("ws-1", "Acme Sandbox"),
            ws("ws-2", "Data Team"),
        ];
        assert_eq!(choose(&known, None).unwrap().len(), 3);
        let picked = choose(
            &known,
            Some(&["data team".into(), "acme".into(), "ws-2".into()]),
        )
        .unwrap();
        assert_eq!(picked, [ws("acme", "Acme"), ws("ws-2", "Data Team")]);
        let e = choose(&known, Some(&["nope".into()]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "no workspace has the uid or name \"nope\" (these credentials reach: acme, ws-1, ws-2)"
        );
    }

    #[test]
    fn a_plan_applies_only_where_it_was_made() {
        let plan = PlanWorkspace {
            uid: "ws-a".into(),
            name: Some("Production".into()),
        };
        assert_eq!(check_plan_workspace(Some(&plan), Some("ws-a")), Ok(()));
        assert_eq!(check_plan_workspace(None, Some("ws-b")), Ok(()));
        assert_eq!(check_plan_workspace(None, None), Ok(()));
        let e = check_plan_workspace(Some(&plan), Some("ws-b"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("this plan was made for workspace \"Production\" (ws-a), and this client is for workspace ws-b"), "{e}");
        let unnamed = PlanWorkspace {
            uid: "ws-a".into(),
            name: None,
        };
        let e = check_plan_workspace(Some(&unnamed), None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("workspace ws-a") && e.contains("names no workspace"),
            "{e}"
        );
    }
}
