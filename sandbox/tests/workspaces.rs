//! Several workspaces (`--workspaces N`, or a credentials file that lists them), over real
//! HTTP: `listWorkspaces`, the company token valid in each, key pairs and workspace tokens
//! held to their own, each workspace its own users, test controls per workspace, and `--data`
//! keeping every workspace across a SIGKILL.

mod common;

use common::{temp_dir, Sandbox, ADMIN, LIST_USERS};
use serde_json::{json, Value};

const LIST_WORKSPACES: &str = "query ListWorkspaces { listWorkspaces { workspaces { uid name } } }";
const INVITE: &str = "mutation InviteUser($email: String!, $accountType: UserAccountType!) { inviteUser(email: $email, accountType: $accountType) { ok } }";
const COMPANY: &str = "Bearer prdm_cmp_demo-company-token";

fn company(uid: &str) -> [(&str, &str); 2] {
    [("Authorization", COMPANY), ("X-Paradime-Workspace", uid)]
}

fn workspaces(sb: &Sandbox, headers: &[(&str, &str)]) -> Vec<(String, String)> {
    let reply = sb.gql_as(headers, LIST_WORKSPACES, json!({}));
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()["data"]["listWorkspaces"]["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["uid"].as_str().unwrap().to_string(),
                w["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn emails(list: &Value) -> Vec<String> {
    list["activeUsers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_string())
        .collect()
}

fn list_in(sb: &Sandbox, uid: &str) -> Value {
    let reply = sb.gql_as(&company(uid), LIST_USERS, json!({}));
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()["data"]["listUsers"].clone()
}

#[test]
fn a_company_token_lists_and_reaches_every_workspace_a_key_pair_only_its_own() {
    let sb = Sandbox::start(&["--workspaces", "3", "--users", "6"]);
    let all = workspaces(&sb, &company("acme-workspace"));
    assert_eq!(all.len(), 3);
    assert_eq!(all[0], ("acme-workspace".to_string(), "Acme".to_string()));
    assert_eq!(all[1].1, "Acme Sandbox");
    assert!(all[1].0.starts_with("ws-") && all[2].0.starts_with("ws-"));
    // The same list whichever workspace the header names.
    assert_eq!(workspaces(&sb, &company(&all[2].0)), all);
    // A key pair and a workspace token: their own workspace only.
    assert_eq!(workspaces(&sb, &ADMIN), all[..1].to_vec());
    assert_eq!(
        workspaces(
            &sb,
            &[("Authorization", "Bearer prdm_wsp_demo-workspace-token")]
        ),
        all[..1].to_vec()
    );
    let second = all[1].0.as_str();
    let mut elsewhere = ADMIN.to_vec();
    elsewhere.push(("X-Paradime-Workspace", second));
    let refused = sb.gql_as(&elsewhere, LIST_USERS, json!({}));
    assert_eq!(refused.status, 403, "{}", refused.text);
    // A company token: an unknown workspace is a 403, no workspace a 401.
    assert_eq!(
        sb.gql_as(&company("nope"), LIST_USERS, json!({})).status,
        403
    );
    assert_eq!(
        sb.gql_as(&[("Authorization", COMPANY)], LIST_USERS, json!({}))
            .status,
        401
    );

    // Each workspace is its own: the same people by uid, other members and roles.
    let first = list_in(&sb, "acme-workspace");
    let other = list_in(&sb, second);
    assert_eq!(emails(&first).len(), 3 + 6);
    assert_eq!(emails(&other).len(), 3 + 4);
    let uid = |list: &Value, email: &str| {
        list["activeUsers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == email)
            .map(|u| u["uid"].clone())
    };
    assert_eq!(
        uid(&first, "user1@example.com"),
        uid(&other, "user1@example.com")
    );
    // A change in one workspace is not seen in another.
    let invited = sb.gql_as(
        &company(second),
        INVITE,
        json!({"email": "only@acme.io", "accountType": "ANALYST"}),
    );
    assert_eq!(invited.status, 200, "{}", invited.text);
    let invites = |list: &Value| list["invitedUsers"].to_string();
    assert!(invites(&list_in(&sb, second)).contains("only@acme.io"));
    assert!(!invites(&list_in(&sb, "acme-workspace")).contains("only@acme.io"));

    // Test controls per workspace: accept names one; the person keeps the uid they have
    // elsewhere; reset puts every workspace back.
    sb.gql_as(
        &company(second),
        INVITE,
        json!({"email": "pat@acme.io", "accountType": "ANALYST"}),
    );
    sb.gql(
        INVITE,
        json!({"email": "pat@acme.io", "accountType": "ANALYST"}),
    );
    let a = sb
        .control(
            "/_sandbox/accept",
            json!({"email": "pat@acme.io", "name": "Pat", "workspace": second}),
        )
        .json();
    let b = sb
        .control(
            "/_sandbox/accept",
            json!({"email": "pat@acme.io", "name": "Pat"}),
        )
        .json();
    assert_eq!(a["uid"], b["uid"]);
    assert_eq!(
        sb.control(
            "/_sandbox/accept",
            json!({"email": "pat@acme.io", "workspace": "nope"})
        )
        .status,
        404
    );
    sb.control("/_sandbox/reset", json!({}));
    assert!(!invites(&list_in(&sb, second)).contains("only@acme.io"));
}

#[test]
fn a_credentials_file_names_the_workspaces_and_scopes_each_credential() {
    let dir = temp_dir("ws-credentials");
    let file = dir.join("credentials.json");
    std::fs::write(
        &file,
        r#"{"workspaces": [{"uid": "prod", "name": "Production"}, {"uid": "dev", "name": "Development"}],
            "apiKeys": [{"key": "dev-key", "secret": "dev-secret", "capability": "admin", "workspace": "dev"}],
            "tokens": [{"token": "prdm_cmp_c", "capability": "viewer"}]}"#,
    )
    .unwrap();
    let sb = Sandbox::start(&["--credentials", file.to_str().unwrap()]);
    let key = [("X-API-KEY", "dev-key"), ("X-API-SECRET", "dev-secret")];
    assert_eq!(
        workspaces(&sb, &key),
        vec![("dev".to_string(), "Development".to_string())]
    );
    let viewer = [
        ("Authorization", "Bearer prdm_cmp_c"),
        ("X-Paradime-Workspace", "prod"),
    ];
    assert_eq!(workspaces(&sb, &viewer).len(), 2);
    // A viewer company token may list but not change.
    let refused = sb.gql_as(
        &viewer,
        INVITE,
        json!({"email": "a@acme.io", "accountType": "ADMIN"}),
    );
    assert!(refused.text.contains("FORBIDDEN"), "{}", refused.text);
    assert!(!sb.logs().contains("dev-secret"));
}

#[test]
fn data_keeps_every_workspace_across_a_kill() {
    let dir = temp_dir("ws-data");
    let file = dir.join("company.json");
    let path = file.to_str().unwrap();
    let before: Vec<Value>;
    let uids: Vec<String>;
    {
        let mut sb = Sandbox::start(&["--workspaces", "3", "--data", path]);
        uids = workspaces(&sb, &company("acme-workspace"))
            .into_iter()
            .map(|(uid, _)| uid)
            .collect();
        for (i, uid) in uids.iter().enumerate() {
            let reply = sb.gql_as(
                &company(uid),
                INVITE,
                json!({"email": format!("kept{i}@acme.io"), "accountType": "ANALYST"}),
            );
            assert_eq!(reply.status, 200, "{}", reply.text);
        }
        before = uids.iter().map(|uid| list_in(&sb, uid)).collect();
        sb.signal_and_wait("KILL");
    }
    let sb = Sandbox::start(&["--workspaces", "3", "--data", path]);
    let after: Vec<Value> = uids.iter().map(|uid| list_in(&sb, uid)).collect();
    assert_eq!(after, before);
    for (i, list) in after.iter().enumerate() {
        assert!(list["invitedUsers"]
            .to_string()
            .contains(&format!("kept{i}@acme.io")));
    }
    assert!(dir.join(format!("company.json.{}", uids[1])).exists());
}
