//! Authentication plumbing on the server: password hashing (argon2id), the session, the client's
//! address, and `require` — the role check every server function makes. Signing in, throttling
//! and invitations are the `sign_in` feature's.
use crate::domain::{Password, Role};
use crate::error::AppError;
use crate::model::SessionUser;
use crate::ssr::{Db, context};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use sha2::{Digest, Sha256};
use tower_sessions::Session;

pub const USER_KEY: &str = "person_id";
/// When the session's person signed in (server clock, Unix milliseconds).
pub(crate) const SIGNED_IN_KEY: &str = "signed_in_at_ms";

/// Where the session store keeps its rows, per backend (set on the store by the server).
pub const SESSION_TABLE_SQLITE: &str = "tower_sessions";
pub const SESSION_SCHEMA_POSTGRES: &str = "tower_sessions";
pub const SESSION_TABLE_POSTGRES: &str = "session";

/// The session store's table as SQL names it on `backend`.
pub fn session_table(backend: crate::ssr::db::Backend) -> String {
    match backend {
        crate::ssr::db::Backend::Sqlite => SESSION_TABLE_SQLITE.to_string(),
        crate::ssr::db::Backend::Postgres => format!("\"{SESSION_SCHEMA_POSTGRES}\".\"{SESSION_TABLE_POSTGRES}\""),
    }
}

/// Deletes every stored session of `person_id`, inside the caller's transaction: the cookie of a
/// deactivated person then names no session at all. (Every request also checks that its person
/// is still active, so a session the mapping missed would still grant nothing.)
pub async fn delete_sessions_of(
    conn: &mut sqlx::AnyConnection,
    backend: crate::ssr::db::Backend,
    person_id: i64,
) -> Result<u64, AppError> {
    let deleted = sqlx::query(&format!(
        "DELETE FROM {} WHERE id IN (SELECT session_id FROM person_sessions WHERE person_id = $1)",
        session_table(backend)
    ))
    .bind(person_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query("DELETE FROM person_sessions WHERE person_id = $1").bind(person_id).execute(&mut *conn).await?;
    Ok(deleted)
}

/// However active, a session ends this long after signing in (ASVS 3.3: periodic
/// re-authentication). A week: a phone in daily use signs in about once per rota week.
pub const SESSION_MAX_SECS: i64 = 7 * 24 * 3600;

/// At most this many argon2id computations (~19 MiB and tens of milliseconds each) run at once;
/// the rest wait their turn. Without a bound, a burst of login or invitation requests — no
/// session needed — could take every core and a lot of memory from everyone else.
const CONCURRENT_HASHES: usize = 2;

static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(CONCURRENT_HASHES);

/// Hashes off the async runtime: argon2id is deliberately slow.
pub async fn hash_password(password: &Password) -> Result<String, AppError> {
    let pw = password.expose().to_owned();
    let _turn = HASHING.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(pw.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

pub(crate) async fn verify_password(password: String, hash: Option<String>) -> bool {
    // With no account (or no password yet) we still spend the time of a real check, so the
    // response time does not tell which e-mail addresses exist.
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2tpZnRldC1kdW1teQ$dW5rbm93bi11bmtub3duLXVua25vd24tdW5rbm93bg";
    let Ok(_turn) = HASHING.acquire().await else { return false };
    tokio::task::spawn_blocking(move || {
        let stored = hash.as_deref().unwrap_or(DUMMY);
        let Ok(parsed) = PasswordHash::new(stored) else { return false };
        Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && hash.is_some()
    })
    .await
    .unwrap_or(false)
}

pub(crate) async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "no session layer");
        AppError::Internal
    })
}

/// The client's address: the peer, or behind a trusted proxy the *last* `X-Forwarded-For`
/// entry — the one our own load balancer appended. Entries to its left come from the client,
/// who can write anything there (and would, to dodge the throttling).
pub(crate) async fn client_address(trust_proxy: bool) -> String {
    if trust_proxy
        && let Ok(headers) = leptos_axum::extract::<axum::http::HeaderMap>().await
        && let Some(address) = forwarded_for(&headers)
    {
        return address;
    }
    match leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await {
        Ok(info) => info.0.ip().to_string(),
        Err(_) => "unknown".to_string(),
    }
}

/// The right-most address of all `X-Forwarded-For` headers together.
pub fn forwarded_for(headers: &axum::http::HeaderMap) -> Option<String> {
    let last_header = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).next_back()?;
    let last = last_header.rsplit(',').next()?.trim();
    (!last.is_empty()).then(|| last.to_string())
}

/// Loads an active person with their roles.
pub async fn load_user(db: &Db, id: i64) -> Result<Option<SessionUser>, AppError> {
    Ok(load_person(db, id).await?.map(|(user, _)| user))
}

/// An active person with their roles, and the instant (Unix ms) before which their sessions are
/// over (`people.sessions_valid_from_ms`). Needed on every signed-in request, so remembered by
/// this instance until a change to the person is heard (`signed_in.rs`).
async fn load_person(db: &Db, id: i64) -> Result<Option<(SessionUser, i64)>, AppError> {
    let memory = &db.live.signed_in;
    if let Some(person) = memory.person(id) {
        return Ok(Some(person));
    }
    let ticket = memory.ticket();
    let person = read_person(db, id).await?;
    if let Some(person) = &person {
        memory.keep_person(ticket, person.clone());
    }
    Ok(person)
}

/// [`load_person`] from the database. One query, which also brings the little else a signed-in
/// page needs of the person (the calendar-link flag).
async fn read_person(db: &Db, id: i64) -> Result<Option<(SessionUser, i64)>, AppError> {
    #[derive(sqlx::FromRow)]
    struct PersonRole {
        id: i64,
        name: String,
        email: String,
        sessions_valid_from_ms: i64,
        has_calendar_link: i64,
        role: Option<Role>,
    }
    let rows: Vec<PersonRole> = sqlx::query_as(
        "SELECT p.id, p.name, p.email, p.sessions_valid_from_ms, r.role, \
         CAST(CASE WHEN p.calendar_token_hash IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_calendar_link \
         FROM people p LEFT JOIN person_roles r ON r.person_id = p.id \
         WHERE p.id = $1 AND p.active = 1",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let valid_from = first.sessions_valid_from_ms;
    let (id, name, email, has_calendar_link) =
        (first.id, first.name.clone(), first.email.clone(), first.has_calendar_link != 0);
    // A role held at several units comes once per unit.
    let mut roles: Vec<Role> = rows.into_iter().filter_map(|row| row.role).collect();
    roles.sort();
    roles.dedup();
    Ok(Some((SessionUser { id, name, email, roles, has_calendar_link }, valid_from)))
}

/// Who the session says is logged in, read once per request by the server's middleware
/// ([`read_session_person`]) before any page or server function runs. Reading the lazily
/// loaded session from several resources at once raced inside the session library and
/// sometimes answered "nobody"; one read per request, up front, cannot race.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionPerson {
    pub id: Option<i64>,
    pub signed_in_at: Option<i64>,
}

/// When a signed-in session was last marked as in use (server clock, Unix milliseconds).
const SEEN_KEY: &str = "seen_at_ms";

/// How often a session in use is written back, to push its inactivity expiry forward. The
/// session library writes a session only when its data changes, so without this mark a session
/// would end `idle` after signing in however busy its person; with a write on every request
/// each page would cost a database write. So the mark is renewed at most this often, and a
/// session ends between `idle - SEEN_REFRESH` and `idle` after its last use.
pub fn seen_refresh(idle_minutes: i64) -> i64 {
    // A tenth of the idle time, at most five minutes (ms).
    (idle_minutes * 60_000 / 10).clamp(1_000, 5 * 60_000)
}

/// Reads the session's person, and marks a signed-in session as in use when its last mark is
/// older than `refresh_ms` (see [`seen_refresh`]). An anonymous session is never written: every
/// visitor without a cookie would otherwise cost a row.
pub async fn read_session_person(session: &Session, now_ms: i64, refresh_ms: i64) -> SessionPerson {
    let person = SessionPerson {
        id: session.get::<i64>(USER_KEY).await.ok().flatten(),
        signed_in_at: session.get::<i64>(SIGNED_IN_KEY).await.ok().flatten(),
    };
    if person.id.is_some() {
        let seen = session.get::<i64>(SEEN_KEY).await.ok().flatten().or(person.signed_in_at).unwrap_or(i64::MIN);
        if now_ms.saturating_sub(seen) >= refresh_ms
            && let Err(e) = session.insert(SEEN_KEY, now_ms).await
        {
            tracing::warn!(error = %e, "could not mark the session as in use");
        }
    }
    person
}

/// The request's signed-in person, looked up at most once per request however many resources
/// of a page ask (the shell, the page's lists …). The server's middleware puts an empty one in
/// every request's extensions; [`current_user`] fills it.
#[derive(Debug, Clone, Default)]
pub struct RequestUser(std::sync::Arc<tokio::sync::OnceCell<Option<SessionUser>>>);

/// The person behind this request, if logged in and still active.
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>() else {
        tracing::error!("no request parts in the Leptos context");
        return Err(AppError::Internal);
    };
    let (Some(person), Some(once)) =
        (parts.extensions.get::<SessionPerson>().copied(), parts.extensions.get::<RequestUser>().cloned())
    else {
        tracing::error!("SessionPerson missing: the session middleware is not installed");
        return Err(AppError::Internal);
    };
    if person.id.is_none() {
        return Ok(None);
    }
    let user = once
        .0
        .get_or_try_init(|| async {
            let db = context()?.db;
            let user = user_of(&db, person).await?;
            if user.is_none() {
                let _ = session().await?.flush().await;
            }
            Ok::<_, AppError>(user)
        })
        .await?;
    Ok(user.clone())
}

/// The active person a session stands for, if the session still holds: it ends when its person
/// is deactivated, when their password has been set since (a new password ends every other
/// session), and a week after signing in. For the server's own handlers (the live channel);
/// server functions use [`current_user`] / [`require`].
pub async fn user_of(db: &Db, person: SessionPerson) -> Result<Option<SessionUser>, AppError> {
    let Some(id) = person.id else { return Ok(None) };
    let signed_in_at = person.signed_in_at.unwrap_or(i64::MIN);
    let age_ms = db.clock.now().as_millisecond().saturating_sub(signed_in_at);
    Ok(load_person(db, id)
        .await?
        .filter(|(_, valid_from)| signed_in_at >= *valid_from && age_ms < SESSION_MAX_SECS * 1000)
        .map(|(user, _)| user))
}

/// The authorization gate: the logged-in person, if they hold any of `roles`.
/// An empty `roles` admits anyone logged in.
pub async fn require(roles: &[Role]) -> Result<SessionUser, AppError> {
    let user = current_user().await?.ok_or(AppError::Unauthenticated)?;
    if roles.is_empty() || roles.iter().any(|r| user.has(*r)) { Ok(user) } else { Err(AppError::Forbidden) }
}

pub(crate) async fn start_session(db: &Db, user_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    // A new id on login defeats session fixation.
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    session.insert(USER_KEY, user_id).await.map_err(|_| AppError::Internal)?;
    session.insert(SIGNED_IN_KEY, db.clock.now().as_millisecond()).await.map_err(|_| AppError::Internal)?;
    Ok(())
}

/// SHA-256 of a secret token (invitation, calendar feed): only the hash is stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
