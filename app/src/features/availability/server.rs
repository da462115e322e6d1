//! Server-only queries and writes of this feature (compiled with `ssr`).
use super::*;
use crate::domain::worktime::Span;
use crate::error::InvalidCode;
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{CivilDate, UnixSeconds};
use jiff::civil::Date;
use sqlx::AnyConnection;

/// How far ahead availability can be given (the repeat fills four weeks; a bit more by hand).
const DAYS_AHEAD: i64 = 60;

fn day_after(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days)).unwrap_or(date)
}

/// The worker's active pool bookings' times overlapping `[from, to)`.
async fn booked_spans(conn: &mut AnyConnection, person_id: i64, from: Date, to: Date) -> Result<Vec<Span>, AppError> {
    let tz = crate::domain::time::stockholm();
    let rows: Vec<(UnixSeconds, UnixSeconds)> = sqlx::query_as(
        "SELECT starts_at, ends_at FROM pool_bookings WHERE person_id = $1 AND cancelled_at IS NULL
         AND ends_at > $2 AND starts_at < $3",
    )
    .bind(person_id)
    .bind(crate::domain::worktime::day_start(from, &tz).as_second())
    .bind(crate::domain::worktime::day_start(day_after(to, 2), &tz).as_second())
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

pub async fn my_availability(db: &Db, person_id: i64) -> Result<MyAvailability, AppError> {
    let mut conn = db.pool.acquire().await?;
    let today = db.today();
    let last = day_after(today, DAYS_SHOWN - 1);
    let rows: Vec<(CivilDate, DayPart)> =
        sqlx::query_as("SELECT day, part FROM pool_availability WHERE person_id = $1 AND day >= $2 AND day <= $3")
            .bind(person_id)
            .bind(today.to_string())
            .bind(last.to_string())
            .fetch_all(&mut *conn)
            .await?;
    let booked = booked_spans(&mut conn, person_id, today, last).await?;
    let days = (0..DAYS_SHOWN)
        .map(|n| {
            let date = day_after(today, n);
            let mut parts: Vec<DayPart> = rows.iter().filter(|(d, _)| d.0 == date).map(|(_, p)| *p).collect();
            parts.sort();
            AvailabilityDay { date, parts, booked: booked_parts(date, &booked) }
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
    Ok(MyAvailability { today, days, home_area, max_travel_km, areas })
}

/// Writes one part on or off (no audit row of its own: the caller records).
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

/// Locks the person's row first (a write as the transaction's first statement), so that a
/// booking and a change of availability never interleave.
async fn lock(conn: &mut AnyConnection, person_id: i64) -> Result<(), AppError> {
    if !crate::features::shifts::lock_person(conn, crate::model::PersonId(person_id)).await? {
        return Err(AppError::Unauthenticated);
    }
    Ok(())
}

pub async fn set(db: &Db, person_id: i64, date: Date, part: DayPart, available: bool) -> Result<(), AppError> {
    let today = db.today();
    if date < today || date > day_after(today, DAYS_AHEAD) {
        return Err(AppError::invalid("date", InvalidCode::Date));
    }
    let mut tx = db.pool.begin().await?;
    lock(&mut tx, person_id).await?;
    if !available && booked_parts(date, &booked_spans(&mut tx, person_id, date, date).await?).contains(&part) {
        return Err(AppError::Conflict(crate::error::ConflictCode::AvailabilityBooked));
    }
    write_part(&mut tx, person_id, date, part, available).await?;
    audit::record(
        &mut tx,
        db.now(),
        Some(person_id),
        audit::Action::SetAvailability,
        audit::Entity::Person,
        Some(person_id),
        Changes::default().created(&format!("{date} {}", part.code()), available),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn repeat_week(db: &Db, person_id: i64) -> Result<(), AppError> {
    let today = db.today();
    let mut tx = db.pool.begin().await?;
    lock(&mut tx, person_id).await?;
    let week: Vec<(CivilDate, DayPart)> =
        sqlx::query_as("SELECT day, part FROM pool_availability WHERE person_id = $1 AND day >= $2 AND day <= $3")
            .bind(person_id)
            .bind(today.to_string())
            .bind(day_after(today, 6).to_string())
            .fetch_all(&mut *tx)
            .await?;
    let booked = booked_spans(&mut tx, person_id, day_after(today, 7), day_after(today, 27)).await?;
    for n in 7..28 {
        let date = day_after(today, n);
        let source = day_after(today, n % 7);
        let locked = booked_parts(date, &booked);
        for part in DayPart::ALL {
            let on = week.iter().any(|(d, p)| d.0 == source && *p == part) || locked.contains(&part);
            write_part(&mut tx, person_id, date, part, on).await?;
        }
    }
    audit::record(
        &mut tx,
        db.now(),
        Some(person_id),
        audit::Action::SetAvailability,
        audit::Entity::Person,
        Some(person_id),
        Changes::default().created("repeated_from", today.to_string()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn save_profile(db: &Db, person_id: i64, home_area: &str, max_travel_km: i64) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
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
