//! One folder per feature, named after what users call it. Each holds the feature's wire types
//! and server functions (`mod.rs`), its server-only queries (`server.rs`, compiled with `ssr`)
//! and its pages (`page.rs`). The phone roles' features (sign_in, my_shifts, offers, availability,
//! profile, errands)
//! depend only on the shared core, never on planning or administration.
pub mod admin_home;
pub mod agreements;
pub mod audit_trail;
pub mod availability;
pub mod base_staffing;
pub mod competences;
pub mod daily_report;
pub mod equipment;
pub mod errands;
pub mod follow_up;
pub mod my_shifts;
pub mod my_units;
pub mod offers;
pub mod people;
pub mod pool;
pub mod profile;
pub mod providers;
pub mod rolling_schedule;
#[cfg(feature = "ssr")]
pub mod shifts;
pub mod sign_in;
pub mod situation;
pub mod unit_week;
pub mod units;
