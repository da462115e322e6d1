//! The coordinator's pool page.
use super::*;
use crate::components::dates::{day_label, local, time_range};
use crate::components::live::live_version;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::i18n::*;
use crate::live::LiveEvent;
use leptos::prelude::*;

/// An unfilled place's reason in words.
pub fn unfilled_text(locale: Locale, reason: &UnfilledReason) -> String {
    match reason {
        UnfilledReason::NoCompetence => td_string!(locale, unfilled_no_competence).to_string(),
        UnfilledReason::NotAvailable { qualified } => {
            td_string!(locale, unfilled_not_available, n = *qualified).to_string()
        }
        UnfilledReason::TooFar { available } => td_string!(locale, unfilled_too_far, n = *available).to_string(),
        UnfilledReason::WorkingTimeRules { nearby } => td_string!(locale, unfilled_rules, n = *nearby).to_string(),
        UnfilledReason::AllDeclined { declined } => td_string!(locale, unfilled_declined, n = *declined).to_string(),
        UnfilledReason::AllTaken { candidates } => td_string!(locale, unfilled_all_taken, n = *candidates).to_string(),
    }
}

/// Why a worker was chosen, in a few words.
pub fn why_text(locale: Locale, why: &Why) -> String {
    let mut parts = Vec::new();
    if why.introduced {
        parts.push(td_string!(locale, why_introduced).to_string());
    }
    if let Some(km) = why.distance_km {
        parts.push(td_string!(locale, why_distance, km = format!("{km:.1}")).to_string());
    }
    parts.push(td_string!(locale, why_candidates, n = why.candidates).to_string());
    parts.join(" · ")
}

#[component]
pub fn PoolPage() -> impl IntoView {
    let i18n = use_i18n();
    let run = ServerAction::<RunAllocation>::new();
    let publish = ServerAction::<PublishOffers>::new();
    let remove = ServerAction::<RemoveProposal>::new();
    let cancel = ServerAction::<CancelBooking>::new();
    let direct = ServerAction::<SetDirectBooking>::new();
    provide_context(direct);
    let change = ServerAction::<ChangeProposal>::new();
    provide_context(change);
    let live = live_version(|e| matches!(e, LiveEvent::Pool | LiveEvent::UnitReport { .. }));
    let overview = crate::components::resource(
        move || {
            (
                live.get(),
                run.version().get(),
                publish.version().get(),
                remove.version().get(),
                cancel.version().get(),
                direct.version().get(),
                change.version().get(),
            )
        },
        |_| get_pool_overview(),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, nav_pool).to_string()/>
        <h1>{t!(i18n, nav_pool)}</h1>
        <p class="lead">{t!(i18n, pool_help)}</p>
        <div class="actions">
            <ActionForm action=run>
                <button type="submit" class="button primary" disabled=move || run.pending().get()>{t!(i18n, run_allocation)}</button>
            </ActionForm>
            <ActionForm action=publish>
                <button type="submit" class="button secondary" disabled=move || publish.pending().get()>{t!(i18n, publish_offers)}</button>
            </ActionForm>
        </div>
        <p role="status" class="success">
            {move || run.value().get().and_then(Result::ok).map(|n| t_string!(i18n, proposals_made, n = n).to_string())}
            {move || publish.value().get().and_then(Result::ok).map(|n| t_string!(i18n, offers_sent, n = n).to_string())}
        </p>
        {move || {
            [run.value().get().and_then(Result::err), publish.value().get().and_then(Result::err),
             remove.value().get().and_then(Result::err), cancel.value().get().and_then(Result::err)]
                .into_iter()
                .flatten()
                .next()
                .map(|error| view! { <ErrorNotice error/> })
        }}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(o) => view! { <Places overview=o remove cancel/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Places(
    overview: PoolOverview,
    remove: ServerAction<RemoveProposal>,
    cancel: ServerAction<CancelBooking>,
) -> impl IntoView {
    let i18n = use_i18n();
    let today = overview.today;
    let summary = overview.last_run.clone().map(|r| {
        move || {
            t_string!(
                i18n,
                last_run,
                when = crate::domain::time::format_local(r.at),
                by = r.by.clone(),
                proposed = r.proposed,
                places = r.places
            )
            .to_string()
        }
    });
    if overview.places.is_empty() {
        return view! { <p class="notice" role="status">{t!(i18n, no_open_places)}</p> }.into_any();
    }
    view! {
        {summary.map(|s| view! { <p class="muted">{s}</p> })}
        <div class="table-wrap">
            <table class="pool-places">
                <caption>{t!(i18n, pool_places)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, unit)}</th>
                    <th scope="col">{t!(i18n, when)}</th>
                    <th scope="col">{t!(i18n, competence)}</th>
                    <th scope="col" class="num">{t!(i18n, need_points)}</th>
                    <th scope="col">{t!(i18n, open_shifts_column)}</th>
                    <th scope="col">{t!(i18n, place_status)}</th>
                </tr></thead>
                <tbody>
                    {overview.places.into_iter().map(|p| {
                        let comp = p.competence_sv.clone().zip(p.competence_en.clone());
                        view! {
                            <tr>
                                <th scope="row">{p.unit_name.clone()}</th>
                                <td>{move || day_label(i18n.get_locale(), today, local(p.starts_at).date())}" "{time_range(p.starts_at, p.ends_at)}" · "{p.shift_name.clone()}</td>
                                <td>{move || crate::components::labels::competence_or_any(i18n.get_locale(), &comp)}</td>
                                <td class="num">{p.need}</td>
                                <td>{(p.slot_no == 1).then(|| view! { <DirectBooking request_id=p.request_id on=p.direct_booking/> })}</td>
                                <td><PlaceState status=p.status.clone() remove cancel/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A worker who could take the place instead: name, and what speaks for them.
fn alternative_text(locale: Locale, a: &Alternative) -> String {
    let mut parts = vec![a.name.clone()];
    if a.introduced {
        parts.push(td_string!(locale, why_introduced).to_string());
    }
    if let Some(km) = a.distance_km {
        parts.push(td_string!(locale, why_distance, km = format!("{km:.1}")).to_string());
    }
    parts.join(" · ")
}

/// "Byt person": who else could take a proposed place, loaded when opened.
#[component]
fn ChangeProposalPanel(offer_id: i64, worker: String) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let label = format!("{} ({worker})", t_string!(i18n, change_proposal));
    view! {
        <button type="button" class="button link" aria-expanded=move || open.get().to_string() aria-label=label on:click=move |_| open.update(|o| *o = !*o)>
            {t!(i18n, change_proposal)}
        </button>
        {move || open.get().then(|| view! { <Alternatives offer_id/> })}
    }
}

#[component]
fn Alternatives(offer_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let change = expect_context::<ServerAction<ChangeProposal>>();
    let choices = crate::components::resource(move || offer_id, proposal_alternatives);
    let select_id = format!("instead-{offer_id}");
    view! {
        <Suspense fallback=Loading>
            {move || {
                let select_id = select_id.clone();
                Suspend::new(async move {
                    match choices.await {
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, no_alternatives)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ActionForm action=change attr:class="stack">
                                <input type="hidden" name="offer_id" value=offer_id/>
                                <div class="field">
                                    <label for=select_id.clone()>{t!(i18n, propose_instead)}</label>
                                    <select id=select_id name="person_id">
                                        {list.into_iter().map(|a| {
                                            let id = a.person_id;
                                            view! { <option value=id>{move || alternative_text(i18n.get_locale(), &a)}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button secondary" disabled=move || change.pending().get()>{t!(i18n, change_proposal)}</button>
                                {move || change.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
                            </ActionForm>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Whether eligible pool workers may book the request's free places themselves.
#[component]
fn DirectBooking(request_id: i64, on: bool) -> impl IntoView {
    let i18n = use_i18n();
    let direct = expect_context::<ServerAction<SetDirectBooking>>();
    view! {
        {on.then(|| view! { <span class="badge ok">{t!(i18n, direct_booking_on)}</span> })}
        <ActionForm action=direct attr:class="inline">
            <input type="hidden" name="request_id" value=request_id/>
            <input type="hidden" name="allowed" value=(!on).to_string()/>
            <button type="submit" class="button link">
                {if on { t!(i18n, stop_direct_booking).into_any() } else { t!(i18n, allow_direct_booking).into_any() }}
            </button>
        </ActionForm>
    }
}

#[component]
fn PlaceState(
    status: PlaceStatus,
    remove: ServerAction<RemoveProposal>,
    cancel: ServerAction<CancelBooking>,
) -> impl IntoView {
    let i18n = use_i18n();
    match status {
        PlaceStatus::Open { reason, declined } => view! {
            <span class="badge warn">{t!(i18n, place_open)}</span>
            {reason.map(|r| view! { <span class="muted">" "{move || unfilled_text(i18n.get_locale(), &r)}</span> })}
            {(declined > 0).then(|| view! { <span class="muted">" "{move || t_string!(i18n, declined_count, n = declined).to_string()}</span> })}
        }
        .into_any(),
        PlaceStatus::Proposed { offer_id, worker, why } => {
            let label = format!("{} {worker}", t_string!(i18n, remove_proposal));
            view! {
                <span class="badge">{t!(i18n, place_proposed)}</span>" "<strong>{worker.clone()}</strong>
                <span class="muted">" "{move || why_text(i18n.get_locale(), &why)}</span>
                <ActionForm action=remove attr:class="inline">
                    <input type="hidden" name="offer_id" value=offer_id/>
                    <button type="submit" class="button link" aria-label=label>{t!(i18n, remove)}</button>
                </ActionForm>
                <ChangeProposalPanel offer_id worker=worker.clone()/>
            }
            .into_any()
        }
        PlaceStatus::Offered { worker, deadline, .. } => view! {
            <span class="badge">{t!(i18n, place_offered)}</span>" "<strong>{worker}</strong>
            <span class="muted">" "{move || t_string!(i18n, answer_by, when = crate::domain::time::format_local(deadline)).to_string()}</span>
        }
        .into_any(),
        PlaceStatus::Booked { booking_id, worker, .. } => {
            let id = format!("cancel-reason-{booking_id}");
            view! {
                <span class="badge ok">{t!(i18n, place_booked)}</span>" "<strong>{worker}</strong>
                <details>
                    <summary>{t!(i18n, cancel_booking)}</summary>
                    <ActionForm action=cancel attr:class="stack">
                        <input type="hidden" name="booking_id" value=booking_id/>
                        <div class="field">
                            <label for=id.clone()>{t!(i18n, cancel_reason)}</label>
                            <input id=id name="reason" required maxlength="200"/>
                        </div>
                        <button type="submit" class="button danger">{t!(i18n, cancel_booking)}</button>
                    </ActionForm>
                </details>
            }
            .into_any()
        }
    }
}

/// A pool worker's tier, weekly cap and introductions, on the administrator's person page.
#[component]
pub fn PoolProfilePanel(person_id: i64) -> impl IntoView {
    let profile = crate::components::resource(move || person_id, get_pool_profile);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => view! { <PoolProfileForm profile=p/> }.into_any(),
                    // Not in the pool: nothing to show.
                    Err(crate::error::AppError::NotFound) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PoolProfileForm(profile: PoolProfile) -> impl IntoView {
    use crate::components::{CheckField, FormFooter};
    use crate::domain::allocation::Tier;
    let i18n = use_i18n();
    let save = ServerAction::<SavePoolWorker>::new();
    let tier = RwSignal::new(profile.tier);
    let hours = RwSignal::new(profile.max_week_hours.map(|h| h.to_string()).unwrap_or_default());
    let chosen: Vec<(i64, String, RwSignal<bool>)> = profile
        .units
        .iter()
        .map(|(id, name)| (*id, name.clone(), RwSignal::new(profile.introduced_unit_ids.contains(id))))
        .collect();
    let picks = chosen.clone();
    let person_id = profile.person_id;
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SavePoolWorker {
            person_id,
            tier: tier.get_untracked(),
            max_week_hours: hours.get_untracked(),
            introduced_unit_ids: picks.iter().filter(|(_, _, on)| on.get_untracked()).map(|(id, _, _)| *id).collect(),
        });
    };
    view! {
        <section class="panel" aria-labelledby="pool-profile-h">
            <h2 id="pool-profile-h">{t!(i18n, pool_profile)}</h2>
            <form class="stack" on:submit=on_submit>
                <div class="field">
                    <label for="pool-tier">{t!(i18n, pool_tier)}</label>
                    <select id="pool-tier" on:change=move |ev| tier.set(if event_target_value(&ev) == "service" { Tier::Service } else { Tier::Care })>
                        <option value="care" selected=move || tier.get() == Tier::Care>{t!(i18n, tier_care)}</option>
                        <option value="service" selected=move || tier.get() == Tier::Service>{t!(i18n, tier_service)}</option>
                    </select>
                </div>
                <crate::components::TextField id="pool-week-hours" field="max_week_hours" value=hours error kind="number">
                    {t!(i18n, pool_week_hours)}
                </crate::components::TextField>
                <fieldset>
                    <legend>{t!(i18n, introduced_at)}</legend>
                    {chosen.into_iter().map(|(id, name, on)| view! {
                        <CheckField id=format!("intro-{id}") checked=on>{name}</CheckField>
                    }).collect_view()}
                </fieldset>
                <FormFooter error saved pending=save.pending()/>
            </form>
        </section>
    }
}

crate::components::lazy::lazy_page!(PoolRoute, PoolPage);
