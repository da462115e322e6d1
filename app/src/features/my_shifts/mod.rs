//! My shifts (phone): the next shift first, the coming weeks, a month calendar, past shifts and the
//! private calendar feed. Workers read only their own shifts.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A shift as its worker sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MyShift {
    pub id: i64,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::UnixSeconds"))]
    #[serde(with = "crate::domain::time::wire::instant")]
    pub starts_at: jiff::Timestamp,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::UnixSeconds"))]
    #[serde(with = "crate::domain::time::wire::instant")]
    pub ends_at: jiff::Timestamp,
    pub unit_name: String,
    pub unit_address: String,
    pub shift_name: Option<String>,
    pub quality_role: Option<crate::domain::schedule::QualityRole>,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub resource: bool,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub absent: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyShifts {
    /// The server's today (Stockholm): the phone's own clock may be wrong or in another zone.
    #[serde(with = "crate::domain::time::wire::date")]
    pub today: jiff::civil::Date,
    pub shifts: Vec<MyShift>,
    pub past: bool,
    pub has_calendar: bool,
}

/// A person's shifts in one calendar month (local time), for the month view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyMonth {
    /// The first day of the month.
    #[serde(with = "crate::domain::time::wire::date")]
    pub first_day: jiff::civil::Date,
    /// The server's today, marked in the calendar.
    #[serde(with = "crate::domain::time::wire::date")]
    pub today: jiff::civil::Date,
    pub shifts: Vec<MyShift>,
}

/// The caller's own shifts: from today and 6 weeks on, or (`past`) the last 8 weeks, newest first.
#[server(endpoint = "my_shifts")]
pub async fn get_my_shifts(past: bool) -> Result<MyShifts, AppError> {
    respond(async move {
        let user = require(&[]).await?;
        let db = context()?.db;
        let start_of_today = crate::domain::worktime::day_start(db.today()).as_second();
        let week = 7 * 86400;
        let shifts = if past {
            server::shifts_of(&db, user.id, start_of_today - 8 * week, start_of_today, true).await?
        } else {
            server::shifts_of(&db, user.id, start_of_today, start_of_today + 6 * week, false).await?
        };
        Ok(MyShifts { today: db.today(), shifts, past, has_calendar: user.has_calendar_link })
    })
    .await
}

/// The caller's own shifts in the calendar month `month` ("2026-12"; empty for this month).
#[server(endpoint = "my_month")]
pub async fn get_my_month(month: String) -> Result<MyMonth, AppError> {
    respond(async move {
        let user = require(&[]).await?;
        let db = context()?.db;
        let first = match month.trim() {
            "" => db.today().first_of_month(),
            raw => crate::domain::schedule::parse_month(raw)
                .ok_or(AppError::invalid("month", crate::error::InvalidCode::Month))?,
        };
        server::month_of(&db, user.id, first).await
    })
    .await
}

/// A new private calendar link (the old one stops working). Returns the feed's path.
#[server(endpoint = "renew_calendar_link")]
pub async fn renew_calendar_link() -> Result<String, AppError> {
    respond(async move {
        let user = require(&[]).await?;
        let token = server::renew_calendar_token(&context()?.db, user.id).await?;
        Ok(format!("/kalender/{token}.ics"))
    })
    .await
}
