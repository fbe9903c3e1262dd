//! The sandbox as a server: auth modes, CORS and static files, bad input, the test
//! controls, persistence across a kill, shutdown and logging. All over real HTTP.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

const INVITE: &str = "mutation InviteUser($email: String!, $accountType: UserAccountType!) { inviteUser(email: $email, accountType: $accountType) { ok } }";
const LIST_OK: &str = "{ listUsers { ok } }";

#[test]
fn auth_modes() {
    let sb = Sandbox::start(&[]);
    let unauth = |headers: &[(&str, &str)]| {
        let r = sb.gql_as(headers, LIST_OK, json!({}));
        assert_eq!(r.status, 401, "{headers:?}: {}", r.text);
        assert!(r.json()["errors"][0]["message"].is_string());
        assert_eq!(first_code(&r), "UNAUTHENTICATED");
    };
    unauth(&[]);
    unauth(&[("X-API-KEY", "demo-key"), ("X-API-SECRET", "wrong")]);
    unauth(&[("X-API-KEY", "demo-key")]);
    unauth(&[("X-API-SECRET", "demo-secret")]);
    unauth(&[("Authorization", "Bearer prdm_wsp_wrong")]);
    unauth(&[("Authorization", "Basic abc")]);
    // A company token needs the workspace header.
    unauth(&[("Authorization", "Bearer prdm_cmp_demo-company-token")]);

    let ok = |headers: &[(&str, &str)]| {
        let r = sb.gql_as(headers, LIST_OK, json!({}));
        assert_eq!(
            r.json(),
            json!({"data": {"listUsers": {"ok": true}}}),
            "{headers:?}"
        );
    };
    ok(&ADMIN);
    ok(&VIEWER);
    ok(&[("Authorization", "Bearer prdm_wsp_demo-workspace-token")]);
    ok(&[
        ("Authorization", "Bearer prdm_cmp_demo-company-token"),
        ("X-Paradime-Workspace", "acme-workspace"),
    ]);
    ok(&[
        ("X-API-KEY", "demo-key"),
        ("X-API-SECRET", "demo-secret"),
        ("X-Paradime-Workspace", "acme-workspace"),
    ]);

    // Valid credentials, another workspace: 403.
    let r = sb.gql_as(
        &[
            ("Authorization", "Bearer prdm_cmp_demo-company-token"),
            ("X-Paradime-Workspace", "other"),
        ],
        LIST_OK,
        json!({}),
    );
    assert_eq!(r.status, 403);
    assert_eq!(first_code(&r), "FORBIDDEN");

    // The metadata viewer may list but not mutate.
    let r = sb.gql_as(
        &VIEWER,
        INVITE,
        json!({"email": "v@acme.io", "accountType": "ADMIN"}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["data"]["inviteUser"], Value::Null);
    assert_eq!(first_code(&r), "FORBIDDEN");
    // A token may.
    let r = sb.gql_as(
        &[("Authorization", "Bearer prdm_wsp_demo-workspace-token")],
        INVITE,
        json!({"email": "t@acme.io", "accountType": "ADMIN"}),
    );
    assert_eq!(r.json(), json!({"data": {"inviteUser": {"ok": true}}}));
}

#[test]
fn credentials_file_replaces_the_defaults_and_hides_its_secrets() {
    let dir = temp_dir("creds");
    let file = dir.join("credentials.json");
    write(
        &file,
        r#"{"workspaceUid": "w-42",
            "apiKeys": [{"key": "k1", "secret": "s3cr3t-from-file", "capability": "viewer"}],
            "tokens": [{"token": "prdm_cmp_file-token", "capability": "admin"}]}"#,
    );
    let sb = Sandbox::start(&["--credentials", file.to_str().unwrap()]);
    assert_eq!(sb.gql_as(&ADMIN, LIST_OK, json!({})).status, 401);
    assert_eq!(
        sb.gql_as(
            &[("X-API-KEY", "k1"), ("X-API-SECRET", "s3cr3t-from-file")],
            LIST_OK,
            json!({})
        )
        .status,
        200
    );
    let r = sb.gql_as(
        &[
            ("Authorization", "Bearer prdm_cmp_file-token"),
            ("X-Paradime-Workspace", "w-42"),
        ],
        INVITE,
        json!({"email": "f@acme.io", "accountType": "ADMIN"}),
    );
    assert_eq!(r.json(), json!({"data": {"inviteUser": {"ok": true}}}));
    let logs = sb.logs();
    assert!(
        !logs.contains("s3cr3t-from-file") && !logs.contains("file-token"),
        "{logs}"
    );
    // The console's prefill serves the built-in demo credentials only, never a file's.
    assert_eq!(sb.get("/_sandbox/demo-credentials").status, 404);
    let demo = Sandbox::start(&[]);
    assert_eq!(
        demo.get("/_sandbox/demo-credentials").json(),
        json!({"apiKey": "demo-key", "apiSecret": "demo-secret", "workspaceUid": ""})
    );
    // With several workspaces: the demo company token and the first workspace.
    let several = Sandbox::start(&["--workspaces", "2"]);
    assert_eq!(
        several.get("/_sandbox/demo-credentials").json(),
        json!({"apiKey": "", "apiSecret": "prdm_cmp_demo-company-token", "workspaceUid": "acme-workspace"})
    );

    // A broken credentials file stops the start with a message, not a panic.
    write(&file, "{\"apiKeys\": 3}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_paradime-sandbox"))
        .args(["--port", "0", "--credentials", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a credentials file"));
}

#[test]
fn cors_preflight_and_static_files() {
    let dir = temp_dir("static");
    std::fs::create_dir_all(dir.join("www")).unwrap();
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    write(
        &dir.join("www/index.html"),
        "<!doctype html><title>demo</title>",
    );
    write(&dir.join("www/app.js"), "export {};");
    std::fs::write(dir.join("pkg/paradime_users_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let www = dir.join("www");
    let pkg = dir.join("pkg");
    let sb = Sandbox::start(&[
        "--www",
        www.to_str().unwrap(),
        "--pkg",
        pkg.to_str().unwrap(),
    ]);

    let index = sb.get("/");
    assert_eq!(index.status, 200);
    assert!(index
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(sb
        .get("/app.js")
        .header("content-type")
        .unwrap()
        .contains("javascript"));
    let wasm = sb.get("/pkg/paradime_users_bg.wasm");
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(sb.get("/nope.txt").status, 404);

    // Preflight, raw, as a browser sends it.
    let mut stream = TcpStream::connect(sb.url.trim_start_matches("http://")).unwrap();
    write!(
        stream,
        "OPTIONS /graphql HTTP/1.1\r\nHost: x\r\nOrigin: http://example.test\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type,x-api-key,x-api-secret,authorization,x-paradime-workspace\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let lower = text.to_lowercase();
    assert!(lower.starts_with("http/1.1 200"), "{text}");
    assert!(lower.contains("access-control-allow-origin: *"));
    for h in [
        "content-type",
        "x-api-key",
        "x-api-secret",
        "authorization",
        "x-paradime-workspace",
    ] {
        assert!(lower.contains(h), "{h} not allowed: {text}");
    }
    // Responses expose Retry-After and the request id to scripts, and carry one id each.
    let r = sb.gql(LIST_OK, json!({}));
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("retry-after,x-request-id")
    );
    let id = r.header("x-request-id").map(str::to_string);
    assert_eq!(id.as_ref().map(String::len), Some(36), "a UUID: {id:?}");
    let again = sb.gql(LIST_OK, json!({}));
    assert_ne!(again.header("x-request-id").map(str::to_string), id);
}

#[test]
fn bad_input_gets_clear_errors_and_never_hurts_the_server() {
    let sb = Sandbox::start(&[]);
    let check = |body: &str, status: u16| {
        let r = sb.post_raw("/graphql", &ADMIN, body);
        assert_eq!(r.status, status, "{body:.80}: {}", r.text);
        assert!(r.json()["errors"][0]["message"].is_string(), "{}", r.text);
    };
    check("{not json", 400);
    check("", 400);
    check("[1,2]", 400);
    check(r#"{"query": 42}"#, 400);
    check(r#"{"variables": {}}"#, 400);
    check(r#"{"query": "{ listUsers { ok nope } }"}"#, 400);
    check(r#"{"query": "{ listUsers { ok } "}"#, 400);
    check(
        &json!({"query": INVITE, "variables": {"email": 42, "accountType": "ADMIN"}}).to_string(),
        400,
    );
    check(
        &json!({"query": INVITE, "variables": {"email": "a@b.c"}}).to_string(),
        400,
    );
    check(
        &json!({"query": INVITE, "variables": {"email": null, "accountType": "ADMIN"}}).to_string(),
        400,
    );
    check(
        r#"{"query": "{ listUsers { ok } }", "variables": "nope"}"#,
        400,
    );
    // Depth and complexity limits.
    let deep = format!(
        "{{ __schema {{ types {{ fields {{ type {{ {}name{} }} }} }} }} }}",
        "ofType { ".repeat(14),
        " }".repeat(14)
    );
    check(&json!({"query": deep}).to_string(), 400);
    let wide = format!(
        "{{ {} }}",
        (0..600)
            .map(|i| format!("a{i}: listUsers {{ ok }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    check(&json!({"query": wide}).to_string(), 400);
    // Over 1 MiB: 413, whether announced by Content-Length or not.
    let mut stream = TcpStream::connect(sb.url.trim_start_matches("http://")).unwrap();
    write!(stream, "POST /graphql HTTP/1.1\r\nHost: x\r\nX-API-KEY: demo-key\r\nX-API-SECRET: demo-secret\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{{", (1 << 20) + 1).unwrap();
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    assert!(text.starts_with("HTTP/1.1 413"), "{text:.200}");
    assert!(text.contains("\"errors\""));
    let mut stream = TcpStream::connect(sb.url.trim_start_matches("http://")).unwrap();
    write!(stream, "POST /graphql HTTP/1.1\r\nHost: x\r\nX-API-KEY: demo-key\r\nX-API-SECRET: demo-secret\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").unwrap();
    let chunk = vec![b' '; 64 * 1024];
    for _ in 0..20 {
        if write!(stream, "{:x}\r\n", chunk.len()).is_err()
            || stream.write_all(&chunk).is_err()
            || stream.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    assert!(text.starts_with("HTTP/1.1 413"), "{text:.200}");
    // Still healthy.
    assert_eq!(sb.list()["ok"], true);
}

#[test]
fn a_slow_or_vanished_client_does_not_block_others() {
    let sb = Sandbox::start(&[]);
    let addr = sb.url.trim_start_matches("http://").to_string();
    // Half a request line, then silence.
    let mut slow = TcpStream::connect(&addr).unwrap();
    slow.write_all(b"POST /graphql HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // Headers announcing a body that never fully comes.
    let mut stalled = TcpStream::connect(&addr).unwrap();
    stalled
        .write_all(b"POST /graphql HTTP/1.1\r\nHost: x\r\nX-API-KEY: demo-key\r\nX-API-SECRET: demo-secret\r\nContent-Length: 100\r\n\r\n{\"query\":")
        .unwrap();
    // A client that vanishes mid-request.
    {
        let mut gone = TcpStream::connect(&addr).unwrap();
        gone.write_all(b"POST /graphql HTTP/1.1\r\nContent-Length: 50\r\n\r\n{")
            .unwrap();
    }
    let started = Instant::now();
    for _ in 0..5 {
        assert_eq!(sb.list()["ok"], true);
    }
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(slow);
    drop(stalled);
}

#[test]
fn fault_controls_answer_as_told_once_each() {
    let sb = Sandbox::start(&[]);
    let r = sb.control(
        "/_sandbox/faults",
        json!([
            {"status": 503, "headers": {"Retry-After": "7"}, "body": "{\"errors\":[{\"message\":\"busy\"}]}"},
            {"status": 200, "body": "not json at all"},
            {"delayMs": 400},
            {"drop": true},
            {"delayMs": 100, "status": 429}
        ]),
    );
    assert_eq!(r.json(), json!({"queued": 5}));
    assert_eq!(
        sb.get("/_sandbox/faults").json().as_array().unwrap().len(),
        5
    );

    let r = sb.gql(LIST_OK, json!({}));
    assert_eq!((r.status, r.header("retry-after")), (503, Some("7")));
    assert_eq!(r.text, "{\"errors\":[{\"message\":\"busy\"}]}");
    let r = sb.gql(LIST_OK, json!({}));
    assert_eq!((r.status, r.text.as_str()), (200, "not json at all"));
    let started = Instant::now();
    let r = sb.gql(LIST_OK, json!({}));
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(r.json(), json!({"data": {"listUsers": {"ok": true}}}));
    assert!(
        sb.try_post_raw("/graphql", &ADMIN, r#"{"query": "{ listUsers { ok } }"}"#)
            .is_err(),
        "dropped connection must fail"
    );
    assert_eq!(sb.gql(LIST_OK, json!({})).status, 429);
    // Queue empty: normal again.
    assert_eq!(sb.gql(LIST_OK, json!({})).status, 200);

    // Bad fault definitions are refused.
    assert_eq!(
        sb.control("/_sandbox/faults", json!({"status": 5})).status,
        400
    );
    assert_eq!(
        sb.control("/_sandbox/faults", json!({"bogus": true}))
            .status,
        400
    );
    // DELETE clears the queue.
    sb.control("/_sandbox/faults", json!({"status": 500}));
    let stream_clear = {
        let mut s = TcpStream::connect(sb.url.trim_start_matches("http://")).unwrap();
        write!(
            s,
            "DELETE /_sandbox/faults HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut t = String::new();
        s.read_to_string(&mut t).unwrap();
        t
    };
    assert!(stream_clear.starts_with("HTTP/1.1 200"));
    assert_eq!(sb.gql(LIST_OK, json!({})).status, 200);
}

#[test]
fn request_log_shows_requests_with_secrets_redacted() {
    let sb = Sandbox::start(&[]);
    sb.gql(
        INVITE,
        json!({"email": "log@acme.io", "accountType": "ADMIN"}),
    );
    sb.gql_as(
        &[("Authorization", "Bearer prdm_wsp_demo-workspace-token")],
        LIST_OK,
        json!({}),
    );
    sb.post_raw("/graphql", &ADMIN, "{oops");
    let log = sb.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[0]["path"], "/graphql");
    assert_eq!(log[0]["headers"]["x-api-key"], "demo-key");
    assert_eq!(log[0]["headers"]["x-api-secret"], "<redacted>");
    assert_eq!(
        log[0]["body"]["variables"],
        json!({"email": "log@acme.io", "accountType": "ADMIN"})
    );
    assert_eq!(
        log[1]["headers"]["authorization"],
        "Bearer prdm_wsp_<redacted>"
    );
    assert_eq!(log[2]["body"], "{oops");
    let raw = sb.get("/_sandbox/requests").text;
    assert!(!raw.contains("demo-secret") && !raw.contains("demo-workspace-token"));

    // Reset: the docs' data back, faults and log cleared.
    sb.control("/_sandbox/faults", json!({"status": 500}));
    assert_eq!(
        sb.control("/_sandbox/reset", json!({})).json(),
        json!({"ok": true})
    );
    assert!(sb.requests().is_empty());
    let list = sb.list();
    assert_eq!(list["invitedUsers"].as_array().unwrap().len(), 2);
    assert_eq!(sb.requests().len(), 1);
}

#[test]
fn controls_exist_only_with_the_flag() {
    let sb = Sandbox::start_raw(&[]);
    // Not a route: the static files answer (404, or 405 for a POST).
    assert!(matches!(
        sb.control("/_sandbox/reset", json!({})).status,
        404 | 405
    ));
    assert_eq!(sb.get("/_sandbox/requests").status, 404);
    assert!(matches!(
        sb.control("/_sandbox/faults", json!({"status": 500}))
            .status,
        404 | 405
    ));
    assert_eq!(sb.gql(LIST_OK, json!({})).status, 200);
}

#[test]
fn data_file_keeps_every_acknowledged_mutation_across_a_kill() {
    let dir = temp_dir("data");
    let file = dir.join("workspace.json");
    let path = file.to_str().unwrap();
    let before;
    {
        let mut sb = Sandbox::start(&["--data", path]);
        assert!(file.exists(), "the data file is written at start");
        sb.gql(
            INVITE,
            json!({"email": "kept@acme.io", "accountType": "ANALYST"}),
        );
        let uid = sb
            .control(
                "/_sandbox/accept",
                json!({"email": "john@acme.io", "name": "John"}),
            )
            .json()["uid"]
            .as_str()
            .unwrap()
            .to_string();
        sb.gql(
            "mutation U($uid: String!) { updateUserAccountType(uid: $uid, accountType: WORKSPACE_ADMIN) { ok } }",
            json!({"uid": uid}),
        );
        sb.gql(
            "mutation D($uid: String!) { disableUser(uid: $uid) { ok } }",
            json!({"uid": "07673b48d2206dad7a150dd258ea1e049df036356f1730e30304e38ca648b175"}),
        );
        before = sb.list();
        sb.signal_and_wait("KILL");
    }
    let sb = Sandbox::start(&["--data", path]);
    assert_eq!(sb.list(), before);
    let emails: Vec<&str> = before["invitedUsers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&"kept@acme.io"));
    assert!(!dir.join("workspace.json.tmp").exists());

    // A corrupt file is refused with a message.
    drop(sb);
    write(&file, "{\"activeUsers\": 1}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_paradime-sandbox"))
        .args(["--port", "0", "--data", path])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a workspace file"));
}

#[test]
fn graceful_shutdown_and_one_log_line_per_request_without_secrets() {
    let mut sb = Sandbox::start(&[]);
    sb.gql(LIST_OK, json!({}));
    sb.post_raw("/graphql", &ADMIN, &json!({"query": INVITE, "operationName": "InviteUser", "variables": {"email": "q@acme.io", "accountType": "ADMIN"}}).to_string());
    sb.gql_as(
        &[
            ("X-API-KEY", "demo-key"),
            ("X-API-SECRET", "a-wrong-secret"),
        ],
        LIST_OK,
        json!({}),
    );
    let status = sb.signal_and_wait("TERM");
    assert!(status.success(), "exit status {status:?}");
    let logs = sb.logs();
    let lines: Vec<&str> = logs.lines().filter(|l| l.starts_with("graphql ")).collect();
    assert_eq!(lines.len(), 3, "{logs}");
    assert!(
        lines[1].contains("op=InviteUser")
            && lines[1].contains("status=200")
            && lines[1].contains("latency_ms=")
    );
    assert!(lines[2].contains("status=401"));
    assert!(!logs.contains("a-wrong-secret"));
    assert!(logs.contains("shutting down"));
}
