//! The pool's storage and its workflow: open places, the allocation's instance built from the
//! database, proposals, offers, bookings and their cancellation, and the re-offer of a place a
//! worker turned down. Accepting and declining (the worker's side) are in `offers::server`, built
//! on [`book`] and [`reoffer`] here.
//!
//! Concurrency: every change to a place first takes the write lock of its pool request's row
//! (`lock_request`), and runs and publishing first take the `meta` row `pool_allocation`; the
//! partial unique index `pool_bookings_one_per_slot` backs the rule "one booking per place" in
//! the database itself. A write is the first statement of each transaction, so SQLite's writers
//! queue on its busy timeout instead of failing a read-then-write upgrade.
use super::*;
use crate::domain::allocation::{
    self, Assignment, Instance, Place as MapPoint, PoolWorker, Settings, Slot, Tier, Unfilled, Window,
};
use crate::domain::pool::{OfferState, answer_deadline};
use crate::domain::report::PoolRequestState;
use crate::domain::schedule::ShiftStatus;
use crate::features::agreements::server::StoredLimits;
use crate::features::shifts::{self, Target};
use crate::live::LiveEvent;
use crate::model::{PersonId, UnitId};
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{CivilDate, OnConstraint, UnixSeconds};
use crate::ssr::live::{Audience, Signal};
use jiff::Timestamp;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The need score of a place no daily report has assessed (a request from the week view): the
/// border of yellow. An older report of the unit is not used — it scored another day's gaps.
pub const NEED_WITHOUT_REPORT: i64 = 25;

/// An open pool request from now on, as the allocation and the pool page read it.
#[derive(sqlx::FromRow, Clone)]
pub struct OpenRequest {
    pub request_id: i64,
    pub headcount: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub shift_name: String,
    #[sqlx(try_from = "CivilDate")]
    pub shift_date: jiff::civil::Date,
    pub shift_type_id: i64,
    #[sqlx(try_from = "UnixSeconds")]
    pub starts_at: Timestamp,
    #[sqlx(try_from = "UnixSeconds")]
    pub ends_at: Timestamp,
    pub competence_code: Option<String>,
    pub competence_sv: Option<String>,
    pub competence_en: Option<String>,
    pub need: i64,
    #[sqlx(try_from = "crate::ssr::db::Flag")]
    pub direct_booking: bool,
}

impl OpenRequest {
    fn need(&self) -> u8 {
        self.need.clamp(0, 100) as u8
    }
}

/// The slot id of a place in the allocation's instance.
fn slot_id(request_id: i64, slot_no: i64) -> String {
    format!("{request_id}-{slot_no}")
}

fn parse_slot_id(id: &str) -> Option<(i64, i64)> {
    let (r, s) = id.split_once('-')?;
    Some((r.parse().ok()?, s.parse().ok()?))
}

const OPEN_REQUESTS: &str =
    "SELECT q.id AS request_id, q.headcount, q.unit_id, u.name AS unit_name, u.latitude, u.longitude,
        t.name AS shift_name, q.shift_date, q.shift_type_id, q.starts_at, q.ends_at,
        c.code AS competence_code, c.name_sv AS competence_sv, c.name_en AS competence_en,
        CAST(COALESCE(d.need_score, $3) AS BIGINT) AS need, q.direct_booking
 FROM pool_requests q JOIN units u ON u.id = q.unit_id JOIN shift_types t ON t.id = q.shift_type_id
 LEFT JOIN competences c ON c.id = q.competence_id LEFT JOIN daily_reports d ON d.id = q.report_id
 WHERE q.state = $1 AND q.starts_at > $2 AND q.headcount > 0";

/// Every open request whose shift has not started, soonest first.
pub async fn open_requests(conn: &mut AnyConnection, now: i64) -> Result<Vec<OpenRequest>, AppError> {
    Ok(sqlx::query_as(&format!("{OPEN_REQUESTS} ORDER BY q.starts_at, u.name, q.id"))
        .bind(PoolRequestState::Open)
        .bind(now)
        .bind(NEED_WITHOUT_REPORT)
        .fetch_all(&mut *conn)
        .await?)
}

/// One offer of a place, any state.
#[derive(sqlx::FromRow)]
pub struct OfferRow {
    id: i64,
    request_id: i64,
    slot_no: i64,
    worker: String,
    state: OfferState,
    why: String,
    deadline: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub struct BookingRow {
    id: i64,
    request_id: i64,
    slot_no: i64,
    worker: String,
    #[sqlx(try_from = "UnixSeconds")]
    confirmed_at: Timestamp,
}

/// Offers and active bookings of the requests whose shifts have not started.
pub async fn offers_and_bookings(
    conn: &mut AnyConnection,
    now: i64,
) -> Result<(Vec<OfferRow>, Vec<BookingRow>), AppError> {
    let offers: Vec<OfferRow> = sqlx::query_as(
        "SELECT o.id, o.request_id, o.slot_no, p.name AS worker, o.state, o.why, o.deadline
         FROM pool_offers o JOIN people p ON p.id = o.person_id JOIN pool_requests q ON q.id = o.request_id
         WHERE q.starts_at > $1 ORDER BY o.id",
    )
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    let bookings: Vec<BookingRow> = sqlx::query_as(
        "SELECT b.id, b.request_id, b.slot_no, p.name AS worker, b.confirmed_at
         FROM pool_bookings b JOIN people p ON p.id = b.person_id JOIN pool_requests q ON q.id = b.request_id
         WHERE q.starts_at > $1 AND b.cancelled_at IS NULL",
    )
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    Ok((offers, bookings))
}

/// Places that nobody holds: no active booking, no offer waiting for an answer, no proposal.
pub fn free_places(requests: &[OpenRequest], offers: &[OfferRow], bookings: &[BookingRow]) -> Vec<(OpenRequest, i64)> {
    let mut out = Vec::new();
    for r in requests {
        for slot_no in 1..=r.headcount {
            let held = bookings.iter().any(|b| b.request_id == r.request_id && b.slot_no == slot_no)
                || offers.iter().any(|o| {
                    o.request_id == r.request_id
                        && o.slot_no == slot_no
                        && matches!(o.state, OfferState::Offered | OfferState::Proposed)
                });
            if !held {
                out.push((r.clone(), slot_no));
            }
        }
    }
    out
}

pub async fn overview(db: &Db) -> Result<PoolOverview, AppError> {
    let mut conn = db.pool.acquire().await?;
    let now = db.now();
    let requests = open_requests(&mut conn, now).await?;
    let (offers, bookings) = offers_and_bookings(&mut conn, now).await?;
    #[derive(sqlx::FromRow)]
    struct Run {
        #[sqlx(try_from = "UnixSeconds")]
        run_at: Timestamp,
        by_name: String,
        places: i64,
        proposed: i64,
        need_total: i64,
        need_covered: i64,
        unfilled: String,
    }
    let run: Option<Run> = sqlx::query_as(
        "SELECT r.run_at, p.name AS by_name, r.places, r.proposed, r.need_total, r.need_covered, r.unfilled
         FROM pool_runs r JOIN people p ON p.id = r.run_by ORDER BY r.id DESC LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    let reasons: HashMap<String, UnfilledReason> = run
        .as_ref()
        .and_then(|r| serde_json::from_str::<Vec<Unfilled>>(&r.unfilled).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.slot, u.reason))
        .collect();
    let mut places = Vec::new();
    for r in &requests {
        for slot_no in 1..=r.headcount {
            let here = |o: &&OfferRow| o.request_id == r.request_id && o.slot_no == slot_no;
            let status = if let Some(b) = bookings.iter().find(|b| b.request_id == r.request_id && b.slot_no == slot_no)
            {
                PlaceStatus::Booked { booking_id: b.id, worker: b.worker.clone(), confirmed_at: b.confirmed_at }
            } else if let Some(o) = offers.iter().filter(here).find(|o| o.state == OfferState::Offered) {
                PlaceStatus::Offered {
                    offer_id: o.id,
                    worker: o.worker.clone(),
                    deadline: Timestamp::from_second(o.deadline.unwrap_or(now)).map_err(|_| AppError::Internal)?,
                }
            } else if let Some(o) = offers.iter().filter(here).find(|o| o.state == OfferState::Proposed) {
                let why = serde_json::from_str(&o.why).map_err(|e| {
                    tracing::error!(error = %e, offer = o.id, "a stored proposal's reasons do not decode");
                    AppError::Internal
                })?;
                PlaceStatus::Proposed { offer_id: o.id, worker: o.worker.clone(), why }
            } else {
                PlaceStatus::Open {
                    reason: reasons.get(&slot_id(r.request_id, slot_no)).cloned(),
                    // A worker turns down a request once (they are not asked again), so offers count people.
                    declined: offers.iter().filter(|o| o.request_id == r.request_id && o.state.turned_down()).count()
                        as i64,
                }
            };
            places.push(Place {
                request_id: r.request_id,
                slot_no,
                unit_id: r.unit_id,
                unit_name: r.unit_name.clone(),
                shift_name: r.shift_name.clone(),
                starts_at: r.starts_at,
                ends_at: r.ends_at,
                competence_sv: r.competence_sv.clone(),
                competence_en: r.competence_en.clone(),
                need: r.need(),
                direct_booking: r.direct_booking,
                status,
            });
        }
    }
    let last_run = run.map(|r| RunSummary {
        at: r.run_at,
        by: r.by_name,
        places: r.places as u32,
        proposed: r.proposed as u32,
        need_total: r.need_total as u64,
        need_covered: r.need_covered as u64,
    });
    Ok(PoolOverview { today: db.today(), places, last_run })
}

/// The allocation's instance for `places`: every active pool worker with their profile,
/// competences, introductions, availability, shifts anywhere and outstanding offers (an offer
/// waiting for an answer holds the worker's time, so nobody gets two colliding offers).
pub async fn instance(
    conn: &mut AnyConnection,
    places: &[(OpenRequest, i64)],
    declined: &HashMap<i64, Vec<i64>>,
) -> Result<Instance, AppError> {
    let slots: Vec<Slot> = places
        .iter()
        .map(|(r, slot_no)| Slot {
            id: slot_id(r.request_id, *slot_no),
            unit: r.unit_id.to_string(),
            start: r.starts_at,
            end: r.ends_at,
            tier: Tier::Care,
            competence: r.competence_code.clone(),
            need: r.need(),
            place: r.latitude.zip(r.longitude).map(|(lat, lon)| MapPoint { lat, lon }),
            declined_by: declined
                .get(&r.request_id)
                .map(|people| people.iter().map(i64::to_string).collect())
                .unwrap_or_default(),
        })
        .collect();
    let (Some(first), Some(last)) =
        (places.iter().map(|p| p.0.starts_at).min(), places.iter().map(|p| p.0.ends_at).max())
    else {
        return Ok(Instance { settings: Settings::default(), workers: Vec::new(), slots });
    };
    let window = shifts::RULE_WINDOW_DAYS * 86400;
    let (from, to) = (first.as_second() - window, last.as_second() + window);

    #[derive(sqlx::FromRow)]
    struct WorkerRow {
        id: i64,
        tier: Option<String>,
        home_area: Option<String>,
        max_travel_km: Option<i64>,
        max_week_minutes: Option<i64>,
        max_month_minutes: Option<i64>,
        employment_percent: i64,
        #[sqlx(flatten)]
        agreement: StoredLimits,
    }
    let rows: Vec<WorkerRow> = sqlx::query_as(
        "SELECT p.id, pp.tier, pp.home_area, pp.max_travel_km, pp.max_week_minutes, p.max_month_minutes, p.employment_percent,
                a.name, a.daily_rest_minutes, a.daily_rest_exception_minutes, a.weekly_rest_minutes, a.max_week_minutes,
                a.night_reference_days, a.night_average_max_minutes
         FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = $1
         LEFT JOIN pool_profiles pp ON pp.person_id = p.id
         JOIN agreement_profiles a ON a.id = COALESCE(p.agreement_profile_id, (SELECT MIN(id) FROM agreement_profiles))
         WHERE p.active = 1 ORDER BY p.id",
    )
    .bind(crate::domain::Role::PoolWorker)
    .fetch_all(&mut *conn)
    .await?;
    let competences: Vec<(i64, String)> = sqlx::query_as(
        "SELECT pc.person_id, c.code FROM person_competences pc JOIN competences c ON c.id = pc.competence_id
         JOIN person_roles r ON r.person_id = pc.person_id AND r.role = $1 WHERE c.active = 1",
    )
    .bind(crate::domain::Role::PoolWorker)
    .fetch_all(&mut *conn)
    .await?;
    let introductions: Vec<(i64, i64)> =
        sqlx::query_as("SELECT person_id, unit_id FROM pool_introductions").fetch_all(&mut *conn).await?;
    let areas: Vec<(String, f64, f64)> = sqlx::query_as(
        "SELECT area, AVG(latitude), AVG(longitude) FROM units
         WHERE active = 1 AND latitude IS NOT NULL AND longitude IS NOT NULL GROUP BY area",
    )
    .fetch_all(&mut *conn)
    .await?;
    let tz = crate::domain::time::stockholm();
    let (first_day, last_day) =
        (first.to_zoned(tz.clone()).date().yesterday().unwrap_or_default(), last.to_zoned(tz).date());
    let availability = crate::features::availability::server::given_days(&mut *conn, None, first_day, last_day).await?;
    let busy: Vec<(i64, UnixSeconds, UnixSeconds)> = sqlx::query_as(
        "SELECT s.person_id, s.starts_at, s.ends_at FROM shifts s JOIN person_roles r ON r.person_id = s.person_id AND r.role = $1
         WHERE s.status = $2 AND s.ends_at > $3 AND s.starts_at < $4
         UNION ALL
         SELECT o.person_id, q.starts_at, q.ends_at FROM pool_offers o JOIN pool_requests q ON q.id = o.request_id
         WHERE o.state = $5 AND q.ends_at > $3 AND q.starts_at < $4",
    )
    .bind(crate::domain::Role::PoolWorker)
    .bind(ShiftStatus::Planned)
    .bind(from)
    .bind(to)
    .bind(OfferState::Offered)
    .fetch_all(&mut *conn)
    .await?;

    let mut by_id: HashMap<i64, PoolWorker> = HashMap::new();
    let mut order = Vec::new();
    for row in rows {
        let home = row
            .home_area
            .as_ref()
            .and_then(|area| areas.iter().find(|(a, _, _)| a == area))
            .map(|(_, lat, lon)| MapPoint { lat: *lat, lon: *lon });
        order.push(row.id);
        by_id.insert(
            row.id,
            PoolWorker {
                id: row.id.to_string(),
                tier: if row.tier.as_deref() == Some("service") { Tier::Service } else { Tier::Care },
                competences: Vec::new(),
                introduced_at: Vec::new(),
                home,
                max_travel_km: home.and(row.max_travel_km.map(|km| km as f64)),
                available: Vec::new(),
                existing_shifts: Vec::new(),
                max_hours_per_week: weekly_cap(row.max_week_minutes, row.employment_percent),
                max_hours_per_month: row.max_month_minutes.map(|m| m as f64 / 60.0),
                rules: Some(row.agreement.profile()),
            },
        );
    }
    for (person, code) in competences {
        if let Some(w) = by_id.get_mut(&person) {
            w.competences.push(code);
        }
    }
    for (person, unit) in introductions {
        if let Some(w) = by_id.get_mut(&person) {
            w.introduced_at.push(unit.to_string());
        }
    }
    for (person, days) in availability {
        if let Some(w) = by_id.get_mut(&person) {
            for (date, given) in days {
                w.available.extend(given.windows(date).into_iter().map(|s| Window { start: s.start, end: s.end }));
            }
        }
    }
    for (person, UnixSeconds(start), UnixSeconds(end)) in busy {
        if let Some(w) = by_id.get_mut(&person) {
            w.existing_shifts.push(Window { start, end });
        }
    }
    let workers = order.into_iter().filter_map(|id| by_id.remove(&id)).collect();
    Ok(Instance { settings: Settings::default(), workers, slots })
}

/// Full time in the municipal agreement: 40 hours a week.
const FULL_TIME_HOURS: f64 = 40.0;

/// A pool worker's weekly cap in hours: their own, if set; else their employment percentage of
/// full time when part-time (a 75 % worker is not offered 48 hours); else none (the agreement's
/// limit applies).
fn weekly_cap(own_minutes: Option<i64>, employment_percent: i64) -> Option<f64> {
    match own_minutes {
        Some(m) => Some(m as f64 / 60.0),
        None if employment_percent < 100 => Some(FULL_TIME_HOURS * employment_percent as f64 / 100.0),
        None => None,
    }
}

/// Who turned down which request (declined a place of it, or let the offer lapse): they are
/// not asked for another place of the same shift either.
pub async fn turned_down(conn: &mut AnyConnection) -> Result<HashMap<i64, Vec<i64>>, AppError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT DISTINCT o.request_id, o.person_id FROM pool_offers o JOIN pool_requests q ON q.id = o.request_id
         WHERE o.state IN ($1, $2) AND q.state = $3",
    )
    .bind(OfferState::Declined)
    .bind(OfferState::Expired)
    .bind(PoolRequestState::Open)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for (request, person) in rows {
        out.entry(request).or_default().push(person);
    }
    Ok(out)
}

/// Takes the lock that runs and publishing hold (see the module doc).
async fn lock_allocation(conn: &mut AnyConnection, at: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE meta SET value = $1 WHERE key = 'pool_allocation'")
        .bind(at.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Takes the write lock of a pool request's row; false if it is not open.
pub async fn lock_request(conn: &mut AnyConnection, request_id: i64) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE pool_requests SET filled = filled WHERE id = $1 AND state = $2")
        .bind(request_id)
        .bind(PoolRequestState::Open)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The allocation off the async runtime: a large instance takes about a second of CPU.
async fn allocate(instance: Instance) -> Result<allocation::Allocation, AppError> {
    tokio::task::spawn_blocking(move || allocation::allocate(&instance)).await.map_err(|e| {
        tracing::error!(error = %e, "the allocation panicked");
        AppError::Internal
    })
}

/// A new offer of one place: a proposal (`deadline` none, not yet sent) or an offer sent now
/// with its answer deadline. `created_by` is who ran or claimed it; none for the server itself.
pub struct NewOffer<'a> {
    pub request_id: i64,
    pub slot_no: i64,
    pub person_id: i64,
    pub why: &'a Why,
    pub created_by: Option<i64>,
    pub deadline: Option<Timestamp>,
}

/// Writes a [`NewOffer`]; answers its id.
pub async fn insert_offer(conn: &mut AnyConnection, now: i64, offer: NewOffer<'_>) -> Result<i64, AppError> {
    let state = if offer.deadline.is_some() { OfferState::Offered } else { OfferState::Proposed };
    Ok(sqlx::query_scalar(
        "INSERT INTO pool_offers (request_id, slot_no, person_id, state, why, created_by, created_at, offered_at, deadline)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(offer.request_id)
    .bind(offer.slot_no)
    .bind(offer.person_id)
    .bind(state)
    .bind(serde_json::to_string(offer.why).map_err(|_| AppError::Internal)?)
    .bind(offer.created_by)
    .bind(now)
    .bind(offer.deadline.map(|_| now))
    .bind(offer.deadline.map(|d| d.as_second()))
    .fetch_one(&mut *conn)
    .await?)
}

/// The place and the worker of an assignment (slot ids are "<request>-<place>", workers people).
fn assigned(a: &Assignment) -> Result<(i64, i64, i64), AppError> {
    match (parse_slot_id(&a.slot), a.worker.parse::<i64>()) {
        (Some((request_id, slot_no)), Ok(person_id)) => Ok((request_id, slot_no, person_id)),
        _ => Err(AppError::Internal),
    }
}

fn pool_signal() -> Signal {
    Signal::Event { to: Audience::Coordinators, event: LiveEvent::Pool }
}

/// Runs the allocation on every free place; its proposals replace the previous ones.
pub async fn run(db: &Db, actor: i64) -> Result<u32, AppError> {
    let now = db.now();
    let mut tx = db.begin_write().await?;
    lock_allocation(&mut tx, now).await?;
    sqlx::query("DELETE FROM pool_offers WHERE state = $1").bind(OfferState::Proposed).execute(&mut *tx).await?;
    let requests = open_requests(&mut tx, now).await?;
    let (offers, bookings) = offers_and_bookings(&mut tx, now).await?;
    let places = free_places(&requests, &offers, &bookings);
    let declined = turned_down(&mut tx).await?;
    let instance = instance(&mut tx, &places, &declined).await?;
    let result = allocate(instance).await?;
    for a in &result.assignments {
        let (request_id, slot_no, person_id) = assigned(a)?;
        let proposal =
            NewOffer { request_id, slot_no, person_id, why: &a.why, created_by: Some(actor), deadline: None };
        insert_offer(&mut tx, now, proposal).await?;
    }
    let proposed = result.assignments.len() as u32;
    let unfilled = serde_json::to_string(&result.unfilled).map_err(|_| AppError::Internal)?;
    sqlx::query(
        "INSERT INTO pool_runs (run_by, run_at, places, proposed, need_total, need_covered, unfilled)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(actor)
    .bind(now)
    .bind(places.len() as i64)
    .bind(i64::from(proposed))
    .bind(result.summary.need_total as i64)
    .bind(result.summary.need_covered as i64)
    .bind(unfilled)
    .execute(&mut *tx)
    .await?;
    let changes = Changes::default().created("places", places.len() as i64).created("proposed", i64::from(proposed));
    audit::record(&mut tx, now, Some(actor), audit::Action::RunAllocation, audit::Entity::PoolOffer, None, changes)
        .await?;
    tx.commit().await?;
    db.publish(vec![pool_signal()]).await;
    Ok(proposed)
}

pub async fn remove_proposal(db: &Db, actor: i64, offer_id: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query("DELETE FROM pool_offers WHERE id = $1 AND state = $2")
        .bind(offer_id)
        .bind(OfferState::Proposed)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict(crate::error::ConflictCode::OfferGone));
    }
    audit::record(
        &mut tx,
        db.now(),
        Some(actor),
        audit::Action::Delete,
        audit::Entity::PoolOffer,
        Some(offer_id),
        Changes::default(),
    )
    .await?;
    tx.commit().await?;
    db.publish(vec![pool_signal()]).await;
    Ok(())
}

/// Whether a place has an active booking.
async fn place_booked(conn: &mut AnyConnection, request_id: i64, slot_no: i64) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT id FROM pool_bookings WHERE request_id = $1 AND slot_no = $2 AND cancelled_at IS NULL")
        .bind(request_id)
        .bind(slot_no)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// Whether a place is held by an active booking or an offer waiting for an answer (other than `except`).
async fn place_held(conn: &mut AnyConnection, request_id: i64, slot_no: i64, except: i64) -> Result<bool, AppError> {
    let booked = place_booked(&mut *conn, request_id, slot_no).await?;
    let offered =
        sqlx::query("SELECT id FROM pool_offers WHERE request_id = $1 AND slot_no = $2 AND state = $3 AND id <> $4")
            .bind(request_id)
            .bind(slot_no)
            .bind(OfferState::Offered)
            .bind(except)
            .fetch_optional(&mut *conn)
            .await?
            .is_some();
    Ok(booked || offered)
}

/// Sends every proposal whose place is still free as an offer with its deadline.
pub async fn publish(db: &Db, actor: i64) -> Result<u32, AppError> {
    let now = db.now();
    let mut tx = db.begin_write().await?;
    lock_allocation(&mut tx, now).await?;
    let proposals: Vec<(i64, i64, i64, i64, UnixSeconds, i64)> = sqlx::query_as(
        "SELECT o.id, o.request_id, o.slot_no, o.person_id, q.starts_at, q.headcount
         FROM pool_offers o JOIN pool_requests q ON q.id = o.request_id
         WHERE o.state = $1 AND q.state = $2 ORDER BY o.id",
    )
    .bind(OfferState::Proposed)
    .bind(PoolRequestState::Open)
    .fetch_all(&mut *tx)
    .await?;
    let (mut sent, mut offer_ids) = (Vec::new(), Vec::new());
    for (offer_id, request_id, slot_no, person_id, UnixSeconds(starts_at), headcount) in proposals {
        let still_free = starts_at.as_second() > now
            && slot_no <= headcount
            && !place_held(&mut tx, request_id, slot_no, offer_id).await?;
        if !still_free {
            continue;
        }
        let deadline = answer_deadline(Timestamp::from_second(now).map_err(|_| AppError::Internal)?, starts_at);
        sqlx::query("UPDATE pool_offers SET state = $1, offered_at = $2, deadline = $3 WHERE id = $4")
            .bind(OfferState::Offered)
            .bind(now)
            .bind(deadline.as_second())
            .bind(offer_id)
            .execute(&mut *tx)
            .await?;
        sent.push(person_id);
        offer_ids.push(offer_id);
    }
    // Proposals for places that were filled or withdrawn meanwhile are dropped.
    sqlx::query("DELETE FROM pool_offers WHERE state = $1").bind(OfferState::Proposed).execute(&mut *tx).await?;
    let changes = Changes::default().created("offers", sent.len() as i64);
    audit::record(&mut tx, now, Some(actor), audit::Action::PublishOffers, audit::Entity::PoolOffer, None, changes)
        .await?;
    tx.commit().await?;
    let count = sent.len() as u32;
    sent.sort_unstable();
    sent.dedup();
    let mut signals: Vec<Signal> = sent.into_iter().map(|p| Signal::to_person(p, LiveEvent::MyOffers)).collect();
    signals.push(pool_signal());
    db.publish(signals).await;
    crate::ssr::push::notify_offers(db, offer_ids);
    Ok(count)
}

/// Offers a place nobody holds to the best worker who has not turned it down yet, at once (its
/// proposal was published already). Called after a decline or an expiry; does nothing if the
/// place is taken, withdrawn, started, or nobody fits.
pub async fn reoffer(db: &Db, request_id: i64, slot_no: i64) -> Result<Option<i64>, AppError> {
    let now = db.now();
    let mut tx = db.begin_write().await?;
    if !lock_request(&mut tx, request_id).await? || place_held(&mut tx, request_id, slot_no, 0).await? {
        return Ok(None);
    }
    let Some(request) = open_requests(&mut tx, now).await?.into_iter().find(|r| r.request_id == request_id) else {
        return Ok(None);
    };
    if slot_no > request.headcount {
        return Ok(None);
    }
    let declined = turned_down(&mut tx).await?;
    let instance = instance(&mut tx, &[(request.clone(), slot_no)], &declined).await?;
    let result = allocate(instance).await?;
    let Some(a) = result.assignments.first() else {
        return Ok(None);
    };
    let (_, _, person_id) = assigned(a)?;
    let deadline = answer_deadline(Timestamp::from_second(now).map_err(|_| AppError::Internal)?, request.starts_at);
    let offer = NewOffer { request_id, slot_no, person_id, why: &a.why, created_by: None, deadline: Some(deadline) };
    let offer_id = insert_offer(&mut tx, now, offer).await?;
    audit::record(
        &mut tx,
        now,
        None,
        audit::Action::PublishOffers,
        audit::Entity::PoolOffer,
        Some(offer_id),
        Changes::default().created("person_id", person_id),
    )
    .await?;
    tx.commit().await?;
    db.publish(vec![Signal::to_person(person_id, LiveEvent::MyOffers), pool_signal()]).await;
    crate::ssr::push::notify_offers(db, vec![offer_id]);
    Ok(Some(offer_id))
}

/// Offers past their deadline expire, and each place goes to the next best worker. Run by a
/// background job every minute (and by tests); safe on several instances at once: an offer
/// expires once (`WHERE state = 'offered'`), and the re-offer takes the request's lock.
pub async fn expire_offers(db: &Db) -> Result<usize, AppError> {
    let now = db.now();
    let mut tx = db.begin_write().await?;
    let expired: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "UPDATE pool_offers SET state = $1, answered_at = $2 WHERE state = $3 AND deadline <= $2
         RETURNING id, request_id, slot_no, person_id",
    )
    .bind(OfferState::Expired)
    .bind(now)
    .bind(OfferState::Offered)
    .fetch_all(&mut *tx)
    .await?;
    for (offer_id, ..) in &expired {
        audit::record(
            &mut tx,
            now,
            None,
            audit::Action::Update,
            audit::Entity::PoolOffer,
            Some(*offer_id),
            Changes::default().field("state", OfferState::Offered.code(), OfferState::Expired.code()),
        )
        .await?;
    }
    tx.commit().await?;
    let mut signals: Vec<Signal> = expired.iter().map(|e| Signal::to_person(e.3, LiveEvent::MyOffers)).collect();
    if !expired.is_empty() {
        signals.push(pool_signal());
    }
    db.publish(signals).await;
    for (_, request_id, slot_no, _) in &expired {
        if let Err(e) = reoffer(db, *request_id, *slot_no).await {
            tracing::warn!(error = ?e, request_id, slot_no, "re-offering an expired place failed");
        }
    }
    Ok(expired.len())
}

/// Books a place for `person_id` from their offer, inside the caller's transaction: the offer
/// must still be open and in time, the request open, the place free, and the worker must pass
/// every working-time rule against all their shifts now (`shifts::assign_in`). Exactly one
/// booking per place results whatever runs at once (the request's row lock, then the unique
/// index). Returns the signals to publish after the commit.
pub async fn book(
    tx: &mut AnyConnection,
    db: &Db,
    person_id: i64,
    offer_id: i64,
) -> Result<(i64, Vec<Signal>), AppError> {
    use crate::error::ConflictCode;
    let now = db.now();
    // The request's lock first: a write as the transaction's first statement (module doc).
    let locked = sqlx::query(
        "UPDATE pool_requests SET filled = filled
         WHERE id = (SELECT request_id FROM pool_offers WHERE id = $1 AND person_id = $2)",
    )
    .bind(offer_id)
    .bind(person_id)
    .execute(&mut *tx)
    .await?;
    if locked.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    #[derive(sqlx::FromRow)]
    struct Offered {
        request_id: i64,
        slot_no: i64,
        state: OfferState,
        deadline: Option<i64>,
        unit_id: i64,
        #[sqlx(try_from = "CivilDate")]
        shift_date: jiff::civil::Date,
        shift_type_id: i64,
        starts_at: i64,
        ends_at: i64,
        request_state: PoolRequestState,
        headcount: i64,
    }
    let o: Offered = sqlx::query_as(
        "SELECT o.request_id, o.slot_no, o.state, o.deadline, q.unit_id, q.shift_date, q.shift_type_id, q.starts_at,
                q.ends_at, q.state AS request_state, q.headcount
         FROM pool_offers o JOIN pool_requests q ON q.id = o.request_id WHERE o.id = $1 AND o.person_id = $2",
    )
    .bind(offer_id)
    .bind(person_id)
    .fetch_one(&mut *tx)
    .await?;
    if o.state == OfferState::Accepted {
        // Sent twice (a retried or queued tap): the booking stands.
        let booking: Option<i64> =
            sqlx::query_scalar("SELECT id FROM pool_bookings WHERE offer_id = $1 AND cancelled_at IS NULL")
                .bind(offer_id)
                .fetch_optional(&mut *tx)
                .await?;
        return booking.map(|b| (b, Vec::new())).ok_or(AppError::Conflict(ConflictCode::OfferGone));
    }
    let in_time = o.deadline.is_none_or(|d| now < d) && now < o.starts_at;
    if o.state != OfferState::Offered
        || !in_time
        || o.request_state != PoolRequestState::Open
        || o.slot_no > o.headcount
    {
        return Err(AppError::Conflict(ConflictCode::OfferGone));
    }
    // Only a booking takes the place from this offer: another offer of it (a re-offer racing a
    // late answer) does not — the first valid acceptance wins.
    if place_booked(&mut *tx, o.request_id, o.slot_no).await? {
        return Err(AppError::Conflict(ConflictCode::PlaceTaken));
    }
    let target = Target::New { unit_id: UnitId(o.unit_id), date: o.shift_date, shift_type_id: o.shift_type_id };
    let assigned =
        shifts::assign_in(&mut *tx, db, PersonId(person_id), &target, PersonId(person_id), None, None).await?;
    let booking_id: i64 = sqlx::query_scalar(
        "INSERT INTO pool_bookings (request_id, slot_no, offer_id, person_id, shift_id, starts_at, ends_at, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(o.request_id)
    .bind(o.slot_no)
    .bind(offer_id)
    .bind(person_id)
    .bind(assigned.shift_id)
    .bind(o.starts_at)
    .bind(o.ends_at)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .on_constraint(
        crate::ssr::db::Constraint { postgres: "pool_bookings_one_per_slot", sqlite: "pool_bookings.request_id, pool_bookings.slot_no" },
        AppError::Conflict(ConflictCode::PlaceTaken),
    )?;
    sqlx::query("UPDATE pool_offers SET state = $1, answered_at = $2 WHERE id = $3")
        .bind(OfferState::Accepted)
        .bind(now)
        .bind(offer_id)
        .execute(&mut *tx)
        .await?;
    set_filled(&mut *tx, o.request_id).await?;
    audit::record(
        &mut *tx,
        now,
        Some(person_id),
        audit::Action::AcceptOffer,
        audit::Entity::PoolBooking,
        Some(booking_id),
        Changes::default().created("offer_id", offer_id).created("shift_id", assigned.shift_id.0),
    )
    .await?;
    let mut signals = assigned.signals();
    signals.extend(Signal::unit_report(o.unit_id));
    signals.push(Signal::to_person(person_id, LiveEvent::MyOffers));
    signals.push(pool_signal());
    Ok((booking_id, signals))
}

/// `filled` of a request is the number of its active bookings.
async fn set_filled(conn: &mut AnyConnection, request_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE pool_requests SET filled =
            (SELECT COUNT(*) FROM pool_bookings WHERE request_id = $1 AND cancelled_at IS NULL) WHERE id = $1",
    )
    .bind(request_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The unit a booking is at (its request's), for the cancel guard.
pub async fn unit_of_booking(db: &Db, booking_id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar(
        "SELECT q.unit_id FROM pool_bookings b JOIN pool_requests q ON q.id = b.request_id WHERE b.id = $1",
    )
    .bind(booking_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)
}

/// Cancels a booking (coordinator or the unit): the shift it made is removed, the place opens again, the
/// worker is told. The booking row keeps who, when and why.
pub async fn cancel_booking(db: &Db, actor: i64, booking_id: i64, reason: &str) -> Result<(), AppError> {
    let now = db.now();
    let mut tx = db.begin_write().await?;
    let locked = sqlx::query(
        "UPDATE pool_requests SET filled = filled WHERE id = (SELECT request_id FROM pool_bookings WHERE id = $1)",
    )
    .bind(booking_id)
    .execute(&mut *tx)
    .await?;
    if locked.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let (request_id, person_id, shift_id, unit_id): (i64, i64, Option<i64>, i64) = sqlx::query_as(
        "SELECT b.request_id, b.person_id, b.shift_id, q.unit_id FROM pool_bookings b
         JOIN pool_requests q ON q.id = b.request_id WHERE b.id = $1 AND b.cancelled_at IS NULL",
    )
    .bind(booking_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Conflict(crate::error::ConflictCode::OfferGone))?;
    sqlx::query(
        "UPDATE pool_bookings SET cancelled_at = $1, cancelled_by = $2, cancel_reason = $3, shift_id = NULL WHERE id = $4",
    )
    .bind(now)
    .bind(actor)
    .bind(reason)
    .bind(booking_id)
    .execute(&mut *tx)
    .await?;
    if let Some(shift_id) = shift_id {
        sqlx::query("DELETE FROM shifts WHERE id = $1").bind(shift_id).execute(&mut *tx).await?;
        audit::record(
            &mut tx,
            now,
            Some(actor),
            audit::Action::Delete,
            audit::Entity::Shift,
            Some(shift_id),
            Changes::default().field("person_id", person_id, None::<i64>),
        )
        .await?;
    }
    set_filled(&mut tx, request_id).await?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        audit::Action::CancelBooking,
        audit::Entity::PoolBooking,
        Some(booking_id),
        Changes::default().created("reason", reason),
    )
    .await?;
    tx.commit().await?;
    let mut signals = Signal::unit_shifts(unit_id, [person_id]);
    signals.extend(Signal::unit_report(unit_id));
    signals.push(Signal::to_person(person_id, LiveEvent::MyOffers));
    signals.push(pool_signal());
    db.publish(signals).await;
    Ok(())
}

pub async fn set_direct_booking(db: &Db, actor: i64, request_id: i64, allowed: bool) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let done =
        sqlx::query("UPDATE pool_requests SET direct_booking = $1, updated_at = $2 WHERE id = $3 AND state = $4")
            .bind(allowed as i64)
            .bind(db.now())
            .bind(request_id)
            .bind(PoolRequestState::Open)
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        db.now(),
        Some(actor),
        audit::Action::Update,
        audit::Entity::PoolRequest,
        Some(request_id),
        Changes::default().field("direct_booking", !allowed, allowed),
    )
    .await?;
    tx.commit().await?;
    // Pool workers' open shifts change with it; their pages listen to their offers.
    db.publish(vec![pool_signal(), Signal::Event { to: Audience::PoolWorkers, event: LiveEvent::MyOffers }]).await;
    Ok(())
}

/// Offers every free place starting within `hours` at once (no proposal, no coordinator): the
/// allocation over just those places, its choices sent as offers with their deadlines. Takes the
/// same lock as runs and publishing, so on several instances it happens once per place.
pub async fn auto_publish(db: &Db, hours: i64) -> Result<usize, AppError> {
    let now = db.now();
    let mut tx = db.begin_write().await?;
    lock_allocation(&mut tx, now).await?;
    let soon: Vec<OpenRequest> = open_requests(&mut tx, now)
        .await?
        .into_iter()
        .filter(|r| r.starts_at.as_second() <= now + hours * 3600)
        .collect();
    if soon.is_empty() {
        return Ok(0);
    }
    let (offers, bookings) = offers_and_bookings(&mut tx, now).await?;
    // A coordinator's proposal for such a place is left alone: they are about to publish it.
    let places = free_places(&soon, &offers, &bookings);
    if places.is_empty() {
        return Ok(0);
    }
    let declined = turned_down(&mut tx).await?;
    let instance = instance(&mut tx, &places, &declined).await?;
    let result = allocate(instance).await?;
    let sent_at = Timestamp::from_second(now).map_err(|_| AppError::Internal)?;
    let mut offer_ids = Vec::new();
    let mut people = Vec::new();
    for a in &result.assignments {
        let (request_id, slot_no, person_id) = assigned(a)?;
        let Some((r, _)) = places.iter().find(|(r, s)| r.request_id == request_id && *s == slot_no) else {
            return Err(AppError::Internal);
        };
        let deadline = Some(answer_deadline(sent_at, r.starts_at));
        let id = insert_offer(
            &mut tx,
            now,
            NewOffer { request_id, slot_no, person_id, why: &a.why, created_by: None, deadline },
        )
        .await?;
        offer_ids.push(id);
        people.push(person_id);
    }
    if !offer_ids.is_empty() {
        let changes = Changes::default().created("offers", offer_ids.len() as i64).created("within_hours", hours);
        audit::record(&mut tx, now, None, audit::Action::PublishOffers, audit::Entity::PoolOffer, None, changes)
            .await?;
    }
    tx.commit().await?;
    people.sort_unstable();
    people.dedup();
    let mut signals: Vec<Signal> = people.into_iter().map(|p| Signal::to_person(p, LiveEvent::MyOffers)).collect();
    signals.push(pool_signal());
    db.publish(signals).await;
    let count = offer_ids.len();
    crate::ssr::push::notify_offers(db, offer_ids);
    Ok(count)
}

pub async fn pool_profile(db: &Db, person_id: i64) -> Result<PoolProfile, AppError> {
    if !shifts::is_pool_worker(&mut *db.pool.acquire().await?, PersonId(person_id)).await? {
        return Err(AppError::NotFound);
    }
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT tier, max_week_minutes FROM pool_profiles WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&db.pool)
            .await?;
    let (tier, minutes) = row.unwrap_or(("care".to_string(), None));
    let introduced_unit_ids =
        sqlx::query_scalar("SELECT unit_id FROM pool_introductions WHERE person_id = $1 ORDER BY unit_id")
            .bind(person_id)
            .fetch_all(&db.pool)
            .await?;
    let units =
        sqlx::query_as("SELECT id, name FROM units WHERE active = 1 ORDER BY name, id").fetch_all(&db.pool).await?;
    Ok(PoolProfile {
        person_id,
        tier: if tier == "service" { Tier::Service } else { Tier::Care },
        max_week_hours: minutes.map(|m| m / 60),
        introduced_unit_ids,
        units,
    })
}

pub async fn save_pool_profile(
    db: &Db,
    actor: i64,
    person_id: i64,
    tier: Tier,
    max_week_hours: Option<i64>,
    introduced: &[i64],
) -> Result<(), AppError> {
    let now = db.now();
    let mut tx = db.begin_write().await?;
    if !shifts::lock_person(&mut tx, PersonId(person_id)).await?
        || !shifts::is_pool_worker(&mut tx, PersonId(person_id)).await?
    {
        return Err(AppError::NotFound);
    }
    let mut units: Vec<i64> = introduced.to_vec();
    units.sort_unstable();
    units.dedup();
    for unit in &units {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT id FROM units WHERE id = $1").bind(unit).fetch_optional(&mut *tx).await?;
        known.ok_or(AppError::invalid("introduced_unit_ids", crate::error::InvalidCode::UnknownChoice))?;
    }
    let tier_code = match tier {
        Tier::Care => "care",
        Tier::Service => "service",
    };
    let minutes = max_week_hours.map(|h| h * 60);
    let exists: Option<i64> = sqlx::query_scalar("SELECT person_id FROM pool_profiles WHERE person_id = $1")
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        sqlx::query("UPDATE pool_profiles SET tier = $1, max_week_minutes = $2, updated_at = $3 WHERE person_id = $4")
            .bind(tier_code)
            .bind(minutes)
            .bind(now)
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO pool_profiles (person_id, tier, max_week_minutes, updated_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(person_id)
        .bind(tier_code)
        .bind(minutes)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM pool_introductions WHERE person_id = $1").bind(person_id).execute(&mut *tx).await?;
    for unit in &units {
        sqlx::query("INSERT INTO pool_introductions (person_id, unit_id) VALUES ($1, $2)")
            .bind(person_id)
            .bind(unit)
            .execute(&mut *tx)
            .await?;
    }
    let changes = Changes::default()
        .created("tier", tier_code)
        .created("max_week_hours", max_week_hours)
        .created("introduced_at", serde_json::json!(units));
    audit::record(&mut tx, now, Some(actor), audit::Action::Update, audit::Entity::Person, Some(person_id), changes)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The workers who could take the place of proposal `offer_id` instead of its worker, and the
/// place's slot (for the reasons). Their other proposals hold their time, like offers do.
pub async fn alternatives(
    conn: &mut AnyConnection,
    now: i64,
    offer_id: i64,
) -> Result<(Vec<Alternative>, Slot, Vec<PoolWorker>), AppError> {
    use crate::error::ConflictCode;
    let proposal: Option<(i64, i64, i64)> =
        sqlx::query_as("SELECT request_id, slot_no, person_id FROM pool_offers WHERE id = $1 AND state = $2")
            .bind(offer_id)
            .bind(OfferState::Proposed)
            .fetch_optional(&mut *conn)
            .await?;
    let (request_id, slot_no, current) = proposal.ok_or(AppError::Conflict(ConflictCode::OfferGone))?;
    let request = open_requests(&mut *conn, now)
        .await?
        .into_iter()
        .find(|r| r.request_id == request_id)
        .ok_or(AppError::Conflict(ConflictCode::OfferGone))?;
    let declined = turned_down(&mut *conn).await?;
    let mut inst = instance(&mut *conn, &[(request, slot_no)], &declined).await?;
    let others: Vec<(i64, UnixSeconds, UnixSeconds)> = sqlx::query_as(
        "SELECT o.person_id, q.starts_at, q.ends_at FROM pool_offers o JOIN pool_requests q ON q.id = o.request_id
         WHERE o.state = $1 AND o.id <> $2",
    )
    .bind(OfferState::Proposed)
    .bind(offer_id)
    .fetch_all(&mut *conn)
    .await?;
    for (person, UnixSeconds(start), UnixSeconds(end)) in others {
        if let Some(w) = inst.workers.iter_mut().find(|w| w.id == person.to_string()) {
            w.existing_shifts.push(Window { start, end });
        }
    }
    let slot = inst.slots.remove(0);
    let names: HashMap<i64, String> = sqlx::query_as::<_, (i64, String)>(
        "SELECT p.id, p.name FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = $1",
    )
    .bind(crate::domain::Role::PoolWorker)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let mut out: Vec<Alternative> = inst
        .workers
        .iter()
        .filter(|w| w.id != current.to_string() && allocation::can_take(w, &slot))
        .filter_map(|w| {
            let id: i64 = w.id.parse().ok()?;
            Some(Alternative {
                person_id: id,
                name: names.get(&id).cloned().unwrap_or_default(),
                introduced: w.introduced_at.contains(&slot.unit),
                distance_km: w.home.zip(slot.place).map(|(h, p)| h.km_to(&p)),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.introduced
            .cmp(&a.introduced)
            .then(a.distance_km.unwrap_or(0.0).total_cmp(&b.distance_km.unwrap_or(0.0)))
            .then(a.name.cmp(&b.name))
    });
    Ok((out, slot, inst.workers))
}

/// Puts another worker on a proposal, if they could take the place (see [`alternatives`]).
pub async fn change_proposal(db: &Db, actor: i64, offer_id: i64, person_id: i64) -> Result<(), AppError> {
    let now = db.now();
    let mut tx = db.begin_write().await?;
    lock_allocation(&mut tx, now).await?;
    let (choices, slot, workers) = alternatives(&mut tx, now, offer_id).await?;
    let Some(chosen) = choices.iter().find(|a| a.person_id == person_id) else {
        return Err(AppError::invalid("person_id", crate::error::InvalidCode::UnknownChoice));
    };
    // The worker's hours in the place's calendar week, as the allocation counts them for fairness.
    let week = crate::domain::worktime::week_start(slot.start);
    let from = crate::domain::worktime::day_start(week);
    let to = crate::domain::worktime::day_start(week.checked_add(jiff::Span::new().days(7)).unwrap_or(week));
    let hours_before = workers
        .iter()
        .find(|w| w.id == person_id.to_string())
        .map(|w| {
            w.existing_shifts
                .iter()
                .map(|s| crate::domain::worktime::Span::new(s.start, s.end).within(from, to).as_secs_f64() / 3600.0)
                .fold(0.0, |a, b| a + b)
        })
        .unwrap_or(0.0);
    let why = Why {
        need: slot.need,
        competence: slot.competence.clone(),
        introduced: chosen.introduced,
        distance_km: chosen.distance_km,
        hours_before,
        candidates: choices.len() as u32 + 1,
    };
    let old: i64 = sqlx::query_scalar("SELECT person_id FROM pool_offers WHERE id = $1")
        .bind(offer_id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("UPDATE pool_offers SET person_id = $1, why = $2, created_by = $3 WHERE id = $4 AND state = $5")
        .bind(person_id)
        .bind(serde_json::to_string(&why).map_err(|_| AppError::Internal)?)
        .bind(actor)
        .bind(offer_id)
        .bind(OfferState::Proposed)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        audit::Action::Update,
        audit::Entity::PoolOffer,
        Some(offer_id),
        Changes::default().field("person_id", old, person_id),
    )
    .await?;
    tx.commit().await?;
    db.publish(vec![pool_signal()]).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::weekly_cap;

    #[test]
    fn the_weekly_cap_is_the_workers_own_else_their_part_of_full_time() {
        assert_eq!(weekly_cap(Some(1200), 50), Some(20.0));
        assert_eq!(weekly_cap(None, 75), Some(30.0));
        assert_eq!(weekly_cap(None, 100), None);
    }
}
