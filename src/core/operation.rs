//! The four GraphQL documents of Paradime's User Management API, their operation names
//! and variables, and the request body that carries them.
//!
//! User input travels only in `variables`; the documents are constants.

use serde::Serialize;

/// The four operations of the API. Serialises as the JS method name
/// (`ParadimeError.operation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Operation {
    /// `query ListUsers` (also behind `listActiveUsers`, `listInvitedUsers`, `getUserByEmail`).
    ListUsers,
    /// `mutation InviteUser`.
    InviteUser,
    /// `mutation UpdateUserAccountType`.
    UpdateUserAccountType,
    /// `mutation DisableUser`.
    DisableUser,
    /// `listWorkspaces`: the workspaces the credentials reach.
    ListWorkspaces,
}

/// `query ListUsers`.
pub const LIST_USERS: &str = "query ListUsers { listUsers { ok activeUsers { uid email name accountType } invitedUsers { email accountType inviteStatus } } }";
/// `mutation InviteUser`.
pub const INVITE_USER: &str = "mutation InviteUser($email: String!, $accountType: UserAccountType!) { inviteUser(email: $email, accountType: $accountType) { ok } }";
/// `mutation UpdateUserAccountType`.
pub const UPDATE_USER_ACCOUNT_TYPE: &str = "mutation UpdateUserAccountType($uid: String!, $accountType: UserAccountType!) { updateUserAccountType(uid: $uid, accountType: $accountType) { ok } }";
/// `mutation DisableUser`.
pub const DISABLE_USER: &str =
    "mutation DisableUser($uid: String!) { disableUser(uid: $uid) { ok } }";
/// `query ListWorkspaces`: the field set the vendor's SDK reads.
pub const LIST_WORKSPACES: &str =
    "query ListWorkspaces { listWorkspaces { workspaces { uid name } } }";

impl Operation {
    /// The JS method name reported in `ParadimeError.operation`.
    pub fn method_name(self) -> &'static str {
        match self {
            Operation::ListUsers => "listUsers",
            Operation::InviteUser => "inviteUser",
            Operation::UpdateUserAccountType => "updateUserAccountType",
            Operation::DisableUser => "disableUser",
            Operation::ListWorkspaces => "listWorkspaces",
        }
    }

    /// The GraphQL `operationName`.
    pub fn operation_name(self) -> &'static str {
        match self {
            Operation::ListUsers => "ListUsers",
            Operation::InviteUser => "InviteUser",
            Operation::UpdateUserAccountType => "UpdateUserAccountType",
            Operation::DisableUser => "DisableUser",
            Operation::ListWorkspaces => "ListWorkspaces",
        }
    }

    /// The GraphQL document.
    pub fn document(self) -> &'static str {
        match self {
            Operation::ListUsers => LIST_USERS,
            Operation::InviteUser => INVITE_USER,
            Operation::UpdateUserAccountType => UPDATE_USER_ACCOUNT_TYPE,
            Operation::DisableUser => DISABLE_USER,
            Operation::ListWorkspaces => LIST_WORKSPACES,
        }
    }

    /// The root field the document selects (`data.<field>` in the response).
    pub fn field(self) -> &'static str {
        // Each document's root field is named as its method.
        self.method_name()
    }

    /// Whether sending it twice does no more than sending it once (so it may be retried
    /// after a failure that leaves unknown whether the server acted).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Operation::InviteUser)
    }
}

/// The variables of one call, already validated. Serialises as the `variables` object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Variables {
    /// `listUsers`: `{}`.
    None {},
    /// `inviteUser`.
    Invite {
        /// The email to invite.
        email: String,
        /// The role, a `UserAccountType` enum name.
        #[serde(rename = "accountType")]
        account_type: String,
    },
    /// `updateUserAccountType`.
    Update {
        /// The user's uid.
        uid: String,
        /// The new role.
        #[serde(rename = "accountType")]
        account_type: String,
    },
    /// `disableUser`.
    Disable {
        /// The user's uid.
        uid: String,
    },
    /// `listWorkspaces`: `{}`.
    ListWorkspaces {},
}

impl Variables {
    /// The operation these variables belong to.
    pub fn operation(&self) -> Operation {
        match self {
            Variables::None {} => Operation::ListUsers,
            Variables::Invite { .. } => Operation::InviteUser,
            Variables::Update { .. } => Operation::UpdateUserAccountType,
            Variables::Disable { .. } => Operation::DisableUser,
            Variables::ListWorkspaces {} => Operation::ListWorkspaces,
        }
    }
}

/// A GraphQL request body: `{"query", "variables", "operationName"}`, all three always.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct QueryBody<'a> {
    query: &'static str,
    variables: &'a Variables,
    operation_name: &'static str,
}

/// The JSON request body of one call. User input is written only inside `variables`.
pub fn request_body(variables: &Variables) -> String {
    let op = variables.operation();
    let body = QueryBody {
        query: op.document(),
        variables,
        operation_name: op.operation_name(),
    };
    // Strings and a fixed shape: serialising cannot fail.
    serde_json::to_string(&body).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn parsed(v: &Variables) -> Value {
        serde_json::from_str(&request_body(v)).unwrap()
    }

    #[test]
    fn list_users_sends_empty_variables_and_its_name() {
        assert_eq!(
            parsed(&Variables::None {}),
            json!({"query": LIST_USERS, "variables": {}, "operationName": "ListUsers"})
        );
    }

    #[test]
    fn mutations_carry_input_only_in_variables() {
        let evil = "a\"){ok} mutation X { disableUser(uid:\"1\") { ok } } #@x.io";
        let body = parsed(&Variables::Invite {
            email: evil.into(),
            account_type: "ADMIN".into(),
        });
        assert_eq!(body["query"], INVITE_USER);
        assert_eq!(
            body["variables"],
            json!({"email": evil, "accountType": "ADMIN"})
        );
        assert_eq!(body["operationName"], "InviteUser");
        let body = parsed(&Variables::Update {
            uid: "u1".into(),
            account_type: "ANALYST".into(),
        });
        assert_eq!(
            body["variables"],
            json!({"uid": "u1", "accountType": "ANALYST"})
        );
        assert_eq!(body["operationName"], "UpdateUserAccountType");
        let body = parsed(&Variables::Disable { uid: "u2".into() });
        assert_eq!(
            body,
            json!({"query": DISABLE_USER, "variables": {"uid": "u2"}, "operationName": "DisableUser"})
        );
    }

    #[test]
    fn documents_are_the_docs_named_operations() {
        assert!(LIST_USERS.starts_with("query ListUsers {"));
        assert!(INVITE_USER
            .starts_with("mutation InviteUser($email: String!, $accountType: UserAccountType!)"));
        assert!(UPDATE_USER_ACCOUNT_TYPE.starts_with(
            "mutation UpdateUserAccountType($uid: String!, $accountType: UserAccountType!)"
        ));
        assert!(DISABLE_USER.starts_with("mutation DisableUser($uid: String!)"));
        for op in [
            Operation::ListUsers,
            Operation::InviteUser,
            Operation::UpdateUserAccountType,
            Operation::DisableUser,
        ] {
            assert!(op.document().contains("{ ok"));
            assert!(op.document().contains(op.field()));
        }
        assert!(!Operation::InviteUser.is_idempotent());
        assert!(Operation::DisableUser.is_idempotent());
    }

    #[test]
    fn each_operation_selects_its_root_field() {
        let fields: Vec<_> = [
            Operation::ListUsers,
            Operation::InviteUser,
            Operation::UpdateUserAccountType,
            Operation::DisableUser,
        ]
        .iter()
        .map(|op| op.field())
        .collect();
        assert_eq!(
            fields,
            [
                "listUsers",
                "inviteUser",
                "updateUserAccountType",
                "disableUser"
            ]
        );
    }
}
