//! Offers (phone, pool workers, `/erbjudanden`): what the pool offers me — unit, time, address,
//! competence and why me — to accept or decline in one tap each before the deadline, and my
//! bookings with the time they were confirmed. A booking is a shift, so it is also in *Mina
//! pass* and the calendar feed. Workers read and answer only their own offers.
pub mod page;
pub mod push;
#[cfg(feature = "ssr")]
pub mod server;
use crate::domain::allocation::Why;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    ssr::{auth::require, context, respond},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An offer waiting for my answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyOffer {
    pub id: i64,
    pub unit_name: String,
    pub unit_address: String,
    pub shift_name: String,
    pub starts_at: jiff::Timestamp,
    pub ends_at: jiff::Timestamp,
    pub competence_sv: Option<String>,
    pub competence_en: Option<String>,
    pub deadline: jiff::Timestamp,
    pub why: Why,
}

/// A place I took, or one that was cancelled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MyBooking {
    pub id: i64,
    pub unit_name: String,
    pub unit_address: String,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::UnixSeconds"))]
    pub starts_at: jiff::Timestamp,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::UnixSeconds"))]
    pub ends_at: jiff::Timestamp,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::UnixSeconds"))]
    pub confirmed_at: jiff::Timestamp,
    pub cancel_reason: Option<String>,
}

/// A shift of a request that allows direct booking, which I may take myself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenShift {
    pub request_id: i64,
    pub unit_name: String,
    pub unit_address: String,
    pub shift_name: String,
    pub starts_at: jiff::Timestamp,
    pub ends_at: jiff::Timestamp,
    pub competence_sv: Option<String>,
    pub competence_en: Option<String>,
    /// Places still free.
    pub free: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyOffers {
    /// Who is signed in (the owner of answers queued on this phone).
    pub me: i64,
    /// The server's today and now: the phone's own clock may be wrong.
    pub today: jiff::civil::Date,
    pub now: jiff::Timestamp,
    pub offers: Vec<MyOffer>,
    /// From today on, soonest first, cancelled ones included (with the reason).
    pub bookings: Vec<MyBooking>,
    /// Open shifts I could take myself.
    pub open_shifts: Vec<OpenShift>,
}

#[server(endpoint = "my_offers")]
pub async fn get_my_offers() -> Result<MyOffers, AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        server::my_offers(&context()?.db, user.id).await
    })
    .await
}

/// Takes the offered place, if it is still mine to take and the working-time rules allow it
/// now. Sending it again (a retried tap, an offline queue) answers the same booking.
#[server(endpoint = "accept_offer")]
pub async fn accept_offer(offer_id: i64) -> Result<i64, AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        let booking = server::accept(&context()?.db, user.id, offer_id).await?;
        crate::ssr::after_plain_post("/erbjudanden?svar=ja");
        Ok(booking)
    })
    .await
}

/// Says no. No reason is asked and nothing is held against the worker; the place goes to the
/// next best worker.
#[server(endpoint = "decline_offer")]
pub async fn decline_offer(offer_id: i64) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        server::decline(&context()?.db, user.id, offer_id).await?;
        crate::ssr::after_plain_post("/erbjudanden?svar=nej");
        Ok(())
    })
    .await
}

/// Takes a free place of an open shift directly, if every rule allows it now. Answers the booking.
#[server(endpoint = "claim_open_shift")]
pub async fn claim_open_shift(request_id: i64) -> Result<i64, AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        let booking = server::claim(&context()?.db, user.id, request_id).await?;
        crate::ssr::after_plain_post("/erbjudanden?svar=ja");
        Ok(booking)
    })
    .await
}

/// The server's public VAPID key, for the phone's push subscription.
#[server(endpoint = "push_key")]
pub async fn push_key() -> Result<String, AppError> {
    respond(async move {
        require(&[Role::PoolWorker]).await?;
        crate::ssr::push::public_key(&context()?.db).await
    })
    .await
}

/// Keeps this phone's push subscription (after the worker said yes to notifications).
#[server(endpoint = "subscribe_push")]
pub async fn subscribe_push(endpoint: String, p256dh: String, auth: String) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        // Only a known push service (never an address of the server's own network); the length
        // limits keep a forged call from storing junk.
        let endpoint = endpoint.trim();
        if !crate::ssr::push::is_push_service(endpoint) || endpoint.len() > 2000 {
            return Err(AppError::invalid("endpoint", crate::error::InvalidCode::UnknownChoice));
        }
        if p256dh.len() > 200 || auth.len() > 100 || p256dh.is_empty() || auth.is_empty() {
            return Err(AppError::invalid("p256dh", crate::error::InvalidCode::UnknownChoice));
        }
        crate::ssr::push::subscribe(&context()?.db, user.id, endpoint, p256dh.trim(), auth.trim()).await
    })
    .await
}

/// Forgets this phone's push subscription (the worker turned notifications off).
#[server(endpoint = "unsubscribe_push")]
pub async fn unsubscribe_push(endpoint: String) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::PoolWorker]).await?;
        crate::ssr::push::unsubscribe(&context()?.db, user.id, endpoint.trim()).await
    })
    .await
}
