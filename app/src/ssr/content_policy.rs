//! The Content-Security-Policy. Every answer gets [`BASE`] (set by the server's header
//! middleware); a page also gets a script policy naming this render's nonce, which Leptos puts
//! on its hydration script and on the inline scripts that carry the page's data. So the only
//! scripts a page runs are Skiftet's own files and inline scripts this server wrote for this
//! answer: an injected `<script>` has no nonce and is refused by the browser.
use leptos::prelude::use_context;

/// What holds for every answer, page or not.
pub const BASE: &str = "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// The policy of a page rendered with `nonce`. `'wasm-unsafe-eval'` lets the page compile
/// Skiftet's own wasm (fetched from `'self'`); it allows no `eval` of JavaScript.
pub fn for_page(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; {BASE}"
    )
}

/// Sets the page's policy on the answer being rendered. Called from the document shell, where
/// the render's nonce and response options are in context.
pub fn set_for_this_page() {
    let (Some(nonce), Some(opts)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else {
        tracing::error!("no nonce or response options while rendering a page: no script policy set");
        return;
    };
    if let Ok(value) = axum::http::HeaderValue::from_str(&for_page(&nonce)) {
        opts.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}
