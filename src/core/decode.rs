//! Response body -> the result JS gets, or a typed error.
//!
//! Tolerant where the server may grow: unknown fields are ignored, an `accountType` or
//! `inviteStatus` this version does not know passes through as a string, `name: null` stays
//! `null`. Strict where the data would be wrong: a missing `uid`/`email` or a wrong type is
//! kind `decode`.
//!
//! Lists are walked once with [`json::Reader`], keeping no string. When every user object
//! holds exactly the keys of its interface (`name` present), the shell lets the engine's own
//! `JSON.parse` build the objects from the original body ([`Output::Pick`]): nothing is built
//! field by field across the wasm boundary. Anything else (a server that grew fields, a
//! missing `name`) is walked a second time to write compact JSON holding exactly the keys of
//! the public interfaces ([`Output::Json`]), copying each string's text as it stands.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::error::{classify_response, read_envelope, Error, ErrorKind};
use crate::core::json::{self, Invalid, Reader, Str};
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

/// Lower-cases an email for comparison. The shell passes the engine's
/// `String.prototype.toLowerCase` (Rust's own Unicode tables would cost the wasm build
/// kilobytes); native tests pass `str::to_lowercase`. Only called for non-ASCII emails.
pub type Lower = fn(&str) -> String;

/// Why a body was not usable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    /// Not JSON at all.
    NotJson,
    /// JSON, but not the shape the operation answers with: what is wrong.
    Shape(&'static str),
    /// A non-empty `errors` array: the caller turns it into a `graphql` error.
    GraphqlErrors,
}

impl From<Invalid> for Problem {
    fn from(_: Invalid) -> Problem {
        Problem::NotJson
    }
}

/// One user object, as read.
#[derive(Clone, Copy, Debug, Default)]
struct User<'a> {
    uid: Option<Str<'a>>,
    email: Option<Str<'a>>,
    /// `None`: absent; `Some(None)`: `null`.
    name: Option<Option<Str<'a>>>,
    account_type: Option<Str<'a>>,
    invite_status: Option<Str<'a>>,
    /// Exactly the interface's keys, each once.
    exact: bool,
}

/// Which list a user object is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum List {
    Active,
    Invited,
}

/// What a walk of a list body found besides the users.
#[derive(Clone, Copy, Debug, Default)]
struct Summary {
    /// `data.listUsers.ok`.
    ok: Option<bool>,
    /// A non-empty top-level `errors` array.
    errors: bool,
    /// `data.listUsers` was an object.
    list: bool,
    active: bool,
    invited: bool,
    /// Every user object was exact.
    exact: bool,
}

const WRONG_TYPE: &str = "a field of data.listUsers has the wrong type";

fn string_field<'a>(
    r: &mut Reader<'a>,
    slot: &mut Option<Str<'a>>,
    exact: &mut bool,
) -> Result<(), Problem> {
    if r.peek() != Some(b'"') {
        return Err(Problem::Shape(WRONG_TYPE));
    }
    if slot.is_some() {
        *exact = false;
    }
    *slot = Some(r.string()?);
    Ok(())
}

fn user<'a>(r: &mut Reader<'a>, list: List) -> Result<User<'a>, Problem> {
    if r.peek() != Some(b'{') {
        return Err(Problem::Shape("a user is not an object"));
    }
    let mut u = User {
        exact: true,
        ..User::default()
    };
    let mut more = r.open(b'{')?;
    while more {
        let key = r.key()?;
        let mut exact = true;
        match list {
            _ if key.is("email") => string_field(r, &mut u.email, &mut exact)?,
            _ if key.is("accountType") => string_field(r, &mut u.account_type, &mut exact)?,
            List::Active if key.is("uid") => string_field(r, &mut u.uid, &mut exact)?,
            List::Active if key.is("name") => {
                if u.name.is_some() {
                    exact = false;
                }
                u.name = Some(if r.peek() == Some(b'n') {
                    r.skip()?;
                    None
                } else {
                    let mut name = None;
                    string_field(r, &mut name, &mut exact)?;
                    name
                });
            }
            List::Invited if key.is("inviteStatus") => {
                string_field(r, &mut u.invite_status, &mut exact)?
            }
            _ => {
                r.skip()?;
                exact = false;
            }
        }
        u.exact &= exact && !key.escaped;
        more = r.next(b'}')?;
    }
    let complete = match list {
        List::Active => u.uid.is_some() && u.email.is_some() && u.account_type.is_some(),
        List::Invited => u.email.is_some() && u.account_type.is_some() && u.invite_status.is_some(),
    };
    if !complete {
        return Err(Problem::Shape(match list {
            List::Active => "an active user lacks uid, email or accountType",
            List::Invited => "an invited user lacks email, accountType or inviteStatus",
        }));
    }
    if list == List::Active && u.name.is_none() {
        u.exact = false;
    }
    Ok(u)
}

/// A user object in the compact form servers send, keys in the interface's order:
/// `{"uid":"…","email":"…","name":"…"|null,"accountType":"…"}` (or the invited form). Read
/// by matching the fixed parts, much faster than key by key; `None`, with nothing taken,
/// for any other spelling (white space, escapes, other keys or order), which [`user`] reads.
fn compact_user<'a>(r: &mut Reader<'a>, list: List) -> Option<User<'a>> {
    let start = r.position();
    let plain = |raw: &'a str| Str {
        raw,
        escaped: false,
    };
    let read = |r: &mut Reader<'a>| -> Option<User<'a>> {
        let mut u = User {
            exact: true,
            ..User::default()
        };
        match list {
            List::Active => {
                r.fixed(br#"{"uid":""#).then_some(())?;
                u.uid = Some(plain(r.plain_text()?));
                r.fixed(br#"","email":""#).then_some(())?;
                u.email = Some(plain(r.plain_text()?));
                if r.fixed(br#"","name":""#) {
                    u.name = Some(Some(plain(r.plain_text()?)));
                    r.fixed(br#"","accountType":""#).then_some(())?;
                } else {
                    r.fixed(br#"","name":null,"accountType":""#).then_some(())?;
                    u.name = Some(None);
                }
                u.account_type = Some(plain(r.plain_text()?));
            }
            List::Invited => {
                r.fixed(br#"{"email":""#).then_some(())?;
                u.email = Some(plain(r.plain_text()?));
                r.fixed(br#"","accountType":""#).then_some(())?;
                u.account_type = Some(plain(r.plain_text()?));
                r.fixed(br#"","inviteStatus":""#).then_some(())?;
                u.invite_status = Some(plain(r.plain_text()?));
            }
        }
        r.fixed(br#""}"#).then_some(u)
    };
    let u = read(r);
    if u.is_none() {
        r.rewind(start);
    }
    u
}

fn users<'a>(
    r: &mut Reader<'a>,
    list: List,
    summary: &mut Summary,
    on_user: &mut dyn FnMut(List, &User<'a>),
) -> Result<(), Problem> {
    if r.peek() != Some(b'[') {
        return Err(Problem::Shape(match list {
            List::Active => "data.listUsers.activeUsers is not an array",
            List::Invited => "data.listUsers.invitedUsers is not an array",
        }));
    }
    let mut more = r.open(b'[')?;
    while more {
        let u = match compact_user(r, list) {
            Some(u) => u,
            None => user(r, list)?,
        };
        summary.exact &= u.exact;
        on_user(list, &u);
        more = r.next(b']')?;
    }
    Ok(())
}

fn duplicate(seen: &mut bool) -> Result<(), Problem> {
    if core::mem::replace(seen, true) {
        Err(Problem::Shape("a key appears twice"))
    } else {
        Ok(())
    }
}

fn list_users<'a>(
    r: &mut Reader<'a>,
    summary: &mut Summary,
    on_user: &mut dyn FnMut(List, &User<'a>),
) -> Result<(), Problem> {
    let mut seen_ok = false;
    let mut more = r.open(b'{')?;
    while more {
        let key = r.key()?;
        if key.is("ok") {
            duplicate(&mut seen_ok)?;
            summary.ok = match r.skip()? {
                json::Kind::Bool(b) => Some(b),
                _ => return Err(Problem::Shape("data.listUsers.ok is not a boolean")),
            };
        } else if key.is("activeUsers") {
            duplicate(&mut summary.active)?;
            users(r, List::Active, summary, on_user)?;
        } else if key.is("invitedUsers") {
            duplicate(&mut summary.invited)?;
            users(r, List::Invited, summary, on_user)?;
        } else {
            r.skip()?;
        }
        more = r.next(b'}')?;
    }
    Ok(())
}

/// Walks `{"data": {"listUsers": {...}}, "errors": [...]}` once, calling `on_user` for each
/// user object.
fn walk_list<'a>(
    body: &'a [u8],
    on_user: &mut dyn FnMut(List, &User<'a>),
) -> Result<Summary, Problem> {
    let mut summary = Summary {
        exact: true,
        ..Summary::default()
    };
    let mut r = Reader::new(body)?;
    if r.peek() != Some(b'{') {
        r.skip()?;
        r.end()?;
        return Err(Problem::Shape("the body is not a JSON object"));
    }
    let (mut seen_data, mut seen_list) = (false, false);
    let mut more = r.open(b'{')?;
    while more {
        let key = r.key()?;
        if key.is("data") && r.peek() == Some(b'{') {
            duplicate(&mut seen_data)?;
            let mut more_data = r.open(b'{')?;
            while more_data {
                let key = r.key()?;
                if key.is("listUsers") && r.peek() == Some(b'{') {
                    duplicate(&mut seen_list)?;
                    summary.list = true;
                    list_users(&mut r, &mut summary, on_user)?;
                } else {
                    r.skip()?;
                }
                more_data = r.next(b'}')?;
            }
        } else if key.is("errors") && r.peek() == Some(b'[') {
            summary.errors = r.open(b'[')?;
            let mut more_errors = summary.errors;
            while more_errors {
                r.skip()?;
                more_errors = r.next(b']')?;
            }
        } else {
            r.skip()?;
        }
        more = r.next(b'}')?;
    }
    r.end()?;
    Ok(summary)
}

fn decode_error(op: Operation, problem: Problem) -> Error {
    let mut message = String::from(op.method_name());
    match problem {
        Problem::NotJson => message.push_str(": the response is not JSON"),
        Problem::Shape(what) => {
            message.push_str(": unexpected response: ");
            message.push_str(what);
        }
        // Not reached: `classify_response` finds the errors first.
        Problem::GraphqlErrors => message.push_str(": the response holds GraphQL errors"),
    }
    Error::new(ErrorKind::Decode, Some(op), message)
}

fn rejected(op: Operation) -> Error {
    let mut message = String::from(op.method_name());
    message.push_str(": the API answered ok: false without saying why");
    Error::new(ErrorKind::Rejected, Some(op), message)
}

fn same_email(a: &str, b: &str, lower: Lower) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        lower(a) == lower(b)
    }
}

fn push_field(out: &mut String, key: &str, value: Option<Str<'_>>) {
    out.push('"');
    out.push_str(key);
    out.push_str("\":");
    match value {
        Some(s) => {
            out.push('"');
            out.push_str(s.raw);
            out.push('"');
        }
        None => out.push_str("null"),
    }
}

/// Appends one user as JSON with exactly its interface's keys.
fn push_user(out: &mut String, list: List, u: &User<'_>) {
    out.push('{');
    match list {
        List::Active => {
            push_field(out, "uid", u.uid);
            out.push(',');
            push_field(out, "email", u.email);
            out.push(',');
            push_field(out, "name", u.name.flatten());
            out.push(',');
            push_field(out, "accountType", u.account_type);
        }
        List::Invited => {
            push_field(out, "email", u.email);
            out.push(',');
            push_field(out, "accountType", u.account_type);
            out.push(',');
            push_field(out, "inviteStatus", u.invite_status);
        }
    }
    out.push('}');
}

/// The tolerant path: the wanted lists written as JSON with exactly the interfaces' keys.
fn write_lists(want: Want<'_>, body: &[u8]) -> Result<String, Problem> {
    let (mut active, mut invited) = (String::from("["), String::from("["));
    walk_list(body, &mut |list, u| {
        let out = match list {
            List::Active => &mut active,
            List::Invited => &mut invited,
        };
        if out.len() > 1 {
            out.push(',');
        }
        push_user(out, list, u);
    })?;
    active.push(']');
    invited.push(']');
    Ok(match want {
        Want::ActiveUsers => active,
        Want::InvitedUsers => invited,
        _ => {
            let mut out = String::with_capacity(active.len() + invited.len() + 32);
            out.push_str("{\"activeUsers\":");
            out.push_str(&active);
            out.push_str(",\"invitedUsers\":");
            out.push_str(&invited);
            out.push('}');
            out
        }
    })
}

/// A body of the expected shape: its result, or `ok: false`.
enum Outcome {
    Done(Output),
    NotOk,
}

fn decode_list(want: Want<'_>, body: &[u8], lower: Lower) -> Result<Outcome, Problem> {
    let mut found: Option<User<'_>> = None;
    let summary = match want {
        Want::UserByEmail(email) => walk_list(body, &mut |list, u| {
            if found.is_none()
                && list == List::Active
                && u.email.is_some_and(|e| {
                    if e.escaped {
                        same_email(&e.value(), email, lower)
                    } else {
                        same_email(e.raw, email, lower)
                    }
                })
            {
                found = Some(*u);
            }
        })?,
        _ => walk_list(body, &mut |_, _| {})?,
    };
    if summary.errors {
        return Err(Problem::GraphqlErrors);
    }
    if !summary.list {
        return Err(Problem::Shape("no data.listUsers"));
    }
    match summary.ok {
        Some(true) => {}
        Some(false) => return Ok(Outcome::NotOk),
        None => return Err(Problem::Shape("no data.listUsers.ok")),
    }
    if !summary.active || !summary.invited {
        return Err(Problem::Shape("no activeUsers or invitedUsers"));
    }
    Ok(Outcome::Done(match want {
        Want::UserByEmail(_) => Output::Json(match found {
            Some(u) => {
                let mut out = String::new();
                push_user(&mut out, List::Active, &u);
                out
            }
            None => "null".to_string(),
        }),
        Want::UserList if summary.exact => Output::Pick(Pick::UserList),
        Want::ActiveUsers if summary.exact => Output::Pick(Pick::ActiveUsers),
        Want::InvitedUsers if summary.exact => Output::Pick(Pick::InvitedUsers),
        _ => Output::Json(write_lists(want, body)?),
    }))
}

/// A mutation's 2xx answer, `{"data": {"<field>": {"ok": true}}}`, read in one pass that
/// also notes GraphQL errors (which win: the caller classifies them).
fn decode_ack(op: Operation, body: &[u8]) -> Result<Outcome, Problem> {
    let envelope = read_envelope(body, Some(op.field()))?;
    if !envelope.errors.is_empty() {
        return Err(Problem::GraphqlErrors);
    }
    match envelope.ok {
        Some(json::Kind::Bool(true)) => Ok(Outcome::Done(Output::Unit)),
        Some(json::Kind::Bool(false)) => Ok(Outcome::NotOk),
        Some(_) => Err(Problem::Shape("`ok` is not a boolean")),
        None => Err(Problem::Shape("no ok in the mutation's result")),
    }
}

/// Turns one HTTP response into the result of `want`, or the error the contract's table
/// gives it. `retry_after_ms` is the parsed `Retry-After`, when the response had one.
pub fn decode_response(
    want: Want<'_>,
    status: u16,
    body: &[u8],
    retry_after_ms: Option<u64>,
    lower: Lower,
) -> Result<Output, Error> {
    let op = want.operation();
    let with_status = |mut e: Error| {
        e.status = Some(status);
        e.retry_after_ms = retry_after_ms;
        e
    };
    if !(200..300).contains(&status) {
        if let Some(error) = classify_response(op, status, body, retry_after_ms) {
            return Err(error);
        }
    }
    // Both read their body once and note GraphQL errors on the way; only a body that has
    // some is read again, by `classify_response`, to build the `graphql` error.
    let outcome = match want {
        Want::Ack(_) => decode_ack(op, body),
        _ => decode_list(want, body, lower),
    };
    match outcome {
        Ok(Outcome::Done(output)) => Ok(output),
        Ok(Outcome::NotOk) => Err(with_status(rejected(op))),
        Err(problem) => {
            // A body that is not the expected shape may still hold GraphQL errors.
            let problem = match problem {
                Problem::Shape(_) if !json::is_json(body) => Problem::NotJson,
                other => other,
            };
            Err(classify_response(op, status, body, retry_after_ms)
                .unwrap_or_else(|| with_status(decode_error(op, problem))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn decode_response(
        want: Want<'_>,
        status: u16,
        body: &[u8],
        retry_after_ms: Option<u64>,
    ) -> Result<Output, Error> {
        super::decode_response(want, status, body, retry_after_ms, str::to_lowercase)
    }

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
            e.graphql_errors[0].extensions.as_deref(),
            Some(r#"{"code":"ALREADY_ACTIVE"}"#)
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

    #[test]
    fn the_compact_reading_agrees_with_the_key_by_key_one() {
        let cases = [
            (
                List::Active,
                r#"{"uid":"u1","email":"a@b.c","name":"Ann","accountType":"ADMIN"}"#,
            ),
            (
                List::Active,
                r#"{"uid":"u1","email":"a@b.c","name":null,"accountType":"ADMIN"}"#,
            ),
            (
                List::Active,
                r#"{"uid":"","email":"","name":"","accountType":""}"#,
            ),
            (
                List::Active,
                r#"{"uid":"u\"1","email":"a@b.c","name":"Ann","accountType":"ADMIN"}"#,
            ),
            (
                List::Active,
                r#"{"email":"a@b.c","uid":"u1","name":"Ann","accountType":"ADMIN"}"#,
            ),
            (
                List::Active,
                r#"{"uid":"u1","email":"a@b.c","accountType":"ADMIN"}"#,
            ),
            (
                List::Active,
                r#"{ "uid":"u1","email":"a@b.c","name":"Ann","accountType":"ADMIN"}"#,
            ),
            (
                List::Active,
                r#"{"uid":"u1","email":"a@b.c","name":"Ann","accountType":"ADMIN","x":1}"#,
            ),
            (
                List::Active,
                r#"{"uid":"é😀","email":"a@b.c","name":"Jö","accountType":"NEW_ROLE"}"#,
            ),
            (
                List::Invited,
                r#"{"email":"a@b.c","accountType":"ADMIN","inviteStatus":"SENT"}"#,
            ),
            (
                List::Invited,
                r#"{"email":"a@b.c","accountType":"ADMIN","inviteStatus":"SENT" }"#,
            ),
            (
                List::Invited,
                r#"{"email":"a@b.c","inviteStatus":"SENT","accountType":"ADMIN"}"#,
            ),
        ];
        let mut compact = Vec::new();
        for (list, text) in cases {
            let mut fast = Reader::new(text.as_bytes()).unwrap();
            let mut slow = Reader::new(text.as_bytes()).unwrap();
            let expected = user(&mut slow, list).unwrap();
            match compact_user(&mut fast, list) {
                Some(u) => {
                    let show = |u: &User<'_>| {
                        format!(
                            "{:?} {:?} {:?} {:?} {:?} {}",
                            u.uid.map(|s| s.value()),
                            u.email.map(|s| s.value()),
                            u.name.map(|n| n.map(|s| s.value())),
                            u.account_type.map(|s| s.value()),
                            u.invite_status.map(|s| s.value()),
                            u.exact
                        )
                    };
                    assert_eq!(show(&u), show(&expected), "{text}");
                    assert_eq!(fast.position(), slow.position(), "{text}");
                    compact.push(true);
                }
                None => {
                    assert_eq!(fast.position(), 0, "nothing taken: {text}");
                    compact.push(false);
                }
            }
        }
        let t = true;
        let f = false;
        assert_eq!(compact, [t, t, t, f, f, f, f, f, t, t, f, f]);
    }
}
