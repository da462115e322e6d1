//! Connecting and migrating. Each backend has its own migrations folder with the same schema.
use app::ssr::db::Backend;
use app::ssr::{Clock, Db};

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Connects and brings the schema up to date. Safe to run from several instances at once on
/// PostgreSQL (sqlx takes an advisory lock while migrating).
pub async fn connect_and_migrate(url: &str, max_connections: u32, clock: Clock) -> Result<Db, sqlx::Error> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or_default();
        if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
    }
    let db = Db::connect(url, max_connections, clock).await?;
    let migrator = match db.backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    };
    migrator.run(&db.pool).await?;
    Ok(db)
}
