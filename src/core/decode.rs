//! Response body -> the result JS gets, or a typed error.
//!
//! Tolerant where the server may grow: unknown fields are ignored, an `accountType` or
//! `inviteStatus` this version does not know passes through as a string, `name: null` stays
//! `null`. Strict where the data would be wrong: a missing `uid`/`email` or a wrong type is
//! kind `decode`.
//!
//! Lists take a fast path: the bytes are checked once, without keeping any string, against
//! the exact shape (every user object holds exactly the keys of its interface, `name`
//! present). When they match, the shell lets the engine's own `JSON.parse` build the objects
//! from the original body ([`Output::Pick`]): nothing is built field by field across the wasm
//! boundary. Anything else (a server that grew fields, a missing `name`, an error) takes
//! the tolerant path, which parses into structs borrowing from the body and writes back
//! compact JSON holding exactly the keys of the public interfaces ([`Output::Json`]).

use std::borrow::Cow;

use serde::de::{IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::core::error::{classify_response, Error, ErrorKind};
use crate::core::operation::Operation;

/// What the caller asked for, which decides what is decoded and returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want<'a> {
    /// `listUsers`: `{ activeUsers, invitedUsers }`.
    UserList,
    /// `listActiveUsers`: `ActiveUser[]`.
    ActiveUsers,
    /// `listInvitedUsers`: `InvitedUser[]`.
    InvitedUsers,
    /// `getUserByEmail`: `ActiveUser | null`, the email compared case-insensitively.
    UserByEmail(&'a str),
    /// A mutation: nothing, once `ok` is true.
    Ack(Operation),
}

impl Want<'_> {
    /// The operation that is sent for it.
    pub fn operation(&self) -> Operation {
        match self {
            Want::Ack(op) => *op,
            _ => Operation::ListUsers,
        }
    }
}

/// A successful result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// JSON text of the result (for `JSON.parse`).
    Json(String),
    /// The original body already has exactly the result's shape: parse it as it is and take
    /// this part of `data.listUsers`.
    Pick(Pick),
    /// No value (`Promise<void>`).
    Unit,
}

/// Which part of an exact `data.listUsers` is the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// `{ activeUsers, invitedUsers }`.
    UserList,
    /// `activeUsers`.
    ActiveUsers,
    /// `invitedUsers`.
    InvitedUsers,
}

/// A JSON string whose value is checked, not kept.
struct AnyStr;

impl<'de> Deserialize<'de> for AnyStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = AnyStr;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, _: &str) -> Result<AnyStr, E> {
                Ok(AnyStr)
            }
        }
        d.deserialize_str(V)
    }
}

/// `name`: a string or null, and present (a missing key would change the result's shape).
fn present_nullable<'de, D: Deserializer<'de>>(d: D) -> Result<Option<AnyStr>, D::Error> {
    Option::<AnyStr>::deserialize(d)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)] // fields are checked, not read
struct ExactActive {
    uid: AnyStr,
    email: AnyStr,
    #[serde(deserialize_with = "present_nullable")]
    name: Option<AnyStr>,
    account_type: AnyStr,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct ExactInvited {
    email: AnyStr,
    account_type: AnyStr,
    invite_status: AnyStr,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct ExactList {
    ok: bool,
    active_users: Vec<ExactActive>,
    invited_users: Vec<ExactInvited>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExactData {
    list_users: ExactList,
}

/// Whether `errors` is a non-empty array (anything else counts as no errors).
struct HasErrors(bool);

impl<'de> Deserialize<'de> for HasErrors {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HasErrors;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<HasErrors, A::Error> {
                let mut any = false;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    any = true;
                }
                Ok(HasErrors(any))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<HasErrors, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(HasErrors(false))
            }
            fn visit_bool<E>(self, _: bool) -> Result<HasErrors, E> {
                Ok(HasErrors(false))
            }
            fn visit_i64<E>(self, _: i64) -> Result<HasErrors, E> {
                Ok(HasErrors(false))
            }
            fn visit_u64<E>(self, _: u64) -> Result<HasErrors, E> {
                Ok(HasErrors(false))
            }
            fn visit_f64<E>(self, _: f64) -> Result<HasErrors, E> {
                Ok(HasErrors(false))
            }
            fn visit_str<E>(self, _: &str) -> Result<HasErrors, E> {
                Ok(HasErrors(false))
            }
            fn visit_unit<E>(self) -> Result<HasErrors, E> {
                Ok(HasErrors(false))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
struct ExactEnvelope {
    data: ExactData,
    #[serde(default)]
    errors: Option<HasErrors>,
}

/// The fast path: `Some` when a 2xx list body has exactly the result's shape, no errors and
/// `ok: true`.
fn exact_list(want: Want<'_>, body: &[u8]) -> Option<Output> {
    let pick = match want {
        Want::UserList => Pick::UserList,
        Want::ActiveUsers => Pick::ActiveUsers,
        Want::InvitedUsers => Pick::InvitedUsers,
        Want::UserByEmail(_) | Want::Ack(_) => return None,
    };
    let envelope: ExactEnvelope = serde_json::from_slice(body).ok()?;
    let clean = !envelope.errors.is_some_and(|e| e.0) && envelope.data.list_users.ok;
    clean.then_some(Output::Pick(pick))
}

/// `ActiveUser`, borrowing its strings from the response body where it can.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveUser<'a> {
    #[serde(borrow)]
    uid: Cow<'a, str>,
    #[serde(borrow)]
    email: Cow<'a, str>,
    #[serde(borrow, default)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    account_type: Cow<'a, str>,
}

/// `InvitedUser`, borrowing like [`ActiveUser`].
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitedUser<'a> {
    #[serde(borrow)]
    email: Cow<'a, str>,
    #[serde(borrow)]
    account_type: Cow<'a, str>,
    #[serde(borrow)]
    invite_status: Cow<'a, str>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListUsers<'a> {
    ok: bool,
    #[serde(borrow, default)]
    active_users: Option<Vec<ActiveUser<'a>>>,
    #[serde(borrow, default)]
    invited_users: Option<Vec<InvitedUser<'a>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListData<'a> {
    #[serde(borrow, default)]
    list_users: Option<ListUsers<'a>>,
}

#[derive(Deserialize)]
struct ListEnvelope<'a> {
    #[serde(borrow, default)]
    data: Option<ListData<'a>>,
    #[serde(default)]
    errors: Option<HasErrors>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserList<'r, 'a> {
    active_users: &'r [ActiveUser<'a>],
    invited_users: &'r [InvitedUser<'a>],
}

fn decode_error(op: Operation, what: impl std::fmt::Display) -> Error {
    let what: String = what.to_string().chars().take(300).collect();
    Error::new(
        ErrorKind::Decode,
        Some(op),
        format!("{}: unexpected response: {what}", op.method_name()),
    )
}

fn rejected(op: Operation) -> Error {
    Error::new(
        ErrorKind::Rejected,
        Some(op),
        format!(
            "{}: the API answered ok: false without saying why",
            op.method_name()
        ),
    )
}

fn same_email(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

fn to_json<T: Serialize + ?Sized>(op: Operation, value: &T) -> Result<Output, Error> {
    serde_json::to_string(value)
        .map(Output::Json)
        .map_err(|e| decode_error(op, e))
}

fn decode_list(want: Want<'_>, body: &[u8]) -> Result<Output, Error> {
    let op = Operation::ListUsers;
    let envelope: ListEnvelope<'_> = serde_json::from_slice(body).map_err(|e| {
        if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() {
            decode_error(op, "the body is not JSON")
        } else {
            decode_error(op, e)
        }
    })?;
    if envelope.errors.is_some_and(|e| e.0) {
        // The caller turns the errors into a `graphql` error.
        return Err(decode_error(op, "the body holds GraphQL errors"));
    }
    let list = envelope
        .data
        .and_then(|d| d.list_users)
        .ok_or_else(|| decode_error(op, "no data.listUsers"))?;
    if !list.ok {
        return Err(rejected(op));
    }
    let active = list
        .active_users
        .ok_or_else(|| decode_error(op, "no activeUsers"))?;
    let invited = list
        .invited_users
        .ok_or_else(|| decode_error(op, "no invitedUsers"))?;
    match want {
        Want::ActiveUsers => to_json(op, &active),
        Want::InvitedUsers => to_json(op, &invited),
        Want::UserByEmail(email) => match active.iter().find(|u| same_email(&u.email, email)) {
            Some(user) => to_json(op, user),
            None => Ok(Output::Json("null".to_string())),
        },
        Want::UserList | Want::Ack(_) => to_json(
            op,
            &UserList {
                active_users: &active,
                invited_users: &invited,
            },
        ),
    }
}

fn decode_ack(op: Operation, body: &[u8]) -> Result<Output, Error> {
    let value: Value =
        serde_json::from_slice(body).map_err(|_| decode_error(op, "the body is not JSON"))?;
    let result = value
        .get("data")
        .and_then(|d| d.get(op.field()))
        .ok_or_else(|| decode_error(op, format!("no data.{}", op.field())))?;
    match result.get("ok") {
        Some(Value::Bool(true)) => Ok(Output::Unit),
        Some(Value::Bool(false)) => Err(rejected(op)),
        Some(_) => Err(decode_error(op, "`ok` is not a boolean")),
        None => Err(decode_error(op, format!("no data.{}.ok", op.field()))),
    }
}

/// Turns one HTTP response into the result of `want`, or the error the contract's table
/// gives it. `retry_after_ms` is the parsed `Retry-After`, when the response had one.
pub fn decode_response(
    want: Want<'_>,
    status: u16,
    body: &[u8],
    retry_after_ms: Option<u64>,
) -> Result<Output, Error> {
    let op = want.operation();
    let with_status = |mut e: Error| {
        e.status = Some(status);
        e.retry_after_ms = retry_after_ms;
        e
    };
    if (200..300).contains(&status) {
        if let Some(output) = exact_list(want, body) {
            return Ok(output);
        }
        if !matches!(want, Want::Ack(_)) {
            // One pass in the usual case: the tolerant decoder also notes a non-empty
            // `errors`, and only a failure looks at the body again for GraphQL errors.
            return decode_list(want, body).map_err(|e| {
                classify_response(op, status, body, retry_after_ms)
                    .unwrap_or_else(|| with_status(e))
            });
        }
    }
    if let Some(error) = classify_response(op, status, body, retry_after_ms) {
        return Err(error);
    }
    decode_ack(op, body).map_err(with_status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The example response of Paradime's documentation.
    const DOCS: &str = r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"uid":"1b051b1e1aaf70773789c250cd0cc40a5bf27c104d1ca2c6b765767eb53c4772","email":"alexandra@acme.io","name":"Alexandra James","accountType":"ADMIN"},{"uid":"0b02bde0691e9a220f8fdbff93d992a7826c7ce7b0ea33ffc4709c6a2d219a49","email":"jonny@acme.io","name":"Jonathan Maxwell","accountType":"ADMIN"},{"uid":"07673b48d2206dad7a150dd258ea1e049df036356f1730e30304e38ca648b175","email":"matt@acme.io","name":"Matt McDonald","accountType":"DEVELOPER"}],"invitedUsers":[{"email":"max@acme.io","accountType":"ADMIN","inviteStatus":"EXPIRED"},{"email":"john@acme.io","accountType":"ADMIN","inviteStatus":"ACTIVE"}]}}}"#;

    /// What JS would get: `Json` parsed, or `Pick` applied to the parsed body as the shell
    /// does it.
    fn ok_json(want: Want<'_>, body: &str) -> Value {
        match decode_response(want, 200, body.as_bytes(), None) {
            Ok(Output::Json(s)) => serde_json::from_str(&s).unwrap(),
            Ok(Output::Pick(pick)) => {
                let list = &serde_json::from_str::<Value>(body).unwrap()["data"]["listUsers"];
                match pick {
                    Pick::UserList => {
                        json!({"activeUsers": list["activeUsers"], "invitedUsers": list["invitedUsers"]})
                    }
                    Pick::ActiveUsers => list["activeUsers"].clone(),
                    Pick::InvitedUsers => list["invitedUsers"].clone(),
                }
            }
            other => panic!("{other:?}"),
        }
    }

    fn path(want: Want<'_>, body: &str) -> &'static str {
        match decode_response(want, 200, body.as_bytes(), None) {
            Ok(Output::Pick(_)) => "fast",
            Ok(Output::Json(_)) => "tolerant",
            _ => "error",
        }
    }

    #[test]
    fn exact_bodies_take_the_fast_path_others_the_tolerant_one() {
        assert_eq!(path(Want::UserList, DOCS), "fast");
        assert_eq!(path(Want::ActiveUsers, DOCS), "fast");
        assert_eq!(path(Want::UserByEmail("matt@acme.io"), DOCS), "tolerant");
        let with_extensions = DOCS.replacen('{', r#"{"extensions":{"x":1},"#, 1);
        assert_eq!(
            path(Want::UserList, &with_extensions),
            "fast",
            "top-level extras do not reach the result"
        );
        let extra_field = DOCS.replacen(
            r#""name":"Matt McDonald""#,
            r#""name":"Matt McDonald","avatar":"x""#,
            1,
        );
        assert_eq!(path(Want::UserList, &extra_field), "tolerant");
        let no_name = DOCS.replacen(r#""name":"Matt McDonald","#, "", 1);
        assert_eq!(path(Want::UserList, &no_name), "tolerant");
        assert_eq!(ok_json(Want::ActiveUsers, &no_name)[2]["name"], Value::Null);
        let escaped = DOCS.replacen("Matt McDonald", r#"Matt \"Mac\" D\u00f6nald"#, 1);
        assert_eq!(path(Want::UserList, &escaped), "fast");
        let with_errors = DOCS.replacen('{', r#"{"errors":[{"message":"partial"}],"#, 1);
        assert_eq!(err(Want::UserList, &with_errors).kind, ErrorKind::Graphql);
        let empty_errors = DOCS.replacen('{', r#"{"errors":[],"#, 1);
        assert_eq!(path(Want::UserList, &empty_errors), "fast");
        let not_ok = DOCS.replacen(r#""ok":true"#, r#""ok":false"#, 1);
        assert_eq!(err(Want::UserList, &not_ok).kind, ErrorKind::Rejected);
        let wrong_type = DOCS.replacen(r#""accountType":"DEVELOPER""#, r#""accountType":3"#, 1);
        assert_eq!(err(Want::UserList, &wrong_type).kind, ErrorKind::Decode);
    }

    fn err(want: Want<'_>, body: &str) -> Error {
        decode_response(want, 200, body.as_bytes(), None).unwrap_err()
    }

    #[test]
    fn docs_example() {
        let docs: Value = serde_json::from_str(DOCS).unwrap();
        let list = ok_json(Want::UserList, DOCS);
        assert_eq!(
            list,
            json!({
                "activeUsers": docs["data"]["listUsers"]["activeUsers"],
                "invitedUsers": docs["data"]["listUsers"]["invitedUsers"],
            })
        );
        assert_eq!(
            ok_json(Want::ActiveUsers, DOCS),
            docs["data"]["listUsers"]["activeUsers"]
        );
        assert_eq!(
            ok_json(Want::InvitedUsers, DOCS),
            docs["data"]["listUsers"]["invitedUsers"]
        );
        assert_eq!(
            ok_json(Want::UserByEmail("JONNY@Acme.IO"), DOCS)["name"],
            "Jonathan Maxwell"
        );
        assert_eq!(
            ok_json(Want::UserByEmail("max@acme.io"), DOCS),
            Value::Null,
            "invited, not active"
        );
    }

    #[test]
    fn tolerant_of_growth() {
        let body = r#"{"data":{"listUsers":{"ok":true,"extra":1,"activeUsers":[{"uid":"u","email":"e@x.io","name":null,"accountType":"CHIEF_WIZARD","avatar":{"url":"x"}}],"invitedUsers":[{"email":"i@x.io","accountType":"ADMIN","inviteStatus":"PENDING_REVIEW","sentAt":"2026"}]}},"extensions":{"cost":3}}"#;
        assert_eq!(
            ok_json(Want::UserList, body),
            json!({
                "activeUsers": [{"uid": "u", "email": "e@x.io", "name": null, "accountType": "CHIEF_WIZARD"}],
                "invitedUsers": [{"email": "i@x.io", "accountType": "ADMIN", "inviteStatus": "PENDING_REVIEW"}],
            })
        );
        // A missing name reads as null too; escapes survive the round trip.
        let body = r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"uid":"u","email":"e@x.io","accountType":"ADMIN"},{"uid":"\u00e9\"q","email":"a@b.c","name":"J\u00f6 \"Q\"\n","accountType":"ADMIN"}],"invitedUsers":[]}}}"#;
        let list = ok_json(Want::ActiveUsers, body);
        assert_eq!(list[0]["name"], Value::Null);
        assert_eq!(list[1]["uid"], "é\"q");
        assert_eq!(list[1]["name"], "Jö \"Q\"\n");
        assert_eq!(
            ok_json(
                Want::UserByEmail("É@x.io"),
                r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"uid":"u","email":"é@X.io","accountType":"A"}],"invitedUsers":[]}}}"#
            )["uid"],
            "u"
        );
    }

    #[test]
    fn strict_where_data_would_be_wrong() {
        for body in [
            "",
            "not json",
            "<html>502</html>",
            "[]",
            "{}",
            r#"{"data":null}"#,
            r#"{"data":{"listUsers":null}}"#,
            r#"{"data":{"listUsers":{"activeUsers":[],"invitedUsers":[]}}}"#,
            r#"{"data":{"listUsers":{"ok":"true","activeUsers":[],"invitedUsers":[]}}}"#,
            r#"{"data":{"listUsers":{"ok":true,"invitedUsers":[]}}}"#,
            r#"{"data":{"listUsers":{"ok":true,"activeUsers":[],"invitedUsers":null}}}"#,
            r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"email":"e@x.io","name":"n","accountType":"ADMIN"}],"invitedUsers":[]}}}"#,
            r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"uid":"u","name":"n","accountType":"ADMIN"}],"invitedUsers":[]}}}"#,
            r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"uid":5,"email":"e@x.io","accountType":"ADMIN"}],"invitedUsers":[]}}}"#,
            r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"uid":"u","email":"e@x.io","name":7,"accountType":"ADMIN"}],"invitedUsers":[]}}}"#,
            r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"uid":"u","email":"e@x.io","accountType":null}],"invitedUsers":[]}}}"#,
            r#"{"data":{"listUsers":{"ok":true,"activeUsers":{},"invitedUsers":[]}}}"#,
            r#"{"data":{"listUsers":{"ok":true,"activeUsers":[],"invitedUsers":[{"email":"i@x.io","accountType":"ADMIN"}]}}}"#,
            r#"{"data":{"listUsers":{"ok":true,"activeUsers":[],"invitedUsers":[]}}} trailing"#,
        ] {
            let e = err(Want::UserList, body);
            assert_eq!(
                (e.kind, e.status, e.retryable),
                (ErrorKind::Decode, Some(200), false),
                "{body}"
            );
        }
        assert!(err(Want::UserList, "not json").message.contains("not JSON"));
    }

    #[test]
    fn ok_false_is_rejected() {
        let e = err(Want::UserList, r#"{"data":{"listUsers":{"ok":false}}}"#);
        assert_eq!((e.kind, e.retryable), (ErrorKind::Rejected, false));
        let e = err(
            Want::ActiveUsers,
            r#"{"data":{"listUsers":{"ok":false,"activeUsers":[],"invitedUsers":[]}}}"#,
        );
        assert_eq!(e.kind, ErrorKind::Rejected);
        assert_eq!(e.operation, Some(Operation::ListUsers));
        for op in [
            Operation::InviteUser,
            Operation::UpdateUserAccountType,
            Operation::DisableUser,
        ] {
            let body = format!(r#"{{"data":{{"{}":{{"ok":false}}}}}}"#, op.field());
            let e = err(Want::Ack(op), &body);
            assert_eq!((e.kind, e.operation), (ErrorKind::Rejected, Some(op)));
        }
    }

    #[test]
    fn mutation_acks() {
        for op in [
            Operation::InviteUser,
            Operation::UpdateUserAccountType,
            Operation::DisableUser,
        ] {
            let body = format!(r#"{{"data":{{"{}":{{"ok":true,"more":1}}}}}}"#, op.field());
            assert_eq!(
                decode_response(Want::Ack(op), 200, body.as_bytes(), None),
                Ok(Output::Unit)
            );
            for bad in [
                "nope".to_string(),
                r#"{"data":null}"#.to_string(),
                format!(r#"{{"data":{{"{}":null}}}}"#, op.field()),
                format!(r#"{{"data":{{"{}":{{}}}}}}"#, op.field()),
                format!(r#"{{"data":{{"{}":{{"ok":1}}}}}}"#, op.field()),
                r#"{"data":{"somethingElse":{"ok":true}}}"#.to_string(),
            ] {
                assert_eq!(err(Want::Ack(op), &bad).kind, ErrorKind::Decode, "{bad}");
            }
        }
    }

    #[test]
    fn errors_win_over_data() {
        let body = r#"{"data":{"inviteUser":null},"errors":[{"message":"already active","path":["inviteUser"],"extensions":{"code":"ALREADY_ACTIVE"}}]}"#;
        let e = err(Want::Ack(Operation::InviteUser), body);
        assert_eq!(e.kind, ErrorKind::Graphql);
        assert_eq!(
            e.graphql_errors[0].extensions.as_ref().unwrap()["code"],
            "ALREADY_ACTIVE"
        );
        let partial = DOCS.replacen('{', r#"{"errors":[{"message":"partial"}],"#, 1);
        for want in [
            Want::UserList,
            Want::UserByEmail("matt@acme.io"),
            Want::InvitedUsers,
        ] {
            assert_eq!(err(want, &partial).kind, ErrorKind::Graphql);
        }
        let odd = r#"{"errors":[{"message":"no data"}],"data":{"listUsers":7}}"#;
        assert_eq!(
            err(Want::UserByEmail("a@b.c"), odd).kind,
            ErrorKind::Graphql
        );
        let e = decode_response(Want::UserList, 503, b"oops", Some(2000)).unwrap_err();
        assert_eq!(
            (e.kind, e.status, e.retry_after_ms, e.retryable),
            (ErrorKind::Http, Some(503), Some(2000), true)
        );
        let e = decode_response(Want::UserList, 401, DOCS.as_bytes(), None).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Auth);
        let e = decode_response(Want::UserList, 204, b"", Some(1000)).unwrap_err();
        assert_eq!((e.kind, e.retry_after_ms), (ErrorKind::Decode, Some(1000)));
    }

    #[test]
    fn large_lists_decode() {
        let mut body = String::from(r#"{"data":{"listUsers":{"ok":true,"activeUsers":["#);
        for i in 0..20_000 {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&format!(r#"{{"uid":"{i:064x}","email":"user{i}@example.com","name":"User {i}","accountType":"DEVELOPER"}}"#));
        }
        body.push_str(r#"],"invitedUsers":[]}}}"#);
        let list = ok_json(Want::UserList, &body);
        assert_eq!(list["activeUsers"].as_array().unwrap().len(), 20_000);
        assert_eq!(
            ok_json(Want::UserByEmail("USER19999@example.com"), &body)["name"],
            "User 19999"
        );
    }
}
