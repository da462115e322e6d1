//! Pages and components of this feature.
use super::*;
use crate::components::labels::role_label;
use crate::components::shell::{LanguageSwitch, LogoutButton};
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::domain::Role;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::components::resource(|| (), |_| get_my_profile());
    view! {
        <PageTitle text=move || t_string!(i18n, nav_profile).to_string()/>
        <h1>{t!(i18n, nav_profile)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(p) => {
                        // The calendar feed carries shifts: only for those who have them.
                        let has_shifts = p.roles.iter().any(|g| matches!(g.role, Role::CareWorker | Role::PoolWorker));
                        view! {
                        <dl class="details">
                            <div><dt>{t!(i18n, name)}</dt><dd>{p.name}</dd></div>
                            <div><dt>{t!(i18n, email)}</dt><dd>{p.email}</dd></div>
                            <div><dt>{t!(i18n, phone)}</dt><dd>{p.phone}</dd></div>
                            <div><dt>{t!(i18n, employment_percent)}</dt><dd>{p.employment_percent}" %"</dd></div>
                            <div>
                                <dt>{t!(i18n, roles)}</dt>
                                <dd>
                                    <ul class="plain">
                                        {p.roles.into_iter().map(|g| view! {
                                            <li>{move || role_label(i18n.get_locale(), g.role)}{g.unit_name.map(|u| format!(" – {u}"))}</li>
                                        }).collect_view()}
                                    </ul>
                                </dd>
                            </div>
                            <div>
                                <dt>{t!(i18n, competences)}</dt>
                                <dd>
                                    {move || {
                                        let en = i18n.get_locale() == Locale::en;
                                        p.competences.iter().map(|c| if en { c.name_en.clone() } else { c.name_sv.clone() }).collect::<Vec<_>>().join(", ")
                                    }}
                                </dd>
                            </div>
                        </dl>
                        {has_shifts.then(|| view! { <CalendarLink has=p.has_calendar fresh=p.new_calendar_link/> })}
                    }.into_any()
                    }
                }
            })}
        </Suspense>
        <ChangePasswordForm/>
        <section class="panel" aria-labelledby="settings-h">
            <h2 id="settings-h">{t!(i18n, settings)}</h2>
            <p>{t!(i18n, language)}": " <LanguageSwitch/></p>
            <LogoutButton/>
        </section>
    }
}

/// Changing one's own password. A plain form post: it works before the page's code has loaded.
#[component]
fn ChangePasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let result = change.value();
    // Posted the plain way (before the wasm, or without JavaScript): the server sent us here.
    let changed_plainly = leptos_router::hooks::use_query_map().with_untracked(|q| q.get(PASSWORD_CHANGED).is_some());
    // The new password replaced this page's session too: the live channel follows it.
    Effect::new(move |_| {
        if matches!(result.get(), Some(Ok(()))) {
            crate::components::live::renew_live();
        }
    });
    view! {
        <section class="panel" aria-labelledby="password-h">
            <h2 id="password-h">{t!(i18n, change_password)}</h2>
            <ActionForm action=change attr:class="stack">
                <div class="field">
                    <label for="current_password">{t!(i18n, current_password)}</label>
                    <input id="current_password" name="current_password" type="password" autocomplete="current-password" required/>
                </div>
                <crate::features::sign_in::page::NewPasswordFields/>
                {move || match result.get() {
                    None if changed_plainly => view! { <p class="notice" role="status">{t!(i18n, password_changed)}</p> }.into_any(),
                    Some(Ok(())) => view! { <p class="notice" role="status">{t!(i18n, password_changed)}</p> }.into_any(),
                    Some(Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                    None => ().into_any(),
                }}
                <button type="submit" class="button primary" disabled=move || change.pending().get()>
                    {t!(i18n, change_password)}
                </button>
            </ActionForm>
        </section>
    }
}

/// The private calendar feed: make (or replace) the link a phone's calendar subscribes to. A form,
/// so that it works before the page's code has loaded: posted plainly, the server shows this page
/// again with the new link (`fresh`).
#[component]
fn CalendarLink(has: bool, fresh: Option<String>) -> impl IntoView {
    use crate::features::my_shifts::RenewCalendarLink;
    let i18n = use_i18n();
    let renew = ServerAction::<RenewCalendarLink>::new();
    let result = renew.value();
    let has = move || has || matches!(result.get(), Some(Ok(_)));
    let shown = move || match result.get() {
        Some(Ok(path)) => Some(Ok(absolute(&path))),
        Some(Err(error)) => Some(Err(error)),
        None => fresh.clone().map(Ok),
    };
    view! {
        <section class="panel" aria-labelledby="cal-h">
            <h2 id="cal-h">{t!(i18n, calendar_heading)}</h2>
            <p>{t!(i18n, calendar_help)}</p>
            {move || has().then(|| view! { <p class="muted">{t!(i18n, calendar_exists)}</p> })}
            <ActionForm action=renew>
                <button type="submit" class="button secondary" disabled=move || renew.pending().get()>
                    {move || if has() { t_string!(i18n, calendar_renew) } else { t_string!(i18n, calendar_create) }}
                </button>
            </ActionForm>
            {move || shown().map(|r| match r {
                Ok(url) => view! {
                    <div class="field">
                        <label for="calendar-link">{t!(i18n, calendar_link)}</label>
                        <input id="calendar-link" readonly value=url.clone()/>
                        <p class="help"><a href=webcal(&url)>{t!(i18n, calendar_open)}</a></p>
                    </div>
                }.into_any(),
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
            })}
        </section>
    }
}

/// The feed's full address (a calendar app needs one). On the server only the path is known here;
/// a link made there comes already whole (see `renew_calendar_link`).
fn absolute(path: &str) -> String {
    #[cfg(feature = "hydrate")]
    if let Some(origin) = web_sys::window().and_then(|w| w.location().origin().ok()) {
        return format!("{origin}{path}");
    }
    path.to_string()
}

/// The same address for the phone's calendar app to subscribe to.
fn webcal(url: &str) -> String {
    url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1)
}

crate::components::lazy::lazy_page!(ProfileRoute, ProfilePage);
