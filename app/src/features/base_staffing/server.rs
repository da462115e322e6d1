//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::RequiredText;
use crate::domain::schedule::{QualityRole, parse_time};
use crate::error::{AppError, InvalidCode};
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use sqlx::Row;

pub async fn get(db: &Db, unit_id: i64) -> Result<Staffing, AppError> {
    let unit = crate::features::units::server::get_unit(db, unit_id).await?;
    let shift_types = sqlx::query(
        "SELECT id, code, name, start_time, end_time FROM shift_types WHERE unit_id = $1 AND active = 1 ORDER BY start_time",
    )
    .bind(unit_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(ShiftTypeRow {
            id: r.try_get("id")?,
            code: r.try_get("code")?,
            name: r.try_get("name")?,
            start: r.try_get("start_time")?,
            end: r.try_get("end_time")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let rows = sqlx::query(
        "SELECT id, weekday, shift_type_id, competence_id, quality_role, headcount FROM staffing_needs
         WHERE unit_id = $1 ORDER BY shift_type_id, quality_role, competence_id, headcount, weekday",
    )
    .bind(unit_id)
    .fetch_all(&db.pool)
    .await?;
    let mut needs: Vec<NeedGroup> = Vec::new();
    for r in &rows {
        let (id, weekday): (i64, i64) = (r.try_get("id")?, r.try_get("weekday")?);
        let key = (
            r.try_get::<i64, _>("shift_type_id")?,
            r.try_get::<Option<i64>, _>("competence_id")?,
            crate::ssr::quality_role_at(r, "quality_role")?,
            r.try_get::<i64, _>("headcount")?,
        );
        match needs.iter_mut().find(|g| (g.shift_type_id, g.competence_id, g.quality_role, g.headcount) == key) {
            Some(g) => {
                g.ids.push(id);
                g.weekdays.push(weekday);
            }
            None => needs.push(NeedGroup {
                ids: vec![id],
                shift_type_id: key.0,
                weekdays: vec![weekday],
                competence_id: key.1,
                quality_role: key.2,
                headcount: key.3,
            }),
        }
    }
    Ok(Staffing {
        unit_id,
        unit_name: unit.name,
        shift_types,
        competences: crate::features::competences::server::list_competences(db)
            .await?
            .into_iter()
            .filter(|c| c.active)
            .collect(),
        needs,
    })
}

pub async fn add_shift_type(
    db: &Db,
    actor: i64,
    unit_id: i64,
    name: &str,
    start: &str,
    end: &str,
) -> Result<i64, AppError> {
    let name = RequiredText::parse("name", name, 40)?;
    let (start, end) = (start.trim(), end.trim());
    if parse_time(start).is_none() {
        return Err(AppError::invalid("start", InvalidCode::Time));
    }
    if parse_time(end).is_none() {
        return Err(AppError::invalid("end", InvalidCode::Time));
    }
    let code = name.as_str().to_lowercase();
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO shift_types (unit_id, code, name, start_time, end_time, active) VALUES ($1, $2, $3, $4, $5, 1) RETURNING id",
    )
    .bind(unit_id)
    .bind(&code)
    .bind(name.as_str())
    .bind(start)
    .bind(end)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => AppError::Conflict(crate::error::ConflictCode::ShiftTypeTaken),
        other => other,
    })?
    .try_get("id")?;
    let changes = Changes::default()
        .created("unit_id", unit_id)
        .created("name", name.as_str())
        .created("start", start)
        .created("end", end);
    audit::record(&mut tx, db.now(), Some(actor), "create", "shift_type", Some(id), changes).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a need for each of `weekdays`. `kind` is "" (anyone), "competence:<id>" or a quality role.
/// A need already there for that day, shift type and kind gets the new headcount.
pub async fn add_need(
    db: &Db,
    actor: i64,
    unit_id: i64,
    shift_type_id: i64,
    weekdays: &[i64],
    kind: &str,
    headcount: &str,
) -> Result<(), AppError> {
    let headcount: i64 = match headcount.trim().parse() {
        Ok(n) if (1..=50).contains(&n) => n,
        _ => return Err(AppError::out_of_range("headcount", &(1..=50))),
    };
    crate::domain::parse::distinct_at_most("weekdays", weekdays, 7)?;
    if weekdays.is_empty() || weekdays.iter().any(|d| !(1..=7).contains(d)) {
        return Err(AppError::invalid("weekdays", InvalidCode::Required));
    }
    let (competence, role): (Option<i64>, Option<&str>) = match kind {
        "" => (None, None),
        k if k.starts_with("competence:") => {
            (Some(k[11..].parse().map_err(|_| AppError::invalid("kind", InvalidCode::UnknownChoice))?), None)
        }
        k if QualityRole::from_code(k).is_some() => (None, Some(k)),
        _ => return Err(AppError::invalid("kind", InvalidCode::UnknownChoice)),
    };
    let mut tx = db.pool.begin().await?;
    let owned = sqlx::query("SELECT id FROM shift_types WHERE id = $1 AND unit_id = $2")
        .bind(shift_type_id)
        .bind(unit_id)
        .fetch_optional(&mut *tx)
        .await?;
    if owned.is_none() {
        return Err(AppError::invalid("shift_type_id", InvalidCode::UnknownChoice));
    }
    for day in weekdays {
        sqlx::query(
            "INSERT INTO staffing_needs (unit_id, weekday, shift_type_id, competence_id, quality_role, headcount)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (unit_id, weekday, shift_type_id, (COALESCE(competence_id, 0)), (COALESCE(quality_role, '')))
             DO UPDATE SET headcount = excluded.headcount",
        )
        .bind(unit_id)
        .bind(*day)
        .bind(shift_type_id)
        .bind(competence)
        .bind(role)
        .bind(headcount)
        .execute(&mut *tx)
        .await
        .map_err(|e| match AppError::from(e) {
            AppError::Internal => AppError::invalid("kind", InvalidCode::UnknownChoice),
            other => other,
        })?;
    }
    let changes = Changes::default()
        .created("shift_type_id", shift_type_id)
        .created("weekdays", serde_json::json!(weekdays))
        .created("kind", kind)
        .created("headcount", headcount);
    audit::record(&mut tx, db.now(), Some(actor), "create", "staffing_need", Some(unit_id), changes).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes need rows of this unit (ids of other units are ignored).
pub async fn remove_needs(db: &Db, actor: i64, unit_id: i64, ids: &[i64]) -> Result<(), AppError> {
    // One need is at most one row per weekday; the screen removes one need at a time.
    crate::domain::parse::distinct_at_most("ids", ids, 7)?;
    let mut tx = db.pool.begin().await?;
    let mut removed = Vec::new();
    for id in ids {
        let done = sqlx::query("DELETE FROM staffing_needs WHERE id = $1 AND unit_id = $2")
            .bind(id)
            .bind(unit_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 1 {
            removed.push(*id);
        }
    }
    if !removed.is_empty() {
        let changes = Changes::default().field("need_ids", serde_json::json!(removed), serde_json::Value::Null);
        audit::record(&mut tx, db.now(), Some(actor), "delete", "staffing_need", Some(unit_id), changes).await?;
    }
    tx.commit().await?;
    Ok(())
}
