//! The client in headless Chromium (`wasm-pack test --headless --chrome`) against a real
//! `paradime-sandbox --test-controls` on 127.0.0.1, whose URL the test command passes in
//! `SANDBOX_URL` at build time. Faults are injected through `/_sandbox/faults`, requests
//! checked through `/_sandbox/requests`: every row of the error table comes from a real
//! HTTP exchange, cross-origin, as a web page would make it.

#![cfg(target_arch = "wasm32")]

use futures_util::future::{join_all, try_join_all};
use js_sys::{Array, Object, Promise, Reflect};
use paradime_users::{account_types, is_paradime_error, ParadimeClient};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

const MATT: &str = "07673b48d2206dad7a150dd258ea1e049df036356f1730e30304e38ca648b175";

async fn faults(list: Value) {
    control("POST", "/_sandbox/faults", Some(list)).await;
}

async fn requests() -> Vec<Value> {
    match control("GET", "/_sandbox/requests", None).await {
        Value::Array(items) => items,
        other => panic!("{other}"),
    }
}

/// What a method's future resolves with, as JS sees it (`undefined` for `Promise<void>`).
/// A call in flight: the Promise a method returns, awaited as JS would (wasm-bindgen-futures).
type Pending = JsFuture;

fn pending(call: Promise) -> Pending {
    JsFuture::from(call)
}

async fn ok(call: Promise) -> JsValue {
    match call.await {
        Ok(v) => v,
        Err(e) => panic!(
            "unexpected rejection: {:?} {:?}",
            get(&e, "message"),
            get(&e, "kind")
        ),
    }
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The rejection of `promise`, checked to be a ParadimeError, with its fields as JSON.
async fn fails(call: Promise) -> Value {
    let error = match call.await {
        Ok(v) => panic!("expected a rejection, got {v:?}"),
        Err(e) => e,
    };
    assert!(error.is_instance_of::<js_sys::Error>(), "a real Error");
    assert!(is_paradime_error(error.clone()));
    assert_eq!(get(&error, "name").as_string().unwrap(), "ParadimeError");
    assert!(get(&error, "stack").is_string());
    let fields = js_sys::Object::new();
    for key in [
        "kind",
        "operation",
        "status",
        "retryable",
        "attempts",
        "retryAfterMs",
        "graphqlErrors",
        "requestId",
        "message",
    ] {
        Reflect::set(&fields, &key.into(), &get(&error, key)).unwrap();
    }
    to_json(&fields)
}

/// After any failure, the next call works.
async fn next_call_works(client: &ParadimeClient) {
    let list = ok(client.list_users(JsValue::UNDEFINED)).await;
    assert!(Array::is_array(&get(&list, "activeUsers")));
}

fn keys(value: &JsValue) -> Vec<String> {
    Object::keys(value.unchecked_ref::<Object>())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn list_users_returns_the_docs_workspace_as_plain_objects() {
    reset().await;
    let c = client();
    let list = ok(c.list_users(JsValue::UNDEFINED)).await;
    assert_eq!(keys(&list), ["activeUsers", "invitedUsers"]);
    let active: Array = get(&list, "activeUsers").dyn_into().unwrap();
    assert_eq!(active.length(), 3);
    let first = active.get(0);
    assert_eq!(keys(&first), ["uid", "email", "name", "accountType"]);
    assert_eq!(
        Object::get_prototype_of(&first),
        Object::get_prototype_of(&Object::new())
    );
    assert_eq!(
        to_json(&list)["invitedUsers"],
        json!([
            {"email": "max@acme.io", "accountType": "ADMIN", "inviteStatus": "EXPIRED"},
            {"email": "john@acme.io", "accountType": "ADMIN", "inviteStatus": "ACTIVE"}
        ])
    );
    let body = &requests().await[0]["body"];
    assert_eq!(body["variables"], json!({}));
    // A server that grew: extra fields are dropped, a missing name reads as null, unknown
    // roles and statuses pass through.
    faults(json!({"status": 200, "body": r#"{"data":{"listUsers":{"ok":true,"cursor":"x","activeUsers":[{"uid":"u1","email":"e@x.io","accountType":"CHIEF_WIZARD","avatar":"a.png"}],"invitedUsers":[{"email":"i@x.io","accountType":"ADMIN","inviteStatus":"PENDING","sentAt":1}]}},"extensions":{"cost":1}}"#})).await;
    let grown = ok(c.list_users(JsValue::UNDEFINED)).await;
    assert_eq!(keys(&grown), ["activeUsers", "invitedUsers"]);
    assert_eq!(
        to_json(&grown),
        json!({
            "activeUsers": [{"uid": "u1", "email": "e@x.io", "name": null, "accountType": "CHIEF_WIZARD"}],
            "invitedUsers": [{"email": "i@x.io", "accountType": "ADMIN", "inviteStatus": "PENDING"}]
        })
    );
    assert_eq!(body["operationName"], "ListUsers");
    assert!(body["query"]
        .as_str()
        .unwrap()
        .starts_with("query ListUsers"));
}

#[wasm_bindgen_test]
async fn helpers_on_list_users() {
    reset().await;
    let c = client();
    assert_eq!(
        to_json(&ok(c.list_active_users(JsValue::UNDEFINED)).await)
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        to_json(&ok(c.list_invited_users(JsValue::UNDEFINED)).await)
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let jonny = ok(c.get_user_by_email("JONNY@Acme.io".into(), JsValue::UNDEFINED)).await;
    assert_eq!(to_json(&jonny)["name"], "Jonathan Maxwell");
    let nobody = ok(c.get_user_by_email("nobody@acme.io".into(), JsValue::UNDEFINED)).await;
    assert!(nobody.is_null());
    let e = fails(c.get_user_by_email("not-an-email".into(), JsValue::UNDEFINED)).await;
    assert_eq!(
        (
            e["kind"].as_str(),
            e["operation"].as_str(),
            e["attempts"].as_u64()
        ),
        (Some("validation"), Some("listUsers"), Some(0))
    );
    faults(json!({"status": 401})).await;
    let e = fails(c.list_active_users(JsValue::UNDEFINED)).await;
    assert_eq!(
        (e["kind"].as_str(), e["operation"].as_str()),
        (Some("auth"), Some("listUsers"))
    );
}

#[wasm_bindgen_test]
async fn invite_update_disable_end_to_end() {
    reset().await;
    let c = client();
    assert!(
        ok(c.invite_user("new@acme.io".into(), "DEVELOPER".into(), JsValue::UNDEFINED))
            .await
            .is_undefined()
    );
    let invited = to_json(&ok(c.list_invited_users(JsValue::UNDEFINED)).await);
    assert!(invited.as_array().unwrap().contains(
        &json!({"email": "new@acme.io", "accountType": "DEVELOPER", "inviteStatus": "ACTIVE"})
    ));
    ok(c.update_user_account_type(MATT.into(), "ANALYST".into(), JsValue::UNDEFINED)).await;
    let matt = to_json(&ok(c.get_user_by_email("matt@acme.io".into(), JsValue::UNDEFINED)).await);
    assert_eq!(matt["accountType"], "ANALYST");
    ok(c.disable_user(MATT.into(), JsValue::UNDEFINED)).await;
    assert!(
        ok(c.get_user_by_email("matt@acme.io".into(), JsValue::UNDEFINED))
            .await
            .is_null()
    );
    // An account type this version does not know is sent as given (the server refuses it).
    let e = fails(c.invite_user(
        "x@acme.io".into(),
        "CHIEF_WIZARD".into(),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        (e["kind"].as_str(), e["status"].as_u64()),
        (Some("graphql"), Some(400))
    );
    let log = requests().await;
    assert_eq!(
        log.last().unwrap()["body"]["variables"]["accountType"],
        "CHIEF_WIZARD"
    );
    // The server's refusal of a disabled uid is a graphql error with its code.
    let e = fails(c.disable_user(MATT.into(), JsValue::UNDEFINED)).await;
    assert_eq!(e["kind"], "graphql");
    assert_eq!(e["graphqlErrors"][0]["extensions"]["code"], "USER_DISABLED");
    assert_eq!(e["graphqlErrors"][0]["path"], json!(["disableUser"]));
    next_call_works(&c).await;
}

#[wasm_bindgen_test]
async fn user_input_travels_only_in_variables() {
    reset().await;
    let c = client();
    let email = "a\"){ok}}mutation{disableUser(uid:\"x\"){ok}}#@acme.io";
    let _ = c
        .invite_user(email.into(), "ADMIN".into(), JsValue::UNDEFINED)
        .await;
    let uid = "u\"){ok}}query{listUsers{ok}}#";
    let _ = c
        .update_user_account_type(uid.into(), "ADMIN".into(), JsValue::UNDEFINED)
        .await;
    let _ = c.disable_user(uid.into(), JsValue::UNDEFINED).await;
    let log = requests().await;
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["body"]["query"], "mutation InviteUser($email: String!, $accountType: UserAccountType!) { inviteUser(email: $email, accountType: $accountType) { ok } }");
    assert_eq!(
        log[0]["body"]["variables"],
        json!({"email": email, "accountType": "ADMIN"})
    );
    assert_eq!(
        log[1]["body"]["variables"],
        json!({"uid": uid, "accountType": "ADMIN"})
    );
    assert_eq!(
        log[2]["body"],
        json!({"query": "mutation DisableUser($uid: String!) { disableUser(uid: $uid) { ok } }", "variables": {"uid": uid}, "operationName": "DisableUser"})
    );
    for entry in &log {
        assert!(!entry["body"]["query"].as_str().unwrap().contains("acme.io"));
    }
}

fn has_header(entry: &Value, name: &str) -> bool {
    entry["headers"].get(name).is_some()
}

#[wasm_bindgen_test]
async fn auth_modes_send_the_right_headers() {
    reset().await;
    ok(client().list_users(JsValue::UNDEFINED)).await;
    let key_only = ParadimeClient::new(js(
        json!({"endpoint": endpoint(), "apiSecret": "prdm_wsp_demo-workspace-token"}),
    ))
    .unwrap();
    ok(key_only.list_users(JsValue::UNDEFINED)).await;
    let company = ParadimeClient::new(js(json!({"endpoint": endpoint(), "apiSecret": "prdm_cmp_demo-company-token", "workspaceUid": "acme-workspace"}))).unwrap();
    ok(company.list_users(JsValue::UNDEFINED)).await;
    let anonymous = ParadimeClient::new(js(json!({"endpoint": endpoint()}))).unwrap();
    let e = fails(anonymous.list_users(JsValue::UNDEFINED)).await;
    assert_eq!(
        (
            e["kind"].as_str(),
            e["status"].as_u64(),
            e["retryable"].as_bool(),
            e["attempts"].as_u64()
        ),
        (Some("auth"), Some(401), Some(false), Some(1))
    );
    assert_eq!(
        e["graphqlErrors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
    // The sandbox's x-request-id, readable across origins because CORS exposes it.
    assert_eq!(e["requestId"].as_str().map(str::len), Some(36), "{e}");

    let log = requests().await;
    assert_eq!(log.len(), 4);
    for entry in &log {
        assert!(entry["headers"]["content-type"]
            .as_str()
            .unwrap()
            .starts_with("application/json"));
    }
    assert_eq!(log[0]["headers"]["x-api-key"], "demo-key");
    assert_eq!(log[0]["headers"]["x-api-secret"], "<redacted>");
    assert!(!has_header(&log[0], "authorization") && !has_header(&log[0], "x-paradime-workspace"));
    assert_eq!(
        log[1]["headers"]["authorization"],
        "Bearer prdm_wsp_<redacted>"
    );
    assert!(!has_header(&log[1], "x-api-key") && !has_header(&log[1], "x-api-secret"));
    assert_eq!(
        log[2]["headers"]["authorization"],
        "Bearer prdm_cmp_<redacted>"
    );
    assert_eq!(log[2]["headers"]["x-paradime-workspace"], "acme-workspace");
    for h in [
        "authorization",
        "x-api-key",
        "x-api-secret",
        "x-paradime-workspace",
    ] {
        assert!(!has_header(&log[3], h), "{h}");
    }
    // An extra header the API's CORS policy does not allow fails in a browser (preflight).
    let traced = client_with(json!({"headers": {"X-Trace-Id": "t-1"}, "retries": 0}));
    let e = fails(traced.list_users(JsValue::UNDEFINED)).await;
    assert_eq!(
        (e["kind"].as_str(), e["attempts"].as_u64()),
        (Some("network"), Some(1))
    );
    // Wrong workspace: 403 -> auth.
    let wrong = ParadimeClient::new(js(json!({"endpoint": endpoint(), "apiSecret": "prdm_cmp_demo-company-token", "workspaceUid": "other"}))).unwrap();
    let e = fails(wrong.list_users(JsValue::UNDEFINED)).await;
    assert_eq!(
        (e["kind"].as_str(), e["status"].as_u64()),
        (Some("auth"), Some(403))
    );
    // The viewer may list; its mutation is a graphql FORBIDDEN error, not retried.
    let viewer = client_with(json!({"apiKey": "viewer-key", "apiSecret": "viewer-secret"}));
    ok(viewer.list_users(JsValue::UNDEFINED)).await;
    let e = fails(viewer.disable_user(MATT.into(), JsValue::UNDEFINED)).await;
    assert_eq!(
        (e["kind"].as_str(), e["attempts"].as_u64()),
        (Some("graphql"), Some(1))
    );
    assert_eq!(e["graphqlErrors"][0]["extensions"]["code"], "FORBIDDEN");
}

#[wasm_bindgen_test]
async fn config_errors_throw_and_name_the_key_never_the_value() {
    let cases = [
        json!({"endpoint": endpoint(), "apiSecrte": "hunter2-secret"}),
        json!({"endpoint": endpoint(), "apiKey": "k"}),
        json!({"endpoint": endpoint(), "apiSecret": "hunter2-secret"}),
        json!({"endpoint": endpoint(), "apiSecret": "prdm_cmp_hunter2"}),
        json!({"endpoint": "not a url"}),
        json!({"endpoint": "ftp://127.0.0.1/graphql"}),
        json!({"endpoint": "http://example.com/graphql"}),
        json!({"endpoint": endpoint(), "timeoutMs": 0}),
        json!({"endpoint": endpoint(), "timeoutMs": -5}),
        json!({"endpoint": endpoint(), "retries": -1}),
        json!({}),
    ];
    for options in cases {
        let error = match ParadimeClient::new(js(options.clone())) {
            Ok(_) => panic!("accepted {options}"),
            Err(e) => e,
        };
        assert!(is_paradime_error(error.clone()));
        assert_eq!(get(&error, "kind").as_string().unwrap(), "config");
        assert!(get(&error, "operation").is_null());
        assert_eq!(get(&error, "attempts").as_f64(), Some(0.0));
        let message = get(&error, "message").as_string().unwrap();
        assert!(!message.contains("hunter2"), "{message}");
    }
    // An own `__proto__` key (JSON.parse makes one) is a key like any other: unknown.
    let proto = json!({"endpoint": endpoint(), "__proto__": {"apiSecret": "hunter2-secret"}});
    let error = ParadimeClient::new(js(proto)).err().unwrap();
    assert_eq!(get(&error, "kind").as_string().unwrap(), "config");
    let message = get(&error, "message").as_string().unwrap();
    assert!(
        message.contains("`__proto__`") && !message.contains("hunter2"),
        "{message}"
    );
    for not_options in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        "https://x.io".into(),
        Array::new().into(),
    ] {
        let error = ParadimeClient::new(not_options).err().unwrap();
        assert_eq!(get(&error, "kind").as_string().unwrap(), "config");
    }
    assert!(ParadimeClient::new(js(
        json!({"endpoint": "http://example.com/graphql", "allowInsecureHttp": true})
    ))
    .is_ok());
}

#[wasm_bindgen_test]
async fn bad_arguments_reject_with_validation_and_send_nothing() {
    reset().await;
    let c = client();
    let cases: Vec<Promise> = vec![
        c.invite_user(JsValue::UNDEFINED, "ADMIN".into(), JsValue::UNDEFINED),
        c.invite_user(JsValue::NULL, "ADMIN".into(), JsValue::UNDEFINED),
        c.invite_user(42.into(), "ADMIN".into(), JsValue::UNDEFINED),
        c.invite_user("no-at-sign".into(), "ADMIN".into(), JsValue::UNDEFINED),
        c.invite_user("a b@acme.io".into(), "ADMIN".into(), JsValue::UNDEFINED),
        c.invite_user("a@acme.io".into(), "admin".into(), JsValue::UNDEFINED),
        c.invite_user("a@acme.io".into(), JsValue::UNDEFINED, JsValue::UNDEFINED),
        c.update_user_account_type("".into(), "ADMIN".into(), JsValue::UNDEFINED),
        c.update_user_account_type(MATT.into(), 3.into(), JsValue::UNDEFINED),
        c.disable_user(JsValue::TRUE, JsValue::UNDEFINED),
        c.disable_user("has space".into(), JsValue::UNDEFINED),
        c.get_user_by_email(Object::new().into(), JsValue::UNDEFINED),
        c.list_users("fast".into()),
        c.list_users(js(json!({"timeout": 5}))),
        c.list_users(js(json!({"timeoutMs": -1}))),
        c.list_users(js(json!({"signal": "abort"}))),
    ];
    for promise in cases {
        let e = fails(promise).await;
        assert_eq!(
            (
                e["kind"].as_str(),
                e["attempts"].as_u64(),
                e["status"].clone()
            ),
            (Some("validation"), Some(0), Value::Null),
            "{e}"
        );
    }
    assert!(requests().await.is_empty(), "nothing was sent");
    next_call_works(&c).await;
}

struct Row {
    fault: Value,
    kind: &'static str,
    status: Option<u64>,
    retryable: bool,
}

fn row(fault: Value, kind: &'static str, status: Option<u64>, retryable: bool) -> Row {
    Row {
        fault,
        kind,
        status,
        retryable,
    }
}

/// Each row of the error table, from a real injected response, for an idempotent
/// operation (`listUsers`, retries 2) and for `inviteUser`.
#[wasm_bindgen_test]
async fn every_row_of_the_error_table() {
    let gql_errors = r#"{"data":null,"errors":[{"message":"boom","path":["listUsers"],"extensions":{"code":"X"}}]}"#;
    #[rustfmt::skip]
    let rows = [
        row(json!({"drop": true}), "network", None, true),
        row(json!({"status": 401, "body": gql_errors}), "auth", Some(401), false),
        row(json!({"status": 403}), "auth", Some(403), false),
        row(json!({"status": 429, "body": gql_errors}), "rate_limited", Some(429), true),
        row(json!({"status": 408}), "http", Some(408), true),
        row(json!({"status": 500, "body": "oops"}), "http", Some(500), true),
        row(json!({"status": 502}), "http", Some(502), true),
        row(json!({"status": 503, "body": gql_errors}), "graphql", Some(503), true),
        row(json!({"status": 504}), "http", Some(504), true),
        row(json!({"status": 404}), "http", Some(404), false),
        row(json!({"status": 400, "body": gql_errors}), "graphql", Some(400), false),
        row(json!({"status": 200, "body": gql_errors}), "graphql", Some(200), false),
        row(json!({"status": 200, "body": r#"{"data":{"listUsers":{"ok":false}}}"#}), "rejected", Some(200), false),
        row(json!({"status": 200, "body": "<html>hello</html>"}), "decode", Some(200), false),
        row(json!({"status": 200, "body": r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"email":"e@x.io","name":null,"accountType":"ADMIN"}],"invitedUsers":[]}}}"#}), "decode", Some(200), false),
    ];
    // Tiny waits keep the retries quick: Retry-After: 0 where a retry is expected.
    let c = client_with(json!({"retries": 2}));
    for row in &rows {
        reset().await;
        let retried_list = matches!(row.kind, "network" | "rate_limited")
            || (row.retryable && row.status.is_some());
        let mut fault = row.fault.clone();
        fault["headers"] = json!({"Retry-After": "0"});
        // A browser retries a dropped connection or a 408 on a reused keep-alive socket by
        // itself: queue plenty of those and count only the client's attempts.
        let browser_retries = row.kind == "network" || row.status == Some(408);
        let copies = if browser_retries { 12 } else { 3 };
        faults(Value::Array(vec![fault.clone(); copies])).await;
        if let Ok(v) = c.list_users(JsValue::UNDEFINED).await {
            panic!("listUsers succeeded under {}: {v:?}", row.fault);
        }
        reset().await;
        faults(Value::Array(vec![fault.clone(); copies])).await;
        let e = fails(c.list_users(JsValue::UNDEFINED)).await;
        let expected_attempts = if retried_list { 3 } else { 1 };
        assert_eq!(e["kind"], row.kind, "{}", row.fault);
        assert_eq!(e["status"].as_u64(), row.status, "{}", row.fault);
        assert_eq!(e["retryable"], row.retryable, "{}", row.fault);
        assert_eq!(e["attempts"], expected_attempts, "{}", row.fault);
        assert_eq!(e["operation"], "listUsers");
        if row.kind == "graphql" {
            assert_eq!(
                e["graphqlErrors"],
                json!([{"message": "boom", "path": ["listUsers"], "extensions": {"code": "X"}}])
            );
        } else {
            assert!(e["graphqlErrors"].is_array());
        }
        if !browser_retries {
            assert_eq!(
                requests().await.len(),
                expected_attempts as usize,
                "{}",
                row.fault
            );
        }
        // inviteUser: only 429 is retried.
        reset().await;
        faults(Value::Array(vec![fault.clone(); copies])).await;
        if let Ok(v) = c
            .invite_user("row@acme.io".into(), "ADMIN".into(), JsValue::UNDEFINED)
            .await
        {
            panic!("inviteUser succeeded under {}: {v:?}", row.fault);
        }
        reset().await;
        faults(Value::Array(vec![fault.clone(); copies])).await;
        let e =
            fails(c.invite_user("row@acme.io".into(), "ADMIN".into(), JsValue::UNDEFINED)).await;
        let expected = if row.kind == "rate_limited" { 3 } else { 1 };
        assert_eq!(e["attempts"], expected, "invite {}", row.fault);
        assert_eq!(e["operation"], "inviteUser");
        if row.kind != "rejected" && row.kind != "decode" {
            assert_eq!(e["kind"], row.kind, "invite {}", row.fault);
        }
        control("POST", "/_sandbox/faults", None).await;
        reset().await;
        next_call_works(&c).await;
    }
}

#[wasm_bindgen_test]
async fn transient_failures_then_success() {
    reset().await;
    let c = client();
    faults(json!([{"status": 503, "headers": {"Retry-After": "0"}}, {"status": 502}])).await;
    let list = ok(c.list_users(JsValue::UNDEFINED)).await;
    assert!(!list.is_undefined(), "listUsers resolved to undefined");
    assert_eq!(to_json(&list)["activeUsers"].as_array().unwrap().len(), 3);
    assert_eq!(requests().await.len(), 3);
    // 429 with Retry-After: 1 on a mutation: waited for, then done.
    reset().await;
    faults(json!({"status": 429, "headers": {"Retry-After": "1"}})).await;
    let started = js_sys::Date::now();
    ok(c.invite_user("later@acme.io".into(), "ADMIN".into(), JsValue::UNDEFINED)).await;
    assert!(js_sys::Date::now() - started >= 950.0);
    assert_eq!(requests().await.len(), 2);
    // A network failure (connection refused) is retried for listUsers but not for
    // inviteUser, whose invite may have been sent.
    let refused = ParadimeClient::new(js(
        json!({"endpoint": "http://127.0.0.1:1/graphql", "apiKey": "k", "apiSecret": "s"}),
    ))
    .unwrap();
    let e = fails(refused.list_users(JsValue::UNDEFINED)).await;
    assert_eq!(
        (
            e["kind"].as_str(),
            e["attempts"].as_u64(),
            e["retryable"].as_bool(),
            e["status"].clone()
        ),
        (Some("network"), Some(3), Some(true), Value::Null)
    );
    let e =
        fails(refused.invite_user("once@acme.io".into(), "ADMIN".into(), JsValue::UNDEFINED)).await;
    assert_eq!(
        (e["kind"].as_str(), e["attempts"].as_u64()),
        (Some("network"), Some(1))
    );
    next_call_works(&c).await;
}

#[wasm_bindgen_test]
async fn retry_after_beyond_the_deadline_fails_at_once() {
    reset().await;
    let c = client_with(json!({"timeoutMs": 5000}));
    faults(json!({"status": 429, "headers": {"Retry-After": "120"}})).await;
    let started = js_sys::Date::now();
    let e = fails(c.list_users(JsValue::UNDEFINED)).await;
    assert!(
        js_sys::Date::now() - started < 30_000.0,
        "failed at once rather than waiting 120 s"
    );
    assert_eq!(
        (
            e["kind"].as_str(),
            e["attempts"].as_u64(),
            e["retryAfterMs"].as_u64()
        ),
        (Some("rate_limited"), Some(1), Some(120_000))
    );
    // retries: 0 turns off every retry, 429 included.
    reset().await;
    let no_retry = client_with(json!({"retries": 0}));
    faults(json!({"status": 429, "headers": {"Retry-After": "0"}})).await;
    let e = fails(no_retry.list_users(JsValue::UNDEFINED)).await;
    assert_eq!(e["attempts"], 1);
    // An HTTP-date Retry-After in the past means "now".
    reset().await;
    faults(json!({"status": 503, "headers": {"Retry-After": "Thu, 01 Jan 2015 00:00:00 GMT"}}))
        .await;
    ok(c.list_users(JsValue::UNDEFINED)).await;
    assert_eq!(requests().await.len(), 2);
    next_call_works(&c).await;
}

#[wasm_bindgen_test]
async fn timeouts_cover_attempts_and_waits() {
    reset().await;
    let c = client_with(json!({"timeoutMs": 400}));
    faults(json!({"delayMs": 10000})).await;
    let started = js_sys::Date::now();
    let e = fails(c.list_users(JsValue::UNDEFINED)).await;
    let took = js_sys::Date::now() - started;
    assert!(
        took < 8000.0,
        "took {took}: the deadline, not the 10 s answer, ended the call"
    );
    assert_eq!(
        (
            e["kind"].as_str(),
            e["attempts"].as_u64(),
            e["status"].clone()
        ),
        (Some("timeout"), Some(1), Value::Null)
    );
    // Per-call timeoutMs overrides the client's.
    reset().await;
    faults(json!({"delayMs": 700})).await;
    ok(c.list_users(js(json!({"timeoutMs": 5000})))).await;
    // The deadline covers retries: 503s with a 300 ms Retry-After inside 1 s.
    reset().await;
    let patient = client_with(json!({"timeoutMs": 1000, "retries": 10}));
    let fault = json!({"status": 503, "headers": {"Retry-After": "0"}, "delayMs": 300});
    faults(json!([
        fault.clone(),
        fault.clone(),
        fault.clone(),
        fault.clone(),
        fault.clone(),
        fault
    ]))
    .await;
    let e = fails(patient.list_users(JsValue::UNDEFINED)).await;
    assert_eq!(e["kind"], "timeout", "{e}");
    assert!((2..=5).contains(&e["attempts"].as_u64().unwrap()), "{e}");
    control("POST", "/_sandbox/reset", None).await;
    next_call_works(&c).await;
}

/// `CallOptions` whose signal aborts `after_ms` from now.
fn aborting_options(after_ms: i32) -> JsValue {
    let controller = web_sys::AbortController::new().unwrap();
    let options = Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let abort = Closure::once_into_js(move || controller.abort());
    web_sys::window()
        .unwrap()
        .set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), after_ms)
        .unwrap();
    options.into()
}

#[wasm_bindgen_test]
async fn caller_abort_signal() {
    reset().await;
    let c = client();
    // Already aborted: nothing is sent.
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let options = Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let e = fails(c.list_users(options.into())).await;
    assert_eq!(
        (
            e["kind"].as_str(),
            e["attempts"].as_u64(),
            e["retryable"].as_bool()
        ),
        (Some("aborted"), Some(0), Some(false))
    );
    assert!(requests().await.is_empty());
    // Aborted mid-flight.
    faults(json!({"delayMs": 10000})).await;
    let pending = c.list_users(aborting_options(100));
    let started = js_sys::Date::now();
    let e = fails(pending).await;
    assert!(
        js_sys::Date::now() - started < 8000.0,
        "the abort, not the 10 s answer, ended the call"
    );
    assert_eq!(
        (e["kind"].as_str(), e["attempts"].as_u64()),
        (Some("aborted"), Some(1))
    );
    // Aborted during a backoff wait.
    reset().await;
    faults(json!({"status": 503, "headers": {"Retry-After": "5"}})).await;
    let pending = c.list_users(aborting_options(300));
    let e = fails(pending).await;
    assert_eq!(
        (e["kind"].as_str(), e["attempts"].as_u64()),
        (Some("aborted"), Some(1))
    );
    // Aborted while the body is read (half of it came, the rest 3 s later): the read rejects
    // with the abort's reason, which must not trap the wasm.
    reset().await;
    faults(json!({"stallMs": 3000})).await;
    let pending = c.list_users(aborting_options(300));
    let e = fails(pending).await;
    assert_eq!(
        (e["kind"].as_str(), e["attempts"].as_u64()),
        (Some("aborted"), Some(1))
    );
    next_call_works(&c).await;
}

#[wasm_bindgen_test]
async fn many_calls_in_flight_on_one_client() {
    reset().await;
    let c = client();
    let mut calls: Vec<Pending> = Vec::new();
    for i in 0..12 {
        calls.push(if i % 3 == 0 {
            pending(c.invite_user(
                format!("p{i}@acme.io").into(),
                "DEVELOPER".into(),
                JsValue::UNDEFINED,
            ))
        } else {
            pending(c.list_users(JsValue::UNDEFINED))
        });
    }
    try_join_all(calls).await.unwrap();
    assert_eq!(
        to_json(&ok(c.list_invited_users(JsValue::UNDEFINED)).await)
            .as_array()
            .unwrap()
            .len(),
        6
    );
}

#[wasm_bindgen_test]
async fn the_client_object_shows_no_secret() {
    let c = client_with(
        json!({"apiKey": "k-visible", "apiSecret": "s3cr3t-value", "headers": {"X-Proxy-Token": "h-s3cr3t"}}),
    );
    let value: JsValue = c.into();
    let shown = format!(
        "{} {} {:?}",
        js_sys::JSON::stringify(&value)
            .unwrap()
            .as_string()
            .unwrap(),
        js_sys::Function::new_with_args("v", "return String(v)")
            .call1(&JsValue::NULL, &value)
            .unwrap()
            .as_string()
            .unwrap(),
        keys(&value)
    );
    assert!(!shown.contains("s3cr3t"), "{shown}");
    let err = ParadimeClient::new(js(
        json!({"endpoint": endpoint(), "apiKey": "k", "apiSecret": "s3cr3t", "retries": "x"}),
    ))
    .err()
    .unwrap();
    assert!(!get(&err, "message").as_string().unwrap().contains("s3cr3t"));
}

#[wasm_bindgen_test]
fn helpers_exports() {
    let types: Vec<String> = account_types()
        .iter()
        .map(|t| t.as_string().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "ADMIN",
            "DEVELOPER",
            "BUSINESS",
            "BILLING_ADMIN",
            "SECURITY_ADMIN",
            "WORKSPACE_SETTINGS_ADMIN",
            "WORKSPACE_ADMIN",
            "ANALYST",
            "SANDBOX_USER"
        ]
    );
    assert!(!is_paradime_error(js_sys::Error::new("x").into()));
    assert!(!is_paradime_error(JsValue::NULL));
    assert!(!is_paradime_error(js(
        json!({"name": "ParadimeError", "kind": "http"})
    )));
}

/// Settles `n` calls made by `call`, 16 at a time (rejections included).
async fn many(n: usize, call: &dyn Fn() -> Pending) {
    let mut done = 0;
    while done < n {
        let batch: Vec<Pending> = (0..16.min(n - done)).map(|_| call()).collect();
        done += batch.len();
        join_all(batch).await;
    }
}

fn wasm_memory_bytes() -> f64 {
    let buffer = get(&wasm_bindgen::memory(), "buffer");
    get(&buffer, "byteLength").as_f64().unwrap()
}

#[wasm_bindgen_test]
async fn ten_thousand_calls_either_way_leave_wasm_memory_where_it_was() {
    control("POST", "/_sandbox/reset", None).await;
    let admin = client();
    let wrong = client_with(json!({ "apiSecret": "wrong-secret", "retries": 0 }));
    let succeed = || {
        pending(admin.update_user_account_type(MATT.into(), "DEVELOPER".into(), JsValue::UNDEFINED))
    };
    let refused = || pending(wrong.list_users(JsValue::UNDEFINED));
    many(100, &succeed).await;
    many(100, &refused).await;
    let after_100 = wasm_memory_bytes();
    many(10_000, &succeed).await;
    many(10_000, &refused).await;
    assert_eq!(wasm_memory_bytes(), after_100);
    let e = fails(wrong.list_users(JsValue::UNDEFINED)).await;
    assert_eq!(e["kind"], "auth");
    next_call_works(&admin).await;
}
