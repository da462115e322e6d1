//! Shared server plumbing used by every feature's server functions: database handle and clock,
//! authentication and authorization guards, the audit trail, error statuses.
//! Compiled only with the `ssr` feature, so none of it (nor sqlx, argon2, axum) reaches the wasm.
pub mod audit;
pub mod auth;
pub mod clock;
pub mod db;
pub mod guard;

use crate::error::AppError;
pub use clock::Clock;
pub use db::Db;

/// What every server function may need, provided to Leptos as context by the server crate.
#[derive(Clone)]
pub struct ServerContext {
    pub db: Db,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted load balancer).
    pub trust_proxy: bool,
}

pub fn context() -> Result<ServerContext, AppError> {
    leptos::prelude::use_context::<ServerContext>().ok_or_else(|| {
        tracing::error!("ServerContext missing from the Leptos context");
        AppError::Internal
    })
}

/// Runs a server function body and, on failure, sets the HTTP status that matches the error
/// (403 for a refused read, 422 for bad input, …) so that clients and tests see it too.
pub async fn respond<T>(body: impl std::future::Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let result = body.await;
    if let Err(err) = &result
        && let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        && let Ok(code) = axum::http::StatusCode::from_u16(err.status())
    {
        opts.set_status(code);
    }
    result
}

/// Reads a quality-role code column. An unknown code can only come from outside Skiftet, so it
/// is a server fault (logged), not the user's.
pub fn quality_role_at(
    row: &sqlx::any::AnyRow,
    column: &str,
) -> Result<Option<crate::domain::schedule::QualityRole>, AppError> {
    use sqlx::Row;
    match row.try_get::<Option<String>, _>(column)? {
        None => Ok(None),
        Some(code) => crate::domain::schedule::QualityRole::from_code(&code).map(Some).ok_or_else(|| {
            tracing::error!(%code, "unknown quality role in the database");
            AppError::Internal
        }),
    }
}

/// Lower-cased text for case-insensitive search that treats å, ä and ö right on both backends
/// (SQLite's LOWER only folds ASCII).
pub fn search_text(parts: &[&str]) -> String {
    parts.join(" ").to_lowercase()
}
