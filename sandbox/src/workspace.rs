//! The workspace: active users, invites and disabled users, the rules that govern them,
//! and their persistence to a JSON file (`--data`).
//!
//! Readers take an `Arc` snapshot and never wait for writers. Writers are serialised: a
//! change is checked against the current data, appended to a journal beside the `--data`
//! file (one JSON line, synced to disk), and only then applied in memory (in place unless a
//! reader still holds the snapshot) and published. So an acknowledged mutation is always on
//! disk, and a mutation costs one small append however large the workspace is. Every
//! `COMPACT_EVERY` changes, and at start, the whole data is written to the `--data` file
//! (temporary file + rename) with the number of the last change it holds, and the journal
//! is emptied; a restart loads the file and replays the journal's later entries, stopping at
//! a line torn by a kill (never acknowledged).

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
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
    /// The number of the last journaled change this data holds (0: none).
    #[serde(default)]
    pub seq: u64,
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
        seq: 0,
    }
}

/// The starting data of the company's workspace number `index` (0 is the first): the docs'
/// example, and of the `extra` generated people those who are members of this workspace.
/// A person keeps one uid in every workspace (uids identify people, not memberships); from
/// the second workspace on, every `index + 2`-th person is not a member and the roles turn,
/// so the workspaces differ as real ones do.
pub fn initial_data_of(index: usize, extra: usize) -> Data {
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
        if index > 0 && i % (index + 2) == 0 {
            continue;
        }
        data.active_users.push(ActiveUser {
            uid,
            email: format!("user{i}@example.com"),
            name: if i % 10 == 9 {
                None
            } else {
                Some(format!("Generated User {i}"))
            },
            account_type: ROLES[(i + index) % ROLES.len()],
        });
    }
    data
}

/// The uid of the generated workspace number `index` (1 and up; the first keeps its own):
/// `ws-` and 16 hex digits, the same every run.
pub fn generated_workspace_uid(index: usize) -> String {
    format!("ws-{:016x}", splitmix64(0x0077_5053 ^ index as u64))
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

/// One accepted change: what the journal records, and what a restart replays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase", rename_all_fields = "camelCase")]
enum Change {
    Invite {
        email: String,
        account_type: AccountType,
    },
    Update {
        uid: String,
        account_type: AccountType,
    },
    Disable {
        uid: String,
    },
    /// The generated uid is recorded, so a replay gives the same one.
    Accept {
        email: String,
        name: Option<String>,
        uid: String,
    },
}

/// A journal line.
#[derive(Serialize, Deserialize)]
struct Entry {
    seq: u64,
    #[serde(flatten)]
    change: Change,
}

impl Change {
    /// Whether the rules allow it on `data` (nothing is changed).
    fn check(&self, data: &Data) -> Result<(), WorkspaceError> {
        let known_uid = |uid: &str| {
            if data.active_users.iter().any(|u| u.uid == uid) {
                Ok(())
            } else if data.disabled_users.iter().any(|u| u.uid == uid) {
                Err(WorkspaceError::Disabled)
            } else {
                Err(WorkspaceError::UnknownUser)
            }
        };
        match self {
            Change::Invite { email, .. } => {
                if data
                    .active_users
                    .iter()
                    .any(|u| same_email(&u.email, email))
                {
                    Err(WorkspaceError::AlreadyActive)
                } else {
                    Ok(())
                }
            }
            Change::Update { uid, .. } | Change::Disable { uid } => known_uid(uid),
            Change::Accept { email, .. } => {
                if data
                    .invited_users
                    .iter()
                    .any(|u| same_email(&u.email, email))
                {
                    Ok(())
                } else {
                    Err(WorkspaceError::NotInvited)
                }
            }
        }
    }

    /// Applies a checked change.
    fn apply(&self, data: &mut Data) {
        match self {
            Change::Invite {
                email,
                account_type,
            } => match data
                .invited_users
                .iter_mut()
                .find(|u| same_email(&u.email, email))
            {
                Some(invite) => {
                    invite.account_type = *account_type;
                    invite.invite_status = InviteStatus::Active;
                }
                None => data.invited_users.push(InvitedUser {
                    email: email.clone(),
                    account_type: *account_type,
                    invite_status: InviteStatus::Active,
                }),
            },
            Change::Update { uid, account_type } => {
                if let Some(user) = data.active_users.iter_mut().find(|u| &u.uid == uid) {
                    user.account_type = *account_type;
                }
            }
            Change::Disable { uid } => {
                if let Some(at) = data.active_users.iter().position(|u| &u.uid == uid) {
                    let user = data.active_users.remove(at);
                    data.disabled_users.push(user);
                }
            }
            Change::Accept { email, name, uid } => {
                if let Some(at) = data
                    .invited_users
                    .iter()
                    .position(|u| same_email(&u.email, email))
                {
                    let invite = data.invited_users.remove(at);
                    // A person disabled here who signs up again is active again, once.
                    data.disabled_users.retain(|u| &u.uid != uid);
                    data.active_users.push(ActiveUser {
                        uid: uid.clone(),
                        email: invite.email,
                        name: name.clone(),
                        account_type: invite.account_type,
                    });
                }
            }
        }
    }
}

/// Changes between two compactions.
const COMPACT_EVERY: u64 = 1000;

/// The `--data` file and its journal.
struct Store {
    path: PathBuf,
    journal: File,
    /// Entries in the journal since the last compaction.
    pending: u64,
}

fn journal_path(path: &Path) -> PathBuf {
    let mut journal = path.as_os_str().to_owned();
    journal.push(".journal");
    PathBuf::from(journal)
}

impl Store {
    /// Writes `data` (with its `seq`) over the data file, then empties the journal. A kill in
    /// between leaves entries the new file already holds; their numbers make a replay skip them.
    fn compact(&mut self, data: &Data) -> Result<(), String> {
        write_atomically(&self.path, data)?;
        self.journal.set_len(0).map_err(|e| e.to_string())?;
        self.journal.sync_all().map_err(|e| e.to_string())?;
        self.pending = 0;
        Ok(())
    }

    /// Appends one entry and syncs it: once this returns, the change survives a kill.
    fn append(&mut self, entry: &Entry) -> Result<(), String> {
        let mut line = serde_json::to_vec(entry).map_err(|e| e.to_string())?;
        line.push(b'\n');
        self.journal.write_all(&line).map_err(|e| e.to_string())?;
        self.journal.sync_data().map_err(|e| e.to_string())?;
        self.pending += 1;
        Ok(())
    }
}

/// The workspace, shared by every request.
pub struct Workspace {
    current: RwLock<Arc<Data>>,
    /// Serialises writers; holds the store when `--data` is set.
    writer: Mutex<Option<Store>>,
    initial: Arc<Data>,
}

impl Workspace {
    /// A workspace in memory, starting from `initial`.
    pub fn in_memory(initial: Data) -> Self {
        let initial = Arc::new(initial);
        Workspace {
            current: RwLock::new(initial.clone()),
            writer: Mutex::new(None),
            initial,
        }
    }

    /// A workspace kept in `path` and its journal: loaded from them when they exist, else
    /// started from `initial`; written back at once as one compacted file.
    pub fn persistent(path: &Path, initial: Data) -> Result<Self, String> {
        let mut data = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice::<Data>(&bytes)
                .map_err(|e| format!("{} is not a workspace file: {e}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => initial.clone(),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let journal = journal_path(path);
        match File::open(&journal) {
            Ok(file) => {
                for line in BufReader::new(file).split(b'\n') {
                    let line =
                        line.map_err(|e| format!("cannot read {}: {e}", journal.display()))?;
                    // A line a kill cut short was never acknowledged: it and anything after
                    // it (nothing, as writes are serial) are dropped.
                    let Ok(entry) = serde_json::from_slice::<Entry>(&line) else {
                        break;
                    };
                    if entry.seq > data.seq && entry.change.check(&data).is_ok() {
                        entry.change.apply(&mut data);
                        data.seq = entry.seq;
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot read {}: {e}", journal.display())),
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&journal)
            .map_err(|e| format!("cannot open {}: {e}", journal.display()))?;
        let mut store = Store {
            path: path.to_path_buf(),
            journal: file,
            pending: 0,
        };
        store.compact(&data)?;
        Ok(Workspace {
            current: RwLock::new(Arc::new(data)),
            writer: Mutex::new(Some(store)),
            initial: Arc::new(initial),
        })
    }

    /// The current data; never blocks on a writer for longer than an in-memory change.
    pub fn snapshot(&self) -> Arc<Data> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Checks `change`, journals it (when persistent), then applies and publishes it.
    fn commit(&self, change: Change) -> Result<(), WorkspaceError> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let seq = {
            // Dropped before `publish`, so that it can change the data in place.
            let current = self.snapshot();
            change.check(&current)?;
            current.seq + 1
        };
        if let Some(store) = writer.as_mut() {
            let entry = Entry { seq, change };
            store.append(&entry).map_err(WorkspaceError::Storage)?;
            self.publish(&entry.change, seq);
            if store.pending >= COMPACT_EVERY {
                store
                    .compact(&self.snapshot())
                    .map_err(WorkspaceError::Storage)?;
            }
        } else {
            self.publish(&change, seq);
        }
        Ok(())
    }

    fn publish(&self, change: &Change, seq: u64) {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        // In place, unless a reader still holds the snapshot (then on a copy).
        let data = Arc::make_mut(&mut current);
        change.apply(data);
        data.seq = seq;
    }

    /// Invites `email`: a new invite with status ACTIVE, or a refreshed existing one.
    pub fn invite(&self, email: &str, account_type: AccountType) -> Result<(), WorkspaceError> {
        if !plausible_email(email) {
            return Err(WorkspaceError::InvalidEmail);
        }
        self.commit(Change::Invite {
            email: email.to_string(),
            account_type,
        })
    }

    /// Changes the role of the active user `uid`.
    pub fn update_account_type(
        &self,
        uid: &str,
        account_type: AccountType,
    ) -> Result<(), WorkspaceError> {
        self.commit(Change::Update {
            uid: uid.to_string(),
            account_type,
        })
    }

    /// Disables the active user `uid`: it leaves `activeUsers`.
    pub fn disable(&self, uid: &str) -> Result<(), WorkspaceError> {
        self.commit(Change::Disable {
            uid: uid.to_string(),
        })
    }

    /// The invited `email` signs up (a test control): it becomes an active user with a new
    /// uid, which is returned.
    pub fn accept_invite(
        &self,
        email: &str,
        name: Option<String>,
        uid: Option<String>,
    ) -> Result<String, WorkspaceError> {
        let uid = uid.unwrap_or_else(new_uid);
        self.commit(Change::Accept {
            email: email.to_string(),
            name,
            uid: uid.clone(),
        })?;
        Ok(uid)
    }

    /// The uid of the person with this email, active or disabled here.
    pub fn uid_of(&self, email: &str) -> Option<String> {
        let data = self.snapshot();
        data.active_users
            .iter()
            .chain(data.disabled_users.iter())
            .find(|u| same_email(&u.email, email))
            .map(|u| u.uid.clone())
    }

    /// Puts the initial data back, written at once as a compacted file.
    pub fn reset(&self) -> Result<(), WorkspaceError> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let mut data = (*self.initial).clone();
        data.seq = self.snapshot().seq + 1;
        if let Some(store) = writer.as_mut() {
            store.compact(&data).map_err(WorkspaceError::Storage)?;
        }
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(data);
        Ok(())
    }
}

/// Writes `data` to a temporary file beside `path`, syncs it, and renames it over `path`,
/// so a reader (or a restart after a kill) sees the old file or the new one, never a mix.
fn write_atomically(path: &Path, data: &Data) -> Result<(), String> {
    let bytes = serde_json::to_vec(data).map_err(|e| e.to_string())?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut file = File::create(&tmp).map_err(|e| e.to_string())?;
    file.write_all(&bytes).map_err(|e| e.to_string())?;
    file.sync_all().map_err(|e| e.to_string())?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(dir) = File::open(dir) {
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
        let data = initial_data_of(0, 1000);
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
    fn workspaces_share_people_by_uid_and_differ_in_members_and_roles() {
        let first = initial_data_of(0, 12);
        let second = initial_data_of(1, 12);
        assert_eq!(first.active_users.len(), 3 + 12);
        // Every 3rd generated person (index 0, 3, 6, 9) is not a member of the second.
        assert_eq!(second.active_users.len(), 3 + 8);
        for u in &second.active_users {
            let same = first
                .active_users
                .iter()
                .find(|f| f.email == u.email)
                .unwrap();
            assert_eq!(same.uid, u.uid, "{} keeps one uid", u.email);
        }
        let role = |d: &Data, email: &str| {
            d.active_users
                .iter()
                .find(|u| u.email == email)
                .map(|u| u.account_type)
        };
        assert_ne!(
            role(&first, "user1@example.com"),
            role(&second, "user1@example.com")
        );
        assert_eq!(
            role(&first, "alexandra@acme.io"),
            role(&second, "alexandra@acme.io")
        );
        assert_ne!(generated_workspace_uid(1), generated_workspace_uid(2));
        assert!(generated_workspace_uid(1).starts_with("ws-"));
    }

    fn temp_data(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("paradime-ws-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("workspace.json")
    }

    const MATT: &str = "07673b48d2206dad7a150dd258ea1e049df036356f1730e30304e38ca648b175";

    #[test]
    fn the_journal_keeps_every_change_across_a_restart() {
        let path = temp_data("restart");
        let ws = Workspace::persistent(&path, docs_example()).unwrap();
        ws.invite("new@acme.io", AccountType::Analyst).unwrap();
        ws.update_account_type(MATT, AccountType::Admin).unwrap();
        let uid = ws
            .accept_invite("new@acme.io", Some("New".into()), None)
            .unwrap();
        ws.disable(&uid).unwrap();
        assert_eq!(ws.disable(&uid), Err(WorkspaceError::Disabled));
        let before = (*ws.snapshot()).clone();
        drop(ws); // as a kill would: nothing compacted since the start
        assert!(std::fs::metadata(journal_path(&path)).unwrap().len() > 0);
        let again = Workspace::persistent(&path, docs_example()).unwrap();
        assert_eq!(*again.snapshot(), before);
        assert_eq!(again.snapshot().seq, 4);
        // The restart compacted: the file holds everything, the journal is empty.
        assert_eq!(std::fs::metadata(journal_path(&path)).unwrap().len(), 0);
        let file: Data = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(file, before);
    }

    #[test]
    fn a_torn_last_line_and_entries_the_file_already_holds_are_skipped() {
        let path = temp_data("torn");
        let ws = Workspace::persistent(&path, docs_example()).unwrap();
        ws.update_account_type(MATT, AccountType::Admin).unwrap();
        drop(ws);
        let journal = journal_path(&path);
        let mut text = std::fs::read_to_string(&journal).unwrap();
        // An entry already in the data file (a kill between compaction's rename and the
        // journal's truncation), then a line a kill cut short.
        text.insert_str(
            0,
            &format!("{{\"seq\":0,\"op\":\"disable\",\"uid\":\"{MATT}\"}}\n"),
        );
        text.push_str(&format!("{{\"seq\":2,\"op\":\"disable\",\"uid\":\"{MATT}"));
        std::fs::write(&journal, text).unwrap();
        let again = Workspace::persistent(&path, docs_example()).unwrap();
        let data = again.snapshot();
        let matt = data.active_users.iter().find(|u| u.uid == MATT).unwrap();
        assert_eq!(matt.account_type, AccountType::Admin);
        assert_eq!(data.seq, 1);
        again.reset().unwrap();
        assert_eq!(again.snapshot().active_users, docs_example().active_users);
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
