//! What a run (`applySync`, `inviteUsers`) decides while it sends: how each action ended,
//! the ADMIN guard, and which invites go out.

use serde::Serialize;

use super::args::InviteEntry;
use super::plan::{Action, Reason, Workspace, ADMIN};
use crate::core::error::Problem;
use crate::core::validate::email_key;

/// How one action of a run ended (`SyncResult.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Sent, and the API answered `ok`.
    Done,
    /// Already true before the run (or a repeated entry): nothing sent.
    Skipped,
    /// Sent and refused, or refused before sending (see the error).
    Failed,
    /// Not sent (or interrupted) because the run was aborted or ran out of time.
    Aborted,
}

/// The active ADMINs a run knows of, so that a demotion or a disable of an ADMIN is sent
/// only while another ADMIN is known to be active.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdminGuard {
    admins: Vec<String>,
}

impl AdminGuard {
    /// The workspace's active ADMINs.
    pub fn new(workspace: &Workspace) -> AdminGuard {
        AdminGuard {
            admins: workspace
                .active_users
                .iter()
                .filter(|m| m.account_type == ADMIN)
                .map(|m| m.uid.clone())
                .collect(),
        }
    }

    /// The uid of the ADMIN `action` would remove (a demotion or a disable of an active
    /// ADMIN), if it is one.
    pub fn removes_admin<'a>(&self, action: &'a Action) -> Option<&'a str> {
        let uid = match action {
            Action::Update {
                uid, account_type, ..
            } if account_type != ADMIN => uid,
            Action::Disable { uid, .. } => uid,
            _ => return None,
        };
        self.admins.contains(uid).then_some(uid.as_str())
    }

    /// Takes `uid` out of the known ADMINs before its removal is sent: `false` (nothing
    /// taken) when it is the last one.
    pub fn take(&mut self, uid: &str) -> bool {
        match self.admins.iter().position(|a| a == uid) {
            Some(i) if self.admins.len() > 1 => {
                self.admins.swap_remove(i);
                true
            }
            _ => false,
        }
    }

    /// Puts `uid` back (its removal failed), or adds it (a promotion to ADMIN succeeded).
    pub fn add(&mut self, uid: &str) {
        if !self.admins.iter().any(|a| a == uid) {
            self.admins.push(uid.to_string());
        }
    }
}

/// What the guard says of an ADMIN's removal it refused.
pub const LAST_ADMIN_REFUSED: &str =
    "not sent: it would remove the last active ADMIN (no other ADMIN is known to be active)";

/// What `inviteUsers` does with one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InviteClass {
    /// Send it.
    Send,
    /// An email given earlier in the list: `skipped`, nothing sent.
    Repeat,
    /// Not a valid entry (why, naming the item): `failed` with kind `validation`.
    Invalid(Problem),
}

/// `inviteUsers`' entries as invite actions, each with its fate: one invite per unique valid
/// email (emails compared case-insensitively), the repeats skipped, invalid entries failed.
pub fn classify_invites(entries: Vec<InviteEntry>) -> Vec<(Action, InviteClass)> {
    let invite = |e: super::RosterEntry| Action::Invite {
        email: e.email,
        account_type: e.account_type,
        reason: Reason::New,
    };
    let mut seen: Vec<String> = Vec::new();
    entries
        .into_iter()
        .map(|entry| match entry {
            Ok(entry) => {
                let key = email_key(&entry.email);
                let fate = if seen.contains(&key) {
                    InviteClass::Repeat
                } else {
                    seen.push(key);
                    InviteClass::Send
                };
                (invite(entry), fate)
            }
            Err((entry, problem)) => (invite(entry), InviteClass::Invalid(problem)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::ActiveUser;

    /// A workspace of active users, each `(uid, role)`.
    fn active(members: &[(&str, &str)]) -> Workspace {
        Workspace {
            active_users: members
                .iter()
                .map(|(uid, role)| ActiveUser {
                    name: None,
                    uid: uid.to_string(),
                    email: format!("{uid}@x.io"),
                    account_type: role.to_string(),
                })
                .collect(),
            invited_users: vec![],
        }
    }

    #[test]
    fn the_guard_keeps_one_admin() {
        let ws = active(&[("a1", ADMIN), ("a2", ADMIN), ("d", "DEVELOPER")]);
        let mut guard = AdminGuard::new(&ws);
        let disable = |uid: &str| Action::Disable {
            uid: uid.into(),
            email: "x@x.io".into(),
            from: "?".into(),
        };
        assert_eq!(guard.removes_admin(&disable("d")), None);
        assert_eq!(guard.removes_admin(&disable("a1")), Some("a1"));
        assert!(guard.take("a1"));
        assert!(!guard.take("a2"), "the last one stays");
        guard.add("a1");
        assert!(guard.take("a2"));
        let promote = Action::Update {
            uid: "d".into(),
            email: "d@x.io".into(),
            from: "DEVELOPER".into(),
            account_type: ADMIN.into(),
        };
        assert_eq!(guard.removes_admin(&promote), None);
    }

    #[test]
    fn each_email_is_invited_once_and_invalid_entries_fail() {
        let entry = |email: &str| crate::core::roster::RosterEntry {
            email: email.into(),
            account_type: "ANALYST".into(),
            workspace: None,
        };
        let fates: Vec<InviteClass> = classify_invites(vec![
            Ok(entry("a@x.io")),
            Ok(entry("b@x.io")),
            Ok(entry("A@X.IO")),
            Err((entry("nope"), Problem::new("bad"))),
            Ok(entry("b@x.io")),
        ])
        .into_iter()
        .map(|(_, fate)| fate)
        .collect();
        assert_eq!(
            fates,
            [
                InviteClass::Send,
                InviteClass::Send,
                InviteClass::Repeat,
                InviteClass::Invalid(Problem::new("bad")),
                InviteClass::Repeat
            ]
        );
    }

    /// Every way an action can touch an ADMIN, both ways round.
    #[test]
    fn removes_admin_is_exactly_a_demotion_or_a_disable_of_a_known_admin() {
        let ws = active(&[("a", ADMIN), ("d", "DEVELOPER")]);
        let guard = AdminGuard::new(&ws);
        let update = |uid: &str, role: &str| Action::Update {
            uid: uid.into(),
            email: "x@x.io".into(),
            from: "?".into(),
            account_type: role.into(),
        };
        let disable = |uid: &str| Action::Disable {
            uid: uid.into(),
            email: "x@x.io".into(),
            from: "?".into(),
        };
        let invite = Action::Invite {
            email: "a@x.io".into(),
            account_type: "ANALYST".into(),
            reason: Reason::New,
        };
        assert_eq!(guard.removes_admin(&update("a", "ANALYST")), Some("a"));
        assert_eq!(guard.removes_admin(&update("a", ADMIN)), None);
        assert_eq!(guard.removes_admin(&update("d", "ANALYST")), None);
        assert_eq!(guard.removes_admin(&update("d", ADMIN)), None);
        assert_eq!(guard.removes_admin(&disable("a")), Some("a"));
        assert_eq!(guard.removes_admin(&disable("d")), None);
        assert_eq!(guard.removes_admin(&disable("nobody")), None);
        assert_eq!(guard.removes_admin(&invite), None);
        // A guard that knows no ADMIN never takes one, and learns of one added.
        let mut empty = AdminGuard::new(&Workspace::default());
        assert!(!empty.take("a"));
        empty.add("a");
        empty.add("a");
        empty.add("b");
        assert!(empty.take("a"));
        assert!(!empty.take("b"));
        assert!(!empty.take("a"), "taken already");
    }
}
