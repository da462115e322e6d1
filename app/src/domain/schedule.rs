//! Schedules, pure: shift times on a date, rolling schedules (rotations) turned into concrete
//! shifts, coverage against base staffing, and the follow-up figures. No I/O.
use super::time::stockholm;
use super::worktime::Span;
use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

/// Normal full-time week (ATL 5 §: 40 h) used for contracted hours; agreements with shorter
/// weeks for inconvenient hours can lower it per unit later.
pub const FULL_TIME_WEEK_MINUTES: i64 = 40 * 60;

/// Parses "07:00" (also "7:00").
pub fn parse_time(raw: &str) -> Option<Time> {
    let (h, m) = raw.trim().split_once(':')?;
    jiff::civil::Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

/// The real-time span of a shift from `start` to `end` local time on `date`; an end at or
/// before the start is on the next day (night shifts). Correct across daylight-saving changes.
pub fn span_on(date: Date, start: Time, end: Time) -> Span {
    let tz = stockholm();
    let end_date = if end <= start { date.tomorrow().unwrap_or(date) } else { date };
    let at = |d: Date, t: Time| {
        tz.to_ambiguous_zoned(d.to_datetime(t))
            .compatible()
            .map(|z| z.timestamp())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    };
    Span::new(at(date, start), at(end_date, end))
}

/// Which week of an `weeks`-week rotation that started on `start` the `date` falls in.
/// Dates before the start count backwards, so the rotation repeats in both directions.
pub fn rotation_week(start: Date, date: Date, weeks: i64) -> i64 {
    let days = (date - start).get_days() as i64;
    days.div_euclid(7).rem_euclid(weeks.max(1))
}

/// ISO weekday, Monday = 1.
pub fn weekday(date: Date) -> i64 {
    date.weekday().to_monday_one_offset() as i64
}

/// One slot of a rotation line: in week `week_index`, on `weekday`, work `shift_type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub line_id: i64,
    pub person_id: Option<i64>,
    pub week_index: i64,
    pub weekday: i64,
    pub shift_type_id: i64,
    pub quality_role: Option<String>,
    pub resource: bool,
}

/// A shift type's local times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftTimes {
    pub id: i64,
    pub start: String,
    pub end: String,
}

/// A concrete shift generated from a rotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub line_id: i64,
    pub person_id: Option<i64>,
    pub shift_type_id: i64,
    pub date: Date,
    pub span: Span,
    pub quality_role: Option<String>,
    pub resource: bool,
}

/// All shifts a rotation gives from `from` to `to` inclusive.
pub fn generate(start: Date, weeks: i64, slots: &[Slot], types: &[ShiftTimes], from: Date, to: Date) -> Vec<Generated> {
    let mut out = Vec::new();
    let mut date = from;
    while date <= to {
        let week = rotation_week(start, date, weeks);
        let wd = weekday(date);
        for slot in slots.iter().filter(|s| s.week_index == week && s.weekday == wd) {
            let Some(t) = types.iter().find(|t| t.id == slot.shift_type_id) else { continue };
            let (Some(s), Some(e)) = (parse_time(&t.start), parse_time(&t.end)) else { continue };
            out.push(Generated {
                line_id: slot.line_id,
                person_id: slot.person_id,
                shift_type_id: slot.shift_type_id,
                date,
                span: span_on(date, s, e),
                quality_role: slot.quality_role.clone(),
                resource: slot.resource,
            });
        }
        match date.tomorrow() {
            Ok(d) => date = d,
            Err(_) => break,
        }
    }
    out
}

/// A need of base staffing: `headcount` people, of a competence or in a quality role (or any).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Need {
    pub competence_id: Option<i64>,
    pub quality_role: Option<String>,
    pub headcount: i64,
}

/// Someone scheduled on a shift, as coverage sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Staffed {
    pub competence_ids: Vec<i64>,
    pub quality_role: Option<String>,
}

/// How one need is met: `scheduled` of `headcount`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub competence_id: Option<i64>,
    pub quality_role: Option<String>,
    pub headcount: i64,
    pub scheduled: i64,
}

impl Coverage {
    pub fn gap(&self) -> i64 {
        (self.headcount - self.scheduled).max(0)
    }
}

/// Matches the people on a shift to its needs, the most specific needs first (quality roles,
/// then competences, then "anyone"), each person counted once.
pub fn coverage(needs: &[Need], staffed: &[Staffed]) -> Vec<Coverage> {
    let mut used = vec![false; staffed.len()];
    let mut order: Vec<usize> = (0..needs.len()).collect();
    order.sort_by_key(|&i| match (&needs[i].quality_role, needs[i].competence_id) {
        (Some(_), _) => 0,
        (None, Some(_)) => 1,
        (None, None) => 2,
    });
    let mut result: Vec<Option<Coverage>> = vec![None; needs.len()];
    for i in order {
        let need = &needs[i];
        let mut scheduled = 0;
        for (j, person) in staffed.iter().enumerate() {
            if scheduled >= need.headcount || used[j] {
                continue;
            }
            let fits = match (&need.quality_role, need.competence_id) {
                (Some(role), _) => person.quality_role.as_deref() == Some(role.as_str()),
                (None, Some(c)) => person.competence_ids.contains(&c),
                (None, None) => true,
            };
            if fits {
                used[j] = true;
                scheduled += 1;
            }
        }
        result[i] = Some(Coverage {
            competence_id: need.competence_id,
            quality_role: need.quality_role.clone(),
            headcount: need.headcount,
            scheduled,
        });
    }
    result.into_iter().flatten().collect()
}

/// Hours a person is contracted for in `weeks` weeks at `employment_percent`.
pub fn contracted_minutes(employment_percent: i64, weeks: i64) -> i64 {
    FULL_TIME_WEEK_MINUTES * employment_percent * weeks / 100
}

#[cfg(test)]
mod tests {
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
        let types = vec![ShiftTimes { id: 1, start: "07:00".into(), end: "16:00".into() }];
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
            Need { competence_id: None, quality_role: Some("team_leader".into()), headcount: 1 },
        ];
        let staffed = vec![
            Staffed { competence_ids: vec![1], quality_role: Some("team_leader".into()) },
            Staffed { competence_ids: vec![1], quality_role: None },
            Staffed { competence_ids: vec![2], quality_role: None },
        ];
        let c = coverage(&needs, &staffed);
        assert_eq!(c.iter().map(|c| (c.scheduled, c.gap())).collect::<Vec<_>>(), vec![(1, 1), (1, 1), (1, 0)]);
    }

    #[test]
    fn contracted_time_scales_with_employment() {
        assert_eq!(contracted_minutes(100, 6), 6 * 40 * 60);
        assert_eq!(contracted_minutes(75, 4), 4 * 30 * 60);
    }
}
