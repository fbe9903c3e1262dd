//! Client options (`ClientOptions`, kind `config`) and per-call options (`CallOptions`,
//! kind `validation`): read by serde from any deserializer (serde-wasm-bindgen in the
//! shell, serde_json in tests), then checked for what serde cannot express.
//!
//! Each options type is declared in `core/model.rs` (key, type, what a wrong type is told)
//! and read by `core/object.rs`'s one visitor; an error names the offending key, never its
//! value.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Deserializer};

use crate::core::auth::{is_company_token, is_token, Auth};
use crate::core::error::{Error, Problem};
use crate::core::model::{
    ApplyOptions, CallOptions, Callbacks, ClientOptions, CompanyOptions, PlanOptions,
    CONCURRENCY_PROBLEM, TIMEOUT_PROBLEM,
};
use crate::core::object::{read, OptionsObject};
use crate::core::operation::Operation;
use crate::core::roster::PlanSettings;
use crate::core::validate::email_rule;

pub use crate::core::model::{
    DEFAULT_CONCURRENCY, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, MAX_CONCURRENCY, MAX_RETRIES,
    MAX_TIMEOUT_MS,
};

/// Checked client options.
#[derive(Clone)]
pub struct ClientConfig {
    /// Absolute http(s) URL of the GraphQL endpoint.
    pub endpoint: String,
    /// The credential mode.
    pub auth: Auth,
    /// `X-Paradime-Workspace`, when given.
    pub workspace_uid: Option<String>,
    /// Deadline of one call in ms.
    pub timeout_ms: u32,
    /// Extra attempts after the first.
    pub retries: u32,
    /// The caller's extra headers.
    pub headers: Vec<(String, String)>,
}

// Header values may hold secrets (a proxy's Authorization): a debug dump shows names only.
impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("endpoint", &self.endpoint)
            .field("auth", &self.auth)
            .field("workspace_uid", &self.workspace_uid)
            .field("timeout_ms", &self.timeout_ms)
            .field("retries", &self.retries)
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// What a `ClientOptions` key must hold, for its config error.
pub fn client_type_problem(key: &str) -> &'static str {
    ClientOptions::<()>::problem(key)
}

const NOT_OPTIONS: &str =
    "ParadimeClient needs an options object, like { endpoint: \"https://…/graphql\" }";

/// Reads and checks `ClientOptions` (serde reads the object; anything but an object is
/// refused). The options that hold functions come back beside the checked config (`F` holds
/// them, see [`ClientOptions`]).
pub fn client_config<'de, F: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<(ClientConfig, Callbacks<F>), Error> {
    let mut options: ClientOptions<F> = read(deserializer).map_err(|problem| {
        Error::config(match problem.at.as_str() {
            "" => Problem::new(NOT_OPTIONS),
            _ => problem,
        })
    })?;
    let callbacks = Callbacks {
        fetch: options.fetch.take(),
        on_request: options.on_request.take(),
        on_response: options.on_response.take(),
        on_retry: options.on_retry.take(),
    };
    let config = check_client_options(options).map_err(Error::config)?;
    Ok((config, callbacks))
}

/// A header value fetch accepts: printable ASCII and inner spaces, no CR/LF.
fn header_safe(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b == b' ' || b == b'\t' || (0x21..0x7f).contains(&b))
        && !s.starts_with([' ', '\t'])
        && !s.ends_with([' ', '\t'])
}

fn token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Headers the client sets itself; `headers` may not set them too (a silent clash would
/// send the wrong credentials or break the JSON body).
const RESERVED_HEADERS: [&str; 5] = [
    "content-type",
    "x-api-key",
    "x-api-secret",
    "authorization",
    "x-paradime-workspace",
];

fn credential<'a>(key: &str, value: &'a Option<String>) -> Result<Option<&'a str>, Problem> {
    match value.as_deref() {
        Some("") => Err(Problem::at(key, "must not be empty")),
        Some(s) if !header_safe(s) => Err(Problem::at(
            key,
            "must be printable ASCII without leading or trailing spaces (it is sent as a header)",
        )),
        other => Ok(other),
    }
}

/// A deadline in whole ms (a fractional one rounds up), or what is wrong with it.
fn timeout(value: Option<f64>) -> Result<Option<u32>, Problem> {
    match value {
        None => Ok(None),
        Some(n) if n.is_finite() && n > 0.0 && n <= f64::from(MAX_TIMEOUT_MS) => {
            Ok(Some(n.ceil() as u32))
        }
        Some(_) => Err(Problem::at("timeoutMs", TIMEOUT_PROBLEM)),
    }
}

/// Where an endpoint points, as far as the checks need to know.
#[derive(Debug, PartialEq, Eq)]
struct Endpoint {
    https: bool,
    loopback: bool,
}

/// Where `url` points; a problem at `endpoint` when it is not an absolute http(s) URL.
fn parse_endpoint(url: &str) -> Result<Endpoint, Problem> {
    let problem = |rule: &'static str| Problem::at("endpoint", rule);
    let not_url = || problem("must be an absolute http:// or https:// URL");
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(not_url());
    }
    let (scheme, rest) = url.split_once(':').ok_or_else(not_url)?;
    let rest = rest.strip_prefix("//").ok_or_else(not_url)?;
    let https = if scheme.eq_ignore_ascii_case("https") {
        true
    } else if scheme.eq_ignore_ascii_case("http") {
        false
    } else {
        return Err(not_url());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(problem("must not contain credentials (user:password@)"));
    }
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let (host, after) = inner.split_once(']').ok_or_else(not_url)?;
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':').ok_or_else(not_url)?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(not_url());
    }
    if let Some(p) = port {
        let digits = p.bytes().all(|b| b.is_ascii_digit());
        if !p.is_empty() && (!digits || p.parse::<u16>().is_err()) {
            return Err(problem("has an invalid port"));
        }
    }
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.eq_ignore_ascii_case("localhost.")
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
        || (authority.starts_with('[')
            && host.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback()));
    Ok(Endpoint { https, loopback })
}

/// Checks what serde read: the endpoint, the credential mode, the deadline, the headers.
pub fn check_client_options<F>(options: ClientOptions<F>) -> Result<ClientConfig, Problem> {
    let endpoint = options
        .endpoint
        .as_deref()
        .ok_or_else(|| Problem::at("endpoint", "is required"))?;
    let target = parse_endpoint(endpoint)?;
    if !target.https && !target.loopback && options.allow_insecure_http != Some(true) {
        return Err(Problem::at(
            "endpoint",
            "uses http:// to a host that is not loopback; use https://, or set allowInsecureHttp: true",
        ));
    }

    let api_key = credential("apiKey", &options.api_key)?;
    let api_secret = credential("apiSecret", &options.api_secret)?;
    let workspace_uid = credential("workspaceUid", &options.workspace_uid)?;
    match (api_key, api_secret) {
        (_, Some(secret)) if is_company_token(secret) && workspace_uid.is_none() => {
            return Err(Problem::at(
                "workspaceUid",
                "is required with a company token (apiSecret starting with prdm_cmp_)",
            ))
        }
        (Some(_), None) => {
            return Err(Problem::at(
                "apiSecret",
                "is required with apiKey (or pass a prdm_wsp_/prdm_cmp_ token as apiSecret)",
            ))
        }
        (None, Some(secret)) if !is_token(secret) => return Err(Problem::at(
            "apiKey",
            "is required with this apiSecret (only prdm_wsp_/prdm_cmp_ tokens go without a key)",
        )),
        _ => {}
    }
    let no_auth = api_secret.is_none();

    let timeout_ms = timeout(options.timeout_ms)?.unwrap_or(DEFAULT_TIMEOUT_MS);
    let retries = match options.retries {
        None => DEFAULT_RETRIES,
        Some(n) if (0.0..=f64::from(MAX_RETRIES)).contains(&n) && n.fract() == 0.0 => n as u32,
        Some(_) => return Err(Problem::at("retries", client_type_problem("retries"))),
    };

    let headers: Vec<(String, String)> = options
        .headers
        .clone()
        .unwrap_or_default()
        .into_iter()
        .collect();
    for (name, value) in &headers {
        let problem = if name.is_empty() || !name.bytes().all(token_char) {
            "has a name that is not a valid header name"
        } else if RESERVED_HEADERS
            .iter()
            .any(|r| name.eq_ignore_ascii_case(r))
            && !(no_auth && name.eq_ignore_ascii_case("authorization"))
        {
            "sets a header the client sets itself (Content-Type, the auth headers, X-Paradime-Workspace); use the dedicated options"
        } else if value.is_empty() || header_safe(value) {
            continue;
        } else {
            "has a value that is not printable ASCII (it would break fetch)"
        };
        return Err(Problem::at("headers", problem));
    }

    Ok(ClientConfig {
        endpoint: endpoint.to_string(),
        auth: match (api_key, api_secret) {
            // A token needs no key; one given anyway is not sent (the token says it all).
            (_, Some(secret)) if is_token(secret) => Auth::Bearer {
                token: secret.to_string(),
            },
            (Some(key), Some(secret)) => Auth::KeyPair {
                key: key.to_string(),
                secret: secret.to_string(),
            },
            _ => Auth::None,
        },
        workspace_uid: workspace_uid.map(str::to_string),
        timeout_ms,
        retries,
        headers,
    })
}

/// Checked per-call options: the deadline, and the caller's signal as the shell holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallSettings<S> {
    /// The deadline of this call in ms.
    pub timeout_ms: u32,
    /// The caller's `AbortSignal`, when given.
    pub signal: Option<S>,
}

/// Reads and checks `CallOptions` of `op` (kind `validation`). `undefined`/`null` are the
/// shell's to turn into "no options"; anything else but an object is refused.
pub fn call_settings<'de, S: Deserialize<'de>, D: Deserializer<'de>>(
    op: Operation,
    deserializer: D,
    default_timeout_ms: u32,
) -> Result<CallSettings<S>, Error> {
    let options: CallOptions<S> = method_options(op, op.method_name(), deserializer)?;
    Ok(CallSettings {
        timeout_ms: deadline(options.timeout_ms, default_timeout_ms)
            .map_err(|problem| invalid(op, op.method_name(), problem))?,
        signal: options.signal,
    })
}

/// Reads the options of a method (kind `validation`, messages naming `method`, operation
/// `op`): a problem names `options`, or `options.key` with what the key must hold.
fn method_options<'de, T: OptionsObject<'de>, D: Deserializer<'de>>(
    op: Operation,
    method: &str,
    deserializer: D,
) -> Result<T, Error> {
    read(deserializer).map_err(|problem| invalid(op, method, problem))
}

/// A problem of a method's options (`timeoutMs`) as its `validation` error, naming
/// `options.timeoutMs`.
fn invalid(op: Operation, method: &str, problem: Problem) -> Error {
    Error::invalid(op, method, problem.within("options"))
}

fn deadline(value: Option<f64>, default: u32) -> Result<u32, Problem> {
    Ok(timeout(value)?.unwrap_or(default))
}

/// Reads and checks `PlanOptions` of `planSync` (kind `validation`; the operation is
/// `listUsers`, what it sends).
pub fn plan_settings<'de, S: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
    default_timeout_ms: u32,
) -> Result<(CallSettings<S>, PlanSettings), Error> {
    let (op, method) = (Operation::ListUsers, "planSync");
    let options: PlanOptions<S> = method_options(op, method, deserializer)?;
    let mut keep = Vec::new();
    for email in options.keep.unwrap_or_default() {
        let email = email.trim();
        if email_rule(email).is_err() {
            let problem = Problem::at("keep", PlanOptions::<S>::problem("keep"));
            return Err(invalid(op, method, problem));
        }
        keep.push(email.to_string());
    }
    Ok((
        CallSettings {
            timeout_ms: deadline(options.timeout_ms, default_timeout_ms)
                .map_err(|problem| invalid(op, method, problem))?,
            signal: options.signal,
        },
        PlanSettings {
            disable_missing: options.disable_missing.unwrap_or(false),
            keep,
        },
    ))
}

/// Checked `ApplyOptions`: the run's deadline and signal, its concurrency, `onProgress`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplySettings<S, F> {
    /// The deadline and the caller's signal, for the whole run.
    pub call: CallSettings<S>,
    /// Calls in flight at once.
    pub concurrency: usize,
    /// `onProgress`, as the shell holds it.
    pub on_progress: Option<F>,
}

/// Reads and checks `ApplyOptions` of `method` (`applySync` or `inviteUsers`) whose calls
/// are `op`.
pub fn apply_settings<'de, S: Deserialize<'de>, F: Deserialize<'de>, D: Deserializer<'de>>(
    op: Operation,
    method: &str,
    deserializer: D,
    default_timeout_ms: u32,
) -> Result<ApplySettings<S, F>, Error> {
    let options: ApplyOptions<S, F> = method_options(op, method, deserializer)?;
    run_settings(
        options.timeout_ms,
        options.signal,
        options.concurrency,
        options.on_progress,
        default_timeout_ms,
    )
    .map_err(|problem| invalid(op, method, problem))
}

/// The checked deadline, signal, concurrency and `onProgress` of a run.
fn run_settings<S, F>(
    timeout_ms: Option<f64>,
    signal: Option<S>,
    concurrency: Option<f64>,
    on_progress: Option<F>,
    default_timeout_ms: u32,
) -> Result<ApplySettings<S, F>, Problem> {
    Ok(ApplySettings {
        call: CallSettings {
            timeout_ms: deadline(timeout_ms, default_timeout_ms)?,
            signal,
        },
        concurrency: match concurrency {
            None => DEFAULT_CONCURRENCY,
            Some(n) if (1.0..=MAX_CONCURRENCY as f64).contains(&n) && n.fract() == 0.0 => {
                n as usize
            }
            Some(_) => return Err(Problem::at("concurrency", CONCURRENCY_PROBLEM)),
        },
        on_progress,
    })
}

/// Checked options of a call that spans workspaces: as `ApplySettings` (the concurrency is
/// of workspaces listed at once), and the workspaces asked for (`None`: all).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanySettings<S, F> {
    /// The deadline, signal, concurrency and `onProgress`.
    pub run: ApplySettings<S, F>,
    /// Workspace uids or names, trimmed; `None` for every workspace.
    pub workspaces: Option<Vec<String>>,
}

/// Reads and checks the options of `method` (`accessReview`, `planOffboard`), whose
/// first call is `listWorkspaces`.
pub fn company_settings<'de, S: Deserialize<'de>, F: Deserialize<'de>, D: Deserializer<'de>>(
    method: &str,
    deserializer: D,
    default_timeout_ms: u32,
) -> Result<CompanySettings<S, F>, Error> {
    let op = Operation::ListWorkspaces;
    let options: CompanyOptions<S, F> = method_options(op, method, deserializer)?;
    let workspaces = match options.workspaces {
        Some(list) if list.is_empty() || list.iter().any(|w| w.trim().is_empty()) => {
            let problem = Problem::at(
                "workspaces",
                "must name at least one workspace, each by a non-empty uid or name",
            );
            return Err(invalid(op, method, problem));
        }
        list => list.map(|l| l.iter().map(|w| w.trim().to_string()).collect()),
    };
    let run = run_settings(
        options.timeout_ms,
        options.signal,
        options.concurrency,
        options.on_progress,
        default_timeout_ms,
    )
    .map_err(|problem| invalid(op, method, problem))?;
    Ok(CompanySettings { run, workspaces })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;
    use crate::core::model::{FETCH_PROBLEM, HOOK_PROBLEM};
    use serde_json::{json, Value};

    const EP: &str = "https://api.paradime.io/api/v1/abc/graphql";

    /// `ClientOptions` from a JSON object, as the shell hands one over (its keys, then serde).
    fn parse(options: Value) -> Result<ClientConfig, Error> {
        parse_with_callbacks(options).map(|(config, _)| config)
    }

    /// A stand-in for the shell's function type: only a string is "a function" here.
    fn parse_with_callbacks(options: Value) -> Result<(ClientConfig, Callbacks<String>), Error> {
        client_config(options)
    }

    fn config_err(options: Value) -> String {
        let e = parse(options.clone()).expect_err("should be a config error");
        assert_eq!(e.kind, ErrorKind::Config, "{options}");
        assert_eq!(e.operation, None);
        e.message
    }

    #[test]
    fn defaults() {
        let c = parse(json!({"endpoint": EP})).unwrap();
        assert_eq!(c.endpoint, EP);
        assert_eq!(c.auth, Auth::None);
        assert_eq!((c.timeout_ms, c.retries), (60_000, 2));
        assert!(c.headers.is_empty() && c.workspace_uid.is_none());
        let c = parse(json!({"endpoint": EP, "apiKey": null, "timeoutMs": null})).unwrap();
        assert_eq!((c.auth, c.timeout_ms), (Auth::None, 60_000));
    }

    #[test]
    fn not_an_object_or_unknown_keys() {
        for not in [json!(null), json!("https://x.io"), json!([1]), json!(5)] {
            assert_eq!(parse(not).unwrap_err().kind, ErrorKind::Config);
        }
        let m = config_err(json!({"endpoint": EP, "apiSecrte": "hunter2"}));
        assert!(
            m.starts_with("option `apiSecrte` is not a known option (known: "),
            "{m}"
        );
        // An unknown key is named before any wrong type, wherever it is.
        let m = config_err(json!({"endpoint": 5, "timeoutMs": "x", "apiSecrte": "hunter2"}));
        assert!(
            m.starts_with("option `apiSecrte` is not a known option (known: "),
            "{m}"
        );
    }

    #[test]
    fn wrong_types_name_the_key_never_the_value() {
        for (options, key) in [
            (json!({"endpoint": 1}), "endpoint"),
            (
                json!({"endpoint": EP, "apiKey": "k", "apiSecret": 5}),
                "apiSecret",
            ),
            (json!({"endpoint": EP, "apiKey": ["hunter2"]}), "apiKey"),
            (
                json!({"endpoint": EP, "allowInsecureHttp": "hunter2"}),
                "allowInsecureHttp",
            ),
            (json!({"endpoint": EP, "timeoutMs": "hunter2"}), "timeoutMs"),
            (json!({"endpoint": EP, "retries": "hunter2"}), "retries"),
            (
                json!({"endpoint": EP, "headers": "X-A: hunter2"}),
                "headers",
            ),
            (json!({"endpoint": EP, "headers": {"X-A": 1}}), "headers"),
            (
                json!({"endpoint": EP, "headers": {"X-A": {"v": "hunter2"}}}),
                "headers",
            ),
        ] {
            let m = config_err(options.clone());
            assert!(
                m.starts_with(&format!("option `{key}` must be")),
                "{options}: {m}"
            );
            assert!(!m.contains("hunter2"), "{m}");
        }
    }

    #[test]
    fn auth_modes() {
        let c = parse(json!({"endpoint": EP, "apiKey": "k", "apiSecret": "sec"})).unwrap();
        assert_eq!(
            c.auth,
            Auth::KeyPair {
                key: "k".into(),
                secret: "sec".into()
            }
        );
        let token = Auth::Bearer {
            token: "prdm_wsp_t".into(),
        };
        assert_eq!(
            parse(json!({"endpoint": EP, "apiSecret": "prdm_wsp_t"}))
                .unwrap()
                .auth,
            token
        );
        assert_eq!(
            parse(json!({"endpoint": EP, "apiKey": "k", "apiSecret": "prdm_wsp_t"}))
                .unwrap()
                .auth,
            token
        );
        let c = parse(json!({"endpoint": EP, "apiSecret": "prdm_cmp_t", "workspaceUid": "w1"}))
            .unwrap();
        assert_eq!(
            (c.auth, c.workspace_uid),
            (
                Auth::Bearer {
                    token: "prdm_cmp_t".into()
                },
                Some("w1".into())
            )
        );
        let m = config_err(json!({"endpoint": EP, "apiSecret": "prdm_cmp_t"}));
        assert!(
            m.contains("workspaceUid") && !m.contains("prdm_cmp_t"),
            "{m}"
        );
        let m = config_err(json!({"endpoint": EP, "apiSecret": "plain-secret"}));
        assert!(m.contains("`apiKey`") && !m.contains("plain-secret"), "{m}");
        let m = config_err(json!({"endpoint": EP, "apiKey": "k"}));
        assert!(m.contains("`apiSecret`"), "{m}");
        let m = config_err(json!({"endpoint": EP, "apiKey": "k", "apiSecret": "bad\nsecret"}));
        assert!(m.contains("`apiSecret`") && !m.contains("bad"), "{m}");
        config_err(json!({"endpoint": EP, "apiKey": "", "apiSecret": "x"}));
    }

    #[test]
    fn endpoints() {
        for ok in [
            EP,
            "HTTPS://Example.com",
            "http://localhost:8080/graphql",
            "http://LOCALHOST/graphql",
            "http://127.0.0.1:1/graphql",
            "http://127.255.3.4/x?y#z",
            "http://[::1]:8080/graphql",
            "http://[0:0:0:0:0:0:0:1]/graphql",
            "https://[2001:db8::1]/graphql",
            "https://example.com:443",
        ] {
            assert!(parse(json!({"endpoint": ok})).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "api.paradime.io/graphql",
            "/graphql",
            "ftp://example.com/graphql",
            "javascript:alert(1)",
            "https://",
            "https:///graphql",
            " https://example.com",
            "https://exa mple.com",
            "https://user:pw@example.com/graphql",
            "https://example.com:99999/",
            "https://example.com:port/",
            "https://example.com:+80/",
            "http://example.com/graphql",
            "http://10.0.0.1/graphql",
            "http://128.0.0.1/graphql",
            "http://127.0.0.01/graphql",
            "http://127.0.0.99999999999/x",
            "http://localhost.evil.com/graphql",
            "http://[::2]/graphql",
            "http://[::1/graphql",
        ] {
            let m = config_err(json!({ "endpoint": bad }));
            assert!(m.contains("`endpoint`"), "{bad}: {m}");
        }
        assert!(
            parse(json!({"endpoint": "http://10.0.0.1/graphql", "allowInsecureHttp": true}))
                .is_ok()
        );
        config_err(json!({}));
    }

    #[test]
    fn timeout_and_retries() {
        let c = parse(json!({"endpoint": EP, "timeoutMs": 1500.2, "retries": 0})).unwrap();
        assert_eq!((c.timeout_ms, c.retries), (1501, 0));
        for bad in [json!(0), json!(-1), json!(3e9), json!("100")] {
            assert!(config_err(json!({"endpoint": EP, "timeoutMs": bad})).contains("`timeoutMs`"));
        }
        for bad in [-1.0, 1.5, 11.0] {
            assert!(config_err(json!({"endpoint": EP, "retries": bad})).contains("`retries`"));
        }
        // NaN and infinities reach serde only from JS; the checks take them too.
        for bad in [f64::NAN, f64::INFINITY] {
            let o = ClientOptions::<()> {
                endpoint: Some(EP.into()),
                timeout_ms: Some(bad),
                ..Default::default()
            };
            assert!(check_client_options(o).is_err());
            let o = ClientOptions::<()> {
                endpoint: Some(EP.into()),
                retries: Some(bad),
                ..Default::default()
            };
            assert!(check_client_options(o).is_err());
        }
    }

    #[test]
    fn extra_headers() {
        let c =
            parse(json!({"endpoint": EP, "headers": {"X-Trace": "abc", "x-empty": ""}})).unwrap();
        assert_eq!(
            c.headers,
            vec![
                ("X-Trace".into(), "abc".into()),
                ("x-empty".into(), String::new())
            ]
        );
        // A proxy setup may carry its own Authorization when the client has no credentials.
        let h = json!({"Authorization": "Bearer proxy"});
        assert!(parse(json!({"endpoint": EP, "headers": h})).is_ok());
        let m =
            config_err(json!({"endpoint": EP, "apiKey": "k", "apiSecret": "sec", "headers": h}));
        assert!(m.contains("`headers`") && !m.contains("proxy"));
        for bad in [
            json!({"content-type": "text/plain"}),
            json!({"X-API-SECRET": "s"}),
            json!({"bad name": "v"}),
            json!({"X-A": "line\r\nbreak"}),
        ] {
            config_err(json!({"endpoint": EP, "headers": bad}));
        }
    }

    fn call(options: Value) -> Result<CallSettings<Value>, Error> {
        call_settings(Operation::ListUsers, options, 9)
    }

    #[test]
    fn call_options() {
        let s = call(json!({})).unwrap();
        assert_eq!((s.timeout_ms, s.signal), (9, None));
        let s = call(json!({"signal": "the signal", "timeoutMs": 50})).unwrap();
        assert_eq!((s.timeout_ms, s.signal), (50, Some(json!("the signal"))));
        let s = call(json!({"signal": null, "timeoutMs": null})).unwrap();
        assert_eq!((s.timeout_ms, s.signal), (9, None));
        for (bad, message) in [
            (json!({"timeoutMs": 0}), "listUsers: `options.timeoutMs` must be a positive number of milliseconds, at most 2147483647"),
            (json!({"timeoutMs": "5"}), "listUsers: `options.timeoutMs` must be a number of milliseconds"),
            (json!({"timeout": 5}), "listUsers: `options.timeout` is not a known option (known: signal, timeoutMs)"),
            (json!("fast"), "listUsers: `options` must be an object like { signal, timeoutMs }"),
        ] {
            let err = call(bad).unwrap_err();
            assert_eq!(
                (err.kind, err.operation, err.message.as_str()),
                (ErrorKind::Validation, Some(Operation::ListUsers), message)
            );
        }
    }

    #[test]
    fn plan_options_read_and_check_every_key() {
        let plan = |o: Value| plan_settings::<Value, _>(o, 9);
        let (call, settings) = plan(json!({})).unwrap();
        assert_eq!((call.timeout_ms, call.signal), (9, None));
        assert_eq!(settings, PlanSettings::default());
        let (call, settings) = plan(json!({
            "disableMissing": true, "keep": [" A@x.io ", "b@x.io"], "signal": "s", "timeoutMs": 1.5
        }))
        .unwrap();
        assert_eq!((call.timeout_ms, call.signal), (2, Some(json!("s"))));
        assert!(settings.disable_missing);
        assert_eq!(settings.keep, ["A@x.io", "b@x.io"]);
        for (options, message) in [
            (json!({"disableMissing": "yes"}), "planSync: `options.disableMissing` must be a boolean"),
            (json!({"keep": "a@x.io"}), "planSync: `options.keep` must be an array of emails"),
            (json!({"keep": ["nope"]}), "planSync: `options.keep` must be an array of emails"),
            (json!({"keep": [3]}), "planSync: `options.keep` must be an array of emails"),
            (json!({"timeoutMs": -1}), "planSync: `options.timeoutMs` must be a positive number of milliseconds, at most 2147483647"),
            (json!({"concurrency": 2}), "planSync: `options.concurrency` is not a known option (known: disableMissing, keep, signal, timeoutMs)"),
            (json!("fast"), "planSync: `options` must be an object like { disableMissing, keep, signal, timeoutMs }"),
        ] {
            let e = plan(options).unwrap_err();
            assert_eq!((e.kind, e.operation), (ErrorKind::Validation, Some(Operation::ListUsers)));
            assert_eq!(e.message, message);
        }
    }

    #[test]
    fn apply_options_read_and_check_every_key() {
        let apply = |o: Value| {
            apply_settings::<Value, Value, _>(Operation::InviteUser, "inviteUsers", o, 9)
        };
        let s = apply(json!({})).unwrap();
        assert_eq!(
            (s.concurrency, s.call.timeout_ms, s.on_progress),
            (4, 9, None)
        );
        let s = apply(json!({"concurrency": 16, "onProgress": "f", "timeoutMs": 100})).unwrap();
        assert_eq!((s.concurrency, s.call.timeout_ms), (16, 100));
        assert_eq!(s.on_progress, Some(json!("f")));
        for (options, message) in [
            (json!({"concurrency": 0}), "inviteUsers: `options.concurrency` must be a whole number from 1 to 16"),
            (json!({"concurrency": 17}), "inviteUsers: `options.concurrency` must be a whole number from 1 to 16"),
            (json!({"concurrency": 2.5}), "inviteUsers: `options.concurrency` must be a whole number from 1 to 16"),
            (json!({"concurrency": "4"}), "inviteUsers: `options.concurrency` must be a whole number from 1 to 16"),
            (json!({"keep": []}), "inviteUsers: `options.keep` is not a known option (known: concurrency, onProgress, signal, timeoutMs)"),
        ] {
            let e = apply(options).unwrap_err();
            assert_eq!((e.kind, e.message.as_str()), (ErrorKind::Validation, message));
        }
    }

    /// Each key's wrong type gets the sentence of its own type (never its value).
    #[test]
    fn each_key_says_what_it_must_hold() {
        for (options, message) in [
            (
                json!({"endpoint": EP, "timeoutMs": "1000"}),
                format!("option `timeoutMs` {TIMEOUT_PROBLEM}"),
            ),
            (
                json!({"endpoint": EP, "retries": "2"}),
                "option `retries` must be a whole number from 0 to 10".to_string(),
            ),
            (
                json!({"endpoint": EP, "headers": ["X-A"]}),
                "option `headers` must be an object of header names to strings".to_string(),
            ),
            (
                json!({"endpoint": EP, "allowInsecureHttp": "yes"}),
                "option `allowInsecureHttp` must be a boolean".to_string(),
            ),
            (
                json!({"endpoint": EP, "apiKey": 7}),
                "option `apiKey` must be a string".to_string(),
            ),
        ] {
            assert!(
                config_err(options.clone()).starts_with(&message),
                "{options}"
            );
        }
    }

    #[test]
    fn a_debug_dump_shows_header_names_never_values() {
        let c = parse(json!({"endpoint": EP, "apiKey": "k", "apiSecret": "hunter2", "headers": {"X-Proxy-Auth": "hunter3"}})).unwrap();
        let dump = format!("{c:?}");
        assert!(dump.starts_with("ClientConfig { endpoint: "), "{dump}");
        assert!(
            dump.contains("X-Proxy-Auth") && dump.contains("Auth::KeyPair { .. }"),
            "{dump}"
        );
        assert!(!dump.contains("hunter"), "{dump}");
    }

    /// The shell's signal and function types refuse other values; a stand-in that takes only
    /// strings shows each key's own message.
    #[test]
    fn a_signal_or_a_callback_of_the_wrong_type_is_named() {
        let o = json!({"signal": 5});
        let e = call_settings::<String, _>(Operation::DisableUser, o, 9).unwrap_err();
        assert_eq!(
            e.message,
            "disableUser: `options.signal` must be an AbortSignal"
        );
        let o = json!({"signal": 5});
        let e = plan_settings::<String, _>(o, 9).unwrap_err();
        assert_eq!(
            e.message,
            "planSync: `options.signal` must be an AbortSignal"
        );
        for (o, message) in [
            (
                json!({"signal": 5}),
                "applySync: `options.signal` must be an AbortSignal",
            ),
            (
                json!({"onProgress": 5}),
                "applySync: `options.onProgress` must be a function",
            ),
        ] {
            let e = apply_settings::<String, String, _>(Operation::ListUsers, "applySync", o, 9)
                .unwrap_err();
            assert_eq!(e.message, message);
        }
        // An unknown key is named first, before a wrong type met earlier.
        let e = plan_settings::<String, _>(json!({"signal": 5, "bogus": 1}), 9).unwrap_err();
        assert_eq!(
            e.message,
            "planSync: `options.bogus` is not a known option (known: disableMissing, keep, signal, timeoutMs)"
        );
    }

    #[test]
    fn the_function_options_come_back_beside_the_config() {
        let (config, callbacks) = parse_with_callbacks(json!({
            "endpoint": EP, "fetch": "my fetch", "onRequest": "req", "onResponse": "res", "onRetry": "retry"
        }))
        .unwrap();
        assert_eq!(config.endpoint, EP);
        assert_eq!(
            callbacks,
            Callbacks {
                fetch: Some("my fetch".to_string()),
                on_request: Some("req".to_string()),
                on_response: Some("res".to_string()),
                on_retry: Some("retry".to_string()),
            }
        );
        let none = Callbacks {
            fetch: None,
            on_request: None,
            on_response: None,
            on_retry: None,
        };
        assert_eq!(
            parse_with_callbacks(json!({"endpoint": EP})).unwrap().1,
            none
        );
        assert_eq!(
            parse_with_callbacks(json!({"endpoint": EP, "fetch": null, "onRetry": null}))
                .unwrap()
                .1,
            none
        );
        assert_eq!(
            config_err(json!({"endpoint": EP, "fetch": 5})),
            format!("option `fetch` {FETCH_PROBLEM}")
        );
        for key in ["onRequest", "onResponse", "onRetry"] {
            assert_eq!(
                config_err(json!({"endpoint": EP, key: true})),
                format!("option `{key}` {HOOK_PROBLEM}")
            );
        }
        // The other options are still checked.
        assert!(config_err(json!({"fetch": "f"})).contains("`endpoint`"));
    }

    #[test]
    fn company_options_name_workspaces_and_share_the_apply_bounds() {
        let read =
            |v: serde_json::Value| company_settings::<String, String, _>("accessReview", v, 60_000);
        let s = read(json!({"workspaces": [" acme ", "Data Team"], "concurrency": 8})).unwrap();
        assert_eq!(
            s.workspaces,
            Some(vec!["acme".to_string(), "Data Team".to_string()])
        );
        assert_eq!(s.run.concurrency, 8);
        assert_eq!(read(json!({})).unwrap().workspaces, None);
        for (options, message) in [
            (
                json!({"workspaces": []}),
                "accessReview: `options.workspaces` must name at least one workspace",
            ),
            (
                json!({"workspaces": ["a", " "]}),
                "accessReview: `options.workspaces` must name at least one workspace",
            ),
            (
                json!({"workspaces": "acme"}),
                "accessReview: `options.workspaces` must be an array",
            ),
            (
                json!({"concurrency": 17}),
                "accessReview: `options.concurrency` must be a whole number from 1 to 16",
            ),
            (
                json!({"workspace": ["a"]}),
                "accessReview: `options.workspace` is not a known option",
            ),
        ] {
            let e = read(options.clone()).unwrap_err();
            assert!(e.message.starts_with(message), "{options}: {}", e.message);
            assert_eq!(
                (e.kind, e.operation),
                (ErrorKind::Validation, Some(Operation::ListWorkspaces))
            );
        }
    }
}
