//! `paradime-users`: a typed client for Paradime's User Management GraphQL API, compiled
//! to WebAssembly.
//!
//! [`core`] is plain Rust that knows Paradime's API and nothing of JavaScript; the shell
//! (wasm32 only) turns JS values into core types, calls `fetch`, sleeps, and turns results
//! back into JS.

pub mod core;
