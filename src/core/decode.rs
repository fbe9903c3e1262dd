//! Response body -> the result JS gets, or a typed error, with serde_json.
//!
//! Tolerant where the server may grow: unknown fields are ignored, an `accountType` or
//! `inviteStatus` this version does not know passes through as a string, `name: null` (or
//! absent) is `null`. Strict where the data would be wrong: a missing `uid`/`email` or a
//! wrong type is kind `decode`.
//!
//! A list answer is checked first against the exact shape of the interfaces (every user
//! holds exactly its interface's keys), borrowing from the body and keeping no string. Such
//! a body is the common case and the shell lets the engine's own `JSON.parse` build the
//! result from it ([`Output::ListPart`]): nothing is built field by field across the wasm
//! boundary. Any other body (a server that grew fields, a missing `name`) is read a second
//! time into the owned [`crate::core::model`] types, which hold exactly the public keys.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::core::error::{classify_response, Error, ErrorKind, Problem};
use crate::core::model::{ActiveUser, InvitedUser, UserList};
use crate::core::operation::Operation;
use crate::core::validate::same_email;
use crate::core::workspaces::WorkspaceInfo;

/// What the caller asked for, which decides what is decoded and returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect<'a> {
    /// `listUsers`: `{ activeUsers, invitedUsers }`.
    UserList,
    /// `listActiveUsers`: `ActiveUser[]`.
    ActiveUsers,
    /// `listInvitedUsers`: `InvitedUser[]`.
    InvitedUsers,
    /// `getUserByEmail`: `ActiveUser | null`, the email compared case-insensitively.
    UserByEmail(&'a str),
    /// The workspace as Rust values, for `planSync` and `applySync` ([`Output::UserList`],
    /// never [`Output::ListPart`]).
    Workspace,
    /// A mutation: nothing, once `ok` is true.
    Ack(Operation),
    /// `listWorkspaces`: `Workspace[]`.
    Workspaces,
}

impl Expect<'_> {
    /// The operation that is sent for it.
    pub fn operation(&self) -> Operation {
        match self {
            Expect::Ack(op) => *op,
            Expect::Workspaces => Operation::ListWorkspaces,
            _ => Operation::ListUsers,
        }
    }
}

/// A successful result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// The body has exactly the result's shape: parse it as it is and take this part of
    /// `data.listUsers`.
    ListPart(ListPart),
    /// `listUsers`, rebuilt with exactly the public keys.
    UserList(UserList),
    /// `listActiveUsers`, rebuilt.
    ActiveUsers(Vec<ActiveUser>),
    /// `listInvitedUsers`, rebuilt.
    InvitedUsers(Vec<InvitedUser>),
    /// `getUserByEmail`.
    User(Option<ActiveUser>),
    /// No value (`Promise<void>`).
    Unit,
    /// `listWorkspaces`.
    Workspaces(Vec<WorkspaceInfo>),
}

/// Which part of an exact `data.listUsers` is the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListPart {
    /// `{ activeUsers, invitedUsers }`.
    UserList,
    /// `activeUsers`.
    ActiveUsers,
    /// `invitedUsers`.
    InvitedUsers,
}

/// What is wrong with a body that is JSON but not the operation's answer.
fn shape(what: &str) -> Problem {
    Problem::new(format!("unexpected response: {what}"))
}

/// A body that serde_json could not read: not JSON at all, or JSON of another shape.
fn unreadable(e: serde_json::Error) -> Problem {
    use serde_json::error::Category;
    match e.classify() {
        Category::Data => shape(&format!(
            "a field is missing or has the wrong type (line {}, column {})",
            e.line(),
            e.column()
        )),
        _ => Problem::new("the response is not JSON"),
    }
}

/// A body with GraphQL errors (not reached: `classify_response` finds them first).
fn graphql_errors_in_body() -> Problem {
    Problem::new("the response holds GraphQL errors")
}

/// `{"data": …, "errors": […]}`: the envelope of every GraphQL answer.
#[derive(Deserialize)]
#[serde(bound(deserialize = "D: Deserialize<'de>"))]
struct Body<D> {
    #[serde(default = "Option::default")]
    data: Option<D>,
    #[serde(default)]
    errors: Value,
}

impl<D> Body<D> {
    fn has_errors(&self) -> bool {
        matches!(&self.errors, Value::Array(items) if !items.is_empty())
    }
}

/// `data` of a `listUsers` answer.
#[derive(Deserialize)]
#[serde(bound(deserialize = "L: Deserialize<'de>"))]
struct ListData<L> {
    #[serde(rename = "listUsers", default = "Option::default")]
    list_users: Option<L>,
}

/// `data.listUsers`; `A` and `I` are the user types of the pass.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(deserialize = "A: Deserialize<'de>, I: Deserialize<'de>"))]
struct ListUsers<A, I> {
    ok: Option<bool>,
    #[serde(default = "Option::default")]
    active_users: Option<Vec<A>>,
    #[serde(default = "Option::default")]
    invited_users: Option<Vec<I>>,
}

type ListBody<A, I> = Body<ListData<ListUsers<A, I>>>;

/// Any string, checked and not kept.
struct AnyStr;

impl<'de> Deserialize<'de> for AnyStr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = AnyStr;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, _: &str) -> Result<AnyStr, E> {
                Ok(AnyStr)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// A field that must be present, even when it is `null` (`Some(None)`); absent is `None`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// An active user with exactly the keys of `ActiveUser`, `name` present.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ExactActive {
    #[allow(dead_code)]
    uid: AnyStr,
    #[allow(dead_code)]
    email: AnyStr,
    #[serde(default, deserialize_with = "present")]
    name: Option<Option<AnyStr>>,
    #[allow(dead_code)]
    account_type: AnyStr,
}

/// An invited user with exactly the keys of `InvitedUser`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct ExactInvited {
    email: AnyStr,
    account_type: AnyStr,
    invite_status: AnyStr,
}

/// An active user as the tolerant pass reads it (other keys ignored), borrowing its text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LooseActive<'a> {
    #[serde(borrow)]
    uid: Cow<'a, str>,
    #[serde(borrow)]
    email: Cow<'a, str>,
    #[serde(borrow, default)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    account_type: Cow<'a, str>,
}

impl From<LooseActive<'_>> for ActiveUser {
    fn from(u: LooseActive<'_>) -> ActiveUser {
        ActiveUser {
            uid: u.uid.into_owned(),
            email: u.email.into_owned(),
            name: u.name.map(Cow::into_owned),
            account_type: u.account_type.into_owned(),
        }
    }
}

/// An invited user as the tolerant pass reads it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LooseInvited<'a> {
    #[serde(borrow)]
    email: Cow<'a, str>,
    #[serde(borrow)]
    account_type: Cow<'a, str>,
    #[serde(borrow)]
    invite_status: Cow<'a, str>,
}

impl From<LooseInvited<'_>> for InvitedUser {
    fn from(u: LooseInvited<'_>) -> InvitedUser {
        InvitedUser {
            email: u.email.into_owned(),
            account_type: u.account_type.into_owned(),
            invite_status: u.invite_status.into_owned(),
        }
    }
}

/// A body of the expected shape: its result, or `ok: false`.
enum Outcome {
    Done(Output),
    NotOk,
}

/// What a well-formed list answer holds.
enum Lists<A, I> {
    /// `ok: true` and both lists.
    Ok(Vec<A>, Vec<I>),
    /// `ok: false`.
    NotOk,
}

/// The checks every list answer passes: no GraphQL errors, `data.listUsers` there, `ok`
/// true, both lists there. Returns the lists.
fn lists<A, I>(body: ListBody<A, I>) -> Result<Lists<A, I>, Problem> {
    if body.has_errors() {
        return Err(graphql_errors_in_body());
    }
    let list = body
        .data
        .and_then(|d| d.list_users)
        .ok_or_else(|| shape("no data.listUsers"))?;
    match list.ok {
        Some(true) => {}
        Some(false) => return Ok(Lists::NotOk),
        None => return Err(shape("no data.listUsers.ok")),
    }
    match (list.active_users, list.invited_users) {
        (Some(active), Some(invited)) => Ok(Lists::Ok(active, invited)),
        _ => Err(shape("no activeUsers or invitedUsers")),
    }
}

/// What the fast check found.
enum Exact {
    /// Exactly a `listUsers` answer of the interfaces' shape, `ok: true`.
    Yes,
    /// A well-formed answer with `ok: false`.
    NotOk,
}

/// The fast check: is `body` exactly a `listUsers` answer of the interfaces' shape?
fn exact_list(body: &[u8]) -> Option<Exact> {
    let parsed: ListBody<ExactActive, ExactInvited> = serde_json::from_slice(body).ok()?;
    match lists(parsed).ok()? {
        Lists::Ok(active, _) => active
            .iter()
            .all(|u| u.name.is_some())
            .then_some(Exact::Yes),
        Lists::NotOk => Some(Exact::NotOk),
    }
}

/// A list answer; `fast` allows [`Output::ListPart`] (off only in the tests that compare the
/// two paths).
fn decode_list(want: Expect<'_>, body: &[u8], fast: bool) -> Result<Outcome, Problem> {
    let pick = match want {
        Expect::UserList => Some(ListPart::UserList),
        Expect::ActiveUsers => Some(ListPart::ActiveUsers),
        Expect::InvitedUsers => Some(ListPart::InvitedUsers),
        _ => None,
    };
    if let (Some(pick), true) = (pick, fast) {
        match exact_list(body) {
            Some(Exact::Yes) => return Ok(Outcome::Done(Output::ListPart(pick))),
            Some(Exact::NotOk) => return Ok(Outcome::NotOk),
            None => {}
        }
    }
    let parsed: ListBody<LooseActive<'_>, LooseInvited<'_>> =
        serde_json::from_slice(body).map_err(unreadable)?;
    let (active, invited) = match lists(parsed)? {
        Lists::Ok(active, invited) => (active, invited),
        Lists::NotOk => return Ok(Outcome::NotOk),
    };
    let own_active =
        |active: Vec<LooseActive<'_>>| active.into_iter().map(ActiveUser::from).collect();
    let own_invited =
        |invited: Vec<LooseInvited<'_>>| invited.into_iter().map(InvitedUser::from).collect();
    Ok(Outcome::Done(match want {
        Expect::UserByEmail(email) => Output::User(
            active
                .into_iter()
                .find(|u| same_email(&u.email, email))
                .map(ActiveUser::from),
        ),
        Expect::ActiveUsers => Output::ActiveUsers(own_active(active)),
        Expect::InvitedUsers => Output::InvitedUsers(own_invited(invited)),
        _ => Output::UserList(UserList {
            active_users: own_active(active),
            invited_users: own_invited(invited),
        }),
    }))
}

/// A mutation's 2xx answer, `{"data": {"<field>": {"ok": true}}}` (GraphQL errors win: the
/// caller classifies them).
fn decode_ack(op: Operation, body: &[u8]) -> Result<Outcome, Problem> {
    let parsed: Body<Map<String, Value>> = serde_json::from_slice(body).map_err(unreadable)?;
    if parsed.has_errors() {
        return Err(graphql_errors_in_body());
    }
    let ok = parsed
        .data
        .as_ref()
        .and_then(|data| data.get(op.field()))
        .and_then(|result| result.get("ok"));
    match ok {
        Some(Value::Bool(true)) => Ok(Outcome::Done(Output::Unit)),
        Some(Value::Bool(false)) => Ok(Outcome::NotOk),
        Some(_) => Err(shape("`ok` is not a boolean")),
        None => Err(shape("no ok in the mutation's result")),
    }
}

/// `data` of a `listWorkspaces` answer: `{"listWorkspaces": {"workspaces": [{uid, name}]}}`
/// (other keys ignored; a missing or non-string `uid` or `name` is a shape problem).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WorkspacesData {
    #[serde(default = "Option::default")]
    list_workspaces: Option<WorkspacesField>,
}

#[derive(Deserialize)]
struct WorkspacesField {
    #[serde(default = "Option::default")]
    workspaces: Option<Vec<WorkspaceInfo>>,
}

/// A `listWorkspaces` answer.
fn decode_workspaces(body: &[u8]) -> Result<Outcome, Problem> {
    let parsed: Body<WorkspacesData> = serde_json::from_slice(body).map_err(unreadable)?;
    if parsed.has_errors() {
        return Err(graphql_errors_in_body());
    }
    parsed
        .data
        .and_then(|d| d.list_workspaces)
        .and_then(|l| l.workspaces)
        .map(|w| Outcome::Done(Output::Workspaces(w)))
        .ok_or_else(|| shape("no data.listWorkspaces.workspaces"))
}

/// Whether a body that is not JSON is a web page: its first character (after white space
/// and a BOM) is `<`, which JSON never starts with. A captive portal, an SSO sign-in page or
/// a wrong endpoint answers like this, often with a `200`.
fn is_web_page(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// A body's problem as the call's `decode` error.
fn decode_error(op: Operation, problem: Problem, body: &[u8]) -> Error {
    let method = op.method_name();
    // A web page is never JSON: whatever the parser said, this is the useful sentence.
    let message = if is_web_page(body) {
        format!(
            "{method}: the endpoint answered with a web page (HTML), not the API's JSON: check the endpoint URL, or a sign-in page or proxy between you and the API"
        )
    } else {
        format!("{method}: {problem}")
    };
    Error::new(ErrorKind::Decode, Some(op), message)
}

/// Turns one HTTP response into the result of `want`, or the error the contract's table
/// gives it. `retry_after_ms` is the parsed `Retry-After`, when the response had one.
pub fn decode_response(
    want: Expect<'_>,
    status: u16,
    body: &[u8],
    retry_after_ms: Option<u64>,
) -> Result<Output, Error> {
    decode_with(want, status, body, retry_after_ms, true)
}

/// [`decode_response`], with the fast path ([`Output::ListPart`]) allowed or not: the tests and
/// the fuzz target check that both paths give JS the same values.
pub fn decode_with(
    want: Expect<'_>,
    status: u16,
    body: &[u8],
    retry_after_ms: Option<u64>,
    fast: bool,
) -> Result<Output, Error> {
    let op = want.operation();
    let with_status = |e: Error| Error {
        status: Some(status),
        retry_after_ms,
        ..e
    };
    if !(200..300).contains(&status) {
        if let Some(error) = classify_response(op, status, body, retry_after_ms) {
            return Err(error);
        }
    }
    let outcome = match want {
        Expect::Ack(_) => decode_ack(op, body),
        Expect::Workspaces => decode_workspaces(body),
        _ => decode_list(want, body, fast),
    };
    match outcome {
        Ok(Outcome::Done(output)) => Ok(output),
        Ok(Outcome::NotOk) => Err(with_status(Error::new(
            ErrorKind::Rejected,
            Some(op),
            format!(
                "{}: the API answered ok: false without saying why",
                op.method_name()
            ),
        ))),
        // A body that is not the expected shape may still hold GraphQL errors, which win.
        Err(problem) => Err(classify_response(op, status, body, retry_after_ms)
            .unwrap_or_else(|| with_status(decode_error(op, problem, body)))),
    }
}

/// What JS gets from `output`, as serde_json values: a [`Output::ListPart`] applied to the body as
/// the engine's `JSON.parse` reads it, anything else serialised as the shell does. The tests
/// and the fuzz target compare the fast path with the serde path through it.
#[cfg(any(test, feature = "fuzzing"))]
pub fn output_json(output: Output, body: &[u8]) -> Value {
    let to_value = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
    match output {
        Output::ListPart(pick) => {
            // Only the two lists, as the shell reads them from the parsed body: the rest of
            // the body (an `extensions` with a lone surrogate escape or deep nesting, which
            // `JSON.parse` takes and a whole `Value` would not) is skipped, not built.
            let parsed: Option<ListBody<Value, Value>> = serde_json::from_slice(body).ok();
            let lists = parsed.and_then(|b| b.data).and_then(|d| d.list_users);
            let (active, invited) = lists
                .map(|l| (l.active_users.into(), l.invited_users.into()))
                .unwrap_or((Value::Null, Value::Null));
            match pick {
                ListPart::UserList => serde_json::json!({
                    "activeUsers": active, "invitedUsers": invited
                }),
                ListPart::ActiveUsers => active,
                ListPart::InvitedUsers => invited,
            }
        }
        Output::UserList(l) => to_value(serde_json::to_value(l)),
        Output::ActiveUsers(l) => to_value(serde_json::to_value(l)),
        Output::InvitedUsers(l) => to_value(serde_json::to_value(l)),
        Output::User(u) => to_value(serde_json::to_value(u)),
        Output::Workspaces(w) => to_value(serde_json::to_value(w)),
        Output::Unit => Value::Null,
    }
}

/// Whether `body` is JSON at all (for tests and the fuzz targets).
#[cfg(any(test, feature = "fuzzing"))]
pub fn is_json(body: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The example response of Paradime's documentation.
    const DOCS: &str = r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"uid":"1b051b1e1aaf70773789c250cd0cc40a5bf27c104d1ca2c6b765767eb53c4772","email":"alexandra@acme.io","name":"Alexandra James","accountType":"ADMIN"},{"uid":"0b02bde0691e9a220f8fdbff93d992a7826c7ce7b0ea33ffc4709c6a2d219a49","email":"jonny@acme.io","name":"Jonathan Maxwell","accountType":"ADMIN"},{"uid":"07673b48d2206dad7a150dd258ea1e049df036356f1730e30304e38ca648b175","email":"matt@acme.io","name":"Matt McDonald","accountType":"DEVELOPER"}],"invitedUsers":[{"email":"max@acme.io","accountType":"ADMIN","inviteStatus":"EXPIRED"},{"email":"john@acme.io","accountType":"ADMIN","inviteStatus":"ACTIVE"}]}}}"#;

    /// The result through the fast path when it applies, checked against the serde path.
    fn ok_json(want: Expect<'_>, body: &str) -> Value {
        let fast = output_json(
            decode_response(want, 200, body.as_bytes(), None).unwrap(),
            body.as_bytes(),
        );
        let slow = decode_with(want, 200, body.as_bytes(), None, false).unwrap();
        assert!(!matches!(slow, Output::ListPart(_)));
        assert_eq!(
            fast,
            output_json(slow, body.as_bytes()),
            "the two paths agree on {body}"
        );
        fast
    }

    fn is_pick(want: Expect<'_>, body: &str) -> bool {
        matches!(
            decode_response(want, 200, body.as_bytes(), None),
            Ok(Output::ListPart(_))
        )
    }

    fn err(want: Expect<'_>, body: &str) -> Error {
        decode_response(want, 200, body.as_bytes(), None).unwrap_err()
    }

    #[test]
    fn exact_bodies_take_the_fast_path_others_the_tolerant_one() {
        assert!(is_pick(Expect::UserList, DOCS));
        assert!(is_pick(Expect::ActiveUsers, DOCS));
        assert!(is_pick(Expect::InvitedUsers, DOCS));
        assert!(!is_pick(Expect::UserByEmail("matt@acme.io"), DOCS));
        // White space, key order and escapes are the engine's to read: still exact.
        let spaced = r#"{ "data" : { "listUsers" : { "invitedUsers" : [ ], "activeUsers" : [ { "name" : null, "accountType" : "A", "email" : "e\u0040x.io", "uid" : "u" } ], "ok" : true } } }"#;
        assert!(is_pick(Expect::UserList, spaced));
        assert_eq!(ok_json(Expect::ActiveUsers, spaced)[0]["email"], "e@x.io");
        // Another key on a user, or a missing name: rebuilt.
        let extra = DOCS.replacen(
            r#""name":"Matt McDonald","#,
            r#""name":"Matt McDonald","avatar":1,"#,
            1,
        );
        assert!(!is_pick(Expect::UserList, &extra));
        let unnamed = DOCS.replacen(r#""name":"Matt McDonald","#, "", 1);
        assert!(!is_pick(Expect::UserList, &unnamed));
        assert_eq!(
            ok_json(Expect::ActiveUsers, &unnamed)[2]["name"],
            Value::Null
        );
        let wrong_type = DOCS.replacen(r#""name":"Matt McDonald""#, r#""name":5"#, 1);
        assert_eq!(err(Expect::UserList, &wrong_type).kind, ErrorKind::Decode);
        // JSON of the wrong shape says so, with where; it is not "not JSON".
        assert!(err(Expect::UserList, &wrong_type)
            .message
            .starts_with("listUsers: unexpected response: a field is missing or has the wrong type (line 1, column"));
    }

    #[test]
    fn what_the_engine_reads_beyond_serde_json_value_still_takes_the_fast_path() {
        // Found by the decode fuzz target: elsewhere in the body, a lone surrogate escape
        // or nesting deeper than serde_json's `Value` allows (both fine for `JSON.parse`)
        // leaves the lists exact; the two paths must still give JS the same lists.
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        for extra in [r#""\ud800""#.to_string(), deep] {
            let body = DOCS.replacen(
                r#"{"data""#,
                &format!(r#"{{"extensions":{extra},"data""#),
                1,
            );
            assert!(is_pick(Expect::UserList, &body), "{body}");
            assert_eq!(
                ok_json(Expect::UserList, &body),
                ok_json(Expect::UserList, DOCS)
            );
            assert_eq!(
                ok_json(Expect::InvitedUsers, &body)[1]["email"],
                "john@acme.io"
            );
        }
    }

    #[test]
    fn docs_example() {
        let docs: Value = serde_json::from_str(DOCS).unwrap();
        let list = ok_json(Expect::UserList, DOCS);
        assert_eq!(
            list,
            json!({
                "activeUsers": docs["data"]["listUsers"]["activeUsers"],
                "invitedUsers": docs["data"]["listUsers"]["invitedUsers"],
            })
        );
        assert_eq!(
            ok_json(Expect::ActiveUsers, DOCS),
            docs["data"]["listUsers"]["activeUsers"]
        );
        assert_eq!(
            ok_json(Expect::InvitedUsers, DOCS),
            docs["data"]["listUsers"]["invitedUsers"]
        );
        assert_eq!(
            ok_json(Expect::UserByEmail("JONNY@Acme.IO"), DOCS)["name"],
            "Jonathan Maxwell"
        );
        assert_eq!(
            ok_json(Expect::UserByEmail("max@acme.io"), DOCS),
            Value::Null,
            "invited, not active"
        );
    }

    #[test]
    fn tolerant_of_growth() {
        let body = r#"{"data":{"listUsers":{"ok":true,"extra":1,"activeUsers":[{"uid":"u","email":"e@x.io","name":null,"accountType":"CHIEF_WIZARD","avatar":{"url":"x"}}],"invitedUsers":[{"email":"i@x.io","accountType":"ADMIN","inviteStatus":"PENDING_REVIEW","sentAt":"2026"}]}},"extensions":{"cost":3}}"#;
        assert_eq!(
            ok_json(Expect::UserList, body),
            json!({
                "activeUsers": [{"uid": "u", "email": "e@x.io", "name": null, "accountType": "CHIEF_WIZARD"}],
                "invitedUsers": [{"email": "i@x.io", "accountType": "ADMIN", "inviteStatus": "PENDING_REVIEW"}],
            })
        );
        // A missing name reads as null too; escapes survive the round trip.
        let body = r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"uid":"u","email":"e@x.io","accountType":"ADMIN"},{"uid":"\u00e9\"q","email":"a@b.c","name":"J\u00f6 \"Q\"\n","accountType":"ADMIN"}],"invitedUsers":[]}}}"#;
        let list = ok_json(Expect::ActiveUsers, body);
        assert_eq!(list[0]["name"], Value::Null);
        assert_eq!(list[1]["uid"], "é\"q");
        assert_eq!(list[1]["name"], "Jö \"Q\"\n");
        assert_eq!(
            ok_json(
                Expect::UserByEmail("É@x.io"),
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
            // A key twice: the engine would keep the last, the check saw the first.
            r#"{"data":{"listUsers":{"ok":true,"activeUsers":[{"uid":"u","uid":"v","email":"e@x.io","name":null,"accountType":"A"}],"invitedUsers":[]}}}"#,
            r#"{"data":{"listUsers":{"ok":true,"activeUsers":[],"activeUsers":[],"invitedUsers":[]}}}"#,
        ] {
            let e = err(Expect::UserList, body);
            assert_eq!(
                (e.kind, e.status, e.retryable),
                (ErrorKind::Decode, Some(200), false),
                "{body}"
            );
        }
        assert!(err(Expect::UserList, "not json")
            .message
            .contains("not JSON"));
        for page in [
            "<!DOCTYPE html><html><body>Sign in</body></html>",
            "\u{feff}\n  <html>",
        ] {
            let e = err(Expect::Ack(Operation::InviteUser), page);
            assert_eq!((e.kind, e.status), (ErrorKind::Decode, Some(200)));
            assert_eq!(
                e.message,
                "inviteUser: the endpoint answered with a web page (HTML), not the API's JSON: check the endpoint URL, or a sign-in page or proxy between you and the API"
            );
        }
        assert!(!err(Expect::UserList, "x<html>")
            .message
            .contains("web page"));
    }

    #[test]
    fn ok_false_is_rejected() {
        let e = err(Expect::UserList, r#"{"data":{"listUsers":{"ok":false}}}"#);
        assert_eq!((e.kind, e.retryable), (ErrorKind::Rejected, false));
        let e = err(
            Expect::ActiveUsers,
            r#"{"data":{"listUsers":{"ok":false,"activeUsers":[],"invitedUsers":[]}}}"#,
        );
        assert_eq!(e.kind, ErrorKind::Rejected);
        assert_eq!(e.operation, Some(Operation::ListUsers));
        let e = err(
            Expect::UserByEmail("a@b.c"),
            r#"{"data":{"listUsers":{"ok":false,"activeUsers":[{"x":1}]}}}"#,
        );
        assert_eq!(
            e.kind,
            ErrorKind::Decode,
            "a user without uid is wrong data first"
        );
        for op in [
            Operation::InviteUser,
            Operation::UpdateUserAccountType,
            Operation::DisableUser,
        ] {
            let body = format!(r#"{{"data":{{"{}":{{"ok":false}}}}}}"#, op.field());
            let e = err(Expect::Ack(op), &body);
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
                decode_response(Expect::Ack(op), 200, body.as_bytes(), None),
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
                assert_eq!(err(Expect::Ack(op), &bad).kind, ErrorKind::Decode, "{bad}");
            }
        }
    }

    #[test]
    fn errors_win_over_data() {
        let body = r#"{"data":{"inviteUser":null},"errors":[{"message":"already active","path":["inviteUser"],"extensions":{"code":"ALREADY_ACTIVE"}}]}"#;
        let e = err(Expect::Ack(Operation::InviteUser), body);
        assert_eq!(e.kind, ErrorKind::Graphql);
        assert_eq!(
            serde_json::to_value(&e.graphql_errors[0].extensions).unwrap(),
            json!({"code": "ALREADY_ACTIVE"})
        );
        let partial = DOCS.replacen('{', r#"{"errors":[{"message":"partial"}],"#, 1);
        for want in [
            Expect::UserList,
            Expect::UserByEmail("matt@acme.io"),
            Expect::InvitedUsers,
        ] {
            assert_eq!(err(want, &partial).kind, ErrorKind::Graphql);
        }
        let odd = r#"{"errors":[{"message":"no data"}],"data":{"listUsers":7}}"#;
        assert_eq!(
            err(Expect::UserByEmail("a@b.c"), odd).kind,
            ErrorKind::Graphql
        );
        let e = decode_response(Expect::UserList, 503, b"oops", Some(2000)).unwrap_err();
        assert_eq!(
            (e.kind, e.status, e.retry_after_ms, e.retryable),
            (ErrorKind::Http, Some(503), Some(2000), true)
        );
        let e = decode_response(Expect::UserList, 401, DOCS.as_bytes(), None).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Auth);
        let e = decode_response(Expect::UserList, 204, b"", Some(1000)).unwrap_err();
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
        assert!(is_pick(Expect::UserList, &body));
        let list = ok_json(Expect::UserList, &body);
        assert_eq!(list["activeUsers"].as_array().unwrap().len(), 20_000);
        assert_eq!(
            ok_json(Expect::UserByEmail("USER19999@example.com"), &body)["name"],
            "User 19999"
        );
        assert!(is_json(body.as_bytes()) && !is_json(b"{"));
    }

    #[test]
    fn list_workspaces_answers() {
        let ok = br#"{"data":{"listWorkspaces":{"workspaces":[{"uid":"acme","name":"Acme","extra":1},{"uid":"ws-1","name":"Sandbox"}]}}}"#;
        assert_eq!(
            decode_response(Expect::Workspaces, 200, ok, None),
            Ok(Output::Workspaces(vec![
                WorkspaceInfo {
                    uid: "acme".into(),
                    name: "Acme".into()
                },
                WorkspaceInfo {
                    uid: "ws-1".into(),
                    name: "Sandbox".into()
                },
            ]))
        );
        for body in [
            &br#"{"data":{"listWorkspaces":null}}"#[..],
            br#"{"data":{"listWorkspaces":{"workspaces":[{"uid":"a"}]}}}"#,
            br#"{"data":{"listWorkspaces":{"workspaces":[{"uid":1,"name":"x"}]}}}"#,
        ] {
            let e = decode_response(Expect::Workspaces, 200, body, None).unwrap_err();
            assert_eq!(
                (e.kind, e.operation),
                (ErrorKind::Decode, Some(Operation::ListWorkspaces)),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let e = decode_response(
            Expect::Workspaces,
            200,
            br#"{"errors":[{"message":"no"}],"data":null}"#,
            None,
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Graphql);
        assert!(e.message.starts_with("listWorkspaces"), "{}", e.message);
    }
}
