//! The root component, the HTML shell and the routes.
use crate::components::PageTitle;
use crate::components::shell::Shell;
use crate::features::{
    admin_home::page::AdminHomeRoute,
    agreements::page::AgreementsRoute,
    audit_trail::page::AuditRoute,
    availability::page::AvailabilityRoute,
    base_staffing::page::StaffingRoute,
    competences::page::CompetencesRoute,
    daily_report::page::DailyReportRoute,
    equipment::page::{CountyNeedsRoute, EquipmentRoute, PickListRoute, UnitEquipmentRoute},
    errands::page::{ErrandsRoute, OrderErrandRoute, UnitErrandsRoute},
    follow_up::page::FollowUpRoute,
    my_shifts::page::MyShiftsPage,
    my_units::page::MyUnitRoute,
    offers::page::OffersRoute,
    people::page::{PeopleRoute, PersonRoute},
    pool::page::PoolRoute,
    profile::page::ProfileRoute,
    providers::page::ProvidersRoute,
    rolling_schedule::page::RotationRoute,
    sign_in::page::{HomeRoute, InviteRoute, LoginPage},
    situation::page::{SituationRoute, UnitSituationRoute},
    unit_week::page::UnitWeekRoute,
    units::page::UnitsRoute,
};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

/// The document the server streams; the browser hydrates `<App/>` inside it.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::content_policy::set_for_this_page();
    // In a build with hashed file names (release, `make run`) the page offers its service worker.
    let service_worker = options.hash_files.then_some("/sw.js");
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                // Before the hydration script, so that the first tap is already kept and the
                // first wasm fetch already guarded.
                <script nonce=leptos::nonce::use_nonce()>{include_str!("components/boot.js")}</script>
                // The stylesheet, wasm and JS by their content-hashed names in a release build
                // (`hash-files`), so they can be cached for a year (`server/src/web.rs`).
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body data-offline-copy="0" data-service-worker=service_worker>
                <App/>
                <crate::components::boot::BootNotices/>
            </body>
        </html>
    }
}

/// Swedish unless the person chose English (the choice lives in a cookie). The browser's
/// Accept-Language is deliberately not consulted: staff phones are often set to English while
/// the workplace language, and the words in the schedules, are Swedish.
fn ignore_accept_language() -> leptos_use::UseLocalesOptions {
    leptos_use::UseLocalesOptions::default().ssr_lang_header_getter(|| None)
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider ssr_lang_header_getter=ignore_accept_language()>
            <Link rel="manifest" href="/manifest.webmanifest"/>
            <Link rel="icon" href="/icon.svg" type_="image/svg+xml"/>
            <Link rel="apple-touch-icon" href="/apple-touch-icon.png"/>
            <Meta name="apple-mobile-web-app-title" content="Skiftet"/>
            <Meta name="mobile-web-app-capable" content="yes"/>
            <Meta name="theme-color" content="#0b5563"/>
            // The empty text keeps "Skiftet" as the title while a page's own title is not there
            // yet: hydrating a lazily loaded page waits for its chunk, and with a formatter but
            // no text leptos_meta sets the title to "" meanwhile (axe: a page without a title).
            <Title text="" formatter=|text: String| if text.is_empty() { "Skiftet".to_string() } else { format!("{text} – Skiftet") }/>
            <Router>
                <SkipLink/>
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/inbjudan/:token") view={Lazy::<InviteRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async/>
                    <ParentRoute path=path!("") view=Shell ssr=SsrMode::Async>
                        <Route path=path!("/admin") view={Lazy::<AdminHomeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/personer") view={Lazy::<PeopleRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/personer/:id") view={Lazy::<PersonRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/enheter") view={Lazy::<UnitsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/utforare") view={Lazy::<ProvidersRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/kompetenser") view={Lazy::<CompetencesRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/logg") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/avtal") view={Lazy::<AgreementsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/lagesbild") view={Lazy::<SituationRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/pool") view={Lazy::<PoolRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/skyddsutrustning") view={Lazy::<EquipmentRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/skyddsutrustning/behov") view={Lazy::<CountyNeedsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/skyddsutrustning/plocklista/:id") view={Lazy::<PickListRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/lagesbild/enhet/:id") view={Lazy::<UnitSituationRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enhet") view={Lazy::<MyUnitRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enhet/:id/vecka") view={Lazy::<UnitWeekRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enhet/:id/lagesrapport") view={Lazy::<DailyReportRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enhet/:id/uppfoljning") view={Lazy::<FollowUpRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enhet/:id/grundbemanning") view={Lazy::<StaffingRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enhet/:id/rullschema") view={Lazy::<RotationRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enhet/:id/uppdrag") view={Lazy::<UnitErrandsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enhet/:id/skyddsutrustning") view={Lazy::<UnitEquipmentRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/bestall-uppdrag") view={Lazy::<OrderErrandRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/mina-pass") view=MyShiftsPage ssr=SsrMode::Async/>
                        <Route path=path!("/erbjudanden") view={Lazy::<OffersRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/tillganglighet") view={Lazy::<AvailabilityRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/uppdrag") view={Lazy::<ErrandsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/profil") view={Lazy::<ProfileRoute>::new()} ssr=SsrMode::Async/>
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! { <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a> }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <main id="main" class="main narrow">
            <PageTitle text=move || t_string!(i18n, not_found_title).to_string()/>
            <h1>{t!(i18n, not_found_title)}</h1>
            <p><a href="/">{t!(i18n, back_to_start)}</a></p>
        </main>
    }
}
