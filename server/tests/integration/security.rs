//! The holes found in the security read (issue 8), each closed and kept closed.

use crate::helpers::*;
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, X_CONTENT_TYPE_OPTIONS};
use serde_json::json;

/// A login attempt as seen through our load balancer: `forwarded` is the whole
/// `X-Forwarded-For` the server receives (client-written entries left, ours right).
async fn login_via_proxy(app: &TestApp, forwarded: &str, email: &str, password: &str) -> StatusCode {
    post_login(app.url("/api/login"), forwarded, email, password).await
}

async fn post_login(url: String, forwarded: &str, email: &str, password: &str) -> StatusCode {
    client()
        .post(url)
        .header("Accept", "application/json")
        .header("X-Forwarded-For", forwarded)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_get_no_more_turns_than_the_limit_and_the_owner_still_gets_in() {
    let app = spawn_with(Options { trust_proxy: true, ..Default::default() }).await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..50 {
        let url = app.url("/api/login");
        guesses.spawn(async move { post_login(url, "203.0.113.7", "anna@test.se", &format!("gissning-{i}")).await });
    }
    let answers = guesses.join_all().await;
    let evaluated = answers.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let refused = answers.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    // At most five; possibly none, when all fifty are recorded before any is counted.
    assert!(evaluated <= 5, "{evaluated} of 50 parallel guesses were evaluated");
    assert_eq!(evaluated + refused, 50, "{answers:?}");
    // Whatever the burst left, one after another the address gets no more than five in all.
    let mut more = 0;
    while login_via_proxy(&app, "203.0.113.7", "anna@test.se", "en-gissning-till").await == StatusCode::UNAUTHORIZED {
        more += 1;
        assert!(evaluated + more <= 5, "{evaluated} + {more} guesses evaluated");
    }
    assert_eq!(evaluated + more, 5, "the sixth guess in a row is refused, not the first");
    // The guessing address waits; Anna's own phone, elsewhere, gets in with her password.
    assert_eq!(login_via_proxy(&app, "203.0.113.7", "anna@test.se", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(login_via_proxy(&app, "198.51.100.2", "anna@test.se", PASSWORD).await, StatusCode::OK);
}

#[tokio::test]
async fn an_account_under_attack_from_many_addresses_still_lets_its_owner_in() {
    let app = spawn_with(Options { trust_proxy: true, ..Default::default() }).await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    for i in 0..25 {
        let from = format!("203.0.113.{i}");
        assert_eq!(login_via_proxy(&app, &from, "anna@test.se", "gissning").await, StatusCode::UNAUTHORIZED);
    }
    // Past 20 failures, an address that has failed on the account is not heard, even with the
    // right password (an attacker who guessed it from there gains nothing)...
    assert_eq!(login_via_proxy(&app, "203.0.113.3", "anna@test.se", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
    // ...and one that has not failed is.
    assert_eq!(login_via_proxy(&app, "198.51.100.2", "anna@test.se", PASSWORD).await, StatusCode::OK);
}

#[tokio::test]
async fn the_client_address_is_the_right_most_forwarded_entry() {
    let app = spawn_with(Options { trust_proxy: true, ..Default::default() }).await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    // The client writes a new address at the left each time; our proxy appends the real one.
    for i in 0..30 {
        let forwarded = format!("10.0.{i}.1, 203.0.113.9");
        assert_eq!(
            login_via_proxy(&app, &forwarded, &format!("gissning{i}@test.se"), "fel").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login_via_proxy(&app, "10.9.9.9, 203.0.113.9", "anna@test.se", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(login_via_proxy(&app, "203.0.113.9, 198.51.100.2", "anna@test.se", PASSWORD).await, StatusCode::OK);
}

/// Invites `person` (as `admin`) and returns the link's token.
async fn invite(app: &TestApp, admin: &reqwest::Client, person: i64) -> String {
    let (status, path) = app.call(admin, "admin/invite", &[("id", &person.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    path.as_str().unwrap().strip_prefix("/inbjudan/").unwrap().to_string()
}

async fn accept(app: &TestApp, token: &str, password: &str) -> (StatusCode, serde_json::Value) {
    app.call(&client(), "accept_invitation", &[("token", token), ("password", password), ("password_repeat", password)])
        .await
}

#[tokio::test]
async fn a_new_invitation_revokes_the_old_ones_and_accepting_one_revokes_the_rest() {
    let app = spawn().await;
    app.person("admin@test.se", &[("admin", None)]).await;
    let nina = app.person("nina@test.se", &[("pool_worker", None)]).await;
    let admin = app.login("admin@test.se").await;

    let sent_to_wrong_number = invite(&app, &admin, nina).await;
    let second = invite(&app, &admin, nina).await;
    assert_eq!(app.call(&client(), "invitation", &[("token", &sent_to_wrong_number)]).await.0, StatusCode::NOT_FOUND);
    assert_eq!(accept(&app, &sent_to_wrong_number, "ett-nytt-lösenord").await.0, StatusCode::NOT_FOUND);
    assert_eq!(accept(&app, &second, "ninas-lösenord-1").await.0, StatusCode::OK);

    // Two links out at once cannot happen any more, but the database may hold older ones:
    // accepting one revokes every other.
    let third = invite(&app, &admin, nina).await;
    sqlx::query("UPDATE invitations SET revoked_at = NULL WHERE person_id = $1")
        .bind(nina)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let fourth = invite(&app, &admin, nina).await;
    sqlx::query("UPDATE invitations SET revoked_at = NULL WHERE person_id = $1 AND used_at IS NULL")
        .bind(nina)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(accept(&app, &fourth, "ninas-lösenord-2").await.0, StatusCode::OK);
    assert_eq!(accept(&app, &third, "någon-annans-lösen").await.0, StatusCode::NOT_FOUND);
    app.login_with("nina@test.se", "ninas-lösenord-2").await;
}

#[tokio::test]
async fn wrong_invitation_tokens_are_throttled_per_address() {
    let app = spawn().await;
    for i in 0..30 {
        let (status, body) = accept(&app, &format!("{i:064x}"), "ett-långt-lösenord").await;
        assert_eq!((status, body), (StatusCode::NOT_FOUND, json!("InvitationInvalid")));
    }
    let (status, body) = accept(&app, &format!("{:064x}", 99), "ett-långt-lösenord").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
}

#[tokio::test]
async fn a_write_from_another_site_is_refused() {
    let app = spawn().await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    let post = |origin: Option<&'static str>, site: Option<&'static str>| {
        let app = &app;
        async move {
            let mut req = client()
                .post(app.url("/api/login"))
                .header("Accept", "application/json")
                .form(&[("email", "anna@test.se"), ("password", PASSWORD)]);
            if let Some(origin) = origin {
                req = req.header("Origin", origin);
            }
            if let Some(site) = site {
                req = req.header("Sec-Fetch-Site", site);
            }
            req.send().await.unwrap().status()
        }
    };
    assert_eq!(post(Some("https://evil.example"), Some("cross-site")).await, StatusCode::FORBIDDEN);
    assert_eq!(post(Some("https://evil.example"), None).await, StatusCode::FORBIDDEN);
    assert_eq!(post(None, Some("same-site")).await, StatusCode::FORBIDDEN);
    let own = app.base.clone().leak() as &'static str;
    assert_eq!(post(Some(own), Some("same-origin")).await, StatusCode::OK);
    // No browser headers at all: not a browser's cross-site form (curl, calendar apps).
    assert_eq!(post(None, None).await, StatusCode::OK);
}

#[tokio::test]
async fn answers_carry_security_headers_and_personal_ones_are_not_stored() {
    let app = spawn().await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    let anna = app.login("anna@test.se").await;
    for (who, path) in [(client(), "/login"), (anna.clone(), "/mina-pass")] {
        let res = who.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let h = res.headers();
        assert_eq!(h[X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert!(h[CONTENT_SECURITY_POLICY].to_str().unwrap().contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert_eq!(h[CACHE_CONTROL], "no-store", "{path}");
    }
    let res = anna.post(app.url("/api/me")).header("Accept", "application/json").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[CACHE_CONTROL], "no-store");
}

/// Pages allow only scripts from Skiftet's own files and inline scripts carrying this answer's
/// nonce; every inline script the page holds (hydration, resolved data) carries it, and no two
/// answers share one.
#[tokio::test]
async fn pages_run_only_scripts_with_their_own_nonce() {
    let app = spawn().await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    let anna = app.login("anna@test.se").await;
    let mut seen = Vec::new();
    for (who, path) in [(client(), "/login"), (anna.clone(), "/mina-pass"), (anna, "/mina-pass")] {
        let res = who.get(app.url(path)).send().await.unwrap();
        let policy = res.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: no nonce in {policy}"))
            .to_string();
        assert!(policy.contains("script-src 'self' 'nonce-"), "{path}: {policy}");
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        let html = res.text().await.unwrap();
        // Every script with something to run (Leptos also leaves an empty `<script></script>`,
        // which runs nothing and which browsers do not check).
        let scripts: Vec<&str> = html
            .split("<script")
            .skip(1)
            .filter(|s| !s.starts_with("></script>"))
            .map(|s| &s[..s.find('>').unwrap()])
            .collect();
        assert!(scripts.len() >= 2, "{path}: the early-tap keeper and the hydration script at least");
        for attrs in scripts {
            assert!(attrs.contains(&format!("nonce=\"{nonce}\"")), "{path}: script without the nonce: <script{attrs}>");
        }
        assert!(!seen.contains(&nonce), "{path}: nonce repeated");
        seen.push(nonce);
    }
    // Not a page: only the parts that hold for any answer.
    let res = client().get(app.url("/health")).send().await.unwrap();
    let policy = res.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(policy.contains("frame-ancestors 'none'") && !policy.contains("nonce"), "{policy}");
}

#[tokio::test]
async fn oversized_and_repeating_lists_are_refused_before_any_work() {
    let app = spawn().await;
    let provider = app.provider("Omsorg AB").await;
    let unit = app.unit(provider, "Hemtjänst A").await;
    app.person("chef@test.se", &[("unit_manager", Some(unit))]).await;
    let chef = app.login("chef@test.se").await;
    let (status, shift_type) = app
        .call(
            &chef,
            "add_shift_type",
            &[("unit_id", &unit.to_string()), ("name", "Dag"), ("start", "07:00"), ("end", "15:00")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{shift_type}");
    let need = |weekdays: Vec<i64>| json!({"unit_id": unit, "shift_type_id": shift_type, "weekdays": weekdays, "kind": "Anyone", "headcount": "2"});

    // Two megabytes of weekdays: refused by size, before the body is read.
    let (status, _) = app.call_json(&chef, "add_staffing_need", need(vec![1; 1_000_000])).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Small but repeating: refused by the rule.
    let (status, body) = app.call_json(&chef, "add_staffing_need", need(vec![1, 2, 1])).await;
    assert_eq!((status, body), (StatusCode::UNPROCESSABLE_ENTITY, invalid_too_many("weekdays", 7)));
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staffing_needs").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(rows, 0);
    let (status, _) = app.call_json(&chef, "add_staffing_need", need(vec![1, 2, 3])).await;
    assert_eq!(status, StatusCode::OK);
    // The same need again is not a second row: it sets the headcount.
    let mut again = need(vec![2]);
    again["headcount"] = json!("3");
    assert_eq!(app.call_json(&chef, "add_staffing_need", again).await.0, StatusCode::OK);
    let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT weekday, headcount FROM staffing_needs ORDER BY weekday")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(rows, vec![(1, 2), (2, 3), (3, 2)]);
}

fn invalid_too_many(field: &str, max: i64) -> serde_json::Value {
    json!({ "Invalid": { "field": field, "code": { "TooMany": { "max": max } } } })
}

#[tokio::test]
async fn a_line_break_cannot_reach_the_staff_calendars() {
    let app = spawn().await;
    let provider = app.provider("Omsorg AB").await;
    let unit = app.unit(provider, "Hemtjänst A").await;
    app.person("chef@test.se", &[("unit_manager", Some(unit))]).await;
    let chef = app.login("chef@test.se").await;
    for name in ["Dag\r\nBEGIN:VEVENT", "Natt\u{7}", "=HYPERLINK(\"x\")"] {
        let (status, body) = app
            .call(
                &chef,
                "add_shift_type",
                &[("unit_id", &unit.to_string()), ("name", name), ("start", "07:00"), ("end", "15:00")],
            )
            .await;
        assert_eq!(
            (status, body),
            (StatusCode::UNPROCESSABLE_ENTITY, invalid("name", "ForbiddenCharacters")),
            "{name:?}"
        );
    }
}

#[tokio::test]
async fn a_new_password_ends_the_other_sessions_and_no_session_outlives_a_week() {
    let app = spawn().await;
    app.person("admin@test.se", &[("admin", None)]).await;
    let nina = app.person("nina@test.se", &[("pool_worker", None)]).await;
    let (phone, lost_tablet) = (app.login("nina@test.se").await, app.login("nina@test.se").await);
    let admin = app.login("admin@test.se").await;
    let signed_in = |c: reqwest::Client| {
        let app = &app;
        async move { app.call(&c, "me", &[]).await.1 != json!(null) }
    };
    assert!(signed_in(phone.clone()).await && signed_in(lost_tablet.clone()).await);

    // The tablet is lost: Nina gets a new link and sets a new password on her phone.
    let token = invite(&app, &admin, nina).await;
    let renewed = client();
    let (status, _) = app
        .call(
            &renewed,
            "accept_invitation",
            &[("token", &token), ("password", "nytt-lösenord-9"), ("password_repeat", "nytt-lösenord-9")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!signed_in(lost_tablet).await, "the lost tablet's session ended");
    assert!(!signed_in(phone).await, "every session from before the new password ended");
    assert!(signed_in(renewed.clone()).await);

    // In daily use, a session lasts a week from signing in, then asks to sign in again.
    for day in 1..=6 {
        app.clock().advance(jiff::SignedDuration::from_hours(24));
        assert!(signed_in(renewed.clone()).await, "day {day}");
    }
    app.clock().advance(jiff::SignedDuration::from_hours(25));
    assert!(!signed_in(renewed).await, "still signed in a week and an hour after signing in");
}

#[tokio::test]
async fn a_person_changes_their_own_password_with_the_current_one() {
    let app = spawn().await;
    app.person("anna@test.se", &[("care_worker", None)]).await;
    let (phone, old_tablet) = (app.login("anna@test.se").await, app.login("anna@test.se").await);
    let change = |current: &'static str, new: &'static str| {
        let (app, phone) = (&app, phone.clone());
        async move {
            app.call(
                &phone,
                "change_password",
                &[("current_password", current), ("password", new), ("password_repeat", new)],
            )
            .await
        }
    };
    assert_eq!(
        change("inte-mitt-lösenord", "annas-nya-lösenord").await,
        (StatusCode::UNPROCESSABLE_ENTITY, invalid("current_password", "WrongPassword"))
    );
    assert_eq!(
        change(PASSWORD, "kort").await,
        (StatusCode::UNPROCESSABLE_ENTITY, invalid("password", "PasswordTooShort"))
    );
    assert_eq!(change(PASSWORD, "annas-nya-lösenord").await, (StatusCode::OK, json!(null)));
    // This phone goes on; the tablet is signed out; only the new password works from now.
    assert_ne!(app.call(&phone, "me", &[]).await.1, json!(null));
    assert_eq!(app.call(&old_tablet, "me", &[]).await.1, json!(null));
    app.login_with("anna@test.se", "annas-nya-lösenord").await;
    let (status, _) = app.call(&client(), "login", &[("email", "anna@test.se"), ("password", PASSWORD)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Not signed in: no password to change.
    let (status, _) = app
        .call(
            &client(),
            "change_password",
            &[("current_password", PASSWORD), ("password", "x-x-x-x-x-x-x"), ("password_repeat", "x-x-x-x-x-x-x")],
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn over_https_the_session_cookie_is_secure_and_host_bound_and_hsts_is_sent() {
    let app = spawn_with(Options { secure_cookies: true, ..Default::default() }).await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    let res = app.login_response("anna@test.se", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("__Host-skiftet_session="), "{cookie}");
    for part in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{part} missing: {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert!(res.headers()["strict-transport-security"].to_str().unwrap().contains("max-age="));
    // Plain HTTP (development): no prefix, no HSTS.
    let plain = spawn().await;
    let res = client().get(plain.url("/login")).send().await.unwrap();
    assert!(res.headers().get("strict-transport-security").is_none());
}

#[tokio::test]
async fn paging_and_search_are_bounded() {
    let app = spawn().await;
    app.person("admin@test.se", &[("admin", None)]).await;
    let admin = app.login("admin@test.se").await;
    let huge = i64::MAX.to_string();
    for (endpoint, form) in
        [("admin/people", vec![("query", ""), ("page", huge.as_str())]), ("admin/audit", vec![("page", huge.as_str())])]
    {
        assert_eq!(
            app.call(&admin, endpoint, &form).await,
            (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("page", 0, 100_000)),
            "{endpoint}"
        );
    }
    let (status, last) = app.call(&admin, "admin/people", &[("query", ""), ("page", "100000")]).await;
    assert_eq!(status, StatusCode::OK, "{last}");
    assert_eq!(last["items"], json!([]));
    let long = "a".repeat(201);
    for (endpoint, form) in [
        ("admin/people", vec![("query", long.as_str()), ("page", "0")]),
        ("admin/units", vec![("query", long.as_str())]),
    ] {
        assert_eq!(
            app.call(&admin, endpoint, &form).await,
            (StatusCode::UNPROCESSABLE_ENTITY, invalid("query", "TooLong")),
            "{endpoint}"
        );
    }
}

#[tokio::test]
async fn behind_a_load_balancer_a_write_must_come_from_the_public_address() {
    let app = spawn_with(Options { public_url: Some("https://skiftet.example".into()), ..Default::default() }).await;
    app.person("anna@test.se", &[("pool_worker", None)]).await;
    let post = |origin: String| {
        let app = &app;
        async move {
            client()
                .post(app.url("/api/login"))
                .header("Accept", "application/json")
                .header("Origin", origin)
                .header("Sec-Fetch-Site", "same-origin")
                .form(&[("email", "anna@test.se"), ("password", PASSWORD)])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(post("https://skiftet.example".into()).await, StatusCode::OK);
    // The Host the balancer passes on (here the server's own address) is not what people use.
    assert_eq!(post(app.base.clone()).await, StatusCode::FORBIDDEN);
    assert_eq!(post("https://skiftet.example.evil.example".into()).await, StatusCode::FORBIDDEN);
}

/// Deactivating a person deletes every stored session of theirs in the same transaction: their
/// phones are signed out at once, and reactivating them later does not bring an old session
/// (perhaps on a lost phone) back to life.
#[tokio::test]
async fn deactivation_deletes_the_persons_sessions_at_once() {
    let app = spawn().await;
    app.person("admin@test.se", &[("admin", None)]).await;
    let anna = app.person("anna@test.se", &[("pool_worker", None)]).await;
    app.person("bo@test.se", &[("pool_worker", None)]).await;
    let admin = app.login("admin@test.se").await;
    let (phone, tablet, bo) =
        (app.login("anna@test.se").await, app.login("anna@test.se").await, app.login("bo@test.se").await);
    assert_eq!(app.call(&phone, "my_shifts", &[("past", "false")]).await.0, StatusCode::OK);
    let sessions_of = |person: i64| {
        sqlx::query_scalar::<_, String>("SELECT session_id FROM person_sessions WHERE person_id = $1")
            .bind(person)
            .fetch_all(&app.db.pool)
    };
    let annas = sessions_of(anna).await.unwrap();
    assert_eq!(annas.len(), 2, "one per device");
    let store = app::ssr::auth::session_table(app.db.backend);
    let pool = &app.db.pool;
    let stored = |ids: Vec<String>| {
        let sql = format!("SELECT COUNT(*) FROM {store} WHERE id = $1 OR id = $2");
        async move { sqlx::query_scalar::<_, i64>(&sql).bind(&ids[0]).bind(&ids[1]).fetch_one(pool).await.unwrap() }
    };
    assert_eq!(stored(annas.clone()).await, 2);

    let off = app.call(&admin, "admin/set_person_active", &[("id", &anna.to_string()), ("active", "false")]).await;
    assert_eq!(off.0, StatusCode::OK, "{}", off.1);
    assert_eq!(stored(annas).await, 0, "deleted from the session store");
    assert!(sessions_of(anna).await.unwrap().is_empty());
    assert_eq!(
        app.call(&admin, "admin/set_person_active", &[("id", &anna.to_string()), ("active", "true")]).await.0,
        StatusCode::OK
    );
    for device in [&phone, &tablet] {
        assert_eq!(app.call(device, "my_shifts", &[("past", "false")]).await.0, StatusCode::UNAUTHORIZED);
    }
    // Nobody else is signed out.
    assert_eq!(app.call(&bo, "my_shifts", &[("past", "false")]).await.0, StatusCode::OK);
}
