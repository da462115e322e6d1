//! The service team's errands (`/uppdrag`, phone, often offline) and a unit's errands
//! (`/enhet/:id/uppdrag`: ask, follow, cancel, the access log).
use super::*;
use crate::components::dates::day_label;
use crate::components::live::live_version;
use crate::components::unit::use_unit_id;
use crate::components::{ErrorNotice, Loading, PageTitle, follow_value};
use crate::domain::errand::format_amount;
use crate::i18n::*;
use crate::live::LiveEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A step taken on the phone, kept (local storage) until the server has answered it. Every step
/// goes through this queue, with a connection or without: the same path either way, so an
/// offline tick is never a different kind of tick. The key makes a resend harmless.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedStep {
    pub person_id: i64,
    pub errand_id: i64,
    pub key: String,
    pub action: String,
    pub position: Option<i64>,
    pub outcome: String,
    pub text: String,
    pub amount: String,
}

#[cfg(feature = "hydrate")]
const QUEUE_KEY: &str = "skiftet-errand-steps";

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn queued_all() -> Vec<QueuedStep> {
    #[cfg(feature = "hydrate")]
    {
        storage()
            .and_then(|s| s.get_item(QUEUE_KEY).ok().flatten())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    Vec::new()
}

fn store(queue: &[QueuedStep]) {
    #[cfg(feature = "hydrate")]
    {
        let Some(s) = storage() else { return };
        let _ = match serde_json::to_string(queue) {
            Ok(json) if !queue.is_empty() => s.set_item(QUEUE_KEY, &json),
            _ => s.remove_item(QUEUE_KEY),
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = queue;
}

fn queued(me: i64) -> Vec<QueuedStep> {
    queued_all().into_iter().filter(|s| s.person_id == me).collect()
}

/// A fresh idempotency key (random, from the browser; on the server for plain forms).
fn new_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        let part = || (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
        format!("{:x}-{:x}", part(), part())
    }
    #[cfg(all(feature = "ssr", not(feature = "hydrate")))]
    {
        use rand::RngCore;
        format!("{:x}-{:x}", rand::rngs::OsRng.next_u64(), rand::rngs::OsRng.next_u64())
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    String::new()
}

/// What became of the steps sent from the queue.
#[derive(Debug, Clone, PartialEq)]
enum Sent {
    Done,
    Refused(AppError),
}

fn kind_label(locale: Locale, kind: ErrandKind) -> &'static str {
    match kind {
        ErrandKind::CarService => td_string!(locale, errand_car_service),
        ErrandKind::TyreChange => td_string!(locale, errand_tyre_change),
        ErrandKind::MovingHelp => td_string!(locale, errand_moving_help),
        ErrandKind::RecyclingRun => td_string!(locale, errand_recycling_run),
        ErrandKind::GroceryShopping => td_string!(locale, errand_grocery_shopping),
        ErrandKind::PharmacyPickup => td_string!(locale, errand_pharmacy_pickup),
        ErrandKind::Other => td_string!(locale, errand_other),
    }
}

fn state_label(locale: Locale, state: ErrandState) -> &'static str {
    match state {
        ErrandState::Open => td_string!(locale, errand_state_open),
        ErrandState::Claimed => td_string!(locale, errand_state_claimed),
        ErrandState::Started => td_string!(locale, errand_state_started),
        ErrandState::Delivered => td_string!(locale, errand_state_delivered),
        ErrandState::NotCompleted => td_string!(locale, errand_state_not_completed),
        ErrandState::Cancelled => td_string!(locale, errand_state_cancelled),
    }
}

fn outcome_label(locale: Locale, outcome: ItemOutcome) -> &'static str {
    match outcome {
        ItemOutcome::Found => td_string!(locale, item_found),
        ItemOutcome::Replaced => td_string!(locale, item_replaced),
        ItemOutcome::NotFound => td_string!(locale, item_not_found),
    }
}

fn clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// "tomorrow 10:00–14:00", or "as soon as possible".
fn when_text(locale: Locale, today: jiff::civil::Date, e: &ErrandSummary) -> String {
    match (e.due_day, e.window) {
        (Some(day), Some((from, to))) => format!("{} {}–{}", day_label(locale, today, day), clock(from), clock(to)),
        (Some(day), None) => day_label(locale, today, day),
        _ => td_string!(locale, errand_asap).to_string(),
    }
}

#[component]
pub fn ErrandsPage() -> impl IntoView {
    let i18n = use_i18n();
    let live = live_version(|e| matches!(e, LiveEvent::Errands { .. }));
    let sent_ok = RwSignal::new(0u32);
    let data = crate::components::resource(move || (live.get(), sent_ok.get()), |_| get_errand_queue());
    let me = RwSignal::new(None::<i64>);
    let waiting = RwSignal::new(Vec::<QueuedStep>::new());
    let sent = RwSignal::new(None::<Sent>);
    let kind_filter = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(q)) = data.get()
            && me.get_untracked() != Some(q.me)
        {
            me.set(Some(q.me));
        }
    });
    // Sends what waits, oldest first, until the connection fails; a refused step (the errand
    // was cancelled, someone else claimed it) is told and dropped, never retried for ever.
    // One sender at a time: a tap while the queue is being sent waits for the next round.
    let flushing = StoredValue::new(false);
    let flush = move || {
        let Some(person) = me.get_untracked() else { return };
        if flushing.get_value() {
            return;
        }
        flushing.set_value(true);
        leptos::task::spawn_local(async move {
            let mut any = false;
            // Until the queue is empty (steps tapped meanwhile included) or the connection fails.
            'rounds: loop {
                let batch = queued(person);
                if batch.is_empty() {
                    break;
                }
                for s in batch {
                    let result = errand_step(
                        s.errand_id,
                        s.key.clone(),
                        s.action.clone(),
                        s.position,
                        s.outcome.clone(),
                        s.text.clone(),
                        s.amount.clone(),
                    )
                    .await;
                    match result {
                        Err(AppError::Network(_)) => break 'rounds,
                        Ok(()) => sent.set(Some(Sent::Done)),
                        Err(error) => sent.set(Some(Sent::Refused(error))),
                    }
                    any = true;
                    let mut all = queued_all();
                    all.retain(|q| q.key != s.key);
                    store(&all);
                }
            }
            flushing.set_value(false);
            waiting.set(queued(person));
            if any {
                sent_ok.update(|n| *n += 1);
            }
        });
    };
    let send = move |step: QueuedStep| {
        let mut all = queued_all();
        all.push(step);
        store(&all);
        if let Some(person) = me.get_untracked() {
            waiting.set(queued(person));
        }
        flush();
    };
    Effect::new(move |_| {
        if let Some(person) = me.get() {
            waiting.set(queued(person));
            flush();
        }
    });
    Effect::new(move |_| crate::components::live::on_online(flush));
    let query = use_query_map();
    let plain_done = move || query.with(|q| q.get("klart").is_some());
    view! {
        <PageTitle text=move || t_string!(i18n, nav_errands).to_string()/>
        <h1>{t!(i18n, nav_errands)}</h1>
        <p role="status" class="success">
            {move || (matches!(sent.get(), Some(Sent::Done)) || plain_done()).then(|| t_string!(i18n, errand_step_done))}
        </p>
        {move || match sent.get() {
            Some(Sent::Refused(error)) => Some(view! { <ErrorNotice error/> }),
            _ => None,
        }}
        {move || (!waiting.get().is_empty()).then(|| view! {
            <div class="notice notice-offline" role="status"><p>{t!(i18n, errand_steps_waiting)}</p></div>
        })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(q) => {
                        let today = q.today;
                        let route = todays_route(&q.mine, today);
                        view! {
                            {(!route.is_empty()).then(|| view! { <DayRoute stops=route today/> })}
                            <section aria-labelledby="mine-h">
                                <h2 id="mine-h">{t!(i18n, my_errands)}</h2>
                                {if q.mine.is_empty() {
                                    view! { <p class="muted">{t!(i18n, no_my_errands)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ol class="list errands">
                                            {q.mine.into_iter().map(|e| view! { <li><MyErrand errand=e today waiting send me/></li> }).collect_view()}
                                        </ol>
                                    }.into_any()
                                }}
                            </section>
                            <OpenQueue open=q.open today kind_filter waiting send me/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// My errands due today (or as soon as possible, or overdue), in pick-up order: the start of
/// the time window, as-soon-as-possible ones first.
fn todays_route(mine: &[ErrandDetail], today: jiff::civil::Date) -> Vec<ErrandDetail> {
    let mut route: Vec<ErrandDetail> =
        mine.iter().filter(|e| e.summary.due_day.is_none_or(|d| d <= today)).cloned().collect();
    route.sort_by_key(|e| (e.summary.due_day, e.summary.window.map(|w| w.0), e.summary.due_at, e.summary.id));
    route
}

/// The day's route: one line per stop, linking to the errand's card below.
#[component]
fn DayRoute(stops: Vec<ErrandDetail>, today: jiff::civil::Date) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="route-h" class="panel">
            <h2 id="route-h">{t!(i18n, route_today)}</h2>
            <ol class="route">
                {stops.into_iter().map(|e| {
                    let s = e.summary.clone();
                    let kind = s.kind;
                    let when = s.clone();
                    let to = if s.to_client {
                        format!("{} ({})", e.client_address.clone().unwrap_or_default(), s.client_ref.clone().unwrap_or_default())
                    } else {
                        String::new()
                    };
                    view! {
                        <li>
                            <a href=format!("#uppdrag-{}", s.id)>
                                <strong>{move || when_text(i18n.get_locale(), today, &when)}</strong>" · "
                                {move || kind_label(i18n.get_locale(), kind)}
                            </a>
                            <br/>{t!(i18n, errand_pickup)}": "{s.pickup.clone()}" → "
                            {if s.to_client { to.into_any() } else { view! { {t!(i18n, errand_to_office)} }.into_any() }}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// A hidden-field form that posts natively before the wasm and goes through the queue after.
#[component]
fn StepForm(
    errand_id: i64,
    action: &'static str,
    #[prop(optional)] position: Option<i64>,
    #[prop(optional)] outcome: &'static str,
    send: impl Fn(QueuedStep) + Copy + Send + Sync + 'static,
    me: RwSignal<Option<i64>>,
    /// Extra inputs (text, amount) the form's own fields carry.
    #[prop(optional)]
    text: Option<RwSignal<String>>,
    #[prop(optional)] amount: Option<RwSignal<String>>,
    /// Leave `text` as typed after sending (a note that stays with its item).
    #[prop(optional)]
    keep_text: bool,
    children: Children,
) -> impl IntoView {
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(person_id) = me.get_untracked() else { return };
        send(QueuedStep {
            person_id,
            errand_id,
            key: new_key(),
            action: action.to_string(),
            position,
            outcome: outcome.to_string(),
            text: text.map(|t| t.get_untracked()).unwrap_or_default(),
            amount: amount.map(|a| a.get_untracked()).unwrap_or_default(),
        });
        if let Some(t) = text.filter(|_| !keep_text) {
            t.set(String::new());
        }
    };
    view! {
        <form method="post" action="/api/errand_step" class="step" on:submit=on_submit>
            <input type="hidden" name="errand_id" value=errand_id/>
            <input type="hidden" name="key" value=new_key()/>
            <input type="hidden" name="action" value=action/>
            {position.map(|p| view! { <input type="hidden" name="position" value=p/> })}
            {(!outcome.is_empty()).then(|| view! { <input type="hidden" name="outcome" value=outcome/> })}
            {children()}
        </form>
    }
}

#[component]
fn MyErrand(
    errand: ErrandDetail,
    today: jiff::civil::Date,
    waiting: RwSignal<Vec<QueuedStep>>,
    send: impl Fn(QueuedStep) + Copy + Send + Sync + 'static,
    me: RwSignal<Option<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let e = errand.summary.clone();
    let id = e.id;
    let heading = format!("uppdrag-{id}");
    let labelled = format!("uppdrag-{id}-h");
    let when = e.clone();
    let kind = e.kind;
    // What waits for a connection on this errand, shown as done-but-unconfirmed.
    let pending_outcome = move |position: i64| {
        waiting.with(|w| {
            w.iter()
                .rev()
                .find(|s| s.errand_id == id && s.action == "tick" && s.position == Some(position))
                .and_then(|s| s.outcome.parse::<ItemOutcome>().ok())
        })
    };
    let closing_waits = move || {
        waiting
            .with(|w| w.iter().any(|s| s.errand_id == id && (s.action == "deliver" || s.action == "cannot_complete")))
    };
    let reason = RwSignal::new(String::new());
    let amount = RwSignal::new(errand.amount_ore.map(|o| format!("{},{:02}", o / 100, o % 100)).unwrap_or_default());
    let receipt = RwSignal::new(errand.receipt.clone().unwrap_or_default());
    let reason_id = format!("reason-{id}");
    let amount_id = format!("amount-{id}");
    let receipt_id = format!("receipt-{id}");
    view! {
        <article class="errand" id=heading.clone() aria-labelledby=labelled>
            <h3 id=format!("{heading}-h")>{move || kind_label(i18n.get_locale(), kind)}" – "{e.unit_name.clone()}</h3>
            <p class="when"><strong>{move || when_text(i18n.get_locale(), today, &when)}</strong></p>
            <p>{t!(i18n, errand_pickup)}": "{e.pickup.clone()}</p>
            {e.to_client.then(|| view! {
                <p>{t!(i18n, errand_deliver_to_client)}" "{e.client_ref.clone()}": "<strong>{errand.client_address.clone()}</strong></p>
            })}
            {e.registration.clone().map(|r| view! { <p>{t!(i18n, errand_registration)}": "<strong>{r}</strong></p> })}
            {(!errand.notes.is_empty()).then(|| view! { <p class="notes">{errand.notes.clone()}</p> })}
            {(!errand.items.is_empty()).then(|| view! {
                <ul class="checklist">
                    {errand.items.clone().into_iter().map(|item| {
                        let position = item.position;
                        let confirmed = item.outcome;
                        let shown = move || pending_outcome(position).or(confirmed);
                        let waits = move || pending_outcome(position).is_some();
                        let label = format!("{}{}", item.quantity.clone().map(|q| format!("{q} ")).unwrap_or_default(), item.name);
                        let group = format!("item-{id}-{position}");
                        let note = RwSignal::new(item.note.clone().unwrap_or_default());
                        let note_id = format!("note-{id}-{position}");
                        view! {
                            <li>
                                <span class="item" id=group.clone()>{label.clone()}</span>
                                <div class="field">
                                    <label for=note_id.clone()>{t!(i18n, item_note)}" ("{label.clone()}")"</label>
                                    <input id=note_id.clone() value=note.get_untracked() use:follow_value=note on:input=move |ev| note.set(event_target_value(&ev))/>
                                </div>
                                <span role="status">{move || shown().map(|o| outcome_label(i18n.get_locale(), o))}{move || waits().then(|| view! { " " <span class="badge">{t!(i18n, waiting_for_connection)}</span> })}</span>
                                <div class="item-actions" role="group" aria-labelledby=group>
                                    {[ItemOutcome::Found, ItemOutcome::Replaced, ItemOutcome::NotFound].into_iter().map(|o| {
                                        let pressed = move || (shown() == Some(o)).to_string();
                                        let name = label.clone();
                                        view! {
                                            <StepForm errand_id=id action="tick" position=position outcome=o.code() send me text=note keep_text=true>
                                                <button type="submit" class="button secondary big" aria-pressed=pressed
                                                    aria-label=move || format!("{} – {}", name, outcome_label(i18n.get_locale(), o))>
                                                    {move || outcome_label(i18n.get_locale(), o)}
                                                </button>
                                            </StepForm>
                                        }
                                    }).collect_view()}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {matches!(kind, ErrandKind::GroceryShopping | ErrandKind::PharmacyPickup).then(|| view! {
                <StepForm errand_id=id action="purchase" send me text=receipt amount=amount>
                    <div class="field">
                        <label for=amount_id.clone()>{t!(i18n, errand_amount)}</label>
                        <input id=amount_id.clone() name="amount" inputmode="decimal" value=amount.get_untracked() use:follow_value=amount on:input=move |ev| amount.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for=receipt_id.clone()>{t!(i18n, errand_receipt)}</label>
                        <input id=receipt_id.clone() name="text" value=receipt.get_untracked() use:follow_value=receipt on:input=move |ev| receipt.set(event_target_value(&ev))/>
                    </div>
                    <button type="submit" class="button secondary">{t!(i18n, errand_save_purchase)}</button>
                </StepForm>
            })}
            {errand.amount_ore.map(|o| view! { <p>{t!(i18n, errand_amount)}": "{format_amount(o)}</p> })}
            {move || closing_waits().then(|| view! { <p class="notice notice-offline">{t!(i18n, errand_close_waiting)}</p> })}
            <div class="actions">
                {(e.state == ErrandState::Claimed).then(|| view! {
                    <StepForm errand_id=id action="start" send me>
                        <button type="submit" class="button secondary big">{t!(i18n, errand_start)}</button>
                    </StepForm>
                })}
                <StepForm errand_id=id action="deliver" send me>
                    <button type="submit" class="button primary big" disabled=closing_waits>{t!(i18n, errand_deliver)}</button>
                </StepForm>
                <StepForm errand_id=id action="cannot_complete" send me text=reason>
                    <div class="field">
                        <label for=reason_id.clone()>{t!(i18n, errand_cannot_reason)}</label>
                        <input id=reason_id.clone() name="text" value=reason.get_untracked() use:follow_value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
                    </div>
                    <button type="submit" class="button secondary" disabled=closing_waits>{t!(i18n, errand_cannot_complete)}</button>
                </StepForm>
            </div>
        </article>
    }
}

#[component]
fn OpenQueue(
    open: Vec<ErrandSummary>,
    today: jiff::civil::Date,
    kind_filter: RwSignal<String>,
    waiting: RwSignal<Vec<QueuedStep>>,
    send: impl Fn(QueuedStep) + Copy + Send + Sync + 'static,
    me: RwSignal<Option<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = StoredValue::new(open);
    view! {
        <section aria-labelledby="open-h">
            <h2 id="open-h">{t!(i18n, open_errands)}</h2>
            <div class="field">
                <label for="kind-filter">{t!(i18n, errand_kind_filter)}</label>
                <select id="kind-filter" on:change=move |ev| kind_filter.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, errand_all_kinds)}</option>
                    {ErrandKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{move || kind_label(i18n.get_locale(), k)}</option> }).collect_view()}
                </select>
            </div>
            {move || {
                let filter = kind_filter.get();
                let shown: Vec<ErrandSummary> = open.with_value(|o| o.iter().filter(|e| filter.is_empty() || e.kind.code() == filter).cloned().collect());
                if shown.is_empty() {
                    return view! { <p class="muted">{t!(i18n, no_open_errands)}</p> }.into_any();
                }
                // Grouped by the unit's area (the queue comes sorted by area, then due time).
                let mut areas: Vec<(String, Vec<ErrandSummary>)> = Vec::new();
                for e in shown {
                    match areas.last_mut() {
                        Some((area, list)) if *area == e.area => list.push(e),
                        _ => areas.push((e.area.clone(), vec![e])),
                    }
                }
                areas.into_iter().map(|(area, list)| view! {
                    <h3>{area}</h3>
                    <ul class="list errands">
                        {list.into_iter().map(|e| {
                            let id = e.id;
                            let kind = e.kind;
                            let claim_waits = move || waiting.with(|w| w.iter().any(|s| s.errand_id == id && s.action == "claim"));
                            let when = e.clone();
                            // The button's name says which errand, in the language shown (it follows a switch).
                            let unit_name = e.unit_name.clone();
                            let claim_label = move || {
                                format!("{} {} – {}", t_string!(i18n, errand_claim), kind_label(i18n.get_locale(), kind), unit_name)
                            };
                            view! {
                                <li>
                                    <article class="errand">
                                        <h4>{move || kind_label(i18n.get_locale(), kind)}" – "{e.unit_name.clone()}</h4>
                                        <p class="when"><strong>{move || when_text(i18n.get_locale(), today, &when)}</strong></p>
                                        <p>{t!(i18n, errand_pickup)}": "{e.pickup.clone()}</p>
                                        {(e.items > 0).then(|| view! { <p>{move || t_string!(i18n, errand_items_count, n = e.items).to_string()}</p> })}
                                        {move || claim_waits().then(|| view! { <p class="notice notice-offline">{t!(i18n, errand_claim_waiting)}</p> })}
                                        <StepForm errand_id=id action="claim" send me>
                                            <button type="submit" class="button primary big" disabled=claim_waits
                                                aria-label=claim_label>
                                                {t!(i18n, errand_claim)}
                                            </button>
                                        </StepForm>
                                    </article>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }).collect_view().into_any()
            }}
        </section>
    }
}

/// A unit's errands: ask for one, follow them live, cancel, and (managers) the access log.
#[component]
pub fn UnitErrandsPage() -> impl IntoView {
    let i18n = use_i18n();
    let unit_id = use_unit_id();
    let live = live_version(move |e| matches!(e, LiveEvent::Errands { unit_id: u } if *u == unit_id()));
    let ask = ServerAction::<RequestErrand>::new();
    let cancel = ServerAction::<CancelErrand>::new();
    let data = crate::components::resource(
        move || (unit_id(), live.get(), ask.version().get(), cancel.version().get()),
        |(u, _, _, _)| get_unit_errands(u),
    );
    let show_log = RwSignal::new(false);
    let log = crate::components::resource(
        move || (unit_id(), show_log.get()),
        |(u, show)| async move { if show { errand_access_log(u).await.map(Some) } else { Ok(None) } },
    );
    let query = use_query_map();
    let asked = move || matches!(ask.value().get(), Some(Ok(_))) || query.with(|q| q.get("bestallt").is_some());
    view! {
        <PageTitle text=move || t_string!(i18n, unit_errands).to_string()/>
        <h1>{t!(i18n, unit_errands)}</h1>
        <p role="status" class="success">{move || asked().then(|| t_string!(i18n, errand_requested))}</p>
        <RequestForm unit_id=unit_id() ask/>
        {move || cancel.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(u) => {
                        let today = u.today;
                        let manages = u.manages;
                        view! {
                            <section aria-labelledby="unit-errands-h">
                                <h2 id="unit-errands-h">{t!(i18n, errands_of_unit)}" – "{u.unit_name.clone()}</h2>
                                {if u.errands.is_empty() {
                                    view! { <p class="muted">{t!(i18n, no_unit_errands)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="list errands">
                                            {u.errands.into_iter().map(|e| view! { <li><UnitErrand errand=e today cancel/></li> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                            <section aria-labelledby="errand-follow-h">
                                <h2 id="errand-follow-h">{t!(i18n, errand_follow_up)}</h2>
                                <ErrandWeeks weeks=u.follow_up labelled_by="errand-follow-h".to_string()/>
                            </section>
                            {manages.then(|| view! {
                                <button type="button" class="button secondary" aria-expanded=move || show_log.get().to_string()
                                    on:click=move |_| show_log.update(|s| *s = !*s)>{t!(i18n, errand_access_log)}</button>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match log.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(entries)) => view! {
                        <section aria-labelledby="log-h">
                            <h2 id="log-h">{t!(i18n, errand_access_log)}</h2>
                            <ul class="list">
                                {entries.into_iter().map(|a| view! {
                                    <li>{crate::domain::time::format_local(a.at)}" · "{a.person_name}" · "{a.client_ref.unwrap_or_default()}" (#"{a.errand_id}")"</li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RequestForm(unit_id: i64, ask: ServerAction<RequestErrand>) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || ask.value().get().and_then(Result::err));
    let field_error = move |field: &'static str| {
        move || {
            error
                .get()
                .filter(|e| matches!(e, AppError::Invalid { field: f, .. } if f == field))
                .map(|e| crate::components::labels::error_message(i18n.get_locale(), &e))
        }
    };
    view! {
        <section aria-labelledby="ask-h" class="panel">
            <h2 id="ask-h">{t!(i18n, request_errand)}</h2>
            <ActionForm action=ask attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="unit_id" value=unit_id/>
                <div class="field">
                    <label for="errand-kind">{t!(i18n, errand_kind)}</label>
                    <select id="errand-kind" name="kind">
                        {ErrandKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{move || kind_label(i18n.get_locale(), k)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="errand-day">{t!(i18n, errand_day)}</label>
                    <input id="errand-day" name="day" type="date" aria-describedby="errand-day-help errand-day-error"/>
                    <p id="errand-day-help" class="help">{t!(i18n, errand_day_help)}</p>
                    <p id="errand-day-error" class="field-error">{field_error("day")}</p>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="errand-from">{t!(i18n, errand_from)}</label>
                        <input id="errand-from" name="from" type="time" aria-describedby="errand-from-error"/>
                        <p id="errand-from-error" class="field-error">{field_error("from")}</p>
                    </div>
                    <div class="field">
                        <label for="errand-to">{t!(i18n, errand_to)}</label>
                        <input id="errand-to" name="to" type="time" aria-describedby="errand-to-error"/>
                        <p id="errand-to-error" class="field-error">{field_error("to")}</p>
                    </div>
                </div>
                <div class="field">
                    <label for="errand-pickup">{t!(i18n, errand_pickup)}</label>
                    <input id="errand-pickup" name="pickup" aria-describedby="errand-pickup-error"/>
                    <p id="errand-pickup-error" class="field-error">{field_error("pickup")}</p>
                </div>
                <fieldset>
                    <legend>{t!(i18n, errand_deliver_to)}</legend>
                    <label><input type="radio" name="deliver_to" value="client" checked/>" "{t!(i18n, errand_to_client)}</label>
                    <label><input type="radio" name="deliver_to" value="office"/>" "{t!(i18n, errand_to_office)}</label>
                </fieldset>
                <div class="field">
                    <label for="errand-client-ref">{t!(i18n, errand_client_ref)}</label>
                    <input id="errand-client-ref" name="client_ref" aria-describedby="errand-client-ref-help errand-client-ref-error"/>
                    <p id="errand-client-ref-help" class="help">{t!(i18n, errand_client_ref_help)}</p>
                    <p id="errand-client-ref-error" class="field-error">{field_error("client_ref")}</p>
                </div>
                <div class="field">
                    <label for="errand-address">{t!(i18n, errand_client_address)}</label>
                    <input id="errand-address" name="client_address" autocomplete="off" aria-describedby="errand-address-error"/>
                    <p id="errand-address-error" class="field-error">{field_error("client_address")}</p>
                </div>
                <div class="field">
                    <label for="errand-list">{t!(i18n, errand_list)}</label>
                    <textarea id="errand-list" name="list" rows="6" aria-describedby="errand-list-help errand-list-error"></textarea>
                    <p id="errand-list-help" class="help">{t!(i18n, errand_list_help)}</p>
                    <p id="errand-list-error" class="field-error">{field_error("list")}</p>
                </div>
                <div class="field">
                    <label for="errand-reg">{t!(i18n, errand_registration)}</label>
                    <input id="errand-reg" name="registration" autocapitalize="characters" aria-describedby="errand-reg-help errand-reg-error"/>
                    <p id="errand-reg-help" class="help">{t!(i18n, errand_registration_help)}</p>
                    <p id="errand-reg-error" class="field-error">{field_error("registration")}</p>
                </div>
                <div class="field">
                    <label for="errand-notes">{t!(i18n, errand_notes)}</label>
                    <textarea id="errand-notes" name="notes" rows="3" aria-describedby="errand-notes-error"></textarea>
                    <p id="errand-notes-error" class="field-error">{field_error("notes")}</p>
                </div>
                {move || match error.get() {
                    Some(e) if !matches!(e, AppError::Invalid { .. }) => Some(view! { <ErrorNotice error=e/> }),
                    _ => None,
                }}
                <button type="submit" class="button primary big" disabled=move || ask.pending().get()>{t!(i18n, request_errand)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn UnitErrand(errand: ErrandDetail, today: jiff::civil::Date, cancel: ServerAction<CancelErrand>) -> impl IntoView {
    let i18n = use_i18n();
    let e = errand.summary.clone();
    let id = e.id;
    let state = e.state;
    let when = e.clone();
    let reason_id = format!("cancel-reason-{id}");
    view! {
        <article class="errand">
            <h3>{move || kind_label(i18n.get_locale(), e.kind)}" · "{move || when_text(i18n.get_locale(), today, &when)}</h3>
            <p>
                <span class="badge">{move || state_label(i18n.get_locale(), state)}</span>
                {e.claimed_by.clone().map(|name| view! { " " {name} })}
            </p>
            <p>{t!(i18n, errand_pickup)}": "{e.pickup.clone()}</p>
            {e.client_ref.clone().map(|r| view! { <p>{t!(i18n, errand_client_ref)}": "{r}" · "{errand.client_address.clone()}</p> })}
            {(!errand.items.is_empty()).then(|| view! {
                <ul class="checklist">
                    {errand.items.clone().into_iter().map(|item| view! {
                        <li>
                            {item.quantity.clone().map(|q| format!("{q} "))}{item.name.clone()}
                            {item.outcome.map(|o| view! { " – " <strong>{move || outcome_label(i18n.get_locale(), o)}</strong> })}
                            {item.note.clone().map(|n| view! { " (" {n} ")" })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {errand.amount_ore.map(|o| view! { <p>{t!(i18n, errand_amount)}": "{format_amount(o)}</p> })}
            {errand.close_reason.clone().map(|r| view! { <p>{t!(i18n, errand_reason)}": "{r}</p> })}
            {(!state.is_closed()).then(|| view! {
                <ActionForm action=cancel attr:class="inline-add">
                    <input type="hidden" name="errand_id" value=id/>
                    {state.is_held().then(|| view! {
                        <div class="field">
                            <label for=reason_id.clone()>{t!(i18n, errand_cancel_reason)}</label>
                            <input id=reason_id.clone() name="reason"/>
                        </div>
                    })}
                    {(!state.is_held()).then(|| view! { <input type="hidden" name="reason" value=""/> })}
                    <button type="submit" class="button secondary">{t!(i18n, errand_cancel)}</button>
                </ActionForm>
            })}
        </article>
    }
}

/// "Vecka 48 (23 nov)".
fn week_label(locale: Locale, monday: jiff::civil::Date) -> String {
    format!(
        "{} {} ({} {})",
        td_string!(locale, week),
        monday.iso_week_date().week(),
        monday.day(),
        crate::components::dates::month_name(locale, monday.month())
    )
}

/// The states the follow-up counts, in the order of an errand's life; claimed and started count
/// together as under way.
const FOLLOW_UP_STATES: [&[ErrandState]; 4] = [
    &[ErrandState::Open, ErrandState::Claimed, ErrandState::Started],
    &[ErrandState::Delivered],
    &[ErrandState::NotCompleted],
    &[ErrandState::Cancelled],
];

/// Errands week by week, by type and state, with the care-staff time the delivered ones freed
/// (the unit page and the coordinator's situation picture). `labelled_by`: the id of the heading
/// that names the table.
#[component]
fn ErrandWeeks(weeks: Vec<WeekFollowUp>, labelled_by: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table class="errand-weeks">
                <thead><tr>
                    <th scope="col">{t!(i18n, errand_kind)}</th>
                    <th scope="col" class="num">{t!(i18n, errand_all_states)}</th>
                    <th scope="col" class="num">{t!(i18n, errand_pending)}</th>
                    <th scope="col" class="num">{t!(i18n, errand_state_delivered)}</th>
                    <th scope="col" class="num">{t!(i18n, errand_state_not_completed)}</th>
                    <th scope="col" class="num">{t!(i18n, errand_state_cancelled)}</th>
                </tr></thead>
                {weeks.into_iter().rev().map(|w| {
                    let monday = w.week;
                    let kinds: Vec<ErrandKind> = ErrandKind::ALL.into_iter().filter(|k| w.counts.iter().any(|c| c.0 == *k)).collect();
                    let counts = w.counts.clone();
                    view! {
                        <tbody>
                            <tr class="week-row">
                                <th scope="rowgroup" colspan="6">
                                    {move || week_label(i18n.get_locale(), monday)}" · "{t!(i18n, errand_hours_freed)}": "
                                    {crate::components::labels::hours(w.minutes_freed)}
                                </th>
                            </tr>
                            {kinds.is_empty().then(|| view! { <tr><td colspan="6" class="muted">{t!(i18n, no_errands_this_week)}</td></tr> })}
                            {kinds.into_iter().map(|kind| {
                                let of = |states: &[ErrandState]| -> i64 {
                                    counts.iter().filter(|c| c.0 == kind && states.contains(&c.1)).map(|c| c.2).sum()
                                };
                                let all: i64 = counts.iter().filter(|c| c.0 == kind).map(|c| c.2).sum();
                                view! {
                                    <tr>
                                        <th scope="row">{move || kind_label(i18n.get_locale(), kind)}</th>
                                        <td class="num">{all}</td>
                                        {FOLLOW_UP_STATES.into_iter().map(|states| view! { <td class="num">{of(states)}</td> }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    }
                }).collect_view()}
            </table>
        </div>
    }
}

/// The errands of the units the reader sees, for the situation picture (no personal data): the
/// last four weeks' totals per unit, each unit's weeks by type and state behind a disclosure,
/// and the minutes per errand type the estimate uses (coordinators set them).
#[component]
pub fn ErrandFigures() -> impl IntoView {
    let i18n = use_i18n();
    let live = live_version(|e| matches!(e, LiveEvent::Errands { .. }));
    // The type whose minutes were saved last: the figures are fetched again and say so.
    let saved = RwSignal::new(None::<ErrandKind>);
    let data = crate::components::resource(move || (live.get(), saved.get()), |_| get_errand_overview());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(o) => view! {
                        <section aria-labelledby="errand-figures-h">
                            <h2 id="errand-figures-h">{t!(i18n, errand_figures)}</h2>
                            {if o.units.is_empty() {
                                view! { <p class="muted">{t!(i18n, no_errand_figures)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="errand-figures-h">
                                        <table>
                                            <thead><tr>
                                                <th scope="col">{t!(i18n, unit)}</th>
                                                <th scope="col" class="num">{t!(i18n, errand_all_states)}</th>
                                                <th scope="col" class="num">{t!(i18n, errand_state_delivered)}</th>
                                                <th scope="col" class="num">{t!(i18n, errand_pending)}</th>
                                                <th scope="col" class="num">{t!(i18n, errand_hours_freed)}</th>
                                            </tr></thead>
                                            <tbody>
                                                {o.units.iter().map(|u| view! {
                                                    <tr>
                                                        <th scope="row"><a href=format!("#errand-unit-{}", u.unit_id)>{u.unit_name.clone()}</a></th>
                                                        <td class="num">{u.ordered}</td>
                                                        <td class="num">{u.delivered}</td>
                                                        <td class="num">{u.pending}</td>
                                                        <td class="num">{crate::components::labels::hours(u.minutes_freed)}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                    <h3 id="errand-weeks-h">{t!(i18n, errand_week_by_week)}</h3>
                                    {o.units.into_iter().map(|u| {
                                        let id = format!("errand-unit-{}", u.unit_id);
                                        view! {
                                            <details class="errand-unit" id=id.clone()>
                                                <summary><span id=format!("{id}-h")>{u.unit_name.clone()}</span></summary>
                                                <ErrandWeeks weeks=u.weeks labelled_by=format!("{id}-h")/>
                                            </details>
                                        }
                                    }).collect_view()}
                                }.into_any()
                            }}
                            <KindMinutesForm minutes=o.minutes may_set=o.may_set_minutes saved/>
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// How many minutes of care-staff time one delivered errand of each type counts as freeing:
/// read by unit managers, set by coordinators.
#[component]
fn KindMinutesForm(minutes: Vec<KindMinutes>, may_set: bool, saved: RwSignal<Option<ErrandKind>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3 id="errand-minutes-h">{t!(i18n, errand_minutes_per_kind)}</h3>
        <p class="help" id="errand-minutes-help">{t!(i18n, errand_minutes_help)}</p>
        <ul class="list kind-minutes">
            {minutes.into_iter().map(|m| {
                let kind = m.kind;
                let default_note = m.default.then(|| view! { " " <span class="muted">"("{t!(i18n, errand_minutes_default)}")"</span> });
                if may_set {
                    view! { <li><KindMinutesRow m saved/></li> }.into_any()
                } else {
                    view! {
                        <li>{move || kind_label(i18n.get_locale(), kind)}": "{crate::components::labels::hours(m.minutes)}{default_note}</li>
                    }.into_any()
                }
            }).collect_view()}
        </ul>
    }
}

/// One type's minutes, its own form (it posts without the wasm too) with its own error under
/// the field; a refused figure stays typed in the field until corrected.
#[component]
fn KindMinutesRow(m: KindMinutes, saved: RwSignal<Option<ErrandKind>>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetErrandMinutes>::new();
    let kind = m.kind;
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            saved.set(Some(kind));
        }
    });
    let input_id = format!("errand-minutes-{}", kind.code());
    let error_id = format!("{input_id}-error");
    let error = move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| crate::components::labels::error_message(i18n.get_locale(), &e))
    };
    // Saved through the wasm, or through a plain post that came back here.
    let query = use_query_map();
    let done = move || match saved.get() {
        Some(k) => k == kind,
        None => query.with(|q| q.get("sparad").as_deref() == Some(kind.code())),
    };
    view! {
        <ActionForm action attr:class="inline-add" attr:novalidate=true>
            <input type="hidden" name="kind" value=kind.code()/>
            <div class="field">
                <label for=input_id.clone()>
                    {move || kind_label(i18n.get_locale(), kind)}
                    {m.default.then(|| view! { " " <span class="muted">"("{t!(i18n, errand_minutes_default)}")"</span> })}
                </label>
                <input id=input_id.clone() name="minutes" type="number" inputmode="numeric" min="0"
                    max=crate::domain::errand::MAX_MINUTES_FREED step="5" value=m.minutes
                    aria-invalid=move || error().is_some().then_some("true")
                    aria-describedby=format!("errand-minutes-help {error_id}")/>
                <p id=error_id.clone() class="field-error" role="alert" hidden=move || error().is_none()>{error}</p>
            </div>
            <button type="submit" class="button secondary" disabled=move || action.pending().get()>{t!(i18n, save)}</button>
            <span role="status" class="success">{move || done().then(|| t_string!(i18n, saved))}</span>
        </ActionForm>
    }
}

/// Where a care worker starts an order: their unit's errand page (usually one unit).
#[component]
pub fn OrderErrandPage() -> impl IntoView {
    let i18n = use_i18n();
    let units = crate::components::resource(|| (), |_| errand_units());
    view! {
        <PageTitle text=move || t_string!(i18n, nav_order_errand).to_string()/>
        <h1>{t!(i18n, nav_order_errand)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match units.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, no_errand_units)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="list">
                            {list.into_iter().map(|(id, name)| view! {
                                <li><a class="button primary big" href=format!("/enhet/{id}/uppdrag")>{t!(i18n, unit_errands)}" – "{name}</a></li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

crate::components::lazy::lazy_page!(ErrandsRoute, ErrandsPage);
crate::components::lazy::lazy_page!(UnitErrandsRoute, UnitErrandsPage);
crate::components::lazy::lazy_page!(OrderErrandRoute, OrderErrandPage);
