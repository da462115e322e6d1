//! Pages and components of this feature.
use crate::components::PageTitle;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ErrandsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, nav_errands).to_string()/>
        <h1>{t!(i18n, nav_errands)}</h1>
        <div class="notice" role="status"><p>{t!(i18n, errands_not_yet)}</p></div>
    }
}
