//! Web Push of new pool offers, against a local push receiver (no outside service): the server
//! signs with its own VAPID key, encrypts for the phone's keys, and forgets a subscription the
//! push service says is gone. Only known push services can be subscribed.

use crate::helpers::*;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// What the receiver got: the subscription's path id, the headers and the encrypted body.
type Delivery = (String, HeaderMap, Vec<u8>);

/// A push service on a free local port: it records each message, and answers 410 Gone for the
/// subscription id "gone" (as a real service does for an unsubscribed phone).
async fn push_receiver() -> (String, mpsc::UnboundedReceiver<Delivery>) {
    let (tx, rx) = mpsc::unbounded_channel::<Delivery>();
    let app = axum::Router::new()
        .route(
            "/push/{id}",
            axum::routing::post(
                |State(tx): State<mpsc::UnboundedSender<Delivery>>,
                 Path(id): Path<String>,
                 headers: HeaderMap,
                 body: axum::body::Bytes| async move {
                    let gone = id == "gone";
                    let _ = tx.send((id, headers, body.to_vec()));
                    if gone { AxumStatus::GONE } else { AxumStatus::CREATED }
                },
            ),
        )
        .with_state(tx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, rx)
}

#[tokio::test]
async fn a_published_offer_is_pushed_encrypted_and_signed_to_the_workers_phone() {
    let app = spawn().await;
    let (receiver, mut delivered) = push_receiver().await;
    let unit = app.unit(app.provider("Kommunen").await, "Solgården").await;
    let day_type = app.shift_type(unit, "D", "Dag", "07:00", "16:00").await;
    app.person("samordnare@test.se", &[("coordinator", None)]).await;
    let worker = app.person("pool@test.se", &[("pool_worker", None)]).await;
    for d in 0..5 {
        sqlx::query("INSERT INTO pool_availability (person_id, day, part) VALUES ($1, $2, 'day')")
            .bind(worker)
            .bind(plus(app.today(), d).to_string())
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    // The phone's keys, as its browser makes them; a second, old phone the service has dropped.
    let (keys, auth) = ece::generate_keypair_and_auth_secret().unwrap();
    for (id, p256dh, auth) in [
        ("phone", URL_SAFE_NO_PAD.encode(keys.pub_as_raw().unwrap()), URL_SAFE_NO_PAD.encode(auth)),
        ("gone", URL_SAFE_NO_PAD.encode(keys.pub_as_raw().unwrap()), URL_SAFE_NO_PAD.encode(auth)),
    ] {
        sqlx::query(
            "INSERT INTO push_subscriptions (person_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, 0)",
        )
        .bind(worker)
        .bind(format!("{receiver}/push/{id}"))
        .bind(p256dh)
        .bind(auth)
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
    let date = plus(app.today(), 2);
    let span = app::domain::schedule::span_on(
        date,
        app::domain::schedule::parse_time("07:00").unwrap(),
        app::domain::schedule::parse_time("16:00").unwrap(),
    );
    sqlx::query(
        "INSERT INTO pool_requests (unit_id, shift_date, shift_type_id, starts_at, ends_at, headcount, filled, state,
                                    origin, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 1, 0, 'open', 'week_view', 0, 0)",
    )
    .bind(unit)
    .bind(date.to_string())
    .bind(day_type)
    .bind(span.start.as_second())
    .bind(span.end.as_second())
    .execute(&app.db.pool)
    .await
    .unwrap();

    let phone = app.login("pool@test.se").await;
    let (status, public_key) = app.call(&phone, "push_key", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let public_key = public_key.as_str().unwrap().to_string();
    assert_eq!(URL_SAFE_NO_PAD.decode(&public_key).unwrap().len(), 65, "an uncompressed P-256 point");
    // The key is made once and kept: asked again, the same.
    assert_eq!(app.call(&phone, "push_key", &[]).await.1, json!(public_key));

    let coordinator = app.login("samordnare@test.se").await;
    app.call(&coordinator, "run_allocation", &[]).await;
    assert_eq!(app.call(&coordinator, "publish_offers", &[]).await, (StatusCode::OK, json!(1)));
    let offer: i64 = sqlx::query_scalar("SELECT id FROM pool_offers").fetch_one(&app.db.pool).await.unwrap();

    let mut got = Vec::new();
    while got.len() < 2 {
        // A guard against a hang, not a timing assertion: the push is sent in the background.
        let next = tokio::time::timeout(std::time::Duration::from_secs(20), delivered.recv()).await;
        got.push(next.expect("a push within 20 s").unwrap());
    }
    let (_, headers, body) = got.iter().find(|(id, ..)| id == "phone").unwrap();
    assert_eq!(headers["content-encoding"], "aes128gcm");
    assert_eq!(headers["ttl"], "43200");
    let authorization = headers["authorization"].to_str().unwrap();
    assert!(authorization.starts_with("vapid t="), "{authorization}");
    assert!(authorization.contains(&format!("k={public_key}")), "{authorization}");
    let plain = ece::decrypt(&keys.raw_components().unwrap(), &auth, body).unwrap();
    let notice: Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(notice["url"], json!(format!("/erbjudanden#offer-{offer}")));
    assert!(notice["body"].as_str().unwrap().contains("Solgården"), "{notice}");
    assert!(notice["body"].as_str().unwrap().contains("07:00–16:00"), "{notice}");

    // The service said the old phone is gone: its subscription is forgotten.
    let mut left = 2;
    for _ in 0..100 {
        left = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM push_subscriptions")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        if left == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(left, 1);
}

#[tokio::test]
async fn only_a_known_push_service_can_be_subscribed_and_only_by_pool_workers() {
    let app = spawn().await;
    app.person("pool@test.se", &[("pool_worker", None)]).await;
    app.person("samordnare@test.se", &[("coordinator", None)]).await;
    let phone = app.login("pool@test.se").await;
    let form = |endpoint: &'static str| [("endpoint", endpoint), ("p256dh", "BPk"), ("auth", "c2VjcmV0")];
    for endpoint in
        ["http://127.0.0.1:5432/", "https://intranet.kommun.local/x", "https://fcm.googleapis.com.evil.example/x"]
    {
        let (status, body) = app.call(&phone, "subscribe_push", &form(endpoint)).await;
        assert_eq!(
            (status, body),
            (StatusCode::UNPROCESSABLE_ENTITY, invalid("endpoint", "UnknownChoice")),
            "{endpoint}"
        );
    }
    let fcm = "https://fcm.googleapis.com/fcm/send/abc";
    assert_eq!(app.call(&phone, "subscribe_push", &form(fcm)).await, (StatusCode::OK, Value::Null));
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM push_subscriptions").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(stored, 1);
    let coordinator = app.login("samordnare@test.se").await;
    assert_eq!(app.call(&coordinator, "subscribe_push", &form(fcm)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&phone, "unsubscribe_push", &[("endpoint", fcm)]).await, (StatusCode::OK, Value::Null));
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM push_subscriptions").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(stored, 0);
}
