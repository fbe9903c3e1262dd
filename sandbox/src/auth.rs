//! Credentials and capabilities.
//!
//! Two modes, as Paradime's API: a legacy `X-API-KEY` + `X-API-SECRET` pair, or a bearer
//! token (`Authorization: Bearer prdm_wsp_…` for a workspace token, `prdm_cmp_…` for a
//! company token, which also needs `X-Paradime-Workspace`). Every secret comparison runs in
//! constant time and every candidate is compared, so timing tells nothing about which
//! credential nearly matched.

use std::path::Path;

use axum::http::HeaderMap;
use serde::Deserialize;
use subtle::ConstantTimeEq;

/// What a credential may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// "User Management Admin": list and mutate.
    Admin,
    /// "User Metadata Viewer": list only.
    Viewer,
}

/// A legacy key pair.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    pub key: String,
    pub secret: String,
    pub capability: Capability,
}

/// A bearer token (`prdm_wsp_…` or `prdm_cmp_…`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Token {
    pub token: String,
    pub capability: Capability,
}

/// The `--credentials` file (JSON), and the defaults when none is given.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Credentials {
    /// The uid of the sandbox's one workspace (`X-Paradime-Workspace` must name it).
    #[serde(default = "default_workspace_uid")]
    pub workspace_uid: String,
    #[serde(default)]
    pub api_keys: Vec<ApiKey>,
    #[serde(default)]
    pub tokens: Vec<Token>,
}

fn default_workspace_uid() -> String {
    "acme-workspace".to_string()
}

/// Who made a request: an id safe to log (never a secret) and what it may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub id: String,
    pub capability: Capability,
}

/// Why a request was refused before reaching the schema.
#[derive(Debug, PartialEq, Eq)]
pub enum AuthError {
    /// No credentials, or wrong ones: HTTP 401.
    Unauthenticated(&'static str),
    /// Valid credentials for another workspace: HTTP 403.
    WrongWorkspace,
}

impl Default for Credentials {
    fn default() -> Self {
        Credentials {
            workspace_uid: default_workspace_uid(),
            api_keys: vec![
                ApiKey {
                    key: "demo-key".into(),
                    secret: "demo-secret".into(),
                    capability: Capability::Admin,
                },
                ApiKey {
                    key: "viewer-key".into(),
                    secret: "viewer-secret".into(),
                    capability: Capability::Viewer,
                },
            ],
            tokens: vec![
                Token {
                    token: "prdm_wsp_demo-workspace-token".into(),
                    capability: Capability::Admin,
                },
                Token {
                    token: "prdm_cmp_demo-company-token".into(),
                    capability: Capability::Admin,
                },
            ],
        }
    }
}

fn ct_eq(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

impl Credentials {
    /// Reads a credentials file (JSON, see README).
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let creds: Credentials = serde_json::from_slice(&bytes)
            .map_err(|e| format!("{} is not a credentials file: {e}", path.display()))?;
        for t in &creds.tokens {
            if !(t.token.starts_with("prdm_wsp_") || t.token.starts_with("prdm_cmp_")) {
                return Err("every token must start with prdm_wsp_ or prdm_cmp_".into());
            }
        }
        Ok(creds)
    }

    /// Decides who sent `headers`.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Principal, AuthError> {
        // Credentials first: wrong credentials read as 401 whatever the workspace header says.
        let principal = self.identify(headers)?;
        let workspace = header(headers, "x-paradime-workspace");
        match workspace {
            Some(w) if !ct_eq(w, &self.workspace_uid) => Err(AuthError::WrongWorkspace),
            None if principal.id.starts_with("token:prdm_cmp_") => Err(AuthError::Unauthenticated(
                "A company token needs the X-Paradime-Workspace header",
            )),
            _ => Ok(principal),
        }
    }

    fn identify(&self, headers: &HeaderMap) -> Result<Principal, AuthError> {
        if let Some(auth) = header(headers, "authorization") {
            let token = auth
                .strip_prefix("Bearer ")
                .ok_or(AuthError::Unauthenticated("Malformed Authorization header"))?
                .trim();
            let mut found: Option<(usize, Capability)> = None;
            for (i, t) in self.tokens.iter().enumerate() {
                if ct_eq(token, &t.token) {
                    found = Some((i, t.capability));
                }
            }
            return match found {
                Some((i, capability)) => Ok(Principal {
                    id: format!("token:{}#{i}", token_prefix(token)),
                    capability,
                }),
                None => Err(AuthError::Unauthenticated("Invalid API token")),
            };
        }
        match (
            header(headers, "x-api-key"),
            header(headers, "x-api-secret"),
        ) {
            (Some(key), Some(secret)) => {
                let mut found: Option<(usize, Capability)> = None;
                for (i, k) in self.api_keys.iter().enumerate() {
                    let both = k.key.as_bytes().ct_eq(key.as_bytes())
                        & k.secret.as_bytes().ct_eq(secret.as_bytes());
                    if bool::from(both) {
                        found = Some((i, k.capability));
                    }
                }
                match found {
                    Some((i, capability)) => Ok(Principal {
                        id: format!(
                            "key:{}",
                            self.api_keys.get(i).map(|k| k.key.as_str()).unwrap_or("")
                        ),
                        capability,
                    }),
                    None => Err(AuthError::Unauthenticated("Invalid API key or secret")),
                }
            }
            (None, None) => Err(AuthError::Unauthenticated("Missing API credentials")),
            _ => Err(AuthError::Unauthenticated(
                "Both X-API-KEY and X-API-SECRET are required",
            )),
        }
    }

    /// The lines printed at start: how to authenticate against this sandbox. Secrets are
    /// shown only for the built-in demo credentials, never for a credentials file.
    pub fn describe(&self, show_secrets: bool) -> Vec<String> {
        let secret = |s: &str| {
            if show_secrets {
                s.to_string()
            } else {
                "<from credentials file>".to_string()
            }
        };
        let mut lines = vec![format!("workspace uid: {}", self.workspace_uid)];
        for k in &self.api_keys {
            lines.push(format!(
                "{:?}: X-API-KEY {} / X-API-SECRET {}",
                k.capability,
                k.key,
                secret(&k.secret)
            ));
        }
        for t in &self.tokens {
            lines.push(format!(
                "{:?}: Authorization: Bearer {}",
                t.capability,
                if show_secrets {
                    t.token.clone()
                } else {
                    format!("{}…", token_prefix(&t.token))
                }
            ));
        }
        lines
    }
}

/// The non-secret prefix of a token (`prdm_wsp_` / `prdm_cmp_`), or `other`.
pub fn token_prefix(token: &str) -> &'static str {
    if token.starts_with("prdm_wsp_") {
        "prdm_wsp_"
    } else if token.starts_with("prdm_cmp_") {
        "prdm_cmp_"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn modes() {
        let c = Credentials::default();
        assert_eq!(
            c.authenticate(&headers(&[
                ("x-api-key", "demo-key"),
                ("x-api-secret", "demo-secret")
            ]))
            .unwrap()
            .capability,
            Capability::Admin
        );
        assert!(c
            .authenticate(&headers(&[
                ("x-api-key", "demo-key"),
                ("x-api-secret", "viewer-secret")
            ]))
            .is_err());
        assert!(c
            .authenticate(&headers(&[("x-api-key", "demo-key")]))
            .is_err());
        assert!(c.authenticate(&headers(&[])).is_err());
        assert!(c
            .authenticate(&headers(&[(
                "authorization",
                "Bearer prdm_wsp_demo-workspace-token"
            )]))
            .is_ok());
        assert!(c
            .authenticate(&headers(&[(
                "authorization",
                "Bearer prdm_cmp_demo-company-token"
            )]))
            .is_err());
        assert!(c
            .authenticate(&headers(&[
                ("authorization", "Bearer prdm_cmp_demo-company-token"),
                ("x-paradime-workspace", "acme-workspace")
            ]))
            .is_ok());
        assert_eq!(
            c.authenticate(&headers(&[
                ("authorization", "Bearer prdm_cmp_demo-company-token"),
                ("x-paradime-workspace", "other")
            ])),
            Err(AuthError::WrongWorkspace)
        );
    }
}
