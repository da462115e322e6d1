//! Pages and components of this feature.
use super::*;
use crate::components::dates::{weekday_name, weekday_short};
use crate::components::labels::{hours, shift_kind_label};
use crate::components::unit::use_unit_id;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::domain::schedule::{RotationCell, ShiftKind};
use crate::i18n::*;
use leptos::prelude::*;

/// Creates this and the coming weeks' shifts from the rolling schedule.
#[component]
pub fn GenerateForm(unit_id: i64, week: String, changed: RwSignal<u32>) -> impl IntoView {
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
                    {move || generate.value().get().and_then(Result::ok).map(|g| {
                        let created = t_string!(i18n, generated_count, n = g.created).to_string();
                        if g.left_open == 0 {
                            created
                        } else {
                            format!("{created} {}", t_string!(i18n, generated_left_open, n = g.left_open))
                        }
                    })}
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
    let data = crate::components::resource(
        move || (unit_id(), create.version().get(), add_line.version().get(), save.version().get()),
        |(u, ..)| get_rotation(u),
    );
    let weeks = RwSignal::new("6".to_string());
    view! {
        <PageTitle text=move || t_string!(i18n, rotation_heading).to_string()/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(rot) if rot.rotation_id.is_none() => {
                        let unit_id = rot.unit_id;
                        view! {
                            <h1>{t!(i18n, rotation_heading)}" – "{rot.unit_name.clone()}</h1>
                            {(!rot.may_change).then(|| view! { <p class="help">{t!(i18n, no_rotation_yet)}</p> })}
                            <form class="panel stack" hidden=!rot.may_change on:submit=move |ev| {
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
                        let (unit_id, may_change) = (rot.unit_id, rot.may_change);
                        let rot2 = rot.clone();
                        view! {
                            <h1>{t!(i18n, rotation_heading)}" – "{rot.unit_name.clone()}</h1>
                            <p class="help">{t!(i18n, rotation_help)}" ("{rot.weeks}" "{t!(i18n, weeks)}", "{rot.start_date.map(|d| d.to_string()).unwrap_or_default()}")"</p>
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
                                            {may_change.then(|| view! {
                                                <button type="button" class="button secondary" aria-label=edit_label on:click=move |_| editing.set(Some(id))>{t!(i18n, edit)}</button>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {may_change.then(|| view! {
                                <button type="button" class="button secondary" on:click=move |_| { add_line.dispatch(AddRotationLine { unit_id }); }>{t!(i18n, add_line)}</button>
                            })}
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
pub fn cell_value(cell: RotationCell) -> String {
    match ShiftKind::of(cell.quality_role, cell.resource) {
        ShiftKind::Ordinary => cell.shift_type_id.to_string(),
        kind => format!("{}:{}", cell.shift_type_id, kind.code()),
    }
}

pub fn cell_from_value(value: &str) -> Option<RotationCell> {
    let (id, kind) = value.split_once(':').unwrap_or((value, ""));
    let kind = ShiftKind::from_code(kind).unwrap_or(ShiftKind::Ordinary);
    Some(RotationCell {
        shift_type_id: id.parse().ok()?,
        quality_role: kind.quality_role(),
        resource: kind.is_resource(),
    })
}

#[component]
pub fn LineEditor(rot: RotationView, line: RotationLine, save: ServerAction<SaveRotationLine>) -> impl IntoView {
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

crate::components::lazy::lazy_page!(RotationRoute, RotationPage);
