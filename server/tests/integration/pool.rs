//! The staff pool over HTTP, on both backends: the coordinator's allocation run, proposals and
//! publishing; workers accepting and declining; expiry and re-offer to the next worker; exactly
//! one booking per place under parallel acceptances; cancellation with a reason; availability;
//! providers on equal terms; and who may do what. Dates come from each app's own clock.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

struct World {
    unit: i64,
    day_type: i64,
    usk: i64,
    coordinator: &'static str,
    manager: &'static str,
    workers: Vec<(i64, String)>,
}

/// A unit (day shift 07–16), a coordinator, the unit's manager and `n` assistant-nurse pool
/// workers, each available days and evenings for the coming week.
async fn world(app: &TestApp, n: usize) -> World {
    let unit = app.unit(app.provider("Kommunen").await, "Solgården").await;
    let day_type = app.shift_type(unit, "D", "Dag", "07:00", "16:00").await;
    app.shift_type(unit, "K", "Kväll", "14:00", "22:00").await;
    let usk: i64 = sqlx::query(
        "INSERT INTO competences (code, name_sv, name_en, active) VALUES ('usk', 'Undersköterska', 'Assistant nurse', 1) RETURNING id",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .try_get("id")
    .unwrap();
    app.person("samordnare@test.se", &[("coordinator", None)]).await;
    app.person("chef@test.se", &[("unit_manager", Some(unit))]).await;
    let mut workers = Vec::new();
    for i in 0..n {
        let email = format!("pool{i}@test.se");
        let id = app.person(&email, &[("pool_worker", None)]).await;
        sqlx::query("INSERT INTO person_competences (person_id, competence_id) VALUES ($1, $2)")
            .bind(id)
            .bind(usk)
            .execute(&app.db.pool)
            .await
            .unwrap();
        for d in 0..8 {
            for part in ["day", "evening"] {
                sqlx::query("INSERT INTO pool_availability (person_id, day, part) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(plus(app.today(), d).to_string())
                    .bind(part)
                    .execute(&app.db.pool)
                    .await
                    .unwrap();
            }
        }
        workers.push((id, email));
    }
    World { unit, day_type, usk, coordinator: "samordnare@test.se", manager: "chef@test.se", workers }
}

/// An open pool request of `unit` for the day shift `days` from today.
async fn request(app: &TestApp, unit: i64, day_type: i64, usk: Option<i64>, days: i64, headcount: i64) -> i64 {
    let date = plus(app.today(), days);
    let span = app::domain::schedule::span_on(
        date,
        app::domain::schedule::parse_time("07:00").unwrap(),
        app::domain::schedule::parse_time("16:00").unwrap(),
    );
    sqlx::query(
        "INSERT INTO pool_requests (unit_id, shift_date, shift_type_id, competence_id, starts_at, ends_at, headcount,
                                    filled, state, origin, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 'open', 'week_view', 0, 0) RETURNING id",
    )
    .bind(unit)
    .bind(date.to_string())
    .bind(day_type)
    .bind(usk)
    .bind(span.start.as_second())
    .bind(span.end.as_second())
    .bind(headcount)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .try_get("id")
    .unwrap()
}

/// (offer id, person id, state) of every offer, in id order.
async fn offers(app: &TestApp) -> Vec<(i64, i64, String)> {
    sqlx::query_as("SELECT id, person_id, state FROM pool_offers ORDER BY id").fetch_all(&app.db.pool).await.unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db.pool).await.unwrap()
}

fn email_of(w: &World, person: i64) -> String {
    w.workers.iter().find(|(id, _)| *id == person).map(|(_, e)| e.clone()).unwrap()
}

#[tokio::test]
async fn a_run_proposes_the_coordinator_publishes_and_a_worker_accepts() {
    let app = spawn().await;
    let w = world(&app, 3).await;
    let request_id = request(&app, w.unit, w.day_type, Some(w.usk), 3, 2).await;
    let coordinator = app.login(w.coordinator).await;

    assert_eq!(app.call(&coordinator, "run_allocation", &[]).await, (StatusCode::OK, json!(2)));
    let (status, overview) = app.call(&coordinator, "pool_overview", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let places = overview["places"].as_array().unwrap();
    assert_eq!(places.len(), 2);
    assert!(places.iter().all(|p| p["status"]["Proposed"]["why"]["candidates"] == json!(3)), "{overview}");
    assert_eq!(overview["last_run"]["proposed"], json!(2));
    // Proposals are not offers: no worker sees them yet.
    for (_, email) in &w.workers {
        let (_, mine) = app.call(&app.login(email).await, "my_offers", &[]).await;
        assert_eq!(mine["offers"], json!([]), "{email} saw a proposal");
    }

    let before = app.clock().now_secs();
    assert_eq!(app.call(&coordinator, "publish_offers", &[]).await, (StatusCode::OK, json!(2)));
    let after = app.clock().now_secs();
    let sent = offers(&app).await;
    assert!(sent.iter().all(|(_, _, state)| state == "offered"), "{sent:?}");
    let (offer_id, taker, _) = sent[0].clone();
    let worker = app.login(&email_of(&w, taker)).await;
    let (status, mine) = app.call(&worker, "my_offers", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine["offers"].as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine["offers"][0]["unit_name"], json!("Solgården"));
    // Twelve hours to answer a shift three days ahead.
    let deadline: jiff::Timestamp = mine["offers"][0]["deadline"].as_str().unwrap().parse().unwrap();
    assert!((before..=after).contains(&(deadline.as_second() - 12 * 3600)), "{deadline}");

    // Someone else cannot take my offer, nor see it.
    let other = sent.iter().find(|(_, p, _)| *p != taker).unwrap().1;
    let stranger = app.login(&email_of(&w, other)).await;
    let (status, _) = app.call(&stranger, "accept_offer", &[("offer_id", &offer_id.to_string())]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, booking) = app.call(&worker, "accept_offer", &[("offer_id", &offer_id.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{booking}");
    // A retried tap answers the same booking, and books nothing twice.
    assert_eq!(
        app.call(&worker, "accept_offer", &[("offer_id", &offer_id.to_string())]).await,
        (StatusCode::OK, booking.clone())
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM pool_bookings").await, 1);
    let filled: i64 = sqlx::query_scalar("SELECT filled FROM pool_requests WHERE id = $1")
        .bind(request_id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(filled, 1);

    // The booking is a shift: in My shifts, and in the unit manager's week.
    let (_, shifts) = app.call(&worker, "my_shifts", &[("past", "false")]).await;
    assert_eq!(shifts["shifts"].as_array().unwrap().len(), 1, "{shifts}");
    assert_eq!(shifts["shifts"][0]["unit_name"], json!("Solgården"));
    let (_, mine) = app.call(&worker, "my_offers", &[]).await;
    assert_eq!(mine["offers"], json!([]));
    assert_eq!(mine["bookings"].as_array().unwrap().len(), 1);
    let manager = app.login(w.manager).await;
    let week = plus(app.today(), 3).to_string();
    let (status, plan) = app.call(&manager, "unit_week", &[("unit_id", &w.unit.to_string()), ("week", &week)]).await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    assert!(plan.to_string().contains(&format!("Test {}", email_of(&w, taker))), "{plan}");
    // And the coordinator's picture says so.
    let (_, overview) = app.call(&coordinator, "pool_overview", &[]).await;
    assert!(overview["places"].as_array().unwrap().iter().any(|p| p["status"]["Booked"].is_object()), "{overview}");
}

#[tokio::test]
async fn a_decline_goes_to_the_next_worker_and_an_expiry_too() {
    let app = spawn().await;
    let w = world(&app, 3).await;
    request(&app, w.unit, w.day_type, Some(w.usk), 3, 1).await;
    let coordinator = app.login(w.coordinator).await;
    app.call(&coordinator, "run_allocation", &[]).await;
    app.call(&coordinator, "publish_offers", &[]).await;
    let (first_offer, first, _) = offers(&app).await[0].clone();

    let declined = app
        .call(&app.login(&email_of(&w, first)).await, "decline_offer", &[("offer_id", &first_offer.to_string())])
        .await;
    assert_eq!(declined, (StatusCode::OK, Value::Null));
    let now = offers(&app).await;
    assert_eq!(now.len(), 2, "{now:?}");
    assert_eq!(now[0].2, "declined");
    let (second_offer, second, state) = now[1].clone();
    assert_eq!(state, "offered");
    assert_ne!(second, first, "the worker who declined was asked again");

    // The second worker lets it lapse: at the deadline it expires and goes to the third.
    app.clock().advance(jiff::SignedDuration::from_hours(12));
    assert_eq!(app::features::pool::server::expire_offers(&app.db).await.unwrap(), 1);
    let now = offers(&app).await;
    assert_eq!(now.iter().find(|o| o.0 == second_offer).unwrap().2, "expired");
    let third = now.last().unwrap();
    assert!(third.1 != first && third.1 != second && third.2 == "offered", "{now:?}");
    // The expired offer can no longer be taken.
    let late = app
        .call(&app.login(&email_of(&w, second)).await, "accept_offer", &[("offer_id", &second_offer.to_string())])
        .await;
    assert_eq!(late, (StatusCode::CONFLICT, json!({"Conflict": "OfferGone"})));

    // When the third declines too, nobody is left: the place stays open, and says why.
    app.call(&app.login(&email_of(&w, third.1)).await, "decline_offer", &[("offer_id", &third.0.to_string())]).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM pool_offers WHERE state = 'offered'").await, 0);
    app.call(&coordinator, "run_allocation", &[]).await;
    let (_, overview) = app.call(&coordinator, "pool_overview", &[]).await;
    assert_eq!(
        overview["places"][0]["status"],
        json!({"Open": {"reason": {"kind": "all_declined", "declined": 3}, "declined": 3}}),
        "{overview}"
    );
}

#[tokio::test]
async fn parallel_acceptances_give_exactly_one_booking_per_place_and_per_time() {
    let app = spawn().await;
    let w = world(&app, 8).await;
    let request_id = request(&app, w.unit, w.day_type, Some(w.usk), 2, 1).await;
    // Offers of the same place to everyone at once (the allocation never does this, a race
    // between a re-offer and a late answer could): the database must still allow one booking.
    let deadline = app.clock().now_secs() + 3600;
    let mut all = Vec::new();
    for (person, email) in &w.workers {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO pool_offers (request_id, slot_no, person_id, state, why, created_at, offered_at, deadline)
             VALUES ($1, 1, $2, 'offered', '{}', 0, 0, $3) RETURNING id",
        )
        .bind(request_id)
        .bind(person)
        .bind(deadline)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        all.push((id, app.login(email).await));
    }
    let shared = &app;
    let answers =
        futures_util::future::join_all(all.iter().map(|(id, c)| async move {
            shared.call(c, "accept_offer", &[("offer_id", id.to_string().as_str())]).await
        }))
        .await;
    let won = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!(won, 1, "{answers:?}");
    assert!(answers.iter().filter(|(s, _)| *s != StatusCode::OK).all(|a| a.0 == StatusCode::CONFLICT), "{answers:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM pool_bookings").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM shifts").await, 1);

    // One worker, two places at the same time at two units: at most one of them.
    let second_unit = app.unit(app.provider("Omsorg AB").await, "Björkhagen").await;
    let second_type = app.shift_type(second_unit, "D", "Dag", "07:00", "16:00").await;
    let a = request(&app, second_unit, second_type, None, 4, 1).await;
    let b = request(&app, w.unit, w.day_type, None, 4, 1).await;
    let (person, email) = &w.workers[0];
    let mut ids = Vec::new();
    for r in [a, b] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO pool_offers (request_id, slot_no, person_id, state, why, created_at, offered_at, deadline)
             VALUES ($1, 1, $2, 'offered', '{}', 0, 0, $3) RETURNING id",
        )
        .bind(r)
        .bind(person)
        .bind(deadline)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        ids.push(id.to_string());
    }
    let (c1, c2) = (app.login(email).await, app.login(email).await);
    let (x, y) = tokio::join!(async { app.call(&c1, "accept_offer", &[("offer_id", ids[0].as_str())]).await }, async {
        app.call(&c2, "accept_offer", &[("offer_id", ids[1].as_str())]).await
    });
    let oks = [&x, &y].iter().filter(|a| a.0 == StatusCode::OK).count();
    assert_eq!(oks, 1, "{x:?} {y:?}");
    let refused = if x.0 == StatusCode::OK { &y } else { &x };
    assert_eq!(refused.0, StatusCode::CONFLICT);
    assert!(refused.1["RuleBreach"].is_array(), "{refused:?}");
}

#[tokio::test]
async fn a_cancellation_needs_a_reason_frees_the_place_and_tells_the_worker() {
    let app = spawn().await;
    let w = world(&app, 1).await;
    request(&app, w.unit, w.day_type, Some(w.usk), 2, 1).await;
    let coordinator = app.login(w.coordinator).await;
    app.call(&coordinator, "run_allocation", &[]).await;
    app.call(&coordinator, "publish_offers", &[]).await;
    let worker = app.login(&w.workers[0].1).await;
    let mut live = app.live(&worker).await;
    let (offer, ..) = offers(&app).await[0].clone();
    let (_, booking) = app.call(&worker, "accept_offer", &[("offer_id", &offer.to_string())]).await;
    let booking = booking.as_i64().unwrap().to_string();

    // Only coordinators and the unit's own managers cancel, and only with a reason.
    let (status, _) = app.call(&worker, "cancel_booking", &[("booking_id", &booking), ("reason", "Nej")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let blank = app.call(&coordinator, "cancel_booking", &[("booking_id", &booking), ("reason", "  ")]).await;
    assert_eq!(blank, (StatusCode::UNPROCESSABLE_ENTITY, invalid("reason", "Required")));
    let done = app
        .call(&coordinator, "cancel_booking", &[("booking_id", &booking), ("reason", "Enheten löste det själv")])
        .await;
    assert_eq!(done, (StatusCode::OK, Value::Null));

    assert_eq!(count(&app, "SELECT COUNT(*) FROM shifts").await, 0);
    assert_eq!(count(&app, "SELECT filled FROM pool_requests").await, 0);
    let (_, mine) = app.call(&worker, "my_offers", &[]).await;
    assert_eq!(mine["bookings"][0]["cancel_reason"], json!("Enheten löste det själv"), "{mine}");
    // The worker's phone heard of it.
    let mut heard = Vec::new();
    while let Some(event) = tokio::time::timeout(std::time::Duration::from_secs(5), live.next()).await.ok().flatten() {
        heard.push(event.json());
        if heard.iter().filter(|e| e["type"] == "my_offers").count() >= 2 {
            break;
        }
    }
    assert!(heard.iter().filter(|e| e["type"] == "my_offers").count() >= 2, "{heard:?}");
    // Cancelled twice is refused, not done twice.
    let again = app.call(&coordinator, "cancel_booking", &[("booking_id", &booking), ("reason", "igen")]).await;
    assert_eq!(again, (StatusCode::CONFLICT, json!({"Conflict": "OfferGone"})));
}

#[tokio::test]
async fn municipal_and_private_units_are_served_on_equal_terms() {
    let app = spawn().await;
    let w = world(&app, 3).await;
    let private = app.provider("Omsorg AB").await;
    let other = app.unit(private, "Björkhagen").await;
    let other_type = app.shift_type(other, "D", "Dag", "07:00", "16:00").await;
    request(&app, w.unit, w.day_type, Some(w.usk), 3, 2).await;
    request(&app, other, other_type, Some(w.usk), 3, 2).await;
    let coordinator = app.login(w.coordinator).await;
    let proposals = |app: &TestApp| {
        let pool = app.db.pool.clone();
        async move {
            let rows: Vec<(i64, i64, i64)> =
                sqlx::query_as("SELECT request_id, slot_no, person_id FROM pool_offers WHERE state = 'proposed' ORDER BY request_id, slot_no")
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            rows
        }
    };
    app.call(&coordinator, "run_allocation", &[]).await;
    let before = proposals(&app).await;
    assert_eq!(before.len(), 3, "three workers for four places: {before:?}");
    sqlx::query("UPDATE providers SET kind = CASE WHEN kind = 'private' THEN 'municipal' ELSE 'private' END")
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.call(&coordinator, "run_allocation", &[]).await;
    assert_eq!(proposals(&app).await, before);
}

#[tokio::test]
async fn availability_is_the_workers_own_and_a_booked_part_stays() {
    let app = spawn().await;
    let w = world(&app, 1).await;
    let worker = app.login(&w.workers[0].1).await;
    let day = plus(app.today(), 2).to_string();
    let (status, mine) = app.call(&worker, "my_availability", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine["days"].as_array().unwrap().len(), 14);
    assert_eq!(mine["days"][2]["parts"], json!(["day", "evening"]));

    let night =
        app.call(&worker, "set_availability", &[("date", &day), ("part", "night"), ("available", "true")]).await;
    assert_eq!(night, (StatusCode::OK, Value::Null));
    let (_, mine) = app.call(&worker, "my_availability", &[]).await;
    assert_eq!(mine["days"][2]["parts"], json!(["day", "evening", "night"]));
    let past = plus(app.today(), -1).to_string();
    let refused =
        app.call(&worker, "set_availability", &[("date", &past), ("part", "day"), ("available", "true")]).await;
    assert_eq!(refused, (StatusCode::UNPROCESSABLE_ENTITY, invalid("date", "Date")));
    let bad = app.call(&worker, "set_availability", &[("date", &day), ("part", "lunch"), ("available", "true")]).await;
    assert_eq!(bad, (StatusCode::UNPROCESSABLE_ENTITY, invalid("part", "UnknownChoice")));

    // Booked on the day shift that day: the day part cannot be taken back.
    request(&app, w.unit, w.day_type, Some(w.usk), 2, 1).await;
    let coordinator = app.login(w.coordinator).await;
    app.call(&coordinator, "run_allocation", &[]).await;
    app.call(&coordinator, "publish_offers", &[]).await;
    let (offer, ..) = offers(&app).await[0].clone();
    app.call(&worker, "accept_offer", &[("offer_id", &offer.to_string())]).await;
    let off = app.call(&worker, "set_availability", &[("date", &day), ("part", "day"), ("available", "false")]).await;
    assert_eq!(off, (StatusCode::CONFLICT, json!({"Conflict": "AvailabilityBooked"})));
    let evening =
        app.call(&worker, "set_availability", &[("date", &day), ("part", "evening"), ("available", "false")]).await;
    assert_eq!(evening.0, StatusCode::OK);

    // Home area and travel: only the municipality's areas and the offered distances.
    let saved = app.call(&worker, "save_pool_profile", &[("home_area", "Centrum"), ("max_travel_km", "15")]).await;
    assert_eq!(saved, (StatusCode::OK, Value::Null));
    let unknown = app.call(&worker, "save_pool_profile", &[("home_area", "Atlantis"), ("max_travel_km", "15")]).await;
    assert_eq!(unknown, (StatusCode::UNPROCESSABLE_ENTITY, invalid("home_area", "UnknownChoice")));
    let far = app.call(&worker, "save_pool_profile", &[("home_area", "Centrum"), ("max_travel_km", "7")]).await;
    assert_eq!(far, (StatusCode::UNPROCESSABLE_ENTITY, invalid("max_travel_km", "UnknownChoice")));
    let (_, mine) = app.call(&worker, "my_availability", &[]).await;
    assert_eq!((mine["home_area"].clone(), mine["max_travel_km"].clone()), (json!("Centrum"), json!(15)));
}

#[tokio::test]
async fn only_the_right_roles_reach_the_pool() {
    let app = spawn().await;
    let w = world(&app, 1).await;
    app.person("vard@test.se", &[("care_worker", Some(w.unit))]).await;
    let worker = app.login(&w.workers[0].1).await;
    let care = app.login("vard@test.se").await;
    let manager = app.login(w.manager).await;
    for (client, endpoints) in [
        (&worker, &["pool_overview", "run_allocation", "publish_offers"][..]),
        (&manager, &["pool_overview", "run_allocation", "publish_offers", "my_offers", "my_availability"][..]),
        (&care, &["pool_overview", "my_offers", "my_availability"][..]),
    ] {
        for endpoint in endpoints {
            let (status, _) = app.call(client, endpoint, &[]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint}");
        }
    }
    let anonymous = client();
    let (status, _) = app.call(&anonymous, "my_offers", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_gap_in_the_week_view_is_asked_of_the_pool_and_the_booking_shows_there() {
    let app = spawn().await;
    let w = world(&app, 1).await;
    let other_unit = app.unit(app.provider("Omsorg AB").await, "Björkhagen").await;
    app.person("annan-chef@test.se", &[("unit_manager", Some(other_unit))]).await;
    app.person("vard@test.se", &[("care_worker", Some(w.unit))]).await;
    let manager = app.login(w.manager).await;
    let day = plus(app.today(), 2).to_string();
    let (unit, day_type, usk) = (w.unit.to_string(), w.day_type.to_string(), w.usk.to_string());
    let ask = [
        ("unit_id", unit.as_str()),
        ("date", day.as_str()),
        ("shift_type_id", day_type.as_str()),
        ("competence_id", usk.as_str()),
    ];
    assert_eq!(app.call(&manager, "request_from_pool", &ask).await, (StatusCode::OK, json!(1)));
    assert_eq!(app.call(&manager, "request_from_pool", &ask).await, (StatusCode::OK, json!(2)));
    // Coordinators ask too; others may not.
    let coordinator = app.login(w.coordinator).await;
    assert_eq!(app.call(&coordinator, "request_from_pool", &ask).await, (StatusCode::OK, json!(3)));
    for email in ["annan-chef@test.se", "vard@test.se", w.workers[0].1.as_str()] {
        let (status, _) = app.call(&app.login(email).await, "request_from_pool", &ask).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
    }
    // A shift that has started cannot be asked for; a shift type of another unit is no choice.
    let yesterday = plus(app.today(), -1).to_string();
    let past = app
        .call(&manager, "request_from_pool", &[("unit_id", &unit), ("date", &yesterday), ("shift_type_id", &day_type)])
        .await;
    assert_eq!(past.0, StatusCode::UNPROCESSABLE_ENTITY, "{past:?}");
    let foreign_type = app.shift_type(other_unit, "D", "Dag", "07:00", "16:00").await.to_string();
    let foreign = app
        .call(&manager, "request_from_pool", &[("unit_id", &unit), ("date", &day), ("shift_type_id", &foreign_type)])
        .await;
    assert_eq!(foreign, (StatusCode::UNPROCESSABLE_ENTITY, invalid("shift_type_id", "UnknownChoice")));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM pool_requests").await, 1);

    // The pool fills one place; the week view says so and marks the shift as the pool's.
    app.call(&coordinator, "run_allocation", &[]).await;
    app.call(&coordinator, "publish_offers", &[]).await;
    let (offer, ..) = offers(&app).await[0].clone();
    let worker = app.login(&w.workers[0].1).await;
    assert_eq!(app.call(&worker, "accept_offer", &[("offer_id", &offer.to_string())]).await.0, StatusCode::OK);
    let (_, week) = app.call(&manager, "unit_week", &[("unit_id", &unit), ("week", &day)]).await;
    let row = week["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["rows"].as_array().unwrap().iter().map(move |r| (d["date"].clone(), r.clone())))
        .find(|(date, r)| *date == json!(day) && r["shift_type_id"] == json!(w.day_type))
        .map(|(_, r)| r)
        .unwrap();
    assert_eq!((row["pool_asked"].clone(), row["pool_booked"].clone()), (json!(3), json!(1)), "{row}");
    let booking = row["shifts"][0]["pool_booking"].as_i64().expect("the shift is the pool's booking").to_string();
    // The unit's manager may cancel it (with a reason); a manager elsewhere may not.
    let elsewhere = app.login("annan-chef@test.se").await;
    let refused = app.call(&elsewhere, "cancel_booking", &[("booking_id", &booking), ("reason", "Fel")]).await;
    assert_eq!(refused.0, StatusCode::FORBIDDEN);
    let cancelled = app.call(&manager, "cancel_booking", &[("booking_id", &booking), ("reason", "Löst internt")]).await;
    assert_eq!(cancelled, (StatusCode::OK, Value::Null));
    let (_, mine) = app.call(&worker, "my_offers", &[]).await;
    assert_eq!(mine["bookings"][0]["cancel_reason"], json!("Löst internt"));
}

#[tokio::test]
async fn open_shifts_are_booked_directly_by_those_who_may_take_them() {
    let app = spawn().await;
    let w = world(&app, 3).await;
    let request_id = request(&app, w.unit, w.day_type, Some(w.usk), 3, 2).await.to_string();
    // Someone without the competence.
    let untrained = app.person("ny@test.se", &[("pool_worker", None)]).await;
    sqlx::query("INSERT INTO pool_availability (person_id, day, part) VALUES ($1, $2, 'day')")
        .bind(untrained)
        .bind(plus(app.today(), 3).to_string())
        .execute(&app.db.pool)
        .await
        .unwrap();
    let claim = [("request_id", request_id.as_str())];
    let (a, b, c) =
        (app.login(&w.workers[0].1).await, app.login(&w.workers[1].1).await, app.login(&w.workers[2].1).await);
    // Not open for direct booking yet.
    assert_eq!(
        app.call(&a, "claim_open_shift", &claim).await,
        (StatusCode::CONFLICT, json!({"Conflict": "OfferGone"}))
    );
    let (_, mine) = app.call(&a, "my_offers", &[]).await;
    assert_eq!(mine["open_shifts"], json!([]));
    let manager = app.login(w.manager).await;
    let allow = [("request_id", request_id.as_str()), ("allowed", "true")];
    assert_eq!(app.call(&manager, "set_direct_booking", &allow).await.0, StatusCode::FORBIDDEN);
    let coordinator = app.login(w.coordinator).await;
    assert_eq!(app.call(&coordinator, "set_direct_booking", &allow).await, (StatusCode::OK, Value::Null));

    let (_, mine) = app.call(&a, "my_offers", &[]).await;
    assert_eq!(mine["open_shifts"].as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine["open_shifts"][0]["free"], json!(2));
    let newcomer = app.login("ny@test.se").await;
    let (_, theirs) = app.call(&newcomer, "my_offers", &[]).await;
    assert_eq!(theirs["open_shifts"], json!([]), "without the competence it is not offered");
    assert_eq!(
        app.call(&newcomer, "claim_open_shift", &claim).await,
        (StatusCode::CONFLICT, json!({"Conflict": "NotEligible"}))
    );

    assert_eq!(app.call(&a, "claim_open_shift", &claim).await.0, StatusCode::OK);
    // One place each: the same shift twice would overlap.
    let (_, mine) = app.call(&a, "my_offers", &[]).await;
    assert_eq!(mine["open_shifts"], json!([]));
    assert_eq!(app.call(&a, "claim_open_shift", &claim).await.0, StatusCode::CONFLICT);
    assert_eq!(app.call(&b, "claim_open_shift", &claim).await.0, StatusCode::OK);
    assert_eq!(
        app.call(&c, "claim_open_shift", &claim).await,
        (StatusCode::CONFLICT, json!({"Conflict": "PlaceTaken"}))
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM pool_bookings").await, 2);
    assert_eq!(count(&app, "SELECT filled FROM pool_requests").await, 2);
    let (_, shifts) = app.call(&b, "my_shifts", &[("past", "false")]).await;
    assert_eq!(shifts["shifts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn places_starting_soon_are_offered_without_waiting_for_a_coordinator() {
    let app = spawn().await;
    let w = world(&app, 2).await;
    // Available around the clock for the next days.
    for (person, _) in &w.workers {
        for d in -1..8 {
            sqlx::query("INSERT INTO pool_availability (person_id, day, part) VALUES ($1, $2, 'night')")
                .bind(person)
                .bind(plus(app.today(), d).to_string())
                .execute(&app.db.pool)
                .await
                .unwrap();
        }
    }
    let now = app.clock().now_secs();
    let soon = request(&app, w.unit, w.day_type, Some(w.usk), 5, 1).await;
    // The first request moved to start in five hours (from the test's own clock).
    sqlx::query("UPDATE pool_requests SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(now + 5 * 3600)
        .bind(now + 13 * 3600)
        .bind(soon)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let later = request(&app, w.unit, w.day_type, Some(w.usk), 4, 1).await;
    assert_eq!(app::features::pool::server::auto_publish(&app.db, 24).await.unwrap(), 1);
    let sent: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT request_id, state, deadline FROM pool_offers").fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!((sent[0].0, sent[0].1.as_str()), (soon, "offered"));
    assert_ne!(sent[0].0, later);
    // Answers are due two hours before the start.
    assert_eq!(sent[0].2, now + 3 * 3600);
    // Run again (the next minute, or another instance): nothing twice.
    assert_eq!(app::features::pool::server::auto_publish(&app.db, 24).await.unwrap(), 0);
}

#[tokio::test]
async fn coordinators_set_a_pool_workers_tier_cap_and_introductions_and_the_allocation_follows() {
    let app = spawn().await;
    let w = world(&app, 2).await;
    let other = app.unit(app.provider("Omsorg AB").await, "Björkhagen").await;
    request(&app, w.unit, w.day_type, Some(w.usk), 3, 1).await;
    let coordinator = app.login(w.coordinator).await;
    let (first, second) = (w.workers[0].0, w.workers[1].0);
    let (status, profile) = app.call(&coordinator, "pool_profile", &[("person_id", &first.to_string())]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((profile["tier"].clone(), profile["introduced_unit_ids"].clone()), (json!("care"), json!([])));
    // The second worker is introduced at the unit: the allocation prefers them.
    let saved = app
        .call_json(
            &coordinator,
            "save_pool_worker",
            json!({"person_id": second, "tier": "care", "max_week_hours": "30", "introduced_unit_ids": [w.unit, other]}),
        )
        .await;
    assert_eq!(saved, (StatusCode::OK, Value::Null));
    app.call(&coordinator, "run_allocation", &[]).await;
    let proposed: i64 = sqlx::query_scalar("SELECT person_id FROM pool_offers").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(proposed, second);
    // Service-only staff take no care shift: with both service-only, nobody gets it.
    for person in [first, second] {
        let body = json!({"person_id": person, "tier": "service", "max_week_hours": "", "introduced_unit_ids": []});
        assert_eq!(app.call_json(&coordinator, "save_pool_worker", body).await.0, StatusCode::OK);
    }
    app.call(&coordinator, "run_allocation", &[]).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM pool_offers").await, 0);
    // Bad input is named; others may not.
    let bad = json!({"person_id": first, "tier": "care", "max_week_hours": "90", "introduced_unit_ids": []});
    assert_eq!(
        app.call_json(&coordinator, "save_pool_worker", bad).await,
        (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("max_week_hours", 1, 48))
    );
    let manager = app.login(w.manager).await;
    let (status, _) = app.call(&manager, "pool_profile", &[("person_id", &first.to_string())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.call(&coordinator, "pool_profile", &[("person_id", "999999")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_coordinator_changes_a_proposal_to_someone_else_who_may_take_it() {
    let app = spawn().await;
    let w = world(&app, 3).await;
    request(&app, w.unit, w.day_type, Some(w.usk), 3, 1).await;
    app.person("ny@test.se", &[("pool_worker", None)]).await;
    let coordinator = app.login(w.coordinator).await;
    app.call(&coordinator, "run_allocation", &[]).await;
    let (offer, proposed, _) = offers(&app).await[0].clone();
    let offer = offer.to_string();
    let (status, choices) = app.call(&coordinator, "proposal_alternatives", &[("offer_id", &offer)]).await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<i64> = choices.as_array().unwrap().iter().map(|c| c["person_id"].as_i64().unwrap()).collect();
    // The two other assistant nurses; not the one proposed, not the newcomer without the competence.
    assert_eq!(ids.len(), 2, "{choices}");
    assert!(!ids.contains(&proposed));
    let newcomer: i64 =
        sqlx::query_scalar("SELECT id FROM people WHERE email = 'ny@test.se'").fetch_one(&app.db.pool).await.unwrap();
    let refused =
        app.call(&coordinator, "change_proposal", &[("offer_id", &offer), ("person_id", &newcomer.to_string())]).await;
    assert_eq!(refused, (StatusCode::UNPROCESSABLE_ENTITY, invalid("person_id", "UnknownChoice")));
    let changed =
        app.call(&coordinator, "change_proposal", &[("offer_id", &offer), ("person_id", &ids[0].to_string())]).await;
    assert_eq!(changed, (StatusCode::OK, Value::Null));
    assert_eq!(offers(&app).await[0].1, ids[0]);
    // Published, it reaches the chosen worker.
    app.call(&coordinator, "publish_offers", &[]).await;
    let chosen = app.login(&email_of(&w, ids[0])).await;
    let (_, mine) = app.call(&chosen, "my_offers", &[]).await;
    assert_eq!(mine["offers"].as_array().unwrap().len(), 1, "{mine}");
    // A published offer is no proposal to change.
    let late =
        app.call(&coordinator, "change_proposal", &[("offer_id", &offer), ("person_id", &ids[1].to_string())]).await;
    assert_eq!(late, (StatusCode::CONFLICT, json!({"Conflict": "OfferGone"})));
    let manager = app.login(w.manager).await;
    assert_eq!(app.call(&manager, "proposal_alternatives", &[("offer_id", &offer)]).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_usual_week_with_days_changed_by_hand_and_own_times_reaches_the_allocation() {
    let app = spawn().await;
    // The world gives the coming 8 days by hand; day 10 has nothing yet.
    let w = world(&app, 1).await;
    let worker = app.login(&w.workers[0].1).await;
    let coordinator = app.login(w.coordinator).await;
    let far = plus(app.today(), 10);
    let far_s = far.to_string();
    let weekday = far.weekday().to_monday_one_offset().to_string();
    request(&app, w.unit, w.day_type, Some(w.usk), 10, 1).await;
    assert_eq!(app.call(&coordinator, "run_allocation", &[]).await, (StatusCode::OK, json!(0)));

    // "Days, every such weekday": day 10 follows, day 3 (same weekday, set by hand) keeps its own.
    let usual = app
        .call(&worker, "set_week_availability", &[("weekday", &weekday), ("part", "day"), ("available", "true")])
        .await;
    assert_eq!(usual, (StatusCode::OK, Value::Null));
    let (_, mine) = app.call(&worker, "my_availability", &[]).await;
    let n: usize = weekday.parse::<usize>().unwrap() - 1;
    assert_eq!(mine["week"][n], json!({"weekday": n + 1, "parts": ["day"]}));
    assert_eq!(
        (mine["days"][10]["parts"].clone(), mine["days"][10]["by_hand"].clone()),
        (json!(["day"]), json!(false))
    );
    assert_eq!(
        (mine["days"][3]["parts"].clone(), mine["days"][3]["by_hand"].clone()),
        (json!(["day", "evening"]), json!(true))
    );
    assert_eq!(app.call(&coordinator, "run_allocation", &[]).await, (StatusCode::OK, json!(1)));

    // Not that day after all: one tap makes it a day of its own, with nothing.
    let off = app.call(&worker, "set_availability", &[("date", &far_s), ("part", "day"), ("available", "false")]).await;
    assert_eq!(off.0, StatusCode::OK);
    let (_, mine) = app.call(&worker, "my_availability", &[]).await;
    assert_eq!((mine["days"][10]["parts"].clone(), mine["days"][10]["by_hand"].clone()), (json!([]), json!(true)));
    assert_eq!(app.call(&coordinator, "run_allocation", &[]).await, (StatusCode::OK, json!(0)));

    // Own times that hold the 07–16 shift make them a candidate again; nonsense times are refused.
    let own =
        app.call(&worker, "add_availability_time", &[("date", &far_s), ("start", "06:30"), ("end", "16:30")]).await;
    assert_eq!(own, (StatusCode::OK, Value::Null));
    let same =
        app.call(&worker, "add_availability_time", &[("date", &far_s), ("start", "16:00"), ("end", "16:00")]).await;
    assert_eq!(same, (StatusCode::UNPROCESSABLE_ENTITY, invalid("end", "Time")));
    let (_, mine) = app.call(&worker, "my_availability", &[]).await;
    assert_eq!(mine["days"][10]["times"], json!([{"start_minute": 390, "end_minute": 990}]));
    assert_eq!(app.call(&coordinator, "run_allocation", &[]).await, (StatusCode::OK, json!(1)));
    let gone = app.call(&worker, "remove_availability_time", &[("date", &far_s), ("start_minute", "391")]).await;
    assert_eq!(gone.0, StatusCode::NOT_FOUND);
    let removed = app.call(&worker, "remove_availability_time", &[("date", &far_s), ("start_minute", "390")]).await;
    assert_eq!(removed.0, StatusCode::OK);
    assert_eq!(app.call(&coordinator, "run_allocation", &[]).await, (StatusCode::OK, json!(0)));

    // Back to the usual week.
    let reset = app.call(&worker, "reset_availability_day", &[("date", &far_s)]).await;
    assert_eq!(reset.0, StatusCode::OK);
    let (_, mine) = app.call(&worker, "my_availability", &[]).await;
    assert_eq!(
        (mine["days"][10]["parts"].clone(), mine["days"][10]["by_hand"].clone()),
        (json!(["day"]), json!(false))
    );

    // The coming seven days (days and evenings, by hand) become the usual week: they follow it
    // from now on, and so does every later day not changed by hand.
    assert_eq!(app.call(&worker, "repeat_availability", &[]).await.0, StatusCode::OK);
    let (_, mine) = app.call(&worker, "my_availability", &[]).await;
    assert!(mine["week"].as_array().unwrap().iter().all(|d| d["parts"] == json!(["day", "evening"])), "{mine}");
    for n in [0, 6, 10, 13] {
        assert_eq!(mine["days"][n]["parts"], json!(["day", "evening"]), "day {n}");
    }
    assert_eq!(mine["days"][0]["by_hand"], json!(false));
    assert_eq!(mine["days"][7]["by_hand"], json!(true));
    let bad =
        app.call(&worker, "set_week_availability", &[("weekday", "8"), ("part", "day"), ("available", "true")]).await;
    assert_eq!(bad, (StatusCode::UNPROCESSABLE_ENTITY, invalid("weekday", "UnknownChoice")));
}
