//! `paradime-users`: a typed client for Paradime's User Management GraphQL API, compiled
//! to WebAssembly.
//!
//! - [`core`]: plain Rust (and serde) that knows Paradime's API and nothing of JavaScript,
//!   unit-tested natively;
//! - `shell` (wasm32 only): JS values in and out (serde-wasm-bindgen), each request through
//!   gloo-net, the waits between attempts, the runs of many calls;
//! - `exports` (wasm32 only): what JS imports: `ParadimeClient`, `isParadimeError`,
//!   `accountTypes`, `parseRoster`.

#![warn(missing_docs)]

// Public for `cargo test`, `examples/walk_speed.rs` and the fuzz targets (what only they
// need is behind the `fuzzing` feature); kept public in the wasm build too, where making it
// private changed LTO's inlining for the worse.
pub mod core;

#[cfg(target_arch = "wasm32")]
mod exports;
#[cfg(target_arch = "wasm32")]
mod shell;

#[cfg(target_arch = "wasm32")]
pub use exports::*;

/// The wasm's allocator: talc, smaller than the default dlmalloc and no slower at 2,000
/// calls in flight (`make bench`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
