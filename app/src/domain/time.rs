//! Time in Skiftet: instants are stored as UTC seconds and shown in Europe/Stockholm.
//! The zone is compiled in (jiff's `static` feature), so the phone needs no tz database.
use std::sync::OnceLock;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

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

/// Stockholm's wall clock at an instant, for showing it: what the pages (the phone's *Mina pass*
/// among them) print. It applies the EU's summer-time rule (Directive 2000/84/EC, Sweden's since
/// 1996): UTC+2 from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
/// October, UTC+1 otherwise — which is what the time zone database says for Europe/Stockholm from
/// 1996 on (a test compares the two every few hours from 1996 to 2099).
///
/// Why not jiff's `TimeZone` here, as everywhere else: this is in the main wasm, and the zone
/// machinery (transitions, ambiguity, its error texts) is the largest part of jiff there; an
/// instant and a fixed offset make a civil date-time with plain arithmetic. The rules that *decide*
/// anything (working time, allocation, the midnights above) keep using the database. If the EU
/// ever drops the clock change, that test fails on the jiff upgrade that brings the new data.
pub fn wall_clock(at: Timestamp) -> DateTime {
    let utc = Offset::UTC.to_datetime(at);
    let summer_from = last_sunday(utc.year(), 3).at(1, 0, 0, 0);
    let summer_until = last_sunday(utc.year(), 10).at(1, 0, 0, 0);
    let summer = summer_from <= utc && utc < summer_until;
    Offset::constant(if summer { 2 } else { 1 }).to_datetime(at)
}

/// The last Sunday of a month with 31 days (March, October).
fn last_sunday(year: i16, month: i8) -> Date {
    let last = Date::constant(year, month, 31);
    Date::constant(year, month, 31 - last.weekday().to_sunday_zero_offset())
}

/// "2026-11-24 07:05" in Stockholm time, for lists and logs. Written out rather than with
/// jiff's `strftime`: error messages use it, so it is in the main wasm, and `strftime` would bring
/// jiff's whole format interpreter to every phone.
pub fn format_local(at: Timestamp) -> String {
    let t = wall_clock(at);
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())
}

/// Instants and dates as the pages' data carries them to the phone: Unix seconds and
/// `[year, month, day]`. jiff's own serde form is ISO 8601 text, and reading it in the wasm brings
/// jiff's parser and, through its errors, every error text jiff has — the largest part of jiff in
/// the main wasm. Used (`#[serde(with = …)]`) on what *Mina pass* and the working-time errors
/// carry; the allocation's documented JSON (`docs/allocation.md`) keeps RFC 3339.
pub mod wire {
    use jiff::Timestamp;
    use jiff::civil::Date;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// An instant as Unix seconds.
    pub mod instant {
        use super::*;

        pub fn serialize<S: Serializer>(at: &Timestamp, to: S) -> Result<S::Ok, S::Error> {
            to.serialize_i64(at.as_second())
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Timestamp, D::Error> {
            let seconds = i64::deserialize(from)?;
            Timestamp::from_second(seconds).map_err(|_| D::Error::custom("instant out of range"))
        }
    }

    /// A date as `[year, month, day]`.
    pub mod date {
        use super::*;

        pub fn serialize<S: Serializer>(date: &Date, to: S) -> Result<S::Ok, S::Error> {
            (date.year(), date.month(), date.day()).serialize(to)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Date, D::Error> {
            let (year, month, day) = <(i16, i8, i8)>::deserialize(from)?;
            Date::new(year, month, day).map_err(|_| D::Error::custom("no such date"))
        }
    }

    /// A working-time span as `{ "start": seconds, "end": seconds }`.
    pub mod span {
        use super::*;
        use crate::domain::worktime::Span;

        #[derive(Serialize, Deserialize)]
        struct Seconds {
            #[serde(with = "super::instant")]
            start: Timestamp,
            #[serde(with = "super::instant")]
            end: Timestamp,
        }

        pub fn serialize<S: Serializer>(span: &Span, to: S) -> Result<S::Ok, S::Error> {
            Seconds { start: span.start, end: span.end }.serialize(to)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Span, D::Error> {
            let Seconds { start, end } = Seconds::deserialize(from)?;
            Ok(Span { start, end })
        }
    }
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

    /// The summer-time rule gives the time zone database's wall clock: every 97 minutes from 1996
    /// to 2099 (which lands on every hour of the day), and the minutes around each clock change.
    #[test]
    fn the_wall_clock_agrees_with_the_time_zone_database() {
        let tz = stockholm();
        let mut at: Timestamp = "1996-01-01T00:00:00Z".parse().unwrap();
        let end: Timestamp = "2100-01-01T00:00:00Z".parse().unwrap();
        while at < end {
            assert_eq!(wall_clock(at), at.to_zoned(tz.clone()).datetime(), "{at}");
            at = at.checked_add(SignedDuration::from_mins(97)).unwrap();
        }
        for year in 1996..2100 {
            for month in [3, 10] {
                let change = last_sunday(year, month).at(1, 0, 0, 0).to_zoned(TimeZone::UTC).unwrap().timestamp();
                for minutes in -61..=61 {
                    let at = change.checked_add(SignedDuration::from_mins(minutes)).unwrap();
                    assert_eq!(wall_clock(at), at.to_zoned(tz.clone()).datetime(), "{at}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_instant_from_1996_to_2099_shows_as_the_database_says(
            seconds in 820_454_400i64..4_102_444_800i64
        ) {
            let at = Timestamp::from_second(seconds).unwrap();
            proptest::prop_assert_eq!(wall_clock(at), at.to_zoned(stockholm()).datetime());
        }
    }

    #[test]
    fn instants_and_dates_travel_as_numbers_and_come_back_the_same() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Carried {
            #[serde(with = "wire::instant")]
            at: Timestamp,
            #[serde(with = "wire::date")]
            on: Date,
            #[serde(with = "wire::span")]
            span: crate::domain::worktime::Span,
        }
        let at: Timestamp = "2026-03-29T01:30:00Z".parse().unwrap();
        let carried = Carried {
            at,
            on: Date::constant(2026, 12, 31),
            span: crate::domain::worktime::Span::new(at, at.checked_add(SignedDuration::from_hours(8)).unwrap()),
        };
        let json = serde_json::to_string(&carried).unwrap();
        assert_eq!(json, r#"{"at":1774747800,"on":[2026,12,31],"span":{"start":1774747800,"end":1774776600}}"#);
        assert_eq!(serde_json::from_str::<Carried>(&json).unwrap(), carried);
        for wrong in [
            r#"{"at":1774747800,"on":[2026,2,30],"span":{"start":0,"end":0}}"#,
            r#"{"at":99999999999999,"on":[2026,2,3],"span":{"start":0,"end":0}}"#,
            r#"{"at":0,"on":[2026,2,3],"span":{"start":0,"end":-99999999999999}}"#,
        ] {
            assert!(serde_json::from_str::<Carried>(wrong).is_err(), "{wrong}");
        }
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
