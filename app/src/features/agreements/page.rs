//! Pages and components of this feature.
use super::*;
use crate::components::{ErrorNotice, FormFooter, Loading, PageTitle, TextField};
use crate::i18n::*;
use leptos::prelude::*;

/// Collective-agreement profiles: the limits the working-time rules apply.
#[component]
pub fn AgreementsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveAgreement>::new();
    let data = crate::components::resource(move || save.version().get(), |_| list_agreements());
    let editing = RwSignal::new(None::<Agreement>);
    view! {
        <PageTitle text=move || t_string!(i18n, nav_agreements).to_string()/>
        <h1>{t!(i18n, nav_agreements)}</h1>
        <p class="help">{t!(i18n, agreements_help)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(list) => view! {
                        <ul class="list">
                            {list.into_iter().map(|a| {
                                let edit_label = format!("{} {}", t_string!(i18n, edit), a.name);
                                let a2 = a.clone();
                                view! {
                                    <li>
                                        <span>
                                            <strong>{a.name.clone()}</strong>" · "
                                            {format!("{} {} h ({} h) · {} {} h · {} {}", t_string!(i18n, daily_rest), a.daily_rest_hours, a.daily_rest_exception_hours,
                                                t_string!(i18n, weekly_rest), a.weekly_rest_hours, t_string!(i18n, max_week), a.max_week_hours.map(|h| format!("{h} h")).unwrap_or_else(|| "–".into()))}
                                        </span>
                                        <button type="button" class="button secondary" aria-label=edit_label on:click=move |_| editing.set(Some(a2.clone()))>{t!(i18n, edit)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
        <button type="button" class="button primary" on:click=move |_| editing.set(None)>{t!(i18n, new_agreement)}</button>
        {move || { let a = editing.get(); view! { <AgreementForm a save/> } }}
    }
}

#[component]
fn AgreementForm(a: Option<Agreement>, save: ServerAction<SaveAgreement>) -> impl IntoView {
    let i18n = use_i18n();
    let id = a.as_ref().map(|a| a.id);
    let text =
        |v: Option<i64>, default: &str| RwSignal::new(v.map(|v| v.to_string()).unwrap_or_else(|| default.to_string()));
    let name = RwSignal::new(a.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let daily = text(a.as_ref().map(|a| a.daily_rest_hours), "11");
    let exception = text(a.as_ref().map(|a| a.daily_rest_exception_hours), "9");
    let weekly = text(a.as_ref().map(|a| a.weekly_rest_hours), "36");
    let max_week = RwSignal::new(match &a {
        Some(a) => a.max_week_hours.map(|h| h.to_string()).unwrap_or_default(),
        None => "48".to_string(),
    });
    let night_days = text(a.as_ref().map(|a| a.night_reference_days), "28");
    let night_max = text(a.as_ref().map(|a| a.night_average_max_hours), "8");
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <form class="stack panel" novalidate on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(SaveAgreement {
                id, name: name.get_untracked(), daily_rest_hours: daily.get_untracked(), daily_rest_exception_hours: exception.get_untracked(),
                weekly_rest_hours: weekly.get_untracked(), max_week_hours: max_week.get_untracked(),
                night_reference_days: night_days.get_untracked(), night_average_max_hours: night_max.get_untracked(),
            });
        }>
            <h2>{move || if id.is_some() { t_string!(i18n, edit_agreement) } else { t_string!(i18n, new_agreement) }}</h2>
            <TextField id="agr-name" field="name" value=name error required=true>{t!(i18n, name)}</TextField>
            <TextField id="agr-daily" field="daily_rest_hours" value=daily error kind="number">{t!(i18n, daily_rest_hours)}</TextField>
            <TextField id="agr-exception" field="daily_rest_exception_hours" value=exception error kind="number">{t!(i18n, exception_hours)}</TextField>
            <TextField id="agr-weekly" field="weekly_rest_hours" value=weekly error kind="number">{t!(i18n, weekly_rest_hours)}</TextField>
            <TextField id="agr-week" field="max_week_hours" value=max_week error kind="number">{t!(i18n, max_week_hours)}</TextField>
            <TextField id="agr-night-days" field="night_reference_days" value=night_days error kind="number">{t!(i18n, night_reference_days)}</TextField>
            <TextField id="agr-night-max" field="night_average_max_hours" value=night_max error kind="number">{t!(i18n, night_average_hours)}</TextField>
            <FormFooter error saved=Signal::derive(move || matches!(save.value().get(), Some(Ok(_)))) pending=save.pending()/>
        </form>
    }
}

crate::components::lazy::lazy_page!(AgreementsRoute, AgreementsPage);
