//! The company: its workspaces, each with its uid, name and own store (users, invites,
//! journal). A request acts on the one its credentials and `X-Paradime-Workspace` choose.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::auth::WorkspaceInfo;
use crate::workspace::{initial_data_of, Workspace};

/// One workspace of the company.
pub struct Member {
    pub info: WorkspaceInfo,
    pub store: Arc<Workspace>,
}

/// Every workspace, in the order `listWorkspaces` gives them.
pub struct Company {
    members: Vec<Member>,
}

/// Where workspace number `index` keeps its data: the `--data` file for the first (as with
/// one workspace), a file beside it named for the uid for the others.
fn data_path(data: &Path, index: usize, uid: &str) -> PathBuf {
    match index {
        0 => data.to_path_buf(),
        _ => {
            let mut name = data.as_os_str().to_os_string();
            name.push(format!(".{uid}"));
            PathBuf::from(name)
        }
    }
}

impl Company {
    /// The workspaces `infos`, each starting with [`initial_data_of`] its index and `users`
    /// generated people, kept in memory or, with `data`, in its own file and journal.
    pub fn open(
        infos: &[WorkspaceInfo],
        users: usize,
        data: Option<&Path>,
    ) -> Result<Self, String> {
        let mut members = Vec::with_capacity(infos.len());
        for (index, info) in infos.iter().enumerate() {
            let initial = initial_data_of(index, users);
            let store = match data {
                Some(path) => Workspace::persistent(&data_path(path, index, &info.uid), initial)?,
                None => Workspace::in_memory(initial),
            };
            members.push(Member {
                info: info.clone(),
                store: Arc::new(store),
            });
        }
        Ok(Company { members })
    }

    /// The workspace with this uid.
    pub fn get(&self, uid: &str) -> Option<&Arc<Workspace>> {
        self.members
            .iter()
            .find(|m| m.info.uid == uid)
            .map(|m| &m.store)
    }

    /// The first workspace (test controls that name none act on it).
    pub fn first(&self) -> Option<&Arc<Workspace>> {
        self.members.first().map(|m| &m.store)
    }

    /// Every workspace, in order.
    pub fn members(&self) -> &[Member] {
        &self.members
    }
}
