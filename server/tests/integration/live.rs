//! The live channel (`GET /live`, server-sent events) on both backends: each reader hears only
//! what they may see, signing out, deactivation or a new password ends the channel at once, and — on PostgreSQL
//! — two server instances on one database both deliver an event written through either.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

/// Two providers' units A and B with a day shift type each, their managers, a care worker at A
/// and a coordinator.
struct Town {
    app: TestApp,
    unit_a: i64,
    unit_b: i64,
    day_a: i64,
    day_b: i64,
    worker: i64,
}

async fn town() -> Town {
    let app = spawn().await;
    let unit_a = app.unit(app.provider("Kommunal omsorg").await, "Solgården").await;
    let unit_b = app.unit(app.provider("Privat omsorg AB").await, "Björkhagen").await;
    app.person("chef-a@test.se", &[("unit_manager", Some(unit_a))]).await;
    app.person("chef-b@test.se", &[("unit_manager", Some(unit_b))]).await;
    app.person("samordnare@test.se", &[("coordinator", None)]).await;
    app.person("admin@test.se", &[("admin", None)]).await;
    let worker = app.person("usk@test.se", &[("care_worker", Some(unit_a))]).await;
    app.person("usk-b@test.se", &[("care_worker", Some(unit_b))]).await;
    let mut types = Vec::new();
    for (unit, chef) in [(unit_a, "chef-a@test.se"), (unit_b, "chef-b@test.se")] {
        let c = app.login(chef).await;
        let (status, id) = app
            .call(
                &c,
                "add_shift_type",
                &[("unit_id", &unit.to_string()), ("name", "Dag"), ("start", "07:00"), ("end", "15:00")],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{id}");
        types.push(id.as_i64().unwrap());
    }
    Town { app, unit_a, unit_b, day_a: types[0], day_b: types[1], worker }
}

impl Town {
    /// `chef` gives `person` a new day shift at `unit` in two weeks; returns the shift's id.
    async fn give_shift(&self, chef: &reqwest::Client, unit: i64, day_type: i64, person: i64) -> i64 {
        let date = self.app.monday_in(2).to_string();
        let (status, id) = self
            .app
            .call(
                chef,
                "assign_shift",
                &[
                    ("unit_id", &unit.to_string()),
                    ("date", &date),
                    ("shift_type_id", &day_type.to_string()),
                    ("person_id", &person.to_string()),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{id}");
        id.as_i64().unwrap()
    }
}

#[tokio::test]
async fn each_reader_hears_only_what_they_may_see() {
    let t = town().await;
    let app = &t.app;
    let chef_a = app.login("chef-a@test.se").await;
    let chef_b = app.login("chef-b@test.se").await;
    let coordinator = app.login("samordnare@test.se").await;
    let worker = app.login("usk@test.se").await;
    let mut hears_a = app.live(&chef_a).await;
    let mut hears_b = app.live(&chef_b).await;
    let mut hears_coordinator = app.live(&coordinator).await;
    let mut hears_worker = app.live(&worker).await;

    // Unit A: a shift for the care worker, then marked absent.
    let shift = t.give_shift(&chef_a, t.unit_a, t.day_a, t.worker).await;
    let (status, _) = app.call(&chef_a, "mark_absent", &[("shift_id", &shift.to_string())]).await;
    assert_eq!(status, StatusCode::OK);
    // Then unit B: the last thing anyone hears.
    let worker_b: i64 = sqlx::query_scalar("SELECT id FROM people WHERE email = 'usk-b@test.se'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    t.give_shift(&chef_b, t.unit_b, t.day_b, worker_b).await;

    let unit = |id: i64| json!({"type": "unit_shifts", "unit_id": id});
    let mine = json!({"type": "my_shifts"});
    for _ in 0..2 {
        assert_eq!(hears_a.next().await.unwrap().json(), unit(t.unit_a));
        assert_eq!(hears_coordinator.next().await.unwrap().json(), unit(t.unit_a));
        assert_eq!(hears_worker.next().await.unwrap().json(), mine, "given, then marked absent");
    }
    // Unit B's manager heard nothing of unit A: B's own change is the first thing they hear.
    assert_eq!(hears_b.next().await.unwrap().json(), unit(t.unit_b));
    // The coordinator sees every unit; unit A's manager does not see B.
    assert_eq!(hears_coordinator.next().await.unwrap().json(), unit(t.unit_b));
    let (status, _) = app.call(&chef_a, "mark_absent", &[("shift_id", &shift.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "already absent: nothing changes, nothing is told");
    t.give_shift(&chef_a, t.unit_a, t.day_a, t.worker).await;
    assert_eq!(hears_a.next().await.unwrap().json(), unit(t.unit_a), "B's change never reached A");
    assert_eq!(hears_worker.next().await.unwrap().json(), mine, "nor B's worker's shift the worker at A");
}

/// `c` orders a recycling run for `unit`.
async fn order_errand(app: &TestApp, c: &reqwest::Client, unit: i64) {
    let unit = unit.to_string();
    let fields =
        [("unit_id", unit.as_str()), ("kind", "recycling_run"), ("pickup", "Kontoret"), ("deliver_to", "office")];
    let (status, body) = app.call(c, "request_errand", &fields).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_units_care_workers_follow_its_errands_live_and_no_other_units() {
    let t = town().await;
    let app = &t.app;
    let worker_a = app.login("usk@test.se").await;
    let worker_b = app.login("usk-b@test.se").await;
    let coordinator = app.login("samordnare@test.se").await;
    let mut hears_a = app.live(&worker_a).await;
    let mut hears_b = app.live(&worker_b).await;
    let mut hears_coordinator = app.live(&coordinator).await;
    let errands = |u: i64| json!({"type": "errands", "unit_id": u});

    order_errand(app, &worker_a, t.unit_a).await;
    order_errand(app, &worker_b, t.unit_b).await;
    assert_eq!(hears_a.next().await.unwrap().json(), errands(t.unit_a));
    assert_eq!(hears_b.next().await.unwrap().json(), errands(t.unit_b), "A's errand never reached B");
    assert_eq!(hears_coordinator.next().await.unwrap().json(), errands(t.unit_a));
    assert_eq!(hears_coordinator.next().await.unwrap().json(), errands(t.unit_b));
    // A's next change is the next thing A's care worker hears: B's errand did not reach them.
    order_errand(app, &worker_a, t.unit_a).await;
    assert_eq!(hears_a.next().await.unwrap().json(), errands(t.unit_a));
}

#[tokio::test]
async fn nobody_signed_in_gets_no_channel() {
    let app = spawn().await;
    let res = client().get(app.url("/live")).header("Accept", "text/event-stream").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signing_out_or_being_deactivated_ends_the_channel_at_once() {
    let t = town().await;
    let app = &t.app;
    // Signed out: that session's channel ends; the same person's other session keeps its own.
    let phone = app.login("usk@test.se").await;
    let tablet = app.login("usk@test.se").await;
    let mut on_phone = app.live(&phone).await;
    let mut on_tablet = app.live(&tablet).await;
    let (status, _) = app.call(&phone, "logout", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(on_phone.next().await.map(|e| e.name), Some("ended".to_string()));
    assert_eq!(on_phone.next().await, None, "the server closed the stream");
    let chef = app.login("chef-a@test.se").await;
    t.give_shift(&chef, t.unit_a, t.day_a, t.worker).await;
    assert_eq!(on_tablet.next().await.unwrap().json(), json!({"type": "my_shifts"}));

    // Deactivated: every channel of theirs ends.
    let admin = app.login("admin@test.se").await;
    let (status, _) =
        app.call(&admin, "admin/set_person_active", &[("id", &t.worker.to_string()), ("active", "false")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(on_tablet.next().await.map(|e| e.name), Some("ended".to_string()));
    assert_eq!(on_tablet.next().await, None);
    let res = tablet.get(app.url("/live")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "and cannot open a new one");
}

#[tokio::test]
async fn a_new_password_ends_every_earlier_channel_at_once_and_the_device_that_set_it_opens_a_new_one() {
    let t = town().await;
    let app = &t.app;
    let phone = app.login("usk@test.se").await;
    let lost = app.login("usk@test.se").await;
    let mut on_phone = app.live(&phone).await;
    let mut on_lost = app.live(&lost).await;
    let new = "ett-nytt-lösen";
    let (status, body) = app
        .call(&phone, "change_password", &[("current_password", PASSWORD), ("password", new), ("password_repeat", new)])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // At once: `next` gives up after 20 s, and a channel checks its session by itself only
    // every minute.
    assert_eq!(on_lost.next().await.map(|e| e.name), Some("ended".to_string()));
    assert_eq!(on_lost.next().await, None, "the server closed the stream");
    let res = lost.get(app.url("/live")).header("Accept", "text/event-stream").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "the lost phone cannot open a new one");
    // The phone's own channel was opened with the session the new password replaced; with the
    // new session it opens again (as the page does, `renew_live`) and hears on.
    assert_eq!(on_phone.next().await.map(|e| e.name), Some("ended".to_string()));
    let mut on_phone = app.live(&phone).await;
    let chef = app.login("chef-a@test.se").await;
    t.give_shift(&chef, t.unit_a, t.day_a, t.worker).await;
    assert_eq!(on_phone.next().await.unwrap().json(), json!({"type": "my_shifts"}));
}

#[tokio::test]
async fn two_instances_on_one_postgresql_both_deliver_an_event_written_through_either() {
    let t = town().await;
    if t.app.db.backend != app::ssr::db::Backend::Postgres {
        eprintln!("SQLite: one process is the whole world; this test needs SKIFTET_TEST_DATABASE=postgres://…");
        return;
    }
    let one = &t.app;
    let two = one.spawn_beside().await;
    let chef_on_one = one.login("chef-a@test.se").await;
    let chef_on_two = two.login("chef-a@test.se").await;
    let mut hears_on_one = one.live(&chef_on_one).await;
    let mut hears_on_two = two.live(&chef_on_two).await;
    let unit = json!({"type": "unit_shifts", "unit_id": t.unit_a});

    t.give_shift(&chef_on_one, t.unit_a, t.day_a, t.worker).await;
    assert_eq!(hears_on_two.next().await.unwrap().json(), unit, "written through one, heard on two");
    assert_eq!(hears_on_one.next().await.unwrap().json(), unit);

    let shift: i64 =
        sqlx::query_scalar("SELECT id FROM shifts ORDER BY id DESC").fetch_one(&one.db.pool).await.unwrap();
    let (status, _) = two.call(&chef_on_two, "mark_absent", &[("shift_id", &shift.to_string())]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(hears_on_one.next().await.unwrap().json(), unit, "written through two, heard on one");
    assert_eq!(hears_on_two.next().await.unwrap().json(), unit);
}
