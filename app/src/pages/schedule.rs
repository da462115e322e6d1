//! Shifts on the phone and schedules on the tablet.
use crate::api::schedule::*;
use crate::components::labels::{breach_text, hours};
use crate::components::{ErrorNotice, Loading};
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

fn quality_role_label(locale: Locale, role: &str) -> &'static str {
    match role {
        "team_leader" => td_string!(locale, team_leader),
        "activity_coordinator" => td_string!(locale, activity_coordinator),
        "meal_coordinator" => td_string!(locale, meal_coordinator),
        _ => "",
    }
}

#[component]
pub fn MyShiftsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let past = move || query.with(|q| q.get("tidigare").is_some());
    let data = Resource::new(past, get_my_shifts);
    view! {
        <Title text=move || t_string!(i18n, nav_my_shifts).to_string()/>
        <h1>{move || if past() { t_string!(i18n, past_shifts) } else { t_string!(i18n, nav_my_shifts) }}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(mine) => view! { <ShiftList mine=mine.shifts past=mine.past/> <CalendarLink has=mine.has_calendar/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ShiftList(mine: Vec<MyShift>, past: bool) -> impl IntoView {
    let i18n = use_i18n();
    let toggle = if past {
        view! { <a class="button secondary" href="/mina-pass">{t!(i18n, upcoming_shifts)}</a> }.into_any()
    } else {
        view! { <a class="button secondary" href="/mina-pass?tidigare=1">{t!(i18n, past_shifts)}</a> }.into_any()
    };
    if mine.is_empty() {
        return view! { <p class="notice" role="status">{t!(i18n, no_shifts)}</p> {toggle} }.into_any();
    }
    let next = (!past).then(|| mine.iter().find(|s| !s.absent).cloned()).flatten();
    // Group the rest by ISO week.
    let mut weeks: Vec<(i8, Vec<MyShift>)> = Vec::new();
    for s in mine.into_iter() {
        let week = local(s.starts_at).date().iso_week_date().week();
        match weeks.last_mut() {
            Some((w, list)) if *w == week => list.push(s),
            _ => weeks.push((week, vec![s])),
        }
    }
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
        {weeks.into_iter().map(|(week, list)| {
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
        }).collect_view()}
        {toggle}
    }
    .into_any()
}

#[component]
fn ShiftBadges(s: MyShift) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badges">
            {s.shift_name.clone().map(|n| view! { <span class="badge">{n}</span> })}
            {s.quality_role.clone().map(|r| view! { <span class="badge">{move || quality_role_label(i18n.get_locale(), &r)}</span> })}
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
    let params = use_params_map();
    let query = use_query_map();
    let unit_id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default());
    let week = move || query.with(|q| q.get("v").unwrap_or_default());
    let changed = RwSignal::new(0u32);
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
                        view! {
                            <h1>{w.unit_name.clone()}" – "{t!(i18n, week)}" "{week_no}</h1>
                            <nav class="pager" aria-label=move || t_string!(i18n, week_navigation)>
                                <a class="button secondary" href=format!("{base}{}", shift_week(&w.week_start, -7))>{t!(i18n, previous_week)}</a>
                                <a class="button secondary" href=format!("/enhet/{unit_id}/uppfoljning?v={}", w.week_start)>{t!(i18n, follow_up)}</a>
                                <a class="button secondary" href=format!("{base}{}", shift_week(&w.week_start, 7))>{t!(i18n, next_week)}</a>
                            </nav>
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

/// What the assign panel is about: a gap (new shift) or an existing shift.
#[derive(Clone, PartialEq)]
enum Assigning {
    Gap { shift_type_id: i64 },
    Shift { id: i64 },
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
                        (Some(r), _, _) => quality_role_label(i18n.get_locale(), r).to_string(),
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
                <button type="button" class="button primary" on:click=move |_| open.set(Some(Assigning::Gap { shift_type_id: type_id }))>
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
    let id = s.id;
    let name = s.person_name.clone().unwrap_or_default();
    let give_label = format!("{} ({name})", t_string!(i18n, give_to_other));
    let absent_label = format!("{} ({name})", t_string!(i18n, mark_absent));
    let breaches = s.breaches.clone();
    view! {
        <li class:absent=s.absent>
            <span>
                <strong>{s.person_name.clone().unwrap_or_else(|| t_string!(i18n, vacant).to_string())}</strong>
                {s.quality_role.clone().map(|r| view! { " " <span class="badge">{move || quality_role_label(i18n.get_locale(), &r)}</span> })}
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
                    <button type="button" class="button secondary" aria-label=give_label on:click=move |_| open.set(Some(Assigning::Shift { id }))>
                        {t!(i18n, give_to_other)}
                    </button>
                    <button type="button" class="button secondary" aria-label=absent_label on:click=move |_| { absent.dispatch(MarkAbsent { shift_id: id }); }>
                        {t!(i18n, mark_absent)}
                    </button>
                </span>
            })}
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
    let (shift_id, shift_type_id) = match target {
        Assigning::Gap { shift_type_id } => (None, Some(shift_type_id)),
        Assigning::Shift { id } => (Some(id), None),
    };
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
                assign.dispatch(AssignShift {
                    shift_id, unit_id, date: date.clone(), shift_type_id, person_id: c.person_id,
                    exception_reason: (!r.trim().is_empty()).then_some(r),
                });
            }
        }>
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
                <label for="exception-reason">{t!(i18n, exception_reason)}</label>
                <input id="exception-reason" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
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
    let params = use_params_map();
    let query = use_query_map();
    let unit_id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default());
    let week = move || query.with(|q| q.get("v").unwrap_or_default());
    let data = Resource::new(move || (unit_id(), week()), |(u, w)| unit_follow_up(u, w));
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
