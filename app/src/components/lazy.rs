//! Pages whose code the phone downloads only when someone opens them.
//!
//! Built with `cargo leptos --split`, each [`lazy_page!`] route's view — and everything only it
//! uses — goes to its own wasm chunk, fetched the first time the route is shown (and preloaded
//! by the server-rendered page that needs it). Only login and *Mina pass* stay in the main wasm
//! (the pages a care worker opens first); everything else — the invitation, the profile, the pool worker's
//! offers and availability, the service team's errands, planning, the situation picture,
//! protective equipment and administration — is lazy, so a phone never pays for pages it does
//! not open (the pool pages added 131 KiB brotli to the first visit of *Mina pass* before they
//! were). A chunk's constant data (its texts, its HTML templates) goes with it too, given room
//! (`ROOM_FOR_SPLIT_DATA` in `lib.rs`). Without `--split` (unit tests, `cargo check`) the same
//! code simply stays in one binary.
//!
//! A chunk that cannot be fetched (no reception) never panics the wasm: the page's boot script
//! (`boot.js`) holds the fetch open, says so, and retries — see there.

/// `lazy_page!(UnitWeekRoute, UnitWeekPage)` declares `UnitWeekRoute`, a lazily loaded route
/// (`Lazy::<UnitWeekRoute>::new()` in `app.rs`) that shows the component `UnitWeekPage`.
///
/// The page loads its own data when it renders; on the server and on a first visit that costs
/// nothing extra (the data comes with the HTML). Moving a page's `Resource`s into `data()` would
/// let a later in-app navigation fetch the chunk and the data concurrently.
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::IntoAny;
                leptos::prelude::view! { <$page/> }.into_any()
            }
        }
    };
}
pub(crate) use lazy_page;
