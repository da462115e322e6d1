//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::schedule::{self as plan, Need, Staffed, coverage};
use crate::domain::worktime::{self, AgreementProfile, Breach, PersonLimits, Span};
use crate::error::{AppError, InvalidCode};
use crate::features::shifts::{
    RULE_WINDOW_DAYS, Target, check_person, lock_person, resolve, rules_for, spans_of, staff_of, ts,
};
use crate::ssr::audit::{self, Changes};
use crate::ssr::{Db, quality_role_at};
use jiff::civil::Date;
use sqlx::Row;
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
        let breaches = check_person(&mut conn, person_id, span, except, None).await?;
        out.push(Candidate { person_id, name, breaches });
    }
    // Those who can take it without breaking a rule first.
    out.sort_by_key(|c| !c.breaches.is_empty());
    Ok(out)
}

/// Swaps the people of two planned shifts, atomically, if the rules allow both new assignments.
pub async fn swap(db: &Db, actor: i64, a: i64, b: i64) -> Result<(), AppError> {
    if a == b {
        return Err(AppError::invalid("other_shift_id", InvalidCode::UnknownChoice));
    }
    let mut tx = db.pool.begin().await?;
    let mut load = Vec::new();
    for id in [a, b] {
        let r = sqlx::query("SELECT person_id, starts_at, ends_at FROM shifts WHERE id = $1 AND status = 'planned'")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
        let person: i64 = r
            .try_get::<Option<i64>, _>("person_id")?
            .ok_or(AppError::invalid("other_shift_id", InvalidCode::UnknownChoice))?;
        load.push((id, person, Span::new(ts(r.try_get("starts_at")?), ts(r.try_get("ends_at")?))));
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
            Some(actor),
            "swap",
            "shift",
            Some(shift),
            Changes::default().field("person_id", old, new),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Marks a shift absent (sick, leave): it stays in history, and its place becomes a gap.
pub async fn mark_absent(db: &Db, actor: i64, shift_id: i64) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE shifts SET status = 'absent' WHERE id = $1 AND status = 'planned'")
        .bind(shift_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 1 {
        audit::record(
            &mut tx,
            db.now(),
            Some(actor),
            "mark_absent",
            "shift",
            Some(shift_id),
            Changes::default().field("status", "planned", "absent"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A person's rules and their shifts around the week, loaded once per person.
pub type PersonRules = (AgreementProfile, PersonLimits, Vec<(i64, Span)>);

/// The unit's week: need, scheduled people, gaps and rule breaches per day and shift type.
pub async fn unit_week(db: &Db, unit_id: i64, monday: Date) -> Result<WeekView, AppError> {
    let unit = crate::features::units::server::get_unit(db, unit_id).await?;
    let mut conn = db.pool.acquire().await?;
    let types = sqlx::query(
        "SELECT id, name, start_time, end_time FROM shift_types WHERE unit_id = $1 AND active = 1 ORDER BY start_time",
    )
    .bind(unit_id)
    .fetch_all(&mut *conn)
    .await?;
    let needs = sqlx::query(
        "SELECT n.weekday, n.shift_type_id, n.competence_id, n.quality_role, n.headcount, c.name_sv, c.name_en
         FROM staffing_needs n LEFT JOIN competences c ON c.id = n.competence_id WHERE n.unit_id = $1",
    )
    .bind(unit_id)
    .fetch_all(&mut *conn)
    .await?;
    let tz = crate::domain::time::stockholm();
    let from = worktime::day_start(monday, &tz).as_second();
    let to = worktime::day_start(monday.checked_add(jiff::Span::new().days(7)).unwrap_or(monday), &tz).as_second();
    let shift_rows = sqlx::query(
        "SELECT s.id, s.person_id, p.name, s.shift_type_id, s.starts_at, s.ends_at, s.status, s.resource, s.quality_role,
                s.rest_exception_reason
         FROM shifts s LEFT JOIN people p ON p.id = s.person_id
         WHERE s.unit_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 ORDER BY s.starts_at, p.name",
    )
    .bind(unit_id)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    // Competences of everyone scheduled, for coverage by competence.
    let mut competences: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let person_ids: Vec<i64> =
        shift_rows.iter().filter_map(|r| r.try_get::<Option<i64>, _>("person_id").ok().flatten()).collect();
    if !person_ids.is_empty() {
        let list = person_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!("SELECT person_id, competence_id FROM person_competences WHERE person_id IN ({list})");
        for r in sqlx::query(&sql).fetch_all(&mut *conn).await? {
            competences.entry(r.try_get("person_id")?).or_default().push(r.try_get("competence_id")?);
        }
    }
    // Rule breaches of every planned, assigned shift this week, against each person's shifts anywhere.
    let mut breaches: BTreeMap<i64, Vec<Breach>> = BTreeMap::new();
    let mut rules_cache: BTreeMap<i64, PersonRules> = BTreeMap::new();
    for r in &shift_rows {
        let (Some(person), "planned") =
            (r.try_get::<Option<i64>, _>("person_id")?, r.try_get::<String, _>("status")?.as_str())
        else {
            continue;
        };
        let id: i64 = r.try_get("id")?;
        if let std::collections::btree_map::Entry::Vacant(slot) = rules_cache.entry(person) {
            let (profile, limits) = rules_for(&mut conn, person).await?;
            let window = RULE_WINDOW_DAYS * 86400;
            let spans = spans_of(&mut conn, person, from - window, to + window).await?;
            slot.insert((profile, limits, spans));
        }
        let (profile, limits, spans) = &rules_cache[&person];
        let Some(own) = spans.iter().find(|(sid, _)| *sid == id).map(|(_, s)| *s) else { continue };
        let others: Vec<Span> = spans.iter().filter(|(sid, _)| *sid != id).map(|(_, s)| *s).collect();
        let found = worktime::check(&others, own, profile, limits, None);
        let reason: Option<String> = r.try_get("rest_exception_reason")?;
        // A recorded exception covers a daily rest of at least the exception floor.
        let found: Vec<Breach> = found
            .into_iter()
            .filter(|b| !(reason.is_some() && matches!(b, Breach::DailyRest { exception_possible: true, .. })))
            .collect();
        if !found.is_empty() {
            breaches.insert(id, found);
        }
    }
    let mut days = Vec::new();
    for offset in 0..7 {
        let date = monday.checked_add(jiff::Span::new().days(offset)).unwrap_or(monday);
        let wd = plan::weekday(date);
        let mut rows = Vec::new();
        for t in &types {
            let type_id: i64 = t.try_get("id")?;
            let (start_s, end_s): (String, String) = (t.try_get("start_time")?, t.try_get("end_time")?);
            let day_needs: Vec<&sqlx::any::AnyRow> = needs
                .iter()
                .filter(|n| {
                    n.try_get::<i64, _>("weekday").ok() == Some(wd)
                        && n.try_get::<i64, _>("shift_type_id").ok() == Some(type_id)
                })
                .collect();
            let day_shifts: Vec<&sqlx::any::AnyRow> = shift_rows
                .iter()
                .filter(|s| {
                    s.try_get::<Option<i64>, _>("shift_type_id").ok().flatten() == Some(type_id)
                        && s.try_get::<i64, _>("starts_at")
                            .map(|v| ts(v).to_zoned(tz.clone()).date() == date)
                            .unwrap_or(false)
                })
                .collect();
            let mut planned = Vec::new();
            let mut staffed = Vec::new();
            for s in &day_shifts {
                let id: i64 = s.try_get("id")?;
                let person_id: Option<i64> = s.try_get("person_id")?;
                let absent = s.try_get::<String, _>("status")? == "absent";
                let quality_role = quality_role_at(s, "quality_role")?;
                if let (Some(p), false) = (person_id, absent) {
                    staffed.push(Staffed {
                        competence_ids: competences.get(&p).cloned().unwrap_or_default(),
                        quality_role,
                    });
                }
                planned.push(PlannedShift {
                    id,
                    person_id,
                    person_name: s.try_get("name")?,
                    absent,
                    resource: s.try_get::<i64, _>("resource")? != 0,
                    quality_role,
                    rest_exception_reason: s.try_get("rest_exception_reason")?,
                    breaches: breaches.remove(&id).unwrap_or_default(),
                });
            }
            let need_list: Vec<Need> = day_needs
                .iter()
                .map(|n| {
                    Ok(Need {
                        competence_id: n.try_get("competence_id")?,
                        quality_role: quality_role_at(n, "quality_role")?,
                        headcount: n.try_get("headcount")?,
                    })
                })
                .collect::<Result<_, AppError>>()?;
            if need_list.is_empty() && planned.is_empty() {
                continue;
            }
            let cov = coverage(&need_list, &staffed);
            // Each person counts once, towards the most specific need they fit, so the gaps add up.
            let gap: i64 = cov.iter().map(|c| c.gap()).sum();
            let coverage_rows = cov
                .iter()
                .zip(day_needs.iter())
                .map(|(c, n)| {
                    Ok(CoverageRow {
                        competence_sv: n.try_get("name_sv")?,
                        competence_en: n.try_get("name_en")?,
                        quality_role: c.quality_role,
                        headcount: c.headcount,
                        scheduled: c.scheduled,
                    })
                })
                .collect::<Result<_, sqlx::Error>>()?;
            rows.push(ShiftPlan {
                shift_type_id: type_id,
                shift_name: t.try_get("name")?,
                start: start_s,
                end: end_s,
                coverage: coverage_rows,
                gap,
                shifts: planned,
            });
        }
        days.push(DayPlan { date: date.to_string(), rows });
    }
    Ok(WeekView { unit_id, unit_name: unit.name, week_start: monday.to_string(), today: db.today(), days })
}
