//! The thin wasm shell: JS values in and out, `fetch`, timers. It knows JavaScript and
//! nothing of Paradime; every decision is made by [`crate::core`].

pub mod call;
pub mod js;
pub mod transport;
pub mod types;
