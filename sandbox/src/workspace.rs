//! The workspace: active users, invites and disabled users, the rules that govern them,
//! and their persistence to a JSON file (`--data`).
//!
//! Readers take an `Arc` snapshot and never wait for writers; writers are serialised, build
//! the next snapshot, persist it (temporary file + rename) and only then publish it, so an
//! acknowledged mutation is always on disk when `--data` is set.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use async_graphql::Enum;
use serde::{Deserialize, Serialize};

/// A user's role in the workspace (GraphQL enum `UserAccountType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Enum)]
#[graphql(name = "UserAccountType")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountType {
    Admin,
    Developer,
    Business,
    BillingAdmin,
    SecurityAdmin,
    WorkspaceSettingsAdmin,
    WorkspaceAdmin,
    Analyst,
    SandboxUser,
}

/// The state of an invitation (GraphQL enum `InviteStatus`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InviteStatus {
    Active,
    Sent,
    Expired,
}

/// A signed-up member of the workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveUser {
    pub uid: String,
    pub email: String,
    pub name: Option<String>,
    pub account_type: AccountType,
}

/// An email invited to the workspace that has not signed up yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitedUser {
    pub email: String,
    pub account_type: AccountType,
    pub invite_status: InviteStatus,
}

/// Everything the workspace holds; also the layout of the `--data` file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Data {
    pub active_users: Vec<ActiveUser>,
    pub invited_users: Vec<InvitedUser>,
    #[serde(default)]
    pub disabled_users: Vec<ActiveUser>,
}

/// Why a mutation was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum WorkspaceError {
    /// The email belongs to an active member.
    AlreadyActive,
    /// No active user has this uid.
    UnknownUser,
    /// The user with this uid is disabled.
    Disabled,
    /// No invitation for this email.
    NotInvited,
    /// The email is not an address.
    InvalidEmail,
    /// The change could not be written to the data file.
    Storage(String),
}

impl WorkspaceError {
    /// The `extensions.code` of the GraphQL error.
    pub fn code(&self) -> &'static str {
        match self {
            WorkspaceError::AlreadyActive => "ALREADY_ACTIVE",
            WorkspaceError::UnknownUser | WorkspaceError::NotInvited => "NOT_FOUND",
            WorkspaceError::Disabled => "USER_DISABLED",
            WorkspaceError::InvalidEmail => "BAD_USER_INPUT",
            WorkspaceError::Storage(_) => "INTERNAL_SERVER_ERROR",
        }
    }
}

impl fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkspaceError::AlreadyActive => {
                write!(
                    f,
                    "A user with this email is already an active member of the workspace"
                )
            }
            WorkspaceError::UnknownUser => {
                write!(f, "No active user with this uid in the workspace")
            }
            WorkspaceError::Disabled => write!(f, "This user is disabled"),
            WorkspaceError::NotInvited => write!(f, "No invitation for this email"),
            WorkspaceError::InvalidEmail => write!(f, "Invalid email address"),
            WorkspaceError::Storage(e) => write!(f, "Could not save the workspace: {e}"),
        }
    }
}

/// The docs' example workspace: the listUsers example response of Paradime's User
/// Management API documentation comes back equal from it.
pub fn docs_example() -> Data {
    let active = |uid: &str, email: &str, name: &str, account_type| ActiveUser {
        uid: uid.to_string(),
        email: email.to_string(),
        name: Some(name.to_string()),
        account_type,
    };
    let invited = |email: &str, invite_status| InvitedUser {
        email: email.to_string(),
        account_type: AccountType::Admin,
        invite_status,
    };
    Data {
        active_users: vec![
            active(
                "1b051b1e1aaf70773789c250cd0cc40a5bf27c104d1ca2c6b765767eb53c4772",
                "alexandra@acme.io",
                "Alexandra James",
                AccountType::Admin,
            ),
            active(
                "0b02bde0691e9a220f8fdbff93d992a7826c7ce7b0ea33ffc4709c6a2d219a49",
                "jonny@acme.io",
                "Jonathan Maxwell",
                AccountType::Admin,
            ),
            active(
                "07673b48d2206dad7a150dd258ea1e049df036356f1730e30304e38ca648b175",
                "matt@acme.io",
                "Matt McDonald",
                AccountType::Developer,
            ),
        ],
        invited_users: vec![
            invited("max@acme.io", InviteStatus::Expired),
            invited("john@acme.io", InviteStatus::Active),
        ],
        disabled_users: Vec::new(),
    }
}

/// The docs' example plus `extra` generated active users, deterministic (same uids every run).
pub fn initial_data(extra: usize) -> Data {
    const ROLES: [AccountType; 4] = [
        AccountType::Developer,
        AccountType::Business,
        AccountType::Analyst,
        AccountType::Admin,
    ];
    let mut data = docs_example();
    data.active_users.reserve(extra);
    let mut seed = 0x5eed_u64;
    for i in 0..extra {
        let mut uid = String::with_capacity(64);
        for _ in 0..4 {
            seed = splitmix64(seed);
            uid.push_str(&format!("{seed:016x}"));
        }
        data.active_users.push(ActiveUser {
            uid,
            email: format!("user{i}@example.com"),
            name: if i % 10 == 9 {
                None
            } else {
                Some(format!("Generated User {i}"))
            },
            account_type: ROLES[i % ROLES.len()],
        });
    }
    data
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A fresh uid: 64 lowercase hex characters, like the docs'.
pub fn new_uid() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn same_email(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

fn plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// The workspace, shared by every request.
pub struct Workspace {
    current: RwLock<Arc<Data>>,
    writer: Mutex<()>,
    initial: Arc<Data>,
    store: Option<PathBuf>,
}

impl Workspace {
    /// A workspace in memory, starting from `initial`.
    pub fn in_memory(initial: Data) -> Self {
        let initial = Arc::new(initial);
        Workspace {
            current: RwLock::new(initial.clone()),
            writer: Mutex::new(()),
            initial,
            store: None,
        }
    }

    /// A workspace kept in `path`: loaded from it when it exists, else started from
    /// `initial` and written there at once.
    pub fn persistent(path: &Path, initial: Data) -> Result<Self, String> {
        let loaded = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice::<Data>(&bytes)
                .map_err(|e| format!("{} is not a workspace file: {e}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                write_atomically(path, &initial)?;
                initial.clone()
            }
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        Ok(Workspace {
            current: RwLock::new(Arc::new(loaded)),
            writer: Mutex::new(()),
            initial: Arc::new(initial),
            store: Some(path.to_path_buf()),
        })
    }

    /// The current data; never blocks on a writer for longer than a pointer swap.
    pub fn snapshot(&self) -> Arc<Data> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Applies `change` to a copy of the data, persists it, then publishes it.
    fn mutate<T>(
        &self,
        change: impl FnOnce(&mut Data) -> Result<T, WorkspaceError>,
    ) -> Result<T, WorkspaceError> {
        let _serialised = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let mut next = (*self.snapshot()).clone();
        let out = change(&mut next)?;
        if let Some(path) = &self.store {
            write_atomically(path, &next).map_err(WorkspaceError::Storage)?;
        }
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        *current = Arc::new(next);
        Ok(out)
    }

    /// Invites `email`: a new invite with status ACTIVE, or a refreshed existing one.
    pub fn invite(&self, email: &str, account_type: AccountType) -> Result<(), WorkspaceError> {
        if !plausible_email(email) {
            return Err(WorkspaceError::InvalidEmail);
        }
        self.mutate(|data| {
            if data
                .active_users
                .iter()
                .any(|u| same_email(&u.email, email))
            {
                return Err(WorkspaceError::AlreadyActive);
            }
            match data
                .invited_users
                .iter_mut()
                .find(|u| same_email(&u.email, email))
            {
                Some(invite) => {
                    invite.account_type = account_type;
                    invite.invite_status = InviteStatus::Active;
                }
                None => data.invited_users.push(InvitedUser {
                    email: email.to_string(),
                    account_type,
                    invite_status: InviteStatus::Active,
                }),
            }
            Ok(())
        })
    }

    /// Changes the role of the active user `uid`.
    pub fn update_account_type(
        &self,
        uid: &str,
        account_type: AccountType,
    ) -> Result<(), WorkspaceError> {
        self.mutate(
            |data| match data.active_users.iter_mut().find(|u| u.uid == uid) {
                Some(user) => {
                    user.account_type = account_type;
                    Ok(())
                }
                None if data.disabled_users.iter().any(|u| u.uid == uid) => {
                    Err(WorkspaceError::Disabled)
                }
                None => Err(WorkspaceError::UnknownUser),
            },
        )
    }

    /// Disables the active user `uid`: it leaves `activeUsers`.
    pub fn disable(&self, uid: &str) -> Result<(), WorkspaceError> {
        self.mutate(
            |data| match data.active_users.iter().position(|u| u.uid == uid) {
                Some(at) => {
                    let user = data.active_users.remove(at);
                    data.disabled_users.push(user);
                    Ok(())
                }
                None if data.disabled_users.iter().any(|u| u.uid == uid) => {
                    Err(WorkspaceError::Disabled)
                }
                None => Err(WorkspaceError::UnknownUser),
            },
        )
    }

    /// The invited `email` signs up (a test control): it becomes an active user with a new
    /// uid, which is returned.
    pub fn accept_invite(
        &self,
        email: &str,
        name: Option<String>,
    ) -> Result<String, WorkspaceError> {
        self.mutate(|data| {
            let at = data
                .invited_users
                .iter()
                .position(|u| same_email(&u.email, email))
                .ok_or(WorkspaceError::NotInvited)?;
            let invite = data.invited_users.remove(at);
            let uid = new_uid();
            data.active_users.push(ActiveUser {
                uid: uid.clone(),
                email: invite.email,
                name,
                account_type: invite.account_type,
            });
            Ok(uid)
        })
    }

    /// Puts the initial data back (and persists it).
    pub fn reset(&self) -> Result<(), WorkspaceError> {
        let initial = (*self.initial).clone();
        self.mutate(move |data| {
            *data = initial;
            Ok(())
        })
    }
}

/// Writes `data` to a temporary file beside `path`, syncs it, and renames it over `path`,
/// so a reader (or a restart after a kill) sees the old file or the new one, never a mix.
fn write_atomically(path: &Path, data: &Data) -> Result<(), String> {
    use std::io::Write;
    let bytes = serde_json::to_vec(data).map_err(|e| e.to_string())?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut file = std::fs::File::create(&tmp).map_err(|e| e.to_string())?;
    file.write_all(&bytes).map_err(|e| e.to_string())?;
    file.sync_all().map_err(|e| e.to_string())?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(dir) = std::fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_uids_are_64_hex_and_unique() {
        let data = initial_data(1000);
        let mut seen = std::collections::HashSet::new();
        for u in &data.active_users {
            assert_eq!(u.uid.len(), 64);
            assert!(u
                .uid
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
            assert!(seen.insert(u.uid.clone()));
        }
        let uid = new_uid();
        assert_eq!(uid.len(), 64);
        assert!(uid.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
    }

    #[test]
    fn invite_rules() {
        let ws = Workspace::in_memory(docs_example());
        assert_eq!(
            ws.invite("ALEXANDRA@acme.io", AccountType::Admin),
            Err(WorkspaceError::AlreadyActive)
        );
        ws.invite("Max@Acme.io", AccountType::Developer).unwrap();
        let max = ws
            .snapshot()
            .invited_users
            .iter()
            .find(|u| u.email == "max@acme.io")
            .cloned()
            .unwrap();
        assert_eq!(max.invite_status, InviteStatus::Active);
        assert_eq!(max.account_type, AccountType::Developer);
        assert_eq!(
            ws.invite("no-at-sign", AccountType::Admin),
            Err(WorkspaceError::InvalidEmail)
        );
    }
}
