//! The server's clock: the one place the server reads "now" and "today" from.
//!
//! In production it is the system clock. Tests, demo runs and `make test`'s date sweep start it
//! at another instant (`Clock::starting_at`, or `SKIFTET_CLOCK_START` for the binary) and time then
//! runs on from there, so every date the server computes — today's shifts, "this week", the demo
//! schedule, rule windows, throttling windows, audit times — moves with it. Nothing else calls
//! `Timestamp::now()`; a test that needs a calendar date asks its app's clock for it.
use crate::domain::time::stockholm;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Nanoseconds added to the system clock (±292 years fit); 0 in production.
    offset_ns: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `start` now and runs on from there at the normal pace.
    pub fn starting_at(start: Timestamp) -> Clock {
        let clock = Clock::default();
        clock.set(start);
        clock
    }

    /// Sets the clock so that it reads `at` now; it runs on from there.
    pub fn set(&self, at: Timestamp) {
        let offset = at.duration_since(Timestamp::now());
        self.offset_ns.store(offset.as_nanos() as i64, Ordering::Relaxed);
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: SignedDuration) {
        self.offset_ns.fetch_add(by.as_nanos() as i64, Ordering::Relaxed);
    }

    pub fn now(&self) -> Timestamp {
        let offset = SignedDuration::from_nanos(self.offset_ns.load(Ordering::Relaxed));
        Timestamp::now().checked_add(offset).unwrap_or_else(|_| Timestamp::now())
    }

    /// Seconds since the Unix epoch, as stored in the database.
    pub fn now_secs(&self) -> i64 {
        self.now().as_second()
    }

    /// Today's date in the municipality (Europe/Stockholm).
    pub fn today(&self) -> Date {
        self.now().to_zoned(stockholm()).date()
    }

    /// Reads `SKIFTET_CLOCK_START`-style values: an RFC 3339 instant ("2027-03-27T09:00:00Z"),
    /// a Stockholm civil time ("2027-03-27T09:00") or a date ("2027-03-27", 09:00 that day).
    pub fn parse_start(raw: &str) -> Result<Timestamp, String> {
        let raw = raw.trim();
        if let Ok(ts) = raw.parse::<Timestamp>() {
            return Ok(ts);
        }
        let local = if raw.contains('T') || raw.contains(' ') {
            raw.parse::<jiff::civil::DateTime>().map_err(|e| format!("{raw:?} is not a time: {e}"))?
        } else {
            raw.parse::<Date>().map_err(|e| format!("{raw:?} is not a date: {e}"))?.at(9, 0, 0, 0)
        };
        local.to_zoned(stockholm()).map(|z| z.timestamp()).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_started_at_a_day_reads_that_day_and_runs_on() {
        let start = Clock::parse_start("2027-03-27").unwrap();
        let clock = Clock::starting_at(start);
        assert_eq!(clock.today(), jiff::civil::date(2027, 3, 27));
        let drift = clock.now().duration_since(start);
        assert!(drift >= SignedDuration::ZERO && drift < SignedDuration::from_secs(5), "{drift:?}");
        clock.advance(SignedDuration::from_hours(24));
        assert_eq!(clock.today(), jiff::civil::date(2027, 3, 28));
    }

    #[test]
    fn start_values_are_read_in_stockholm_time() {
        assert_eq!(Clock::parse_start("2027-03-27T23:30").unwrap().to_string(), "2027-03-27T22:30:00Z");
        assert_eq!(Clock::parse_start("2027-07-01").unwrap().to_string(), "2027-07-01T07:00:00Z");
        assert_eq!(Clock::parse_start("2027-01-05T10:00:00Z").unwrap().to_string(), "2027-01-05T10:00:00Z");
        assert!(Clock::parse_start("igår").is_err());
    }
}
