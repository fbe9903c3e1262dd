//! The thin wasm shell: JS values in and out (`js`), one HTTP attempt through gloo-net
//! (`transport`), one call's attempts, waits and deadline (`call`), a run of many calls
//! (`sync`: `applySync`, `inviteUsers`), and the TypeScript
//! declarations (`types`). It knows JavaScript and nothing of Paradime; every decision is
//! made by [`crate::core`].

// Nothing of the shell is public API: the wasm face (lib.rs) is. `make lint` holds it.
#![warn(unreachable_pub)]

pub(crate) mod call;
pub(crate) mod company;
pub(crate) mod js;
pub(crate) mod sync;
pub(crate) mod transport;
pub(crate) mod types;
