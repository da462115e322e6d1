//! Time in Skiftet: instants are stored as UTC seconds and shown in Europe/Stockholm.
//! The zone is compiled in (jiff's `static` feature), so the phone needs no tz database.
use jiff::civil::{Date, Time};
use jiff::{Timestamp, tz::TimeZone};

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

/// "2026-11-24 07:05" in Stockholm time, for lists and logs.
pub fn format_local(at: Timestamp) -> String {
    at.to_zoned(stockholm()).strftime("%Y-%m-%d %H:%M").to_string()
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
}
