//! Pages and components of this feature.
use super::*;
use crate::components::labels::role_label;
use crate::components::{CheckField, ErrorNotice, FormFooter, Loading, PageTitle, TextField, follow_value};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let page = RwSignal::new(0i64);
    let data = crate::components::resource(move || (query.get(), page.get()), |(q, p)| list_people(q, p));
    view! {
        <PageTitle text=move || t_string!(i18n, nav_people).to_string()/>
        <div class="page-head">
            <h1>{t!(i18n, nav_people)}</h1>
            <a class="button primary" href="/admin/personer/ny">{t!(i18n, new_person)}</a>
        </div>
        <div class="field search">
            <label for="people-search">{t!(i18n, search_people)}</label>
            <input
                id="people-search"
                type="search"
                value=query.get_untracked() use:follow_value=query
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    page.set(0);
                }
            />
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(p) => {
                        let pages = p.page_count();
                        let first = if p.total == 0 { 0 } else { p.page * p.per_page + 1 };
                        let last = (p.page * p.per_page + p.items.len() as i64).min(p.total);
                        view! {
                            <p aria-live="polite" class="muted">
                                {t!(i18n, showing)}" "{first}"–"{last}" "{t!(i18n, of)}" "{p.total}
                            </p>
                            <ul class="list people">
                                {p.items.into_iter().map(|person| {
                                    let href = format!("/admin/personer/{}", person.id);
                                    let roles = person.roles.clone();
                                    view! {
                                        <li class:inactive=!person.active>
                                            <a href=href class="row-link">
                                                <strong>{person.name}</strong>
                                                <span class="muted">{person.email}</span>
                                                <span class="tags">
                                                    {move || roles.iter().map(|r| role_label(i18n.get_locale(), *r)).collect::<Vec<_>>().join(", ")}
                                                    {(!person.active).then(|| view! { " · " {t!(i18n, inactive)} })}
                                                </span>
                                            </a>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <nav class="pager" aria-label=move || t_string!(i18n, pagination)>
                                <button type="button" class="button secondary" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p -= 1)>
                                    {t!(i18n, previous)}
                                </button>
                                <span>{t!(i18n, page)}" "{move || page.get() + 1}" / "{pages}</span>
                                <button type="button" class="button secondary" disabled=move || page.get() + 1 >= pages on:click=move |_| page.update(|p| *p += 1)>
                                    {t!(i18n, next)}
                                </button>
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let options = crate::components::resource(|| (), |_| get_person_form_options());
    let person = crate::components::resource(id, |id| async move {
        match id {
            Some(id) => get_person(id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <PageTitle text=move || t_string!(i18n, person_title).to_string()/>
        <p><a href="/admin/personer">{t!(i18n, back_to_people)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (options.await, person.await) {
                    (Ok(options), Ok(person)) => {
                        let pool = person.as_ref().filter(|p| p.roles.iter().any(|r| r.role == crate::domain::Role::PoolWorker)).map(|p| p.id);
                        view! {
                            <PersonForm options person/>
                            {pool.map(|person_id| view! { <crate::features::pool::page::PoolProfilePanel person_id/> })}
                        }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PersonForm(options: PersonFormOptions, person: Option<PersonDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let id = person.as_ref().map(|p| p.id);
    let name = RwSignal::new(person.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let email = RwSignal::new(person.as_ref().map(|p| p.email.clone()).unwrap_or_default());
    let phone = RwSignal::new(person.as_ref().map(|p| p.phone.clone()).unwrap_or_default());
    let percent =
        RwSignal::new(person.as_ref().map(|p| p.employment_percent.to_string()).unwrap_or_else(|| "100".into()));
    let active = RwSignal::new(person.as_ref().map(|p| p.active).unwrap_or(true));
    let agreement = RwSignal::new(person.as_ref().and_then(|p| p.agreement_profile_id));
    let month_cap =
        RwSignal::new(person.as_ref().and_then(|p| p.max_month_hours).map(|h| h.to_string()).unwrap_or_default());
    let grants = RwSignal::new(
        person.as_ref().map(|p| p.roles.iter().map(|g| (g.role, g.unit_id)).collect::<Vec<_>>()).unwrap_or_default(),
    );
    let competences = RwSignal::new(person.as_ref().map(|p| p.competence_ids.clone()).unwrap_or_default());
    let save = ServerAction::<SavePerson>::new();
    let toggle_active = ServerAction::<SetPersonActive>::new();
    let invite = ServerAction::<InvitePerson>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    Effect::new(move |_| {
        if let (None, Some(Ok(new_id))) = (id, save.value().get()) {
            navigate(&format!("/admin/personer/{new_id}"), Default::default());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = toggle_active.value().get() {
            active.update(|a| *a = !*a);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let roles =
            grants.get_untracked().into_iter().map(|(role, unit_id)| crate::model::Grant { role, unit_id }).collect();
        save.dispatch(SavePerson {
            id,
            name: name.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            employment_percent: percent.get_untracked(),
            roles,
            competence_ids: competences.get_untracked(),
            max_month_hours: month_cap.get_untracked(),
            agreement_profile_id: agreement.get_untracked(),
        });
    };
    let unit_options = options.units.clone();
    let unit_name =
        move |unit: i64| options.units.iter().find(|(id, _)| *id == unit).map(|(_, n)| n.clone()).unwrap_or_default();
    let new_role = RwSignal::new(Role::CareWorker);
    let new_unit = RwSignal::new(unit_options.first().map(|(id, _)| *id).unwrap_or_default());
    view! {
        <h1>{move || if id.is_some() { name.get() } else { t_string!(i18n, new_person).to_string() }}</h1>
        <form class="stack panel" on:submit=on_submit novalidate>
            <TextField id="name" field="name" value=name error required=true autocomplete="name">{t!(i18n, name)}</TextField>
            <TextField id="email" field="email" value=email error kind="email" required=true autocomplete="email">{t!(i18n, email)}</TextField>
            <TextField id="phone" field="phone" value=phone error kind="tel" autocomplete="tel">{t!(i18n, phone)}</TextField>
            <TextField id="employment_percent" field="employment_percent" value=percent error kind="number">{t!(i18n, employment_percent)}</TextField>
            <TextField id="max_month_hours" field="max_month_hours" value=month_cap error kind="number">{t!(i18n, max_month_hours)}</TextField>
            <div class="field">
                <label for="agreement">{t!(i18n, agreement)}</label>
                <select id="agreement" on:change=move |ev| agreement.set(event_target_value(&ev).parse().ok())>
                    {options.agreements.iter().enumerate().map(|(i, (id, name))| {
                        let id = *id;
                        // The first profile is the default: stored as "none chosen".
                        let value = if i == 0 { String::new() } else { id.to_string() };
                        let selected = agreement.get_untracked() == Some(id) || (i == 0 && agreement.get_untracked().is_none());
                        view! { <option value=value selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>{t!(i18n, roles)}</legend>
                {Role::ALL.into_iter().filter(|r| !r.needs_unit()).map(|role| {
                    let checked = RwSignal::new(grants.get_untracked().iter().any(|(r, _)| *r == role));
                    let toggle = move |on: bool| grants.update(|g| {
                        g.retain(|(r, _)| *r != role);
                        if on { g.push((role, None)); }
                    });
                    view! { <CheckField id=format!("role-{}", role.as_str()) checked on_toggle=toggle>{move || role_label(i18n.get_locale(), role)}</CheckField> }
                }).collect_view()}
                <h3>{t!(i18n, unit_roles)}</h3>
                <ul class="list">
                    {move || grants.get().into_iter().filter_map(|(role, unit)| unit.map(|u| (role, u))).map(|(role, unit)| {
                        let label = format!("{} – {}", role_label(i18n.get_locale(), role), unit_name(unit));
                        let remove_label = format!("{} {}", t_string!(i18n, remove), label);
                        view! {
                            <li>
                                <span>{label}</span>
                                <button type="button" class="button secondary" aria-label=remove_label
                                    on:click=move |_| grants.update(|g| g.retain(|x| *x != (role, Some(unit))))>
                                    {t!(i18n, remove)}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="inline-add">
                    <div class="field">
                        <label for="new-role">{t!(i18n, role)}</label>
                        <select id="new-role" on:change=move |ev| {
                            new_role.set(if event_target_value(&ev) == "unit_manager" { Role::UnitManager } else { Role::CareWorker });
                        }>
                            <option value="care_worker">{move || role_label(i18n.get_locale(), Role::CareWorker)}</option>
                            <option value="unit_manager">{move || role_label(i18n.get_locale(), Role::UnitManager)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="new-unit">{t!(i18n, unit)}</label>
                        <select id="new-unit" on:change=move |ev| new_unit.set(event_target_value(&ev).parse().unwrap_or_default())>
                            {unit_options.into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="button" class="button secondary" on:click=move |_| {
                        let g = (new_role.get_untracked(), Some(new_unit.get_untracked()));
                        grants.update(|all| if !all.contains(&g) { all.push(g) });
                    }>{t!(i18n, add_role)}</button>
                </div>
                <p class="field-error" role="alert" hidden=move || !matches!(error.get(), Some(AppError::Invalid { field, .. }) if field == "roles")>
                    {t!(i18n, err_unknown_choice)}
                </p>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, competences)}</legend>
                {options.competences.into_iter().map(|c| {
                    let cid = c.id;
                    let checked = RwSignal::new(competences.get_untracked().contains(&cid));
                    let toggle = move |on: bool| competences.update(|list| {
                        list.retain(|x| *x != cid);
                        if on { list.push(cid); }
                    });
                    view! { <CheckField id=format!("comp-{cid}") checked on_toggle=toggle>{move || c.name(i18n.get_locale()).to_string()}</CheckField> }
                }).collect_view()}
            </fieldset>
            <FormFooter error saved=Signal::derive(saved) pending=save.pending()/>
        </form>
        {id.map(|id| view! {
            <section class="panel stack" aria-labelledby="account-h">
                <h2 id="account-h">{t!(i18n, account)}</h2>
                <p>{move || if active.get() { t_string!(i18n, account_active) } else { t_string!(i18n, account_inactive) }}</p>
                <button type="button" class="button secondary" on:click=move |_| {
                    toggle_active.dispatch(SetPersonActive { id, active: !active.get_untracked() });
                }>
                    {move || if active.get() { t_string!(i18n, deactivate) } else { t_string!(i18n, activate) }}
                </button>
                {move || toggle_active.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
                <button type="button" class="button secondary" on:click=move |_| { invite.dispatch(InvitePerson { id }); }>
                    {t!(i18n, create_invitation)}
                </button>
                {move || invite.value().get().map(|r| match r {
                    Ok(path) => view! {
                        <div class="field">
                            <label for="invite-link">{t!(i18n, invitation_link)}</label>
                            <input id="invite-link" readonly value=invitation_url(&path)/>
                            <p class="help">{t!(i18n, invitation_help)}</p>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                })}
            </section>
        })}
    }
}

fn invitation_url(path: &str) -> String {
    #[cfg(feature = "hydrate")]
    if let Some(origin) = web_sys::window().and_then(|w| w.location().origin().ok()) {
        return format!("{origin}{path}");
    }
    path.to_string()
}

crate::components::lazy::lazy_page!(PeopleRoute, PeoplePage);
crate::components::lazy::lazy_page!(PersonRoute, PersonPage);
