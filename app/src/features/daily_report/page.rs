//! The daily report form (tablet or phone; under a minute when nothing changed since yesterday):
//! prefilled, every change kept on the device as a draft until the server has the report, so a
//! lost connection or a closed tab loses nothing.
use super::*;
use crate::components::dates::{clock_range, day_label, local};
use crate::components::need::{NeedBadge, NeedParts};
use crate::components::unit::use_unit_id;
use crate::components::{ErrorNotice, Loading, PageTitle, follow_count, follow_value, typed_count};
use crate::domain::report::{AbsenceReason, MAX_COUNT};
use crate::i18n::*;
use leptos::prelude::*;

/// Where a unit's unsent draft is kept on the device.
fn draft_key(unit_id: i64) -> String {
    format!("skiftet.lagesrapport.{unit_id}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored_draft(unit_id: i64) -> Option<ReportDraft> {
    serde_json::from_str(&storage()?.get_item(&draft_key(unit_id)).ok()??).ok()
}

fn store_draft(draft: &ReportDraft) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(&draft_key(draft.unit_id), &json);
    }
}

fn forget_draft(unit_id: i64) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&draft_key(unit_id));
    }
}

fn reason_label(locale: Locale, reason: AbsenceReason) -> &'static str {
    match reason {
        AbsenceReason::OwnIllness => td_string!(locale, absence_own_illness),
        AbsenceReason::ChildCare => td_string!(locale, absence_child_care),
        AbsenceReason::Other => td_string!(locale, absence_other),
    }
}

fn competence_name(locale: Locale, competences: &[Competence], id: Option<i64>) -> String {
    match id.and_then(|id| competences.iter().find(|c| c.id == id)) {
        Some(c) => c.name(locale).to_string(),
        None => td_string!(locale, any_staff).to_string(),
    }
}

/// Lines of a list the form edits (absences, gaps): each line its own signal, so typing in one
/// input re-renders nothing else and never moves the focus.
struct Lines<T: Send + Sync + 'static> {
    rows: RwSignal<Vec<(u32, RwSignal<T>)>>,
    next: StoredValue<u32>,
}

impl<T: Send + Sync + 'static> Clone for Lines<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Lines<T> {}

impl<T: Clone + Send + Sync + 'static> Lines<T> {
    fn new(items: Vec<T>) -> Self {
        let lines = Lines { rows: RwSignal::new(Vec::new()), next: StoredValue::new(0) };
        lines.replace(items);
        lines
    }
    fn replace(&self, items: Vec<T>) {
        let rows = items
            .into_iter()
            .map(|item| {
                let key = self.next.get_value();
                self.next.set_value(key + 1);
                (key, RwSignal::new(item))
            })
            .collect();
        self.rows.set(rows);
    }
    fn push(&self, item: T) {
        let key = self.next.get_value();
        self.next.set_value(key + 1);
        self.rows.update(|rows| rows.push((key, RwSignal::new(item))));
    }
    fn remove(&self, key: u32) {
        self.rows.update(|rows| rows.retain(|(k, _)| *k != key));
    }
    fn values(&self) -> Vec<T> {
        self.rows.with(|rows| rows.iter().map(|(_, s)| s.get()).collect())
    }
}

#[component]
pub fn DailyReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let unit_id = use_unit_id();
    let file = ServerAction::<FileDailyReport>::new();
    // The page reloads after a report is filed, never after a failed attempt: without reception
    // the reload would fail too and take the form (and what it holds) off the screen.
    let last_filed = Memo::new(move |before: Option<&Option<i64>>| match file.value().get() {
        Some(Ok(filed)) => Some(filed.version),
        _ => before.copied().flatten(),
    });
    let data = crate::components::resource(move || (unit_id(), last_filed.get()), |(u, _)| get_daily_report(u));
    view! {
        <PageTitle text=move || t_string!(i18n, daily_report).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(page) => view! { <Report page file/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Report(page: ReportPage, file: ServerAction<FileDailyReport>) -> impl IntoView {
    let i18n = use_i18n();
    let ReportPage {
        unit_id,
        unit_name,
        today,
        may_change,
        shift_types,
        competences,
        draft,
        prefill,
        schedule_gaps,
        history,
        score,
        pool_requests,
        status,
        materials,
    } = page;
    // The report as the server sent it: what the device's draft is compared with, and what
    // "discard the draft" puts back.
    let server = StoredValue::new(draft.clone());
    let based_on = RwSignal::new(draft.based_on);
    let cases_recipients = RwSignal::new(draft.cases_recipients.to_string());
    let cases_staff = RwSignal::new(draft.cases_staff.to_string());
    let outbreak = RwSignal::new(draft.outbreak);
    let recipients_affected = RwSignal::new(draft.recipients_affected.to_string());
    let note = RwSignal::new(draft.note.clone());
    let absences = Lines::new(draft.absences.clone());
    let gaps = Lines::new(draft.gaps.clone());
    // One pair of fields per material: counted, and used since the last report.
    let counts: Vec<(i64, RwSignal<String>, RwSignal<String>)> = materials
        .iter()
        .map(|m| {
            let c = draft.stock.iter().find(|c| c.material_id == m.id);
            let text = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
            (m.id, RwSignal::new(text(c.and_then(|c| c.on_hand))), RwSignal::new(text(c.and_then(|c| c.used))))
        })
        .collect();
    let counts = StoredValue::new(counts);
    // What the form holds, as one value: stored as the draft and filed as the report.
    let current = Memo::new(move |_| ReportDraft {
        unit_id,
        date: today,
        based_on: based_on.get(),
        cases_recipients: typed_count(&cases_recipients.get()),
        cases_staff: typed_count(&cases_staff.get()),
        outbreak: outbreak.get(),
        recipients_affected: typed_count(&recipients_affected.get()),
        note: note.get(),
        absences: absences.values(),
        gaps: gaps.values(),
        stock: counts.with_value(|c| {
            c.iter()
                .filter_map(|(material_id, on_hand, used)| {
                    let (on_hand, used) = (optional_count(&on_hand.get()), optional_count(&used.get()));
                    (on_hand.is_some() || used.is_some()).then_some(StockCount {
                        material_id: *material_id,
                        on_hand,
                        used,
                    })
                })
                .collect()
        }),
    });
    let fill = move |d: ReportDraft| {
        based_on.set(d.based_on);
        cases_recipients.set(d.cases_recipients.to_string());
        cases_staff.set(d.cases_staff.to_string());
        outbreak.set(d.outbreak);
        recipients_affected.set(d.recipients_affected.to_string());
        note.set(d.note);
        absences.replace(d.absences);
        gaps.replace(d.gaps);
        counts.with_value(|c| {
            for (material_id, on_hand, used) in c {
                let count = d.stock.iter().find(|s| s.material_id == *material_id);
                let text = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
                on_hand.set(text(count.and_then(|s| s.on_hand)));
                used.set(text(count.and_then(|s| s.used)));
            }
        });
    };
    // A draft left on this device (unsent: no reception, or the tab closed) comes back. If a
    // newer version was filed meanwhile, the draft now corrects that one, and the page says so.
    let restored = RwSignal::new(None::<bool>);
    if may_change {
        Effect::new(move |first: Option<()>| {
            if first.is_none()
                && let Some(saved) = stored_draft(unit_id).filter(|d| d.date == today && server.with_value(|s| d != s))
            {
                let based_on = server.with_value(|s| s.based_on);
                let outdated = saved.based_on != based_on;
                fill(ReportDraft { based_on, ..saved });
                restored.set(Some(outdated));
            }
        });
        Effect::new(move |_| {
            let d = current.get();
            if restored.get_untracked().is_some() || server.with_value(|s| d != *s) {
                store_draft(&d);
            }
        });
    }
    // Filed: the device's draft has done its work.
    Effect::new(move |_| {
        if let Some(Ok(_)) = file.value().get() {
            forget_draft(unit_id);
        }
    });
    let error = Signal::derive(move || file.value().get().and_then(Result::err));
    let filed = Signal::derive(move || file.value().get().and_then(Result::ok));
    let last = history.first().cloned();
    let types = StoredValue::new(shift_types.clone());
    let comps = StoredValue::new(competences.clone());
    let schedule = StoredValue::new(schedule_gaps);
    view! {
        <h1 id="report-h">{t!(i18n, daily_report)}" – "{unit_name}</h1>
        <p>
            {move || day_label(i18n.get_locale(), today, today)}" "{today.to_string()}" · "
            {match last {
                Some(v) => view! {
                    <span>{t!(i18n, report_filed_at)}" "{local(v.filed_at).strftime("%H:%M").to_string()}" "{t!(i18n, by)}" "{v.filed_by}
                        " ("{t!(i18n, version)}" "{v.version}")"</span>
                }.into_any(),
                None => view! { <strong>{t!(i18n, report_missing_today)}</strong> }.into_any(),
            }}
        </p>
        {match (status.filed_at, status.reminded_at) {
            (None, Some(asked)) => Some(view! {
                <p class="notice" role="status">{t!(i18n, report_asked_for)}" ("{local(asked).strftime("%H:%M").to_string()}")"</p>
            }),
            _ => None,
        }}
        <p><a href=format!("/enhet/{unit_id}/vecka")>{t!(i18n, week_view)}</a></p>
        {score.map(|score| view! {
            <section class="panel" aria-labelledby="score-h">
                <h2 id="score-h">{t!(i18n, need_score)}" " <NeedBadge score/></h2>
                <NeedParts score/>
                <p class="muted">{t!(i18n, need_how)}</p>
            </section>
        })}
        <p class="muted">{move || match prefill {
            Prefill::Today => t_string!(i18n, prefill_today),
            Prefill::Yesterday => t_string!(i18n, prefill_yesterday),
            Prefill::Schedule => t_string!(i18n, prefill_schedule),
        }}</p>
        {move || restored.get().map(|outdated| view! {
            <div class="notice" role="status">
                <p>{if outdated { t_string!(i18n, draft_restored_outdated) } else { t_string!(i18n, draft_restored) }}</p>
                <button type="button" class="button secondary" on:click=move |_| {
                    forget_draft(unit_id);
                    restored.set(None);
                    fill(server.get_value());
                }>{t!(i18n, draft_discard)}</button>
            </div>
        })}
        <form class="stack report" novalidate on:submit=move |ev| {
            ev.prevent_default();
            file.dispatch(FileDailyReport { draft: current.get_untracked() });
        }>
            <fieldset class="panel" disabled={!may_change}>
                <legend><h2>{t!(i18n, gaps_heading)}</h2></legend>
                <p class="muted">{t!(i18n, gaps_help)}</p>
                {[0u8, 1].into_iter().map(|day| view! {
                    <GapTable day today gaps types comps/>
                }).collect_view()}
                <AddGap gaps types comps/>
                <button type="button" class="button secondary" on:click=move |_| gaps.replace(schedule.get_value())>
                    {t!(i18n, gaps_from_schedule)}
                </button>
            </fieldset>
            <fieldset class="panel" disabled={!may_change}>
                <legend><h2>{t!(i18n, absences_heading)}</h2></legend>
                {[0u8, 1].into_iter().map(|day| view! {
                    <AbsenceList day today absences comps/>
                }).collect_view()}
            </fieldset>
            <fieldset class="panel" disabled={!may_change}>
                <legend><h2>{t!(i18n, infection_heading)}</h2></legend>
                <CountField id="cases-recipients" value=cases_recipients min=0>{t!(i18n, cases_recipients)}</CountField>
                <CountField id="cases-staff" value=cases_staff min=0>{t!(i18n, cases_staff)}</CountField>
                <crate::components::CheckField id="outbreak".to_string() checked=outbreak>{t!(i18n, outbreak)}</crate::components::CheckField>
                <CountField id="recipients-affected" value=recipients_affected min=0>{t!(i18n, recipients_affected)}</CountField>
            </fieldset>
            {(!materials.is_empty()).then(|| view! {
                <fieldset class="panel" disabled={!may_change}>
                    <legend><h2>{t!(i18n, stock_heading)}</h2></legend>
                    <p class="muted">{t!(i18n, stock_help)}</p>
                    {materials.iter().map(|m| {
                        let fields = counts.with_value(|c| c.iter().find(|(id, _, _)| *id == m.id).map(|(_, a, b)| (*a, *b)));
                        fields.map(|(on_hand, used)| view! { <StockRow material=m.clone() on_hand used error/> })
                    }).collect_view()}
                </fieldset>
            })}
            <fieldset class="panel" disabled={!may_change}>
                <legend><h2>{t!(i18n, note)}</h2></legend>
                <div class="field">
                    <label for="report-note">{t!(i18n, note_label)}</label>
                    <textarea id="report-note" rows="3" maxlength="1000"
                        use:follow_value=note on:input=move |ev| note.set(event_target_value(&ev))>
                        // The saved note as the textarea's own text, so the server shows it (none rendered for
                        // an empty one: its placeholder space would become the note's first character).
                        {let saved = note.get_untracked(); (!saved.is_empty()).then_some(saved)}
                    </textarea>
                </div>
            </fieldset>
            {move || error.get().map(|error| {
                let offline = matches!(error, AppError::Network(_));
                view! {
                    <ErrorNotice error/>
                    {offline.then(|| view! { <p class="notice" role="status">{t!(i18n, draft_kept)}</p> })}
                }
            })}
            {move || filed.get().map(|f| view! {
                <div class="notice notice-success" role="status">
                    <p>{t_string!(i18n, report_filed, version = f.version, requests = f.open_requests).to_string()}</p>
                </div>
            })}
            {may_change.then(|| view! {
                <button type="submit" class="button primary" disabled=move || file.pending().get()>
                    {move || if based_on.get() > 0 { t_string!(i18n, send_correction) } else { t_string!(i18n, send_report) }}
                </button>
            })}
        </form>
        <PoolRequests requests=pool_requests today/>
        <History history/>
    }
}

/// A count as typed: blank is "not counted", anything but a whole number is -1 (the server then
/// names the field).
fn optional_count(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() { None } else { Some(raw.parse().unwrap_or(-1)) }
}

/// One material's two figures in the report.
#[component]
fn StockRow(
    material: crate::features::equipment::Material,
    on_hand: RwSignal<String>,
    used: RwSignal<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = material.id;
    let (stock_id, used_id) = (format!("stock-{id}"), format!("used-{id}"));
    view! {
        <div class="field-row stock-row">
            <div class="field">
                <label for=stock_id.clone()>{material.name.clone()}" – "{t!(i18n, stock_on_hand)}" ("{material.unit_of_issue.clone()}")"</label>
                <input id=stock_id.clone() type="number" inputmode="numeric" min="0" aria-describedby=format!("{stock_id}-error")
                    value=on_hand.get_untracked() use:follow_value=on_hand on:input=move |ev| on_hand.set(event_target_value(&ev))/>
                <crate::components::FieldError error field=format!("stock_{id}") id=format!("{stock_id}-error")/>
            </div>
            <div class="field">
                <label for=used_id.clone()>{material.name.clone()}" – "{t!(i18n, stock_used)}</label>
                <input id=used_id.clone() type="number" inputmode="numeric" min="0" aria-describedby=format!("{used_id}-error")
                    value=used.get_untracked() use:follow_value=used on:input=move |ev| used.set(event_target_value(&ev))/>
                <crate::components::FieldError error field=format!("used_{id}") id=format!("{used_id}-error")/>
            </div>
        </div>
    }
}

#[component]
fn CountField(id: &'static str, value: RwSignal<String>, min: i64, children: Children) -> impl IntoView {
    let invalid = move || !(min..=MAX_COUNT).contains(&typed_count(&value.get()));
    view! {
        <div class="field">
            <label for=id>{children()}</label>
            <input id=id type="number" inputmode="numeric" min=min max=MAX_COUNT
                aria-invalid=move || invalid().then_some("true")
                value=value.get_untracked() use:follow_value=value on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

#[component]
fn GapTable(
    day: u8,
    today: Date,
    gaps: Lines<GapLine>,
    types: StoredValue<Vec<ShiftTypeRow>>,
    comps: StoredValue<Vec<Competence>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let date = if day == 0 { today } else { today.tomorrow().unwrap_or(today) };
    let heading_id = format!("gaps-{day}-h");
    let rows =
        move || gaps.rows.get().into_iter().filter(|(_, l)| l.with_untracked(|l| l.day) == day).collect::<Vec<_>>();
    view! {
        <h3 id=heading_id.clone()>{move || day_label(i18n.get_locale(), today, date)}</h3>
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=heading_id>
            <table>
                <thead><tr>
                    <th scope="col">{t!(i18n, shift)}</th>
                    <th scope="col">{t!(i18n, competence)}</th>
                    <th scope="col" class="num">{t!(i18n, gap_short)}</th>
                    <th scope="col" class="num">{t!(i18n, gap_solved)}</th>
                    <th scope="col" class="num">{t!(i18n, gap_to_pool)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, remove)}</span></th>
                </tr></thead>
                <tbody>
                    <For each=rows key=|(k, _)| *k let:row>
                        {
                            let (key, line) = row;
                            let g = line.get_untracked();
                            let shift = types.with_value(|ts| ts.iter().find(|t| t.id == g.shift_type_id).map(|t| format!("{} {}", t.name, clock_range(t.start, t.end))).unwrap_or_default());
                            let shift2 = shift.clone();
                            let competence = move || comps.with_value(|cs| competence_name(i18n.get_locale(), cs, g.competence_id));
                            let short_id = format!("gap-{key}-short");
                            let solved_id = format!("gap-{key}-solved");
                            view! {
                                <tr>
                                    <td>{shift}</td>
                                    <td>{competence}</td>
                                    <td class="num">
                                        <label for=short_id.clone() class="visually-hidden">{move || format!("{} – {} – {}", t_string!(i18n, gap_short), shift2.clone(), competence())}</label>
                                        <input id=short_id type="number" inputmode="numeric" min="1" max=MAX_COUNT class="count"
                                            aria-invalid=move || (!(1..=MAX_COUNT).contains(&line.get().short)).then_some("true")
                                            value=line.get_untracked().short.to_string() use:follow_count=Signal::derive(move || line.get().short)
                                            on:input=move |ev| line.update(|l| l.short = typed_count(&event_target_value(&ev)))/>
                                    </td>
                                    <td class="num">
                                        <label for=solved_id.clone() class="visually-hidden">{move || format!("{} – {}", t_string!(i18n, gap_solved), competence())}</label>
                                        <input id=solved_id type="number" inputmode="numeric" min="0" class="count"
                                            max=move || line.get().short
                                            aria-invalid=move || { let l = line.get(); (!(0..=l.short).contains(&l.solved)).then_some("true") }
                                            value=line.get_untracked().solved.to_string() use:follow_count=Signal::derive(move || line.get().solved)
                                            on:input=move |ev| line.update(|l| l.solved = typed_count(&event_target_value(&ev)))/>
                                    </td>
                                    <td class="num">{move || line.get().unsolved()}</td>
                                    <td>
                                        <button type="button" class="button secondary" on:click=move |_| gaps.remove(key)>
                                            {t!(i18n, remove)}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
        {move || rows().is_empty().then(|| view! { <p class="muted">{t!(i18n, no_gaps)}</p> })}
    }
}

#[component]
fn AddGap(
    gaps: Lines<GapLine>,
    types: StoredValue<Vec<ShiftTypeRow>>,
    comps: StoredValue<Vec<Competence>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let day = RwSignal::new(0u8);
    let shift = RwSignal::new(types.with_value(|t| t.first().map(|t| t.id).unwrap_or_default()));
    let competence = RwSignal::new(None::<i64>);
    view! {
        <div class="row-form">
            <div class="field">
                <label for="add-gap-day">{t!(i18n, day)}</label>
                <select id="add-gap-day" on:change=move |ev| day.set(if event_target_value(&ev) == "1" { 1 } else { 0 })>
                    <option value="0">{t!(i18n, today)}</option>
                    <option value="1">{t!(i18n, tomorrow)}</option>
                </select>
            </div>
            <div class="field">
                <label for="add-gap-shift">{t!(i18n, shift)}</label>
                <select id="add-gap-shift" on:change=move |ev| shift.set(event_target_value(&ev).parse().unwrap_or_default())>
                    {types.get_value().into_iter().map(|t| view! { <option value=t.id.to_string()>{format!("{} {}", t.name, clock_range(t.start, t.end))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="add-gap-competence">{t!(i18n, competence)}</label>
                <select id="add-gap-competence" on:change=move |ev| competence.set(event_target_value(&ev).parse().ok())>
                    <option value="">{t!(i18n, any_staff)}</option>
                    {comps.get_value().into_iter().filter(|c| c.active).map(|c| {
                        let id = c.id;
                        view! { <option value=id.to_string()>{move || c.name(i18n.get_locale()).to_string()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="button" class="button secondary" on:click=move |_| {
                let key = (day.get_untracked(), shift.get_untracked(), competence.get_untracked());
                // One line per shift and competence: adding it again adds one to that line.
                let existing = gaps.rows.get_untracked().into_iter().find(|(_, l)| l.with_untracked(|l| (l.day, l.shift_type_id, l.competence_id) == key));
                match existing {
                    Some((_, line)) => line.update(|l| l.short += 1),
                    None => gaps.push(GapLine { day: key.0, shift_type_id: key.1, competence_id: key.2, short: 1, solved: 0 }),
                }
            }>{t!(i18n, add_gap)}</button>
        </div>
    }
}

#[component]
fn AbsenceList(day: u8, today: Date, absences: Lines<Absence>, comps: StoredValue<Vec<Competence>>) -> impl IntoView {
    let i18n = use_i18n();
    let date = if day == 0 { today } else { today.tomorrow().unwrap_or(today) };
    let rows =
        move || absences.rows.get().into_iter().filter(|(_, l)| l.with_untracked(|l| l.day) == day).collect::<Vec<_>>();
    view! {
        <h3>{move || day_label(i18n.get_locale(), today, date)}</h3>
        <ul class="lines">
            <For each=rows key=|(k, _)| *k let:row>
                {
                    let (key, line) = row;
                    let (reason_id, competence_id, count_id) = (format!("abs-{key}-reason"), format!("abs-{key}-competence"), format!("abs-{key}-count"));
                    let a = line.get_untracked();
                    view! {
                        <li class="row-form">
                            <div class="field">
                                <label for=reason_id.clone()>{t!(i18n, absence_reason)}</label>
                                <select id=reason_id on:change=move |ev| {
                                    if let Ok(r) = event_target_value(&ev).parse::<AbsenceReason>() { line.update(|l| l.reason = r) }
                                }>
                                    {AbsenceReason::ALL.into_iter().map(|r| view! {
                                        <option value=r.code() selected={r == a.reason}>{move || reason_label(i18n.get_locale(), r)}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for=competence_id.clone()>{t!(i18n, competence)}</label>
                                <select id=competence_id on:change=move |ev| { let v = event_target_value(&ev).parse().ok(); line.update(|l| l.competence_id = v) }>
                                    <option value="" selected={a.competence_id.is_none()}>{t!(i18n, any_staff)}</option>
                                    {comps.get_value().into_iter().filter(|c| c.active || a.competence_id == Some(c.id)).map(|c| {
                                        let id = c.id;
                                        view! {
                                            <option value=id.to_string() selected={a.competence_id == Some(id)}>
                                                {move || c.name(i18n.get_locale()).to_string()}
                                            </option>
                                        }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for=count_id.clone()>{t!(i18n, headcount)}</label>
                                <input id=count_id type="number" inputmode="numeric" min="1" max=MAX_COUNT class="count"
                                    aria-invalid=move || (!(1..=MAX_COUNT).contains(&line.get().headcount)).then_some("true")
                                    value=line.get_untracked().headcount.to_string() use:follow_count=Signal::derive(move || line.get().headcount)
                                    on:input=move |ev| line.update(|l| l.headcount = typed_count(&event_target_value(&ev)))/>
                            </div>
                            <button type="button" class="button secondary" on:click=move |_| absences.remove(key)>{t!(i18n, remove)}</button>
                        </li>
                    }
                }
            </For>
        </ul>
        <button type="button" class="button secondary" on:click=move |_| {
            absences.push(Absence { day, reason: AbsenceReason::OwnIllness, competence_id: None, headcount: 1 })
        }>{move || format!("{} – {}", t_string!(i18n, add_absence), day_label(i18n.get_locale(), today, date))}</button>
    }
}

#[component]
fn PoolRequests(requests: Vec<PoolRequestRow>, today: Date) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="requests-h">
            <h2 id="requests-h">{t!(i18n, pool_requests)}</h2>
            {if requests.is_empty() {
                view! { <p class="muted">{t!(i18n, no_pool_requests)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="requests-h">
                        <table>
                            <thead><tr>
                                <th scope="col">{t!(i18n, day)}</th>
                                <th scope="col">{t!(i18n, shift)}</th>
                                <th scope="col">{t!(i18n, competence)}</th>
                                <th scope="col" class="num">{t!(i18n, headcount)}</th>
                                <th scope="col" class="num">{t!(i18n, filled)}</th>
                                <th scope="col">{t!(i18n, state)}</th>
                            </tr></thead>
                            <tbody>
                                {requests.into_iter().map(|r| {
                                    let open = r.state == PoolRequestState::Open;
                                    view! {
                                        <tr class:muted={!open}>
                                            <td>{move || day_label(i18n.get_locale(), today, r.shift_date)}</td>
                                            <td>{r.shift_name.clone()}</td>
                                            <td>{move || match (&r.competence_sv, &r.competence_en) {
                                                (Some(sv), Some(en)) => if i18n.get_locale() == Locale::en { en.clone() } else { sv.clone() },
                                                _ => t_string!(i18n, any_staff).to_string(),
                                            }}</td>
                                            <td class="num">{r.headcount}</td>
                                            <td class="num">{r.filled}</td>
                                            <td>{move || if open { t_string!(i18n, request_open) } else { t_string!(i18n, request_withdrawn) }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn History(history: Vec<ReportVersion>) -> impl IntoView {
    let i18n = use_i18n();
    (!history.is_empty()).then(|| view! {
        <section aria-labelledby="history-h">
            <h2 id="history-h">{t!(i18n, report_history)}</h2>
            <ol class="list" reversed>
                {history.into_iter().map(|v| view! {
                    <li>
                        <span>{t!(i18n, version)}" "{v.version}" · "{local(v.filed_at).strftime("%H:%M").to_string()}" · "{v.filed_by}</span>
                        <span>{t!(i18n, need_score)}" "{v.need_score}" · "{t!(i18n, gap_short)}" "{v.missing}" · "{t!(i18n, gap_to_pool)}" "{v.unsolved}</span>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    })
}

crate::components::lazy::lazy_page!(DailyReportRoute, DailyReportPage);
