//! Building blocks shared by the pages.
pub mod boot;
pub mod dates;
pub mod form;
pub mod labels;
pub mod lazy;
pub mod live;
pub mod need;
pub mod notice;
pub mod resource;
pub mod shell;
pub mod title;
pub mod unit;

pub use form::{CheckField, FormFooter, TextField, follow_count, follow_value, typed_count};
pub use notice::{ErrorNotice, FieldError, Loading};
pub use resource::resource;
pub use title::PageTitle;
