//! `fetch`, the call's deadline and the caller's `AbortSignal` folded into one
//! `AbortController`, and an abortable sleep. No Paradime knowledge here.
//!
//! `fetch` is bound directly (the global one: pages, workers, service workers and Node all
//! have it) with a plain init object, rather than through gloo-net: gloo-net's builder
//! brings `Request`, `RequestInit` and `Headers` bindings and its error type with
//! `core::fmt`, which cost the package more than this whole file.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::{Cell, RefCell};

use js_sys::{ArrayBuffer, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch(url, init)`; a synchronous throw (no `fetch` at all) is caught.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn fetch_with(url: &str, init: &Object) -> Result<Promise, JsValue>;

    /// The part of `Response` a call reads.
    type Response;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Response) -> u16;
    #[wasm_bindgen(method, getter, js_name = type)]
    fn kind(this: &Response) -> String;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &Response) -> ResponseHeaders;
    #[wasm_bindgen(method, js_name = arrayBuffer)]
    fn array_buffer(this: &Response) -> Promise;

    type ResponseHeaders;
    #[wasm_bindgen(method)]
    fn get(this: &ResponseHeaders, name: &str) -> Option<String>;

    // Global timers: the same in pages, workers, service workers and Node.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// Milliseconds since the epoch (`Date.now()`).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Why a call stopped before its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The call's own deadline passed.
    Timeout,
    /// The caller's signal aborted.
    Aborted,
}

/// One HTTP answer.
pub struct Reply {
    /// HTTP status (0 for a refused redirect in a browser).
    pub status: u16,
    /// The raw `Retry-After` header, if any.
    pub retry_after: Option<String>,
    /// The body bytes, copied once into wasm memory.
    pub body: Vec<u8>,
    /// The same bytes as JS holds them, for the engine's own `JSON.parse`.
    pub raw: Uint8Array,
    /// The endpoint answered with a redirect, which is not followed.
    pub redirected: bool,
}

/// Why an attempt got no answer.
pub enum Failure {
    /// `fetch` rejected: the message of its error.
    Network(String),
    /// The deadline passed or the caller aborted.
    Stopped(Stop),
}

/// The life of one call: an `AbortController` aborted when the deadline passes or when the
/// caller's signal aborts, whichever comes first. Dropping it clears the timer and removes
/// the listener, so nothing outlives the call (a pending timer would keep Node alive).
pub struct CallGuard {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    timer: JsValue,
    caller: Option<AbortSignal>,
    // Held so the JS side can call them while the call lives.
    _on_deadline: Closure<dyn FnMut()>,
    on_caller_abort: Option<Closure<dyn FnMut()>>,
    deadline_ms: f64,
}

impl CallGuard {
    /// Starts the deadline (`timeout_ms` from now) and links the caller's signal.
    pub fn new(timeout_ms: u32, caller: Option<AbortSignal>) -> Result<CallGuard, JsValue> {
        let controller = AbortController::new()?;
        let timed_out = Rc::new(Cell::new(false));
        let on_deadline = {
            let controller = controller.clone();
            let timed_out = timed_out.clone();
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let deadline_ms = now_ms() + f64::from(timeout_ms);
        let timer = set_timeout(on_deadline.as_ref().unchecked_ref(), f64::from(timeout_ms));
        let on_caller_abort = match &caller {
            Some(signal) => {
                let controller = controller.clone();
                let closure = Closure::<dyn FnMut()>::new(move || controller.abort());
                signal
                    .add_event_listener_with_callback("abort", closure.as_ref().unchecked_ref())?;
                Some(closure)
            }
            None => None,
        };
        Ok(CallGuard {
            controller,
            timed_out,
            timer,
            caller,
            _on_deadline: on_deadline,
            on_caller_abort,
            deadline_ms,
        })
    }

    /// The signal every fetch and sleep of this call listens to.
    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Milliseconds left before the deadline.
    pub fn remaining_ms(&self) -> u64 {
        (self.deadline_ms - now_ms()).max(0.0) as u64
    }

    /// Why the call must stop now, if it must.
    pub fn stopped(&self) -> Option<Stop> {
        if self.caller.as_ref().is_some_and(|s| s.aborted()) {
            Some(Stop::Aborted)
        } else if self.timed_out.get() || self.signal().aborted() {
            Some(Stop::Timeout)
        } else {
            None
        }
    }
}

impl Drop for CallGuard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let (Some(signal), Some(closure)) = (&self.caller, &self.on_caller_abort) {
            let _ = signal
                .remove_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
        }
    }
}

/// The `message` of a thrown JS value (or its string form).
fn thrown_message(value: &JsValue) -> String {
    js_sys::Reflect::get(value, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// POSTs `body` to `url` with `headers`, under `guard`'s signal. Redirects are not
/// followed (the credentials must never travel to another address). No other request
/// option is set: a cache mode, for one, makes some engines add request headers.
pub async fn send(
    url: &str,
    headers: &[(String, String)],
    body: &str,
    guard: &CallGuard,
) -> Result<Reply, Failure> {
    let init = Object::new();
    let header_object = Object::new();
    for (name, value) in headers {
        set(&header_object, name, &JsValue::from_str(value));
    }
    set(&init, "method", &JsValue::from_str("POST"));
    set(&init, "headers", &header_object);
    set(&init, "body", &JsValue::from_str(body));
    set(&init, "signal", &guard.signal());
    set(&init, "redirect", &JsValue::from_str("manual"));
    let stopped_or = |thrown: JsValue| match guard.stopped() {
        Some(stop) => Failure::Stopped(stop),
        None => Failure::Network(thrown_message(&thrown)),
    };
    let response: Response = JsFuture::from(fetch_with(url, &init).map_err(stopped_or)?)
        .await
        .map_err(stopped_or)?
        .unchecked_into();
    let status = response.status();
    let redirected = response.kind() == "opaqueredirect" || (300..400).contains(&status);
    let retry_after = response.headers().get("retry-after");
    let raw = if redirected {
        Uint8Array::new_with_length(0)
    } else {
        let buffer = JsFuture::from(response.array_buffer())
            .await
            .map_err(stopped_or)?;
        Uint8Array::new(&buffer.unchecked_into::<ArrayBuffer>())
    };
    Ok(Reply {
        status,
        retry_after,
        body: raw.to_vec(),
        raw,
        redirected,
    })
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a data property on a fresh object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Waits `ms`, or less if the call is stopped meanwhile.
pub async fn sleep(ms: u64, guard: &CallGuard) {
    let signal = guard.signal();
    if signal.aborted() {
        return;
    }
    let timer: Rc<RefCell<JsValue>> = Rc::new(RefCell::new(JsValue::UNDEFINED));
    let wake: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
    let promise = {
        let timer = timer.clone();
        let wake = wake.clone();
        let signal = signal.clone();
        Promise::new(&mut move |resolve: Function, _reject: Function| {
            *timer.borrow_mut() = set_timeout(&resolve, ms as f64);
            let _ = signal.add_event_listener_with_callback("abort", &resolve);
            *wake.borrow_mut() = Some(resolve);
        })
    };
    let _ = JsFuture::from(promise).await;
    clear_timeout(&timer.borrow());
    let resolve = wake.borrow_mut().take();
    if let Some(resolve) = resolve {
        let _ = signal.remove_event_listener_with_callback("abort", &resolve);
    }
}
