//! The sandbox speaks Paradime's User Management API: the docs' payloads and example
//! response, both request forms, and the workspace's rules. All over real HTTP.

mod common;

use common::*;
use serde_json::{json, Value};

/// The docs' curl payload for List Users, byte for byte.
const DOCS_CURL_LIST: &str = r#"{
       "query": "query ListUsers { listUsers { ok activeUsers { uid email name accountType } invitedUsers { email accountType inviteStatus } } }"
     }"#;

fn docs_example_response() -> Value {
    json!({
      "data": {
        "listUsers": {
          "ok": true,
          "activeUsers": [
            { "uid": "1b051b1e1aaf70773789c250cd0cc40a5bf27c104d1ca2c6b765767eb53c4772",
              "email": "alexandra@acme.io", "name": "Alexandra James", "accountType": "ADMIN" },
            { "uid": "0b02bde0691e9a220f8fdbff93d992a7826c7ce7b0ea33ffc4709c6a2d219a49",
              "email": "jonny@acme.io", "name": "Jonathan Maxwell", "accountType": "ADMIN" },
            { "uid": "07673b48d2206dad7a150dd258ea1e049df036356f1730e30304e38ca648b175",
              "email": "matt@acme.io", "name": "Matt McDonald", "accountType": "DEVELOPER" }
          ],
          "invitedUsers": [
            { "email": "max@acme.io", "accountType": "ADMIN", "inviteStatus": "EXPIRED" },
            { "email": "john@acme.io", "accountType": "ADMIN", "inviteStatus": "ACTIVE" }
          ]
        }
      }
    })
}

const MATT: &str = "07673b48d2206dad7a150dd258ea1e049df036356f1730e30304e38ca648b175";

fn invited(list: &Value, email: &str) -> Option<Value> {
    list["invitedUsers"]
        .as_array()?
        .iter()
        .find(|u| u["email"] == email)
        .cloned()
}

fn active(list: &Value, uid: &str) -> Option<Value> {
    list["activeUsers"]
        .as_array()?
        .iter()
        .find(|u| u["uid"] == uid)
        .cloned()
}

#[test]
fn docs_curl_payload_returns_the_docs_example_response() {
    let sb = Sandbox::start(&[]);
    let reply = sb.post_raw("/graphql", &ADMIN, DOCS_CURL_LIST);
    assert_eq!(reply.status, 200);
    assert!(reply
        .header("content-type")
        .unwrap_or("")
        .starts_with("application/json"));
    assert_eq!(reply.json(), docs_example_response());
}

#[test]
fn docs_inline_mutations_work() {
    let sb = Sandbox::start(&[]);
    let r = sb.post_raw(
        "/graphql",
        &ADMIN,
        r#"{"query": "mutation InviteUser { inviteUser(email: \"snow@paradime.io\", accountType: DEVELOPER) { ok } }"}"#,
    );
    assert_eq!(r.json(), json!({"data": {"inviteUser": {"ok": true}}}));
    let r = sb.post_raw(
        "/graphql",
        &ADMIN,
        &json!({"query": format!("mutation UpdateUserAccountType {{ updateUserAccountType(uid: \"{MATT}\", accountType: ADMIN) {{ ok }} }}")}).to_string(),
    );
    assert_eq!(
        r.json(),
        json!({"data": {"updateUserAccountType": {"ok": true}}})
    );
    let r = sb.post_raw(
        "/graphql",
        &ADMIN,
        &json!({"query": format!("mutation DisableUser {{ disableUser(uid: \"{MATT}\") {{ ok }} }}")}).to_string(),
    );
    assert_eq!(r.json(), json!({"data": {"disableUser": {"ok": true}}}));
    let list = sb.list();
    assert_eq!(
        invited(&list, "snow@paradime.io").unwrap()["inviteStatus"],
        "ACTIVE"
    );
    assert!(active(&list, MATT).is_none());
}

#[test]
fn named_operations_with_variables_work() {
    let sb = Sandbox::start(&[]);
    let r = sb.gql(
        "mutation InviteUser($email: String!, $accountType: UserAccountType!) { inviteUser(email: $email, accountType: $accountType) { ok } }",
        json!({"email": "new@acme.io", "accountType": "SECURITY_ADMIN"}),
    );
    assert_eq!(r.json(), json!({"data": {"inviteUser": {"ok": true}}}));
    let r = sb.gql(
        "mutation UpdateUserAccountType($uid: String!, $accountType: UserAccountType!) { updateUserAccountType(uid: $uid, accountType: $accountType) { ok } }",
        json!({"uid": MATT, "accountType": "SANDBOX_USER"}),
    );
    assert_eq!(
        r.json(),
        json!({"data": {"updateUserAccountType": {"ok": true}}})
    );
    let list = sb.list();
    assert_eq!(
        invited(&list, "new@acme.io").unwrap(),
        json!({"email": "new@acme.io", "accountType": "SECURITY_ADMIN", "inviteStatus": "ACTIVE"})
    );
    assert_eq!(active(&list, MATT).unwrap()["accountType"], "SANDBOX_USER");
    let r = sb.gql(
        "mutation DisableUser($uid: String!) { disableUser(uid: $uid) { ok } }",
        json!({"uid": MATT}),
    );
    assert_eq!(r.json(), json!({"data": {"disableUser": {"ok": true}}}));
    assert!(active(&sb.list(), MATT).is_none());
}

#[test]
fn every_account_type_is_in_the_schema() {
    let sb = Sandbox::start(&[]);
    let r = sb.gql(
        "{ __type(name: \"UserAccountType\") { enumValues { name } } }",
        json!({}),
    );
    let names: Vec<String> = r.json()["data"]["__type"]["enumValues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
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
    let r = sb.gql(
        "{ __type(name: \"InviteStatus\") { enumValues { name } } }",
        json!({}),
    );
    assert_eq!(
        r.json()["data"]["__type"]["enumValues"],
        json!([{"name": "ACTIVE"}, {"name": "SENT"}, {"name": "EXPIRED"}])
    );
}

const INVITE: &str = "mutation InviteUser($email: String!, $accountType: UserAccountType!) { inviteUser(email: $email, accountType: $accountType) { ok } }";
const UPDATE: &str = "mutation UpdateUserAccountType($uid: String!, $accountType: UserAccountType!) { updateUserAccountType(uid: $uid, accountType: $accountType) { ok } }";
const DISABLE: &str = "mutation DisableUser($uid: String!) { disableUser(uid: $uid) { ok } }";

#[test]
fn invite_rules() {
    let sb = Sandbox::start(&[]);
    // The email of an active user, in another case: a GraphQL error, nothing changes.
    let r = sb.gql(
        INVITE,
        json!({"email": "Alexandra@ACME.io", "accountType": "ADMIN"}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["data"]["inviteUser"], Value::Null);
    assert_eq!(first_code(&r), "ALREADY_ACTIVE");
    assert_eq!(r.json()["errors"][0]["path"], json!(["inviteUser"]));
    // Re-inviting an expired invite (case-insensitively) refreshes it; no duplicate.
    let r = sb.gql(
        INVITE,
        json!({"email": "MAX@acme.io", "accountType": "ANALYST"}),
    );
    assert_eq!(r.json(), json!({"data": {"inviteUser": {"ok": true}}}));
    let list = sb.list();
    assert_eq!(list["invitedUsers"].as_array().unwrap().len(), 2);
    assert_eq!(
        invited(&list, "max@acme.io").unwrap(),
        json!({"email": "max@acme.io", "accountType": "ANALYST", "inviteStatus": "ACTIVE"})
    );
    // Not an address at all.
    let r = sb.gql(
        INVITE,
        json!({"email": "not-an-email", "accountType": "ADMIN"}),
    );
    assert_eq!(first_code(&r), "BAD_USER_INPUT");
    // An unknown role is a GraphQL validation error (400), nothing runs.
    let r = sb.gql(
        INVITE,
        json!({"email": "x@acme.io", "accountType": "OWNER"}),
    );
    assert_eq!(r.status, 400);
    assert!(
        r.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("OWNER")
            || r.text.contains("enum")
    );
    assert!(invited(&sb.list(), "x@acme.io").is_none());
}

#[test]
fn update_and_disable_rules() {
    let sb = Sandbox::start(&[]);
    let r = sb.gql(
        UPDATE,
        json!({"uid": "f".repeat(64), "accountType": "ADMIN"}),
    );
    assert_eq!(first_code(&r), "NOT_FOUND");
    let r = sb.gql(DISABLE, json!({"uid": "nope"}));
    assert_eq!(first_code(&r), "NOT_FOUND");
    assert_eq!(
        sb.gql(DISABLE, json!({"uid": MATT})).json(),
        json!({"data": {"disableUser": {"ok": true}}})
    );
    let list = sb.list();
    assert_eq!(list["activeUsers"].as_array().unwrap().len(), 2);
    // A disabled uid can be neither disabled again nor updated.
    assert_eq!(
        first_code(&sb.gql(DISABLE, json!({"uid": MATT}))),
        "USER_DISABLED"
    );
    assert_eq!(
        first_code(&sb.gql(UPDATE, json!({"uid": MATT, "accountType": "ADMIN"}))),
        "USER_DISABLED"
    );
}

#[test]
fn an_accepted_invite_becomes_an_active_user_with_a_64_hex_uid() {
    let sb = Sandbox::start(&[]);
    sb.gql(
        INVITE,
        json!({"email": "dana@acme.io", "accountType": "BUSINESS"}),
    );
    let r = sb.control(
        "/_sandbox/accept",
        json!({"email": "DANA@acme.io", "name": "Dana Scully"}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let uid = r.json()["uid"].as_str().unwrap().to_string();
    assert_eq!(uid.len(), 64);
    assert!(uid.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
    let list = sb.list();
    assert_eq!(
        active(&list, &uid).unwrap(),
        json!({"uid": uid, "email": "dana@acme.io", "name": "Dana Scully", "accountType": "BUSINESS"})
    );
    assert!(invited(&list, "dana@acme.io").is_none());
    // Now active: inviting it again is refused.
    assert_eq!(
        first_code(&sb.gql(
            INVITE,
            json!({"email": "dana@acme.io", "accountType": "ADMIN"})
        )),
        "ALREADY_ACTIVE"
    );
    assert_eq!(
        sb.control("/_sandbox/accept", json!({"email": "ghost@acme.io"}))
            .status,
        404
    );
}

#[test]
fn generated_users_list_in_full() {
    let sb = Sandbox::start(&["--users", "100000"]);
    let list = sb.list();
    let users = list["activeUsers"].as_array().unwrap();
    assert_eq!(users.len(), 100_003);
    assert_eq!(users[3]["email"], "user0@example.com");
    assert!(users
        .iter()
        .all(|u| u["uid"].as_str().is_some_and(|s| s.len() == 64)));
    // Aliases, __typename and fragments take the generic path and agree with the fast one.
    let r = sb.gql(
        "fragment F on ActiveUser { email } { listUsers { activeUsers { id: uid __typename ...F } } }",
        json!({}),
    );
    let first = &r.json()["data"]["listUsers"]["activeUsers"][3];
    assert_eq!(
        first,
        &json!({"id": users[3]["uid"], "__typename": "ActiveUser", "email": "user0@example.com"})
    );
}

#[test]
fn many_requests_at_once() {
    let sb = std::sync::Arc::new(Sandbox::start(&[]));
    let handles: Vec<_> = (0..16)
        .map(|i| {
            let sb = sb.clone();
            std::thread::spawn(move || {
                let r = sb.gql(
                    INVITE,
                    json!({"email": format!("p{i}@acme.io"), "accountType": "DEVELOPER"}),
                );
                assert_eq!(r.json(), json!({"data": {"inviteUser": {"ok": true}}}));
                assert_eq!(sb.list()["ok"], true);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(sb.list()["invitedUsers"].as_array().unwrap().len(), 18);
}
