//! Pages and components of this feature.
use super::*;
use crate::components::labels::{provider_kind_label, unit_kind_label};
use crate::components::live::live_version;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::i18n::*;
use crate::live::LiveEvent;
use leptos::prelude::*;

/// The coordinator's municipality-wide view: every provider and unit on equal terms, and the
/// pool's size. Daily reports and the need picture arrive with their own issue.
#[component]
pub fn SituationPage() -> impl IntoView {
    let i18n = use_i18n();
    let live = live_version(|e| matches!(e, LiveEvent::Organisation | LiveEvent::UnitShifts { .. }));
    let data = Resource::new(move || live.get(), |_| get_municipality_overview());
    view! {
        <PageTitle text=move || t_string!(i18n, nav_situation).to_string()/>
        <h1>{t!(i18n, nav_situation)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! { <Overview o/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
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

crate::components::lazy::lazy_page!(SituationRoute, SituationPage);
