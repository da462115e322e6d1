//! Pages and components of this feature.
use super::*;
use crate::components::dates::{day_label, local};
use crate::components::labels::{provider_kind_label, unit_kind_label};
use crate::components::live::live_version;
use crate::components::need::{NeedBadge, NeedParts};
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::domain::UnitKind;
use crate::i18n::*;
use crate::live::LiveEvent;
use leptos::prelude::*;

/// The situation picture: every provider's units on equal terms, greatest need first, with why,
/// the gaps by competence, the pool requests, infection, and who has not reported today. Updates
/// itself when a report arrives.
#[component]
pub fn SituationPage() -> impl IntoView {
    let i18n = use_i18n();
    let live = live_version(|e| {
        matches!(e, LiveEvent::Organisation | LiveEvent::UnitShifts { .. } | LiveEvent::UnitReport { .. })
    });
    let remind = ServerAction::<RemindUnit>::new();
    provide_context(remind);
    let data =
        crate::components::resource(move || (live.get(), remind.version().get()), |_| get_municipality_overview());
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
        <crate::features::errands::page::ErrandFigures/>
    }
}

/// Which units the table shows.
#[derive(Clone, Default, PartialEq)]
struct Filter {
    provider: Option<i64>,
    kind: Option<UnitKind>,
    area: Option<String>,
}

#[component]
pub fn Overview(o: MunicipalityOverview) -> impl IntoView {
    let i18n = use_i18n();
    let today = o.today;
    let filter = RwSignal::new(Filter::default());
    let mut areas: Vec<String> = o.units.iter().map(|u| u.unit.area.clone()).collect();
    areas.sort();
    areas.dedup();
    let reported = o.units.iter().filter(|u| u.report.is_some()).count();
    let red = o.units.iter().filter(|u| u.report.as_ref().is_some_and(|r| r.score.level() == NeedLevel::Red)).count();
    let wanted: i64 = o.units.iter().map(|u| u.open_requests).sum();
    let total = o.units.len();
    let may_remind = o.may_remind;
    let remind = use_context::<ServerAction<RemindUnit>>();
    let units = StoredValue::new(o.units);
    let competences = StoredValue::new(o.competences);
    let shown = move || {
        let f = filter.get();
        units.with_value(|us| {
            us.iter()
                .filter(|u| f.provider.is_none_or(|p| u.unit.provider_id == p))
                .filter(|u| f.kind.is_none_or(|k| u.unit.kind == k))
                .filter(|u| f.area.as_ref().is_none_or(|a| &u.unit.area == a))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let missing = move || shown().into_iter().filter(|u| u.report.is_none()).collect::<Vec<_>>();
    view! {
        <p>{move || day_label(i18n.get_locale(), today, today)}" "{today.to_string()}</p>
        <dl class="figures">
            <div><dt>{t!(i18n, units_reported)}</dt><dd>{reported}" / "{total}</dd></div>
            <div><dt>{t!(i18n, units_red)}</dt><dd>{red}</dd></div>
            <div><dt>{t!(i18n, pool_wanted)}</dt><dd>{wanted}</dd></div>
            <div><dt>{t!(i18n, pool_care)}</dt><dd>{o.pool_care_qualified}</dd></div>
            <div><dt>{t!(i18n, pool_service)}</dt><dd>{o.pool_service_only}</dd></div>
            <div><dt>{t!(i18n, service_team_count)}</dt><dd>{o.service_team}</dd></div>
        </dl>
        <p class="quick-links no-print">
            <a class="button secondary" href="/lagesbild/export.csv" download>{t!(i18n, export_csv)}</a>
            <button type="button" class="button secondary" on:click=move |_| {
                if let Some(w) = web_sys::window() { let _ = w.print(); }
            }>{t!(i18n, print)}</button>
        </p>
        <form class="row-form no-print" method="get" action="/lagesbild/export.csv" aria-label=move || t_string!(i18n, export_period).to_string()>
            <div class="field">
                <label for="export-from">{t!(i18n, from_date)}</label>
                <input id="export-from" name="from" type="date" value=today.checked_sub(jiff::Span::new().days(HISTORY_DAYS - 1)).unwrap_or(today).to_string()/>
            </div>
            <div class="field">
                <label for="export-to">{t!(i18n, to_date)}</label>
                <input id="export-to" name="to" type="date" value=today.to_string()/>
            </div>
            <button type="submit" class="button secondary">{t!(i18n, export_period)}</button>
        </form>
        <form class="row-form no-print" aria-label=move || t_string!(i18n, filter_units).to_string() on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="filter-provider">{t!(i18n, provider)}</label>
                <select id="filter-provider" on:change=move |ev| {
                    let v = event_target_value(&ev).parse().ok();
                    filter.update(|f| f.provider = v);
                }>
                    <option value="">{t!(i18n, all)}</option>
                    {o.providers.iter().map(|p| {
                        let kind = p.kind;
                        let name = p.name.clone();
                        view! { <option value=p.id.to_string()>{move || format!("{name} ({})", provider_kind_label(i18n.get_locale(), kind))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-kind">{t!(i18n, kind)}</label>
                <select id="filter-kind" on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<UnitKind>().ok();
                    filter.update(|f| f.kind = v);
                }>
                    <option value="">{t!(i18n, all)}</option>
                    {UnitKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str()>{move || unit_kind_label(i18n.get_locale(), k)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-area">{t!(i18n, area)}</label>
                <select id="filter-area" on:change=move |ev| {
                    let v = Some(event_target_value(&ev)).filter(|a| !a.is_empty());
                    filter.update(|f| f.area = v);
                }>
                    <option value="">{t!(i18n, all)}</option>
                    {areas.into_iter().map(|a| view! { <option value=a.clone()>{a.clone()}</option> }).collect_view()}
                </select>
            </div>
        </form>
        <section aria-labelledby="need-h">
            <h2 id="need-h">{t!(i18n, units_by_need)}</h2>
            // Focusable so keyboard users can scroll the table sideways on a tablet.
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="need-h">
                <table class="situation">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, unit)}</th>
                            <th scope="col">{t!(i18n, need_score)}</th>
                            <th scope="col">{t!(i18n, gaps_by_competence)}</th>
                            <th scope="col" class="num">{t!(i18n, pool_requests_short)}</th>
                            <th scope="col">{t!(i18n, infection_heading)}</th>
                            <th scope="col">{t!(i18n, daily_report)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || shown().into_iter().map(|u| view! { <UnitRow u competences/> }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || shown().is_empty().then(|| view! { <p class="muted">{t!(i18n, no_units_match)}</p> })}
        </section>
        <section aria-labelledby="missing-h">
            <h2 id="missing-h">{t!(i18n, not_reported_heading)}</h2>
            {move || {
                let units = missing();
                if units.is_empty() {
                    view! { <p class="muted">{t!(i18n, all_reported)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="list">
                            {units.into_iter().map(|u| {
                                let unit_id = u.unit.id;
                                let name = u.unit.name.clone();
                                view! {
                                    <li>
                                        <span>
                                            <strong>{u.unit.name.clone()}</strong>" · "{u.unit.provider_name.clone()}
                                            {u.reminded_at.map(|at| view! {
                                                " · "<span class="muted">{t!(i18n, reminded_at)}" "{local(at).strftime("%H:%M").to_string()}</span>
                                            })}
                                        </span>
                                        {(may_remind && remind.is_some()).then(|| view! {
                                            <button type="button" class="button secondary"
                                                aria-label=move || format!("{} – {}", t_string!(i18n, remind), name)
                                                on:click=move |_| { if let Some(r) = remind { r.dispatch(RemindUnit { unit_id }); } }>
                                                {t!(i18n, remind)}
                                            </button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn UnitRow(u: UnitSituation, competences: StoredValue<Vec<crate::model::Competence>>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = u.unit.kind;
    let unit = u.unit.clone();
    let report = u.report.clone();
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/lagesbild/enhet/{}", unit.id)>{unit.name.clone()}</a>
                <span class="muted block">{unit.provider_name.clone()}" · "{move || unit_kind_label(i18n.get_locale(), kind)}" · "{unit.area.clone()}</span>
            </th>
            {match report {
                None => view! {
                    <td><span class="need need-none">{t!(i18n, not_reported)}</span></td>
                    <td></td>
                    <td class="num">{u.open_requests}</td>
                    <td></td>
                    <td><strong>{t!(i18n, not_reported)}</strong></td>
                }.into_any(),
                Some(r) => {
                    let score = r.score;
                    let missing = r.missing.clone();
                    view! {
                        <td>
                            <NeedBadge score/>
                            <details>
                                <summary>{t!(i18n, why)}</summary>
                                <NeedParts score/>
                            </details>
                        </td>
                        <td>
                            {move || missing.iter().map(|g| {
                                let name = competences.with_value(|cs| match g.competence_id.and_then(|id| cs.iter().find(|c| c.id == id)) {
                                    Some(c) => c.name(i18n.get_locale()).to_string(),
                                    None => t_string!(i18n, any_staff).to_string(),
                                });
                                format!("{name} {}", g.unsolved)
                            }).collect::<Vec<_>>().join(", ")}
                        </td>
                        <td class="num">{u.open_requests}</td>
                        <td>
                            {r.outbreak.then(|| view! { <span class="badge warn">{t!(i18n, outbreak_short)}</span>" " })}
                            {(r.cases > 0).then(|| view! { <span>{r.cases}" "{t!(i18n, cases_short)}</span> })}
                        </td>
                        <td>{local(r.filed_at).strftime("%H:%M").to_string()}{(r.version > 1).then(|| format!(" (v{})", r.version))}</td>
                    }.into_any()
                }
            }}
        </tr>
    }
}

use crate::domain::need::{NeedLevel, level_of};

/// A unit's last two weeks: a small chart of its need score per day (SVG drawn on the server: no
/// chart library to download) and every report filed, with its note.
#[component]
pub fn UnitSituationPage() -> impl IntoView {
    let i18n = use_i18n();
    let unit_id = crate::components::unit::use_unit_id();
    let live = live_version(move |e| matches!(e, LiveEvent::UnitReport { unit_id: u } if *u == unit_id()));
    let data = crate::components::resource(move || (unit_id(), live.get()), |(u, _)| get_unit_situation(u));
    view! {
        <PageTitle text=move || t_string!(i18n, unit_situation).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(h) => view! { <UnitHistoryView h/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UnitHistoryView(h: UnitHistory) -> impl IntoView {
    let i18n = use_i18n();
    let today = h.today;
    let unit_id = h.unit.id;
    view! {
        <h1>{t!(i18n, unit_situation)}" – "{h.unit.name.clone()}</h1>
        <p class="muted">{h.unit.provider_name.clone()}" · "{h.unit.area.clone()}</p>
        <p class="quick-links no-print">
            <a class="button secondary" href="/lagesbild">{t!(i18n, nav_situation)}</a>
            <a class="button secondary" href=format!("/enhet/{unit_id}/lagesrapport")>{t!(i18n, daily_report)}</a>
        </p>
        <section aria-labelledby="chart-h">
            <h2 id="chart-h">{t!(i18n, need_last_14_days)}</h2>
            <NeedChart days=h.days.clone() today/>
        </section>
        <section aria-labelledby="reports-h">
            <h2 id="reports-h">{t!(i18n, reports_heading)}</h2>
            {if h.reports.is_empty() {
                view! { <p class="muted">{t!(i18n, no_reports)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="reports-h">
                        <table>
                            <thead><tr>
                                <th scope="col">{t!(i18n, day)}</th>
                                <th scope="col">{t!(i18n, daily_report)}</th>
                                <th scope="col" class="num">{t!(i18n, need_score)}</th>
                                <th scope="col" class="num">{t!(i18n, absent_today)}</th>
                                <th scope="col" class="num">{t!(i18n, gap_to_pool)}</th>
                                <th scope="col">{t!(i18n, note)}</th>
                            </tr></thead>
                            <tbody>
                                {h.reports.into_iter().map(|r| view! {
                                    <tr>
                                        <td>{move || day_label(i18n.get_locale(), today, r.report_date)}</td>
                                        <td>{local(r.filed_at).strftime("%H:%M").to_string()}" v"{r.version}" · "{r.filed_by.clone()}</td>
                                        <td class="num">{r.need_score}{r.outbreak.then(|| view! { " " <span class="badge warn">{t!(i18n, outbreak_short)}</span> })}</td>
                                        <td class="num">{r.absent}</td>
                                        <td class="num">{r.unsolved}</td>
                                        <td class="note">{r.note.clone()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// Bars of the need score per day, coloured by level, with a text alternative per bar and for
/// the whole chart (the table below has the same figures).
#[component]
fn NeedChart(days: Vec<DayFigure>, today: jiff::civil::Date) -> impl IntoView {
    let i18n = use_i18n();
    const BAR: f64 = 20.0;
    const HEIGHT: f64 = 100.0;
    let width = BAR * days.len() as f64;
    let summary = days.clone();
    view! {
        <svg class="need-chart" viewBox=format!("0 0 {width} {}", HEIGHT + 14.0) role="img" aria-labelledby="chart-h chart-desc"
            preserveAspectRatio="none">
            <desc id="chart-desc">{move || summary.iter().map(|d| match d.need_score {
                Some(s) => format!("{} {}: {s}", d.date.day(), crate::components::dates::month_name(i18n.get_locale(), d.date.month())),
                None => format!("{} {}: {}", d.date.day(), crate::components::dates::month_name(i18n.get_locale(), d.date.month()), t_string!(i18n, not_reported)),
            }).collect::<Vec<_>>().join(", ")}</desc>
            <line x1="0" x2=width y1={HEIGHT - 50.0} y2={HEIGHT - 50.0} class="chart-red-line"/>
            {days.into_iter().enumerate().map(|(i, d)| {
                let x = i as f64 * BAR;
                let label = if d.date == today { "•".to_string() } else { d.date.day().to_string() };
                match d.need_score {
                    Some(s) => {
                        let h = (s.clamp(0, 100) as f64).max(1.0);
                        let class = match level_of(s.clamp(0, 100) as u8) {
                            NeedLevel::Red => "bar bar-red",
                            NeedLevel::Yellow => "bar bar-yellow",
                            NeedLevel::Green => "bar bar-green",
                        };
                        view! {
                            <g>
                                <rect x={x + 2.0} y={HEIGHT - h} width={BAR - 4.0} height=h class=class/>
                                <text x={x + BAR / 2.0} y={HEIGHT + 12.0} text-anchor="middle" class="chart-label">{label}</text>
                            </g>
                        }.into_any()
                    }
                    None => view! {
                        <g>
                            <rect x={x + 2.0} y={HEIGHT - 2.0} width={BAR - 4.0} height="2" class="bar bar-none"/>
                            <text x={x + BAR / 2.0} y={HEIGHT + 12.0} text-anchor="middle" class="chart-label">{label}</text>
                        </g>
                    }.into_any(),
                }
            }).collect_view()}
        </svg>
    }
}

crate::components::lazy::lazy_page!(SituationRoute, SituationPage);
crate::components::lazy::lazy_page!(UnitSituationRoute, UnitSituationPage);
