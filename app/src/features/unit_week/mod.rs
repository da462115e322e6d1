//! A unit's week (tablet): need vs scheduled per shift, gaps, breaches; filling a gap, giving a
//! shift to someone else, marking absent, swapping — for the unit's planners, checked per unit.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::features::shifts::{self, Target};
#[cfg(feature = "ssr")]
use crate::model::UnitId;
use crate::model::{PersonId, ShiftId};
#[cfg(feature = "ssr")]
#[cfg(feature = "ssr")]
use crate::ssr::guard::{
    PLANNERS, may_plan, may_read_planning, planner_of_shift, planning_reader_of, unit_of_shift, week_of,
};
#[cfg(feature = "ssr")]
use crate::ssr::{Db, auth::require, context, respond};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One unit's week: per day and shift type, the need, who is scheduled, the gaps and breaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekView {
    pub unit_id: i64,
    pub unit_name: String,
    pub week_start: jiff::civil::Date,
    /// The server's today, for "Idag" / "I morgon".
    pub today: jiff::civil::Date,
    /// Whether the reader may change this week (the unit's managers, administrators); a
    /// coordinator reads it and acts through the pool.
    pub may_change: bool,
    pub days: Vec<DayPlan>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayPlan {
    pub date: jiff::civil::Date,
    pub rows: Vec<ShiftPlan>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftPlan {
    pub shift_type_id: i64,
    pub shift_name: String,
    pub start: jiff::civil::Time,
    pub end: jiff::civil::Time,
    pub coverage: Vec<CoverageRow>,
    pub gap: i64,
    pub shifts: Vec<PlannedShift>,
    /// People asked of the pool for this shift (open requests, any competence), and how many of
    /// them are booked.
    pub pool_asked: i64,
    pub pool_booked: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub competence_id: Option<i64>,
    pub competence_sv: Option<String>,
    pub competence_en: Option<String>,
    pub quality_role: Option<crate::domain::schedule::QualityRole>,
    pub headcount: i64,
    pub scheduled: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedShift {
    pub id: i64,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub absent: bool,
    pub resource: bool,
    pub quality_role: Option<crate::domain::schedule::QualityRole>,
    pub rest_exception_reason: Option<String>,
    pub breaches: Vec<crate::domain::worktime::Breach>,
    /// The staff-pool booking this shift came from.
    pub pool_booking: Option<i64>,
}

/// A person who could take a shift, with what the rules say about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub person_id: i64,
    pub name: String,
    pub breaches: Vec<crate::domain::worktime::Breach>,
}

/// The shift an assignment is about and its unit. For an existing shift the unit is the
/// shift's own, whatever `unit_id` the request claims.
#[cfg(feature = "ssr")]
async fn target_and_unit(
    db: &Db,
    shift_id: Option<i64>,
    unit_id: i64,
    date: &str,
    shift_type_id: Option<i64>,
) -> Result<(Target, i64), AppError> {
    let target = Target::parse(shift_id, unit_id, date, shift_type_id)?;
    let unit = match &target {
        Target::Existing(id) => unit_of_shift(db, id.0).await?,
        Target::New { unit_id, .. } => unit_id.0,
    };
    Ok((target, unit))
}

#[server(endpoint = "unit_week")]
pub async fn unit_week(unit_id: i64, week: String) -> Result<WeekView, AppError> {
    respond(async move {
        let (_, db, may_change) = planning_reader_of(unit_id).await?;
        server::unit_week(&db, unit_id, week_of(&db, &week)?, may_change).await
    })
    .await
}

/// Who at the unit could take a shift (existing `shift_id`, or a new one for a gap), each with
/// the rules check — shown before anything is saved.
#[server(endpoint = "assignment_candidates")]
pub async fn assignment_candidates(
    shift_id: Option<i64>,
    unit_id: i64,
    date: String,
    shift_type_id: Option<i64>,
) -> Result<Vec<Candidate>, AppError> {
    respond(async move {
        let user = require(PLANNERS).await?;
        let db = context()?.db;
        let (target, unit) = target_and_unit(&db, shift_id, unit_id, &date, shift_type_id).await?;
        may_read_planning(&db, &user, unit).await?;
        server::candidates(&db, &target).await
    })
    .await
}

/// Gives a shift to a person. Refused with `RuleBreach` if it breaks a working-time rule,
/// unless the only breach is a short daily rest and `exception_reason` is given.
/// `kind` says what the shift is (`ordinary`, a quality-role code, or `resource`); left out, an
/// existing shift keeps its own and a new one is ordinary.
#[server(endpoint = "assign_shift")]
pub async fn assign_shift(
    shift_id: Option<i64>,
    unit_id: i64,
    date: String,
    shift_type_id: Option<i64>,
    person_id: PersonId,
    exception_reason: Option<String>,
    kind: Option<String>,
) -> Result<ShiftId, AppError> {
    respond(async move {
        let user = require(PLANNERS).await?;
        let db = context()?.db;
        let kind = match kind.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(
                crate::domain::schedule::ShiftKind::from_code(code)
                    .ok_or(AppError::invalid("kind", crate::error::InvalidCode::UnknownChoice))?,
            ),
        };
        let (target, unit) = target_and_unit(&db, shift_id, unit_id, &date, shift_type_id).await?;
        let mut conn = db.pool.acquire().await?;
        let pool_worker = shifts::is_pool_worker(&mut conn, person_id).await?;
        // The unit's managers (and administrators) plan it; a coordinator acts only through the
        // pool: placing a pool worker in a gap, nothing else in a provider's schedule.
        let plans_unit = may_plan(&db, &user, unit).await.is_ok();
        if !(plans_unit || (user.has(Role::Coordinator) && pool_worker)) {
            return Err(AppError::Forbidden);
        }
        // A unit manager places their own staff or pool workers; administrators anyone who does
        // care work. The working-time rules apply to all (`shifts::assign`).
        let places_anyone = user.has(Role::Admin);
        if !places_anyone && !pool_worker && !shifts::works_at(&mut conn, person_id, UnitId(unit)).await? {
            return Err(AppError::invalid("person_id", crate::error::InvalidCode::UnknownChoice));
        }
        drop(conn);
        shifts::assign(&db, PersonId(user.id), &target, person_id, exception_reason, kind).await
    })
    .await
}

/// Asks the staff pool for one more person on a shift of the unit (a gap in the week view), of
/// `competence_id` (none: any care staff). The unit's managers, coordinators and administrators
/// may ask. Answers how many the request now asks for.
#[server(endpoint = "request_from_pool")]
pub async fn request_from_pool(
    unit_id: i64,
    date: String,
    shift_type_id: i64,
    competence_id: Option<i64>,
) -> Result<i64, AppError> {
    respond(async move {
        let (user, db, _) = planning_reader_of(unit_id).await?;
        let date = shifts::parse_date("date", &date)?;
        server::request_from_pool(&db, PersonId(user.id), UnitId(unit_id), date, shift_type_id, competence_id).await
    })
    .await
}

#[server(endpoint = "mark_absent")]
pub async fn mark_absent(shift_id: i64) -> Result<(), AppError> {
    respond(async move {
        let (user, db, _) = planner_of_shift(shift_id).await?;
        server::mark_absent(&db, PersonId(user.id), ShiftId(shift_id)).await
    })
    .await
}

/// Swaps the people of two shifts (both at units the caller plans); refused on any rule breach.
#[server(endpoint = "swap_shifts")]
pub async fn swap_shifts(shift_id: i64, other_shift_id: i64) -> Result<(), AppError> {
    respond(async move {
        let (user, db, _) = planner_of_shift(shift_id).await?;
        may_plan(&db, &user, unit_of_shift(&db, other_shift_id).await?).await?;
        server::swap(&db, PersonId(user.id), ShiftId(shift_id), ShiftId(other_shift_id)).await
    })
    .await
}
