//! One database handle for both backends. Queries are written once, with `$1`-style parameters
//! that both SQLite and PostgreSQL accept, against schemas kept in step by the migrations in
//! `server/migrations/{sqlite,postgres}`.
use super::clock::Clock;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The server's handle on its state: the connection pool and the clock that says what "now" is
/// (see [`Clock`]). Every query function takes it, so every write can stamp its time from the
/// same clock that decided what "today" is.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    pub clock: Clock,
}

impl Db {
    /// Now, in Unix seconds, from the server's clock.
    pub fn now(&self) -> i64 {
        self.clock.now_secs()
    }

    /// Today in Stockholm, from the server's clock.
    pub fn today(&self) -> jiff::civil::Date {
        self.clock.today()
    }

    /// Connects to `url` (`sqlite://path` or `postgres://…`). For SQLite the file is created if
    /// missing, and every connection gets foreign keys, a busy timeout and full sync, so a crash
    /// after a confirmed write loses nothing.
    pub async fn connect(url: &str, max_connections: u32, clock: Clock) -> Result<Db, sqlx::Error> {
        install_default_drivers();
        let backend = if url.starts_with("postgres") { Backend::Postgres } else { Backend::Sqlite };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        if backend == Backend::Sqlite {
            // WAL lets readers work while one writer commits; the mode is stored in the file.
            pool.execute("PRAGMA journal_mode = WAL;").await?;
        }
        Ok(Db { pool, backend, clock })
    }
}
