//! Working-time rules (Arbetstidslagen and the municipal agreements), pure and shared by the
//! server and the phone. Given all of a person's shifts — across every provider and unit — and a
//! candidate shift, [`check`] names every rule the candidate would break.
//!
//! # How the periods are counted
//! All instants are UTC; every calendar boundary is computed in Europe/Stockholm, so a week that
//! contains a daylight-saving change is 167 or 169 hours long, and a night shift across the
//! change is one hour shorter or longer in real time — which is what is counted.
//!
//! * **Overlap**: two shifts may not share any instant (`[start, end)` intervals).
//! * **Daily rest (dygnsvila)**: at least `daily_rest` (11 h) between the end of one shift and
//!   the start of the next. We count *between shifts* rather than per 24-hour period from a fixed
//!   hour because that is how schedules are read and negotiated on the floor, it does not depend
//!   on an arbitrary period start, and, together with the rule that no single shift may exceed
//!   24 h − `daily_rest` (13 h), it guarantees that any 24 hours starting at the end of a shift
//!   contain the required rest. A recorded exception with a reason lowers the limit to
//!   `daily_rest_exception` (9 h), never further.
//! * **Weekly rest (veckovila)**: at least `weekly_rest` (36 h) of consecutive free time within
//!   each calendar week, Monday 00:00 to Monday 00:00 local time. Free time is counted inside the
//!   week only (rest that straddles midnight Sunday counts in part to each week), the reading of
//!   "per period of seven days" that the agreements use for fixed schedules.
//! * **Hours per week / per calendar month**: the sum of shift time inside the period, a shift
//!   that crosses the boundary counting in part to each. Limits come from the agreement profile
//!   (per week) and from the person (per month, for example 165 h for hourly pool staff).
//! * **Night work**: a *night shift* has at least 3 hours between 22:00 and 06:00 local time
//!   (ATL 13 a §). When the candidate is one, the person's average working time per 24 hours over
//!   the `night_reference_days` ending with the candidate's day may not exceed 8 hours.
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::time::{local_date, local_day_length, local_instant, local_midnight};

/// A shift as the rules see it: a half-open interval of real time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Span {
    pub fn new(start: Timestamp, end: Timestamp) -> Span {
        Span { start, end }
    }
    pub fn duration(&self) -> SignedDuration {
        self.end.duration_since(self.start)
    }
    fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// Length of the part of this span inside `[from, to)`.
    pub fn within(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        let s = self.start.max(from);
        let e = self.end.min(to);
        if e > s { e.duration_since(s) } else { SignedDuration::ZERO }
    }
}

/// The limits of a collective agreement (kollektivavtal), configurable per profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementProfile {
    pub name: String,
    pub daily_rest: SignedDuration,
    pub daily_rest_exception: SignedDuration,
    pub weekly_rest: SignedDuration,
    pub max_per_week: Option<SignedDuration>,
    pub night_reference_days: i64,
    pub night_average_max: SignedDuration,
}

impl Default for AgreementProfile {
    /// The statutory floor as the municipal agreement applies it.
    fn default() -> Self {
        AgreementProfile {
            name: "AB (kommunal)".into(),
            daily_rest: SignedDuration::from_hours(11),
            daily_rest_exception: SignedDuration::from_hours(9),
            weekly_rest: SignedDuration::from_hours(36),
            max_per_week: Some(SignedDuration::from_hours(48)),
            night_reference_days: 28,
            night_average_max: SignedDuration::from_hours(8),
        }
    }
}

/// Limits that belong to the person rather than the agreement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonLimits {
    /// For example 165 h for hourly pool staff.
    pub max_per_month: Option<SignedDuration>,
}

/// A broken rule, with the figures a person needs to understand it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Breach {
    /// Overlaps another shift of the same person.
    Overlap {
        #[serde(with = "super::time::wire::span")]
        other: Span,
    },
    /// Less rest than required between two shifts.
    DailyRest {
        rest_minutes: i64,
        required_minutes: i64,
        exception_possible: bool,
    },
    /// A shift so long that no 24 hours around it can hold the daily rest.
    ShiftTooLong {
        minutes: i64,
        max_minutes: i64,
    },
    /// No stretch of weekly rest long enough in the calendar week starting `week_start`.
    WeeklyRest {
        #[serde(with = "super::time::wire::date")]
        week_start: Date,
        longest_rest_minutes: i64,
        required_minutes: i64,
    },
    WeekHours {
        #[serde(with = "super::time::wire::date")]
        week_start: Date,
        minutes: i64,
        max_minutes: i64,
    },
    MonthHours {
        year: i16,
        month: i8,
        minutes: i64,
        max_minutes: i64,
    },
    NightAverage {
        average_minutes_per_day: i64,
        max_minutes: i64,
        days: i64,
    },
}

impl Breach {
    /// Whether a recorded exception with a reason could allow this breach.
    pub fn exception_possible(&self) -> bool {
        matches!(self, Breach::DailyRest { exception_possible: true, .. })
    }
}

/// A recorded exception to the daily rest (with its reason), asked for when assigning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestException {
    pub reason: String,
}

fn minutes(d: SignedDuration) -> i64 {
    d.as_secs() / 60
}

/// Monday of the local (Stockholm) week containing `ts`.
pub fn week_start(ts: Timestamp) -> Date {
    let date = local_date(ts);
    let back = date.weekday().to_monday_zero_offset() as i64;
    date.checked_sub(SignedDuration::from_hours(24 * back)).unwrap_or(date)
}

/// The instant a local date begins (handles days that do not start at 00:00 as well).
pub fn day_start(date: Date) -> Timestamp {
    local_midnight(date)
}

fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(SignedDuration::from_hours(24 * days)).unwrap_or(date)
}

/// Night time (22:00–06:00 local) inside a span.
fn night_time(span: &Span) -> SignedDuration {
    let first = add_days(local_date(span.start), -1);
    let last = local_date(span.end);
    let mut total = SignedDuration::ZERO;
    let mut d = first;
    while d <= last {
        let next = add_days(d, 1);
        let next_midnight = local_midnight(next);
        // The clocks change at 02:00 or 03:00, never between 22:00 and midnight: 22:00 is always
        // two hours before the next midnight, 06:00 six hours after it unless that night is one
        // of the two whose clock changes (then jiff says when).
        let from = next_midnight - SignedDuration::from_hours(2);
        let to = if local_day_length(next) == SignedDuration::from_hours(24) {
            next_midnight + SignedDuration::from_hours(6)
        } else {
            local_instant(next, jiff::civil::time(6, 0, 0, 0))
        };
        total += span.within(from, to);
        d = next;
    }
    total
}

/// Is this a night shift in the sense of ATL 13 a § (3 h or more between 22 and 06)?
pub fn is_night_shift(span: &Span) -> bool {
    night_time(span) >= SignedDuration::from_hours(3)
}

/// Which of `candidates` one person can take when they are given out in time order, each checked
/// against `existing` and the candidates taken before it — how a rolling schedule's shifts are
/// handed out: a pattern that fitted when it was saved may meet shifts the person has since
/// taken at another unit. `true` at an index means that candidate is taken.
pub fn take_in_order(
    existing: &[Span],
    candidates: &[Span],
    profile: &AgreementProfile,
    person: &PersonLimits,
) -> Vec<bool> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| candidates[i].start);
    let mut taken_spans = existing.to_vec();
    let mut taken = vec![false; candidates.len()];
    for i in order {
        if check(&taken_spans, candidates[i], profile, person, None).is_empty() {
            taken_spans.push(candidates[i]);
            taken[i] = true;
        }
    }
    taken
}

/// Everything the candidate would break, given the person's other shifts. Empty means allowed.
/// `existing` need not be sorted and may contain shifts anywhere in time.
pub fn check(
    existing: &[Span],
    candidate: Span,
    profile: &AgreementProfile,
    person: &PersonLimits,
    exception: Option<&RestException>,
) -> Vec<Breach> {
    let mut breaches = Vec::new();
    if candidate.end <= candidate.start {
        // Not a shift at all; treat as overlapping itself so it is never "allowed".
        breaches.push(Breach::Overlap { other: candidate });
        return breaches;
    }
    for other in existing {
        if other.overlaps(&candidate) {
            breaches.push(Breach::Overlap { other: *other });
        }
    }

    let max_shift = SignedDuration::from_hours(24) - profile.daily_rest;
    if candidate.duration() > max_shift {
        breaches.push(Breach::ShiftTooLong { minutes: minutes(candidate.duration()), max_minutes: minutes(max_shift) });
    }

    // Daily rest: the nearest shift ending before the candidate and starting after it.
    let has_exception = exception.is_some_and(|e| !e.reason.trim().is_empty());
    let required = if has_exception { profile.daily_rest_exception } else { profile.daily_rest };
    let before = existing.iter().filter(|s| s.end <= candidate.start).map(|s| s.end).max();
    let after = existing.iter().filter(|s| s.start >= candidate.end).map(|s| s.start).min();
    for gap in
        [before.map(|end| candidate.start.duration_since(end)), after.map(|start| start.duration_since(candidate.end))]
            .into_iter()
            .flatten()
    {
        if gap < required {
            breaches.push(Breach::DailyRest {
                rest_minutes: minutes(gap),
                required_minutes: minutes(profile.daily_rest),
                exception_possible: !has_exception && gap >= profile.daily_rest_exception,
            });
        }
    }

    // Every calendar week the candidate touches.
    let mut all: Vec<Span> = existing.iter().copied().filter(|s| !s.overlaps(&candidate)).collect();
    all.push(candidate);
    all.sort_by_key(|s| s.start);
    let mut week = week_start(candidate.start);
    let last_week = week_start(candidate.end);
    while week <= last_week {
        let from = day_start(week);
        let to = day_start(add_days(week, 7));
        // Longest free stretch inside the week.
        let mut cursor = from;
        let mut longest = SignedDuration::ZERO;
        let mut worked = SignedDuration::ZERO;
        for s in all.iter().filter(|s| s.end > from && s.start < to) {
            if s.start > cursor {
                longest = longest.max(s.start.duration_since(cursor));
            }
            cursor = cursor.max(s.end);
            worked += s.within(from, to);
        }
        if to > cursor {
            longest = longest.max(to.duration_since(cursor));
        }
        if longest < profile.weekly_rest {
            breaches.push(Breach::WeeklyRest {
                week_start: week,
                longest_rest_minutes: minutes(longest),
                required_minutes: minutes(profile.weekly_rest),
            });
        }
        if let Some(max) = profile.max_per_week
            && worked > max
        {
            breaches.push(Breach::WeekHours { week_start: week, minutes: minutes(worked), max_minutes: minutes(max) });
        }
        week = add_days(week, 7);
    }

    // Every calendar month the candidate touches.
    if let Some(max) = person.max_per_month {
        let first = local_date(candidate.start).first_of_month();
        let last = local_date(candidate.end).first_of_month();
        let mut month = first;
        while month <= last {
            let from = day_start(month);
            let next = month.checked_add(jiff::Span::new().months(1)).unwrap_or(month);
            let to = day_start(next);
            let worked: SignedDuration = all.iter().map(|s| s.within(from, to)).sum();
            if worked > max {
                breaches.push(Breach::MonthHours {
                    year: month.year(),
                    month: month.month(),
                    minutes: minutes(worked),
                    max_minutes: minutes(max),
                });
            }
            if next == month {
                break;
            }
            month = next;
        }
    }

    // Night work average over the reference period ending with the candidate's last day.
    if night_time(&candidate) >= SignedDuration::from_hours(3) {
        let days = profile.night_reference_days.max(1);
        let end_day = add_days(local_date(candidate.end), 1);
        let to = day_start(end_day);
        let from = day_start(add_days(end_day, -days));
        let worked: SignedDuration = all.iter().map(|s| s.within(from, to)).sum();
        let average = worked / days as i32;
        if average > profile.night_average_max {
            breaches.push(Breach::NightAverage {
                average_minutes_per_day: minutes(average),
                max_minutes: minutes(profile.night_average_max),
                days,
            });
        }
    }
    breaches
}

/// Checks a whole list of shifts (one person's schedule) shift by shift against the others.
/// Returns, per shift index, what it breaks. Used to validate a unit's schedule.
pub fn check_schedule(shifts: &[Span], profile: &AgreementProfile, person: &PersonLimits) -> Vec<(usize, Vec<Breach>)> {
    let mut sorted: Vec<(usize, Span)> = shifts.iter().copied().enumerate().collect();
    sorted.sort_by_key(|(_, s)| s.start);
    let mut out = Vec::new();
    for (pos, (index, span)) in sorted.iter().enumerate() {
        let others: Vec<Span> = sorted.iter().enumerate().filter(|(p, _)| *p != pos).map(|(_, (_, s))| *s).collect();
        let breaches = check(&others, *span, profile, person, None);
        if !breaches.is_empty() {
            out.push((*index, breaches));
        }
    }
    out
}

#[cfg(test)]
mod tests;
