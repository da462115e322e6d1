//! Base staffing (grundbemanning): a unit's shift types and how many people of which competence or
//! quality role each shift needs per weekday.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::error::AppError;
use crate::model::Competence;
#[cfg(feature = "ssr")]
use crate::ssr::guard::{planner_of, planning_reader_of};
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A unit's shift types and base staffing, for the base-staffing editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Staffing {
    pub unit_id: i64,
    pub unit_name: String,
    /// Whether the reader may change it (see `unit_week::WeekView::may_change`).
    pub may_change: bool,
    pub shift_types: Vec<ShiftTypeRow>,
    pub competences: Vec<Competence>,
    pub needs: Vec<NeedGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ShiftTypeRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    #[cfg_attr(feature = "ssr", sqlx(rename = "start_time", try_from = "crate::ssr::db::ClockTime"))]
    pub start: jiff::civil::Time,
    #[cfg_attr(feature = "ssr", sqlx(rename = "end_time", try_from = "crate::ssr::db::ClockTime"))]
    pub end: jiff::civil::Time,
}

impl ShiftTypeRow {
    /// "Dag 07:00–15:00", as the planning pages name a shift type.
    pub fn label(&self) -> String {
        format!("{} {}", self.name, crate::components::dates::clock_range(self.start, self.end))
    }
}

/// Who a base-staffing need asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NeedKind {
    /// Anyone on the unit's staff.
    Anyone,
    /// Someone with this competence (its id).
    Competence(i64),
    /// Someone to carry this quality role.
    Quality(crate::domain::schedule::QualityRole),
}

/// Need rows with the same shift type, kind and headcount, gathered over their weekdays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedGroup {
    pub ids: Vec<i64>,
    pub shift_type_id: i64,
    pub weekdays: Vec<i64>,
    pub competence_id: Option<i64>,
    pub quality_role: Option<crate::domain::schedule::QualityRole>,
    pub headcount: i64,
}

/// A unit's shift types and base staffing.
#[server(endpoint = "staffing")]
pub async fn get_staffing(unit_id: i64) -> Result<Staffing, AppError> {
    respond(async move {
        let (_, db, may_change) = planning_reader_of(unit_id).await?;
        Ok(Staffing { may_change, ..server::get(&db, unit_id).await? })
    })
    .await
}

#[server(endpoint = "add_shift_type")]
pub async fn add_shift_type(unit_id: i64, name: String, start: String, end: String) -> Result<i64, AppError> {
    respond(async move {
        let (user, db) = planner_of(unit_id).await?;
        server::add_shift_type(&db, user.id, unit_id, &name, &start, &end).await
    })
    .await
}

/// Adds a base-staffing need on each of `weekdays` (1 = Monday) for `kind` of person.
#[server(endpoint = "add_staffing_need", input = leptos::server_fn::codec::Json)]
pub async fn add_staffing_need(
    unit_id: i64,
    shift_type_id: i64,
    weekdays: Vec<i64>,
    kind: NeedKind,
    headcount: String,
) -> Result<(), AppError> {
    respond(async move {
        let (user, db) = planner_of(unit_id).await?;
        server::add_need(&db, user.id, unit_id, shift_type_id, &weekdays, kind, &headcount).await
    })
    .await
}

#[server(endpoint = "remove_staffing_needs", input = leptos::server_fn::codec::Json)]
pub async fn remove_staffing_needs(unit_id: i64, ids: Vec<i64>) -> Result<(), AppError> {
    respond(async move {
        let (user, db) = planner_of(unit_id).await?;
        server::remove_needs(&db, user.id, unit_id, &ids).await
    })
    .await
}
