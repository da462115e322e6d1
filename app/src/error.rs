//! The one error type every server function returns. It crosses the wire as JSON so the phone
//! can show a translated message; it never carries internal details (SQL, stack traces) — those
//! are logged on the server and replaced by `Internal`.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Which input a validation error is about, so the form can mark that field.
pub type Field = String;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not logged in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input in {field}: {code:?}")]
    Invalid { field: Field, code: InvalidCode },
    #[error("conflict: {0:?}")]
    Conflict(ConflictCode),
    #[error("wrong e-mail or password")]
    BadCredentials,
    #[error("too many attempts; retry in {retry_after_secs} s")]
    Throttled { retry_after_secs: i64 },
    #[error("invitation invalid or expired")]
    InvitationInvalid,
    /// The assignment would break working-time rules; each is named.
    #[error("working-time rules broken: {0:?}")]
    RuleBreach(Vec<crate::domain::worktime::Breach>),
    /// The request itself could not be read (a malformed or outdated client); nothing was done.
    #[error("the request could not be read")]
    BadRequest,
    #[error("internal error")]
    Internal,
    /// The request never reached our code (network down, server unreachable).
    #[error("network: {0}")]
    Network(String),
}

/// Why a value was refused. Each has a translation (`err_invalid_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvalidCode {
    Required,
    TooLong,
    Email,
    PasswordTooShort,
    PasswordMismatch,
    OrgNumber,
    Percent,
    Coordinate,
    UnknownChoice,
    Time,
    /// A whole number outside `min..=max`; the message names the limits.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// Not a month such as "2026-12".
    Month,
    /// Not a date such as "2026-12-01".
    Date,
    /// The current password given to change it is not the right one.
    WrongPassword,
    /// Line breaks or other control characters, or a leading `=`, `+` or `@`.
    ForbiddenCharacters,
    /// A list with more than `max` entries, or one entry twice.
    TooMany {
        max: i64,
    },
    /// Not a Swedish registration number ("ABC 123" or "ABC 12D").
    Registration,
    /// Not an amount in kronor ("249" or "249,50").
    Amount,
}

/// A write refused because it would break a uniqueness or reference rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConflictCode {
    EmailTaken,
    OrgNumberTaken,
    CompetenceCodeTaken,
    LastAdministrator,
    ShiftTypeTaken,
    AgreementNameTaken,
    /// A daily report was filed by someone else, or a new day began, since the form was opened.
    ReportChanged,
    /// The pool offer is no longer open: it expired, was withdrawn, or the place was filled.
    OfferGone,
    /// Someone else took the place first.
    PlaceTaken,
    /// A part of a day with a booked pool shift in it cannot be made unavailable.
    AvailabilityBooked,
    /// The worker may not take this open shift (competence, availability, travel or the
    /// working-time rules).
    NotEligible,
    /// Another service-team member claimed the errand first (or holds it).
    ErrandTaken,
    /// The unit cancelled the errand.
    ErrandCancelled,
    /// The errand is delivered or marked as not completed: nothing more can be done to it.
    ErrandClosed,
    /// Nobody has claimed the errand yet, so it cannot be worked on.
    ErrandNotClaimed,
    /// Another material already has this name.
    MaterialNameTaken,
    /// The central stock does not reach (someone shipped or counted it meanwhile).
    NotEnoughStock,
    /// The shipment's receipt was already confirmed.
    ShipmentReceived,
}

impl AppError {
    pub fn invalid(field: &str, code: InvalidCode) -> Self {
        AppError::Invalid { field: field.to_string(), code }
    }

    /// `field` must be a whole number in `range`; the error carries the real limits.
    pub fn out_of_range(field: &str, range: &std::ops::RangeInclusive<i64>) -> Self {
        AppError::invalid(field, InvalidCode::OutOfRange { min: *range.start(), max: *range.end() })
    }

    /// The HTTP status this error maps to, for server functions and plain routes alike.
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest => 400,
            AppError::Unauthenticated | AppError::BadCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound | AppError::InvitationInvalid => 404,
            AppError::Invalid { .. } => 422,
            AppError::Conflict(_) | AppError::RuleBreach(_) => 409,
            AppError::Throttled { .. } => 429,
            AppError::Internal | AppError::Network(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(msg) | ServerFnErrorErr::Response(msg) => AppError::Network(msg),
            // The server could not decode the arguments: the caller's fault, not a server fault.
            // (On the server, decoding only ever happens to a request's arguments; in the
            // browser it is a reply that could not be read, which stays `Internal`.)
            ServerFnErrorErr::Args(_) => AppError::BadRequest,
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => AppError::BadRequest,
            // Everything else is a bug or an internal failure; its text stays out of the UI.
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status =
            axum::http::StatusCode::from_u16(self.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::RowNotFound = err {
            return AppError::NotFound;
        }
        // A constraint the user can break is mapped at its write, by name
        // (`ssr::db::OnConstraint`); anything reaching here is a server fault.
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}
