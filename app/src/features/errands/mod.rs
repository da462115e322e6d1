//! Service-team errands (the service team's home page; the errands themselves come later).
pub mod page;
