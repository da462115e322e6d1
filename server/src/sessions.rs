//! Server-side sessions in the same database as everything else, through tower-sessions' sqlx
//! stores. The store type depends on the backend, chosen at run time, hence the small enum.
//! Creating a signed-in session also records whose it is (`person_sessions`, through the app's
//! own pool), so that deactivating a person can delete their sessions
//! (`app::ssr::auth::delete_sessions_of`).
use app::ssr::Db;
use app::ssr::auth::{SESSION_SCHEMA_POSTGRES, SESSION_TABLE_POSTGRES, SESSION_TABLE_SQLITE, USER_KEY, session_table};
use async_trait::async_trait;
use tower_sessions::cookie::time;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

#[derive(Debug, Clone)]
pub struct AnyStore {
    store: Store,
    /// The app's database, for the `person_sessions` records.
    db: Db,
}

#[derive(Debug, Clone)]
enum Store {
    /// The store, and the pool it runs on (for [`AnyStore::save`]).
    Sqlite(SqliteStore, sqlx::SqlitePool),
    Postgres(PostgresStore, sqlx::PgPool),
}

impl AnyStore {
    /// Opens its own small pool on `db`'s database and creates the session table if needed.
    pub async fn connect(url: &str, db: Db) -> Result<AnyStore, sqlx::Error> {
        let store = if url.starts_with("postgres") {
            let pool = sqlx::postgres::PgPoolOptions::new().max_connections(8).connect(url).await?;
            let store = PostgresStore::new(pool.clone())
                .with_schema_name(SESSION_SCHEMA_POSTGRES)
                .and_then(|s| s.with_table_name(SESSION_TABLE_POSTGRES))
                .map_err(|e| sqlx::Error::Configuration(e.into()))?;
            store.migrate().await?;
            Store::Postgres(store, pool)
        } else {
            use std::str::FromStr;
            let opts = sqlx::sqlite::SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(std::time::Duration::from_secs(10));
            // No ping before each lookup: an embedded file cannot have hung up (see `Db::connect`).
            let pool = sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(4)
                .test_before_acquire(false)
                .connect_with(opts)
                .await?;
            let store = SqliteStore::new(pool.clone())
                .with_table_name(SESSION_TABLE_SQLITE)
                .map_err(|e| sqlx::Error::Configuration(e.into()))?;
            store.migrate().await?;
            Store::Sqlite(store, pool)
        };
        Ok(AnyStore { store, db })
    }

    fn memory(&self) -> &app::ssr::signed_in::SignedIn {
        &self.db.live.signed_in
    }

    /// Runs one statement about `person_sessions` on the app's pool.
    async fn record<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> session_store::Result<()> {
        query.execute(&self.db.pool).await.map(drop).map_err(|e| session_store::Error::Backend(e.to_string()))
    }
}

#[async_trait]
impl SessionStore for AnyStore {
    /// Signing in always makes a new session (a new id against fixation), so a signed-in
    /// session's owner is recorded here once; saving it on later requests writes nothing more.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match &self.store {
            Store::Sqlite(s, _) => s.create(record).await?,
            Store::Postgres(s, _) => s.create(record).await?,
        }
        let Some(person) = record.data.get(USER_KEY).and_then(|v| v.as_i64()) else { return Ok(()) };
        self.record(
            sqlx::query("INSERT INTO person_sessions (session_id, person_id) VALUES ($1, $2)")
                .bind(record.id.to_string())
                .bind(person),
        )
        .await
    }
    /// Writes back a stored session only while it is still stored. The store's own `save` is an
    /// upsert: a request in flight when its session was signed out (on another tab, by a new
    /// password, by deactivation) would write the session back and with it the sign-in. A
    /// session is only ever new through [`create`](SessionStore::create); a save that finds no
    /// row writes nothing and keeps nothing. Encoded as the store's `load` reads it.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let ticket = self.memory().ticket();
        let data = rmp_serde::to_vec(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let sql = format!("UPDATE {} SET data = $1, expiry_date = $2 WHERE id = $3", session_table(self.db.backend));
        let updated = match &self.store {
            Store::Sqlite(_, pool) => sqlx::query(&sql)
                .bind(data)
                .bind(record.expiry_date)
                .bind(record.id.to_string())
                .execute(pool)
                .await
                .map(|done| done.rows_affected()),
            Store::Postgres(_, pool) => sqlx::query(&sql)
                .bind(data)
                .bind(record.expiry_date)
                .bind(record.id.to_string())
                .execute(pool)
                .await
                .map(|done| done.rows_affected()),
        }
        .map_err(|e| session_store::Error::Backend(e.to_string()))?;
        if updated == 1 {
            self.memory().keep_session(ticket, record);
        }
        Ok(())
    }
    /// From this instance's memory when it holds the session (`app::ssr::signed_in`): a
    /// signed-in page then reads no session from the database.
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let key = id.to_string();
        if let Some(record) = self.memory().session(&key, time::OffsetDateTime::now_utc()) {
            return Ok(Some(record));
        }
        let ticket = self.memory().ticket();
        let record = match &self.store {
            Store::Sqlite(s, _) => s.load(id).await?,
            Store::Postgres(s, _) => s.load(id).await?,
        };
        // Anonymous sessions are never stored, so every record here is someone's.
        if let Some(record) = &record {
            self.memory().keep_session(ticket, record);
        }
        Ok(record)
    }
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match &self.store {
            Store::Sqlite(s, _) => s.delete(id).await?,
            Store::Postgres(s, _) => s.delete(id).await?,
        }
        // After the row is gone, so that a read that found it cannot keep it (`signed_in.rs`).
        self.memory().forget_session(&id.to_string());
        self.record(sqlx::query("DELETE FROM person_sessions WHERE session_id = $1").bind(id.to_string())).await
    }
}

#[async_trait]
impl ExpiredDeletion for AnyStore {
    /// The store's own sweep, then the records of sessions no longer there.
    async fn delete_expired(&self) -> session_store::Result<()> {
        match &self.store {
            Store::Sqlite(s, _) => s.delete_expired().await?,
            Store::Postgres(s, _) => s.delete_expired().await?,
        }
        let sql = format!(
            "DELETE FROM person_sessions WHERE session_id NOT IN (SELECT id FROM {})",
            session_table(self.db.backend)
        );
        self.record(sqlx::query(&sql)).await
    }
}
