//! One attempt: a request built with gloo-net (method, headers, JSON body, manual redirect,
//! the call's `AbortSignal`), sent, and its response read with gloo-net (status, headers,
//! body bytes). Nothing here decides anything.

use std::pin::pin;

use futures_util::future::{select, Either};
use gloo_net::http::{Request, Response};
use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestRedirect, ResponseType};

use crate::core::error::{request_id, Error, ErrorKind, REQUEST_ID_HEADERS};
use crate::core::operation::Operation;
use crate::shell::call::{Failure, OnAbort};
use crate::shell::js::get;

#[wasm_bindgen]
extern "C" {
    // The global `fetch` (pages, workers, service workers and Node alike), the binding
    // gloo-net's own `send()` uses. The request goes through it here rather than through
    // `send()` because `send()` turns a rejection into `{ name, message }` and drops its
    // `cause`: Node says why a request failed only there ("fetch failed", cause
    // `connect ECONNREFUSED 127.0.0.1:9090`), and the contract's network message keeps it.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_request(request: &web_sys::Request) -> Promise;
}

/// What came back.
pub(crate) struct Reply {
    /// The HTTP status.
    pub(crate) status: u16,
    /// The endpoint answered with a redirect (not followed: the credentials stay with it).
    pub(crate) redirected: bool,
    /// The `Retry-After` header.
    pub(crate) retry_after: Option<String>,
    /// The request id the server sent ([`REQUEST_ID_HEADERS`]), when it is one.
    pub(crate) request_id: Option<String>,
    /// The body (empty for a redirect).
    pub(crate) body: Vec<u8>,
}

/// An attempt of `op` that got no usable response, as the call's `network` failure: `why`
/// is a sentence (never a header or the body), `cause` what fetch rejected with (or the
/// `fetch` option threw), for the error's `cause`.
fn failed(op: Operation, why: &str, cause: Option<JsValue>) -> Failure {
    let message = format!("{}: the request failed: {why}", op.method_name());
    Failure {
        error: Error::new(ErrorKind::Network, Some(op), message),
        cause,
    }
}

/// `error`, a fetch rejection, as a failure.
fn rejected(op: Operation, prefix: &str, error: JsValue) -> Failure {
    failed(
        op,
        &format!("{prefix}{}", fetch_failure(&error)),
        Some(error),
    )
}

/// `promise`, or the abort of `signal`, whichever comes first. With a `fetch` option it is
/// raced against each step of an attempt, so a `fetch` that ignores the signal, or a body
/// of its own that never ends, cannot hold a call past its deadline. The global `fetch`
/// needs no race: the request's signal stops it and its body. Nor would it want one: a
/// future on a promise that never settles keeps its Rust callbacks until the engine collects
/// it, and wasm memory, once grown, never shrinks (the 20,000-call leak test in tests/web.rs
/// caught exactly that); one race keeps one future.
async fn until_aborted(promise: &JsValue, signal: &AbortSignal) -> Result<JsValue, JsValue> {
    let aborted = OnAbort::new(signal);
    let race = Array::of2(&Promise::resolve(promise), &aborted.promise);
    JsFuture::from(Promise::race(&race)).await
}

/// Sends one POST of `op`'s `body` to `url` with `headers`, stopped by `signal`, through
/// `fetch` (the `fetch` option, called as a plain function with the `Request`) or the global
/// `fetch`. `Err` is the `network` failure: why the request failed.
pub(crate) async fn attempt(
    op: Operation,
    fetch: Option<&Function>,
    url: &str,
    headers: &[(String, String)],
    body: &str,
    signal: &AbortSignal,
) -> Result<Reply, Failure> {
    let mut request = Request::post(url)
        .redirect(RequestRedirect::Manual)
        .abort_signal(Some(signal));
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let request = request
        .body(body)
        .map_err(|e| failed(op, &e.to_string(), None))?;
    let raw: web_sys::Request = request.into();
    let sent: JsValue = match fetch {
        // `this` is undefined: a plain function, never a method of the options object.
        Some(fetch) => fetch
            .call1(&JsValue::UNDEFINED, &raw)
            .map_err(|e| rejected(op, "the fetch option threw: ", e))?,
        None => fetch_with_request(&raw).into(),
    };
    let response = match fetch {
        Some(_) => until_aborted(&sent, signal).await,
        None => JsFuture::from(Promise::from(sent)).await,
    }
    .map_err(|e| rejected(op, "", e))?;
    let raw = response.dyn_into::<web_sys::Response>().map_err(|_| {
        let why = match fetch {
            Some(_) => "the fetch option did not resolve with a Response",
            None => "fetch did not answer with a Response",
        };
        failed(op, why, None)
    })?;
    let response = Response::from(<web_sys::Response as Clone>::clone(&raw));
    let request_id = REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| response.headers().get(name))
        .and_then(|value| request_id(&value));
    let status = response.status();
    // A browser shows a manual redirect as an opaque one (status 0); Node gives the 3xx.
    if response.type_() == ResponseType::Opaqueredirect || (300..400).contains(&status) {
        return Ok(Reply {
            status,
            redirected: true,
            retry_after: None,
            request_id,
            body: Vec::new(),
        });
    }
    let retry_after = response.headers().get("retry-after");
    // The headers came; the body can still break off (a connection closed or reset midway).
    let broke = |e: JsValue| {
        let why = format!(
            "the connection broke while the response body was read ({})",
            fetch_failure(&e)
        );
        failed(op, &why, Some(e))
    };
    let body = match fetch {
        Some(_) => {
            let aborted = OnAbort::new(signal);
            let read = pin!(body_bytes(&raw));
            match select(read, JsFuture::from(aborted.promise.clone())).await {
                Either::Left((read, _)) => read.map_err(broke)?,
                Either::Right(_) => {
                    return Err(failed(op, "aborted while the response body was read", None))
                }
            }
        }
        None => body_bytes(&raw).await.map_err(broke)?,
    };
    Ok(Reply {
        status,
        redirected: false,
        retry_after,
        request_id,
        body,
    })
}

/// The body's bytes, through `Response.arrayBuffer()`. Not gloo-net's `binary()`: it converts
/// a rejection by asserting that the value is an `Error`, and panics when it is not, and a
/// body can reject with anything: an abort's reason, or what a `fetch` option's stream
/// errored with. A panic would poison the module for every later call.
async fn body_bytes(response: &web_sys::Response) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// What a rejected fetch says. Node hides the reason in `cause` ("fetch failed", cause
/// `connect ECONNREFUSED 127.0.0.1:9`, or an AggregateError of such): its code and the
/// address or host it tried are added, nothing else of it (never a header). Browsers give
/// no cause; their message stays as it is.
fn fetch_failure(error: &JsValue) -> String {
    let mut message = get(error, "message")
        .as_string()
        .unwrap_or_else(|| "unknown error".to_string());
    let cause = get(error, "cause");
    let errors = get(&cause, "errors");
    let place = match errors.dyn_ref::<Array>() {
        Some(list) if list.length() > 0 => list.get(0),
        _ => cause.clone(),
    };
    // Without a code, a cause's message of a few plain words ("bad port", "other side
    // closed") is added; any other message could quote a value, so it is left out.
    let plain_words = |text: &str| {
        (1..=40).contains(&text.len()) && text.chars().all(|c| c.is_ascii_alphabetic() || c == ' ')
    };
    let code = get(&cause, "code")
        .as_string()
        .or_else(|| get(&place, "code").as_string())
        .or_else(|| {
            get(&cause, "message")
                .as_string()
                .filter(|m| plain_words(m))
        });
    if let Some(code) = code {
        let at = match get(&place, "address").as_string() {
            Some(address) => {
                let host = if address.contains(':') {
                    format!("[{address}]")
                } else {
                    address
                };
                // A port is a whole number below 65536 (formatted as one: no float formatting).
                match get(&place, "port")
                    .as_f64()
                    .filter(|p| (0.0..65536.0).contains(p))
                {
                    Some(port) => format!(" {host}:{}", port as u16),
                    None => format!(" {host}"),
                }
            }
            None => match get(&place, "hostname").as_string() {
                Some(hostname) => format!(" {hostname}"),
                None => String::new(),
            },
        };
        message = format!("{message} ({code}{at})");
    }
    message
}
