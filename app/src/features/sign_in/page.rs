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
    let me = crate::components::resource(|| (), |_| current_user());
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
    let me = crate::components::resource(|| (), |_| current_user());
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
                // A plain form, not Leptos' `ActionForm`: that reads the fields by parsing the form as a
                // query string with serde_qs, whose parser was 46 KiB of the main wasm (before
                // optimisation) for this one form. Before the page's code has come, and without
                // JavaScript, it posts natively to the same server function.
                <form action={<Login as leptos::server_fn::ServerFn>::url()} method="post" class="stack" on:submit=move |ev| {
                    ev.prevent_default();
                    let (email, password) = (field(&ev, "email"), field(&ev, "password"));
                    login.dispatch(Login { email, password });
                }>
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
                </form>
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
    let info = crate::components::resource(token, invitation_info);
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

// `/` is answered with a redirect by the server; the browser needs this view only when someone
// navigates to `/` within the app, so its code is not in the first download either.
crate::components::lazy::lazy_page!(HomeRoute, HomeRedirect);

// A person opens the invitation once: its code is not in every phone's first download.
crate::components::lazy::lazy_page!(InviteRoute, InvitePage);

/// The text of the field `name` in the form being submitted ("" if there is none).
fn field(ev: &leptos::ev::SubmitEvent, name: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let form = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok());
        let data = form.and_then(|f| web_sys::FormData::new_with_form(&f).ok());
        if let Some(value) = data.and_then(|d| d.get(name).as_string()) {
            return value;
        }
    }
    let _ = (ev, name);
    String::new()
}

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
