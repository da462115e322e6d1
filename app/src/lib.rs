//! Skiftet's application crate: shared types, pure domain logic, the Leptos UI and the server
//! functions. Built twice: as the browser's wasm (`hydrate`) and as the server's library (`ssr`).
//! Everything that touches the database, passwords or sessions lives under `ssr` and never
//! reaches the wasm.
#![recursion_limit = "256"]

pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod features;
pub mod model;
#[cfg(feature = "ssr")]
pub mod ssr;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A marker for the browser tests: from here on, clicks reach Leptos' event handlers.
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__skiftet_hydrated".into(), &true.into());
    }
}
