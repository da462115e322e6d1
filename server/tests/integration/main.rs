//! The integration tests: one binary (one link, one build), a module per feature. Each test
//! spawns the real application (`server::startup::Application`) on port 0 with a fresh
//! database — SQLite, or PostgreSQL when `SKIFTET_TEST_DATABASE` is set — and its own clock.
//! `SKIFTET_TEST_TODAY=2027-03-27` runs the whole suite as if it were that day;
//! `SKIFTET_TEST_LOG=1` (or a `RUST_LOG` filter) shows the server's logs of a failing test.
mod helpers;

mod access;
mod admin;
mod allocate_command;
mod assets;
mod auth;
mod demo;
mod equipment;
mod errands;
mod live;
mod matrix;
mod pool;
mod push;
mod reports;
mod schedules;
mod security;
mod signed_in;
mod storage;
