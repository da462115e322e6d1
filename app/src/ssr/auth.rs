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
use sqlx::Row;
use tower_sessions::Session;

pub(crate) const USER_KEY: &str = "person_id";

/// Hashes off the async runtime: argon2id is deliberately slow.
pub async fn hash_password(password: &Password) -> Result<String, AppError> {
    let pw = password.expose().to_owned();
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

/// The client's address: the peer, or the first `X-Forwarded-For` entry behind a trusted proxy.
pub(crate) async fn client_address(trust_proxy: bool) -> String {
    if trust_proxy
        && let Ok(headers) = leptos_axum::extract::<axum::http::HeaderMap>().await
        && let Some(first) =
            headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.split(',').next())
    {
        return first.trim().to_string();
    }
    match leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await {
        Ok(info) => info.0.ip().to_string(),
        Err(_) => "unknown".to_string(),
    }
}

/// Loads an active person with their roles.
pub async fn load_user(db: &Db, id: i64) -> Result<Option<SessionUser>, AppError> {
    let Some(row) = sqlx::query("SELECT id, name, email FROM people WHERE id = $1 AND active = 1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    let mut roles: Vec<Role> = sqlx::query("SELECT DISTINCT role FROM person_roles WHERE person_id = $1")
        .bind(id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .filter_map(|r| r.try_get::<String, _>("role").ok()?.parse().ok())
        .collect();
    roles.sort();
    Ok(Some(SessionUser { id: row.try_get("id")?, name: row.try_get("name")?, email: row.try_get("email")?, roles }))
}

/// Who the session says is logged in, read once per request by the server's middleware
/// ([`read_session_person`]) before any page or server function runs. Reading the lazily
/// loaded session from several resources at once raced inside the session library and
/// sometimes answered "nobody"; one read per request, up front, cannot race.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionPerson(pub Option<i64>);

pub async fn read_session_person(session: &Session) -> SessionPerson {
    SessionPerson(session.get::<i64>(USER_KEY).await.ok().flatten())
}

/// The person behind this request, if logged in and still active.
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let person = match leptos_axum::extract::<axum::Extension<SessionPerson>>().await {
        Ok(axum::Extension(person)) => person,
        Err(_) => {
            tracing::error!("SessionPerson missing: the session middleware is not installed");
            return Err(AppError::Internal);
        }
    };
    let Some(id) = person.0 else { return Ok(None) };
    let user = load_user(&context()?.db, id).await?;
    if user.is_none() {
        // Deactivated since logging in: end the session at once.
        let _ = session().await?.flush().await;
    }
    Ok(user)
}

/// The authorization gate: the logged-in person, if they hold any of `roles`.
/// An empty `roles` admits anyone logged in.
pub async fn require(roles: &[Role]) -> Result<SessionUser, AppError> {
    let user = current_user().await?.ok_or(AppError::Unauthenticated)?;
    if roles.is_empty() || roles.iter().any(|r| user.has(*r)) { Ok(user) } else { Err(AppError::Forbidden) }
}

pub(crate) async fn start_session(user_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    // A new id on login defeats session fixation.
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    session.insert(USER_KEY, user_id).await.map_err(|_| AppError::Internal)?;
    Ok(())
}

/// SHA-256 of a secret token (invitation, calendar feed): only the hash is stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
