//! The rolling schedule (rullande schema): lines given to staff, a week x weekday pattern checked
//! against the working-time rules, and the concrete shifts created from it.
#[cfg(feature = "ssr")]
pub mod generate;
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::error::AppError;
use crate::features::base_staffing::ShiftTypeRow;
#[cfg(feature = "ssr")]
use crate::ssr::guard::{PLANNERS, may_plan, planner_of, planning_reader_of, week_of};
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A unit's rolling schedule for the editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RotationView {
    pub unit_id: i64,
    pub unit_name: String,
    /// Whether the reader may change it (see `unit_week::WeekView::may_change`).
    pub may_change: bool,
    pub rotation_id: Option<i64>,
    pub weeks: i64,
    /// The Monday the schedule's first week starts on; none before a schedule is started.
    pub start_date: Option<jiff::civil::Date>,
    pub shift_types: Vec<ShiftTypeRow>,
    pub staff: Vec<(i64, String)>,
    pub lines: Vec<RotationLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RotationLine {
    pub id: i64,
    pub line_no: i64,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub employment_percent: i64,
    /// `weeks * 7` cells, Monday of week 1 first: the shift worked that day, if any.
    pub cells: Vec<Option<crate::domain::schedule::RotationCell>>,
    /// Average scheduled minutes per week over the rotation.
    pub minutes_per_week: i64,
}

/// Creates the concrete shifts of the unit's rolling schedule for `weeks` weeks (1–26) from the
/// week containing `week`. Shifts already there (and edits made to them) are kept.
/// What "create shifts" did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generation {
    /// New shifts created.
    pub created: i64,
    /// Of those, how many were left without their line's person: the person no longer works at
    /// the unit, or the shift would break a working-time rule against their other shifts.
    pub left_open: i64,
}

#[server(endpoint = "generate_shifts")]
pub async fn generate_shifts(unit_id: i64, week: String, weeks: i64) -> Result<Generation, AppError> {
    respond(async move {
        let (user, db) = planner_of(unit_id).await?;
        if !(1..=26).contains(&weeks) {
            return Err(AppError::out_of_range("weeks", &(1..=26)));
        }
        let from = week_of(&db, &week)?;
        let to = from.checked_add(jiff::Span::new().days(7 * weeks - 1)).map_err(|_| AppError::Internal)?;
        generate::generate_for_unit(&db, user.id, unit_id, from, to).await
    })
    .await
}

#[server(endpoint = "rotation")]
pub async fn get_rotation(unit_id: i64) -> Result<RotationView, AppError> {
    respond(async move {
        let (_, db, may_change) = planning_reader_of(unit_id).await?;
        Ok(RotationView { may_change, ..server::get(&db, unit_id).await? })
    })
    .await
}

/// Starts a rolling schedule of `weeks` weeks from this week, if the unit has none.
#[server(endpoint = "create_rotation")]
pub async fn create_rotation(unit_id: i64, weeks: i64) -> Result<i64, AppError> {
    respond(async move {
        let (user, db) = planner_of(unit_id).await?;
        server::create(&db, user.id, unit_id, weeks, db.today()).await
    })
    .await
}

#[server(endpoint = "add_rotation_line")]
pub async fn add_rotation_line(unit_id: i64) -> Result<i64, AppError> {
    respond(async move {
        let (user, db) = planner_of(unit_id).await?;
        server::add_line(&db, user.id, unit_id).await
    })
    .await
}

/// Saves a line of the rolling schedule; refused with `RuleBreach` if the repeating pattern
/// breaks a working-time rule.
#[server(endpoint = "save_rotation_line", input = leptos::server_fn::codec::Json)]
pub async fn save_rotation_line(
    line_id: i64,
    person_id: Option<i64>,
    employment_percent: String,
    cells: Vec<Option<crate::domain::schedule::RotationCell>>,
) -> Result<(), AppError> {
    respond(async move {
        let user = require(PLANNERS).await?;
        let db = context()?.db;
        may_plan(&db, &user, server::unit_of_line(&db, line_id).await?).await?;
        server::save_line(&db, user.id, line_id, person_id, &employment_percent, &cells).await
    })
    .await
}
