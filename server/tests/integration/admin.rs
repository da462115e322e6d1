//! Administration over HTTP: validation errors, constraint errors as user errors, the audit
//! trail, and the last-administrator guard.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn provider(id: Option<i64>, name: &str, org: &str, active: bool) -> serde_json::Value {
    json!({"id": id, "name": name, "kind": "private", "org_number": org, "active": active})
}

#[tokio::test]
async fn providers_are_validated_and_every_change_is_audited() {
    let app = spawn().await;
    let admin_id = app.person("admin@test.se", &[("admin", None)]).await;
    let admin = app.login("admin@test.se").await;

    let bad = app.call_json(&admin, "admin/save_provider", provider(None, "Omsorg AB", "556036-0794", true)).await;
    assert_eq!(bad, (StatusCode::UNPROCESSABLE_ENTITY, invalid("org_number", "OrgNumber")));
    let empty = app.call_json(&admin, "admin/save_provider", provider(None, "  ", "556036-0793", true)).await;
    assert_eq!(empty, (StatusCode::UNPROCESSABLE_ENTITY, invalid("name", "Required")));

    let (status, id) =
        app.call_json(&admin, "admin/save_provider", provider(None, "Omsorg AB", "5560360793", true)).await;
    assert_eq!(status, StatusCode::OK);
    let dup = app.call_json(&admin, "admin/save_provider", provider(None, "Annan AB", "556036-0793", true)).await;
    assert_eq!(dup, (StatusCode::CONFLICT, json!({"Conflict": "OrgNumberTaken"})));

    let (status, _) = app
        .call_json(&admin, "admin/save_provider", provider(id.as_i64(), "Omsorg i Norr AB", "556036-0793", false))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, providers) = app.call(&admin, "admin/providers", &[]).await;
    assert_eq!(providers[0]["name"], "Omsorg i Norr AB");
    assert_eq!(providers[0]["org_number"], "556036-0793", "stored in the canonical form");
    assert_eq!(providers[0]["active"], false, "deactivated, not deleted");

    let (_, log) = app.call(&admin, "admin/audit", &[("page", "0")]).await;
    let entries = log["items"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{log}");
    let update = &entries[0];
    assert_eq!(update["action"], "update");
    assert_eq!(update["entity"], "provider");
    assert_eq!(update["entity_id"], id);
    assert_eq!(update["actor_name"], "Test admin@test.se");
    let details: serde_json::Value = serde_json::from_str(update["details"].as_str().unwrap()).unwrap();
    assert_eq!(details, json!({"name": ["Omsorg AB", "Omsorg i Norr AB"], "active": [true, false]}));
    assert_eq!(entries[1]["action"], "create");
    let _ = admin_id;
}

#[tokio::test]
async fn people_are_searched_paged_and_kept_when_input_is_wrong() {
    let app = spawn().await;
    app.person("admin@test.se", &[("admin", None)]).await;
    let provider = app.provider("Omsorg AB").await;
    let unit = app.unit(provider, "Hemtjänst Öst").await;
    for i in 0..30 {
        app.person(&format!("person{i:02}@test.se"), &[("care_worker", Some(unit))]).await;
    }
    app.person("åsa.öberg@test.se", &[("pool_worker", None)]).await;
    let admin = app.login("admin@test.se").await;

    let (_, page0) = app.call(&admin, "admin/people", &[("query", ""), ("page", "0")]).await;
    assert_eq!(page0["total"], 32);
    assert_eq!(page0["items"].as_array().unwrap().len(), 25);
    let (_, page1) = app.call(&admin, "admin/people", &[("query", ""), ("page", "1")]).await;
    assert_eq!(page1["items"].as_array().unwrap().len(), 7);
    // Search folds case beyond ASCII (Å, Ö) on both backends.
    let (_, found) = app.call(&admin, "admin/people", &[("query", "ÅSA.ÖBERG"), ("page", "0")]).await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["roles"], json!(["PoolWorker"]));

    let person = |email: &str, roles: serde_json::Value| {
        json!({"id": null, "name": "Nils Ny", "email": email, "phone": "070-123 45 67", "employment_percent": "80",
               "roles": roles, "competence_ids": []})
    };
    let bad_email = app.call_json(&admin, "admin/save_person", person("nils@", json!([]))).await;
    assert_eq!(bad_email, (StatusCode::UNPROCESSABLE_ENTITY, invalid("email", "Email")));
    let taken = app.call_json(&admin, "admin/save_person", person("PERSON01@test.se", json!([]))).await;
    assert_eq!(taken, (StatusCode::CONFLICT, json!({"Conflict": "EmailTaken"})));
    let unit_less = app
        .call_json(
            &admin,
            "admin/save_person",
            person("nils@test.se", json!([{"role": "CareWorker", "unit_id": null}])),
        )
        .await;
    assert_eq!(unit_less, (StatusCode::UNPROCESSABLE_ENTITY, invalid("roles", "UnknownChoice")));
    let no_such_unit = app
        .call_json(
            &admin,
            "admin/save_person",
            person("nils@test.se", json!([{"role": "CareWorker", "unit_id": 99999}])),
        )
        .await;
    assert_eq!(no_such_unit, (StatusCode::UNPROCESSABLE_ENTITY, invalid("roles", "UnknownChoice")));
    // Nothing half-written by the refused saves.
    let (_, all) = app.call(&admin, "admin/people", &[("query", "nils"), ("page", "0")]).await;
    assert_eq!(all["total"], 0);

    let roles = json!([{"role": "CareWorker", "unit_id": unit}, {"role": "PoolWorker", "unit_id": null}]);
    let (status, id) = app.call_json(&admin, "admin/save_person", person("nils@test.se", roles)).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let (_, detail) = app.call(&admin, "admin/person", &[("id", &id.to_string())]).await;
    assert_eq!(detail["employment_percent"], 80);
    assert_eq!(detail["max_month_hours"], Value::Null, "no cap unless given");
    // An hourly pool worker's monthly cap.
    let mut capped = person(
        "nils@test.se",
        json!([{"role": "CareWorker", "unit_id": unit}, {"role": "PoolWorker", "unit_id": null}]),
    );
    capped["id"] = id.clone();
    capped["max_month_hours"] = json!("0");
    let bad = app.call_json(&admin, "admin/save_person", capped.clone()).await;
    assert_eq!(bad, (StatusCode::UNPROCESSABLE_ENTITY, out_of_range("max_month_hours", 1, 744)));
    capped["max_month_hours"] = json!("165");
    assert_eq!(app.call_json(&admin, "admin/save_person", capped).await.0, StatusCode::OK);
    let (_, detail) = app.call(&admin, "admin/person", &[("id", &id.to_string())]).await;
    assert_eq!(detail["max_month_hours"], 165);
    assert_eq!(detail["has_password"], false);
    assert_eq!(detail["roles"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_last_administrator_cannot_be_removed() {
    let app = spawn().await;
    let admin_id = app.person("admin@test.se", &[("admin", None)]).await;
    let admin = app.login("admin@test.se").await;
    let off = app.call(&admin, "admin/set_person_active", &[("id", &admin_id.to_string()), ("active", "false")]).await;
    assert_eq!(off, (StatusCode::CONFLICT, json!({"Conflict": "LastAdministrator"})));
    let demote = app
        .call_json(
            &admin,
            "admin/save_person",
            json!({"id": admin_id, "name": "Admin", "email": "admin@test.se", "phone": "",
            "employment_percent": "100", "roles": [{"role": "Coordinator", "unit_id": null}], "competence_ids": []}),
        )
        .await;
    assert_eq!(demote, (StatusCode::CONFLICT, json!({"Conflict": "LastAdministrator"})));
    // With a second administrator it is allowed.
    app.person("admin2@test.se", &[("admin", None)]).await;
    let (status, _) =
        app.call(&admin, "admin/set_person_active", &[("id", &admin_id.to_string()), ("active", "false")]).await;
    assert_eq!(status, StatusCode::OK);
}

/// A competence code is unique, on creating and on renaming, on both backends; the refusal
/// names the rule and saves nothing.
#[tokio::test]
async fn competence_codes_are_unique() {
    let app = spawn().await;
    app.person("admin@test.se", &[("admin", None)]).await;
    let admin = app.login("admin@test.se").await;
    let competence = |id: Value, code: &str| json!({"id": id, "code": code, "name_sv": format!("Kompetens {code}"), "name_en": format!("Competence {code}"), "active": true});
    let (status, _) = app.call_json(&admin, "admin/save_competence", competence(Value::Null, "delegering")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, second) = app.call_json(&admin, "admin/save_competence", competence(Value::Null, "korkort")).await;
    assert_eq!(status, StatusCode::OK);
    let taken = (StatusCode::CONFLICT, json!({"Conflict": "CompetenceCodeTaken"}));
    assert_eq!(app.call_json(&admin, "admin/save_competence", competence(Value::Null, "Delegering")).await, taken);
    assert_eq!(app.call_json(&admin, "admin/save_competence", competence(second, "delegering")).await, taken);
    let (_, all) = app.call(&admin, "admin/competences", &[]).await;
    let codes: Vec<&str> = all.as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 2);
    assert!(codes.contains(&"korkort"), "{codes:?}");
}
