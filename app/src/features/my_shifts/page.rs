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

/// Which of a person's shifts the page shows: `?manad=2026-12` a month, `?tidigare=1` the past.
#[derive(Debug, Clone, PartialEq)]
enum ShiftsView {
    Upcoming,
    Month(String),
    Past,
}

/// What the page shows: the coming (or past) shifts, or a month.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
enum Shown {
    List(MyShifts),
    Month(MyMonth),
}

#[component]
pub fn MyShiftsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let view_of = move || {
        query.with(|q| match (q.get("manad"), q.get("tidigare")) {
            (Some(month), _) => ShiftsView::Month(month),
            (None, Some(_)) => ShiftsView::Past,
            (None, None) => ShiftsView::Upcoming,
        })
    };
    // Shifts given to me, taken from me or marked absent elsewhere show without a reload.
    let live = live_version(|e| matches!(e, LiveEvent::MyShifts));
    // One resource for whichever view is shown: each resource is its own task, its own entry in
    // the page's hydration data and its own wait, on every request of the phones' busiest page.
    let shown = crate::components::resource(
        move || (view_of(), live.get()),
        |(v, _)| async move {
            match v {
                ShiftsView::Month(m) => get_my_month(m).await.map(Shown::Month),
                v => get_my_shifts(v == ShiftsView::Past).await.map(Shown::List),
            }
        },
    );
    let heading = move || match view_of() {
        ShiftsView::Upcoming => t_string!(i18n, nav_my_shifts),
        ShiftsView::Month(_) => t_string!(i18n, month_view),
        ShiftsView::Past => t_string!(i18n, past_shifts),
    };
    let tab = move |this: fn(&ShiftsView) -> bool| move || this(&view_of()).then_some("page");
    view! {
        <PageTitle text=move || heading().to_string()/>
        <h1>{heading}</h1>
        <nav class="tabs" aria-label=move || t_string!(i18n, shifts_views)>
            <a href="/mina-pass" aria-current=tab(|v| *v == ShiftsView::Upcoming)>{t!(i18n, upcoming_shifts)}</a>
            <a href="/mina-pass?manad=" aria-current=tab(|v| matches!(v, ShiftsView::Month(_)))>{t!(i18n, month_view)}</a>
            <a href="/mina-pass?tidigare=1" aria-current=tab(|v| *v == ShiftsView::Past)>{t!(i18n, past_shifts)}</a>
        </nav>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match shown.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(Shown::List(mine)) => view! { <ShiftList mine=mine.shifts today=mine.today past=mine.past/> <CalendarLink has=mine.has_calendar/> }.into_any(),
                    Ok(Shown::Month(m)) => view! { <MonthView month=m/> }.into_any(),
                }
            })}
        </Transition>
    }
}

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
        first_of_month(first, months).map(|d| format!("/mina-pass?manad={}", year_month(d))).unwrap_or_default()
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

#[component]
fn CalendarLink(has: bool) -> impl IntoView {
    let i18n = use_i18n();
    let renew = ServerAction::<RenewCalendarLink>::new();
    view! {
        <section class="panel" aria-labelledby="cal-h">
            <h2 id="cal-h">{t!(i18n, calendar_heading)}</h2>
            <p>{t!(i18n, calendar_help)}</p>
            {has.then(|| view! { <p class="muted">{t!(i18n, calendar_exists)}</p> })}
            <button type="button" class="button secondary" on:click=move |_| { renew.dispatch(RenewCalendarLink {}); }>
                {move || if has { t_string!(i18n, calendar_renew) } else { t_string!(i18n, calendar_create) }}
            </button>
            {move || renew.value().get().map(|r| match r {
                Ok(path) => view! {
                    <div class="field">
                        <label for="calendar-link">{t!(i18n, calendar_link)}</label>
                        <input id="calendar-link" readonly value=absolute(&path)/>
                        <p class="help"><a href=webcal(&path)>{t!(i18n, calendar_open)}</a></p>
                    </div>
                }.into_any(),
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
            })}
        </section>
    }
}

fn absolute(path: &str) -> String {
    #[cfg(feature = "hydrate")]
    if let Some(origin) = web_sys::window().and_then(|w| w.location().origin().ok()) {
        return format!("{origin}{path}");
    }
    path.to_string()
}

fn webcal(path: &str) -> String {
    let abs = absolute(path);
    abs.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1)
}
