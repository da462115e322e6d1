//! Pure domain types and rules: no I/O, compiled for both the phone and the server.
pub mod allocation;
pub mod code;
pub mod equipment;
pub mod errand;
pub mod need;
pub mod parse;
pub mod pool;
pub mod report;
pub mod role;
pub mod schedule;
pub mod time;
pub mod worktime;

pub use parse::{Email, NoteText, OrgNumber, Password, Percent, PersonName, RequiredText};
pub use role::{ProviderKind, Role, UnitKind};
