//! Creating concrete shifts from a unit's rolling schedules (server only): which shifts a
//! rotation gives in a period, which of them are new, and which keep their line's person —
//! through the same rules gate as a single assignment.
use super::Generation;
use super::server::{SlotRow, shift_times};
use crate::domain::schedule::{self as plan, ShiftStatus, Slot, generate};
use crate::domain::worktime;
use crate::error::AppError;
use crate::features::shifts::{RULE_WINDOW_DAYS, lock_person, rules_for, spans_of, works_at};
use crate::model::{PersonId, UnitId};
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::CivilDate;
use crate::ssr::live::Signal;
use jiff::civil::Date;
use sqlx::AnyConnection;

/// Creates concrete shifts from a rotation for `from..=to`. Idempotent: already generated
/// shifts stay as they are (edits made to them are kept). A shift whose person may not take it
/// any more is created without one (see [`give_out`]).
pub async fn generate_rotation(
    conn: &mut AnyConnection,
    rotation_id: i64,
    from: Date,
    to: Date,
    created_at: i64,
) -> Result<Generation, AppError> {
    let (unit_id, weeks, CivilDate(start)): (i64, i64, CivilDate) =
        sqlx::query_as("SELECT unit_id, weeks, start_date FROM rotations WHERE id = $1")
            .bind(rotation_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
    let types = shift_times(conn, unit_id).await?;
    let slots: Vec<SlotRow> = sqlx::query_as(
        "SELECT s.line_id, l.person_id, s.week_index, s.weekday, s.shift_type_id, s.quality_role, s.resource
         FROM rotation_slots s JOIN rotation_lines l ON l.id = s.line_id WHERE l.rotation_id = $1",
    )
    .bind(rotation_id)
    .fetch_all(&mut *conn)
    .await?;
    let slots: Vec<Slot> = slots.into_iter().map(Slot::from).collect();
    // Only the shifts not generated before: those (and any edits to them) stay as they are.
    let all = generate(start, weeks, &slots, &types, from, to);
    let starts = all.iter().map(|g| g.span.start.as_second());
    let (lo, hi) = (starts.clone().min().unwrap_or_default(), starts.max().unwrap_or_default());
    let already: std::collections::HashSet<(i64, i64)> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT s.rotation_line_id, s.starts_at FROM shifts s JOIN rotation_lines l ON l.id = s.rotation_line_id
         WHERE l.rotation_id = $1 AND s.starts_at >= $2 AND s.starts_at <= $3",
    )
    .bind(rotation_id)
    .bind(lo)
    .bind(hi)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let new: Vec<plan::Generated> =
        all.into_iter().filter(|g| !already.contains(&(g.line_id, g.span.start.as_second()))).collect();
    let keeps_person = give_out(conn, unit_id, &new).await?;
    let mut generation = Generation::default();
    for (g, keeps) in new.iter().zip(keeps_person) {
        let person_id = if keeps { g.person_id } else { None };
        let done = sqlx::query(
            "INSERT INTO shifts (unit_id, person_id, shift_type_id, starts_at, ends_at, quality_role, resource, status,
                                 rotation_line_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (rotation_line_id, starts_at) DO NOTHING",
        )
        .bind(unit_id)
        .bind(person_id)
        .bind(g.shift_type_id)
        .bind(g.span.start.as_second())
        .bind(g.span.end.as_second())
        .bind(g.quality_role)
        .bind(g.resource as i64)
        .bind(ShiftStatus::Planned)
        .bind(g.line_id)
        .bind(created_at)
        .execute(&mut *conn)
        .await?;
        let inserted = done.rows_affected() as i64;
        generation.created += inserted;
        if g.person_id.is_some() && person_id.is_none() {
            generation.left_open += inserted;
        }
    }
    Ok(generation)
}

/// Which generated shifts keep their line's person — the same gate as a single assignment
/// (`shifts::assign`): the person is still active and one of the unit's staff, and the rules
/// hold against their shifts at every unit and provider, the new ones included, taken in time
/// order. The others are created without a person, as gaps the manager sees and fills. Each
/// person's row is locked first, as `assign` does, so a parallel assignment cannot slip between.
async fn give_out(
    conn: &mut AnyConnection,
    unit_id: i64,
    generated: &[plan::Generated],
) -> Result<Vec<bool>, AppError> {
    let mut keeps = vec![false; generated.len()];
    let mut people: Vec<i64> = generated.iter().filter_map(|g| g.person_id).collect();
    people.sort_unstable();
    people.dedup();
    let window = RULE_WINDOW_DAYS * 24 * 3600;
    for id in people {
        let person = PersonId(id);
        if !lock_person(conn, person).await? || !works_at(conn, person, UnitId(unit_id)).await? {
            continue;
        }
        let theirs: Vec<usize> = (0..generated.len()).filter(|&i| generated[i].person_id == Some(id)).collect();
        let candidates: Vec<worktime::Span> = theirs.iter().map(|&i| generated[i].span).collect();
        let first = candidates.iter().map(|s| s.start.as_second()).min().unwrap_or_default();
        let last = candidates.iter().map(|s| s.end.as_second()).max().unwrap_or_default();
        let existing: Vec<worktime::Span> =
            spans_of(conn, person, first - window, last + window).await?.into_iter().map(|(_, s)| s).collect();
        let (profile, limits) = rules_for(conn, person).await?;
        for (k, taken) in worktime::take_in_order(&existing, &candidates, &profile, &limits).into_iter().enumerate() {
            keeps[theirs[k]] = taken;
        }
    }
    Ok(keeps)
}

/// Generates shifts from all of a unit's active rotations for `from..=to` (at most 26 weeks),
/// in one transaction, audited. Returns how many new shifts were created, and how many of them
/// were left without their line's person.
pub async fn generate_for_unit(
    db: &Db,
    actor: i64,
    unit_id: i64,
    from: Date,
    to: Date,
) -> Result<Generation, AppError> {
    if to < from || (to - from).get_days() > 26 * 7 {
        return Err(AppError::out_of_range("weeks", &(1..=26)));
    }
    let mut tx = db.begin_write().await?;
    let rotations: Vec<i64> = sqlx::query_scalar("SELECT id FROM rotations WHERE unit_id = $1 AND active = 1")
        .bind(unit_id)
        .fetch_all(&mut *tx)
        .await?;
    let mut total = Generation::default();
    for rotation in rotations {
        let one = generate_rotation(&mut tx, rotation, from, to, db.now()).await?;
        total.created += one.created;
        total.left_open += one.left_open;
    }
    let changes = Changes::default()
        .created("from", from.to_string())
        .created("to", to.to_string())
        .created("shifts_created", total.created)
        .created("left_open", total.left_open);
    audit::record(
        &mut tx,
        db.now(),
        Some(actor),
        audit::Action::GenerateShifts,
        audit::Entity::Unit,
        Some(unit_id),
        changes,
    )
    .await?;
    tx.commit().await?;
    if total.created > 0 {
        // Everyone with a line may have got shifts (over-telling costs one refresh).
        let people: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT l.person_id FROM rotation_lines l JOIN rotations r ON r.id = l.rotation_id
              WHERE r.unit_id = $1 AND r.active = 1 AND l.person_id IS NOT NULL",
        )
        .bind(unit_id)
        .fetch_all(&db.pool)
        .await?;
        db.publish(Signal::unit_shifts(unit_id, people)).await;
    }
    Ok(total)
}
