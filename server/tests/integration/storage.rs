//! The storage seam itself (`app::ssr::Db`), on whichever backend the suite runs.
use crate::helpers::spawn;

/// Saves read a row and then write it in one transaction (a provider's or unit's edit, a shift
/// given away). When several overlap, each must wait its turn and commit — never fail because
/// another one committed between its read and its write (SQLite's deferred transactions do, at
/// once, whatever the busy timeout: the one failure seen in `make test` before `begin_write`).
#[tokio::test]
async fn overlapping_read_then_write_transactions_all_commit() {
    let app = spawn().await;
    let provider = app.provider("Omsorg AB").await;
    let saves = (0..8).map(|n| {
        let db = app.db.clone();
        tokio::spawn(async move {
            let mut tx = db.begin_write().await?;
            let name: String = sqlx::query_scalar("SELECT name FROM providers WHERE id = $1")
                .bind(provider)
                .fetch_one(&mut *tx)
                .await?;
            // Let the others read too before anyone writes, as requests in flight do.
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            sqlx::query("UPDATE providers SET name = $1 WHERE id = $2")
                .bind(format!("{name} {n}"))
                .bind(provider)
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        })
    });
    // Spawned all before any is awaited, so they overlap.
    let saves: Vec<_> = saves.collect();
    for (n, save) in saves.into_iter().enumerate() {
        save.await.expect("the save's task").unwrap_or_else(|e| panic!("save {n} failed: {e}"));
    }
    let name: String = sqlx::query_scalar("SELECT name FROM providers WHERE id = $1")
        .bind(provider)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(name.starts_with("Omsorg AB "), "the saves wrote: {name}");
    if app.db.backend == app::ssr::db::Backend::Sqlite {
        // One writer at a time, each reading after the last one's commit: nothing lost.
        assert_eq!(name.split(' ').count(), 2 + 8, "each save built on the one before: {name}");
    }
}

/// A request in flight while its session is signed out — on another tab, by a new password on
/// another phone — ends by writing the session back (its in-use mark). That write must not bring
/// the session, and with it the sign-in, back.
#[tokio::test]
async fn a_session_written_back_after_it_ended_stays_ended() {
    use tower_sessions::cookie::time::{Duration, OffsetDateTime};
    use tower_sessions::session::{Id, Record};
    use tower_sessions::session_store::SessionStore;
    let app = spawn().await;
    let person = app.person("usk@test.se", &[("care_worker", None)]).await;
    let store = server::sessions::AnyStore::connect(&app.database_url, app.db.clone()).await.unwrap();
    let stored = |id: Id| {
        let sql = format!("SELECT COUNT(*) FROM {} WHERE id = $1", app::ssr::auth::session_table(app.db.backend));
        let pool = app.db.pool.clone();
        async move { sqlx::query_scalar::<_, i64>(&sql).bind(id.to_string()).fetch_one(&pool).await.unwrap() }
    };
    let mut record = Record {
        id: Id::default(),
        data: [(app::ssr::auth::USER_KEY.to_string(), serde_json::json!(person))].into(),
        expiry_date: OffsetDateTime::now_utc() + Duration::hours(1),
    };
    store.create(&mut record).await.unwrap();
    record.data.insert("seen_at_ms".into(), serde_json::json!(1));
    store.save(&record).await.unwrap();
    let loaded = store.load(&record.id).await.unwrap().expect("the session is there");
    assert_eq!(loaded.data, record.data, "a save writes a live session back");
    // And from the database, not only this instance's memory of it (forgotten here):
    app.db.live.signed_in.hear(&app::ssr::live::Signal::Resync);
    assert_eq!(store.load(&record.id).await.unwrap().map(|r| r.data), Some(record.data.clone()));

    store.delete(&record.id).await.unwrap();
    store.save(&record).await.unwrap();
    assert_eq!(stored(record.id).await, 0, "the ended session was not written again");
    assert!(store.load(&record.id).await.unwrap().is_none());
}
