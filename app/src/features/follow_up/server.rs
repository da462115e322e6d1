//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::Role;
use crate::domain::schedule::ShiftStatus;
use crate::domain::schedule::{self as plan};
use crate::domain::worktime::{self};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::Flag;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// Sets how many resource shifts per four weeks a person may get at the unit before the
/// follow-up warns.
pub async fn set_resource_warning(db: &Db, actor: i64, unit_id: i64, level: &str) -> Result<(), AppError> {
    let level: i64 = match level.trim().parse() {
        Ok(v) if (0..=28).contains(&v) => v,
        _ => return Err(AppError::out_of_range("resource_warning", &(0..=28))),
    };
    let mut tx = db.begin_write().await?;
    let old: i64 = sqlx::query_scalar("SELECT resource_warning_per_4_weeks FROM units WHERE id = $1")
        .bind(unit_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    sqlx::query("UPDATE units SET resource_warning_per_4_weeks = $1 WHERE id = $2")
        .bind(level)
        .bind(unit_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        db.now(),
        Some(actor),
        audit::Action::Update,
        audit::Entity::Unit,
        Some(unit_id),
        Changes::default().field("resource_warning_per_4_weeks", old, level),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Follow-up for a unit over `weeks` weeks from `monday`: full-time share, scheduled vs
/// contracted time per person, resource shifts per person.
pub async fn follow_up(db: &Db, unit_id: i64, monday: Date, weeks: i64) -> Result<FollowUp, AppError> {
    let unit = crate::features::units::server::get_unit(db, unit_id).await?;
    let from = worktime::day_start(monday).as_second();
    let to = worktime::day_start(monday.checked_add(jiff::Span::new().days(7 * weeks)).unwrap_or(monday)).as_second();
    let warning: i64 = sqlx::query_scalar("SELECT resource_warning_per_4_weeks FROM units WHERE id = $1")
        .bind(unit_id)
        .fetch_one(&db.pool)
        .await?;
    #[derive(sqlx::FromRow)]
    struct Person {
        id: i64,
        name: String,
        employment_percent: i64,
    }
    let people: Vec<Person> = sqlx::query_as(
        "SELECT DISTINCT p.id, p.name, p.employment_percent FROM person_roles r JOIN people p ON p.id = r.person_id
         WHERE r.unit_id = $1 AND r.role = $2 AND p.active = 1 ORDER BY p.name, p.id",
    )
    .bind(unit_id)
    .bind(Role::CareWorker)
    .fetch_all(&db.pool)
    .await?;
    #[derive(sqlx::FromRow)]
    struct Worked {
        person_id: i64,
        starts_at: i64,
        ends_at: i64,
        #[sqlx(try_from = "Flag")]
        resource: bool,
    }
    // Time at all units counts against the contract; resource shifts are counted at this unit.
    let worked: Vec<Worked> = sqlx::query_as(
        "SELECT s.person_id, s.starts_at, s.ends_at, s.resource FROM shifts s
         WHERE s.status = $1 AND s.starts_at >= $2 AND s.starts_at < $3 AND s.person_id IN
           (SELECT person_id FROM person_roles WHERE unit_id = $4 AND role = $5)",
    )
    .bind(ShiftStatus::Planned)
    .bind(from)
    .bind(to)
    .bind(unit_id)
    .bind(Role::CareWorker)
    .fetch_all(&db.pool)
    .await?;
    let mut minutes: BTreeMap<i64, i64> = BTreeMap::new();
    let mut resource: BTreeMap<i64, i64> = BTreeMap::new();
    for w in &worked {
        *minutes.entry(w.person_id).or_default() += (w.ends_at - w.starts_at) / 60;
        if w.resource {
            *resource.entry(w.person_id).or_default() += 1;
        }
    }
    let rows: Vec<FollowUpRow> = people
        .into_iter()
        .map(|p| FollowUpRow {
            person_id: p.id,
            scheduled_minutes: minutes.get(&p.id).copied().unwrap_or(0),
            contracted_minutes: plan::contracted_minutes(p.employment_percent, weeks),
            resource_shifts: resource.get(&p.id).copied().unwrap_or(0),
            name: p.name,
            employment_percent: p.employment_percent,
        })
        .collect();
    let full = rows.iter().filter(|r| r.employment_percent >= 100).count() as i64;
    let full_time_percent = if rows.is_empty() { 0 } else { full * 100 / rows.len() as i64 };
    Ok(FollowUp {
        unit_name: unit.name,
        from: monday,
        weeks,
        full_time_percent,
        resource_warning_level: warning * weeks / 4,
        rows,
    })
}
