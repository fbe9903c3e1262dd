//! Roster sync: the roster CSV (`parseRoster`), the plan that makes a workspace equal to a
//! roster (`planSync`), the checks `applySync` makes before and while it sends, and the
//! JSON the shell hands to JS. No I/O here: the shell lists the workspace and runs the
//! calls; everything that decides is in this file.

use csv_core::{ReadFieldResult, Reader as CsvReader};

use serde::{Deserialize, Deserializer, Serialize};

use crate::core::model::UserList;
use crate::core::validate::{
    account_type_rule, email_key, email_rule, uid_rule, ACCOUNT_TYPE_PROBLEM,
};

/// One person of a roster: who should be in the workspace, with which role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RosterEntry {
    /// The email, trimmed.
    pub email: String,
    /// The role, trimmed and upper-cased.
    pub account_type: String,
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

/// One CSV record: its fields (as read, unescaped) and the line it starts on.
struct Record {
    line: u32,
    fields: Vec<String>,
}

/// Reads every record of `csv` with csv-core (RFC 4180 quoting, CRLF or LF, a UTF-8 BOM).
/// Lines that are empty or hold only white space and commas are skipped.
fn records(csv: &str) -> Vec<Record> {
    let mut reader = CsvReader::new();
    let mut input = csv.as_bytes();
    let mut line: u32 = 1;
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 256];
    let mut start: Option<u32> = None;
    loop {
        if start.is_none() {
            // Between records: take the blank lines here, so the next record's line is known.
            while let Some((&b, rest)) = input.split_first() {
                if b != b'\n' && b != b'\r' {
                    break;
                }
                if b == b'\n' {
                    line = line.saturating_add(1);
                }
                input = rest;
            }
            start = Some(line);
        }
        let (result, nin, nout) = reader.read_field(input, &mut chunk);
        let (taken, rest) = input.split_at(nin.min(input.len()));
        line = line.saturating_add(taken.iter().filter(|b| **b == b'\n').count() as u32);
        input = rest;
        field.extend_from_slice(chunk.get(..nout).unwrap_or(&[]));
        match result {
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
            ReadFieldResult::Field { record_end } => {
                // csv-core hands back the bytes it was given; the input was a &str and the
                // field boundaries are ASCII bytes, so this is valid UTF-8 (lossy for safety).
                fields.push(String::from_utf8(core::mem::take(&mut field)).unwrap_or_default());
                if record_end {
                    let line = start.take().unwrap_or(line);
                    let record = core::mem::take(&mut fields);
                    if record.iter().any(|f| !f.trim().is_empty()) {
                        out.push(Record {
                            line,
                            fields: record,
                        });
                    }
                }
            }
            ReadFieldResult::End => break,
        }
    }
    out
}

fn field(record: &Record, column: usize) -> &str {
    record.fields.get(column).map_or("", |f| f.trim())
}

/// Where the email and the role are: from a header row, or columns 0 and 1.
fn columns(first: &Record) -> Option<Result<(usize, usize), &'static str>> {
    let named = |names: &[&str]| {
        first
            .fields
            .iter()
            .position(|f| names.iter().any(|n| f.trim().eq_ignore_ascii_case(n)))
    };
    let email = named(&["email"])?;
    let role = named(&["accountType", "role"]);
    Some(
        role.map(|role| (email, role))
            .ok_or("the header row names an email column but no accountType (or role) column"),
    )
}

fn problem(line: Option<u32>, email: &str, message: String) -> RosterProblem {
    RosterProblem {
        line,
        email: (!email.is_empty()).then(|| email.to_string()),
        message,
    }
}

/// What is wrong with a row's email and role, if anything.
pub fn entry_problem(email: &str, account_type: &str) -> Option<String> {
    if email.is_empty() {
        return Some("the email is missing".to_string());
    }
    if let Err(why) = email_rule(email) {
        return Some(format!("the email {why}"));
    }
    if account_type.is_empty() {
        return Some("the accountType is missing".to_string());
    }
    if !account_type_rule(account_type) {
        return Some(format!("the accountType {ACCOUNT_TYPE_PROBLEM}"));
    }
    None
}

/// Parses a roster CSV: an optional header row naming `email` and `accountType` (or
/// `role`) in any order and case, else email then accountType. Never fails: rows that
/// cannot be used are problems with their line.
pub fn parse_roster(csv: &str) -> Roster {
    let mut records = records(csv).into_iter().peekable();
    let mut roster = Roster::default();
    let (email_col, role_col) = match records.peek().map(columns) {
        Some(Some(Ok(cols))) => {
            records.next();
            cols
        }
        Some(Some(Err(why))) => {
            let line = records.next().map_or(1, |r| r.line);
            roster.problems.push(RosterProblem {
                line: Some(line),
                email: None,
                message: why.to_string(),
            });
            return roster;
        }
        _ => (0, 1),
    };
    let rows = records.map(|record| {
        let email = field(&record, email_col).to_string();
        let role = field(&record, role_col).to_ascii_uppercase();
        (Some(record.line), email, role)
    });
    let (entries, problems) = dedupe(rows);
    roster.entries = entries;
    roster.problems.extend(problems);
    roster
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
        if let Some(message) = entry_problem(&email, &role) {
            problems.push(problem(line, &email, message));
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

/// One item of the `roster` argument of `planSync` (other keys ignored).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RosterItem {
    email: Option<String>,
    account_type: Option<String>,
}

/// Reads the `roster` argument of `planSync`: an array of objects with string `email` and
/// `accountType` (other keys ignored). A wrong type is an `Err` naming the item (never its
/// value); an entry that breaks the email or role rules, or repeats an email with another
/// role, is left out as a problem (`line: null`).
pub fn read_roster_arg<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<(Vec<RosterEntry>, Vec<RosterProblem>), String> {
    use serde_path_to_error::Segment;
    const NOT_ARRAY: &str = "`roster` must be an array of { email, accountType }";
    let items: Vec<RosterItem> = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let mut segments = e.path().iter();
        match (segments.next(), segments.next()) {
            (Some(Segment::Seq { index }), Some(Segment::Map { key }))
                if key == "email" || key == "accountType" =>
            {
                format!("`roster[{index}].{key}` must be a string")
            }
            (Some(Segment::Seq { index }), _) => {
                format!("`roster[{index}]` must be an object {{ email, accountType }}")
            }
            _ => NOT_ARRAY.to_string(),
        }
    })?;
    let mut rows = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        match (item.email, item.account_type) {
            (Some(email), Some(role)) => rows.push((None, email, role)),
            (None, _) => return Err(format!("`roster[{index}].email` must be a string")),
            (_, None) => return Err(format!("`roster[{index}].accountType` must be a string")),
        }
    }
    Ok(dedupe(rows.into_iter()))
}

/// An active user, as the plan needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// `uid`.
    pub uid: String,
    /// `email`.
    pub email: String,
    /// `accountType`.
    pub account_type: String,
}

/// An invitation, as the plan needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    /// `email`.
    pub email: String,
    /// `accountType`.
    pub account_type: String,
    /// `inviteStatus`.
    pub invite_status: String,
}

/// The workspace as one `listUsers` saw it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workspace {
    /// The active users.
    pub active: Vec<Member>,
    /// The invitations.
    pub invited: Vec<Invite>,
}

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

impl Reason {
    /// The string JS sees.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::New => "new",
            Reason::Expired => "expired",
            Reason::Role => "role",
        }
    }
}

/// One step of a plan (`SyncAction`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// What the plan is told besides the roster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanSettings {
    /// Disable active users who are not in the roster.
    pub disable_missing: bool,
    /// Emails never updated or disabled.
    pub keep: Vec<String>,
}

/// What `planSync` was asked: the checked roster, the entries left out, the settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanRequest {
    /// The usable entries, each email once.
    pub roster: Vec<RosterEntry>,
    /// The entries left out.
    pub problems: Vec<RosterProblem>,
    /// `disableMissing` and `keep`.
    pub settings: PlanSettings,
}

/// Why a roster cannot be planned: it would leave the workspace without an active ADMIN.
pub const LAST_ADMIN: &str =
    "the roster would leave no active ADMIN (by update or disable); keep at least one ADMIN in the roster or in `keep`";

/// Active ADMINs after `actions`, counted from `workspace`.
pub fn admins_after(workspace: &Workspace, actions: &[Action]) -> usize {
    let mut admins: Vec<&str> = workspace
        .active
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
) -> Result<Plan, &'static str> {
    let key = email_key;
    let active: Vec<String> = workspace.active.iter().map(|m| key(&m.email)).collect();
    let invited: Vec<String> = workspace.invited.iter().map(|i| key(&i.email)).collect();
    let keep: Vec<String> = settings.keep.iter().map(|e| key(e)).collect();
    let wanted: Vec<String> = roster.iter().map(|e| key(&e.email)).collect();
    let (mut invites, mut promotions, mut updates, mut disables) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut unchanged = 0;
    for (entry, k) in roster.iter().zip(&wanted) {
        let member = active
            .iter()
            .position(|a| a == k)
            .and_then(|i| workspace.active.get(i));
        let invite = invited
            .iter()
            .position(|a| a == k)
            .and_then(|i| workspace.invited.get(i));
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
        for (m, k) in workspace.active.iter().zip(&active) {
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
        return Err(LAST_ADMIN);
    }
    Ok(Plan {
        actions,
        unchanged,
        problems: Vec::new(),
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
                .active
                .iter()
                .any(|m| &m.account_type == account_type && email_key(&m.email) == k)
                || workspace.invited.iter().any(|i| {
                    &i.account_type == account_type
                        && i.invite_status != "EXPIRED"
                        && email_key(&i.email) == k
                })
        }
        Action::Update {
            uid, account_type, ..
        } => workspace
            .active
            .iter()
            .any(|m| &m.uid == uid && &m.account_type == account_type),
        Action::Disable { uid, .. } => !workspace.active.iter().any(|m| &m.uid == uid),
    }
}

impl From<UserList> for Workspace {
    fn from(list: UserList) -> Workspace {
        Workspace {
            active: list
                .active_users
                .into_iter()
                .map(|u| Member {
                    uid: u.uid,
                    email: u.email,
                    account_type: u.account_type,
                })
                .collect(),
            invited: list
                .invited_users
                .into_iter()
                .map(|i| Invite {
                    email: i.email,
                    account_type: i.account_type,
                    invite_status: i.invite_status,
                })
                .collect(),
        }
    }
}

/// A `SyncPlan` as `applySync` takes it back: its actions (the counts and problems are for
/// people and are not needed).
#[derive(Deserialize)]
struct PlanArg {
    actions: Vec<Action>,
}

/// What is wrong with an action of a plan given back to `applySync`, if anything: every
/// email, uid and role must pass the rules the single-call methods apply.
pub fn action_problem(action: &Action) -> Option<String> {
    let email = |email: &str| email_rule(email).err().map(|why| format!("email` {why}"));
    let uid = |uid: &str| uid_rule(uid).err().map(|why| format!("uid` {why}"));
    let role = |role: &str| {
        (!account_type_rule(role)).then(|| format!("accountType` {ACCOUNT_TYPE_PROBLEM}"))
    };
    match action {
        Action::Invite {
            email: e,
            account_type,
            ..
        } => email(e).or_else(|| role(account_type)),
        Action::Update {
            uid: u,
            email: e,
            account_type,
            ..
        } => uid(u).or_else(|| email(e)).or_else(|| role(account_type)),
        Action::Disable {
            uid: u, email: e, ..
        } => uid(u).or_else(|| email(e)),
    }
}

/// Reads the `plan` argument of `applySync`: a `SyncPlan`, as `planSync` made it or after a
/// trip through `JSON.stringify`/`JSON.parse`. Every action is checked first; `Err` names
/// the first malformed one (never a value), and then nothing may be sent.
pub fn read_plan_arg<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Action>, String> {
    use serde_path_to_error::Segment;
    let plan: PlanArg = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let mut segments = e.path().iter();
        match (segments.next(), segments.next()) {
            (Some(Segment::Map { key }), Some(Segment::Seq { index })) if key == "actions" => {
                format!(
                    "`plan.actions[{index}]` must be an action: {{ action: \"invite\", email, accountType, reason }}, {{ action: \"update\", uid, email, from, accountType }} or {{ action: \"disable\", uid, email, from }}"
                )
            }
            _ => "`plan` must be a SyncPlan from planSync ({ actions, unchanged, problems })"
                .to_string(),
        }
    })?;
    for (index, action) in plan.actions.iter().enumerate() {
        if let Some(problem) = action_problem(action) {
            return Err(format!("`plan.actions[{index}].{problem}"));
        }
    }
    Ok(plan.actions)
}

/// One entry of `inviteUsers`' argument: usable, or (as far as it could be read) why not.
pub type InviteEntry = Result<RosterEntry, (RosterEntry, String)>;

/// The entries of `inviteUsers`' argument: each usable one, or why it is not (an entry that
/// is not `{ email, accountType }` with valid values).
pub fn read_invites<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<InviteEntry>, String> {
    let items: Vec<serde_json::Value> = serde_path_to_error::deserialize(deserializer)
        .map_err(|_| "`invites` must be an array of { email, accountType }".to_string())?;
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let text = |key: &str| item.get(key).and_then(|v| v.as_str()).map(str::trim);
            let entry = RosterEntry {
                email: text("email").unwrap_or_default().to_string(),
                account_type: text("accountType").unwrap_or_default().to_string(),
            };
            let problem = match (text("email"), text("accountType")) {
                (None, _) => Some("email` must be a string".to_string()),
                (_, None) => Some("accountType` must be a string".to_string()),
                (Some(e), Some(r)) => email_rule(e)
                    .err()
                    .map(|why| format!("email` {why}"))
                    .or_else(|| {
                        (!account_type_rule(r))
                            .then(|| format!("accountType` {ACCOUNT_TYPE_PROBLEM}"))
                    }),
            };
            match problem {
                Some(problem) => Err((entry, format!("`invites[{index}].{problem}"))),
                None => Ok(entry),
            }
        })
        .collect())
}

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
                .active
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(r: &Roster) -> Vec<(&str, &str)> {
        r.entries
            .iter()
            .map(|e| (e.email.as_str(), e.account_type.as_str()))
            .collect()
    }

    fn lines(r: &Roster) -> Vec<Option<u32>> {
        r.problems.iter().map(|p| p.line).collect()
    }

    #[test]
    fn header_in_any_order_and_case_with_quotes_crlf_bom_and_blank_lines() {
        let csv = "\u{feff}Role , EMAIL\r\n\r\n developer ,\" a@x.io \"\r\n\n\"ADMIN\",\"b, \"\"q\"\"@x.io\"\r\nanalyst,c@x.io";
        let r = parse_roster(csv);
        assert_eq!(
            entries(&r),
            [("a@x.io", "DEVELOPER"), ("c@x.io", "ANALYST")]
        );
        // `b, "q"@x.io` is one field (quoted comma and quotes), not a valid email (space).
        assert_eq!(lines(&r), [Some(5)]);
        assert_eq!(r.problems[0].email.as_deref(), Some("b, \"q\"@x.io"));
    }

    #[test]
    fn without_header_email_then_role() {
        let r = parse_roster("a@x.io,admin\nb@x.io,Developer\n");
        assert_eq!(entries(&r), [("a@x.io", "ADMIN"), ("b@x.io", "DEVELOPER")]);
        assert!(r.problems.is_empty());
        let r = parse_roster("accountType,email\nADMIN,a@x.io");
        assert_eq!(entries(&r), [("a@x.io", "ADMIN")]);
    }

    #[test]
    fn bad_rows_are_problems_with_their_line() {
        let r = parse_roster(
            "email,role\nnot-an-email,ADMIN\nb@x.io,\nc@x.io,chief wizard\n,ADMIN\nok@x.io,ANALYST\n",
        );
        assert_eq!(entries(&r), [("ok@x.io", "ANALYST")]);
        assert_eq!(lines(&r), [Some(2), Some(3), Some(4), Some(5)]);
        assert!(r.problems[0]
            .message
            .starts_with("the email must contain exactly one @"));
        assert_eq!(r.problems[1].message, "the accountType is missing");
        assert_eq!(r.problems[3].email, None);
    }

    #[test]
    fn duplicates_same_role_count_once_different_roles_leave_all_out() {
        let r = parse_roster(
            "a@x.io,ADMIN\nA@X.io,admin\nb@x.io,ADMIN\nc@x.io,ANALYST\nB@x.io,DEVELOPER\nb@x.io,ADMIN\n",
        );
        assert_eq!(entries(&r), [("a@x.io", "ADMIN"), ("c@x.io", "ANALYST")]);
        assert_eq!(lines(&r), [Some(5), Some(6)]);
        assert!(r.problems[0].message.contains("line 3"));
        let r = parse_roster("é@x.io,ADMIN\nÉ@x.io,ANALYST\n");
        assert!(r.entries.is_empty());
    }

    #[test]
    fn header_without_role_column_is_one_problem() {
        let r = parse_roster("email,name\na@x.io,A\n");
        assert!(r.entries.is_empty());
        assert_eq!(lines(&r), [Some(1)]);
    }

    #[test]
    fn multi_line_quoted_fields_keep_later_line_numbers_right() {
        let r = parse_roster("\"a@x.io\",\"ADM\nIN\"\nb@x.io,ADMIN\nbad,ADMIN\n");
        assert_eq!(entries(&r), [("b@x.io", "ADMIN")]);
        assert_eq!(lines(&r), [Some(1), Some(4)]);
    }

    #[test]
    fn long_fields_and_empty_input() {
        let long = "a".repeat(1000);
        let r = parse_roster(&format!("{long}@x.io,ADMIN"));
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].email.as_ref().map(String::len), Some(1005));
        assert_eq!(parse_roster(""), Roster::default());
        assert_eq!(parse_roster("\n\r\n , \n"), Roster::default());
    }

    fn member(uid: &str, email: &str, role: &str) -> Member {
        Member {
            uid: uid.into(),
            email: email.into(),
            account_type: role.into(),
        }
    }

    fn invite(email: &str, role: &str, status: &str) -> Invite {
        Invite {
            email: email.into(),
            account_type: role.into(),
            invite_status: status.into(),
        }
    }

    fn entry(email: &str, role: &str) -> RosterEntry {
        RosterEntry {
            email: email.into(),
            account_type: role.into(),
        }
    }

    #[test]
    fn plan_reasons_order_and_json() {
        let ws = Workspace {
            active: vec![
                member("u1", "Boss@x.io", "ADMIN"),
                member("u2", "dev@x.io", "DEVELOPER"),
                member("u3", "gone@x.io", "ANALYST"),
                member("u4", "kept@x.io", "ANALYST"),
            ],
            invited: vec![
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
                "problems": []
            })
        );
    }

    #[test]
    fn the_last_admin_cannot_go() {
        let ws = Workspace {
            active: vec![
                member("u1", "boss@x.io", "ADMIN"),
                member("u2", "dev@x.io", "DEVELOPER"),
            ],
            invited: vec![],
        };
        let demote = [entry("boss@x.io", "ANALYST")];
        assert_eq!(
            plan_sync(&demote, &ws, &PlanSettings::default()),
            Err(LAST_ADMIN)
        );
        let leave = PlanSettings {
            disable_missing: true,
            keep: vec![],
        };
        assert_eq!(
            plan_sync(&[entry("dev@x.io", "DEVELOPER")], &ws, &leave),
            Err(LAST_ADMIN)
        );
        // Promoting another first makes both fine.
        let swap = [entry("boss@x.io", "ANALYST"), entry("dev@x.io", "ADMIN")];
        let plan = plan_sync(&swap, &ws, &PlanSettings::default()).unwrap();
        assert!(
            matches!(&plan.actions[0], Action::Update { account_type, .. } if account_type == ADMIN)
        );
    }

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
            assert_eq!(read_roster_arg(arg).unwrap_err(), message);
        }
        assert_eq!(read_roster_arg(serde_json::json!([])), Ok((vec![], vec![])));
    }

    #[test]
    fn to_json_is_the_contract_shape() {
        let r = parse_roster("a@x.io,ADMIN\n\"q\"\"@x\",ADMIN");
        let v: serde_json::Value = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "entries": [{"email": "a@x.io", "accountType": "ADMIN"}],
                "problems": [{"line": 2, "email": "q\"@x", "message": "the email needs a domain of dot-separated labels after the @, like example.com"}]
            })
        );
    }

    #[test]
    fn plans_come_back_checked() {
        let plan = serde_json::json!({"actions": [
            {"action": "invite", "email": "a@x.io", "accountType": "ADMIN", "reason": "new"},
            {"action": "update", "uid": "u1", "email": "b@x.io", "from": "ADMIN", "accountType": "ANALYST"},
            {"action": "disable", "uid": "u2", "email": "c@x.io", "from": "DEVELOPER"}
        ], "unchanged": 3, "problems": []});
        let actions = read_plan_arg(plan).unwrap();
        assert_eq!(actions.len(), 3);
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
        ] {
            let e = read_plan_arg(plan.clone()).unwrap_err();
            assert!(e.starts_with(message), "{plan}: {e}");
        }
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
            .map(|(_, p)| p.as_str())
            .collect();
        assert_eq!(problems.len(), 4);
        assert!(problems[0].starts_with("`invites[1].email` must contain"));
        assert_eq!(problems[1], "`invites[2].email` must be a string");
        assert_eq!(problems[2], "`invites[3].email` must be a string");
        assert!(problems[3].starts_with("`invites[4].accountType` must be"));
        assert!(read_invites(serde_json::json!({"email": "a@x.io"})).is_err());
    }

    #[test]
    fn the_guard_keeps_one_admin() {
        let ws = Workspace {
            active: vec![
                Member {
                    uid: "a1".into(),
                    email: "a1@x.io".into(),
                    account_type: ADMIN.into(),
                },
                Member {
                    uid: "a2".into(),
                    email: "a2@x.io".into(),
                    account_type: ADMIN.into(),
                },
                Member {
                    uid: "d".into(),
                    email: "d@x.io".into(),
                    account_type: "DEVELOPER".into(),
                },
            ],
            invited: vec![],
        };
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
}

// Native only: proptest is not a wasm32 dev-dependency (the browser suite covers the shell).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    //! For random workspaces and rosters: applying the plan to a model of the workspace
    //! yields the roster's state, the plan of the result is empty, no plan leaves zero
    //! active ADMINs, every applied action is then `already_true`; `parse_roster` never
    //! panics.
    use super::*;
    use proptest::prelude::*;

    const ROLES: [&str; 3] = [ADMIN, "DEVELOPER", "ANALYST"];

    fn lower(s: &str) -> String {
        s.to_lowercase()
    }

    /// Emails from a small pool (so rosters and workspaces overlap), in random case.
    fn email(i: usize, upper: bool) -> String {
        let e = format!("user{i}@x.io");
        if upper {
            e.to_uppercase()
        } else {
            e
        }
    }

    fn workspace() -> impl Strategy<Value = Workspace> {
        // Per pool slot: 0 absent, 1 active, 2 invited SENT, 3 invited EXPIRED; a role.
        prop::collection::vec((0..4u8, 0..3usize, any::<bool>()), 0..12).prop_map(|slots| {
            let mut ws = Workspace::default();
            for (i, (state, role, upper)) in slots.into_iter().enumerate() {
                let account_type = ROLES[role].to_string();
                match state {
                    1 => ws.active.push(Member {
                        uid: format!("uid{i}"),
                        email: email(i, upper),
                        account_type,
                    }),
                    2 | 3 => ws.invited.push(Invite {
                        email: email(i, upper),
                        account_type,
                        invite_status: if state == 2 { "SENT" } else { "EXPIRED" }.into(),
                    }),
                    _ => {}
                }
            }
            ws
        })
    }

    fn roster() -> impl Strategy<Value = Vec<RosterEntry>> {
        prop::collection::btree_map(0..14usize, (0..3usize, any::<bool>()), 0..12).prop_map(|m| {
            m.into_iter()
                .map(|(i, (role, upper))| RosterEntry {
                    email: email(i, upper),
                    account_type: ROLES[role].to_string(),
                })
                .collect()
        })
    }

    fn settings() -> impl Strategy<Value = PlanSettings> {
        (
            any::<bool>(),
            prop::collection::vec((0..14usize, any::<bool>()), 0..3),
        )
            .prop_map(|(disable_missing, keep)| PlanSettings {
                disable_missing,
                keep: keep.into_iter().map(|(i, u)| email(i, u)).collect(),
            })
    }

    /// What the API would do with each action.
    fn apply(ws: &Workspace, actions: &[Action]) -> Workspace {
        let mut ws = ws.clone();
        for action in actions {
            match action {
                Action::Invite {
                    email,
                    account_type,
                    ..
                } => {
                    ws.invited.retain(|i| lower(&i.email) != lower(email));
                    ws.invited.push(Invite {
                        email: email.clone(),
                        account_type: account_type.clone(),
                        invite_status: "SENT".into(),
                    });
                }
                Action::Update {
                    uid, account_type, ..
                } => {
                    for m in ws.active.iter_mut().filter(|m| &m.uid == uid) {
                        m.account_type = account_type.clone();
                    }
                }
                Action::Disable { uid, .. } => ws.active.retain(|m| &m.uid != uid),
            }
        }
        ws
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn applying_the_plan_yields_the_roster(ws in workspace(), roster in roster(), settings in settings()) {
            let admins_before = admins_after(&ws, &[]);
            let plan = match plan_sync(&roster, &ws, &settings) {
                Ok(plan) => plan,
                Err(why) => {
                    prop_assert_eq!(why, LAST_ADMIN);
                    prop_assert!(admins_before > 0);
                    return Ok(());
                }
            };
            let after = apply(&ws, &plan.actions);
            let keep: Vec<String> = settings.keep.iter().map(|e| lower(e)).collect();
            for entry in &roster {
                let k = lower(&entry.email);
                match after.active.iter().find(|m| lower(&m.email) == k) {
                    Some(m) => prop_assert!(m.account_type == entry.account_type || keep.contains(&k)),
                    None => prop_assert!(after.invited.iter().any(|i| lower(&i.email) == k
                        && i.account_type == entry.account_type
                        && i.invite_status != "EXPIRED")),
                }
            }
            if settings.disable_missing {
                for m in &after.active {
                    let k = lower(&m.email);
                    prop_assert!(roster.iter().any(|e| lower(&e.email) == k) || keep.contains(&k));
                }
            }
            for action in &plan.actions {
                if let Action::Update { email, .. } | Action::Disable { email, .. } = action {
                    prop_assert!(!keep.contains(&lower(email)), "kept {} was changed", email);
                }
            }
            if admins_before > 0 {
                prop_assert!(admins_after(&after, &[]) > 0);
            }
            prop_assert_eq!(admins_after(&ws, &plan.actions), admins_after(&after, &[]));
            for action in &plan.actions {
                prop_assert!(already_true(action, &after), "{:?}", action);
            }
            let again = plan_sync(&roster, &after, &settings);
            prop_assert_eq!(again.map(|p| p.actions), Ok(Vec::new()));
            prop_assert_eq!(plan.unchanged as usize + plan.actions.iter().filter(|a| !matches!(a, Action::Disable { .. })).count(), roster.len());
        }

        #[test]
        fn the_order_is_invites_promotions_updates_disables(ws in workspace(), roster in roster(), settings in settings()) {
            if let Ok(plan) = plan_sync(&roster, &ws, &settings) {
                let rank = |a: &Action| match a {
                    Action::Invite { .. } => 0,
                    Action::Update { account_type, .. } if account_type == ADMIN => 1,
                    Action::Update { .. } => 2,
                    Action::Disable { .. } => 3,
                };
                let ranks: Vec<_> = plan.actions.iter().map(rank).collect();
                prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
            }
        }

        #[test]
        fn parse_roster_never_panics(csv in "(?s)[a-zA-Z@.,\"\r\n \t\u{feff}é_0-9]{0,200}") {
            let r = parse_roster(&csv);
            let v: serde_json::Value = serde_json::to_value(&r).unwrap();
            prop_assert!(v.is_object());
        }

        #[test]
        fn parse_roster_never_panics_on_any_text(csv in any::<String>()) {
            let _ = parse_roster(&csv);
        }
    }
}
