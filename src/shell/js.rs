//! JS values <-> core types: reading options objects and arguments, building the
//! `ParadimeError` object, and turning the core's JSON results into JS values.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Array, JsString, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::core::decode::Pick;
use crate::core::error::{Error, GraphqlErrorInfo};
use crate::core::options::OptValue;
use crate::core::validate::Arg;

/// The `name` of every error this package throws or rejects with.
pub const ERROR_NAME: &str = "ParadimeError";

fn type_name(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.is_string() {
        "string"
    } else if value.as_bool().is_some() {
        "boolean"
    } else if value.as_f64().is_some() {
        "number"
    } else if value.is_bigint() {
        "bigint"
    } else if value.is_symbol() {
        "symbol"
    } else if value.is_function() {
        "function"
    } else if Array::is_array(value) {
        "array"
    } else {
        "object"
    }
}

/// True for a non-null, non-array object.
fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !value.is_function() && !Array::is_array(value)
}

fn opt_value(value: JsValue, depth: u8) -> OptValue {
    if value.is_undefined() {
        OptValue::Undefined
    } else if value.is_null() {
        OptValue::Null
    } else if let Some(b) = value.as_bool() {
        OptValue::Bool(b)
    } else if let Some(n) = value.as_f64() {
        OptValue::Number(n)
    } else if let Some(s) = value.as_string() {
        OptValue::Str(s)
    } else if value.has_type::<AbortSignal>() {
        OptValue::Signal
    } else if depth > 0 && is_plain_object(&value) {
        match entries(&value, depth - 1) {
            Some(pairs) => OptValue::Object(pairs),
            None => OptValue::Other("object"),
        }
    } else {
        OptValue::Other(type_name(&value))
    }
}

fn entries(object: &JsValue, depth: u8) -> Option<Vec<(String, OptValue)>> {
    let object: &Object = object.dyn_ref()?;
    let keys = Object::keys(object);
    let mut out = Vec::with_capacity(keys.length() as usize);
    for key in keys.iter() {
        let name = key.as_string()?;
        // A getter that throws reads as an unusable value, not as a crash.
        let value = Reflect::get(object, &key)
            .map(|v| opt_value(v, depth))
            .unwrap_or(OptValue::Other("unreadable value"));
        out.push((name, value));
    }
    Some(out)
}

/// An options object's own keys and values (one level of nesting, for `headers`), or
/// `None` when `value` is not an object.
pub fn options_entries(value: &JsValue) -> Option<Vec<(String, OptValue)>> {
    if !is_plain_object(value) {
        return None;
    }
    entries(value, 1)
}

/// `CallOptions` entries: `undefined`/`null` mean no options.
pub fn call_options_entries(value: &JsValue) -> Option<Vec<(String, OptValue)>> {
    if value.is_undefined() || value.is_null() {
        return Some(Vec::new());
    }
    options_entries(value)
}

/// The `signal` of a `CallOptions` object (`undefined` when there is none).
pub fn call_signal(value: &JsValue) -> JsValue {
    if !is_plain_object(value) {
        return JsValue::UNDEFINED;
    }
    Reflect::get(value, &JsValue::from_str("signal")).unwrap_or(JsValue::UNDEFINED)
}

/// Request headers as the plain object `fetch` takes.
pub fn header_object(headers: &[(String, String)]) -> JsValue {
    let object = Object::new();
    for (name, value) in headers {
        set(&object, name, &JsValue::from_str(value));
    }
    object.into()
}

/// A method argument, owned, so a borrowed [`Arg`] can be handed to the core.
pub struct ArgBuf {
    text: Option<String>,
    kind: &'static str,
}

impl ArgBuf {
    /// Reads a JS argument.
    pub fn new(value: &JsValue) -> ArgBuf {
        ArgBuf {
            text: value.as_string(),
            kind: type_name(value),
        }
    }

    /// The argument as the core's validators take it.
    pub fn arg(&self) -> Arg<'_> {
        match (&self.text, self.kind) {
            (Some(s), _) => Arg::Str(s),
            (None, "undefined") => Arg::Missing,
            (None, "null") => Arg::Null,
            (None, kind) => Arg::NotString(kind),
        }
    }
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a data property on a fresh object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn opt_number<T: Into<f64>>(value: Option<T>) -> JsValue {
    value.map_or(JsValue::NULL, |n| JsValue::from_f64(n.into()))
}

fn graphql_error_info(info: &GraphqlErrorInfo) -> JsValue {
    let object = Object::new();
    set(&object, "message", &JsValue::from_str(&info.message));
    // The core kept these as the JSON text the server sent; the engine parses it into
    // plain arrays and objects.
    for (key, text) in [("path", &info.path), ("extensions", &info.extensions)] {
        if let Some(value) = text.as_deref().and_then(|t| JSON::parse(t).ok()) {
            set(&object, key, &value);
        }
    }
    object.into()
}

/// A real `Error` (with a stack) named `ParadimeError`, carrying every field of the
/// contract.
pub fn error_value(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name(ERROR_NAME);
    let value: JsValue = js.into();
    set(&value, "kind", &JsValue::from_str(error.kind.as_str()));
    set(
        &value,
        "operation",
        &error
            .operation
            .map_or(JsValue::NULL, |op| JsValue::from_str(op.method_name())),
    );
    set(&value, "status", &opt_number(error.status));
    set(&value, "retryable", &JsValue::from_bool(error.retryable));
    set(
        &value,
        "attempts",
        &JsValue::from_f64(f64::from(error.attempts)),
    );
    set(
        &value,
        "retryAfterMs",
        &opt_number(error.retry_after_ms.map(|ms| ms as f64)),
    );
    let list = Array::new();
    for info in &error.graphql_errors {
        list.push(&graphql_error_info(info));
    }
    set(&value, "graphqlErrors", &list);
    value
}

/// `isParadimeError`: an `Error` named `ParadimeError` with a string `kind`.
pub fn is_paradime_error(value: &JsValue) -> bool {
    let Some(error) = value.dyn_ref::<js_sys::Error>() else {
        return false;
    };
    error.name() == ERROR_NAME
        && Reflect::get(value, &JsValue::from_str("kind")).is_ok_and(|k| k.is_string())
}

/// Parses JSON written by the core with the engine's own `JSON.parse`.
pub fn parse_json(text: &str) -> Result<JsValue, JsValue> {
    JSON::parse(text)
}

/// Lower-cases with the engine's `String.prototype.toLowerCase` (the core's [`Lower`]).
///
/// [`Lower`]: crate::core::decode::Lower
pub fn lower(text: &str) -> String {
    JsString::from(text).to_lower_case().into()
}

#[wasm_bindgen]
extern "C" {
    // Bound here rather than through web-sys so the decoded text stays a JS string: it
    // never crosses into wasm memory.
    type TextDecoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextDecoder;
    #[wasm_bindgen(method)]
    fn decode(this: &TextDecoder, input: &Uint8Array) -> JsString;
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_js_string(text: &JsString) -> Result<JsValue, JsValue>;
}

/// The fast path's result: the body the core found to have exactly the right shape,
/// decoded and parsed by the engine itself, and the part `pick` names taken out of
/// `data.listUsers`.
pub fn pick_list(body: &Uint8Array, pick: Pick) -> Result<JsValue, JsValue> {
    let parsed = parse_js_string(&TextDecoder::new().decode(body))?;
    let data = Reflect::get(&parsed, &JsValue::from_str("data"))?;
    let list = Reflect::get(&data, &JsValue::from_str("listUsers"))?;
    let field = |name: &str| Reflect::get(&list, &JsValue::from_str(name));
    Ok(match pick {
        Pick::ActiveUsers => field("activeUsers")?,
        Pick::InvitedUsers => field("invitedUsers")?,
        Pick::UserList => {
            let result = Object::new();
            set(&result, "activeUsers", &field("activeUsers")?);
            set(&result, "invitedUsers", &field("invitedUsers")?);
            result.into()
        }
    })
}
