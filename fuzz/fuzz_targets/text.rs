//! The argument validators and `Retry-After` (seconds and HTTP dates): never a panic; a
//! validation error never repeats the argument.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use paradime_users::core::operation::Operation;
use paradime_users::core::retry::{parse_http_date, parse_retry_after};
use paradime_users::core::validate::{account_type, email, uid, Arg};

const OP: Operation = Operation::InviteUser;

/// Every message the validators can give, found by breaking each rule once: a message for
/// a fuzzed argument must be one of these, so it cannot echo the argument.
fn fixed_messages() -> &'static Vec<String> {
    static MESSAGES: OnceLock<Vec<String>> = OnceLock::new();
    MESSAGES.get_or_init(|| {
        let long_local = format!("{}@x.io", "a".repeat(65));
        let long = "a".repeat(300);
        let probes = [
            "",
            "a",
            "a b@x.io",
            "a@b@x.io",
            "@x.io",
            long_local.as_str(),
            "a@x",
            "a@.x",
            long.as_str(),
            "admin",
            "a\u{0}",
            "ab",
        ];
        let mut out = Vec::new();
        for p in probes {
            for r in [
                email(OP, Arg::Str(p)),
                uid(OP, Arg::Str(p)),
                account_type(OP, Arg::Str(p)),
            ] {
                if let Err(e) = r {
                    out.push(e.message);
                }
            }
        }
        out
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    for result in [
        email(OP, Arg::Str(s)),
        uid(OP, Arg::Str(s)),
        account_type(OP, Arg::Str(s)),
    ] {
        if let Err(e) = result {
            assert!(
                fixed_messages().contains(&e.message),
                "{} is not a fixed message",
                e.message
            );
        }
    }
    let now = 1_764_000_000_000.0;
    if let Some(ms) = parse_retry_after(s, now) {
        let _ = ms;
    }
    let _ = parse_http_date(s);
});
