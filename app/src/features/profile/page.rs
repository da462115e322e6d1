//! Pages and components of this feature.
use super::*;
use crate::components::labels::role_label;
use crate::components::shell::{LanguageSwitch, LogoutButton};
use crate::components::{ErrorNotice, Loading, PageTitle};
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
                    Ok(p) => view! {
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
                    }.into_any(),
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

crate::components::lazy::lazy_page!(ProfileRoute, ProfilePage);
