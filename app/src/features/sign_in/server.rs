//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::{Email, Password};
use crate::error::AppError;
use crate::model::SessionUser;
use crate::ssr::auth::{client_address, hash_password, load_user, session, start_session, token_hash, verify_password};
use crate::ssr::{Db, audit};
use rand::RngCore;

/// Failed logins on one account from one client address within the window; then that address
/// waits.
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: i64 = 5;

/// Failed logins (and invitation guesses) from one client address, any accounts.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;

/// Failed logins on one account, any addresses, after which the account is "under attack": only
/// an address that has not failed on it may still try (see [`login`]).
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 20;

pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// How long an invitation link stays valid.
pub const INVITATION_TTL_SECS: i64 = 7 * 24 * 3600;

/// The account key failed invitation guesses are recorded under (no real e-mail looks like it).
const INVITATION_KEY: &str = "(invitation)";

/// Takes a turn: records the attempt as a failure *first*, then counts. Parallel attempts each
/// see at least all attempts committed before their own, so no more than the limit get past
/// however many arrive at once (checking first and recording afterwards let 29 of 50 parallel
/// guesses through). A refused attempt takes its row back out and is `Throttled`. Returns the
/// turn's row, to be given back ([`give_back`]) when the attempt succeeds.
async fn take_turn(db: &Db, account_key: &str, address_key: &str) -> Result<i64, AppError> {
    let now = db.now();
    let turn: i64 = sqlx::query_scalar(
        "INSERT INTO login_failures (account_key, address_key, at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(account_key)
    .bind(address_key)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    #[derive(sqlx::FromRow)]
    struct Failures {
        pair: i64,
        address: i64,
        account: i64,
        oldest: Option<i64>,
    }
    let counts: Failures = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN account_key = $1 AND address_key = $2 THEN 1 ELSE 0 END), 0) AS pair,
                COALESCE(SUM(CASE WHEN address_key = $2 THEN 1 ELSE 0 END), 0) AS address,
                COALESCE(SUM(CASE WHEN account_key = $1 THEN 1 ELSE 0 END), 0) AS account,
                MIN(at) AS oldest
         FROM login_failures WHERE (account_key = $1 OR address_key = $2) AND at > $3",
    )
    .bind(account_key)
    .bind(address_key)
    .bind(now - FAILURE_WINDOW_SECS)
    .fetch_one(&db.pool)
    .await?;
    let Failures { pair, address, account, oldest } = counts;
    // Invitation links are clicked, not typed: only the address limit applies to them (a
    // workplace behind one address may open several expired links).
    let is_login = account_key != INVITATION_KEY;
    let under_attack = is_login && account > MAX_FAILURES_PER_ACCOUNT;
    // `pair` counts this turn too: 1 means this address has not failed on this account before.
    let refused = (is_login && pair > MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS)
        || address > MAX_FAILURES_PER_ADDRESS
        || (under_attack && pair > 1);
    if !refused {
        return Ok(turn);
    }
    give_back(db, turn).await?;
    tracing::warn!(under_attack, "login throttled");
    Err(AppError::Throttled { retry_after_secs: (oldest.unwrap_or(now) + FAILURE_WINDOW_SECS - now).max(1) })
}

/// Removes a turn's row: the attempt was not a failure after all.
async fn give_back(db: &Db, turn: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(turn).execute(&db.pool).await?;
    Ok(())
}

/// Logs in. Throttling (OWASP ASVS 2.2.1, the Authentication cheat sheet's "account lockout"):
/// a hard lock per account would let any stranger who knows a pool worker's e-mail lock her out
/// before her shift. So the limits are per *address* — 5 failures per account and 30 in all per
/// address in 15 minutes — and an account with more than 20 recent failures from anywhere only
/// hears addresses that have not failed on it. The worker's own phone still gets in; an attacker
/// needs a fresh address for every guess.
pub async fn login(email: &str, password: String) -> Result<SessionUser, AppError> {
    let ctx = context()?;
    let db = &ctx.db;
    // An unparseable address is just a failed login: no hint whether the account exists.
    let account_key =
        Email::parse(email).map(|e| e.as_str().to_string()).unwrap_or_else(|_| email.trim().to_lowercase());
    let address_key = client_address(ctx.trust_proxy).await;
    let turn = take_turn(db, &account_key, &address_key).await?;
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, password_hash FROM people WHERE email = $1 AND active = 1")
            .bind(&account_key)
            .fetch_optional(&db.pool)
            .await?;
    let (id, hash) = match row {
        Some((id, hash)) => (Some(id), hash),
        None => (None, None),
    };
    // A wrong password leaves the turn's row: it was a failure.
    if !verify_password(password, hash).await {
        return Err(AppError::BadCredentials);
    }
    let id = id.ok_or(AppError::BadCredentials)?;
    // Success forgets this address's failures on the account (and the turn itself); other
    // addresses' failures stay, so an attacker is not reset by the owner's login.
    sqlx::query("DELETE FROM login_failures WHERE id = $1 OR (account_key = $2 AND address_key = $3)")
        .bind(turn)
        .bind(&account_key)
        .bind(&address_key)
        .execute(&db.pool)
        .await?;
    start_session(db, id).await?;
    let user = load_user(db, id).await?.ok_or(AppError::BadCredentials)?;
    tracing::info!(person_id = id, "login");
    Ok(user)
}

/// Changes the person's own password; the current one is required (ASVS 2.1.5), and wrong ones
/// count against the account and address like failed logins (a borrowed, unlocked phone must
/// not become a way to guess). Ends the person's other sessions; this one goes on.
pub async fn change_password(person_id: i64, current: String, new: &Password) -> Result<(), AppError> {
    let ctx = context()?;
    let db = &ctx.db;
    let (email, hash): (String, Option<String>) =
        sqlx::query_as("SELECT email, password_hash FROM people WHERE id = $1 AND active = 1")
            .bind(person_id)
            .fetch_optional(&db.pool)
            .await?
            .ok_or(AppError::Unauthenticated)?;
    let turn = take_turn(db, &email, &client_address(ctx.trust_proxy).await).await?;
    if !verify_password(current, hash).await {
        return Err(AppError::invalid("current_password", crate::error::InvalidCode::WrongPassword));
    }
    give_back(db, turn).await?;
    let hash = hash_password(new).await?;
    let mut tx = db.begin_write().await?;
    if !store_password(&mut tx, db, person_id, &hash, audit::Action::ChangePassword).await? {
        return Err(AppError::Unauthenticated);
    }
    tx.commit().await?;
    // The other sessions are over (`sessions_valid_from_ms`): every instance forgets what it
    // remembered of the person, so none of them lets those sessions in again.
    db.publish(vec![crate::ssr::live::Signal::PersonChanged { person_id }]).await;
    // A fresh session (new id, new start) outlives the cut-off that ended the others.
    start_session(db, person_id).await
}

/// Stores an active person's new password hash and ends every session of theirs begun before
/// now (a lost phone, a shared tablet), audited as `action`. False if no such active person.
async fn store_password(
    tx: &mut sqlx::AnyConnection,
    db: &Db,
    person_id: i64,
    hash: &str,
    action: audit::Action,
) -> Result<bool, AppError> {
    let updated =
        sqlx::query("UPDATE people SET password_hash = $1, sessions_valid_from_ms = $2 WHERE id = $3 AND active = 1")
            .bind(hash)
            .bind(db.clock.now().as_millisecond())
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
    if updated.rows_affected() != 1 {
        return Ok(false);
    }
    audit::record(
        tx,
        db.now(),
        Some(person_id),
        action,
        audit::Entity::Person,
        Some(person_id),
        audit::Changes::default(),
    )
    .await?;
    Ok(true)
}

pub async fn logout(db: &Db) -> Result<(), AppError> {
    let session = session().await?;
    let tag = session.id().map(|id| crate::ssr::live::session_tag(&id.to_string()));
    session.flush().await.map_err(|_| AppError::Internal)?;
    // The session's live channels end now, on every instance.
    if let Some(tag) = tag {
        db.publish(vec![crate::ssr::live::Signal::EndSession { tag }]).await;
    }
    Ok(())
}

/// Creates an invitation for `person_id` and returns the secret token (only its hash is stored).
pub async fn create_invitation(db: &Db, actor: i64, person_id: i64) -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let t = db.now();
    let mut tx = db.begin_write().await?;
    let exists = sqlx::query("SELECT id FROM people WHERE id = $1 AND active = 1")
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(AppError::NotFound);
    }
    // A new link replaces the old ones: a link sent to a wrong number must stop working.
    revoke_open_invitations(&mut tx, person_id, t).await?;
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
        audit::Action::Invite,
        audit::Entity::Person,
        Some(person_id),
        audit::Changes::default().created("expires_at", t + INVITATION_TTL_SECS),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Revokes the person's invitations not yet used: a newer link, or an accepted one, makes every
/// other link stop working (one sent to a wrong number, above all).
async fn revoke_open_invitations(tx: &mut sqlx::AnyConnection, person_id: i64, at: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE person_id = $2 AND used_at IS NULL AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(person_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Whom an unused, unexpired invitation is for (name shown on the set-password page).
pub async fn invitation_person(db: &Db, token: &str) -> Result<String, AppError> {
    sqlx::query_scalar(
        "SELECT p.name FROM invitations i JOIN people p ON p.id = i.person_id
         WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2
           AND p.active = 1",
    )
    .bind(token_hash(token))
    .bind(db.now())
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::InvitationInvalid)
}

/// Sets the password from an invitation, uses the invitation up (and revokes the person's other
/// links), and logs the person in. The token is checked before the password is hashed, and
/// wrong tokens count against the address like failed logins: hashing costs ~19 MiB and real
/// time, and this needs no session.
pub async fn accept_invitation(token: &str, password: &Password) -> Result<SessionUser, AppError> {
    let ctx = context()?;
    let db = ctx.db;
    let address_key = client_address(ctx.trust_proxy).await;
    let turn = take_turn(&db, INVITATION_KEY, &address_key).await?;
    invitation_person(&db, token).await?;
    give_back(&db, turn).await?;
    let hash = hash_password(password).await?;
    let t = db.now();
    let mut tx = db.begin_write().await?;
    // Marking it used first, conditionally, makes a double submit (two devices) use it once.
    let person_id: i64 = sqlx::query_scalar(
        "UPDATE invitations SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1
         RETURNING person_id",
    )
    .bind(t)
    .bind(token_hash(token))
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::InvitationInvalid)?;
    revoke_open_invitations(&mut tx, person_id, t).await?;
    if !store_password(&mut tx, &db, person_id, &hash, audit::Action::SetPassword).await? {
        return Err(AppError::InvitationInvalid);
    }
    tx.commit().await?;
    db.publish(vec![crate::ssr::live::Signal::PersonChanged { person_id }]).await;
    start_session(&db, person_id).await?;
    load_user(&db, person_id).await?.ok_or(AppError::InvitationInvalid)
}
