//! The pool worker's offers and bookings.
use super::*;
use crate::components::dates::{day_label, local, time_range};
use crate::components::live::live_version;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::i18n::*;
use crate::live::LiveEvent;
use jiff::civil::Date;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// An answer given without a connection: kept on the phone (local storage) and sent when the
/// connection is back. The offer id is the idempotency key — the server answers a repeated
/// accept with the same booking and a repeated decline with nothing done — and a later answer to
/// the same offer replaces an earlier one still waiting. Each answer is the person's who gave it:
/// if someone else signs in on the same phone, it waits for its own person rather than being sent
/// as theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedAnswer {
    pub offer_id: i64,
    pub accept: bool,
    /// Entries from before answers had an owner have none, and are never sent.
    #[serde(default)]
    pub person_id: i64,
}

const QUEUE_KEY: &str = "skiftet-offer-answers";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn queued_all() -> Vec<QueuedAnswer> {
    storage()
        .and_then(|s| s.get_item(QUEUE_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn store(queue: &[QueuedAnswer]) {
    let Some(s) = storage() else { return };
    let _ = match serde_json::to_string(queue) {
        Ok(json) if !queue.is_empty() => s.set_item(QUEUE_KEY, &json),
        _ => s.remove_item(QUEUE_KEY),
    };
}

/// The answers waiting that are `me`'s.
fn queued(me: i64) -> Vec<QueuedAnswer> {
    queued_all().into_iter().filter(|a| a.person_id == me).collect()
}

fn enqueue(answer: QueuedAnswer) {
    let mut queue = queued_all();
    queue.retain(|a| a.offer_id != answer.offer_id);
    queue.push(answer);
    store(&queue);
}

fn dequeue(offer_id: i64) {
    let mut queue = queued_all();
    queue.retain(|a| a.offer_id != offer_id);
    store(&queue);
}

/// What became of the answers sent from the queue.
#[derive(Debug, Clone, PartialEq)]
enum Sent {
    Confirmed(bool),
    Refused(AppError),
}

#[component]
pub fn OffersPage() -> impl IntoView {
    let i18n = use_i18n();
    let accept = ServerAction::<AcceptOffer>::new();
    let decline = ServerAction::<DeclineOffer>::new();
    let claim = ServerAction::<ClaimOpenShift>::new();
    // Answers waiting for a connection, and what became of those sent since.
    let waiting = RwSignal::new(Vec::<QueuedAnswer>::new());
    let sent = RwSignal::new(None::<Sent>);
    let flushed = RwSignal::new(0u32);
    // A new offer, or one taken back, shows without a reload.
    let live = live_version(|e| matches!(e, LiveEvent::MyOffers | LiveEvent::MyShifts));
    // Fetched again after an answer the server *took* (not on every action's `version()`): a tap
    // without a connection must leave the offers on screen, not swap them for an error.
    let answered_ok = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(accept.value().get(), Some(Ok(_)))
            || matches!(decline.value().get(), Some(Ok(_)))
            || matches!(claim.value().get(), Some(Ok(_)))
        {
            answered_ok.update(|n| *n += 1);
        }
    });
    let offers =
        crate::components::resource(move || (live.get(), answered_ok.get(), flushed.get()), |_| get_my_offers());
    // Who is signed in, as the server says (from the cached page when offline): the queue's owner.
    let me = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(Ok(m)) = offers.get()
            && me.get_untracked() != Some(m.me)
        {
            me.set(Some(m.me));
        }
    });
    // A tap without a connection is kept, not lost: the action remembers its offer while under way.
    let accepting = StoredValue::new(None::<i64>);
    let declining = StoredValue::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(input) = accept.input().get() {
            accepting.set_value(Some(input.offer_id));
        }
    });
    Effect::new(move |_| {
        if let Some(input) = decline.input().get() {
            declining.set_value(Some(input.offer_id));
        }
    });
    Effect::new(move |_| {
        if let (Some(Err(AppError::Network(_))), Some(offer_id), Some(person_id)) =
            (accept.value().get(), accepting.get_value(), me.get_untracked())
        {
            enqueue(QueuedAnswer { offer_id, accept: true, person_id });
            waiting.set(queued(person_id));
        }
    });
    Effect::new(move |_| {
        if let (Some(Err(AppError::Network(_))), Some(offer_id), Some(person_id)) =
            (decline.value().get(), declining.get_value(), me.get_untracked())
        {
            enqueue(QueuedAnswer { offer_id, accept: false, person_id });
            waiting.set(queued(person_id));
        }
    });
    // Sends what waits, in order, until the connection fails again.
    let flush = move || {
        let Some(person) = me.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            let waited = queued(person);
            if waited.is_empty() {
                return;
            }
            for answer in waited {
                let result = if answer.accept {
                    accept_offer(answer.offer_id).await.map(|_| ())
                } else {
                    decline_offer(answer.offer_id).await
                };
                match result {
                    Err(AppError::Network(_)) => break,
                    Ok(()) => sent.set(Some(Sent::Confirmed(answer.accept))),
                    Err(error) => sent.set(Some(Sent::Refused(error))),
                }
                dequeue(answer.offer_id);
            }
            waiting.set(queued(person));
            flushed.update(|n| *n += 1);
        });
    };
    // Once the page knows who is signed in (effects run only in the browser), and whenever the
    // connection comes back.
    Effect::new(move |_| {
        if let Some(person) = me.get() {
            waiting.set(queued(person));
            flush();
        }
    });
    Effect::new(move |_| crate::components::live::on_online(flush));
    // After a plain form post (before the wasm, or without JavaScript) the answer is in the address.
    let query = use_query_map();
    let answered = move || {
        let plain = query.with(|q| q.get("svar"));
        match (accept.value().get(), decline.value().get(), plain.as_deref(), sent.get()) {
            (_, _, _, Some(Sent::Confirmed(true))) => Some(t_string!(i18n, offer_accepted).to_string()),
            (_, _, _, Some(Sent::Confirmed(false))) => Some(t_string!(i18n, offer_declined).to_string()),
            (Some(Ok(_)), _, _, _) | (_, _, Some("ja"), _) => Some(t_string!(i18n, offer_accepted).to_string()),
            _ if matches!(claim.value().get(), Some(Ok(_))) => Some(t_string!(i18n, offer_accepted).to_string()),
            (_, Some(Ok(())), _, _) | (_, _, Some("nej"), _) => Some(t_string!(i18n, offer_declined).to_string()),
            _ => None,
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, nav_offers).to_string()/>
        <h1>{t!(i18n, nav_offers)}</h1>
        <p role="status" class="success">{answered}</p>
        {move || {
            let refused = match sent.get() {
                Some(Sent::Refused(error)) => Some(error),
                _ => None,
            };
            // A tap that found no connection is queued, not an error.
            [
                refused,
                accept.value().get().and_then(Result::err),
                decline.value().get().and_then(Result::err),
                claim.value().get().and_then(Result::err),
            ]
                .into_iter()
                .flatten()
                .find(|e| !matches!(e, AppError::Network(_)))
                .map(|error| view! { <ErrorNotice error/> })
        }}
        {move || (!waiting.get().is_empty()).then(|| view! {
            <div class="notice notice-offline" role="status"><p>{t!(i18n, answers_waiting)}</p></div>
        })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match offers.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(mine) => view! {
                        <OfferList offers=mine.offers today=mine.today accept decline waiting/>
                        <OpenShifts shifts=mine.open_shifts today=mine.today claim/>
                        <BookingList bookings=mine.bookings today=mine.today/>
                        <super::push::PushPanel/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OfferList(
    offers: Vec<MyOffer>,
    today: Date,
    accept: ServerAction<AcceptOffer>,
    decline: ServerAction<DeclineOffer>,
    waiting: RwSignal<Vec<QueuedAnswer>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if offers.is_empty() {
        return view! { <p class="notice" role="status">{t!(i18n, no_offers)}</p> }.into_any();
    }
    let busy = move || accept.pending().get() || decline.pending().get();
    view! {
        <ul class="list offers">
            {offers.into_iter().map(|o| {
                let heading = format!("offer-{}", o.id);
                let labelled_by = heading.clone();
                let comp = o.competence_sv.clone().zip(o.competence_en.clone());
                let why = o.why.clone();
                let id = o.id;
                let queued_answer = move || waiting.get().into_iter().find(|a| a.offer_id == id).map(|a| a.accept);
                view! {
                    <li>
                        <article class="offer" aria-labelledby=labelled_by>
                            <h2 id=heading>
                                {move || day_label(i18n.get_locale(), today, local(o.starts_at).date())}" "{time_range(o.starts_at, o.ends_at)}
                            </h2>
                            <p><strong>{o.unit_name.clone()}</strong>" · "{o.shift_name.clone()}</p>
                            <p>{o.unit_address.clone()}</p>
                            <p>{move || crate::components::labels::competence_or_any(i18n.get_locale(), &comp)}</p>
                            <p class="muted">{t!(i18n, why_you)}" "{move || crate::features::pool::page::why_text(i18n.get_locale(), &why)}</p>
                            <p class="deadline">{move || t_string!(i18n, answer_by, when = crate::domain::time::format_local(o.deadline)).to_string()}</p>
                            {move || queued_answer().map(|yes| view! {
                                <p class="notice notice-offline">
                                    {if yes { t_string!(i18n, accept_waiting) } else { t_string!(i18n, decline_waiting) }}
                                </p>
                            })}
                            <div class="actions">
                                <ActionForm action=accept>
                                    <input type="hidden" name="offer_id" value=o.id/>
                                    <button type="submit" class="button primary big" disabled=move || busy() || queued_answer().is_some()>{t!(i18n, accept_offer)}</button>
                                </ActionForm>
                                <ActionForm action=decline>
                                    <input type="hidden" name="offer_id" value=o.id/>
                                    <button type="submit" class="button secondary big" disabled=move || busy() || queued_answer().is_some()>{t!(i18n, decline_offer)}</button>
                                </ActionForm>
                            </div>
                        </article>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn OpenShifts(shifts: Vec<OpenShift>, today: Date, claim: ServerAction<ClaimOpenShift>) -> impl IntoView {
    let i18n = use_i18n();
    if shifts.is_empty() {
        return ().into_any();
    }
    view! {
        <section aria-labelledby="open-h">
            <h2 id="open-h">{t!(i18n, open_shifts)}</h2>
            <ul class="list offers">
                {shifts.into_iter().map(|o| {
                    let heading = format!("open-{}", o.request_id);
                    let labelled_by = heading.clone();
                    let comp = o.competence_sv.clone().zip(o.competence_en.clone());
                    view! {
                        <li>
                            <article class="offer" aria-labelledby=labelled_by>
                                <h3 id=heading>
                                    {move || day_label(i18n.get_locale(), today, local(o.starts_at).date())}" "{time_range(o.starts_at, o.ends_at)}
                                </h3>
                                <p><strong>{o.unit_name.clone()}</strong>" · "{o.shift_name.clone()}</p>
                                <p>{o.unit_address.clone()}</p>
                                <p>{move || crate::components::labels::competence_or_any(i18n.get_locale(), &comp)}" · "{move || t_string!(i18n, places_free, n = o.free).to_string()}</p>
                                <ActionForm action=claim>
                                    <input type="hidden" name="request_id" value=o.request_id/>
                                    <button type="submit" class="button primary big" disabled=move || claim.pending().get()>{t!(i18n, book_open_shift)}</button>
                                </ActionForm>
                            </article>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn BookingList(bookings: Vec<MyBooking>, today: Date) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="bookings-h">
            <h2 id="bookings-h">{t!(i18n, my_bookings)}</h2>
            {if bookings.is_empty() {
                view! { <p class="muted">{t!(i18n, no_bookings)}</p> }.into_any()
            } else {
                view! {
                    <ul class="list shifts">
                        {bookings.into_iter().map(|b| {
                            let cancelled = b.cancel_reason.clone();
                            let is_cancelled = cancelled.is_some();
                            view! {
                                <li class:absent=is_cancelled>
                                    <span class="when">
                                        <strong>{move || day_label(i18n.get_locale(), today, local(b.starts_at).date())}</strong>
                                        " "{time_range(b.starts_at, b.ends_at)}
                                    </span>
                                    <span class="where">{b.unit_name.clone()}" · "{b.unit_address.clone()}</span>
                                    {match cancelled {
                                        None => view! {
                                            <span class="muted">{move || t_string!(i18n, booked_at, when = crate::domain::time::format_local(b.confirmed_at)).to_string()}</span>
                                        }.into_any(),
                                        Some(reason) => view! {
                                            <span class="badge warn">{t!(i18n, booking_cancelled)}</span>" "<span>{reason}</span>
                                        }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

crate::components::lazy::lazy_page!(OffersRoute, OffersPage);
