//! Shifts and schedules in the database: generating shifts from rotations, the unit's week,
//! assignments checked against the working-time rules, "my shifts", the calendar feed secret.
use crate::domain::schedule::{
    self as plan, Need, QualityRole, ShiftKind, ShiftTimes, Slot, Staffed, coverage, parse_time, span_on,
};
use crate::domain::worktime::{self, AgreementProfile, Breach, PersonLimits, RestException, Span};
use crate::error::{AppError, InvalidCode};
use crate::model::{
    Candidate, CoverageRow, DayPlan, FollowUp, FollowUpRow, MyShift, PlannedShift, ShiftPlan, WeekView,
};
use crate::ssr::audit::{self, Changes};
use crate::ssr::{Db, now, org, quality_role_at};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// How far around a candidate shift other shifts can matter: the night-work reference period
/// (28 days) and a calendar month on either side, with margin.
const RULE_WINDOW_DAYS: i64 = 40;

fn ts(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn parse_date(field: &str, raw: &str) -> Result<Date, AppError> {
    raw.trim().parse::<Date>().map_err(|_| AppError::invalid(field, InvalidCode::Required))
}

/// The Monday of the week containing `date`.
pub fn monday_of(date: Date) -> Date {
    let back = date.weekday().to_monday_zero_offset() as i64;
    date.checked_sub(jiff::Span::new().days(back)).unwrap_or(date)
}

pub fn today() -> Date {
    Timestamp::now().to_zoned(crate::domain::time::stockholm()).date()
}

/// The agreement and personal limits that apply to a person.
pub async fn rules_for(conn: &mut AnyConnection, person_id: i64) -> Result<(AgreementProfile, PersonLimits), AppError> {
    let row = sqlx::query(
        "SELECT a.name, a.daily_rest_minutes, a.daily_rest_exception_minutes, a.weekly_rest_minutes, a.max_week_minutes,
                a.night_reference_days, a.night_average_max_minutes, p.max_month_minutes
         FROM people p JOIN agreement_profiles a
           ON a.id = COALESCE(p.agreement_profile_id, (SELECT MIN(id) FROM agreement_profiles))
         WHERE p.id = $1",
    )
    .bind(person_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let mins = |v: i64| SignedDuration::from_mins(v);
    let profile = AgreementProfile {
        name: row.try_get("name")?,
        daily_rest: mins(row.try_get("daily_rest_minutes")?),
        daily_rest_exception: mins(row.try_get("daily_rest_exception_minutes")?),
        weekly_rest: mins(row.try_get("weekly_rest_minutes")?),
        max_per_week: row.try_get::<Option<i64>, _>("max_week_minutes")?.map(mins),
        night_reference_days: row.try_get("night_reference_days")?,
        night_average_max: mins(row.try_get("night_average_max_minutes")?),
    };
    let limits = PersonLimits { max_per_month: row.try_get::<Option<i64>, _>("max_month_minutes")?.map(mins) };
    Ok((profile, limits))
}

/// A person's planned shifts (all units, all providers) overlapping `[from, to)`, with ids.
async fn spans_of(conn: &mut AnyConnection, person_id: i64, from: i64, to: i64) -> Result<Vec<(i64, Span)>, AppError> {
    let rows = sqlx::query(
        "SELECT id, starts_at, ends_at FROM shifts
         WHERE person_id = $1 AND status = 'planned' AND ends_at > $2 AND starts_at < $3 ORDER BY starts_at",
    )
    .bind(person_id)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, Span::new(ts(r.try_get("starts_at")?), ts(r.try_get("ends_at")?)))))
        .collect()
}

/// What giving `span` to `person_id` would break (ignoring the shift `except`, being reassigned).
pub async fn check_person(
    conn: &mut AnyConnection,
    person_id: i64,
    span: Span,
    except: Option<i64>,
    exception: Option<&RestException>,
) -> Result<Vec<Breach>, AppError> {
    let window = RULE_WINDOW_DAYS * 24 * 3600;
    let others: Vec<Span> = spans_of(conn, person_id, span.start.as_second() - window, span.end.as_second() + window)
        .await?
        .into_iter()
        .filter(|(id, _)| Some(*id) != except)
        .map(|(_, s)| s)
        .collect();
    let (profile, limits) = rules_for(conn, person_id).await?;
    Ok(worktime::check(&others, span, &profile, &limits, exception))
}

/// The unit a shift belongs to (for the permission check before anything else).
pub async fn unit_of_shift(db: &Db, shift_id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query("SELECT unit_id FROM shifts WHERE id = $1")
        .bind(shift_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?
        .try_get("unit_id")?)
}

/// Whether the person is one of the unit's own staff.
pub async fn works_at(conn: &mut AnyConnection, person_id: i64, unit_id: i64) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT id FROM person_roles WHERE person_id = $1 AND unit_id = $2 AND role = 'care_worker'")
        .bind(person_id)
        .bind(unit_id)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// The unit's active care workers (id, name), by name: who a unit manager may plan.
pub async fn staff_of(conn: &mut AnyConnection, unit_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    sqlx::query(
        "SELECT DISTINCT p.id, p.name FROM person_roles r JOIN people p ON p.id = r.person_id
         WHERE r.unit_id = $1 AND r.role = 'care_worker' AND p.active = 1 ORDER BY p.name, p.id",
    )
    .bind(unit_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
    .collect()
}

/// Locks an active person's row for the rest of the transaction, so that two assignments of the
/// same person at once cannot both pass the rules check (a no-op write takes the row lock on
/// PostgreSQL, the write lock on SQLite). False if there is no such active person.
async fn lock_person(conn: &mut AnyConnection, person_id: i64) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE people SET active = active WHERE id = $1 AND active = 1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Which shift an assignment is about: an existing one, or a new one for a gap.
#[derive(Debug, Clone)]
pub enum Target {
    Existing(i64),
    New { unit_id: i64, date: Date, shift_type_id: i64 },
}

impl Target {
    pub fn parse(
        shift_id: Option<i64>,
        unit_id: i64,
        date: &str,
        shift_type_id: Option<i64>,
    ) -> Result<Target, AppError> {
        match (shift_id, shift_type_id) {
            (Some(id), _) => Ok(Target::Existing(id)),
            (None, Some(t)) => Ok(Target::New { unit_id, date: parse_date("date", date)?, shift_type_id: t }),
            (None, None) => Err(AppError::invalid("shift_type_id", InvalidCode::Required)),
        }
    }
}

/// The span and unit of the target shift.
async fn resolve(conn: &mut AnyConnection, target: &Target) -> Result<(i64, Span), AppError> {
    match target {
        Target::Existing(id) => {
            let r = sqlx::query("SELECT unit_id, starts_at, ends_at FROM shifts WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or(AppError::NotFound)?;
            Ok((r.try_get("unit_id")?, Span::new(ts(r.try_get("starts_at")?), ts(r.try_get("ends_at")?))))
        }
        Target::New { unit_id, date, shift_type_id } => {
            let r = sqlx::query("SELECT start_time, end_time FROM shift_types WHERE id = $1 AND unit_id = $2")
                .bind(shift_type_id)
                .bind(unit_id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or(AppError::invalid("shift_type_id", InvalidCode::UnknownChoice))?;
            let start = parse_time(&r.try_get::<String, _>("start_time")?).ok_or(AppError::Internal)?;
            let end = parse_time(&r.try_get::<String, _>("end_time")?).ok_or(AppError::Internal)?;
            Ok((*unit_id, span_on(*date, start, end)))
        }
    }
}

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

/// Gives the target shift to `person_id`, if the rules allow it (an exception with a reason may
/// allow a daily rest down to the agreement's floor). `kind` sets what the shift is; `None`
/// keeps an existing shift's own and makes a new one ordinary. Returns the shift id.
pub async fn assign(
    db: &Db,
    actor: i64,
    target: &Target,
    person_id: i64,
    exception_reason: Option<String>,
    kind: Option<ShiftKind>,
) -> Result<i64, AppError> {
    let exception = exception_reason
        .filter(|r| !r.trim().is_empty())
        .map(|reason| RestException { reason: reason.trim().to_string() });
    let mut tx = db.pool.begin().await?;
    if !lock_person(&mut tx, person_id).await? {
        return Err(AppError::invalid("person_id", InvalidCode::UnknownChoice));
    }
    let (unit_id, span) = resolve(&mut tx, target).await?;
    let except = match target {
        Target::Existing(id) => Some(*id),
        Target::New { .. } => None,
    };
    let breaches = check_person(&mut tx, person_id, span, except, exception.as_ref()).await?;
    if !breaches.is_empty() {
        return Err(AppError::RuleBreach(breaches));
    }
    // Only record the exception when the rest really needed it.
    let needed_exception = match &exception {
        Some(_) => !check_person(&mut tx, person_id, span, except, None).await?.is_empty(),
        None => false,
    };
    let reason = if needed_exception { exception.map(|e| e.reason) } else { None };
    let shift_id = match target {
        Target::Existing(id) => {
            let old = sqlx::query("SELECT person_id, quality_role, resource FROM shifts WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            let old_person: Option<i64> = old.try_get("person_id")?;
            let old_role = quality_role_at(&old, "quality_role")?;
            let old_resource = old.try_get::<i64, _>("resource")? != 0;
            let kind = kind.unwrap_or(ShiftKind::of(old_role, old_resource));
            let (role, resource) = (kind.quality_role(), kind.is_resource());
            sqlx::query(
                "UPDATE shifts SET person_id = $1, status = 'planned', rest_exception_reason = $2, quality_role = $3,
                        resource = $4 WHERE id = $5",
            )
            .bind(person_id)
            .bind(&reason)
            .bind(role.map(QualityRole::code))
            .bind(resource as i64)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let changes = Changes::default()
                .field("person_id", old_person, person_id)
                .field("rest_exception_reason", None::<String>, reason.clone())
                .field("quality_role", old_role.map(QualityRole::code), role.map(QualityRole::code))
                .field("resource", old_resource, resource);
            audit::record(&mut tx, Some(actor), "assign", "shift", Some(*id), changes).await?;
            *id
        }
        Target::New { shift_type_id, .. } => {
            let kind = kind.unwrap_or(ShiftKind::Ordinary);
            let (role, resource) = (kind.quality_role(), kind.is_resource());
            let id: i64 = sqlx::query(
                "INSERT INTO shifts (unit_id, person_id, shift_type_id, starts_at, ends_at, quality_role, resource, status,
                                     rest_exception_reason, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'planned', $8, $9) RETURNING id",
            )
            .bind(unit_id)
            .bind(person_id)
            .bind(shift_type_id)
            .bind(span.start.as_second())
            .bind(span.end.as_second())
            .bind(role.map(QualityRole::code))
            .bind(resource as i64)
            .bind(&reason)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            let changes = Changes::default()
                .created("person_id", person_id)
                .created("starts_at", span.start.as_second())
                .created("quality_role", role.map(QualityRole::code))
                .created("resource", resource)
                .created("rest_exception_reason", reason.clone());
            audit::record(&mut tx, Some(actor), "create", "shift", Some(id), changes).await?;
            id
        }
    };
    tx.commit().await?;
    Ok(shift_id)
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

/// The local start and end times of a unit's shift types.
pub async fn shift_times(conn: &mut AnyConnection, unit_id: i64) -> Result<Vec<ShiftTimes>, AppError> {
    let rows = sqlx::query("SELECT id, start_time, end_time FROM shift_types WHERE unit_id = $1")
        .bind(unit_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok(ShiftTimes { id: r.try_get("id")?, start: r.try_get("start_time")?, end: r.try_get("end_time")? }))
        .collect()
}

/// Creates concrete shifts from a rotation for `from..=to`. Idempotent: already generated
/// shifts stay as they are (edits made to them are kept).
pub async fn generate_rotation(
    conn: &mut AnyConnection,
    rotation_id: i64,
    from: Date,
    to: Date,
) -> Result<usize, AppError> {
    let rot = sqlx::query("SELECT unit_id, weeks, start_date FROM rotations WHERE id = $1")
        .bind(rotation_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let unit_id: i64 = rot.try_get("unit_id")?;
    let start = parse_date("start_date", &rot.try_get::<String, _>("start_date")?)?;
    let weeks: i64 = rot.try_get("weeks")?;
    let types = shift_times(conn, unit_id).await?;
    let slots: Vec<Slot> = sqlx::query(
        "SELECT s.line_id, l.person_id, s.week_index, s.weekday, s.shift_type_id, s.quality_role, s.resource
         FROM rotation_slots s JOIN rotation_lines l ON l.id = s.line_id WHERE l.rotation_id = $1",
    )
    .bind(rotation_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Slot {
            line_id: r.try_get("line_id")?,
            person_id: r.try_get("person_id")?,
            week_index: r.try_get("week_index")?,
            weekday: r.try_get("weekday")?,
            shift_type_id: r.try_get("shift_type_id")?,
            quality_role: quality_role_at(r, "quality_role")?,
            resource: r.try_get::<i64, _>("resource")? != 0,
        })
    })
    .collect::<Result<_, AppError>>()?;
    let created_at = now();
    let mut n = 0;
    for g in plan::generate(start, weeks, &slots, &types, from, to) {
        let done = sqlx::query(
            "INSERT INTO shifts (unit_id, person_id, shift_type_id, starts_at, ends_at, quality_role, resource, status,
                                 rotation_line_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'planned', $8, $9)
             ON CONFLICT (rotation_line_id, starts_at) DO NOTHING",
        )
        .bind(unit_id)
        .bind(g.person_id)
        .bind(g.shift_type_id)
        .bind(g.span.start.as_second())
        .bind(g.span.end.as_second())
        .bind(g.quality_role.map(QualityRole::code))
        .bind(g.resource as i64)
        .bind(g.line_id)
        .bind(created_at)
        .execute(&mut *conn)
        .await?;
        n += done.rows_affected() as usize;
    }
    Ok(n)
}

/// Generates shifts from all of a unit's active rotations for `from..=to` (at most 26 weeks),
/// in one transaction, audited. Returns how many new shifts were created.
pub async fn generate_for_unit(db: &Db, actor: i64, unit_id: i64, from: Date, to: Date) -> Result<usize, AppError> {
    if to < from || (to - from).get_days() > 26 * 7 {
        return Err(AppError::invalid("to", InvalidCode::DateRange));
    }
    let mut tx = db.pool.begin().await?;
    let rotations: Vec<i64> = sqlx::query("SELECT id FROM rotations WHERE unit_id = $1 AND active = 1")
        .bind(unit_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    let mut created = 0;
    for rotation in rotations {
        created += generate_rotation(&mut tx, rotation, from, to).await?;
    }
    let changes = Changes::default()
        .created("from", from.to_string())
        .created("to", to.to_string())
        .created("shifts_created", created as i64);
    audit::record(&mut tx, Some(actor), "generate_shifts", "unit", Some(unit_id), changes).await?;
    tx.commit().await?;
    Ok(created)
}

fn my_shift_from(r: &sqlx::any::AnyRow) -> Result<MyShift, AppError> {
    Ok(MyShift {
        id: r.try_get("id")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        unit_name: r.try_get("unit_name")?,
        unit_address: r.try_get("address")?,
        shift_name: r.try_get("shift_name")?,
        quality_role: quality_role_at(r, "quality_role")?,
        resource: r.try_get::<i64, _>("resource")? != 0,
        absent: r.try_get::<String, _>("status")? == "absent",
    })
}

/// A person's shifts overlapping `[from, to)`, in time order, across all units.
pub async fn shifts_of(
    db: &Db,
    person_id: i64,
    from: i64,
    to: i64,
    newest_first: bool,
) -> Result<Vec<MyShift>, AppError> {
    let sql = format!(
        "SELECT s.id, s.starts_at, s.ends_at, u.name AS unit_name, u.address, t.name AS shift_name, s.quality_role,
                s.resource, s.status
         FROM shifts s JOIN units u ON u.id = s.unit_id LEFT JOIN shift_types t ON t.id = s.shift_type_id
         WHERE s.person_id = $1 AND s.ends_at > $2 AND s.starts_at < $3 ORDER BY s.starts_at {}",
        if newest_first { "DESC" } else { "ASC" }
    );
    let rows = sqlx::query(&sql).bind(person_id).bind(from).bind(to).fetch_all(&db.pool).await?;
    rows.iter().map(my_shift_from).collect()
}

/// A person's shifts that start in the calendar month beginning on `first` (local time): a night
/// shift that starts on the last evening belongs to it, one that began the evening before the
/// first does not.
pub async fn month_of(db: &Db, person_id: i64, first: Date) -> Result<crate::model::MyMonth, AppError> {
    let tz = crate::domain::time::stockholm();
    let next = first.checked_add(jiff::Span::new().months(1)).map_err(|_| AppError::Internal)?;
    let (from, to) = (worktime::day_start(first, &tz).as_second(), worktime::day_start(next, &tz).as_second());
    let shifts = shifts_of(db, person_id, from, to, false).await?.into_iter().filter(|s| s.starts_at >= from).collect();
    Ok(crate::model::MyMonth { first_day: first.to_string(), shifts })
}

pub async fn has_calendar(db: &Db, person_id: i64) -> Result<bool, AppError> {
    let r =
        sqlx::query("SELECT calendar_token_hash FROM people WHERE id = $1").bind(person_id).fetch_one(&db.pool).await?;
    Ok(r.try_get::<Option<String>, _>("calendar_token_hash")?.is_some())
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new secret for the person's calendar feed; the old link stops working at once.
pub async fn renew_calendar_token(db: &Db, person_id: i64) -> Result<String, AppError> {
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE people SET calendar_token_hash = $1 WHERE id = $2")
        .bind(token_hash(&token))
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, Some(person_id), "renew_calendar_link", "person", Some(person_id), Changes::default())
        .await?;
    tx.commit().await?;
    Ok(token)
}

/// The shifts for a calendar feed token: 8 weeks back to 26 weeks ahead. `None` for an unknown token.
pub async fn calendar_feed(db: &Db, token: &str) -> Result<Option<Vec<MyShift>>, AppError> {
    let Some(row) = sqlx::query("SELECT id FROM people WHERE calendar_token_hash = $1 AND active = 1")
        .bind(token_hash(token))
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    let person_id: i64 = row.try_get("id")?;
    let t = now();
    Ok(Some(shifts_of(db, person_id, t - 8 * 7 * 86400, t + 26 * 7 * 86400, false).await?))
}

/// A person's rules and their shifts around the week, loaded once per person.
type PersonRules = (AgreementProfile, PersonLimits, Vec<(i64, Span)>);

/// The unit's week: need, scheduled people, gaps and rule breaches per day and shift type.
pub async fn unit_week(db: &Db, unit_id: i64, monday: Date) -> Result<WeekView, AppError> {
    let unit = org::get_unit(db, unit_id).await?;
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
    Ok(WeekView { unit_id, unit_name: unit.name, week_start: monday.to_string(), days })
}

/// Sets how many resource shifts per four weeks a person may get at the unit before the
/// follow-up warns.
pub async fn set_resource_warning(db: &Db, actor: i64, unit_id: i64, level: &str) -> Result<(), AppError> {
    let level: i64 = match level.trim().parse() {
        Ok(v) if (0..=28).contains(&v) => v,
        _ => return Err(AppError::invalid("resource_warning", InvalidCode::Headcount)),
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
    let unit = org::get_unit(db, unit_id).await?;
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
