//! The package's exports, as JS sees them: `ParadimeClient` (one Rust `async fn` per
//! operation, a `Promise` through wasm-bindgen-futures), `isParadimeError`, `accountTypes`,
//! `parseRoster`. Each method turns its JS arguments into core types (`shell::js`), runs the
//! call or the run (`shell::call`, `shell::sync`, `shell::company`) and turns the result
//! back into JS.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::Promise;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::decode::{Expect, Output};
use crate::core::error::{Error, Problem};
use crate::core::offboard::{plan_offboard, read_emails, read_offboard_arg};
use crate::core::operation::{Operation, Variables};
use crate::core::review::review;
use crate::core::roster::{
    self, plan_sync, read_invites, read_plan_arg, read_roster_arg, Workspace,
};
use crate::core::validate::{self, ACCOUNT_TYPES};
use crate::core::workspaces::{check_plan_workspace, check_uid};
use crate::shell::call::{self, CallScope, Client, Failure};
use crate::shell::sync::Progress;
use crate::shell::{company, js, sync};

/// A client for one Paradime workspace's User Management API.
///
/// ```js
/// const client = new ParadimeClient({ endpoint, apiKey, apiSecret });
/// const { activeUsers, invitedUsers } = await client.listUsers();
/// ```
///
/// Every method returns a Promise and never throws synchronously: a bad argument
/// rejects with a `ParadimeError` of kind `"validation"` and nothing is sent. One client
/// serves many calls at once; the credentials it holds are not readable from JS.
/// `free()` releases it early: calls in flight still settle, later calls reject with
/// kind `"config"`.
#[wasm_bindgen]
pub struct ParadimeClient {
    client: Rc<Client>,
}

/// The JS value of a failure: a `ParadimeError`.
fn fail(failure: impl Into<Failure>) -> JsValue {
    failure.into().to_js()
}

#[wasm_bindgen]
impl ParadimeClient {
    /// Creates a client. Throws a `ParadimeError` of kind `"config"` naming the
    /// offending option (never its value) when the options are not usable: unknown
    /// keys, a key without a secret, a company token without `workspaceUid`, an
    /// endpoint that is not an absolute http(s) URL, `http://` to a non-loopback host
    /// without `allowInsecureHttp`, a non-positive timeout.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<ParadimeClient, JsValue> {
        let (config, callbacks) = js::client_config(&options).map_err(fail)?;
        Ok(ParadimeClient {
            client: Rc::new(Client::new(config, callbacks)),
        })
    }

    /// All active and invited users of the workspace. Retried on network errors,
    /// 408/429/5xx. Rejects with a `ParadimeError`.
    #[wasm_bindgen(js_name = listUsers, unchecked_return_type = "Promise<UserList>")]
    pub fn list_users(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| async move {
            run(&client, Expect::UserList, Variables::None {}, options).await
        })
    }

    /// The active users (a helper on `listUsers`; errors report `operation: "listUsers"`).
    #[wasm_bindgen(js_name = listActiveUsers, unchecked_return_type = "Promise<ActiveUser[]>")]
    pub fn list_active_users(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| async move {
            run(&client, Expect::ActiveUsers, Variables::None {}, options).await
        })
    }

    /// The invited users (a helper on `listUsers`).
    #[wasm_bindgen(js_name = listInvitedUsers, unchecked_return_type = "Promise<InvitedUser[]>")]
    pub fn list_invited_users(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| async move {
            run(&client, Expect::InvitedUsers, Variables::None {}, options).await
        })
    }

    /// The active user with this email, compared case-insensitively, or `null`. The
    /// email is validated like `inviteUser`'s.
    #[wasm_bindgen(
        js_name = getUserByEmail,
        unchecked_return_type = "Promise<ActiveUser | null>"
    )]
    pub fn get_user_by_email(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] email: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| async move {
            let email =
                validate::email(Operation::ListUsers, js::arg(&email).arg()).map_err(fail)?;
            run(
                &client,
                Expect::UserByEmail(&email),
                Variables::None {},
                options,
            )
            .await
        })
    }

    /// Invites `email` with the role `accountType`. Not retried after a network error
    /// or 5xx (the invite may have been sent; check `listInvitedUsers`), only after 429.
    #[wasm_bindgen(js_name = inviteUser, unchecked_return_type = "Promise<void>")]
    pub fn invite_user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] email: JsValue,
        #[wasm_bindgen(js_name = "accountType", unchecked_param_type = "AccountType")]
        account_type: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| async move {
            let op = Operation::InviteUser;
            let email = validate::email(op, js::arg(&email).arg()).map_err(fail)?;
            let account_type =
                validate::account_type(op, js::arg(&account_type).arg()).map_err(fail)?;
            let variables = Variables::Invite {
                email,
                account_type,
            };
            mutate(&client, variables, options).await
        })
    }

    /// Changes the role of the active user `uid`.
    #[wasm_bindgen(js_name = updateUserAccountType, unchecked_return_type = "Promise<void>")]
    pub fn update_user_account_type(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] uid: JsValue,
        #[wasm_bindgen(js_name = "accountType", unchecked_param_type = "AccountType")]
        account_type: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| async move {
            let op = Operation::UpdateUserAccountType;
            let uid = validate::uid(op, js::arg(&uid).arg()).map_err(fail)?;
            let account_type =
                validate::account_type(op, js::arg(&account_type).arg()).map_err(fail)?;
            mutate(&client, Variables::Update { uid, account_type }, options).await
        })
    }

    /// Disables the active user `uid`.
    #[wasm_bindgen(js_name = disableUser, unchecked_return_type = "Promise<void>")]
    pub fn disable_user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] uid: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| async move {
            let op = Operation::DisableUser;
            let uid = validate::uid(op, js::arg(&uid).arg()).map_err(fail)?;
            mutate(&client, Variables::Disable { uid }, options).await
        })
    }
}

impl ParadimeClient {
    /// The Promise of one operation: `operation` gets its own clone of the client's `Rc`
    /// (see [`promise`]).
    fn spawn<F, Fut>(&self, operation: F) -> Promise
    where
        F: FnOnce(Rc<Client>) -> Fut,
        Fut: Future<Output = Result<JsValue, JsValue>> + 'static,
    {
        promise(operation(self.client.clone()))
    }
}

/// A `validation` error of a method built on calls, about its data argument.
fn invalid_arg(op: Operation, method: &str, problem: Problem) -> JsValue {
    fail(Error::invalid(op, method, problem))
}

#[wasm_bindgen]
impl ParadimeClient {
    /// The plan that makes the workspace equal to `roster`: lists the workspace once and
    /// compares (emails case-insensitively); never writes. Invites, updates to `ADMIN`,
    /// other updates, then (with `disableMissing`) disables; `keep` is never changed. A
    /// roster that would leave no active `ADMIN` rejects with kind `"validation"`.
    #[wasm_bindgen(js_name = planSync, unchecked_return_type = "Promise<SyncPlan>")]
    pub fn plan_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RosterEntry[]")] roster: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PlanOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| plan(client, roster, options))
    }

    /// Runs a plan from `planSync` (also after `JSON.stringify`/`JSON.parse`): every
    /// action is checked first (nothing is sent if one is malformed), the workspace is
    /// listed once and what is already true is `skipped`; the rest runs with at most
    /// `concurrency` calls in flight, disables last. A failure does not stop the others;
    /// an abort or the deadline marks the unsent actions `aborted`. An `ADMIN` is demoted
    /// or disabled only while another `ADMIN` is known to be active.
    #[wasm_bindgen(js_name = applySync, unchecked_return_type = "Promise<SyncReport>")]
    pub fn apply_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SyncPlan")] plan: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ApplyOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| apply(client, plan, options))
    }

    /// Invites each unique valid entry (one `inviteUser` each; a repeated email is
    /// `skipped`), with at most `concurrency` in flight. No listing: an entry already in
    /// the workspace is sent too. Invalid entries are `failed` with kind `"validation"`
    /// and the rest still go out.
    #[wasm_bindgen(js_name = inviteUsers, unchecked_return_type = "Promise<SyncReport>")]
    pub fn invite_users(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RosterEntry[]")] invites: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ApplyOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| invite_many(client, invites, options))
    }
}

#[wasm_bindgen]
impl ParadimeClient {
    /// The workspaces these credentials reach: every workspace of the company for a
    /// company token, the one they belong to for a key pair or a workspace token.
    /// Retried like `listUsers`; errors report `operation: "listWorkspaces"`.
    #[wasm_bindgen(js_name = listWorkspaces, unchecked_return_type = "Promise<Workspace[]>")]
    pub fn list_workspaces(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| async move {
            let op = Operation::ListWorkspaces;
            let settings =
                js::call_settings(op, &options, client.config.timeout_ms).map_err(fail)?;
            let scope =
                CallScope::start(op, op.method_name(), settings.timeout_ms, settings.signal)
                    .map_err(fail)?;
            let list = company::list_workspaces(&client, &scope)
                .await
                .map_err(fail)?;
            js::to_js(&list).map_err(JsValue::from)
        })
    }

    /// A client for the workspace `workspaceUid`, from the same credential: same
    /// endpoint, credentials, deadline, retries, headers, `fetch` and hooks; every
    /// request sends `X-Paradime-Workspace: <workspaceUid>`. A uid that is not one
    /// (empty, white space, over 256 characters) throws a `ParadimeError` of kind
    /// `"config"`; nothing is sent.
    #[wasm_bindgen(js_name = withWorkspace)]
    pub fn with_workspace(
        &self,
        #[wasm_bindgen(js_name = "workspaceUid", unchecked_param_type = "string")]
        workspace_uid: JsValue,
    ) -> Result<ParadimeClient, JsValue> {
        let uid = workspace_uid
            .as_string()
            .ok_or_else(|| Problem::new("must be a string"))
            .and_then(|uid| check_uid(&uid).map(|()| uid))
            .map_err(|problem| fail(Error::config(problem.within("workspaceUid"))))?;
        Ok(ParadimeClient {
            client: Rc::new(self.client.for_workspace(&uid)),
        })
    }

    /// The access review: every chosen workspace listed (at most `concurrency` at
    /// once), one row per person with their role and state in each workspace, and per
    /// workspace its `ADMIN` count and expired invitations. Reads, never writes.
    #[wasm_bindgen(js_name = accessReview, unchecked_return_type = "Promise<AccessReview>")]
    pub fn access_review(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ReviewOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| async move {
            let method = "accessReview";
            let settings =
                js::company_settings(method, &options, client.config.timeout_ms).map_err(fail)?;
            let listed = company::list_each(&client, method, &settings)
                .await
                .map_err(fail)?;
            js::to_js(&review(&listed)).map_err(JsValue::from)
        })
    }

    /// The offboarding of `emails` from the chosen workspaces (all by default): one
    /// plan per workspace that disables each of them who is active there, the
    /// invitations the API cannot revoke, the disables the last-`ADMIN` rule will
    /// refuse, and the emails found nowhere. Reads, never writes.
    #[wasm_bindgen(js_name = planOffboard, unchecked_return_type = "Promise<OffboardPlan>")]
    pub fn plan_offboard(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] emails: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "OffboardOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| async move {
            let method = "planOffboard";
            let op = Operation::ListWorkspaces;
            let emails =
                read_emails(js::plain_data(&emails, 1)).map_err(|p| invalid_arg(op, method, p))?;
            let settings =
                js::company_settings(method, &options, client.config.timeout_ms).map_err(fail)?;
            let listed = company::list_each(&client, method, &settings)
                .await
                .map_err(fail)?;
            js::to_js(&plan_offboard(&emails, &listed)).map_err(JsValue::from)
        })
    }

    /// Runs an offboarding plan: each of its plans as `applySync` runs it, in its own
    /// workspace, one workspace after another (`concurrency` calls in flight within
    /// one). The last-`ADMIN` rule holds per workspace; what is done is skipped, so a
    /// re-run finishes what is left. Resolves with a report per workspace and the
    /// counts of all.
    #[wasm_bindgen(js_name = applyOffboard, unchecked_return_type = "Promise<OffboardReport>")]
    pub fn apply_offboard(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OffboardPlan")] plan: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ApplyOptions")] options: JsValue,
    ) -> Promise {
        self.spawn(|client| offboard(client, plan, options))
    }
}

/// `applyOffboard`.
async fn offboard(client: Rc<Client>, plan: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let method = "applyOffboard";
    let op = Operation::DisableUser;
    let plans =
        read_offboard_arg(js::plain_data(&plan, 5)).map_err(|p| invalid_arg(op, method, p))?;
    let settings =
        js::apply_settings(op, method, &options, client.config.timeout_ms).map_err(fail)?;
    let total: usize = plans.iter().map(|(actions, _)| actions.len()).sum();
    let total = u32::try_from(total).unwrap_or(u32::MAX);
    // One deadline and signal for every workspace's part.
    let scope = sync::run_scope(op, method, &settings).map_err(fail)?;
    let reports = js_sys::Array::new();
    let mut counts = [0.0f64; 4];
    let mut offset = 0u32;
    for (actions, workspace) in plans {
        let size = u32::try_from(actions.len()).unwrap_or(u32::MAX);
        let one = client.for_workspace(&workspace.uid);
        let progress = Progress { offset, total };
        let report = sync::apply_part(&one, actions, &settings, progress, &scope)
            .await
            .map_err(fail)?;
        offset = offset.saturating_add(size);
        for (count, key) in counts
            .iter_mut()
            .zip(["done", "skipped", "failed", "aborted"])
        {
            *count += js::get(&report, key).as_f64().unwrap_or(0.0);
        }
        let entry = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            js_sys::Reflect::set(&entry, &JsValue::from_str(key), value).map(|_| ())
        };
        set("workspace", &js::to_js(&workspace).map_err(JsValue::from)?)?;
        set("report", &report)?;
        reports.push(&entry);
    }
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &"reports".into(), &reports)?;
    for (count, key) in counts.iter().zip(["done", "skipped", "failed", "aborted"]) {
        js_sys::Reflect::set(&out, &key.into(), &JsValue::from(*count))?;
    }
    Ok(out.into())
}

/// `planSync`.
async fn plan(client: Rc<Client>, roster: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let op = Operation::ListUsers;
    let (entries, problems) =
        read_roster_arg(js::plain_data(&roster, 2)).map_err(|p| invalid_arg(op, "planSync", p))?;
    let (call, settings) = js::plan_settings(&options, client.config.timeout_ms).map_err(fail)?;
    let workspace = match call::run(&client, Expect::Workspace, &Variables::None {}, call)
        .await
        .map_err(fail)?
    {
        (Output::UserList(list), _) => list,
        _ => Workspace::default(),
    };
    let mut plan = plan_sync(&entries, &workspace, &settings)
        .map_err(|why| invalid_arg(op, "planSync", why))?;
    plan.problems = problems;
    plan.workspace = client.plan_workspace();
    js::to_js(&plan).map_err(JsValue::from)
}

/// `applySync`.
async fn apply(client: Rc<Client>, plan: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let op = Operation::ListUsers;
    let (actions, workspace) =
        read_plan_arg(js::plain_data(&plan, 3)).map_err(|p| invalid_arg(op, "applySync", p))?;
    check_plan_workspace(workspace.as_ref(), client.config.workspace_uid.as_deref())
        .map_err(|p| invalid_arg(op, "applySync", p))?;
    let settings =
        js::apply_settings(op, "applySync", &options, client.config.timeout_ms).map_err(fail)?;
    sync::apply(&client, actions, settings).await.map_err(fail)
}

/// `inviteUsers`.
async fn invite_many(
    client: Rc<Client>,
    invites: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let op = Operation::InviteUser;
    let entries =
        read_invites(js::plain_data(&invites, 2)).map_err(|p| invalid_arg(op, "inviteUsers", p))?;
    let settings =
        js::apply_settings(op, "inviteUsers", &options, client.config.timeout_ms).map_err(fail)?;
    let entries = roster::classify_invites(entries);
    sync::invite(&client, entries, settings).await.map_err(fail)
}

/// Parses a roster CSV: RFC 4180 quoting, CRLF or LF, a UTF-8 BOM, blank lines ignored,
/// `,`, `;` or tab found from the first line. A header row names the email and role
/// columns (the usual names of Google Workspace, Okta, Entra ID and HR exports, or
/// `options`); without one, email then role. Never throws: rows that cannot be used are
/// `problems` with their 1-based line, and a file with no email column is one problem
/// naming the headers seen.
#[wasm_bindgen(js_name = parseRoster, unchecked_return_type = "Roster")]
pub fn parse_roster(
    #[wasm_bindgen(unchecked_param_type = "string")] csv: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RosterOptions")] options: JsValue,
) -> JsValue {
    let read = csv
        .as_string()
        .ok_or_else(|| Problem::new("the roster must be CSV text (a string)"))
        .and_then(|text| {
            roster::roster_settings(js::roster_options(&options))
                .map(|settings| roster::parse_roster_with(&text, &settings))
        });
    let parsed = read.unwrap_or_else(|problem| roster::Roster {
        entries: Vec::new(),
        problems: vec![roster::RosterProblem {
            line: None,
            email: None,
            message: problem.to_string(),
        }],
    });
    js::to_js(&parsed).unwrap_or(JsValue::NULL)
}

/// The Promise JS gets for one operation: `future` run by wasm-bindgen-futures. Each
/// future owns a clone of the client's `Rc` and borrows nothing of the JS object, so
/// `free()` while calls are in flight releases the object and those calls still settle.
/// (An exported `async fn` taking `&self` would hold wasm-bindgen's borrow of the object
/// until it settles: `free()` would throw and leak the client.)
///
/// The future is boxed first, so wasm-bindgen-futures' task machinery is built once for
/// every operation (one `future_to_promise::<Pin<Box<dyn Future>>>`), not once per method.
fn promise(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let boxed: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(future);
    wasm_bindgen_futures::future_to_promise(boxed)
}

/// One call: its options checked, its request sent (and retried), its result in JS.
async fn run(
    client: &Rc<Client>,
    want: Expect<'_>,
    variables: Variables,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let op = want.operation();
    let settings = js::call_settings(op, &options, client.config.timeout_ms).map_err(fail)?;
    let (output, body) = call::run(client, want, &variables, settings)
        .await
        .map_err(fail)?;
    js::output_value(output, &body).map_err(fail)
}

/// A mutation: resolves to `undefined`.
async fn mutate(
    client: &Rc<Client>,
    variables: Variables,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let want = Expect::Ack(variables.operation());
    run(client, want, variables, options)
        .await
        .map(|_| JsValue::UNDEFINED)
}

/// True when `value` is an error from this package (an `Error` named
/// `"ParadimeError"` with a `kind`).
#[wasm_bindgen(js_name = isParadimeError, unchecked_return_type = "value is ParadimeError")]
pub fn is_paradime_error(#[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue) -> bool {
    js::is_paradime_error(&value)
}

/// The account types this version knows, in the API's order. The methods also accept
/// newer ones (every name matching `^[A-Z][A-Z0-9_]*$`).
#[wasm_bindgen(js_name = accountTypes, unchecked_return_type = "AccountType[]")]
pub fn account_types() -> js_sys::Array {
    js::to_js(&ACCOUNT_TYPES)
        .map(JsCast::unchecked_into)
        .unwrap_or_default()
}
