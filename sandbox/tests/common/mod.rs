//! Starts the real `paradime-sandbox` binary on 127.0.0.1 (port 0) and talks to it over
//! HTTP. The process is killed when the handle drops, whether the test passed or not.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{json, Value};

pub const LIST_USERS: &str = "query ListUsers { listUsers { ok activeUsers { uid email name accountType } invitedUsers { email accountType inviteStatus } } }";
pub const ADMIN: [(&str, &str); 2] = [("X-API-KEY", "demo-key"), ("X-API-SECRET", "demo-secret")];
pub const VIEWER: [(&str, &str); 2] = [
    ("X-API-KEY", "viewer-key"),
    ("X-API-SECRET", "viewer-secret"),
];

/// A fresh, empty directory under the system temp dir.
pub fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "paradime-sandbox-test-{}-{}-{tag}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

pub struct Sandbox {
    child: Child,
    pub url: String,
    pub log: PathBuf,
    agent: ureq::Agent,
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Sandbox {
    /// `--port 0 --test-controls` plus `args`.
    pub fn start(args: &[&str]) -> Sandbox {
        let mut all = vec!["--test-controls"];
        all.extend_from_slice(args);
        Sandbox::start_raw(&all)
    }

    /// `--port 0` plus exactly `args`.
    pub fn start_raw(args: &[&str]) -> Sandbox {
        let log = temp_dir("log").join("stderr.log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_paradime-sandbox"))
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("start paradime-sandbox");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("read port line");
        let port: u16 = match first.trim().parse() {
            Ok(p) => p,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "first stdout line is not a port: {first:?}; stderr: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Sandbox {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
            agent,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends a signal with the `kill` command and waits for the process to exit.
    pub fn signal_and_wait(&mut self, signal: &str) -> std::process::ExitStatus {
        let ok = Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(ok.success());
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("sandbox did not exit after SIG{signal}");
    }

    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn finish(
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Reply, ureq::Error> {
        let mut response = result?;
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(256 << 20)
            .read_to_string()?;
        Ok(Reply {
            status,
            headers,
            text,
        })
    }

    /// POST of a raw body to `path`, with `headers`.
    pub fn try_post_raw(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<Reply, ureq::Error> {
        let mut request = self
            .agent
            .post(format!("{}{path}", self.url))
            .header("Content-Type", "application/json");
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        Sandbox::finish(request.send(body))
    }

    pub fn post_raw(&self, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        self.try_post_raw(path, headers, body).expect("POST")
    }

    /// A GraphQL request with the admin credentials.
    pub fn gql(&self, query: &str, variables: Value) -> Reply {
        self.gql_as(&ADMIN, query, variables)
    }

    pub fn gql_as(&self, headers: &[(&str, &str)], query: &str, variables: Value) -> Reply {
        let body = json!({ "query": query, "variables": variables }).to_string();
        self.post_raw("/graphql", headers, &body)
    }

    pub fn get(&self, path: &str) -> Reply {
        Sandbox::finish(self.agent.get(format!("{}{path}", self.url)).call()).expect("GET")
    }

    pub fn control(&self, path: &str, body: Value) -> Reply {
        self.post_raw(path, &[], &body.to_string())
    }

    /// `listUsers` as JSON (`data.listUsers`).
    pub fn list(&self) -> Value {
        let reply = self.gql(LIST_USERS, json!({}));
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()["data"]["listUsers"].clone()
    }

    pub fn requests(&self) -> Vec<Value> {
        match self.get("/_sandbox/requests").json() {
            Value::Array(items) => items,
            other => panic!("requests log is not an array: {other}"),
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `extensions.code` of the first GraphQL error of a reply.
pub fn first_code(reply: &Reply) -> String {
    reply.json()["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

pub fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write file");
}
