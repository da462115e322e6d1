//! Authentication and authorization on the server: password hashing (argon2id), the session,
//! login throttling, invitations, and `require` — the role check every server function makes.
use crate::domain::{Email, Password, Role};
use crate::error::AppError;
use crate::model::SessionUser;
use crate::ssr::{Db, audit, context, now};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;
use tower_sessions::Session;

const USER_KEY: &str = "person_id";

/// Failed logins allowed per account, and per client address, within the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;
/// How long an invitation link stays valid.
pub const INVITATION_TTL_SECS: i64 = 7 * 24 * 3600;

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

async fn verify_password(password: String, hash: Option<String>) -> bool {
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

async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "no session layer");
        AppError::Internal
    })
}

/// The client's address: the peer, or the first `X-Forwarded-For` entry behind a trusted proxy.
async fn client_address(trust_proxy: bool) -> String {
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

async fn start_session(user_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    // A new id on login defeats session fixation.
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    session.insert(USER_KEY, user_id).await.map_err(|_| AppError::Internal)?;
    Ok(())
}

/// Seconds until `key` may try again, if it has used up its failures in the window.
async fn throttled_for(db: &Db, column: &str, key: &str, limit: i64, now: i64) -> Result<Option<i64>, AppError> {
    // `column` is one of two constants below, never user input.
    let sql = format!("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_failures WHERE {column} = $1 AND at > $2");
    let row = sqlx::query(&sql).bind(key).bind(now - FAILURE_WINDOW_SECS).fetch_one(&db.pool).await?;
    let n: i64 = row.try_get("n")?;
    let oldest: Option<i64> = row.try_get("oldest")?;
    Ok((n >= limit).then(|| (oldest.unwrap_or(now) + FAILURE_WINDOW_SECS - now).max(1)))
}

pub async fn login(email: &str, password: String) -> Result<SessionUser, AppError> {
    let ctx = context()?;
    let db = &ctx.db;
    // An unparseable address is just a failed login: no hint whether the account exists.
    let account_key =
        Email::parse(email).map(|e| e.as_str().to_string()).unwrap_or_else(|_| email.trim().to_lowercase());
    let address_key = client_address(ctx.trust_proxy).await;
    let t = now();
    for (column, key, limit) in [
        ("account_key", &account_key, MAX_FAILURES_PER_ACCOUNT),
        ("address_key", &address_key, MAX_FAILURES_PER_ADDRESS),
    ] {
        if let Some(retry_after_secs) = throttled_for(db, column, key, limit, t).await? {
            tracing::warn!(kind = column, "login throttled");
            return Err(AppError::Throttled { retry_after_secs });
        }
    }
    let row = sqlx::query("SELECT id, password_hash FROM people WHERE email = $1 AND active = 1")
        .bind(&account_key)
        .fetch_optional(&db.pool)
        .await?;
    let (id, hash) = match &row {
        Some(r) => (Some(r.try_get::<i64, _>("id")?), r.try_get::<Option<String>, _>("password_hash")?),
        None => (None, None),
    };
    if !verify_password(password, hash).await {
        sqlx::query("INSERT INTO login_failures (account_key, address_key, at) VALUES ($1, $2, $3)")
            .bind(&account_key)
            .bind(&address_key)
            .bind(t)
            .execute(&db.pool)
            .await?;
        return Err(AppError::BadCredentials);
    }
    let id = id.ok_or(AppError::BadCredentials)?;
    sqlx::query("DELETE FROM login_failures WHERE account_key = $1").bind(&account_key).execute(&db.pool).await?;
    start_session(id).await?;
    let user = load_user(db, id).await?.ok_or(AppError::BadCredentials)?;
    tracing::info!(person_id = id, "login");
    Ok(user)
}

pub async fn logout() -> Result<(), AppError> {
    session().await?.flush().await.map_err(|_| AppError::Internal)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates an invitation for `person_id` and returns the secret token (only its hash is stored).
pub async fn create_invitation(db: &Db, actor: i64, person_id: i64) -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let t = now();
    let mut tx = db.pool.begin().await?;
    let exists = sqlx::query("SELECT id FROM people WHERE id = $1 AND active = 1")
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(AppError::NotFound);
    }
    sqlx::query("INSERT INTO invitations (token_hash, person_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash(&token))
        .bind(person_id)
        .bind(actor)
        .bind(t)
        .bind(t + INVITATION_TTL_SECS)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(actor),
        "invite",
        "person",
        Some(person_id),
        audit::Changes::default().created("expires_at", t + INVITATION_TTL_SECS),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Whom an unused, unexpired invitation is for (name shown on the set-password page).
pub async fn invitation_person(db: &Db, token: &str) -> Result<String, AppError> {
    let row = sqlx::query(
        "SELECT p.name FROM invitations i JOIN people p ON p.id = i.person_id
         WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2 AND p.active = 1",
    )
    .bind(token_hash(token))
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| r.try_get("name")).transpose()?.ok_or(AppError::InvitationInvalid)
}

/// Sets the password from an invitation, uses the invitation up, and logs the person in.
pub async fn accept_invitation(token: &str, password: &Password) -> Result<SessionUser, AppError> {
    let db = context()?.db;
    let hash = hash_password(password).await?;
    let t = now();
    let mut tx = db.pool.begin().await?;
    // Marking it used first, conditionally, makes a double submit (two devices) use it once.
    let row = sqlx::query(
        "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
         RETURNING person_id",
    )
    .bind(t)
    .bind(token_hash(token))
    .fetch_optional(&mut *tx)
    .await?;
    let person_id: i64 = row.ok_or(AppError::InvitationInvalid)?.try_get("person_id")?;
    let updated = sqlx::query("UPDATE people SET password_hash = $1 WHERE id = $2 AND active = 1")
        .bind(&hash)
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() != 1 {
        return Err(AppError::InvitationInvalid);
    }
    audit::record(&mut tx, Some(person_id), "set_password", "person", Some(person_id), audit::Changes::default())
        .await?;
    tx.commit().await?;
    start_session(person_id).await?;
    load_user(&db, person_id).await?.ok_or(AppError::InvitationInvalid)
}
