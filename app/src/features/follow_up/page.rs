//! Pages and components of this feature.
use super::*;
use crate::components::labels::hours;
use crate::components::unit::use_unit_id;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FollowUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let unit_id = use_unit_id();
    let week = move || query.with(|q| q.get("v").unwrap_or_default());
    let set_warning = ServerAction::<SetResourceWarning>::new();
    let data = crate::components::resource(
        move || (unit_id(), week(), set_warning.version().get()),
        |(u, w, _)| unit_follow_up(u, w),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, follow_up).to_string()/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(f) => {
                        let level = f.resource_warning_level;
                        view! {
                            <h1 id="follow-h">{t!(i18n, follow_up)}" – "{f.unit_name.clone()}</h1>
                            <p>{t!(i18n, period)}": "{f.from.to_string()}" + "{f.weeks}" "{t!(i18n, weeks)}</p>
                            <dl class="figures">
                                <div><dt>{t!(i18n, full_time_share)}</dt><dd>{f.full_time_percent}" %"</dd></div>
                                <div><dt>{t!(i18n, resource_warning)}</dt><dd>{level}</dd></div>
                            </dl>
                            <WarningForm unit_id=unit_id() level set_warning/>
                            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="follow-h">
                                <table>
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, name)}</th>
                                        <th scope="col" class="num">{t!(i18n, employment_percent)}</th>
                                        <th scope="col" class="num">{t!(i18n, scheduled_hours)}</th>
                                        <th scope="col" class="num">{t!(i18n, contracted_hours)}</th>
                                        <th scope="col" class="num">{t!(i18n, resource_shifts)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {f.rows.into_iter().map(|r| {
                                            let over = r.resource_shifts > level;
                                            let short = r.scheduled_minutes < r.contracted_minutes;
                                            view! {
                                                <tr>
                                                    <td>{r.name}</td>
                                                    <td class="num">{r.employment_percent}</td>
                                                    <td class="num" class:warn-text=short>{hours(r.scheduled_minutes)}</td>
                                                    <td class="num">{hours(r.contracted_minutes)}</td>
                                                    <td class="num" class:warn-text=over>
                                                        {r.resource_shifts}
                                                        {over.then(|| view! { " " <span class="badge warn">{t!(i18n, over_warning)}</span> })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn WarningForm(unit_id: i64, level: i64, set_warning: ServerAction<SetResourceWarning>) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(level.to_string());
    let error = Signal::derive(move || set_warning.value().get().and_then(Result::err));
    view! {
        <form class="panel stack inline-add" novalidate on:submit=move |ev| {
            ev.prevent_default();
            set_warning.dispatch(SetResourceWarning { unit_id, level: value.get_untracked() });
        }>
            <crate::components::TextField id="resource-warning" field="resource_warning" value error kind="number">{t!(i18n, resource_warning_level)}</crate::components::TextField>
            <button type="submit" class="button secondary" disabled=move || set_warning.pending().get()>{t!(i18n, resource_warning_save)}</button>
        </form>
    }
}

crate::components::lazy::lazy_page!(FollowUpRoute, FollowUpPage);
