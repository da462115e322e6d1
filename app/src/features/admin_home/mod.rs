//! The administrator's start page.
pub mod page;
