//! One call: attempts through [`transport`], the waits between them, the call's deadline
//! and the caller's `AbortSignal` folded into one `AbortController`. Every decision is the
//! core's: how a reply decodes ([`decode_response`]), whether to try again and how long to
//! wait ([`decide`]).

use std::pin::pin;

use futures_util::future::{select, Either};
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use js_sys::{Date, Function, Math, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use crate::core::auth::request_headers;
use crate::core::decode::{decode_response, Output, Want};
use crate::core::error::{Error, ErrorKind};
use crate::core::operation::{request_body, Operation, Variables};
use crate::core::options::{CallSettings, ClientConfig};
use crate::core::retry::{decide, parse_retry_after, Decision};
use crate::shell::js::get;
use crate::shell::transport::{attempt, Reply};

/// A client's settings and the headers every request sends (they hold the credentials and
/// live in wasm memory, not on anything JS can enumerate).
pub struct Client {
    /// The checked options.
    pub config: ClientConfig,
    headers: Vec<(String, String)>,
    /// The `fetch` option: sends every request instead of the global `fetch`.
    fetch: Option<Function>,
}

impl Client {
    /// Prepares a client from checked options and the `fetch` option.
    pub fn new(config: ClientConfig, fetch: Option<Function>) -> Client {
        let headers = request_headers(
            &config.auth,
            config.workspace_uid.as_deref(),
            &config.headers,
        );
        Client {
            config,
            headers,
            fetch,
        }
    }
}

/// Why a call stopped before it was done.
#[derive(Clone, Copy)]
pub enum Stop {
    /// The deadline passed.
    Timeout,
    /// The caller's signal aborted.
    Aborted,
}

/// The call's own `AbortController`: aborted by the deadline's timer or by the caller's
/// signal (through a listener removed when the call ends). Every attempt and wait of the
/// call listens to its signal. Dropping it clears the timer.
pub struct Lifetime {
    controller: AbortController,
    caller: Option<AbortSignal>,
    forward: Option<Function>,
    ends_at: f64,
    _deadline: Timeout,
}

impl Lifetime {
    /// Starts the clock; `None` when the engine has no `AbortController`.
    pub fn new(timeout_ms: u32, caller: Option<AbortSignal>) -> Option<Lifetime> {
        let controller = AbortController::new().ok()?;
        // `controller.abort` bound to it: a JS function, so no Rust closure outlives the call.
        let forward = match &caller {
            Some(signal) => {
                let abort = get(&controller, "abort").dyn_into::<Function>().ok()?;
                let bound = abort.bind0(&controller);
                signal
                    .add_event_listener_with_callback("abort", &bound)
                    .ok()?;
                Some(bound)
            }
            None => None,
        };
        let timer = {
            let controller = controller.clone();
            Timeout::new(timeout_ms, move || controller.abort())
        };
        Some(Lifetime {
            controller,
            caller,
            forward,
            ends_at: Date::now() + f64::from(timeout_ms),
            _deadline: timer,
        })
    }

    /// The signal every request and wait of the call listens to.
    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Whether the caller or the deadline has ended the call (the caller wins a tie).
    pub fn stopped(&self) -> Option<Stop> {
        if self.caller.as_ref().is_some_and(AbortSignal::aborted) {
            Some(Stop::Aborted)
        } else if self.signal().aborted() {
            Some(Stop::Timeout)
        } else {
            None
        }
    }

    /// What is left of the deadline.
    pub fn remaining_ms(&self) -> u64 {
        (self.ends_at - Date::now()).max(0.0) as u64
    }

    /// Waits `ms`, or less if the call is stopped meanwhile.
    async fn sleep(&self, ms: u64) {
        let signal = self.signal();
        if signal.aborted() {
            return;
        }
        // Resolved by the controller's "abort" (a JS function holds it, not a Rust closure).
        let aborted = JsFuture::from(Promise::new(&mut |resolve, _| {
            let _ = signal.add_event_listener_with_callback("abort", &resolve);
        }));
        let timer = TimeoutFuture::new(u32::try_from(ms).unwrap_or(u32::MAX));
        match select(pin!(timer), aborted).await {
            Either::Left(_) | Either::Right(_) => {}
        }
    }
}

impl Drop for Lifetime {
    fn drop(&mut self) {
        if let (Some(signal), Some(forward)) = (&self.caller, &self.forward) {
            let _ = signal.remove_event_listener_with_callback("abort", forward);
        }
    }
}

/// The error of a call (or a run, under `method`) that `stop` ended.
pub fn stopped_error(op: Operation, stop: Stop, attempts: u32, timeout_ms: u32) -> Error {
    let method = op.method_name();
    let error = match stop {
        Stop::Aborted => Error::new(
            ErrorKind::Aborted,
            Some(op),
            format!("{method}: aborted by the caller's signal"),
        ),
        Stop::Timeout => Error::new(
            ErrorKind::Timeout,
            Some(op),
            format!("{method}: no answer within {timeout_ms} ms"),
        ),
    };
    Error { attempts, ..error }
}

/// What one reply means: the result, or the error of that attempt.
fn outcome(want: Want<'_>, reply: &Reply) -> Result<Output, Error> {
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

/// Runs one call to its end: its result and the body it came in (for
/// [`Output::Pick`]), or the `ParadimeError` it settles with.
pub async fn run(
    client: &Client,
    want: Want<'_>,
    variables: &Variables,
    settings: CallSettings<AbortSignal>,
) -> Result<(Output, Vec<u8>), Error> {
    let op = want.operation();
    let timeout_ms = settings.timeout_ms;
    let body = request_body(variables);
    let lifetime = Lifetime::new(timeout_ms, settings.signal).ok_or_else(|| {
        Error::new(
            ErrorKind::Network,
            Some(op),
            format!(
                "{}: AbortController is not available here",
                op.method_name()
            ),
        )
    })?;
    let mut attempts = 0;
    loop {
        if let Some(stop) = lifetime.stopped() {
            return Err(stopped_error(op, stop, attempts, timeout_ms));
        }
        attempts += 1;
        let sent = attempt(
            client.fetch.as_ref(),
            &client.config.endpoint,
            &client.headers,
            &body,
            &lifetime.signal(),
        )
        .await;
        let error = match sent {
            Ok(reply) => match outcome(want, &reply) {
                Ok(output) => return Ok((output, reply.body)),
                Err(error) => error,
            },
            Err(why) => match lifetime.stopped() {
                Some(stop) => return Err(stopped_error(op, stop, attempts, timeout_ms)),
                None => Error::new(
                    ErrorKind::Network,
                    Some(op),
                    format!("{}: the request failed: {why}", op.method_name()),
                ),
            },
        };
        let error = Error { attempts, ..error };
        let decision = decide(
            op,
            &error,
            attempts,
            client.config.retries,
            lifetime.remaining_ms(),
            Math::random(),
        );
        match decision {
            Decision::Fail => return Err(error),
            Decision::RetryAfter(wait_ms) => lifetime.sleep(wait_ms).await,
        }
    }
}
