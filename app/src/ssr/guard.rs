//! Authorization guards shared by features: who may plan a unit. Every planning server function
//! starts with [`planner_of`] (a unit given by id) or [`planner_of_shift`] (the unit read from the
//! shift's own row, never the unit id the request claims): the role check first, then the unit.
use crate::domain::Role;
use crate::error::AppError;
use crate::model::SessionUser;
use crate::ssr::{Db, auth::require, context};

/// Refuses unless `user` may *change* `unit_id`'s planning (shift types, base staffing, rolling
/// schedule, shifts): the unit's own managers, and administrators (support; every change is in
/// the audit trail). Coordinators see every unit but act through the pool, not in a provider's
/// own schedule (PRODUCT.md: "situation picture; runs and publishes allocation").
pub async fn may_plan(db: &Db, user: &SessionUser, unit_id: i64) -> Result<(), AppError> {
    if plans(db, user, unit_id).await? { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Refuses unless `user` may *see* `unit_id`'s planning: whoever may change it, and coordinators
/// (the whole municipality's picture). Answers whether they may also change it.
pub async fn may_read_planning(db: &Db, user: &SessionUser, unit_id: i64) -> Result<bool, AppError> {
    let may_change = plans(db, user, unit_id).await?;
    if may_change || user.has(Role::Coordinator) { Ok(may_change) } else { Err(AppError::Forbidden) }
}

async fn plans(db: &Db, user: &SessionUser, unit_id: i64) -> Result<bool, AppError> {
    Ok(user.has(Role::Admin) || managed_unit_ids(db, user.id).await?.contains(&unit_id))
}

pub fn week_of(db: &Db, raw: &str) -> Result<jiff::civil::Date, AppError> {
    let date = if raw.trim().is_empty() {
        db.today()
    } else {
        crate::domain::schedule::parse_plannable_date(raw)
            .ok_or(AppError::invalid("week", crate::error::InvalidCode::Date))?
    };
    Ok(crate::domain::schedule::monday_of(date))
}

/// Units a person manages (their unit-manager grants).
pub async fn managed_unit_ids(db: &Db, person_id: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT unit_id FROM person_roles WHERE person_id = $1 AND role = $2 AND unit_id IS NOT NULL ORDER BY unit_id",
    )
    .bind(person_id)
    .bind(Role::UnitManager)
    .fetch_all(&db.pool)
    .await?)
}

/// Roles that plan units: unit managers (their own units), coordinators and administrators.
pub const PLANNERS: &[Role] = &[Role::UnitManager, Role::Coordinator, Role::Admin];

/// The caller and the database handle, if the caller may see `unit_id`'s planning, and whether
/// they may also change it (the pages show their editing controls then).
pub async fn planning_reader_of(unit_id: i64) -> Result<(SessionUser, Db, bool), AppError> {
    let user = require(PLANNERS).await?;
    let db = context()?.db;
    let may_change = may_read_planning(&db, &user, unit_id).await?;
    Ok((user, db, may_change))
}

/// The caller and the database handle, if the caller may plan `unit_id`.
pub async fn planner_of(unit_id: i64) -> Result<(SessionUser, Db), AppError> {
    let user = require(PLANNERS).await?;
    let db = context()?.db;
    may_plan(&db, &user, unit_id).await?;
    Ok((user, db))
}

/// The caller, the database handle and the shift's unit, if the caller may plan the unit the
/// shift belongs to.
pub async fn planner_of_shift(shift_id: i64) -> Result<(SessionUser, Db, i64), AppError> {
    let user = require(PLANNERS).await?;
    let db = context()?.db;
    let unit_id = unit_of_shift(&db, shift_id).await?;
    may_plan(&db, &user, unit_id).await?;
    Ok((user, db, unit_id))
}

/// The unit a shift belongs to. An unknown shift is `Forbidden`, the same answer as another
/// unit's shift: the answer must not tell which ids exist.
pub async fn unit_of_shift(db: &Db, shift_id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT unit_id FROM shifts WHERE id = $1")
        .bind(shift_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::Forbidden)
}
