//! The thin wasm shell: JS values in and out, and the call the JavaScript driver
//! (`driver.js`: fetch, timers, the caller's signal) asks after each attempt. It knows
//! JavaScript and nothing of Paradime; every decision is made by [`crate::core`].

pub mod call;
pub mod js;
pub mod types;
