//! Server functions: thin, each checks the caller's role on the server, then calls `crate::ssr`.
//! Endpoints are named (`/api/<name>`) so that tests and other clients can call them.
pub mod admin;
pub mod auth;
pub mod schedule;
pub mod views;

/// Page size for long lists (the demo has 700+ people).
pub const PER_PAGE: i64 = 25;
