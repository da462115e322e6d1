//! Schedules over HTTP: generation from a rotation, the week view with its gaps, assignments
//! refused on a working-time breach (and allowed with an exception), "my shifts" and the
//! calendar feed — on both backends.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::demo;
use sqlx::Row;

/// A home-care unit with day (07–16) and evening (14–22) shifts, a need of 2 on weekday days.
async fn unit_with_shift_types(app: &TestApp) -> (i64, i64, i64) {
    let unit = app.unit(app.provider("Omsorg AB").await, "Hemtjänst Väst").await;
    let mut ids = Vec::new();
    for (code, name, start, end) in [("D", "Dag", "07:00", "16:00"), ("K", "Kväll", "14:00", "22:00")] {
        ids.push(app.shift_type(unit, code, name, start, end).await);
    }
    for weekday in 1..=5 {
        sqlx::query("INSERT INTO staffing_needs (unit_id, weekday, shift_type_id, headcount) VALUES ($1, $2, $3, 2)")
            .bind(unit)
            .bind(weekday)
            .bind(ids[0])
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    (unit, ids[0], ids[1])
}

async fn shift(
    app: &TestApp,
    unit: i64,
    person: i64,
    type_id: i64,
    day: jiff::civil::Date,
    start: &str,
    end: &str,
) -> i64 {
    let span = app::domain::schedule::span_on(
        day,
        app::domain::schedule::parse_time(start).unwrap(),
        app::domain::schedule::parse_time(end).unwrap(),
    );
    sqlx::query(
        "INSERT INTO shifts (unit_id, person_id, shift_type_id, starts_at, ends_at, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'planned', 0) RETURNING id",
    )
    .bind(unit)
    .bind(person)
    .bind(type_id)
    .bind(span.start.as_second())
    .bind(span.end.as_second())
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .try_get("id")
    .unwrap()
}

#[tokio::test]
async fn an_assignment_that_leaves_less_than_eleven_hours_rest_is_refused() {
    let app = spawn().await;
    // Dates from the app's clock: next week's Monday and the days after it.
    let mon = app.monday_in(1);
    let (unit, day_type, evening_type) = unit_with_shift_types(&app).await;
    app.person("chef@test.se", &[("unit_manager", Some(unit))]).await;
    let anna = app.person("anna@test.se", &[("care_worker", Some(unit))]).await;
    let monday = plus(mon, 0);
    // Anna works Monday evening until 22:00.
    shift(&app, unit, anna, evening_type, monday, "14:00", "22:00").await;
    let chef = app.login("chef@test.se").await;
    let tuesday = &plus(mon, 1).to_string();

    // The check before saving names the rule.
    let (status, candidates) = app
        .call(
            &chef,
            "assignment_candidates",
            &[("unit_id", &unit.to_string()), ("date", tuesday), ("shift_type_id", &day_type.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{candidates}");
    assert_eq!(candidates[0]["name"], "Test anna@test.se");
    assert_eq!(
        candidates[0]["breaches"],
        json!([{"DailyRest": {"rest_minutes": 540, "required_minutes": 660, "exception_possible": true}}])
    );

    // Saving without an exception is refused, and nothing is written.
    let form = |reason: Option<&'static str>| {
        let mut f = vec![
            ("unit_id", unit.to_string()),
            ("date", tuesday.to_string()),
            ("shift_type_id", day_type.to_string()),
            ("person_id", anna.to_string()),
        ];
        if let Some(r) = reason {
            f.push(("exception_reason", r.to_string()));
        }
        f
    };
    let refuse = form(None);
    let refuse: Vec<(&str, &str)> = refuse.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = app.call(&chef, "assign_shift", &refuse).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["RuleBreach"][0]["DailyRest"].is_object(), "{body}");
    let count: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM shifts").fetch_one(&app.db.pool).await.unwrap().try_get("n").unwrap();
    assert_eq!(count, 1);

    // With a reason the exception down to 9 h is allowed, recorded and audited.
    let allow = form(Some("Sjukfrånvaro i arbetslaget"));
    let allow: Vec<(&str, &str)> = allow.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, id) = app.call(&chef, "assign_shift", &allow).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let row = sqlx::query("SELECT person_id, rest_exception_reason FROM shifts WHERE id = $1")
        .bind(id.as_i64().unwrap())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(row.try_get::<Option<i64>, _>("person_id").unwrap(), Some(anna));
    assert_eq!(
        row.try_get::<Option<String>, _>("rest_exception_reason").unwrap().as_deref(),
        Some("Sjukfrånvaro i arbetslaget")
    );

    // An overlap is never allowed, reason or not.
    let (status, body) = app
        .call(
            &chef,
            "assign_shift",
            &[
                ("unit_id", &unit.to_string()),
                ("date", &plus(mon, 0).to_string()),
                ("shift_type_id", &day_type.to_string()),
                ("person_id", &anna.to_string()),
                ("exception_reason", "Vill gärna"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["RuleBreach"].as_array().unwrap().iter().any(|b| b.get("Overlap").is_some()), "{body}");
}

#[tokio::test]
async fn rules_apply_across_providers_and_units() {
    let app = spawn().await;
    // Dates from the app's clock: next week's Monday and the days after it.
    let mon = app.monday_in(1);
    let (unit_a, day_a, _) = unit_with_shift_types(&app).await;
    let (unit_b, _, evening_b) = unit_with_shift_types(&app).await;
    app.person("chef@test.se", &[("unit_manager", Some(unit_a))]).await;
    let pool = app.person("pool@test.se", &[("care_worker", Some(unit_a)), ("pool_worker", None)]).await;
    // An evening at another provider's unit…
    shift(&app, unit_b, pool, evening_b, plus(mon, 0), "14:00", "22:00").await;
    let chef = app.login("chef@test.se").await;
    // …makes next morning here a breach, although this manager cannot see that unit.
    let (status, body) = app
        .call(
            &chef,
            "assign_shift",
            &[
                ("unit_id", &unit_a.to_string()),
                ("date", &plus(mon, 1).to_string()),
                ("shift_type_id", &day_a.to_string()),
                ("person_id", &pool.to_string()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        body["RuleBreach"],
        json!([{"DailyRest": {"rest_minutes": 540, "required_minutes": 660, "exception_possible": true}}]),
        "the daily rest, counted across providers"
    );
}

#[tokio::test]
async fn planning_is_limited_to_ones_own_units() {
    let app = spawn().await;
    // Dates from the app's clock: next week's Monday and the days after it.
    let mon = app.monday_in(1);
    let (unit_a, day_a, _) = unit_with_shift_types(&app).await;
    let (unit_b, day_b, _) = unit_with_shift_types(&app).await;
    app.person("chef@test.se", &[("unit_manager", Some(unit_a))]).await;
    let usk_a = app.person("usk@test.se", &[("care_worker", Some(unit_a))]).await;
    let worker_b = app.person("b@test.se", &[("care_worker", Some(unit_b))]).await;
    let other_shift = shift(&app, unit_b, worker_b, day_b, plus(mon, 2), "07:00", "16:00").await;
    let chef = app.login("chef@test.se").await;
    let (status, _) =
        app.call(&chef, "unit_week", &[("unit_id", &unit_a.to_string()), ("week", &plus(mon, 1).to_string())]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) =
        app.call(&chef, "unit_week", &[("unit_id", &unit_b.to_string()), ("week", &plus(mon, 1).to_string())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Tampering: an existing shift of another unit, with this unit's id in the request.
    let (status, _) = app.call(&chef, "mark_absent", &[("shift_id", &other_shift.to_string())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .call(
            &chef,
            "assign_shift",
            &[
                ("shift_id", &other_shift.to_string()),
                ("unit_id", &unit_a.to_string()),
                ("date", ""),
                ("person_id", &worker_b.to_string()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A shift type of another unit cannot be used to create a shift here.
    let (status, _) = app
        .call(
            &chef,
            "assign_shift",
            &[
                ("unit_id", &unit_a.to_string()),
                ("date", &plus(mon, 2).to_string()),
                ("shift_type_id", &day_b.to_string()),
                ("person_id", &usk_a.to_string()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A unit manager plans their own staff only, not people of other units.
    let assign = |person: i64| {
        let (unit, day, chef) = (unit_a.to_string(), day_a.to_string(), &chef);
        let app = &app;
        async move {
            let person = person.to_string();
            let form = [
                ("unit_id", unit.as_str()),
                ("date", &plus(mon, 2).to_string()),
                ("shift_type_id", day.as_str()),
                ("person_id", person.as_str()),
            ];
            app.call(chef, "assign_shift", &form).await
        }
    };
    assert_eq!(assign(worker_b).await, (StatusCode::UNPROCESSABLE_ENTITY, invalid("person_id", "UnknownChoice")));
    assert_eq!(assign(usk_a).await.0, StatusCode::OK);
    let usk = app.login("usk@test.se").await;
    let (status, _) = app.call(&usk, "unit_week", &[("unit_id", &unit_a.to_string()), ("week", "")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_demo_schedule_is_generated_and_shows_gaps_and_shifts() {
    let app = spawn().await;
    let today = app.today();
    assert!(demo::load_if_empty(&app.db, 1).await.unwrap());
    let count = |sql: &'static str| {
        let db = app.db.clone();
        async move { sqlx::query(sql).fetch_one(&db.pool).await.unwrap().try_get::<i64, _>("n").unwrap() }
    };
    // Every unit has generated shifts from two weeks before to six weeks after.
    assert_eq!(count("SELECT COUNT(DISTINCT unit_id) AS n FROM shifts").await, 30);
    let from = app::domain::worktime::day_start(plus(today, -14)).as_second();
    let to = app::domain::worktime::day_start(plus(today, 43)).as_second();
    let (min, max): (i64, i64) = {
        let r = sqlx::query("SELECT MIN(starts_at) AS a, MAX(starts_at) AS b FROM shifts")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        (r.try_get("a").unwrap(), r.try_get("b").unwrap())
    };
    assert!(min >= from && min < from + 86400, "first shift on the first day");
    assert!(max < to, "no shift after six weeks");
    // Generating again adds nothing.
    let rotation: i64 = sqlx::query("SELECT MIN(id) AS id FROM rotations")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    let mut conn = app.db.pool.acquire().await.unwrap();
    let again = app::features::rolling_schedule::generate::generate_rotation(
        &mut conn,
        rotation,
        plus(today, -14),
        plus(today, 42),
        app.db.now(),
    )
    .await
    .unwrap();
    assert_eq!(again, app::features::rolling_schedule::Generation::default(), "nothing new the second time");

    // The demo care worker works today or tomorrow, and several times after.
    let usk = app.login_with("underskoterska@demo.skiftet.se", demo::DEMO_PASSWORD).await;
    let (status, mine) = app.call(&usk, "my_shifts", &[("past", "false")]).await;
    assert_eq!(status, StatusCode::OK);
    let mine: app::features::my_shifts::MyShifts = serde_json::from_value(mine).unwrap();
    assert_eq!(mine.today, today, "the page's today is the server's");
    assert!(mine.shifts.len() >= 10, "{}", mine.shifts.len());
    let first = app::domain::time::local_date(mine.shifts[0].starts_at);
    assert!(first == today || first == plus(today, 1), "first shift {first}, today {today}");
    let (_, past) = app.call(&usk, "my_shifts", &[("past", "true")]).await;
    assert!(!past["shifts"].as_array().unwrap().is_empty());

    // The demo rotations keep the working-time rules.
    let (_, week) = {
        let chef = app.login_with("enhetschef@demo.skiftet.se", demo::DEMO_PASSWORD).await;
        let (_, units) = app.call(&chef, "my_units", &[]).await;
        let unit = units[0]["unit"]["id"].as_i64().unwrap().to_string();
        app.call(&chef, "unit_week", &[("unit_id", &unit), ("week", &today.to_string())]).await
    };
    assert_eq!(week["week_start"], app.monday_in(0).to_string());
    let days = week["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    let rows: Vec<&Value> = days.iter().flat_map(|d| d["rows"].as_array().unwrap()).collect();
    assert!(rows.iter().any(|r| r["gap"].as_i64().unwrap() > 0), "the demo week shows gaps");
    assert!(
        rows.iter().all(|r| r["shifts"].as_array().unwrap().iter().all(|s| s["breaches"] == json!([]))),
        "no breaches in the demo"
    );
}

#[tokio::test]
async fn the_calendar_feed_is_private_and_renewable() {
    let app = spawn().await;
    let (unit, day_type, _) = unit_with_shift_types(&app).await;
    let anna = app.person("anna@test.se", &[("care_worker", Some(unit))]).await;
    let today = app.today();
    shift(&app, unit, anna, day_type, today.tomorrow().unwrap(), "07:00", "16:00").await;
    let c = app.login("anna@test.se").await;
    let has_link = async || app.call(&c, "my_shifts", &[("past", "false")]).await.1["has_calendar"].clone();
    assert_eq!(has_link().await, false, "no link made yet");
    let (status, path) = app.call(&c, "renew_calendar_link", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(has_link().await, true, "Mina pass offers to renew the link it has");
    let path = path.as_str().unwrap().to_string();
    let ics = client().get(app.url(&path)).send().await.unwrap();
    assert_eq!(ics.status(), StatusCode::OK);
    assert!(ics.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let body = ics.text().await.unwrap();
    assert!(body.contains("BEGIN:VCALENDAR") && body.contains("BEGIN:VEVENT"), "{body}");
    assert!(body.contains("Dag – Hemtjänst Väst"), "{body}");
    // Renewing kills the old link.
    let (_, new_path) = app.call(&c, "renew_calendar_link", &[]).await;
    assert_ne!(new_path.as_str().unwrap(), path);
    assert_eq!(client().get(app.url(&path)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(client().get(app.url("/kalender/nonsense.ics")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_unit_manager_sets_base_staffing_and_the_week_shows_the_gap() {
    let app = spawn().await;
    // Dates from the app's clock: next week's Monday and the days after it.
    let mon = app.monday_in(1);
    let unit = app.unit(app.provider("Omsorg AB").await, "Solgården").await;
    let other = app.unit(app.provider("Annan AB").await, "Lindgården").await;
    app.person("chef@test.se", &[("unit_manager", Some(unit))]).await;
    let chef = app.login("chef@test.se").await;
    let u = unit.to_string();

    let bad = app
        .call(&chef, "add_shift_type", &[("unit_id", &u), ("name", "Natt"), ("start", "25:00"), ("end", "07:15")])
        .await;
    assert_eq!(bad, (StatusCode::UNPROCESSABLE_ENTITY, invalid("start", "Time")));
    let (status, night) = app
        .call(&chef, "add_shift_type", &[("unit_id", &u), ("name", "Natt"), ("start", "21:15"), ("end", "07:15")])
        .await;
    assert_eq!(status, StatusCode::OK, "{night}");
    let dup = app
        .call(&chef, "add_shift_type", &[("unit_id", &u), ("name", "natt"), ("start", "22:00"), ("end", "07:00")])
        .await;
    assert_eq!(dup, (StatusCode::CONFLICT, json!({"Conflict": "ShiftTypeTaken"})));

    let need = |unit: i64, headcount: &str| json!({"unit_id": unit, "shift_type_id": night, "weekdays": [1, 2, 3, 4, 5, 6, 7], "kind": "Anyone", "headcount": headcount});
    assert_eq!(
        app.call_json(&chef, "add_staffing_need", need(unit, "0")).await,
        (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("headcount", 1, 50))
    );
    let (status, _) = app.call_json(&chef, "add_staffing_need", need(unit, "2")).await;
    assert_eq!(status, StatusCode::OK);
    // Another unit's staffing is not this manager's to change — nor can this unit use its shift types.
    assert_eq!(app.call_json(&chef, "add_staffing_need", need(other, "2")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&chef, "staffing", &[("unit_id", &other.to_string())]).await.0, StatusCode::FORBIDDEN);

    let (_, staffing) = app.call(&chef, "staffing", &[("unit_id", &u)]).await;
    assert_eq!(staffing["needs"][0]["weekdays"], json!([1, 2, 3, 4, 5, 6, 7]));
    assert_eq!(staffing["needs"][0]["headcount"], 2);
    let (_, week) = app.call(&chef, "unit_week", &[("unit_id", &u), ("week", &plus(mon, 7).to_string())]).await;
    for day in week["days"].as_array().unwrap() {
        assert_eq!(day["rows"][0]["gap"], 2, "nobody scheduled yet: {day}");
    }
    // Removing the need removes the gap.
    let ids = staffing["needs"][0]["ids"].clone();
    let (status, _) = app.call_json(&chef, "remove_staffing_needs", json!({"unit_id": unit, "ids": ids})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, week) = app.call(&chef, "unit_week", &[("unit_id", &u), ("week", &plus(mon, 7).to_string())]).await;
    assert!(week["days"].as_array().unwrap().iter().all(|d| d["rows"].as_array().unwrap().is_empty()));
    // Every change is in the audit trail.
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE entity IN ('shift_type', 'staffing_need')")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(n, 3);
}

#[tokio::test]
async fn shifts_are_generated_from_the_rolling_schedule_on_request() {
    let app = spawn().await;
    assert!(demo::load_if_empty(&app.db, 1).await.unwrap());
    // Eight weeks ahead: past the six weeks the demo generated.
    let later = app.monday_in(8).to_string();
    let chef = app.login_with("enhetschef@demo.skiftet.se", demo::DEMO_PASSWORD).await;
    let (_, units) = app.call(&chef, "my_units", &[]).await;
    let unit = units[0]["unit"]["id"].as_i64().unwrap().to_string();
    // Eight weeks ahead nothing is generated yet.
    let (_, week) = app.call(&chef, "unit_week", &[("unit_id", &unit), ("week", &later)]).await;
    let planned = |w: &Value| {
        w["days"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["rows"].as_array().unwrap().clone())
            .map(|r| r["shifts"].as_array().unwrap().len())
            .sum::<usize>()
    };
    assert_eq!(planned(&week), 0);
    let bad = app.call(&chef, "generate_shifts", &[("unit_id", &unit), ("week", &later), ("weeks", "27")]).await;
    assert_eq!(bad, (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("weeks", 1, 26)));
    let (status, created) =
        app.call(&chef, "generate_shifts", &[("unit_id", &unit), ("week", &later), ("weeks", "2")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(created["created"].as_i64().unwrap() > 50, "{created}");
    assert_eq!(created["left_open"], json!(0), "{created}");
    let (_, week) = app.call(&chef, "unit_week", &[("unit_id", &unit), ("week", &later)]).await;
    assert!(planned(&week) > 25);
    // Again: nothing new.
    let (_, again) = app.call(&chef, "generate_shifts", &[("unit_id", &unit), ("week", &later), ("weeks", "2")]).await;
    assert_eq!(again, json!({"created": 0, "left_open": 0}));
    // Not for someone else's unit.
    let (status, _) = app.call(&chef, "generate_shifts", &[("unit_id", "5"), ("week", &later), ("weeks", "2")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_rolling_schedule_line_is_checked_against_the_rules_and_generates_shifts() {
    let app = spawn().await;
    let (unit, day, evening) = unit_with_shift_types(&app).await;
    let other = app.unit(app.provider("Annan AB").await, "Lindgården").await;
    app.person("chef@test.se", &[("unit_manager", Some(unit))]).await;
    let anna = app.person("anna@test.se", &[("care_worker", Some(unit))]).await;
    let stranger = app.person("b@test.se", &[("care_worker", Some(other))]).await;
    let chef = app.login("chef@test.se").await;
    let u = unit.to_string();

    let (_, empty) = app.call(&chef, "rotation", &[("unit_id", &u)]).await;
    assert_eq!(empty["rotation_id"], Value::Null);
    let too_long = app.call(&chef, "create_rotation", &[("unit_id", &u), ("weeks", "17")]).await;
    assert_eq!(too_long, (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("weeks", 1, 16)));
    let (status, _) = app.call(&chef, "create_rotation", &[("unit_id", &u), ("weeks", "2")]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, line) = app.call(&chef, "add_rotation_line", &[("unit_id", &u)]).await;
    assert_eq!(status, StatusCode::OK);

    // Two weeks: evening Monday, day Tuesday — only 9 h rest: refused, with the rule named.
    let mut cells: Vec<Option<i64>> = vec![None; 14];
    cells[0] = Some(evening);
    cells[1] = Some(day);
    let save = |person: i64, cells: &Vec<Option<i64>>| {
        let cells: Vec<Value> = cells.iter().map(|c| c.map_or(Value::Null, |t| json!({"shift_type_id": t}))).collect();
        json!({"line_id": line, "person_id": person, "employment_percent": "100", "cells": cells})
    };
    let (status, body) = app.call_json(&chef, "save_rotation_line", save(anna, &cells)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["RuleBreach"].as_array().unwrap().iter().any(|b| b.get("DailyRest").is_some()), "{body}");
    // Seven days in a row in week 1: no weekly rest.
    let week: Vec<Option<i64>> = (0..14).map(|i| (i < 7).then_some(day)).collect();
    let (status, body) = app.call_json(&chef, "save_rotation_line", save(anna, &week)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["RuleBreach"].as_array().unwrap().iter().any(|b| b.get("WeeklyRest").is_some()), "{body}");
    // Someone from another unit cannot be given the line.
    let mut good: Vec<Option<i64>> = vec![None; 14];
    for i in [0, 1, 2, 3, 4, 9, 10, 11] {
        good[i] = Some(day);
    }
    let (status, _) = app.call_json(&chef, "save_rotation_line", save(stranger, &good)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Week 2's Wednesday as team leader and Thursday as a resource shift; an unknown role is refused.
    let mut body = save(anna, &good);
    body["cells"][9] = json!({"shift_type_id": day, "quality_role": "boss"});
    assert_eq!(
        app.call_json(&chef, "save_rotation_line", body.clone()).await,
        (StatusCode::BAD_REQUEST, json!("BadRequest"))
    );
    body["cells"][9] = json!({"shift_type_id": day, "quality_role": "team_leader"});
    body["cells"][10] = json!({"shift_type_id": day, "resource": true});
    let (status, _) = app.call_json(&chef, "save_rotation_line", body).await;
    assert_eq!(status, StatusCode::OK);
    let (_, rot) = app.call(&chef, "rotation", &[("unit_id", &u)]).await;
    assert_eq!(rot["lines"][0]["person_id"], anna);
    assert_eq!(rot["lines"][0]["minutes_per_week"], 8 * 9 * 60 / 2);
    assert_eq!(
        rot["lines"][0]["cells"][9],
        json!({"shift_type_id": day, "quality_role": "team_leader", "resource": false})
    );
    assert_eq!(rot["lines"][0]["cells"][10], json!({"shift_type_id": day, "quality_role": null, "resource": true}));

    // Generating four weeks gives Anna her 16 shifts, the marked days marked each cycle.
    let (_, created) = app.call(&chef, "generate_shifts", &[("unit_id", &u), ("week", ""), ("weeks", "4")]).await;
    assert_eq!(created, json!({"created": 16, "left_open": 0}));
    let marked: Vec<(Option<String>, i64)> =
        sqlx::query("SELECT quality_role, resource FROM shifts WHERE quality_role IS NOT NULL OR resource = 1")
            .fetch_all(&app.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.try_get("quality_role").unwrap(), r.try_get("resource").unwrap()))
            .collect();
    assert_eq!(marked.iter().filter(|m| m.0.as_deref() == Some("team_leader")).count(), 2, "{marked:?}");
    assert_eq!(marked.iter().filter(|m| m.1 == 1).count(), 2, "{marked:?}");
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM shifts WHERE person_id = $1")
        .bind(anna)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(n, 16);

    // Generation goes through the same gate as an assignment. Anna has since taken a shift at
    // another provider on Wednesday in week 5 (a pattern day in either week of the cycle): that
    // day's shift is created without her, as a gap; the rest are hers.
    let week5 = app.monday_in(4);
    shift(&app, other, anna, day, plus(week5, 2), "10:00", "14:00").await;
    let (_, created) =
        app.call(&chef, "generate_shifts", &[("unit_id", &u), ("week", &week5.to_string()), ("weeks", "2")]).await;
    assert_eq!(created, json!({"created": 8, "left_open": 1}));
    // And once she no longer works at the unit, none of the new shifts are hers.
    sqlx::query("DELETE FROM person_roles WHERE person_id = $1").bind(anna).execute(&app.db.pool).await.unwrap();
    let week7 = app.monday_in(6);
    let (_, created) =
        app.call(&chef, "generate_shifts", &[("unit_id", &u), ("week", &week7.to_string()), ("weeks", "2")]).await;
    assert_eq!(created, json!({"created": 8, "left_open": 8}));
    // Another unit's rotation is not this manager's.
    assert_eq!(app.call(&chef, "rotation", &[("unit_id", &other.to_string())]).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn two_shifts_are_swapped_only_if_both_people_keep_the_rules() {
    let app = spawn().await;
    // Dates from the app's clock: next week's Monday and the days after it.
    let mon = app.monday_in(1);
    let (unit, day, evening) = unit_with_shift_types(&app).await;
    app.person("chef@test.se", &[("unit_manager", Some(unit))]).await;
    let anna = app.person("anna@test.se", &[("care_worker", Some(unit))]).await;
    let bo = app.person("bo@test.se", &[("care_worker", Some(unit))]).await;
    let anna_tue = shift(&app, unit, anna, day, plus(mon, 1), "07:00", "16:00").await;
    let bo_thu = shift(&app, unit, bo, day, plus(mon, 3), "07:00", "16:00").await;
    // Bo works Monday evening: he cannot take Anna's Tuesday morning.
    let bo_mon_evening = shift(&app, unit, bo, evening, plus(mon, 0), "14:00", "22:00").await;
    let chef = app.login("chef@test.se").await;
    let swap = |a: i64, b: i64| {
        let (a, b, chef, app) = (a.to_string(), b.to_string(), &chef, &app);
        async move { app.call(chef, "swap_shifts", &[("shift_id", a.as_str()), ("other_shift_id", b.as_str())]).await }
    };
    let (status, body) = swap(anna_tue, bo_thu).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["RuleBreach"][0]["DailyRest"].is_object(), "{body}");
    let owner = |id: i64| {
        let db = app.db.clone();
        async move {
            sqlx::query("SELECT person_id FROM shifts WHERE id = $1")
                .bind(id)
                .fetch_one(&db.pool)
                .await
                .unwrap()
                .try_get::<Option<i64>, _>("person_id")
                .unwrap()
        }
    };
    assert_eq!(owner(anna_tue).await, Some(anna), "nothing changed");
    // Without the evening, the swap goes through, both ways at once.
    sqlx::query("UPDATE shifts SET status = 'absent' WHERE id = $1")
        .bind(bo_mon_evening)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(swap(anna_tue, bo_thu).await.0, StatusCode::OK);
    assert_eq!((owner(anna_tue).await, owner(bo_thu).await), (Some(bo), Some(anna)));
}

#[tokio::test]
async fn agreement_limits_are_configured_by_administrators_and_applied() {
    let app = spawn().await;
    // Dates from the app's clock: next week's Monday and the days after it.
    let mon = app.monday_in(1);
    let (unit, day, evening) = unit_with_shift_types(&app).await;
    app.person("admin@test.se", &[("admin", None)]).await;
    app.person("chef@test.se", &[("unit_manager", Some(unit))]).await;
    let anna = app.person("anna@test.se", &[("care_worker", Some(unit))]).await;
    // Evening until 22:00, then 09:30 next morning: 11.5 h rest — fine under the default 11 h.
    shift(&app, unit, anna, evening, plus(mon, 0), "14:00", "22:00").await;
    let admin = app.login("admin@test.se").await;
    let chef = app.login("chef@test.se").await;
    assert_eq!(app.call(&chef, "admin/agreements", &[]).await.0, StatusCode::FORBIDDEN);
    let (_, list) = app.call(&admin, "admin/agreements", &[]).await;
    let id = list[0]["id"].clone();
    assert_eq!(list[0]["daily_rest_hours"], 11);
    let form = |daily: &str, exception: &str| {
        json!({"id": id, "name": "AB (kommunal)", "daily_rest_hours": daily, "daily_rest_exception_hours": exception,
               "weekly_rest_hours": "36", "max_week_hours": "", "night_reference_days": "28", "night_average_max_hours": "8"})
    };
    let bad = app.call_json(&admin, "admin/save_agreement", form("12", "13")).await;
    assert_eq!(bad, (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("daily_rest_exception_hours", 8, 12)));
    let floor = app.call_json(&admin, "admin/save_agreement", form("7", "7")).await;
    assert_eq!(
        floor,
        (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("daily_rest_hours", 8, 24)),
        "never below the statutory floor"
    );
    assert_eq!(app.call_json(&admin, "admin/save_agreement", form("12", "9")).await.0, StatusCode::OK);

    // A late day shift type: 09:30–17:00.
    let late: i64 = sqlx::query(
        "INSERT INTO shift_types (unit_id, code, name, start_time, end_time, active) VALUES ($1, 'S', 'Sen dag', '09:30', '17:00', 1) RETURNING id",
    )
    .bind(unit)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .try_get("id")
    .unwrap();
    let (status, body) = app
        .call(
            &chef,
            "assign_shift",
            &[
                ("unit_id", &unit.to_string()),
                ("date", &plus(mon, 1).to_string()),
                ("shift_type_id", &late.to_string()),
                ("person_id", &anna.to_string()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "12 h now required: {body}");
    assert_eq!(body["RuleBreach"][0]["DailyRest"]["required_minutes"], 720);

    // A second profile, given to Anna, applies to her instead.
    let mut relaxed = form("11", "9");
    relaxed["id"] = Value::Null;
    relaxed["name"] = json!("Timavlönade");
    let (status, relaxed_id) = app.call_json(&admin, "admin/save_agreement", relaxed.clone()).await;
    assert_eq!(status, StatusCode::OK);
    // A second agreement of the same name is refused by name, on both backends, and nothing is saved.
    let twice = app.call_json(&admin, "admin/save_agreement", relaxed).await;
    assert_eq!(twice, (StatusCode::CONFLICT, json!({"Conflict": "AgreementNameTaken"})));
    assert_eq!(app.call(&admin, "admin/agreements", &[]).await.1.as_array().unwrap().len(), 2);
    let person = |profile: Value| {
        json!({"id": anna, "name": "Anna", "email": "anna@test.se", "phone": "", "employment_percent": "100",
               "roles": [{"role": "CareWorker", "unit_id": unit}], "competence_ids": [], "agreement_profile_id": profile})
    };
    let bad = app.call_json(&admin, "admin/save_person", person(json!(99999))).await;
    assert_eq!(bad, (StatusCode::UNPROCESSABLE_ENTITY, invalid("agreement_profile_id", "UnknownChoice")));
    assert_eq!(app.call_json(&admin, "admin/save_person", person(relaxed_id)).await.0, StatusCode::OK);
    let (status, body) = app
        .call(
            &chef,
            "assign_shift",
            &[
                ("unit_id", &unit.to_string()),
                ("date", &plus(mon, 1).to_string()),
                ("shift_type_id", &late.to_string()),
                ("person_id", &anna.to_string()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "11 h under her own agreement: {body}");

    // The unit's resource-shift warning level.
    let u = unit.to_string();
    let bad = app.call(&chef, "set_resource_warning", &[("unit_id", &u), ("level", "-1")]).await;
    assert_eq!(bad, (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("resource_warning", 0, 28)));
    assert_eq!(app.call(&chef, "set_resource_warning", &[("unit_id", &u), ("level", "2")]).await.0, StatusCode::OK);
    let (_, follow) = app.call(&chef, "unit_follow_up", &[("unit_id", &u), ("week", &plus(mon, 0).to_string())]).await;
    assert_eq!(follow["resource_warning_level"], 2);
    let _ = day;
}

#[tokio::test]
async fn a_quality_role_gap_is_filled_as_that_role_and_a_shift_can_be_made_a_resource_shift() {
    let app = spawn().await;
    // Dates from the app's clock: next week's Monday and the days after it.
    let mon = app.monday_in(1);
    let (unit, day, _) = unit_with_shift_types(&app).await;
    // Monday's day shift also needs a team leader.
    sqlx::query(
        "INSERT INTO staffing_needs (unit_id, weekday, shift_type_id, quality_role, headcount) VALUES ($1, 1, $2, 'team_leader', 1)",
    )
    .bind(unit)
    .bind(day)
    .execute(&app.db.pool)
    .await
    .unwrap();
    app.person("chef@test.se", &[("unit_manager", Some(unit))]).await;
    let anna = app.person("anna@test.se", &[("care_worker", Some(unit))]).await;
    let bo = app.person("bo@test.se", &[("care_worker", Some(unit))]).await;
    let chef = app.login("chef@test.se").await;
    let (u, d) = (unit.to_string(), day.to_string());
    let team_leader_row = |week: &Value| {
        week["days"][0]["rows"][0]["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["quality_role"] == "team_leader")
            .cloned()
            .unwrap()
    };
    let (_, week) = app.call(&chef, "unit_week", &[("unit_id", &u), ("week", &plus(mon, 0).to_string())]).await;
    assert_eq!(team_leader_row(&week)["scheduled"], 0);
    assert_eq!(week["days"][0]["rows"][0]["gap"], 3);

    let fill = |person: i64, role: &'static str| {
        vec![
            ("unit_id", u.clone()),
            ("date", plus(mon, 0).to_string()),
            ("shift_type_id", d.clone()),
            ("person_id", person.to_string()),
            ("kind", role.to_string()),
        ]
    };
    let call = |form: Vec<(&'static str, String)>| {
        let chef = &chef;
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(chef, "assign_shift", &pairs).await
        }
    };
    // An unknown role is a clear input error, and nothing is written.
    assert_eq!(call(fill(anna, "boss")).await, (StatusCode::UNPROCESSABLE_ENTITY, invalid("kind", "UnknownChoice")));
    let (status, shift) = call(fill(anna, "team_leader")).await;
    assert_eq!(status, StatusCode::OK, "{shift}");
    let (_, week) = app.call(&chef, "unit_week", &[("unit_id", &u), ("week", &plus(mon, 0).to_string())]).await;
    assert_eq!(team_leader_row(&week)["scheduled"], 1);
    assert_eq!(week["days"][0]["rows"][0]["gap"], 2);
    assert_eq!(week["days"][0]["rows"][0]["shifts"][0]["quality_role"], "team_leader");

    // Given to Bo without saying what the shift is: it stays the team leader's shift.
    let give = |extra: &[(&'static str, &'static str)]| {
        let mut f = vec![
            ("shift_id", shift.to_string()),
            ("unit_id", u.clone()),
            ("date", String::new()),
            ("person_id", bo.to_string()),
        ];
        f.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        f
    };
    assert_eq!(call(give(&[])).await.0, StatusCode::OK);
    let (_, week) = app.call(&chef, "unit_week", &[("unit_id", &u), ("week", &plus(mon, 0).to_string())]).await;
    let planned = &week["days"][0]["rows"][0]["shifts"][0];
    assert_eq!((planned["person_id"].as_i64(), &planned["quality_role"]), (Some(bo), &json!("team_leader")));
    // Made an ordinary resource shift: the team-leader need is open again; follow-up counts it.
    assert_eq!(call(give(&[("kind", "resource")])).await.0, StatusCode::OK);
    let (_, week) = app.call(&chef, "unit_week", &[("unit_id", &u), ("week", &plus(mon, 0).to_string())]).await;
    assert_eq!(team_leader_row(&week)["scheduled"], 0);
    assert_eq!(week["days"][0]["rows"][0]["shifts"][0]["resource"], true);
    let (_, follow) = app.call(&chef, "unit_follow_up", &[("unit_id", &u), ("week", &plus(mon, 0).to_string())]).await;
    let bo_row = follow["rows"].as_array().unwrap().iter().find(|r| r["person_id"] == bo).cloned().unwrap();
    assert_eq!(bo_row["resource_shifts"], 1);
    // The change is in the audit trail.
    let audited: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'shift' AND details LIKE '%resource%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
    assert!(audited >= 2);
}

#[tokio::test]
async fn the_month_view_holds_the_shifts_that_start_in_that_month_and_only_ones_own() {
    let app = spawn().await;
    let (unit, day, evening) = unit_with_shift_types(&app).await;
    let anna = app.person("anna@test.se", &[("care_worker", Some(unit))]).await;
    let bo = app.person("bo@test.se", &[("care_worker", Some(unit))]).await;
    // Next month (M) and the one before it: a night shift that starts on the last evening of the
    // month before and ends on M's first morning belongs to the month before.
    let first = app.today().first_of_month().checked_add(jiff::Span::new().months(1)).unwrap();
    let last_day = first.last_of_month();
    let night = shift(&app, unit, anna, evening, plus(first, -1), "21:00", "07:00").await;
    let early = shift(&app, unit, anna, day, plus(first, 1), "07:00", "16:00").await;
    let last = shift(&app, unit, anna, day, last_day, "07:00", "16:00").await;
    shift(&app, unit, anna, day, plus(last_day, 1), "07:00", "16:00").await;
    shift(&app, unit, bo, day, plus(first, 2), "07:00", "16:00").await;
    let (month, previous) = (first.strftime("%Y-%m").to_string(), plus(first, -1).strftime("%Y-%m").to_string());
    let anna_c = app.login("anna@test.se").await;

    let ids = |month: &Value| -> Vec<i64> {
        month["shifts"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect()
    };
    let (status, this) = app.call(&anna_c, "my_month", &[("month", &month)]).await;
    assert_eq!(status, StatusCode::OK, "{this}");
    let typed: app::features::my_shifts::MyMonth = serde_json::from_value(this.clone()).unwrap();
    assert_eq!((typed.first_day, typed.today), (first, app.today()));
    assert_eq!(ids(&this), vec![early, last], "Bo's shift and the neighbouring months' are not here");
    let (_, before) = app.call(&anna_c, "my_month", &[("month", &previous)]).await;
    assert!(ids(&before).contains(&night), "{before}");
    assert!(!ids(&before).contains(&early));
    // Nonsense is a clear input error.
    assert_eq!(
        app.call(&anna_c, "my_month", &[("month", "2027-13")]).await,
        (StatusCode::UNPROCESSABLE_ENTITY, invalid("month", "Month"))
    );
    // Not logged in: nothing.
    assert_eq!(app.call(&client(), "my_month", &[("month", &month)]).await.0, StatusCode::UNAUTHORIZED);
}
