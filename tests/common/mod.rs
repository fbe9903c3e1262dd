//! What the browser suites share: the sandbox's URL, JSON in and out of JS, the sandbox's
//! test controls and a client with the sandbox's demo credentials.

#![allow(dead_code)]

use std::borrow::Borrow;

use paradime_users::ParadimeClient;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// The sandbox the test command started (`SANDBOX_URL` at build time).
pub const SANDBOX: &str = match option_env!("SANDBOX_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8080",
};

/// The sandbox's GraphQL endpoint.
pub fn endpoint() -> String {
    format!("{SANDBOX}/graphql")
}

/// A JS object from JSON (how a page would write its options).
pub fn js(value: impl Borrow<Value>) -> JsValue {
    js_sys::JSON::parse(&value.borrow().to_string()).unwrap()
}

/// A JS value as JSON (`JSON.stringify`).
pub fn to_json(value: &JsValue) -> Value {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| panic!("not JSON-able: {value:?}"));
    serde_json::from_str(&text).unwrap()
}

/// A client with the sandbox's demo credentials and `options` on top.
pub fn client_with(options: Value) -> ParadimeClient {
    let mut all =
        json!({ "endpoint": endpoint(), "apiKey": "demo-key", "apiSecret": "demo-secret" });
    for (k, v) in options.as_object().unwrap() {
        all[k] = v.clone();
    }
    ParadimeClient::new(js(all)).unwrap_or_else(|e| panic!("client: {:?}", to_json(&e)))
}

/// A client with the sandbox's demo credentials.
pub fn client() -> ParadimeClient {
    client_with(json!({}))
}

/// Calls a test control: GET without a body, POST with one.
pub async fn control(method: &str, path: &str, body: Option<Value>) -> Value {
    let url = format!("{SANDBOX}{path}");
    let request = match method {
        "POST" => gloo_net::http::Request::post(&url)
            .body(body.unwrap_or(json!({})).to_string())
            .unwrap(),
        _ => gloo_net::http::Request::get(&url).build().unwrap(),
    };
    let response = request.send().await.unwrap();
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}

/// The workspace back to its initial data; faults and the request log cleared.
pub async fn reset() {
    control("POST", "/_sandbox/reset", None).await;
}
