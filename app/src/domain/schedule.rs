//! Schedules, pure: shift times on a date, rolling schedules (rotations) turned into concrete
//! shifts, coverage against base staffing, and the follow-up figures. No I/O.
use super::time::local_instant;
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
    let end_date = if end <= start { date.tomorrow().unwrap_or(date) } else { date };
    Span::new(local_instant(date, start), local_instant(end_date, end))
}

/// Which week of an `weeks`-week rotation that started on `start` the `date` falls in.
/// Dates before the start count backwards, so the rotation repeats in both directions.
pub fn rotation_week(start: Date, date: Date, weeks: i64) -> i64 {
    let days = (date - start).get_days() as i64;
    days.div_euclid(7).rem_euclid(weeks.max(1))
}

/// The first day of a month written "2026-12", for years Skiftet can hold shifts in.
pub fn parse_month(raw: &str) -> Option<Date> {
    let (year, month) = raw.trim().split_once('-')?;
    let (year, month): (i16, i8) = (year.parse().ok()?, month.parse().ok()?);
    if !PLANNABLE_YEARS.contains(&year) {
        return None;
    }
    Date::new(year, month, 1).ok()
}

/// The years a schedule may concern. Anything outside is a typing error or a probe, and far
/// dates would make rule windows and week loops run over ranges no one needs.
pub const PLANNABLE_YEARS: std::ops::RangeInclusive<i16> = 2000..=2100;

/// A date such as "2026-12-01", within [`PLANNABLE_YEARS`].
pub fn parse_plannable_date(raw: &str) -> Option<Date> {
    raw.trim().parse::<Date>().ok().filter(|d| PLANNABLE_YEARS.contains(&d.year()))
}

/// The weeks (Monday first) that a month's calendar shows: every day from the Monday on or
/// before the first to the Sunday on or after the last, as rows of seven.
pub fn month_weeks(first_day: Date) -> Vec<[Date; 7]> {
    let first = first_day.first_of_month();
    let last = first.last_of_month();
    let back = first.weekday().to_monday_zero_offset() as i64;
    let mut day = first.checked_sub(jiff::Span::new().days(back)).unwrap_or(first);
    let mut weeks = Vec::new();
    while day <= last {
        let mut week = [day; 7];
        for slot in week.iter_mut() {
            *slot = day;
            day = day.tomorrow().unwrap_or(day);
        }
        weeks.push(week);
    }
    weeks
}

/// The Monday of the week containing `date`.
pub fn monday_of(date: Date) -> Date {
    let back = date.weekday().to_monday_zero_offset() as i64;
    date.checked_sub(jiff::Span::new().days(back)).unwrap_or(date)
}

/// ISO weekday, Monday = 1.
pub fn weekday(date: Date) -> i64 {
    date.weekday().to_monday_one_offset() as i64
}

/// A quality role (kvalitetsroll) on a shift, from Leksand's model: a lower base staffing plus
/// named roles that lift the quality of the day. Stored by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualityRole {
    TeamLeader,
    ActivityCoordinator,
    MealCoordinator,
}

impl QualityRole {
    pub const ALL: [QualityRole; 3] =
        [QualityRole::TeamLeader, QualityRole::ActivityCoordinator, QualityRole::MealCoordinator];

    pub fn code(self) -> &'static str {
        match self {
            QualityRole::TeamLeader => "team_leader",
            QualityRole::ActivityCoordinator => "activity_coordinator",
            QualityRole::MealCoordinator => "meal_coordinator",
        }
    }

    pub fn from_code(code: &str) -> Option<QualityRole> {
        QualityRole::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl std::str::FromStr for QualityRole {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        QualityRole::from_code(code).ok_or(())
    }
}

/// What a shift is, one of: ordinary, carrying a quality role, or a resource shift. The
/// planning forms offer these as one choice; the database keeps the role and the resource mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShiftKind {
    Ordinary,
    Quality(QualityRole),
    Resource,
}

impl ShiftKind {
    pub fn all() -> impl Iterator<Item = ShiftKind> {
        std::iter::once(ShiftKind::Ordinary)
            .chain(QualityRole::ALL.into_iter().map(ShiftKind::Quality))
            .chain(std::iter::once(ShiftKind::Resource))
    }

    /// A role wins over the resource mark (a shift stored with both, by hand, shows its role).
    pub fn of(quality_role: Option<QualityRole>, resource: bool) -> ShiftKind {
        match (quality_role, resource) {
            (Some(role), _) => ShiftKind::Quality(role),
            (None, true) => ShiftKind::Resource,
            (None, false) => ShiftKind::Ordinary,
        }
    }

    pub fn quality_role(self) -> Option<QualityRole> {
        match self {
            ShiftKind::Quality(role) => Some(role),
            _ => None,
        }
    }

    pub fn is_resource(self) -> bool {
        self == ShiftKind::Resource
    }

    pub fn code(self) -> &'static str {
        match self {
            ShiftKind::Ordinary => "ordinary",
            ShiftKind::Quality(role) => role.code(),
            ShiftKind::Resource => "resource",
        }
    }

    pub fn from_code(code: &str) -> Option<ShiftKind> {
        ShiftKind::all().find(|k| k.code() == code)
    }
}

impl std::str::FromStr for ShiftKind {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        ShiftKind::from_code(code).ok_or(())
    }
}

/// Where a shift stands. An absent shift keeps its person (who was absent) but no longer
/// counts as staffed, and its hours no longer count in the working-time rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShiftStatus {
    Planned,
    Absent,
}

impl ShiftStatus {
    pub fn code(self) -> &'static str {
        match self {
            ShiftStatus::Planned => "planned",
            ShiftStatus::Absent => "absent",
        }
    }
}

impl std::str::FromStr for ShiftStatus {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        [ShiftStatus::Planned, ShiftStatus::Absent].into_iter().find(|s| s.code() == code).ok_or(())
    }
}

/// What a day of a rotation line says: which shift, and whether it carries a quality role or
/// is a resource shift (resurspass: placed where the need is that day, often another unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotationCell {
    pub shift_type_id: i64,
    #[serde(default)]
    pub quality_role: Option<QualityRole>,
    #[serde(default)]
    pub resource: bool,
}

/// One slot of a rotation line: in week `week_index`, on `weekday`, work `shift_type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub line_id: i64,
    pub person_id: Option<i64>,
    pub week_index: i64,
    pub weekday: i64,
    pub shift_type_id: i64,
    pub quality_role: Option<QualityRole>,
    pub resource: bool,
}

/// A shift type's local times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftTimes {
    pub id: i64,
    pub start: Time,
    pub end: Time,
}

/// A concrete shift generated from a rotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub line_id: i64,
    pub person_id: Option<i64>,
    pub shift_type_id: i64,
    pub date: Date,
    pub span: Span,
    pub quality_role: Option<QualityRole>,
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
            let (s, e) = (t.start, t.end);
            out.push(Generated {
                line_id: slot.line_id,
                person_id: slot.person_id,
                shift_type_id: slot.shift_type_id,
                date,
                span: span_on(date, s, e),
                quality_role: slot.quality_role,
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
    pub quality_role: Option<QualityRole>,
    pub headcount: i64,
}

/// Someone scheduled on a shift, as coverage sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Staffed {
    pub competence_ids: Vec<i64>,
    pub quality_role: Option<QualityRole>,
}

/// How one need is met: `scheduled` of `headcount`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub competence_id: Option<i64>,
    pub quality_role: Option<QualityRole>,
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
            let fits = match (need.quality_role, need.competence_id) {
                (Some(role), _) => person.quality_role == Some(role),
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
            quality_role: need.quality_role,
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
mod tests;
