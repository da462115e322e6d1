//! Server-only queries of the rolling-schedule editor (compiled with `ssr`); creating shifts from
//! a schedule is `generate.rs`.
use super::*;
use crate::domain::schedule::{QualityRole, RotationCell, ShiftTimes, Slot, generate, span_on};
use crate::domain::worktime::{self, AgreementProfile, PersonLimits};
use crate::error::{AppError, InvalidCode};
use crate::features::shifts::{rules_for, staff_of, works_at};
use crate::model::{PersonId, UnitId};
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{CivilDate, ClockTime, Flag};
use jiff::civil::Date;
use sqlx::AnyConnection;

/// A rolling-schedule slot as stored, with its line's person.
#[derive(sqlx::FromRow)]
pub(super) struct SlotRow {
    line_id: i64,
    person_id: Option<i64>,
    week_index: i64,
    weekday: i64,
    shift_type_id: i64,
    quality_role: Option<QualityRole>,
    #[sqlx(try_from = "Flag")]
    resource: bool,
}

impl From<SlotRow> for Slot {
    fn from(r: SlotRow) -> Slot {
        Slot {
            line_id: r.line_id,
            person_id: r.person_id,
            week_index: r.week_index,
            weekday: r.weekday,
            shift_type_id: r.shift_type_id,
            quality_role: r.quality_role,
            resource: r.resource,
        }
    }
}

pub async fn get(db: &Db, unit_id: i64) -> Result<RotationView, AppError> {
    let unit = crate::features::units::server::get_unit(db, unit_id).await?;
    let shift_types = crate::features::base_staffing::server::get(db, unit_id).await?.shift_types;
    let staff = staff_of(&mut *db.pool.acquire().await?, UnitId(unit_id)).await?;
    let rotation: Option<(i64, i64, CivilDate)> = sqlx::query_as(
        "SELECT id, weeks, start_date FROM rotations WHERE unit_id = $1 AND active = 1 ORDER BY id LIMIT 1",
    )
    .bind(unit_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((rotation_id, weeks, CivilDate(start_date))) = rotation else {
        return Ok(RotationView {
            unit_id,
            unit_name: unit.name,
            may_change: false,
            rotation_id: None,
            weeks: 6,
            start_date: None,
            shift_types,
            staff,
            lines: vec![],
        });
    };
    #[derive(sqlx::FromRow)]
    struct Line {
        id: i64,
        line_no: i64,
        person_id: Option<i64>,
        name: Option<String>,
        employment_percent: i64,
    }
    let lines: Vec<Line> = sqlx::query_as(
        "SELECT l.id, l.line_no, l.person_id, p.name, l.employment_percent FROM rotation_lines l
         LEFT JOIN people p ON p.id = l.person_id WHERE l.rotation_id = $1 ORDER BY l.line_no",
    )
    .bind(rotation_id)
    .fetch_all(&db.pool)
    .await?;
    let slots: Vec<SlotRow> = sqlx::query_as(
        "SELECT s.line_id, l.person_id, s.week_index, s.weekday, s.shift_type_id, s.quality_role, s.resource
         FROM rotation_slots s JOIN rotation_lines l ON l.id = s.line_id WHERE l.rotation_id = $1",
    )
    .bind(rotation_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for l in lines {
        let mut cells = vec![None; (weeks * 7) as usize];
        for s in slots.iter().filter(|s| s.line_id == l.id) {
            if let Some(cell) = cells.get_mut((s.week_index * 7 + s.weekday - 1) as usize) {
                *cell = Some(RotationCell {
                    shift_type_id: s.shift_type_id,
                    quality_role: s.quality_role,
                    resource: s.resource,
                });
            }
        }
        // A shift's length on an ordinary day (no daylight-saving change), for the weekly average.
        let minutes: i64 = cells
            .iter()
            .flatten()
            .filter_map(|c| shift_types.iter().find(|st| st.id == c.shift_type_id))
            .map(|st| span_on(jiff::civil::date(2026, 5, 4), st.start, st.end).duration().as_mins())
            .sum();
        out.push(RotationLine {
            id: l.id,
            line_no: l.line_no,
            person_id: l.person_id,
            person_name: l.name,
            employment_percent: l.employment_percent,
            cells,
            minutes_per_week: minutes / weeks.max(1),
        });
    }
    Ok(RotationView {
        unit_id,
        unit_name: unit.name,
        may_change: false,
        rotation_id: Some(rotation_id),
        weeks,
        start_date: Some(start_date),
        shift_types,
        staff,
        lines: out,
    })
}

/// Starts a rolling schedule of `weeks` weeks from the Monday of `start`, if the unit has none.
pub async fn create(db: &Db, actor: i64, unit_id: i64, weeks: i64, start: Date) -> Result<i64, AppError> {
    if !(1..=16).contains(&weeks) {
        return Err(AppError::out_of_range("weeks", &(1..=16)));
    }
    let monday = crate::domain::schedule::monday_of(start);
    let mut tx = db.begin_write().await?;
    if let Some(id) = sqlx::query_scalar("SELECT id FROM rotations WHERE unit_id = $1 AND active = 1")
        .bind(unit_id)
        .fetch_optional(&mut *tx)
        .await?
    {
        return Ok(id);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO rotations (unit_id, name, weeks, start_date, active) VALUES ($1, $2, $3, $4, 1) RETURNING id",
    )
    .bind(unit_id)
    .bind(format!("Rullande schema {weeks} veckor"))
    .bind(weeks)
    .bind(monday.to_string())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        db.now(),
        Some(actor),
        audit::Action::Create,
        audit::Entity::Rotation,
        Some(id),
        Changes::default().created("weeks", weeks),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The unit a rolling-schedule line belongs to; an unknown line is `Forbidden`, like another
/// unit's (see `guard::unit_of_shift`).
pub async fn unit_of_line(db: &Db, line_id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar(
        "SELECT r.unit_id FROM rotation_lines l JOIN rotations r ON r.id = l.rotation_id WHERE l.id = $1",
    )
    .bind(line_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::Forbidden)
}

pub async fn add_line(db: &Db, actor: i64, unit_id: i64) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    let rotation: i64 = sqlx::query_scalar("SELECT id FROM rotations WHERE unit_id = $1 AND active = 1")
        .bind(unit_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let next: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(line_no), 0) + 1 FROM rotation_lines WHERE rotation_id = $1")
            .bind(rotation)
            .fetch_one(&mut *tx)
            .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO rotation_lines (rotation_id, line_no, employment_percent) VALUES ($1, $2, 100) RETURNING id",
    )
    .bind(rotation)
    .bind(next)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        db.now(),
        Some(actor),
        audit::Action::Create,
        audit::Entity::RotationLine,
        Some(id),
        Changes::default().created("line_no", next),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves a line: who has it, their employment percentage and the pattern. The pattern, repeated
/// over two cycles, must keep the working-time rules (with the person's own limits if given).
pub async fn save_line(
    db: &Db,
    actor: i64,
    line_id: i64,
    person_id: Option<i64>,
    employment_percent: &str,
    cells: &[Option<RotationCell>],
) -> Result<(), AppError> {
    let percent = crate::domain::Percent::parse("employment_percent", employment_percent)?;
    let mut tx = db.begin_write().await?;
    let (unit_id, weeks, CivilDate(start)): (i64, i64, CivilDate) = sqlx::query_as(
        "SELECT r.unit_id, r.weeks, r.start_date FROM rotation_lines l
         JOIN rotations r ON r.id = l.rotation_id WHERE l.id = $1",
    )
    .bind(line_id)
    .fetch_one(&mut *tx)
    .await?;
    if cells.len() as i64 != weeks * 7 {
        return Err(AppError::invalid("cells", InvalidCode::UnknownChoice));
    }
    if let Some(p) = person_id
        && !works_at(&mut tx, PersonId(p), UnitId(unit_id)).await?
    {
        return Err(AppError::invalid("person_id", InvalidCode::UnknownChoice));
    }
    let types = shift_times(&mut tx, unit_id).await?;
    let slots: Vec<Slot> = cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (i as i64, c)))
        .map(|(i, c)| Slot {
            line_id,
            person_id,
            week_index: i / 7,
            weekday: i % 7 + 1,
            shift_type_id: c.shift_type_id,
            quality_role: c.quality_role,
            resource: c.resource,
        })
        .collect();
    if slots.iter().any(|s| !types.iter().any(|t| t.id == s.shift_type_id)) {
        return Err(AppError::invalid("cells", InvalidCode::UnknownChoice));
    }
    // The pattern over two full cycles, so that the turn from the last week to the first counts.
    let to = start.checked_add(jiff::Span::new().days(weeks * 14 - 1)).unwrap_or(start);
    let spans: Vec<_> = generate(start, weeks, &slots, &types, start, to).into_iter().map(|g| g.span).collect();
    let (profile, limits) = match person_id {
        Some(p) => rules_for(&mut tx, PersonId(p)).await?,
        None => (AgreementProfile::default(), PersonLimits::default()),
    };
    let mut breaches: Vec<_> =
        worktime::check_schedule(&spans, &profile, &limits).into_iter().flat_map(|(_, b)| b).collect();
    breaches.dedup();
    if !breaches.is_empty() {
        return Err(AppError::RuleBreach(breaches));
    }
    sqlx::query("DELETE FROM rotation_slots WHERE line_id = $1").bind(line_id).execute(&mut *tx).await?;
    for s in &slots {
        sqlx::query("INSERT INTO rotation_slots (line_id, week_index, weekday, shift_type_id, quality_role, resource) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(line_id)
            .bind(s.week_index)
            .bind(s.weekday)
            .bind(s.shift_type_id)
            .bind(s.quality_role)
            .bind(s.resource as i64)
            .execute(&mut *tx)
            .await?;
    }
    let old_person: Option<i64> = sqlx::query_scalar("SELECT person_id FROM rotation_lines WHERE id = $1")
        .bind(line_id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("UPDATE rotation_lines SET person_id = $1, employment_percent = $2 WHERE id = $3")
        .bind(person_id)
        .bind(percent.get() as i64)
        .bind(line_id)
        .execute(&mut *tx)
        .await?;
    let changes = Changes::default()
        .field("person_id", old_person, person_id)
        .created("employment_percent", percent.get())
        .created("shifts_in_cycle", slots.len() as i64);
    audit::record(
        &mut tx,
        db.now(),
        Some(actor),
        audit::Action::Update,
        audit::Entity::RotationLine,
        Some(line_id),
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The local start and end times of a unit's shift types.
pub async fn shift_times(conn: &mut AnyConnection, unit_id: i64) -> Result<Vec<ShiftTimes>, AppError> {
    let rows: Vec<(i64, ClockTime, ClockTime)> =
        sqlx::query_as("SELECT id, start_time, end_time FROM shift_types WHERE unit_id = $1")
            .bind(unit_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(|(id, ClockTime(start), ClockTime(end))| ShiftTimes { id, start, end }).collect())
}
