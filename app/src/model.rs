//! Wire types shared by several features (each feature's own types live in its folder).
use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// The logged-in person as the UI needs them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// Whether they have made a private calendar link (*Mina pass*). Read with the person, which
    /// every signed-in request reads anyway: one query less on the phone's busiest page.
    pub has_calendar_link: bool,
}

impl SessionUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    pub fn home_path(&self) -> &'static str {
        Role::primary(&self.roles).map(Role::home_path).unwrap_or("/profil")
    }
}

/// Page size for long lists (the demo has 700+ people).
pub const PER_PAGE: i64 = 25;

/// The last page number a list answers for: far beyond any real list, and small enough that
/// `page * per_page` cannot overflow.
pub const MAX_PAGE: i64 = 100_000;

/// Longest search text a list takes.
pub const MAX_QUERY_CHARS: usize = 200;

/// A page number from a request: 0 ..= [`MAX_PAGE`] (negative numbers read as the first page).
pub fn page_number(page: i64) -> Result<i64, crate::error::AppError> {
    if page > MAX_PAGE {
        return Err(crate::error::AppError::out_of_range("page", &(0..=MAX_PAGE)));
    }
    Ok(page.max(0))
}

/// A search text from a request, at most [`MAX_QUERY_CHARS`] characters.
pub fn search_query(query: &str) -> Result<&str, crate::error::AppError> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(crate::error::AppError::invalid("query", crate::error::InvalidCode::TooLong));
    }
    Ok(query)
}

/// One page of a longer list, with the total for "showing 21–40 of 726".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> i64 {
        if self.per_page <= 0 { 1 } else { ((self.total + self.per_page - 1) / self.per_page).max(1) }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Competence {
    pub id: i64,
    pub code: String,
    pub name_sv: String,
    pub name_en: String,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub active: bool,
}

impl Competence {
    /// The competence's name in the reader's language.
    pub fn name(&self, locale: crate::i18n::Locale) -> &str {
        if locale == crate::i18n::Locale::en { &self.name_en } else { &self.name_sv }
    }
}

/// A role to give a person, as the person form sends it; `unit_id` names the unit of a
/// unit-bound role (unit manager, care worker) and is empty for the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub unit_id: Option<i64>,
}

/// A role as held by a person; `unit_id` is set for unit-bound roles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RoleGrant {
    pub role: Role,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
}

/// What an entry of the audit trail records was done. Stored by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Save,
    Delete,
    Activate,
    Deactivate,
    Invite,
    SetPassword,
    ChangePassword,
    RenewCalendarLink,
    Assign,
    Swap,
    MarkAbsent,
    GenerateShifts,
    LoadDemo,
    FileReport,
    Remind,
    RunAllocation,
    PublishOffers,
    AcceptOffer,
    DeclineOffer,
    CancelBooking,
    SetAvailability,
    RequestFromPool,
    RequestErrand,
    ClaimErrand,
    WorkOnErrand,
    DeliverErrand,
    CloseErrandUndone,
    CancelErrand,
    SetErrandMinutes,
    MoveStock,
    ApproveDistribution,
    ConfirmReceipt,
    RequestEquipment,
}

/// What kind of thing an audit entry is about. Stored by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditEntity {
    Person,
    Provider,
    Unit,
    Competence,
    AgreementProfile,
    ShiftType,
    StaffingNeed,
    Rotation,
    RotationLine,
    Shift,
    Municipality,
    DailyReport,
    PoolOffer,
    PoolBooking,
    PoolRequest,
    Errand,
    Material,
    StockMovement,
    Distribution,
    Shipment,
    EquipmentRequest,
}

/// `code()`/`from_code` for an enum stored under snake-case codes, one per variant.
macro_rules! codes {
    ($ty:ident { $($variant:ident => $code:literal),* $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];
            pub fn code(self) -> &'static str {
                match self { $($ty::$variant => $code),* }
            }
        }
        impl std::str::FromStr for $ty {
            type Err = ();
            fn from_str(code: &str) -> Result<Self, ()> {
                $ty::ALL.iter().copied().find(|v| v.code() == code).ok_or(())
            }
        }
    };
}

codes!(AuditAction {
    Create => "create", Update => "update", Save => "save", Delete => "delete",
    Activate => "activate", Deactivate => "deactivate", Invite => "invite",
    SetPassword => "set_password", ChangePassword => "change_password",
    RenewCalendarLink => "renew_calendar_link", Assign => "assign", Swap => "swap",
    MarkAbsent => "mark_absent", GenerateShifts => "generate_shifts", LoadDemo => "load_demo",
    FileReport => "file_report", Remind => "remind", RunAllocation => "run_allocation",
    PublishOffers => "publish_offers", AcceptOffer => "accept_offer", DeclineOffer => "decline_offer",
    CancelBooking => "cancel_booking", SetAvailability => "set_availability", RequestFromPool => "request_from_pool",
    RequestErrand => "request_errand", ClaimErrand => "claim_errand", WorkOnErrand => "work_on_errand",
    DeliverErrand => "deliver_errand", CloseErrandUndone => "close_errand_undone", CancelErrand => "cancel_errand",
    SetErrandMinutes => "set_errand_minutes", MoveStock => "move_stock",
    ApproveDistribution => "approve_distribution", ConfirmReceipt => "confirm_receipt",
    RequestEquipment => "request_equipment",
});

codes!(AuditEntity {
    Person => "person", Provider => "provider", Unit => "unit", Competence => "competence",
    AgreementProfile => "agreement_profile", ShiftType => "shift_type", StaffingNeed => "staffing_need",
    Rotation => "rotation", RotationLine => "rotation_line", Shift => "shift", Municipality => "municipality",
    DailyReport => "daily_report", PoolOffer => "pool_offer", PoolBooking => "pool_booking",
    PoolRequest => "pool_request", Errand => "errand", Material => "material",
    StockMovement => "stock_movement", Distribution => "distribution", Shipment => "shipment",
    EquipmentRequest => "equipment_request",
});

/// An id that says what it is the id of, where a function takes several and a mix-up would give a
/// shift to the wrong person (the shift store and its rules gate). The same number on the wire.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A person (`people.id`).
    PersonId
);
id_type!(
    /// A unit (`units.id`).
    UnitId
);
id_type!(
    /// A shift (`shifts.id`).
    ShiftId
);
