//! The response decoder, for every `Expect` and the statuses that matter: never a panic; a
//! body the engine is told to parse is JSON, and what it gives JS equals what the serde
//! path builds (the fast path and the general one agree); every error serialises.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paradime_users::core::decode::{
    decode_response, decode_with, is_json, output_json, Expect, Output,
};
use paradime_users::core::error::classify_response;
use paradime_users::core::operation::Operation;

const STATUSES: [u16; 16] = [
    200, 201, 204, 299, 302, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504, 0,
];

/// What `JSON.parse` accepts, by serde_json: which refuses lone surrogate escapes that
/// JSON allows (so they are swapped for `\u0041`, same length). Skipping a value
/// (`IgnoredAny`) has no depth limit, like the engine's parser at these sizes.
fn json_ok(text: &[u8]) -> bool {
    let mut text = text.to_vec();
    let mut i = 0;
    let mut in_string = false;
    while i < text.len() {
        match text[i] {
            b'\\' if in_string => {
                if text.get(i + 1) == Some(&b'u')
                    && text.get(i + 2).is_some_and(|b| matches!(b, b'd' | b'D'))
                    && text
                        .get(i + 3)
                        .is_some_and(|b| matches!(b, b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F'))
                    && text
                        .get(i + 2..i + 6)
                        .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
                {
                    text[i + 2..i + 6].copy_from_slice(b"0041");
                }
                i += 1;
            }
            b'"' => in_string = !in_string,
            _ => {}
        }
        i += 1;
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(&text).is_ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let want = match selector & 7 {
        0 => Expect::UserList,
        1 => Expect::ActiveUsers,
        2 => Expect::InvitedUsers,
        3 => Expect::UserByEmail("Jonny@ACME.io"),
        4 => Expect::Ack(Operation::InviteUser),
        5 => Expect::Ack(Operation::UpdateUserAccountType),
        6 => Expect::Ack(Operation::DisableUser),
        _ => Expect::UserByEmail("ünïcode@acme.io"),
    };
    let status = STATUSES[usize::from(selector >> 4)];
    let retry_after = (selector & 8 != 0).then_some(1500);
    // serde_json and JSON.parse agree on what JSON is (but for lone surrogate escapes,
    // which json_ok allows for).
    if is_json(body) {
        assert!(json_ok(body));
    }
    let slow = decode_with(want, status, body, retry_after, false);
    match decode_response(want, status, body, retry_after) {
        Ok(output) => {
            if let Output::ListPart(_) = output {
                // The engine will JSON.parse the body as it is: it must be JSON.
                assert!(json_ok(body));
            }
            let slow = slow.expect("the serde path accepts what the fast path accepts");
            assert_eq!(output_json(output, body), output_json(slow, body));
        }
        Err(error) => {
            assert_eq!(slow.as_ref().err(), Some(&error), "both paths fail alike");
            serde_json::to_string(&error).unwrap();
        }
    }
    if let Some(error) = classify_response(want.operation(), status, body, None) {
        serde_json::to_string(&error).unwrap();
    }
});
