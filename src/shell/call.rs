//! One call from start to result: the attempts, the waits between them and the deadline.
//! Every decision is the core's; this only sequences fetch, decode, decide and sleep.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::core::auth::request_headers;
use crate::core::decode::{decode_response, Output, Want};
use crate::core::error::{Error, ErrorKind};
use crate::core::operation::{request_body, Variables};
use crate::core::options::{call_settings, ClientConfig};
use crate::core::retry::{decide, parse_retry_after, Decision};
use crate::shell::js;
use crate::shell::transport::{self, CallGuard, Failure, Reply, Stop};

fn stopped_error(stop: Stop, want: Want<'_>, timeout_ms: u32) -> Error {
    let op = want.operation();
    match stop {
        Stop::Timeout => Error::new(
            ErrorKind::Timeout,
            Some(op),
            format!("{}: no answer within {timeout_ms} ms", op.method_name()),
        ),
        Stop::Aborted => Error::new(
            ErrorKind::Aborted,
            Some(op),
            format!("{}: aborted by the caller's signal", op.method_name()),
        ),
    }
}

fn redirect_error(want: Want<'_>, status: u16) -> Error {
    let op = want.operation();
    Error {
        status: (status != 0).then_some(status),
        ..Error::new(
            ErrorKind::Http,
            Some(op),
            format!(
                "{}: the endpoint answered with a redirect, which is not followed so that credentials stay with the endpoint; use the final URL",
                op.method_name()
            ),
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
                format!("{}: the response could not be read", op.method_name()),
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
            format!(
                "{}: AbortController is not available here",
                op.method_name()
            ),
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
                match decode_response(want, reply.status, &reply.body, retry_after) {
                    Ok(output) => return deliver(output, &reply, want, attempts),
                    Err(error) => error,
                }
            }
            Err(Failure::Stopped(stop)) => stopped_error(stop, want, settings.timeout_ms),
            Err(Failure::Network(message)) => Error::new(
                ErrorKind::Network,
                Some(op),
                format!("{}: the request failed: {message}", op.method_name()),
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
