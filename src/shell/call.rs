//! One call from start to result: the attempts, the waits between them and the deadline.
//! Every decision is the core's; this only sequences fetch, decode, decide and sleep.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::core::auth::request_headers;
use crate::core::decode::{decode_response, Output, Want};
use crate::core::error::{concat, Error, ErrorKind};
use crate::core::json::push_number;
use crate::core::operation::{request_body, Variables};
use crate::core::options::{call_settings, ClientConfig};
use crate::core::retry::{decide, parse_retry_after, Decision};
use crate::shell::js;
use crate::shell::transport::{self, CallGuard, Failure, Reply, Stop};

fn stopped_error(stop: Stop, want: Want<'_>, timeout_ms: u32) -> Error {
    let op = want.operation();
    let mut message = String::from(op.method_name());
    match stop {
        Stop::Timeout => {
            message.push_str(": no answer within ");
            push_number(&mut message, u64::from(timeout_ms));
            message.push_str(" ms");
            Error::new(ErrorKind::Timeout, Some(op), message)
        }
        Stop::Aborted => {
            message.push_str(": aborted by the caller's signal");
            Error::new(ErrorKind::Aborted, Some(op), message)
        }
    }
}

fn redirect_error(want: Want<'_>, status: u16) -> Error {
    let op = want.operation();
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
}

/// Turns a decoded success into the JS result. The core has checked the JSON already; a
/// failure here would still reject with a ParadimeError, never a bare JS error.
fn deliver(
    output: Output,
    reply: &Reply,
    want: Want<'_>,
    attempts: u32,
) -> Result<JsValue, JsValue> {
    let result = match output {
        Output::Json(text) => js::parse_json(&text),
        Output::Pick(pick) => js::pick_list(&reply.raw, pick),
        Output::Unit => Ok(JsValue::UNDEFINED),
    };
    result.map_err(|_| {
        let op = want.operation();
        js::error_value(&Error {
            attempts,
            status: Some(reply.status),
            ..Error::new(
                ErrorKind::Decode,
                Some(op),
                concat(&[op.method_name(), ": the response could not be read"]),
            )
        })
    })
}

/// Runs one call: `variables` already validated, `call_options` the raw `CallOptions`.
/// Resolves to the JS result, or rejects with a `ParadimeError`.
pub async fn run(
    config: Rc<ClientConfig>,
    want: Want<'_>,
    variables: Variables,
    call_options: JsValue,
) -> Result<JsValue, JsValue> {
    let op = want.operation();
    let settings = call_settings(
        op,
        js::call_options_entries(&call_options).as_deref(),
        config.timeout_ms,
    )
    .map_err(|e| js::error_value(&e))?;
    let signal = if settings.has_signal {
        js::call_signal(&call_options)
    } else {
        None
    };
    if signal.as_ref().is_some_and(|s| s.aborted()) {
        return Err(js::error_value(&stopped_error(
            Stop::Aborted,
            want,
            settings.timeout_ms,
        )));
    }
    let guard = CallGuard::new(settings.timeout_ms, signal).map_err(|_| {
        js::error_value(&Error::new(
            ErrorKind::Network,
            Some(op),
            concat(&[op.method_name(), ": AbortController is not available here"]),
        ))
    })?;
    let headers = request_headers(
        &config.auth,
        config.workspace_uid.as_deref(),
        &config.headers,
    );
    let body = request_body(&variables);

    let mut attempts: u32 = 0;
    loop {
        attempts += 1;
        let mut error = match transport::send(&config.endpoint, &headers, &body, &guard).await {
            Ok(reply) if reply.redirected => redirect_error(want, reply.status),
            Ok(reply) => {
                let retry_after = reply
                    .retry_after
                    .as_deref()
                    .and_then(|v| parse_retry_after(v, transport::now_ms()));
                match decode_response(want, reply.status, &reply.body, retry_after, js::lower) {
                    Ok(output) => return deliver(output, &reply, want, attempts),
                    Err(error) => error,
                }
            }
            Err(Failure::Stopped(stop)) => stopped_error(stop, want, settings.timeout_ms),
            Err(Failure::Network(message)) => Error::new(
                ErrorKind::Network,
                Some(op),
                concat(&[op.method_name(), ": the request failed: ", &message]),
            ),
        };
        error.attempts = attempts;
        let random = js_sys::Math::random();
        match decide(
            op,
            &error,
            attempts,
            config.retries,
            guard.remaining_ms(),
            random,
        ) {
            Decision::Fail => return Err(js::error_value(&error)),
            Decision::RetryAfter(wait_ms) => {
                transport::sleep(wait_ms, &guard).await;
                if let Some(stop) = guard.stopped() {
                    let mut stopped = stopped_error(stop, want, settings.timeout_ms);
                    stopped.attempts = attempts;
                    return Err(js::error_value(&stopped));
                }
            }
        }
    }
}
