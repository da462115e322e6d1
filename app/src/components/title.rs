//! The page's `<title>`.
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document title from `text` (the app adds " – Skiftet").
///
/// On the server the title is read *now*, while the page's reactive scope is current. Leptos
/// 0.8 reads `<Title>`'s text only when it writes the `<head>`, outside the request's scope: a
/// closure that reads a signal (the language, the query string) there found another request's
/// values or none, and under parallel requests the server panicked mid-page
/// (`every_home_page_finishes_rendering_under_parallel_requests`). In the browser the title
/// follows the language and the view as they change.
#[component]
pub fn PageTitle<F>(text: F) -> impl IntoView
where
    F: Fn() -> String + Send + Sync + 'static,
{
    let text: TextProp = if cfg!(feature = "ssr") { text().into() } else { text.into() };
    view! { <Title text/> }
}
