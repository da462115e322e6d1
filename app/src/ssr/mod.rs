//! Shared server plumbing used by every feature's server functions: database handle and clock,
//! authentication and authorization guards, the audit trail, error statuses.
//! Compiled only with the `ssr` feature, so none of it (nor sqlx, argon2, axum) reaches the wasm.
pub mod audit;
pub mod auth;
pub mod clock;
pub mod content_policy;
pub mod db;
pub mod guard;
pub mod live;
pub mod push;
pub mod signed_in;

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
/// (403 for a refused read, 422 for bad input, …) so that clients and tests see it too. Not for
/// a plain form post (a browser without the wasm): that answer must stay the redirect back to the
/// form, which carries the error in its address for the page to show.
pub async fn respond<T>(body: impl std::future::Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let result = body.await;
    if let Err(err) = &result
        && !is_plain_form_post()
        && let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        && let Ok(code) = axum::http::StatusCode::from_u16(err.status())
    {
        opts.set_status(code);
    }
    result
}

/// After a successful plain form post (no wasm on the page yet, or no JavaScript), sends the
/// browser to `path` — a page that says what happened — instead of back to the form as if nothing
/// had. Does nothing for the wasm's own calls.
pub fn after_plain_post(path: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// A form posted by the browser itself (it accepts HTML back), not by the wasm's `fetch`.
fn is_plain_form_post() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|parts| {
        parts.method == axum::http::Method::POST
            && parts
                .headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// Lower-cased text for case-insensitive search that treats å, ä and ö right on both backends
/// (SQLite's LOWER only folds ASCII).
pub fn search_text(parts: &[&str]) -> String {
    parts.join(" ").to_lowercase()
}
