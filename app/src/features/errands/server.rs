//! Server-only queries and writes of errands (compiled with `ssr`).
use super::*;
use crate::domain::errand::{self, Actor, RegNumber, Step};
use crate::domain::parse::{NoteText, RequiredText};
use crate::domain::schedule::{parse_plannable_date, parse_time};
use crate::domain::time::local_instant;
use crate::error::InvalidCode;
use crate::live::LiveEvent;
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::UnixSeconds;
use crate::ssr::live::{Audience, Signal};
use sqlx::AnyConnection;

/// How far ahead an errand may be asked for.
const MAX_DAYS_AHEAD: i64 = 60;

/// Refuses unless the person belongs to the unit as one of its managers or care workers; answers
/// whether they manage it. Administrators and coordinators do not order errands for a unit.
pub async fn requester_of(db: &Db, person_id: i64, unit_id: i64) -> Result<bool, AppError> {
    let roles: Vec<Role> = sqlx::query_scalar(
        "SELECT r.role FROM person_roles r JOIN units u ON u.id = r.unit_id
         WHERE r.person_id = $1 AND r.unit_id = $2 AND r.role IN ($3, $4) AND u.active = 1",
    )
    .bind(person_id)
    .bind(unit_id)
    .bind(Role::UnitManager)
    .bind(Role::CareWorker)
    .fetch_all(&db.pool)
    .await?;
    if roles.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(roles.contains(&Role::UnitManager))
}

pub async fn units_of(db: &Db, person_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT u.id, u.name FROM person_roles r JOIN units u ON u.id = r.unit_id
         WHERE r.person_id = $1 AND r.role IN ($2, $3) AND u.active = 1 ORDER BY u.name, u.id",
    )
    .bind(person_id)
    .bind(Role::UnitManager)
    .bind(Role::CareWorker)
    .fetch_all(&db.pool)
    .await?)
}

/// The unit an errand belongs to, from its own row. An unknown errand is `Forbidden`, like
/// another unit's: the answer must not tell which ids exist.
pub async fn unit_of(db: &Db, errand_id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT unit_id FROM errands WHERE id = $1")
        .bind(errand_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::Forbidden)
}

fn optional_text(field: &str, raw: &str, max: usize) -> Result<Option<String>, AppError> {
    if raw.trim().is_empty() { Ok(None) } else { Ok(Some(RequiredText::parse(field, raw, max)?.as_str().to_string())) }
}

/// A request as checked: everything the unit typed, parsed once.
struct Request {
    kind: ErrandKind,
    day: Option<jiff::civil::Date>,
    window: Option<(i64, i64)>,
    due_at: i64,
    pickup: String,
    to_client: bool,
    client_ref: Option<String>,
    client_address: Option<String>,
    items: Vec<errand::ListItem>,
    notes: String,
    registration: Option<String>,
}

fn check(db: &Db, form: &ErrandForm) -> Result<Request, AppError> {
    let kind: ErrandKind = form.kind.parse().map_err(|_| AppError::invalid("kind", InvalidCode::UnknownChoice))?;
    let today = db.today();
    let day = if form.day.trim().is_empty() {
        None
    } else {
        let day = parse_plannable_date(&form.day).ok_or(AppError::invalid("day", InvalidCode::Date))?;
        let ahead = today.until(day).map(|s| s.get_days() as i64).unwrap_or(-1);
        if day < today || ahead > MAX_DAYS_AHEAD {
            return Err(AppError::out_of_range("day", &(0..=MAX_DAYS_AHEAD)));
        }
        Some(day)
    };
    let minutes = |field: &str, raw: &str| -> Result<Option<i64>, AppError> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        let t = parse_time(raw).ok_or(AppError::invalid(field, InvalidCode::Time))?;
        Ok(Some(i64::from(t.hour()) * 60 + i64::from(t.minute())))
    };
    let (from, to) = (minutes("from", &form.from)?, minutes("to", &form.to)?);
    let window = match (day, from, to) {
        (None, None, None) => None,
        // A time without a date: the unit meant today.
        (_, Some(f), Some(t)) if t > f => Some((f, t)),
        (_, Some(f), None) => Some((f, 24 * 60)),
        (_, None, Some(t)) if t > 0 => Some((0, t)),
        (Some(_), None, None) => Some((0, 24 * 60)),
        _ => return Err(AppError::invalid("to", InvalidCode::Time)),
    };
    let day = if window.is_some() { Some(day.unwrap_or(today)) } else { None };
    let due_at = match (day, window) {
        (Some(d), Some((_, end))) => {
            let end_day = if end >= 24 * 60 { d.tomorrow().unwrap_or(d) } else { d };
            let end_time = jiff::civil::Time::new((end % (24 * 60) / 60) as i8, (end % 60) as i8, 0, 0)
                .map_err(|_| AppError::invalid("to", InvalidCode::Time))?;
            local_instant(end_day, end_time).as_second()
        }
        // As soon as possible: due now, so it heads the queue.
        _ => db.now(),
    };
    let pickup = RequiredText::parse("pickup", &form.pickup, 200)?.as_str().to_string();
    let to_client = match form.deliver_to.as_str() {
        "client" => true,
        "office" => false,
        _ => return Err(AppError::invalid("deliver_to", InvalidCode::UnknownChoice)),
    };
    let client_ref = optional_text("client_ref", &form.client_ref, 20)?;
    let client_address = optional_text("client_address", &form.client_address, 200)?;
    if to_client && client_address.is_none() {
        return Err(AppError::invalid("client_address", InvalidCode::Required));
    }
    if to_client && client_ref.is_none() {
        return Err(AppError::invalid("client_ref", InvalidCode::Required));
    }
    let items = errand::parse_list(&form.list)?;
    if kind == ErrandKind::GroceryShopping && items.is_empty() {
        return Err(AppError::invalid("list", InvalidCode::Required));
    }
    let notes = NoteText::parse("notes", &form.notes, 1000)?.as_str().to_string();
    let registration =
        if kind.is_car() { Some(RegNumber::parse(&form.registration)?.as_str().to_string()) } else { None };
    Ok(Request {
        kind,
        day,
        window,
        due_at,
        pickup,
        to_client,
        // Delivered to the office: no client's data is kept at all.
        client_ref: if to_client { client_ref } else { None },
        client_address: if to_client { client_address } else { None },
        items,
        notes,
        registration,
    })
}

pub async fn request(db: &Db, person_id: i64, unit_id: i64, form: &ErrandForm) -> Result<i64, AppError> {
    let r = check(db, form)?;
    let now = db.now();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO errands (unit_id, kind, state, due_day, window_start, window_end, due_at, pickup, deliver_to,
                              client_ref, client_address, registration, notes, requested_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(unit_id)
    .bind(r.kind.code())
    .bind(ErrandState::Open.code())
    .bind(r.day.map(|d| d.to_string()))
    .bind(r.window.map(|w| w.0))
    .bind(r.window.map(|w| w.1))
    .bind(r.due_at)
    .bind(&r.pickup)
    .bind(if r.to_client { "client" } else { "office" })
    .bind(&r.client_ref)
    .bind(&r.client_address)
    .bind(&r.registration)
    .bind(&r.notes)
    .bind(person_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for (i, item) in r.items.iter().enumerate() {
        sqlx::query("INSERT INTO errand_items (errand_id, position, name, quantity) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(i as i64 + 1)
            .bind(&item.name)
            .bind(&item.quantity)
            .execute(&mut *tx)
            .await?;
    }
    let changes = Changes::default().created("kind", r.kind.code()).created("items", r.items.len());
    audit::record(
        &mut tx,
        now,
        Some(person_id),
        audit::Action::RequestErrand,
        audit::Entity::Errand,
        Some(id),
        changes,
    )
    .await?;
    tx.commit().await?;
    db.publish(signals(unit_id)).await;
    Ok(id)
}

fn signals(unit_id: i64) -> Vec<Signal> {
    vec![
        Signal::Event { to: Audience::UnitPeople(unit_id), event: LiveEvent::Errands { unit_id } },
        Signal::Event { to: Audience::ServiceTeam, event: LiveEvent::Errands { unit_id } },
    ]
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    unit_id: i64,
    unit_name: String,
    area: String,
    kind: String,
    state: String,
    due_day: Option<String>,
    window_start: Option<i64>,
    window_end: Option<i64>,
    #[sqlx(try_from = "UnixSeconds")]
    due_at: jiff::Timestamp,
    pickup: String,
    deliver_to: String,
    client_ref: Option<String>,
    client_address: Option<String>,
    registration: Option<String>,
    notes: String,
    claimed_by: Option<i64>,
    claimer: Option<String>,
    amount_ore: Option<i64>,
    receipt: Option<String>,
    close_reason: Option<String>,
    items: i64,
    items_done: i64,
}

const SELECT: &str = "SELECT e.id, e.unit_id, u.name AS unit_name, u.area, e.kind, e.state, e.due_day, e.window_start,
        e.window_end, e.due_at, e.pickup, e.deliver_to, e.client_ref, e.client_address, e.registration, e.notes,
        e.claimed_by, p.name AS claimer, e.amount_ore, e.receipt, e.close_reason,
        (SELECT COUNT(*) FROM errand_items i WHERE i.errand_id = e.id) AS items,
        (SELECT COUNT(*) FROM errand_items i WHERE i.errand_id = e.id AND i.outcome IS NOT NULL) AS items_done
     FROM errands e JOIN units u ON u.id = e.unit_id LEFT JOIN people p ON p.id = e.claimed_by";

impl Row {
    fn summary(&self, me: i64) -> Result<ErrandSummary, AppError> {
        Ok(ErrandSummary {
            id: self.id,
            unit_id: self.unit_id,
            unit_name: self.unit_name.clone(),
            area: self.area.clone(),
            kind: self.kind.parse().map_err(|_| AppError::Internal)?,
            state: self.state.parse().map_err(|_| AppError::Internal)?,
            due_day: self.due_day.as_deref().and_then(|d| d.parse().ok()),
            window: self.window_start.zip(self.window_end),
            due_at: self.due_at,
            pickup: self.pickup.clone(),
            to_client: self.deliver_to == "client",
            client_ref: self.client_ref.clone(),
            registration: self.registration.clone(),
            items: self.items,
            items_done: self.items_done,
            claimed_by: self.claimer.clone(),
            mine: self.claimed_by == Some(me),
        })
    }
}

/// The details of `rows` for someone entitled to them; each errand with a client's data is
/// logged as seen by `viewer`, and the details are answered only once the log is committed. The
/// reading is outside the logging transaction, which starts with its first write: on SQLite a
/// transaction that reads before it writes cannot wait for another writer (it fails "database is
/// locked" at once), and a unit's page and the member's queue are fetched together whenever an
/// errand changes.
async fn details(db: &Db, viewer: i64, rows: Vec<Row>) -> Result<Vec<ErrandDetail>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Item {
        errand_id: i64,
        position: i64,
        name: String,
        quantity: Option<String>,
        outcome: Option<String>,
        note: Option<String>,
    }
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let now = db.now();
    // Every list in one query: the ids are numbers from our own rows, bound one by one.
    let marks = (1..=rows.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT errand_id, position, name, quantity, outcome, note FROM errand_items
         WHERE errand_id IN ({marks}) ORDER BY errand_id, position"
    );
    let mut query = sqlx::query_as::<_, Item>(&sql);
    for row in &rows {
        query = query.bind(row.id);
    }
    let all_items = query.fetch_all(&db.pool).await?;
    let mut out = Vec::with_capacity(rows.len());
    let mut seen = Vec::new();
    for row in rows {
        let items: Vec<ErrandItem> = all_items
            .iter()
            .filter(|i| i.errand_id == row.id)
            .map(|i| ErrandItem {
                position: i.position,
                name: i.name.clone(),
                quantity: i.quantity.clone(),
                outcome: i.outcome.as_deref().and_then(|o| o.parse().ok()),
                note: i.note.clone(),
            })
            .collect();
        if row.client_address.is_some() || (row.deliver_to == "client" && !items.is_empty()) {
            seen.push(row.id);
        }
        out.push(ErrandDetail {
            summary: row.summary(viewer)?,
            client_address: row.client_address,
            notes: row.notes,
            items,
            amount_ore: row.amount_ore,
            receipt: row.receipt,
            close_reason: row.close_reason,
        });
    }
    if !seen.is_empty() {
        let mut tx = db.begin_write().await?;
        for errand_id in seen {
            log_view(&mut tx, errand_id, viewer, now).await?;
        }
        tx.commit().await?;
    }
    Ok(out)
}

async fn log_view(conn: &mut AnyConnection, errand_id: i64, person_id: i64, at: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO errand_access_log (errand_id, person_id, at) VALUES ($1, $2, $3)")
        .bind(errand_id)
        .bind(person_id)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn unit_errands(db: &Db, person_id: i64, unit_id: i64, manages: bool) -> Result<UnitErrands, AppError> {
    let unit_name: String =
        sqlx::query_scalar("SELECT name FROM units WHERE id = $1").bind(unit_id).fetch_one(&db.pool).await?;
    let since = db.now() - 14 * 86_400;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE e.unit_id = $1 AND (e.closed_at IS NULL OR e.closed_at >= $2)
         ORDER BY CASE WHEN e.closed_at IS NULL THEN 0 ELSE 1 END, e.due_at, e.id"
    ))
    .bind(unit_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    let errands = details(db, person_id, rows).await?;
    let follow_up = weekly(db, Some(unit_id), FOLLOW_UP_WEEKS).await?.pop().map(|f| f.weeks).unwrap_or_default();
    Ok(UnitErrands { unit_id, unit_name, today: db.today(), errands, follow_up, manages })
}

/// How many calendar weeks the follow-up shows (this one included).
pub const FOLLOW_UP_WEEKS: i64 = 4;

/// The last `weeks` calendar weeks (this one included) of errands, by the week they were asked
/// for, of one unit or (None) of every unit that had any: per unit and week, the counts per type
/// and state and the care-staff minutes the delivered ones freed. One query: the week is a
/// `CASE` over the weeks' first instants (local midnights, so a week with a clock change is
/// still Monday to Monday).
pub async fn weekly(db: &Db, unit: Option<i64>, weeks: i64) -> Result<Vec<UnitErrandFigures>, AppError> {
    use crate::domain::worktime::{day_start, week_start};
    let this_week = week_start(jiff::Timestamp::from_second(db.now()).map_err(|_| AppError::Internal)?);
    let mondays: Vec<jiff::civil::Date> = (0..=weeks)
        .map(|i| this_week.checked_add(jiff::SignedDuration::from_hours(24 * 7 * (i - weeks + 1))).unwrap_or(this_week))
        .collect();
    // $1 the first week's start … $weeks the last week's start, $(weeks + 1) the end.
    let bounds: Vec<i64> = mondays.iter().map(|d| day_start(*d).as_second()).collect();
    let which_week = (1..weeks).rev().map(|i| format!("WHEN e.created_at >= ${} THEN {i} ", i + 1)).collect::<String>();
    let end = weeks + 1;
    let only_unit = if unit.is_some() { format!("AND e.unit_id = ${}", end + 1) } else { String::new() };
    let sql = format!(
        "SELECT unit_id, unit_name, week, kind, state, COUNT(*) AS n FROM (
             SELECT e.unit_id, u.name AS unit_name, CAST(CASE {which_week}ELSE 0 END AS BIGINT) AS week, e.kind, e.state
             FROM errands e JOIN units u ON u.id = e.unit_id
             WHERE e.created_at >= $1 AND e.created_at < ${end} {only_unit}
         ) w GROUP BY unit_id, unit_name, week, kind, state ORDER BY unit_name, unit_id, week, kind, state"
    );
    let mut query = sqlx::query_as::<_, (i64, String, i64, String, String, i64)>(&sql);
    for b in &bounds {
        query = query.bind(*b);
    }
    if let Some(u) = unit {
        query = query.bind(u);
    }
    let rows = query.fetch_all(&db.pool).await?;
    let minutes = minutes_per_kind(db).await?;
    let minutes_of = |k: ErrandKind| minutes_freed_by(&minutes, k);
    let empty_weeks =
        || mondays[..weeks as usize].iter().map(|&week| WeekFollowUp { week, counts: Vec::new(), minutes_freed: 0 });
    let mut out: Vec<UnitErrandFigures> = Vec::new();
    for (unit_id, unit_name, week, kind, state, n) in rows {
        let (Ok(kind), Ok(state)) = (kind.parse::<ErrandKind>(), state.parse::<ErrandState>()) else { continue };
        if out.last().is_none_or(|f| f.unit_id != unit_id) {
            out.push(UnitErrandFigures::empty(unit_id, unit_name, empty_weeks().collect()));
        }
        let (Some(f), Ok(week)) = (out.last_mut(), usize::try_from(week)) else { continue };
        let Some(w) = f.weeks.get_mut(week) else { continue };
        w.counts.push((kind, state, n));
        w.minutes_freed += errand::minutes_freed(std::iter::repeat_n((kind, state), n as usize), minutes_of);
    }
    if let (Some(unit_id), true) = (unit, out.is_empty()) {
        let name: String =
            sqlx::query_scalar("SELECT name FROM units WHERE id = $1").bind(unit_id).fetch_one(&db.pool).await?;
        out.push(UnitErrandFigures::empty(unit_id, name, empty_weeks().collect()));
    }
    out.iter_mut().for_each(UnitErrandFigures::total);
    Ok(out)
}

/// The municipality's own care-staff minutes per errand kind (`errand_kind_minutes`).
async fn minutes_per_kind(db: &Db) -> Result<Vec<(String, i64)>, AppError> {
    Ok(sqlx::query_as("SELECT kind, minutes FROM errand_kind_minutes").fetch_all(&db.pool).await?)
}

/// A kind's minutes: the municipality's figure, else the default.
fn minutes_freed_by(minutes: &[(String, i64)], kind: ErrandKind) -> i64 {
    minutes.iter().find(|(code, _)| code == kind.code()).map_or(kind.default_minutes_freed(), |(_, m)| *m)
}

/// Every kind's minutes as they count now, and whether each is the default.
pub async fn kind_minutes(db: &Db) -> Result<Vec<KindMinutes>, AppError> {
    let set = minutes_per_kind(db).await?;
    Ok(ErrandKind::ALL
        .into_iter()
        .map(|kind| KindMinutes {
            kind,
            minutes: minutes_freed_by(&set, kind),
            default: !set.iter().any(|(code, _)| code == kind.code()),
        })
        .collect())
}

/// Sets the care-staff minutes one errand of `kind` frees (the follow-up's estimate), audited.
pub async fn set_kind_minutes(db: &Db, person_id: i64, kind: &str, minutes: &str) -> Result<(), AppError> {
    let kind: ErrandKind = kind.parse().map_err(|_| AppError::invalid("kind", InvalidCode::UnknownChoice))?;
    let minutes = crate::domain::parse::whole_number_in("minutes", minutes, 0..=errand::MAX_MINUTES_FREED)?;
    let now = db.now();
    // Read before the transaction, which then starts with its write (see `details`).
    let before: Option<i64> = sqlx::query_scalar("SELECT minutes FROM errand_kind_minutes WHERE kind = $1")
        .bind(kind.code())
        .fetch_optional(&db.pool)
        .await?;
    let before = before.unwrap_or(kind.default_minutes_freed());
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO errand_kind_minutes (kind, minutes) VALUES ($1, $2)
         ON CONFLICT (kind) DO UPDATE SET minutes = excluded.minutes",
    )
    .bind(kind.code())
    .bind(minutes)
    .execute(&mut *tx)
    .await?;
    let changes = Changes::default().field(&format!("minutes_{}", kind.code()), before, minutes);
    audit::record(
        &mut tx,
        now,
        Some(person_id),
        audit::Action::SetErrandMinutes,
        audit::Entity::Municipality,
        None,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn access_log(db: &Db, unit_id: i64) -> Result<Vec<AccessEntry>, AppError> {
    Ok(sqlx::query_as(
        "SELECT l.at, l.errand_id, e.client_ref, p.name AS person_name
         FROM errand_access_log l JOIN errands e ON e.id = l.errand_id JOIN people p ON p.id = l.person_id
         WHERE e.unit_id = $1 ORDER BY l.at DESC, l.id DESC LIMIT 500",
    )
    .bind(unit_id)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn queue(db: &Db, person_id: i64) -> Result<ErrandQueue, AppError> {
    let mine: Vec<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE e.claimed_by = $1 AND e.state IN ($2, $3) ORDER BY e.due_at, e.id"))
            .bind(person_id)
            .bind(ErrandState::Claimed.code())
            .bind(ErrandState::Started.code())
            .fetch_all(&db.pool)
            .await?;
    let open: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE e.state = $1 ORDER BY u.area, e.due_at, e.id"))
        .bind(ErrandState::Open.code())
        .fetch_all(&db.pool)
        .await?;
    let open = open.iter().map(|r| r.summary(person_id)).collect::<Result<Vec<_>, _>>()?;
    let mine = details(db, person_id, mine).await?;
    Ok(ErrandQueue { me: person_id, today: db.today(), mine, open })
}

pub async fn cancel(db: &Db, person_id: i64, errand_id: i64, reason: &str) -> Result<(), AppError> {
    let reason = NoteText::parse("reason", reason, 300)?;
    let now = db.now();
    // Read first, then a transaction that starts with its (conditional) write: see `details`.
    let (unit_id, state) = state_of(&mut *db.pool.acquire().await?, errand_id).await?;
    let next = errand::next(state, Step::Cancel { with_reason: !reason.as_str().is_empty() }, Actor::Unit)?;
    if next == state {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    let done =
        sqlx::query("UPDATE errands SET state = $1, closed_at = $2, close_reason = $3 WHERE id = $4 AND state = $5")
            .bind(next.code())
            .bind(now)
            .bind(Some(reason.as_str()).filter(|r| !r.is_empty()))
            .bind(errand_id)
            .bind(state.code())
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() != 1 {
        // Claimed or delivered in the meantime: the member's step came first.
        return Err(AppError::Conflict(crate::error::ConflictCode::ErrandTaken));
    }
    audit::record(
        &mut tx,
        now,
        Some(person_id),
        audit::Action::CancelErrand,
        audit::Entity::Errand,
        Some(errand_id),
        Changes::default(),
    )
    .await?;
    tx.commit().await?;
    db.publish(signals(unit_id)).await;
    Ok(())
}

async fn state_of(conn: &mut AnyConnection, errand_id: i64) -> Result<(i64, ErrandState), AppError> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT unit_id, state FROM errands WHERE id = $1").bind(errand_id).fetch_optional(conn).await?;
    let (unit_id, state) = row.ok_or(AppError::Forbidden)?;
    Ok((unit_id, state.parse().map_err(|_| AppError::Internal)?))
}

/// A service-team member's step (see `domain::errand` for which state allows which). The
/// idempotency key is stored first, in the same transaction: a replay finds it and answers "done"
/// without doing or recording anything twice; a step refused rolls back with its key, so a
/// later retry is judged afresh.
pub async fn member_step(
    db: &Db,
    person_id: i64,
    errand_id: i64,
    step: &MemberStep,
    key: &str,
) -> Result<(), AppError> {
    let key = key.trim();
    if key.is_empty() || key.len() > 64 || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(AppError::invalid("key", InvalidCode::UnknownChoice));
    }
    // Parse first: a bad amount is refused before anything is touched.
    let purchase = match step {
        MemberStep::Purchase { amount, receipt } => {
            Some((errand::parse_amount(amount)?, NoteText::parse("receipt", receipt, 60)?))
        }
        _ => None,
    };
    let note = match step {
        MemberStep::Tick { note, .. } => NoteText::parse("note", note, 200)?.as_str().to_string(),
        MemberStep::CannotComplete { reason } => {
            let reason = NoteText::parse("reason", reason, 300)?;
            if reason.as_str().is_empty() {
                return Err(AppError::invalid("reason", InvalidCode::Required));
            }
            reason.as_str().to_string()
        }
        _ => String::new(),
    };
    let now = db.now();
    let mut tx = db.begin_write().await?;
    let fresh = sqlx::query(
        "INSERT INTO errand_writes (key, person_id, errand_id, at) SELECT $1, $2, id, $3 FROM errands WHERE id = $4
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(person_id)
    .bind(now)
    .bind(errand_id)
    .execute(&mut *tx)
    .await?;
    if fresh.rows_affected() == 0 {
        let seen: Option<(i64, i64)> = sqlx::query_as("SELECT person_id, errand_id FROM errand_writes WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
        return match seen {
            Some((p, e)) if p == person_id && e == errand_id => Ok(()),
            Some(_) => Err(AppError::invalid("key", InvalidCode::UnknownChoice)),
            None => Err(AppError::Forbidden),
        };
    }
    let row: (i64, String, Option<i64>) =
        sqlx::query_as("SELECT unit_id, state, claimed_by FROM errands WHERE id = $1")
            .bind(errand_id)
            .fetch_one(&mut *tx)
            .await?;
    let (unit_id, state, claimed_by) = (row.0, row.1.parse::<ErrandState>().map_err(|_| AppError::Internal)?, row.2);
    let actor = if claimed_by == Some(person_id) { Actor::Holder } else { Actor::Other };
    let domain_step = match step {
        MemberStep::Claim => Step::Claim,
        MemberStep::Start => Step::Start,
        MemberStep::Tick { .. } | MemberStep::Purchase { .. } => Step::Work,
        MemberStep::Deliver => Step::Deliver,
        MemberStep::CannotComplete { .. } => Step::CannotComplete,
    };
    let next = errand::next(state, domain_step, actor)?;
    // The state moves only from the state read: a cancellation or a rival claim in between
    // makes this update miss, and the step is judged again on what is there now.
    let closing = next.is_closed();
    let moved = sqlx::query(
        "UPDATE errands SET state = $1,
                claimed_by = COALESCE(claimed_by, $2), claimed_at = COALESCE(claimed_at, $3),
                closed_at = CASE WHEN $4 = 1 THEN COALESCE(closed_at, $3) ELSE closed_at END,
                close_reason = CASE WHEN $5 = '' THEN close_reason ELSE $5 END
         WHERE id = $6 AND state = $7 AND (claimed_by IS NULL OR claimed_by = $2)",
    )
    .bind(next.code())
    .bind(person_id)
    .bind(now)
    .bind(i64::from(closing))
    .bind(if matches!(step, MemberStep::CannotComplete { .. }) { note.as_str() } else { "" })
    .bind(errand_id)
    .bind(state.code())
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        drop(tx);
        let mut conn = db.pool.acquire().await?;
        let (_, now_state) = state_of(&mut conn, errand_id).await?;
        errand::next(now_state, domain_step, Actor::Other)?;
        return Err(AppError::Conflict(crate::error::ConflictCode::ErrandTaken));
    }
    match step {
        MemberStep::Tick { position, outcome, .. } => {
            let ticked =
                sqlx::query("UPDATE errand_items SET outcome = $1, note = $2 WHERE errand_id = $3 AND position = $4")
                    .bind(outcome.code())
                    .bind(Some(note.as_str()).filter(|n| !n.is_empty()))
                    .bind(errand_id)
                    .bind(position)
                    .execute(&mut *tx)
                    .await?;
            if ticked.rows_affected() != 1 {
                return Err(AppError::invalid("position", InvalidCode::UnknownChoice));
            }
        }
        MemberStep::Purchase { .. } => {
            let Some((amount, receipt)) = &purchase else { return Err(AppError::Internal) };
            sqlx::query("UPDATE errands SET amount_ore = $1, receipt = $2 WHERE id = $3")
                .bind(*amount)
                .bind(Some(receipt.as_str()).filter(|r| !r.is_empty()))
                .bind(errand_id)
                .execute(&mut *tx)
                .await?;
        }
        _ => {}
    }
    let action = match step {
        MemberStep::Claim => audit::Action::ClaimErrand,
        MemberStep::Start | MemberStep::Tick { .. } | MemberStep::Purchase { .. } => audit::Action::WorkOnErrand,
        MemberStep::Deliver => audit::Action::DeliverErrand,
        MemberStep::CannotComplete { .. } => audit::Action::CloseErrandUndone,
    };
    let changes = match step {
        MemberStep::Tick { position, outcome, .. } => {
            Changes::default().created("item", *position).created("outcome", outcome.code())
        }
        _ => Changes::default().field("state", state.code(), next.code()),
    };
    audit::record(&mut tx, now, Some(person_id), action, audit::Entity::Errand, Some(errand_id), changes).await?;
    tx.commit().await?;
    db.publish(signals(unit_id)).await;
    Ok(())
}
