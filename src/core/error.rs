//! The error kinds of the contract, the error value every failure becomes (its fields
//! serialised for `ParadimeError`), the [`Problem`] every check fails with before it becomes
//! one, and how an HTTP status and a response body map to a kind.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::core::operation::Operation;

/// `ParadimeError.kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Bad client options (thrown by the constructor).
    Config,
    /// A bad method argument; nothing was sent.
    Validation,
    /// `fetch` rejected: connection refused, DNS, CORS, a dropped connection.
    Network,
    /// The call's deadline passed (retries and waits included).
    Timeout,
    /// The caller's `AbortSignal` aborted.
    Aborted,
    /// A non-2xx response without GraphQL errors (other than 401/403/429).
    Http,
    /// 401 or 403.
    Auth,
    /// 429.
    RateLimited,
    /// The response carried GraphQL errors.
    Graphql,
    /// `ok: false` without errors.
    Rejected,
    /// A 2xx response that is not JSON or not the expected shape.
    Decode,
}

/// One entry of a response's `errors` array, as much of it as is well-formed
/// (`GraphQLErrorInfo`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GraphqlErrorInfo {
    /// `message` (empty when the server sent none).
    pub message: String,
    /// `path`, when it was an array of strings and non-negative integers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<Value>>,
    /// `extensions`, when it was an object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Map<String, Value>>,
}

impl GraphqlErrorInfo {
    /// Takes what is well-formed of one entry; anything else is dropped, never an error.
    fn from_value(value: Value) -> Self {
        match value {
            Value::String(message) => GraphqlErrorInfo {
                message,
                ..Default::default()
            },
            Value::Object(mut entry) => {
                let path = match entry.remove("path") {
                    Some(Value::Array(items))
                        if items.iter().all(|i| i.is_string() || i.is_u64()) =>
                    {
                        Some(items)
                    }
                    _ => None,
                };
                GraphqlErrorInfo {
                    message: match entry.remove("message") {
                        Some(Value::String(m)) => m,
                        _ => String::new(),
                    },
                    path,
                    extensions: match entry.remove("extensions") {
                        Some(Value::Object(map)) => Some(map),
                        _ => None,
                    },
                }
            }
            _ => GraphqlErrorInfo::default(),
        }
    }
}

/// A failure, with every field of `ParadimeError`. Serialises to the error's own fields
/// (the message goes to the `Error` constructor).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    /// Always `"ParadimeError"`.
    #[serde(serialize_with = "error_name")]
    #[serde(rename = "name")]
    pub name: (),
    /// What went wrong.
    pub kind: ErrorKind,
    /// A sentence for people; never holds a secret.
    #[serde(skip)]
    pub message: String,
    /// The operation, `None` for the constructor.
    pub operation: Option<Operation>,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// Would the same call plausibly succeed later.
    pub retryable: bool,
    /// Requests actually sent.
    pub attempts: u32,
    /// From `Retry-After`, when the server sent one.
    pub retry_after_ms: Option<u64>,
    /// The response's GraphQL errors.
    pub graphql_errors: Vec<GraphqlErrorInfo>,
    /// The id the server gave the request (see [`request_id`]), for support.
    pub request_id: Option<String>,
}

fn error_name<S: serde::Serializer>(_: &(), s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("ParadimeError")
}

impl Error {
    /// An error of `kind` with only a message; the other fields empty.
    pub fn new(kind: ErrorKind, operation: Option<Operation>, message: impl Into<String>) -> Self {
        Error {
            name: (),
            kind,
            message: message.into(),
            operation,
            status: None,
            retryable: matches!(
                kind,
                ErrorKind::Network | ErrorKind::Timeout | ErrorKind::RateLimited
            ),
            attempts: 0,
            retry_after_ms: None,
            graphql_errors: Vec::new(),
            request_id: None,
        }
    }

    /// A `config` error: "option `timeoutMs` must be …" (a problem with no place is its
    /// own sentence).
    pub fn config(problem: Problem) -> Self {
        let message = match problem.at.as_str() {
            "" => problem.rule.into_owned(),
            key => format!("option `{key}` {}", problem.rule),
        };
        Error::new(ErrorKind::Config, None, message)
    }

    /// A `validation` error of `operation`: "inviteUser: `email` must …".
    pub fn validation(operation: Operation, problem: Problem) -> Self {
        Error::invalid(operation, operation.method_name(), problem)
    }

    /// A `validation` error whose message names `method` (a method built on `operation`,
    /// such as `planSync` on `listUsers`).
    pub fn invalid(operation: Operation, method: &str, problem: Problem) -> Self {
        Error::new(
            ErrorKind::Validation,
            Some(operation),
            format!("{method}: {problem}"),
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// What is wrong with a value: an option, an argument, a roster row, a roster's options or a
/// response body. It says where and which rule is broken, never the value. Every check in
/// the core fails with one; whoever ran the check turns it, once, into an [`Error`] (kind
/// `config`, `validation` or `decode`) or into a roster's problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where, as JS spells it (`timeoutMs`, `plan.actions[2].email`); empty when the rule is
    /// a whole sentence or the place is not known yet.
    pub at: String,
    /// The rule broken, as the end of a sentence ("must contain exactly one @"); a whole
    /// sentence when `at` is empty.
    pub rule: Cow<'static, str>,
}

impl Problem {
    /// A problem with no place (a rule's, before its caller knows where; or a sentence).
    pub fn new(rule: impl Into<Cow<'static, str>>) -> Problem {
        Problem::at(String::new(), rule)
    }

    /// A problem at `at`.
    pub fn at(at: impl Into<String>, rule: impl Into<Cow<'static, str>>) -> Problem {
        Problem {
            at: at.into(),
            rule: rule.into(),
        }
    }

    /// The same problem inside `outer`: `email` in `invites[3]` is `invites[3].email`.
    pub fn within(self, outer: &str) -> Problem {
        let at = match self.at.as_str() {
            "" => outer.to_string(),
            inner => format!("{outer}.{inner}"),
        };
        Problem { at, ..self }
    }
}

/// "`invites[3].email` must contain exactly one @", or the rule alone when there is no place.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at.as_str() {
            "" => f.write_str(&self.rule),
            at => write!(f, "`{at}` {}", self.rule),
        }
    }
}

/// The response headers a server names its request id in, in the order they are read.
pub const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "x-amzn-requestid", "x-correlation-id"];

/// A request id as an error carries it: the header's value trimmed, when it is 1 to 128
/// visible ASCII characters; anything else (a page of text, control characters) is dropped
/// rather than passed on to logs.
pub fn request_id(value: &str) -> Option<String> {
    let value = value.trim();
    let fits = (1..=128).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic());
    fits.then(|| value.to_string())
}

/// Statuses worth trying again (besides 429).
pub fn is_transient_status(status: u16) -> bool {
    matches!(status, 408 | 500 | 502 | 503 | 504)
}

/// A body's `errors`, whatever else it holds.
#[derive(Deserialize)]
struct ErrorsOnly {
    #[serde(default)]
    errors: Value,
}

/// The GraphQL errors in a body, if it is a JSON object with a non-empty `errors` array.
pub fn graphql_errors(body: &[u8]) -> Vec<GraphqlErrorInfo> {
    match serde_json::from_slice::<ErrorsOnly>(body) {
        Ok(ErrorsOnly {
            errors: Value::Array(items),
        }) => items
            .into_iter()
            .map(GraphqlErrorInfo::from_value)
            .collect(),
        _ => Vec::new(),
    }
}

/// The first non-empty message (at most 300 characters), and how many more there are.
fn summary(errors: &[GraphqlErrorInfo]) -> String {
    let first = errors
        .iter()
        .map(|e| e.message.as_str())
        .find(|m| !m.is_empty())
        .unwrap_or("(no message)");
    let clipped = match first.char_indices().nth(300) {
        Some((end, _)) => first.get(..end).unwrap_or(first),
        None => first,
    };
    match errors.len() {
        0 | 1 => clipped.to_string(),
        n => format!("{clipped} (and {} more)", n - 1),
    }
}

/// The error for a response that is not a success: a non-2xx status, or a 2xx whose body
/// holds GraphQL errors. `None` for a 2xx without errors (the decoder takes it from there).
pub fn classify_response(
    operation: Operation,
    status: u16,
    body: &[u8],
    retry_after_ms: Option<u64>,
) -> Option<Error> {
    let success = (200..300).contains(&status);
    let errors = graphql_errors(body);
    if success && errors.is_empty() {
        return None;
    }
    let method = operation.method_name();
    let (kind, retryable, message) = match status {
        401 | 403 => (
            ErrorKind::Auth,
            false,
            format!("{method}: HTTP {status}: the API refused the credentials"),
        ),
        429 => (
            ErrorKind::RateLimited,
            true,
            format!("{method}: HTTP {status}: rate limited"),
        ),
        _ if !errors.is_empty() => (
            ErrorKind::Graphql,
            is_transient_status(status),
            format!("{method}: {}", summary(&errors)),
        ),
        _ => (
            ErrorKind::Http,
            is_transient_status(status),
            format!("{method}: HTTP {status}"),
        ),
    };
    Some(Error {
        status: Some(status),
        retryable,
        retry_after_ms,
        graphql_errors: errors,
        ..Error::new(kind, Some(operation), message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const OP: Operation = Operation::ListUsers;
    const GQL: &[u8] = br#"{"data":null,"errors":[{"message":"boom","path":["listUsers",0],"extensions":{"code":"X"}}]}"#;

    #[test]
    fn serialises_every_field_as_the_contract_names_it() {
        let mut e = classify_response(OP, 503, GQL, Some(1500)).unwrap();
        e.attempts = 3;
        e.request_id = Some("req-7".to_string());
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({
                "name": "ParadimeError", "kind": "graphql", "operation": "listUsers",
                "status": 503, "retryable": true, "attempts": 3, "retryAfterMs": 1500,
                "graphqlErrors": [{"message": "boom", "path": ["listUsers", 0], "extensions": {"code": "X"}}],
                "requestId": "req-7"
            })
        );
        let config =
            serde_json::to_value(Error::config(Problem::at("apiKey", "is required"))).unwrap();
        assert_eq!(
            config,
            json!({
                "name": "ParadimeError", "kind": "config", "operation": null, "status": null,
                "retryable": false, "attempts": 0, "retryAfterMs": null, "graphqlErrors": [],
                "requestId": null
            })
        );
    }

    #[test]
    fn a_request_id_is_kept_only_when_it_is_a_short_visible_token() {
        assert_eq!(request_id("  abc-123  ").as_deref(), Some("abc-123"));
        assert_eq!(
            request_id("Root=1-67a;Self=2").as_deref(),
            Some("Root=1-67a;Self=2")
        );
        let longest = "a".repeat(128);
        assert_eq!(request_id(&longest), Some(longest.clone()));
        for dropped in ["", "   ", "two words", "tab\there", "é", &"a".repeat(129)] {
            assert_eq!(request_id(dropped), None, "{dropped:?}");
        }
        assert_eq!(REQUEST_ID_HEADERS[0], "x-request-id");
    }

    fn kind(status: u16, body: &[u8]) -> (ErrorKind, bool) {
        let e = classify_response(OP, status, body, None).unwrap();
        assert_eq!(e.status, Some(status));
        (e.kind, e.retryable)
    }

    #[test]
    fn table_rows() {
        assert!(classify_response(OP, 200, b"{\"data\":{}}", None).is_none());
        assert!(classify_response(OP, 200, b"not json", None).is_none());
        assert_eq!(kind(401, b""), (ErrorKind::Auth, false));
        assert_eq!(kind(403, GQL), (ErrorKind::Auth, false));
        assert_eq!(kind(429, b""), (ErrorKind::RateLimited, true));
        assert_eq!(kind(429, GQL), (ErrorKind::RateLimited, true));
        for s in [408, 500, 502, 503, 504] {
            assert_eq!(kind(s, b"<html>"), (ErrorKind::Http, true), "{s}");
            assert_eq!(kind(s, GQL), (ErrorKind::Graphql, true), "{s}");
        }
        for s in [301, 400, 404, 405, 413, 418, 501, 505] {
            assert_eq!(kind(s, b""), (ErrorKind::Http, false), "{s}");
        }
        assert_eq!(kind(400, GQL), (ErrorKind::Graphql, false));
        assert_eq!(kind(200, GQL), (ErrorKind::Graphql, false));
        assert_eq!(
            kind(
                200,
                br#"{"errors":[{"message":"x"}],"data":{"listUsers":{"ok":true}}}"#
            ),
            (ErrorKind::Graphql, false)
        );
    }

    #[test]
    fn empty_errors_array_is_no_error() {
        assert!(classify_response(OP, 200, br#"{"errors":[],"data":null}"#, None).is_none());
        assert_eq!(kind(500, br#"{"errors":[]}"#), (ErrorKind::Http, true));
    }

    #[test]
    fn graphql_errors_keep_well_formed_parts_only() {
        let e = classify_response(OP, 200, GQL, Some(5)).unwrap();
        assert_eq!(e.retry_after_ms, Some(5));
        assert_eq!(e.message, "listUsers: boom");
        assert_eq!(e.graphql_errors.len(), 1);
        let odd = graphql_errors(
            br#"{"errors":[{"message":3,"path":"x","extensions":[1]}, "plain", 7, {"message":"m","path":[{"a":1}]}, {"path":[-1]}]}"#,
        );
        assert_eq!(odd.len(), 5);
        assert_eq!(odd[0], GraphqlErrorInfo::default());
        assert_eq!(odd[1].message, "plain");
        assert_eq!(odd[3].path, None);
        assert_eq!(odd[4].path, None, "a negative index is not a path");
        let e = classify_response(
            OP,
            200,
            br#"{"errors":[{"message":"a"},{"message":"b"}]}"#,
            None,
        )
        .unwrap();
        assert_eq!(e.message, "listUsers: a (and 1 more)");
        let long = format!(r#"{{"errors":[{{"message":"{}"}}]}}"#, "é".repeat(400));
        let e = classify_response(OP, 200, long.as_bytes(), None).unwrap();
        assert_eq!(e.message.chars().count(), "listUsers: ".len() + 300);
    }

    #[test]
    fn errors_not_an_array_are_ignored() {
        assert!(classify_response(OP, 200, br#"{"errors":{"message":"x"}}"#, None).is_none());
        assert_eq!(kind(502, br#"{"errors":"down"}"#), (ErrorKind::Http, true));
    }

    #[test]
    fn new_errors_default_retryable_by_kind() {
        assert!(Error::new(ErrorKind::Network, Some(OP), "x").retryable);
        assert!(Error::new(ErrorKind::Timeout, Some(OP), "x").retryable);
        assert!(!Error::new(ErrorKind::Aborted, Some(OP), "x").retryable);
        assert!(!Error::config(Problem::at("apiKey", "is missing")).retryable);
        assert_eq!(
            Error::config(Problem::at("apiSecrte", "is not a known option")).message,
            "option `apiSecrte` is not a known option"
        );
        assert_eq!(
            Problem::at("email", "is missing")
                .within("invites[3]")
                .to_string(),
            "`invites[3].email` is missing"
        );
        assert_eq!(
            Problem::new("no email column").to_string(),
            "no email column"
        );
        assert_eq!(
            serde_json::to_value(ErrorKind::RateLimited).unwrap(),
            "rate_limited"
        );
    }

    #[test]
    fn an_error_displays_as_its_message() {
        let e = Error::new(
            ErrorKind::Network,
            None,
            "listUsers: the request failed".to_string(),
        );
        assert_eq!(e.to_string(), "listUsers: the request failed");
    }
}
