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
            "employment_percent": "100", "roles": [{"role": "PoolWorker", "unit_id": null}], "competence_ids": []}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = w.app.login("admin@test.se").await;
    let (_, person) = w.app.call(&admin, "admin/person", &[("id", "1")]).await;
    assert_eq!(person["name"], "Test admin@test.se");
    assert_eq!(person["roles"][0]["role"], "Admin");
}

#[tokio::test]
async fn the_situation_picture_is_for_planners_and_a_manager_sees_only_their_units() {
    let w = world().await;
    for account in ACCOUNTS {
        let c = w.app.login(account).await;
        let (status, overview) = w.app.call(&c, "overview", &[]).await;
        let allowed = matches!(account, "admin@test.se" | "coord@test.se" | "chef@test.se");
        assert_eq!(status == StatusCode::OK, allowed, "{account}: {status}");
        if allowed {
            let units: Vec<i64> =
                overview["units"].as_array().unwrap().iter().map(|u| u["unit"]["id"].as_i64().unwrap()).collect();
            let expected = if account == "chef@test.se" { vec![w.unit_a] } else { vec![w.unit_a, w.unit_b] };
            assert_eq!(units, expected, "{account}");
        }
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

/// Server rendering must always finish. Leptos 0.8 could lose a wake-up between two suspense
/// boundaries reading one resource and never answer (seen on `/uppdrag`, the page with least
/// of its own to wait for); many parallel renders on several threads make such races likely.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_home_page_finishes_rendering_under_parallel_requests() {
    let w = world().await;
    let mut pages = Vec::new();
    for (account, path) in [
        ("admin@test.se", "/admin"),
        ("coord@test.se", "/lagesbild"),
        ("chef@test.se", "/enhet"),
        ("usk@test.se", "/mina-pass"),
        ("service@test.se", "/uppdrag"),
        ("service@test.se", "/profil"),
    ] {
        pages.push((w.app.login(account).await, w.app.url(path)));
    }
    // Waves of parallel renders (every page four times at once), not one flood: the point is
    // many renders on several threads at the same moment, not how fast a debug build on two
    // cores gets through hundreds of them.
    for _ in 0..10 {
        let mut renders = tokio::task::JoinSet::new();
        for (c, url) in pages.iter().cycle().take(4 * pages.len()) {
            let (c, url) = (c.clone(), url.clone());
            renders.spawn(async move {
                let res = c.get(&url).send().await.unwrap_or_else(|e| panic!("{url}: {e}"));
                assert_eq!(res.status(), StatusCode::OK, "{url}");
                let html = res.text().await.unwrap();
                assert!(html.contains("</html>"), "{url} ended early");
            });
        }
        while let Some(done) = renders.join_next().await {
            done.unwrap();
        }
    }
}

async fn id_of(w: &World, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM people WHERE email = $1").bind(email).fetch_one(&w.app.db.pool).await.unwrap()
}

/// Coordinators see every unit's planning and act through the pool; they do not change a
/// provider's own schedule. And only people who do care work ever hold a care shift.
#[tokio::test]
async fn coordinators_read_planning_and_place_pool_workers_but_change_nothing_else() {
    let w = world().await;
    let (unit, chef, coord, admin) = (
        w.unit_a.to_string(),
        w.app.login("chef@test.se").await,
        w.app.login("coord@test.se").await,
        w.app.login("admin@test.se").await,
    );
    let (status, day) = w
        .app
        .call(&chef, "add_shift_type", &[("unit_id", &unit), ("name", "Dag"), ("start", "07:00"), ("end", "15:00")])
        .await;
    assert_eq!(status, StatusCode::OK, "{day}");
    let day = day.as_i64().unwrap().to_string();
    let week = w.app.monday_in(3).to_string();

    // Reading: the week, the base staffing, the rolling schedule, the follow-up.
    for (endpoint, form) in [
        ("unit_week", vec![("unit_id", unit.as_str()), ("week", week.as_str())]),
        ("staffing", vec![("unit_id", unit.as_str())]),
        ("rotation", vec![("unit_id", unit.as_str())]),
        ("unit_follow_up", vec![("unit_id", unit.as_str()), ("week", week.as_str())]),
    ] {
        let (status, body) = w.app.call(&coord, endpoint, &form).await;
        assert_eq!(status, StatusCode::OK, "coordinator reads {endpoint}: {body}");
        // The pages show the coordinator no controls for changing; the unit's manager and an
        // administrator get them.
        if endpoint != "unit_follow_up" {
            assert_eq!(body["may_change"], false, "coordinator on {endpoint}");
            for planner in [&chef, &admin] {
                assert_eq!(w.app.call(planner, endpoint, &form).await.1["may_change"], true, "{endpoint}");
            }
        }
    }
    // Changing the provider's own planning: refused.
    let refused = [
        ("add_shift_type", vec![("unit_id", unit.as_str()), ("name", "Kväll"), ("start", "15:00"), ("end", "22:00")]),
        ("generate_shifts", vec![("unit_id", unit.as_str()), ("week", week.as_str()), ("weeks", "1")]),
        ("create_rotation", vec![("unit_id", unit.as_str()), ("weeks", "4")]),
    ];
    for (endpoint, form) in &refused {
        let (status, body) = w.app.call(&coord, endpoint, form).await;
        assert_eq!((status, body), (StatusCode::FORBIDDEN, json!("Forbidden")), "coordinator → {endpoint}");
    }
    let (status, _) = w
        .app
        .call_json(
            &coord,
            "add_staffing_need",
            json!({"unit_id": w.unit_a, "shift_type_id": day.parse::<i64>().unwrap(), "weekdays": [1], "kind": "Anyone", "headcount": "1"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "coordinator → add_staffing_need");

    let assign = |who: i64, day_offset: i64, c: reqwest::Client| {
        let form = [
            ("unit_id".to_string(), unit.clone()),
            ("date".to_string(), plus(w.app.monday_in(3), day_offset).to_string()),
            ("shift_type_id".to_string(), day.clone()),
            ("person_id".to_string(), who.to_string()),
        ];
        let app = &w.app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.call(&c, "assign_shift", &form).await
        }
    };
    let (usk, pool, admin_id) =
        (id_of(&w, "usk@test.se").await, id_of(&w, "pool@test.se").await, id_of(&w, "admin@test.se").await);
    // The unit's own care worker is the manager's to place, not the coordinator's...
    assert_eq!(assign(usk, 0, coord.clone()).await, (StatusCode::FORBIDDEN, json!("Forbidden")));
    assert_eq!(assign(usk, 0, chef.clone()).await.0, StatusCode::OK);
    // ...a pool worker is the coordinator's to place.
    let (status, body) = assign(pool, 1, coord.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Nobody puts someone who does no care work on a care shift, not even an administrator.
    assert_eq!(
        assign(admin_id, 2, admin.clone()).await,
        (StatusCode::UNPROCESSABLE_ENTITY, invalid("person_id", "UnknownChoice"))
    );
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shifts WHERE person_id = $1")
        .bind(admin_id)
        .fetch_one(&w.app.db.pool)
        .await
        .unwrap();
    assert_eq!(rows, 0);
}

/// Another unit's shift and a shift that does not exist get the same answer: the answer does
/// not tell which ids exist. Dates outside 2000–2100 are refused before any work.
#[tokio::test]
async fn unknown_and_foreign_ids_answer_alike_and_far_dates_are_refused() {
    let w = world().await;
    let other_manager_unit = w.unit_b;
    w.app.person("chef-b@test.se", &[("unit_manager", Some(other_manager_unit))]).await;
    let chef_b = w.app.login("chef-b@test.se").await;
    let (status, day) = w
        .app
        .call(
            &chef_b,
            "add_shift_type",
            &[("unit_id", &w.unit_b.to_string()), ("name", "Dag"), ("start", "07:00"), ("end", "15:00")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{day}");
    let date = w.app.monday_in(2).to_string();
    let usk_b = w.app.person("usk-b@test.se", &[("care_worker", Some(w.unit_b))]).await.to_string();
    let (status, foreign) = w
        .app
        .call(
            &chef_b,
            "assign_shift",
            &[
                ("unit_id", &w.unit_b.to_string()),
                ("date", &date),
                ("shift_type_id", &day.to_string()),
                ("person_id", &usk_b),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{foreign}");

    let chef = w.app.login("chef@test.se").await;
    let foreign = w.app.call(&chef, "mark_absent", &[("shift_id", &foreign.to_string())]).await;
    let unknown = w.app.call(&chef, "mark_absent", &[("shift_id", "987654321")]).await;
    assert_eq!(foreign, (StatusCode::FORBIDDEN, json!("Forbidden")));
    assert_eq!(unknown, foreign);

    for far in ["9999-01-01", "1899-12-31"] {
        let (status, body) = w.app.call(&chef, "unit_week", &[("unit_id", &w.unit_a.to_string()), ("week", far)]).await;
        assert_eq!((status, body), (StatusCode::UNPROCESSABLE_ENTITY, invalid("week", "Date")), "{far}");
    }
}
