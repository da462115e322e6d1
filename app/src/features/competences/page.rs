//! Pages and components of this feature.
use super::*;
use crate::components::{CheckField, ErrorNotice, FormFooter, Loading, PageTitle, TextField};
use crate::i18n::*;
use crate::model::Competence;
use leptos::prelude::*;

#[component]
pub fn CompetencesPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveCompetence>::new();
    let data = crate::components::resource(move || save.version().get(), |_| list_competences());
    let editing = RwSignal::new(None::<Competence>);
    view! {
        <PageTitle text=move || t_string!(i18n, nav_competences).to_string()/>
        <h1>{t!(i18n, nav_competences)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(list) => view! {
                        <ul class="list">
                            {list.into_iter().map(|c| {
                                let edit_label = format!("{} {}", t_string!(i18n, edit), c.name_sv);
                                let c2 = c.clone();
                                view! {
                                    <li class:inactive=!c.active>
                                        <span><strong>{c.name_sv}</strong>" / "{c.name_en}" "<span class="muted">"("{c.code}")"</span></span>
                                        <button type="button" class="button secondary" aria-label=edit_label on:click=move |_| editing.set(Some(c2.clone()))>{t!(i18n, edit)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
        <button type="button" class="button primary" on:click=move |_| editing.set(None)>{t!(i18n, new_competence)}</button>
        {move || { let c = editing.get(); view! { <CompetenceForm c save/> } }}
    }
}

#[component]
fn CompetenceForm(c: Option<Competence>, save: ServerAction<SaveCompetence>) -> impl IntoView {
    let i18n = use_i18n();
    let id = c.as_ref().map(|c| c.id);
    let code = RwSignal::new(c.as_ref().map(|c| c.code.clone()).unwrap_or_default());
    let name_sv = RwSignal::new(c.as_ref().map(|c| c.name_sv.clone()).unwrap_or_default());
    let name_en = RwSignal::new(c.as_ref().map(|c| c.name_en.clone()).unwrap_or_default());
    let active = RwSignal::new(c.as_ref().map(|c| c.active).unwrap_or(true));
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <form class="stack panel" novalidate on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(SaveCompetence { id, code: code.get_untracked(), name_sv: name_sv.get_untracked(), name_en: name_en.get_untracked(), active: active.get_untracked() });
        }>
            <h2>{move || if id.is_some() { t_string!(i18n, edit_competence) } else { t_string!(i18n, new_competence) }}</h2>
            <TextField id="comp-code" field="code" value=code error required=true>{t!(i18n, code)}</TextField>
            <TextField id="comp-sv" field="name_sv" value=name_sv error required=true>{t!(i18n, name_sv)}</TextField>
            <TextField id="comp-en" field="name_en" value=name_en error required=true>{t!(i18n, name_en)}</TextField>
            <CheckField id="comp-active".to_string() checked=active>{t!(i18n, active)}</CheckField>
            <FormFooter error saved=Signal::derive(move || matches!(save.value().get(), Some(Ok(_)))) pending=save.pending()/>
        </form>
    }
}

crate::components::lazy::lazy_page!(CompetencesRoute, CompetencesPage);
