//! The coordinator's pool (`/pool`): every open place of the municipality's pool requests, the
//! allocation's proposals with their reasons, publishing them as offers, and the bookings they
//! became (cancellable with a reason). The allocation itself is `domain::allocation`; this
//! feature builds its instance from the database (`server::instance`) and keeps its results.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::domain::allocation::{UnfilledReason, Why};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    ssr::{auth::require, context, respond},
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// One place of a pool request (a request for two people has two) and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub request_id: i64,
    pub slot_no: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub shift_name: String,
    pub starts_at: jiff::Timestamp,
    pub ends_at: jiff::Timestamp,
    pub competence_sv: Option<String>,
    pub competence_en: Option<String>,
    pub need: u8,
    /// Eligible pool workers may take a free place of this request themselves.
    pub direct_booking: bool,
    pub status: PlaceStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PlaceStatus {
    /// Nobody proposed, offered or booked; `reason` from the last allocation run, if it had one.
    Open { reason: Option<UnfilledReason>, declined: i64 },
    /// The allocation proposes this worker (not sent yet).
    Proposed { offer_id: i64, worker: String, why: Why },
    /// Sent to this worker, to be answered by `deadline`.
    Offered { offer_id: i64, worker: String, deadline: jiff::Timestamp },
    /// Taken.
    Booked { booking_id: i64, worker: String, confirmed_at: jiff::Timestamp },
}

/// The pool page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolOverview {
    pub today: jiff::civil::Date,
    pub places: Vec<Place>,
    pub last_run: Option<RunSummary>,
}

/// What the last allocation run found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub at: jiff::Timestamp,
    pub by: String,
    pub places: u32,
    pub proposed: u32,
    pub need_total: u64,
    pub need_covered: u64,
}

/// Every open place from now on, with its proposal, offer or booking (coordinators, administrators).
#[server(endpoint = "pool_overview")]
pub async fn get_pool_overview() -> Result<PoolOverview, AppError> {
    respond(async move {
        require(&[Role::Coordinator, Role::Admin]).await?;
        server::overview(&context()?.db).await
    })
    .await
}

/// Runs the allocation on every open place that has no offer or booking: its proposals replace
/// the previous ones. Answers how many places got a proposal.
#[server(endpoint = "run_allocation")]
pub async fn run_allocation() -> Result<u32, AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin]).await?;
        let proposed = server::run(&context()?.db, user.id).await?;
        crate::ssr::after_plain_post("/pool");
        Ok(proposed)
    })
    .await
}

/// Drops one proposal before publishing (the place stays open).
#[server(endpoint = "remove_proposal")]
pub async fn remove_proposal(offer_id: i64) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin]).await?;
        server::remove_proposal(&context()?.db, user.id, offer_id).await?;
        crate::ssr::after_plain_post("/pool");
        Ok(())
    })
    .await
}

/// Sends every proposal to its worker as an offer with an answer deadline. Answers how many.
#[server(endpoint = "publish_offers")]
pub async fn publish_offers() -> Result<u32, AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin]).await?;
        let sent = server::publish(&context()?.db, user.id).await?;
        crate::ssr::after_plain_post("/pool");
        Ok(sent)
    })
    .await
}

/// Cancels a booking; the reason is required and the worker is told. Coordinators and
/// administrators may, and the managers of the booking's own unit (read from the booking, never
/// from the request).
#[server(endpoint = "cancel_booking")]
pub async fn cancel_booking(booking_id: i64, reason: String) -> Result<(), AppError> {
    respond(async move {
        let user = require(crate::ssr::guard::PLANNERS).await?;
        let db = context()?.db;
        if !user.has(Role::Coordinator) {
            let unit = server::unit_of_booking(&db, booking_id).await?;
            crate::ssr::guard::may_plan(&db, &user, unit).await?;
        }
        let reason = crate::domain::RequiredText::parse("reason", &reason, 200)?;
        server::cancel_booking(&db, user.id, booking_id, reason.as_str()).await?;
        Ok(())
    })
    .await
}

/// Lets eligible pool workers take the request's free places themselves (open shifts), or stops it.
#[server(endpoint = "set_direct_booking")]
pub async fn set_direct_booking(request_id: i64, allowed: bool) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin]).await?;
        server::set_direct_booking(&context()?.db, user.id, request_id, allowed).await?;
        crate::ssr::after_plain_post("/pool");
        Ok(())
    })
    .await
}

/// What administrators and coordinators set of a pool worker (the worker sets home and travel).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolProfile {
    pub person_id: i64,
    /// "care" or "service".
    pub tier: crate::domain::allocation::Tier,
    /// The worker's own weekly cap in hours (none: the agreement's, or the employment percentage's).
    pub max_week_hours: Option<i64>,
    pub introduced_unit_ids: Vec<i64>,
    /// Every active unit, to pick introductions from.
    pub units: Vec<(i64, String)>,
}

#[server(endpoint = "pool_profile")]
pub async fn get_pool_profile(person_id: i64) -> Result<PoolProfile, AppError> {
    respond(async move {
        require(&[Role::Admin, Role::Coordinator]).await?;
        server::pool_profile(&context()?.db, person_id).await
    })
    .await
}

/// Sets a pool worker's tier, weekly cap ("" for none) and the units they are introduced at.
#[server(endpoint = "save_pool_worker", input = Json)]
pub async fn save_pool_worker(
    person_id: i64,
    tier: crate::domain::allocation::Tier,
    max_week_hours: String,
    introduced_unit_ids: Vec<i64>,
) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::Admin, Role::Coordinator]).await?;
        let hours = match max_week_hours.trim() {
            "" => None,
            raw => Some(crate::domain::parse::whole_number_in("max_week_hours", raw, 1..=48)?),
        };
        if introduced_unit_ids.len() > 500 {
            return Err(AppError::invalid("introduced_unit_ids", crate::error::InvalidCode::TooMany { max: 500 }));
        }
        server::save_pool_profile(&context()?.db, user.id, person_id, tier, hours, &introduced_unit_ids).await
    })
    .await
}

/// A worker who could take a proposed place instead of the one proposed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    pub person_id: i64,
    pub name: String,
    pub introduced: bool,
    pub distance_km: Option<f64>,
}

/// Who else could take the place of proposal `offer_id` (every hard rule, against their shifts,
/// offers and other proposals), introduced and near first.
#[server(endpoint = "proposal_alternatives")]
pub async fn proposal_alternatives(offer_id: i64) -> Result<Vec<Alternative>, AppError> {
    respond(async move {
        require(&[Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        let mut conn = db.pool.acquire().await?;
        Ok(server::alternatives(&mut conn, db.now(), offer_id).await?.0)
    })
    .await
}

/// Proposes another worker for a place before publishing.
#[server(endpoint = "change_proposal")]
pub async fn change_proposal(offer_id: i64, person_id: i64) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin]).await?;
        server::change_proposal(&context()?.db, user.id, offer_id, person_id).await?;
        crate::ssr::after_plain_post("/pool");
        Ok(())
    })
    .await
}
