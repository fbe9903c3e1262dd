//! Roster sync and bulk invite in headless Chromium (`wasm-pack test --headless --chrome`)
//! against a real `paradime-sandbox --test-controls` (its URL in `SANDBOX_URL` at build
//! time): plans from CSV, applied with bounded concurrency and progress, applied twice,
//! after a partial failure, aborted mid-way, after a JSON round trip, tampered, and the
//! last-ADMIN guard. Every change is checked through the sandbox's API.

#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Reflect;
use paradime_users::{parse_roster, ParadimeClient};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

use common::*;

wasm_bindgen_test_configure!(run_in_browser);

const ALEXANDRA: &str = "1b051b1e1aaf70773789c250cd0cc40a5bf27c104d1ca2c6b765767eb53c4772";
const JONNY: &str = "0b02bde0691e9a220f8fdbff93d992a7826c7ce7b0ea33ffc4709c6a2d219a49";

/// What an `onProgress` function was called with.
type Calls = Rc<RefCell<Vec<(u32, u32)>>>;

/// The mutations the sandbox received, by operation name.
async fn sent(operation: &str) -> usize {
    match control("GET", "/_sandbox/requests", None).await {
        Value::Array(items) => items
            .iter()
            .filter(|r| r["body"]["operationName"] == operation)
            .count(),
        other => panic!("{other}"),
    }
}

fn csv(good: usize, bad: bool) -> String {
    let mut text = String::from("email,role\n");
    for i in 0..good {
        text.push_str(&format!("new{i}@acme.io,developer\n"));
    }
    if bad {
        text.push_str("not-an-email,ADMIN\nx@acme.io,chief wizard\n,ADMIN\n");
    }
    // Keep the workspace's own people as they are.
    text.push_str("alexandra@acme.io,ADMIN\njonny@acme.io,ADMIN\nmatt@acme.io,DEVELOPER\n");
    text
}

fn entries(csv: &str) -> JsValue {
    Reflect::get(
        &parse_roster(csv.into(), JsValue::UNDEFINED),
        &"entries".into(),
    )
    .unwrap()
}

async fn plan(c: &ParadimeClient, csv: &str, options: Value) -> Value {
    let plan = c.plan_sync(entries(csv), js(&options)).await.unwrap();
    to_json(&plan)
}

/// An `onProgress` function and what it was called with.
fn progress() -> (JsValue, Calls) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let seen = calls.clone();
    let f = Closure::<dyn FnMut(u32, u32)>::new(move |done, total| {
        seen.borrow_mut().push((done, total))
    });
    (f.into_js_value(), calls)
}

fn options_with(progress: &JsValue, concurrency: u32) -> JsValue {
    let options = js(json!({ "concurrency": concurrency }));
    Reflect::set(&options, &"onProgress".into(), progress).unwrap();
    options
}

fn counts(report: &Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| report[k].as_u64().unwrap();
    (n("done"), n("skipped"), n("failed"), n("aborted"))
}

#[wasm_bindgen_test]
async fn a_200_user_roster_with_bad_rows_applies_at_concurrency_8_and_again_is_all_skipped() {
    reset().await;
    let c = client();
    let text = csv(200, true);
    let roster = to_json(&parse_roster(text.clone().into(), JsValue::UNDEFINED));
    assert_eq!(roster["entries"].as_array().unwrap().len(), 203);
    let lines: Vec<_> = roster["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].clone())
        .collect();
    assert_eq!(lines, [json!(202), json!(203), json!(204)]);

    let plan = plan(&c, &text, json!({})).await;
    assert_eq!(plan["actions"].as_array().unwrap().len(), 200);
    assert_eq!(plan["unchanged"], 3);
    assert_eq!(
        plan["problems"],
        json!([]),
        "entries given as objects carry no CSV problems"
    );
    assert_eq!(
        plan["actions"][0],
        json!({"action": "invite", "email": "new0@acme.io", "accountType": "DEVELOPER", "reason": "new"})
    );

    let (f, calls) = progress();
    // The plan as a page would keep it: through JSON.
    let stored = js(&plan);
    let report = to_json(
        &c.apply_sync(stored.clone(), options_with(&f, 8))
            .await
            .unwrap(),
    );
    assert_eq!(counts(&report), (200, 0, 0, 0), "{report}");
    assert_eq!(calls.borrow().last(), Some(&(200, 200)));
    assert_eq!(calls.borrow().len(), 200);
    assert_eq!(sent("InviteUser").await, 200);
    let invited = to_json(&c.list_invited_users(JsValue::UNDEFINED).await.unwrap());
    assert_eq!(invited.as_array().unwrap().len(), 202);
    assert_eq!(report["results"][5]["action"]["email"], "new5@acme.io");
    assert_eq!(report["results"][5]["status"], "done");
    assert_eq!(report["results"][5]["error"], Value::Null);

    // Applied again: everything is already true, nothing is sent.
    let again = to_json(&c.apply_sync(stored, JsValue::UNDEFINED).await.unwrap());
    assert_eq!(counts(&again), (0, 200, 0, 0));
    assert_eq!(sent("InviteUser").await, 200);
    // And the roster now plans nothing.
    let after = plan_actions(&c, &text).await;
    assert_eq!(after, 0);
}

async fn plan_actions(c: &ParadimeClient, csv: &str) -> usize {
    plan(c, csv, json!({})).await["actions"]
        .as_array()
        .unwrap()
        .len()
}

#[wasm_bindgen_test]
async fn a_partial_failure_then_a_reapply_finishes_the_rest() {
    reset().await;
    let c = client();
    let text = csv(10, false);
    let plan = js(&plan(&c, &text, json!({})).await);
    // The listing goes through; then three invites get a 500 (invites are not retried).
    control(
        "POST",
        "/_sandbox/faults",
        Some(json!([{}, {"status": 500}, {"status": 500}, {"status": 500}])),
    )
    .await;
    let report = to_json(
        &c.apply_sync(plan.clone(), js(json!({"concurrency": 1})))
            .await
            .unwrap(),
    );
    assert_eq!(counts(&report), (7, 0, 3, 0), "{report}");
    let failed = &report["results"][0];
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["error"]["kind"], "http");
    assert_eq!(failed["error"]["status"], 500);
    let report = to_json(&c.apply_sync(plan, JsValue::UNDEFINED).await.unwrap());
    assert_eq!(counts(&report), (3, 7, 0, 0), "{report}");
    assert_eq!(plan_actions(&c, &text).await, 0);
}

#[wasm_bindgen_test]
async fn an_abort_mid_way_marks_the_unsent_aborted_and_sends_nothing_after() {
    reset().await;
    let c = client();
    let text = csv(20, false);
    let plan = js(&plan(&c, &text, json!({})).await);
    let mut faults = vec![json!({})];
    faults.extend(std::iter::repeat(json!({"delayMs": 300})).take(20));
    control("POST", "/_sandbox/faults", Some(Value::Array(faults))).await;
    let controller = web_sys::AbortController::new().unwrap();
    let options = js(json!({"concurrency": 2}));
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let abort = Closure::once_into_js(move || controller.abort());
    web_sys::window()
        .unwrap()
        .set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), 1000)
        .unwrap();
    let report = to_json(&c.apply_sync(plan, options).await.unwrap());
    let (done, skipped, failed, aborted) = counts(&report);
    assert!(done > 0 && aborted > 0, "{report}");
    assert_eq!((skipped, failed), (0, 0));
    assert_eq!(done + aborted, 20);
    let results = report["results"].as_array().unwrap();
    let in_flight = results
        .iter()
        .filter(|r| r["status"] == "aborted" && r["error"]["attempts"].as_u64() > Some(0))
        .count() as u64;
    assert!(in_flight <= 2);
    for r in results.iter().filter(|r| r["status"] == "aborted") {
        assert_eq!(r["error"]["kind"], "aborted");
    }
    let at_report = sent("InviteUser").await;
    assert_eq!(at_report as u64, done + in_flight);
    gloo_timers::future::TimeoutFuture::new(1000).await;
    assert_eq!(
        sent("InviteUser").await,
        at_report,
        "nothing is sent after the abort"
    );
}

#[wasm_bindgen_test]
async fn a_tampered_plan_is_refused_before_anything_is_sent() {
    reset().await;
    let c = client();
    let mut plan = plan(&c, &csv(3, false), json!({})).await;
    control("POST", "/_sandbox/reset", None).await;
    let good = plan.clone();
    plan["actions"][1]["email"] = json!("not an email");
    let mut unknown = good.clone();
    unknown["actions"][2]["action"] = json!("delete");
    for bad in [plan, unknown, json!({"actions": "all"}), json!(null)] {
        let error = c
            .apply_sync(js(&bad), JsValue::UNDEFINED)
            .await
            .unwrap_err();
        let error = to_json(&error);
        assert_eq!(error["kind"], "validation", "{bad}");
        assert_eq!(error["attempts"], 0);
    }
    let error = c
        .apply_sync(js(&good), js(json!({"concurrency": 0})))
        .await
        .unwrap_err();
    assert_eq!(to_json(&error)["kind"], "validation");
    match control("GET", "/_sandbox/requests", None).await {
        Value::Array(items) => assert!(items.is_empty(), "nothing was sent: {items:?}"),
        other => panic!("{other}"),
    }
}

#[wasm_bindgen_test]
async fn the_last_admin_is_kept_in_the_plan_and_while_applying() {
    reset().await;
    let c = client();
    // Everyone but matt disabled, or both ADMINs demoted: refused at planning.
    let roster = "matt@acme.io,DEVELOPER\n";
    let error = c
        .plan_sync(entries(roster), js(json!({"disableMissing": true})))
        .await
        .unwrap_err();
    let message = Reflect::get(&error, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(to_json(&error)["kind"], "validation");
    assert!(message.contains("no active ADMIN"), "{message}");
    // A hand-edited plan that disables both ADMINs: the second is refused while applying.
    let plan = json!({"actions": [
        {"action": "disable", "uid": ALEXANDRA, "email": "alexandra@acme.io", "from": "ADMIN"},
        {"action": "disable", "uid": JONNY, "email": "jonny@acme.io", "from": "ADMIN"}
    ], "unchanged": 0, "problems": []});
    let report = to_json(
        &c.apply_sync(js(&plan), js(json!({"concurrency": 2})))
            .await
            .unwrap(),
    );
    assert_eq!(counts(&report), (1, 0, 1, 0), "{report}");
    let refused = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "failed")
        .unwrap();
    assert_eq!(refused["error"]["kind"], "validation");
    assert_eq!(refused["error"]["attempts"], 0);
    assert_eq!(sent("DisableUser").await, 1);
    let active = to_json(&c.list_active_users(JsValue::UNDEFINED).await.unwrap());
    let admins = active
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["accountType"] == "ADMIN")
        .count();
    assert_eq!(admins, 1);
}

#[wasm_bindgen_test]
async fn bulk_invite_sends_each_unique_valid_entry_once() {
    reset().await;
    let c = client();
    let invites = json!([
        {"email": "a@acme.io", "accountType": "ANALYST"},
        {"email": "A@ACME.io", "accountType": "ANALYST"},
        {"email": "bad", "accountType": "ANALYST"},
        {"email": "b@acme.io", "accountType": "BUSINESS"}
    ]);
    let (f, calls) = progress();
    let report = to_json(
        &c.invite_users(js(&invites), options_with(&f, 3))
            .await
            .unwrap(),
    );
    assert_eq!(counts(&report), (2, 1, 1, 0), "{report}");
    assert_eq!(report["results"][2]["error"]["kind"], "validation");
    assert_eq!(calls.borrow().last(), Some(&(4, 4)));
    assert_eq!(sent("InviteUser").await, 2);
    let error = c
        .invite_users(js(json!("a@acme.io")), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(to_json(&error)["kind"], "validation");
}

/// Emails compare by Unicode lower case in the shipped wasm too, where the engine's
/// `toLowerCase` does it (`core::validate::email_key`): `ZOË` is `zoë`, and a final capital
/// sigma is `ς`, in bulk invite's dedupe and in the plan's comparison with the workspace.
#[wasm_bindgen_test]
async fn non_ascii_emails_compare_by_unicode_lower_case() {
    reset().await;
    let c = client();
    let invites = json!([
        {"email": "Zoë@acme.io", "accountType": "ANALYST"},
        {"email": "ZOË@ACME.io", "accountType": "ANALYST"},
        {"email": "ΟΔΥΣΣΕΥΣ@acme.io", "accountType": "DEVELOPER"},
        {"email": "οδυσσευς@acme.io", "accountType": "DEVELOPER"}
    ]);
    let report = to_json(
        &c.invite_users(js(&invites), JsValue::UNDEFINED)
            .await
            .unwrap(),
    );
    assert_eq!(counts(&report), (2, 2, 0, 0), "{report}");
    assert_eq!(sent("InviteUser").await, 2);
    let roster = "email,role\nzoë@acme.io,analyst\nοδυσσευς@Acme.io,developer\n";
    let plan = plan(&c, roster, json!({})).await;
    assert_eq!(plan["actions"], json!([]), "{plan}");
    assert_eq!(plan["unchanged"], 2);
}

#[wasm_bindgen_test]
fn parse_roster_never_throws() {
    let roster = to_json(&parse_roster(JsValue::from(5), JsValue::UNDEFINED));
    assert_eq!(roster["entries"], json!([]));
    assert_eq!(roster["problems"][0]["line"], Value::Null);
    let roster = to_json(&parse_roster(
        "\u{feff}Role,EMAIL\r\nadmin,\"q@acme.io\"\r\n".into(),
        JsValue::UNDEFINED,
    ));
    assert_eq!(
        roster["entries"],
        json!([{"email": "q@acme.io", "accountType": "ADMIN"}])
    );
    // Options from JS: an export's columns, `;`, a default role; a bad option (or a hostile
    // options object) is one problem naming the key, never a throw.
    let options = js_sys::JSON::parse(
        r#"{"emailColumn":"Work Email","defaultRole":"analyst","delimiter":";"}"#,
    )
    .unwrap();
    let roster = to_json(&parse_roster(
        "Name;Work Email\nAda;ada@acme.io\n".into(),
        options,
    ));
    assert_eq!(
        roster["entries"],
        json!([{"email": "ada@acme.io", "accountType": "ANALYST"}])
    );
    for options in [r#"{"delimiter":"|"}"#, r#"{"secretColumn":"s3cr3t"}"#, "7"] {
        let roster = to_json(&parse_roster(
            "a@x.io,ADMIN".into(),
            js_sys::JSON::parse(options).unwrap(),
        ));
        assert_eq!(roster["entries"], json!([]), "{options}");
        let message = roster["problems"][0]["message"]
            .as_str()
            .unwrap_or_default();
        assert!(
            !message.contains("s3cr3t") && !message.is_empty(),
            "{message}"
        );
    }
}
