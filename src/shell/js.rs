//! JS values <-> core types: serde-wasm-bindgen in (options objects) and out (results,
//! `ParadimeError` fields), and the few checks serde cannot make on a JS value.
//!
//! Options objects are first copied into plain objects by [`snapshot`]: each getter is
//! read once, inside `Reflect.get` (whose throw comes back as an `Err`), so a hostile
//! object (a Proxy whose traps throw) is a `config` or `validation` error, never a JS throw
//! through the wasm; and serde-wasm-bindgen then only reads plain data.

use js_sys::{Array, Function, JsString, Object, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::core::decode::{ListPart, Output};
use crate::core::error::{Error, ErrorKind};
use crate::core::model::Callbacks;
use crate::core::operation::Operation;
use crate::core::options::{self, ApplySettings, CallSettings, ClientConfig, CompanySettings};
use crate::core::roster::PlanSettings;
use crate::core::validate::Arg;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, its throw (a Proxy's `ownKeys` trap) caught.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn own_keys(value: &JsValue) -> Result<Array, JsValue>;
    /// `Array.isArray`, its throw (a revoked Proxy) caught.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// `value[key]`, or `undefined` when reading it throws (or `value` is not an object).
pub(crate) fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// What kind of object a value is, found without running any of its code but a Proxy's
/// traps (whose throws are caught).
enum Shape {
    Plain,
    Array,
    Signal,
    Other,
}

fn shape(value: &JsValue) -> Result<Shape, JsValue> {
    if is_array(value)? {
        return Ok(Shape::Array);
    }
    let proto: JsValue = Reflect::get_prototype_of(value)?.into();
    let object_proto: JsValue = Object::get_prototype_of(&Object::new().into()).into();
    if proto.is_null() || proto == object_proto {
        return Ok(Shape::Plain);
    }
    let signal_class = get(&js_sys::global(), "AbortSignal");
    if !signal_class.is_undefined() && proto == get(&signal_class, "prototype") {
        return Ok(Shape::Signal);
    }
    Ok(Shape::Other)
}

/// A value serde fails on whatever type it expects (a non-plain object, such as a `Map` or
/// a class instance, would otherwise have its own code run by serde's reads).
fn not_plain() -> JsValue {
    js_sys::Symbol::for_("paradime-users: not plain data").into()
}

/// A copy of `value` made of primitives, functions, `AbortSignal`s, plain objects (copied
/// without a prototype) and arrays, `depth` levels deep; each own enumerable property read
/// once. `Err` when reading throws.
fn snapshot(value: &JsValue, depth: u8) -> Result<JsValue, JsValue> {
    if !value.is_object() || value.is_function() {
        return Ok(value.clone());
    }
    match shape(value)? {
        Shape::Signal => Ok(value.clone()),
        Shape::Plain if depth > 0 => {
            // No prototype: an own `__proto__` key (as `JSON.parse` makes one) is then
            // copied as a key, to be read (and refused as unknown) like any other, instead
            // of running `Object.prototype`'s `__proto__` setter.
            let copy: Object = Object::create(JsValue::NULL.unchecked_ref::<Object>());
            for key in own_keys(value)?.iter() {
                let item = Reflect::get(value, &key)?;
                Reflect::set(&copy, &key, &snapshot(&item, depth - 1)?)?;
            }
            Ok(copy.into())
        }
        Shape::Array if depth > 0 => {
            let copy = Array::new();
            let length = Reflect::get(value, &"length".into())?
                .as_f64()
                .unwrap_or(0.0);
            for index in 0..(length as u32) {
                copy.push(&snapshot(&Reflect::get_u32(value, index)?, depth - 1)?);
            }
            Ok(copy.into())
        }
        _ => Ok(not_plain()),
    }
}

/// An options argument as the core reads it: a deserializer over its plain copy (a value
/// that is not a plain object, or cannot be read, is `undefined`, which the core refuses as
/// "not an object").
fn options_object(value: &JsValue) -> serde_wasm_bindgen::Deserializer {
    options_object_deep(value, 2)
}

/// [`options_object`], copied `depth` levels deep (an option that is an array of objects
/// needs 3).
fn options_object_deep(value: &JsValue, depth: u8) -> serde_wasm_bindgen::Deserializer {
    let copy = match value.is_object() && !value.is_function() {
        true => match shape(value) {
            Ok(Shape::Plain) => snapshot(value, depth).ok(),
            _ => None,
        },
        false => None,
    };
    copy.unwrap_or(JsValue::UNDEFINED).into()
}

/// A method's data argument (a roster, a plan, invites) copied into plain data, `depth`
/// levels deep, as serde-wasm-bindgen reads it; not plain data or unreadable: `undefined`,
/// which every reader refuses.
pub(crate) fn plain_data(value: &JsValue, depth: u8) -> serde_wasm_bindgen::Deserializer {
    snapshot(value, depth).unwrap_or(JsValue::UNDEFINED).into()
}

/// A method's options: `undefined`/`null` are none (an empty object).
fn method_options(options: &JsValue) -> serde_wasm_bindgen::Deserializer {
    if options.is_undefined() || options.is_null() {
        return JsValue::from(Object::new()).into();
    }
    options_object(options)
}

/// `parseRoster`'s options (`undefined`/`null`: none), copied deep enough for its
/// `workspaces` (an array of `{ uid, name }`).
pub(crate) fn roster_options(options: &JsValue) -> serde_wasm_bindgen::Deserializer {
    if options.is_undefined() || options.is_null() {
        return JsValue::from(Object::new()).into();
    }
    options_object_deep(options, 3)
}

/// The caller's `AbortSignal`, as options carry it.
pub(crate) type Signal = Js<AbortSignal>;
/// A function option (`fetch`, a hook, `onProgress`), as options carry it.
pub(crate) type Callback = Js<Function>;

/// A JS value of the JS type `T` (`AbortSignal`, `Function`), read from an options object as
/// it is (`serde_wasm_bindgen::preserve`: the value itself, not a copy) and checked while it
/// is read: a value of another type fails serde there, so the options reader names its key
/// with what the option must be, like any other option of the wrong type.
#[derive(Clone, Debug)]
pub(crate) struct Js<T>(pub(crate) T);

impl<'de, T: JsCast> Deserialize<'de> for Js<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value: JsValue = serde_wasm_bindgen::preserve::deserialize(deserializer)?;
        value
            .dyn_into::<T>()
            .map(Js)
            .map_err(|_| serde::de::Error::custom("a value of another JS type"))
    }
}

impl<T> std::ops::Deref for Js<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// `planSync`'s `PlanOptions`, checked.
pub(crate) fn plan_settings(
    options: &JsValue,
    default_timeout_ms: u32,
) -> Result<(CallSettings<Signal>, PlanSettings), Error> {
    options::plan_settings(method_options(options), default_timeout_ms)
}

/// `applySync`'s and `inviteUsers`' `ApplyOptions`, checked.
pub(crate) fn apply_settings(
    op: Operation,
    method: &str,
    options: &JsValue,
    default_timeout_ms: u32,
) -> Result<ApplySettings<Signal, Callback>, Error> {
    options::apply_settings(op, method, method_options(options), default_timeout_ms)
}

/// The options of `accessReview` and `planOffboard`, checked.
pub(crate) fn company_settings(
    method: &str,
    options: &JsValue,
    default_timeout_ms: u32,
) -> Result<CompanySettings<Signal, Callback>, Error> {
    options::company_settings(method, method_options(options), default_timeout_ms)
}

/// `new ParadimeClient(options)`'s options, checked, and the functions given (`fetch`, the
/// hooks).
pub(crate) fn client_config(
    options: &JsValue,
) -> Result<(ClientConfig, Callbacks<Callback>), Error> {
    options::client_config(options_object(options))
}

/// A method's `CallOptions`, checked (`undefined` and `null` mean none).
pub(crate) fn call_settings(
    op: Operation,
    options: &JsValue,
    default_timeout_ms: u32,
) -> Result<CallSettings<Signal>, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(CallSettings {
            timeout_ms: default_timeout_ms,
            signal: None,
        });
    }
    options::call_settings(op, options_object(options), default_timeout_ms)
}

/// A method argument, read once, so a borrowed [`Arg`] can be handed to the core.
pub(crate) struct ArgText {
    text: Option<String>,
    kind: String,
}

/// Reads a method argument: a string (refused when it holds a lone surrogate: crossing into
/// Rust would silently make it U+FFFD), or what else it is, for the message.
pub(crate) fn arg(value: &JsValue) -> ArgText {
    if let Some(text) = value.as_string() {
        // Only a string that came out with U+FFFD can have held a lone surrogate.
        let malformed =
            text.contains('\u{FFFD}') && !value.unchecked_ref::<JsString>().is_valid_utf16();
        return ArgText {
            text: (!malformed).then_some(text),
            kind: "malformed string".into(),
        };
    }
    let kind = if value.is_undefined() {
        "undefined".into()
    } else if value.is_null() {
        "null".into()
    } else if is_array(value).unwrap_or(false) {
        "array".into()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    };
    ArgText { text: None, kind }
}

impl ArgText {
    /// The argument as the core's validators take it.
    pub(crate) fn arg(&self) -> Arg<'_> {
        match (&self.text, self.kind.as_str()) {
            (Some(s), _) => Arg::Str(s),
            (None, "undefined") => Arg::Missing,
            (None, "null") => Arg::Null,
            (None, "malformed string") => Arg::Malformed,
            (None, kind) => Arg::NotString(kind),
        }
    }
}

/// `value` as a plain JS value (objects, arrays, `null` for `None`).
pub(crate) fn to_js<T: Serialize + ?Sized>(
    value: &T,
) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

#[wasm_bindgen(module = "/src/shell/error.js")]
extern "C" {
    #[wasm_bindgen(js_name = paradimeError)]
    fn paradime_error(message: &str, fields: &JsValue, cause: &JsValue) -> JsValue;
}

/// A real `Error` (with a stack): an instance of the `ParadimeError` class, carrying every
/// field of the contract, and `cause` when the failure has one.
pub(crate) fn error_value(error: &Error, cause: Option<&JsValue>) -> JsValue {
    let fields = to_js(error).unwrap_or(JsValue::UNDEFINED);
    paradime_error(
        &error.message,
        &fields,
        cause.unwrap_or(&JsValue::UNDEFINED),
    )
}

/// `isParadimeError`: an `Error` (by its prototype chain) named `ParadimeError` with a
/// string `kind`. Never throws, whatever `value` is.
pub(crate) fn is_paradime_error(value: &JsValue) -> bool {
    if !value.is_object() || get(value, "name").as_string().as_deref() != Some("ParadimeError") {
        return false;
    }
    if !get(value, "kind").is_string() {
        return false;
    }
    let error_proto = get(&get(&js_sys::global(), "Error"), "prototype");
    let mut proto = Reflect::get_prototype_of(value).map(JsValue::from);
    // A prototype chain is finite, but a Proxy can fake one: give up after a bound.
    for _ in 0..64 {
        match proto {
            Ok(p) if p == error_proto => return true,
            Ok(p) if p.is_object() => proto = Reflect::get_prototype_of(&p).map(JsValue::from),
            _ => return false,
        }
    }
    false
}

/// The JS value of a decoded result. `body` is the response, for [`Output::ListPart`]: the
/// engine's own `JSON.parse` builds the objects from it.
pub(crate) fn output_value(output: Output, body: &[u8]) -> Result<JsValue, Error> {
    let op = Operation::ListUsers;
    let unreadable = |_| {
        Error::new(
            ErrorKind::Decode,
            Some(op),
            format!("{}: the response could not be read", op.method_name()),
        )
    };
    let value = match output {
        Output::ListPart(pick) => {
            let text = std::str::from_utf8(body).map_err(|_| unreadable(JsValue::NULL))?;
            let parsed = js_sys::JSON::parse(text).map_err(unreadable)?;
            let list = get(&get(&parsed, "data"), "listUsers");
            match pick {
                ListPart::ActiveUsers => get(&list, "activeUsers"),
                ListPart::InvitedUsers => get(&list, "invitedUsers"),
                ListPart::UserList => {
                    let result = Object::new();
                    for key in ["activeUsers", "invitedUsers"] {
                        Reflect::set(&result, &key.into(), &get(&list, key)).map_err(unreadable)?;
                    }
                    result.into()
                }
            }
        }
        Output::UserList(list) => to_js(&list).map_err(|e| unreadable(e.into()))?,
        Output::ActiveUsers(list) => to_js(&list).map_err(|e| unreadable(e.into()))?,
        Output::InvitedUsers(list) => to_js(&list).map_err(|e| unreadable(e.into()))?,
        Output::User(user) => to_js(&user).map_err(|e| unreadable(e.into()))?,
        Output::Workspaces(list) => to_js(&list).map_err(|e| unreadable(e.into()))?,
        Output::Unit => JsValue::UNDEFINED,
    };
    Ok(value)
}
