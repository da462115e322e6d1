//! Pages and components of this feature.
use super::*;
use crate::components::labels::{audit_action_label, audit_change_lines, audit_entity_label};
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::domain::time::format_local;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let page = RwSignal::new(0i64);
    let data = crate::components::resource(move || page.get(), audit_log);
    view! {
        <PageTitle text=move || t_string!(i18n, nav_audit).to_string()/>
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

crate::components::lazy::lazy_page!(AuditRoute, AuditPage);
