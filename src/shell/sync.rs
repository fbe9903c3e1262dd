//! `applySync` and `inviteUsers`: a list of actions run with at most `concurrency` calls in
//! flight (futures' `buffer_unordered`), `onProgress` after each action settles, and one
//! deadline and signal for the whole run (what is not sent when it ends is `aborted`). What
//! to run, skip or refuse is the core's (`roster`); the calls are [`call::run`]'s.

use std::cell::RefCell;

use futures_util::stream::{self, StreamExt};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::core::decode::{Expect, Output};
use crate::core::error::{Error, ErrorKind, Problem};
use crate::core::operation::{Operation, Variables};
use crate::core::options::ApplySettings;
use crate::core::roster::{
    already_true, Action, AdminGuard, InviteClass, Status, Workspace, ADMIN, LAST_ADMIN_REFUSED,
};
use crate::shell::call::{self, CallScope, Client, Failure};
use crate::shell::js::{to_js, Callback, Js, Signal};

/// One action's end.
type Settled = (Status, Option<Failure>);

/// What a run was asked and how it is going.
struct Run<'a> {
    client: &'a Client,
    method: &'static str,
    /// The run's deadline and signal, shared by its calls.
    scope: &'a CallScope,
    guard: RefCell<AdminGuard>,
    progress: Option<Function>,
    done: RefCell<u32>,
    /// What `onProgress` is told: `offset + done` of `total` (a part of a larger run).
    offset: u32,
    total: u32,
}

impl Run<'_> {
    /// Counts one settled action and tells `onProgress` (a throw of its own is ignored: the
    /// run goes on).
    fn settled(&self) {
        let done = {
            let mut done = self.done.borrow_mut();
            *done += 1;
            *done
        };
        if let Some(progress) = &self.progress {
            let _ = progress.call2(
                &JsValue::NULL,
                &JsValue::from(self.offset.saturating_add(done)),
                &JsValue::from(self.total),
            );
        }
    }

    fn aborted(&self, op: Operation, attempts: u32) -> Option<Settled> {
        let error = self.scope.ended(op, attempts)?;
        Some((Status::Aborted, Some(error.into())))
    }

    /// Sends one action (unless the run has ended, or it would remove the last ADMIN).
    async fn send(&self, action: &Action) -> Settled {
        let variables = match action {
            Action::Invite {
                email,
                account_type,
                ..
            } => Variables::Invite {
                email: email.clone(),
                account_type: account_type.clone(),
            },
            Action::Update {
                uid, account_type, ..
            } => Variables::Update {
                uid: uid.clone(),
                account_type: account_type.clone(),
            },
            Action::Disable { uid, .. } => Variables::Disable { uid: uid.clone() },
        };
        let op = variables.operation();
        if let Some(aborted) = self.aborted(op, 0) {
            return aborted;
        }
        let removed = self
            .guard
            .borrow()
            .removes_admin(action)
            .map(str::to_string);
        if let Some(uid) = &removed {
            if !self.guard.borrow_mut().take(uid) {
                let refused = Problem::new(LAST_ADMIN_REFUSED);
                let error = Error::invalid(op, self.method, refused);
                return (Status::Failed, Some(error.into()));
            }
        }
        let result = call::run_in(self.client, Expect::Ack(op), &variables, self.scope).await;
        match result {
            Ok(_) => {
                if let Action::Update {
                    uid, account_type, ..
                } = action
                {
                    if account_type == ADMIN {
                        self.guard.borrow_mut().add(uid);
                    }
                }
                (Status::Done, None)
            }
            Err(error) => {
                if let Some(uid) = &removed {
                    self.guard.borrow_mut().add(uid);
                }
                // Ended by the run's signal or deadline while in flight: aborted.
                let status = match self.scope.has_ended() {
                    true => Status::Aborted,
                    false => Status::Failed,
                };
                (status, Some(error))
            }
        }
    }

    /// Runs `indices` of `actions` with at most `concurrency` in flight, into `results`.
    async fn phase(
        &self,
        actions: &[Action],
        indices: Vec<usize>,
        concurrency: usize,
        results: &mut [Option<Settled>],
    ) {
        let mut running = stream::iter(indices)
            .map(|i| async move {
                let settled = match actions.get(i) {
                    Some(action) => self.send(action).await,
                    None => (Status::Skipped, None),
                };
                (i, settled)
            })
            .buffer_unordered(concurrency);
        while let Some((i, settled)) = running.next().await {
            if let Some(slot) = results.get_mut(i) {
                *slot = Some(settled);
            }
            self.settled();
        }
    }
}

/// Where a run's progress starts, and what it counts to: `(0, actions)` for a run of its own.
#[derive(Clone, Copy)]
pub(crate) struct Progress {
    /// Actions settled before this run.
    pub(crate) offset: u32,
    /// Actions in the whole.
    pub(crate) total: u32,
}

/// A run of `method` in `scope`.
fn start<'a>(
    client: &'a Client,
    method: &'static str,
    scope: &'a CallScope,
    settings: &ApplySettings<Signal, Callback>,
    progress: Progress,
) -> Run<'a> {
    Run {
        client,
        method,
        scope,
        guard: RefCell::new(AdminGuard::default()),
        progress: settings.on_progress.clone().map(|Js(f)| f),
        done: RefCell::new(0),
        offset: progress.offset,
        total: progress.total,
    }
}

/// The scope of a run of `method` (calls of `op`) with `settings`' deadline and signal.
pub(crate) fn run_scope(
    op: Operation,
    method: &str,
    settings: &ApplySettings<Signal, Callback>,
) -> Result<CallScope, Error> {
    let call = &settings.call;
    CallScope::start(op, method, call.timeout_ms, call.signal.clone())
}

/// The progress of a run of `n` actions on its own.
fn alone(n: usize) -> Progress {
    Progress {
        offset: 0,
        total: u32::try_from(n).unwrap_or(u32::MAX),
    }
}

/// `applySync`: lists the workspace once, skips what is already true, runs invites and
/// updates, then disables. Resolves with the `SyncReport`.
pub(crate) async fn apply(
    client: &Client,
    actions: Vec<Action>,
    settings: ApplySettings<Signal, Callback>,
) -> Result<JsValue, Failure> {
    let scope = run_scope(Operation::ListUsers, "applySync", &settings)?;
    let progress = alone(actions.len());
    apply_part(client, actions, &settings, progress, &scope).await
}

/// [`apply`], as a part of a larger run whose progress is `progress`, in its `scope`.
pub(crate) async fn apply_part(
    client: &Client,
    actions: Vec<Action>,
    settings: &ApplySettings<Signal, Callback>,
    progress: Progress,
    scope: &CallScope,
) -> Result<JsValue, Failure> {
    let run = start(client, "applySync", scope, settings, progress);
    let workspace =
        match call::run_in(client, Expect::Workspace, &Variables::None {}, run.scope).await {
            Ok((Output::UserList(list), _)) => list,
            Ok(_) => Workspace::default(),
            Err(error) => return Err(error),
        };
    *run.guard.borrow_mut() = AdminGuard::new(&workspace);
    let mut results: Vec<Option<Settled>> = vec![None; actions.len()];
    let (mut first, mut disables) = (Vec::new(), Vec::new());
    for (i, action) in actions.iter().enumerate() {
        if already_true(action, &workspace) {
            if let Some(slot) = results.get_mut(i) {
                *slot = Some((Status::Skipped, None));
            }
            run.settled();
        } else if matches!(action, Action::Disable { .. }) {
            disables.push(i);
        } else {
            first.push(i);
        }
    }
    run.phase(&actions, first, settings.concurrency, &mut results)
        .await;
    run.phase(&actions, disables, settings.concurrency, &mut results)
        .await;
    Ok(report(&actions, results)?)
}

/// `inviteUsers`: the entries as the core sorted them ([`InviteClass`]): the ones to send run,
/// the repeats are `skipped`, the invalid ones `failed` with kind `validation`. No listing.
pub(crate) async fn invite(
    client: &Client,
    entries: Vec<(Action, InviteClass)>,
    settings: ApplySettings<Signal, Callback>,
) -> Result<JsValue, Failure> {
    let op = Operation::InviteUser;
    let scope = run_scope(op, "inviteUsers", &settings)?;
    let run = start(
        client,
        "inviteUsers",
        &scope,
        &settings,
        alone(entries.len()),
    );
    let mut results: Vec<Option<Settled>> = vec![None; entries.len()];
    let mut actions = Vec::with_capacity(entries.len());
    let mut send = Vec::new();
    for (i, (action, fate)) in entries.into_iter().enumerate() {
        let settled = match fate {
            InviteClass::Send => None,
            InviteClass::Repeat => Some((Status::Skipped, None)),
            InviteClass::Invalid(problem) => {
                let error = Error::invalid(op, "inviteUsers", problem);
                Some((Status::Failed, Some(error.into())))
            }
        };
        actions.push(action);
        match settled {
            None => send.push(i),
            Some(settled) => {
                if let Some(slot) = results.get_mut(i) {
                    *slot = Some(settled);
                }
                run.settled();
            }
        }
    }
    run.phase(&actions, send, settings.concurrency, &mut results)
        .await;
    Ok(report(&actions, results)?)
}

/// The `SyncReport`: a result per action in plan order (a real `ParadimeError` for each
/// failure), and the counts.
fn report(actions: &[Action], results: Vec<Option<Settled>>) -> Result<JsValue, Error> {
    let unreadable = |_| {
        Error::new(
            ErrorKind::Decode,
            None,
            "the report could not be built".to_string(),
        )
    };
    let list = Array::new();
    let mut counts = [0u32; 4];
    for (action, settled) in actions.iter().zip(results) {
        let (status, error) = settled.unwrap_or((Status::Aborted, None));
        if let Some(count) = counts.get_mut(status as usize) {
            *count += 1;
        }
        let result = Object::new();
        Reflect::set(
            &result,
            &"action".into(),
            &to_js(action).map_err(|e| unreadable(JsValue::from(e)))?,
        )
        .map_err(unreadable)?;
        Reflect::set(
            &result,
            &"status".into(),
            &to_js(&status).map_err(|e| unreadable(JsValue::from(e)))?,
        )
        .map_err(unreadable)?;
        let error = error.as_ref().map_or(JsValue::NULL, Failure::to_js);
        Reflect::set(&result, &"error".into(), &error).map_err(unreadable)?;
        list.push(&result);
    }
    let report = Object::new();
    Reflect::set(&report, &"results".into(), &list).map_err(unreadable)?;
    for (key, count) in ["done", "skipped", "failed", "aborted"].iter().zip(counts) {
        Reflect::set(&report, &(*key).into(), &JsValue::from(count)).map_err(unreadable)?;
    }
    Ok(report.into())
}
