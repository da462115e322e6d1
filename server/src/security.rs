//! Answers' security headers and the same-origin rule for writes.
//!
//! What is enforced, and why, is summed up in the README's security section.
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Largest request body the server reads. Skiftet's biggest legitimate request, a rotation line
/// of 52 weeks, is a few tens of kilobytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Refuses a state-changing request that a browser says comes from another site. `SameSite=Lax`
/// already keeps the session cookie off such posts; this is the second, independent check
/// (OWASP CSRF cheat sheet: verify the origin with standard headers). Requests without either
/// header are not from a modern browser's cross-site form (calendar apps, tests, curl) and pass.
/// With `public_url` configured, `Origin` must be exactly it; otherwise it must name the `Host`.
pub async fn same_origin_writes(public_url: Option<String>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || is_same_origin(req.headers(), public_url.as_deref())
    {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "cross-site write refused");
    (StatusCode::FORBIDDEN, axum::Json(app::error::AppError::Forbidden)).into_response()
}

fn is_same_origin(headers: &HeaderMap, public_url: Option<&str>) -> bool {
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    match (text(header::ORIGIN.as_str()), public_url, text(header::HOST.as_str())) {
        (Some(origin), Some(public), _) => origin.eq_ignore_ascii_case(public),
        // "null" (sandboxed frames, some redirects) is not us either.
        (Some(origin), None, Some(host)) => origin.split_once("://").is_some_and(|(_, authority)| authority == host),
        (Some(_), None, None) => false,
        (None, _, _) => true,
    }
}

/// Headers every answer gets. Pages and server-function answers are personal (schedules,
/// names): never stored by the browser or a proxy. The wasm/JS/CSS under `/pkg` set their own
/// caching and are left alone.
pub async fn headers(secure: bool, req: Request, next: Next) -> Response {
    let personal = !req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A page has set its own policy, with its render's script nonce; everything else gets the
    // parts that hold for any answer.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(app::ssr::content_policy::BASE));
    }
    if secure {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    let is_html_or_json = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    if personal && is_html_or_json {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
