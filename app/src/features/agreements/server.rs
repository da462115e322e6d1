//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::RequiredText;
use crate::domain::parse::whole_number_in;
use crate::error::{AppError, ConflictCode};
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{Constraint, OnConstraint};
use sqlx::Row;

/// An agreement profile's limits as stored (in minutes; edited in whole hours). Read by the
/// administration page and by the rules gate (`shifts::rules_for`).
#[derive(sqlx::FromRow)]
pub struct StoredLimits {
    pub name: String,
    pub daily_rest_minutes: i64,
    pub daily_rest_exception_minutes: i64,
    pub weekly_rest_minutes: i64,
    pub max_week_minutes: Option<i64>,
    pub night_reference_days: i64,
    pub night_average_max_minutes: i64,
}

impl StoredLimits {
    pub fn profile(self) -> crate::domain::worktime::AgreementProfile {
        let mins = jiff::SignedDuration::from_mins;
        crate::domain::worktime::AgreementProfile {
            name: self.name,
            daily_rest: mins(self.daily_rest_minutes),
            daily_rest_exception: mins(self.daily_rest_exception_minutes),
            weekly_rest: mins(self.weekly_rest_minutes),
            max_per_week: self.max_week_minutes.map(mins),
            night_reference_days: self.night_reference_days,
            night_average_max: mins(self.night_average_max_minutes),
        }
    }
}

pub async fn list(db: &Db) -> Result<Vec<Agreement>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        #[sqlx(flatten)]
        limits: StoredLimits,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, daily_rest_minutes, daily_rest_exception_minutes, weekly_rest_minutes, max_week_minutes,
                night_reference_days, night_average_max_minutes FROM agreement_profiles ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|Row { id, limits: l }| Agreement {
            id,
            name: l.name,
            daily_rest_hours: l.daily_rest_minutes / 60,
            daily_rest_exception_hours: l.daily_rest_exception_minutes / 60,
            weekly_rest_hours: l.weekly_rest_minutes / 60,
            max_week_hours: l.max_week_minutes.map(|m| m / 60),
            night_reference_days: l.night_reference_days,
            night_average_max_hours: l.night_average_max_minutes / 60,
        })
        .collect())
}

const NAME_UNIQUE: Constraint =
    Constraint { postgres: "agreement_profiles_name_key", sqlite: "agreement_profiles.name" };

/// Validated limits. The statutory floors (ATL) bound what an agreement may set: daily rest at
/// least 8 h even by exception, weekly rest at least 24 h.
pub struct AgreementInput {
    pub name: RequiredText,
    pub daily_rest: i64,
    pub exception: i64,
    pub weekly_rest: i64,
    pub max_week: Option<i64>,
    pub night_days: i64,
    pub night_max: i64,
}

impl AgreementInput {
    pub fn parse(
        name: &str,
        daily_rest: &str,
        exception: &str,
        weekly_rest: &str,
        max_week: &str,
        night_days: &str,
        night_max: &str,
    ) -> Result<Self, AppError> {
        let daily_rest = whole_number_in("daily_rest_hours", daily_rest, 8..=24)?;
        let exception = whole_number_in("daily_rest_exception_hours", exception, 8..=daily_rest)?;
        Ok(AgreementInput {
            name: RequiredText::parse("name", name, 80)?,
            daily_rest,
            exception,
            weekly_rest: whole_number_in("weekly_rest_hours", weekly_rest, 24..=96)?,
            max_week: match max_week.trim() {
                "" => None,
                raw => Some(whole_number_in("max_week_hours", raw, 1..=80)?),
            },
            night_days: whole_number_in("night_reference_days", night_days, 1..=120)?,
            night_max: whole_number_in("night_average_max_hours", night_max, 1..=24)?,
        })
    }
}

pub async fn save(db: &Db, actor: i64, id: Option<i64>, a: AgreementInput) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    let taken = || AppError::Conflict(ConflictCode::AgreementNameTaken);
    let binds = |q: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments<'static>>| {
        q.bind(a.name.as_str().to_string())
            .bind(a.daily_rest * 60)
            .bind(a.exception * 60)
            .bind(a.weekly_rest * 60)
            .bind(a.max_week.map(|h| h * 60))
            .bind(a.night_days)
            .bind(a.night_max * 60)
    };
    let id = match id {
        None => binds(sqlx::query(
            "INSERT INTO agreement_profiles (name, daily_rest_minutes, daily_rest_exception_minutes, weekly_rest_minutes,
                 max_week_minutes, night_reference_days, night_average_max_minutes)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        ))
        .fetch_one(&mut *tx)
        .await
        .on_constraint(NAME_UNIQUE, taken())?
        .try_get("id")?,
        Some(id) => {
            let done = binds(sqlx::query(
                "UPDATE agreement_profiles SET name = $1, daily_rest_minutes = $2, daily_rest_exception_minutes = $3,
                     weekly_rest_minutes = $4, max_week_minutes = $5, night_reference_days = $6, night_average_max_minutes = $7
                 WHERE id = $8",
            ))
            .bind(id)
            .execute(&mut *tx)
            .await
            .on_constraint(NAME_UNIQUE, taken())?;
            if done.rows_affected() != 1 {
                return Err(AppError::NotFound);
            }
            id
        }
    };
    let changes = Changes::default()
        .created("name", a.name.as_str())
        .created("daily_rest_hours", a.daily_rest)
        .created("daily_rest_exception_hours", a.exception)
        .created("weekly_rest_hours", a.weekly_rest)
        .created("max_week_hours", a.max_week)
        .created("night_reference_days", a.night_days)
        .created("night_average_max_hours", a.night_max);
    audit::record(
        &mut tx,
        db.now(),
        Some(actor),
        audit::Action::Save,
        audit::Entity::AgreementProfile,
        Some(id),
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
