//! Dates and times as people read them: Stockholm time, "Idag" / "I morgon", weekday and month names.
use crate::domain::time::stockholm;
use crate::i18n::*;
use jiff::Timestamp;
use jiff::civil::Date;

pub fn local(at: Timestamp) -> jiff::Zoned {
    at.to_zoned(stockholm())
}

pub fn weekday_name(locale: Locale, date: Date) -> &'static str {
    use jiff::civil::Weekday::*;
    match date.weekday() {
        Monday => td_string!(locale, monday),
        Tuesday => td_string!(locale, tuesday),
        Wednesday => td_string!(locale, wednesday),
        Thursday => td_string!(locale, thursday),
        Friday => td_string!(locale, friday),
        Saturday => td_string!(locale, saturday),
        Sunday => td_string!(locale, sunday),
    }
}

/// "Idag", "I morgon" or "Torsdag 26/11".
pub fn day_label(locale: Locale, today: Date, date: Date) -> String {
    if date == today {
        td_string!(locale, today).to_string()
    } else if today.tomorrow().ok() == Some(date) {
        td_string!(locale, tomorrow).to_string()
    } else {
        format!("{} {}/{}", weekday_name(locale, date), date.day(), date.month())
    }
}

/// "07:00–15:00": a shift type's wall-clock times.
pub fn clock_range(start: jiff::civil::Time, end: jiff::civil::Time) -> String {
    format!("{}–{}", start.strftime("%H:%M"), end.strftime("%H:%M"))
}

pub fn time_range(start: Timestamp, end: Timestamp) -> String {
    format!("{}–{}", local(start).strftime("%H:%M"), local(end).strftime("%H:%M"))
}

pub fn month_name(locale: Locale, month: i8) -> &'static str {
    match month {
        1 => td_string!(locale, month_1),
        2 => td_string!(locale, month_2),
        3 => td_string!(locale, month_3),
        4 => td_string!(locale, month_4),
        5 => td_string!(locale, month_5),
        6 => td_string!(locale, month_6),
        7 => td_string!(locale, month_7),
        8 => td_string!(locale, month_8),
        9 => td_string!(locale, month_9),
        10 => td_string!(locale, month_10),
        11 => td_string!(locale, month_11),
        _ => td_string!(locale, month_12),
    }
}

pub fn weekday_short(locale: Locale, day: i64) -> String {
    let d = jiff::civil::date(2026, 1, 4 + day as i8); // 2026-01-05 is a Monday
    weekday_name(locale, d).chars().take(3).collect()
}
