//! Availability (phone, pool workers, `/tillganglighet`): the coming weeks day by day, each with
//! day, evening and night to tap on or off (what the parts mean: `domain::pool`), "repeat this
//! week" for a steady pattern, and where the worker lives and how far they will travel. A part
//! with a booked pool shift in it cannot be taken back here — the booking stands until the
//! coordinator cancels it.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::domain::pool::DayPart;
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
    pub parts: Vec<DayPart>,
    /// Parts with a booked pool shift in them: they stay on.
    pub booked: Vec<DayPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyAvailability {
    pub today: jiff::civil::Date,
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

/// Copies the coming seven days' pattern onto the three weeks after them (booked parts stay).
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
