//! `GET /live`: the signed-in person's live channel, as server-sent events. What each event
//! means and who hears it: `app::live` and `app::ssr::live`.
//!
//! The stream opens with `hello`, then carries the [`LiveEvent`](app::live::LiveEvent)s its
//! reader may hear, as JSON. It ends with `ended` the moment its session is signed out, its
//! person deactivated or given a new password (a signal from whichever instance did it), and
//! otherwise within [`RECHECK`] of the session ending for any other reason (a week old, idle
//! expiry). Nobody signed in gets 401.
use crate::sessions::AnyStore;
use crate::web::AppState;
use app::live::control;
use app::ssr::Db;
use app::ssr::auth::{SessionPerson, user_of};
use app::ssr::live::{Heard, Reader, Signal, session_tag};
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::session::Id;
use tower_sessions::session_store::SessionStore;

/// How often an open channel checks that its session still holds, and takes in roles given or
/// taken since it opened.
pub const RECHECK: Duration = Duration::from_secs(60);
/// A comment this often keeps mobile networks' proxies from closing a quiet channel.
const KEEP_ALIVE: Duration = Duration::from_secs(20);

pub async fn channel(
    State(state): State<AppState>,
    Extension(person): Extension<SessionPerson>,
    session: tower_sessions::Session,
) -> Response {
    let db = state.db.clone();
    let (user, id) = match (user_of(&db, person).await, session.id()) {
        (Ok(Some(user)), Some(id)) => (user, id),
        (Ok(_), _) => return StatusCode::UNAUTHORIZED.into_response(),
        (Err(_), _) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    // Subscribed before anything is read, so that nothing published meanwhile is missed.
    let signals = db.live.subscribe();
    let reader = match Reader::of(&db, &user, session_tag(&id.to_string())).await {
        Ok(reader) => reader,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let channel = Channel {
        db,
        store: state.store.clone(),
        person,
        session: id,
        reader,
        signals,
        recheck: tokio::time::interval_at(tokio::time::Instant::now() + RECHECK, RECHECK),
    };
    Sse::new(events(channel)).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)).into_response()
}

struct Channel {
    db: Db,
    store: AnyStore,
    person: SessionPerson,
    session: Id,
    reader: Reader,
    signals: tokio::sync::broadcast::Receiver<Signal>,
    recheck: tokio::time::Interval,
}

/// A control event (`hello`, `resync`, `ended`). It carries its name as its data too: a browser
/// drops an event without data (the `EventSource` rules), and axum writes no `data:` line for an
/// empty string — so these once never reached a phone.
fn named(name: &'static str) -> Event {
    Event::default().event(name).data(name)
}

/// `hello`, then what the reader hears; after `ended` (the state becomes `None`) the stream ends.
fn events(channel: Channel) -> impl Stream<Item = Result<Event, Infallible>> {
    let hello = stream::once(std::future::ready(Ok(named(control::HELLO))));
    hello.chain(stream::unfold(Some(channel), |state| async move {
        let mut ch = state?;
        loop {
            let mut heard = tokio::select! {
                signal = ch.signals.recv() => match signal {
                    Ok(signal) => ch.reader.hears(&signal),
                    Err(RecvError::Lagged(_)) => Heard::Resync,
                    Err(RecvError::Closed) => return None,
                },
                _ = ch.recheck.tick() => Heard::Recheck,
            };
            if heard == Heard::Recheck {
                heard = ch.recheck().await;
            }
            return match heard {
                Heard::Nothing | Heard::Recheck => continue,
                Heard::Event(event) => match Event::default().json_data(event) {
                    Ok(event) => Some((Ok(event), Some(ch))),
                    Err(_) => continue,
                },
                Heard::Resync => Some((Ok(named(control::RESYNC)), Some(ch))),
                Heard::End => Some((Ok(named(control::ENDED)), None)),
            };
        }
    }))
}

impl Channel {
    /// Still signed in? Then with the person's current roles; otherwise the channel ends. A
    /// database that does not answer ends nothing: it is asked again next time.
    async fn recheck(&mut self) -> Heard {
        let session_kept = match self.store.load(&self.session).await {
            Ok(record) => record.is_some(),
            Err(_) => return Heard::Nothing,
        };
        match user_of(&self.db, self.person).await {
            Ok(Some(user)) if session_kept => {
                if let Ok(reader) = Reader::of(&self.db, &user, self.reader.session.clone()).await {
                    self.reader = reader;
                }
                Heard::Nothing
            }
            Ok(_) => Heard::End,
            Err(_) => Heard::Nothing,
        }
    }
}
