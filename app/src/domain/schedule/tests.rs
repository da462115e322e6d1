//! Schedule arithmetic: rotation weeks, generation, coverage.
use super::*;
use jiff::civil::date;

#[test]
fn a_night_shift_ends_the_next_morning_and_follows_the_clock_change() {
    let s = span_on(date(2026, 10, 24), parse_time("21:00").unwrap(), parse_time("07:00").unwrap());
    assert_eq!(s.duration(), jiff::SignedDuration::from_hours(11), "fall back: one hour longer");
    let s = span_on(date(2026, 3, 28), parse_time("21:00").unwrap(), parse_time("07:00").unwrap());
    assert_eq!(s.duration(), jiff::SignedDuration::from_hours(9), "spring forward: one hour shorter");
    let s = span_on(date(2026, 5, 4), parse_time("7:00").unwrap(), parse_time("16:00").unwrap());
    assert_eq!(s.duration(), jiff::SignedDuration::from_hours(9));
}

#[test]
fn plannable_dates_are_real_dates_from_2000_to_2100() {
    assert_eq!(parse_plannable_date(" 2026-12-01 "), Some(date(2026, 12, 1)));
    assert_eq!(parse_plannable_date("2100-12-31"), Some(date(2100, 12, 31)));
    for bad in ["1999-12-31", "2101-01-01", "9999-01-01", "-0001-01-01", "2026-02-30", "", "idag"] {
        assert_eq!(parse_plannable_date(bad), None, "{bad}");
    }
}

#[test]
fn rotation_weeks_repeat_forwards_and_backwards() {
    let start = date(2026, 1, 5);
    assert_eq!(rotation_week(start, date(2026, 1, 5), 6), 0);
    assert_eq!(rotation_week(start, date(2026, 1, 11), 6), 0);
    assert_eq!(rotation_week(start, date(2026, 1, 12), 6), 1);
    assert_eq!(rotation_week(start, date(2026, 2, 16), 6), 0, "six weeks later");
    assert_eq!(rotation_week(start, date(2026, 1, 4), 6), 5, "the day before is the last week");
}

#[test]
fn generating_gives_each_slot_on_its_weekday_in_its_week() {
    let types = vec![ShiftTimes { id: 1, start: jiff::civil::time(7, 0, 0, 0), end: jiff::civil::time(16, 0, 0, 0) }];
    let slots = vec![
        Slot {
            line_id: 10,
            person_id: Some(5),
            week_index: 0,
            weekday: 1,
            shift_type_id: 1,
            quality_role: None,
            resource: false,
        },
        Slot {
            line_id: 10,
            person_id: Some(5),
            week_index: 1,
            weekday: 3,
            shift_type_id: 1,
            quality_role: None,
            resource: true,
        },
    ];
    let out = generate(date(2026, 1, 5), 2, &slots, &types, date(2026, 1, 5), date(2026, 1, 25));
    let dates: Vec<Date> = out.iter().map(|g| g.date).collect();
    assert_eq!(dates, vec![date(2026, 1, 5), date(2026, 1, 14), date(2026, 1, 19)]);
    assert!(out[1].resource);
}

#[test]
fn coverage_counts_each_person_once_most_specific_need_first() {
    let needs = vec![
        Need { competence_id: None, quality_role: None, headcount: 2 },
        Need { competence_id: Some(1), quality_role: None, headcount: 2 },
        Need { competence_id: None, quality_role: Some(QualityRole::TeamLeader), headcount: 1 },
    ];
    let staffed = vec![
        Staffed { competence_ids: vec![1], quality_role: Some(QualityRole::TeamLeader) },
        Staffed { competence_ids: vec![1], quality_role: None },
        Staffed { competence_ids: vec![2], quality_role: None },
    ];
    let c = coverage(&needs, &staffed);
    assert_eq!(c.iter().map(|c| (c.scheduled, c.gap())).collect::<Vec<_>>(), vec![(1, 1), (1, 1), (1, 0)]);
}

#[test]
fn quality_roles_round_trip_through_their_codes_and_json() {
    for role in QualityRole::ALL {
        assert_eq!(QualityRole::from_code(role.code()), Some(role));
        assert_eq!(serde_json::to_value(role).unwrap(), serde_json::json!(role.code()));
    }
    assert_eq!(QualityRole::from_code("boss"), None);
    for kind in ShiftKind::all() {
        assert_eq!(ShiftKind::from_code(kind.code()), Some(kind));
        assert_eq!(ShiftKind::of(kind.quality_role(), kind.is_resource()), kind);
    }
    let cell: RotationCell = serde_json::from_str(r#"{"shift_type_id": 3}"#).unwrap();
    assert_eq!(cell, RotationCell { shift_type_id: 3, quality_role: None, resource: false });
}

#[test]
fn a_month_is_read_from_year_and_month_only() {
    assert_eq!(parse_month("2026-12"), Some(date(2026, 12, 1)));
    assert_eq!(parse_month(" 2027-1 "), Some(date(2027, 1, 1)));
    for bad in ["2026-13", "2026", "dec", "1899-01", "2026-12-01", ""] {
        assert_eq!(parse_month(bad), None, "{bad}");
    }
}

#[test]
fn a_months_calendar_is_whole_weeks_from_monday_covering_every_day() {
    // November 2026 starts on a Sunday and ends on a Monday: six rows.
    let weeks = month_weeks(date(2026, 11, 1));
    assert_eq!(weeks.len(), 6);
    assert_eq!(weeks[0][0], date(2026, 10, 26));
    assert_eq!(weeks[0][6], date(2026, 11, 1));
    assert_eq!(weeks[5][0], date(2026, 11, 30));
    // February 2027 starts on a Monday and has exactly four weeks.
    let weeks = month_weeks(date(2027, 2, 1));
    assert_eq!((weeks.len(), weeks[0][0], weeks[3][6]), (4, date(2027, 2, 1), date(2027, 2, 28)));
    // Every row is Monday to Sunday, consecutive.
    for w in month_weeks(date(2026, 3, 1)) {
        assert_eq!(w[0].weekday(), jiff::civil::Weekday::Monday);
        assert_eq!((w[6] - w[0]).get_days(), 6);
    }
}

#[test]
fn contracted_time_scales_with_employment() {
    assert_eq!(contracted_minutes(100, 6), 6 * 40 * 60);
    assert_eq!(contracted_minutes(75, 4), 4 * 30 * 60);
}
