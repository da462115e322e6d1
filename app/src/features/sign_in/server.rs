//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::{Email, Password};
use crate::error::AppError;
use crate::model::SessionUser;
use crate::ssr::auth::{client_address, hash_password, load_user, session, start_session, token_hash, verify_password};
use crate::ssr::{Db, audit};
use rand::RngCore;
use sqlx::Row;

/// Failed logins allowed per account, and per client address, within the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;

pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;

pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// How long an invitation link stays valid.
pub const INVITATION_TTL_SECS: i64 = 7 * 24 * 3600;

/// Seconds until `key` may try again, if it has used up its failures in the window.
pub async fn throttled_for(db: &Db, column: &str, key: &str, limit: i64, now: i64) -> Result<Option<i64>, AppError> {
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
    let t = db.now();
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

/// Creates an invitation for `person_id` and returns the secret token (only its hash is stored).
pub async fn create_invitation(db: &Db, actor: i64, person_id: i64) -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let t = db.now();
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
        db.now(),
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
    .bind(db.now())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| r.try_get("name")).transpose()?.ok_or(AppError::InvitationInvalid)
}

/// Sets the password from an invitation, uses the invitation up, and logs the person in.
pub async fn accept_invitation(token: &str, password: &Password) -> Result<SessionUser, AppError> {
    let db = context()?.db;
    let hash = hash_password(password).await?;
    let t = db.now();
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
    audit::record(
        &mut tx,
        db.now(),
        Some(person_id),
        "set_password",
        "person",
        Some(person_id),
        audit::Changes::default(),
    )
    .await?;
    tx.commit().await?;
    start_session(person_id).await?;
    load_user(&db, person_id).await?.ok_or(AppError::InvitationInvalid)
}
