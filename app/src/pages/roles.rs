//! Home pages of the working roles.
use crate::api::views::{get_municipality_overview, get_my_profile, my_units};
use crate::components::labels::{provider_kind_label, role_label, unit_kind_label};
use crate::components::shell::{LanguageSwitch, LogoutButton};
use crate::components::{ErrorNotice, Loading};
use crate::i18n::*;
use crate::model::{MunicipalityOverview, UnitStaff};
use leptos::prelude::*;
use leptos_meta::Title;

/// The coordinator's municipality-wide view: every provider and unit on equal terms, and the
/// pool's size. Daily reports and the need picture arrive with their own issue.
#[component]
pub fn SituationPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_municipality_overview());
    view! {
        <Title text=move || t_string!(i18n, nav_situation).to_string()/>
        <h1>{t!(i18n, nav_situation)}</h1>
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
pub fn Overview(o: MunicipalityOverview) -> impl IntoView {
    let i18n = use_i18n();
    let providers = o.providers.len();
    let units = o.units.clone();
    view! {
        <section aria-labelledby="pool-h">
            <h2 id="pool-h">{t!(i18n, pool_heading)}</h2>
            <dl class="figures">
                <div><dt>{t!(i18n, pool_care)}</dt><dd>{o.pool_care_qualified}</dd></div>
                <div><dt>{t!(i18n, pool_service)}</dt><dd>{o.pool_service_only}</dd></div>
                <div><dt>{t!(i18n, service_team_count)}</dt><dd>{o.service_team}</dd></div>
                <div><dt>{t!(i18n, provider_count)}</dt><dd>{providers}</dd></div>
            </dl>
        </section>
        <section aria-labelledby="units-h">
            <h2 id="units-h">{t!(i18n, units_heading)}</h2>
            // Focusable so keyboard users can scroll the table sideways on a phone.
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="units-h">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, unit)}</th>
                            <th scope="col">{t!(i18n, provider)}</th>
                            <th scope="col">{t!(i18n, kind)}</th>
                            <th scope="col">{t!(i18n, area)}</th>
                            <th scope="col" class="num">{t!(i18n, staff)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {units.into_iter().map(|u| view! {
                            <tr>
                                <td>{u.name}</td>
                                <td>{u.provider_name}</td>
                                <td>{move || unit_kind_label(i18n.get_locale(), u.kind)}</td>
                                <td>{u.area}</td>
                                <td class="num">{u.staff_count}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="prov-h">
            <h2 id="prov-h">{t!(i18n, providers_heading)}</h2>
            <ul class="cards">
                {o.providers.into_iter().map(|p| view! {
                    <li class="card">
                        <strong>{p.name}</strong>
                        <span class="muted">{move || provider_kind_label(i18n.get_locale(), p.kind)}" · "{p.org_number}</span>
                        <span>{p.unit_count}" "{t!(i18n, units_lower)}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn MyUnitPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| my_units());
    view! {
        <Title text=move || t_string!(i18n, nav_my_unit).to_string()/>
        <h1>{t!(i18n, nav_my_unit)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(units) if units.is_empty() => view! { <p>{t!(i18n, no_units)}</p> }.into_any(),
                    Ok(units) => units.into_iter().map(|u| view! { <UnitCard u/> }).collect_view().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UnitCard(u: UnitStaff) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("unit-{}", u.unit.id);
    let labelled_by = heading_id.clone();
    let kind = u.unit.kind;
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=heading_id>{u.unit.name.clone()}</h2>
            <p class="muted">
                {move || unit_kind_label(i18n.get_locale(), kind)}" · "{u.unit.provider_name.clone()}" · "{u.unit.address.clone()}
            </p>
            <p class="quick-links">
                <a class="button primary" href=format!("/enhet/{}/vecka", u.unit.id)>{t!(i18n, week_view)}</a>
                <a class="button secondary" href=format!("/enhet/{}/uppfoljning", u.unit.id)>{t!(i18n, follow_up)}</a>
                <a class="button secondary" href=format!("/enhet/{}/grundbemanning", u.unit.id)>{t!(i18n, base_staffing)}</a>
                <a class="button secondary" href=format!("/enhet/{}/rullschema", u.unit.id)>{t!(i18n, rotation_heading)}</a>
            </p>
            <h3>{t!(i18n, staff)}" ("{u.staff.len()}")"</h3>
            <ul class="list">
                {u.staff.into_iter().map(|s| view! {
                    <li>
                        <span>{s.name}</span>
                        <span class="muted">{s.employment_percent}" % · "{s.competences.join(", ")}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn ErrandsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, nav_errands).to_string()/>
        <h1>{t!(i18n, nav_errands)}</h1>
        <div class="notice" role="status"><p>{t!(i18n, errands_not_yet)}</p></div>
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_my_profile());
    view! {
        <Title text=move || t_string!(i18n, nav_profile).to_string()/>
        <h1>{t!(i18n, nav_profile)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(p) => view! {
                        <dl class="details">
                            <div><dt>{t!(i18n, name)}</dt><dd>{p.name}</dd></div>
                            <div><dt>{t!(i18n, email)}</dt><dd>{p.email}</dd></div>
                            <div><dt>{t!(i18n, phone)}</dt><dd>{p.phone}</dd></div>
                            <div><dt>{t!(i18n, employment_percent)}</dt><dd>{p.employment_percent}" %"</dd></div>
                            <div>
                                <dt>{t!(i18n, roles)}</dt>
                                <dd>
                                    <ul class="plain">
                                        {p.roles.into_iter().map(|g| view! {
                                            <li>{move || role_label(i18n.get_locale(), g.role)}{g.unit_name.map(|u| format!(" – {u}"))}</li>
                                        }).collect_view()}
                                    </ul>
                                </dd>
                            </div>
                            <div>
                                <dt>{t!(i18n, competences)}</dt>
                                <dd>
                                    {move || {
                                        let en = i18n.get_locale() == Locale::en;
                                        p.competences.iter().map(|c| if en { c.name_en.clone() } else { c.name_sv.clone() }).collect::<Vec<_>>().join(", ")
                                    }}
                                </dd>
                            </div>
                        </dl>
                    }.into_any(),
                }
            })}
        </Suspense>
        <section class="panel" aria-labelledby="settings-h">
            <h2 id="settings-h">{t!(i18n, settings)}</h2>
            <p>{t!(i18n, language)}": " <LanguageSwitch/></p>
            <LogoutButton/>
        </section>
    }
}
