//! Options as serde reads them (JSON standing in for the JS object the shell copies):
//! `ClientOptions` and `CallOptions` parsing never panics, and an error never repeats a
//! string value it was given (secrets travel in options).
#![no_main]

use libfuzzer_sys::fuzz_target;
use paradime_users::core::auth::request_headers;
use paradime_users::core::error::Error;
use paradime_users::core::operation::Operation;
use paradime_users::core::options::{call_settings, client_config};
use serde_json::Value;

/// String values that look like secrets (at least 12 characters, with a digit and a `-`,
/// which no fixed message text has together): seeing one in a message means it was echoed.
/// Keys are named in messages by design, so a value found in a key does not count.
fn secrets(value: &Value, keys: &mut Vec<String>, out: &mut Vec<String>) {
    match value {
        Value::String(s)
            if s.len() >= 12 && s.contains('-') && s.bytes().any(|b| b.is_ascii_digit()) =>
        {
            out.push(s.clone())
        }
        Value::Object(map) => {
            for (key, inner) in map {
                keys.push(key.clone());
                secrets(inner, keys, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| secrets(i, keys, out)),
        _ => {}
    }
}

fn check(error: &Error, secrets: &[String]) {
    for s in secrets {
        assert!(
            !error.message.contains(s.as_str()),
            "{} echoes a value",
            error.message
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(options) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let (mut keys, mut values) = (Vec::new(), Vec::new());
    secrets(&options, &mut keys, &mut values);
    values.retain(|v| !keys.iter().any(|k| k.contains(v.as_str())));
    match client_config::<serde_json::Value, _>(&options) {
        Ok((config, _)) => {
            let _ = request_headers(
                &config.auth,
                config.workspace_uid.as_deref(),
                &config.headers,
            );
        }
        Err(e) => check(&e, &values),
    }
    for op in [Operation::ListUsers, Operation::InviteUser] {
        if let Err(e) = call_settings::<Value, _>(op, &options, 60_000) {
            check(&e, &values);
        }
    }
});
