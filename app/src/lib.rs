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
pub mod live;
pub mod model;
#[cfg(feature = "ssr")]
pub mod ssr;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// Room for the wasm splitter (`cargo leptos --split`) to give each lazily loaded chunk its own
/// constant data — texts, HTML templates, tables. It repacks the data of each of the several
/// hundred chunks separately, aligned, into the address range the linker laid out; when the
/// repacked data comes out longer than that range it keeps *all* data in the main wasm
/// ("Overlong segment 0 … putting it in main module"), so that every first visit downloaded every
/// page's texts. This block is in that range but used by nobody, so the repacking has room; the
/// splitter drops it, since no code refers to it.
#[cfg(feature = "hydrate")]
#[used]
static ROOM_FOR_SPLIT_DATA: [u8; 16384] = [0x5a; 16384];

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazily loaded pages (`components/lazy.rs`) hydrate once their chunk has arrived, so
    // hydration is asynchronous: the page the server rendered must find its code first.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else { return };
        leptos::mount::hydrate_from_async(body, app::App).await.forget();
        // From here on, taps reach Leptos' handlers: the boot script (components/boot.js)
        // stops keeping them, replays those it kept once the page's data has settled (a task
        // later, after the resources' futures have resolved), and registers the service worker.
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::set(&window, &"__skiftet_hydrated".into(), &true.into());
            if let Ok(then) = js_sys::Reflect::get(&window, &"__skiftet_after_hydration".into())
                && let Some(then) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&then)
            {
                let _ = window.set_timeout_with_callback(then);
            }
        }
    });
}
