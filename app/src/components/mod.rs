//! Building blocks shared by the pages.
pub mod form;
pub mod labels;
pub mod notice;
pub mod shell;

pub use form::{CheckField, FormFooter, TextField};
pub use notice::{ErrorNotice, FieldError, Loading};
