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
