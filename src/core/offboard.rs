//! Offboarding: people out of a chosen set of workspaces. Per workspace, a plan that
//! disables each of them who is active there (applied like any plan, so the last-ADMIN
//! guard holds per workspace and a re-run skips what is done), and what the API cannot do:
//! a pending invitation cannot be revoked through it.

use serde::{Deserialize, Deserializer, Serialize};

use crate::core::error::Problem;
use crate::core::object::{options_object, read_lenient, Item, Readable};
use crate::core::roster::args::{check_plan, PlanArg};
use crate::core::roster::plan::{admins_after, Action, Plan};
use crate::core::roster::ADMIN;
use crate::core::validate::{email_rule, same_email};
use crate::core::workspaces::{Listed, PlanWorkspace, WorkspaceInfo};

/// An invitation of someone offboarded: the API has no call that revokes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingInvite {
    /// Where.
    pub workspace: WorkspaceInfo,
    /// Who.
    pub email: String,
    /// The role it would grant.
    pub account_type: String,
    /// `ACTIVE`, `SENT`, `EXPIRED`…
    pub invite_status: String,
}

/// A disable that will be refused: the person is the workspace's last active ADMIN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LastAdmin {
    /// Where.
    pub workspace: WorkspaceInfo,
    /// Who.
    pub email: String,
}

/// What `planOffboard` resolves with (`OffboardPlan`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OffboardPlan {
    /// The emails asked for, trimmed.
    pub emails: Vec<String>,
    /// The workspaces looked at, in listing order.
    pub workspaces: Vec<WorkspaceInfo>,
    /// One plan per workspace where someone is to be disabled, each with its workspace.
    pub plans: Vec<Plan>,
    /// Invitations the API cannot revoke: to withdraw in Paradime's settings.
    pub pending_invites: Vec<PendingInvite>,
    /// Disables that applying will refuse: the person is the last active ADMIN there.
    pub last_admin: Vec<LastAdmin>,
    /// Emails neither active nor invited in any workspace looked at.
    pub not_found: Vec<String>,
}

/// The offboarding of `emails` (valid, trimmed) from the workspaces `listed`.
pub fn plan_offboard(emails: &[String], listed: &[Listed]) -> OffboardPlan {
    let wanted = |email: &str| emails.iter().any(|e| same_email(e, email));
    let mut out = OffboardPlan {
        emails: emails.to_vec(),
        workspaces: listed.iter().map(|l| l.workspace.clone()).collect(),
        ..OffboardPlan::default()
    };
    let mut found: Vec<String> = Vec::new();
    for Listed { workspace, users } in listed {
        let actions: Vec<Action> = users
            .active_users
            .iter()
            .filter(|u| wanted(&u.email))
            .map(|u| Action::Disable {
                uid: u.uid.clone(),
                email: u.email.clone(),
                from: u.account_type.clone(),
            })
            .collect();
        for invite in users.invited_users.iter().filter(|u| wanted(&u.email)) {
            found.push(invite.email.clone());
            out.pending_invites.push(PendingInvite {
                workspace: workspace.clone(),
                email: invite.email.clone(),
                account_type: invite.account_type.clone(),
                invite_status: invite.invite_status.clone(),
            });
        }
        if actions.is_empty() {
            continue;
        }
        // The plan's ADMIN rule, as applySync will hold it: admins disabled in plan order
        // while another stays.
        let mut admins = admins_after(users, &[]);
        for action in &actions {
            if let Action::Disable { email, from, .. } = action {
                found.push(email.clone());
                if from == ADMIN {
                    if admins <= 1 {
                        out.last_admin.push(LastAdmin {
                            workspace: workspace.clone(),
                            email: email.clone(),
                        });
                    } else {
                        admins -= 1;
                    }
                }
            }
        }
        out.plans.push(Plan {
            actions,
            unchanged: 0,
            problems: Vec::new(),
            workspace: Some(PlanWorkspace {
                uid: workspace.uid.clone(),
                name: Some(workspace.name.clone()),
            }),
        });
    }
    out.not_found = emails
        .iter()
        .filter(|e| !found.iter().any(|f| same_email(f, e)))
        .cloned()
        .collect();
    out
}

/// Reads `planOffboard`'s `emails`: a non-empty array of valid emails, trimmed. `Err` names
/// the first bad item (never its value).
pub fn read_emails<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, Problem> {
    let list = Vec::<Readable<String>>::deserialize(deserializer)
        .map_err(|_| Problem::at("emails", "must be an array of emails"))?;
    if list.is_empty() {
        return Err(Problem::at("emails", "must name at least one person"));
    }
    list.into_iter()
        .enumerate()
        .map(|(index, Readable(email))| {
            let at = format!("emails[{index}]");
            let email = email.ok_or_else(|| Problem::at(&at, "must be a string"))?;
            let email = email.trim().to_string();
            email_rule(&email).map_err(|problem| problem.within(&at))?;
            Ok(email)
        })
        .collect()
}

options_object! {
    /// An `OffboardPlan` as `applyOffboard` takes it back: its plans, each read on its own.
    pub struct OffboardArg<> {
        /// One plan per workspace.
        plans: Vec<Item<PlanArg>> = "plans" => "must be an array of plans",
    }
}

/// Reads `applyOffboard`'s `plan`: each of its plans checked as `applySync` checks a plan,
/// and each naming its workspace. `Err` names the first problem; then nothing may be sent.
pub fn read_offboard_arg<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<(Vec<Action>, PlanWorkspace)>, Problem> {
    let not_plan = || {
        Problem::at(
            "plan",
            "must be an OffboardPlan from planOffboard ({ plans, … })",
        )
    };
    let arg: OffboardArg = read_lenient(deserializer).ok_or_else(not_plan)?;
    let mut plans = Vec::new();
    for (index, Item(plan)) in arg.plans.ok_or_else(not_plan)?.into_iter().enumerate() {
        let at = format!("plan.plans[{index}]");
        let not_sync_plan = || Problem::at(&at, "must be a SyncPlan ({ actions, workspace, … })");
        let plan = plan.ok_or_else(not_sync_plan)?;
        let (actions, workspace) = check_plan(plan, &at).ok_or_else(not_sync_plan)??;
        let workspace = workspace.ok_or_else(|| {
            Problem::at(
                "workspace",
                "is missing: each plan of an offboarding names its workspace",
            )
            .within(&at)
        })?;
        plans.push((actions, workspace));
    }
    Ok(plans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{ActiveUser, InvitedUser, UserList};

    fn listed(uid: &str, active: &[(&str, &str, &str)], invited: &[(&str, &str)]) -> Listed {
        Listed {
            workspace: WorkspaceInfo {
                uid: uid.into(),
                name: format!("WS {uid}"),
            },
            users: UserList {
                active_users: active
                    .iter()
                    .map(|(uid, email, role)| ActiveUser {
                        uid: (*uid).into(),
                        email: (*email).into(),
                        name: None,
                        account_type: (*role).into(),
                    })
                    .collect(),
                invited_users: invited
                    .iter()
                    .map(|(email, status)| InvitedUser {
                        email: (*email).into(),
                        account_type: "ANALYST".into(),
                        invite_status: (*status).into(),
                    })
                    .collect(),
            },
        }
    }

    #[test]
    fn disables_where_active_reports_invites_last_admins_and_strangers() {
        let emails = vec![
            "Leaver@acme.io".to_string(),
            "boss@acme.io".into(),
            "ghost@acme.io".into(),
        ];
        let plan = plan_offboard(
            &emails,
            &[
                listed(
                    "a",
                    &[
                        ("u1", "leaver@acme.io", "DEVELOPER"),
                        ("u2", "boss@acme.io", "ADMIN"),
                        ("u3", "other@acme.io", "ADMIN"),
                    ],
                    &[],
                ),
                listed(
                    "b",
                    &[("u2", "boss@acme.io", "ADMIN")],
                    &[("leaver@acme.io", "SENT")],
                ),
                listed("c", &[("u3", "other@acme.io", "ADMIN")], &[]),
            ],
        );
        assert_eq!(plan.workspaces.len(), 3);
        assert_eq!(plan.plans.len(), 2, "nothing to do in c");
        assert_eq!(
            plan.plans[0].workspace.as_ref().map(|w| w.uid.as_str()),
            Some("a")
        );
        assert_eq!(plan.plans[0].actions.len(), 2);
        assert_eq!(
            plan.plans[1]
                .workspace
                .as_ref()
                .and_then(|w| w.name.as_deref()),
            Some("WS b")
        );
        assert_eq!(plan.pending_invites.len(), 1);
        assert_eq!(plan.pending_invites[0].workspace.uid, "b");
        // boss is the last ADMIN of b, not of a (other stays ADMIN there).
        assert_eq!(
            plan.last_admin,
            [LastAdmin {
                workspace: plan.workspaces[1].clone(),
                email: "boss@acme.io".into()
            }]
        );
        assert_eq!(plan.not_found, ["ghost@acme.io"]);
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(
            json["plans"][0]["workspace"],
            serde_json::json!({"uid": "a", "name": "WS a"})
        );
        assert_eq!(
            json["plans"][0]["actions"][0],
            serde_json::json!({"action": "disable", "uid": "u1", "email": "leaver@acme.io", "from": "DEVELOPER"})
        );
        assert!(json["pendingInvites"][0]["inviteStatus"] == "SENT");
    }

    #[test]
    fn emails_and_plans_come_back_checked() {
        assert_eq!(
            read_emails(serde_json::json!([" a@x.io ", "B@x.io"])),
            Ok(vec!["a@x.io".into(), "B@x.io".into()])
        );
        for (arg, message) in [
            (
                serde_json::json!([]),
                "`emails` must name at least one person",
            ),
            (
                serde_json::json!("a@x.io"),
                "`emails` must be an array of emails",
            ),
            (
                serde_json::json!(["a@x.io", 7]),
                "`emails[1]` must be a string",
            ),
            (
                serde_json::json!(["a@x.io", "nope"]),
                "`emails[1]` must contain exactly one @",
            ),
        ] {
            let e = read_emails(arg.clone()).unwrap_err().to_string();
            assert!(e.starts_with(message), "{arg}: {e}");
        }
        let made = plan_offboard(
            &["a@x.io".to_string()],
            &[listed("w", &[("u1", "a@x.io", "DEVELOPER")], &[])],
        );
        let back = read_offboard_arg(serde_json::to_value(&made).unwrap()).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].1.uid, "w");
        assert_eq!(back[0].0, made.plans[0].actions);
        for (arg, message) in [
            (
                serde_json::json!({"plans": [{"actions": []}]}),
                "`plan.plans[0].workspace` is missing",
            ),
            (
                serde_json::json!({"plans": [7]}),
                "`plan.plans[0]` must be a SyncPlan",
            ),
            (
                serde_json::json!({"plans": [{"workspace": {"uid": "w", "name": "W"}, "actions": [{"action": "disable", "uid": "u 1", "email": "a@x.io", "from": "ADMIN"}]}]}),
                "`plan.plans[0].actions[0].uid` must not contain whitespace",
            ),
            (serde_json::json!({}), "`plan` must be an OffboardPlan"),
        ] {
            let e = read_offboard_arg(arg.clone()).unwrap_err().to_string();
            assert!(e.starts_with(message), "{arg}: {e}");
        }
    }

    #[test]
    fn a_rerun_after_everything_was_done_has_nothing_to_do() {
        let emails = vec!["leaver@acme.io".to_string()];
        let plan = plan_offboard(
            &emails,
            &[listed("a", &[("u3", "other@acme.io", "ADMIN")], &[])],
        );
        assert!(plan.plans.is_empty());
        assert_eq!(plan.not_found, ["leaver@acme.io"]);
    }
}
