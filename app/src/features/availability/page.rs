//! The pool worker's availability page.
use super::*;
use crate::components::dates::day_label;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub fn part_label(locale: Locale, part: DayPart) -> &'static str {
    match part {
        DayPart::Day => td_string!(locale, part_day),
        DayPart::Evening => td_string!(locale, part_evening),
        DayPart::Night => td_string!(locale, part_night),
    }
}

#[component]
pub fn AvailabilityPage() -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetAvailability>::new();
    let repeat = ServerAction::<RepeatAvailability>::new();
    let profile = ServerAction::<SavePoolProfile>::new();
    let mine = Resource::new(
        move || (set.version().get(), repeat.version().get(), profile.version().get()),
        |_| get_my_availability(),
    );
    let query = use_query_map();
    let saved = move || matches!(profile.value().get(), Some(Ok(()))) || query.with(|q| q.get("sparad").is_some());
    view! {
        <PageTitle text=move || t_string!(i18n, nav_availability).to_string()/>
        <h1>{t!(i18n, nav_availability)}</h1>
        <p>{t!(i18n, availability_help)}</p>
        {move || {
            [set.value().get().and_then(Result::err), repeat.value().get().and_then(Result::err)]
                .into_iter()
                .flatten()
                .next()
                .map(|error| view! { <ErrorNotice error/> })
        }}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match mine.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(m) => view! {
                        <Days days=m.days.clone() today=m.today set/>
                        <ActionForm action=repeat>
                            <button type="submit" class="button secondary" disabled=move || repeat.pending().get()>{t!(i18n, repeat_week)}</button>
                        </ActionForm>
                        <TravelForm mine=m profile saved/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Days(days: Vec<AvailabilityDay>, today: jiff::civil::Date, set: ServerAction<SetAvailability>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="list availability">
            {days.into_iter().map(|d| {
                let label_id = format!("day-{}", d.date);
                let labelled_by = label_id.clone();
                let date = d.date;
                view! {
                    <li>
                      <div class="day-parts" role="group" aria-labelledby=labelled_by>
                        <span id=label_id class="when"><strong>{move || day_label(i18n.get_locale(), today, date)}</strong></span>
                        <span class="parts">
                            {DayPart::ALL.into_iter().map(|part| {
                                let on = d.parts.contains(&part);
                                let booked = d.booked.contains(&part);
                                view! {
                                    <ActionForm action=set attr:class="inline">
                                        <input type="hidden" name="date" value=date.to_string()/>
                                        <input type="hidden" name="part" value=part.code()/>
                                        <input type="hidden" name="available" value=(!on).to_string()/>
                                        <button type="submit" class="toggle" aria-pressed=if on { "true" } else { "false" }
                                            disabled=move || booked || set.pending().get()
                                            title=move || booked.then(|| t_string!(i18n, part_booked).to_string())>
                                            {move || part_label(i18n.get_locale(), part)}
                                            {booked.then(|| view! { " · "{t!(i18n, booked_short)} })}
                                        </button>
                                    </ActionForm>
                                }
                            }).collect_view()}
                        </span>
                      </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn TravelForm(
    mine: MyAvailability,
    profile: ServerAction<SavePoolProfile>,
    saved: impl Fn() -> bool + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || profile.value().get().and_then(Result::err));
    let home = mine.home_area.clone().unwrap_or_default();
    view! {
        <section class="panel" aria-labelledby="travel-h">
            <h2 id="travel-h">{t!(i18n, travel_heading)}</h2>
            <ActionForm action=profile attr:class="stack">
                <div class="field">
                    <label for="home_area">{t!(i18n, home_area)}</label>
                    <select id="home_area" name="home_area">
                        <option value="" selected=home.is_empty()>{t!(i18n, home_area_none)}</option>
                        {mine.areas.into_iter().map(|a| {
                            let selected = a == home;
                            view! { <option value=a.clone() selected=selected>{a.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="max_travel_km">{t!(i18n, max_travel)}</label>
                    <select id="max_travel_km" name="max_travel_km">
                        {TRAVEL_CHOICES.into_iter().map(|km| view! {
                            <option value=km.to_string() selected=km == mine.max_travel_km>{format!("{km} km")}</option>
                        }).collect_view()}
                    </select>
                </div>
                <crate::components::form::FormFooter error saved=Signal::derive(saved) pending=profile.pending()/>
            </ActionForm>
        </section>
    }
}

crate::components::lazy::lazy_page!(AvailabilityRoute, AvailabilityPage);
