//! Pages and components of this feature.
use super::get_admin_overview;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::features::situation::page::Overview;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn AdminHome() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::components::resource(|| (), |_| get_admin_overview());
    view! {
        <PageTitle text=move || t_string!(i18n, nav_overview).to_string()/>
        <h1>{t!(i18n, admin_title)}</h1>
        <nav aria-label=move || t_string!(i18n, admin_sections) class="quick-links">
            <a class="button secondary" href="/admin/personer">{t!(i18n, nav_people)}</a>
            <a class="button secondary" href="/admin/utforare">{t!(i18n, nav_providers)}</a>
            <a class="button secondary" href="/admin/enheter">{t!(i18n, nav_units)}</a>
            <a class="button secondary" href="/admin/kompetenser">{t!(i18n, nav_competences)}</a>
            <a class="button secondary" href="/admin/avtal">{t!(i18n, nav_agreements)}</a>
            <a class="button secondary" href="/admin/logg">{t!(i18n, nav_audit)}</a>
        </nav>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! { <Overview o/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

crate::components::lazy::lazy_page!(AdminHomeRoute, AdminHome);
