//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::schedule::{self as plan};
use crate::domain::worktime::{self};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use jiff::civil::Date;
use sqlx::Row;
use std::collections::BTreeMap;

/// Sets how many resource shifts per four weeks a person may get at the unit before the
/// follow-up warns.
pub async fn set_resource_warning(db: &Db, actor: i64, unit_id: i64, level: &str) -> Result<(), AppError> {
    let level: i64 = match level.trim().parse() {
        Ok(v) if (0..=28).contains(&v) => v,
        _ => return Err(AppError::out_of_range("resource_warning", &(0..=28))),
    };
    let mut tx = db.pool.begin().await?;
    let old: i64 = sqlx::query("SELECT resource_warning_per_4_weeks FROM units WHERE id = $1")
        .bind(unit_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?
        .try_get("resource_warning_per_4_weeks")?;
    sqlx::query("UPDATE units SET resource_warning_per_4_weeks = $1 WHERE id = $2")
        .bind(level)
        .bind(unit_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        db.now(),
        Some(actor),
        "update",
        "unit",
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
    let tz = crate::domain::time::stockholm();
    let from = worktime::day_start(monday, &tz).as_second();
    let to =
        worktime::day_start(monday.checked_add(jiff::Span::new().days(7 * weeks)).unwrap_or(monday), &tz).as_second();
    let warning: i64 = sqlx::query("SELECT resource_warning_per_4_weeks FROM units WHERE id = $1")
        .bind(unit_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("resource_warning_per_4_weeks")?;
    let people = sqlx::query(
        "SELECT DISTINCT p.id, p.name, p.employment_percent FROM person_roles r JOIN people p ON p.id = r.person_id
         WHERE r.unit_id = $1 AND r.role = 'care_worker' AND p.active = 1 ORDER BY p.name, p.id",
    )
    .bind(unit_id)
    .fetch_all(&db.pool)
    .await?;
    // Time at all units counts against the contract; resource shifts are counted at this unit.
    let sums = sqlx::query(
        "SELECT s.person_id, s.starts_at, s.ends_at, s.resource FROM shifts s
         WHERE s.status = 'planned' AND s.starts_at >= $1 AND s.starts_at < $2 AND s.person_id IN
           (SELECT person_id FROM person_roles WHERE unit_id = $3 AND role = 'care_worker')",
    )
    .bind(from)
    .bind(to)
    .bind(unit_id)
    .fetch_all(&db.pool)
    .await?;
    let mut minutes: BTreeMap<i64, i64> = BTreeMap::new();
    let mut resource: BTreeMap<i64, i64> = BTreeMap::new();
    for r in &sums {
        let p: i64 = r.try_get("person_id")?;
        *minutes.entry(p).or_default() += (r.try_get::<i64, _>("ends_at")? - r.try_get::<i64, _>("starts_at")?) / 60;
        if r.try_get::<i64, _>("resource")? != 0 {
            *resource.entry(p).or_default() += 1;
        }
    }
    let mut rows = Vec::new();
    for r in &people {
        let id: i64 = r.try_get("id")?;
        let pct: i64 = r.try_get("employment_percent")?;
        rows.push(FollowUpRow {
            person_id: id,
            name: r.try_get("name")?,
            employment_percent: pct,
            scheduled_minutes: minutes.get(&id).copied().unwrap_or(0),
            contracted_minutes: plan::contracted_minutes(pct, weeks),
            resource_shifts: resource.get(&id).copied().unwrap_or(0),
        });
    }
    let full = rows.iter().filter(|r| r.employment_percent >= 100).count() as i64;
    let full_time_percent = if rows.is_empty() { 0 } else { full * 100 / rows.len() as i64 };
    Ok(FollowUp {
        unit_name: unit.name,
        from: monday.to_string(),
        weeks,
        full_time_percent,
        resource_warning_level: warning * weeks / 4,
        rows,
    })
}
