//! The live channel's server side: who hears which event, and how a change made through one
//! server instance reaches the people connected to every instance.
//!
//! A write publishes [`Signal`]s *after* its transaction has committed (an event for a change
//! that was rolled back would send phones fetching for nothing). On SQLite one process is the
//! whole world: signals go straight to this process's [`broadcast`] channel. On PostgreSQL they
//! go through `pg_notify`, and every instance — this one too — hears them on its own `LISTEN`
//! connection and hands them to its channel; so a phone connected to instance A sees what a
//! tablet changed through instance B. A signal lost on the way (an instance's listener
//! reconnecting) is answered by telling every reader to fetch again ([`Signal::Resync`]): a
//! page may be refreshed once too often, never left stale.
//!
//! Each connection is a [`Reader`]: the person, their view of the municipality, and a tag of
//! their session. [`Reader::hears`] decides per signal; a deactivated person, or a session that
//! signed out, hears [`Heard::End`] and the server closes the stream at once; a change to the
//! person (a new password, roles) has their channels check their session there and then.
use super::Db;
use super::db::Backend;
use super::signed_in::SignedIn;
use crate::domain::Role;
use crate::live::LiveEvent;
use crate::model::SessionUser;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

/// The PostgreSQL notification channel.
const PG_CHANNEL: &str = "skiftet_live";
/// PostgreSQL refuses a notification payload over 8000 bytes; signals are sent in batches under.
const PG_PAYLOAD_LIMIT: usize = 7000;
/// How many signals a slow reader may fall behind before it is told to fetch everything again.
const BUFFER: usize = 1024;

/// Who an event is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// One person.
    Person(i64),
    /// Those who may see this unit's planning: its managers, coordinators and administrators.
    UnitReaders(i64),
    /// Coordinators and administrators.
    Coordinators,
    /// Everyone in the staff pool (open shifts changed).
    PoolWorkers,
    /// Every service-team member (the errand queue changed).
    ServiceTeam,
    /// Everyone who orders for this unit: its managers and care workers (a care worker follows
    /// the errand they asked for), and coordinators and administrators.
    UnitPeople(i64),
}

/// What travels between instances.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Signal {
    Event {
        to: Audience,
        event: LiveEvent,
    },
    /// The person's every channel ends (deactivated).
    EndPerson {
        person_id: i64,
    },
    /// One session's channels end (signed out). `tag` is [`session_tag`] of its id, never the id.
    EndSession {
        tag: String,
    },
    /// What identifies the person changed (name, e-mail, roles, calendar link, password): every instance
    /// forgets what it remembered of them (`signed_in.rs`), and their own channels check at once
    /// whether their session still holds and what they may now hear ([`Heard::Recheck`]) — a new
    /// password ends the other devices' channels then and there, and roles taken away stop their
    /// events.
    PersonChanged {
        person_id: i64,
    },
    /// Signals may have been lost: every reader fetches again.
    Resync,
}

impl Signal {
    pub fn to_person(person_id: i64, event: LiveEvent) -> Signal {
        Signal::Event { to: Audience::Person(person_id), event }
    }
    /// A unit's shifts changed, for its planners and for the people whose shifts they are.
    pub fn unit_shifts(unit_id: i64, people: impl IntoIterator<Item = i64>) -> Vec<Signal> {
        let mut people: Vec<i64> = people.into_iter().collect();
        people.sort_unstable();
        people.dedup();
        let mut signals =
            vec![Signal::Event { to: Audience::UnitReaders(unit_id), event: LiveEvent::UnitShifts { unit_id } }];
        signals.extend(people.into_iter().map(|p| Signal::to_person(p, LiveEvent::MyShifts)));
        signals
    }
    /// A unit's daily report or pool requests changed: for its planners and the coordinators.
    pub fn unit_report(unit_id: i64) -> Vec<Signal> {
        vec![Signal::Event { to: Audience::UnitReaders(unit_id), event: LiveEvent::UnitReport { unit_id } }]
    }
}

/// A session's tag: SHA-256 of its id. The id is a bearer credential and must not travel
/// through notifications or logs; the tag only lets a reader recognise its own session.
pub fn session_tag(session_id: &str) -> String {
    crate::ssr::auth::token_hash(session_id)
}

/// This process's end of the live channel (part of [`Db`]).
#[derive(Clone, Debug)]
pub struct Live {
    sender: broadcast::Sender<Signal>,
    /// Who is signed in, as this instance remembers it: forgets on the signals it hears.
    pub signed_in: SignedIn,
}

impl Live {
    /// `hearing`: whether every change reaches this instance from the start (see
    /// [`SignedIn::new`]).
    pub fn new(hearing: bool) -> Live {
        Live { sender: broadcast::channel(BUFFER).0, signed_in: SignedIn::new(hearing) }
    }
}

impl Live {
    pub fn subscribe(&self) -> broadcast::Receiver<Signal> {
        self.sender.subscribe()
    }

    fn deliver(&self, signal: Signal) {
        self.signed_in.hear(&signal);
        // No receiver (nobody connected) is not an error.
        let _ = self.sender.send(signal);
    }
}

impl Db {
    /// Tells the connected readers of every instance about a committed change. Never fails the
    /// change: a lost signal only delays a page's refresh (logged).
    pub async fn publish(&self, signals: Vec<Signal>) {
        if signals.is_empty() {
            return;
        }
        match self.backend {
            Backend::Sqlite => signals.into_iter().for_each(|s| self.live.deliver(s)),
            Backend::Postgres => {
                // This instance forgets at once, before the change's answer goes out; the
                // others when the notification reaches them.
                signals.iter().for_each(|s| self.live.signed_in.hear(s));
                for batch in batches(&signals) {
                    if let Err(e) =
                        sqlx::query("SELECT pg_notify($1, $2)").bind(PG_CHANNEL).bind(&batch).execute(&self.pool).await
                    {
                        tracing::warn!(error = %e, "live: could not notify; readers refresh on their next event");
                    }
                }
            }
        }
    }
}

/// JSON arrays of signals, each under PostgreSQL's payload limit.
fn batches(signals: &[Signal]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut size = 2;
    for signal in signals {
        let Ok(json) = serde_json::to_string(signal) else { continue };
        if !current.is_empty() && size + json.len() + 1 > PG_PAYLOAD_LIMIT {
            out.push(format!("[{}]", current.join(",")));
            current.clear();
            size = 2;
        }
        size += json.len() + 1;
        current.push(json);
    }
    if !current.is_empty() {
        out.push(format!("[{}]", current.join(",")));
    }
    out
}

/// On PostgreSQL: listens for every instance's signals and hands them to this process's readers,
/// for as long as the process runs. The first `LISTEN` is in place when this returns, so nothing
/// published after start-up is missed. After a lost connection it reconnects, and then tells
/// readers to fetch again (what was sent meanwhile is gone).
pub async fn start_postgres_listener(url: String, live: Live) {
    let first = connect_listener(&url).await;
    live.signed_in.set_hearing(first.is_some());
    tokio::spawn(async move {
        let mut listener = first;
        loop {
            if let Some(mut connected) = listener.take() {
                // `try_recv` answers `None` when the connection was lost: reconnect below.
                loop {
                    match connected.try_recv().await {
                        Ok(Some(note)) => match serde_json::from_str::<Vec<Signal>>(note.payload()) {
                            Ok(signals) => signals.into_iter().for_each(|s| live.deliver(s)),
                            Err(e) => tracing::warn!(error = %e, "live: unreadable notification"),
                        },
                        Ok(None) => break,
                        Err(e) => {
                            tracing::warn!(error = %e, "live: listener failed");
                            break;
                        }
                    }
                }
                // What is sent until the listener is back is lost: remember nothing meanwhile.
                live.signed_in.set_hearing(false);
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            listener = connect_listener(&url).await;
            if listener.is_some() {
                live.signed_in.set_hearing(true);
                live.deliver(Signal::Resync);
            }
        }
    });
}

async fn connect_listener(url: &str) -> Option<sqlx::postgres::PgListener> {
    let mut listener = match sqlx::postgres::PgListener::connect(url).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::warn!(error = %e, "live: cannot connect the listener");
            return None;
        }
    };
    match listener.listen(PG_CHANNEL).await {
        Ok(()) => Some(listener),
        Err(e) => {
            tracing::warn!(error = %e, "live: LISTEN failed");
            None
        }
    }
}

/// One open channel: whose it is and what they may see.
#[derive(Clone, Debug)]
pub struct Reader {
    pub person_id: i64,
    /// Coordinators and administrators see every unit.
    pub sees_every_unit: bool,
    /// The units this person manages.
    pub managed_units: Vec<i64>,
    /// The units this person works at as a care worker.
    pub care_units: Vec<i64>,
    /// In the staff pool.
    pub in_pool: bool,
    /// In the service team.
    pub in_service_team: bool,
    /// [`session_tag`] of the session the channel was opened with.
    pub session: String,
}

/// What a reader does with a signal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Heard {
    Event(LiveEvent),
    Resync,
    End,
    /// Check now that the session still holds, with the person's current roles (as the channel
    /// also does every minute).
    Recheck,
    Nothing,
}

impl Reader {
    pub async fn of(db: &Db, user: &SessionUser, session: String) -> Result<Reader, crate::error::AppError> {
        Ok(Reader {
            person_id: user.id,
            sees_every_unit: user.has(Role::Coordinator) || user.has(Role::Admin),
            in_pool: user.has(Role::PoolWorker),
            in_service_team: user.has(Role::ServiceTeam),
            managed_units: super::guard::managed_unit_ids(db, user.id).await?,
            care_units: sqlx::query_scalar(
                "SELECT unit_id FROM person_roles WHERE person_id = $1 AND role = $2 AND unit_id IS NOT NULL",
            )
            .bind(user.id)
            .bind(Role::CareWorker)
            .fetch_all(&db.pool)
            .await?,
            session,
        })
    }

    pub fn hears(&self, signal: &Signal) -> Heard {
        match signal {
            Signal::Event { to, event } => {
                let addressed = match to {
                    Audience::Person(p) => *p == self.person_id,
                    Audience::UnitReaders(u) => self.sees_every_unit || self.managed_units.contains(u),
                    Audience::Coordinators => self.sees_every_unit,
                    Audience::PoolWorkers => self.in_pool,
                    Audience::ServiceTeam => self.in_service_team,
                    Audience::UnitPeople(u) => {
                        self.sees_every_unit || self.managed_units.contains(u) || self.care_units.contains(u)
                    }
                };
                if addressed { Heard::Event(*event) } else { Heard::Nothing }
            }
            Signal::EndPerson { person_id } if *person_id == self.person_id => Heard::End,
            Signal::EndSession { tag } if *tag == self.session => Heard::End,
            Signal::PersonChanged { person_id } if *person_id == self.person_id => Heard::Recheck,
            Signal::EndPerson { .. } | Signal::EndSession { .. } | Signal::PersonChanged { .. } => Heard::Nothing,
            Signal::Resync => Heard::Resync,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(sees_every_unit: bool, managed_units: Vec<i64>) -> Reader {
        Reader {
            person_id: 7,
            sees_every_unit,
            managed_units,
            care_units: vec![],
            in_pool: false,
            in_service_team: false,
            session: "mine".into(),
        }
    }

    #[test]
    fn a_unit_manager_hears_only_their_units_and_their_own_shifts() {
        let manager = reader(false, vec![3]);
        let own = Signal::unit_shifts(3, [7]);
        assert_eq!(manager.hears(&own[0]), Heard::Event(LiveEvent::UnitShifts { unit_id: 3 }));
        assert_eq!(manager.hears(&own[1]), Heard::Event(LiveEvent::MyShifts));
        let other = Signal::unit_shifts(4, [8]);
        assert!(other.iter().all(|s| manager.hears(s) == Heard::Nothing));
        assert_eq!(
            manager.hears(&Signal::Event { to: Audience::Coordinators, event: LiveEvent::Organisation }),
            Heard::Nothing
        );
    }

    #[test]
    fn a_coordinator_hears_every_unit_but_not_other_peoples_shifts() {
        let coordinator = reader(true, vec![]);
        let signals = Signal::unit_shifts(4, [8, 8]);
        assert_eq!(signals.len(), 2, "each person once");
        assert_eq!(coordinator.hears(&signals[0]), Heard::Event(LiveEvent::UnitShifts { unit_id: 4 }));
        assert_eq!(coordinator.hears(&signals[1]), Heard::Nothing);
    }

    #[test]
    fn a_units_care_workers_hear_its_errands_but_not_its_planning_nor_other_units() {
        let care_worker = Reader { care_units: vec![3], ..reader(false, vec![]) };
        let errands = |u| Signal::Event { to: Audience::UnitPeople(u), event: LiveEvent::Errands { unit_id: u } };
        assert_eq!(care_worker.hears(&errands(3)), Heard::Event(LiveEvent::Errands { unit_id: 3 }));
        assert_eq!(care_worker.hears(&errands(4)), Heard::Nothing);
        assert_eq!(care_worker.hears(&Signal::unit_report(3)[0]), Heard::Nothing, "planning is the managers'");
        assert_eq!(reader(false, vec![3]).hears(&errands(3)), Heard::Event(LiveEvent::Errands { unit_id: 3 }));
        assert_eq!(reader(false, vec![4]).hears(&errands(3)), Heard::Nothing);
        assert_eq!(reader(true, vec![]).hears(&errands(3)), Heard::Event(LiveEvent::Errands { unit_id: 3 }));
    }

    #[test]
    fn only_the_own_person_or_session_is_ended() {
        let r = reader(false, vec![]);
        assert_eq!(r.hears(&Signal::EndPerson { person_id: 7 }), Heard::End);
        assert_eq!(r.hears(&Signal::EndPerson { person_id: 8 }), Heard::Nothing);
        assert_eq!(r.hears(&Signal::EndSession { tag: "mine".into() }), Heard::End);
        assert_eq!(r.hears(&Signal::EndSession { tag: "theirs".into() }), Heard::Nothing);
        assert_eq!(r.hears(&Signal::Resync), Heard::Resync);
    }

    #[test]
    fn a_change_to_the_own_person_has_the_channel_check_at_once() {
        let r = reader(false, vec![]);
        assert_eq!(r.hears(&Signal::PersonChanged { person_id: 7 }), Heard::Recheck);
        assert_eq!(r.hears(&Signal::PersonChanged { person_id: 8 }), Heard::Nothing);
    }

    #[test]
    fn notifications_stay_under_postgres_limit_and_lose_nothing() {
        let signals: Vec<Signal> = (0..500).map(|p| Signal::to_person(p, LiveEvent::MyShifts)).collect();
        let batches = batches(&signals);
        assert!(batches.len() > 1);
        assert!(batches.iter().all(|b| b.len() <= PG_PAYLOAD_LIMIT));
        let back: Vec<Signal> = batches.iter().flat_map(|b| serde_json::from_str::<Vec<Signal>>(b).unwrap()).collect();
        assert_eq!(back, signals);
    }
}
