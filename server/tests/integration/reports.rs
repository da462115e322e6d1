//! Daily reports over HTTP: prefilled from the schedule and from yesterday, filed and corrected
//! with their history, the pool requests they raise and withdraw, and who may read and file
//! them — on both backends. Dates come from each app's own clock.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

struct Unit {
    id: i64,
    day_shift: i64,
    evening_shift: i64,
    nurse: i64,
}

/// A unit whose day shift (07–16) needs two people every day of the week, one of whom is
/// scheduled today and none tomorrow: gaps of 1 today and 2 tomorrow.
async fn unit_with_gaps(app: &TestApp, provider: &str, name: &str) -> Unit {
    let id = app.unit(app.provider(provider).await, name).await;
    let types = [
        app.shift_type(id, "D", "Dag", "07:00", "16:00").await,
        app.shift_type(id, "K", "Kväll", "14:00", "22:00").await,
    ];
    for weekday in 1..=7 {
        sqlx::query("INSERT INTO staffing_needs (unit_id, weekday, shift_type_id, headcount) VALUES ($1, $2, $3, 2)")
            .bind(id)
            .bind(weekday)
            .bind(types[0])
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let worker = app.person(&format!("personal-{id}@test.se"), &[("care_worker", Some(id))]).await;
    let span = app::domain::schedule::span_on(
        app.today(),
        app::domain::schedule::parse_time("07:00").unwrap(),
        app::domain::schedule::parse_time("16:00").unwrap(),
    );
    sqlx::query(
        "INSERT INTO shifts (unit_id, person_id, shift_type_id, starts_at, ends_at, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'planned', 0)",
    )
    .bind(id)
    .bind(worker)
    .bind(types[0])
    .bind(span.start.as_second())
    .bind(span.end.as_second())
    .execute(&app.db.pool)
    .await
    .unwrap();
    let nurse: i64 = sqlx::query(
        "INSERT INTO competences (code, name_sv, name_en, active) VALUES ($1, 'Sjuksköterska', 'Nurse', 1) RETURNING id",
    )
    .bind(format!("ssk-{id}"))
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .try_get("id")
    .unwrap();
    Unit { id, day_shift: types[0], evening_shift: types[1], nurse }
}

async fn report_page(app: &TestApp, c: &reqwest::Client, unit: i64) -> (StatusCode, Value) {
    app.call(c, "daily_report", &[("unit_id", &unit.to_string())]).await
}

async fn file(app: &TestApp, c: &reqwest::Client, draft: Value) -> (StatusCode, Value) {
    app.call_json(c, "file_daily_report", json!({ "draft": draft })).await
}

/// The unit's pool requests: (date, shift type, competence, headcount, state), in order.
async fn pool_requests(app: &TestApp, unit: i64) -> Vec<(String, i64, Option<i64>, i64, String)> {
    sqlx::query_as(
        "SELECT shift_date, shift_type_id, competence_id, headcount, state FROM pool_requests WHERE unit_id = $1
         ORDER BY shift_date, shift_type_id, competence_id",
    )
    .bind(unit)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_report_is_prefilled_from_the_schedule_filed_corrected_and_raises_pool_requests() {
    let app = spawn().await;
    let unit = unit_with_gaps(&app, "Omsorg AB", "Hemtjänst Väst").await;
    app.person("chef@test.se", &[("unit_manager", Some(unit.id))]).await;
    let c = app.login("chef@test.se").await;
    let (today, tomorrow) = (app.today(), plus(app.today(), 1));

    let (status, page) = report_page(&app, &c, unit.id).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["prefill"], json!("Schedule"));
    assert_eq!(page["may_change"], json!(true));
    assert_eq!(page["draft"]["based_on"], json!(0));
    assert_eq!(page["draft"]["date"], json!(today.to_string()));
    let schedule_gaps = json!([
        { "day": 0, "shift_type_id": unit.day_shift, "competence_id": null, "short": 1, "solved": 0 },
        { "day": 1, "shift_type_id": unit.day_shift, "competence_id": null, "short": 2, "solved": 0 },
    ]);
    assert_eq!(page["draft"]["gaps"], schedule_gaps);
    assert_eq!(page["history"], json!([]));
    assert_eq!(page["score"], json!(null));

    // The manager covers today's gap with the unit's own staff, asks the pool for tomorrow's two,
    // and adds a nurse missing tonight.
    let mut draft = page["draft"].clone();
    draft["gaps"] = json!([
        { "day": 0, "shift_type_id": unit.day_shift, "competence_id": null, "short": 1, "solved": 1 },
        { "day": 0, "shift_type_id": unit.evening_shift, "competence_id": unit.nurse, "short": 1, "solved": 0 },
        { "day": 1, "shift_type_id": unit.day_shift, "competence_id": null, "short": 2, "solved": 0 },
    ]);
    draft["absences"] = json!([{ "day": 0, "reason": "own_illness", "competence_id": unit.nurse, "headcount": 1 }]);
    draft["cases_recipients"] = json!(2);
    draft["outbreak"] = json!(true);
    draft["recipients_affected"] = json!(12);
    draft["note"] = json!("Två brukare med bekräftad covid.\nKohortvård på avdelning B.");
    let (status, filed) = file(&app, &c, draft.clone()).await;
    assert_eq!(status, StatusCode::OK, "{filed}");
    assert_eq!(filed["version"], json!(1));
    assert_eq!(filed["open_requests"], json!(2));
    let score = filed["score"]["total"].as_i64().unwrap();
    assert!(filed["score"]["infection"].as_f64() == Some(15.0), "{filed}");
    assert!(score >= 15, "{filed}");
    assert_eq!(
        pool_requests(&app, unit.id).await,
        vec![
            (today.to_string(), unit.evening_shift, Some(unit.nurse), 1, "open".to_string()),
            (tomorrow.to_string(), unit.day_shift, None, 2, "open".to_string()),
        ]
    );

    // The page now shows the filed report, its score and its requests.
    let (_, page) = report_page(&app, &c, unit.id).await;
    assert_eq!(page["prefill"], json!("Today"));
    assert_eq!(page["draft"]["based_on"], json!(1));
    assert_eq!(page["draft"]["note"], draft["note"]);
    assert_eq!(page["draft"]["absences"], draft["absences"]);
    assert_eq!(page["history"].as_array().unwrap().len(), 1);
    assert_eq!(page["history"][0]["filed_by"], json!("Test chef@test.se"));
    assert_eq!(page["history"][0]["unsolved"], json!(3));
    assert!(page["score"]["total"].is_number());
    assert_eq!(page["pool_requests"].as_array().unwrap().len(), 2);

    // A correction: a substitute was found for tomorrow, the nurse is still missing.
    let mut correction = page["draft"].clone();
    correction["gaps"][2]["solved"] = json!(2);
    let (status, filed) = file(&app, &c, correction.clone()).await;
    assert_eq!(status, StatusCode::OK, "{filed}");
    assert_eq!(filed["version"], json!(2));
    assert_eq!(filed["open_requests"], json!(1));
    assert_eq!(
        pool_requests(&app, unit.id).await,
        vec![
            (today.to_string(), unit.evening_shift, Some(unit.nurse), 1, "open".to_string()),
            (tomorrow.to_string(), unit.day_shift, None, 2, "withdrawn".to_string()),
        ]
    );

    // The history keeps both versions, newest first; the first one is unchanged.
    let (_, page) = report_page(&app, &c, unit.id).await;
    let versions: Vec<(i64, i64)> = page["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_i64().unwrap(), v["unsolved"].as_i64().unwrap()))
        .collect();
    assert_eq!(versions, vec![(2, 1), (1, 3)]);

    // Someone filing on top of a version they have not seen is told so, and nothing changes.
    let (status, body) = file(&app, &c, correction).await;
    assert_eq!((status, body), (StatusCode::CONFLICT, json!({ "Conflict": "ReportChanged" })));
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'file_report' AND entity = 'daily_report'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn the_next_day_the_form_starts_from_yesterdays_report() {
    let app = spawn().await;
    let unit = unit_with_gaps(&app, "Omsorg AB", "Hemtjänst Väst").await;
    app.person("chef@test.se", &[("unit_manager", Some(unit.id))]).await;
    let c = app.login("chef@test.se").await;
    let (_, page) = report_page(&app, &c, unit.id).await;
    let mut draft = page["draft"].clone();
    draft["absences"] = json!([
        { "day": 0, "reason": "child_care", "competence_id": null, "headcount": 2 },
        { "day": 1, "reason": "own_illness", "competence_id": unit.nurse, "headcount": 1 },
    ]);
    draft["outbreak"] = json!(true);
    draft["cases_staff"] = json!(3);
    draft["note"] = json!("Gäller bara idag.");
    assert_eq!(file(&app, &c, draft).await.0, StatusCode::OK);

    app.clock().advance(jiff::SignedDuration::from_hours(24));
    let (status, page) = report_page(&app, &c, unit.id).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["prefill"], json!("Yesterday"));
    assert_eq!(page["draft"]["date"], json!(app.today().to_string()));
    assert_eq!(page["draft"]["based_on"], json!(0));
    // Yesterday's "tomorrow" is today; its infection situation carries over, its note does not.
    assert_eq!(
        page["draft"]["absences"],
        json!([{ "day": 0, "reason": "own_illness", "competence_id": unit.nurse, "headcount": 1 }])
    );
    assert_eq!((page["draft"]["outbreak"].clone(), page["draft"]["cases_staff"].clone()), (json!(true), json!(3)));
    assert_eq!(page["draft"]["note"], json!(""));
    assert_eq!(page["history"], json!([]));
}

#[tokio::test]
async fn reports_are_read_and_filed_only_by_those_who_may() {
    let app = spawn().await;
    let ours = unit_with_gaps(&app, "Omsorg AB", "Hemtjänst Väst").await;
    let theirs = unit_with_gaps(&app, "Vård & Co", "Solgården").await;
    app.person("chef@test.se", &[("unit_manager", Some(ours.id))]).await;
    app.person("samordnare@test.se", &[("coordinator", None)]).await;
    app.person("usk@test.se", &[("care_worker", Some(ours.id))]).await;
    let manager = app.login("chef@test.se").await;

    // Another provider's unit: neither read nor filed.
    assert_eq!(report_page(&app, &manager, theirs.id).await.0, StatusCode::FORBIDDEN);
    let (_, own) = report_page(&app, &manager, ours.id).await;
    let mut foreign = own["draft"].clone();
    foreign["unit_id"] = json!(theirs.id);
    foreign["gaps"] = json!([]);
    assert_eq!(file(&app, &manager, foreign).await.0, StatusCode::FORBIDDEN);
    // Nor may a line name the other unit's shift type.
    let mut smuggled = own["draft"].clone();
    smuggled["gaps"] =
        json!([{ "day": 0, "shift_type_id": theirs.day_shift, "competence_id": null, "short": 1, "solved": 0 }]);
    assert_eq!(
        file(&app, &manager, smuggled).await,
        (StatusCode::UNPROCESSABLE_ENTITY, invalid("gaps", "UnknownChoice"))
    );
    assert!(pool_requests(&app, theirs.id).await.is_empty());

    // The coordinator reads every unit's report but files none.
    let coordinator = app.login("samordnare@test.se").await;
    let (status, page) = report_page(&app, &coordinator, theirs.id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["may_change"], json!(false));
    assert_eq!(file(&app, &coordinator, page["draft"].clone()).await.0, StatusCode::FORBIDDEN);

    // A care worker neither; nor someone signed out.
    let worker = app.login("usk@test.se").await;
    assert_eq!(report_page(&app, &worker, ours.id).await.0, StatusCode::FORBIDDEN);
    assert_eq!(report_page(&app, &client(), ours.id).await.0, StatusCode::UNAUTHORIZED);
    let counted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM daily_reports").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(counted, 0);
}

#[tokio::test]
async fn bad_reports_are_refused_with_the_field_named_and_store_nothing() {
    let app = spawn().await;
    let unit = unit_with_gaps(&app, "Omsorg AB", "Hemtjänst Väst").await;
    app.person("chef@test.se", &[("unit_manager", Some(unit.id))]).await;
    let c = app.login("chef@test.se").await;
    let (_, page) = report_page(&app, &c, unit.id).await;
    let draft = page["draft"].clone();
    let with = |field: &str, value: Value| {
        let mut d = draft.clone();
        d[field] = value;
        d
    };

    let more_solved = with(
        "gaps",
        json!([{ "day": 0, "shift_type_id": unit.day_shift, "competence_id": null, "short": 1, "solved": 2 }]),
    );
    assert_eq!(file(&app, &c, more_solved).await, (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("solved", 0, 1)));
    let third_day = with(
        "gaps",
        json!([{ "day": 2, "shift_type_id": unit.day_shift, "competence_id": null, "short": 1, "solved": 0 }]),
    );
    assert_eq!(file(&app, &c, third_day).await, (StatusCode::UNPROCESSABLE_ENTITY, invalid("gaps", "UnknownChoice")));
    let negative = with("cases_staff", json!(-1));
    assert_eq!(file(&app, &c, negative).await, (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("cases_staff", 0, 999)));
    let formula = with("note", json!("=HYPERLINK(\"http://x\")"));
    assert_eq!(
        file(&app, &c, formula).await,
        (StatusCode::UNPROCESSABLE_ENTITY, invalid("note", "ForbiddenCharacters"))
    );
    let unknown_competence =
        with("absences", json!([{ "day": 0, "reason": "own_illness", "competence_id": 987654, "headcount": 1 }]));
    assert_eq!(
        file(&app, &c, unknown_competence).await,
        (StatusCode::UNPROCESSABLE_ENTITY, invalid("competence", "UnknownChoice"))
    );
    let unknown_reason =
        with("absences", json!([{ "day": 0, "reason": "holiday", "competence_id": null, "headcount": 1 }]));
    assert_eq!(file(&app, &c, unknown_reason).await.0, StatusCode::BAD_REQUEST);
    // A form opened yesterday is not filed as today's report.
    let yesterday = with("date", json!(plus(app.today(), -1).to_string()));
    assert_eq!(file(&app, &c, yesterday).await, (StatusCode::CONFLICT, json!({ "Conflict": "ReportChanged" })));

    let counted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM daily_reports").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(counted, 0);
    assert!(pool_requests(&app, unit.id).await.is_empty());
}

#[tokio::test]
async fn the_situation_picture_scores_reports_and_the_county_board_export_has_them() {
    let app = spawn().await;
    let ours = unit_with_gaps(&app, "Omsorg AB", "Hemtjänst Väst").await;
    let quiet = unit_with_gaps(&app, "Vård & Co", "Solgården").await;
    app.person("chef@test.se", &[("unit_manager", Some(ours.id))]).await;
    app.person("samordnare@test.se", &[("coordinator", None)]).await;
    app.person("usk@test.se", &[("care_worker", Some(ours.id))]).await;
    let manager = app.login("chef@test.se").await;
    let (_, page) = report_page(&app, &manager, ours.id).await;
    let mut draft = page["draft"].clone();
    draft["absences"] = json!([
        { "day": 0, "reason": "own_illness", "competence_id": null, "headcount": 2 },
        { "day": 0, "reason": "child_care", "competence_id": null, "headcount": 1 },
    ]);
    draft["outbreak"] = json!(true);
    draft["cases_recipients"] = json!(4);
    draft["recipients_affected"] = json!(40);
    assert_eq!(file(&app, &manager, draft).await.0, StatusCode::OK);

    let coordinator = app.login("samordnare@test.se").await;
    let (status, overview) = app.call(&coordinator, "overview", &[]).await;
    assert_eq!(status, StatusCode::OK, "{overview}");
    assert_eq!(overview["today"], json!(app.today().to_string()));
    let units = overview["units"].as_array().unwrap();
    // The unit that reported its gaps comes first; the one that did not report last.
    assert_eq!(units[0]["unit"]["id"], json!(ours.id));
    assert_eq!(units[1]["unit"]["id"], json!(quiet.id));
    assert_eq!(units[1]["report"], json!(null));
    let report = &units[0]["report"];
    assert_eq!(report["missing"], json!([{ "competence_id": null, "unsolved": 3 }]));
    assert_eq!(
        (report["absent"].clone(), report["outbreak"].clone(), report["cases"].clone()),
        (json!(3), json!(true), json!(4))
    );
    // 3 of 4 planned missing (33.75 p), outbreak 15, 40 recipients 10, no scarcity, and the
    // urgency of a gap today: at least 66 points, red.
    let score = &report["score"];
    assert_eq!(score["staff"], json!(33.75));
    assert_eq!((score["infection"].clone(), score["recipients"].clone()), (json!(15.0), json!(10.0)));
    assert!(score["total"].as_i64().unwrap() >= 59, "{score}");
    assert_eq!(units[0]["open_requests"], json!(3));

    // The drill-down: today's bar and the report.
    let (status, history) = app.call(&coordinator, "unit_situation", &[("unit_id", &ours.id.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{history}");
    let days = history["days"].as_array().unwrap();
    assert_eq!(days.len(), 14);
    assert_eq!(days[13]["date"], json!(app.today().to_string()));
    assert!(days[13]["need_score"].is_number());
    assert!(days[..13].iter().all(|d| d["need_score"].is_null()));
    assert_eq!(history["reports"][0]["absent"], json!(3));

    // The county board's CSV: Excel's BOM, Swedish headers, a row per unit, the municipality's sums.
    let today = app.today().to_string();
    let res = coordinator.get(app.url(&format!("/lagesbild/export.csv?from={today}&to={today}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "Excel needs the byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(';').collect()).collect();
    assert_eq!(lines[0][..4], ["Datum", "Utförare", "Utförartyp", "Enhet"]);
    assert_eq!(lines.len(), 4, "{text}");
    let row = lines.iter().find(|l| l[3] == "Hemtjänst Väst").unwrap();
    assert_eq!(row[..7], [today.as_str(), "Omsorg AB", "Privat", "Hemtjänst Väst", "Hemtjänst", "Centrum", "Ja"]);
    // Absent 3 (2 ill, 1 child care), short 1 today, solved 0, to the pool 1, cases 4 and 0.
    assert_eq!(row[9..19], ["3", "2", "1", "1", "0", "1", "4", "0", "Ja", "40"]);
    let quiet_row = lines.iter().find(|l| l[3] == "Solgården").unwrap();
    assert_eq!(quiet_row[6], "Nej");
    let total = lines.last().unwrap();
    assert_eq!(total[..7], [today.as_str(), "Hela kommunen", "", "", "", "", "1 av 2"]);
    assert_eq!(total[9], "3");

    // The manager's export holds only their unit; a care worker gets none; bad periods are named.
    let res = manager.get(app.url("/lagesbild/export.csv")).send().await.unwrap();
    let text = res.text().await.unwrap();
    assert!(text.contains("Hemtjänst Väst") && !text.contains("Solgården"), "{text}");
    let worker = app.login("usk@test.se").await;
    assert_eq!(worker.get(app.url("/lagesbild/export.csv")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(client().get(app.url("/lagesbild/export.csv")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let backwards = format!("/lagesbild/export.csv?from={today}&to={}", plus(app.today(), -1));
    let res = coordinator.get(app.url(&backwards)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Perioden"));
}

#[tokio::test]
async fn a_coordinator_asks_a_unit_for_its_report_and_its_manager_sees_it() {
    let app = spawn().await;
    let unit = unit_with_gaps(&app, "Omsorg AB", "Hemtjänst Väst").await;
    app.person("chef@test.se", &[("unit_manager", Some(unit.id))]).await;
    app.person("samordnare@test.se", &[("coordinator", None)]).await;
    let manager = app.login("chef@test.se").await;
    let coordinator = app.login("samordnare@test.se").await;

    let (_, units) = app.call(&manager, "my_units", &[]).await;
    assert_eq!(units[0]["report"], json!({ "filed_at": null, "reminded_at": null }));

    // Only coordinators and administrators ask; a unit that does not exist is not found.
    assert_eq!(app.call(&manager, "remind_unit", &[("unit_id", &unit.id.to_string())]).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&coordinator, "remind_unit", &[("unit_id", "987654")]).await.0, StatusCode::NOT_FOUND);
    let mut live = app.live(&manager).await;
    let (status, body) = app.call(&coordinator, "remind_unit", &[("unit_id", &unit.id.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The manager's open pages hear it at once.
    assert_eq!(live.next().await.unwrap().json(), json!({ "type": "unit_report", "unit_id": unit.id }));

    let (_, units) = app.call(&manager, "my_units", &[]).await;
    assert!(units[0]["report"]["reminded_at"].is_string(), "{units}");
    assert_eq!(units[0]["report"]["filed_at"], json!(null));
    let (_, page) = report_page(&app, &manager, unit.id).await;
    assert!(page["status"]["reminded_at"].is_string());
    let (_, overview) = app.call(&coordinator, "overview", &[]).await;
    assert_eq!(overview["may_remind"], json!(true));
    assert!(overview["units"][0]["reminded_at"].is_string());
    let (_, mine) = app.call(&manager, "overview", &[]).await;
    assert_eq!(mine["may_remind"], json!(false));

    // Filing answers the reminder.
    assert_eq!(file(&app, &manager, page["draft"].clone()).await.0, StatusCode::OK);
    let (_, units) = app.call(&manager, "my_units", &[]).await;
    assert!(units[0]["report"]["filed_at"].is_string(), "{units}");
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'remind' AND entity_id = $1")
        .bind(unit.id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn a_gap_in_a_competence_retired_since_can_still_be_reported() {
    let app = spawn().await;
    let unit = unit_with_gaps(&app, "Omsorg AB", "Hemtjänst Väst").await;
    app.person("chef@test.se", &[("unit_manager", Some(unit.id))]).await;
    for weekday in 1..=7 {
        sqlx::query(
            "INSERT INTO staffing_needs (unit_id, weekday, shift_type_id, competence_id, headcount) VALUES ($1, $2, $3, $4, 1)",
        )
        .bind(unit.id)
        .bind(weekday)
        .bind(unit.evening_shift)
        .bind(unit.nurse)
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
    sqlx::query("UPDATE competences SET active = 0 WHERE id = $1")
        .bind(unit.nurse)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let c = app.login("chef@test.se").await;
    let (_, page) = report_page(&app, &c, unit.id).await;
    let nurse_line =
        json!({ "day": 0, "shift_type_id": unit.evening_shift, "competence_id": unit.nurse, "short": 1, "solved": 0 });
    assert!(page["draft"]["gaps"].as_array().unwrap().contains(&nurse_line), "{}", page["draft"]["gaps"]);
    assert!(page["competences"].as_array().unwrap().iter().any(|c| c["id"] == json!(unit.nurse)), "named on the page");
    let (status, filed) = file(&app, &c, page["draft"].clone()).await;
    assert_eq!(status, StatusCode::OK, "{filed}");
}
