//! Options as the shell describes them: `read_entries`, then `ClientOptions`,
//! `CallOptions` and `PlanOptions` parsing: never a panic; an error never repeats a string
//! value it was given (secrets travel in options).
#![no_main]

use libfuzzer_sys::fuzz_target;
use paradime_users::core::auth::request_headers;
use paradime_users::core::error::Error;
use paradime_users::core::operation::Operation;
use paradime_users::core::options::{
    call_settings, client_config, plan_options, read_entries, OptValue,
};

/// String values that look like secrets (at least 12 characters, with a digit and a `-`,
/// which no fixed message text has together): seeing one in a message means it was echoed.
/// Keys are named in messages by design, so a value found in a key does not count.
fn secrets(entries: &[(String, OptValue)], keys: &mut Vec<String>, out: &mut Vec<String>) {
    for (key, value) in entries {
        keys.push(key.clone());
        match value {
            OptValue::Str(s)
                if s.len() >= 12 && s.contains('-') && s.bytes().any(|b| b.is_ascii_digit()) =>
            {
                out.push(s.clone())
            }
            OptValue::Object(inner) | OptValue::Array(inner) => secrets(inner, keys, out),
            _ => {}
        }
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
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(entries) = read_entries(text) else {
        return;
    };
    let (mut keys, mut values) = (Vec::new(), Vec::new());
    secrets(&entries, &mut keys, &mut values);
    values.retain(|v| !keys.iter().any(|k| k.contains(v.as_str())));
    match client_config(Some(&entries)) {
        Ok(config) => {
            let _ = request_headers(
                &config.auth,
                config.workspace_uid.as_deref(),
                &config.headers,
            );
        }
        Err(e) => check(&e, &values),
    }
    for op in [Operation::ListUsers, Operation::InviteUser] {
        if let Err(e) = call_settings(op, Some(&entries), 60_000) {
            check(&e, &values);
        }
    }
    if let Err(e) = plan_options(Some(&entries), 60_000) {
        check(&e, &values);
    }
});
