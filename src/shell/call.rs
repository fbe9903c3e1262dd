//! One call: attempts through [`transport`], the waits between them, the call's deadline
//! and the caller's `AbortSignal` folded into one `AbortController`. Every decision is the
//! core's: how a reply decodes ([`decode_response`]), whether to try again and how long to
//! wait ([`decide`]). The hooks (`onRequest`, `onResponse`, `onRetry`) are told of each
//! attempt here, with what [`crate::core::hooks`] lets them see.

use std::cell::RefCell;
use std::pin::pin;
use std::rc::Rc;

use futures_util::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Date, Function, Math, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use crate::core::auth::request_headers;
use crate::core::decode::{decode_response, Expect, Output};
use crate::core::error::{Error, ErrorKind};
use crate::core::hooks::{redacted_headers, redacted_url, RequestInfo, ResponseInfo, RetryInfo};
use crate::core::model::Callbacks;
use crate::core::operation::{request_body, Operation, Variables};
use crate::core::options::{CallSettings, ClientConfig};
use crate::core::retry::{decide, parse_retry_after, Decision};
use crate::core::workspaces::{PlanWorkspace, WorkspaceInfo};
use crate::shell::js::{error_value, get, to_js, Callback, Js, Signal};
use crate::shell::transport::{attempt, Reply};

#[wasm_bindgen(module = "/src/shell/hooks.js")]
extern "C" {
    #[wasm_bindgen(js_name = callHook)]
    fn call_hook(hook: &Function, info: &JsValue);
}

#[wasm_bindgen]
extern "C" {
    // The global timer functions (a number in browsers, a `Timeout` object in Node).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// A client's settings and the headers every request sends (they hold the credentials and
/// live in wasm memory, not on anything JS can enumerate).
pub(crate) struct Client {
    /// The checked options.
    pub(crate) config: ClientConfig,
    headers: Vec<(String, String)>,
    /// The `fetch` option (sends every request instead of the global `fetch`) and the hooks.
    callbacks: Callbacks<Callback>,
    /// The workspaces `listWorkspaces` last gave, shared by every client made from the same
    /// one (`withWorkspace`), so a plan can name the workspace it was made for.
    known: Rc<RefCell<Vec<WorkspaceInfo>>>,
}

impl Client {
    /// Prepares a client from checked options and its function options.
    pub(crate) fn new(config: ClientConfig, callbacks: Callbacks<Callback>) -> Client {
        Client::with_known(config, callbacks, Rc::default())
    }

    fn with_known(
        config: ClientConfig,
        callbacks: Callbacks<Callback>,
        known: Rc<RefCell<Vec<WorkspaceInfo>>>,
    ) -> Client {
        let headers = request_headers(
            &config.auth,
            config.workspace_uid.as_deref(),
            &config.headers,
        );
        Client {
            config,
            headers,
            callbacks,
            known,
        }
    }

    /// The same client for the workspace `uid` (a checked uid): same endpoint,
    /// credentials, deadline, retries, headers, `fetch` and hooks.
    pub(crate) fn for_workspace(&self, uid: &str) -> Client {
        let config = ClientConfig {
            workspace_uid: Some(uid.to_string()),
            ..self.config.clone()
        };
        Client::with_known(config, self.callbacks.clone(), self.known.clone())
    }

    /// Keeps what `listWorkspaces` gave, for [`Client::plan_workspace`].
    pub(crate) fn remember(&self, workspaces: &[WorkspaceInfo]) {
        *self.known.borrow_mut() = workspaces.to_vec();
    }

    /// The workspace this client's plans are made for: its `workspaceUid`, with the name
    /// when a listing gave it; `None` when the client names no workspace.
    pub(crate) fn plan_workspace(&self) -> Option<PlanWorkspace> {
        let uid = self.config.workspace_uid.clone()?;
        let name = self
            .known
            .borrow()
            .iter()
            .find(|w| w.uid == uid)
            .map(|w| w.name.clone());
        Some(PlanWorkspace { uid, name })
    }

    /// Tells `hook` (when the client has it) of `info`, plus the attempt's `error`. Nothing is
    /// built for a hook that is not there; nothing a hook does reaches the call.
    fn tell(&self, hook: &Option<Callback>, info: &impl serde::Serialize, error: Option<&Failure>) {
        let Some(hook) = hook else { return };
        let Ok(value) = to_js(info) else { return };
        if let Some(failure) = error {
            let _ = js_sys::Reflect::set(&value, &"error".into(), &failure.to_js());
        }
        call_hook(hook, &value);
    }
}

/// The shell's one failure type: a call's error, and the JS value behind it when there is
/// one (what fetch rejected with), which becomes the `ParadimeError`'s `cause`.
#[derive(Clone)]
pub(crate) struct Failure {
    /// The error.
    pub(crate) error: Error,
    /// The original failure.
    pub(crate) cause: Option<JsValue>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure { error, cause: None }
    }
}

impl Failure {
    /// The `ParadimeError` JS gets.
    pub(crate) fn to_js(&self) -> JsValue {
        error_value(&self.error, self.cause.as_ref())
    }
}

/// The clock and the stop of a call, or of a run whose calls share it: an `AbortController`
/// aborted by the deadline's timer or by the caller's signal (through a listener removed
/// when the scope ends). Every attempt and wait listens to its signal, each through an
/// [`OnAbort`] removed when it ends, so a run's calls add no listener, timer or controller of
/// their own. Dropping it clears the timer.
pub(crate) struct CallScope {
    controller: AbortController,
    caller: Option<AbortSignal>,
    /// `controller.abort` bound to the controller: what the timer and the caller's signal
    /// call. A JS function, so no Rust closure is made for the clock or outlives it.
    abort: Function,
    timer: JsValue,
    timeout_ms: u32,
    ends_at: f64,
}

impl CallScope {
    /// Starts the clock of `method` (a call of `op`, or a run of them) for `timeout_ms`,
    /// stopped early by `caller`. Fails (kind `network`) where the engine has no
    /// `AbortController`.
    pub(crate) fn start(
        op: Operation,
        method: &str,
        timeout_ms: u32,
        caller: Option<Signal>,
    ) -> Result<CallScope, Error> {
        CallScope::new(timeout_ms, caller.map(|Js(signal)| signal)).ok_or_else(|| {
            Error::new(
                ErrorKind::Network,
                Some(op),
                format!("{method}: AbortController is not available here"),
            )
        })
    }

    fn new(timeout_ms: u32, caller: Option<AbortSignal>) -> Option<CallScope> {
        let controller = AbortController::new().ok()?;
        // `controller.abort` bound to the controller and to an undefined reason: called by
        // the caller's signal with its event, it must not make the event the reason (a body
        // read rejects with the reason, and the reason should be the engine's AbortError).
        let abort: Function = get(&controller, "abort")
            .dyn_into::<Function>()
            .ok()?
            .bind1(&controller, &JsValue::UNDEFINED)
            .unchecked_into();
        if let Some(signal) = &caller {
            signal
                .add_event_listener_with_callback("abort", &abort)
                .ok()?;
        }
        Some(CallScope {
            timer: set_timeout(&abort, timeout_ms),
            controller,
            caller,
            abort,
            timeout_ms,
            ends_at: Date::now() + f64::from(timeout_ms),
        })
    }

    /// The signal every request and wait in the scope listens to.
    pub(crate) fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Whether the caller or the deadline has ended the scope (the caller wins a tie).
    fn stopped(&self) -> Option<Stop> {
        if self.caller.as_ref().is_some_and(AbortSignal::aborted) {
            Some(Stop::Aborted)
        } else if self.signal().aborted() {
            Some(Stop::Timeout)
        } else {
            None
        }
    }

    /// Whether the caller or the deadline has ended the scope.
    pub(crate) fn has_ended(&self) -> bool {
        self.stopped().is_some()
    }

    /// When the scope has ended, the error of a call of `op` after `attempts`: `aborted` by
    /// the caller's signal, or `timeout`.
    pub(crate) fn ended(&self, op: Operation, attempts: u32) -> Option<Error> {
        let method = op.method_name();
        let error = match self.stopped()? {
            Stop::Aborted => Error::new(
                ErrorKind::Aborted,
                Some(op),
                format!("{method}: aborted by the caller's signal"),
            ),
            Stop::Timeout => Error::new(
                ErrorKind::Timeout,
                Some(op),
                format!("{method}: no answer within {} ms", self.timeout_ms),
            ),
        };
        Some(Error { attempts, ..error })
    }

    /// What is left of the deadline.
    pub(crate) fn remaining_ms(&self) -> u64 {
        (self.ends_at - Date::now()).max(0.0) as u64
    }

    /// Waits `ms`, or less if the scope ends meanwhile.
    async fn sleep(&self, ms: u64) {
        let signal = self.signal();
        if signal.aborted() {
            return;
        }
        let aborted = OnAbort::new(&signal);
        let timer = TimeoutFuture::new(u32::try_from(ms).unwrap_or(u32::MAX));
        match select(pin!(timer), JsFuture::from(aborted.promise.clone())).await {
            Either::Left(_) | Either::Right(_) => {}
        }
    }
}

impl Drop for CallScope {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(signal) = &self.caller {
            let _ = signal.remove_event_listener_with_callback("abort", &self.abort);
        }
    }
}

/// Why a scope ended.
#[derive(Clone, Copy)]
enum Stop {
    /// The deadline passed.
    Timeout,
    /// The caller's signal aborted.
    Aborted,
}

/// A promise that rejects when `signal` aborts (and never settles otherwise), for a wait or
/// a race against the abort. Its listener (a JS function: no Rust closure) is removed when
/// this is dropped, so the waits and races of a run's many calls leave none on the run's
/// signal.
pub(crate) struct OnAbort {
    /// The promise.
    pub(crate) promise: Promise,
    signal: AbortSignal,
    listener: Option<Function>,
}

impl OnAbort {
    /// Listens to `signal` (the promise is already rejected when it has aborted).
    pub(crate) fn new(signal: &AbortSignal) -> OnAbort {
        let mut listener = None;
        let promise = Promise::new(&mut |_, reject| {
            if signal.aborted() {
                let _ = reject.call0(&JsValue::UNDEFINED);
            } else if signal
                .add_event_listener_with_callback("abort", &reject)
                .is_ok()
            {
                listener = Some(reject);
            }
        });
        OnAbort {
            promise,
            signal: signal.clone(),
            listener,
        }
    }
}

impl Drop for OnAbort {
    fn drop(&mut self) {
        if let Some(listener) = &self.listener {
            let _ = self
                .signal
                .remove_event_listener_with_callback("abort", listener);
        }
    }
}

/// What one reply means: the result, or the error of that attempt.
fn outcome(want: Expect<'_>, reply: &Reply) -> Result<Output, Error> {
    let op = want.operation();
    if reply.redirected {
        return Err(Error {
            status: (reply.status != 0).then_some(reply.status),
            ..Error::new(
                ErrorKind::Http,
                Some(op),
                format!(
                    "{}: the endpoint answered with a redirect, which is not followed so that credentials stay with the endpoint; use the final URL",
                    op.method_name()
                ),
            )
        });
    }
    let retry_after = reply
        .retry_after
        .as_deref()
        .and_then(|v| parse_retry_after(v, Date::now()));
    decode_response(want, reply.status, &reply.body, retry_after)
}

/// Runs one call to its end, under its own deadline and the caller's signal: its result
/// and the body it came in (for [`Output::ListPart`]), or the `ParadimeError` it settles
/// with.
pub(crate) async fn run(
    client: &Client,
    want: Expect<'_>,
    variables: &Variables,
    settings: CallSettings<Signal>,
) -> Result<(Output, Vec<u8>), Failure> {
    let op = want.operation();
    let scope = CallScope::start(op, op.method_name(), settings.timeout_ms, settings.signal)?;
    run_in(client, want, variables, &scope).await
}

/// Runs one call in `scope`: a call's own, or a run's, whose deadline and signal all its
/// calls share.
pub(crate) async fn run_in(
    client: &Client,
    want: Expect<'_>,
    variables: &Variables,
    scope: &CallScope,
) -> Result<(Output, Vec<u8>), Failure> {
    let op = want.operation();
    let body = request_body(variables);
    let hooks = &client.callbacks;
    let mut attempts = 0;
    loop {
        if let Some(error) = scope.ended(op, attempts) {
            return Err(error.into());
        }
        attempts += 1;
        if hooks.on_request.is_some() {
            let info = RequestInfo {
                operation: op,
                attempt: attempts,
                method: "POST",
                url: redacted_url(&client.config.endpoint),
                headers: redacted_headers(&client.headers),
            };
            client.tell(&hooks.on_request, &info, None);
        }
        let started = Date::now();
        let sent = attempt(
            op,
            hooks.fetch.as_deref(),
            &client.config.endpoint,
            &client.headers,
            &body,
            &scope.signal(),
        )
        .await;
        let mut told = ResponseInfo {
            operation: op,
            attempt: attempts,
            status: None,
            duration_ms: (Date::now() - started).max(0.0) as u64,
            request_id: None,
            retry_in_ms: None,
        };
        let failure = match sent {
            Ok(reply) => {
                told.status = Some(reply.status).filter(|s| *s != 0);
                told.request_id.clone_from(&reply.request_id);
                match outcome(want, &reply) {
                    Ok(output) => {
                        client.tell(&hooks.on_response, &told, None);
                        return Ok((output, reply.body));
                    }
                    Err(error) => Failure::from(Error {
                        request_id: reply.request_id,
                        ..error
                    }),
                }
            }
            // A request the call's own signal stopped failed because the call ended.
            Err(failure) => match scope.ended(op, attempts) {
                Some(error) => {
                    let failure = Failure::from(error);
                    client.tell(&hooks.on_response, &told, Some(&failure));
                    return Err(failure);
                }
                None => failure,
            },
        };
        let failure = Failure {
            error: Error {
                attempts,
                ..failure.error
            },
            ..failure
        };
        let decision = decide(
            op,
            &failure.error,
            attempts,
            client.config.retries,
            scope.remaining_ms(),
            Math::random(),
        );
        match decision {
            Decision::Fail => {
                client.tell(&hooks.on_response, &told, Some(&failure));
                return Err(failure);
            }
            Decision::RetryAfter(wait_ms) => {
                told.retry_in_ms = Some(wait_ms);
                client.tell(&hooks.on_response, &told, Some(&failure));
                let info = RetryInfo {
                    operation: op,
                    attempt: attempts + 1,
                    wait_ms,
                };
                client.tell(&hooks.on_retry, &info, Some(&failure));
                scope.sleep(wait_ms).await;
            }
        }
    }
}
