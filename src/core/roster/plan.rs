//! The plan: the workspace as one `listUsers` saw it, the actions that make it equal to a
//! roster (`planSync`), and whether an action is already true (`applySync` skips it).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use crate::core::workspaces::PlanWorkspace;

use super::{RosterEntry, RosterProblem};
use crate::core::error::Problem;
use crate::core::model::UserList;
use crate::core::object::{options_object, read_lenient};
use crate::core::validate::email_key;

/// The workspace as one `listUsers` saw it: the model's `UserList` (its active users and
/// invitations), under the name the plan reads best with.
pub type Workspace = UserList;

/// Why an invite is in a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// Not in the workspace at all.
    New,
    /// Invited, but the invitation expired.
    Expired,
    /// Invited with another role.
    Role,
}

/// One step of a plan (`SyncAction`). Written by serde's derive; read back through
/// [`ActionFields`] (one flat object), which spares the wasm serde's buffering of an
/// internally tagged enum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "action",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
pub enum Action {
    /// `inviteUser(email, accountType)`.
    Invite {
        /// Who.
        email: String,
        /// With which role.
        account_type: String,
        /// Why.
        reason: Reason,
    },
    /// `updateUserAccountType(uid, accountType)`.
    Update {
        /// Whose role.
        uid: String,
        /// Their email (for people reading the plan).
        email: String,
        /// The role they have.
        from: String,
        /// The role they get.
        account_type: String,
    },
    /// `disableUser(uid)`.
    Disable {
        /// Who.
        uid: String,
        /// Their email (for people reading the plan).
        email: String,
        /// The role they have.
        from: String,
    },
}

options_object! {
    /// A `SyncAction` as an object of optional fields, read leniently (other keys skipped):
    /// which of them an action needs depends on its `action`.
    pub struct ActionFields<> {
        /// `"invite"`, `"update"` or `"disable"`.
        action: String = "action" => "must be \"invite\", \"update\" or \"disable\"",
        /// The user's uid (update, disable).
        uid: String = "uid" => "must be a string",
        /// The email.
        email: String = "email" => "must be a string",
        /// The role they have (update, disable).
        from: String = "from" => "must be a string",
        /// The role they get (invite, update).
        account_type: String = "accountType" => "must be a string",
        /// Why (invite).
        reason: Reason = "reason" => "must be \"new\", \"expired\" or \"role\"",
    }
}

impl ActionFields {
    /// The action these fields make, when its kind has every field it needs.
    pub fn action(self) -> Option<Action> {
        Some(match self.action.as_deref()? {
            "invite" => Action::Invite {
                email: self.email?,
                account_type: self.account_type?,
                reason: self.reason?,
            },
            "update" => Action::Update {
                uid: self.uid?,
                email: self.email?,
                from: self.from?,
                account_type: self.account_type?,
            },
            "disable" => Action::Disable {
                uid: self.uid?,
                email: self.email?,
                from: self.from?,
            },
            _ => return None,
        })
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_lenient::<ActionFields, _>(deserializer)
            .and_then(ActionFields::action)
            .ok_or_else(|| D::Error::custom("not a SyncAction"))
    }
}

/// The role that may not run out.
pub const ADMIN: &str = "ADMIN";

/// What `planSync` resolves with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// Invites, updates to ADMIN, other updates, disables.
    pub actions: Vec<Action>,
    /// Roster entries that are already true.
    pub unchanged: u32,
    /// Roster rows left out.
    pub problems: Vec<RosterProblem>,
    /// The workspace it was made for, when the client named one (`null` otherwise).
    pub workspace: Option<PlanWorkspace>,
}

/// What the plan is told besides the roster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanSettings {
    /// Disable active users who are not in the roster.
    pub disable_missing: bool,
    /// Emails never updated or disabled.
    pub keep: Vec<String>,
}

/// Why a roster cannot be planned: it would leave the workspace without an active ADMIN.
pub const LAST_ADMIN: &str =
    "the roster would leave no active ADMIN (by update or disable); keep at least one ADMIN in the roster or in `keep`";

/// Active ADMINs after `actions`, counted from `workspace`.
pub fn admins_after(workspace: &Workspace, actions: &[Action]) -> usize {
    let mut admins: Vec<&str> = workspace
        .active_users
        .iter()
        .filter(|m| m.account_type == ADMIN)
        .map(|m| m.uid.as_str())
        .collect();
    for action in actions {
        match action {
            Action::Update {
                uid, account_type, ..
            } => {
                admins.retain(|a| a != uid);
                if account_type == ADMIN {
                    admins.push(uid);
                }
            }
            Action::Disable { uid, .. } => admins.retain(|a| a != uid),
            Action::Invite { .. } => {}
        }
    }
    admins.len()
}

/// The plan that makes `workspace` equal to `roster` (see the contract's "Roster sync").
/// `Err` when it would remove the last active ADMIN.
pub fn plan_sync(
    roster: &[RosterEntry],
    workspace: &Workspace,
    settings: &PlanSettings,
) -> Result<Plan, Problem> {
    let key = email_key;
    let active: Vec<String> = workspace
        .active_users
        .iter()
        .map(|m| key(&m.email))
        .collect();
    let invited: Vec<String> = workspace
        .invited_users
        .iter()
        .map(|i| key(&i.email))
        .collect();
    let keep: Vec<String> = settings.keep.iter().map(|e| key(e)).collect();
    let wanted: Vec<String> = roster.iter().map(|e| key(&e.email)).collect();
    let (mut invites, mut promotions, mut updates, mut disables) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut unchanged = 0;
    for (entry, k) in roster.iter().zip(&wanted) {
        let member = active
            .iter()
            .position(|a| a == k)
            .and_then(|i| workspace.active_users.get(i));
        let invite = invited
            .iter()
            .position(|a| a == k)
            .and_then(|i| workspace.invited_users.get(i));
        let invite_for = |reason| Action::Invite {
            email: entry.email.clone(),
            account_type: entry.account_type.clone(),
            reason,
        };
        match (member, invite) {
            (Some(m), _) if m.account_type != entry.account_type && !keep.contains(k) => {
                let update = Action::Update {
                    uid: m.uid.clone(),
                    email: m.email.clone(),
                    from: m.account_type.clone(),
                    account_type: entry.account_type.clone(),
                };
                if entry.account_type == ADMIN {
                    promotions.push(update);
                } else {
                    updates.push(update);
                }
            }
            (Some(_), _) => unchanged += 1,
            (None, Some(i)) if i.invite_status == "EXPIRED" => {
                invites.push(invite_for(Reason::Expired))
            }
            (None, Some(i)) if i.account_type != entry.account_type => {
                invites.push(invite_for(Reason::Role))
            }
            (None, Some(_)) => unchanged += 1,
            (None, None) => invites.push(invite_for(Reason::New)),
        }
    }
    if settings.disable_missing {
        for (m, k) in workspace.active_users.iter().zip(&active) {
            if !wanted.contains(k) && !keep.contains(k) {
                disables.push(Action::Disable {
                    uid: m.uid.clone(),
                    email: m.email.clone(),
                    from: m.account_type.clone(),
                });
            }
        }
    }
    let mut actions = invites;
    actions.append(&mut promotions);
    actions.append(&mut updates);
    actions.append(&mut disables);
    let before = admins_after(workspace, &[]);
    if before > 0 && admins_after(workspace, &actions) == 0 {
        return Err(Problem::new(LAST_ADMIN));
    }
    Ok(Plan {
        actions,
        unchanged,
        problems: Vec::new(),
        workspace: None,
    })
}

/// Whether `action` is already true in `workspace` (`applySync` skips it).
pub fn already_true(action: &Action, workspace: &Workspace) -> bool {
    match action {
        Action::Invite {
            email,
            account_type,
            ..
        } => {
            let k = email_key(email);
            workspace
                .active_users
                .iter()
                .any(|m| &m.account_type == account_type && email_key(&m.email) == k)
                || workspace.invited_users.iter().any(|i| {
                    &i.account_type == account_type
                        && i.invite_status != "EXPIRED"
                        && email_key(&i.email) == k
                })
        }
        Action::Update {
            uid, account_type, ..
        } => workspace
            .active_users
            .iter()
            .any(|m| &m.uid == uid && &m.account_type == account_type),
        Action::Disable { uid, .. } => !workspace.active_users.iter().any(|m| &m.uid == uid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{ActiveUser, InvitedUser};

    /// What serde writes of each action reads back as the same action; a kind without one of
    /// its fields, an unknown kind or reason, or a field of the wrong type does not read.
    #[test]
    fn actions_read_back_what_they_write() {
        let actions = [
            Action::Invite {
                email: "a@x.io".into(),
                account_type: "ADMIN".into(),
                reason: Reason::Expired,
            },
            Action::Update {
                uid: "u1".into(),
                email: "b@x.io".into(),
                from: "ADMIN".into(),
                account_type: "ANALYST".into(),
            },
            Action::Disable {
                uid: "u2".into(),
                email: "c@x.io".into(),
                from: "DEVELOPER".into(),
            },
        ];
        for action in actions {
            let mut json = serde_json::to_value(&action).unwrap();
            json["extra"] = serde_json::json!(1);
            assert_eq!(serde_json::from_value::<Action>(json).unwrap(), action);
        }
        for bad in [
            serde_json::json!({"action": "invite", "email": "a@x.io", "accountType": "ADMIN"}),
            serde_json::json!({"action": "invite", "email": "a@x.io", "accountType": "ADMIN", "reason": "old"}),
            serde_json::json!({"action": "update", "uid": "u", "email": "a@x.io", "accountType": "ADMIN"}),
            serde_json::json!({"action": "disable", "uid": 7, "email": "a@x.io", "from": "ADMIN"}),
            serde_json::json!({"action": "delete", "uid": "u", "email": "a@x.io", "from": "ADMIN"}),
            serde_json::json!({"uid": "u", "email": "a@x.io", "from": "ADMIN"}),
            serde_json::json!(["disable"]),
        ] {
            assert!(
                serde_json::from_value::<Action>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }

    fn member(uid: &str, email: &str, role: &str) -> ActiveUser {
        ActiveUser {
            name: None,
            uid: uid.into(),
            email: email.into(),
            account_type: role.into(),
        }
    }

    fn invite(email: &str, role: &str, status: &str) -> InvitedUser {
        InvitedUser {
            email: email.into(),
            account_type: role.into(),
            invite_status: status.into(),
        }
    }

    fn entry(email: &str, role: &str) -> RosterEntry {
        RosterEntry {
            email: email.into(),
            account_type: role.into(),
            workspace: None,
        }
    }

    #[test]
    fn plan_reasons_order_and_json() {
        let ws = Workspace {
            active_users: vec![
                member("u1", "Boss@x.io", "ADMIN"),
                member("u2", "dev@x.io", "DEVELOPER"),
                member("u3", "gone@x.io", "ANALYST"),
                member("u4", "kept@x.io", "ANALYST"),
            ],
            invited_users: vec![
                invite("old@x.io", "ANALYST", "EXPIRED"),
                invite("other@x.io", "ANALYST", "SENT"),
                invite("same@x.io", "ANALYST", "SENT"),
            ],
        };
        let roster = [
            entry("boss@x.io", "ADMIN"),
            entry("dev@x.io", "ADMIN"),
            entry("old@x.io", "ANALYST"),
            entry("other@x.io", "DEVELOPER"),
            entry("same@x.io", "ANALYST"),
            entry("new@x.io", "BUSINESS"),
        ];
        let settings = PlanSettings {
            disable_missing: true,
            keep: vec!["KEPT@x.io".into()],
        };
        let plan = plan_sync(&roster, &ws, &settings).unwrap();
        let v: serde_json::Value = serde_json::to_value(&plan).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "actions": [
                    {"action": "invite", "email": "old@x.io", "accountType": "ANALYST", "reason": "expired"},
                    {"action": "invite", "email": "other@x.io", "accountType": "DEVELOPER", "reason": "role"},
                    {"action": "invite", "email": "new@x.io", "accountType": "BUSINESS", "reason": "new"},
                    {"action": "update", "uid": "u2", "email": "dev@x.io", "from": "DEVELOPER", "accountType": "ADMIN"},
                    {"action": "disable", "uid": "u3", "email": "gone@x.io", "from": "ANALYST"}
                ],
                "unchanged": 2,
                "problems": [],
                "workspace": null
            })
        );
    }

    #[test]
    fn the_last_admin_cannot_go() {
        let ws = Workspace {
            active_users: vec![
                member("u1", "boss@x.io", "ADMIN"),
                member("u2", "dev@x.io", "DEVELOPER"),
            ],
            invited_users: vec![],
        };
        let demote = [entry("boss@x.io", "ANALYST")];
        assert_eq!(
            plan_sync(&demote, &ws, &PlanSettings::default()),
            Err(Problem::new(LAST_ADMIN))
        );
        let leave = PlanSettings {
            disable_missing: true,
            keep: vec![],
        };
        assert_eq!(
            plan_sync(&[entry("dev@x.io", "DEVELOPER")], &ws, &leave),
            Err(Problem::new(LAST_ADMIN))
        );
        // Promoting another first makes both fine.
        let swap = [entry("boss@x.io", "ANALYST"), entry("dev@x.io", "ADMIN")];
        let plan = plan_sync(&swap, &ws, &PlanSettings::default()).unwrap();
        assert!(
            matches!(&plan.actions[0], Action::Update { account_type, .. } if account_type == ADMIN)
        );
    }

    fn update(uid: &str, role: &str) -> Action {
        Action::Update {
            uid: uid.into(),
            email: "whoever@x.io".into(),
            from: "?".into(),
            account_type: role.into(),
        }
    }

    fn invite_action(email: &str, role: &str) -> Action {
        Action::Invite {
            email: email.into(),
            account_type: role.into(),
            reason: Reason::New,
        }
    }

    fn disable(uid: &str) -> Action {
        Action::Disable {
            uid: uid.into(),
            email: "whoever@x.io".into(),
            from: "?".into(),
        }
    }

    /// Every condition of "already true", each on its own: an action is skipped only when
    /// the workspace shows exactly what it would do.
    #[test]
    fn already_true_holds_only_when_every_part_matches() {
        let ws = Workspace {
            active_users: vec![
                member("u1", "Ann@x.io", "ADMIN"),
                member("u2", "bob@x.io", "DEVELOPER"),
            ],
            invited_users: vec![
                invite("Cat@x.io", "ANALYST", "SENT"),
                invite("dan@x.io", "ANALYST", "EXPIRED"),
                invite("eve@x.io", "BUSINESS", "ACTIVE"),
            ],
        };
        let cases = [
            // Invites: an active member or a live invitation with that role, by email in any case.
            (invite_action("ann@X.io", "ADMIN"), true),
            (invite_action("ann@x.io", "DEVELOPER"), false),
            (invite_action("cat@x.io", "ANALYST"), true),
            (invite_action("CAT@x.io", "BUSINESS"), false),
            (invite_action("dan@x.io", "ANALYST"), false),
            (invite_action("eve@x.io", "BUSINESS"), true),
            (invite_action("new@x.io", "ANALYST"), false),
            // A role held by someone else is not this person's.
            (invite_action("bob@x.io", "ADMIN"), false),
            (invite_action("cat@x.io", "DEVELOPER"), false),
            // Updates: that uid, active, with that role.
            (update("u2", "DEVELOPER"), true),
            (update("u2", "ADMIN"), false),
            (update("u1", "DEVELOPER"), false),
            (update("u9", "DEVELOPER"), false),
            // Disables: the uid is not active.
            (disable("u9"), true),
            (disable("u1"), false),
        ];
        for (action, expected) in cases {
            assert_eq!(already_true(&action, &ws), expected, "{action:?}");
        }
        assert!(!already_true(
            &invite_action("ann@x.io", "ADMIN"),
            &Workspace::default()
        ));
        assert!(already_true(&disable("u1"), &Workspace::default()));
    }

    #[test]
    fn admins_after_counts_promotions_demotions_and_disables() {
        let ws = Workspace {
            active_users: vec![
                member("a1", "a1@x.io", ADMIN),
                member("a2", "a2@x.io", ADMIN),
                member("d", "d@x.io", "DEVELOPER"),
            ],
            invited_users: vec![],
        };
        assert_eq!(admins_after(&ws, &[]), 2);
        assert_eq!(admins_after(&ws, &[update("a1", "ANALYST")]), 1);
        assert_eq!(admins_after(&ws, &[update("a1", ADMIN)]), 2);
        assert_eq!(admins_after(&ws, &[update("d", ADMIN)]), 3);
        assert_eq!(admins_after(&ws, &[disable("a2"), disable("d")]), 1);
        assert_eq!(
            admins_after(&ws, &[invite_action("n@x.io", ADMIN), disable("a1")]),
            1
        );
        assert_eq!(
            admins_after(&ws, &[update("d", ADMIN), disable("a1"), disable("a2")]),
            1
        );
    }
}
