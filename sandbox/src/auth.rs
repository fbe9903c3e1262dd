//! Credentials and capabilities.
//!
//! Two modes, as Paradime's API: a legacy `X-API-KEY` + `X-API-SECRET` pair, or a bearer
//! token (`Authorization: Bearer prdm_wsp_…` for a workspace token, `prdm_cmp_…` for a
//! company token, which also needs `X-Paradime-Workspace`). A key pair and a workspace token
//! belong to one workspace of the company (another workspace's header is a 403); a company
//! token is valid in every workspace, the header choosing which. Every secret comparison
//! runs in constant time and every candidate is compared, so timing tells nothing about
//! which credential nearly matched.

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

/// A legacy key pair, of one workspace.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    pub key: String,
    pub secret: String,
    pub capability: Capability,
    /// The uid of its workspace; default: the first.
    #[serde(default)]
    pub workspace: Option<String>,
}

/// A bearer token (`prdm_wsp_…` of one workspace, or `prdm_cmp_…` of them all).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Token {
    pub token: String,
    pub capability: Capability,
    /// The uid of a workspace token's workspace; default: the first. Not for a company token.
    #[serde(default)]
    pub workspace: Option<String>,
}

/// A workspace of the company, as `listWorkspaces` tells it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceInfo {
    pub uid: String,
    pub name: String,
}

/// The `--credentials` file (JSON), and the defaults when none is given.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Credentials {
    /// The uid of the first workspace, when `workspaces` is not given.
    #[serde(default = "default_workspace_uid")]
    pub workspace_uid: String,
    /// The company's workspaces; default: made from `workspace_uid` and `--workspaces N`.
    #[serde(default)]
    pub workspaces: Vec<WorkspaceInfo>,
    #[serde(default)]
    pub api_keys: Vec<ApiKey>,
    #[serde(default)]
    pub tokens: Vec<Token>,
}

fn default_workspace_uid() -> String {
    "acme-workspace".to_string()
}

/// Who made a request: an id safe to log (never a secret), what it may do, the workspace the
/// request acts on, and whether the credential reaches every workspace (a company token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub id: String,
    pub capability: Capability,
    pub workspace: String,
    pub company: bool,
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
            workspaces: Vec::new(),
            api_keys: vec![
                ApiKey {
                    key: "demo-key".into(),
                    secret: "demo-secret".into(),
                    capability: Capability::Admin,
                    workspace: None,
                },
                ApiKey {
                    key: "viewer-key".into(),
                    secret: "viewer-secret".into(),
                    capability: Capability::Viewer,
                    workspace: None,
                },
            ],
            tokens: vec![
                Token {
                    token: "prdm_wsp_demo-workspace-token".into(),
                    capability: Capability::Admin,
                    workspace: None,
                },
                Token {
                    token: "prdm_cmp_demo-company-token".into(),
                    capability: Capability::Admin,
                    workspace: None,
                },
            ],
        }
    }
}

/// The names of generated workspaces after the first ("Acme").
fn generated_name(index: usize) -> String {
    match index {
        0 => "Acme".to_string(),
        1 => "Acme Sandbox".to_string(),
        n => format!("Acme Team {n}"),
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
            if t.token.starts_with("prdm_cmp_") && t.workspace.is_some() {
                return Err("a company token (prdm_cmp_) is valid in every workspace: it takes no \"workspace\"".into());
            }
        }
        Ok(creds)
    }

    /// The company's workspaces: the file's list, else `count` made from `workspace_uid`
    /// (the first) and generated uids and names. Checks that each credential's workspace
    /// is one of them.
    pub fn with_workspaces(mut self, count: usize) -> Result<Self, String> {
        if self.workspaces.is_empty() {
            self.workspaces = (0..count.max(1))
                .map(|index| WorkspaceInfo {
                    uid: match index {
                        0 => self.workspace_uid.clone(),
                        n => crate::workspace::generated_workspace_uid(n),
                    },
                    name: generated_name(index),
                })
                .collect();
        } else if count > 1 {
            return Err(
                "--workspaces and a credentials file that lists workspaces exclude each other"
                    .into(),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for w in &self.workspaces {
            if w.uid.is_empty() || w.uid.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(format!(
                    "workspace uid {:?} must be non-empty, without white space",
                    w.uid
                ));
            }
            if !seen.insert(w.uid.as_str()) {
                return Err(format!("workspace uid {:?} is listed twice", w.uid));
            }
        }
        let scopes = self
            .api_keys
            .iter()
            .map(|k| &k.workspace)
            .chain(self.tokens.iter().map(|t| &t.workspace));
        for scope in scopes.flatten() {
            if !self.workspaces.iter().any(|w| &w.uid == scope) {
                return Err(format!("a credential names the workspace {scope:?}, which is not one of the workspaces"));
            }
        }
        Ok(self)
    }

    /// The first workspace's uid (the default scope of a key pair or workspace token).
    fn first_workspace(&self) -> &str {
        self.workspaces
            .first()
            .map_or(self.workspace_uid.as_str(), |w| w.uid.as_str())
    }

    /// Decides who sent `headers`, and for which workspace.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Principal, AuthError> {
        // Credentials first: wrong credentials read as 401 whatever the workspace header says.
        let (mut principal, scope) = self.identify(headers)?;
        let asked = header(headers, "x-paradime-workspace");
        let known = |w: &str| {
            // Every uid is compared, so timing does not tell which one nearly matched.
            self.workspaces.iter().fold(None, |found, ws| {
                if ct_eq(w, &ws.uid) {
                    Some(ws.uid.clone())
                } else {
                    found
                }
            })
        };
        principal.workspace = match (scope, asked) {
            (None, None) => {
                return Err(AuthError::Unauthenticated(
                    "A company token needs the X-Paradime-Workspace header",
                ))
            }
            (None, Some(w)) => known(w).ok_or(AuthError::WrongWorkspace)?,
            (Some(own), Some(w)) if !ct_eq(w, &own) => return Err(AuthError::WrongWorkspace),
            (Some(own), _) => own,
        };
        Ok(principal)
    }

    /// The credential `headers` carry, and its workspace (`None`: a company token, valid in
    /// every workspace).
    fn identify(&self, headers: &HeaderMap) -> Result<(Principal, Option<String>), AuthError> {
        let scope = |workspace: &Option<String>| {
            workspace
                .clone()
                .unwrap_or_else(|| self.first_workspace().to_string())
        };
        if let Some(auth) = header(headers, "authorization") {
            let token = auth
                .strip_prefix("Bearer ")
                .ok_or(AuthError::Unauthenticated("Malformed Authorization header"))?
                .trim();
            let mut found: Option<(usize, &Token)> = None;
            for (i, t) in self.tokens.iter().enumerate() {
                if ct_eq(token, &t.token) {
                    found = Some((i, t));
                }
            }
            return match found {
                Some((i, t)) => {
                    let company = t.token.starts_with("prdm_cmp_");
                    Ok((
                        Principal {
                            id: format!("token:{}#{i}", token_prefix(token)),
                            capability: t.capability,
                            workspace: String::new(),
                            company,
                        },
                        (!company).then(|| scope(&t.workspace)),
                    ))
                }
                None => Err(AuthError::Unauthenticated("Invalid API token")),
            };
        }
        match (
            header(headers, "x-api-key"),
            header(headers, "x-api-secret"),
        ) {
            (Some(key), Some(secret)) => {
                let mut found: Option<&ApiKey> = None;
                for k in &self.api_keys {
                    let both = k.key.as_bytes().ct_eq(key.as_bytes())
                        & k.secret.as_bytes().ct_eq(secret.as_bytes());
                    if bool::from(both) {
                        found = Some(k);
                    }
                }
                match found {
                    Some(k) => Ok((
                        Principal {
                            id: format!("key:{}", k.key),
                            capability: k.capability,
                            workspace: String::new(),
                            company: false,
                        },
                        Some(scope(&k.workspace)),
                    )),
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
        let mut lines: Vec<String> = self
            .workspaces
            .iter()
            .map(|w| format!("workspace {} ({})", w.uid, w.name))
            .collect();
        let scope = |workspace: &Option<String>, company: bool| match (company, workspace) {
            (true, _) => "every workspace".to_string(),
            (false, Some(w)) => format!("workspace {w}"),
            (false, None) => format!("workspace {}", self.first_workspace()),
        };
        for k in &self.api_keys {
            lines.push(format!(
                "{:?}: X-API-KEY {} / X-API-SECRET {} ({})",
                k.capability,
                k.key,
                secret(&k.secret),
                scope(&k.workspace, false)
            ));
        }
        for t in &self.tokens {
            lines.push(format!(
                "{:?}: Authorization: Bearer {} ({})",
                t.capability,
                if show_secrets {
                    t.token.clone()
                } else {
                    format!("{}…", token_prefix(&t.token))
                },
                scope(&t.workspace, t.token.starts_with("prdm_cmp_"))
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
        let c = Credentials::default().with_workspaces(1).unwrap();
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

    #[test]
    fn scoped_credentials_stay_in_their_workspace_and_a_company_token_reaches_all() {
        let c = Credentials::default().with_workspaces(3).unwrap();
        assert_eq!(c.workspaces.len(), 3);
        assert_eq!(c.workspaces[0].uid, "acme-workspace");
        let second = c.workspaces[1].uid.clone();
        let key = [("x-api-key", "demo-key"), ("x-api-secret", "demo-secret")];
        assert_eq!(
            c.authenticate(&headers(&key)).unwrap().workspace,
            "acme-workspace"
        );
        let mut other = key.to_vec();
        other.push(("x-paradime-workspace", &second));
        assert_eq!(
            c.authenticate(&headers(&other)),
            Err(AuthError::WrongWorkspace)
        );
        let company = |w: &str| {
            c.authenticate(&headers(&[
                ("authorization", "Bearer prdm_cmp_demo-company-token"),
                ("x-paradime-workspace", w),
            ]))
        };
        let p = company(&second).unwrap();
        assert!(p.company);
        assert_eq!(p.workspace, second);
        assert_eq!(company("nope"), Err(AuthError::WrongWorkspace));
    }

    #[test]
    fn a_file_lists_workspaces_and_scopes_each_credential() {
        let c: Credentials = serde_json::from_str(
            r#"{"workspaces": [{"uid": "prod", "name": "Production"}, {"uid": "dev", "name": "Dev"}],
                "apiKeys": [{"key": "k", "secret": "s", "capability": "admin", "workspace": "dev"}],
                "tokens": [{"token": "prdm_wsp_t", "capability": "viewer", "workspace": "prod"}]}"#,
        )
        .unwrap();
        let c = c.with_workspaces(1).unwrap();
        let p = c
            .authenticate(&headers(&[("x-api-key", "k"), ("x-api-secret", "s")]))
            .unwrap();
        assert_eq!(p.workspace, "dev");
        assert_eq!(
            c.authenticate(&headers(&[
                ("authorization", "Bearer prdm_wsp_t"),
                ("x-paradime-workspace", "dev")
            ])),
            Err(AuthError::WrongWorkspace)
        );
        let bad: Credentials = serde_json::from_str(
            r#"{"workspaces": [{"uid": "prod", "name": "P"}], "apiKeys": [{"key": "k", "secret": "s", "capability": "admin", "workspace": "dev"}]}"#,
        )
        .unwrap();
        assert!(bad.with_workspaces(1).unwrap_err().contains("\"dev\""));
    }
}
