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
