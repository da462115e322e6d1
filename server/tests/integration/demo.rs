//! The demo municipality: its size, its logins, and that it loads only once.

use crate::helpers::*;
use reqwest::StatusCode;
use server::demo;
use sqlx::Row;

#[tokio::test]
async fn the_demo_loads_once_and_every_demo_login_lands_on_its_home_page() {
    let app = spawn().await;
    assert!(demo::load_if_empty(&app.db, 1).await.unwrap());
    assert!(!demo::load_if_empty(&app.db, 1).await.unwrap(), "a second load is a no-op");

    let count = |sql: &'static str| {
        let db = app.db.clone();
        async move { sqlx::query(sql).fetch_one(&db.pool).await.unwrap().try_get::<i64, _>("n").unwrap() }
    };
    assert_eq!(count("SELECT COUNT(*) AS n FROM providers").await, 10);
    assert_eq!(count("SELECT COUNT(*) AS n FROM providers WHERE kind = 'municipal'").await, 3);
    assert_eq!(count("SELECT COUNT(*) AS n FROM units").await, 30);
    assert_eq!(count("SELECT COUNT(DISTINCT person_id) AS n FROM person_roles WHERE role = 'care_worker'").await, 600);
    assert_eq!(count("SELECT COUNT(DISTINCT person_id) AS n FROM person_roles WHERE role = 'pool_worker'").await, 120);
    assert_eq!(count("SELECT COUNT(DISTINCT person_id) AS n FROM person_roles WHERE role = 'service_team'").await, 8);
    assert!(count("SELECT COUNT(*) AS n FROM people").await > 700);

    for (email, expected) in [
        ("admin@demo.skiftet.se", "/admin"),
        ("samordnare@demo.skiftet.se", "/lagesbild"),
        ("enhetschef@demo.skiftet.se", "/enhet"),
        ("underskoterska@demo.skiftet.se", "/mina-pass"),
        ("pool@demo.skiftet.se", "/mina-pass"),
        ("service@demo.skiftet.se", "/uppdrag"),
    ] {
        let c = client();
        let (status, home) = app.call(&c, "login", &[("email", email), ("password", demo::DEMO_PASSWORD)]).await;
        assert_eq!((status, home.as_str()), (StatusCode::OK, Some(expected)), "{email}");
    }
    // The demo unit manager has one home-care and one residential unit.
    let c = app.login_with("enhetschef@demo.skiftet.se", demo::DEMO_PASSWORD).await;
    let (_, units) = app.call(&c, "my_units", &[]).await;
    let kinds: Vec<_> =
        units.as_array().unwrap().iter().map(|u| u["unit"]["kind"].as_str().unwrap().to_string()).collect();
    assert_eq!(kinds, vec!["HomeCare", "Residential"]);
}

/// The demo pool works out of the box: when the demo coordinator runs and publishes an
/// allocation, the demo pool worker gets an offer, and can take it.
#[tokio::test]
async fn the_demo_coordinator_allocates_and_the_demo_pool_worker_gets_an_offer() {
    let app = spawn().await;
    demo::load_if_empty(&app.db, 1).await.unwrap();
    let coordinator = app.login_with("samordnare@demo.skiftet.se", demo::DEMO_PASSWORD).await;
    let (status, proposed) = app.call(&coordinator, "run_allocation", &[]).await;
    assert_eq!(status, StatusCode::OK, "{proposed}");
    assert!(proposed.as_i64().unwrap() >= 1);
    let (_, sent) = app.call(&coordinator, "publish_offers", &[]).await;
    assert_eq!(sent, proposed, "every proposal of a fresh run is sent");
    let pool = app.login_with("pool@demo.skiftet.se", demo::DEMO_PASSWORD).await;
    let (_, mine) = app.call(&pool, "my_offers", &[]).await;
    let offers = mine["offers"].as_array().unwrap();
    assert!(!offers.is_empty(), "{mine}");
    let id = offers[0]["id"].as_i64().unwrap().to_string();
    let (status, booking) = app.call(&pool, "accept_offer", &[("offer_id", &id)]).await;
    assert_eq!(status, StatusCode::OK, "{booking}");
}
