//! Pages and components of this feature.
use super::*;
use crate::components::dates::{
    day_label, first_of_month, local, month_name, time_range, weekday_name, weekday_short, year_month,
};
use crate::components::labels::quality_role_label;
use crate::components::live::live_version;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::i18n::*;
use crate::live::LiveEvent;
use jiff::civil::Date;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The three views of a person's shifts, as tabs at the top of each.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tab {
    Upcoming,
    Month,
    Past,
}

/// The tabs between the coming shifts, the month calendar and the past shifts.
#[component]
fn ShiftsTabs(#[prop(into)] current: Signal<Tab>) -> impl IntoView {
    let i18n = use_i18n();
    let mark = move |tab: Tab| move || (current.get() == tab).then_some("page");
    view! {
        <nav class="tabs" aria-label=move || t_string!(i18n, shifts_views)>
            <a href="/mina-pass" aria-current=mark(Tab::Upcoming)>{t!(i18n, upcoming_shifts)}</a>
            <a href=MONTH_PATH aria-current=mark(Tab::Month)>{t!(i18n, month_view)}</a>
            <a href="/mina-pass?tidigare=1" aria-current=mark(Tab::Past)>{t!(i18n, past_shifts)}</a>
        </nav>
    }
}

/// The month calendar's own page (`?manad=2026-12`; this month without): its code is a chunk of
/// its own, fetched when someone opens it, not part of every first visit of *Mina pass*.
const MONTH_PATH: &str = "/mina-pass/manad";

/// The coming shifts (`?tidigare=1`: the past ones).
#[component]
pub fn MyShiftsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let past = move || query.with(|q| q.get("tidigare").is_some());
    // An address of the month view from before it had its own page.
    let month = query.with_untracked(|q| q.get("manad"));
    // Shifts given to me, taken from me or marked absent elsewhere show without a reload.
    let live = live_version(|e| matches!(e, LiveEvent::MyShifts));
    let shown = crate::components::resource(move || (past(), live.get()), |(past, _)| get_my_shifts(past));
    let heading = move || if past() { t_string!(i18n, past_shifts) } else { t_string!(i18n, nav_my_shifts) };
    view! {
        {month.map(|m| view! { <leptos_router::components::Redirect path=format!("{MONTH_PATH}?manad={m}")/> })}
        <PageTitle text=move || heading().to_string()/>
        <h1>{heading}</h1>
        <ShiftsTabs current=Signal::derive(move || if past() { Tab::Past } else { Tab::Upcoming })/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match shown.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(mine) => view! {
                        <ShiftList mine=mine.shifts today=mine.today past=mine.past/>
                        // Set up once, so it lives on the profile page (and its code in that
                        // page's chunk, not in every first visit of this one).
                        <p class="muted"><a href="/profil#cal-h">{t!(i18n, calendar_heading)}</a></p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A month of my shifts as a calendar, `?manad=2026-12` (this month without).
#[component]
pub fn MyMonthPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let month = move || query.with(|q| q.get("manad").unwrap_or_default());
    let live = live_version(|e| matches!(e, LiveEvent::MyShifts));
    let shown = crate::components::resource(move || (month(), live.get()), |(m, _)| get_my_month(m));
    view! {
        <PageTitle text=move || t_string!(i18n, month_view).to_string()/>
        <h1>{t!(i18n, month_view)}</h1>
        <ShiftsTabs current=Tab::Month/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match shown.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(m) => view! { <MonthView month=m/> }.into_any(),
                }
            })}
        </Transition>
    }
}

crate::components::lazy::lazy_page!(MyMonthRoute, MyMonthPage);

/// The shifts, the next one first. The list follows the language as a whole — one closure (and,
/// once hydrated, one effect) for the list instead of one for every date and badge of every
/// shift: the page is rendered for each request and hydrated on slow phones, and the language
/// changes seldom.
#[component]
fn ShiftList(mine: Vec<MyShift>, today: Date, past: bool) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        if mine.is_empty() {
            return view! { <p class="notice" role="status">{td_string!(locale, no_shifts)}</p> }.into_any();
        }
        let next = (!past).then(|| mine.iter().find(|s| !s.absent)).flatten();
        view! {
            {next.map(|s| view! {
                <section class="next-shift" aria-labelledby="next-h">
                    <h2 id="next-h">{td_string!(locale, next_shift)}</h2>
                    <p class="next-day">{day_label(locale, today, local(s.starts_at).date())}</p>
                    <p class="next-time">{time_range(s.starts_at, s.ends_at)}</p>
                    <p class="next-unit"><strong>{s.unit_name.clone()}</strong></p>
                    <p>{s.unit_address.clone()}</p>
                    {shift_badges(locale, s)}
                </section>
            })}
            {week_groups(locale, today, &mine)}
        }
        .into_any()
    }
}

/// Shifts under a heading per ISO week, in the order given.
fn week_groups(locale: Locale, today: Date, shifts: &[MyShift]) -> impl IntoView + use<> {
    let mut weeks: Vec<(i8, Vec<&MyShift>)> = Vec::new();
    for s in shifts {
        let week = local(s.starts_at).date().iso_week_date().week();
        match weeks.last_mut() {
            Some((w, list)) if *w == week => list.push(s),
            _ => weeks.push((week, vec![s])),
        }
    }
    weeks
        .into_iter()
        .map(|(week, list)| {
            let heading = format!("week-{week}");
            let labelled_by = heading.clone();
            view! {
                <section aria-labelledby=labelled_by>
                    <h2 id=heading>{td_string!(locale, week)}" "{week}</h2>
                    <ul class="list shifts">
                        {list.into_iter().map(|s| view! {
                            <li class:absent=s.absent>
                                <span class="when">
                                    <strong>{day_label(locale, today, local(s.starts_at).date())}</strong>
                                    " "{time_range(s.starts_at, s.ends_at)}
                                </span>
                                <span class="where">{format!("{} · {}", s.unit_name, s.unit_address)}</span>
                                {shift_badges(locale, s)}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

/// A month as a calendar (weeks in rows, Monday first, with week numbers) and, below it, the
/// month's shifts as a list with unit and address.
#[component]
fn MonthView(month: MyMonth) -> impl IntoView {
    let i18n = use_i18n();
    let (first, today) = (month.first_day, month.today);
    let shift_month = |months: i32| {
        first_of_month(first, months).map(|d| format!("{MONTH_PATH}?manad={}", year_month(d))).unwrap_or_default()
    };
    let (previous, next) = (shift_month(-1), shift_month(1));
    let title = move || format!("{} {}", month_name(i18n.get_locale(), first.month()), first.year());
    let (shifts, listed) = (month.shifts.clone(), month.shifts);
    let on_day =
        move |day: Date| shifts.iter().filter(|s| local(s.starts_at).date() == day).cloned().collect::<Vec<_>>();
    view! {
        <nav class="pager" aria-label=move || t_string!(i18n, month_navigation)>
            <a class="button secondary" href=previous>{t!(i18n, previous_month)}</a>
            <a class="button secondary" href=next>{t!(i18n, next_month)}</a>
        </nav>
        <div class="table-wrap">
            <table class="month">
                <caption>{title}</caption>
                <thead><tr>
                    <th scope="col"><abbr title=move || t_string!(i18n, week)>{t!(i18n, week_short)}</abbr></th>
                    {(1..=7).map(|d| view! {
                        <th scope="col"><abbr title=move || weekday_name(i18n.get_locale(), jiff::civil::date(2026, 1, 4 + d))>{move || weekday_short(i18n.get_locale(), d as i64)}</abbr></th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {crate::domain::schedule::month_weeks(first).into_iter().map(|week| {
                        let on_day = on_day.clone();
                        view! {
                            <tr>
                                <th scope="row">{week[0].iso_week_date().week()}</th>
                                {week.into_iter().map(|day| {
                                    let in_month = day.month() == first.month();
                                    let list = if in_month { on_day(day) } else { vec![] };
                                    let has_shift = !list.is_empty();
                                    view! {
                                        <td class:other-month=!in_month class:today=day == today class:has-shift=has_shift
                                            aria-current=(day == today).then_some("date")>
                                            {in_month.then(|| view! { <span class="day-no">{day.day()}</span> })}
                                            {list.into_iter().map(|s| view! {
                                                <span class="mini" class:absent=s.absent>{format!("{:02}–{:02}", local(s.starts_at).hour(), local(s.ends_at).hour())}</span>
                                            }).collect_view()}
                                        </td>
                                    }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {move || {
            let locale = i18n.get_locale();
            if listed.is_empty() {
                view! { <p class="notice" role="status">{td_string!(locale, no_shifts_month)}</p> }.into_any()
            } else {
                week_groups(locale, today, &listed).into_any()
            }
        }}
    }
}

fn shift_badges(locale: Locale, s: &MyShift) -> impl IntoView + use<> {
    view! {
        <span class="badges">
            {s.shift_name.clone().map(|n| view! { <span class="badge">{n}</span> })}
            {s.quality_role.map(|r| view! { <span class="badge">{quality_role_label(locale, r)}</span> })}
            {s.resource.then(|| view! { <span class="badge">{td_string!(locale, resource_shift)}</span> })}
            {s.absent.then(|| view! { <span class="badge warn">{td_string!(locale, absent)}</span> })}
        </span>
    }
}
