//! The frame around every signed-in page: header, role navigation (bottom bar on phones, side
//! bar on wider screens) and the main area.
use crate::components::ErrorNotice;
use crate::domain::Role;
use crate::features::sign_in::{Logout, current_user};
use crate::i18n::*;
use crate::model::SessionUser;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};

/// One navigation destination.
#[derive(Clone, Copy, PartialEq)]
pub struct NavItem {
    pub path: &'static str,
    pub key: NavKey,
}

#[derive(Clone, Copy, PartialEq)]
pub enum NavKey {
    Overview,
    People,
    Units,
    Providers,
    Audit,
    Situation,
    MyUnit,
    MyShifts,
    Offers,
    Availability,
    Pool,
    Errands,
    OrderErrand,
    Equipment,
    Profile,
}

/// The destinations for a person's roles, widest role first, without repeats; profile last.
pub fn nav_items(roles: &[Role]) -> Vec<NavItem> {
    let mut items: Vec<NavItem> = Vec::new();
    let mut push = |path, key| {
        if !items.iter().any(|i: &NavItem| i.path == path) {
            items.push(NavItem { path, key });
        }
    };
    let mut sorted = roles.to_vec();
    sorted.sort();
    for role in sorted {
        match role {
            Role::Admin => {
                push("/admin", NavKey::Overview);
                push("/admin/personer", NavKey::People);
                push("/admin/enheter", NavKey::Units);
                push("/admin/logg", NavKey::Audit);
            }
            Role::Coordinator => {
                push("/lagesbild", NavKey::Situation);
                push("/pool", NavKey::Pool);
                push("/skyddsutrustning", NavKey::Equipment);
            }
            Role::UnitManager => push("/enhet", NavKey::MyUnit),
            Role::CareWorker => {
                push("/mina-pass", NavKey::MyShifts);
                push("/bestall-uppdrag", NavKey::OrderErrand);
            }
            Role::PoolWorker => {
                push("/mina-pass", NavKey::MyShifts);
                push("/erbjudanden", NavKey::Offers);
                push("/tillganglighet", NavKey::Availability);
            }
            Role::ServiceTeam => push("/uppdrag", NavKey::Errands),
        }
    }
    push("/profil", NavKey::Profile);
    items
}

fn nav_label(locale: Locale, key: NavKey) -> &'static str {
    match key {
        NavKey::Overview => td_string!(locale, nav_overview),
        NavKey::People => td_string!(locale, nav_people),
        NavKey::Units => td_string!(locale, nav_units),
        NavKey::Providers => td_string!(locale, nav_providers),
        NavKey::Audit => td_string!(locale, nav_audit),
        NavKey::Situation => td_string!(locale, nav_situation),
        NavKey::MyUnit => td_string!(locale, nav_my_unit),
        NavKey::MyShifts => td_string!(locale, nav_my_shifts),
        NavKey::Offers => td_string!(locale, nav_offers),
        NavKey::Availability => td_string!(locale, nav_availability),
        NavKey::Pool => td_string!(locale, nav_pool),
        NavKey::Errands => td_string!(locale, nav_errands),
        NavKey::OrderErrand => td_string!(locale, nav_order_errand),
        NavKey::Equipment => td_string!(locale, nav_equipment),
        NavKey::Profile => td_string!(locale, nav_profile),
    }
}

/// 24×24 outline icons (inline SVG paths): no icon font or emoji font needed on the phone.
fn nav_icon(key: NavKey) -> &'static str {
    match key {
        NavKey::Overview | NavKey::Situation => "M3 12h4l3-8 4 16 3-8h4",
        NavKey::People => {
            "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a7 7 0 0 1 14 0v1M16 3.5a4 4 0 0 1 0 7M22 21v-1a7 7 0 0 0-4-6.3"
        }
        NavKey::Units | NavKey::MyUnit | NavKey::Providers => "M3 11l9-8 9 8M5 10v10h14V10M10 20v-6h4v6",
        NavKey::Audit => "M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01",
        NavKey::MyShifts => "M4 5h16v16H4zM4 10h16M9 3v4M15 3v4",
        NavKey::Errands => "M4 12l5 5L20 6",
        NavKey::OrderErrand => {
            "M6 6h15l-2 8H8zM6 6L5 3H2M9 20a1 1 0 1 0 0-2 1 1 0 0 0 0 2zM18 20a1 1 0 1 0 0-2 1 1 0 0 0 0 2z"
        }
        NavKey::Offers => "M4 4h16v12H7l-3 3zM8 9h8M8 12h5",
        NavKey::Availability => "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 3",
        NavKey::Pool => {
            "M7 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM17 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2 20a5 5 0 0 1 10 0M12 20a5 5 0 0 1 10 0"
        }
        NavKey::Equipment => "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4",
        NavKey::Profile => "M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM3 22a9 9 0 0 1 18 0",
    }
}

/// The frame of every signed-in page. Only the parts that need the person (name, navigation)
/// wait for them; the page itself (`<Outlet/>`) sits outside any suspense, so it is created
/// once per request — inside a re-running `Suspend` it was created several times during SSR,
/// and the browser then hydrated against a different set of resources.
///
/// Header and navigation wait in *one* `Suspense`: with two boundaries reading the same
/// resource, Leptos 0.8's server rendering now and then never finished the page (a lost wake-up
/// between the boundaries, leptos-rs/leptos#4578; seen as a request to `/uppdrag` that hung).
#[component]
pub fn Shell() -> impl IntoView {
    let user = crate::components::resource(|| (), |_| current_user());
    crate::components::live::provide_live();
    let plain_header = || {
        view! {
            <header class="topbar">
                <span class="brand">"Skiftet"</span>
                <LanguageSwitch/>
            </header>
        }
    };
    view! {
        <div class="app">
            <Suspense fallback=plain_header>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(user)) => view! { <Frame user/> }.into_any(),
                        Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(error) => view! {
                            {plain_header()}
                            <ErrorNotice error/>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <main id="main" class="main" tabindex="-1">
                <Outlet/>
            </main>
        </div>
    }
}

/// The header and the role navigation of a signed-in person.
#[component]
fn Frame(user: SessionUser) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="topbar">
            <a class="brand" href=user.home_path()>"Skiftet"</a>
            <span class="who">{user.name.clone()}</span>
            <LanguageSwitch/>
        </header>
        <nav class="role-nav" aria-label=move || t_string!(i18n, nav_main)>
            <NavList items=nav_items(&user.roles)/>
        </nav>
    }
}

/// The navigation's links are plain `<a>`s (the router still takes their taps on the phone)
/// with `aria-current` from one shared location: the router's `<A>` resolves its path and keeps
/// its own reactive state per link, on every page of every request (about 6 % of *Mina pass*'s
/// server CPU with their contents).
#[component]
fn NavList(items: Vec<NavItem>) -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    view! {
        <ul>
            {items
                .into_iter()
                .map(|item| {
                    let current = move || location.pathname.with(|here| leads_to(item.path, here)).then_some("page");
                    view! {
                        <li>
                            <a href=item.path class="nav-link" aria-current=current>
                                <svg class="nav-icon" aria-hidden="true" viewBox="0 0 24 24" width="24" height="24">
                                    <path d=nav_icon(item.key)/>
                                </svg>
                                <span class="nav-text">{move || nav_label(i18n.get_locale(), item.key)}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Whether a destination is where the person is: the page itself or a page under it (as the
/// router's `<A>` marks it), so "Personer" stays marked on a person's own page.
fn leads_to(destination: &str, here: &str) -> bool {
    let here = here.trim_end_matches('/');
    let destination = destination.trim_end_matches('/');
    destination.is_empty()
        || here == destination
        || here.strip_prefix(destination).is_some_and(|rest| rest.starts_with('/'))
}

/// Switches between Swedish and English; the choice is kept in a cookie.
/// Where the language switch posts when the wasm has not taken over (`server/src/language.rs`).
pub const LANGUAGE_PATH: &str = "/sprak";

/// The cookie that keeps the chosen language: leptos_i18n's own (its name is not public there),
/// also read and written outside the app — the boot notices and the plain-form switch.
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

/// The `Set-Cookie` value that keeps a language choice ("sv" or "en") for a year: written by the
/// hydrated switch in the browser and by the plain-form switch on the server (`POST /sprak`).
pub fn language_cookie(lang: &str) -> String {
    format!("{LANGUAGE_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax")
}

/// "In English" / "På svenska": a form, so it works before the wasm has loaded and without
/// JavaScript (the server sets the cookie and sends the browser back); once hydrated, the switch
/// happens in place.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let here = move || {
        let query = location.search.get();
        let query = query.trim_start_matches('?');
        if query.is_empty() { location.pathname.get() } else { format!("{}?{query}", location.pathname.get()) }
    };
    let other = move || match i18n.get_locale() {
        Locale::sv => Locale::en,
        Locale::en => Locale::sv,
    };
    view! {
        <form
            class="lang-form"
            method="post"
            action=LANGUAGE_PATH
            on:submit=move |ev| {
                ev.prevent_default();
                let lang = other();
                remember_language(lang);
                i18n.set_locale(lang);
            }
        >
            <input type="hidden" name="lang" value=move || other().as_str()/>
            <input type="hidden" name="back" value=here/>
            <button type="submit" class="lang-switch" lang=move || other().as_str()>
                {move || t_string!(i18n, switch_language)}
            </button>
        </form>
    }
}

/// Keeps the choice for the next page load, as the plain-form switch does on the server. The
/// wasm does not carry leptos_i18n's cookie handling (see the workspace `Cargo.toml`); the page's
/// `<html lang>` tells the hydrating app which language the server chose.
fn remember_language(lang: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(doc) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        {
            let _ = doc.set_cookie(&language_cookie(lang.as_str()));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = lang;
}

/// Logs out and reloads at the login page, so no signed-in state lingers in memory.
#[component]
pub fn LogoutButton() -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            #[cfg(feature = "hydrate")]
            {
                let _ = web_sys::window().map(|w| w.location().set_href("/login"));
            }
        }
    });
    view! {
        <ActionForm action=logout>
            <button type="submit" class="button secondary">{t!(i18n, logout)}</button>
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_gets_three_to_five_destinations_ending_with_profile() {
        for role in Role::ALL {
            let items = nav_items(&[role]);
            assert!((2..=5).contains(&items.len()), "{role}: {}", items.len());
            assert_eq!(items.last().map(|i| i.path), Some("/profil"));
        }
    }

    #[test]
    fn a_destination_leads_to_itself_and_the_pages_under_it_only() {
        assert!(leads_to("/mina-pass", "/mina-pass"));
        assert!(leads_to("/mina-pass", "/mina-pass/"));
        assert!(leads_to("/admin/personer", "/admin/personer/7"));
        assert!(leads_to("/admin", "/admin/personer"));
        assert!(!leads_to("/admin/personer", "/admin"));
        assert!(!leads_to("/pool", "/poolen"));
        assert!(!leads_to("/enhet", "/erbjudanden"));
    }

    #[test]
    fn several_roles_share_one_list_without_repeats() {
        let items = nav_items(&[Role::PoolWorker, Role::CareWorker, Role::Coordinator]);
        let paths: Vec<_> = items.iter().map(|i| i.path).collect();
        assert_eq!(
            paths,
            vec![
                "/lagesbild",
                "/pool",
                "/skyddsutrustning",
                "/mina-pass",
                "/bestall-uppdrag",
                "/erbjudanden",
                "/tillganglighet",
                "/profil"
            ]
        );
    }
}
