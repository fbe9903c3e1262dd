//! Client options (`ClientOptions`, kind `config`) and per-call options (`CallOptions`,
//! kind `validation`), parsed from what the shell read off the JS objects.
//!
//! An error names the offending key, never its value: a misspelt `apiSecrte` holds a secret.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::auth::{is_company_token, is_token, Auth};
use crate::core::error::Error;
use crate::core::json::{Invalid, Kind, Reader};
use crate::core::operation::Operation;
use crate::core::roster::PlanSettings;
use crate::core::text::{concat, parse_digits};
use crate::core::validate::email_rule;

/// A JS value as the shell found it on an options object.
#[derive(Clone, Debug, PartialEq)]
pub enum OptValue {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Str(String),
    /// A plain object's own enumerable string keys and values.
    Object(Vec<(String, OptValue)>),
    /// An array's items, keyed by index.
    Array(Vec<(String, OptValue)>),
    /// An `AbortSignal`.
    Signal,
    /// Anything else: its kind, for the message.
    Other(&'static str),
}

impl OptValue {
    fn type_name(&self) -> &str {
        match self {
            OptValue::Undefined => "undefined",
            OptValue::Null => "null",
            OptValue::Bool(_) => "boolean",
            OptValue::Number(_) => "number",
            OptValue::Str(_) => "string",
            OptValue::Object(_) => "object",
            OptValue::Array(_) => "array",
            OptValue::Signal => "AbortSignal",
            OptValue::Other(t) => t,
        }
    }

    /// `undefined` and `null` both mean "not given".
    fn given(&self) -> bool {
        !matches!(self, OptValue::Undefined | OptValue::Null)
    }
}

/// Reads the shell's description of an options object (`describe` in src/shell/driver.js):
/// JSON text `[[key, type, value?], …]`, one entry per own enumerable key. `type` is the
/// value's kind (`typeof`, or `null`, `array`, `AbortSignal`, `unreadable value`); `value`
/// is there for a string, a boolean, a number (the 16 hex digits of its IEEE-754 bits, so
/// it arrives exact, NaN and infinities included) and an object one level deep (its own
/// entries, for `headers`). `None` when the text is not such a description.
pub fn read_entries(text: &str) -> Option<Vec<(String, OptValue)>> {
    let mut r = Reader::new(text.as_bytes()).ok()?;
    let entries = entries(&mut r, 1).ok()?;
    r.end().ok()?;
    Some(entries)
}

fn entries(r: &mut Reader<'_>, depth: u8) -> Result<Vec<(String, OptValue)>, Invalid> {
    let mut out = Vec::new();
    let mut more = r.open(b'[')?;
    while more {
        if !r.open(b'[')? {
            return Err(Invalid);
        }
        let key = r.string()?.value();
        r.next(b']')?.then_some(()).ok_or(Invalid)?;
        let kind = r.string()?;
        let value = if !r.next(b']')? {
            match kind.raw {
                "undefined" => OptValue::Undefined,
                "null" => OptValue::Null,
                "AbortSignal" => OptValue::Signal,
                "string" | "number" | "boolean" => return Err(Invalid),
                // Only the kinds `describe` names: the core never repeats text it was not
                // written with (found by fuzzing: an arbitrary kind went into a message).
                kind => OptValue::Other(match kind {
                    "object" => "object",
                    "array" => "array",
                    "function" => "function",
                    "symbol" => "symbol",
                    "bigint" => "bigint",
                    "unreadable value" => "unreadable value",
                    _ => return Err(Invalid),
                }),
            }
        } else {
            let value = match kind.raw {
                "string" => OptValue::Str(r.string()?.value()),
                "boolean" => match r.skip()? {
                    Kind::Bool(b) => OptValue::Bool(b),
                    _ => return Err(Invalid),
                },
                "number" => OptValue::Number(f64::from_bits(hex_bits(r.string()?.raw)?)),
                "object" if depth > 0 => OptValue::Object(entries(r, depth - 1)?),
                _ => return Err(Invalid),
            };
            if r.next(b']')? {
                return Err(Invalid);
            }
            value
        };
        out.push((key, value));
        more = r.next(b']')?;
    }
    Ok(out)
}

/// The 16 hex digits of a number's bits.
fn hex_bits(hex: &str) -> Result<u64, Invalid> {
    if hex.len() != 16 {
        return Err(Invalid);
    }
    hex.bytes().try_fold(0u64, |n, b| {
        char::from(b)
            .to_digit(16)
            .map(|d| n << 4 | u64::from(d))
            .ok_or(Invalid)
    })
}

/// Default deadline of one call, retries and waits included.
pub const DEFAULT_TIMEOUT_MS: u32 = 60_000;
/// Default extra attempts after the first.
pub const DEFAULT_RETRIES: u32 = 2;
/// Most extra attempts accepted.
pub const MAX_RETRIES: u32 = 10;
/// Longest timeout a JS timer can hold (2^31 - 1 ms, about 24.8 days).
pub const MAX_TIMEOUT_MS: u32 = 2_147_483_647;

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
impl core::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
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

const CLIENT_KEYS: [&str; 8] = [
    "endpoint",
    "apiKey",
    "apiSecret",
    "workspaceUid",
    "timeoutMs",
    "retries",
    "headers",
    "allowInsecureHttp",
];

/// Headers the client sets itself; `headers` may not set them too (a silent clash would
/// send the wrong credentials or break the JSON body).
const RESERVED_HEADERS: [&str; 5] = [
    "content-type",
    "x-api-key",
    "x-api-secret",
    "authorization",
    "x-paradime-workspace",
];

fn find<'a>(entries: &'a [(String, OptValue)], key: &str) -> &'a OptValue {
    entries
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .unwrap_or(&OptValue::Undefined)
}

fn opt_string<'a>(entries: &'a [(String, OptValue)], key: &str) -> Result<Option<&'a str>, Error> {
    match find(entries, key) {
        OptValue::Undefined | OptValue::Null => Ok(None),
        OptValue::Str(s) => Ok(Some(s)),
        other => Err(Error::config(
            key,
            &concat(&["must be a string, not ", other.type_name()]),
        )),
    }
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

fn credential<'a>(entries: &'a [(String, OptValue)], key: &str) -> Result<Option<&'a str>, Error> {
    match opt_string(entries, key)? {
        Some("") => Err(Error::config(key, "must not be empty")),
        Some(s) if !header_safe(s) => Err(Error::config(
            key,
            "must be printable ASCII without leading or trailing spaces (it is sent as a header)",
        )),
        other => Ok(other),
    }
}

fn timeout(value: &OptValue) -> Result<Option<u32>, &'static str> {
    match value {
        OptValue::Undefined | OptValue::Null => Ok(None),
        OptValue::Number(n) if n.is_finite() && *n > 0.0 && *n <= MAX_TIMEOUT_MS as f64 => {
            // A fractional deadline rounds up to the next whole millisecond.
            // (By hand: f64::ceil is not in `core`.)
            let whole = *n as u32;
            Ok(Some(if f64::from(whole) < *n {
                whole + 1
            } else {
                whole
            }))
        }
        OptValue::Number(_) => Err("must be a positive number of milliseconds, at most 2147483647"),
        _ => Err("must be a number of milliseconds"),
    }
}

/// Where an endpoint points, as far as the checks need to know.
#[derive(Debug, PartialEq, Eq)]
struct Endpoint {
    https: bool,
    loopback: bool,
}

/// Splits `s` around the first (or, with `last`, the last) ASCII byte `sep`. Written on
/// bytes with `get` so no slicing can panic (str's own splitters carry panic paths, and
/// their messages' formatting costs the wasm build kilobytes).
fn cut(s: &str, sep: u8, last: bool) -> Option<(&str, &str)> {
    let mut positions = s
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == sep)
        .map(|(i, _)| i);
    let i = if last {
        positions.next_back()
    } else {
        positions.next()
    }?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

fn parse_endpoint(url: &str) -> Result<Endpoint, &'static str> {
    const NOT_URL: &str = "must be an absolute http:// or https:// URL";
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(NOT_URL);
    }
    let (scheme, rest) = cut(url, b':', false).ok_or(NOT_URL)?;
    let rest = rest.strip_prefix("//").ok_or(NOT_URL)?;
    let https = if scheme.eq_ignore_ascii_case("https") {
        true
    } else if scheme.eq_ignore_ascii_case("http") {
        false
    } else {
        return Err(NOT_URL);
    };
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or("");
    if authority.bytes().any(|b| b == b'@') {
        return Err("must not contain credentials (user:password@)");
    }
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let (host, after) = cut(inner, b']', false).ok_or(NOT_URL)?;
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':').ok_or(NOT_URL)?)),
        }
    } else {
        match cut(authority, b':', true) {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(NOT_URL);
    }
    if let Some(p) = port {
        if !p.is_empty()
            && (p.len() > 5
                || !p.bytes().all(|b| b.is_ascii_digit())
                || parse_digits(p).map_or(true, |n| n > 65535))
        {
            return Err("has an invalid port");
        }
    }
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.eq_ignore_ascii_case("localhost.")
        || is_loopback_v4(host)
        || (authority.starts_with('[') && is_loopback_v6(host));
    Ok(Endpoint { https, loopback })
}

/// `127.x.y.z` in dotted-decimal, each part 0 to 255 without leading zeros (what
/// `Ipv4Addr` parses; written out here because `core::net` costs the wasm build kilobytes).
fn is_loopback_v4(host: &str) -> bool {
    let mut parts = 0;
    for part in host.as_bytes().split(|b| *b == b'.') {
        parts += 1;
        // At most 3 digits, checked before the value is computed (a longer run would
        // overflow it: found by fuzzing).
        let valid = (1..=3).contains(&part.len())
            && !(part.len() > 1 && part.first() == Some(&b'0'))
            && part
                .iter()
                .try_fold(0u32, |n, b| {
                    b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
                })
                .is_some_and(|n| n <= 255);
        if !valid || (parts == 1 && part != b"127") {
            return false;
        }
    }
    parts == 4
}

/// `::1` in any of its IPv6 spellings (`0:0:0:0:0:0:0:1`, `::0001`, ...): every group 1 to 4
/// hex digits, all zero but the last, which is 1; eight groups, or fewer around one `::`
/// with at least one after it.
fn is_loopback_v6(host: &str) -> bool {
    let bytes = host.as_bytes();
    let (head, tail, compressed) = match bytes.windows(2).position(|w| w == b"::") {
        Some(i) => (
            bytes.get(..i).unwrap_or(b""),
            bytes.get(i + 2..).unwrap_or(b""),
            true,
        ),
        None => (bytes, &b""[..], false),
    };
    let (mut count, mut last) = (0, u32::MAX);
    for side in [head, tail] {
        if side.is_empty() {
            continue;
        }
        for group in side.split(|b| *b == b':') {
            // A group before this one was not the last: it must be zero.
            if group.is_empty() || group.len() > 4 || (count > 0 && last != 0) {
                return false;
            }
            last = 0;
            for b in group {
                match char::from(*b).to_digit(16) {
                    Some(d) => last = last * 16 + d,
                    None => return false,
                }
            }
            count += 1;
        }
    }
    last == 1
        && if compressed {
            count <= 7 && !tail.is_empty()
        } else {
            count == 8
        }
}

/// Parses `ClientOptions`. `None` means the argument was not an object.
pub fn client_config(entries: Option<&[(String, OptValue)]>) -> Result<ClientConfig, Error> {
    let entries = entries.ok_or_else(|| {
        Error::new(
            crate::core::error::ErrorKind::Config,
            None,
            "ParadimeClient needs an options object, like { endpoint: \"https://…/graphql\" }",
        )
    })?;
    if let Some((key, _)) = entries
        .iter()
        .find(|(k, _)| !CLIENT_KEYS.contains(&k.as_str()))
    {
        return Err(Error::config(key, "is not a known option"));
    }

    let endpoint = match find(entries, "endpoint") {
        OptValue::Str(s) => s,
        OptValue::Undefined | OptValue::Null => {
            return Err(Error::config("endpoint", "is required"))
        }
        other => {
            return Err(Error::config(
                "endpoint",
                &concat(&["must be a string, not ", other.type_name()]),
            ))
        }
    };
    let allow_insecure = match find(entries, "allowInsecureHttp") {
        OptValue::Undefined | OptValue::Null => false,
        OptValue::Bool(b) => *b,
        _ => return Err(Error::config("allowInsecureHttp", "must be a boolean")),
    };
    let target = parse_endpoint(endpoint).map_err(|why| Error::config("endpoint", why))?;
    if !target.https && !target.loopback && !allow_insecure {
        return Err(Error::config(
            "endpoint",
            "uses http:// to a host that is not loopback; use https://, or set allowInsecureHttp: true",
        ));
    }

    // Everything is checked on borrowed text first; owned values are made once at the end.
    let api_key = credential(entries, "apiKey")?;
    let api_secret = credential(entries, "apiSecret")?;
    let workspace_uid = credential(entries, "workspaceUid")?;
    match (api_key, api_secret) {
        (_, Some(secret)) if is_company_token(secret) && workspace_uid.is_none() => {
            return Err(Error::config(
                "workspaceUid",
                "is required with a company token (apiSecret starting with prdm_cmp_)",
            ))
        }
        (Some(_), None) => {
            return Err(Error::config(
                "apiSecret",
                "is required with apiKey (or pass a prdm_wsp_/prdm_cmp_ token as apiSecret)",
            ))
        }
        (None, Some(secret)) if !is_token(secret) => return Err(Error::config(
            "apiKey",
            "is required with this apiSecret (only prdm_wsp_/prdm_cmp_ tokens go without a key)",
        )),
        _ => {}
    }
    let no_auth = api_secret.is_none();

    let timeout_ms = timeout(find(entries, "timeoutMs"))
        .map_err(|why| Error::config("timeoutMs", why))?
        .unwrap_or(DEFAULT_TIMEOUT_MS);
    let retries = match find(entries, "retries") {
        OptValue::Undefined | OptValue::Null => DEFAULT_RETRIES,
        OptValue::Number(n)
            if *n >= 0.0 && *n <= MAX_RETRIES as f64 && *n == f64::from(*n as u32) =>
        {
            *n as u32
        }
        _ => {
            return Err(Error::config(
                "retries",
                "must be a whole number from 0 to 10",
            ))
        }
    };

    let pairs: &[(String, OptValue)] = match find(entries, "headers") {
        OptValue::Undefined | OptValue::Null => &[],
        OptValue::Object(pairs) => pairs,
        _ => {
            return Err(Error::config(
                "headers",
                "must be an object of header names to strings",
            ))
        }
    };
    for (name, value) in pairs {
        let problem = if name.is_empty() || !name.bytes().all(token_char) {
            "has a name that is not a valid header name"
        } else if RESERVED_HEADERS
            .iter()
            .any(|r| name.eq_ignore_ascii_case(r))
            && !(no_auth && name.eq_ignore_ascii_case("authorization"))
        {
            "sets a header the client sets itself (Content-Type, the auth headers, X-Paradime-Workspace); use the dedicated options"
        } else {
            match value {
                OptValue::Str(v) if v.is_empty() || header_safe(v) => continue,
                OptValue::Str(_) => {
                    "has a value that is not printable ASCII (it would break fetch)"
                }
                _ => "must map header names to strings",
            }
        };
        return Err(Error::config("headers", problem));
    }

    let own = |s: Option<&str>| s.map(str::to_string);
    Ok(ClientConfig {
        endpoint: endpoint.clone(),
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
        workspace_uid: own(workspace_uid),
        timeout_ms,
        retries,
        headers: pairs
            .iter()
            .filter_map(|(name, value)| match value {
                OptValue::Str(v) => Some((name.clone(), v.clone())),
                _ => None,
            })
            .collect(),
    })
}

/// Checked per-call options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallSettings {
    /// The deadline of this call in ms.
    pub timeout_ms: u32,
    /// Whether a `signal` was given (the shell holds it).
    pub has_signal: bool,
}

/// Parses `CallOptions` (`None`: the argument was given but is not an object).
pub fn call_settings(
    op: Operation,
    entries: Option<&[(String, OptValue)]>,
    default_timeout_ms: u32,
) -> Result<CallSettings, Error> {
    let entries = entries.ok_or_else(|| {
        Error::validation(
            op,
            "options",
            "must be an object like { signal, timeoutMs }",
        )
    })?;
    if let Some((key, _)) = entries
        .iter()
        .find(|(k, _)| k != "signal" && k != "timeoutMs")
    {
        return Err(Error::validation(
            op,
            "options",
            &concat(&["has an unknown key `", key, "` (known: signal, timeoutMs)"]),
        ));
    }
    let has_signal = match find(entries, "signal") {
        OptValue::Signal => true,
        v if !v.given() => false,
        _ => {
            return Err(Error::validation(
                op,
                "options.signal",
                "must be an AbortSignal",
            ))
        }
    };
    let timeout_ms = timeout(find(entries, "timeoutMs"))
        .map_err(|why| Error::validation(op, "options.timeoutMs", why))?
        .unwrap_or(default_timeout_ms);
    Ok(CallSettings {
        timeout_ms,
        has_signal,
    })
}

/// Checked `PlanOptions` of `planSync`: `CallOptions` plus `disableMissing` and `keep`.
/// Messages name `planSync`; the operation is `listUsers` (what it sends).
pub fn plan_options(
    entries: Option<&[(String, OptValue)]>,
    default_timeout_ms: u32,
) -> Result<(CallSettings, PlanSettings), Error> {
    let op = Operation::ListUsers;
    let bad = |arg: &str, problem: &str| Err(Error::invalid(op, "planSync", arg, problem));
    let Some(entries) = entries else {
        return bad(
            "options",
            "must be an object like { disableMissing, keep, signal, timeoutMs }",
        );
    };
    let mut plan = PlanSettings::default();
    let mut settings = CallSettings {
        timeout_ms: default_timeout_ms,
        has_signal: false,
    };
    for (key, value) in entries {
        if !value.given() {
            continue;
        }
        match (key.as_str(), value) {
            ("signal", OptValue::Signal) => settings.has_signal = true,
            ("signal", _) => return bad("options.signal", "must be an AbortSignal"),
            ("timeoutMs", v) => match timeout(v) {
                Ok(ms) => settings.timeout_ms = ms.unwrap_or(default_timeout_ms),
                Err(why) => return bad("options.timeoutMs", why),
            },
            ("disableMissing", OptValue::Bool(b)) => plan.disable_missing = *b,
            ("disableMissing", _) => return bad("options.disableMissing", "must be a boolean"),
            ("keep", OptValue::Array(items)) => {
                for (_, item) in items {
                    match item {
                        OptValue::Str(email) if email_rule(email.trim()).is_ok() => {
                            plan.keep.push(email.trim().to_string())
                        }
                        _ => return bad("options.keep", "must be an array of emails"),
                    }
                }
            }
            ("keep", _) => return bad("options.keep", "must be an array of emails"),
            _ => {
                return bad(
                    "options",
                    &concat(&[
                        "has an unknown key `",
                        key,
                        "` (known: disableMissing, keep, signal, timeoutMs)",
                    ]),
                )
            }
        }
    }
    Ok((settings, plan))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;

    fn s(v: &str) -> OptValue {
        OptValue::Str(v.to_string())
    }

    fn opts(pairs: &[(&str, OptValue)]) -> Vec<(String, OptValue)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn parse(pairs: &[(&str, OptValue)]) -> Result<ClientConfig, Error> {
        client_config(Some(&opts(pairs)))
    }

    fn config_err(pairs: &[(&str, OptValue)]) -> String {
        let e = parse(pairs).expect_err("should be a config error");
        assert_eq!(e.kind, ErrorKind::Config);
        assert_eq!(e.operation, None);
        e.message
    }

    const EP: &str = "https://api.paradime.io/api/v1/abc/graphql";

    fn bits(n: f64) -> String {
        format!("{:016x}", n.to_bits())
    }

    #[test]
    fn a_long_digit_run_in_an_ipv4_part_is_not_loopback_and_does_not_overflow() {
        // Found by fuzzing (fuzz/fuzz_targets/options.rs): the part's value was computed
        // before its length was checked, overflowing u32 (a panic in debug builds).
        assert!(!is_loopback_v4("127.0.0.99999999999999"));
        assert!(!is_loopback_v4("99999999999999.0.0.1"));
        assert!(is_loopback_v4("127.0.0.1"));
        let e = client_config(Some(&opts(&[(
            "endpoint",
            s("http://127.0.0.99999999999/x"),
        )])))
        .unwrap_err();
        assert!(e.message.contains("not loopback"), "{}", e.message);
    }

    #[test]
    fn plan_options_reads_and_checks_every_key() {
        let (settings, plan) = plan_options(Some(&[]), 9).unwrap();
        assert_eq!((settings.timeout_ms, settings.has_signal), (9, false));
        assert_eq!(plan, PlanSettings::default());
        let entries = opts(&[
            ("disableMissing", OptValue::Bool(true)),
            (
                "keep",
                OptValue::Array(opts(&[("0", s(" A@x.io ")), ("1", s("b@x.io"))])),
            ),
            ("signal", OptValue::Signal),
            ("timeoutMs", OptValue::Number(1.5)),
            ("extra", OptValue::Undefined),
        ]);
        let (settings, plan) = plan_options(Some(&entries), 9).unwrap();
        assert_eq!((settings.timeout_ms, settings.has_signal), (2, true));
        assert!(plan.disable_missing);
        assert_eq!(plan.keep, ["A@x.io", "b@x.io"]);
        for (key, value, message) in [
            ("disableMissing", s("yes"), "planSync: `options.disableMissing` must be a boolean"),
            ("keep", s("a@x.io"), "planSync: `options.keep` must be an array of emails"),
            (
                "keep",
                OptValue::Array(opts(&[("0", s("nope"))])),
                "planSync: `options.keep` must be an array of emails",
            ),
            ("signal", OptValue::Bool(true), "planSync: `options.signal` must be an AbortSignal"),
            ("timeoutMs", OptValue::Number(-1.0), "planSync: `options.timeoutMs` must be a positive number of milliseconds, at most 2147483647"),
            ("concurrency", OptValue::Number(2.0), "planSync: `options` has an unknown key `concurrency` (known: disableMissing, keep, signal, timeoutMs)"),
        ] {
            let e = plan_options(Some(&opts(&[(key, value)])), 9).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Validation);
            assert_eq!(e.operation, Some(Operation::ListUsers));
            assert_eq!(e.message, message);
        }
        assert!(plan_options(None, 9).is_err());
    }

    #[test]
    fn read_entries_reads_what_describe_writes() {
        // The text `describe` (driver.js) writes for
        // { endpoint, timeoutMs: 1.5, retries: NaN, allowInsecureHttp: true, x: undefined,
        //   y: null, signal, f() {}, headers: { "X-A": "v", deep: {} }, "k\"ey": [] }
        let text = format!(
            r#"[["endpoint","string","{EP}"],["timeoutMs","number","{}"],["retries","number","{}"],["allowInsecureHttp","boolean",true],["x","undefined"],["y","null"],["signal","AbortSignal"],["f","function"],["headers","object",[["X-A","string","v\u00e9"],["deep","object"]]],["k\"ey","array"]]"#,
            bits(1.5),
            bits(f64::NAN)
        );
        let entries = read_entries(&text).unwrap();
        assert_eq!(entries.len(), 10);
        assert_eq!(entries[0], ("endpoint".into(), s(EP)));
        assert_eq!(entries[1].1, OptValue::Number(1.5));
        assert!(matches!(entries[2].1, OptValue::Number(n) if n.is_nan()));
        assert_eq!(entries[3].1, OptValue::Bool(true));
        assert_eq!(entries[4].1, OptValue::Undefined);
        assert_eq!(entries[5].1, OptValue::Null);
        assert_eq!(entries[6].1, OptValue::Signal);
        assert_eq!(entries[7].1, OptValue::Other("function"));
        assert_eq!(
            entries[8].1,
            OptValue::Object(opts(&[
                ("X-A", s("vé")),
                ("deep", OptValue::Other("object"))
            ]))
        );
        assert_eq!(entries[9], ("k\"ey".into(), OptValue::Other("array")));
        for n in [f64::INFINITY, -0.0, 2147483647.0, 1e-300] {
            let text = format!(r#"[["n","number","{}"]]"#, bits(n));
            assert_eq!(read_entries(&text).unwrap()[0].1, OptValue::Number(n));
        }
        assert_eq!(read_entries("[]"), Some(vec![]));
    }

    #[test]
    fn read_entries_refuses_anything_else() {
        for text in [
            "",
            "{}",
            "[1]",
            r#"[["a"]]"#,
            r#"[["a","string"]]"#,
            r#"[["a","string",1]]"#,
            r#"[["a","secret-456 as a kind"]]"#,
            r#"[["a","number","12"]]"#,
            r#"[["a","number","zzzzzzzzzzzzzzzz"]]"#,
            r#"[["a","boolean","true"]]"#,
            r#"[["a","string","b","c"]]"#,
            r#"[["h","object",[["x","object",[]]]]]"#,
            r#"[]x"#,
        ] {
            assert_eq!(read_entries(text), None, "{text}");
        }
    }

    #[test]
    fn defaults() {
        let c = parse(&[("endpoint", s(EP))]).unwrap();
        assert_eq!(c.endpoint, EP);
        assert_eq!(c.auth, Auth::None);
        assert_eq!((c.timeout_ms, c.retries), (60_000, 2));
        assert!(c.headers.is_empty() && c.workspace_uid.is_none());
    }

    #[test]
    fn not_an_object_or_unknown_keys() {
        assert_eq!(client_config(None).unwrap_err().kind, ErrorKind::Config);
        let m = config_err(&[("endpoint", s(EP)), ("apiSecrte", s("hunter2"))]);
        assert!(m.contains("apiSecrte") && !m.contains("hunter2"), "{m}");
    }

    #[test]
    fn auth_modes() {
        let c = parse(&[
            ("endpoint", s(EP)),
            ("apiKey", s("k")),
            ("apiSecret", s("sec")),
        ])
        .unwrap();
        assert_eq!(
            c.auth,
            Auth::KeyPair {
                key: "k".into(),
                secret: "sec".into()
            }
        );
        let c = parse(&[("endpoint", s(EP)), ("apiSecret", s("prdm_wsp_t"))]).unwrap();
        assert_eq!(
            c.auth,
            Auth::Bearer {
                token: "prdm_wsp_t".into()
            }
        );
        let c = parse(&[
            ("endpoint", s(EP)),
            ("apiKey", s("k")),
            ("apiSecret", s("prdm_wsp_t")),
        ])
        .unwrap();
        assert_eq!(
            c.auth,
            Auth::Bearer {
                token: "prdm_wsp_t".into()
            }
        );
        let c = parse(&[
            ("endpoint", s(EP)),
            ("apiSecret", s("prdm_cmp_t")),
            ("workspaceUid", s("w1")),
        ])
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

        let m = config_err(&[("endpoint", s(EP)), ("apiSecret", s("prdm_cmp_t"))]);
        assert!(
            m.contains("workspaceUid") && !m.contains("prdm_cmp_t"),
            "{m}"
        );
        let m = config_err(&[("endpoint", s(EP)), ("apiSecret", s("plain-secret"))]);
        assert!(m.contains("`apiKey`") && !m.contains("plain-secret"), "{m}");
        let m = config_err(&[("endpoint", s(EP)), ("apiKey", s("k"))]);
        assert!(m.contains("`apiSecret`"), "{m}");
        let m = config_err(&[
            ("endpoint", s(EP)),
            ("apiKey", s("k")),
            ("apiSecret", OptValue::Number(5.0)),
        ]);
        assert!(m.contains("`apiSecret`") && m.contains("number"), "{m}");
        let m = config_err(&[
            ("endpoint", s(EP)),
            ("apiKey", s("k")),
            ("apiSecret", s("bad\nsecret")),
        ]);
        assert!(m.contains("`apiSecret`") && !m.contains("bad"), "{m}");
        config_err(&[
            ("endpoint", s(EP)),
            ("apiKey", s("")),
            ("apiSecret", s("x")),
        ]);
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
            "https://[2001:db8::1]/graphql",
            "https://example.com:443",
        ] {
            assert!(parse(&[("endpoint", s(ok))]).is_ok(), "{ok}");
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
            "http://example.com/graphql",
            "http://10.0.0.1/graphql",
            "http://128.0.0.1/graphql",
            "http://localhost.evil.com/graphql",
            "http://[::2]/graphql",
            "http://[::1/graphql",
        ] {
            let m = config_err(&[("endpoint", s(bad))]);
            assert!(m.contains("`endpoint`"), "{bad}: {m}");
        }
        assert!(parse(&[
            ("endpoint", s("http://10.0.0.1/graphql")),
            ("allowInsecureHttp", OptValue::Bool(true))
        ])
        .is_ok());
        config_err(&[("endpoint", s(EP)), ("allowInsecureHttp", s("yes"))]);
        config_err(&[("endpoint", OptValue::Number(1.0))]);
        config_err(&[]);
    }

    #[test]
    fn timeout_and_retries() {
        let c = parse(&[
            ("endpoint", s(EP)),
            ("timeoutMs", OptValue::Number(1500.2)),
            ("retries", OptValue::Number(0.0)),
        ])
        .unwrap();
        assert_eq!((c.timeout_ms, c.retries), (1501, 0));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 3e9] {
            assert!(
                config_err(&[("endpoint", s(EP)), ("timeoutMs", OptValue::Number(bad))])
                    .contains("`timeoutMs`")
            );
        }
        config_err(&[("endpoint", s(EP)), ("timeoutMs", s("100"))]);
        for bad in [-1.0, 1.5, 11.0, f64::NAN] {
            assert!(
                config_err(&[("endpoint", s(EP)), ("retries", OptValue::Number(bad))])
                    .contains("`retries`")
            );
        }
    }

    #[test]
    fn extra_headers() {
        let h = OptValue::Object(vec![
            ("X-Trace".into(), s("abc")),
            ("x-empty".into(), s("")),
        ]);
        let c = parse(&[("endpoint", s(EP)), ("headers", h)]).unwrap();
        assert_eq!(
            c.headers,
            vec![
                ("X-Trace".into(), "abc".into()),
                ("x-empty".into(), String::new())
            ]
        );
        // A proxy setup may carry its own Authorization when the client has no credentials.
        let h = OptValue::Object(vec![("Authorization".into(), s("Bearer proxy"))]);
        assert!(parse(&[("endpoint", s(EP)), ("headers", h.clone())]).is_ok());
        let m = config_err(&[
            ("endpoint", s(EP)),
            ("apiKey", s("k")),
            ("apiSecret", s("sec")),
            ("headers", h),
        ]);
        assert!(m.contains("`headers`") && !m.contains("proxy"));
        for bad in [
            OptValue::Object(vec![("content-type".into(), s("text/plain"))]),
            OptValue::Object(vec![("X-API-SECRET".into(), s("s"))]),
            OptValue::Object(vec![("bad name".into(), s("v"))]),
            OptValue::Object(vec![("X-A".into(), s("line\r\nbreak"))]),
            OptValue::Object(vec![("X-A".into(), OptValue::Number(1.0))]),
            s("X-A: 1"),
        ] {
            config_err(&[("endpoint", s(EP)), ("headers", bad)]);
        }
    }

    #[test]
    fn call_options() {
        let op = Operation::ListUsers;
        assert_eq!(
            call_settings(op, Some(&[]), 9).unwrap(),
            CallSettings {
                timeout_ms: 9,
                has_signal: false
            }
        );
        let e = opts(&[
            ("signal", OptValue::Signal),
            ("timeoutMs", OptValue::Number(50.0)),
        ]);
        assert_eq!(
            call_settings(op, Some(&e), 9).unwrap(),
            CallSettings {
                timeout_ms: 50,
                has_signal: true
            }
        );
        let e = opts(&[
            ("signal", OptValue::Null),
            ("timeoutMs", OptValue::Undefined),
        ]);
        assert_eq!(
            call_settings(op, Some(&e), 9).unwrap(),
            CallSettings {
                timeout_ms: 9,
                has_signal: false
            }
        );
        for bad in [
            opts(&[("signal", s("x"))]),
            opts(&[("timeoutMs", OptValue::Number(0.0))]),
            opts(&[("timeout", OptValue::Number(5.0))]),
        ] {
            let err = call_settings(op, Some(&bad), 9).unwrap_err();
            assert_eq!((err.kind, err.operation), (ErrorKind::Validation, Some(op)));
        }
        assert_eq!(
            call_settings(op, None, 9).unwrap_err().kind,
            ErrorKind::Validation
        );
    }

    #[test]
    fn loopback_checks_agree_with_std_net() {
        type Check = fn(&str) -> bool;
        let v4: Check = |h| {
            h.parse::<std::net::Ipv4Addr>()
                .is_ok_and(|ip| ip.is_loopback())
        };
        let v6: Check = |h| {
            h.parse::<std::net::Ipv6Addr>()
                .is_ok_and(|ip| ip.is_loopback())
        };
        let cases: [(Check, Check, &[&str]); 2] = [
            (
                is_loopback_v4,
                v4,
                &[
                    "127.0.0.1",
                    "127.1",
                    "127.0.0.01",
                    "127.255.255.255",
                    "128.0.0.1",
                    "127.0.0.256",
                    "1.2.3.4",
                    "",
                    "127.0.0.1.",
                    "0127.0.0.1",
                    "127.0.0",
                    "127.0.0.1.1",
                    "127.0.0.+1",
                    "127.00.0.1",
                ],
            ),
            (
                is_loopback_v6,
                v6,
                &[
                    "::1",
                    "0:0:0:0:0:0:0:1",
                    "::0001",
                    "0::1",
                    "::",
                    "::2",
                    "1::1",
                    "::ffff:127.0.0.1",
                    "0:0:0:0:0:0:0:0:1",
                    ":::1",
                    "::1::",
                    "00000::1",
                    "::g",
                    "0:0:0:0:0:0:0:1:",
                    "1::",
                    "0:0:0::0:0:1",
                    "0:0:0:0:0:0::1",
                    "0:0:0:0:0:0:0::1",
                ],
            ),
        ];
        for (ours, std, hosts) in cases {
            for host in hosts {
                assert_eq!(ours(host), std(host), "{host}");
            }
        }
    }
}
