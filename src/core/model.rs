//! The values users see, as serde types: what the API answers with, what `listUsers`
//! resolves to, and the options objects callers pass. The shell moves them across the JS
//! boundary with serde-wasm-bindgen; `cargo test` reads and writes them with serde_json.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core::object::options_object;

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

/// What an option of the wrong type is told (never its value).
const STRING: &str = "must be a string";
const BOOLEAN: &str = "must be a boolean";
const SIGNAL: &str = "must be an AbortSignal";
const MILLISECONDS: &str = "must be a number of milliseconds";
const EMAILS: &str = "must be an array of emails";
// Each bound beside what a value out of it is told (a test holds them together), and
// checked at compile time to hold its default.
const _: () = assert!(DEFAULT_RETRIES <= MAX_RETRIES && DEFAULT_CONCURRENCY <= MAX_CONCURRENCY);

/// Default deadline of one call, retries and waits included.
pub const DEFAULT_TIMEOUT_MS: u32 = 60_000;
/// Longest timeout a JS timer can hold (2^31 - 1 ms, about 24.8 days).
pub const MAX_TIMEOUT_MS: u32 = 2_147_483_647;
/// What a deadline must be (a client's `timeoutMs` of the wrong type is told so too).
pub const TIMEOUT_PROBLEM: &str = "must be a positive number of milliseconds, at most 2147483647";

/// Default extra attempts after the first.
pub const DEFAULT_RETRIES: u32 = 2;
/// Most extra attempts accepted.
pub const MAX_RETRIES: u32 = 10;
/// What `retries` must be.
pub const RETRIES_PROBLEM: &str = "must be a whole number from 0 to 10";

/// Default calls in flight of `applySync` and `inviteUsers` (and workspaces listed at once).
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Most calls in flight allowed.
pub const MAX_CONCURRENCY: usize = 16;
/// What `concurrency` must be.
pub const CONCURRENCY_PROBLEM: &str = "must be a whole number from 1 to 16";
/// What a `fetch` option that is not a function is told.
pub const FETCH_PROBLEM: &str = "must be a function like fetch: (request) => Promise<Response>";
/// What a hook option (`onRequest`, `onResponse`, `onRetry`) that is not a function is told.
pub const HOOK_PROBLEM: &str = "must be a function (info) => void";

options_object! {
    /// `ClientOptions`, as given (checked into a [`crate::core::options::ClientConfig`]). `F`
    /// is what holds the function options (`fetch`, the hooks): the shell's JS value (kept as
    /// it is through `serde_wasm_bindgen::preserve`), anything in native tests.
    #[derive(Clone)]
    pub struct ClientOptions<F> {
        /// Absolute URL of the GraphQL endpoint.
        endpoint: String = "endpoint" => STRING,
        /// Legacy API key (`X-API-KEY`).
        api_key: String = "apiKey" => STRING,
        /// Legacy API secret, or a `prdm_wsp_`/`prdm_cmp_` token.
        api_secret: String = "apiSecret" => STRING,
        /// `X-Paradime-Workspace`.
        workspace_uid: String = "workspaceUid" => STRING,
        /// Deadline of one call in ms.
        timeout_ms: f64 = "timeoutMs" => TIMEOUT_PROBLEM,
        /// Extra attempts after the first.
        retries: f64 = "retries" => RETRIES_PROBLEM,
        /// Extra request headers.
        headers: BTreeMap<String, String> = "headers" => "must be an object of header names to strings",
        /// Allow `http://` to a host that is not loopback.
        allow_insecure_http: bool = "allowInsecureHttp" => BOOLEAN,
        /// The `fetch` to send requests with, instead of the global one.
        fetch: F = "fetch" => FETCH_PROBLEM,
        /// Told of every attempt before it is sent.
        on_request: F = "onRequest" => HOOK_PROBLEM,
        /// Told of every attempt when it ends.
        on_response: F = "onResponse" => HOOK_PROBLEM,
        /// Told of every retry before its wait.
        on_retry: F = "onRetry" => HOOK_PROBLEM,
    }
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

options_object! {
    /// `CallOptions`. `S` is what holds the caller's `AbortSignal`: the shell's JS value
    /// (kept as it is through `serde_wasm_bindgen::preserve`), anything in native tests.
    #[derive(Clone, Debug)]
    pub struct CallOptions<S> {
        /// Aborts the call.
        signal: S = "signal" => SIGNAL,
        /// This call's deadline in ms.
        timeout_ms: f64 = "timeoutMs" => MILLISECONDS,
    }
}

options_object! {
    /// `PlanOptions` of `planSync`: `CallOptions` and what the plan is told.
    #[derive(Clone, Debug)]
    pub struct PlanOptions<S> {
        /// Disable active users who are not in the roster.
        disable_missing: bool = "disableMissing" => BOOLEAN,
        /// Emails never updated or disabled.
        keep: Vec<String> = "keep" => EMAILS,
        /// Aborts the call.
        signal: S = "signal" => SIGNAL,
        /// The call's deadline in ms.
        timeout_ms: f64 = "timeoutMs" => MILLISECONDS,
    }
}

options_object! {
    /// `ApplyOptions` of `applySync` and `inviteUsers`. `F` holds the `onProgress` function as
    /// the shell keeps it.
    #[derive(Clone, Debug)]
    pub struct ApplyOptions<S, F> {
        /// Calls in flight at once, 1 to 16 (default 4).
        concurrency: f64 = "concurrency" => CONCURRENCY_PROBLEM,
        /// Called after each action settles with `(done, total)`.
        on_progress: F = "onProgress" => "must be a function",
        /// Aborts the run: what is not sent yet is `aborted`.
        signal: S = "signal" => SIGNAL,
        /// The run's deadline in ms, the listing and every call included.
        timeout_ms: f64 = "timeoutMs" => MILLISECONDS,
    }
}

options_object! {
    /// The options of the calls that span workspaces (`accessReview`, `planOffboard`):
    /// which workspaces, how many are listed at once, progress, and the call options.
    #[derive(Clone, Debug)]
    pub struct CompanyOptions<S, F> {
        /// Workspace uids or names; default: every workspace `listWorkspaces` gives.
        workspaces: Vec<String> = "workspaces" => "must be an array of workspace uids or names",
        /// Workspaces listed at once, 1 to 16 (default 4).
        concurrency: f64 = "concurrency" => CONCURRENCY_PROBLEM,
        /// Called after each workspace is listed with `(done, total)`.
        on_progress: F = "onProgress" => "must be a function",
        /// Aborts the call.
        signal: S = "signal" => SIGNAL,
        /// The deadline of the whole call in ms, every listing included.
        timeout_ms: f64 = "timeoutMs" => MILLISECONDS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::object::{read, OptionsObject};

    #[test]
    fn each_message_says_its_bound() {
        assert!(TIMEOUT_PROBLEM.ends_with(&format!("at most {MAX_TIMEOUT_MS}")));
        assert!(RETRIES_PROBLEM.ends_with(&format!("from 0 to {MAX_RETRIES}")));
        assert!(CONCURRENCY_PROBLEM.ends_with(&format!("from 1 to {MAX_CONCURRENCY}")));
    }

    #[test]
    fn each_type_lists_its_keys_as_js_spells_them() {
        assert_eq!(
            ClientOptions::<()>::KEYS,
            [
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
                "onRetry"
            ]
        );
        assert_eq!(CallOptions::<()>::KEYS, ["signal", "timeoutMs"]);
        assert_eq!(
            PlanOptions::<()>::KEYS,
            ["disableMissing", "keep", "signal", "timeoutMs"]
        );
        assert_eq!(
            ApplyOptions::<(), ()>::KEYS,
            ["concurrency", "onProgress", "signal", "timeoutMs"]
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
    fn a_debug_dump_of_options_hides_every_secret() {
        let options: ClientOptions<serde_json::Value> = read(serde_json::json!({
            "endpoint": "https://x.io/graphql", "apiKey": "key-hunter1", "apiSecret": "hunter2",
            "headers": {"X-Proxy-Auth": "hunter3", "Authorization": "hunter4"}, "fetch": "hunter5"
        }))
        .unwrap();
        let dump = format!("{options:?}");
        assert!(dump.starts_with("ClientOptions { endpoint: "), "{dump}");
        assert!(dump.contains("X-Proxy-Auth"), "{dump}");
        assert!(!dump.contains("hunter"), "{dump}");
    }
}
