//! Pages and components of this feature.
use super::*;
use crate::components::labels::provider_kind_label;
use crate::components::{CheckField, ErrorNotice, FormFooter, Loading, PageTitle, TextField};
use crate::domain::ProviderKind;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ProvidersPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveProvider>::new();
    let data = crate::components::resource(move || save.version().get(), |_| list_providers());
    let editing = RwSignal::new(None::<Provider>);
    view! {
        <PageTitle text=move || t_string!(i18n, nav_providers).to_string()/>
        <h1>{t!(i18n, nav_providers)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(list) => view! {
                        <ul class="list">
                            {list.into_iter().map(|p| {
                                let edit_label = format!("{} {}", t_string!(i18n, edit), p.name);
                                let p2 = p.clone();
                                view! {
                                    <li class:inactive=!p.active>
                                        <span><strong>{p.name}</strong>" "<span class="muted">{move || provider_kind_label(i18n.get_locale(), p.kind)}" · "{p.org_number}" · "{p.unit_count}" "{t!(i18n, units_lower)}</span></span>
                                        <button type="button" class="button secondary" aria-label=edit_label on:click=move |_| editing.set(Some(p2.clone()))>{t!(i18n, edit)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
        <button type="button" class="button primary" on:click=move |_| editing.set(None)>{t!(i18n, new_provider)}</button>
        {move || { let p = editing.get(); view! { <ProviderForm p save/> } }}
    }
}

#[component]
fn ProviderForm(p: Option<Provider>, save: ServerAction<SaveProvider>) -> impl IntoView {
    let i18n = use_i18n();
    let id = p.as_ref().map(|p| p.id);
    let name = RwSignal::new(p.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let org = RwSignal::new(p.as_ref().map(|p| p.org_number.clone()).unwrap_or_default());
    let kind = RwSignal::new(p.as_ref().map(|p| p.kind).unwrap_or(ProviderKind::Private));
    let active = RwSignal::new(p.as_ref().map(|p| p.active).unwrap_or(true));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <form class="stack panel" novalidate on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(SaveProvider { id, name: name.get_untracked(), kind: kind.get_untracked().as_str().into(), org_number: org.get_untracked(), active: active.get_untracked() });
        }>
            <h2>{move || if id.is_some() { t_string!(i18n, edit_provider) } else { t_string!(i18n, new_provider) }}</h2>
            <TextField id="provider-name" field="name" value=name error required=true>{t!(i18n, name)}</TextField>
            <TextField id="provider-org" field="org_number" value=org error required=true>{t!(i18n, org_number)}</TextField>
            <div class="field">
                <label for="provider-kind">{t!(i18n, kind)}</label>
                <select id="provider-kind" on:change=move |ev| kind.set(if event_target_value(&ev) == "municipal" { ProviderKind::Municipal } else { ProviderKind::Private })>
                    <option value="private" selected=move || kind.get() == ProviderKind::Private>{move || provider_kind_label(i18n.get_locale(), ProviderKind::Private)}</option>
                    <option value="municipal" selected=move || kind.get() == ProviderKind::Municipal>{move || provider_kind_label(i18n.get_locale(), ProviderKind::Municipal)}</option>
                </select>
            </div>
            <CheckField id="provider-active".to_string() checked=active>{t!(i18n, active)}</CheckField>
            <FormFooter error saved=Signal::derive(move || matches!(save.value().get(), Some(Ok(_)))) pending=save.pending()/>
        </form>
    }
}

crate::components::lazy::lazy_page!(ProvidersRoute, ProvidersPage);
