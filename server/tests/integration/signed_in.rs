//! What an instance remembers of who is signed in (`app::ssr::signed_in`) never outlives a change
//! to them: on the instance that made the change at once, on another instance on the same
//! PostgreSQL as soon as its notification arrives.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A client that keeps sending the session cookie it signed in with as `email`, whatever the
/// server answers later (as a copied cookie would): signing out must end the session itself,
/// not only the browser's cookie.
async fn pinned(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let res = app.login_response(email, password).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("skiftet_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    reqwest::Client::builder().default_headers(headers).build().unwrap()
}

/// Admin Alva (who stays) and admin Bo, whom she edits.
async fn two_admins(app: &TestApp) -> i64 {
    app.person("alva@test.se", &[("admin", None)]).await;
    app.person("bo@test.se", &[("admin", None)]).await
}

/// Alva saves Bo as `name` with `roles` only.
async fn save_bo(app: &TestApp, alva: &reqwest::Client, bo: i64, name: &str, roles: Value) {
    let person = json!({"id": bo, "name": name, "email": "bo@test.se", "phone": "",
        "employment_percent": "100", "roles": roles, "competence_ids": []});
    let (status, body) = app.call_json(alva, "admin/save_person", person).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_change_to_a_person_counts_from_their_very_next_request() {
    let app = spawn().await;
    let bo = two_admins(&app).await;
    let alva = app.login("alva@test.se").await;
    let (phone, tablet) = (app.login("bo@test.se").await, app.login("bo@test.se").await);
    // Both of Bo's sessions are in use (and so remembered) before each change.
    let people = |c| app.call(c, "admin/people", &[("query", ""), ("page", "0")]);
    assert_eq!(people(&phone).await.0, StatusCode::OK);
    assert_eq!(people(&tablet).await.0, StatusCode::OK);

    save_bo(&app, &alva, bo, "Bo Berg", json!([{"role": "Coordinator", "unit_id": null}])).await;
    assert_eq!(people(&phone).await.0, StatusCode::FORBIDDEN, "no longer an administrator");
    let (_, me) = app.call(&tablet, "me", &[]).await;
    assert_eq!((me["name"].clone(), me["roles"].clone()), (json!("Bo Berg"), json!(["Coordinator"])));

    let (_, me) = app.call(&phone, "me", &[]).await;
    assert_eq!(me["has_calendar_link"], json!(false));
    assert_eq!(app.call(&phone, "renew_calendar_link", &[]).await.0, StatusCode::OK);
    assert_eq!(app.call(&tablet, "me", &[]).await.1["has_calendar_link"], json!(true));

    // A new password on the phone ends the tablet's session.
    let (status, body) = app
        .call(
            &phone,
            "change_password",
            &[("current_password", PASSWORD), ("password", "ett-nytt-lösen"), ("password_repeat", "ett-nytt-lösen")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.call(&tablet, "my_profile", &[]).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call(&phone, "my_profile", &[]).await.0, StatusCode::OK, "the phone's new session holds");

    // Signing out ends only that session; deactivation every one.
    let laptop = pinned(&app, "bo@test.se", "ett-nytt-lösen").await;
    assert_eq!(app.call(&laptop, "my_profile", &[]).await.0, StatusCode::OK);
    assert_eq!(app.call(&laptop, "logout", &[]).await.0, StatusCode::OK);
    assert_eq!(app.call(&laptop, "my_profile", &[]).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call(&phone, "my_profile", &[]).await.0, StatusCode::OK);
    let off = app.call(&alva, "admin/set_person_active", &[("id", &bo.to_string()), ("active", "false")]).await;
    assert_eq!(off.0, StatusCode::OK, "{}", off.1);
    assert_eq!(app.call(&phone, "my_profile", &[]).await.0, StatusCode::UNAUTHORIZED);
}

/// Asks `ask` every 50 ms until it answers `want`, for at most 10 s (the notification between
/// two instances takes milliseconds; what an instance remembers is trusted for a minute).
async fn until<F, Fut>(want: StatusCode, ask: F) -> StatusCode
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = StatusCode>,
{
    let mut got = ask().await;
    for _ in 0..200 {
        if got == want {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        got = ask().await;
    }
    got
}

#[tokio::test]
async fn an_instance_forgets_what_another_instance_changed() {
    let one = spawn().await;
    if one.db.backend != app::ssr::db::Backend::Postgres {
        eprintln!("SQLite: one process is the whole world; this test needs SKIFTET_TEST_DATABASE=postgres://…");
        return;
    }
    let two = one.spawn_beside().await;
    let bo = two_admins(&one).await;
    let alva = one.login("alva@test.se").await;
    // Cookies go by host, not port: each client's session works on both instances.
    let (phone, tablet) = (one.login("bo@test.se").await, pinned(&one, "bo@test.se", PASSWORD).await);
    let people = |c| {
        let req = two.call(c, "admin/people", &[("query", ""), ("page", "0")]);
        async move { req.await.0 }
    };
    let profile = |c| {
        let req = two.call(c, "my_profile", &[]);
        async move { req.await.0 }
    };
    assert_eq!(people(&phone).await, StatusCode::OK);
    assert_eq!(people(&tablet).await, StatusCode::OK);

    save_bo(&one, &alva, bo, "Bo", json!([{"role": "Coordinator", "unit_id": null}])).await;
    assert_eq!(until(StatusCode::FORBIDDEN, || people(&phone)).await, StatusCode::FORBIDDEN, "roles changed on one");

    assert_eq!(one.call(&tablet, "logout", &[]).await.0, StatusCode::OK);
    assert_eq!(
        until(StatusCode::UNAUTHORIZED, || profile(&tablet)).await,
        StatusCode::UNAUTHORIZED,
        "signed out on one"
    );
    assert_eq!(profile(&phone).await, StatusCode::OK);

    let off = one.call(&alva, "admin/set_person_active", &[("id", &bo.to_string()), ("active", "false")]).await;
    assert_eq!(off.0, StatusCode::OK, "{}", off.1);
    assert_eq!(
        until(StatusCode::UNAUTHORIZED, || profile(&phone)).await,
        StatusCode::UNAUTHORIZED,
        "deactivated on one"
    );
}
