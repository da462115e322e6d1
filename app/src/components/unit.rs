//! Pieces shared by the unit pages (week, base staffing, rolling schedule, follow-up).
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The unit a unit page is about, from its `/enhet/:id/…` path (0, which no unit has, if absent).
pub fn use_unit_id() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default())
}
