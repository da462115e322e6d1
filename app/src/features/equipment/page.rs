//! Protective equipment's pages: the coordinator's (`/skyddsutrustning`: status, proposal,
//! central stock, shipments, catalogue), a distribution's pick list, the county board's needs,
//! and a unit's own (`/enhet/:id/skyddsutrustning`: supply, receipts, requests).
use super::*;
use crate::components::dates::local;
use crate::components::live::live_version;
use crate::components::unit::use_unit_id;
use crate::components::{ErrorNotice, FieldError, Loading, PageTitle, follow_value};
use crate::domain::equipment::{Light, Supply};
use crate::i18n::*;
use crate::live::LiveEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// "1,5" (one decimal, Swedish comma in both languages' figures).
fn decimal(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

/// How long a supply lasts, in words.
fn supply_text(locale: Locale, supply: Supply) -> String {
    match supply {
        Supply::Unknown => td_string!(locale, supply_unknown).to_string(),
        Supply::Unlimited => td_string!(locale, supply_unlimited).to_string(),
        Supply::Days(d) => td_string!(locale, supply_days, days = decimal(d)).to_string(),
    }
}

fn light_label(locale: Locale, light: Light) -> &'static str {
    match light {
        Light::Red => td_string!(locale, light_red),
        Light::Yellow => td_string!(locale, light_yellow),
        Light::Green => td_string!(locale, light_green),
        Light::Grey => td_string!(locale, light_grey),
    }
}

/// The traffic light: a coloured badge that also says its colour in words (never colour alone).
#[component]
fn LightBadge(supply: Supply) -> impl IntoView {
    let i18n = use_i18n();
    let light = supply.light();
    let class = match light {
        Light::Red => "badge light light-red",
        Light::Yellow => "badge light light-yellow",
        Light::Green => "badge light light-green",
        Light::Grey => "badge light light-grey",
    };
    view! {
        <span class=class>{move || light_label(i18n.get_locale(), light)}</span>
        " "{move || supply_text(i18n.get_locale(), supply)}
    }
}

fn movement_label(locale: Locale, kind: &str, source: Option<&str>) -> String {
    let s = match (kind, source) {
        ("delivery", Some("county_allocation")) => td_string!(locale, movement_county),
        ("delivery", Some("donation")) => td_string!(locale, movement_donation),
        ("delivery", _) => td_string!(locale, movement_supplier),
        ("count", _) => td_string!(locale, movement_count),
        ("adjustment", _) => td_string!(locale, movement_adjustment),
        ("shipment", _) => td_string!(locale, movement_shipment),
        _ => return kind.to_string(),
    };
    s.to_string()
}

/// The coordinator's page.
#[component]
pub fn EquipmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let live = live_version(|e| matches!(e, LiveEvent::Equipment { .. }));
    let approve = ServerAction::<ApproveDistribution>::new();
    let movement = ServerAction::<RecordStockMovement>::new();
    let material = ServerAction::<SaveMaterial>::new();
    let data = crate::components::resource(
        move || (live.get(), approve.version().get(), movement.version().get(), material.version().get()),
        |_| get_equipment_overview(),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, nav_equipment).to_string()/>
        <h1>{t!(i18n, nav_equipment)}</h1>
        <p><a href="/skyddsutrustning/behov">{t!(i18n, county_needs)}</a></p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(o) => view! {
                        <StatusSection materials=o.materials.clone()/>
                        <ProposalSection proposal=o.proposal.clone() today=o.today approve/>
                        <StockSection materials=o.catalogue.clone() movements=o.movements.clone() action=movement/>
                        <HistorySection distributions=o.distributions.clone()/>
                        <CatalogueSection catalogue=o.catalogue.clone() action=material/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StatusSection(materials: Vec<MaterialStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let count = |m: &MaterialStatus, light: Light| m.units.iter().filter(|u| u.light == light).count();
    view! {
        <section aria-labelledby="status-h">
            <h2 id="status-h">{t!(i18n, equipment_status)}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="status-h">
                <table>
                    <thead><tr>
                        <th scope="col">{t!(i18n, material)}</th>
                        <th scope="col" class="num">{t!(i18n, central_stock)}</th>
                        <th scope="col" class="num">{t!(i18n, light_red)}</th>
                        <th scope="col" class="num">{t!(i18n, light_yellow)}</th>
                        <th scope="col" class="num">{t!(i18n, light_grey)}</th>
                    </tr></thead>
                    <tbody>
                        {materials.iter().map(|m| view! {
                            <tr>
                                <th scope="row"><a href=format!("#material-{}", m.material.id)>{m.material.name.clone()}</a></th>
                                <td class="num">{m.central_stock}" "{m.material.unit_of_issue.clone()}</td>
                                <td class="num">{count(m, Light::Red)}</td>
                                <td class="num">{count(m, Light::Yellow)}</td>
                                <td class="num">{count(m, Light::Grey)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {materials.into_iter().map(|m| {
                let id = format!("material-{}", m.material.id);
                let unit_of_issue = m.material.unit_of_issue.clone();
                view! {
                    <details class="material-units" id=id.clone()>
                        <summary><span id=format!("{id}-h")>{m.material.name.clone()}</span></summary>
                        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=format!("{id}-h")>
                            <table>
                                <thead><tr>
                                    <th scope="col">{t!(i18n, unit)}</th>
                                    <th scope="col">{t!(i18n, provider)}</th>
                                    <th scope="col" class="num">{t!(i18n, unit_stock)}</th>
                                    <th scope="col" class="num">{t!(i18n, used_per_day)}</th>
                                    <th scope="col">{t!(i18n, lasts)}</th>
                                    <th scope="col" class="num">{t!(i18n, requested)}</th>
                                </tr></thead>
                                <tbody>
                                    {m.units.into_iter().map(|u| {
                                        let unit_of_issue = unit_of_issue.clone();
                                        view! {
                                            <tr>
                                                <th scope="row">
                                                    <a href=format!("/enhet/{}/skyddsutrustning", u.unit_id)>{u.unit_name}</a>
                                                    {u.outbreak.then(|| view! { " " <span class="badge">{t!(i18n, outbreak)}</span> })}
                                                </th>
                                                <td>{u.provider_name}</td>
                                                <td class="num">{u.on_hand.map(|n| format!("{n} {unit_of_issue}"))}</td>
                                                <td class="num">{u.burn_per_day.map(decimal)}</td>
                                                <td><LightBadge supply=u.supply/></td>
                                                <td class="num">{(u.requested > 0).then_some(u.requested)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </details>
                }
            }).collect_view()}
        </section>
    }
}

/// Why a line is proposed, in words.
fn reasons_text(locale: Locale, l: &crate::domain::equipment::ProposalLine, unit_of_issue: &str) -> String {
    let mut parts = vec![format!("{} → {}", supply_text(locale, l.before), supply_text(locale, l.after))];
    if l.outbreak {
        parts.push(td_string!(locale, outbreak).to_string());
    }
    if l.requested > 0 {
        parts.push(
            td_string!(locale, reason_requested, quantity = format!("{} {unit_of_issue}", l.requested)).to_string(),
        );
    }
    parts.push(td_string!(locale, reason_need, quantity = format!("{} {unit_of_issue}", l.need)).to_string());
    if l.cut_short {
        parts.push(td_string!(locale, reason_cut_short).to_string());
    }
    parts.join(" · ")
}

#[component]
fn ProposalSection(
    proposal: Vec<MaterialProposal>,
    today: jiff::civil::Date,
    approve: ServerAction<ApproveDistribution>,
) -> impl IntoView {
    let i18n = use_i18n();
    let day = RwSignal::new(today.tomorrow().unwrap_or(today).to_string());
    // One field per line, as the coordinator adjusts it.
    let fields: Vec<(i64, i64, RwSignal<String>)> = proposal
        .iter()
        .flat_map(|p| {
            p.lines.iter().map(move |l| (p.material.id, l.line.unit_id, RwSignal::new(l.line.packs.to_string())))
        })
        .collect();
    let fields = StoredValue::new(fields);
    let field_of = move |material: i64, unit: i64| {
        fields.with_value(|f| f.iter().find(|(m, u, _)| *m == material && *u == unit).map(|(_, _, s)| *s))
    };
    let any_lines = proposal.iter().any(|p| !p.lines.is_empty());
    let error = Signal::derive(move || approve.value().get().and_then(Result::err));
    let approved = move || approve.value().get().and_then(Result::ok);
    view! {
        <section aria-labelledby="proposal-h">
            <h2 id="proposal-h">{t!(i18n, distribution_proposal)}</h2>
            <p class="help">{t!(i18n, distribution_how)}</p>
            {move || approved().map(|id| view! {
                <div class="notice notice-success" role="status">
                    <p>{t!(i18n, distribution_approved)}" "<a href=format!("/skyddsutrustning/plocklista/{id}")>{t!(i18n, pick_list)}</a></p>
                </div>
            })}
            <form class="stack" novalidate on:submit=move |ev| {
                ev.prevent_default();
                let lines = fields.with_value(|f| {
                    f.iter()
                        .map(|(material_id, unit_id, packs)| ApprovedLine {
                            material_id: *material_id,
                            unit_id: *unit_id,
                            packs: packs.get_untracked().trim().parse().unwrap_or(-1),
                        })
                        .collect()
                });
                approve.dispatch(ApproveDistribution { delivery_day: day.get_untracked(), lines });
            }>
                <div class="field">
                    <label for="delivery-day">{t!(i18n, delivery_day)}</label>
                    <input id="delivery-day" type="date" aria-describedby="delivery-day-error"
                        value=day.get_untracked() use:follow_value=day on:input=move |ev| day.set(event_target_value(&ev))/>
                    <FieldError error field="delivery_day" id="delivery-day-error".to_string()/>
                </div>
                {proposal.into_iter().map(|p| {
                    let heading = format!("proposal-{}-h", p.material.id);
                    let unit_of_issue = p.material.unit_of_issue.clone();
                    let pack = p.material.pack_size;
                    view! {
                        <h3 id=heading.clone()>
                            {p.material.name.clone()}" – "{t!(i18n, central_stock)}": "{p.central_stock}" "{unit_of_issue.clone()}
                            " ("{t!(i18n, pack_of)}" "{pack}")"
                        </h3>
                        {if p.lines.is_empty() {
                            view! { <p class="muted">{t!(i18n, no_need_now)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap" tabindex="0" role="region" aria-labelledby=heading.clone()>
                                    <table>
                                        <thead><tr>
                                            <th scope="col">{t!(i18n, unit)}</th>
                                            <th scope="col">{t!(i18n, reasons)}</th>
                                            <th scope="col" class="num">{t!(i18n, packs)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {p.lines.into_iter().map(|l| {
                                                let input_id = format!("packs-{}-{}", p.material.id, l.line.unit_id);
                                                let value = field_of(p.material.id, l.line.unit_id);
                                                let line = l.line.clone();
                                                let unit_of_issue = unit_of_issue.clone();
                                                view! {
                                                    <tr>
                                                        <th scope="row">{l.unit_name.clone()}<br/><span class="muted">{l.provider_name.clone()}</span></th>
                                                        <td>{move || reasons_text(i18n.get_locale(), &line, &unit_of_issue)}</td>
                                                        <td class="num">
                                                            <label class="visually-hidden" for=input_id.clone()>
                                                                {t!(i18n, packs)}" – "{p.material.name.clone()}" – "{l.unit_name.clone()}
                                                            </label>
                                                            <input id=input_id type="number" inputmode="numeric" min="0" class="narrow"
                                                                value=value.map(|v| v.get_untracked()).unwrap_or_default()
                                                                use:follow_value=Signal::derive(move || value.map(|v| v.get()).unwrap_or_default())
                                                                on:input=move |ev| { if let Some(v) = value { v.set(event_target_value(&ev)) } }/>
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }}
                    }
                }).collect_view()}
                {move || error.get().filter(|e| !matches!(e, AppError::Invalid { field, .. } if field == "delivery_day"))
                    .map(|error| view! { <ErrorNotice error/> })}
                {any_lines.then(|| view! {
                    <button type="submit" class="button primary" disabled=move || approve.pending().get()>{t!(i18n, approve_distribution)}</button>
                })}
            </form>
        </section>
    }
}

#[component]
fn StockSection(
    materials: Vec<Material>,
    movements: Vec<MovementRow>,
    action: ServerAction<RecordStockMovement>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let query = use_query_map();
    let saved = move || matches!(action.value().get(), Some(Ok(_))) || query.with(|q| q.get("lager").is_some());
    view! {
        <section aria-labelledby="stock-h">
            <h2 id="stock-h">{t!(i18n, central_stock)}</h2>
            <ActionForm action attr:class="stack panel" attr:novalidate=true>
                <div class="field-row">
                    <div class="field">
                        <label for="movement-material">{t!(i18n, material)}</label>
                        <select id="movement-material" name="material_id">
                            {materials.iter().filter(|m| m.active).map(|m| view! { <option value=m.id>{m.name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="movement-kind">{t!(i18n, movement_kind)}</label>
                        <select id="movement-kind" name="kind">
                            <option value="delivery">{t!(i18n, movement_delivery)}</option>
                            <option value="count">{t!(i18n, movement_count)}</option>
                            <option value="adjustment">{t!(i18n, movement_adjustment)}</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="movement-source">{t!(i18n, movement_source)}</label>
                        <select id="movement-source" name="source">
                            <option value="supplier">{t!(i18n, movement_supplier)}</option>
                            <option value="county_allocation">{t!(i18n, movement_county)}</option>
                            <option value="donation">{t!(i18n, movement_donation)}</option>
                        </select>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="movement-quantity">{t!(i18n, quantity)}</label>
                        <input id="movement-quantity" name="quantity" inputmode="numeric"
                            aria-describedby="movement-quantity-help movement-quantity-error"/>
                        <p id="movement-quantity-help" class="help">{t!(i18n, movement_quantity_help)}</p>
                        <FieldError error field="quantity" id="movement-quantity-error".to_string()/>
                    </div>
                    <div class="field">
                        <label for="movement-reason">{t!(i18n, movement_reason)}</label>
                        <input id="movement-reason" name="reason" aria-describedby="movement-reason-error"/>
                        <FieldError error field="reason" id="movement-reason-error".to_string()/>
                    </div>
                </div>
                {move || error.get().filter(|e| !matches!(e, AppError::Invalid { .. })).map(|error| view! { <ErrorNotice error/> })}
                <p role="status" class="success">{move || saved().then(|| t_string!(i18n, saved))}</p>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>{t!(i18n, record_movement)}</button>
            </ActionForm>
            <h3 id="ledger-h">{t!(i18n, ledger)}</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="ledger-h">
                <table>
                    <thead><tr>
                        <th scope="col">{t!(i18n, time)}</th>
                        <th scope="col">{t!(i18n, material)}</th>
                        <th scope="col">{t!(i18n, movement_kind)}</th>
                        <th scope="col" class="num">{t!(i18n, quantity)}</th>
                        <th scope="col" class="num">{t!(i18n, balance)}</th>
                        <th scope="col">{t!(i18n, movement_reason)}</th>
                        <th scope="col">{t!(i18n, by)}</th>
                    </tr></thead>
                    <tbody>
                        {movements.into_iter().map(|m| {
                            let (kind, source) = (m.kind.clone(), m.source.clone());
                            view! {
                                <tr>
                                    <td>{local(m.at).strftime("%Y-%m-%d %H:%M").to_string()}</td>
                                    <td>{m.material}</td>
                                    <td>{move || movement_label(i18n.get_locale(), &kind, source.as_deref())}</td>
                                    <td class="num">{if m.quantity > 0 { format!("+{}", m.quantity) } else { m.quantity.to_string() }}</td>
                                    <td class="num">{m.balance}</td>
                                    <td>{m.unit_name.unwrap_or(m.reason)}</td>
                                    <td>{m.person_name}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn HistorySection(distributions: Vec<DistributionSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="history-h">
            <h2 id="history-h">{t!(i18n, shipments_sent)}</h2>
            {if distributions.is_empty() {
                view! { <p class="muted">{t!(i18n, no_shipments)}</p> }.into_any()
            } else {
                view! { <DistributionTable distributions labelled_by="history-h"/> }.into_any()
            }}
        </section>
    }
}

#[component]
fn DistributionTable(distributions: Vec<DistributionSummary>, labelled_by: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table>
                <thead><tr>
                    <th scope="col">{t!(i18n, delivery_day)}</th>
                    <th scope="col">{t!(i18n, approved_by)}</th>
                    <th scope="col" class="num">{t!(i18n, units_received)}</th>
                    <th scope="col">{t!(i18n, sent)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, pick_list)}</span></th>
                </tr></thead>
                <tbody>
                    {distributions.into_iter().map(|d| view! {
                        <tr>
                            <td>{d.delivery_day.to_string()}</td>
                            <td>{d.approved_by}" "{local(d.approved_at).strftime("%Y-%m-%d %H:%M").to_string()}</td>
                            <td class="num">{d.received}" / "{d.units}</td>
                            <td>{d.totals.into_iter().map(|(name, unit, q)| format!("{name}: {q} {unit}")).collect::<Vec<_>>().join(", ")}</td>
                            <td><a href=format!("/skyddsutrustning/plocklista/{}", d.id)>{t!(i18n, pick_list)}</a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn CatalogueSection(catalogue: Vec<Material>, action: ServerAction<SaveMaterial>) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <section aria-labelledby="material-h">
            <h2 id="material-h">{t!(i18n, material_catalogue)}</h2>
            {move || error.get().map(|error| view! { <ErrorNotice error/> })}
            <ul class="list">
                {catalogue.into_iter().map(|m| view! { <li><MaterialForm material=Some(m) action/></li> }).collect_view()}
            </ul>
            <h3>{t!(i18n, add_material)}</h3>
            <MaterialForm material=None action/>
        </section>
    }
}

#[component]
fn MaterialForm(material: Option<Material>, action: ServerAction<SaveMaterial>) -> impl IntoView {
    let i18n = use_i18n();
    let key = material.as_ref().map_or("new".to_string(), |m| m.id.to_string());
    let id = move |field: &str| format!("material-{key}-{field}");
    let (name, unit, pack, active) = match &material {
        Some(m) => (m.name.clone(), m.unit_of_issue.clone(), m.pack_size.to_string(), m.active),
        None => (String::new(), String::new(), String::new(), true),
    };
    view! {
        <ActionForm action attr:class="inline-add" attr:novalidate=true>
            {material.as_ref().map(|m| view! { <input type="hidden" name="id" value=m.id/> })}
            <div class="field">
                <label for=id("name")>{t!(i18n, material_name)}</label>
                <input id=id("name") name="name" value=name/>
            </div>
            <div class="field">
                <label for=id("unit")>{t!(i18n, unit_of_issue)}</label>
                <input id=id("unit") name="unit_of_issue" value=unit class="narrow"/>
            </div>
            <div class="field">
                <label for=id("pack")>{t!(i18n, pack_size)}</label>
                <input id=id("pack") name="pack_size" inputmode="numeric" value=pack class="narrow"/>
            </div>
            <label class="check"><input type="checkbox" name="active" value="on" checked=active/>" "{t!(i18n, active)}</label>
            <button type="submit" class="button secondary">{t!(i18n, save)}</button>
        </ActionForm>
    }
}

/// A distribution's pick list, one delivery round per area; printable.
#[component]
pub fn PickListPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default());
    let data = crate::components::resource(id, get_pick_list);
    view! {
        <PageTitle text=move || t_string!(i18n, pick_list).to_string()/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(list) => view! {
                        <h1>{t!(i18n, pick_list)}" – "{list.delivery_day.to_string()}</h1>
                        <p class="muted">{t!(i18n, approved_by)}" "{list.approved_by}" "{local(list.approved_at).strftime("%Y-%m-%d %H:%M").to_string()}</p>
                        <PrintButton/>
                        {list.rounds.into_iter().map(|(area, units)| view! {
                            <section class="pick-round">
                                <h2>{t!(i18n, delivery_round)}": "{area}</h2>
                                {units.into_iter().map(|u| {
                                    let heading = format!("pick-{}", u.shipment_id);
                                    view! {
                                        <h3 id=heading.clone()>{u.unit_name}" – "{u.address_note}
                                            {u.received.then(|| view! { " " <span class="badge">{t!(i18n, received)}</span> })}</h3>
                                        <table aria-labelledby=heading>
                                            <thead><tr>
                                                <th scope="col">{t!(i18n, material)}</th>
                                                <th scope="col" class="num">{t!(i18n, packs)}</th>
                                                <th scope="col" class="num">{t!(i18n, quantity)}</th>
                                                <th scope="col">{t!(i18n, picked)}</th>
                                            </tr></thead>
                                            <tbody>
                                                {u.lines.into_iter().map(|(name, unit, pack, quantity)| view! {
                                                    <tr>
                                                        <th scope="row">{name}</th>
                                                        <td class="num">{quantity / pack.max(1)}" × "{pack}</td>
                                                        <td class="num">{quantity}" "{unit}</td>
                                                        <td class="tick-box">"☐"</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    }
                                }).collect_view()}
                            </section>
                        }).collect_view()}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PrintButton() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="button secondary no-print" on:click=move |_| {
            #[cfg(feature = "hydrate")]
            if let Some(w) = web_sys::window() {
                let _ = w.print();
            }
        }>{t!(i18n, print)}</button>
    }
}

/// The municipality's needs for the county board: the coming week per material, CSV and print.
#[component]
pub fn CountyNeedsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::components::resource(|| (), |_| get_county_needs());
    view! {
        <PageTitle text=move || t_string!(i18n, county_needs).to_string()/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(n) => view! {
                        <h1 id="needs-h">{t!(i18n, county_needs)}" – "{t!(i18n, week)}" "{n.week.iso_week_date().week()}" ("{n.week.to_string()}")"</h1>
                        <p class="muted">{t!(i18n, needs_how)}" "{local(n.made_at).strftime("%Y-%m-%d %H:%M").to_string()}</p>
                        <p class="no-print">
                            <a class="button secondary" href="/skyddsutrustning/behov.csv">{t!(i18n, download_csv)}</a>" "
                            <PrintButton/>
                        </p>
                        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="needs-h">
                            <table>
                                <thead><tr>
                                    <th scope="col">{t!(i18n, material)}</th>
                                    <th scope="col" class="num">{t!(i18n, used_per_day)}</th>
                                    <th scope="col" class="num">{t!(i18n, units_stock)}</th>
                                    <th scope="col" class="num">{t!(i18n, central_stock)}</th>
                                    <th scope="col" class="num">{t!(i18n, need_next_week)}</th>
                                    <th scope="col" class="num">{t!(i18n, units_below_target)}</th>
                                    <th scope="col" class="num">{t!(i18n, units_unknown)}</th>
                                </tr></thead>
                                <tbody>
                                    {n.lines.into_iter().map(|l| view! {
                                        <tr>
                                            <th scope="row">{l.material}" ("{l.unit_of_issue}")"</th>
                                            <td class="num">{decimal(l.used_per_day)}</td>
                                            <td class="num">{l.units_stock}</td>
                                            <td class="num">{l.central_stock}</td>
                                            <td class="num"><strong>{l.need}</strong></td>
                                            <td class="num">{l.units_below_target}</td>
                                            <td class="num">{l.units_unknown}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <h2 id="sent-h">{t!(i18n, shipments_sent)}</h2>
                        {if n.history.is_empty() {
                            view! { <p class="muted">{t!(i18n, no_shipments)}</p> }.into_any()
                        } else {
                            view! { <DistributionTable distributions=n.history labelled_by="sent-h"/> }.into_any()
                        }}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A unit's protective equipment: its supply, shipments to confirm, requests.
#[component]
pub fn UnitEquipmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let unit_id = use_unit_id();
    let live = live_version(move |e| matches!(e, LiveEvent::Equipment { unit_id: Some(u) } if *u == unit_id()));
    // Each shipment's form has its own action (its own errors); a confirmed one counts here.
    let received = RwSignal::new(0u32);
    let ask = ServerAction::<RequestEquipment>::new();
    let data = crate::components::resource(
        move || (unit_id(), live.get(), received.get(), ask.version().get()),
        |(u, _, _, _)| get_unit_equipment(u),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, nav_equipment).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(u) => view! { <UnitEquipmentView u received ask/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UnitEquipmentView(u: UnitEquipment, received: RwSignal<u32>, ask: ServerAction<RequestEquipment>) -> impl IntoView {
    let i18n = use_i18n();
    let materials = u.materials.clone();
    let name_of =
        move |id: i64| materials.iter().find(|m| m.id == id).map(|m| (m.name.clone(), m.unit_of_issue.clone()));
    let ask_error = Signal::derive(move || ask.value().get().and_then(Result::err));
    let query = use_query_map();
    let asked = move || matches!(ask.value().get(), Some(Ok(_))) || query.with(|q| q.get("begart").is_some());
    let (waiting, arrived): (Vec<ShipmentView>, Vec<ShipmentView>) =
        u.shipments.into_iter().partition(|s| s.received_at.is_none());
    let may_change = u.may_change;
    let unit_id = u.unit_id;
    view! {
        <h1>{t!(i18n, nav_equipment)}" – "{u.unit_name.clone()}</h1>
        <section aria-labelledby="supply-h">
            <h2 id="supply-h">{t!(i18n, unit_supply)}</h2>
            <p class="help">{t!(i18n, unit_supply_help)}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="supply-h">
                <table>
                    <thead><tr>
                        <th scope="col">{t!(i18n, material)}</th>
                        <th scope="col" class="num">{t!(i18n, unit_stock)}</th>
                        <th scope="col" class="num">{t!(i18n, used_per_day)}</th>
                        <th scope="col">{t!(i18n, lasts)}</th>
                    </tr></thead>
                    <tbody>
                        {u.supply.into_iter().map(|s| {
                            let (name, unit) = name_of(s.material_id).unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    <td class="num">{s.on_hand.map(|n| format!("{n} {unit}"))}</td>
                                    <td class="num">{s.burn_per_day.map(decimal)}</td>
                                    <td><LightBadge supply=s.supply/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="incoming-h">
            <h2 id="incoming-h">{t!(i18n, incoming_shipments)}</h2>
            {if waiting.is_empty() {
                view! { <p class="muted">{t!(i18n, no_incoming)}</p> }.into_any()
            } else {
                waiting.into_iter().map(|s| view! { <ReceiptForm s may_change received/> }).collect_view().into_any()
            }}
        </section>
        {(!arrived.is_empty()).then(|| view! {
            <section aria-labelledby="arrived-h">
                <h2 id="arrived-h">{t!(i18n, received_shipments)}</h2>
                <ul class="list">
                    {arrived.into_iter().map(|s| view! {
                        <li>
                            <strong>{s.received_at.map(|t| local(t).strftime("%Y-%m-%d %H:%M").to_string())}</strong>": "
                            {s.lines.iter().map(|(_, name, unit, sent, got)| {
                                let got = got.unwrap_or(*sent);
                                if got == *sent { format!("{name} {got} {unit}") } else { format!("{name} {got} {unit} (av {sent})") }
                            }).collect::<Vec<_>>().join(", ")}
                            {(!s.receipt_note.is_empty()).then(|| view! { " – " {s.receipt_note.clone()} })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="request-h">
            <h2 id="request-h">{t!(i18n, request_equipment)}</h2>
            {may_change.then(|| view! {
                <ActionForm action=ask attr:class="stack panel" attr:novalidate=true>
                    <input type="hidden" name="unit_id" value=unit_id/>
                    <div class="field-row">
                        <div class="field">
                            <label for="request-material">{t!(i18n, material)}</label>
                            <select id="request-material" name="material_id">
                                {u.materials.iter().map(|m| view! { <option value=m.id>{m.name.clone()}" ("{m.unit_of_issue.clone()}")"</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="request-quantity">{t!(i18n, quantity)}</label>
                            <input id="request-quantity" name="quantity" inputmode="numeric" aria-describedby="request-quantity-error"/>
                            <FieldError error=ask_error field="quantity" id="request-quantity-error".to_string()/>
                        </div>
                    </div>
                    <div class="field">
                        <label for="request-note">{t!(i18n, note_label)}</label>
                        <input id="request-note" name="note" aria-describedby="request-note-error"/>
                        <FieldError error=ask_error field="note" id="request-note-error".to_string()/>
                    </div>
                    {move || ask_error.get().filter(|e| !matches!(e, AppError::Invalid { .. })).map(|error| view! { <ErrorNotice error/> })}
                    <p role="status" class="success">{move || asked().then(|| t_string!(i18n, equipment_requested))}</p>
                    <button type="submit" class="button primary" disabled=move || ask.pending().get()>{t!(i18n, request_equipment)}</button>
                </ActionForm>
            })}
            {(!u.requests.is_empty()).then(|| view! {
                <ul class="list">
                    {u.requests.into_iter().map(|r| view! {
                        <li>
                            {local(r.requested_at).strftime("%Y-%m-%d").to_string()}": "{r.material}" "{r.quantity}" "{r.unit_of_issue}
                            {(!r.note.is_empty()).then(|| view! { " – " {r.note.clone()} })}" · "
                            <span class="badge">{move || if r.answered { t_string!(i18n, request_answered) } else { t_string!(i18n, request_open) }}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// One shipment on its way: what was sent, the counts as they arrived (prefilled with what was
/// sent), a note when they differ.
#[component]
fn ReceiptForm(s: ShipmentView, may_change: bool, received: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let confirm = ServerAction::<ConfirmReceipt>::new();
    Effect::new(move |_| {
        if matches!(confirm.value().get(), Some(Ok(()))) {
            received.update(|n| *n += 1);
        }
    });
    let error = Signal::derive(move || confirm.value().get().and_then(Result::err));
    let id = s.id;
    let heading = format!("shipment-{id}-h");
    let labelled_by = heading.clone();
    let counts: Vec<(i64, RwSignal<String>)> =
        s.lines.iter().map(|(m, _, _, sent, _)| (*m, RwSignal::new(sent.to_string()))).collect();
    let counts = StoredValue::new(counts);
    let note = RwSignal::new(String::new());
    let note_id = format!("shipment-{id}-note");
    view! {
        <form class="panel stack" aria-labelledby=labelled_by novalidate on:submit=move |ev| {
            ev.prevent_default();
            let lines = counts.with_value(|c| {
                c.iter().map(|(m, v)| ReceivedLine { material_id: *m, received: v.get_untracked() }).collect()
            });
            confirm.dispatch(ConfirmReceipt { shipment_id: id, lines, note: note.get_untracked() });
        }>
            <h3 id=heading>{t!(i18n, shipment_for)}" "{s.delivery_day.to_string()}</h3>
            {s.lines.into_iter().map(|(material_id, name, unit, sent, _)| {
                let input_id = format!("shipment-{id}-{material_id}");
                let error_id = format!("{input_id}-error");
                let value = counts.with_value(|c| c.iter().find(|(m, _)| *m == material_id).map(|(_, v)| *v));
                view! {
                    <div class="field">
                        <label for=input_id.clone()>{name}" – "{t!(i18n, received_count)}" ("{t!(i18n, sent)}": "{sent}" "{unit}")"</label>
                        <input id=input_id inputmode="numeric" class="narrow" disabled=!may_change aria-describedby=error_id.clone()
                            value=value.map(|v| v.get_untracked()).unwrap_or_default()
                            use:follow_value=Signal::derive(move || value.map(|v| v.get()).unwrap_or_default())
                            on:input=move |ev| { if let Some(v) = value { v.set(event_target_value(&ev)) } }/>
                        <FieldError error field=format!("received_{material_id}") id=error_id/>
                    </div>
                }
            }).collect_view()}
            <div class="field">
                <label for=note_id.clone()>{t!(i18n, receipt_note)}</label>
                <input id=note_id.clone() disabled=!may_change aria-describedby=format!("{note_id}-error")
                    value=note.get_untracked() use:follow_value=note on:input=move |ev| note.set(event_target_value(&ev))/>
                <FieldError error field="note" id=format!("{note_id}-error")/>
            </div>
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid { .. })).map(|error| view! { <ErrorNotice error/> })}
            {may_change.then(|| view! {
                <button type="submit" class="button primary" disabled=move || confirm.pending().get()>{t!(i18n, confirm_receipt)}</button>
            })}
        </form>
    }
}

crate::components::lazy::lazy_page!(EquipmentRoute, EquipmentPage);
crate::components::lazy::lazy_page!(PickListRoute, PickListPage);
crate::components::lazy::lazy_page!(CountyNeedsRoute, CountyNeedsPage);
crate::components::lazy::lazy_page!(UnitEquipmentRoute, UnitEquipmentPage);
