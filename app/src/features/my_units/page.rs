//! Pages and components of this feature.
use super::*;
use crate::components::dates::local;
use crate::components::labels::unit_kind_label;
use crate::components::live::live_version;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::i18n::*;
use crate::live::LiveEvent;
use leptos::prelude::*;

#[component]
pub fn MyUnitPage() -> impl IntoView {
    let i18n = use_i18n();
    // A report filed or asked for (by a coordinator) shows at once.
    let live = live_version(|e| matches!(e, LiveEvent::UnitReport { .. }));
    let data = crate::components::resource(move || live.get(), |_| my_units());
    view! {
        <PageTitle text=move || t_string!(i18n, nav_my_unit).to_string()/>
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
            {match (u.report.filed_at, u.report.reminded_at) {
                (Some(at), _) => view! {
                    <p>{t!(i18n, report_today_filed)}" "{local(at).strftime("%H:%M").to_string()}</p>
                }.into_any(),
                (None, Some(asked)) => view! {
                    <p class="notice" role="status">{t!(i18n, report_asked_for)}" ("{local(asked).strftime("%H:%M").to_string()}")"</p>
                }.into_any(),
                (None, None) => view! { <p><strong>{t!(i18n, report_missing_today)}</strong></p> }.into_any(),
            }}
            <p class="quick-links">
                <a class="button primary" href=format!("/enhet/{}/lagesrapport", u.unit.id)>{t!(i18n, daily_report)}</a>
                <a class="button primary" href=format!("/enhet/{}/vecka", u.unit.id)>{t!(i18n, week_view)}</a>
                <a class="button secondary" href=format!("/enhet/{}/uppfoljning", u.unit.id)>{t!(i18n, follow_up)}</a>
                <a class="button secondary" href=format!("/enhet/{}/uppdrag", u.unit.id)>{t!(i18n, unit_errands)}</a>
                <a class="button secondary" href=format!("/enhet/{}/skyddsutrustning", u.unit.id)>{t!(i18n, nav_equipment)}</a>
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

crate::components::lazy::lazy_page!(MyUnitRoute, MyUnitPage);
