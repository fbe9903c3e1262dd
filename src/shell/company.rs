//! The calls that span workspaces (`accessReview`, `planOffboard`): `listWorkspaces` once,
//! then `listUsers` of each chosen workspace, at most `concurrency` at once, `onProgress`
//! after each, all under one deadline and signal. What to make of the listings is the
//! core's (`review`, `offboard`).

use futures_util::stream::{self, StreamExt};
use wasm_bindgen::JsValue;

use crate::core::decode::{Expect, Output};
use crate::core::error::Error;
use crate::core::model::UserList;
use crate::core::operation::{Operation, Variables};
use crate::core::options::CompanySettings;
use crate::core::workspaces::{choose, Listed, WorkspaceInfo};
use crate::shell::call::{self, CallScope, Client, Failure};
use crate::shell::js::{Callback, Signal};

/// `listWorkspaces` in `scope`; the client remembers the names.
pub(crate) async fn list_workspaces(
    client: &Client,
    scope: &CallScope,
) -> Result<Vec<WorkspaceInfo>, Failure> {
    let (output, _) = call::run_in(
        client,
        Expect::Workspaces,
        &Variables::ListWorkspaces {},
        scope,
    )
    .await?;
    let workspaces = match output {
        Output::Workspaces(list) => list,
        _ => Vec::new(),
    };
    client.remember(&workspaces);
    Ok(workspaces)
}

/// The chosen workspaces, each with its users, in listing order.
pub(crate) async fn list_each(
    client: &Client,
    method: &'static str,
    settings: &CompanySettings<Signal, Callback>,
) -> Result<Vec<Listed>, Failure> {
    let run = &settings.run;
    let scope = CallScope::start(
        Operation::ListWorkspaces,
        method,
        run.call.timeout_ms,
        run.call.signal.clone(),
    )?;
    let known = list_workspaces(client, &scope).await?;
    let chosen = choose(&known, settings.workspaces.as_deref())
        .map_err(|problem| Error::invalid(Operation::ListWorkspaces, method, problem))?;
    let total = chosen.len();
    let mut listings = stream::iter(chosen.into_iter().enumerate())
        .map(|(index, workspace)| {
            let scope = &scope;
            async move {
                let one = client.for_workspace(&workspace.uid);
                let result =
                    call::run_in(&one, Expect::Workspace, &Variables::None {}, scope).await;
                (index, workspace, result)
            }
        })
        .buffer_unordered(run.concurrency);
    let mut listed: Vec<Option<Listed>> = vec![None; total];
    let mut done = 0u32;
    while let Some((index, workspace, result)) = listings.next().await {
        let users = match result {
            Ok((Output::UserList(users), _)) => users,
            Ok(_) => UserList::default(),
            Err(mut failure) => {
                // Which workspace failed: the rest of the message is the call's own.
                failure.error.message = format!(
                    "{method}: workspace \"{}\" ({}): {}",
                    workspace.name, workspace.uid, failure.error.message
                );
                return Err(failure);
            }
        };
        done += 1;
        if let Some(progress) = &run.on_progress {
            let _ = progress.call2(
                &JsValue::NULL,
                &JsValue::from(done),
                &JsValue::from(total as u32),
            );
        }
        if let Some(slot) = listed.get_mut(index) {
            *slot = Some(Listed { workspace, users });
        }
    }
    Ok(listed.into_iter().flatten().collect())
}
