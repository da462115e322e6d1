//! The authorization matrix: every server function the app registers, called by every role and
//! by no one, with valid arguments, answers "allowed" or "refused" as the table says — and a
//! server function that is not in the table fails the test, so a new endpoint cannot arrive
//! without its decision. Row-level cases: a unit manager calling about another unit.
//!
//! "Allowed" means the server got past authorization (any answer but 401/403: the call may still
//! be refused on its merits, 409 or 422); "refused" means exactly 401 without a session and 403
//! with one.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Who is asking.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Who {
    Nobody,
    Admin,
    Coordinator,
    /// The manager of unit A, asking about unit A.
    OwnManager,
    /// The same manager, asking about unit B (another provider's unit).
    OtherManager,
    CareWorker,
    PoolWorker,
    ServiceTeam,
}
use Who::*;

const EVERYONE_SIGNED_IN: &[Who] = &[Admin, Coordinator, OwnManager, OtherManager, CareWorker, PoolWorker, ServiceTeam];
const PUBLIC: &[Who] = &[Nobody, Admin, Coordinator, OwnManager, OtherManager, CareWorker, PoolWorker, ServiceTeam];
const ADMIN: &[Who] = &[Admin];
const READ_PLANNING: &[Who] = &[Admin, Coordinator, OwnManager];
const WRITE_PLANNING: &[Who] = &[Admin, OwnManager];
/// The situation picture: everyone who plans; a unit manager's holds only their own units.
const OVERVIEW: &[Who] = &[Admin, Coordinator, OwnManager, OtherManager];
/// The staff pool's workflow: coordinators (and administrators).
const POOL: &[Who] = &[Admin, Coordinator];
/// One's own offers, bookings and availability in the pool.
const POOL_WORKER: &[Who] = &[PoolWorker];
/// A unit's errands: its own managers and care workers (never coordinators or administrators).
const UNIT_PEOPLE: &[Who] = &[OwnManager, CareWorker];
/// Ordering errands at all: anyone who belongs to a unit.
const UNIT_MEMBERS: &[Who] = &[OwnManager, OtherManager, CareWorker];
const SERVICE_TEAM: &[Who] = &[ServiceTeam];

/// The decision for each endpoint, and how to call it (form or JSON arguments). `unit` is the
/// unit the call is about: A for everyone but `OtherManager`, who asks about B.
fn table(s: &Setup, unit: i64) -> Vec<(&'static str, &'static [Who], Call)> {
    let u = unit.to_string();
    let (shift, line, day, errand, shipment) = if unit == s.unit_a {
        (s.shift_a, s.line_a, s.day_a, s.errand_a, s.shipment_a)
    } else {
        (s.shift_b, s.line_b, s.day_b, s.errand_b, s.shipment_b)
    };
    let date = s.date.clone();
    let f = |pairs: &[(&str, String)]| Call::Form(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect());
    vec![
        // Signing in and out.
        ("login", PUBLIC, f(&[("email", "ingen@test.se".into()), ("password", "fel-lösenord".into())])),
        ("logout", PUBLIC, f(&[])),
        ("me", PUBLIC, f(&[])),
        ("invitation", PUBLIC, f(&[("token", "0".repeat(64))])),
        (
            "accept_invitation",
            PUBLIC,
            f(&[
                ("token", "0".repeat(64)),
                ("password", "ett-långt-lösen".into()),
                ("password_repeat", "ett-långt-lösen".into()),
            ]),
        ),
        // One's own things.
        ("my_profile", EVERYONE_SIGNED_IN, f(&[])),
        (
            "change_password",
            EVERYONE_SIGNED_IN,
            f(&[
                ("current_password", "fel".into()),
                ("password", "ett-nytt-lösen".into()),
                ("password_repeat", "ett-nytt-lösen".into()),
            ]),
        ),
        ("my_shifts", EVERYONE_SIGNED_IN, f(&[("past", "false".into())])),
        ("my_month", EVERYONE_SIGNED_IN, f(&[("month", "".into())])),
        ("renew_calendar_link", EVERYONE_SIGNED_IN, f(&[])),
        ("my_units", &[OwnManager, OtherManager], f(&[])),
        // The municipality's picture.
        ("overview", OVERVIEW, f(&[])),
        ("remind_unit", &[Admin, Coordinator], f(&[("unit_id", u.clone())])),
        // A unit's planning: read.
        ("unit_week", READ_PLANNING, f(&[("unit_id", u.clone()), ("week", date.clone())])),
        ("staffing", READ_PLANNING, f(&[("unit_id", u.clone())])),
        ("daily_report", READ_PLANNING, f(&[("unit_id", u.clone())])),
        ("unit_situation", READ_PLANNING, f(&[("unit_id", u.clone())])),
        (
            "file_daily_report",
            WRITE_PLANNING,
            Call::Json(json!({"draft": {
                "unit_id": unit, "date": date.clone(), "based_on": 0, "cases_recipients": 0, "cases_staff": 0,
                "outbreak": false, "recipients_affected": 0, "note": "", "absences": [], "gaps": []
            }})),
        ),
        ("rotation", READ_PLANNING, f(&[("unit_id", u.clone())])),
        ("unit_follow_up", READ_PLANNING, f(&[("unit_id", u.clone()), ("week", date.clone())])),
        ("unit_staff", READ_PLANNING, f(&[("unit_id", u.clone())])),
        (
            "assignment_candidates",
            READ_PLANNING,
            f(&[("unit_id", u.clone()), ("date", date.clone()), ("shift_type_id", day.to_string())]),
        ),
        // A unit's planning: write.
        (
            "add_shift_type",
            WRITE_PLANNING,
            f(&[("unit_id", u.clone()), ("name", "Natt".into()), ("start", "21:00".into()), ("end", "07:00".into())]),
        ),
        (
            "add_staffing_need",
            WRITE_PLANNING,
            Call::Json(
                json!({"unit_id": unit, "shift_type_id": day, "weekdays": [6], "kind": "Anyone", "headcount": "1"}),
            ),
        ),
        ("remove_staffing_needs", WRITE_PLANNING, Call::Json(json!({"unit_id": unit, "ids": [987654]}))),
        (
            "generate_shifts",
            WRITE_PLANNING,
            f(&[("unit_id", u.clone()), ("week", date.clone()), ("weeks", "1".into())]),
        ),
        ("create_rotation", WRITE_PLANNING, f(&[("unit_id", u.clone()), ("weeks", "2".into())])),
        ("add_rotation_line", WRITE_PLANNING, f(&[("unit_id", u.clone())])),
        (
            "save_rotation_line",
            WRITE_PLANNING,
            Call::Json(
                json!({"line_id": line, "person_id": null, "employment_percent": "100", "cells": vec![Value::Null; 14]}),
            ),
        ),
        ("set_resource_warning", WRITE_PLANNING, f(&[("unit_id", u.clone()), ("level", "10".into())])),
        (
            "assign_shift",
            WRITE_PLANNING,
            f(&[
                ("unit_id", u.clone()),
                ("date", date.clone()),
                ("shift_type_id", day.to_string()),
                ("person_id", s.person_at(unit).to_string()),
            ]),
        ),
        ("mark_absent", WRITE_PLANNING, f(&[("shift_id", shift.to_string())])),
        ("swap_shifts", WRITE_PLANNING, f(&[("shift_id", shift.to_string()), ("other_shift_id", shift.to_string())])),
        // The staff pool: coordinators' workflow (ids that do not exist answer 404/409, past authorization).
        ("pool_overview", POOL, f(&[])),
        ("run_allocation", POOL, f(&[])),
        ("publish_offers", POOL, f(&[])),
        ("remove_proposal", POOL, f(&[("offer_id", "987654".into())])),
        ("proposal_alternatives", POOL, f(&[("offer_id", "987654".into())])),
        ("change_proposal", POOL, f(&[("offer_id", "987654".into()), ("person_id", s.target.to_string())])),
        ("set_direct_booking", POOL, f(&[("request_id", "987654".into()), ("allowed", "true".into())])),
        ("pool_profile", POOL, f(&[("person_id", s.target.to_string())])),
        (
            "save_pool_worker",
            POOL,
            Call::Json(json!({"person_id": s.target, "tier": "care", "max_week_hours": "", "introduced_unit_ids": []})),
        ),
        // Cancelling a booking: coordinators, and the managers of the booking's own unit (read from
        // the booking; the row-level refusal is tested in pool.rs with a real booking).
        (
            "cancel_booking",
            &[Admin, Coordinator, OwnManager, OtherManager],
            f(&[("booking_id", "987654".into()), ("reason", "Behövs inte".into())]),
        ),
        // Asking the pool from a unit's week view.
        (
            "request_from_pool",
            READ_PLANNING,
            f(&[("unit_id", u.clone()), ("date", date.clone()), ("shift_type_id", day.to_string())]),
        ),
        // The pool worker's own.
        ("my_offers", POOL_WORKER, f(&[])),
        ("accept_offer", POOL_WORKER, f(&[("offer_id", "987654".into())])),
        ("decline_offer", POOL_WORKER, f(&[("offer_id", "987654".into())])),
        ("claim_open_shift", POOL_WORKER, f(&[("request_id", "987654".into())])),
        ("my_availability", POOL_WORKER, f(&[])),
        (
            "set_availability",
            POOL_WORKER,
            f(&[("date", date.clone()), ("part", "day".into()), ("available", "true".into())]),
        ),
        ("repeat_availability", POOL_WORKER, f(&[])),
        (
            "set_week_availability",
            POOL_WORKER,
            f(&[("weekday", "1".into()), ("part", "day".into()), ("available", "true".into())]),
        ),
        ("reset_availability_day", POOL_WORKER, f(&[("date", date.clone())])),
        (
            "add_availability_time",
            POOL_WORKER,
            f(&[("date", date.clone()), ("start", "10:00".into()), ("end", "14:00".into())]),
        ),
        ("remove_availability_time", POOL_WORKER, f(&[("date", date.clone()), ("start_minute", "600".into())])),
        ("save_pool_profile", POOL_WORKER, f(&[("home_area", "".into()), ("max_travel_km", "20".into())])),
        ("push_key", POOL_WORKER, f(&[])),
        (
            "subscribe_push",
            POOL_WORKER,
            f(&[
                ("endpoint", "https://fcm.googleapis.com/fcm/send/matrix".into()),
                ("p256dh", "BPk".into()),
                ("auth", "c2Vj".into()),
            ]),
        ),
        ("unsubscribe_push", POOL_WORKER, f(&[("endpoint", "https://fcm.googleapis.com/fcm/send/matrix".into())])),
        // Errands: the unit's people order, follow and cancel; the service team does them.
        ("errand_units", UNIT_MEMBERS, f(&[])),
        ("errand_overview", OVERVIEW, f(&[])),
        ("set_errand_minutes", POOL, f(&[("kind", "other".into()), ("minutes", "30".into())])),
        // Protective equipment: the coordinators' central stock; a unit's managers receive and ask.
        ("equipment_overview", POOL, f(&[])),
        (
            "save_material",
            POOL,
            f(&[("name", "Visir".into()), ("unit_of_issue", "st".into()), ("pack_size", "10".into())]),
        ),
        (
            "record_stock_movement",
            POOL,
            f(&[("material_id", "999999".into()), ("kind", "count".into()), ("quantity", "5".into())]),
        ),
        ("approve_distribution", POOL, Call::Json(json!({"delivery_day": date.clone(), "lines": []}))),
        ("pick_list", POOL, f(&[("distribution_id", "999999".into())])),
        ("county_needs", POOL, f(&[])),
        ("unit_equipment", READ_PLANNING, f(&[("unit_id", u.clone())])),
        ("confirm_receipt", WRITE_PLANNING, Call::Json(json!({"shipment_id": shipment, "lines": [], "note": ""}))),
        (
            "request_equipment",
            WRITE_PLANNING,
            f(&[("unit_id", u.clone()), ("material_id", "999999".into()), ("quantity", "5".into())]),
        ),
        (
            "request_errand",
            UNIT_PEOPLE,
            f(&[
                ("unit_id", u.clone()),
                ("kind", "recycling_run".into()),
                ("pickup", "Kontoret".into()),
                ("deliver_to", "office".into()),
            ]),
        ),
        ("unit_errands", UNIT_PEOPLE, f(&[("unit_id", u.clone())])),
        ("cancel_errand", UNIT_PEOPLE, f(&[("errand_id", errand.to_string()), ("reason", "".into())])),
        ("errand_access_log", &[OwnManager], f(&[("unit_id", u.clone())])),
        ("errand_queue", SERVICE_TEAM, f(&[])),
        (
            "errand_step",
            SERVICE_TEAM,
            f(&[("errand_id", errand.to_string()), ("key", "matrix-1".into()), ("action", "start".into())]),
        ),
        // Administration.
        ("admin/people", ADMIN, f(&[("query", "".into()), ("page", "0".into())])),
        ("admin/person", ADMIN, f(&[("id", s.target.to_string())])),
        ("admin/person_options", ADMIN, f(&[])),
        (
            "admin/save_person",
            ADMIN,
            Call::Json(
                json!({"id": s.target, "name": "Mål Person", "email": "mal@test.se", "phone": "", "employment_percent": "50", "roles": [{"role": "PoolWorker", "unit_id": null}], "competence_ids": []}),
            ),
        ),
        ("admin/set_person_active", ADMIN, f(&[("id", s.target.to_string()), ("active", "true".into())])),
        ("admin/invite", ADMIN, f(&[("id", s.target.to_string())])),
        ("admin/providers", ADMIN, f(&[])),
        (
            "admin/save_provider",
            ADMIN,
            Call::Json(
                json!({"id": null, "name": "Ny Omsorg AB", "kind": "private", "org_number": "556036-0793", "active": true}),
            ),
        ),
        ("admin/units", ADMIN, f(&[("query", "".into())])),
        (
            "admin/save_unit",
            ADMIN,
            Call::Json(
                json!({"id": null, "provider_id": s.provider, "name": "Ny enhet", "kind": "home_care", "area": "Norr", "address": "Vägen 1", "latitude": "", "longitude": "", "active": true}),
            ),
        ),
        ("admin/competences", ADMIN, f(&[])),
        (
            "admin/save_competence",
            ADMIN,
            Call::Json(json!({"id": null, "code": "ny", "name_sv": "Ny", "name_en": "New", "active": true})),
        ),
        ("admin/agreements", ADMIN, f(&[])),
        (
            "admin/save_agreement",
            ADMIN,
            Call::Json(
                json!({"id": null, "name": "Nytt avtal", "daily_rest_hours": "11", "daily_rest_exception_hours": "9", "weekly_rest_hours": "36", "max_week_hours": "40", "night_reference_days": "28", "night_average_max_hours": "8"}),
            ),
        ),
        ("admin/audit", ADMIN, f(&[("page", "0".into())])),
        ("admin/overview", ADMIN, f(&[])),
    ]
}

#[derive(Clone)]
enum Call {
    Form(Vec<(String, String)>),
    Json(Value),
}

struct Setup {
    provider: i64,
    unit_a: i64,
    unit_b: i64,
    day_a: i64,
    day_b: i64,
    shift_a: i64,
    shift_b: i64,
    line_a: i64,
    line_b: i64,
    usk_a: i64,
    usk_b: i64,
    /// An open errand of each unit.
    errand_a: i64,
    errand_b: i64,
    /// A shipment of protective equipment on its way to each unit.
    shipment_a: i64,
    shipment_b: i64,
    /// A person only administrators change.
    target: i64,
    date: String,
}

impl Setup {
    fn person_at(&self, unit: i64) -> i64 {
        if unit == self.unit_a { self.usk_a } else { self.usk_b }
    }
}

/// Two units of two providers, each with a shift type, a planned shift and a rotation line.
async fn setup(app: &TestApp) -> Setup {
    let provider = app.provider("Omsorg AB").await;
    let unit_a = app.unit(provider, "Hemtjänst A").await;
    let unit_b = app.unit(app.provider("Annan AB").await, "Hemtjänst B").await;
    let admin = app.person("admin@test.se", &[("admin", None)]).await;
    app.person("coord@test.se", &[("coordinator", None)]).await;
    app.person("chef@test.se", &[("unit_manager", Some(unit_a))]).await;
    app.person("chef-b@test.se", &[("unit_manager", Some(unit_b))]).await;
    let usk_a = app.person("usk@test.se", &[("care_worker", Some(unit_a))]).await;
    let usk_b = app.person("usk-b@test.se", &[("care_worker", Some(unit_b))]).await;
    app.person("pool@test.se", &[("pool_worker", None)]).await;
    app.person("service@test.se", &[("service_team", None)]).await;
    let target = app.person("mal@test.se", &[("pool_worker", None)]).await;
    let date = app.monday_in(3).to_string();
    let mut made = Vec::new();
    for (manager, unit, person) in [("chef@test.se", unit_a, usk_a), ("chef-b@test.se", unit_b, usk_b)] {
        let c = app.login(manager).await;
        let u = unit.to_string();
        let (_, day) = app
            .call(&c, "add_shift_type", &[("unit_id", &u), ("name", "Dag"), ("start", "07:00"), ("end", "15:00")])
            .await;
        let day = day.as_i64().unwrap();
        let (_, shift) = app
            .call(
                &c,
                "assign_shift",
                &[
                    ("unit_id", &u),
                    ("date", &plus(app.monday_in(3), 1).to_string()),
                    ("shift_type_id", &day.to_string()),
                    ("person_id", &person.to_string()),
                ],
            )
            .await;
        app.call(&c, "create_rotation", &[("unit_id", &u), ("weeks", "2")]).await;
        let (_, line) = app.call(&c, "add_rotation_line", &[("unit_id", &u)]).await;
        let errand =
            [("unit_id", u.as_str()), ("kind", "recycling_run"), ("pickup", "Förrådet"), ("deliver_to", "office")];
        let (_, errand) = app.call(&c, "request_errand", &errand).await;
        made.push((day, shift.as_i64().unwrap(), line.as_i64().unwrap(), errand.as_i64().unwrap()));
    }
    let distribution: i64 = sqlx::query_scalar(
        "INSERT INTO distributions (approved_at, approved_by, delivery_day) VALUES (0, $1, $2) RETURNING id",
    )
    .bind(admin)
    .bind(&date)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let mut shipments = Vec::new();
    for unit in [unit_a, unit_b] {
        let id: i64 =
            sqlx::query_scalar("INSERT INTO shipments (distribution_id, unit_id) VALUES ($1, $2) RETURNING id")
                .bind(distribution)
                .bind(unit)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        shipments.push(id);
    }
    Setup {
        provider,
        shipment_a: shipments[0],
        shipment_b: shipments[1],
        unit_a,
        unit_b,
        day_a: made[0].0,
        day_b: made[1].0,
        shift_a: made[0].1,
        shift_b: made[1].1,
        line_a: made[0].2,
        line_b: made[1].2,
        usk_a,
        usk_b,
        errand_a: made[0].3,
        errand_b: made[1].3,
        target,
        date,
    }
}

/// A client for each subject, signed in as its account (none for `Nobody`).
async fn subjects(app: &TestApp) -> Vec<(Who, reqwest::Client)> {
    let mut subjects = vec![(Nobody, client())];
    for (who, email) in [
        (Admin, "admin@test.se"),
        (Coordinator, "coord@test.se"),
        (OwnManager, "chef@test.se"),
        (OtherManager, "chef@test.se"),
        (CareWorker, "usk@test.se"),
        (PoolWorker, "pool@test.se"),
        (ServiceTeam, "service@test.se"),
    ] {
        subjects.push((who, app.login(email).await));
    }
    subjects
}

#[tokio::test]
async fn every_server_function_allows_and_refuses_by_role_and_by_unit() {
    let app = spawn().await;
    let s = setup(&app).await;

    // The table covers exactly the registered server functions.
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let listed: BTreeSet<String> = table(&s, s.unit_a).iter().map(|(name, _, _)| name.to_string()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    assert!(missing.is_empty(), "server functions without a decision in the matrix: {missing:?}");
    let gone: Vec<_> = listed.difference(&registered).collect();
    assert!(gone.is_empty(), "matrix entries for server functions that do not exist: {gone:?}");

    let subjects = subjects(&app).await;
    let mut wrong = Vec::new();
    for (who, c) in &subjects {
        let unit = if *who == OtherManager { s.unit_b } else { s.unit_a };
        // Logging out last: it ends the session the other calls use.
        let mut calls = table(&s, unit);
        calls.sort_by_key(|(name, _, _)| *name == "logout");
        for (name, allowed, call) in calls {
            let (status, body) = match &call {
                Call::Form(pairs) => {
                    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    app.call(c, name, &pairs).await
                }
                Call::Json(body) => app.call_json(c, name, body.clone()).await,
            };
            let ok = if allowed.contains(who) {
                // `login` with a wrong password is a 401 on its merits, for everyone alike.
                status != StatusCode::FORBIDDEN && (name == "login" || status != StatusCode::UNAUTHORIZED)
            } else if *who == Nobody {
                status == StatusCode::UNAUTHORIZED
            } else {
                status == StatusCode::FORBIDDEN
            };
            let decodes = status != StatusCode::BAD_REQUEST;
            if !ok || !decodes {
                wrong.push(format!("{who:?} → {name}: {status} {body}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{} calls answered against the matrix:\n{}", wrong.len(), wrong.join("\n"));
}

/// The decision for each page. `:id` is the unit (A, or B for `OtherManager`) or, on
/// administration pages, a person; other parameters get a value that does not exist.
fn pages() -> Vec<(&'static str, &'static [Who])> {
    vec![
        ("/", PUBLIC),
        ("/login", PUBLIC),
        ("/inbjudan/:token", PUBLIC),
        ("/mina-pass", EVERYONE_SIGNED_IN),
        ("/profil", EVERYONE_SIGNED_IN),
        ("/uppdrag", SERVICE_TEAM),
        ("/bestall-uppdrag", UNIT_MEMBERS),
        ("/enhet/:id/uppdrag", UNIT_PEOPLE),
        ("/erbjudanden", POOL_WORKER),
        ("/tillganglighet", POOL_WORKER),
        ("/pool", POOL),
        ("/skyddsutrustning", POOL),
        ("/skyddsutrustning/behov", POOL),
        ("/skyddsutrustning/plocklista/:id", POOL),
        ("/enhet/:id/skyddsutrustning", READ_PLANNING),
        ("/enhet", &[OwnManager, OtherManager]),
        ("/enhet/:id/vecka", READ_PLANNING),
        ("/enhet/:id/uppfoljning", READ_PLANNING),
        ("/enhet/:id/grundbemanning", READ_PLANNING),
        ("/enhet/:id/rullschema", READ_PLANNING),
        ("/enhet/:id/lagesrapport", READ_PLANNING),
        ("/lagesbild", OVERVIEW),
        ("/lagesbild/enhet/:id", READ_PLANNING),
        ("/admin", ADMIN),
        ("/admin/personer", ADMIN),
        ("/admin/personer/:id", ADMIN),
        ("/admin/enheter", ADMIN),
        ("/admin/utforare", ADMIN),
        ("/admin/kompetenser", ADMIN),
        ("/admin/logg", ADMIN),
        ("/admin/avtal", ADMIN),
    ]
}

#[tokio::test]
async fn every_page_allows_and_refuses_by_role_and_by_unit() {
    let app = spawn().await;
    let s = setup(&app).await;
    let normalise = |p: &str| p.replace('{', ":").replace('}', "");
    let registered: BTreeSet<String> =
        leptos_axum::generate_route_list(app::app::App).iter().map(|r| normalise(r.path())).collect();
    let listed: BTreeSet<String> = pages().iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(registered, listed, "every route needs a decision in the matrix (and only real routes)");

    let subjects = subjects(&app).await;
    let mut wrong = Vec::new();
    for (who, c) in &subjects {
        let unit = if *who == OtherManager { s.unit_b } else { s.unit_a };
        for (page, allowed) in pages() {
            let id = if page.starts_with("/admin") { s.target } else { unit };
            let path = page.replace(":id", &id.to_string()).replace(":token", &"0".repeat(64));
            let res = c.get(app.url(&path)).send().await.unwrap();
            let status = res.status();
            let to_login = res.headers().get("location").is_some_and(|l| l == "/login");
            let ok = if allowed.contains(who) {
                status != StatusCode::FORBIDDEN && !(to_login && *who != Nobody)
            } else if *who == Nobody {
                status.is_redirection() && to_login
            } else {
                status == StatusCode::FORBIDDEN
            };
            if !ok {
                wrong.push(format!("{who:?} → {path}: {status}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{} pages answered against the matrix:\n{}", wrong.len(), wrong.join("\n"));
}
