//! The short codes under which the domain's enums are stored ("care_worker", "planned",
//! "team_leader"). One trait says how each enum maps to its code; the server's row decoding
//! (`ssr::db`) reads and binds every such enum through it, so SQL never spells a code and an
//! unknown code is a decode error, never a silent default.
use std::fmt;

pub trait Code: Sized + Copy + 'static {
    fn code(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self>;
}

/// A code that names no variant. Only data written outside Skiftet can hold one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown code {:?}", self.0)
    }
}

impl std::error::Error for UnknownCode {}

macro_rules! code_through {
    ($ty:ty, $code:ident) => {
        impl Code for $ty {
            fn code(self) -> &'static str {
                <$ty>::$code(self)
            }
            fn from_code(code: &str) -> Option<Self> {
                code.parse().ok()
            }
        }
    };
}

code_through!(crate::domain::Role, as_str);
code_through!(crate::domain::ProviderKind, as_str);
code_through!(crate::domain::UnitKind, as_str);
code_through!(crate::domain::schedule::QualityRole, code);
code_through!(crate::domain::schedule::ShiftKind, code);
code_through!(crate::domain::schedule::ShiftStatus, code);
code_through!(crate::domain::report::AbsenceReason, code);
code_through!(crate::domain::report::PoolRequestState, code);
code_through!(crate::domain::pool::DayPart, code);
code_through!(crate::domain::pool::OfferState, code);
code_through!(crate::model::AuditAction, code);
code_through!(crate::model::AuditEntity, code);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::{QualityRole, ShiftKind, ShiftStatus};

    fn round_trips<T: Code + PartialEq + fmt::Debug>(all: impl IntoIterator<Item = T>) {
        for value in all {
            assert_eq!(T::from_code(value.code()), Some(value));
        }
        assert_eq!(T::from_code("no such code"), None);
    }

    #[test]
    fn every_code_reads_back_as_its_value() {
        round_trips(crate::domain::Role::ALL);
        round_trips(QualityRole::ALL);
        round_trips(ShiftKind::all());
        round_trips([ShiftStatus::Planned, ShiftStatus::Absent]);
        round_trips([crate::domain::ProviderKind::Municipal, crate::domain::ProviderKind::Private]);
        round_trips(crate::domain::UnitKind::ALL);
        round_trips(crate::model::AuditAction::ALL.iter().copied());
        round_trips(crate::model::AuditEntity::ALL.iter().copied());
    }
}
