//! The error kinds of the contract, the error value every failure becomes, and how an
//! HTTP status and a response body map to a kind.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use crate::core::json::{
    push_list, push_opt_number, push_opt_string, push_string, Invalid, Kind, Reader,
};
use crate::core::operation::Operation;
use crate::core::text::{clip, concat, push_number};

/// `ParadimeError.kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

impl ErrorKind {
    /// The string JS sees.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Config => "config",
            ErrorKind::Validation => "validation",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Http => "http",
            ErrorKind::Auth => "auth",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Graphql => "graphql",
            ErrorKind::Rejected => "rejected",
            ErrorKind::Decode => "decode",
        }
    }
}

/// One entry of a response's `errors` array, as much of it as is well-formed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphqlErrorInfo {
    /// `message` (empty when the server sent none).
    pub message: String,
    /// `path` as JSON text, when it was an array of strings and non-negative integers.
    pub path: Option<String>,
    /// `extensions` as JSON text, when it was an object.
    pub extensions: Option<String>,
}

/// A failure, with every field of `ParadimeError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// A sentence for people; never holds a secret.
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
}

impl Error {
    /// An error of `kind` with only a message; the other fields empty.
    pub fn new(kind: ErrorKind, operation: Option<Operation>, message: impl Into<String>) -> Self {
        Error {
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
        }
    }

    /// A `config` error naming the option `key` (never its value).
    pub fn config(key: &str, problem: &str) -> Self {
        Error::new(
            ErrorKind::Config,
            None,
            concat(&["option `", key, "` ", problem]),
        )
    }

    /// A `validation` error of `operation` about the argument `arg`.
    pub fn validation(operation: Operation, arg: &str, problem: &str) -> Self {
        Error::invalid(operation, operation.method_name(), arg, problem)
    }

    /// A `validation` error about `arg`, its message naming `method` (a method built on
    /// `operation`, such as `planSync` on `listUsers`).
    pub fn invalid(operation: Operation, method: &str, arg: &str, problem: &str) -> Self {
        Error::new(
            ErrorKind::Validation,
            Some(operation),
            concat(&[method, ": `", arg, "` ", problem]),
        )
    }
}

impl Error {
    /// The error as the JSON text the shell turns into a `ParadimeError`:
    /// `[message, {name, kind, operation, status, retryable, attempts, retryAfterMs,
    /// graphqlErrors}]`. The engine parses it (`JSON.parse` is smaller and faster than
    /// setting each field through an import); `path` and `extensions` are the server's own
    /// JSON text, already checked by the reader.
    pub fn to_json(&self) -> String {
        let mut out = String::from("[");
        push_string(&mut out, &self.message);
        out.push_str(",{\"name\":\"ParadimeError\",\"kind\":\"");
        out.push_str(self.kind.as_str());
        out.push_str("\",\"operation\":");
        push_opt_string(&mut out, self.operation.map(Operation::method_name));
        out.push_str(",\"status\":");
        push_opt_number(&mut out, self.status.map(u64::from));
        out.push_str(if self.retryable {
            ",\"retryable\":true,\"attempts\":"
        } else {
            ",\"retryable\":false,\"attempts\":"
        });
        push_number(&mut out, u64::from(self.attempts));
        out.push_str(",\"retryAfterMs\":");
        push_opt_number(&mut out, self.retry_after_ms);
        out.push_str(",\"graphqlErrors\":");
        push_list(&mut out, &self.graphql_errors, |out, info| {
            out.push_str("{\"message\":");
            push_string(out, &info.message);
            for (key, text) in [
                (",\"path\":", &info.path),
                (",\"extensions\":", &info.extensions),
            ] {
                if let Some(text) = text {
                    out.push_str(key);
                    out.push_str(text);
                }
            }
            out.push('}');
        });
        out.push_str("}]");
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Statuses worth trying again (besides 429).
pub fn is_transient_status(status: u16) -> bool {
    matches!(status, 408 | 500 | 502 | 503 | 504)
}

/// What a response envelope `{"data": …, "errors": […]}` holds: its GraphQL errors and, when
/// a mutation's root field was asked for, what `data.<field>.ok` is.
#[derive(Debug, Default)]
pub struct Envelope {
    /// The entries of `errors` (empty when absent or not an array).
    pub errors: Vec<GraphqlErrorInfo>,
    /// What `data.<field>.ok` is, when present.
    pub ok: Option<Kind>,
}

/// Reads an envelope in one pass: the errors, and `data.<field>.ok` when `field` is given.
/// A body that is JSON but not an object is an empty envelope; one that is not JSON is
/// [`Invalid`].
pub fn read_envelope(body: &[u8], field: Option<&str>) -> Result<Envelope, Invalid> {
    let mut r = Reader::new(body)?;
    let mut envelope = Envelope::default();
    if r.peek() != Some(b'{') {
        r.skip()?;
        r.end()?;
        return Ok(envelope);
    }
    let mut more = r.open(b'{')?;
    while more {
        let key = r.key()?;
        if key.is("errors") && r.peek() == Some(b'[') {
            envelope.errors.clear();
            let mut more_items = r.open(b'[')?;
            while more_items {
                envelope.errors.push(error_info(&mut r)?);
                more_items = r.next(b']')?;
            }
        } else if let (Some(field), true) = (field, key.is("data") && r.peek() == Some(b'{')) {
            envelope.ok = data_ok(&mut r, field)?.or(envelope.ok);
        } else {
            r.skip()?;
        }
        more = r.next(b'}')?;
    }
    r.end()?;
    Ok(envelope)
}

/// `{"<field>": {"ok": …}}`: what `ok` is, if it is there.
fn data_ok(r: &mut Reader<'_>, field: &str) -> Result<Option<Kind>, Invalid> {
    let mut ok = None;
    let mut more = r.open(b'{')?;
    while more {
        let key = r.key()?;
        if key.is(field) && r.peek() == Some(b'{') {
            let mut more_result = r.open(b'{')?;
            while more_result {
                let key = r.key()?;
                let kind = r.skip()?;
                if key.is("ok") {
                    ok = Some(kind);
                }
                more_result = r.next(b'}')?;
            }
        } else {
            r.skip()?;
        }
        more = r.next(b'}')?;
    }
    Ok(ok)
}

/// The GraphQL errors in a body, if it is JSON with a non-empty `errors` array.
pub fn graphql_errors(body: &[u8]) -> Vec<GraphqlErrorInfo> {
    read_envelope(body, None)
        .map(|e| e.errors)
        .unwrap_or_default()
}

fn error_info(r: &mut Reader<'_>) -> Result<GraphqlErrorInfo, Invalid> {
    let mut info = GraphqlErrorInfo {
        message: String::new(),
        path: None,
        extensions: None,
    };
    match r.peek() {
        Some(b'"') => info.message = r.string()?.value(),
        Some(b'{') => {
            let mut more = r.open(b'{')?;
            while more {
                let key = r.key()?;
                let next = r.peek();
                let start = r.position();
                if key.is("message") && next == Some(b'"') {
                    info.message = r.string()?.value();
                } else if key.is("path") && next == Some(b'[') {
                    let mut ok = true;
                    let mut more_items = r.open(b'[')?;
                    while more_items {
                        ok &= matches!(r.skip()?, Kind::String | Kind::Number { whole: true });
                        more_items = r.next(b']')?;
                    }
                    info.path = ok.then(|| r.slice(start, r.position()).to_string());
                } else if key.is("extensions") && next == Some(b'{') {
                    r.skip()?;
                    info.extensions = Some(r.slice(start, r.position()).to_string());
                } else {
                    r.skip()?;
                }
                more = r.next(b'}')?;
            }
        }
        _ => {
            r.skip()?;
        }
    }
    Ok(info)
}

fn summary(errors: &[GraphqlErrorInfo]) -> String {
    let first = errors
        .iter()
        .map(|e| e.message.as_str())
        .find(|m| !m.is_empty())
        .unwrap_or("(no message)");
    let mut out = String::from(clip(first, 300));
    if errors.len() > 1 {
        out.push_str(" (and ");
        push_number(&mut out, errors.len() as u64 - 1);
        out.push_str(" more)");
    }
    out
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
    let mut message = String::from(operation.method_name());
    let mut http = |tail: &str| {
        message.push_str(": HTTP ");
        push_number(&mut message, u64::from(status));
        message.push_str(tail);
    };
    let (kind, retryable) = match status {
        401 | 403 => {
            http(": the API refused the credentials");
            (ErrorKind::Auth, false)
        }
        429 => {
            http(": rate limited");
            (ErrorKind::RateLimited, true)
        }
        _ if !errors.is_empty() => {
            message.push_str(": ");
            message.push_str(&summary(&errors));
            (ErrorKind::Graphql, is_transient_status(status))
        }
        _ => {
            http("");
            (ErrorKind::Http, is_transient_status(status))
        }
    };
    Some(Error {
        kind,
        message,
        operation: Some(operation),
        status: Some(status),
        retryable,
        attempts: 0,
        retry_after_ms,
        graphql_errors: errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: Operation = Operation::ListUsers;
    const GQL: &[u8] = br#"{"data":null,"errors":[{"message":"boom","path":["listUsers",0],"extensions":{"code":"X"}}]}"#;

    #[test]
    fn to_json_carries_every_field_as_the_contract_names_it() {
        let mut e = classify_response(OP, 503, GQL, Some(1500)).unwrap();
        e.attempts = 3;
        e.message.push_str(" \"quoted\" \u{1}\n");
        let v: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(v[0], serde_json::json!(e.message));
        assert_eq!(
            v[1],
            serde_json::json!({
                "name": "ParadimeError", "kind": "graphql", "operation": "listUsers",
                "status": 503, "retryable": true, "attempts": 3, "retryAfterMs": 1500,
                "graphqlErrors": [{"message": "boom", "path": ["listUsers", 0], "extensions": {"code": "X"}}]
            })
        );
        let keys: Vec<_> = v[1].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys.len(), 8);

        let config = Error::config("apiKey", "is required");
        let v: serde_json::Value = serde_json::from_str(&config.to_json()).unwrap();
        assert_eq!(v[1]["operation"], serde_json::Value::Null);
        assert_eq!(v[1]["status"], serde_json::Value::Null);
        assert_eq!(v[1]["retryAfterMs"], serde_json::Value::Null);
        assert_eq!(v[1]["retryable"], false);
        assert_eq!(v[1]["graphqlErrors"], serde_json::json!([]));
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
        let info = &e.graphql_errors[0];
        assert_eq!(info.path.as_deref(), Some(r#"["listUsers",0]"#));
        assert_eq!(info.extensions.as_deref(), Some(r#"{"code":"X"}"#));
        let odd = graphql_errors(br#"{"errors":[{"message":3,"path":"x","extensions":[1]}, "plain", 7, {"message":"m","path":[{"a":1}]}]}"#);
        assert_eq!(odd.len(), 4);
        assert_eq!(
            odd[0],
            GraphqlErrorInfo {
                message: String::new(),
                path: None,
                extensions: None
            }
        );
        assert_eq!(odd[1].message, "plain");
        assert_eq!(odd[3].path, None);
        let e = classify_response(
            OP,
            200,
            br#"{"errors":[{"message":"a"},{"message":"b"}]}"#,
            None,
        )
        .unwrap();
        assert_eq!(e.message, "listUsers: a (and 1 more)");
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
        assert!(!Error::config("apiKey", "is missing").retryable);
        assert_eq!(
            Error::config("apiSecrte", "is not a known option").message,
            "option `apiSecrte` is not a known option"
        );
        assert_eq!(ErrorKind::RateLimited.as_str(), "rate_limited");
    }
}
