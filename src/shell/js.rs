//! JS values <-> core types, the Rust half (the JavaScript half is in `driver.js`).
//!
//! Options objects cross as JSON text written by the engine (`describe`) and read by the
//! core (`read_entries` in core/options.rs); errors and results cross back as JSON text
//! written by the core and parsed by the engine. One call each way, instead of an import
//! call per field: the glue of every import is bytes in every download.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use crate::core::error::Error;
use crate::core::options::{read_entries, OptValue};
use crate::core::validate::Arg;

#[wasm_bindgen(module = "/src/shell/driver.js")]
extern "C" {
    fn describe(value: &JsValue) -> Option<String>;
    #[wasm_bindgen(js_name = kindOf)]
    fn kind_of(value: &JsValue) -> String;
    #[wasm_bindgen(js_name = toError)]
    fn to_error(json: &str) -> JsValue;
    /// `isParadimeError`: an `Error` named `ParadimeError` with a string `kind`.
    #[wasm_bindgen(js_name = isParadimeError)]
    pub fn is_paradime_error(value: &JsValue) -> bool;
    /// Lower-cases with the engine's `String.prototype.toLowerCase` (the core's `Lower`).
    pub fn lower(text: &str) -> String;
}

#[wasm_bindgen]
extern "C" {
    /// Parses JSON the core wrote (it cannot fail: the core writes only valid JSON).
    #[wasm_bindgen(js_namespace = JSON)]
    pub fn parse(text: &str) -> JsValue;
}

/// An options object's own keys and values (one level of nesting, for `headers`), or
/// `None` when `value` is not an object.
pub fn options_entries(value: &JsValue) -> Option<Vec<(String, OptValue)>> {
    read_entries(&describe(value)?)
}

/// `CallOptions` entries: `undefined`/`null` mean no options.
pub fn call_options_entries(value: &JsValue) -> Option<Vec<(String, OptValue)>> {
    if value.is_undefined() || value.is_null() {
        return Some(Vec::new());
    }
    options_entries(value)
}

/// A method argument, owned, so a borrowed [`Arg`] can be handed to the core.
pub struct ArgBuf {
    text: Option<String>,
    kind: String,
}

impl ArgBuf {
    /// Reads a JS argument.
    pub fn new(value: &JsValue) -> ArgBuf {
        let kind = kind_of(value);
        ArgBuf {
            text: if kind == "string" {
                value.as_string()
            } else {
                None
            },
            kind,
        }
    }

    /// The argument as the core's validators take it.
    pub fn arg(&self) -> Arg<'_> {
        match (&self.text, self.kind.as_str()) {
            (Some(s), _) => Arg::Str(s),
            (None, "undefined") => Arg::Missing,
            (None, "null") => Arg::Null,
            (None, "malformed string") => Arg::Malformed,
            (None, kind) => Arg::NotString(kind),
        }
    }
}

/// A real `Error` (with a stack) named `ParadimeError`, carrying every field of the
/// contract.
pub fn error_value(error: &Error) -> JsValue {
    to_error(&error.to_json())
}
