//! Pages and components of this feature.
use super::*;
use crate::components::dates::{clock_range, day_label};
use crate::components::labels::{breach_text, quality_role_label, shift_kind_label};
use crate::components::live::live_version;
use crate::components::unit::use_unit_id;
use crate::components::{ErrorNotice, Loading, PageTitle, follow_value};
use crate::domain::schedule::ShiftKind;
use crate::features::rolling_schedule::page::GenerateForm;
use crate::i18n::*;
use crate::live::LiveEvent;
use jiff::civil::Date;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn shift_week(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days)).unwrap_or(date)
}

#[component]
pub fn UnitWeekPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let unit_id = use_unit_id();
    let week = move || query.with(|q| q.get("v").unwrap_or_default());
    // Reloaded after a change that *succeeded* (not on every action's `version()` as the other
    // pages are): reloading re-renders the week, and a refused assignment's reasons must stay on
    // screen in its open panel.
    let changed = RwSignal::new(0u32);
    provide_context(WeekChanged(changed));
    // Someone else's change in this unit (another manager's tablet, the pool) shows too — but not
    // while this person has a panel open: reloading would close it under their fingers. It shows
    // as soon as the last panel closes.
    let heard = live_version(move |e| matches!(e, LiveEvent::UnitShifts { unit_id: u } if *u == unit_id()));
    let editing = RwSignal::new(0i32);
    provide_context(Editing(editing));
    // While editing, `heard` is not even read: the memo keeps its value and wakes when the last
    // panel closes.
    let live = Memo::new(move |held: Option<&u32>| match held {
        Some(held) if editing.get() > 0 => *held,
        _ => heard.get(),
    });
    let data = crate::components::resource(
        move || (unit_id(), week(), changed.get(), live.get()),
        |(u, w, _, _)| unit_week(u, w),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, week_view).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(w) => {
                        let week_no = w.week_start.iso_week_date().week();
                        let may_change = w.may_change;
                        let base = format!("/enhet/{}/vecka?v=", w.unit_id);
                        let (unit_id, today) = (w.unit_id, w.today);
                        provide_context(SwapChoices(today,
                            w.days
                                .iter()
                                .flat_map(|d| d.rows.iter().map(move |r| (d.date, r)))
                                .flat_map(|(date, r)| {
                                    r.shifts.iter().filter(|s| !s.absent && s.person_id.is_some()).map(move |s| {
                                        (s.id, date, format!("{} {}", r.shift_name, clock_range(r.start, r.end)), s.person_name.clone().unwrap_or_default())
                                    })
                                })
                                .collect(),
                        ));
                        view! {
                            <h1>{w.unit_name.clone()}" – "{t!(i18n, week)}" "{week_no}</h1>
                            <nav class="pager" aria-label=move || t_string!(i18n, week_navigation)>
                                <a class="button secondary" href=format!("{base}{}", shift_week(w.week_start, -7))>{t!(i18n, previous_week)}</a>
                                <a class="button secondary" href=format!("/enhet/{unit_id}/uppfoljning?v={}", w.week_start)>{t!(i18n, follow_up)}</a>
                                <a class="button secondary" href=format!("{base}{}", shift_week(w.week_start, 7))>{t!(i18n, next_week)}</a>
                            </nav>
                            {may_change.then(|| view! { <GenerateForm unit_id week=w.week_start.to_string() changed/> })}
                            {w.days.into_iter().map(|day| {
                                let date = day.date;
                                view! {
                                    <section class="day" aria-label=move || day_label(i18n.get_locale(), today, date)>
                                        <h2>{move || day_label(i18n.get_locale(), today, date)}</h2>
                                        {day.rows.into_iter().map(|row| view! { <ShiftRow row unit_id date may_change changed/> }).collect_view()}
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
struct SwapChoices(Date, Vec<(i64, Date, String, String)>);

/// What the assign panel is about: a gap (new shift) or an existing shift.
#[derive(Clone, PartialEq)]
enum Assigning {
    Gap { shift_type_id: i64, kind: ShiftKind },
    Shift { id: i64, kind: ShiftKind },
}

#[component]
fn ShiftRow(row: ShiftPlan, unit_id: i64, date: Date, may_change: bool, changed: RwSignal<u32>) -> impl IntoView {
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
    let title = format!("{} {}", row.shift_name, clock_range(row.start, row.end));
    // The pool is asked for the competence the gap lacks (none: any care staff).
    let gap_competence = row
        .coverage
        .iter()
        .find(|c| c.competence_id.is_some() && c.scheduled < c.headcount)
        .and_then(|c| c.competence_id);
    let ask = ServerAction::<RequestFromPool>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = ask.value().get() {
            changed.update(|c| *c += 1);
        }
    });
    let (pool_asked, pool_booked) = (row.pool_asked, row.pool_booked);
    let ask_label = format!("{} – {title}", t_string!(i18n, request_from_pool));
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
                {row.shifts.into_iter().map(|s| view! { <PlannedRow s open absent may_change/> }).collect_view()}
            </ul>
            {(may_change && gap > 0).then(|| view! {
                <button type="button" class="button primary" on:click=move |_| open.set(Some(Assigning::Gap { shift_type_id: type_id, kind: gap_kind }))>
                    {t!(i18n, fill_gap)}" – "{title.clone()}
                </button>
            })}
            {(pool_asked > 0).then(|| view! {
                <p class="pool-asked">{move || t_string!(i18n, pool_asked_line, asked = pool_asked, booked = pool_booked).to_string()}</p>
            })}
            {(gap > 0).then(|| view! {
                <ActionForm action=ask attr:class="inline">
                    <input type="hidden" name="unit_id" value=unit_id/>
                    <input type="hidden" name="date" value=date.to_string()/>
                    <input type="hidden" name="shift_type_id" value=type_id/>
                    {gap_competence.map(|c| view! { <input type="hidden" name="competence_id" value=c/> })}
                    <button type="submit" class="button secondary" aria-label=ask_label.clone() disabled=move || ask.pending().get()>
                        {t!(i18n, request_from_pool)}
                    </button>
                </ActionForm>
                {move || ask.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
            })}
            {move || open.get().map(|target| view! { <AssignPanel target unit_id date open changed/> })}
        </div>
    }
}

#[component]
fn PlannedRow(
    s: PlannedShift,
    open: RwSignal<Option<Assigning>>,
    absent: ServerAction<MarkAbsent>,
    may_change: bool,
) -> impl IntoView {
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
                {s.pool_booking.is_some().then(|| view! { " " <span class="badge ok">{t!(i18n, from_pool)}</span> })}
                {s.absent.then(|| view! { " " <span class="badge warn">{t!(i18n, absent)}</span> })}
                {s.rest_exception_reason.clone().map(|r| view! { " " <span class="badge">{t!(i18n, exception)}": "{r}</span> })}
            </span>
            {(!breaches.is_empty()).then(|| view! {
                <span class="breaches">
                    {move || breaches.iter().map(|b| breach_text(i18n.get_locale(), b)).collect::<Vec<_>>().join(" ")}
                </span>
            })}
            {(may_change && !s.absent).then(|| view! {
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
            {s.pool_booking.filter(|_| may_change && !s.absent).map(|booking_id| view! { <CancelPoolBooking booking_id name=name.clone()/> })}
        </li>
    }
}

/// Cancelling a shift the pool booked (with a reason the worker is told).
#[component]
fn CancelPoolBooking(booking_id: i64, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let cancel = ServerAction::<crate::features::pool::CancelBooking>::new();
    let changed = use_context::<WeekChanged>().map(|c| c.0);
    Effect::new(move |_| {
        if let (Some(Ok(())), Some(changed)) = (cancel.value().get(), changed) {
            changed.update(|c| *c += 1);
        }
    });
    let id = format!("pool-cancel-{booking_id}");
    view! {
        <details class="pool-cancel">
            <summary>{t!(i18n, cancel_booking)}" ("{name}")"</summary>
            <ActionForm action=cancel attr:class="stack">
                <input type="hidden" name="booking_id" value=booking_id/>
                <div class="field">
                    <label for=id.clone()>{t!(i18n, cancel_reason)}</label>
                    <input id=id name="reason" required maxlength="200"/>
                </div>
                {move || cancel.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
                <button type="submit" class="button danger" disabled=move || cancel.pending().get()>{t!(i18n, cancel_booking)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn AssignPanel(
    target: Assigning,
    unit_id: i64,
    date: Date,
    open: RwSignal<Option<Assigning>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (shift_id, shift_type_id, kind) = match target {
        Assigning::Gap { shift_type_id, kind } => (None, Some(shift_type_id), kind),
        Assigning::Shift { id, kind } => (Some(id), None, kind),
    };
    editing_while_mounted();
    let kind = RwSignal::new(kind);
    // Unique on the page even with several panels open (one per shift row and day).
    let kind_id = format!("kind-{}-{}-{date}", shift_id.unwrap_or_default(), shift_type_id.unwrap_or_default());
    let reason_id =
        format!("exception-reason-{}-{}-{date}", shift_id.unwrap_or_default(), shift_type_id.unwrap_or_default());
    let candidates = crate::components::resource(
        move || (),
        move |_| assignment_candidates(shift_id, unit_id, date.to_string(), shift_type_id),
    );
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
                    shift_id, unit_id, date: date.to_string(), shift_type_id, person_id: crate::model::PersonId(c.person_id),
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
                <input id=reason_id value=reason.get_untracked() use:follow_value=reason on:input=move |ev| reason.set(event_target_value(&ev))/>
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
fn SwapPanel(shift_id: i64, swapping: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let (today, choices) = use_context::<SwapChoices>().map(|c| (c.0, c.1)).unwrap_or_default();
    let changed = use_context::<WeekChanged>().map(|c| c.0);
    editing_while_mounted();
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
                        view! { <option value=id.to_string()>{move || format!("{} · {shift} · {person}", day_label(i18n.get_locale(), today, date))}</option> }
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

/// How many assignment or swap panels are open: live reloads wait until none is.
#[derive(Clone, Copy)]
struct Editing(RwSignal<i32>);

/// Counts the calling panel as open for as long as it is on the page.
fn editing_while_mounted() {
    if let Some(Editing(editing)) = use_context::<Editing>() {
        editing.update(|n| *n += 1);
        on_cleanup(move || {
            editing.try_update(|n| *n -= 1);
        });
    }
}

crate::components::lazy::lazy_page!(UnitWeekRoute, UnitWeekPage);
