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
                value=value.get_untracked()
                use:follow_value=value
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
                checked=checked.get_untracked()
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

/// `use:follow_value=signal` on an `<input>` rendered with `value=signal.get_untracked()` (or a
/// `<textarea>` with that text inside): keeps what the control shows in step with the signal once
/// the page's code runs, without Leptos' `prop:value`. That property is not rendered by the
/// server — a saved form showed empty fields until its code came, and posted empty without any —
/// and it is set again on hydration, overwriting whatever the person typed meanwhile. The
/// person's typing reaches the signal through `on:input`.
pub fn follow_value<S>(el: leptos::tachys::renderer::types::Element, value: S)
where
    S: Get<Value = String> + 'static,
{
    use wasm_bindgen::JsCast;
    use web_sys::{HtmlInputElement, HtmlTextAreaElement};
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        let (read, write) = (input.clone(), input.clone());
        let read = move |first| if first { read.default_value() } else { read.value() };
        follow(move || value.get(), read, move |v: &String| write.set_value(v));
    } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        let (read, write) = (area.clone(), area.clone());
        let read = move |first| if first { read.default_value().unwrap_or_default() } else { read.value() };
        follow(move || value.get(), read, move |v: &String| write.set_value(v));
    }
}

/// What a count field holds as a number: what was typed, or -1 when that is nothing or no whole
/// number yet (outside every count's range, so the field is marked invalid and a save refused).
pub fn typed_count(raw: &str) -> i64 {
    raw.trim().parse().unwrap_or(-1)
}

/// `use:follow_count=signal` on a number input whose signal holds [`typed_count`] of what was
/// typed: as [`follow_value`], but compared as counts, so a field the person has emptied (or holds
/// a half-typed "1e") stays as they left it instead of showing back what the page made of it.
pub fn follow_count<S>(el: leptos::tachys::renderer::types::Element, count: S)
where
    S: Get<Value = i64> + 'static,
{
    use wasm_bindgen::JsCast;
    let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() else { return };
    let read = input.clone();
    let read = move |first| typed_count(&if first { read.default_value() } else { read.value() });
    follow(move || count.get(), read, move |n: &i64| input.set_value(&n.to_string()));
}

/// `use:follow_checked=signal` on a checkbox rendered with `checked=`: as [`follow_value`], for
/// Leptos' `prop:checked` (a box ticked before the code came unticked itself on hydration).
pub fn follow_checked<S>(el: leptos::tachys::renderer::types::Element, checked: S)
where
    S: Get<Value = bool> + 'static,
{
    use wasm_bindgen::JsCast;
    let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() else { return };
    let read = input.clone();
    let read = move |first| if first { read.default_checked() } else { read.checked() };
    follow(move || checked.get(), read, move |on: &bool| input.set_checked(*on));
}

/// Sets a control from its signal only where they differ. `read(true)` is what the server
/// rendered (the control's default), `read(false)` what it shows now. The first run compares with
/// the former: typing or a tick made before the code came stays (the signal hears of it through
/// the replayed event), while a value the page's code has of its own — a draft kept on the
/// device — replaces the server's. Later runs compare with the latter, so the person's own
/// typing, already there, is never set again (no caret jump, and a half-typed number the browser
/// reads as "" is not cleared).
fn follow<T: PartialEq + 'static>(
    signal: impl Fn() -> T + 'static,
    read: impl Fn(bool) -> T + 'static,
    set: impl Fn(&T) + 'static,
) {
    Effect::new(move |ran: Option<()>| {
        let wanted = signal();
        if wanted != read(ran.is_none()) {
            set(&wanted);
        }
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
