//! Roster sync: what `parseRoster`, `planSync`, `applySync` and `inviteUsers` decide, with
//! no I/O (the shell lists the workspace and runs the calls).
//!
//! - [`csv`]: the roster CSV (`parseRoster`);
//! - [`columns`]: which column is which (the names of the usual exports, the options);
//! - [`entry`]: the one check of an entry's email, uid and role, and each email once;
//! - [`args`]: the JS arguments (`planSync`'s roster, `applySync`'s plan, `inviteUsers`' entries);
//! - [`plan`]: the workspace, the actions, the plan and "already true";
//! - [`apply`]: what a run decides while it sends (the ADMIN guard, repeated invites).

pub mod apply;
pub mod args;
pub mod columns;
pub mod csv;
pub mod entry;
pub mod plan;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties;

pub use apply::{classify_invites, AdminGuard, InviteClass, Status, LAST_ADMIN_REFUSED};
pub use args::{read_invites, read_plan_arg, read_roster_arg};
pub use columns::{roster_settings, RosterSettings};
pub use csv::{parse_roster, parse_roster_with};
pub use plan::{already_true, plan_sync, Action, PlanSettings, Workspace, ADMIN};

use serde::{Deserialize, Serialize};

/// One person of a roster: who should be in the workspace, with which role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RosterEntry {
    /// The email, trimmed.
    pub email: String,
    /// The role, trimmed and upper-cased.
    pub account_type: String,
    /// The workspace it is for (a uid, or a name when the roster was read without the list of
    /// workspaces), when the roster has a workspace column; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace: Option<String>,
}

/// A roster row that was left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterProblem {
    /// The 1-based line the row starts on (`None` when the roster came as entries).
    pub line: Option<u32>,
    /// The row's email, when it has one.
    pub email: Option<String>,
    /// What is wrong, as a sentence.
    pub message: String,
}

/// A parsed roster: the usable entries, each email once, and the rows left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Roster {
    /// The entries, in roster order.
    pub entries: Vec<RosterEntry>,
    /// The problems, in roster order.
    pub problems: Vec<RosterProblem>,
}
