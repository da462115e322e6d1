//! Server-side sessions in the same database as everything else, through tower-sessions' sqlx
//! stores. The store type depends on the backend, chosen at run time, hence the small enum.
//! Saving a signed-in session also records whose it is (`person_sessions`), so that deactivating
//! a person can delete their sessions (`app::ssr::auth::delete_sessions_of`).
use app::ssr::auth::{SESSION_SCHEMA_POSTGRES, SESSION_TABLE_POSTGRES, SESSION_TABLE_SQLITE, USER_KEY};
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

#[derive(Debug, Clone)]
pub enum AnyStore {
    Sqlite(SqliteStore, sqlx::SqlitePool),
    Postgres(PostgresStore, sqlx::PgPool),
}

impl AnyStore {
    /// Opens its own small pool on `url` and creates the session table if needed.
    pub async fn connect(url: &str) -> Result<AnyStore, sqlx::Error> {
        if url.starts_with("postgres") {
            let pool = sqlx::postgres::PgPoolOptions::new().max_connections(8).connect(url).await?;
            let store = PostgresStore::new(pool.clone())
                .with_schema_name(SESSION_SCHEMA_POSTGRES)
                .and_then(|s| s.with_table_name(SESSION_TABLE_POSTGRES))
                .map_err(|e| sqlx::Error::Configuration(e.into()))?;
            store.migrate().await?;
            Ok(AnyStore::Postgres(store, pool))
        } else {
            use std::str::FromStr;
            let opts = sqlx::sqlite::SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(std::time::Duration::from_secs(10));
            let pool = sqlx::sqlite::SqlitePoolOptions::new().max_connections(4).connect_with(opts).await?;
            let store = SqliteStore::new(pool.clone())
                .with_table_name(SESSION_TABLE_SQLITE)
                .map_err(|e| sqlx::Error::Configuration(e.into()))?;
            store.migrate().await?;
            Ok(AnyStore::Sqlite(store, pool))
        }
    }
}

impl AnyStore {
    /// Records whose session `record` is, if it is a signed-in one.
    async fn remember_person(&self, record: &Record) -> session_store::Result<()> {
        let Some(person) = record.data.get(USER_KEY).and_then(|v| v.as_i64()) else { return Ok(()) };
        let sql = "INSERT INTO person_sessions (session_id, person_id) VALUES ($1, $2)
                   ON CONFLICT (session_id) DO UPDATE SET person_id = excluded.person_id";
        let id = record.id.to_string();
        let done = match self {
            AnyStore::Sqlite(_, pool) => sqlx::query(sql).bind(id).bind(person).execute(pool).await.map(drop),
            AnyStore::Postgres(_, pool) => sqlx::query(sql).bind(id).bind(person).execute(pool).await.map(drop),
        };
        done.map_err(|e| session_store::Error::Backend(e.to_string()))
    }

    async fn forget(&self, id: &Id) -> session_store::Result<()> {
        let sql = "DELETE FROM person_sessions WHERE session_id = $1";
        let done = match self {
            AnyStore::Sqlite(_, pool) => sqlx::query(sql).bind(id.to_string()).execute(pool).await.map(drop),
            AnyStore::Postgres(_, pool) => sqlx::query(sql).bind(id.to_string()).execute(pool).await.map(drop),
        };
        done.map_err(|e| session_store::Error::Backend(e.to_string()))
    }
}

#[async_trait]
impl SessionStore for AnyStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            AnyStore::Sqlite(s, _) => s.create(record).await?,
            AnyStore::Postgres(s, _) => s.create(record).await?,
        }
        self.remember_person(record).await
    }
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            AnyStore::Sqlite(s, _) => s.save(record).await?,
            AnyStore::Postgres(s, _) => s.save(record).await?,
        }
        self.remember_person(record).await
    }
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            AnyStore::Sqlite(s, _) => s.load(id).await,
            AnyStore::Postgres(s, _) => s.load(id).await,
        }
    }
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            AnyStore::Sqlite(s, _) => s.delete(id).await?,
            AnyStore::Postgres(s, _) => s.delete(id).await?,
        }
        self.forget(id).await
    }
}

#[async_trait]
impl ExpiredDeletion for AnyStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        // The store's own sweep, then the records of sessions no longer there.
        let orphans = match self {
            AnyStore::Sqlite(s, pool) => {
                s.delete_expired().await?;
                let sql = format!(
                    "DELETE FROM person_sessions WHERE session_id NOT IN (SELECT id FROM {SESSION_TABLE_SQLITE})"
                );
                sqlx::query(&sql).execute(pool).await.map(drop)
            }
            AnyStore::Postgres(s, pool) => {
                s.delete_expired().await?;
                let sql = format!(
                    "DELETE FROM person_sessions WHERE session_id NOT IN \
                     (SELECT id FROM \"{SESSION_SCHEMA_POSTGRES}\".\"{SESSION_TABLE_POSTGRES}\")"
                );
                sqlx::query(&sql).execute(pool).await.map(drop)
            }
        };
        orphans.map_err(|e| session_store::Error::Backend(e.to_string()))
    }
}
