//! The staff pool's own rules, apart from the allocation itself (`allocation.rs`): when a worker
//! who said "available in the evening" can work, where an offer stands, and how long a worker has
//! to answer one.
//!
//! **Availability by part of the day.** Workers mark days as *day*, *evening* and *night* on the
//! phone — one tap each, with gloves on — rather than typing times. Each part stands for a
//! generous window around the municipality's usual shifts, so that a unit's own shift times
//! (day 07:00–16:00 at one, 07:00–15:30 at another) fit inside: day 06:00–17:30, evening
//! 12:00–24:00, night 20:00–09:00 the next morning. Parts next to each other join (the engine
//! joins touching windows), so day + evening covers a long day 06:00–24:00. A shift outside every
//! window the worker gave is never offered to them.
//!
//! **A usual week, and days that differ.** Most pool workers' free time follows a week (studies,
//! another job, children), so they give it once as their usual week — the parts of each weekday
//! — and it holds for every week ahead. A date they change by hand replaces the usual week on
//! that date entirely, so "not this Friday" is one tap and "only 10–14 on Tuesday" is one form.
//! Own times (an [`OwnTime`], Stockholm wall clock, past midnight when the end comes first) are
//! for shifts no part fits. What a date ends up with is a [`GivenDay`].
//!
//! **Deadlines.** An offer must be answered within [`ANSWER_HOURS`] hours, and never later than
//! [`ANSWER_BEFORE_START_HOURS`] hours before the shift starts (the unit must know who comes,
//! and a declined place must have time to reach the next person). A shift that starts sooner than
//! that still gets an offer, answerable until it starts — a late answer beats no answer.
use crate::domain::time::local_instant;
use crate::domain::worktime::Span;
use jiff::civil::{Date, time};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// A part of a day a pool worker can say they are available for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    Day,
    Evening,
    Night,
}

impl DayPart {
    pub const ALL: [DayPart; 3] = [DayPart::Day, DayPart::Evening, DayPart::Night];

    pub fn code(self) -> &'static str {
        match self {
            DayPart::Day => "day",
            DayPart::Evening => "evening",
            DayPart::Night => "night",
        }
    }

    /// The stretch of time this part of `date` stands for (Stockholm wall clock; see the module doc).
    pub fn window(self, date: Date) -> Span {
        let next = date.tomorrow().unwrap_or(date);
        let (start, end) = match self {
            DayPart::Day => (local_instant(date, time(6, 0, 0, 0)), local_instant(date, time(17, 30, 0, 0))),
            DayPart::Evening => (local_instant(date, time(12, 0, 0, 0)), local_instant(next, time(0, 0, 0, 0))),
            DayPart::Night => (local_instant(date, time(20, 0, 0, 0)), local_instant(next, time(9, 0, 0, 0))),
        };
        Span::new(start, end)
    }
}

impl std::str::FromStr for DayPart {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        DayPart::ALL.into_iter().find(|p| p.code() == code).ok_or(())
    }
}

/// Where an offer of one place of a pool request to one worker stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferState {
    /// The allocation's proposal, seen only by coordinators until they publish it.
    Proposed,
    /// Sent to the worker, waiting for an answer until the deadline.
    Offered,
    /// The worker took it: there is a booking.
    Accepted,
    /// The worker said no (no reason asked, no penalty).
    Declined,
    /// Nobody answered in time.
    Expired,
    /// Taken back: the place was filled another way, the request withdrawn, or the coordinator
    /// removed the proposal.
    Withdrawn,
}

impl OfferState {
    pub const ALL: [OfferState; 6] = [
        OfferState::Proposed,
        OfferState::Offered,
        OfferState::Accepted,
        OfferState::Declined,
        OfferState::Expired,
        OfferState::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OfferState::Proposed => "proposed",
            OfferState::Offered => "offered",
            OfferState::Accepted => "accepted",
            OfferState::Declined => "declined",
            OfferState::Expired => "expired",
            OfferState::Withdrawn => "withdrawn",
        }
    }

    /// Whether the worker said no or let it lapse: the place is never offered to them again.
    pub fn turned_down(self) -> bool {
        matches!(self, OfferState::Declined | OfferState::Expired)
    }
}

impl std::str::FromStr for OfferState {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        OfferState::ALL.into_iter().find(|s| s.code() == code).ok_or(())
    }
}

/// Hours a worker has to answer an offer.
pub const ANSWER_HOURS: i64 = 12;
/// Answers are due at the latest this many hours before the shift starts.
pub const ANSWER_BEFORE_START_HOURS: i64 = 2;

/// When an offer sent at `sent` for a shift starting at `shift_start` must be answered.
pub fn answer_deadline(sent: Timestamp, shift_start: Timestamp) -> Timestamp {
    let wanted = sent + SignedDuration::from_hours(ANSWER_HOURS);
    let latest = shift_start - SignedDuration::from_hours(ANSWER_BEFORE_START_HOURS);
    if latest > sent { wanted.min(latest) } else { shift_start.max(sent) }
}

/// Own times on one date, for a shift that fits no part of the day ("10–14, after the
/// dentist"): from `start` to `end` minutes after midnight, Stockholm wall clock. An end at or
/// before the start runs past midnight (22:00–06:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OwnTime {
    start_minute: u16,
    end_minute: u16,
}

/// Minutes in a day on the wall clock.
const DAY_MINUTES: u16 = 24 * 60;

impl OwnTime {
    /// Both ends as minutes after midnight (`0..1440`); equal ends are no time at all.
    pub fn new(start_minute: u16, end_minute: u16) -> Option<OwnTime> {
        (start_minute < DAY_MINUTES && end_minute < DAY_MINUTES && start_minute != end_minute)
            .then_some(OwnTime { start_minute, end_minute })
    }

    /// From a time field's "HH:MM" values.
    pub fn parse(start: &str, end: &str) -> Option<OwnTime> {
        OwnTime::new(minute_of(start)?, minute_of(end)?)
    }

    pub fn start_minute(self) -> u16 {
        self.start_minute
    }

    pub fn end_minute(self) -> u16 {
        self.end_minute
    }

    /// The stretch of time these clock times stand for on `date`.
    pub fn window(self, date: Date) -> Span {
        let at = |d: Date, m: u16| local_instant(d, time((m / 60) as i8, (m % 60) as i8, 0, 0));
        let end_day = if self.end_minute <= self.start_minute { date.tomorrow().unwrap_or(date) } else { date };
        Span::new(at(date, self.start_minute), at(end_day, self.end_minute))
    }

    /// "10:00–14:00".
    pub fn label(self) -> String {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        format!("{}–{}", hm(self.start_minute), hm(self.end_minute))
    }
}

fn minute_of(hhmm: &str) -> Option<u16> {
    let t: jiff::civil::Time = hhmm.trim().parse().ok()?;
    Some(t.hour() as u16 * 60 + t.minute() as u16)
}

/// What a worker gave for one date: from their weekly pattern, or set by hand for that date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenDay {
    pub parts: Vec<DayPart>,
    pub times: Vec<OwnTime>,
    /// Set for this date by hand: it replaces the weekly pattern that day.
    pub by_hand: bool,
}

impl GivenDay {
    /// `pattern`: the weekly pattern's parts for the date's weekday; `by_hand`: the parts and own
    /// times of the date if the worker set it by hand (empty lists: "not available that day").
    pub fn resolve(pattern: &[DayPart], by_hand: Option<(Vec<DayPart>, Vec<OwnTime>)>) -> GivenDay {
        let (mut parts, mut times, by_hand) = match by_hand {
            Some((parts, times)) => (parts, times, true),
            None => (pattern.to_vec(), Vec::new(), false),
        };
        parts.sort();
        parts.dedup();
        times.sort();
        times.dedup();
        GivenDay { parts, times, by_hand }
    }

    /// The stretches of time the worker can work from this date's parts and own times (the
    /// engine joins those that touch or overlap).
    pub fn windows(&self, date: Date) -> Vec<Span> {
        self.parts.iter().map(|p| p.window(date)).chain(self.times.iter().map(|t| t.window(date))).collect()
    }
}

/// A date's weekday as the weekly pattern counts it: 1 = Monday … 7 = Sunday.
pub fn weekday_number(date: Date) -> i64 {
    i64::from(date.weekday().to_monday_one_offset())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::format_local;
    use jiff::civil::date;

    #[test]
    fn parts_cover_the_usual_shifts_and_join() {
        let d = date(2026, 12, 3);
        let day = DayPart::Day.window(d);
        assert_eq!(format_local(day.start), "2026-12-03 06:00");
        assert_eq!(format_local(day.end), "2026-12-03 17:30");
        let night = DayPart::Night.window(d);
        assert_eq!(format_local(night.end), "2026-12-04 09:00");
        // A 21:15–07:15 night shift lies inside the night part.
        let shift_start = local_instant(d, time(21, 15, 0, 0));
        assert!(night.start <= shift_start && local_instant(date(2026, 12, 4), time(7, 15, 0, 0)) <= night.end);
        // Day and evening overlap, so joined they cover a long day.
        assert!(DayPart::Evening.window(d).start < day.end);
    }

    #[test]
    fn the_night_part_is_right_across_the_autumn_change() {
        // 2026-10-24 → 25: clocks go back at 03:00, so that night is one hour longer.
        let night = DayPart::Night.window(date(2026, 10, 24));
        assert_eq!(night.end.duration_since(night.start), SignedDuration::from_hours(14));
        assert_eq!(format_local(night.end), "2026-10-25 09:00");
    }

    #[test]
    fn codes_round_trip() {
        for p in DayPart::ALL {
            assert_eq!(p.code().parse(), Ok(p));
        }
        for s in OfferState::ALL {
            assert_eq!(s.code().parse(), Ok(s));
        }
        assert_eq!("later".parse::<OfferState>(), Err(()));
    }

    #[test]
    fn deadlines() {
        let sent: Timestamp = "2026-12-01T08:00:00Z".parse().unwrap();
        let h = |n: i64| sent + SignedDuration::from_hours(n);
        // Far ahead: twelve hours to answer.
        assert_eq!(answer_deadline(sent, h(48)), h(12));
        // Tomorrow morning: until two hours before the start.
        assert_eq!(answer_deadline(sent, h(10)), h(8));
        // Starting in an hour: until it starts.
        assert_eq!(answer_deadline(sent, h(1)), h(1));
        // Already started (a late publish): answerable no longer than now.
        assert_eq!(answer_deadline(sent, h(-1)), sent);
    }

    #[test]
    fn own_times_run_past_midnight_and_refuse_nonsense() {
        let d = date(2026, 12, 3);
        let t = OwnTime::parse("10:00", "14:30").unwrap();
        assert_eq!(t.label(), "10:00–14:30");
        assert_eq!(format_local(t.window(d).start), "2026-12-03 10:00");
        assert_eq!(format_local(t.window(d).end), "2026-12-03 14:30");
        let late = OwnTime::parse("22:00", "06:00").unwrap();
        assert_eq!(format_local(late.window(d).end), "2026-12-04 06:00");
        // Midnight as an end is the next midnight.
        assert_eq!(format_local(OwnTime::parse("18:00", "00:00").unwrap().window(d).end), "2026-12-04 00:00");
        assert_eq!(OwnTime::parse("10:00", "10:00"), None);
        assert_eq!(OwnTime::parse("25:00", "10:00"), None);
        assert_eq!(OwnTime::parse("ten", "eleven"), None);
        assert_eq!(OwnTime::new(0, 1440), None);
    }

    #[test]
    fn a_date_set_by_hand_replaces_the_weekly_pattern() {
        let d = date(2026, 12, 4);
        let pattern = [DayPart::Evening, DayPart::Day];
        let usual = GivenDay::resolve(&pattern, None);
        assert_eq!((usual.parts.clone(), usual.by_hand), (vec![DayPart::Day, DayPart::Evening], false));
        assert_eq!(usual.windows(d).len(), 2);
        // "Not this Friday": set by hand with nothing.
        let off = GivenDay::resolve(&pattern, Some((vec![], vec![])));
        assert!(off.by_hand && off.windows(d).is_empty());
        // Only 10–14 that day.
        let own = OwnTime::parse("10:00", "14:00").unwrap();
        let short = GivenDay::resolve(&pattern, Some((vec![], vec![own])));
        assert_eq!(short.windows(d), vec![own.window(d)]);
        assert_eq!(weekday_number(d), 5);
        assert_eq!(weekday_number(date(2026, 12, 6)), 7);
    }
}
