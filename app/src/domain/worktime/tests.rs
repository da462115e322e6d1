use super::*;
use crate::domain::time::stockholm;
use jiff::civil::date;
use proptest::prelude::*;

/// "2026-03-29 08:00" in Stockholm local time.
fn at(local: &str) -> Timestamp {
    let dt: jiff::civil::DateTime = local.parse().unwrap();
    stockholm().to_ambiguous_zoned(dt).compatible().unwrap().timestamp()
}

fn shift(from: &str, to: &str) -> Span {
    Span::new(at(from), at(to))
}

fn p() -> AgreementProfile {
    AgreementProfile::default()
}

fn none() -> PersonLimits {
    PersonLimits::default()
}

fn only(breaches: &[Breach], pred: impl Fn(&Breach) -> bool) -> Vec<&Breach> {
    breaches.iter().filter(|b| pred(b)).collect()
}

#[test]
fn shifts_given_out_in_order_skip_those_that_would_break_a_rule() {
    // Taken since at another unit: Tuesday evening. The pattern gives Monday day, Tuesday
    // evening (overlap), Wednesday early (less than nine hours after Tuesday's evening shift at
    // the other unit) and Thursday day — passed in any order.
    let elsewhere = [shift("2026-05-05 15:00", "2026-05-05 22:00")];
    let pattern = [
        shift("2026-05-07 07:00", "2026-05-07 16:00"),
        shift("2026-05-04 07:00", "2026-05-04 16:00"),
        shift("2026-05-05 16:00", "2026-05-05 21:00"),
        shift("2026-05-06 06:00", "2026-05-06 14:00"),
    ];
    assert_eq!(take_in_order(&elsewhere, &pattern, &p(), &none()), vec![true, true, false, false]);
    // Two pattern shifts that overlap each other: the earlier is taken, the later not.
    let twice = [shift("2026-05-04 07:00", "2026-05-04 16:00"), shift("2026-05-04 12:00", "2026-05-04 20:00")];
    assert_eq!(take_in_order(&[], &twice, &p(), &none()), vec![true, false]);
}

#[test]
fn overlapping_shifts_are_refused_and_touching_ones_are_not_overlaps() {
    let day = shift("2026-05-04 07:00", "2026-05-04 16:00");
    let b = check(&[day], shift("2026-05-04 15:00", "2026-05-04 21:00"), &p(), &none(), None);
    assert!(matches!(b[0], Breach::Overlap { .. }));
    let b = check(&[day], shift("2026-05-04 16:00", "2026-05-04 21:00"), &p(), &none(), None);
    assert!(only(&b, |b| matches!(b, Breach::Overlap { .. })).is_empty());
}

#[test]
fn evening_then_early_day_is_nine_hours_of_rest_and_needs_an_exception() {
    let evening = shift("2026-05-04 13:00", "2026-05-04 22:00");
    let early = shift("2026-05-05 07:00", "2026-05-05 16:00");
    let b = check(&[evening], early, &p(), &none(), None);
    assert_eq!(b, vec![Breach::DailyRest { rest_minutes: 540, required_minutes: 660, exception_possible: true }]);
    let reason = RestException { reason: "Sjukdom i arbetslaget".into() };
    assert!(check(&[evening], early, &p(), &none(), Some(&reason)).is_empty());
    // A reason is required: an empty one is no exception.
    let blank = RestException { reason: "   ".into() };
    assert!(!check(&[evening], early, &p(), &none(), Some(&blank)).is_empty());
}

#[test]
fn no_exception_goes_below_nine_hours() {
    let evening = shift("2026-05-04 14:00", "2026-05-04 23:00");
    let early = shift("2026-05-05 07:00", "2026-05-05 16:00");
    let reason = RestException { reason: "Akut".into() };
    let b = check(&[evening], early, &p(), &none(), Some(&reason));
    assert_eq!(b, vec![Breach::DailyRest { rest_minutes: 480, required_minutes: 660, exception_possible: false }]);
}

#[test]
fn exactly_eleven_hours_of_rest_is_enough_in_both_directions() {
    let evening = shift("2026-05-04 13:00", "2026-05-04 21:00");
    let day = shift("2026-05-05 08:00", "2026-05-05 16:00");
    assert!(check(&[evening], day, &p(), &none(), None).is_empty());
    assert!(check(&[day], evening, &p(), &none(), None).is_empty());
}

#[test]
fn a_shift_longer_than_thirteen_hours_cannot_hold_the_daily_rest() {
    let b = check(&[], shift("2026-05-04 07:00", "2026-05-04 21:30"), &p(), &none(), None);
    assert_eq!(b, vec![Breach::ShiftTooLong { minutes: 870, max_minutes: 780 }]);
}

#[test]
fn seven_days_in_a_row_break_the_weekly_rest() {
    let week: Vec<Span> =
        (4..=9).map(|d| shift(&format!("2026-05-{d:02} 07:00"), &format!("2026-05-{d:02} 13:00"))).collect();
    let sunday = shift("2026-05-10 07:00", "2026-05-10 13:00");
    let b = check(&week, sunday, &p(), &none(), None);
    assert_eq!(
        b,
        vec![Breach::WeeklyRest {
            week_start: date(2026, 5, 4),
            longest_rest_minutes: 18 * 60,
            required_minutes: 36 * 60
        }]
    );
    // Monday to Friday leaves the weekend free.
    let b = check(&week[..4], week[4], &p(), &none(), None);
    assert!(b.is_empty(), "{b:?}");
}

#[test]
fn weekly_hours_are_limited_by_the_agreement() {
    let long_days: Vec<Span> =
        (4..=7).map(|d| shift(&format!("2026-05-{d:02} 07:00"), &format!("2026-05-{d:02} 19:30"))).collect();
    let b = check(&long_days, shift("2026-05-08 07:00", "2026-05-08 19:30"), &p(), &none(), None);
    assert_eq!(b, vec![Breach::WeekHours { week_start: date(2026, 5, 4), minutes: 5 * 750, max_minutes: 48 * 60 }]);
}

#[test]
fn an_hourly_pool_worker_is_capped_per_calendar_month() {
    let cap = PersonLimits { max_per_month: Some(SignedDuration::from_hours(165)) };
    // 16 ten-hour shifts in June (two a week, well rested) = 160 h.
    let days = [1, 3, 8, 10, 12, 15, 17, 19, 22, 24, 26, 29, 2, 9, 16, 23];
    let june: Vec<Span> =
        days.iter().map(|d| shift(&format!("2026-06-{d:02} 07:00"), &format!("2026-06-{d:02} 17:00"))).collect();
    assert!(
        check(&june, shift("2026-06-30 10:00", "2026-06-30 15:00"), &p(), &cap, None).is_empty(),
        "165 h is allowed"
    );
    let b = check(&june, shift("2026-06-30 07:00", "2026-06-30 17:00"), &p(), &cap, None);
    assert!(
        b.contains(&Breach::MonthHours { year: 2026, month: 6, minutes: 170 * 60, max_minutes: 165 * 60 }),
        "{b:?}"
    );
    // A shift into July counts its July part to July.
    let b = check(&june, shift("2026-06-30 21:00", "2026-07-01 07:00"), &p(), &cap, None);
    assert!(only(&b, |b| matches!(b, Breach::MonthHours { .. })).is_empty(), "{b:?}");
}

#[test]
fn spring_forward_makes_the_night_one_hour_shorter_and_the_rest_too() {
    // 2026-03-29 02:00 → 03:00 in Stockholm.
    let night = shift("2026-03-28 22:00", "2026-03-29 07:00");
    assert_eq!(night.duration(), SignedDuration::from_hours(8));
    // Saturday 21:00 to Sunday 08:00 looks like 11 h on the wall but is 10 h.
    let b = check(
        &[shift("2026-03-28 13:00", "2026-03-28 21:00")],
        shift("2026-03-29 08:00", "2026-03-29 16:00"),
        &p(),
        &none(),
        None,
    );
    assert_eq!(b, vec![Breach::DailyRest { rest_minutes: 600, required_minutes: 660, exception_possible: true }]);
}

#[test]
fn fall_back_makes_the_night_one_hour_longer_and_the_rest_too() {
    // 2026-10-25 03:00 → 02:00 in Stockholm.
    let night = shift("2026-10-24 22:00", "2026-10-25 07:00");
    assert_eq!(night.duration(), SignedDuration::from_hours(10));
    // Saturday 22:00 to Sunday 08:00 looks like 10 h on the wall but is 11 h.
    let b = check(
        &[shift("2026-10-24 14:00", "2026-10-24 22:00")],
        shift("2026-10-25 08:00", "2026-10-25 16:00"),
        &p(),
        &none(),
        None,
    );
    assert!(b.is_empty(), "{b:?}");
}

#[test]
fn weeks_start_on_monday_midnight_local_time_even_around_daylight_saving() {
    // Sunday 23:30 local on the spring-forward weekend is still that week.
    assert_eq!(week_start(at("2026-03-29 23:30")), date(2026, 3, 23));
    assert_eq!(week_start(at("2026-03-30 00:00")), date(2026, 3, 30));
    let len = day_start(date(2026, 3, 30)).duration_since(day_start(date(2026, 3, 23)));
    assert_eq!(len, SignedDuration::from_hours(167));
    let len = day_start(date(2026, 10, 26)).duration_since(day_start(date(2026, 10, 19)));
    assert_eq!(len, SignedDuration::from_hours(169));
}

#[test]
fn weekly_rest_is_counted_inside_the_week_across_the_spring_change() {
    // Mon–Fri days, then Saturday 07–15: free from Sat 15:00 to Mon 00:00 is 33 wall hours
    // but only 32 real hours in the spring-forward week — not enough.
    let mut shifts: Vec<Span> =
        (23..=27).map(|d| shift(&format!("2026-03-{d:02} 07:00"), &format!("2026-03-{d:02} 15:00"))).collect();
    let saturday = shift("2026-03-28 07:00", "2026-03-28 15:00");
    let b = check(&shifts, saturday, &p(), &none(), None);
    assert!(
        b.contains(&Breach::WeeklyRest {
            week_start: date(2026, 3, 23),
            longest_rest_minutes: 32 * 60,
            required_minutes: 36 * 60
        }),
        "{b:?}"
    );
    shifts.truncate(4);
    assert!(check(&shifts, saturday, &p(), &none(), None).is_empty());
}

#[test]
fn night_workers_average_at_most_eight_hours_per_day_over_the_reference_period() {
    let profile = AgreementProfile { night_reference_days: 7, max_per_week: None, ..p() };
    assert!(is_night_shift(&shift("2026-05-04 21:00", "2026-05-05 07:00")));
    assert!(!is_night_shift(&shift("2026-05-04 13:00", "2026-05-04 21:30")));
    // Nights of 10 h: five in a week average 7.1 h/day, six average 8.6 h/day.
    let nights: Vec<Span> =
        (4..=8).map(|d| shift(&format!("2026-05-{d:02} 21:00"), &format!("2026-05-{:02} 07:00", d + 1))).collect();
    let b = check(&nights[..4], nights[4], &profile, &none(), None);
    assert!(b.is_empty(), "{b:?}");
    let sixth = shift("2026-05-09 21:00", "2026-05-10 07:00");
    let b = check(&nights, sixth, &profile, &none(), None);
    assert!(only(&b, |b| matches!(b, Breach::NightAverage { .. })).len() == 1, "{b:?}");
}

#[test]
fn a_schedule_is_checked_shift_by_shift() {
    let shifts = vec![
        shift("2026-05-04 13:00", "2026-05-04 22:00"),
        shift("2026-05-05 07:00", "2026-05-05 16:00"),
        shift("2026-05-07 07:00", "2026-05-07 16:00"),
    ];
    let found = check_schedule(&shifts, &p(), &none());
    let indices: Vec<usize> = found.iter().map(|(i, _)| *i).collect();
    assert_eq!(indices, vec![0, 1], "both ends of the short rest are flagged");
}

// ---- properties ----

fn base() -> Timestamp {
    at("2026-01-05 00:00")
}

prop_compose! {
    /// A shift somewhere in 10 weeks from January 2026, on a quarter hour, 3–12 hours long.
    fn any_shift()(start_q in 0i64..(70 * 96), len_q in 12i64..=48) -> Span {
        let start = base() + SignedDuration::from_mins(start_q * 15);
        Span::new(start, start + SignedDuration::from_mins(len_q * 15))
    }
}

fn rest_breaches(b: &[Breach]) -> usize {
    b.iter().filter(|b| matches!(b, Breach::DailyRest { .. })).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn an_overlap_is_always_reported_and_never_invented(existing in proptest::collection::vec(any_shift(), 0..12), c in any_shift()) {
        let b = check(&existing, c, &p(), &none(), None);
        let overlapping = existing.iter().filter(|s| s.start < c.end && c.start < s.end).count();
        prop_assert_eq!(b.iter().filter(|b| matches!(b, Breach::Overlap { .. })).count(), overlapping);
    }

    #[test]
    fn removing_a_shift_never_makes_a_candidate_break_a_rule(existing in proptest::collection::vec(any_shift(), 1..12), c in any_shift(), drop in 0usize..12) {
        let cap = PersonLimits { max_per_month: Some(SignedDuration::from_hours(165)) };
        let full = check(&existing, c, &p(), &cap, None);
        let mut fewer = existing.clone();
        fewer.remove(drop % existing.len());
        let reduced = check(&fewer, c, &p(), &cap, None);
        prop_assert!(reduced.len() <= full.len(), "fewer shifts, more breaches: {:?} vs {:?}", reduced, full);
        if full.is_empty() { prop_assert!(reduced.is_empty()); }
    }

    #[test]
    fn daily_rest_between_two_shifts_is_symmetric(a in any_shift(), b in any_shift()) {
        prop_assume!(a.end <= b.start || b.end <= a.start);
        prop_assert_eq!(rest_breaches(&check(&[a], b, &p(), &none(), None)), rest_breaches(&check(&[b], a, &p(), &none(), None)));
    }

    #[test]
    fn rest_of_eleven_hours_or_more_is_never_a_breach_and_less_always_is(a in any_shift(), gap_q in 0i64..(24 * 4), len_q in 12i64..=48) {
        let start = a.end + SignedDuration::from_mins(gap_q * 15);
        let c = Span::new(start, start + SignedDuration::from_mins(len_q * 15));
        let found = rest_breaches(&check(&[a], c, &p(), &none(), None)) > 0;
        prop_assert_eq!(found, gap_q * 15 < 11 * 60);
    }

    #[test]
    fn an_exception_never_allows_less_than_nine_hours(a in any_shift(), gap_q in 0i64..(11 * 4)) {
        let start = a.end + SignedDuration::from_mins(gap_q * 15);
        let c = Span::new(start, start + SignedDuration::from_hours(8));
        let reason = RestException { reason: "Akut sjukfrånvaro".into() };
        let found = rest_breaches(&check(&[a], c, &p(), &none(), Some(&reason))) > 0;
        prop_assert_eq!(found, gap_q * 15 < 9 * 60);
    }
}
