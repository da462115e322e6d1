//! Protective equipment over HTTP, on both backends: the catalogue and the central ledger, counts
//! in the daily report giving burn rate and days of supply, a proposal that serves the unit
//! running low first whatever its provider, approval moving the stock through the ledger (never
//! below zero, not twice), receipts that differ with a note, requests feeding the proposal, the
//! county board's CSV, and who may do what. Dates from the app's own clock.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

struct World {
    /// A municipal unit and a private one.
    municipal: i64,
    private: i64,
}

async fn world(app: &TestApp) -> World {
    let municipal_provider = app.provider("Kommunens äldreomsorg").await;
    sqlx::query("UPDATE providers SET kind = 'municipal' WHERE id = $1")
        .bind(municipal_provider)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let municipal = app.unit(municipal_provider, "Solgården").await;
    let private = app.unit(app.provider("Omsorg AB").await, "Björkhagen").await;
    app.person("chef-k@test.se", &[("unit_manager", Some(municipal))]).await;
    app.person("chef-p@test.se", &[("unit_manager", Some(private))]).await;
    app.person("samordnare@test.se", &[("coordinator", None)]).await;
    app.person("usk@test.se", &[("care_worker", Some(municipal))]).await;
    World { municipal, private }
}

/// The coordinator adds FFP2 respirators (packs of 20) and answers its id.
async fn ffp2(app: &TestApp, coordinator: &reqwest::Client) -> i64 {
    let fields = [("name", "Andningsskydd FFP2"), ("unit_of_issue", "st"), ("pack_size", "20"), ("active", "on")];
    let (status, id) = app.call(coordinator, "save_material", &fields).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    id.as_i64().unwrap()
}

async fn movement(app: &TestApp, c: &reqwest::Client, material: i64, fields: &[(&str, &str)]) -> (StatusCode, Value) {
    let id = material.to_string();
    let mut form = vec![("material_id", id.as_str())];
    form.extend_from_slice(fields);
    app.call(c, "record_stock_movement", &form).await
}

/// The unit's manager files today's report with `on_hand` of `material` counted.
async fn report_stock(
    app: &TestApp,
    manager: &reqwest::Client,
    unit: i64,
    material: i64,
    on_hand: Value,
) -> (StatusCode, Value) {
    let (status, page) = app.call(manager, "daily_report", &[("unit_id", &unit.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page["materials"].as_array().unwrap().iter().any(|m| m["id"] == material), "{page}");
    let mut draft = page["draft"].clone();
    draft["stock"] = json!([{ "material_id": material, "on_hand": on_hand, "used": null }]);
    app.call_json(manager, "file_daily_report", json!({ "draft": draft })).await
}

fn supply_of(overview: &Value, unit: i64) -> &Value {
    overview["materials"][0]["units"].as_array().unwrap().iter().find(|u| u["unit_id"] == unit).unwrap()
}

#[tokio::test]
async fn a_unit_low_on_ffp2_gets_it_first_confirms_receipt_and_its_days_of_supply_rise() {
    let app = spawn().await;
    let w = world(&app).await;
    let coordinator = app.login("samordnare@test.se").await;
    let material = ffp2(&app, &coordinator).await;
    let (status, stock) =
        movement(&app, &coordinator, material, &[("kind", "delivery"), ("source", "supplier"), ("quantity", "200")])
            .await;
    assert_eq!((status, stock), (StatusCode::OK, json!(200)));

    // Two days of counts: the municipal unit uses 40 a day and has 60 left (1.5 days: red); the
    // private unit uses 10 a day and has 100 (10 days: green).
    let chef_k = app.login("chef-k@test.se").await;
    let chef_p = app.login("chef-p@test.se").await;
    assert_eq!(report_stock(&app, &chef_k, w.municipal, material, json!(100)).await.0, StatusCode::OK);
    assert_eq!(report_stock(&app, &chef_p, w.private, material, json!(110)).await.0, StatusCode::OK);
    app.clock().advance(jiff::SignedDuration::from_hours(24));
    assert_eq!(report_stock(&app, &chef_k, w.municipal, material, json!(60)).await.0, StatusCode::OK);
    assert_eq!(report_stock(&app, &chef_p, w.private, material, json!(100)).await.0, StatusCode::OK);

    let (status, overview) = app.call(&coordinator, "equipment_overview", &[]).await;
    assert_eq!(status, StatusCode::OK, "{overview}");
    let low = supply_of(&overview, w.municipal);
    assert_eq!((low["on_hand"].clone(), low["light"].clone()), (json!(60), json!("Red")), "{low}");
    // 40 over a day (and the few real seconds the test took between the reports).
    assert!((low["burn_per_day"].as_f64().unwrap() - 40.0).abs() < 0.01, "{low}");
    assert_eq!(supply_of(&overview, w.private)["light"], json!("Green"));
    // The proposal: the municipal unit needs 7 × 40 − 60 = 220, 11 packs; only 10 are in stock,
    // and every one goes to it. The private unit needs nothing.
    let lines = overview["proposal"][0]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["line"]["unit_id"], json!(w.municipal));
    assert_eq!((lines[0]["line"]["packs"].clone(), lines[0]["line"]["cut_short"].clone()), (json!(10), json!(true)));

    // Approving more than the stock is refused and moves nothing; the proposal as made goes.
    let day = plus(app.today(), 1).to_string();
    let too_much = json!([{ "material_id": material, "unit_id": w.municipal, "packs": 11 }]);
    let (status, body) =
        app.call_json(&coordinator, "approve_distribution", json!({ "delivery_day": day, "lines": too_much })).await;
    assert_eq!((status, body), (StatusCode::CONFLICT, json!({ "Conflict": "NotEnoughStock" })));
    let approved = json!([{ "material_id": material, "unit_id": w.municipal, "packs": 10 }]);
    let (status, distribution) = app
        .call_json(&coordinator, "approve_distribution", json!({ "delivery_day": day, "lines": approved.clone() }))
        .await;
    assert_eq!(status, StatusCode::OK, "{distribution}");
    // The same approval again finds the stock empty.
    let (status, _) =
        app.call_json(&coordinator, "approve_distribution", json!({ "delivery_day": day, "lines": approved })).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, overview) = app.call(&coordinator, "equipment_overview", &[]).await;
    assert_eq!(overview["materials"][0]["central_stock"], json!(0));
    let ledger: Vec<i64> =
        overview["movements"].as_array().unwrap().iter().map(|m| m["quantity"].as_i64().unwrap()).collect();
    assert_eq!(ledger, vec![-200, 200], "newest first: the shipment, the delivery");
    assert_eq!(overview["movements"][0]["balance"], json!(0));

    // The pick list names the unit and the packs.
    let (status, pick) = app.call(&coordinator, "pick_list", &[("distribution_id", &distribution.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{pick}");
    assert_eq!(pick["rounds"][0][1][0]["unit_name"], json!("Solgården"));
    assert_eq!(pick["rounds"][0][1][0]["lines"][0][3], json!(200));

    // The unit confirms an hour later: 180 came (a pack was missing), which needs a note.
    app.clock().advance(jiff::SignedDuration::from_hours(1));
    let (_, unit_page) = app.call(&chef_k, "unit_equipment", &[("unit_id", &w.municipal.to_string())]).await;
    let shipment = unit_page["shipments"][0]["id"].as_i64().unwrap();
    let counted = json!([{ "material_id": material, "received": "180" }]);
    let confirm = |note: &str| json!({ "shipment_id": shipment, "lines": counted.clone(), "note": note });
    let (status, body) = app.call_json(&chef_k, "confirm_receipt", confirm("")).await;
    assert_eq!((status, body), (StatusCode::UNPROCESSABLE_ENTITY, invalid("note", "Required")));
    // Another unit's manager may not confirm it.
    let (status, _) = app.call_json(&chef_p, "confirm_receipt", confirm("Vi fick den")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = app.call_json(&chef_k, "confirm_receipt", confirm("En förpackning saknades")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app.call_json(&chef_k, "confirm_receipt", confirm("En förpackning saknades")).await;
    assert_eq!((status, body), (StatusCode::CONFLICT, json!({ "Conflict": "ShipmentReceived" })));

    // Its supply now counts what arrived: 60 + 180 = 240 at 40 a day, 6 days: yellow, not red.
    let (_, unit_page) = app.call(&chef_k, "unit_equipment", &[("unit_id", &w.municipal.to_string())]).await;
    let supply = &unit_page["supply"][0];
    assert_eq!(supply["on_hand"], json!(240));
    assert!((supply["supply"]["Days"].as_f64().unwrap() - 6.0).abs() < 0.01, "{supply}");
    assert_eq!(supply["light"], json!("Yellow"));
    assert_eq!(unit_page["shipments"][0]["lines"][0][4], json!(180));
}

#[tokio::test]
async fn the_ledger_refuses_bad_movements_and_never_goes_below_zero() {
    let app = spawn().await;
    world(&app).await;
    let coordinator = app.login("samordnare@test.se").await;
    let material = ffp2(&app, &coordinator).await;
    let delivered =
        movement(&app, &coordinator, material, &[("kind", "delivery"), ("source", "donation"), ("quantity", "50")])
            .await;
    assert_eq!(delivered, (StatusCode::OK, json!(50)));
    let cases: [(&[(&str, &str)], Value); 6] = [
        (&[("kind", "delivery"), ("source", "supplier"), ("quantity", "0")], out_of_range("quantity", 1, 1_000_000)),
        (&[("kind", "delivery"), ("source", "santa"), ("quantity", "5")], invalid("source", "UnknownChoice")),
        (&[("kind", "count"), ("quantity", "-1")], out_of_range("quantity", 0, 1_000_000)),
        (&[("kind", "adjustment"), ("quantity", "-5"), ("reason", "")], invalid("reason", "Required")),
        (
            &[("kind", "adjustment"), ("quantity", "fem"), ("reason", "Svinn")],
            out_of_range("quantity", -1_000_000, 1_000_000),
        ),
        (&[("kind", "theft"), ("quantity", "5")], invalid("kind", "UnknownChoice")),
    ];
    for (fields, expected) in cases {
        let (status, body) = movement(&app, &coordinator, material, fields).await;
        assert_eq!((status, body), (StatusCode::UNPROCESSABLE_ENTITY, expected), "{fields:?}");
    }
    let (status, body) =
        movement(&app, &coordinator, material, &[("kind", "adjustment"), ("quantity", "-51"), ("reason", "Svinn")])
            .await;
    assert_eq!((status, body), (StatusCode::CONFLICT, json!({ "Conflict": "NotEnoughStock" })));
    // A count that finds 47 records −3; the ledger still sums to the stock.
    assert_eq!(
        movement(&app, &coordinator, material, &[("kind", "count"), ("quantity", "47")]).await,
        (StatusCode::OK, json!(47))
    );
    let (sum, rows): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT), COUNT(*) FROM stock_movements WHERE material_id = $1",
    )
    .bind(material)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!((sum, rows), (47, 2), "nothing refused was recorded");

    // Two adjustments at once that together would take the stock below zero: one wins.
    let other = app.login("samordnare@test.se").await;
    let take = [("kind", "adjustment"), ("quantity", "-30"), ("reason", "Till annan kommun")];
    let (a, b) = tokio::join!(movement(&app, &coordinator, material, &take), movement(&app, &other, material, &take));
    let statuses = [a.0, b.0];
    assert!(statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT), "{a:?} {b:?}");
    let stock: i64 =
        sqlx::query_scalar("SELECT CAST(SUM(quantity) AS BIGINT) FROM stock_movements WHERE material_id = $1")
            .bind(material)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(stock, 17);

    // Names are unique.
    let fields = [("name", "Andningsskydd FFP2"), ("unit_of_issue", "st"), ("pack_size", "10")];
    let (status, body) = app.call(&coordinator, "save_material", &fields).await;
    assert_eq!((status, body), (StatusCode::CONFLICT, json!({ "Conflict": "MaterialNameTaken" })));
}

#[tokio::test]
async fn requests_feed_the_proposal_on_equal_terms_and_the_county_gets_a_csv() {
    let app = spawn().await;
    let w = world(&app).await;
    let coordinator = app.login("samordnare@test.se").await;
    let material = ffp2(&app, &coordinator).await;
    movement(
        &app,
        &coordinator,
        material,
        &[("kind", "delivery"), ("source", "county_allocation"), ("quantity", "100")],
    )
    .await;
    // Both units ask for 60 and have never counted: the same need, so the same share — five
    // packs split two and a half ways is 3 and 2, the odd one to the lower id, whatever the
    // provider.
    for (email, unit) in [("chef-k@test.se", w.municipal), ("chef-p@test.se", w.private)] {
        let c = app.login(email).await;
        let fields = [
            ("unit_id", unit.to_string()),
            ("material_id", material.to_string()),
            ("quantity", "60".into()),
            ("note", "".into()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = app.call(&c, "request_equipment", &fields).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, overview) = app.call(&coordinator, "equipment_overview", &[]).await;
    let packs: Vec<(i64, i64)> = overview["proposal"][0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["line"]["unit_id"].as_i64().unwrap(), l["line"]["packs"].as_i64().unwrap()))
        .collect();
    let first = w.municipal.min(w.private);
    let second = w.municipal.max(w.private);
    let mut packs_sorted = packs.clone();
    packs_sorted.sort();
    assert_eq!(packs_sorted, vec![(first, 3), (second, 2)], "{overview}");

    // A care worker may not request; a manager may not request for another unit.
    let usk = app.login("usk@test.se").await;
    let fields =
        [("unit_id", w.municipal.to_string()), ("material_id", material.to_string()), ("quantity", "5".into())];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call(&usk, "request_equipment", &fields).await.0, StatusCode::FORBIDDEN);
    let chef_p = app.login("chef-p@test.se").await;
    assert_eq!(app.call(&chef_p, "request_equipment", &fields).await.0, StatusCode::FORBIDDEN);
    // Bad quantities are refused by field.
    let bad = [("unit_id", w.private.to_string()), ("material_id", material.to_string()), ("quantity", "0".into())];
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = app.call(&chef_p, "request_equipment", &bad).await;
    assert_eq!((status, body), (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("quantity", 1, 1_000_000)));

    // The county board's CSV: Excel-ready, Swedish headers, the need for next week.
    let res = coordinator.get(app.url("/skyddsutrustning/behov.csv")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "byte-order mark for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("Vecka från;Material;Enhet;"), "{text}");
    let row: Vec<&str> = lines.next().unwrap().split(';').collect();
    // Requests of 60 each against 100 in stock: 20 short.
    assert_eq!((row[1], row[5], row[6]), ("Andningsskydd FFP2", "100", "20"), "{text}");
    let res = chef_p.get(app.url("/skyddsutrustning/behov.csv")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, needs) = app.call(&coordinator, "county_needs", &[]).await;
    assert_eq!(status, StatusCode::OK, "{needs}");
    assert_eq!(needs["lines"][0]["need"], json!(20));
}

#[tokio::test]
async fn a_report_refuses_bad_counts_by_field_and_keeps_nothing_of_them() {
    let app = spawn().await;
    let w = world(&app).await;
    let coordinator = app.login("samordnare@test.se").await;
    let material = ffp2(&app, &coordinator).await;
    let chef = app.login("chef-k@test.se").await;
    let (status, body) = report_stock(&app, &chef, w.municipal, material, json!(-1)).await;
    assert_eq!(
        (status, body),
        (StatusCode::UNPROCESSABLE_ENTITY, out_of_range(&format!("stock_{material}"), 0, 1_000_000))
    );
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM daily_reports").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(rows, 0, "the report was not filed either");
    assert_eq!(report_stock(&app, &chef, w.municipal, material, json!(35)).await.0, StatusCode::OK);
    let (_, page) = app.call(&chef, "daily_report", &[("unit_id", &w.municipal.to_string())]).await;
    assert_eq!(page["draft"]["stock"], json!([{ "material_id": material, "on_hand": 35, "used": null }]));
}
