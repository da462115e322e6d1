//! The HTTP application: Leptos pages and server functions, static files, health, sessions.
use crate::config::Config;
use crate::sessions::AnyStore;
use app::ssr::{Db, ServerContext};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub store: AnyStore,
    pub trust_proxy: bool,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// For load balancers: 200 when the database answers, 503 otherwise. No personal data.
async fn health(State(state): State<AppState>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&state.db.pool).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Reads the session's person once, before the app runs (see `SessionPerson`), and gives the
/// request its empty once-only user lookup (`RequestUser`). Static files (`/pkg`: wasm, chunks,
/// CSS) need no session and read none: a phone's first visit fetches a dozen of them.
async fn session_person(
    db: Db,
    refresh_ms: i64,
    pkg_prefix: std::sync::Arc<str>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.uri().path().starts_with(&*pkg_prefix) {
        return next.run(req).await;
    }
    let person = match req.extensions().get::<tower_sessions::Session>() {
        Some(session) => {
            app::ssr::auth::read_session_person(session, db.clock.now().as_millisecond(), refresh_ms).await
        }
        None => Default::default(),
    };
    req.extensions_mut().insert(person);
    req.extensions_mut().insert(app::ssr::auth::RequestUser::default());
    next.run(req).await
}

/// How long a page may take to render before it is rendered again (see [`retry_hung_render`]).
const RENDER_RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(10);

/// Renders a page again when the first rendering has not answered within
/// [`RENDER_RETRY_AFTER`]. Leptos 0.8's server rendering now and then loses a wake-up and never
/// finishes a page (about one page in several thousand under parallel load here; upstream
/// leptos-rs/leptos#4578 and #4673 describe the same class). A page is a read, so rendering it
/// again is safe; the stuck rendering is dropped. Server functions (`/api`) are not repeated:
/// they may write.
async fn retry_hung_render(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    if req.method() != axum::http::Method::GET || req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let (parts, _) = req.into_parts();
    let again = || axum::extract::Request::from_parts(parts.clone(), axum::body::Body::empty());
    match tokio::time::timeout(RENDER_RETRY_AFTER, next.clone().run(again())).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(path = %parts.uri.path(), "page rendering did not finish; rendering it again");
            next.run(again()).await
        }
    }
}

/// Arguments a server function cannot decode come back from Leptos as a 500; they are the
/// caller's fault, so they get 400 (the body, `AppError::BadRequest`, is already right).
async fn bad_request_status(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    if serde_json::from_slice::<app::error::AppError>(&bytes).ok() == Some(app::error::AppError::BadRequest) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// How long the server may take to start an answer (see the timeout layer in [`router`]).
pub const RESPONSE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Builds the router. `site_root` holds the compiled wasm, CSS and `public/` assets.
pub fn router(config: &Config, db: Db, store: AnyStore, leptos_options: LeptosOptions) -> Router {
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
        store: store.clone(),
        trust_proxy: config.trust_proxy,
    };
    let routes = generate_route_list(app::app::App);
    let context = ServerContext { db, trust_proxy: config.trust_proxy };
    let ctx_for_fns = context.clone();
    let secure = config.secure_cookies;
    let (site_root, hashed_files) = (config.site_root.clone(), config.hashed_files);
    let public_url = config.public_url.clone();
    // Over HTTPS the cookie gets the `__Host-` prefix: the browser then takes it only if it is
    // Secure, for this exact host and path `/` — no other subdomain can set or shadow it.
    let cookie_name = if config.secure_cookies { "__Host-skiftet_session" } else { "skiftet_session" };
    let sessions = SessionManagerLayer::new(store)
        .with_name(cookie_name)
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::minutes(
            config.session_idle_minutes,
        )));
    Router::new()
        .route("/health", get(health))
        .route("/kalender/{file}", get(crate::calendar::feed))
        .route(app::live::PATH, get(crate::live::channel))
        .route("/lagesbild/export.csv", get(crate::export::situation_csv))
        .route("/skyddsutrustning/behov.csv", get(crate::export::equipment_needs_csv))
        .route(app::components::shell::LANGUAGE_PATH, axum::routing::post(crate::language::choose))
        .route(
            "/sw.js",
            get(move |asked: axum::http::HeaderMap| {
                std::future::ready(crate::offline::answer(&site_root, hashed_files, &asked))
            }),
        )
        // The wasm, JS, CSS and wasm chunks, precompressed (see `assets`). In a build that names
        // them by their content (`hash-files`), a name never changes its bytes: the browser keeps
        // them a year without asking. Otherwise it must ask each time (`no-cache`; a 304).
        .nest_service(
            &format!("/{}", leptos_options.site_pkg_dir),
            tower::ServiceBuilder::new()
                .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(axum::http::header::CACHE_CONTROL, {
                    let hashed = leptos_options.hash_files;
                    // Never a year for a 404: the file may yet appear (a deploy under way).
                    move |res: &axum::http::Response<_>| {
                        Some(axum::http::HeaderValue::from_static(if hashed && res.status().is_success() {
                            "public, max-age=31536000, immutable"
                        } else {
                            "no-cache"
                        }))
                    }
                }))
                .service(
                    tower_http::services::ServeDir::new(
                        std::path::Path::new(&*leptos_options.site_root).join(&*leptos_options.site_pkg_dir),
                    )
                    .precompressed_br()
                    .precompressed_gzip(),
                ),
        )
        .route(
            "/api/{*fn_name}",
            axum::routing::post(move |req| {
                let ctx = ctx_for_fns.clone();
                leptos_axum::handle_server_fns_with_context(move || provide_context(ctx.clone()), req)
            }),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let context = context.clone();
                move || provide_context(context.clone())
            },
            {
                let options = leptos_options.clone();
                move || app::app::shell(options.clone())
            },
        )
        // Static files (wasm, CSS, icons); anything else renders the app's "not found" page.
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            {
                let context = context.clone();
                move || provide_context(context.clone())
            },
            app::app::shell,
        ))
        // A page or call that has not answered in 30 s never will (a hung render, a lost
        // database): answer 503 so the phone can retry, instead of a spinner that never ends.
        // Streamed bodies (the live channel) are not cut: this bounds only the time to the head.
        .layer(axum::middleware::from_fn(retry_hung_render))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, RESPONSE_TIMEOUT))
        .layer(axum::middleware::from_fn({
            let (db, refresh_ms) = (state.db.clone(), app::ssr::auth::seen_refresh(config.session_idle_minutes));
            let pkg_prefix: std::sync::Arc<str> = format!("/{}/", leptos_options.site_pkg_dir).into();
            move |req, next| session_person(db.clone(), refresh_ms, pkg_prefix.clone(), req, next)
        }))
        .layer(axum::middleware::from_fn(bad_request_status))
        // Too big a body is refused before any of it is read (413).
        .layer(tower_http::limit::RequestBodyLimitLayer::new(crate::security::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(move |req, next| {
            crate::security::same_origin_writes(public_url.clone(), req, next)
        }))
        // The release wasm is ~2.9 MB, ~1 MB gzipped: it matters on a phone's mobile data.
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(sessions)
        .layer(axum::middleware::from_fn(move |req, next| crate::security::headers(secure, req, next)))
        .with_state(state)
}
