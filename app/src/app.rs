//! The root component, the HTML shell and the routes.
use crate::components::PageTitle;
use crate::components::shell::Shell;
use crate::features::{
    admin_home::page::AdminHome,
    agreements::page::AgreementsPage,
    audit_trail::page::AuditPage,
    base_staffing::page::StaffingPage,
    competences::page::CompetencesPage,
    errands::page::ErrandsPage,
    follow_up::page::FollowUpPage,
    my_shifts::page::MyShiftsPage,
    my_units::page::MyUnitPage,
    people::page::{PeoplePage, PersonPage},
    profile::page::ProfilePage,
    providers::page::ProvidersPage,
    rolling_schedule::page::RotationPage,
    sign_in::page::{HomeRedirect, InvitePage, LoginPage},
    situation::page::SituationPage,
    unit_week::page::UnitWeekPage,
    units::page::UnitsPage,
};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

/// The document the server streams; the browser hydrates `<App/>` inside it.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::content_policy::set_for_this_page();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                // Before the hydration script, so that the first tap is already kept.
                <script nonce=leptos::nonce::use_nonce()>{include_str!("components/early_taps.js")}</script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
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
            <Stylesheet id="leptos" href="/pkg/skiftet.css"/>
            <Link rel="manifest" href="/manifest.webmanifest"/>
            <Link rel="icon" href="/icon.svg" type_="image/svg+xml"/>
            <Meta name="theme-color" content="#0b5563"/>
            <Title formatter=|text: String| if text.is_empty() { "Skiftet".to_string() } else { format!("{text} – Skiftet") }/>
            <Router>
                <SkipLink/>
                <Routes fallback=NotFound>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/inbjudan/:token") view=InvitePage ssr=SsrMode::Async/>
                    <Route path=path!("/") view=HomeRedirect ssr=SsrMode::Async/>
                    <ParentRoute path=path!("") view=Shell ssr=SsrMode::Async>
                        <Route path=path!("/admin") view=AdminHome ssr=SsrMode::Async/>
                        <Route path=path!("/admin/personer") view=PeoplePage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/personer/:id") view=PersonPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/enheter") view=UnitsPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/utforare") view=ProvidersPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/kompetenser") view=CompetencesPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/logg") view=AuditPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/avtal") view=AgreementsPage ssr=SsrMode::Async/>
                        <Route path=path!("/lagesbild") view=SituationPage ssr=SsrMode::Async/>
                        <Route path=path!("/enhet") view=MyUnitPage ssr=SsrMode::Async/>
                        <Route path=path!("/enhet/:id/vecka") view=UnitWeekPage ssr=SsrMode::Async/>
                        <Route path=path!("/enhet/:id/uppfoljning") view=FollowUpPage ssr=SsrMode::Async/>
                        <Route path=path!("/enhet/:id/grundbemanning") view=StaffingPage ssr=SsrMode::Async/>
                        <Route path=path!("/enhet/:id/rullschema") view=RotationPage ssr=SsrMode::Async/>
                        <Route path=path!("/mina-pass") view=MyShiftsPage ssr=SsrMode::Async/>
                        <Route path=path!("/uppdrag") view=ErrandsPage ssr=SsrMode::Async/>
                        <Route path=path!("/profil") view=ProfilePage ssr=SsrMode::Async/>
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
