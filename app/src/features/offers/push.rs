//! "Tell me about new offers": the phone's Web Push subscription, asked for only when the worker
//! taps the button (never on arrival), and only where it can work — a browser with push and
//! Skiftet's service worker installed (release builds). Without it, offers still arrive live on
//! an open page and are in the list.
use super::*;
use crate::components::ErrorNotice;
use crate::i18n::*;
use leptos::prelude::*;

/// What this phone can do about notifications.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PushState {
    /// No push in this browser, or no service worker (yet).
    Unsupported,
    /// The person said no in the browser: only the phone's settings can undo it.
    Denied,
    Off,
    On,
}

#[component]
pub fn PushPanel() -> impl IntoView {
    let i18n = use_i18n();
    // Known only in the browser, after hydration; the server renders nothing here.
    let state = RwSignal::new(None::<PushState>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            state.set(Some(client::current().await));
        });
    });
    let turn = move |on: bool| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match if on { client::subscribe().await } else { client::unsubscribe().await } {
                Ok(now) => state.set(Some(now)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        {move || state.get().map(|s| view! {
            <section class="panel" aria-labelledby="push-h">
                <h2 id="push-h">{t!(i18n, push_heading)}</h2>
                {match s {
                    PushState::Unsupported => view! { <p>{t!(i18n, push_unsupported)}</p> }.into_any(),
                    PushState::Denied => view! { <p>{t!(i18n, push_denied)}</p> }.into_any(),
                    PushState::Off => view! {
                        <p>{t!(i18n, push_help)}</p>
                        <button type="button" class="button primary" disabled=move || busy.get() on:click=move |_| turn(true)>
                            {t!(i18n, push_enable)}
                        </button>
                    }.into_any(),
                    PushState::On => view! {
                        <p role="status">{t!(i18n, push_on)}</p>
                        <button type="button" class="button secondary" disabled=move || busy.get() on:click=move |_| turn(false)>
                            {t!(i18n, push_disable)}
                        </button>
                    }.into_any(),
                }}
                {move || error.get().map(|error| view! { <ErrorNotice error/> })}
            </section>
        })}
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use super::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{PushEncryptionKeyName, PushSubscription, PushSubscriptionOptionsInit, ServiceWorkerRegistration};

    fn failed(_: JsValue) -> AppError {
        AppError::Network("push".into())
    }

    /// The registration of Skiftet's service worker, if there is one.
    async fn registration() -> Option<ServiceWorkerRegistration> {
        let window = web_sys::window()?;
        let has_push = js_sys::Reflect::has(&window, &JsValue::from_str("PushManager")).unwrap_or(false);
        if !has_push {
            return None;
        }
        let found = JsFuture::from(window.navigator().service_worker().get_registration()).await.ok()?;
        found.dyn_into::<ServiceWorkerRegistration>().ok()
    }

    async fn subscription(registration: &ServiceWorkerRegistration) -> Option<PushSubscription> {
        let manager = registration.push_manager().ok()?;
        let found = JsFuture::from(manager.get_subscription().ok()?).await.ok()?;
        found.dyn_into::<PushSubscription>().ok()
    }

    pub async fn current() -> PushState {
        let Some(registration) = registration().await else { return PushState::Unsupported };
        if web_sys::Notification::permission() == web_sys::NotificationPermission::Denied {
            return PushState::Denied;
        }
        match subscription(&registration).await {
            Some(_) => PushState::On,
            None => PushState::Off,
        }
    }

    fn base64url(bytes: &[u8]) -> Result<String, AppError> {
        let binary: String = bytes.iter().map(|b| char::from(*b)).collect();
        let plain = web_sys::window().ok_or(AppError::Internal)?.btoa(&binary).map_err(failed)?;
        Ok(plain.trim_end_matches('=').replace('+', "-").replace('/', "_"))
    }

    fn from_base64url(text: &str) -> Result<Vec<u8>, AppError> {
        let mut plain = text.replace('-', "+").replace('_', "/");
        while plain.len() % 4 != 0 {
            plain.push('=');
        }
        let binary = web_sys::window().ok_or(AppError::Internal)?.atob(&plain).map_err(failed)?;
        Ok(binary.chars().map(|c| c as u8).collect())
    }

    fn key_of(subscription: &PushSubscription, name: PushEncryptionKeyName) -> Result<String, AppError> {
        let buffer = subscription.get_key(name).map_err(failed)?.ok_or(AppError::Internal)?;
        base64url(&js_sys::Uint8Array::new(&buffer).to_vec())
    }

    pub async fn subscribe() -> Result<PushState, AppError> {
        let Some(registration) = registration().await else { return Ok(PushState::Unsupported) };
        let answer =
            JsFuture::from(web_sys::Notification::request_permission().map_err(failed)?).await.map_err(failed)?;
        if answer.as_string().as_deref() != Some("granted") {
            return Ok(if answer.as_string().as_deref() == Some("denied") {
                PushState::Denied
            } else {
                PushState::Off
            });
        }
        let key = from_base64url(&push_key().await?)?;
        let options = PushSubscriptionOptionsInit::new();
        options.set_user_visible_only(true);
        options.set_application_server_key(&js_sys::Uint8Array::from(key.as_slice()).into());
        let manager = registration.push_manager().map_err(failed)?;
        let subscribed =
            JsFuture::from(manager.subscribe_with_options(&options).map_err(failed)?).await.map_err(failed)?;
        let subscription: PushSubscription = subscribed.dyn_into().map_err(failed)?;
        subscribe_push(
            subscription.endpoint(),
            key_of(&subscription, PushEncryptionKeyName::P256dh)?,
            key_of(&subscription, PushEncryptionKeyName::Auth)?,
        )
        .await?;
        Ok(PushState::On)
    }

    pub async fn unsubscribe() -> Result<PushState, AppError> {
        let Some(registration) = registration().await else { return Ok(PushState::Unsupported) };
        if let Some(subscription) = subscription(&registration).await {
            unsubscribe_push(subscription.endpoint()).await?;
            let _ = JsFuture::from(subscription.unsubscribe().map_err(failed)?).await;
        }
        Ok(PushState::Off)
    }
}

/// On the server the panel renders nothing (its state is known only in the browser).
#[cfg(not(feature = "hydrate"))]
mod client {
    use super::*;

    pub async fn current() -> PushState {
        PushState::Unsupported
    }
    pub async fn subscribe() -> Result<PushState, AppError> {
        Ok(PushState::Unsupported)
    }
    pub async fn unsubscribe() -> Result<PushState, AppError> {
        Ok(PushState::Unsupported)
    }
}
