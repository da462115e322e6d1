//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::schedule::{self as plan, Need, Staffed, coverage};
use crate::domain::schedule::{QualityRole, ShiftStatus};
use crate::domain::worktime::{self, AgreementProfile, Breach, PersonLimits, Span};
use crate::error::{AppError, InvalidCode};
use crate::features::base_staffing::ShiftTypeRow;
use crate::features::shifts::{
    RULE_WINDOW_DAYS, Target, check_person, lock_person, resolve, rules_for, spans_of, staff_of,
};
use crate::model::{PersonId, ShiftId};
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{self, Flag, UnixSeconds};
use crate::ssr::live::Signal;
use jiff::Timestamp;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// The unit's active care workers, each with the rules check for the target shift.
pub async fn candidates(db: &Db, target: &Target) -> Result<Vec<Candidate>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let (unit_id, span) = resolve(&mut conn, target).await?;
    let except = match target {
        Target::Existing(id) => Some(*id),
        Target::New { .. } => None,
    };
    let people = staff_of(&mut conn, unit_id).await?;
    let mut out = Vec::with_capacity(people.len());
    for (person_id, name) in people {
        let breaches = check_person(&mut conn, PersonId(person_id), span, except, None).await?;
        out.push(Candidate { person_id, name, breaches });
    }
    // Those who can take it without breaking a rule first.
    out.sort_by_key(|c| !c.breaches.is_empty());
    Ok(out)
}

/// Swaps the people of two planned shifts, atomically, if the rules allow both new assignments.
pub async fn swap(db: &Db, actor: PersonId, a: ShiftId, b: ShiftId) -> Result<(), AppError> {
    if a == b {
        return Err(AppError::invalid("other_shift_id", InvalidCode::UnknownChoice));
    }
    let mut tx = db.begin_write().await?;
    let mut load = Vec::new();
    let mut units = Vec::new();
    for id in [a, b] {
        let (unit, person, UnixSeconds(start), UnixSeconds(end)): (i64, Option<PersonId>, UnixSeconds, UnixSeconds) =
            sqlx::query_as("SELECT unit_id, person_id, starts_at, ends_at FROM shifts WHERE id = $1 AND status = $2")
                .bind(id)
                .bind(ShiftStatus::Planned)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(AppError::NotFound)?;
        let person = person.ok_or(AppError::invalid("other_shift_id", InvalidCode::UnknownChoice))?;
        load.push((id, person, Span::new(start, end)));
        units.push(unit);
    }
    let ((_, pa, span_a), (_, pb, span_b)) = (load[0], load[1]);
    for p in [pa, pb] {
        lock_person(&mut tx, p).await?;
    }
    // Each takes the other's shift; their own shift (being given away) no longer counts.
    let mut breaches = check_person(&mut tx, pa, span_b, Some(a), None).await?;
    breaches.extend(check_person(&mut tx, pb, span_a, Some(b), None).await?);
    if !breaches.is_empty() {
        return Err(AppError::RuleBreach(breaches));
    }
    for (shift, old, new) in [(a, pa, pb), (b, pb, pa)] {
        sqlx::query("UPDATE shifts SET person_id = $1, rest_exception_reason = NULL WHERE id = $2")
            .bind(new)
            .bind(shift)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            db.now(),
            Some(actor.0),
            audit::Action::Swap,
            audit::Entity::Shift,
            Some(shift.0),
            Changes::default().field("person_id", old.0, new.0),
        )
        .await?;
    }
    tx.commit().await?;
    units.dedup();
    let signals = units.into_iter().flat_map(|unit| Signal::unit_shifts(unit, [pa.0, pb.0])).collect::<Vec<_>>();
    db.publish(signals).await;
    Ok(())
}

/// Marks a shift absent (sick, leave): it stays in history, and its place becomes a gap.
pub async fn mark_absent(db: &Db, actor: PersonId, shift_id: ShiftId) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    // Only a planned shift becomes absent; one already absent changes nothing and tells no one.
    let marked: Option<(i64, Option<i64>)> =
        sqlx::query_as("UPDATE shifts SET status = $1 WHERE id = $2 AND status = $3 RETURNING unit_id, person_id")
            .bind(ShiftStatus::Absent)
            .bind(shift_id)
            .bind(ShiftStatus::Planned)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((unit, person)) = marked {
        audit::record(
            &mut tx,
            db.now(),
            Some(actor.0),
            audit::Action::MarkAbsent,
            audit::Entity::Shift,
            Some(shift_id.0),
            Changes::default().field("status", ShiftStatus::Planned.code(), ShiftStatus::Absent.code()),
        )
        .await?;
        tx.commit().await?;
        db.publish(Signal::unit_shifts(unit, person)).await;
    }
    Ok(())
}

/// A person's rules and their shifts around the week, loaded once per person.
pub type PersonRules = (AgreementProfile, PersonLimits, Vec<(ShiftId, Span)>);

/// A base-staffing row with its competence's names.
#[derive(sqlx::FromRow)]
struct NeedRow {
    weekday: i64,
    shift_type_id: i64,
    competence_id: Option<i64>,
    quality_role: Option<QualityRole>,
    headcount: i64,
    name_sv: Option<String>,
    name_en: Option<String>,
}

/// A shift of the week with its person's name.
#[derive(sqlx::FromRow)]
struct ShiftRow {
    id: i64,
    person_id: Option<i64>,
    name: Option<String>,
    shift_type_id: Option<i64>,
    #[sqlx(try_from = "UnixSeconds")]
    starts_at: Timestamp,
    status: ShiftStatus,
    #[sqlx(try_from = "Flag")]
    resource: bool,
    quality_role: Option<QualityRole>,
    rest_exception_reason: Option<String>,
    pool_booking: Option<i64>,
}

/// The unit's week: need, scheduled people, gaps and rule breaches per day and shift type.
/// `may_change` says whether the reader may change it (the page shows the controls then).
pub async fn unit_week(db: &Db, unit_id: i64, monday: Date, may_change: bool) -> Result<WeekView, AppError> {
    week(db, unit_id, monday, may_change, true).await
}

/// The unit's week without the rule breaches: need, scheduled people and gaps only (the daily
/// report's prefill). Checking the rules loads every scheduled person's shifts everywhere.
pub async fn unit_coverage(db: &Db, unit_id: i64, monday: Date) -> Result<WeekView, AppError> {
    week(db, unit_id, monday, false, false).await
}

async fn week(db: &Db, unit_id: i64, monday: Date, may_change: bool, check_rules: bool) -> Result<WeekView, AppError> {
    let unit = crate::features::units::server::get_unit(db, unit_id).await?;
    let mut conn = db.pool.acquire().await?;
    let types: Vec<ShiftTypeRow> = sqlx::query_as(
        "SELECT id, code, name, start_time, end_time FROM shift_types WHERE unit_id = $1 AND active = 1 ORDER BY start_time",
    )
    .bind(unit_id)
    .fetch_all(&mut *conn)
    .await?;
    let needs: Vec<NeedRow> = sqlx::query_as(
        "SELECT n.weekday, n.shift_type_id, n.competence_id, n.quality_role, n.headcount, c.name_sv, c.name_en
         FROM staffing_needs n LEFT JOIN competences c ON c.id = n.competence_id WHERE n.unit_id = $1",
    )
    .bind(unit_id)
    .fetch_all(&mut *conn)
    .await?;
    let tz = crate::domain::time::stockholm();
    let from = worktime::day_start(monday).as_second();
    let to = worktime::day_start(monday.checked_add(jiff::Span::new().days(7)).unwrap_or(monday)).as_second();
    let shift_rows: Vec<ShiftRow> = sqlx::query_as(
        "SELECT s.id, s.person_id, p.name, s.shift_type_id, s.starts_at, s.status, s.resource, s.quality_role,
                s.rest_exception_reason,
                (SELECT MIN(b.id) FROM pool_bookings b WHERE b.shift_id = s.id) AS pool_booking
         FROM shifts s LEFT JOIN people p ON p.id = s.person_id
         WHERE s.unit_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 ORDER BY s.starts_at, p.name",
    )
    .bind(unit_id)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    // What the unit has asked of the pool this week, per day and shift type.
    let asked: Vec<(db::CivilDate, i64, i64, i64)> = sqlx::query_as(
        "SELECT shift_date, shift_type_id, CAST(SUM(headcount) AS BIGINT), CAST(SUM(filled) AS BIGINT) FROM pool_requests
         WHERE unit_id = $1 AND state = $2 AND shift_date >= $3 AND shift_date <= $4 GROUP BY shift_date, shift_type_id",
    )
    .bind(unit_id)
    .bind(crate::domain::report::PoolRequestState::Open)
    .bind(monday.to_string())
    .bind(monday.checked_add(jiff::Span::new().days(6)).unwrap_or(monday).to_string())
    .fetch_all(&mut *conn)
    .await?;
    // Competences of everyone scheduled, for coverage by competence.
    let mut competences: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut person_ids: Vec<i64> = shift_rows.iter().filter_map(|r| r.person_id).collect();
    person_ids.sort_unstable();
    person_ids.dedup();
    if let Some(list) = db::placeholders(1, person_ids.len()) {
        let sql = format!("SELECT person_id, competence_id FROM person_competences WHERE person_id IN ({list})");
        let mut query = sqlx::query_as::<_, (i64, i64)>(&sql);
        for id in &person_ids {
            query = query.bind(*id);
        }
        for (person, competence) in query.fetch_all(&mut *conn).await? {
            competences.entry(person).or_default().push(competence);
        }
    }
    // Rule breaches of every planned, assigned shift this week, against each person's shifts anywhere.
    let mut breaches: BTreeMap<i64, Vec<Breach>> = BTreeMap::new();
    if check_rules {
        let mut rules_cache: BTreeMap<i64, PersonRules> = BTreeMap::new();
        for r in &shift_rows {
            let (Some(person), ShiftStatus::Planned) = (r.person_id, r.status) else {
                continue;
            };
            if let std::collections::btree_map::Entry::Vacant(slot) = rules_cache.entry(person) {
                let (profile, limits) = rules_for(&mut conn, PersonId(person)).await?;
                let window = RULE_WINDOW_DAYS * 86400;
                let spans = spans_of(&mut conn, PersonId(person), from - window, to + window).await?;
                slot.insert((profile, limits, spans));
            }
            let (profile, limits, spans) = &rules_cache[&person];
            let id = ShiftId(r.id);
            let Some(own) = spans.iter().find(|(sid, _)| *sid == id).map(|(_, s)| *s) else { continue };
            let others: Vec<Span> = spans.iter().filter(|(sid, _)| *sid != id).map(|(_, s)| *s).collect();
            let found = worktime::check(&others, own, profile, limits, None);
            // A recorded exception covers a daily rest of at least the exception floor.
            let excepted = r.rest_exception_reason.is_some();
            let found: Vec<Breach> = found
                .into_iter()
                .filter(|b| !(excepted && matches!(b, Breach::DailyRest { exception_possible: true, .. })))
                .collect();
            if !found.is_empty() {
                breaches.insert(r.id, found);
            }
        }
    }
    let mut days = Vec::new();
    for offset in 0..7 {
        let date = monday.checked_add(jiff::Span::new().days(offset)).unwrap_or(monday);
        let wd = plan::weekday(date);
        let mut rows = Vec::new();
        for t in &types {
            let day_needs: Vec<&NeedRow> =
                needs.iter().filter(|n| n.weekday == wd && n.shift_type_id == t.id).collect();
            let day_shifts = shift_rows
                .iter()
                .filter(|s| s.shift_type_id == Some(t.id) && s.starts_at.to_zoned(tz.clone()).date() == date);
            let mut planned = Vec::new();
            let mut staffed = Vec::new();
            for s in day_shifts {
                let absent = s.status == ShiftStatus::Absent;
                if let (Some(p), false) = (s.person_id, absent) {
                    staffed.push(Staffed {
                        competence_ids: competences.get(&p).cloned().unwrap_or_default(),
                        quality_role: s.quality_role,
                    });
                }
                planned.push(PlannedShift {
                    id: s.id,
                    person_id: s.person_id,
                    person_name: s.name.clone(),
                    absent,
                    resource: s.resource,
                    quality_role: s.quality_role,
                    rest_exception_reason: s.rest_exception_reason.clone(),
                    breaches: breaches.remove(&s.id).unwrap_or_default(),
                    pool_booking: s.pool_booking,
                });
            }
            let need_list: Vec<Need> = day_needs
                .iter()
                .map(|n| Need { competence_id: n.competence_id, quality_role: n.quality_role, headcount: n.headcount })
                .collect();
            if need_list.is_empty() && planned.is_empty() {
                continue;
            }
            let cov = coverage(&need_list, &staffed);
            // Each person counts once, towards the most specific need they fit, so the gaps add up.
            let gap: i64 = cov.iter().map(|c| c.gap()).sum();
            let coverage_rows = cov
                .iter()
                .zip(day_needs.iter())
                .map(|(c, n)| CoverageRow {
                    competence_id: c.competence_id,
                    competence_sv: n.name_sv.clone(),
                    competence_en: n.name_en.clone(),
                    quality_role: c.quality_role,
                    headcount: c.headcount,
                    scheduled: c.scheduled,
                })
                .collect();
            rows.push(ShiftPlan {
                shift_type_id: t.id,
                shift_name: t.name.clone(),
                start: t.start,
                end: t.end,
                coverage: coverage_rows,
                gap,
                shifts: planned,
                pool_asked: asked.iter().filter(|a| a.0.0 == date && a.1 == t.id).map(|a| a.2).sum(),
                pool_booked: asked.iter().filter(|a| a.0.0 == date && a.1 == t.id).map(|a| a.3).sum(),
            });
        }
        days.push(DayPlan { date, rows });
    }
    Ok(WeekView { unit_id, unit_name: unit.name, week_start: monday, today: db.today(), may_change, days })
}

/// One more person asked of the pool for a shift of the unit (see `request_from_pool`): the open
/// request for the same shift and competence grows, a withdrawn one opens again, or a new one
/// is made. Only shifts that have not started can be asked for.
pub async fn request_from_pool(
    db: &Db,
    actor: PersonId,
    unit_id: crate::model::UnitId,
    date: Date,
    shift_type_id: i64,
    competence_id: Option<i64>,
) -> Result<i64, AppError> {
    use crate::domain::report::PoolRequestState;
    let now = db.now();
    let mut tx = db.begin_write().await?;
    // The unit's row lock first (a write as the first statement): two taps at once make one request.
    sqlx::query("UPDATE units SET active = active WHERE id = $1").bind(unit_id).execute(&mut *tx).await?;
    let (_, span) = resolve(&mut tx, &Target::New { unit_id, date, shift_type_id }).await?;
    if span.start.as_second() <= now {
        return Err(AppError::invalid("date", InvalidCode::Date));
    }
    if let Some(c) = competence_id {
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM competences WHERE id = $1 AND active = 1")
            .bind(c)
            .fetch_optional(&mut *tx)
            .await?;
        known.ok_or(AppError::invalid("competence_id", InvalidCode::UnknownChoice))?;
    }
    let existing: Option<(i64, i64, i64, PoolRequestState)> = sqlx::query_as(
        "SELECT id, headcount, filled, state FROM pool_requests
         WHERE unit_id = $1 AND shift_date = $2 AND shift_type_id = $3 AND COALESCE(competence_id, 0) = $4",
    )
    .bind(unit_id)
    .bind(date.to_string())
    .bind(shift_type_id)
    .bind(competence_id.unwrap_or(0))
    .fetch_optional(&mut *tx)
    .await?;
    let (request_id, headcount, changes) = match existing {
        Some((id, headcount, filled, state)) => {
            let wanted = if state == PoolRequestState::Open { headcount + 1 } else { filled + 1 };
            sqlx::query("UPDATE pool_requests SET headcount = $1, state = $2, updated_at = $3 WHERE id = $4")
                .bind(wanted)
                .bind(PoolRequestState::Open)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            (id, wanted, Changes::default().field("headcount", headcount, wanted))
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO pool_requests (unit_id, shift_date, shift_type_id, competence_id, starts_at, ends_at,
                                            headcount, filled, state, origin, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 1, 0, $7, 'week_view', $8, $8) RETURNING id",
            )
            .bind(unit_id)
            .bind(date.to_string())
            .bind(shift_type_id)
            .bind(competence_id)
            .bind(span.start.as_second())
            .bind(span.end.as_second())
            .bind(PoolRequestState::Open)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            (id, 1, Changes::default().created("headcount", 1).created("shift_date", date.to_string()))
        }
    };
    audit::record(
        &mut tx,
        now,
        Some(actor.0),
        audit::Action::RequestFromPool,
        audit::Entity::PoolRequest,
        Some(request_id),
        changes,
    )
    .await?;
    tx.commit().await?;
    let mut signals = Signal::unit_report(unit_id.0);
    signals.push(Signal::Event { to: crate::ssr::live::Audience::Coordinators, event: crate::live::LiveEvent::Pool });
    db.publish(signals).await;
    Ok(headcount)
}
