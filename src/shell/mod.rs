//! The thin wasm shell: JS values in and out (`js`), one HTTP attempt through gloo-net
//! (`transport`), one call's attempts, waits and deadline (`call`), a run of many calls
//! (`sync`: `applySync`, `inviteUsers`), and the TypeScript
//! declarations (`types`). It knows JavaScript and nothing of Paradime; every decision is
//! made by [`crate::core`].

pub mod call;
pub mod company;
pub mod js;
pub mod sync;
pub mod transport;
pub mod types;
