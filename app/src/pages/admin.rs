//! Administration pages. The server refuses every call from a non-administrator; these pages
//! only render what the server returned.
use crate::api::admin::*;
use crate::api::views::get_municipality_overview;
use crate::components::labels::{
    audit_action_label, audit_change_lines, audit_entity_label, provider_kind_label, role_label, unit_kind_label,
};
use crate::components::{CheckField, ErrorNotice, FormFooter, Loading, TextField};
use crate::domain::{ProviderKind, Role, UnitKind, time::format_local};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::{Competence, PersonDetail, PersonFormOptions, Provider, Unit};
use crate::pages::roles::Overview;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn AdminHome() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_municipality_overview());
    view! {
        <Title text=move || t_string!(i18n, nav_overview).to_string()/>
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

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let page = RwSignal::new(0i64);
    let data = Resource::new(move || (query.get(), page.get()), |(q, p)| list_people(q, p));
    view! {
        <Title text=move || t_string!(i18n, nav_people).to_string()/>
        <div class="page-head">
            <h1>{t!(i18n, nav_people)}</h1>
            <a class="button primary" href="/admin/personer/ny">{t!(i18n, new_person)}</a>
        </div>
        <div class="field search">
            <label for="people-search">{t!(i18n, search_people)}</label>
            <input
                id="people-search"
                type="search"
                prop:value=move || query.get()
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
    let options = Resource::new(|| (), |_| get_person_form_options());
    let person = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_person(id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <Title text=move || t_string!(i18n, person_title).to_string()/>
        <p><a href="/admin/personer">{t!(i18n, back_to_people)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (options.await, person.await) {
                    (Ok(options), Ok(person)) => view! { <PersonForm options person/> }.into_any(),
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
    // Roles as tokens: "pool_worker", "care_worker:12".
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
        let roles = grants
            .get_untracked()
            .iter()
            .map(|(r, u)| match u {
                Some(u) => format!("{r}:{u}"),
                None => r.to_string(),
            })
            .collect();
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
                    Effect::new(move |_| {
                        let on = checked.get();
                        grants.update(|g| {
                            g.retain(|(r, _)| *r != role);
                            if on { g.push((role, None)); }
                        });
                    });
                    view! { <CheckField id=format!("role-{}", role.as_str()) checked>{move || role_label(i18n.get_locale(), role)}</CheckField> }
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
                    Effect::new(move |_| {
                        let on = checked.get();
                        competences.update(|list| {
                            list.retain(|x| *x != cid);
                            if on { list.push(cid); }
                        });
                    });
                    view! { <CheckField id=format!("comp-{cid}") checked>{move || if i18n.get_locale() == Locale::en { c.name_en.clone() } else { c.name_sv.clone() }}</CheckField> }
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

#[component]
pub fn ProvidersPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveProvider>::new();
    let data = Resource::new(move || save.version().get(), |_| list_providers());
    let editing = RwSignal::new(None::<Provider>);
    view! {
        <Title text=move || t_string!(i18n, nav_providers).to_string()/>
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

#[component]
pub fn UnitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveUnit>::new();
    let query = RwSignal::new(String::new());
    let data = Resource::new(move || (save.version().get(), query.get()), |(_, q)| list_units(q));
    let providers = Resource::new(|| (), |_| list_providers());
    let editing = RwSignal::new(None::<Unit>);
    view! {
        <Title text=move || t_string!(i18n, nav_units).to_string()/>
        <h1>{t!(i18n, nav_units)}</h1>
        <div class="field search">
            <label for="unit-search">{t!(i18n, search_units)}</label>
            <input id="unit-search" type="search" prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
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

#[component]
pub fn CompetencesPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveCompetence>::new();
    let data = Resource::new(move || save.version().get(), |_| list_competences());
    let editing = RwSignal::new(None::<Competence>);
    view! {
        <Title text=move || t_string!(i18n, nav_competences).to_string()/>
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

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(0i64);
    let data = Resource::new(move || page.get(), audit_log);
    view! {
        <Title text=move || t_string!(i18n, nav_audit).to_string()/>
        <h1 id="audit-h">{t!(i18n, nav_audit)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(p) => {
                        let pages = p.page_count();
                        view! {
                            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="audit-h">
                                <table>
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, when)}</th>
                                        <th scope="col">{t!(i18n, who)}</th>
                                        <th scope="col">{t!(i18n, what)}</th>
                                        <th scope="col">{t!(i18n, changes)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {p.items.into_iter().map(|e| {
                                            let id = e.entity_id.map(|i| format!(" #{i}")).unwrap_or_default();
                                            let (action, entity) = (e.action.clone(), e.entity.clone());
                                            view! {
                                                <tr>
                                                    <td>{format_local(e.at)}</td>
                                                    <td>{e.actor_name.unwrap_or_else(|| "–".into())}</td>
                                                    <td>{move || format!("{} {}{id}", audit_action_label(i18n.get_locale(), &action), audit_entity_label(i18n.get_locale(), &entity))}</td>
                                                    <td>
                                                        <ul class="plain changes">
                                                            {audit_change_lines(&e.details).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                                                        </ul>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <nav class="pager" aria-label=move || t_string!(i18n, pagination)>
                                <button type="button" class="button secondary" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p -= 1)>{t!(i18n, previous)}</button>
                                <span>{t!(i18n, page)}" "{move || page.get() + 1}" / "{pages}</span>
                                <button type="button" class="button secondary" disabled=move || page.get() + 1 >= pages on:click=move |_| page.update(|p| *p += 1)>{t!(i18n, next)}</button>
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Collective-agreement profiles: the limits the working-time rules apply.
#[component]
pub fn AgreementsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveAgreement>::new();
    let data = Resource::new(move || save.version().get(), |_| list_agreements());
    let editing = RwSignal::new(None::<crate::model::Agreement>);
    view! {
        <Title text=move || t_string!(i18n, nav_agreements).to_string()/>
        <h1>{t!(i18n, nav_agreements)}</h1>
        <p class="help">{t!(i18n, agreements_help)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(list) => view! {
                        <ul class="list">
                            {list.into_iter().map(|a| {
                                let edit_label = format!("{} {}", t_string!(i18n, edit), a.name);
                                let a2 = a.clone();
                                view! {
                                    <li>
                                        <span>
                                            <strong>{a.name.clone()}</strong>" · "
                                            {format!("{} {} h ({} h) · {} {} h · {} {}", t_string!(i18n, daily_rest), a.daily_rest_hours, a.daily_rest_exception_hours,
                                                t_string!(i18n, weekly_rest), a.weekly_rest_hours, t_string!(i18n, max_week), a.max_week_hours.map(|h| format!("{h} h")).unwrap_or_else(|| "–".into()))}
                                        </span>
                                        <button type="button" class="button secondary" aria-label=edit_label on:click=move |_| editing.set(Some(a2.clone()))>{t!(i18n, edit)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
        <button type="button" class="button primary" on:click=move |_| editing.set(None)>{t!(i18n, new_agreement)}</button>
        {move || { let a = editing.get(); view! { <AgreementForm a save/> } }}
    }
}

#[component]
fn AgreementForm(a: Option<crate::model::Agreement>, save: ServerAction<SaveAgreement>) -> impl IntoView {
    let i18n = use_i18n();
    let id = a.as_ref().map(|a| a.id);
    let text =
        |v: Option<i64>, default: &str| RwSignal::new(v.map(|v| v.to_string()).unwrap_or_else(|| default.to_string()));
    let name = RwSignal::new(a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let daily = text(a.as_ref().map(|a| a.daily_rest_hours), "11");
    let exception = text(a.as_ref().map(|a| a.daily_rest_exception_hours), "9");
    let weekly = text(a.as_ref().map(|a| a.weekly_rest_hours), "36");
    let max_week = RwSignal::new(match &a {
        Some(a) => a.max_week_hours.map(|h| h.to_string()).unwrap_or_default(),
        None => "48".to_string(),
    });
    let night_days = text(a.as_ref().map(|a| a.night_reference_days), "28");
    let night_max = text(a.as_ref().map(|a| a.night_average_max_hours), "8");
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <form class="stack panel" novalidate on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(SaveAgreement {
                id, name: name.get_untracked(), daily_rest_hours: daily.get_untracked(), daily_rest_exception_hours: exception.get_untracked(),
                weekly_rest_hours: weekly.get_untracked(), max_week_hours: max_week.get_untracked(),
                night_reference_days: night_days.get_untracked(), night_average_max_hours: night_max.get_untracked(),
            });
        }>
            <h2>{move || if id.is_some() { t_string!(i18n, edit_agreement) } else { t_string!(i18n, new_agreement) }}</h2>
            <TextField id="agr-name" field="name" value=name error required=true>{t!(i18n, name)}</TextField>
            <TextField id="agr-daily" field="daily_rest_hours" value=daily error kind="number">{t!(i18n, daily_rest_hours)}</TextField>
            <TextField id="agr-exception" field="daily_rest_exception_hours" value=exception error kind="number">{t!(i18n, exception_hours)}</TextField>
            <TextField id="agr-weekly" field="weekly_rest_hours" value=weekly error kind="number">{t!(i18n, weekly_rest_hours)}</TextField>
            <TextField id="agr-week" field="max_week_hours" value=max_week error kind="number">{t!(i18n, max_week_hours)}</TextField>
            <TextField id="agr-night-days" field="night_reference_days" value=night_days error kind="number">{t!(i18n, night_reference_days)}</TextField>
            <TextField id="agr-night-max" field="night_average_max_hours" value=night_max error kind="number">{t!(i18n, night_average_hours)}</TextField>
            <FormFooter error saved=Signal::derive(move || matches!(save.value().get(), Some(Ok(_)))) pending=save.pending()/>
        </form>
    }
}
