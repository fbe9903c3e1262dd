//! One call: what the JavaScript driver (`drive` in `driver.js`) asks after each attempt.
//! The driver does the I/O (fetch, timers, the caller's signal); every decision is made
//! here, by the core: decode the answer, classify the failure, retry or not, how long to
//! wait, and what to settle with.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::core::auth::request_headers;
use crate::core::decode::{decode_response, Output, Pick, Want};
use crate::core::error::{Error, ErrorKind};
use crate::core::json::object;
use crate::core::operation::{request_body, Operation, Variables};
use crate::core::options::{call_settings, ClientConfig};
use crate::core::retry::{decide, parse_retry_after, Decision};
use crate::core::text::{concat, push_number};
use crate::shell::js;

#[wasm_bindgen(module = "/src/shell/driver.js")]
extern "C" {
    /// Runs `call` to its end: the returned promise settles as `call`'s answers say.
    fn drive(
        call: Call,
        url: &JsValue,
        headers: &JsValue,
        body: &str,
        timeout_ms: u32,
        options: &JsValue,
        has_signal: bool,
    ) -> Promise;
}

// What the driver does next (see `driver.js`): wait this many ms and try again, or settle:
/// Resolve with `JSON.parse(text)`.
const RESOLVE_JSON: f64 = -1.0;
/// Reject with the `ParadimeError` whose JSON is `text`.
const REJECT: f64 = -2.0;
/// Resolve with `undefined`.
const RESOLVE_VOID: f64 = -3.0;
/// Resolve with `{ activeUsers, invitedUsers }`, `activeUsers` or `invitedUsers` of the body.
const PICK_ALL: f64 = -4.0;
const PICK_ACTIVE: f64 = -5.0;
const PICK_INVITED: f64 = -6.0;

/// The driver's reasons for stopping (see `driver.js`).
const TIMEOUT: u8 = 1;
const ABORTED: u8 = 2;

/// A client's settings, with the JS values every call sends built once: the endpoint and
/// the headers object (which holds the credentials; it lives in wasm-bindgen's table, not
/// on anything JS can enumerate).
pub struct Client {
    config: ClientConfig,
    endpoint: JsValue,
    headers: JsValue,
}

impl Client {
    /// Prepares a client from checked options.
    pub fn new(config: ClientConfig) -> Client {
        let headers = js::parse(&object(&request_headers(
            &config.auth,
            config.workspace_uid.as_deref(),
            &config.headers,
        )));
        Client {
            endpoint: JsValue::from_str(&config.endpoint),
            headers,
            config,
        }
    }
}

/// What the caller wants, owned (a `Want` borrows the email).
enum Target {
    List(Want<'static>),
    UserByEmail(String),
}

/// The state of one call between the driver's questions. Not part of the public API (the
/// `.d.ts` does not declare it); the driver frees it when the call settles.
#[wasm_bindgen(skip_typescript)]
pub struct Call {
    client: Rc<Client>,
    target: Target,
    attempts: u32,
    timeout_ms: u32,
    /// The last response's status (0 before one arrives).
    status: u16,
    text: String,
}

/// Starts a call: checks the per-call options, then hands the request to the driver.
/// Resolves to the JS result, or rejects with a `ParadimeError`.
pub fn start(
    client: Rc<Client>,
    want: Want<'_>,
    variables: Variables,
    call_options: JsValue,
) -> Promise {
    let op = want.operation();
    let settings = match call_settings(
        op,
        js::call_options_entries(&call_options).as_deref(),
        client.config.timeout_ms,
    ) {
        Ok(settings) => settings,
        Err(e) => return Promise::reject(&js::error_value(&e)),
    };
    let body = request_body(&variables);
    let target = match want {
        Want::UserByEmail(email) => Target::UserByEmail(email.to_string()),
        Want::UserList => Target::List(Want::UserList),
        Want::ActiveUsers => Target::List(Want::ActiveUsers),
        Want::InvitedUsers => Target::List(Want::InvitedUsers),
        Want::Ack(op) => Target::List(Want::Ack(op)),
    };
    let (url, headers) = (client.endpoint.clone(), client.headers.clone());
    let call = Call {
        client,
        target,
        attempts: 0,
        timeout_ms: settings.timeout_ms,
        status: 0,
        text: String::new(),
    };
    drive(
        call,
        &url,
        &headers,
        &body,
        settings.timeout_ms,
        &call_options,
        settings.has_signal,
    )
}

impl Call {
    fn want(&self) -> Want<'_> {
        match &self.target {
            Target::List(want) => *want,
            Target::UserByEmail(email) => Want::UserByEmail(email),
        }
    }

    fn operation(&self) -> Operation {
        self.want().operation()
    }

    fn stopped_error(&self, stop: u8) -> Error {
        let op = self.operation();
        let mut message = String::from(op.method_name());
        let mut error = if stop == ABORTED {
            message.push_str(": aborted by the caller's signal");
            Error::new(ErrorKind::Aborted, Some(op), message)
        } else {
            message.push_str(": no answer within ");
            push_number(&mut message, u64::from(self.timeout_ms));
            message.push_str(" ms");
            Error::new(ErrorKind::Timeout, Some(op), message)
        };
        error.attempts = self.attempts;
        error
    }

    /// Settles with `error`, or asks for a wait when the core decides to try again.
    fn after_failure(&mut self, error: Error, remaining_ms: f64, random: f64) -> f64 {
        let decision = decide(
            self.operation(),
            &error,
            self.attempts,
            self.client.config.retries,
            remaining_ms as u64,
            random,
        );
        match decision {
            Decision::RetryAfter(wait_ms) => wait_ms as f64,
            Decision::Fail => self.reject(&error),
        }
    }

    fn reject(&mut self, error: &Error) -> f64 {
        self.text = error.to_json();
        REJECT
    }

    /// How to settle with a decoded success.
    fn deliver(&mut self, output: Output) -> f64 {
        match output {
            Output::Json(text) => {
                self.text = text;
                RESOLVE_JSON
            }
            Output::Pick(Pick::UserList) => PICK_ALL,
            Output::Pick(Pick::ActiveUsers) => PICK_ACTIVE,
            Output::Pick(Pick::InvitedUsers) => PICK_INVITED,
            Output::Unit => RESOLVE_VOID,
        }
    }
}

#[wasm_bindgen]
impl Call {
    /// An attempt got an answer. Returns a wait in ms (try again), or how to settle.
    // Plain arguments across the JS boundary: an object would cost a lookup per field.
    #[allow(clippy::too_many_arguments)]
    pub fn replied(
        &mut self,
        status: u16,
        redirected: bool,
        retry_after: Option<String>,
        body: &[u8],
        now_ms: f64,
        remaining_ms: f64,
        random: f64,
    ) -> f64 {
        self.attempts += 1;
        self.status = status;
        let op = self.operation();
        let mut error = if redirected {
            Error {
                status: (status != 0).then_some(status),
                ..Error::new(
                    ErrorKind::Http,
                    Some(op),
                    concat(&[
                        op.method_name(),
                        ": the endpoint answered with a redirect, which is not followed so that credentials stay with the endpoint; use the final URL",
                    ]),
                )
            }
        } else {
            let retry_after = retry_after
                .as_deref()
                .and_then(|v| parse_retry_after(v, now_ms));
            match decode_response(self.want(), status, body, retry_after, js::lower) {
                Ok(output) => return self.deliver(output),
                Err(error) => error,
            }
        };
        error.attempts = self.attempts;
        self.after_failure(error, remaining_ms, random)
    }

    /// An attempt got no answer: `stop` says whether the deadline or the caller ended it
    /// (else the network failed, with `message`).
    pub fn failed(&mut self, stop: u8, message: String, remaining_ms: f64, random: f64) -> f64 {
        self.attempts += 1;
        if stop == TIMEOUT || stop == ABORTED {
            let error = self.stopped_error(stop);
            return self.reject(&error);
        }
        let op = self.operation();
        let mut error = Error::new(
            ErrorKind::Network,
            Some(op),
            concat(&[op.method_name(), ": the request failed: ", &message]),
        );
        error.attempts = self.attempts;
        self.after_failure(error, remaining_ms, random)
    }

    /// The call was stopped between attempts (or before the first): always REJECT.
    pub fn stopped(&mut self, stop: u8) -> f64 {
        let error = self.stopped_error(stop);
        self.reject(&error)
    }

    /// The engine could not parse a body the core accepted (it never should): REJECT with
    /// a `decode` error rather than a bare JS error.
    pub fn unreadable(&mut self) -> f64 {
        let op = self.operation();
        let error = Error {
            attempts: self.attempts,
            status: Some(self.status),
            ..Error::new(
                ErrorKind::Decode,
                Some(op),
                concat(&[op.method_name(), ": the response could not be read"]),
            )
        };
        self.reject(&error)
    }

    /// The JSON text to settle with, once a step said RESOLVE_JSON or REJECT.
    pub fn text(&self) -> String {
        self.text.clone()
    }
}
