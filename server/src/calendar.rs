//! The private calendar feed (iCalendar, RFC 5545): `GET /kalender/<secret>.ics`, so a worker's
//! shifts appear in the phone's own calendar. The secret is the only credential — calendar apps
//! cannot log in — so it is long, stored hashed, and renewable from the "My shifts" page.
use crate::web::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use icalendar::{Calendar, Component, Event, EventLike};

fn utc(at: jiff::Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(at.as_second(), 0).unwrap_or_default()
}

/// Control characters (line breaks above all) replaced by spaces.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let shifts = match app::features::my_shifts::server::calendar_feed(&state.db, token).await {
        Ok(Some(shifts)) => shifts,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return e.into_response(),
    };
    let mut cal = Calendar::new();
    cal.name("Skiftet – mina pass");
    for s in shifts.iter().filter(|s| !s.absent) {
        let title = match &s.shift_name {
            Some(name) => format!("{name} – {}", s.unit_name),
            None => s.unit_name.clone(),
        };
        // Names are checked on input; older rows are cleaned here too, since the iCalendar
        // library writes text as given and a bare CR would start a line of its own.
        let (title, address) = (one_line(&title), one_line(&s.unit_address));
        cal.push(
            Event::new()
                .uid(&format!("shift-{}@skiftet", s.id))
                .summary(&title)
                .location(&address)
                .starts(utc(s.starts_at))
                .ends(utc(s.ends_at))
                .done(),
        );
    }
    (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CACHE_CONTROL, "private, max-age=300")],
        cal.done().to_string(),
    )
        .into_response()
}
