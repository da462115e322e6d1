//! Pages and components of this feature.
use super::*;
use crate::components::dates::weekday_short;
use crate::components::labels::quality_role_label;
use crate::components::unit::use_unit_id;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::domain::schedule::QualityRole;
use crate::i18n::*;
use leptos::prelude::*;

/// Base staffing: shift types and, per weekday and shift type, how many of whom are needed.
#[component]
pub fn StaffingPage() -> impl IntoView {
    let i18n = use_i18n();
    let unit_id = use_unit_id();
    let add_need = ServerAction::<AddStaffingNeed>::new();
    let remove = ServerAction::<RemoveStaffingNeeds>::new();
    let add_type = ServerAction::<AddShiftType>::new();
    let data = crate::components::resource(
        move || (unit_id(), add_need.version().get(), remove.version().get(), add_type.version().get()),
        |(u, ..)| get_staffing(u),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, base_staffing).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(st) => {
                        let types = st.shift_types.clone();
                        let competences = st.competences.clone();
                        let type_name = move |id: i64| types.iter().find(|t| t.id == id).map(|t| t.label()).unwrap_or_default();
                        let (unit_id, may_change) = (st.unit_id, st.may_change);
                        view! {
                            <h1>{t!(i18n, base_staffing)}" – "{st.unit_name.clone()}</h1>
                            <p><a href=format!("/enhet/{unit_id}/vecka")>{t!(i18n, week_view)}</a></p>
                            <section aria-labelledby="needs-h">
                                <h2 id="needs-h">{t!(i18n, needs_heading)}</h2>
                                <ul class="list">
                                    {st.needs.into_iter().map(|g| {
                                        let ids = g.ids.clone();
                                        let comp = g.competence_id.and_then(|id| competences.iter().find(|c| c.id == id)).map(|c| (c.name_sv.clone(), c.name_en.clone()));
                                        let who = move || match (&g.quality_role, &comp) {
                                            (Some(r), _) => quality_role_label(i18n.get_locale(), *r).to_string(),
                                            (None, Some((sv, en))) => if i18n.get_locale() == Locale::en { en.clone() } else { sv.clone() },
                                            (None, None) => t_string!(i18n, anyone).to_string(),
                                        };
                                        let days = g.weekdays.clone();
                                        let label = type_name.clone()(g.shift_type_id);
                                        view! {
                                            <li>
                                                <span>
                                                    <strong>{label}</strong>" · "
                                                    {move || days.iter().map(|d| weekday_short(i18n.get_locale(), *d)).collect::<Vec<_>>().join(" ")}
                                                    " · "{who}" × "{g.headcount}
                                                </span>
                                                {may_change.then(|| view! {
                                                    <button type="button" class="button secondary" on:click=move |_| {
                                                        remove.dispatch(RemoveStaffingNeeds { unit_id, ids: ids.clone() });
                                                    }>{t!(i18n, remove)}</button>
                                                })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                            {may_change.then(|| view! {
                                <NeedForm unit_id types=st.shift_types.clone() competences=st.competences.clone() add=add_need/>
                                <ShiftTypeForm unit_id add=add_type existing=st.shift_types.clone()/>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn NeedForm(
    unit_id: i64,
    types: Vec<ShiftTypeRow>,
    competences: Vec<crate::model::Competence>,
    add: ServerAction<AddStaffingNeed>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shift_type = RwSignal::new(types.first().map(|t| t.id).unwrap_or_default());
    let days: Vec<RwSignal<bool>> = (1..=7).map(|d| RwSignal::new(d <= 5)).collect();
    // The kinds offered, in the select's order; an option's value is its place in this list.
    let kinds: Vec<NeedKind> = std::iter::once(NeedKind::Anyone)
        .chain(competences.iter().map(|c| NeedKind::Competence(c.id)))
        .chain(QualityRole::ALL.into_iter().map(NeedKind::Quality))
        .collect();
    let kind = RwSignal::new(NeedKind::Anyone);
    let competence_count = competences.len();
    let headcount = RwSignal::new("1".to_string());
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    let days2 = days.clone();
    view! {
        <form class="panel stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            let weekdays = days2.iter().enumerate().filter(|(_, s)| s.get_untracked()).map(|(i, _)| i as i64 + 1).collect();
            add.dispatch(AddStaffingNeed { unit_id, shift_type_id: shift_type.get_untracked(), weekdays, kind: kind.get_untracked(), headcount: headcount.get_untracked() });
        }>
            <h2>{t!(i18n, add_need)}</h2>
            <div class="field">
                <label for="need-type">{t!(i18n, shift_type)}</label>
                <select id="need-type" on:change=move |ev| shift_type.set(event_target_value(&ev).parse().unwrap_or_default())>
                    {types.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.label()}</option> }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>{t!(i18n, weekdays)}</legend>
                {days.into_iter().enumerate().map(|(i, checked)| view! {
                    <crate::components::CheckField id=format!("need-day-{}", i + 1) checked>{move || weekday_short(i18n.get_locale(), i as i64 + 1)}</crate::components::CheckField>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="need-kind">{t!(i18n, who_needed)}</label>
                <select id="need-kind" on:change=move |ev| {
                    if let Some(k) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| kinds.get(i)) {
                        kind.set(*k);
                    }
                }>
                    <option value="0">{t!(i18n, anyone)}</option>
                    {competences.into_iter().enumerate().map(|(i, c)| view! {
                        <option value=(i + 1).to_string()>{move || c.name(i18n.get_locale()).to_string()}</option>
                    }).collect_view()}
                    {QualityRole::ALL.into_iter().enumerate().map(|(i, r)| view! {
                        <option value=(i + 1 + competence_count).to_string()>{move || quality_role_label(i18n.get_locale(), r)}</option>
                    }).collect_view()}
                </select>
            </div>
            <crate::components::TextField id="need-headcount" field="headcount" value=headcount error kind="number">{t!(i18n, headcount)}</crate::components::TextField>
            {move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid { field, .. } if field == "headcount")).map(|error| view! { <ErrorNotice error/> })}
            <button type="submit" class="button primary" disabled=move || add.pending().get()>{t!(i18n, add_need)}</button>
        </form>
    }
}

#[component]
fn ShiftTypeForm(unit_id: i64, add: ServerAction<AddShiftType>, existing: Vec<ShiftTypeRow>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let start = RwSignal::new("07:00".to_string());
    let end = RwSignal::new("16:00".to_string());
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    view! {
        <form class="panel stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            add.dispatch(AddShiftType { unit_id, name: name.get_untracked(), start: start.get_untracked(), end: end.get_untracked() });
        }>
            <h2>{t!(i18n, shift_types)}</h2>
            <ul class="plain">
                {existing.into_iter().map(|t| view! { <li>{t.label()}</li> }).collect_view()}
            </ul>
            <crate::components::TextField id="type-name" field="name" value=name error required=true>{t!(i18n, name)}</crate::components::TextField>
            <crate::components::TextField id="type-start" field="start" value=start error kind="time">{t!(i18n, starts)}</crate::components::TextField>
            <crate::components::TextField id="type-end" field="end" value=end error kind="time">{t!(i18n, ends)}</crate::components::TextField>
            {move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid { .. })).map(|error| view! { <ErrorNotice error/> })}
            <button type="submit" class="button primary" disabled=move || add.pending().get()>{t!(i18n, add_shift_type)}</button>
        </form>
    }
}

crate::components::lazy::lazy_page!(StaffingRoute, StaffingPage);
