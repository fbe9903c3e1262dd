//! Credential modes and the request headers they produce.

use std::fmt;

/// How requests authenticate.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// No credentials: no auth headers (a backend proxy adds them).
    None,
    /// Legacy pair: `X-API-KEY` and `X-API-SECRET`.
    KeyPair {
        /// The API key.
        key: String,
        /// The API secret.
        secret: String,
    },
    /// `Authorization: Bearer <token>`: a workspace (`prdm_wsp_`) or company (`prdm_cmp_`)
    /// token.
    Bearer {
        /// The token.
        token: String,
    },
}

/// Prefix of workspace tokens.
pub const WORKSPACE_TOKEN_PREFIX: &str = "prdm_wsp_";
/// Prefix of company tokens (they need `workspaceUid`).
pub const COMPANY_TOKEN_PREFIX: &str = "prdm_cmp_";

/// True when `secret` is a bearer token rather than a legacy secret.
pub fn is_token(secret: &str) -> bool {
    secret.starts_with(WORKSPACE_TOKEN_PREFIX) || secret.starts_with(COMPANY_TOKEN_PREFIX)
}

/// True when `secret` is a company token.
pub fn is_company_token(secret: &str) -> bool {
    secret.starts_with(COMPANY_TOKEN_PREFIX)
}

// Never print a secret, even in a debug dump.
impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("Auth::None"),
            Auth::KeyPair { .. } => f.write_str("Auth::KeyPair { .. }"),
            Auth::Bearer { .. } => f.write_str("Auth::Bearer { .. }"),
        }
    }
}

/// The headers of every request: `Content-Type`, the auth headers, `X-Paradime-Workspace`
/// when given, then the caller's extra headers (already checked not to clash).
pub fn request_headers(
    auth: &Auth,
    workspace_uid: Option<&str>,
    extra: &[(String, String)],
) -> Vec<(String, String)> {
    let mut headers = vec![("Content-Type".to_string(), "application/json".to_string())];
    match auth {
        Auth::None => {}
        Auth::KeyPair { key, secret } => {
            headers.push(("X-API-KEY".to_string(), key.clone()));
            headers.push(("X-API-SECRET".to_string(), secret.clone()));
        }
        Auth::Bearer { token } => {
            headers.push(("Authorization".to_string(), format!("Bearer {token}")));
        }
    }
    if let Some(w) = workspace_uid {
        headers.push(("X-Paradime-Workspace".to_string(), w.to_string()));
    }
    headers.extend(extra.iter().cloned());
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(h: &[(String, String)]) -> Vec<&str> {
        h.iter().map(|(k, _)| k.as_str()).collect()
    }

    #[test]
    fn modes_to_headers() {
        assert_eq!(
            names(&request_headers(&Auth::None, None, &[])),
            ["Content-Type"]
        );
        let pair = Auth::KeyPair {
            key: "k".into(),
            secret: "s".into(),
        };
        let h = request_headers(&pair, Some("w"), &[("X-Trace".into(), "1".into())]);
        assert_eq!(
            h,
            vec![
                ("Content-Type".to_string(), "application/json".to_string()),
                ("X-API-KEY".to_string(), "k".to_string()),
                ("X-API-SECRET".to_string(), "s".to_string()),
                ("X-Paradime-Workspace".to_string(), "w".to_string()),
                ("X-Trace".to_string(), "1".to_string()),
            ]
        );
        let bearer = Auth::Bearer {
            token: "prdm_wsp_abc".into(),
        };
        assert_eq!(
            request_headers(&bearer, None, &[])[1],
            (
                "Authorization".to_string(),
                "Bearer prdm_wsp_abc".to_string()
            )
        );
    }

    #[test]
    fn token_prefixes_and_debug_hides_secrets() {
        assert!(is_token("prdm_wsp_x") && is_token("prdm_cmp_x") && !is_token("prdm_x"));
        assert!(is_company_token("prdm_cmp_x") && !is_company_token("prdm_wsp_x"));
        let dump = format!(
            "{:?} {:?}",
            Auth::KeyPair {
                key: "k".into(),
                secret: "hunter2".into()
            },
            Auth::Bearer {
                token: "prdm_wsp_hunter2".into()
            }
        );
        assert!(!dump.contains("hunter2"));
        // The dump still says which mode it is.
        assert_eq!(dump, "Auth::KeyPair { .. } Auth::Bearer { .. }");
        assert_eq!(format!("{:?}", Auth::None), "Auth::None");
    }
}
