//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::RequiredText;
use crate::domain::schedule::{QualityRole, parse_time};
use crate::error::{AppError, ConflictCode, InvalidCode};
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{Constraint, OnConstraint, OnMissingReference};

const SHIFT_TYPE_UNIQUE: Constraint =
    Constraint { postgres: "shift_types_unit_id_code_key", sqlite: "shift_types.unit_id, shift_types.code" };

pub async fn get(db: &Db, unit_id: i64) -> Result<Staffing, AppError> {
    let unit = crate::features::units::server::get_unit(db, unit_id).await?;
    let shift_types = sqlx::query_as(
        "SELECT id, code, name, start_time, end_time FROM shift_types WHERE unit_id = $1 AND active = 1 ORDER BY start_time",
    )
    .bind(unit_id)
    .fetch_all(&db.pool)
    .await?;
    #[derive(sqlx::FromRow)]
    struct Need {
        id: i64,
        weekday: i64,
        shift_type_id: i64,
        competence_id: Option<i64>,
        quality_role: Option<QualityRole>,
        headcount: i64,
    }
    let rows: Vec<Need> = sqlx::query_as(
        "SELECT id, weekday, shift_type_id, competence_id, quality_role, headcount FROM staffing_needs
         WHERE unit_id = $1 ORDER BY shift_type_id, quality_role, competence_id, headcount, weekday",
    )
    .bind(unit_id)
    .fetch_all(&db.pool)
    .await?;
    let mut needs: Vec<NeedGroup> = Vec::new();
    for r in rows {
        let (id, weekday) = (r.id, r.weekday);
        let key = (r.shift_type_id, r.competence_id, r.quality_role, r.headcount);
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
        may_change: false,
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
    let start = parse_time(start).ok_or(AppError::invalid("start", InvalidCode::Time))?.strftime("%H:%M").to_string();
    let end = parse_time(end).ok_or(AppError::invalid("end", InvalidCode::Time))?.strftime("%H:%M").to_string();
    let code = name.as_str().to_lowercase();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO shift_types (unit_id, code, name, start_time, end_time, active) VALUES ($1, $2, $3, $4, $5, 1) RETURNING id",
    )
    .bind(unit_id)
    .bind(&code)
    .bind(name.as_str())
    .bind(&start)
    .bind(&end)
    .fetch_one(&mut *tx)
    .await
    .on_constraint(SHIFT_TYPE_UNIQUE, AppError::Conflict(ConflictCode::ShiftTypeTaken))?;
    let changes = Changes::default()
        .created("unit_id", unit_id)
        .created("name", name.as_str())
        .created("start", start.as_str())
        .created("end", end.as_str());
    audit::record(&mut tx, db.now(), Some(actor), audit::Action::Create, audit::Entity::ShiftType, Some(id), changes)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a need of `kind` for each of `weekdays`.
/// A need already there for that day, shift type and kind gets the new headcount.
pub async fn add_need(
    db: &Db,
    actor: i64,
    unit_id: i64,
    shift_type_id: i64,
    weekdays: &[i64],
    kind: NeedKind,
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
    let (competence, role) = match kind {
        NeedKind::Anyone => (None, None),
        NeedKind::Competence(id) => (Some(id), None),
        NeedKind::Quality(role) => (None, Some(role)),
    };
    let mut tx = db.begin_write().await?;
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
        // The unit and the shift type are checked above; the competence is the one reference not.
        .on_missing_reference(AppError::invalid("kind", InvalidCode::UnknownChoice))?;
    }
    let changes = Changes::default()
        .created("shift_type_id", shift_type_id)
        .created("weekdays", serde_json::json!(weekdays))
        .created("kind", serde_json::json!(kind))
        .created("headcount", headcount);
    audit::record(
        &mut tx,
        db.now(),
        Some(actor),
        audit::Action::Create,
        audit::Entity::StaffingNeed,
        Some(unit_id),
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes need rows of this unit (ids of other units are ignored).
pub async fn remove_needs(db: &Db, actor: i64, unit_id: i64, ids: &[i64]) -> Result<(), AppError> {
    // One need is at most one row per weekday; the screen removes one need at a time.
    crate::domain::parse::distinct_at_most("ids", ids, 7)?;
    let mut tx = db.begin_write().await?;
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
        audit::record(
            &mut tx,
            db.now(),
            Some(actor),
            audit::Action::Delete,
            audit::Entity::StaffingNeed,
            Some(unit_id),
            changes,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
