//! The need score as people see it: a coloured level with the number, and "why" — its parts
//! in points (see `domain::need`). The colour is never the only sign: the level is written out.
use crate::domain::need::{NeedLevel, NeedScore};
use crate::i18n::*;
use leptos::prelude::*;

pub fn level_label(locale: Locale, level: NeedLevel) -> &'static str {
    match level {
        NeedLevel::Red => td_string!(locale, need_red),
        NeedLevel::Yellow => td_string!(locale, need_yellow),
        NeedLevel::Green => td_string!(locale, need_green),
    }
}

pub fn level_class(level: NeedLevel) -> &'static str {
    match level {
        NeedLevel::Red => "need need-red",
        NeedLevel::Yellow => "need need-yellow",
        NeedLevel::Green => "need need-green",
    }
}

/// "51 · Röd" in the level's colour.
#[component]
pub fn NeedBadge(score: NeedScore) -> impl IntoView {
    let i18n = use_i18n();
    let level = score.level();
    view! {
        <span class=level_class(level)>{score.total}" · "{move || level_label(i18n.get_locale(), level)}</span>
    }
}

/// The score's parts, one line each: "Saknad personal: 18 p".
#[component]
pub fn NeedParts(score: NeedScore) -> impl IntoView {
    let i18n = use_i18n();
    let points = |p: f64| format!("{:.0} p", p);
    view! {
        <dl class="need-parts">
            <div><dt>{t!(i18n, need_part_staff)}</dt><dd>{points(score.staff)}</dd></div>
            <div><dt>{t!(i18n, need_part_scarcity)}</dt><dd>{points(score.scarcity)}</dd></div>
            <div><dt>{t!(i18n, need_part_infection)}</dt><dd>{points(score.infection)}</dd></div>
            <div><dt>{t!(i18n, need_part_recipients)}</dt><dd>{points(score.recipients)}</dd></div>
            <div><dt>{t!(i18n, need_part_urgency)}</dt><dd>{points(score.urgency)}</dd></div>
        </dl>
    }
}
