//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::schedule::ShiftStatus;
use crate::domain::worktime::{self};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::auth::token_hash;
use jiff::civil::Date;
use rand::RngCore;

/// A person's shifts overlapping `[from, to)`, in time order, across all units.
pub async fn shifts_of(
    db: &Db,
    person_id: i64,
    from: i64,
    to: i64,
    newest_first: bool,
) -> Result<Vec<MyShift>, AppError> {
    let sql = format!(
        "SELECT s.id, s.starts_at, s.ends_at, u.name AS unit_name, u.address AS unit_address, t.name AS shift_name,
                s.quality_role, s.resource, CAST(CASE WHEN s.status = $4 THEN 1 ELSE 0 END AS BIGINT) AS absent
         FROM shifts s JOIN units u ON u.id = s.unit_id LEFT JOIN shift_types t ON t.id = s.shift_type_id
         WHERE s.person_id = $1 AND s.ends_at > $2 AND s.starts_at < $3 ORDER BY s.starts_at {}",
        if newest_first { "DESC" } else { "ASC" }
    );
    Ok(sqlx::query_as(&sql).bind(person_id).bind(from).bind(to).bind(ShiftStatus::Absent).fetch_all(&db.pool).await?)
}

/// A person's shifts that start in the calendar month beginning on `first` (local time): a night
/// shift that starts on the last evening belongs to it, one that began the evening before the
/// first does not.
pub async fn month_of(db: &Db, person_id: i64, first: Date) -> Result<MyMonth, AppError> {
    let next = first.checked_add(jiff::Span::new().months(1)).map_err(|_| AppError::Internal)?;
    let (from, to) = (worktime::day_start(first).as_second(), worktime::day_start(next).as_second());
    let shifts = shifts_of(db, person_id, from, to, false)
        .await?
        .into_iter()
        .filter(|s| s.starts_at.as_second() >= from)
        .collect();
    Ok(MyMonth { first_day: first, today: db.today(), shifts })
}

/// A new secret for the person's calendar feed; the old link stops working at once.
pub async fn renew_calendar_token(db: &Db, person_id: i64) -> Result<String, AppError> {
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE people SET calendar_token_hash = $1 WHERE id = $2")
        .bind(token_hash(&token))
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        db.now(),
        Some(person_id),
        audit::Action::RenewCalendarLink,
        audit::Entity::Person,
        Some(person_id),
        Changes::default(),
    )
    .await?;
    tx.commit().await?;
    // Their pages show whether a link exists from what every instance remembers of them.
    db.publish(vec![crate::ssr::live::Signal::PersonChanged { person_id }]).await;
    Ok(token)
}

/// The shifts for a calendar feed token: 8 weeks back to 26 weeks ahead. `None` for an unknown token.
pub async fn calendar_feed(db: &Db, token: &str) -> Result<Option<Vec<MyShift>>, AppError> {
    let Some(person_id): Option<i64> =
        sqlx::query_scalar("SELECT id FROM people WHERE calendar_token_hash = $1 AND active = 1")
            .bind(token_hash(token))
            .fetch_optional(&db.pool)
            .await?
    else {
        return Ok(None);
    };
    let t = db.now();
    Ok(Some(shifts_of(db, person_id, t - 8 * 7 * 86400, t + 26 * 7 * 86400, false).await?))
}
