//! Shifts and schedules. Workers read only their own shifts; a unit's week, assignments and
//! follow-up are for that unit's managers, coordinators and administrators — checked per unit.
use crate::error::AppError;
use crate::model::{Candidate, FollowUp, MyMonth, MyShifts, WeekView};
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    model::SessionUser,
    ssr::{Db, auth::require, context, people, respond, schedule},
};
use leptos::prelude::*;

/// Refuses unless `user` may plan `unit_id`.
#[cfg(feature = "ssr")]
async fn may_plan(db: &Db, user: &SessionUser, unit_id: i64) -> Result<(), AppError> {
    if user.has(Role::Admin)
        || user.has(Role::Coordinator)
        || people::managed_unit_ids(db, user.id).await?.contains(&unit_id)
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The shift an assignment is about, once `user` is known to plan its unit. For an existing
/// shift the unit is the shift's own, whatever `unit_id` the request claims.
#[cfg(feature = "ssr")]
async fn permitted_target(
    db: &Db,
    user: &SessionUser,
    shift_id: Option<i64>,
    unit_id: i64,
    date: &str,
    shift_type_id: Option<i64>,
) -> Result<(schedule::Target, i64), AppError> {
    let target = schedule::Target::parse(shift_id, unit_id, date, shift_type_id)?;
    let unit = match &target {
        schedule::Target::Existing(id) => schedule::unit_of_shift(db, *id).await?,
        schedule::Target::New { unit_id, .. } => *unit_id,
    };
    may_plan(db, user, unit).await?;
    Ok((target, unit))
}

#[cfg(feature = "ssr")]
fn week_of(raw: &str) -> Result<jiff::civil::Date, AppError> {
    let date = if raw.trim().is_empty() {
        schedule::today()
    } else {
        raw.trim().parse().map_err(|_| AppError::invalid("week", crate::error::InvalidCode::Required))?
    };
    Ok(schedule::monday_of(date))
}

/// The caller's own shifts: from today and 6 weeks on, or (`past`) the last 8 weeks, newest first.
#[server(endpoint = "my_shifts")]
pub async fn get_my_shifts(past: bool) -> Result<MyShifts, AppError> {
    respond(async move {
        let user = require(&[]).await?;
        let db = context()?.db;
        let tz = crate::domain::time::stockholm();
        let start_of_today = crate::domain::worktime::day_start(schedule::today(), &tz).as_second();
        let week = 7 * 86400;
        let shifts = if past {
            schedule::shifts_of(&db, user.id, start_of_today - 8 * week, start_of_today, true).await?
        } else {
            schedule::shifts_of(&db, user.id, start_of_today, start_of_today + 6 * week, false).await?
        };
        Ok(MyShifts { shifts, past, has_calendar: schedule::has_calendar(&db, user.id).await? })
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
            "" => schedule::today().first_of_month(),
            raw => crate::domain::schedule::parse_month(raw)
                .ok_or(AppError::invalid("month", crate::error::InvalidCode::DateRange))?,
        };
        schedule::month_of(&db, user.id, first).await
    })
    .await
}

/// A new private calendar link (the old one stops working). Returns the feed's path.
#[server(endpoint = "renew_calendar_link")]
pub async fn renew_calendar_link() -> Result<String, AppError> {
    respond(async move {
        let user = require(&[]).await?;
        let token = schedule::renew_calendar_token(&context()?.db, user.id).await?;
        Ok(format!("/kalender/{token}.ics"))
    })
    .await
}

#[server(endpoint = "unit_week")]
pub async fn unit_week(unit_id: i64, week: String) -> Result<WeekView, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, unit_id).await?;
        schedule::unit_week(&db, unit_id, week_of(&week)?).await
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
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        let (target, _) = permitted_target(&db, &user, shift_id, unit_id, &date, shift_type_id).await?;
        schedule::candidates(&db, &target).await
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
    person_id: i64,
    exception_reason: Option<String>,
    kind: Option<String>,
) -> Result<i64, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        let kind = match kind.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(
                crate::domain::schedule::ShiftKind::from_code(code)
                    .ok_or(AppError::invalid("kind", crate::error::InvalidCode::UnknownChoice))?,
            ),
        };
        let (target, unit) = permitted_target(&db, &user, shift_id, unit_id, &date, shift_type_id).await?;
        // A unit manager plans their own staff; coordinators and administrators may place
        // anyone (pool staff, people from other units) — the working-time rules apply to all.
        let places_anyone = user.has(Role::Admin) || user.has(Role::Coordinator);
        if !places_anyone && !schedule::works_at(&mut *db.pool.acquire().await?, person_id, unit).await? {
            return Err(AppError::invalid("person_id", crate::error::InvalidCode::UnknownChoice));
        }
        schedule::assign(&db, user.id, &target, person_id, exception_reason, kind).await
    })
    .await
}

#[server(endpoint = "mark_absent")]
pub async fn mark_absent(shift_id: i64) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, schedule::unit_of_shift(&db, shift_id).await?).await?;
        schedule::mark_absent(&db, user.id, shift_id).await
    })
    .await
}

/// Follow-up over four weeks from `week`.
#[server(endpoint = "unit_follow_up")]
pub async fn unit_follow_up(unit_id: i64, week: String) -> Result<FollowUp, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, unit_id).await?;
        schedule::follow_up(&db, unit_id, week_of(&week)?, 4).await
    })
    .await
}

/// A unit's shift types and base staffing.
#[server(endpoint = "staffing")]
pub async fn get_staffing(unit_id: i64) -> Result<crate::model::Staffing, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, unit_id).await?;
        crate::ssr::staffing::get(&db, unit_id).await
    })
    .await
}

#[server(endpoint = "add_shift_type")]
pub async fn add_shift_type(unit_id: i64, name: String, start: String, end: String) -> Result<i64, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, unit_id).await?;
        crate::ssr::staffing::add_shift_type(&db, user.id, unit_id, &name, &start, &end).await
    })
    .await
}

/// Adds a base-staffing need on each of `weekdays` (1 = Monday). `kind`: "" for anyone,
/// "competence:<id>", or a quality role (team_leader, activity_coordinator, meal_coordinator).
#[server(endpoint = "add_staffing_need", input = leptos::server_fn::codec::Json)]
pub async fn add_staffing_need(
    unit_id: i64,
    shift_type_id: i64,
    weekdays: Vec<i64>,
    kind: String,
    headcount: String,
) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, unit_id).await?;
        crate::ssr::staffing::add_need(&db, user.id, unit_id, shift_type_id, &weekdays, &kind, &headcount).await
    })
    .await
}

#[server(endpoint = "remove_staffing_needs", input = leptos::server_fn::codec::Json)]
pub async fn remove_staffing_needs(unit_id: i64, ids: Vec<i64>) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, unit_id).await?;
        crate::ssr::staffing::remove_needs(&db, user.id, unit_id, &ids).await
    })
    .await
}

/// Creates the concrete shifts of the unit's rolling schedule for `weeks` weeks (1–26) from the
/// week containing `week`. Shifts already there (and edits made to them) are kept.
#[server(endpoint = "generate_shifts")]
pub async fn generate_shifts(unit_id: i64, week: String, weeks: i64) -> Result<i64, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, unit_id).await?;
        if !(1..=26).contains(&weeks) {
            return Err(AppError::invalid("weeks", crate::error::InvalidCode::DateRange));
        }
        let from = week_of(&week)?;
        let to = from.checked_add(jiff::Span::new().days(7 * weeks - 1)).map_err(|_| AppError::Internal)?;
        Ok(schedule::generate_for_unit(&db, user.id, unit_id, from, to).await? as i64)
    })
    .await
}

#[server(endpoint = "rotation")]
pub async fn get_rotation(unit_id: i64) -> Result<crate::model::RotationView, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, unit_id).await?;
        crate::ssr::rotation::get(&db, unit_id).await
    })
    .await
}

/// Starts a rolling schedule of `weeks` weeks from this week, if the unit has none.
#[server(endpoint = "create_rotation")]
pub async fn create_rotation(unit_id: i64, weeks: i64) -> Result<i64, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, unit_id).await?;
        crate::ssr::rotation::create(&db, user.id, unit_id, weeks, schedule::today()).await
    })
    .await
}

#[server(endpoint = "add_rotation_line")]
pub async fn add_rotation_line(unit_id: i64) -> Result<i64, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, unit_id).await?;
        crate::ssr::rotation::add_line(&db, user.id, unit_id).await
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
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, crate::ssr::rotation::unit_of_line(&db, line_id).await?).await?;
        crate::ssr::rotation::save_line(&db, user.id, line_id, person_id, &employment_percent, &cells).await
    })
    .await
}

/// Swaps the people of two shifts (both at units the caller plans); refused on any rule breach.
#[server(endpoint = "swap_shifts")]
pub async fn swap_shifts(shift_id: i64, other_shift_id: i64) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, schedule::unit_of_shift(&db, shift_id).await?).await?;
        may_plan(&db, &user, schedule::unit_of_shift(&db, other_shift_id).await?).await?;
        schedule::swap(&db, user.id, shift_id, other_shift_id).await
    })
    .await
}

#[server(endpoint = "set_resource_warning")]
pub async fn set_resource_warning(unit_id: i64, level: String) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        may_plan(&db, &user, unit_id).await?;
        schedule::set_resource_warning(&db, user.id, unit_id, &level).await
    })
    .await
}
