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

#[component]
pub fn OffersPage() -> impl IntoView {
    let i18n = use_i18n();
    let accept = ServerAction::<AcceptOffer>::new();
    let decline = ServerAction::<DeclineOffer>::new();
    // A new offer, or one taken back, shows without a reload.
    let live = live_version(|e| matches!(e, LiveEvent::MyOffers | LiveEvent::MyShifts));
    let offers =
        Resource::new(move || (live.get(), accept.version().get(), decline.version().get()), |_| get_my_offers());
    // After a plain form post (before the wasm, or without JavaScript) the answer is in the address.
    let query = use_query_map();
    let answered = move || {
        let plain = query.with(|q| q.get("svar"));
        match (accept.value().get(), decline.value().get(), plain.as_deref()) {
            (Some(Ok(_)), _, _) | (_, _, Some("ja")) => Some(t_string!(i18n, offer_accepted).to_string()),
            (_, Some(Ok(())), _) | (_, _, Some("nej")) => Some(t_string!(i18n, offer_declined).to_string()),
            _ => None,
        }
    };
    view! {
        <PageTitle text=move || t_string!(i18n, nav_offers).to_string()/>
        <h1>{t!(i18n, nav_offers)}</h1>
        <p role="status" class="success">{answered}</p>
        {move || {
            [accept.value().get().and_then(Result::err), decline.value().get().and_then(Result::err)]
                .into_iter()
                .flatten()
                .next()
                .map(|error| view! { <ErrorNotice error/> })
        }}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match offers.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(mine) => view! {
                        <OfferList offers=mine.offers today=mine.today accept decline/>
                        <BookingList bookings=mine.bookings today=mine.today/>
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
                view! {
                    <li>
                        <article class="offer" aria-labelledby=labelled_by>
                            <h2 id=heading>
                                {move || day_label(i18n.get_locale(), today, local(o.starts_at).date())}" "{time_range(o.starts_at, o.ends_at)}
                            </h2>
                            <p><strong>{o.unit_name.clone()}</strong>" · "{o.shift_name.clone()}</p>
                            <p>{o.unit_address.clone()}</p>
                            <p>{move || match (&comp, i18n.get_locale()) {
                                (Some((sv, _)), Locale::sv) => sv.clone(),
                                (Some((_, en)), Locale::en) => en.clone(),
                                (None, _) => t_string!(i18n, any_care_staff).to_string(),
                            }}</p>
                            <p class="muted">{t!(i18n, why_you)}" "{move || crate::features::pool::page::why_text(i18n.get_locale(), &why)}</p>
                            <p class="deadline">{move || t_string!(i18n, answer_by, when = crate::domain::time::format_local(o.deadline)).to_string()}</p>
                            <div class="actions">
                                <ActionForm action=accept>
                                    <input type="hidden" name="offer_id" value=o.id/>
                                    <button type="submit" class="button primary big" disabled=busy>{t!(i18n, accept_offer)}</button>
                                </ActionForm>
                                <ActionForm action=decline>
                                    <input type="hidden" name="offer_id" value=o.id/>
                                    <button type="submit" class="button secondary big" disabled=busy>{t!(i18n, decline_offer)}</button>
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
