//! Shifts on the phone and schedules on the tablet.
use crate::api::schedule::*;
use crate::components::labels::{breach_text, hours, quality_role_label, shift_kind_label};
use crate::components::{ErrorNotice, Loading};
use crate::domain::schedule::{QualityRole, RotationCell, ShiftKind};
use crate::domain::time::stockholm;
use crate::i18n::*;
use crate::model::{Candidate, MyShift, PlannedShift, ShiftPlan};
use jiff::Timestamp;
use jiff::civil::Date;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn local(seconds: i64) -> jiff::Zoned {
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH).to_zoned(stockholm())
}

fn weekday_name(locale: Locale, date: Date) -> &'static str {
    use jiff::civil::Weekday::*;
    match date.weekday() {
        Monday => td_string!(locale, monday),
        Tuesday => td_string!(locale, tuesday),
        Wednesday => td_string!(locale, wednesday),
        Thursday => td_string!(locale, thursday),
        Friday => td_string!(locale, friday),
        Saturday => td_string!(locale, saturday),
        Sunday => td_string!(locale, sunday),
    }
}

/// "Idag", "I morgon" or "Torsdag 26/11".
fn day_label(locale: Locale, date: Date) -> String {
    let today = Timestamp::now().to_zoned(stockholm()).date();
    if date == today {
        td_string!(locale, today).to_string()
    } else if today.tomorrow().ok() == Some(date) {
        td_string!(locale, tomorrow).to_string()
    } else {
        format!("{} {}/{}", weekday_name(locale, date), date.day(), date.month())
    }
}

fn time_range(start: i64, end: i64) -> String {
    format!("{}–{}", local(start).strftime("%H:%M"), local(end).strftime("%H:%M"))
}

/// Which of a person's shifts the page shows: `?manad=2026-12` a month, `?tidigare=1` the past.
#[derive(Debug, Clone, PartialEq)]
enum ShiftsView {
    Upcoming,
    Month(String),
    Past,
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
    let list = Resource::new(view_of, |v| async move {
        match v {
            ShiftsView::Month(_) => Ok(None),
            v => get_my_shifts(v == ShiftsView::Past).await.map(Some),
        }
    });
    let month = Resource::new(view_of, |v| async move {
        match v {
            ShiftsView::Month(m) => get_my_month(m).await.map(Some),
            _ => Ok(None),
        }
    });
    let heading = move || match view_of() {
        ShiftsView::Upcoming => t_string!(i18n, nav_my_shifts),
        ShiftsView::Month(_) => t_string!(i18n, month_view),
        ShiftsView::Past => t_string!(i18n, past_shifts),
    };
    let tab = move |this: fn(&ShiftsView) -> bool| move || this(&view_of()).then_some("page");
    view! {
        <Title text=move || heading().to_string()/>
        <h1>{heading}</h1>
        <nav class="tabs" aria-label=move || t_string!(i18n, shifts_views)>
            <a href="/mina-pass" aria-current=tab(|v| *v == ShiftsView::Upcoming)>{t!(i18n, upcoming_shifts)}</a>
            <a href="/mina-pass?manad=" aria-current=tab(|v| matches!(v, ShiftsView::Month(_)))>{t!(i18n, month_view)}</a>
            <a href="/mina-pass?tidigare=1" aria-current=tab(|v| *v == ShiftsView::Past)>{t!(i18n, past_shifts)}</a>
        </nav>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (list.await, month.await) {
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                    (Ok(Some(mine)), _) => view! { <ShiftList mine=mine.shifts past=mine.past/> <CalendarLink has=mine.has_calendar/> }.into_any(),
                    (_, Ok(Some(m))) => view! { <MonthView month=m/> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ShiftList(mine: Vec<MyShift>, past: bool) -> impl IntoView {
    let i18n = use_i18n();
    if mine.is_empty() {
        return view! { <p class="notice" role="status">{t!(i18n, no_shifts)}</p> }.into_any();
    }
    let next = (!past).then(|| mine.iter().find(|s| !s.absent).cloned()).flatten();
    view! {
        {next.map(|s| view! {
            <section class="next-shift" aria-labelledby="next-h">
                <h2 id="next-h">{t!(i18n, next_shift)}</h2>
                <p class="next-day">{move || day_label(i18n.get_locale(), local(s.starts_at).date())}</p>
                <p class="next-time">{time_range(s.starts_at, s.ends_at)}</p>
                <p class="next-unit"><strong>{s.unit_name.clone()}</strong></p>
                <p>{s.unit_address.clone()}</p>
                <ShiftBadges s=s.clone()/>
            </section>
        })}
        <WeekGroups shifts=mine/>
    }
    .into_any()
}

/// Shifts under a heading per ISO week, in the order given.
#[component]
fn WeekGroups(shifts: Vec<MyShift>) -> impl IntoView {
    let i18n = use_i18n();
    let mut weeks: Vec<(i8, Vec<MyShift>)> = Vec::new();
    for s in shifts.into_iter() {
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
                    <h2 id=heading>{t!(i18n, week)}" "{week}</h2>
                    <ul class="list shifts">
                        {list.into_iter().map(|s| view! {
                            <li class:absent=s.absent>
                                <span class="when">
                                    <strong>{move || day_label(i18n.get_locale(), local(s.starts_at).date())}</strong>
                                    " "{time_range(s.starts_at, s.ends_at)}
                                </span>
                                <span class="where">{s.unit_name.clone()}" · "{s.unit_address.clone()}</span>
                                <ShiftBadges s=s.clone()/>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

fn month_name(locale: Locale, month: i8) -> &'static str {
    match month {
        1 => td_string!(locale, month_1),
        2 => td_string!(locale, month_2),
        3 => td_string!(locale, month_3),
        4 => td_string!(locale, month_4),
        5 => td_string!(locale, month_5),
        6 => td_string!(locale, month_6),
        7 => td_string!(locale, month_7),
        8 => td_string!(locale, month_8),
        9 => td_string!(locale, month_9),
        10 => td_string!(locale, month_10),
        11 => td_string!(locale, month_11),
        _ => td_string!(locale, month_12),
    }
}

/// A month as a calendar (weeks in rows, Monday first, with week numbers) and, below it, the
/// month's shifts as a list with unit and address.
#[component]
fn MonthView(month: crate::model::MyMonth) -> impl IntoView {
    let i18n = use_i18n();
    let first: Date = month.first_day.parse().unwrap_or_default();
    let shift_month = |months: i64| {
        first
            .checked_add(jiff::Span::new().months(months))
            .map(|d| format!("/mina-pass?manad={}", d.strftime("%Y-%m")))
            .unwrap_or_default()
    };
    let (previous, next) = (shift_month(-1), shift_month(1));
    let today = Timestamp::now().to_zoned(stockholm()).date();
    let title = move || format!("{} {}", month_name(i18n.get_locale(), first.month()), first.year());
    let shifts = month.shifts.clone();
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
                                                <span class="mini" class:absent=s.absent>{format!("{}–{}", local(s.starts_at).strftime("%H"), local(s.ends_at).strftime("%H"))}</span>
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
        {if month.shifts.is_empty() {
            view! { <p class="notice" role="status">{t!(i18n, no_shifts_month)}</p> }.into_any()
        } else {
            view! { <WeekGroups shifts=month.shifts/> }.into_any()
        }}
    }
}

#[component]
fn ShiftBadges(s: MyShift) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badges">
            {s.shift_name.clone().map(|n| view! { <span class="badge">{n}</span> })}
            {s.quality_role.map(|r| view! { <span class="badge">{move || quality_role_label(i18n.get_locale(), r)}</span> })}
            {s.resource.then(|| view! { <span class="badge">{t!(i18n, resource_shift)}</span> })}
            {s.absent.then(|| view! { <span class="badge warn">{t!(i18n, absent)}</span> })}
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

/// The unit a unit page is about, from its `/enhet/:id/…` path (0, which no unit has, if absent).
fn use_unit_id() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default())
}

fn shift_week(date_raw: &str, days: i64) -> String {
    date_raw
        .parse::<Date>()
        .ok()
        .and_then(|d| d.checked_add(jiff::Span::new().days(days)).ok())
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[component]
pub fn UnitWeekPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let unit_id = use_unit_id();
    let week = move || query.with(|q| q.get("v").unwrap_or_default());
    let changed = RwSignal::new(0u32);
    provide_context(WeekChanged(changed));
    let data = Resource::new(move || (unit_id(), week(), changed.get()), |(u, w, _)| unit_week(u, w));
    view! {
        <Title text=move || t_string!(i18n, week_view).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(w) => {
                        let week_no = w.week_start.parse::<Date>().map(|d| d.iso_week_date().week()).unwrap_or_default();
                        let base = format!("/enhet/{}/vecka?v=", w.unit_id);
                        let unit_id = w.unit_id;
                        provide_context(SwapChoices(
                            w.days
                                .iter()
                                .flat_map(|d| d.rows.iter().map(move |r| (d.date.clone(), r)))
                                .flat_map(|(date, r)| {
                                    r.shifts.iter().filter(|s| !s.absent && s.person_id.is_some()).map(move |s| {
                                        (s.id, date.clone(), format!("{} {}–{}", r.shift_name, r.start, r.end), s.person_name.clone().unwrap_or_default())
                                    })
                                })
                                .collect(),
                        ));
                        view! {
                            <h1>{w.unit_name.clone()}" – "{t!(i18n, week)}" "{week_no}</h1>
                            <nav class="pager" aria-label=move || t_string!(i18n, week_navigation)>
                                <a class="button secondary" href=format!("{base}{}", shift_week(&w.week_start, -7))>{t!(i18n, previous_week)}</a>
                                <a class="button secondary" href=format!("/enhet/{unit_id}/uppfoljning?v={}", w.week_start)>{t!(i18n, follow_up)}</a>
                                <a class="button secondary" href=format!("{base}{}", shift_week(&w.week_start, 7))>{t!(i18n, next_week)}</a>
                            </nav>
                            <GenerateForm unit_id week=w.week_start.clone() changed/>
                            {w.days.into_iter().map(|day| {
                                let date: Date = day.date.parse().unwrap_or_default();
                                let date_raw = day.date.clone();
                                view! {
                                    <section class="day" aria-label=move || day_label(i18n.get_locale(), date)>
                                        <h2>{move || day_label(i18n.get_locale(), date)}</h2>
                                        {day.rows.into_iter().map(|row| view! { <ShiftRow row unit_id date=date_raw.clone() changed/> }).collect_view()}
                                    </section>
                                }
                            }).collect_view()}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The week's staffed shifts a shift can be swapped with: (id, date, shift, person).
#[derive(Clone)]
struct SwapChoices(Vec<(i64, String, String, String)>);

/// What the assign panel is about: a gap (new shift) or an existing shift.
#[derive(Clone, PartialEq)]
enum Assigning {
    Gap { shift_type_id: i64, kind: ShiftKind },
    Shift { id: i64, kind: ShiftKind },
}

#[component]
fn ShiftRow(row: ShiftPlan, unit_id: i64, date: String, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(None::<Assigning>);
    let absent = ServerAction::<MarkAbsent>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = absent.value().get() {
            changed.update(|c| *c += 1);
        }
    });
    let need: i64 = row.coverage.iter().map(|c| c.headcount).sum();
    let staffed = row.shifts.iter().filter(|s| s.person_id.is_some() && !s.absent).count();
    let gap = row.gap;
    let has_gap = gap > 0;
    let type_id = row.shift_type_id;
    let coverage = row.coverage.clone();
    // A gap in a quality role is filled as that role; otherwise as an ordinary shift.
    let gap_kind = row
        .coverage
        .iter()
        .find(|c| c.quality_role.is_some() && c.scheduled < c.headcount)
        .and_then(|c| c.quality_role)
        .map(ShiftKind::Quality)
        .unwrap_or(ShiftKind::Ordinary);
    let title = format!("{} {}–{}", row.shift_name, row.start, row.end);
    view! {
        <div class="shift-row" class:has-gap=has_gap>
            <h3>{title.clone()}</h3>
            <p>
                {t!(i18n, need)}" "{need}" · "{t!(i18n, scheduled)}" "{staffed}
                {(gap > 0).then(|| view! { " · " <strong class="gap">{t!(i18n, missing)}" "{gap}</strong> })}
            </p>
            <p class="muted coverage">
                {move || coverage.iter().filter(|c| c.competence_sv.is_some() || c.quality_role.is_some()).map(|c| {
                    let en = i18n.get_locale() == Locale::en;
                    let label = match (&c.quality_role, &c.competence_sv, &c.competence_en) {
                        (Some(r), _, _) => quality_role_label(i18n.get_locale(), *r).to_string(),
                        (None, Some(sv), Some(e)) => if en { e.clone() } else { sv.clone() },
                        _ => String::new(),
                    };
                    format!("{label} {}/{}", c.scheduled, c.headcount)
                }).collect::<Vec<_>>().join(" · ")}
            </p>
            <ul class="list">
                {row.shifts.into_iter().map(|s| view! { <PlannedRow s open absent/> }).collect_view()}
            </ul>
            {(gap > 0).then(|| view! {
                <button type="button" class="button primary" on:click=move |_| open.set(Some(Assigning::Gap { shift_type_id: type_id, kind: gap_kind }))>
                    {t!(i18n, fill_gap)}" – "{title.clone()}
                </button>
            })}
            {move || open.get().map(|target| view! { <AssignPanel target unit_id date=date.clone() open changed/> })}
        </div>
    }
}

#[component]
fn PlannedRow(s: PlannedShift, open: RwSignal<Option<Assigning>>, absent: ServerAction<MarkAbsent>) -> impl IntoView {
    let i18n = use_i18n();
    let swapping = RwSignal::new(false);
    let swap_label = format!("{} ({})", t_string!(i18n, swap), s.person_name.clone().unwrap_or_default());
    let can_swap = s.person_id.is_some() && !s.absent;
    let id = s.id;
    let kind = ShiftKind::of(s.quality_role, s.resource);
    let name = s.person_name.clone().unwrap_or_default();
    let give_label = format!("{} ({name})", t_string!(i18n, give_to_other));
    let absent_label = format!("{} ({name})", t_string!(i18n, mark_absent));
    let breaches = s.breaches.clone();
    view! {
        <li class:absent=s.absent>
            <span>
                <strong>{s.person_name.clone().unwrap_or_else(|| t_string!(i18n, vacant).to_string())}</strong>
                {s.quality_role.map(|r| view! { " " <span class="badge">{move || quality_role_label(i18n.get_locale(), r)}</span> })}
                {s.resource.then(|| view! { " " <span class="badge">{t!(i18n, resource_shift)}</span> })}
                {s.absent.then(|| view! { " " <span class="badge warn">{t!(i18n, absent)}</span> })}
                {s.rest_exception_reason.clone().map(|r| view! { " " <span class="badge">{t!(i18n, exception)}": "{r}</span> })}
            </span>
            {(!breaches.is_empty()).then(|| view! {
                <span class="breaches">
                    {move || breaches.iter().map(|b| breach_text(i18n.get_locale(), b)).collect::<Vec<_>>().join(" ")}
                </span>
            })}
            {(!s.absent).then(|| view! {
                <span class="actions">
                    <button type="button" class="button secondary" aria-label=give_label on:click=move |_| open.set(Some(Assigning::Shift { id, kind }))>
                        {t!(i18n, give_to_other)}
                    </button>
                    <button type="button" class="button secondary" aria-label=absent_label on:click=move |_| { absent.dispatch(MarkAbsent { shift_id: id }); }>
                        {t!(i18n, mark_absent)}
                    </button>
                    {can_swap.then(|| view! {
                        <button type="button" class="button secondary" aria-label=swap_label.clone() on:click=move |_| swapping.update(|v| *v = !*v)>
                            {t!(i18n, swap)}
                        </button>
                    })}
                </span>
            })}
            {move || swapping.get().then(|| view! { <SwapPanel shift_id=id swapping/> })}
        </li>
    }
}

#[component]
fn AssignPanel(
    target: Assigning,
    unit_id: i64,
    date: String,
    open: RwSignal<Option<Assigning>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (shift_id, shift_type_id, kind) = match target {
        Assigning::Gap { shift_type_id, kind } => (None, Some(shift_type_id), kind),
        Assigning::Shift { id, kind } => (Some(id), None, kind),
    };
    let kind = RwSignal::new(kind);
    // Unique on the page even with several panels open (one per shift row and day).
    let kind_id = format!("kind-{}-{}-{date}", shift_id.unwrap_or_default(), shift_type_id.unwrap_or_default());
    let reason_id =
        format!("exception-reason-{}-{}-{date}", shift_id.unwrap_or_default(), shift_type_id.unwrap_or_default());
    let date2 = date.clone();
    let candidates =
        Resource::new(move || (), move |_| assignment_candidates(shift_id, unit_id, date2.clone(), shift_type_id));
    let chosen = RwSignal::new(None::<Candidate>);
    let reason = RwSignal::new(String::new());
    let assign = ServerAction::<AssignShift>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = assign.value().get() {
            open.set(None);
            changed.update(|c| *c += 1);
        }
    });
    let needs_exception = move || {
        chosen.get().is_some_and(|c| !c.breaches.is_empty() && c.breaches.iter().all(|b| b.exception_possible()))
    };
    view! {
        <form class="panel stack assign" on:submit=move |ev| {
            ev.prevent_default();
            if let Some(c) = chosen.get_untracked() {
                let r = reason.get_untracked();
                let k = kind.get_untracked();
                assign.dispatch(AssignShift {
                    shift_id, unit_id, date: date.clone(), shift_type_id, person_id: c.person_id,
                    exception_reason: (!r.trim().is_empty()).then_some(r),
                    kind: Some(k.code().to_string()),
                });
            }
        }>
            <div class="field">
                <label for=kind_id.clone()>{t!(i18n, shift_kind)}</label>
                <select id=kind_id on:change=move |ev| kind.set(ShiftKind::from_code(&event_target_value(&ev)).unwrap_or(ShiftKind::Ordinary))>
                    {ShiftKind::all().map(|k| view! {
                        <option value=k.code() selected=kind.get_untracked() == k>{move || shift_kind_label(i18n.get_locale(), k)}</option>
                    }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>{t!(i18n, choose_person)}</legend>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match candidates.await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(list) => list.into_iter().map(|c| {
                                let id = format!("cand-{}", c.person_id);
                                let c2 = c.clone();
                                let breaches = c.breaches.clone();
                                view! {
                                    <div class="check candidate">
                                        <input type="radio" name="candidate" id=id.clone() on:change=move |_| chosen.set(Some(c2.clone()))/>
                                        <label for=id>
                                            <span>{c.name.clone()}</span>
                                            {move || if breaches.is_empty() {
                                                view! { <span class="ok">" – "{t!(i18n, rules_ok)}</span> }.into_any()
                                            } else {
                                                view! { <span class="breaches">" – "{breaches.iter().map(|b| breach_text(i18n.get_locale(), b)).collect::<Vec<_>>().join(" ")}</span> }.into_any()
                                            }}
                                        </label>
                                    </div>
                                }
                            }).collect_view().into_any(),
                        }
                    })}
                </Suspense>
            </fieldset>
            <div class="field" hidden=move || !needs_exception()>
                <label for=reason_id.clone()>{t!(i18n, exception_reason)}</label>
                <input id=reason_id prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            </div>
            {move || assign.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || chosen.get().is_none() || assign.pending().get()>{t!(i18n, save)}</button>
                <button type="button" class="button secondary" on:click=move |_| open.set(None)>{t!(i18n, cancel)}</button>
            </div>
        </form>
    }
}

#[component]
pub fn FollowUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let unit_id = use_unit_id();
    let week = move || query.with(|q| q.get("v").unwrap_or_default());
    let set_warning = ServerAction::<SetResourceWarning>::new();
    let data =
        Resource::new(move || (unit_id(), week(), set_warning.version().get()), |(u, w, _)| unit_follow_up(u, w));
    view! {
        <Title text=move || t_string!(i18n, follow_up).to_string()/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(f) => {
                        let level = f.resource_warning_level;
                        view! {
                            <h1 id="follow-h">{t!(i18n, follow_up)}" – "{f.unit_name.clone()}</h1>
                            <p>{t!(i18n, period)}": "{f.from.clone()}" + "{f.weeks}" "{t!(i18n, weeks)}</p>
                            <dl class="figures">
                                <div><dt>{t!(i18n, full_time_share)}</dt><dd>{f.full_time_percent}" %"</dd></div>
                                <div><dt>{t!(i18n, resource_warning)}</dt><dd>{level}</dd></div>
                            </dl>
                            <WarningForm unit_id=unit_id() level set_warning/>
                            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="follow-h">
                                <table>
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, name)}</th>
                                        <th scope="col" class="num">{t!(i18n, employment_percent)}</th>
                                        <th scope="col" class="num">{t!(i18n, scheduled_hours)}</th>
                                        <th scope="col" class="num">{t!(i18n, contracted_hours)}</th>
                                        <th scope="col" class="num">{t!(i18n, resource_shifts)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {f.rows.into_iter().map(|r| {
                                            let over = r.resource_shifts > level;
                                            let short = r.scheduled_minutes < r.contracted_minutes;
                                            view! {
                                                <tr>
                                                    <td>{r.name}</td>
                                                    <td class="num">{r.employment_percent}</td>
                                                    <td class="num" class:warn-text=short>{hours(r.scheduled_minutes)}</td>
                                                    <td class="num">{hours(r.contracted_minutes)}</td>
                                                    <td class="num" class:warn-text=over>
                                                        {r.resource_shifts}
                                                        {over.then(|| view! { " " <span class="badge warn">{t!(i18n, over_warning)}</span> })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn weekday_short(locale: Locale, day: i64) -> String {
    let d = jiff::civil::date(2026, 1, 4 + day as i8); // 2026-01-05 is a Monday
    weekday_name(locale, d).chars().take(3).collect()
}

/// Base staffing: shift types and, per weekday and shift type, how many of whom are needed.
#[component]
pub fn StaffingPage() -> impl IntoView {
    let i18n = use_i18n();
    let unit_id = use_unit_id();
    let add_need = ServerAction::<AddStaffingNeed>::new();
    let remove = ServerAction::<RemoveStaffingNeeds>::new();
    let add_type = ServerAction::<AddShiftType>::new();
    let data = Resource::new(
        move || (unit_id(), add_need.version().get(), remove.version().get(), add_type.version().get()),
        |(u, ..)| get_staffing(u),
    );
    view! {
        <Title text=move || t_string!(i18n, base_staffing).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(st) => {
                        let types = st.shift_types.clone();
                        let competences = st.competences.clone();
                        let type_name = move |id: i64| types.iter().find(|t| t.id == id).map(|t| format!("{} {}–{}", t.name, t.start, t.end)).unwrap_or_default();
                        let unit_id = st.unit_id;
                        view! {
                            <h1>{t!(i18n, base_staffing)}" – "{st.unit_name.clone()}</h1>
                            <p><a href=format!("/enhet/{unit_id}/vecka")>{t!(i18n, week_view)}</a></p>
                            <section aria-labelledby="needs-h">
                                <h2 id="needs-h">{t!(i18n, needs_heading)}</h2>
                                <ul class="list">
                                    {st.needs.into_iter().map(|g| {
                                        let ids = g.ids.clone();
                                        let comp = g.competence_id.and_then(|id| competences.iter().find(|c| c.id == id)).map(|c| (c.name_sv.clone(), c.name_en.clone()));
                                        let who = move || match (&g.quality_role, &comp) {
                                            (Some(r), _) => quality_role_label(i18n.get_locale(), *r).to_string(),
                                            (None, Some((sv, en))) => if i18n.get_locale() == Locale::en { en.clone() } else { sv.clone() },
                                            (None, None) => t_string!(i18n, anyone).to_string(),
                                        };
                                        let days = g.weekdays.clone();
                                        let label = type_name.clone()(g.shift_type_id);
                                        view! {
                                            <li>
                                                <span>
                                                    <strong>{label}</strong>" · "
                                                    {move || days.iter().map(|d| weekday_short(i18n.get_locale(), *d)).collect::<Vec<_>>().join(" ")}
                                                    " · "{who}" × "{g.headcount}
                                                </span>
                                                <button type="button" class="button secondary" on:click=move |_| {
                                                    remove.dispatch(RemoveStaffingNeeds { unit_id, ids: ids.clone() });
                                                }>{t!(i18n, remove)}</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                            <NeedForm unit_id types=st.shift_types.clone() competences=st.competences.clone() add=add_need/>
                            <ShiftTypeForm unit_id add=add_type existing=st.shift_types.clone()/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn NeedForm(
    unit_id: i64,
    types: Vec<crate::model::ShiftTypeRow>,
    competences: Vec<crate::model::Competence>,
    add: ServerAction<AddStaffingNeed>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shift_type = RwSignal::new(types.first().map(|t| t.id).unwrap_or_default());
    let days: Vec<RwSignal<bool>> = (1..=7).map(|d| RwSignal::new(d <= 5)).collect();
    let kind = RwSignal::new(String::new());
    let headcount = RwSignal::new("1".to_string());
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    let days2 = days.clone();
    view! {
        <form class="panel stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            let weekdays = days2.iter().enumerate().filter(|(_, s)| s.get_untracked()).map(|(i, _)| i as i64 + 1).collect();
            add.dispatch(AddStaffingNeed { unit_id, shift_type_id: shift_type.get_untracked(), weekdays, kind: kind.get_untracked(), headcount: headcount.get_untracked() });
        }>
            <h2>{t!(i18n, add_need)}</h2>
            <div class="field">
                <label for="need-type">{t!(i18n, shift_type)}</label>
                <select id="need-type" on:change=move |ev| shift_type.set(event_target_value(&ev).parse().unwrap_or_default())>
                    {types.into_iter().map(|t| view! { <option value=t.id.to_string()>{format!("{} {}–{}", t.name, t.start, t.end)}</option> }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>{t!(i18n, weekdays)}</legend>
                {days.into_iter().enumerate().map(|(i, checked)| view! {
                    <crate::components::CheckField id=format!("need-day-{}", i + 1) checked>{move || weekday_short(i18n.get_locale(), i as i64 + 1)}</crate::components::CheckField>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="need-kind">{t!(i18n, who_needed)}</label>
                <select id="need-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, anyone)}</option>
                    {competences.into_iter().map(|c| {
                        let value = format!("competence:{}", c.id);
                        view! { <option value=value>{move || if i18n.get_locale() == Locale::en { c.name_en.clone() } else { c.name_sv.clone() }}</option> }
                    }).collect_view()}
                    {QualityRole::ALL.into_iter().map(|r| view! {
                        <option value=r.code()>{move || quality_role_label(i18n.get_locale(), r)}</option>
                    }).collect_view()}
                </select>
            </div>
            <crate::components::TextField id="need-headcount" field="headcount" value=headcount error kind="number">{t!(i18n, headcount)}</crate::components::TextField>
            {move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid { field, .. } if field == "headcount")).map(|error| view! { <ErrorNotice error/> })}
            <button type="submit" class="button primary" disabled=move || add.pending().get()>{t!(i18n, add_need)}</button>
        </form>
    }
}

#[component]
fn ShiftTypeForm(
    unit_id: i64,
    add: ServerAction<AddShiftType>,
    existing: Vec<crate::model::ShiftTypeRow>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let start = RwSignal::new("07:00".to_string());
    let end = RwSignal::new("16:00".to_string());
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    view! {
        <form class="panel stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            add.dispatch(AddShiftType { unit_id, name: name.get_untracked(), start: start.get_untracked(), end: end.get_untracked() });
        }>
            <h2>{t!(i18n, shift_types)}</h2>
            <ul class="plain">
                {existing.into_iter().map(|t| view! { <li>{format!("{} {}–{}", t.name, t.start, t.end)}</li> }).collect_view()}
            </ul>
            <crate::components::TextField id="type-name" field="name" value=name error required=true>{t!(i18n, name)}</crate::components::TextField>
            <crate::components::TextField id="type-start" field="start" value=start error kind="time">{t!(i18n, starts)}</crate::components::TextField>
            <crate::components::TextField id="type-end" field="end" value=end error kind="time">{t!(i18n, ends)}</crate::components::TextField>
            {move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid { .. })).map(|error| view! { <ErrorNotice error/> })}
            <button type="submit" class="button primary" disabled=move || add.pending().get()>{t!(i18n, add_shift_type)}</button>
        </form>
    }
}

/// Creates this and the coming weeks' shifts from the rolling schedule.
#[component]
fn GenerateForm(unit_id: i64, week: String, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let generate = ServerAction::<GenerateShifts>::new();
    let weeks = RwSignal::new("6".to_string());
    Effect::new(move |_| {
        if let Some(Ok(_)) = generate.value().get() {
            changed.update(|c| *c += 1);
        }
    });
    let error = Signal::derive(move || generate.value().get().and_then(Result::err));
    view! {
        <details class="panel">
            <summary>{t!(i18n, generate_heading)}</summary>
            <form class="stack" novalidate on:submit=move |ev| {
                ev.prevent_default();
                generate.dispatch(GenerateShifts { unit_id, week: week.clone(), weeks: weeks.get_untracked().trim().parse().unwrap_or(0) });
            }>
                <p class="help">{t!(i18n, generate_help)}</p>
                <crate::components::TextField id="generate-weeks" field="weeks" value=weeks error kind="number">{t!(i18n, generate_weeks)}</crate::components::TextField>
                <p role="status" class="success">
                    {move || generate.value().get().and_then(Result::ok).map(|n| t_string!(i18n, generated_count).replace("{n}", &n.to_string()))}
                </p>
                <button type="submit" class="button primary" disabled=move || generate.pending().get()>{t!(i18n, generate_button)}</button>
            </form>
        </details>
    }
}

/// The rolling schedule: lines given to staff, and each line's N-week pattern.
#[component]
pub fn RotationPage() -> impl IntoView {
    let i18n = use_i18n();
    let unit_id = use_unit_id();
    let create = ServerAction::<CreateRotation>::new();
    let add_line = ServerAction::<AddRotationLine>::new();
    let save = ServerAction::<SaveRotationLine>::new();
    let editing = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            editing.set(None);
        }
    });
    let data = Resource::new(
        move || (unit_id(), create.version().get(), add_line.version().get(), save.version().get()),
        |(u, ..)| get_rotation(u),
    );
    let weeks = RwSignal::new("6".to_string());
    view! {
        <Title text=move || t_string!(i18n, rotation_heading).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(rot) if rot.rotation_id.is_none() => {
                        let unit_id = rot.unit_id;
                        view! {
                            <h1>{t!(i18n, rotation_heading)}" – "{rot.unit_name.clone()}</h1>
                            <form class="panel stack" on:submit=move |ev| {
                                ev.prevent_default();
                                create.dispatch(CreateRotation { unit_id, weeks: weeks.get_untracked().trim().parse().unwrap_or(0) });
                            }>
                                <crate::components::TextField id="rotation-weeks" field="weeks" value=weeks error=Signal::derive(move || create.value().get().and_then(Result::err)) kind="number">
                                    {t!(i18n, rotation_weeks)}
                                </crate::components::TextField>
                                <button type="submit" class="button primary">{t!(i18n, create_rotation)}</button>
                            </form>
                        }.into_any()
                    }
                    Ok(rot) => {
                        let unit_id = rot.unit_id;
                        let rot2 = rot.clone();
                        view! {
                            <h1>{t!(i18n, rotation_heading)}" – "{rot.unit_name.clone()}</h1>
                            <p class="help">{t!(i18n, rotation_help)}" ("{rot.weeks}" "{t!(i18n, weeks)}", "{rot.start_date.clone()}")"</p>
                            <ul class="list">
                                {rot.lines.iter().map(|line| {
                                    let id = line.id;
                                    let label = format!("{} {}", t_string!(i18n, line), line.line_no);
                                    let edit_label = format!("{} {label}", t_string!(i18n, edit));
                                    view! {
                                        <li>
                                            <span>
                                                <strong>{label.clone()}</strong>" · "
                                                {line.person_name.clone().unwrap_or_else(|| t_string!(i18n, vacant).to_string())}
                                                " · "{line.employment_percent}" % · "{hours(line.minutes_per_week)}" / "{t!(i18n, week_lower)}
                                            </span>
                                            <button type="button" class="button secondary" aria-label=edit_label on:click=move |_| editing.set(Some(id))>{t!(i18n, edit)}</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <button type="button" class="button secondary" on:click=move |_| { add_line.dispatch(AddRotationLine { unit_id }); }>{t!(i18n, add_line)}</button>
                            {move || editing.get().and_then(|id| rot2.lines.iter().find(|l| l.id == id).cloned()).map(|line| {
                                view! { <LineEditor rot=rot2.clone() line save/> }
                            })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// A rotation day as a `<select>` value: "<shift type id>" or "<shift type id>:<kind>".
fn cell_value(cell: RotationCell) -> String {
    match ShiftKind::of(cell.quality_role, cell.resource) {
        ShiftKind::Ordinary => cell.shift_type_id.to_string(),
        kind => format!("{}:{}", cell.shift_type_id, kind.code()),
    }
}

fn cell_from_value(value: &str) -> Option<RotationCell> {
    let (id, kind) = value.split_once(':').unwrap_or((value, ""));
    let kind = ShiftKind::from_code(kind).unwrap_or(ShiftKind::Ordinary);
    Some(RotationCell {
        shift_type_id: id.parse().ok()?,
        quality_role: kind.quality_role(),
        resource: kind.is_resource(),
    })
}

#[component]
fn LineEditor(
    rot: crate::model::RotationView,
    line: crate::model::RotationLine,
    save: ServerAction<SaveRotationLine>,
) -> impl IntoView {
    let i18n = use_i18n();
    let cells: Vec<RwSignal<Option<RotationCell>>> = line.cells.iter().map(|c| RwSignal::new(*c)).collect();
    let person = RwSignal::new(line.person_id);
    let percent = RwSignal::new(line.employment_percent.to_string());
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let line_id = line.id;
    let cells2 = cells.clone();
    let heading = format!("{} {}", t_string!(i18n, line), line.line_no);
    let types = rot.shift_types.clone();
    view! {
        <form class="panel stack" novalidate on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(SaveRotationLine {
                line_id,
                person_id: person.get_untracked(),
                employment_percent: percent.get_untracked(),
                cells: cells2.iter().map(|c| c.get_untracked()).collect(),
            });
        }>
            <h2>{heading}</h2>
            <div class="field">
                <label for="line-person">{t!(i18n, person)}</label>
                <select id="line-person" on:change=move |ev| person.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=line.person_id.is_none()>{t!(i18n, vacant)}</option>
                    {rot.staff.iter().cloned().map(|(id, name)| view! { <option value=id.to_string() selected=line.person_id == Some(id)>{name}</option> }).collect_view()}
                </select>
            </div>
            <crate::components::TextField id="line-percent" field="employment_percent" value=percent error kind="number">{t!(i18n, employment_percent)}</crate::components::TextField>
            <div class="table-wrap" tabindex="0" role="region" aria-label=move || t_string!(i18n, rotation_heading)>
                <table class="grid">
                    <thead><tr>
                        <th scope="col">{t!(i18n, week)}</th>
                        {(1..=7).map(|d| view! { <th scope="col">{move || weekday_short(i18n.get_locale(), d)}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {(0..rot.weeks).map(|w| {
                            let row_cells = cells.clone();
                            let types = types.clone();
                            view! {
                                <tr>
                                    <th scope="row">{w + 1}</th>
                                    {(0..7).map(|d| {
                                        let cell = row_cells[(w * 7 + d) as usize];
                                        let types = types.clone();
                                        let label = move || format!("{} {} {}", t_string!(i18n, week), w + 1, weekday_name(i18n.get_locale(), jiff::civil::date(2026, 1, 5 + d as i8)));
                                        view! {
                                            <td>
                                                <select aria-label=label on:change=move |ev| cell.set(cell_from_value(&event_target_value(&ev)))>
                                                    <option value="" selected=cell.get_untracked().is_none()>"–"</option>
                                                    {types.into_iter().flat_map(|t| ShiftKind::all().map(move |k| (t.clone(), k))).map(|(t, k)| {
                                                        let option = RotationCell { shift_type_id: t.id, quality_role: k.quality_role(), resource: k.is_resource() };
                                                        let text = move || match k {
                                                            ShiftKind::Ordinary => t.name.clone(),
                                                            _ => format!("{} · {}", t.name, shift_kind_label(i18n.get_locale(), k)),
                                                        };
                                                        view! { <option value=cell_value(option) selected=cell.get_untracked() == Some(option)>{text}</option> }
                                                    }).collect_view()}
                                                </select>
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || error.get().filter(|e| !matches!(e, crate::error::AppError::Invalid { field, .. } if field == "employment_percent")).map(|error| view! { <ErrorNotice error/> })}
            <button type="submit" class="button primary" disabled=move || save.pending().get()>{t!(i18n, save)}</button>
        </form>
    }
}

#[component]
fn SwapPanel(shift_id: i64, swapping: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let choices = use_context::<SwapChoices>().map(|c| c.0).unwrap_or_default();
    let changed = use_context::<WeekChanged>().map(|c| c.0);
    let swap = ServerAction::<SwapShifts>::new();
    let other = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(Ok(())) = swap.value().get() {
            swapping.set(false);
            if let Some(c) = changed {
                c.update(|n| *n += 1);
            }
        }
    });
    let select_id = format!("swap-{shift_id}");
    view! {
        <form class="panel stack" on:submit=move |ev| {
            ev.prevent_default();
            if let Some(o) = other.get_untracked() {
                swap.dispatch(SwapShifts { shift_id, other_shift_id: o });
            }
        }>
            <div class="field">
                <label for=select_id.clone()>{t!(i18n, swap_with)}</label>
                <select id=select_id on:change=move |ev| other.set(event_target_value(&ev).parse().ok())>
                    <option value="">"–"</option>
                    {choices.into_iter().filter(|c| c.0 != shift_id).map(|(id, date, shift, person)| {
                        let date: Date = date.parse().unwrap_or_default();
                        view! { <option value=id.to_string()>{move || format!("{} · {shift} · {person}", day_label(i18n.get_locale(), date))}</option> }
                    }).collect_view()}
                </select>
            </div>
            {move || swap.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
            <button type="submit" class="button primary" disabled=move || other.get().is_none() || swap.pending().get()>{t!(i18n, swap)}</button>
        </form>
    }
}

/// Bumped after a change in the week view, to reload it.
#[derive(Clone, Copy)]
struct WeekChanged(RwSignal<u32>);

#[component]
fn WarningForm(unit_id: i64, level: i64, set_warning: ServerAction<SetResourceWarning>) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(level.to_string());
    let error = Signal::derive(move || set_warning.value().get().and_then(Result::err));
    view! {
        <form class="panel stack inline-add" novalidate on:submit=move |ev| {
            ev.prevent_default();
            set_warning.dispatch(SetResourceWarning { unit_id, level: value.get_untracked() });
        }>
            <crate::components::TextField id="resource-warning" field="resource_warning" value error kind="number">{t!(i18n, resource_warning_level)}</crate::components::TextField>
            <button type="submit" class="button secondary" disabled=move || set_warning.pending().get()>{t!(i18n, resource_warning_save)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rotation_day_choice_survives_its_select_value() {
        for kind in ShiftKind::all() {
            let cell =
                RotationCell { shift_type_id: 7, quality_role: kind.quality_role(), resource: kind.is_resource() };
            assert_eq!(cell_from_value(&cell_value(cell)), Some(cell));
        }
        assert_eq!(cell_from_value(""), None, "no shift that day");
    }
}
