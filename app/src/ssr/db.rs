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
    /// This process's end of the live channel (`ssr/live.rs`); publish with [`Db::publish`].
    pub live: super::live::Live,
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

    /// Opens a transaction that writes. Every write goes through here, not `pool.begin()`.
    ///
    /// On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`). A plain `BEGIN` defers it
    /// to the first write, and a transaction that has read by then cannot wait for it: in WAL
    /// mode its snapshot is stale as soon as another connection has committed (the session
    /// store between two requests, say), and SQLite answers `SQLITE_BUSY` at once, busy timeout
    /// or not — a save read-then-written would fail as a server fault. Locked from the start,
    /// the transaction waits its turn (up to the busy timeout) and then reads what is current.
    /// SQLite lets one transaction write at a time anyway; what a write transaction gives up is
    /// reading beside another writer before its own first write. PostgreSQL's row locks need
    /// no such thing.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
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
            // sqlx pings a pooled connection before lending it (and, always, when it comes
            // back). On SQLite each ping is a round trip to the connection's own thread, so a
            // read cost three thread hand-offs instead of two; an embedded file cannot have hung
            // up. Without it *Mina pass* answers about a quarter more requests (README, "The
            // server's own speed"). A PostgreSQL connection can have died with its server, so it
            // is still tested.
            .test_before_acquire(backend == Backend::Postgres)
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
        // On PostgreSQL this instance hears other instances' changes once its listener is up.
        let live = super::live::Live::new(backend == Backend::Sqlite);
        if backend == Backend::Postgres {
            super::live::start_postgres_listener(url.clone(), live.clone()).await;
        }
        Ok(Db { pool, backend, clock, live })
    }
}

/// `$first, $first+1, …` for `count` values bound into an `IN (…)` list (each value a bound
/// parameter, never text in the SQL); `None` for an empty list, which SQL cannot express.
pub fn placeholders(first: usize, count: usize) -> Option<String> {
    (count > 0).then(|| (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", "))
}

/// A constraint a write can break, known by its name on each backend: PostgreSQL reports the
/// constraint's name; SQLite reports only the columns, in a fixed form
/// (`UNIQUE constraint failed: people.email`), so that is its name here.
#[derive(Debug, Clone, Copy)]
pub struct Constraint {
    pub postgres: &'static str,
    pub sqlite: &'static str,
}

impl Constraint {
    fn is_broken_by(&self, err: &sqlx::Error) -> bool {
        let Some(db) = err.as_database_error() else { return false };
        db.constraint() == Some(self.postgres)
            || db.message().strip_prefix("UNIQUE constraint failed: ") == Some(self.sqlite)
    }
}

/// Maps the breach of one named constraint to the answer the user should see, at the call site
/// (realworld-axum-sqlx's `on_constraint`). Every other failure — a lost connection, another
/// constraint — stays a server fault.
pub trait OnConstraint<T> {
    fn on_constraint(self, constraint: Constraint, answer: crate::error::AppError)
    -> Result<T, crate::error::AppError>;
}

impl<T> OnConstraint<T> for Result<T, sqlx::Error> {
    fn on_constraint(
        self,
        constraint: Constraint,
        answer: crate::error::AppError,
    ) -> Result<T, crate::error::AppError> {
        self.map_err(|err| if constraint.is_broken_by(&err) { answer } else { err.into() })
    }
}

/// Maps a broken foreign key to `answer`. SQLite does not say which key, so use this only on a
/// write whose one unchecked reference is the one `answer` names (an id the person picked).
pub trait OnMissingReference<T> {
    fn on_missing_reference(self, answer: crate::error::AppError) -> Result<T, crate::error::AppError>;
}

impl<T> OnMissingReference<T> for Result<T, sqlx::Error> {
    fn on_missing_reference(self, answer: crate::error::AppError) -> Result<T, crate::error::AppError> {
        self.map_err(|err| match err.as_database_error() {
            Some(db) if db.is_foreign_key_violation() => answer,
            _ => err.into(),
        })
    }
}

/// A column type read through another one that both backends store (`i64` or text).
macro_rules! stored_as {
    ($ty:ty, $base:ty) => {
        impl sqlx::Type<sqlx::Any> for $ty {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <$base as sqlx::Type<sqlx::Any>>::type_info()
            }
            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <$base as sqlx::Type<sqlx::Any>>::compatible(ty)
            }
        }
    };
}
stored_as!(Flag, i64);
stored_as!(UnixSeconds, i64);
stored_as!(ClockTime, String);
stored_as!(CivilDate, String);

/// A yes/no column. Both backends store booleans as the integers 0 and 1 (one schema for both),
/// which sqlx's `Any` driver will not decode as `bool`; row structs say
/// `#[sqlx(try_from = "Flag")]` on their `bool` fields.
#[derive(Debug, Clone, Copy)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(Flag(<i64 as sqlx::Decode<'r, sqlx::Any>>::decode(value)? != 0))
    }
}

/// The domain's code enums (roles, kinds, statuses) are stored as their codes: read with a
/// decode error for an unknown code, bound as parameters (`.bind(Role::CareWorker)`).
macro_rules! stored_as_code {
    ($($ty:ty),* $(,)?) => {$(
        stored_as!($ty, String);
        impl<'r> sqlx::Decode<'r, sqlx::Any> for $ty {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <&str as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                <$ty as Code>::from_code(code).ok_or_else(|| UnknownCode(code.to_string()).into())
            }
        }
        impl<'q> sqlx::Encode<'q, sqlx::Any> for $ty {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Any>>::encode(self.code(), buf)
            }
        }
    )*};
}

use crate::domain::code::{Code, UnknownCode};
stored_as_code!(
    crate::domain::Role,
    crate::domain::ProviderKind,
    crate::domain::UnitKind,
    crate::domain::schedule::QualityRole,
    crate::domain::schedule::ShiftStatus,
    crate::domain::report::AbsenceReason,
    crate::domain::report::PoolRequestState,
    crate::domain::pool::DayPart,
    crate::domain::pool::OfferState,
    crate::model::AuditAction,
    crate::model::AuditEntity,
);

/// An instant column: Unix seconds on both backends, read as a `jiff::Timestamp`
/// (`#[sqlx(try_from = "UnixSeconds")]`). A value outside jiff's range is a decode error.
#[derive(Debug, Clone, Copy)]
pub struct UnixSeconds(pub jiff::Timestamp);

impl From<UnixSeconds> for jiff::Timestamp {
    fn from(seconds: UnixSeconds) -> jiff::Timestamp {
        seconds.0
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for UnixSeconds {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(UnixSeconds(jiff::Timestamp::from_second(<i64 as sqlx::Decode<'r, sqlx::Any>>::decode(value)?)?))
    }
}

/// A wall-clock time column, stored as text "HH:MM", read as a `jiff::civil::Time`
/// (`#[sqlx(try_from = "ClockTime")]`).
#[derive(Debug, Clone, Copy)]
pub struct ClockTime(pub jiff::civil::Time);

impl From<ClockTime> for jiff::civil::Time {
    fn from(time: ClockTime) -> jiff::civil::Time {
        time.0
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for ClockTime {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <&str as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
        crate::domain::schedule::parse_time(text).map(ClockTime).ok_or_else(|| UnknownCode(text.to_string()).into())
    }
}

/// A calendar-date column, stored as text "YYYY-MM-DD", read as a `jiff::civil::Date`
/// (`#[sqlx(try_from = "CivilDate")]`).
#[derive(Debug, Clone, Copy)]
pub struct CivilDate(pub jiff::civil::Date);

impl From<CivilDate> for jiff::civil::Date {
    fn from(date: CivilDate) -> jiff::civil::Date {
        date.0
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for CivilDate {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(CivilDate(<&str as sqlx::Decode<'r, sqlx::Any>>::decode(value)?.parse()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{AppError, ConflictCode};

    const EMAIL: Constraint = Constraint { postgres: "people_email_key", sqlite: "people.email" };
    const TAKEN: AppError = AppError::Conflict(ConflictCode::EmailTaken);

    #[test]
    fn only_the_named_constraint_becomes_the_users_error() {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
            install_default_drivers();
            let pool = AnyPoolOptions::new().max_connections(1).connect("sqlite::memory:").await.unwrap();
            pool.execute("CREATE TABLE people (email TEXT NOT NULL UNIQUE, code TEXT UNIQUE)").await.unwrap();
            let insert = |email: &'static str, code: &'static str| {
                sqlx::query("INSERT INTO people (email, code) VALUES ($1, $2)").bind(email).bind(code).execute(&pool)
            };
            assert!(insert("a@x.se", "a").await.on_constraint(EMAIL, TAKEN).is_ok());
            assert_eq!(insert("a@x.se", "b").await.on_constraint(EMAIL, TAKEN).unwrap_err(), TAKEN);
            // Another unique constraint on the same table is not this one: a server fault.
            assert_eq!(insert("b@x.se", "a").await.on_constraint(EMAIL, TAKEN).unwrap_err(), AppError::Internal);
        });
    }

    #[test]
    fn a_lost_connection_is_never_the_users_fault() {
        let lost = || Err::<(), _>(sqlx::Error::PoolTimedOut);
        assert_eq!(lost().on_constraint(EMAIL, TAKEN).unwrap_err(), AppError::Internal);
        assert_eq!(lost().on_missing_reference(TAKEN).unwrap_err(), AppError::Internal);
        let io = || Err::<(), _>(sqlx::Error::Io(std::io::Error::other("connection reset")));
        assert_eq!(io().on_constraint(EMAIL, TAKEN).unwrap_err(), AppError::Internal);
    }

    #[test]
    fn in_lists_are_numbered_parameters() {
        assert_eq!(placeholders(1, 0), None);
        assert_eq!(placeholders(1, 3).as_deref(), Some("$1, $2, $3"));
        assert_eq!(placeholders(4, 2).as_deref(), Some("$4, $5"));
    }
}
