//! This instance's memory of who is signed in: the session records and the people behind them,
//! so that a signed-in page does not read both from the database on every request.
//!
//! *Why.* On SQLite every query is a round trip to the connection's own thread and another when
//! the pool takes the connection back (sqlx pings it), and on a care worker's *Mina pass* two of
//! the three reads were the session and the person — the same answer on every request, for
//! hours. Measured in `make bench` (README, "Speed").
//!
//! *Why it cannot grant what the database no longer does.* Everything that changes what is
//! remembered publishes a [`Signal`] after its commit — a person edited (name, e-mail, roles,
//! calendar link, password: [`Signal::PersonChanged`]), deactivated ([`Signal::EndPerson`]), a
//! session signed out ([`Signal::EndSession`]) — and every instance
//! forgets on hearing it ([`SignedIn::hear`]): the writing instance at once, before its answer
//! goes out (`Db::publish`), the others through PostgreSQL's `LISTEN` within milliseconds, the
//! same path that ends a person's live channels. A read that began before a change and finishes
//! after it must not put the old answer back: every forgetting moves an epoch on, and an answer
//! is kept only if the epoch is still the one its read started under ([`Ticket`]). While the
//! `LISTEN` connection is down nothing is remembered (what it missed meanwhile is lost), and it
//! forgets everything when it comes back. As a last guard against a connection that died
//! silently, nothing is trusted for longer than [`MAX_AGE`].
//!
//! What is remembered is only what identifies the person: their roles as a set. Whether they may
//! read or change a given unit, shift or errand is always read from the database (`guard.rs`).
use super::live::{Signal, session_tag};
use crate::model::SessionUser;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower_sessions::cookie::time;
use tower_sessions::session::Record;

/// The longest anything is remembered, whatever was heard (see the module doc).
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// More entries than this in one map and it starts again from empty: a bound on memory that a
/// municipality's signed-in phones never reach (each session and person is a few hundred bytes).
const MAX_ENTRIES: usize = 100_000;

/// A person as every signed-in request needs them, and the instant (Unix ms) before which their
/// sessions are over.
pub type PersonRecord = (SessionUser, i64);

#[derive(Clone, Debug)]
pub struct SignedIn {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    memory: Mutex<Memory>,
    /// Whether this instance hears every change (on PostgreSQL: its `LISTEN` is connected).
    hearing: AtomicBool,
}

#[derive(Debug, Default)]
struct Memory {
    epoch: u64,
    people: HashMap<i64, (PersonRecord, Instant)>,
    /// By session id.
    sessions: HashMap<String, KeptSession>,
}

/// A remembered session, with what it is forgotten by: its tag ([`session_tag`], what a sign-out
/// on another instance names) and its person (what a deactivation names).
#[derive(Debug)]
struct KeptSession {
    record: Record,
    tag: String,
    person: Option<i64>,
    at: Instant,
}

/// The epoch a read started under; its answer is kept only if nothing was forgotten meanwhile.
#[derive(Clone, Copy, Debug)]
pub struct Ticket(u64);

impl SignedIn {
    /// `hearing`: whether changes reach this instance from the start (SQLite: one process is the
    /// whole world; PostgreSQL: not until its `LISTEN` is in place).
    pub fn new(hearing: bool) -> SignedIn {
        SignedIn { inner: Arc::new(Inner { memory: Mutex::default(), hearing: AtomicBool::new(hearing) }) }
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, Memory> {
        // A panic while holding the lock leaves nothing half-done worth keeping: start empty.
        self.inner.memory.lock().unwrap_or_else(|poisoned| {
            let mut memory = poisoned.into_inner();
            memory.forget_all();
            memory
        })
    }

    /// Take before reading from the database what [`keep_person`](Self::keep_person) or
    /// [`keep_session`](Self::keep_session) may then keep.
    pub fn ticket(&self) -> Ticket {
        Ticket(self.memory().epoch)
    }

    pub fn person(&self, id: i64) -> Option<PersonRecord> {
        let memory = self.memory();
        let (person, at) = memory.people.get(&id)?;
        (at.elapsed() < MAX_AGE).then(|| person.clone())
    }

    pub fn keep_person(&self, ticket: Ticket, person: PersonRecord) {
        let mut memory = self.memory();
        if !self.may_keep(&memory, ticket) {
            return;
        }
        if memory.people.len() >= MAX_ENTRIES {
            memory.people.clear();
        }
        memory.people.insert(person.0.id, (person, Instant::now()));
    }

    /// The session `id`, if remembered and not yet expired at `now`.
    pub fn session(&self, id: &str, now: time::OffsetDateTime) -> Option<Record> {
        let memory = self.memory();
        let kept = memory.sessions.get(id)?;
        (kept.at.elapsed() < MAX_AGE && kept.record.expiry_date > now).then(|| kept.record.clone())
    }

    pub fn keep_session(&self, ticket: Ticket, record: &Record) {
        let id = record.id.to_string();
        let kept = KeptSession {
            record: record.clone(),
            tag: session_tag(&id),
            person: record.data.get(super::auth::USER_KEY).and_then(|v| v.as_i64()),
            at: Instant::now(),
        };
        let mut memory = self.memory();
        if !self.may_keep(&memory, ticket) {
            // This record was just read or written back; any copy remembered is older. Refusing
            // the new one must not leave that copy to be served (a session written back while a
            // change to anyone was heard would otherwise lose what the request stored in it).
            memory.sessions.remove(&id);
            return;
        }
        if memory.sessions.len() >= MAX_ENTRIES {
            memory.sessions.clear();
        }
        memory.sessions.insert(id, kept);
    }

    /// This instance deleted the session `id`.
    pub fn forget_session(&self, id: &str) {
        let mut memory = self.memory();
        memory.sessions.remove(id);
        memory.epoch += 1;
    }

    fn may_keep(&self, memory: &Memory, ticket: Ticket) -> bool {
        memory.epoch == ticket.0 && self.inner.hearing.load(Ordering::Acquire)
    }

    /// Forgets what `signal` makes stale.
    pub fn hear(&self, signal: &Signal) {
        // Most signals are for pages: they change nothing remembered (and take no lock).
        if matches!(signal, Signal::Event { .. }) {
            return;
        }
        let mut memory = self.memory();
        match signal {
            Signal::Event { .. } => {}
            Signal::PersonChanged { person_id } => {
                memory.people.remove(person_id);
            }
            Signal::EndPerson { person_id } => {
                memory.people.remove(person_id);
                memory.sessions.retain(|_, kept| kept.person != Some(*person_id));
            }
            Signal::EndSession { tag } => memory.sessions.retain(|_, kept| kept.tag != *tag),
            Signal::Resync => memory.forget_all(),
        }
        memory.epoch += 1;
    }

    /// Whether this instance hears every change from now on. When it stops hearing it forgets
    /// everything and keeps nothing until it hears again.
    pub fn set_hearing(&self, hearing: bool) {
        let mut memory = self.memory();
        self.inner.hearing.store(hearing, Ordering::Release);
        memory.forget_all();
    }
}

impl Memory {
    fn forget_all(&mut self) {
        self.people.clear();
        self.sessions.clear();
        self.epoch += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use tower_sessions::session::Id;

    fn person(id: i64, roles: Vec<Role>) -> PersonRecord {
        let user =
            SessionUser { id, name: format!("P{id}"), email: format!("p{id}@x.se"), roles, has_calendar_link: false };
        (user, 0)
    }

    fn record(person_id: i64) -> Record {
        let mut data = HashMap::new();
        data.insert(super::super::auth::USER_KEY.to_string(), serde_json::json!(person_id));
        Record { id: Id::default(), data, expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1) }
    }

    fn now() -> time::OffsetDateTime {
        time::OffsetDateTime::now_utc()
    }

    #[test]
    fn a_change_heard_is_forgotten_and_a_read_started_before_it_is_not_kept() {
        let memory = SignedIn::new(true);
        let ticket = memory.ticket();
        memory.keep_person(ticket, person(7, vec![Role::Admin]));
        assert_eq!(memory.person(7).unwrap().0.roles, vec![Role::Admin]);

        // A read of person 7 starts (still an administrator in the database) …
        let before_change = memory.ticket();
        // … the role is taken away and the change is heard …
        memory.hear(&Signal::PersonChanged { person_id: 7 });
        assert!(memory.person(7).is_none());
        // … and the read's stale answer arrives: not kept.
        memory.keep_person(before_change, person(7, vec![Role::Admin]));
        assert!(memory.person(7).is_none(), "an answer read before the change must not come back");
        memory.keep_person(memory.ticket(), person(7, vec![Role::CareWorker]));
        assert_eq!(memory.person(7).unwrap().0.roles, vec![Role::CareWorker]);
    }

    #[test]
    fn sessions_are_forgotten_by_sign_out_tag_by_person_and_on_expiry() {
        let memory = SignedIn::new(true);
        let (a, b, c) = (record(1), record(1), record(2));
        for r in [&a, &b, &c] {
            memory.keep_session(memory.ticket(), r);
        }
        let id = |r: &Record| r.id.to_string();
        assert!(memory.session(&id(&a), now()).is_some());

        memory.hear(&Signal::EndSession { tag: session_tag(&id(&a)) });
        assert!(memory.session(&id(&a), now()).is_none());
        assert!(memory.session(&id(&b), now()).is_some(), "another session of the same person stays");

        memory.hear(&Signal::EndPerson { person_id: 1 });
        assert!(memory.session(&id(&b), now()).is_none());
        assert!(memory.session(&id(&c), now()).is_some());

        assert!(memory.session(&id(&c), c.expiry_date + time::Duration::seconds(1)).is_none(), "expired");
        memory.forget_session(&id(&c));
        assert!(memory.session(&id(&c), now()).is_none());
    }

    #[test]
    fn a_session_written_back_while_a_change_is_heard_is_never_served_as_it_was_before() {
        let memory = SignedIn::new(true);
        let mut r = record(1);
        let id = r.id.to_string();
        memory.keep_session(memory.ticket(), &r);
        // A request stores something in its session and writes it back; meanwhile a change to
        // someone else is heard (on PostgreSQL it arrives whenever the notification does).
        r.data.insert("new_calendar_link".into(), serde_json::json!("https://x/kalender/1.ics"));
        let ticket = memory.ticket();
        memory.hear(&Signal::PersonChanged { person_id: 2 });
        memory.keep_session(ticket, &r);
        assert!(
            memory.session(&id, now()).is_none_or(|kept| kept.data.contains_key("new_calendar_link")),
            "the copy from before the write must not be served"
        );
    }

    #[test]
    fn nothing_is_kept_while_not_hearing_and_everything_is_forgotten_on_resync() {
        let memory = SignedIn::new(false);
        memory.keep_person(memory.ticket(), person(1, vec![]));
        assert!(memory.person(1).is_none(), "deaf: keeps nothing");
        memory.set_hearing(true);
        memory.keep_person(memory.ticket(), person(1, vec![]));
        memory.keep_session(memory.ticket(), &record(1));
        assert!(memory.person(1).is_some());
        let ticket = memory.ticket();
        memory.hear(&Signal::Resync);
        assert!(memory.person(1).is_none());
        memory.keep_person(ticket, person(1, vec![]));
        assert!(memory.person(1).is_none());
        memory.keep_person(memory.ticket(), person(1, vec![]));
        memory.set_hearing(false);
        assert!(memory.person(1).is_none(), "going deaf forgets everything");
    }

    #[test]
    fn events_for_pages_forget_nothing() {
        let memory = SignedIn::new(true);
        memory.keep_person(memory.ticket(), person(1, vec![]));
        memory.hear(&Signal::to_person(1, crate::live::LiveEvent::MyShifts));
        assert!(memory.person(1).is_some());
    }
}
