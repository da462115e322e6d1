//! Service-team errands over HTTP, on both backends: a unit asks, the first claim wins, the state
//! machine refuses work on unclaimed and cancelled errands, replays with the same idempotency key
//! are done once, the client's data is seen only by the unit and the member who claimed it, and
//! every such view is in the access log the unit's manager reads. Dates from the app's own clock.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

struct World {
    unit: i64,
    other_unit: i64,
}

/// A home-care unit with a manager and a care worker, another unit with its own manager, and two
/// service-team members.
async fn world(app: &TestApp) -> World {
    let provider = app.provider("Kommunen").await;
    let unit = app.unit(provider, "Hemtjänst Norr").await;
    let other_unit = app.unit(provider, "Hemtjänst Syd").await;
    app.person("chef@test.se", &[("unit_manager", Some(unit))]).await;
    app.person("usk@test.se", &[("care_worker", Some(unit))]).await;
    app.person("chef-syd@test.se", &[("unit_manager", Some(other_unit))]).await;
    app.person("service1@test.se", &[("service_team", None)]).await;
    app.person("service2@test.se", &[("service_team", None)]).await;
    app.person("samordnare@test.se", &[("coordinator", None)]).await;
    World { unit, other_unit }
}

fn groceries<'a>(unit: &'a str, day: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("unit_id", unit),
        ("kind", "grocery_shopping"),
        ("day", day),
        ("from", "10:00"),
        ("to", "14:00"),
        ("pickup", "Hemtjänstkontoret, Storgatan 1"),
        ("deliver_to", "client"),
        ("client_ref", "K-17"),
        ("client_address", "Björkvägen 3, 2 tr"),
        ("list", "2 l mjölk\nBröd\n3 bananer"),
        ("notes", "Ring på, det tar en stund."),
        ("registration", ""),
    ]
}

async fn step(
    app: &TestApp,
    c: &reqwest::Client,
    errand: i64,
    fields: &[(&str, &str)],
    key: &str,
) -> (StatusCode, Value) {
    let id = errand.to_string();
    let mut form = vec![("errand_id", id.as_str()), ("key", key)];
    form.extend_from_slice(fields);
    app.call(c, "errand_step", &form).await
}

fn conflict(code: &str) -> Value {
    serde_json::json!({ "Conflict": code })
}

#[tokio::test]
async fn a_unit_orders_groceries_and_the_first_claim_wins() {
    let app = spawn().await;
    let w = world(&app).await;
    let care = app.login("usk@test.se").await;
    let day = plus(app.today(), 1).to_string();
    let unit = w.unit.to_string();
    let (status, id) = app.call(&care, "request_errand", &groceries(&unit, &day)).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let id = id.as_i64().unwrap();

    // The queue shows it to every member, without the client's data.
    let s1 = app.login("service1@test.se").await;
    let s2 = app.login("service2@test.se").await;
    let (status, queue) = app.call(&s1, "errand_queue", &[]).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    let open = &queue["open"][0];
    assert_eq!(open["id"], id);
    assert_eq!(open["items"], 3);
    let text = queue.to_string();
    assert!(!text.contains("Björkvägen") && !text.contains("mjölk") && !text.contains("Ring på"), "{text}");

    // Two members claim at once: exactly one wins, the other is told it is taken.
    let (a, b) = tokio::join!(
        step(&app, &s1, id, &[("action", "claim")], "claim-1"),
        step(&app, &s2, id, &[("action", "claim")], "claim-2"),
    );
    let won = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(won, 1, "{a:?} {b:?}");
    let (winner, loser, winner_key) = if a.0 == StatusCode::OK { (&s1, &s2, "claim-1") } else { (&s2, &s1, "claim-2") };
    let lost = if a.0 == StatusCode::OK { b } else { a };
    assert_eq!(lost, (StatusCode::CONFLICT, conflict("ErrandTaken")));
    // The winner's claim sent again (an offline queue) is the same claim.
    assert_eq!(step(&app, winner, id, &[("action", "claim")], winner_key).await.0, StatusCode::OK);

    // The winner sees the address and the list; the loser sees neither, and cannot tick.
    let (_, mine) = app.call(winner, "errand_queue", &[]).await;
    assert_eq!(mine["mine"][0]["client_address"], "Björkvägen 3, 2 tr");
    assert_eq!(mine["mine"][0]["items"].as_array().unwrap().len(), 3);
    let (_, theirs) = app.call(loser, "errand_queue", &[]).await;
    assert!(!theirs.to_string().contains("Björkvägen"), "{theirs}");
    let tick = [("action", "tick"), ("position", "1"), ("outcome", "found")];
    assert_eq!(step(&app, loser, id, &tick, "t-loser").await, (StatusCode::CONFLICT, conflict("ErrandTaken")));

    // Ticks, sent twice each, a purchase and delivery.
    for (position, key) in [("1", "t1"), ("2", "t2"), ("3", "t3")] {
        let tick = [("action", "tick"), ("position", position), ("outcome", "found")];
        for _ in 0..2 {
            assert_eq!(step(&app, winner, id, &tick, key).await.0, StatusCode::OK);
        }
    }
    let purchase = [("action", "purchase"), ("amount", "249,50"), ("text", "Kvitto 4411")];
    assert_eq!(step(&app, winner, id, &purchase, "buy").await.0, StatusCode::OK);
    assert_eq!(step(&app, winner, id, &[("action", "deliver")], "done").await.0, StatusCode::OK);
    assert_eq!(step(&app, winner, id, &[("action", "deliver")], "done").await.0, StatusCode::OK);

    // The unit sees it delivered with three ticked items, once; each step is audited once.
    let manager = app.login("chef@test.se").await;
    let (status, seen) = app.call(&manager, "unit_errands", &[("unit_id", &unit)]).await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    let errand = &seen["errands"][0];
    assert_eq!(errand["summary"]["state"], "delivered");
    assert_eq!(errand["summary"]["items_done"], 3);
    assert_eq!(errand["amount_ore"], 24_950);
    let ticks: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'errand' AND action = 'work_on_errand'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(ticks, 4, "three ticks and one purchase, each once");
    // Delivered groceries free an hour of care staff time this week.
    let week = seen["follow_up"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(week["minutes_freed"], 60, "{week}");

    // The coordinator's figures: the unit, one delivered, an hour freed, and the week by type and
    // state; the other unit's manager sees only their own unit, which has none.
    let coordinator = app.login("samordnare@test.se").await;
    let (status, figures) = app.call(&coordinator, "errand_overview", &[]).await;
    assert_eq!(status, StatusCode::OK, "{figures}");
    let units = figures["units"].as_array().unwrap();
    assert_eq!(units.len(), 1, "only units with errands: {figures}");
    assert_eq!(units[0]["unit_id"], w.unit);
    assert_eq!((units[0]["ordered"].clone(), units[0]["delivered"].clone()), (1.into(), 1.into()));
    assert_eq!(units[0]["minutes_freed"], 60);
    let weeks = units[0]["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 4, "{figures}");
    assert_eq!(weeks[3]["counts"], serde_json::json!([["grocery_shopping", "delivered", 1]]));
    assert!(weeks[..3].iter().all(|w| w["counts"] == serde_json::json!([])), "{figures}");
    assert_eq!(weeks[3]["week"], seen["follow_up"][3]["week"], "the same weeks as the unit's own follow-up");
    assert_eq!(figures["may_set_minutes"], true);
    assert!(!figures.to_string().contains("Björkvägen"), "{figures}");
    let other = app.login("chef-syd@test.se").await;
    let (_, theirs) = app.call(&other, "errand_overview", &[]).await;
    assert_eq!(theirs["units"], serde_json::json!([]));
    assert_eq!(theirs["may_set_minutes"], false);

    // The coordinator counts grocery shopping as 45 minutes: both pages follow.
    let (status, body) =
        app.call(&coordinator, "set_errand_minutes", &[("kind", "grocery_shopping"), ("minutes", "45")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, figures) = app.call(&coordinator, "errand_overview", &[]).await;
    assert_eq!(figures["units"][0]["minutes_freed"], 45);
    let grocery = figures["minutes"].as_array().unwrap().iter().find(|m| m["kind"] == "grocery_shopping").unwrap();
    assert_eq!((grocery["minutes"].clone(), grocery["default"].clone()), (45.into(), false.into()));
    let (_, seen) = app.call(&manager, "unit_errands", &[("unit_id", &unit)]).await;
    assert_eq!(seen["follow_up"][3]["minutes_freed"], 45);
    // Bad figures are refused, translated by field, and change nothing.
    for bad in ["481", "-5", "en timme", ""] {
        let (status, body) =
            app.call(&coordinator, "set_errand_minutes", &[("kind", "grocery_shopping"), ("minutes", bad)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(body["Invalid"]["field"], "minutes", "{body}");
    }
    let (status, _) = app.call(&coordinator, "set_errand_minutes", &[("kind", "space_travel"), ("minutes", "5")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, figures) = app.call(&coordinator, "errand_overview", &[]).await;
    assert_eq!(figures["units"][0]["minutes_freed"], 45);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'set_errand_minutes'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);
    // A unit manager may read the minutes but not set them.
    let (status, _) = app.call(&manager, "set_errand_minutes", &[("kind", "other"), ("minutes", "5")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // No more work on a delivered errand.
    assert_eq!(step(&app, winner, id, &tick, "late").await, (StatusCode::CONFLICT, conflict("ErrandClosed")));
}

#[tokio::test]
async fn the_state_machine_refuses_work_on_unclaimed_and_cancelled_errands() {
    let app = spawn().await;
    let w = world(&app).await;
    let manager = app.login("chef@test.se").await;
    let unit = w.unit.to_string();
    let day = plus(app.today(), 2).to_string();
    let (_, id) = app.call(&manager, "request_errand", &groceries(&unit, &day)).await;
    let id = id.as_i64().unwrap();
    let member = app.login("service1@test.se").await;
    let tick = [("action", "tick"), ("position", "1"), ("outcome", "found")];
    assert_eq!(step(&app, &member, id, &tick, "early").await, (StatusCode::CONFLICT, conflict("ErrandNotClaimed")));
    assert_eq!(step(&app, &member, id, &[("action", "deliver")], "early2").await.1, conflict("ErrandNotClaimed"));

    // Claimed: the unit needs a reason to cancel, then the member is told it was cancelled.
    assert_eq!(step(&app, &member, id, &[("action", "claim")], "c").await.0, StatusCode::OK);
    let eid = id.to_string();
    assert_eq!(
        app.call(&manager, "cancel_errand", &[("errand_id", &eid), ("reason", "")]).await,
        (StatusCode::UNPROCESSABLE_ENTITY, invalid("reason", "Required"))
    );
    let (status, _) =
        app.call(&manager, "cancel_errand", &[("errand_id", &eid), ("reason", "Brukaren är på sjukhus")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(step(&app, &member, id, &tick, "after").await, (StatusCode::CONFLICT, conflict("ErrandCancelled")));
    assert_eq!(step(&app, &member, id, &[("action", "deliver")], "after2").await.1, conflict("ErrandCancelled"));
    let (_, queue) = app.call(&member, "errand_queue", &[]).await;
    assert!(queue["mine"].as_array().unwrap().is_empty() && queue["open"].as_array().unwrap().is_empty(), "{queue}");

    // Bad input is refused with the field named, and nothing is stored.
    let mut bad = groceries(&unit, &day);
    bad.retain(|(k, _)| *k != "list");
    bad.push(("list", ""));
    assert_eq!(
        app.call(&manager, "request_errand", &bad).await,
        (StatusCode::UNPROCESSABLE_ENTITY, invalid("list", "Required"))
    );
    let mut car = groceries(&unit, &day);
    car.retain(|(k, _)| !["kind", "registration"].contains(k));
    car.extend([("kind", "tyre_change"), ("registration", "AB 12")]);
    assert_eq!(
        app.call(&manager, "request_errand", &car).await,
        (StatusCode::UNPROCESSABLE_ENTITY, invalid("registration", "Registration"))
    );
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM errands").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn client_data_is_seen_only_by_the_unit_and_the_member_and_every_view_is_logged() {
    let app = spawn().await;
    let w = world(&app).await;
    let care = app.login("usk@test.se").await;
    let unit = w.unit.to_string();
    let day = plus(app.today(), 1).to_string();
    let (_, id) = app.call(&care, "request_errand", &groceries(&unit, &day)).await;
    let id = id.as_i64().unwrap();

    // Another unit's manager, a service-team member and a coordinator-less outsider: refused.
    let other = app.login("chef-syd@test.se").await;
    assert_eq!(app.call(&other, "unit_errands", &[("unit_id", &unit)]).await.0, StatusCode::FORBIDDEN);
    let eid = id.to_string();
    assert_eq!(
        app.call(&other, "cancel_errand", &[("errand_id", &eid), ("reason", "x")]).await.0,
        StatusCode::FORBIDDEN
    );
    let other_unit = w.other_unit.to_string();
    assert_eq!(app.call(&other, "unit_errands", &[("unit_id", &other_unit)]).await.0, StatusCode::OK);
    let member = app.login("service1@test.se").await;
    assert_eq!(app.call(&member, "unit_errands", &[("unit_id", &unit)]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&member, "request_errand", &groceries(&unit, &day)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&care, "errand_queue", &[]).await.0, StatusCode::FORBIDDEN);
    // Care workers order, but only managers read the access log.
    assert_eq!(app.call(&care, "errand_access_log", &[("unit_id", &unit)]).await.0, StatusCode::FORBIDDEN);

    // The care worker's view and the member's view after claiming are logged; the open queue is not.
    app.call(&member, "errand_queue", &[]).await;
    let manager = app.login("chef@test.se").await;
    let (_, log) = app.call(&manager, "errand_access_log", &[("unit_id", &unit)]).await;
    assert!(log.as_array().unwrap().is_empty(), "{log}");
    app.call(&care, "unit_errands", &[("unit_id", &unit)]).await;
    step(&app, &member, id, &[("action", "claim")], "claim").await;
    app.call(&member, "errand_queue", &[]).await;
    let (status, log) = app.call(&manager, "errand_access_log", &[("unit_id", &unit)]).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["person_name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2, "{log}");
    assert!(log.as_array().unwrap().iter().all(|e| e["errand_id"] == id && e["client_ref"] == "K-17"));
}
