//! `POST /sprak`: the language switch as a plain form, so that "In English" works before the
//! page's wasm has loaded, and without JavaScript at all. Sets the same cookie as the app's own
//! switch (`shell::language_cookie`: leptos_i18n's cookie) and sends the browser back to the page it was on.
use axum::Form;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Choice {
    lang: String,
    #[serde(default)]
    back: String,
}

/// Where to go back to: a path on this site only ("/…", never "//host" or a full address).
fn safe_back(back: &str) -> &str {
    if back.starts_with('/') && !back.starts_with("//") && !back.contains('\\') { back } else { "/" }
}

pub async fn choose(Form(choice): Form<Choice>) -> Response {
    let lang = match choice.lang.as_str() {
        "sv" | "en" => choice.lang.as_str(),
        _ => return StatusCode::BAD_REQUEST.into_response(),
    };
    let mut res = Redirect::to(safe_back(&choice.back)).into_response();
    if let Ok(value) = HeaderValue::from_str(&app::components::shell::language_cookie(lang)) {
        res.headers_mut().insert(header::SET_COOKIE, value);
    }
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_paths_on_this_site_are_gone_back_to() {
        assert_eq!(super::safe_back("/mina-pass?manad=2026-12"), "/mina-pass?manad=2026-12");
        for outside in ["//evil.example/", "https://evil.example/", "", "mina-pass", "/\\evil.example"] {
            assert_eq!(super::safe_back(outside), "/", "{outside}");
        }
    }
}
