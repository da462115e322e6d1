//! Server-only queries and writes of this feature (compiled with `ssr`).
use super::*;
use crate::domain::allocation::{Why, can_take};
use crate::domain::pool::OfferState;
use crate::features::pool::server::{
    NewOffer, OpenRequest, book, free_places, insert_offer, instance, offers_and_bookings, open_requests, reoffer,
};
use crate::live::LiveEvent;
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::UnixSeconds;
use crate::ssr::live::{Audience, Signal};

pub async fn my_offers(db: &Db, person_id: i64) -> Result<MyOffers, AppError> {
    let now = db.now();
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        unit_name: String,
        unit_address: String,
        shift_name: String,
        #[sqlx(try_from = "UnixSeconds")]
        starts_at: jiff::Timestamp,
        #[sqlx(try_from = "UnixSeconds")]
        ends_at: jiff::Timestamp,
        competence_sv: Option<String>,
        competence_en: Option<String>,
        #[sqlx(try_from = "UnixSeconds")]
        deadline: jiff::Timestamp,
        why: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.id, u.name AS unit_name, u.address AS unit_address, t.name AS shift_name, q.starts_at, q.ends_at,
                c.name_sv AS competence_sv, c.name_en AS competence_en, o.deadline, o.why
         FROM pool_offers o JOIN pool_requests q ON q.id = o.request_id JOIN units u ON u.id = q.unit_id
         JOIN shift_types t ON t.id = q.shift_type_id LEFT JOIN competences c ON c.id = q.competence_id
         WHERE o.person_id = $1 AND o.state = $2 AND o.deadline > $3 ORDER BY q.starts_at, o.id",
    )
    .bind(person_id)
    .bind(OfferState::Offered)
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let offers = rows
        .into_iter()
        .map(|r| {
            let why = serde_json::from_str(&r.why).map_err(|_| AppError::Internal)?;
            Ok(MyOffer {
                id: r.id,
                unit_name: r.unit_name,
                unit_address: r.unit_address,
                shift_name: r.shift_name,
                starts_at: r.starts_at,
                ends_at: r.ends_at,
                competence_sv: r.competence_sv,
                competence_en: r.competence_en,
                deadline: r.deadline,
                why,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let start_of_today = crate::domain::worktime::day_start(db.today()).as_second();
    let bookings = sqlx::query_as(
        "SELECT b.id, u.name AS unit_name, u.address AS unit_address, b.starts_at, b.ends_at, b.confirmed_at, b.cancel_reason
         FROM pool_bookings b JOIN pool_requests q ON q.id = b.request_id JOIN units u ON u.id = q.unit_id
         WHERE b.person_id = $1 AND b.ends_at > $2 ORDER BY b.starts_at, b.id",
    )
    .bind(person_id)
    .bind(start_of_today)
    .fetch_all(&db.pool)
    .await?;
    let open_shifts = open_shifts(db, person_id).await?;
    Ok(MyOffers {
        me: person_id,
        today: db.today(),
        now: jiff::Timestamp::from_second(now).map_err(|_| AppError::Internal)?,
        offers,
        bookings,
        open_shifts,
    })
}

pub async fn accept(db: &Db, person_id: i64, offer_id: i64) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    let (booking, signals) = book(&mut tx, db, person_id, offer_id).await?;
    tx.commit().await?;
    db.publish(signals).await;
    Ok(booking)
}

pub async fn decline(db: &Db, person_id: i64, offer_id: i64) -> Result<(), AppError> {
    let now = db.now();
    let mut tx = db.begin_write().await?;
    let declined: Option<(i64, i64)> = sqlx::query_as(
        "UPDATE pool_offers SET state = $1, answered_at = $2 WHERE id = $3 AND person_id = $4 AND state = $5
         RETURNING request_id, slot_no",
    )
    .bind(OfferState::Declined)
    .bind(now)
    .bind(offer_id)
    .bind(person_id)
    .bind(OfferState::Offered)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((request_id, slot_no)) = declined else {
        // Declined already (a retried tap) is done; anything else is not this person's to answer.
        let state: Option<OfferState> =
            sqlx::query_scalar("SELECT state FROM pool_offers WHERE id = $1 AND person_id = $2")
                .bind(offer_id)
                .bind(person_id)
                .fetch_optional(&mut *tx)
                .await?;
        return match state {
            Some(OfferState::Declined) => Ok(()),
            Some(_) => Err(AppError::Conflict(crate::error::ConflictCode::OfferGone)),
            None => Err(AppError::NotFound),
        };
    };
    audit::record(
        &mut tx,
        now,
        Some(person_id),
        audit::Action::DeclineOffer,
        audit::Entity::PoolOffer,
        Some(offer_id),
        Changes::default(),
    )
    .await?;
    tx.commit().await?;
    db.publish(vec![
        Signal::to_person(person_id, LiveEvent::MyOffers),
        Signal::Event { to: Audience::Coordinators, event: LiveEvent::Pool },
    ])
    .await;
    // The decline is confirmed; finding the next worker is the pool's business, not the answer's.
    if let Err(e) = reoffer(db, request_id, slot_no).await {
        tracing::warn!(error = ?e, request_id, slot_no, "re-offering a declined place failed");
    }
    Ok(())
}

/// The free places of direct-booking requests this worker may take, one entry per request,
/// checked with the allocation's own hard rules (`allocation::can_take`).
async fn open_shifts(db: &Db, person_id: i64) -> Result<Vec<OpenShift>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let now = db.now();
    let requests: Vec<OpenRequest> =
        open_requests(&mut conn, now).await?.into_iter().filter(|r| r.direct_booking).collect();
    if requests.is_empty() {
        return Ok(Vec::new());
    }
    let (offers, bookings) = offers_and_bookings(&mut conn, now).await?;
    let places = free_places(&requests, &offers, &bookings);
    // Who declined an offer of it may still take it here: declining carries no penalty.
    let instance = instance(&mut conn, &places, &Default::default()).await?;
    let Some(me) = instance.workers.iter().find(|w| w.id == person_id.to_string()) else {
        return Ok(Vec::new());
    };
    let addresses: Vec<(i64, String)> = sqlx::query_as("SELECT id, address FROM units").fetch_all(&mut *conn).await?;
    let mut out: Vec<OpenShift> = Vec::new();
    for (place, slot) in places.iter().zip(&instance.slots) {
        let r = &place.0;
        if let Some(seen) = out.iter_mut().find(|o| o.request_id == r.request_id) {
            seen.free += 1;
            continue;
        }
        if !can_take(me, slot) {
            continue;
        }
        out.push(OpenShift {
            request_id: r.request_id,
            unit_name: r.unit_name.clone(),
            unit_address: addresses.iter().find(|(id, _)| *id == r.unit_id).map(|a| a.1.clone()).unwrap_or_default(),
            shift_name: r.shift_name.clone(),
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            competence_sv: r.competence_sv.clone(),
            competence_en: r.competence_en.clone(),
            free: 1,
        });
    }
    Ok(out)
}

/// Books the first free place of an open shift for the worker: the request must allow direct
/// booking and the worker pass every hard rule now; then the same booking as an accepted offer
/// (`pool::server::book`: the request's lock, the rules against all their shifts, one booking
/// per place).
pub async fn claim(db: &Db, person_id: i64, request_id: i64) -> Result<i64, AppError> {
    use crate::error::ConflictCode;
    let now = db.now();
    let mut tx = db.begin_write().await?;
    let locked = sqlx::query(
        "UPDATE pool_requests SET filled = filled WHERE id = $1 AND state = $2 AND direct_booking = 1 AND starts_at > $3",
    )
    .bind(request_id)
    .bind(crate::domain::report::PoolRequestState::Open)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if locked.rows_affected() == 0 {
        return Err(AppError::Conflict(ConflictCode::OfferGone));
    }
    let requests: Vec<OpenRequest> =
        open_requests(&mut tx, now).await?.into_iter().filter(|r| r.request_id == request_id).collect();
    let (offers, bookings) = offers_and_bookings(&mut tx, now).await?;
    let Some(place) = free_places(&requests, &offers, &bookings).into_iter().next() else {
        return Err(AppError::Conflict(ConflictCode::PlaceTaken));
    };
    let instance = instance(&mut tx, std::slice::from_ref(&place), &Default::default()).await?;
    let me = instance.workers.iter().find(|w| w.id == person_id.to_string()).ok_or(AppError::Forbidden)?;
    let slot = &instance.slots[0];
    if !can_take(me, slot) {
        return Err(AppError::Conflict(ConflictCode::NotEligible));
    }
    let why = Why {
        need: slot.need,
        competence: slot.competence.clone(),
        introduced: me.introduced_at.contains(&slot.unit),
        distance_km: me.home.zip(slot.place).map(|(h, p)| h.km_to(&p)),
        hours_before: 0.0,
        candidates: 1,
    };
    // The claim is an offer to oneself, accepted at once: one path to a booking.
    let claim = NewOffer {
        request_id,
        slot_no: place.1,
        person_id,
        why: &why,
        created_by: Some(person_id),
        deadline: Some(place.0.starts_at),
    };
    let offer_id = insert_offer(&mut tx, now, claim).await?;
    let (booking, signals) = book(&mut tx, db, person_id, offer_id).await?;
    tx.commit().await?;
    db.publish(signals).await;
    Ok(booking)
}
