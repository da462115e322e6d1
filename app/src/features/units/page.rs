//! Pages and components of this feature.
use super::*;
use crate::components::labels::unit_kind_label;
use crate::components::{CheckField, ErrorNotice, FormFooter, Loading, PageTitle, TextField, follow_value};
use crate::domain::UnitKind;
use crate::features::providers::{Provider, list_providers};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn UnitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveUnit>::new();
    let query = RwSignal::new(String::new());
    let data = crate::components::resource(move || (save.version().get(), query.get()), |(_, q)| list_units(q));
    let providers = crate::components::resource(|| (), |_| list_providers());
    let editing = RwSignal::new(None::<Unit>);
    view! {
        <PageTitle text=move || t_string!(i18n, nav_units).to_string()/>
        <h1>{t!(i18n, nav_units)}</h1>
        <div class="field search">
            <label for="unit-search">{t!(i18n, search_units)}</label>
            <input id="unit-search" type="search" value=query.get_untracked() use:follow_value=query on:input=move |ev| query.set(event_target_value(&ev))/>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(list) => view! {
                        <ul class="list">
                            {list.into_iter().map(|u| {
                                let edit_label = format!("{} {}", t_string!(i18n, edit), u.name);
                                let u2 = u.clone();
                                view! {
                                    <li class:inactive=!u.active>
                                        <span><strong>{u.name}</strong>" "<span class="muted">{u.provider_name}" · "{move || unit_kind_label(i18n.get_locale(), u.kind)}" · "{u.area}" · "{u.staff_count}" "{t!(i18n, staff_lower)}</span></span>
                                        <button type="button" class="button secondary" aria-label=edit_label on:click=move |_| editing.set(Some(u2.clone()))>{t!(i18n, edit)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
        <button type="button" class="button primary" on:click=move |_| editing.set(None)>{t!(i18n, new_unit)}</button>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match providers.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(providers) => view! { {move || { let u = editing.get(); let providers = providers.clone(); view! { <UnitForm u providers save/> } }} }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UnitForm(u: Option<Unit>, providers: Vec<Provider>, save: ServerAction<SaveUnit>) -> impl IntoView {
    let i18n = use_i18n();
    let id = u.as_ref().map(|u| u.id);
    let provider_id =
        RwSignal::new(u.as_ref().map(|u| u.provider_id).or(providers.first().map(|p| p.id)).unwrap_or_default());
    let name = RwSignal::new(u.as_ref().map(|u| u.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(u.as_ref().map(|u| u.kind).unwrap_or(UnitKind::HomeCare));
    let area = RwSignal::new(u.as_ref().map(|u| u.area.clone()).unwrap_or_default());
    let address = RwSignal::new(u.as_ref().map(|u| u.address.clone()).unwrap_or_default());
    let lat = RwSignal::new(u.as_ref().and_then(|u| u.latitude).map(|v| v.to_string()).unwrap_or_default());
    let lon = RwSignal::new(u.as_ref().and_then(|u| u.longitude).map(|v| v.to_string()).unwrap_or_default());
    let active = RwSignal::new(u.as_ref().map(|u| u.active).unwrap_or(true));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <form class="stack panel" novalidate on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(SaveUnit {
                id, provider_id: provider_id.get_untracked(), name: name.get_untracked(), kind: kind.get_untracked().as_str().into(),
                area: area.get_untracked(), address: address.get_untracked(), latitude: lat.get_untracked(), longitude: lon.get_untracked(),
                active: active.get_untracked(),
            });
        }>
            <h2>{move || if id.is_some() { t_string!(i18n, edit_unit) } else { t_string!(i18n, new_unit) }}</h2>
            <div class="field">
                <label for="unit-provider">{t!(i18n, provider)}</label>
                <select id="unit-provider" on:change=move |ev| provider_id.set(event_target_value(&ev).parse().unwrap_or_default())>
                    {providers.into_iter().map(|p| { let pid = p.id; view! { <option value=pid.to_string() selected=move || provider_id.get() == pid>{p.name}</option> } }).collect_view()}
                </select>
            </div>
            <TextField id="unit-name" field="name" value=name error required=true>{t!(i18n, name)}</TextField>
            <div class="field">
                <label for="unit-kind">{t!(i18n, kind)}</label>
                <select id="unit-kind" on:change=move |ev| kind.set(event_target_value(&ev).parse().unwrap_or(UnitKind::Other))>
                    {UnitKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=move || kind.get() == k>{move || unit_kind_label(i18n.get_locale(), k)}</option> }).collect_view()}
                </select>
            </div>
            <TextField id="unit-area" field="area" value=area error required=true>{t!(i18n, area)}</TextField>
            <TextField id="unit-address" field="address" value=address error required=true autocomplete="street-address">{t!(i18n, address)}</TextField>
            <TextField id="unit-lat" field="latitude" value=lat error>{t!(i18n, latitude)}</TextField>
            <TextField id="unit-lon" field="longitude" value=lon error>{t!(i18n, longitude)}</TextField>
            <CheckField id="unit-active".to_string() checked=active>{t!(i18n, active)}</CheckField>
            <FormFooter error saved=Signal::derive(move || matches!(save.value().get(), Some(Ok(_)))) pending=save.pending()/>
        </form>
    }
}

crate::components::lazy::lazy_page!(UnitsRoute, UnitsPage);
