//! Login, logout, throttling, invitations and session handling over HTTP.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = spawn().await;
    let res = client().get(app.url("/health")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn login_starts_a_session_and_logout_ends_it() {
    let app = spawn().await;
    let unit = app.unit(app.provider("Omsorg AB").await, "Hemtjänst Norr").await;
    app.person("anna@test.se", &[("care_worker", Some(unit))]).await;
    let c = client();

    let (status, me) = app.call(&c, "me", &[]).await;
    assert_eq!((status, me), (StatusCode::OK, json!(null)));

    // E-mail is case-insensitive and trimmed.
    let (status, home) = app.call(&c, "login", &[("email", "  Anna@Test.se "), ("password", PASSWORD)]).await;
    assert_eq!((status, home), (StatusCode::OK, json!("/mina-pass")));
    let (_, me) = app.call(&c, "me", &[]).await;
    assert_eq!(me["email"], "anna@test.se");
    assert_eq!(me["roles"], json!(["CareWorker"]));

    let (status, _) = app.call(&c, "logout", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, me) = app.call(&c, "me", &[]).await;
    assert_eq!(me, json!(null));
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_and_expires_after_inactivity() {
    let app = spawn_with(Options { session_idle_minutes: 30, ..Default::default() }).await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    let res = app.login_response("anna@test.se", PASSWORD).await;
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with("skiftet_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Max-Age=1800"), "{cookie}");
    assert!(!cookie.contains("Secure"), "Secure is off unless configured: {cookie}");
}

#[tokio::test]
async fn wrong_password_and_unknown_account_get_the_same_answer() {
    let app = spawn().await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    let c = client();
    let wrong = app.call(&c, "login", &[("email", "anna@test.se"), ("password", "fel-lösenord")]).await;
    let unknown = app.call(&c, "login", &[("email", "nobody@test.se"), ("password", "fel-lösenord")]).await;
    assert_eq!(wrong, (StatusCode::UNAUTHORIZED, json!("BadCredentials")));
    assert_eq!(unknown, wrong);
    assert_eq!(app.call(&c, "me", &[]).await.1, json!(null));
}

#[tokio::test]
async fn repeated_failures_lock_the_account_but_not_others() {
    let app = spawn().await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    app.person("bo@test.se", &[("pool_worker", None)]).await;
    let c = client();
    for _ in 0..5 {
        let (status, _) = app.call(&c, "login", &[("email", "anna@test.se"), ("password", "gissning-123")]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused now, with a wait time.
    let (status, body) = app.call(&c, "login", &[("email", "anna@test.se"), ("password", PASSWORD)]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let wait = body["Throttled"]["retry_after_secs"].as_i64().unwrap();
    assert!((1..=15 * 60).contains(&wait), "{wait}");
    // Another account from the same address is unaffected.
    let (status, _) = app.call(&c, "login", &[("email", "bo@test.se"), ("password", PASSWORD)]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn many_failures_from_one_address_block_that_address_only() {
    let app = spawn_with(Options { trust_proxy: true, ..Default::default() }).await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    let attempt = |from: &'static str, email: String, password: &'static str| {
        let app = &app;
        async move {
            client()
                .post(app.url("/api/login"))
                .header("Accept", "application/json")
                .header("X-Forwarded-For", from)
                .form(&[("email", email.as_str()), ("password", password)])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    // Thirty different accounts, so no single account reaches its own limit.
    for i in 0..30 {
        assert_eq!(attempt("203.0.113.7", format!("guess{i}@test.se"), "fel-fel-fel").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(attempt("203.0.113.7", "anna@test.se".into(), PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(attempt("198.51.100.2", "anna@test.se".into(), PASSWORD).await, StatusCode::OK);
}

#[tokio::test]
async fn an_invitation_sets_a_password_once() {
    let app = spawn().await;
    app.person("admin@test.se", &[("admin", None)]).await;
    let admin = app.login("admin@test.se").await;
    let (status, id) = app
        .call_json(
            &admin,
            "admin/save_person",
            json!({"id": null, "name": "Nina Ny", "email": "nina@test.se", "phone": "", "employment_percent": "75",
                   "roles": [{"role": "PoolWorker", "unit_id": null}], "competence_ids": []}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap().to_string();
    let (status, path) = app.call(&admin, "admin/invite", &[("id", &id)]).await;
    assert_eq!(status, StatusCode::OK);
    let token = path.as_str().unwrap().strip_prefix("/inbjudan/").unwrap().to_string();

    // The invited person cannot log in before choosing a password.
    let nina = client();
    let (status, _) = app.call(&nina, "login", &[("email", "nina@test.se"), ("password", "vad-som-helst")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    assert_eq!(app.call(&nina, "invitation", &[("token", &token)]).await, (StatusCode::OK, json!("Nina Ny")));
    let short = app
        .call(&nina, "accept_invitation", &[("token", &token), ("password", "kort"), ("password_repeat", "kort")])
        .await;
    assert_eq!(short, (StatusCode::UNPROCESSABLE_ENTITY, invalid("password", "PasswordTooShort")));
    let mismatch = app
        .call(
            &nina,
            "accept_invitation",
            &[("token", &token), ("password", "ett långt lösen"), ("password_repeat", "ett annat lösen")],
        )
        .await;
    assert_eq!(mismatch, (StatusCode::UNPROCESSABLE_ENTITY, invalid("password_repeat", "PasswordMismatch")));
    // A failed attempt does not use the invitation up.
    let ok = app
        .call(
            &nina,
            "accept_invitation",
            &[("token", &token), ("password", "ett långt lösen"), ("password_repeat", "ett långt lösen")],
        )
        .await;
    assert_eq!(ok, (StatusCode::OK, json!("/mina-pass")));
    assert_eq!(app.call(&nina, "me", &[]).await.1["email"], "nina@test.se");

    // Used once: the link is dead now, and the new password works.
    let again = app
        .call(
            &client(),
            "accept_invitation",
            &[("token", &token), ("password", "kapat konto!!"), ("password_repeat", "kapat konto!!")],
        )
        .await;
    assert_eq!(again, (StatusCode::NOT_FOUND, json!("InvitationInvalid")));
    let (status, _) = app.call(&client(), "login", &[("email", "nina@test.se"), ("password", "ett långt lösen")]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.call(&client(), "invitation", &[("token", "0000")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deactivating_a_person_ends_their_session_at_once() {
    let app = spawn().await;
    app.person("admin@test.se", &[("admin", None)]).await;
    let pool_id = app.person("pool@test.se", &[("pool_worker", None)]).await;
    let pool = app.login("pool@test.se").await;
    let admin = app.login("admin@test.se").await;
    let (status, _) =
        app.call(&admin, "admin/set_person_active", &[("id", &pool_id.to_string()), ("active", "false")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.call(&pool, "me", &[]).await.1, json!(null));
    assert_eq!(app.call(&pool, "my_profile", &[]).await.0, StatusCode::UNAUTHORIZED);
    let (status, _) = app.call(&client(), "login", &[("email", "pool@test.se"), ("password", PASSWORD)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// A browser that has not loaded the wasm posts the login form the plain way. A wrong password
/// then sends it back to the form (not to a bare error), and the form says what went wrong; the
/// right one signs in and goes on.
#[tokio::test]
async fn a_plain_form_post_comes_back_to_the_form_with_its_error() {
    let app = spawn().await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    let browser = client();
    let post = |password: &'static str| {
        browser
            .post(app.url("/api/login"))
            .header("Accept", "text/html,application/xhtml+xml")
            .header("Referer", app.url("/login"))
            .form(&[("email", "anna@test.se"), ("password", password)])
            .send()
    };
    let wrong = post("fel-lösenord").await.unwrap();
    assert!(wrong.status().is_redirection(), "{}", wrong.status());
    let back = wrong.headers()["location"].to_str().unwrap().to_string();
    assert!(back.starts_with(&app.url("/login?")), "{back}");
    let page = browser.get(&back).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Fel e-post eller lösenord"));

    let right = post(PASSWORD).await.unwrap();
    assert!(right.status().is_redirection(), "{}", right.status());
    assert_eq!(app.call(&browser, "my_shifts", &[("past", "false")]).await.0, StatusCode::OK, "signed in");
}

/// The stored session's expiry, as text on either backend (it changes only when the session is
/// written back).
async fn stored_expiry(app: &TestApp) -> Vec<String> {
    let table = app::ssr::auth::session_table(app.db.backend);
    sqlx::query_scalar(&format!("SELECT CAST(expiry_date AS TEXT) FROM {table}")).fetch_all(&app.db.pool).await.unwrap()
}

async fn me_response(app: &TestApp, c: &reqwest::Client) -> reqwest::Response {
    let res = c.post(app.url("/api/me")).header("Accept", "application/json").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res
}

#[tokio::test]
async fn a_session_in_use_is_kept_alive_and_written_back_at_most_every_few_minutes() {
    // Idle time 60 minutes: a session in use is written back when its mark is 5 minutes old.
    let app = spawn().await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    let c = app.login("anna@test.se").await;
    let at_login = stored_expiry(&app).await;
    assert_eq!(at_login.len(), 1);

    // Busy use right after signing in writes nothing: no database write per page.
    app.clock().advance(jiff::SignedDuration::from_mins(4));
    let res = me_response(&app, &c).await;
    assert!(res.headers().get("set-cookie").is_none(), "{:?}", res.headers());
    assert_eq!(res.json::<Value>().await.unwrap()["email"], json!("anna@test.se"));
    assert_eq!(stored_expiry(&app).await, at_login);

    // Once the mark is older than five minutes, the next request pushes the expiry forward.
    app.clock().advance(jiff::SignedDuration::from_mins(2));
    let res = me_response(&app, &c).await;
    let cookie = res.headers().get("set-cookie").expect("the session is written back").to_str().unwrap().to_string();
    assert!(cookie.contains("Max-Age=3600"), "{cookie}");
    let renewed = stored_expiry(&app).await;
    assert_ne!(renewed, at_login, "the stored expiry moved");

    // … and the requests right after write nothing again.
    let res = me_response(&app, &c).await;
    assert!(res.headers().get("set-cookie").is_none());
    assert_eq!(stored_expiry(&app).await, renewed);

    // A visitor who is not signed in never gets a session row or a cookie.
    let res = client().get(app.url("/login")).send().await.unwrap();
    assert!(res.headers().get("set-cookie").is_none(), "{:?}", res.headers());
    assert_eq!(stored_expiry(&app).await.len(), 1);
}
