//! What the client's hooks (`onRequest`, `onResponse`, `onRetry`) are told of each attempt,
//! and the rule that keeps secrets out of it: a header's value is shown only for the few
//! headers that never hold one.

use serde::{Serialize, Serializer};

use crate::core::operation::Operation;

/// What a hidden header value shows.
pub const REDACTED: &str = "[redacted]";

/// The headers (lower case) whose values a hook sees; every other value is [`REDACTED`]:
/// the auth headers, and any header of the caller's that may hold a token.
const SHOWN: [&str; 4] = [
    "content-type",
    "accept",
    "user-agent",
    "x-paradime-workspace",
];

/// `headers` as a hook sees them, in the order they are sent: every name, and the value
/// only where [`SHOWN`] allows.
pub fn redacted_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let shown = SHOWN.iter().any(|s| name.eq_ignore_ascii_case(s));
            let value = if shown {
                value.clone()
            } else {
                REDACTED.to_string()
            };
            (name.clone(), value)
        })
        .collect()
}

/// Headers as an object of names to values (the names are already unique: the options
/// refuse a reserved one, and an object's keys cannot repeat). A map built from them would
/// sort them, for nothing.
fn as_object<S: Serializer>(headers: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(headers.iter().map(|(k, v)| (k, v)))
}

/// `endpoint` as a hook sees it: a query string can hold a key (`?code=…` of a function
/// app), so each query value is [`REDACTED`]; names, host and path stay. A fragment is never
/// sent, so it is dropped.
pub fn redacted_url(endpoint: &str) -> String {
    let sent = endpoint.split('#').next().unwrap_or_default();
    let Some((path, query)) = sent.split_once('?') else {
        return sent.to_string();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) => format!("{name}={REDACTED}"),
            None => pair.to_string(),
        })
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

/// `onRequest`'s argument: an attempt about to be sent. The body is not included: a
/// mutation's variables hold the emails and uids it changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestInfo {
    /// The operation (`"listUsers"` for the helpers built on it).
    pub operation: Operation,
    /// 1 for the first attempt of the call.
    pub attempt: u32,
    /// Always `"POST"`.
    pub method: &'static str,
    /// The endpoint, its query values redacted ([`redacted_url`]).
    pub url: String,
    /// The request's headers, redacted ([`redacted_headers`]), as an object.
    #[serde(serialize_with = "as_object")]
    pub headers: Vec<(String, String)>,
}

/// `onResponse`'s argument (the shell adds `error`): an attempt that ended, with a response
/// or without one.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseInfo {
    /// The operation.
    pub operation: Operation,
    /// Which attempt of the call this was.
    pub attempt: u32,
    /// The HTTP status; `None` when no response came (network error, timeout, abort).
    pub status: Option<u16>,
    /// From sending the request to reading the whole body (or failing), in ms.
    pub duration_ms: u64,
    /// The response's request id, when the server sent one.
    pub request_id: Option<String>,
    /// The wait before the next attempt when this one is retried; `None` when the call ends.
    pub retry_in_ms: Option<u64>,
}

/// `onRetry`'s argument (the shell adds `error`, the failure being retried): called before
/// the wait.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryInfo {
    /// The operation.
    pub operation: Operation,
    /// The attempt that comes after the wait (2 for the first retry).
    pub attempt: u32,
    /// How long the call waits first, in ms.
    pub wait_ms: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_hook_sees_every_header_name_and_no_secret() {
        let headers = pairs(&[
            ("Content-Type", "application/json"),
            ("X-API-KEY", "key-1"),
            ("X-API-SECRET", "secret-1"),
            ("Authorization", "Bearer prdm_wsp_x"),
            ("X-Paradime-Workspace", "ws-1"),
            ("User-Agent", "paradime-users/1"),
            ("ACCEPT", "application/json"),
            ("X-Tenant-Token", "t-1"),
        ]);
        let shown = redacted_headers(&headers);
        let names: Vec<&str> = shown.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names.first(),
            Some(&"Content-Type"),
            "kept in the order sent"
        );
        assert_eq!(names.last(), Some(&"X-Tenant-Token"));
        let object = serde_json::Map::from_iter(
            shown
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str()))),
        );
        assert_eq!(
            serde_json::Value::Object(object),
            json!({
                "ACCEPT": "application/json",
                "Authorization": REDACTED,
                "Content-Type": "application/json",
                "User-Agent": "paradime-users/1",
                "X-API-KEY": REDACTED,
                "X-API-SECRET": REDACTED,
                "X-Paradime-Workspace": "ws-1",
                "X-Tenant-Token": REDACTED,
            })
        );
        let text = format!("{shown:?}");
        for secret in ["key-1", "secret-1", "prdm_wsp_x", "t-1"] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
    }

    #[test]
    fn a_hook_sees_the_endpoint_without_its_query_values() {
        for (endpoint, shown) in [
            (
                "https://api.paradime.io/api/v1/abc/graphql",
                "https://api.paradime.io/api/v1/abc/graphql",
            ),
            (
                "https://fn.example/api/gql?code=k3y&x=1",
                "https://fn.example/api/gql?code=[redacted]&x=[redacted]",
            ),
            ("https://x/graphql?flag", "https://x/graphql?flag"),
            (
                "https://x/graphql?a=1#frag=2",
                "https://x/graphql?a=[redacted]",
            ),
            ("https://x/graphql#only", "https://x/graphql"),
            ("https://x/graphql?", "https://x/graphql?"),
        ] {
            assert_eq!(redacted_url(endpoint), shown, "{endpoint}");
        }
    }

    #[test]
    fn the_infos_carry_the_contract_names() {
        let request = RequestInfo {
            operation: Operation::InviteUser,
            attempt: 1,
            method: "POST",
            url: "https://x/graphql".to_string(),
            headers: redacted_headers(&pairs(&[("X-API-SECRET", "s")])),
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"operation": "inviteUser", "attempt": 1, "method": "POST",
                   "url": "https://x/graphql", "headers": {"X-API-SECRET": REDACTED}})
        );
        let response = ResponseInfo {
            operation: Operation::ListUsers,
            attempt: 2,
            status: None,
            duration_ms: 12,
            request_id: Some("r".to_string()),
            retry_in_ms: Some(250),
        };
        assert_eq!(
            serde_json::to_value(&response).unwrap(),
            json!({"operation": "listUsers", "attempt": 2, "status": null, "durationMs": 12,
                   "requestId": "r", "retryInMs": 250})
        );
        let retry = RetryInfo {
            operation: Operation::DisableUser,
            attempt: 3,
            wait_ms: 400,
        };
        assert_eq!(
            serde_json::to_value(&retry).unwrap(),
            json!({"operation": "disableUser", "attempt": 3, "waitMs": 400})
        );
    }
}
