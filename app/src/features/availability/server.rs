//! Server-only queries and writes of this feature (compiled with `ssr`).
use super::*;
use crate::domain::pool::{GivenDay, OwnTime, weekday_number};
use crate::domain::worktime::Span;
use crate::error::InvalidCode;
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{CivilDate, UnixSeconds};
use jiff::civil::Date;
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet};

/// How far ahead a date can be set by hand (the weekly pattern reaches any date).
const DAYS_AHEAD: i64 = 60;

fn day_after(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days)).unwrap_or(date)
}

/// The worker's active pool bookings' times overlapping `[from, to)`.
async fn booked_spans(conn: &mut AnyConnection, person_id: i64, from: Date, to: Date) -> Result<Vec<Span>, AppError> {
    let rows: Vec<(UnixSeconds, UnixSeconds)> = sqlx::query_as(
        "SELECT starts_at, ends_at FROM pool_bookings WHERE person_id = $1 AND cancelled_at IS NULL
         AND ends_at > $2 AND starts_at < $3",
    )
    .bind(person_id)
    .bind(crate::domain::worktime::day_start(from).as_second())
    .bind(crate::domain::worktime::day_start(day_after(to, 2)).as_second())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(UnixSeconds(a), UnixSeconds(b))| Span::new(a, b)).collect())
}

/// The parts of `date` that hold a booked shift (the shift lies in the part's window).
fn booked_parts(date: Date, booked: &[Span]) -> Vec<DayPart> {
    DayPart::ALL
        .into_iter()
        .filter(|p| {
            let w = p.window(date);
            booked.iter().any(|b| w.start <= b.start && b.end <= w.end)
        })
        .collect()
}

/// What pool workers gave for every date of `from..=to`: their weekly pattern, replaced on the
/// dates they set by hand (`domain::pool::GivenDay`). Workers who gave nothing at all are left
/// out; `person` narrows it to one worker.
pub async fn given_days(
    conn: &mut AnyConnection,
    person: Option<i64>,
    from: Date,
    to: Date,
) -> Result<BTreeMap<i64, Vec<(Date, GivenDay)>>, AppError> {
    let who = if person.is_some() { " AND person_id = $3" } else { "" };
    async fn rows<T>(
        conn: &mut AnyConnection,
        sql: String,
        from: Date,
        to: Date,
        person: Option<i64>,
    ) -> Result<Vec<T>, AppError>
    where
        T: Send + Unpin + for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let mut q = sqlx::query_as::<_, T>(&sql).bind(from.to_string()).bind(to.to_string());
        if let Some(p) = person {
            q = q.bind(p);
        }
        Ok(q.fetch_all(&mut *conn).await?)
    }
    let pattern: Vec<(i64, i64, DayPart)> = match person {
        Some(p) => {
            sqlx::query_as("SELECT person_id, weekday, part FROM pool_week_pattern WHERE person_id = $1")
                .bind(p)
                .fetch_all(&mut *conn)
                .await?
        }
        None => sqlx::query_as("SELECT person_id, weekday, part FROM pool_week_pattern").fetch_all(&mut *conn).await?,
    };
    let days: Vec<(i64, CivilDate)> = rows(
        conn,
        format!("SELECT person_id, day FROM pool_availability_days WHERE day >= $1 AND day <= $2{who}"),
        from,
        to,
        person,
    )
    .await?;
    let parts: Vec<(i64, CivilDate, DayPart)> = rows(
        conn,
        format!("SELECT person_id, day, part FROM pool_availability WHERE day >= $1 AND day <= $2{who}"),
        from,
        to,
        person,
    )
    .await?;
    let times: Vec<(i64, CivilDate, i64, i64)> = rows(
        conn,
        format!(
            "SELECT person_id, day, start_minute, end_minute FROM pool_availability_times
             WHERE day >= $1 AND day <= $2{who}"
        ),
        from,
        to,
        person,
    )
    .await?;

    let mut week: BTreeMap<i64, BTreeMap<i64, Vec<DayPart>>> = BTreeMap::new();
    for (p, weekday, part) in pattern {
        week.entry(p).or_default().entry(weekday).or_default().push(part);
    }
    // A date counts as set by hand when it is marked so, or holds parts or times of its own.
    let mut by_hand: BTreeMap<(i64, Date), (Vec<DayPart>, Vec<OwnTime>)> = BTreeMap::new();
    for (p, CivilDate(d)) in days {
        by_hand.entry((p, d)).or_default();
    }
    for (p, CivilDate(d), part) in parts {
        by_hand.entry((p, d)).or_default().0.push(part);
    }
    for (p, CivilDate(d), start, end) in times {
        if let Some(t) = OwnTime::new(start as u16, end as u16) {
            by_hand.entry((p, d)).or_default().1.push(t);
        }
    }
    let people: BTreeSet<i64> = week.keys().copied().chain(by_hand.keys().map(|(p, _)| *p)).collect();
    let mut out = BTreeMap::new();
    for p in people {
        let mut list = Vec::new();
        let mut date = from;
        while date <= to {
            let usual = week.get(&p).and_then(|w| w.get(&weekday_number(date))).map(Vec::as_slice).unwrap_or(&[]);
            list.push((date, GivenDay::resolve(usual, by_hand.remove(&(p, date)))));
            date = day_after(date, 1);
        }
        out.insert(p, list);
    }
    Ok(out)
}

pub async fn my_availability(db: &Db, person_id: i64) -> Result<MyAvailability, AppError> {
    let mut conn = db.pool.acquire().await?;
    let today = db.today();
    let last = day_after(today, DAYS_SHOWN - 1);
    let mut given: BTreeMap<Date, GivenDay> = given_days(&mut conn, Some(person_id), today, last)
        .await?
        .remove(&person_id)
        .unwrap_or_default()
        .into_iter()
        .collect();
    let booked = booked_spans(&mut conn, person_id, today, last).await?;
    let days = (0..DAYS_SHOWN)
        .map(|n| {
            let date = day_after(today, n);
            let given = given.remove(&date).unwrap_or_else(|| GivenDay::resolve(&[], None));
            let booked = booked_parts(date, &booked);
            let mut parts = given.parts.clone();
            // A booked part stays on whatever the pattern says: the booking stands.
            parts.extend(booked.iter().filter(|b| !given.parts.contains(b)));
            parts.sort();
            AvailabilityDay { date, parts, times: given.times, by_hand: given.by_hand, booked }
        })
        .collect();
    let pattern_rows: Vec<(i64, DayPart)> =
        sqlx::query_as("SELECT weekday, part FROM pool_week_pattern WHERE person_id = $1 ORDER BY weekday, part")
            .bind(person_id)
            .fetch_all(&mut *conn)
            .await?;
    let week = (1..=7)
        .map(|weekday| {
            let mut parts: Vec<DayPart> = pattern_rows.iter().filter(|(w, _)| *w == weekday).map(|(_, p)| *p).collect();
            parts.sort();
            PatternDay { weekday, parts }
        })
        .collect();
    let profile: Option<(Option<String>, i64)> =
        sqlx::query_as("SELECT home_area, max_travel_km FROM pool_profiles WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?;
    let (home_area, max_travel_km) = profile.unwrap_or((None, 20));
    let areas: Vec<String> = sqlx::query_scalar("SELECT DISTINCT area FROM units WHERE active = 1 ORDER BY area")
        .fetch_all(&mut *conn)
        .await?;
    Ok(MyAvailability { today, week, days, home_area, max_travel_km, areas })
}

/// Writes one part of a date on or off (no audit row of its own: the caller records).
async fn write_part(
    conn: &mut AnyConnection,
    person_id: i64,
    date: Date,
    part: DayPart,
    available: bool,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM pool_availability WHERE person_id = $1 AND day = $2 AND part = $3")
        .bind(person_id)
        .bind(date.to_string())
        .bind(part)
        .execute(&mut *conn)
        .await?;
    if available {
        sqlx::query("INSERT INTO pool_availability (person_id, day, part) VALUES ($1, $2, $3)")
            .bind(person_id)
            .bind(date.to_string())
            .bind(part)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Makes `date` a date set by hand, starting from what the weekly pattern gave it, so that the
/// change the worker makes next is the only difference they see.
async fn set_by_hand(conn: &mut AnyConnection, person_id: i64, date: Date) -> Result<(), AppError> {
    let given = given_days(conn, Some(person_id), date, date).await?.remove(&person_id).unwrap_or_default();
    if given.first().is_some_and(|(_, g)| g.by_hand) {
        return Ok(());
    }
    sqlx::query("INSERT INTO pool_availability_days (person_id, day) VALUES ($1, $2)")
        .bind(person_id)
        .bind(date.to_string())
        .execute(&mut *conn)
        .await?;
    for (_, g) in given {
        for part in g.parts {
            write_part(conn, person_id, date, part, true).await?;
        }
    }
    Ok(())
}

/// Locks the person's row first (a write as the transaction's first statement), so that a
/// booking and a change of availability never interleave.
async fn lock(conn: &mut AnyConnection, person_id: i64) -> Result<(), AppError> {
    if !crate::features::shifts::lock_person(conn, crate::model::PersonId(person_id)).await? {
        return Err(AppError::Unauthenticated);
    }
    Ok(())
}

/// A date the worker may set by hand: today up to [`DAYS_AHEAD`] days ahead.
fn settable(db: &Db, date: Date) -> Result<(), AppError> {
    let today = db.today();
    if date < today || date > day_after(today, DAYS_AHEAD) {
        return Err(AppError::invalid("date", InvalidCode::Date));
    }
    Ok(())
}

async fn record(conn: &mut AnyConnection, db: &Db, person_id: i64, changes: Changes) -> Result<(), AppError> {
    audit::record(
        conn,
        db.now(),
        Some(person_id),
        audit::Action::SetAvailability,
        audit::Entity::Person,
        Some(person_id),
        changes,
    )
    .await
}

pub async fn set(db: &Db, person_id: i64, date: Date, part: DayPart, available: bool) -> Result<(), AppError> {
    settable(db, date)?;
    let mut tx = db.begin_write().await?;
    lock(&mut tx, person_id).await?;
    if !available && booked_parts(date, &booked_spans(&mut tx, person_id, date, date).await?).contains(&part) {
        return Err(AppError::Conflict(crate::error::ConflictCode::AvailabilityBooked));
    }
    set_by_hand(&mut tx, person_id, date).await?;
    write_part(&mut tx, person_id, date, part, available).await?;
    record(&mut tx, db, person_id, Changes::default().created(&format!("{date} {}", part.code()), available)).await?;
    tx.commit().await?;
    Ok(())
}

/// Turns one part of one weekday of the standing week on or off.
pub async fn set_week(db: &Db, person_id: i64, weekday: i64, part: DayPart, available: bool) -> Result<(), AppError> {
    if !(1..=7).contains(&weekday) {
        return Err(AppError::invalid("weekday", InvalidCode::UnknownChoice));
    }
    let mut tx = db.begin_write().await?;
    lock(&mut tx, person_id).await?;
    sqlx::query("DELETE FROM pool_week_pattern WHERE person_id = $1 AND weekday = $2 AND part = $3")
        .bind(person_id)
        .bind(weekday)
        .bind(part)
        .execute(&mut *tx)
        .await?;
    if available {
        sqlx::query("INSERT INTO pool_week_pattern (person_id, weekday, part) VALUES ($1, $2, $3)")
            .bind(person_id)
            .bind(weekday)
            .bind(part)
            .execute(&mut *tx)
            .await?;
    }
    record(&mut tx, db, person_id, Changes::default().created(&format!("week {weekday} {}", part.code()), available))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes the person's rows of `date` from the given tables (this feature's own, named here).
async fn forget(conn: &mut AnyConnection, person_id: i64, date: Date, tables: &[&str]) -> Result<(), AppError> {
    for table in tables {
        sqlx::query(&format!("DELETE FROM {table} WHERE person_id = $1 AND day = $2"))
            .bind(person_id)
            .bind(date.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Forgets what was set by hand for `date`: it follows the weekly pattern again.
pub async fn reset_day(db: &Db, person_id: i64, date: Date) -> Result<(), AppError> {
    settable(db, date)?;
    let mut tx = db.begin_write().await?;
    lock(&mut tx, person_id).await?;
    forget(&mut tx, person_id, date, &["pool_availability", "pool_availability_times", "pool_availability_days"])
        .await?;
    record(&mut tx, db, person_id, Changes::default().created(&date.to_string(), "weekly_pattern")).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds own times to `date` (the same start again replaces the end).
pub async fn add_time(db: &Db, person_id: i64, date: Date, time: OwnTime) -> Result<(), AppError> {
    settable(db, date)?;
    let mut tx = db.begin_write().await?;
    lock(&mut tx, person_id).await?;
    set_by_hand(&mut tx, person_id, date).await?;
    sqlx::query("DELETE FROM pool_availability_times WHERE person_id = $1 AND day = $2 AND start_minute = $3")
        .bind(person_id)
        .bind(date.to_string())
        .bind(i64::from(time.start_minute()))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO pool_availability_times (person_id, day, start_minute, end_minute) VALUES ($1, $2, $3, $4)",
    )
    .bind(person_id)
    .bind(date.to_string())
    .bind(i64::from(time.start_minute()))
    .bind(i64::from(time.end_minute()))
    .execute(&mut *tx)
    .await?;
    record(&mut tx, db, person_id, Changes::default().created(&format!("{date} {}", time.label()), true)).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes own times off `date` unless a booked shift lies in them.
pub async fn remove_time(db: &Db, person_id: i64, date: Date, start_minute: i64) -> Result<(), AppError> {
    settable(db, date)?;
    let mut tx = db.begin_write().await?;
    lock(&mut tx, person_id).await?;
    let end: Option<i64> = sqlx::query_scalar(
        "SELECT end_minute FROM pool_availability_times WHERE person_id = $1 AND day = $2 AND start_minute = $3",
    )
    .bind(person_id)
    .bind(date.to_string())
    .bind(start_minute)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(time) = end.and_then(|end| OwnTime::new(start_minute as u16, end as u16)) else {
        return Err(AppError::NotFound);
    };
    let window = time.window(date);
    if booked_spans(&mut tx, person_id, date, date)
        .await?
        .iter()
        .any(|b| window.start <= b.start && b.end <= window.end)
    {
        return Err(AppError::Conflict(crate::error::ConflictCode::AvailabilityBooked));
    }
    sqlx::query("DELETE FROM pool_availability_times WHERE person_id = $1 AND day = $2 AND start_minute = $3")
        .bind(person_id)
        .bind(date.to_string())
        .bind(start_minute)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, db, person_id, Changes::default().created(&format!("{date} {}", time.label()), false)).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes the coming seven days the weekly pattern (their parts, by weekday). Those seven days
/// then follow the pattern again unless they hold own times; later dates set by hand keep the
/// worker's changes.
pub async fn repeat_week(db: &Db, person_id: i64) -> Result<(), AppError> {
    let today = db.today();
    let last = day_after(today, 6);
    let mut tx = db.begin_write().await?;
    lock(&mut tx, person_id).await?;
    let week = given_days(&mut tx, Some(person_id), today, last).await?.remove(&person_id).unwrap_or_default();
    sqlx::query("DELETE FROM pool_week_pattern WHERE person_id = $1").bind(person_id).execute(&mut *tx).await?;
    for (date, given) in &week {
        for part in &given.parts {
            sqlx::query("INSERT INTO pool_week_pattern (person_id, weekday, part) VALUES ($1, $2, $3)")
                .bind(person_id)
                .bind(weekday_number(*date))
                .bind(*part)
                .execute(&mut *tx)
                .await?;
        }
        if given.by_hand && given.times.is_empty() {
            forget(&mut tx, person_id, *date, &["pool_availability", "pool_availability_days"]).await?;
        }
    }
    record(&mut tx, db, person_id, Changes::default().created("weekly_pattern_from", today.to_string())).await?;
    tx.commit().await?;
    Ok(())
}
pub async fn save_profile(db: &Db, person_id: i64, home_area: &str, max_travel_km: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    lock(&mut tx, person_id).await?;
    let area = if home_area.is_empty() {
        None
    } else {
        let known: Option<String> = sqlx::query_scalar("SELECT area FROM units WHERE area = $1 AND active = 1 LIMIT 1")
            .bind(home_area)
            .fetch_optional(&mut *tx)
            .await?;
        Some(known.ok_or(AppError::invalid("home_area", InvalidCode::UnknownChoice))?)
    };
    let old: Option<(Option<String>, i64)> =
        sqlx::query_as("SELECT home_area, max_travel_km FROM pool_profiles WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?;
    let now = db.now();
    if old.is_some() {
        sqlx::query(
            "UPDATE pool_profiles SET home_area = $1, max_travel_km = $2, updated_at = $3 WHERE person_id = $4",
        )
        .bind(&area)
        .bind(max_travel_km)
        .bind(now)
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query(
            "INSERT INTO pool_profiles (person_id, home_area, max_travel_km, updated_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(person_id)
        .bind(&area)
        .bind(max_travel_km)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let (old_area, old_km) = old.unwrap_or((None, 20));
    audit::record(
        &mut tx,
        now,
        Some(person_id),
        audit::Action::Update,
        audit::Entity::Person,
        Some(person_id),
        Changes::default().field("home_area", old_area, area.clone()).field("max_travel_km", old_km, max_travel_km),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
