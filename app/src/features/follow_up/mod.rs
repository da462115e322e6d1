//! Follow-up per unit (Leksand): full-time share, scheduled vs contracted time, resource shifts
//! against the unit's warning level.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::guard::{planner_of, planning_reader_of, week_of};
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Follow-up figures for a unit over a period (Leksand: full time as the norm, float strain).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub unit_name: String,
    pub from: jiff::civil::Date,
    pub weeks: i64,
    pub full_time_percent: i64,
    pub resource_warning_level: i64,
    pub rows: Vec<FollowUpRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpRow {
    pub person_id: i64,
    pub name: String,
    pub employment_percent: i64,
    pub scheduled_minutes: i64,
    pub contracted_minutes: i64,
    pub resource_shifts: i64,
}

/// Follow-up over four weeks from `week`.
#[server(endpoint = "unit_follow_up")]
pub async fn unit_follow_up(unit_id: i64, week: String) -> Result<FollowUp, AppError> {
    respond(async move {
        let (_, db, _) = planning_reader_of(unit_id).await?;
        server::follow_up(&db, unit_id, week_of(&db, &week)?, 4).await
    })
    .await
}

#[server(endpoint = "set_resource_warning")]
pub async fn set_resource_warning(unit_id: i64, level: String) -> Result<(), AppError> {
    respond(async move {
        let (user, db) = planner_of(unit_id).await?;
        server::set_resource_warning(&db, user.id, unit_id, &level).await
    })
    .await
}
