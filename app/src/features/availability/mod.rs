//! Availability (phone, pool workers, `/tillganglighet`): the usual week (each weekday's day,
//! evening and night to tap on or off; what the parts mean: `domain::pool`), then the coming two
//! weeks day by day, where a date can differ (parts, or own times such as 10–14) and go back to
//! the usual week; and where the worker lives and how far they will travel. A part
//! with a booked pool shift in it cannot be taken back here — the booking stands until the
//! coordinator cancels it.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::domain::pool::{DayPart, OwnTime};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    error::InvalidCode,
    ssr::{auth::require, context, respond},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many days ahead the page shows.
pub const DAYS_SHOWN: i64 = 14;
/// The travel limits a worker can pick, in km.
pub const TRAVEL_CHOICES: [i64; 7] = [5, 10, 15, 20, 30, 50, 100];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityDay {
    pub date: jiff::civil::Date,
    /// From the usual week or set by hand, booked parts included.
    pub parts: Vec<DayPart>,
    pub times: Vec<OwnTime>,
    /// Changed for this date: it does not follow the usual week.
    pub by_hand: bool,
    /// Parts with a booked pool shift in them: they stay on.
    pub booked: Vec<DayPart>,
}

/// One weekday of the usual week (1 = Monday … 7 = Sunday).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatternDay {
    pub weekday: i64,
    pub parts: Vec<DayPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyAvailability {
    pub today: jiff::civil::Date,
    /// The usual week, Monday first.
    pub week: Vec<PatternDay>,
    pub days: Vec<AvailabilityDay>,
    pub home_area: Option<String>,
    pub max_travel_km: i64,
    /// The municipality's areas (as units name theirs), to pick home from.
    pub areas: Vec<String>,
}

#[server(endpoint = "my_availability")]
pub async fn get_my_availability() -> Result<MyAvailability, AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        server::my_availability(&context()?.db, user.id).await
    })
    .await
}

/// Turns one part of one day on or off.
#[server(endpoint = "set_availability")]
pub async fn set_availability(date: String, part: String, available: bool) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        let db = context()?.db;
        let date: jiff::civil::Date = date.trim().parse().map_err(|_| AppError::invalid("date", InvalidCode::Date))?;
        let part: DayPart = part.parse().map_err(|_| AppError::invalid("part", InvalidCode::UnknownChoice))?;
        server::set(&db, user.id, date, part, available).await?;
        crate::ssr::after_plain_post("/tillganglighet");
        Ok(())
    })
    .await
}

/// Makes the coming seven days the usual week.
#[server(endpoint = "repeat_availability")]
pub async fn repeat_availability() -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        server::repeat_week(&context()?.db, user.id).await?;
        crate::ssr::after_plain_post("/tillganglighet");
        Ok(())
    })
    .await
}

/// Where I live (an area of the municipality) and how far I will travel.
#[server(endpoint = "save_pool_profile")]
pub async fn save_pool_profile(home_area: String, max_travel_km: String) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        let km: i64 =
            max_travel_km.trim().parse().map_err(|_| AppError::invalid("max_travel_km", InvalidCode::UnknownChoice))?;
        if !TRAVEL_CHOICES.contains(&km) {
            return Err(AppError::invalid("max_travel_km", InvalidCode::UnknownChoice));
        }
        server::save_profile(&context()?.db, user.id, home_area.trim(), km).await?;
        crate::ssr::after_plain_post("/tillganglighet?sparad=1");
        Ok(())
    })
    .await
}

/// Turns one part of one weekday of the standing week on or off (`weekday` 1 = Monday … 7).
#[server(endpoint = "set_week_availability")]
pub async fn set_week_availability(weekday: String, part: String, available: bool) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        let weekday: i64 =
            weekday.trim().parse().map_err(|_| AppError::invalid("weekday", InvalidCode::UnknownChoice))?;
        let part: DayPart = part.parse().map_err(|_| AppError::invalid("part", InvalidCode::UnknownChoice))?;
        server::set_week(&context()?.db, user.id, weekday, part, available).await?;
        crate::ssr::after_plain_post("/tillganglighet#varje-vecka");
        Ok(())
    })
    .await
}

/// Lets a date set by hand follow the weekly pattern again.
#[server(endpoint = "reset_availability_day")]
pub async fn reset_availability_day(date: String) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        server::reset_day(&context()?.db, user.id, parse_date(&date)?).await?;
        crate::ssr::after_plain_post("/tillganglighet");
        Ok(())
    })
    .await
}

/// Own times on one date ("10:00"–"14:00"; an end before the start runs past midnight).
#[server(endpoint = "add_availability_time")]
pub async fn add_availability_time(date: String, start: String, end: String) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        let date = parse_date(&date)?;
        let time = OwnTime::parse(&start, &end).ok_or(AppError::invalid("end", InvalidCode::Time))?;
        server::add_time(&context()?.db, user.id, date, time).await?;
        crate::ssr::after_plain_post("/tillganglighet");
        Ok(())
    })
    .await
}

#[server(endpoint = "remove_availability_time")]
pub async fn remove_availability_time(date: String, start_minute: String) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        let date = parse_date(&date)?;
        let start: i64 = start_minute.trim().parse().map_err(|_| AppError::NotFound)?;
        server::remove_time(&context()?.db, user.id, date, start).await?;
        crate::ssr::after_plain_post("/tillganglighet");
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
fn parse_date(date: &str) -> Result<jiff::civil::Date, AppError> {
    date.trim().parse().map_err(|_| AppError::invalid("date", InvalidCode::Date))
}
