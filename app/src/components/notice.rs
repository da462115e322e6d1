use crate::components::labels::error_message;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Shows an error as an alert. A lost session sends the person to the login page instead.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    if error == AppError::Unauthenticated {
        return view! { <Redirect path="/login"/> }.into_any();
    }
    let heading = matches!(error, AppError::Forbidden);
    view! {
        <div class="notice notice-error" role="alert">
            {heading.then(|| view! { <h1>{t!(i18n, access_denied)}</h1> })}
            <p>{move || error_message(i18n.get_locale(), &error)}</p>
        </div>
    }
    .into_any()
}

/// The message under a form field, when the last save failed because of that field.
/// `field` is the server's name for it ("note", or one line's "received_12").
#[component]
pub fn FieldError(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into)] field: String,
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = StoredValue::new(field);
    let message = move || match error.get() {
        Some(e @ AppError::Invalid { .. }) if matches!(&e, AppError::Invalid { field: f, .. } if field.with_value(|field| f == field)) => {
            Some(error_message(i18n.get_locale(), &e))
        }
        _ => None,
    };
    view! {
        <p class="field-error" id=id role="alert" hidden=move || message().is_none()>{message}</p>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" aria-live="polite">{t!(i18n, loading)}</p> }
}
