//! Web Push: a new pool offer reaches the worker's phone even when Skiftet is closed.
//!
//! The server signs with its own VAPID key, made at first use (32 random bytes, a P-256 private
//! key) and kept in `meta`, so every instance on one database signs alike and a restart keeps
//! phones' subscriptions valid. The phone subscribes with the public half (`public_key`) once
//! its person has said yes. Messages are encrypted (RFC 8291, aes128gcm) and signed by the
//! `web-push` crate and sent with reqwest. Sending happens after the commit, off the request
//! (`notify_offers` spawns), and never fails the write: a lost push only means the worker sees
//! the offer when they next open Skiftet (it also arrives live on an open page). A subscription
//! the push service says is gone (404, 410) is deleted.
use crate::error::AppError;
use crate::ssr::Db;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use web_push::{ContentEncoding, SubscriptionInfo, VapidSignatureBuilder, WebPushMessageBuilder};

const KEY_NAME: &str = "vapid_private_key";

/// Who to write to about the server's pushes (the push services ask for a contact).
fn contact() -> String {
    std::env::var("SKIFTET_PUSH_CONTACT").unwrap_or_else(|_| "mailto:drift@skiftet.se".to_string())
}

/// The server's VAPID private key (base64url), made and stored the first time it is needed.
pub async fn private_key(db: &Db) -> Result<String, AppError> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT value FROM meta WHERE key = $1").bind(KEY_NAME).fetch_optional(&db.pool).await?;
    if let Some(key) = stored {
        return Ok(key);
    }
    let key = loop {
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        let encoded = URL_SAFE_NO_PAD.encode(bytes);
        // Nearly every 32 bytes is a valid scalar; the rest (zero, beyond the order) are drawn again.
        if VapidSignatureBuilder::from_base64_no_sub(&encoded).is_ok() {
            break encoded;
        }
    };
    // Two instances starting at once: the first key stored wins, both use it.
    sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(KEY_NAME)
        .bind(&key)
        .execute(&db.pool)
        .await?;
    Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = $1").bind(KEY_NAME).fetch_one(&db.pool).await?)
}

/// The public half (uncompressed point, base64url): the phone's `applicationServerKey`.
pub async fn public_key(db: &Db) -> Result<String, AppError> {
    let key = private_key(db).await?;
    let builder = VapidSignatureBuilder::from_base64_no_sub(&key).map_err(|e| {
        tracing::error!(error = ?e, "the stored VAPID key does not read");
        AppError::Internal
    })?;
    Ok(URL_SAFE_NO_PAD.encode(builder.get_public_key()))
}

/// The push services browsers use (Chrome/Android, Firefox, Safari/iOS, Edge), plus any named in
/// `SKIFTET_PUSH_HOSTS` (comma-separated). A subscription elsewhere is refused: the server would
/// otherwise POST wherever a signed-in person asked it to (a request forgery into the network).
const PUSH_SERVICES: [&str; 5] = [
    "fcm.googleapis.com",
    "android.googleapis.com",
    "push.services.mozilla.com",
    "push.apple.com",
    "notify.windows.com",
];

/// Whether `endpoint` is an https address of a known push service.
pub fn is_push_service(endpoint: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(endpoint) else { return false };
    let Some(host) = url.host_str() else { return false };
    let extra = std::env::var("SKIFTET_PUSH_HOSTS").unwrap_or_default();
    let known = PUSH_SERVICES.iter().copied().chain(extra.split(',').map(str::trim).filter(|h| !h.is_empty()));
    url.scheme() == "https" && known.into_iter().any(|k| host == k || host.ends_with(&format!(".{k}")))
}

/// Keeps a phone's subscription for `person_id` (the same endpoint again replaces its keys and owner).
pub async fn subscribe(db: &Db, person_id: i64, endpoint: &str, p256dh: &str, auth: &str) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM push_subscriptions WHERE endpoint = $1").bind(endpoint).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO push_subscriptions (person_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(person_id)
    .bind(endpoint)
    .bind(p256dh)
    .bind(auth)
    .bind(db.now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn unsubscribe(db: &Db, person_id: i64, endpoint: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM push_subscriptions WHERE endpoint = $1 AND person_id = $2")
        .bind(endpoint)
        .bind(person_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// What a notification says; the service worker shows it and opens `url` when tapped.
#[derive(serde::Serialize)]
pub struct Notice {
    pub title: String,
    pub body: String,
    pub url: String,
    /// A later notice with the same tag replaces this one on the phone.
    pub tag: String,
}

/// Tells each of these offers' workers, on every phone they subscribed, in the background.
pub fn notify_offers(db: &Db, offer_ids: Vec<i64>) {
    if offer_ids.is_empty() {
        return;
    }
    let db = db.clone();
    tokio::spawn(async move {
        if let Err(e) = send_offers(&db, &offer_ids).await {
            tracing::warn!(error = ?e, "pool offers: push notifications not sent");
        }
    });
}

async fn send_offers(db: &Db, offer_ids: &[i64]) -> Result<(), AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        person_id: i64,
        unit_name: String,
        starts_at: i64,
        ends_at: i64,
    }
    let key = private_key(db).await?;
    for id in offer_ids {
        let offer: Option<Row> = sqlx::query_as(
            "SELECT o.id, o.person_id, u.name AS unit_name, q.starts_at, q.ends_at
             FROM pool_offers o JOIN pool_requests q ON q.id = o.request_id JOIN units u ON u.id = q.unit_id
             WHERE o.id = $1",
        )
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
        let Some(offer) = offer else { continue };
        let (Ok(start), Ok(end)) =
            (jiff::Timestamp::from_second(offer.starts_at), jiff::Timestamp::from_second(offer.ends_at))
        else {
            continue;
        };
        let tz = crate::domain::time::stockholm();
        let notice = Notice {
            title: "Nytt erbjudande från poolen".to_string(),
            body: format!(
                "{}–{} · {}",
                start.to_zoned(tz.clone()).strftime("%-d/%-m %H:%M"),
                end.to_zoned(tz).strftime("%H:%M"),
                offer.unit_name
            ),
            url: format!("/erbjudanden#offer-{}", offer.id),
            tag: format!("offer-{}", offer.id),
        };
        send_to_person(db, &key, offer.person_id, &notice).await?;
    }
    Ok(())
}

/// Sends `notice` to every subscription of the person.
pub async fn send_to_person(db: &Db, key: &str, person_id: i64, notice: &Notice) -> Result<(), AppError> {
    let subscriptions: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE person_id = $1")
            .bind(person_id)
            .fetch_all(&db.pool)
            .await?;
    let payload = serde_json::to_vec(notice).map_err(|_| AppError::Internal)?;
    for (id, endpoint, p256dh, auth) in subscriptions {
        match send(key, &SubscriptionInfo::new(endpoint, p256dh, auth), &payload).await {
            Ok(status) if status == 404 || status == 410 => {
                sqlx::query("DELETE FROM push_subscriptions WHERE id = $1").bind(id).execute(&db.pool).await?;
            }
            Ok(status) if !(200..300).contains(&status) => {
                tracing::warn!(status, subscription = id, "push service refused a notification");
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, subscription = id, "push not sent"),
        }
    }
    Ok(())
}

/// One encrypted, signed message to one subscription; answers the push service's HTTP status.
async fn send(key: &str, subscription: &SubscriptionInfo, payload: &[u8]) -> Result<u16, String> {
    let mut signature = VapidSignatureBuilder::from_base64(key, subscription).map_err(|e| format!("{e:?}"))?;
    signature.add_claim("sub", contact());
    let mut message = WebPushMessageBuilder::new(subscription);
    message.set_payload(ContentEncoding::Aes128Gcm, payload);
    message.set_vapid_signature(signature.build().map_err(|e| format!("{e:?}"))?);
    // An offer is worth a day of retries by the push service; after that it has expired anyway.
    message.set_ttl(12 * 3600);
    let request = web_push::request_builder::build_request::<Vec<u8>>(message.build().map_err(|e| format!("{e:?}"))?);
    let (parts, body) = request.into_parts();
    let mut outgoing = client().post(parts.uri.to_string()).body(body);
    for (name, value) in parts.headers.iter() {
        outgoing = outgoing.header(name.as_str(), value.as_bytes());
    }
    outgoing.send().await.map(|r| r.status().as_u16()).map_err(|e| e.to_string())
}

fn client() -> &'static reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build().unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::is_push_service;

    #[test]
    fn only_known_push_services_over_https() {
        assert!(is_push_service("https://fcm.googleapis.com/fcm/send/abc"));
        assert!(is_push_service("https://updates.push.services.mozilla.com/wpush/v2/x"));
        assert!(is_push_service("https://web.push.apple.com/QGx"));
        assert!(!is_push_service("http://fcm.googleapis.com/fcm/send/abc"));
        assert!(!is_push_service("https://evil.example/fcm.googleapis.com"));
        assert!(!is_push_service("https://fcm.googleapis.com.evil.example/x"));
        assert!(!is_push_service("https://10.0.0.1/internal"));
        assert!(!is_push_service("not a url"));
    }
}
