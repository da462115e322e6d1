//! Dates and times as people read them: Stockholm time, "Idag" / "I morgon", weekday and month names.
use crate::i18n::*;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

/// An instant on Stockholm's wall clock (see `domain::time::wall_clock` for why not jiff's zones).
pub fn local(at: Timestamp) -> DateTime {
    crate::domain::time::wall_clock(at)
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

/// "07:00". Written out rather than with jiff's `strftime`: these helpers are in the main wasm
/// (*Mina pass*), and `strftime` would bring jiff's whole format interpreter to every phone.
pub fn clock(t: jiff::civil::Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "07:00–15:00": a shift type's wall-clock times.
pub fn clock_range(start: jiff::civil::Time, end: jiff::civil::Time) -> String {
    format!("{}–{}", clock(start), clock(end))
}

pub fn time_range(start: Timestamp, end: Timestamp) -> String {
    clock_range(local(start).time(), local(end).time())
}

/// The first day of the month `months` months after (negative: before) `date`'s month. Month
/// arithmetic written out rather than with jiff's `Span`, whose general arithmetic would come to
/// every phone with *Mina pass*'s month pager.
pub fn first_of_month(date: Date, months: i32) -> Option<Date> {
    let index = i32::from(date.year()) * 12 + i32::from(date.month()) - 1 + months;
    let (year, month) = (i16::try_from(index.div_euclid(12)).ok()?, index.rem_euclid(12) as i8 + 1);
    Date::new(year, month, 1).ok()
}

/// "2026-12", as in `?manad=2026-12`.
pub fn year_month(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
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

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn clock_times_and_months_are_zero_padded_as_strftime_would() {
        assert_eq!(clock(time(7, 5, 0, 0)), "07:05");
        assert_eq!(clock_range(time(22, 0, 0, 0), time(7, 30, 0, 0)), "22:00–07:30");
        assert_eq!(year_month(date(2026, 3, 31)), "2026-03");
        assert_eq!(first_of_month(date(2026, 12, 1), 1), Some(date(2027, 1, 1)));
        assert_eq!(first_of_month(date(2027, 1, 31), -1), Some(date(2026, 12, 1)));
        assert_eq!(first_of_month(date(2026, 3, 15), -15), Some(date(2024, 12, 1)));
        assert_eq!(first_of_month(date(2026, 3, 15), 0), Some(date(2026, 3, 1)));
        // A summer evening in Stockholm is UTC+2: 19:45 UTC shows as 21:45.
        let start: Timestamp = "2026-07-01T19:45:00Z".parse().unwrap();
        let end: Timestamp = "2026-07-02T05:00:00Z".parse().unwrap();
        assert_eq!(time_range(start, end), "21:45–07:00");
    }
}
