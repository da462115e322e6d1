#![recursion_limit = "256"]
//! The Skiftet server: configuration, database set-up and migrations, sessions, the axum router
//! around the Leptos app, background jobs and the demo municipality.
pub mod assets;
pub mod calendar;
pub mod config;
pub mod database;
pub mod demo;
pub mod export;
pub mod language;
pub mod live;
pub mod offline;
pub mod security;
pub mod sessions;
pub mod startup;
pub mod web;

pub use config::Config;
