//! Pages and components of this feature.
use super::*;
use crate::components::shell::LanguageSwitch;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

#[component]
pub fn HomeRedirect() -> impl IntoView {
    let me = Resource::new(|| (), |_| current_user());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let path = match me.await {
                    Ok(Some(user)) => user.home_path(),
                    _ => "/login",
                };
                view! { <Redirect path=path/> }
            })}
        </Suspense>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let me = Resource::new(|| (), |_| current_user());
    Effect::new(move |_| {
        if let Some(Ok(path)) = login.value().get() {
            hard_navigate(&path);
        }
    });
    view! {
        <PageTitle text=move || t_string!(i18n, login_title).to_string()/>
        <main id="main" class="login-page">
            // Already signed in (for example after a form post without JavaScript): go home.
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    me.await.ok().flatten().map(|user| view! { <Redirect path=user.home_path()/> })
                })}
            </Suspense>
            <div class="login-card">
                <div class="login-head">
                    <p class="brand-large">"Skiftet"</p>
                    <LanguageSwitch/>
                </div>
                <h1>{t!(i18n, login_title)}</h1>
                <ActionForm action=login attr:class="stack">
                    <div class="field">
                        <label for="email">{t!(i18n, email)}</label>
                        <input id="email" name="email" type="email" autocomplete="username" inputmode="email" required/>
                    </div>
                    <div class="field">
                        <label for="password">{t!(i18n, password)}</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required/>
                    </div>
                    {move || login.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
                    <button type="submit" class="button primary" disabled=move || login.pending().get()>
                        {t!(i18n, login_button)}
                    </button>
                </ActionForm>
                <p class="hint">{t!(i18n, login_hint)}</p>
            </div>
        </main>
    }
}

#[component]
pub fn InvitePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let info = Resource::new(token, invitation_info);
    let accept = ServerAction::<AcceptInvitation>::new();
    Effect::new(move |_| {
        if let Some(Ok(path)) = accept.value().get() {
            hard_navigate(&path);
        }
    });
    let error = Signal::derive(move || accept.value().get().and_then(Result::err));
    view! {
        <PageTitle text=move || t_string!(i18n, invite_title).to_string()/>
        <main id="main" class="login-page">
            <div class="login-card">
                <div class="login-head">
                    <p class="brand-large">"Skiftet"</p>
                    <LanguageSwitch/>
                </div>
                <h1>{t!(i18n, invite_title)}</h1>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match info.await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(name) => view! {
                                <p>{t!(i18n, invite_welcome)}" "<strong>{name}</strong></p>
                                <ActionForm action=accept attr:class="stack">
                                    <input type="hidden" name="token" value=token()/>
                                    <NewPasswordFields/>
                                    {move || error.get().map(|error| view! { <ErrorNotice error/> })}
                                    <button type="submit" class="button primary" disabled=move || accept.pending().get()>
                                        {t!(i18n, set_password_button)}
                                    </button>
                                </ActionForm>
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </main>
    }
}

// A person opens the invitation once: its code is not in every phone's first download.
crate::components::lazy::lazy_page!(InviteRoute, InvitePage);

/// Full page load to `path`: after login or logout everything is fetched afresh.
pub(crate) fn hard_navigate(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = web_sys::window().map(|w| w.location().set_href(path));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// A new password twice (field names `password` and `password_repeat`), with the advice on
/// choosing one: for the invitation page and the profile's password change.
#[component]
pub fn NewPasswordFields() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for="password">{t!(i18n, new_password)}</label>
            <input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required aria-describedby="password-help"/>
            <p class="help" id="password-help">{t!(i18n, password_help)}</p>
        </div>
        <div class="field">
            <label for="password_repeat">{t!(i18n, repeat_password)}</label>
            <input id="password_repeat" name="password_repeat" type="password" autocomplete="new-password" required/>
        </div>
    }
}
