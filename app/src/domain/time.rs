//! Time in Skiftet: instants are stored as UTC seconds and shown in Europe/Stockholm.
//! The zone is compiled in (jiff's `static` feature), so the phone needs no tz database.
use std::sync::OnceLock;

use jiff::civil::{Date, Time};
use jiff::{SignedDuration, Timestamp, tz::TimeZone};

/// The municipality's time zone.
pub fn stockholm() -> TimeZone {
    static TZ: TimeZone = jiff::tz::get!("Europe/Stockholm");
    TZ.clone()
}

/// The instant a Stockholm wall-clock time on a date happens (jiff's "compatible" reading: the
/// first of a time the autumn change repeats, the moment after a time the spring change skips).
pub fn local_instant(date: Date, time: Time) -> Timestamp {
    stockholm()
        .to_ambiguous_zoned(date.to_datetime(time))
        .compatible()
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Stockholm's local midnights from 2000 to 2079, worked out once by jiff. The working-time rules
/// ask for an instant's local date or a date's first instant a dozen times per check and the
/// allocation makes hundreds of thousands of checks: a time-zone conversion costs about as much as
/// the rest of a check, a look-up in this table almost nothing. Outside the table jiff answers.
struct Midnights {
    first: Date,
    dates: Vec<Date>,
    seconds: Vec<i64>,
}

fn midnights() -> &'static Midnights {
    static TABLE: OnceLock<Midnights> = OnceLock::new();
    TABLE.get_or_init(|| {
        let first = Date::constant(2000, 1, 1);
        let last = Date::constant(2080, 1, 1);
        let tz = stockholm();
        let (mut dates, mut seconds) = (Vec::new(), Vec::new());
        let mut day = first;
        while day <= last {
            dates.push(day);
            seconds.push(convert_midnight(day, &tz).as_second());
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        Midnights { first, dates, seconds }
    })
}

fn convert_midnight(date: Date, tz: &TimeZone) -> Timestamp {
    tz.to_ambiguous_zoned(date.to_datetime(Time::midnight()))
        .compatible()
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The Stockholm date an instant falls on.
pub fn local_date(at: Timestamp) -> Date {
    let table = midnights();
    let s = at.as_second();
    let n = table.seconds.len();
    if n >= 2 && s >= table.seconds[0] && s < table.seconds[n - 1] {
        // A local day is 23, 24 or 25 hours: the guess by 24 hours is at most one day off.
        let mut i = (((s - table.seconds[0]) / 86_400) as usize).min(n - 2);
        while i > 0 && table.seconds[i] > s {
            i -= 1;
        }
        while i + 2 < n && table.seconds[i + 1] <= s {
            i += 1;
        }
        return table.dates[i];
    }
    at.to_zoned(stockholm()).date()
}

/// The instant a Stockholm date begins.
pub fn local_midnight(date: Date) -> Timestamp {
    let table = midnights();
    let days = table.first.duration_until(date).as_secs() / 86_400;
    if let Some(&s) = usize::try_from(days).ok().and_then(|i| table.seconds.get(i)) {
        return Timestamp::from_second(s).unwrap_or(Timestamp::UNIX_EPOCH);
    }
    convert_midnight(date, &stockholm())
}

/// How long a Stockholm date is: 24 hours, or 23 and 25 on the days the clocks change.
pub fn local_day_length(date: Date) -> SignedDuration {
    local_midnight(date.tomorrow().unwrap_or(date)).duration_since(local_midnight(date))
}

/// "2026-11-24 07:05" in Stockholm time, for lists and logs. Written out rather than with
/// jiff's `strftime`: error messages use it, so it is in the main wasm, and `strftime` would bring
/// jiff's whole format interpreter to every phone.
pub fn format_local(at: Timestamp) -> String {
    let t = at.to_zoned(stockholm());
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stockholm_time_follows_summer_and_winter_time() {
        // 2026-07-01 10:00 UTC is 12:00 in summer (CEST, +2); 2026-01-15 10:00 UTC is 11:00 (CET, +1).
        let summer: Timestamp = "2026-07-01T10:00:00Z".parse().unwrap();
        let winter: Timestamp = "2026-01-15T10:00:00Z".parse().unwrap();
        assert_eq!(format_local(summer), "2026-07-01 12:00");
        assert_eq!(format_local(winter), "2026-01-15 11:00");
    }

    /// The table agrees with jiff every hour of the years around both clock changes, and outside
    /// the table jiff still answers.
    #[test]
    fn the_table_of_midnights_agrees_with_jiff() {
        let tz = stockholm();
        let mut at: Timestamp = "2026-12-31T00:00:00Z".parse().unwrap();
        let end: Timestamp = "2029-01-02T00:00:00Z".parse().unwrap();
        while at < end {
            let date = at.to_zoned(tz.clone()).date();
            assert_eq!(local_date(at), date, "{at}");
            assert_eq!(local_midnight(date), convert_midnight(date, &tz), "{date}");
            at = at.checked_add(SignedDuration::from_mins(37)).unwrap();
        }
        for (date, hours) in [("2027-03-28", 23), ("2027-10-31", 25), ("2027-06-01", 24)] {
            let date: Date = date.parse().unwrap();
            assert_eq!(local_day_length(date), SignedDuration::from_hours(hours));
        }
        for early in ["1999-12-31T22:59:59Z", "1975-06-01T12:00:00Z", "2081-06-01T12:00:00Z"] {
            let at: Timestamp = early.parse().unwrap();
            let date = at.to_zoned(tz.clone()).date();
            assert_eq!(local_date(at), date);
            assert_eq!(local_midnight(date), convert_midnight(date, &tz));
        }
        let first: Timestamp = "1999-12-31T23:00:00Z".parse().unwrap();
        assert_eq!(local_date(first), Date::constant(2000, 1, 1));
    }
}
