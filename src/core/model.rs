//! The values users see, as serde types: what the API answers with, what `listUsers`
//! resolves to, and the options objects callers pass. The shell moves them across the JS
//! boundary with serde-wasm-bindgen; `cargo test` reads and writes them with serde_json.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A signed-up member of the workspace (`ActiveUser`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveUser {
    /// The user's uid.
    pub uid: String,
    /// The user's email.
    pub email: String,
    /// The display name; `null` when the workspace has none (absent is read as `null`).
    #[serde(default)]
    pub name: Option<String>,
    /// The role; a role newer than this version passes through as it is.
    pub account_type: String,
}

/// An invited email that has not signed up yet (`InvitedUser`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitedUser {
    /// The invited email.
    pub email: String,
    /// The role the invitation grants.
    pub account_type: String,
    /// `ACTIVE`, `SENT`, `EXPIRED`, or a newer status.
    pub invite_status: String,
}

/// Everyone in the workspace (`UserList`, what `listUsers` resolves to).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserList {
    /// The active users.
    pub active_users: Vec<ActiveUser>,
    /// The pending invitations.
    pub invited_users: Vec<InvitedUser>,
}

/// `ClientOptions`, as given (checked into a [`crate::core::options::ClientConfig`]). `F`
/// is what holds the `fetch` function: the shell's JS value (kept as it is through
/// `serde_wasm_bindgen::preserve`), anything in native tests.
///
/// `undefined` and `null` both mean "not given". Unknown keys are refused, naming the key.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(bound(deserialize = "F: Deserialize<'de>"))]
pub struct ClientOptions<F> {
    /// Absolute URL of the GraphQL endpoint.
    pub endpoint: Option<String>,
    /// Legacy API key (`X-API-KEY`).
    pub api_key: Option<String>,
    /// Legacy API secret, or a `prdm_wsp_`/`prdm_cmp_` token.
    pub api_secret: Option<String>,
    /// `X-Paradime-Workspace`.
    pub workspace_uid: Option<String>,
    /// Deadline of one call in ms.
    pub timeout_ms: Option<f64>,
    /// Extra attempts after the first.
    pub retries: Option<f64>,
    /// Extra request headers.
    pub headers: Option<BTreeMap<String, String>>,
    /// Allow `http://` to a host that is not loopback.
    pub allow_insecure_http: Option<bool>,
    /// The `fetch` to send requests with, instead of the global one.
    pub fetch: Option<F>,
    /// Told of every attempt before it is sent.
    pub on_request: Option<F>,
    /// Told of every attempt when it ends.
    pub on_response: Option<F>,
    /// Told of every retry before its wait.
    pub on_retry: Option<F>,
}

/// The options that hold functions, taken out of [`ClientOptions`] once it is checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Callbacks<F> {
    /// `fetch`.
    pub fetch: Option<F>,
    /// `onRequest`.
    pub on_request: Option<F>,
    /// `onResponse`.
    pub on_response: Option<F>,
    /// `onRetry`.
    pub on_retry: Option<F>,
}

impl<F> Callbacks<F> {
    /// Each callback turned by `f` (a JS value into a function, in the shell), or the first
    /// error `f` gives, with the option's name.
    pub fn try_map<G, E>(
        self,
        f: impl Fn(&'static str, F) -> Result<G, E>,
    ) -> Result<Callbacks<G>, E> {
        let map = |key, value: Option<F>| value.map(|v| f(key, v)).transpose();
        Ok(Callbacks {
            fetch: map("fetch", self.fetch)?,
            on_request: map("onRequest", self.on_request)?,
            on_response: map("onResponse", self.on_response)?,
            on_retry: map("onRetry", self.on_retry)?,
        })
    }
}

impl<F> Default for ClientOptions<F> {
    fn default() -> Self {
        ClientOptions {
            endpoint: None,
            api_key: None,
            api_secret: None,
            workspace_uid: None,
            timeout_ms: None,
            retries: None,
            headers: None,
            allow_insecure_http: None,
            fetch: None,
            on_request: None,
            on_response: None,
            on_retry: None,
        }
    }
}

impl ClientOptions<()> {
    /// The keys `ClientOptions` has, as JS spells them (the shell checks a JS object's own
    /// keys against them: serde-wasm-bindgen reads only the fields a struct declares).
    pub const KEYS: [&'static str; 12] = [
        "endpoint",
        "apiKey",
        "apiSecret",
        "workspaceUid",
        "timeoutMs",
        "retries",
        "headers",
        "allowInsecureHttp",
        "fetch",
        "onRequest",
        "onResponse",
        "onRetry",
    ];
}

// Values may be secrets: a debug dump shows which keys were given, never a value.
impl<F> std::fmt::Debug for ClientOptions<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("endpoint", &self.endpoint)
            .field("api_key", &self.api_key.as_ref().map(|_| ".."))
            .field("api_secret", &self.api_secret.as_ref().map(|_| ".."))
            .field("workspace_uid", &self.workspace_uid)
            .field("timeout_ms", &self.timeout_ms)
            .field("retries", &self.retries)
            .field(
                "headers",
                &self.headers.as_ref().map(|h| h.keys().collect::<Vec<_>>()),
            )
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("fetch", &self.fetch.as_ref().map(|_| ".."))
            .field("on_request", &self.on_request.as_ref().map(|_| ".."))
            .field("on_response", &self.on_response.as_ref().map(|_| ".."))
            .field("on_retry", &self.on_retry.as_ref().map(|_| ".."))
            .finish()
    }
}

/// `CallOptions`. `S` is what holds the caller's `AbortSignal`: the shell's JS value
/// (kept as it is through `serde_wasm_bindgen::preserve`), anything in native tests.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
pub struct CallOptions<S> {
    /// Aborts the call.
    pub signal: Option<S>,
    /// This call's deadline in ms.
    pub timeout_ms: Option<f64>,
}

impl<S> Default for CallOptions<S> {
    fn default() -> Self {
        CallOptions {
            signal: None,
            timeout_ms: None,
        }
    }
}

impl<S> CallOptions<S> {
    /// The keys `CallOptions` has, as JS spells them.
    pub const KEYS: [&'static str; 2] = ["signal", "timeoutMs"];
}

/// `PlanOptions` of `planSync`: `CallOptions` and what the plan is told.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
pub struct PlanOptions<S> {
    /// Disable active users who are not in the roster.
    pub disable_missing: Option<bool>,
    /// Emails never updated or disabled.
    pub keep: Option<Vec<String>>,
    /// Aborts the call.
    pub signal: Option<S>,
    /// The call's deadline in ms.
    pub timeout_ms: Option<f64>,
}

impl<S> PlanOptions<S> {
    /// The keys `PlanOptions` has, as JS spells them.
    pub const KEYS: [&'static str; 4] = ["disableMissing", "keep", "signal", "timeoutMs"];
}

/// `ApplyOptions` of `applySync` and `inviteUsers`. `F` holds the `onProgress` function as
/// the shell keeps it.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de>, F: Deserialize<'de>"))]
pub struct ApplyOptions<S, F> {
    /// Calls in flight at once, 1 to 16 (default 4).
    pub concurrency: Option<f64>,
    /// Called after each action settles with `(done, total)`.
    pub on_progress: Option<F>,
    /// Aborts the run: what is not sent yet is `aborted`.
    pub signal: Option<S>,
    /// The run's deadline in ms, the listing and every call included.
    pub timeout_ms: Option<f64>,
}

impl<S, F> ApplyOptions<S, F> {
    /// The keys `ApplyOptions` has, as JS spells them.
    pub const KEYS: [&'static str; 4] = ["concurrency", "onProgress", "signal", "timeoutMs"];
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde's own list of a struct's fields, read off its unknown-field error.
    fn serde_fields<T: for<'de> Deserialize<'de> + std::fmt::Debug>() -> String {
        let e = serde_json::from_str::<T>(r#"{"zzz": 1}"#)
            .unwrap_err()
            .to_string();
        let listed = e
            .split("expected one of ")
            .nth(1)
            .or_else(|| e.split("expected ").nth(1));
        listed
            .unwrap_or(&e)
            .split(" at line")
            .next()
            .unwrap()
            .replace(" or ", ", ")
    }

    fn listed(keys: &[&str]) -> String {
        keys.iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    #[test]
    fn keys_are_the_serde_fields() {
        assert_eq!(
            serde_fields::<ClientOptions<serde::de::IgnoredAny>>(),
            listed(&ClientOptions::<()>::KEYS)
        );
        assert_eq!(
            serde_fields::<CallOptions<serde::de::IgnoredAny>>(),
            listed(&CallOptions::<()>::KEYS)
        );
        assert_eq!(
            serde_fields::<PlanOptions<serde::de::IgnoredAny>>(),
            listed(&PlanOptions::<()>::KEYS)
        );
        assert_eq!(
            serde_fields::<ApplyOptions<serde::de::IgnoredAny, serde::de::IgnoredAny>>(),
            listed(&ApplyOptions::<(), ()>::KEYS)
        );
    }

    #[test]
    fn users_read_and_write_the_contract_shapes() {
        let list: UserList = serde_json::from_str(
            r#"{"activeUsers":[{"uid":"u","email":"e@x.io","accountType":"NEW","extra":1}],
                "invitedUsers":[{"email":"i@x.io","accountType":"ADMIN","inviteStatus":"SENT"}]}"#,
        )
        .unwrap();
        assert_eq!(list.active_users[0].name, None);
        assert_eq!(
            serde_json::to_value(&list).unwrap(),
            serde_json::json!({
                "activeUsers": [{"uid": "u", "email": "e@x.io", "name": null, "accountType": "NEW"}],
                "invitedUsers": [{"email": "i@x.io", "accountType": "ADMIN", "inviteStatus": "SENT"}]
            })
        );
    }

    #[test]
    fn debug_shows_no_secret() {
        let o: ClientOptions<serde_json::Value> = serde_json::from_str(
            r#"{"endpoint":"https://x.io","apiKey":"k-hunter2","apiSecret":"hunter2","headers":{"Authorization":"hunter2"}}"#,
        )
        .unwrap();
        assert!(!format!("{o:?}").contains("hunter2"));
    }

    #[test]
    fn a_debug_dump_of_options_hides_every_secret() {
        let options: ClientOptions<serde_json::Value> = serde_json::from_value(serde_json::json!({
            "endpoint": "https://x.io/graphql", "apiKey": "key-hunter1", "apiSecret": "hunter2",
            "headers": {"X-Proxy-Auth": "hunter3"}
        }))
        .unwrap();
        let dump = format!("{options:?}");
        assert!(dump.starts_with("ClientOptions { endpoint: "), "{dump}");
        assert!(dump.contains("X-Proxy-Auth"), "{dump}");
        assert!(!dump.contains("hunter"), "{dump}");
    }
}
