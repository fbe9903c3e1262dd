//! The functional core: plain Rust (and serde) that knows Paradime's API and nothing of
//! JavaScript. Every piece is unit-tested natively with `cargo test`.

pub mod auth;
pub mod decode;
pub mod error;
pub mod hooks;
pub mod model;
pub mod object;
pub mod offboard;
pub mod operation;
pub mod options;
pub mod retry;
pub mod review;
pub mod roster;
pub mod validate;
pub mod workspaces;
