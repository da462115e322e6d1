//! Every role's access, allowed and refused, checked on the server — for server functions and
//! for the pages that render their data.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

struct World {
    app: TestApp,
    unit_a: i64,
    unit_b: i64,
}

async fn world() -> World {
    let app = spawn().await;
    let provider = app.provider("Omsorg AB").await;
    let unit_a = app.unit(provider, "Hemtjänst A").await;
    let unit_b = app.unit(provider, "Hemtjänst B").await;
    app.person("admin@test.se", &[("admin", None)]).await;
    app.person("coord@test.se", &[("coordinator", None)]).await;
    app.person("chef@test.se", &[("unit_manager", Some(unit_a))]).await;
    app.person("usk@test.se", &[("care_worker", Some(unit_a))]).await;
    app.person("pool@test.se", &[("pool_worker", None)]).await;
    app.person("service@test.se", &[("service_team", None)]).await;
    World { app, unit_a, unit_b }
}

const ACCOUNTS: [&str; 6] =
    ["admin@test.se", "coord@test.se", "chef@test.se", "usk@test.se", "pool@test.se", "service@test.se"];

#[tokio::test]
async fn only_administrators_reach_the_administration_functions() {
    let w = world().await;
    let reads: [(&str, Vec<(&str, &str)>); 6] = [
        ("admin/people", vec![("query", ""), ("page", "0")]),
        ("admin/person", vec![("id", "1")]),
        ("admin/providers", vec![]),
        ("admin/units", vec![("query", "")]),
        ("admin/competences", vec![]),
        ("admin/audit", vec![("page", "0")]),
    ];
    for account in ACCOUNTS {
        let c = w.app.login(account).await;
        let expected = if account == "admin@test.se" { StatusCode::OK } else { StatusCode::FORBIDDEN };
        for (endpoint, form) in &reads {
            let (status, body) = w.app.call(&c, endpoint, form).await;
            assert_eq!(status, expected, "{account} → {endpoint}: {body}");
            if expected == StatusCode::FORBIDDEN {
                assert_eq!(body, json!("Forbidden"));
            }
        }
        let (status, _) = w.app.call(&c, "admin/invite", &[("id", "1")]).await;
        assert_eq!(status, expected, "{account} → invite");
        let (status, _) = w
            .app
            .call_json(
                &c,
                "admin/save_provider",
                json!({"id": null, "name": "X AB", "kind": "private", "org_number": "556036-0793", "active": true}),
            )
            .await;
        // The administrator's save succeeds (once: it is the only account allowed, and the loop
        // reaches it once); everyone else is refused.
        assert_eq!(status, expected, "{account} → save_provider");
    }
    // Not logged in at all: 401, not 403.
    let (status, body) = w.app.call(&client(), "admin/people", &[("query", ""), ("page", "0")]).await;
    assert_eq!((status, body), (StatusCode::UNAUTHORIZED, json!("Unauthenticated")));
}

#[tokio::test]
async fn a_refused_write_changes_nothing() {
    let w = world().await;
    let pool = w.app.login("pool@test.se").await;
    let (status, _) = w
        .app
        .call_json(
            &pool,
            "admin/save_person",
            json!({"id": 1, "name": "Hacked", "email": "admin@test.se", "phone": "",
            "employment_percent": "100", "roles": ["pool_worker"], "competence_ids": []}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = w.app.login("admin@test.se").await;
    let (_, person) = w.app.call(&admin, "admin/person", &[("id", "1")]).await;
    assert_eq!(person["name"], "Test admin@test.se");
    assert_eq!(person["roles"][0]["role"], "Admin");
}

#[tokio::test]
async fn the_overview_is_for_coordinators_and_administrators() {
    let w = world().await;
    for account in ACCOUNTS {
        let c = w.app.login(account).await;
        let (status, _) = w.app.call(&c, "overview", &[]).await;
        let allowed = matches!(account, "admin@test.se" | "coord@test.se");
        assert_eq!(status == StatusCode::OK, allowed, "{account}: {status}");
    }
}

#[tokio::test]
async fn a_unit_manager_sees_their_own_units_and_no_others() {
    let w = world().await;
    let chef = w.app.login("chef@test.se").await;
    let (status, units) = w.app.call(&chef, "my_units", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(units.as_array().unwrap().len(), 1);
    assert_eq!(units[0]["unit"]["id"], w.unit_a);
    assert_eq!(units[0]["staff"][0]["name"], "Test usk@test.se");
    let (status, _) = w.app.call(&chef, "unit_staff", &[("unit_id", &w.unit_a.to_string())]).await;
    assert_eq!(status, StatusCode::OK);
    // Changing the id in the request does not reveal another unit's staff.
    let (status, _) = w.app.call(&chef, "unit_staff", &[("unit_id", &w.unit_b.to_string())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for account in ["usk@test.se", "pool@test.se", "service@test.se"] {
        let c = w.app.login(account).await;
        let (status, _) = w.app.call(&c, "unit_staff", &[("unit_id", &w.unit_a.to_string())]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{account}");
        let (status, _) = w.app.call(&c, "my_units", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{account}");
    }
    let coord = w.app.login("coord@test.se").await;
    let (status, _) = w.app.call(&coord, "unit_staff", &[("unit_id", &w.unit_b.to_string())]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn everyone_reads_their_own_profile_only() {
    let w = world().await;
    for account in ACCOUNTS {
        let c = w.app.login(account).await;
        let (status, profile) = w.app.call(&c, "my_profile", &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(profile["email"], account);
        // An id parameter is no way to read someone else: it is ignored, and it is still one's own.
        let (status, profile) = w.app.call(&c, "my_profile", &[("id", "1")]).await;
        assert_eq!(status, StatusCode::OK, "{account}: {profile}");
        assert_eq!(profile["email"], account);
    }
}

#[tokio::test]
async fn pages_refuse_on_the_server_too() {
    let w = world().await;
    // Not logged in: the page redirects to the login page.
    let res = client().get(w.app.url("/admin/personer")).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/login");
    // A pool worker opening an administrator page gets 403 and no data.
    let pool = w.app.login("pool@test.se").await;
    let res = pool.get(w.app.url("/admin/personer")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let html = res.text().await.unwrap();
    assert!(html.contains("Åtkomst nekad"), "{html}");
    assert!(!html.contains("admin@test.se"), "no personal data of others in a refused page");
    // The administrator gets the page with the people in it.
    let admin = w.app.login("admin@test.se").await;
    let res = admin.get(w.app.url("/admin/personer")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("pool@test.se"));
    // Each role's home page renders for that role.
    for (account, path) in [
        ("admin@test.se", "/admin"),
        ("coord@test.se", "/lagesbild"),
        ("chef@test.se", "/enhet"),
        ("usk@test.se", "/mina-pass"),
        ("pool@test.se", "/mina-pass"),
        ("service@test.se", "/uppdrag"),
    ] {
        let c = w.app.login(account).await;
        let res = c.get(w.app.url("/")).send().await.unwrap();
        assert_eq!(res.headers().get("location").map(|v| v.to_str().unwrap()), Some(path), "{account}");
        let res = c.get(w.app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{account} {path}");
    }
    let res = client().get(w.app.url("/finns-inte")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
