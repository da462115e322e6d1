//! The notices the boot script (`boot.js`) shows while the app itself cannot: a piece of code
//! that cannot be fetched, a page shown from the phone's copy without a connection, a new
//! version ready. They are part of the document shell, after `<App/>`, rendered by the server in
//! the reader's language and never hydrated — the script shows and hides them, with or without
//! the wasm.
use crate::i18n::*;
use leptos::prelude::*;

/// The language the person chose (leptos_i18n's cookie), for text rendered outside the app.
fn chosen_locale() -> Locale {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<axum::http::request::Parts>() {
        let english = parts
            .headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .any(|(name, value)| name == super::shell::LANGUAGE_COOKIE && value == "en");
        if english {
            return Locale::en;
        }
    }
    Locale::sv
}

/// When the server rendered this page, as a clock time in Stockholm: the "as of" of a copy shown
/// offline later.
fn rendered_at() -> String {
    #[cfg(feature = "ssr")]
    if let Ok(ctx) = crate::ssr::context() {
        return super::dates::local(ctx.db.clock.now()).strftime("%H:%M").to_string();
    }
    String::new()
}

#[component]
pub fn BootNotices() -> impl IntoView {
    let locale = chosen_locale();
    let at = rendered_at();
    view! {
        <div class="boot-notices" lang=locale.as_str() data-boot="">
            <div id="code-unavailable" class="notice notice-error" role="alert" hidden>
                <p>{td_string!(locale, code_unavailable)}</p>
                <button type="button" class="button">{td_string!(locale, try_again)}</button>
            </div>
            // Shown when this page is the phone's saved copy (the service worker marks it).
            <div id="offline-copy" class="notice notice-offline" role="status" hidden>
                <p>{td_string!(locale, offline_copy, time = at)}</p>
            </div>
            <div id="gone-offline" class="notice notice-offline" role="status" hidden>
                <p>{td_string!(locale, gone_offline)}</p>
            </div>
            <div id="new-version" class="notice" role="status" hidden>
                <p>{td_string!(locale, new_version)}</p>
                <button type="button" class="button">{td_string!(locale, update_now)}</button>
            </div>
        </div>
    }
}
