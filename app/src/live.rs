//! What the live channel tells a signed-in phone or tablet: small typed events that say *what*
//! changed, never the data itself. A page that hears an event for what it shows fetches that
//! again through its own server function, which checks, as always, what the person may see — so
//! an event can never carry more than its reader may know. The server side (who hears which
//! event, several instances on one PostgreSQL) is `ssr/live.rs`; the phone side is
//! `components/live.rs`.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    /// A unit's shifts changed: one was filled, swapped, marked absent, or created from the
    /// rolling schedule. Heard by those who may see the unit's planning.
    UnitShifts { unit_id: i64 },
    /// The receiver's own shifts changed: given to them, given away, swapped, marked absent.
    MyShifts,
    /// The municipality's units or providers changed. Heard by coordinators and administrators.
    Organisation,
    /// A unit filed or corrected its daily report, or its pool requests changed. Heard by those
    /// who may see the unit's planning (its managers, coordinators, administrators).
    UnitReport { unit_id: i64 },
    /// The receiver's pool offers changed: a new offer, one withdrawn, taken or expired.
    MyOffers,
    /// The pool's proposals, offers or bookings changed. Heard by coordinators and administrators.
    Pool,
    /// A unit's errands changed: one requested, claimed, worked on, delivered or cancelled. Heard
    /// by the unit's managers and care workers (who order), coordinators and administrators (the
    /// situation picture's figures) and the service team (their queue).
    Errands { unit_id: i64 },
    /// Protective equipment changed: a unit's shipments or requests (`Some(unit)`, heard by those
    /// who may see the unit's planning), or the central stock and catalogue (`None`, heard by
    /// coordinators and administrators).
    Equipment { unit_id: Option<i64> },
}

/// The SSE event names besides plain events (`message`, carrying a [`LiveEvent`] as JSON).
pub mod control {
    /// The first message on every connection. A page that hears it on a *re*connection fetches
    /// what it shows again: it may have missed events meanwhile.
    pub const HELLO: &str = "hello";
    /// Events may have been missed (the server lost its PostgreSQL listener for a moment, or
    /// this reader fell behind): fetch everything again.
    pub const RESYNC: &str = "resync";
    /// The session is over (signed out, deactivated, password changed): do not reconnect.
    pub const ENDED: &str = "ended";
}

/// Where the channel is served.
pub const PATH: &str = "/live";
