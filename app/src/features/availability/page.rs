//! The pool worker's availability page: the usual week first, then the coming days one by one.
use super::*;
use crate::components::dates::{day_label, weekday_name};
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::domain::pool::OwnTime;
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

/// The name of a weekday counted 1 = Monday … 7 = Sunday.
fn weekday_label(locale: Locale, weekday: i64) -> &'static str {
    // 2026-01-05 is a Monday.
    weekday_name(locale, jiff::civil::date(2026, 1, 4 + weekday as i8))
}

#[component]
pub fn AvailabilityPage() -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetAvailability>::new();
    let week = ServerAction::<SetWeekAvailability>::new();
    let reset = ServerAction::<ResetAvailabilityDay>::new();
    let add_time = ServerAction::<AddAvailabilityTime>::new();
    let remove_time = ServerAction::<RemoveAvailabilityTime>::new();
    let repeat = ServerAction::<RepeatAvailability>::new();
    let profile = ServerAction::<SavePoolProfile>::new();
    let actions = DayActions { set, reset, add_time, remove_time };
    let mine = crate::components::resource(
        move || {
            (
                set.version().get(),
                week.version().get(),
                reset.version().get(),
                add_time.version().get(),
                remove_time.version().get(),
                repeat.version().get(),
                profile.version().get(),
            )
        },
        |_| get_my_availability(),
    );
    let query = use_query_map();
    let saved = move || matches!(profile.value().get(), Some(Ok(()))) || query.with(|q| q.get("sparad").is_some());
    view! {
        <PageTitle text=move || t_string!(i18n, nav_availability).to_string()/>
        <h1>{t!(i18n, nav_availability)}</h1>
        <p>{t!(i18n, availability_help)}</p>
        {move || {
            [
                set.value().get().and_then(Result::err),
                week.value().get().and_then(Result::err),
                reset.value().get().and_then(Result::err),
                add_time.value().get().and_then(Result::err),
                remove_time.value().get().and_then(Result::err),
                repeat.value().get().and_then(Result::err),
            ]
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
                        <Week days=m.week.clone() week/>
                        <Days days=m.days.clone() today=m.today actions/>
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

/// The fields and button of a one-tap toggle of one part, inside the caller's `ActionForm` (a
/// plain form, so it works before the wasm has loaded).
#[component]
fn PartButton(
    /// The hidden field naming what is toggled (`date` or `weekday`).
    key: (&'static str, String),
    part: DayPart,
    on: bool,
    #[prop(optional)] booked: bool,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <input type="hidden" name=key.0 value=key.1/>
        <input type="hidden" name="part" value=part.code()/>
        <input type="hidden" name="available" value=(!on).to_string()/>
        <button type="submit" class="toggle" aria-pressed=if on { "true" } else { "false" }
            disabled=move || booked || pending.get()
            title=move || booked.then(|| t_string!(i18n, part_booked).to_string())>
            {move || part_label(i18n.get_locale(), part)}
            {booked.then(|| view! { " · "{t!(i18n, booked_short)} })}
        </button>
    }
}

#[component]
fn Week(days: Vec<PatternDay>, week: ServerAction<SetWeekAvailability>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" id="varje-vecka" aria-labelledby="week-h">
            <h2 id="week-h">{t!(i18n, week_pattern_heading)}</h2>
            <p class="hint">{t!(i18n, week_pattern_help)}</p>
            <ul class="list availability">
                {days.into_iter().map(|d| {
                    let label_id = format!("weekday-{}", d.weekday);
                    let labelled_by = label_id.clone();
                    view! {
                        <li>
                          <div class="day-parts" role="group" aria-labelledby=labelled_by>
                            <span id=label_id class="when"><strong>{move || weekday_label(i18n.get_locale(), d.weekday)}</strong></span>
                            <span class="parts">
                                {DayPart::ALL.into_iter().map(|part| {
                                    let on = d.parts.contains(&part);
                                    view! {
                                        <ActionForm action=week attr:class="inline">
                                            <PartButton key=("weekday", d.weekday.to_string()) part on pending=week.pending()/>
                                        </ActionForm>
                                    }
                                }).collect_view()}
                            </span>
                          </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[derive(Clone, Copy)]
struct DayActions {
    set: ServerAction<SetAvailability>,
    reset: ServerAction<ResetAvailabilityDay>,
    add_time: ServerAction<AddAvailabilityTime>,
    remove_time: ServerAction<RemoveAvailabilityTime>,
}

#[component]
fn Days(days: Vec<AvailabilityDay>, today: jiff::civil::Date, actions: DayActions) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="days-h">
            <h2 id="days-h">{t!(i18n, coming_days_heading)}</h2>
            <ul class="list availability">
                {days.into_iter().map(|d| view! { <Day d today actions/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Day(d: AvailabilityDay, today: jiff::civil::Date, actions: DayActions) -> impl IntoView {
    let i18n = use_i18n();
    let date = d.date;
    let label_id = format!("day-{date}");
    let labelled_by = label_id.clone();
    let day_name = move || day_label(i18n.get_locale(), today, date);
    let (from_id, to_id) = (format!("from-{date}"), format!("to-{date}"));
    view! {
        <li>
          <div class="day-parts" role="group" aria-labelledby=labelled_by>
            <span id=label_id class="when"><strong>{day_name}</strong></span>
            <span class="parts">
                {DayPart::ALL.into_iter().map(|part| {
                    let (on, booked) = (d.parts.contains(&part), d.booked.contains(&part));
                    view! {
                        <ActionForm action=actions.set attr:class="inline">
                            <PartButton key=("date", date.to_string()) part on booked pending=actions.set.pending()/>
                        </ActionForm>
                    }
                }).collect_view()}
            </span>
          </div>
          {(!d.times.is_empty()).then(|| view! {
              <ul class="own-times" aria-label=move || t_string!(i18n, own_time).to_string()>
                  {d.times.iter().map(|&t: &OwnTime| {
                      let label = t.label();
                      let name = label.clone();
                      view! {
                          <li>
                              <span>{label}</span>
                              <ActionForm action=actions.remove_time attr:class="inline">
                                  <input type="hidden" name="date" value=date.to_string()/>
                                  <input type="hidden" name="start_minute" value=t.start_minute().to_string()/>
                                  <button type="submit" class="button secondary"
                                      aria-label=move || format!("{} {} {}", t_string!(i18n, remove_own_time), day_name(), name)>
                                      {t!(i18n, remove_own_time)}
                                  </button>
                              </ActionForm>
                          </li>
                      }
                  }).collect_view()}
              </ul>
          })}
          <div class="day-more">
            {d.by_hand.then(|| view! {
                <span class="hint">{t!(i18n, day_changed)}</span>
                <ActionForm action=actions.reset attr:class="inline">
                    <input type="hidden" name="date" value=date.to_string()/>
                    <button type="submit" class="button secondary"
                        aria-label=move || format!("{}: {}", day_name(), t_string!(i18n, follow_week))>
                        {t!(i18n, follow_week)}
                    </button>
                </ActionForm>
            })}
            <details>
                <summary>{t!(i18n, own_time)}<span class="visually-hidden">" "{day_name}</span></summary>
                <ActionForm action=actions.add_time attr:class="inline-add">
                    <input type="hidden" name="date" value=date.to_string()/>
                    <div class="field">
                        <label for=from_id.clone()>{t!(i18n, own_time_from)}</label>
                        <input id=from_id type="time" name="start" required step="900"/>
                    </div>
                    <div class="field">
                        <label for=to_id.clone()>{t!(i18n, own_time_to)}</label>
                        <input id=to_id type="time" name="end" required step="900"/>
                    </div>
                    <button type="submit" class="button" disabled=move || actions.add_time.pending().get()>{t!(i18n, add_own_time)}</button>
                </ActionForm>
            </details>
          </div>
        </li>
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
