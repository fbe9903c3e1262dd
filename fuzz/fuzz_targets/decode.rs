//! The response decoder, for every `Want` and the statuses that matter: never a panic; a
//! result the engine is told to parse is JSON; every error serialises to JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paradime_users::core::decode::{decode_response, Output, Want};
use paradime_users::core::error::classify_response;
use paradime_users::core::json::is_json;
use paradime_users::core::operation::Operation;

const STATUSES: [u16; 16] = [
    200, 201, 204, 299, 302, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504, 0,
];

/// What `JSON.parse` accepts, by serde_json: which refuses lone surrogate escapes that
/// JSON allows (so they are swapped for `\u0041`, same length) and nests at most 128 deep
/// unless told otherwise. The core's reader stops at 512.
fn json_ok(text: &[u8]) -> bool {
    let mut text = text.to_vec();
    let mut i = 0;
    let mut in_string = false;
    let (mut depth, mut deepest) = (0usize, 0usize);
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
            b'[' | b'{' if !in_string => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    let mut de = serde_json::Deserializer::from_slice(&text);
    de.disable_recursion_limit();
    deepest <= 512
        && serde::Deserialize::deserialize(&mut de)
            .map(|_: serde_json::Value| ())
            .is_ok()
        && de.end().is_ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let want = match selector & 7 {
        0 => Want::UserList,
        1 => Want::ActiveUsers,
        2 => Want::InvitedUsers,
        3 => Want::UserByEmail("Jonny@ACME.io"),
        4 => Want::Ack(Operation::InviteUser),
        5 => Want::Ack(Operation::UpdateUserAccountType),
        6 => Want::Ack(Operation::DisableUser),
        _ => Want::UserByEmail("ünïcode@acme.io"),
    };
    let status = STATUSES[usize::from(selector >> 4)];
    let retry_after = (selector & 8 != 0).then_some(1500);
    // The core's own JSON check agrees with serde_json's.
    assert_eq!(is_json(body), json_ok(body));
    match decode_response(want, status, body, retry_after, str::to_lowercase) {
        Ok(Output::Json(text)) => assert!(json_ok(text.as_bytes()), "{text}"),
        // The engine will JSON.parse the body as it is: it must be JSON.
        Ok(Output::Pick(_)) => assert!(json_ok(body)),
        Ok(Output::Unit) => {}
        Err(error) => assert!(json_ok(error.to_json().as_bytes())),
    }
    if let Some(error) = classify_response(want.operation(), status, body, None) {
        assert!(json_ok(error.to_json().as_bytes()));
    }
});
