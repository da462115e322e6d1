//! Labelled form controls: every input has a visible label, its error is announced and tied to
//! it with aria-describedby, and the typed value is kept when a save fails.
use crate::components::FieldError;
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn TextField(
    id: &'static str,
    /// The `AppError::Invalid` field name whose message shows under this input.
    field: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    children: Children,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let invalid = move || matches!(error.get(), Some(AppError::Invalid { field: f, .. }) if f == field);
    view! {
        <div class="field">
            <label for=id>{children()}</label>
            <input
                id=id
                name=field
                type=kind
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                required=required
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldError error field id=error_id/>
        </div>
    }
}

/// A checkbox with its label. `on_toggle` hears each tick and untick as it happens: a form that
/// keeps a list of the ticked boxes updates it there, not in an `Effect` — an effect runs a
/// little later, and a tap on "Spara" kept from before the page's code had loaded (`boot.js`)
/// is replayed right after the tick, before that.
#[component]
pub fn CheckField(
    id: String,
    checked: RwSignal<bool>,
    #[prop(optional, into)] on_toggle: Option<Callback<bool>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="check">
            <input
                id=id.clone()
                type="checkbox"
                checked=move || checked.get()
                use:follow_checked=checked
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    checked.set(on);
                    if let Some(toggle) = on_toggle {
                        toggle.run(on);
                    }
                }
            />
            <label for=id>{children()}</label>
        </div>
    }
}

/// Keeps the box's tick in step with `checked` once the page's code runs — but never by setting
/// it while hydrating. The server renders the tick as the `checked` attribute (so the page shows
/// it before the wasm arrives, and without any), and Leptos would set a `prop:checked` on
/// hydration: a box the person ticked before the code had loaded would untick itself until
/// `boot.js` replays the tick a moment later. So only a later change of `checked` (a reset, a
/// save's answer) sets the box; the person's own taps reach `checked` through `on:change`.
fn follow_checked(el: leptos::tachys::renderer::types::Element, checked: RwSignal<bool>) {
    use wasm_bindgen::JsCast;
    let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() else { return };
    let shown = checked.get_untracked();
    // An effect's first run comes a little after the element exists: comparing with what the
    // element was made with, not with `None`, keeps a change made in between.
    Effect::new(move |applied: Option<bool>| {
        let on = checked.get();
        if on != applied.unwrap_or(shown) {
            input.set_checked(on);
        }
        on
    });
}

/// The end of an editing form: an error that is not about one field (those show under their
/// input), the "saved" confirmation announced to screen readers, and the save button, disabled
/// while a save is under way so a double tap does not send it twice.
#[component]
pub fn FormFooter(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into)] saved: Signal<bool>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        {move || error.get().filter(|e| !matches!(e, AppError::Invalid { .. })).map(|error| view! { <crate::components::ErrorNotice error/> })}
        <p role="status" class="success">{move || saved.get().then(|| crate::i18n::t_string!(i18n, saved))}</p>
        <button type="submit" class="button primary" disabled=move || pending.get()>{crate::i18n::t!(i18n, save)}</button>
    }
}
