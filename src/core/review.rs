//! The access review: who holds which role in which workspace, for auditors. One row per
//! person (emails compared without case), one cell per workspace; per workspace, its
//! ADMIN count and its expired invitations.

use serde::Serialize;

use crate::core::roster::ADMIN;
use crate::core::validate::email_key;
use crate::core::workspaces::Listed;

/// What a person has in one workspace (`WorkspaceAccess`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Access {
    /// `"active"`, `"invited"` or `"absent"`.
    pub state: &'static str,
    /// The role (active or invited), else `null`.
    pub account_type: Option<String>,
    /// The invitation's status (invited), else `null`.
    pub invite_status: Option<String>,
    /// The user's uid (active), else `null`.
    pub uid: Option<String>,
}

/// One person of the review (`ReviewPerson`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// The email, as the first workspace that has the person spells it.
    pub email: String,
    /// The display name, from the first workspace where the person is active with one.
    pub name: Option<String>,
    /// Active as `ADMIN` in at least one workspace.
    pub admin_anywhere: bool,
    /// One cell per workspace, in the order of [`Review::workspaces`].
    pub access: Vec<Access>,
}

/// One workspace of the review (`ReviewWorkspace`): the workspace and its counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The uid.
    pub uid: String,
    /// The name.
    pub name: String,
    /// Active users.
    pub active: u32,
    /// Pending invitations (every status).
    pub invited: u32,
    /// Active `ADMIN`s.
    pub admins: u32,
    /// The emails whose invitation expired.
    pub expired_invites: Vec<String>,
}

/// What `accessReview` resolves with (`AccessReview`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The workspaces reviewed, in listing order.
    pub workspaces: Vec<Summary>,
    /// Everyone active or invited in any of them, by email.
    pub people: Vec<Person>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn summary(listed: &Listed) -> Summary {
    let users = &listed.users;
    Summary {
        uid: listed.workspace.uid.clone(),
        name: listed.workspace.name.clone(),
        active: count(users.active_users.len()),
        invited: count(users.invited_users.len()),
        admins: count(
            users
                .active_users
                .iter()
                .filter(|u| u.account_type == ADMIN)
                .count(),
        ),
        expired_invites: users
            .invited_users
            .iter()
            .filter(|u| u.invite_status == "EXPIRED")
            .map(|u| u.email.clone())
            .collect(),
    }
}

/// The review of `listed` (each workspace as one `listUsers` saw it). People are sorted by
/// their email's lower case; a person both active and invited in a workspace (a server may
/// show both) is `active` there.
pub fn review(listed: &[Listed]) -> Review {
    let absent = Access {
        state: "absent",
        ..Access::default()
    };
    // Everyone once, sorted by key (a sorted vector and a binary search: no tree map in the
    // wasm); the first spelling of an email met is kept.
    let mut keys: Vec<(String, usize, &str)> = Vec::new();
    for workspace in listed {
        let users = &workspace.users;
        let emails = users
            .invited_users
            .iter()
            .map(|u| u.email.as_str())
            .chain(users.active_users.iter().map(|u| u.email.as_str()));
        for email in emails {
            keys.push((email_key(email), keys.len(), email));
        }
    }
    keys.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    keys.dedup_by(|later, first| later.0 == first.0);
    let mut people: Vec<Person> = keys
        .iter()
        .map(|(_, _, email)| Person {
            email: (*email).to_string(),
            name: None,
            admin_anywhere: false,
            access: vec![absent.clone(); listed.len()],
        })
        .collect();
    for (column, workspace) in listed.iter().enumerate() {
        let users = &workspace.users;
        let invited = users.invited_users.iter().map(|u| {
            let access = Access {
                state: "invited",
                account_type: Some(u.account_type.clone()),
                invite_status: Some(u.invite_status.clone()),
                uid: None,
            };
            (&u.email, None, access)
        });
        let active = users.active_users.iter().map(|u| {
            let access = Access {
                state: "active",
                account_type: Some(u.account_type.clone()),
                invite_status: None,
                uid: Some(u.uid.clone()),
            };
            (&u.email, u.name.as_ref(), access)
        });
        // Invited first, so that active overwrites it.
        for (email, name, access) in invited.chain(active) {
            let key = email_key(email);
            let Ok(at) = keys.binary_search_by(|k| k.0.cmp(&key)) else {
                continue;
            };
            let Some(person) = people.get_mut(at) else {
                continue;
            };
            if person.name.is_none() {
                person.name = name.cloned();
            }
            if access.state == "active" && access.account_type.as_deref() == Some(ADMIN) {
                person.admin_anywhere = true;
            }
            if let Some(cell) = person.access.get_mut(column) {
                *cell = access;
            }
        }
    }
    Review {
        workspaces: listed.iter().map(summary).collect(),
        people,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{ActiveUser, InvitedUser, UserList};
    use crate::core::workspaces::WorkspaceInfo;

    fn active(uid: &str, email: &str, role: &str) -> ActiveUser {
        ActiveUser {
            uid: uid.into(),
            email: email.into(),
            name: Some(format!("Name of {uid}")),
            account_type: role.into(),
        }
    }

    fn invited(email: &str, role: &str, status: &str) -> InvitedUser {
        InvitedUser {
            email: email.into(),
            account_type: role.into(),
            invite_status: status.into(),
        }
    }

    fn listed(uid: &str, active_users: Vec<ActiveUser>, invited_users: Vec<InvitedUser>) -> Listed {
        Listed {
            workspace: WorkspaceInfo {
                uid: uid.into(),
                name: uid.to_uppercase(),
            },
            users: UserList {
                active_users,
                invited_users,
            },
        }
    }

    #[test]
    fn one_row_per_person_one_cell_per_workspace() {
        let review = review(&[
            listed(
                "prod",
                vec![
                    active("u1", "ann@acme.io", "ADMIN"),
                    active("u2", "bob@acme.io", "DEVELOPER"),
                ],
                vec![invited("cy@acme.io", "ANALYST", "EXPIRED")],
            ),
            listed(
                "dev",
                vec![active("u2", "BOB@acme.io", "ADMIN")],
                vec![
                    invited("ann@acme.io", "ADMIN", "SENT"),
                    invited("bob@acme.io", "ANALYST", "ACTIVE"),
                ],
            ),
        ]);
        let emails: Vec<_> = review.people.iter().map(|p| p.email.as_str()).collect();
        assert_eq!(emails, ["ann@acme.io", "bob@acme.io", "cy@acme.io"]);
        let ann = &review.people[0];
        assert!(ann.admin_anywhere);
        assert_eq!(ann.access[0].state, "active");
        assert_eq!(ann.access[1].state, "invited");
        assert_eq!(ann.access[1].invite_status.as_deref(), Some("SENT"));
        let bob = &review.people[1];
        assert!(bob.admin_anywhere, "ADMIN in dev");
        assert_eq!(
            bob.access[1].state, "active",
            "active wins over an invitation"
        );
        assert_eq!(bob.access[1].uid.as_deref(), Some("u2"));
        let cy = &review.people[2];
        assert!(!cy.admin_anywhere);
        assert_eq!(cy.name, None);
        assert_eq!(
            cy.access[1],
            Access {
                state: "absent",
                ..Access::default()
            }
        );
        assert_eq!(review.workspaces[0].admins, 1);
        assert_eq!(review.workspaces[0].expired_invites, ["cy@acme.io"]);
        assert_eq!(
            (
                review.workspaces[1].active,
                review.workspaces[1].invited,
                review.workspaces[1].admins
            ),
            (1, 2, 1)
        );
        let json = serde_json::to_value(&review).unwrap();
        assert_eq!(
            json["people"][2]["access"][1],
            serde_json::json!({"state": "absent", "accountType": null, "inviteStatus": null, "uid": null})
        );
        assert_eq!(
            json["workspaces"][0]["expiredInvites"],
            serde_json::json!(["cy@acme.io"])
        );
        assert_eq!(json["people"][0]["adminAnywhere"], true);
    }

    #[test]
    fn nothing_listed_is_an_empty_review() {
        assert_eq!(review(&[]), Review::default());
    }
}
