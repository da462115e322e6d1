//! Service-team errands (seeds/001): a home-care unit asks for an errand — groceries for a client,
//! the car to the garage, a recycling run — and a service-team member claims it, ticks it off on
//! the phone and marks it delivered. The rules of the errand itself (kinds, states, the list) are
//! in `domain::errand`.
//!
//! Who sees what: the service team's queue shows every open errand of the municipality without
//! its personal data (the client's address, the list, the notes); those are shown only to the
//! requesting unit (its managers and care workers) and to the member who claimed the errand, and
//! every such view is written to `errand_access_log`, which the unit's managers can read.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::domain::errand::{ErrandKind, ErrandState, ItemOutcome};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    ssr::{auth::require, context, respond},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An errand as everyone who may see it sees it: no personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandSummary {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub area: String,
    pub kind: ErrandKind,
    pub state: ErrandState,
    /// None: as soon as possible.
    pub due_day: Option<jiff::civil::Date>,
    /// Minutes after midnight, Stockholm time.
    pub window: Option<(i64, i64)>,
    pub due_at: jiff::Timestamp,
    pub pickup: String,
    pub to_client: bool,
    pub client_ref: Option<String>,
    pub registration: Option<String>,
    pub items: i64,
    pub items_done: i64,
    pub claimed_by: Option<String>,
    /// Claimed by the person asking.
    pub mine: bool,
}

/// One line of an errand's checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandItem {
    pub position: i64,
    pub name: String,
    pub quantity: Option<String>,
    pub outcome: Option<ItemOutcome>,
    pub note: Option<String>,
}

/// An errand with what only the unit and the member who claimed it see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandDetail {
    pub summary: ErrandSummary,
    pub client_address: Option<String>,
    pub notes: String,
    pub items: Vec<ErrandItem>,
    pub amount_ore: Option<i64>,
    pub receipt: Option<String>,
    pub close_reason: Option<String>,
}

/// The service-team member's page: my errands first, then the open queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandQueue {
    /// Who is signed in (the owner of steps queued on this phone).
    pub me: i64,
    pub today: jiff::civil::Date,
    /// Claimed by me and not closed, in pick-up order (due time).
    pub mine: Vec<ErrandDetail>,
    /// Open errands, by due time.
    pub open: Vec<ErrandSummary>,
}

/// Errands of one type and state in one week, and the care-staff time the delivered ones freed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekFollowUp {
    pub week: jiff::civil::Date,
    pub counts: Vec<(ErrandKind, ErrandState, i64)>,
    pub minutes_freed: i64,
}

/// A unit's errands as its people see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitErrands {
    pub unit_id: i64,
    pub unit_name: String,
    pub today: jiff::civil::Date,
    /// Open and held ones first, then the closed ones of the last two weeks.
    pub errands: Vec<ErrandDetail>,
    pub follow_up: Vec<WeekFollowUp>,
    /// Whether the reader manages the unit (and may read the access log).
    pub manages: bool,
}

/// One unit's errands of the last four weeks (this one included), with no personal data: what
/// coordinators see beside the situation picture. The totals are the weeks' sums.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitErrandFigures {
    pub unit_id: i64,
    pub unit_name: String,
    pub ordered: i64,
    pub delivered: i64,
    /// Open or under way now.
    pub pending: i64,
    pub minutes_freed: i64,
    /// Oldest first; every week, with or without errands.
    pub weeks: Vec<WeekFollowUp>,
}

impl UnitErrandFigures {
    pub fn empty(unit_id: i64, unit_name: String, weeks: Vec<WeekFollowUp>) -> Self {
        UnitErrandFigures { unit_id, unit_name, ordered: 0, delivered: 0, pending: 0, minutes_freed: 0, weeks }
    }

    /// Sets the totals from the weeks.
    pub fn total(&mut self) {
        let counts = || self.weeks.iter().flat_map(|w| w.counts.iter());
        self.ordered = counts().map(|c| c.2).sum();
        self.delivered = counts().filter(|c| c.1 == ErrandState::Delivered).map(|c| c.2).sum();
        self.pending = counts().filter(|c| !c.1.is_closed()).map(|c| c.2).sum();
        self.minutes_freed = self.weeks.iter().map(|w| w.minutes_freed).sum();
    }
}

/// The care-staff minutes one delivered errand of a kind is counted as freeing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindMinutes {
    pub kind: ErrandKind,
    pub minutes: i64,
    /// Skiftet's default: the municipality has not set its own.
    pub default: bool,
}

/// The situation picture's errand section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrandOverview {
    pub units: Vec<UnitErrandFigures>,
    pub minutes: Vec<KindMinutes>,
    /// Coordinators and administrators set the minutes per kind.
    pub may_set_minutes: bool,
}

/// The errand figures of every unit (coordinators, administrators) or of one's own units (unit
/// managers), week by week, for the situation picture.
#[server(endpoint = "errand_overview")]
pub async fn get_errand_overview() -> Result<ErrandOverview, AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin, Role::UnitManager]).await?;
        let db = context()?.db;
        let sees_all = user.has(Role::Coordinator) || user.has(Role::Admin);
        let mut units = server::weekly(&db, None, server::FOLLOW_UP_WEEKS).await?;
        if !sees_all {
            let mine = crate::ssr::guard::managed_unit_ids(&db, user.id).await?;
            units.retain(|u| mine.contains(&u.unit_id));
        }
        Ok(ErrandOverview { units, minutes: server::kind_minutes(&db).await?, may_set_minutes: sees_all })
    })
    .await
}

/// Sets how many minutes of care-staff time one delivered errand of `kind` frees, for the
/// follow-up (coordinators and administrators; 0–480).
#[server(endpoint = "set_errand_minutes")]
pub async fn set_errand_minutes(kind: String, minutes: String) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin]).await?;
        server::set_kind_minutes(&context()?.db, user.id, &kind, &minutes).await?;
        crate::ssr::after_plain_post(&format!("/lagesbild?sparad={}#errand-minutes-h", kind.trim()));
        Ok(())
    })
    .await
}

/// One view of a client's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AccessEntry {
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::UnixSeconds"))]
    pub at: jiff::Timestamp,
    pub errand_id: i64,
    pub client_ref: Option<String>,
    pub person_name: String,
}

/// What a unit asks for, as typed in the request form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrandForm {
    pub kind: String,
    /// Empty: as soon as possible.
    pub day: String,
    pub from: String,
    pub to: String,
    pub pickup: String,
    /// "office" or "client".
    pub deliver_to: String,
    pub client_ref: String,
    pub client_address: String,
    pub list: String,
    pub notes: String,
    pub registration: String,
}

/// Asks the service team for an errand (the unit's managers and care workers). Flat fields, so
/// the form also posts without JavaScript.
#[server(endpoint = "request_errand")]
#[allow(clippy::too_many_arguments)]
pub async fn request_errand(
    unit_id: i64,
    kind: String,
    #[server(default)] day: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] pickup: String,
    #[server(default)] deliver_to: String,
    #[server(default)] client_ref: String,
    #[server(default)] client_address: String,
    #[server(default)] list: String,
    #[server(default)] notes: String,
    #[server(default)] registration: String,
) -> Result<i64, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::CareWorker]).await?;
        let db = context()?.db;
        server::requester_of(&db, user.id, unit_id).await?;
        let form = ErrandForm {
            kind,
            day,
            from,
            to,
            pickup,
            deliver_to,
            client_ref,
            client_address,
            list,
            notes,
            registration,
        };
        let id = server::request(&db, user.id, unit_id, &form).await?;
        crate::ssr::after_plain_post(&format!("/enhet/{unit_id}/uppdrag?bestallt={id}"));
        Ok(id)
    })
    .await
}

/// The units the signed-in person may order errands for (their manager and care-worker units).
#[server(endpoint = "errand_units")]
pub async fn errand_units() -> Result<Vec<(i64, String)>, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::CareWorker]).await?;
        server::units_of(&context()?.db, user.id).await
    })
    .await
}

#[server(endpoint = "unit_errands")]
pub async fn get_unit_errands(unit_id: i64) -> Result<UnitErrands, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::CareWorker]).await?;
        let db = context()?.db;
        let manages = server::requester_of(&db, user.id, unit_id).await?;
        server::unit_errands(&db, user.id, unit_id, manages).await
    })
    .await
}

/// Withdraws an errand; one somebody holds needs a reason (they may be on their way).
#[server(endpoint = "cancel_errand")]
pub async fn cancel_errand(errand_id: i64, reason: String) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::CareWorker]).await?;
        let db = context()?.db;
        let unit_id = server::unit_of(&db, errand_id).await?;
        server::requester_of(&db, user.id, unit_id).await?;
        server::cancel(&db, user.id, errand_id, &reason).await?;
        crate::ssr::after_plain_post(&format!("/enhet/{unit_id}/uppdrag"));
        Ok(())
    })
    .await
}

/// Who saw which client's address or list, newest first (the unit's managers only).
#[server(endpoint = "errand_access_log")]
pub async fn errand_access_log(unit_id: i64) -> Result<Vec<AccessEntry>, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager]).await?;
        let db = context()?.db;
        if !server::requester_of(&db, user.id, unit_id).await? {
            return Err(AppError::Forbidden);
        }
        server::access_log(&db, unit_id).await
    })
    .await
}

#[server(endpoint = "errand_queue")]
pub async fn get_errand_queue() -> Result<ErrandQueue, AppError> {
    respond(async move {
        let user = require(&[Role::ServiceTeam]).await?;
        server::queue(&context()?.db, user.id).await
    })
    .await
}

/// What a service-team member does to an errand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MemberStep {
    Claim,
    Start,
    Tick { position: i64, outcome: ItemOutcome, note: String },
    Purchase { amount: String, receipt: String },
    Deliver,
    CannotComplete { reason: String },
}

impl MemberStep {
    /// The step from a form's flat fields: `action` says which, the others carry its data.
    pub fn from_fields(
        action: &str,
        position: Option<i64>,
        outcome: &str,
        text: String,
        amount: String,
    ) -> Option<Self> {
        Some(match action {
            "claim" => MemberStep::Claim,
            "start" => MemberStep::Start,
            "tick" => MemberStep::Tick { position: position?, outcome: outcome.parse().ok()?, note: text },
            "purchase" => MemberStep::Purchase { amount, receipt: text },
            "deliver" => MemberStep::Deliver,
            "cannot_complete" => MemberStep::CannotComplete { reason: text },
            _ => return None,
        })
    }
}

/// One step of a service-team member. `key` is the phone's idempotency key: sent twice (an
/// offline queue, a retry), the step is done and recorded once. `action` is claim, start, tick
/// (`position`, `outcome`, `text` as a note), purchase (`amount`, `text` as the receipt),
/// deliver or cannot_complete (`text` as the reason). Flat fields, so each button is a plain form.
#[server(endpoint = "errand_step")]
pub async fn errand_step(
    errand_id: i64,
    key: String,
    action: String,
    #[server(default)] position: Option<i64>,
    #[server(default)] outcome: String,
    #[server(default)] text: String,
    #[server(default)] amount: String,
) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::ServiceTeam]).await?;
        let step = MemberStep::from_fields(&action, position, &outcome, text, amount)
            .ok_or(AppError::invalid("action", crate::error::InvalidCode::UnknownChoice))?;
        server::member_step(&context()?.db, user.id, errand_id, &step, &key).await?;
        crate::ssr::after_plain_post(&format!("/uppdrag?klart=1#uppdrag-{errand_id}"));
        Ok(())
    })
    .await
}
