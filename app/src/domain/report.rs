//! A unit's daily report (lägesrapport), as the domain sees it: absences, the gap per shift and
//! competence, what the unit solves itself, and the pool requests that follow. Pure: the feature
//! `daily_report` reads and writes it.
//!
//! A report covers its own date and the day after (day 0 and day 1): the manager at 07:00 sees
//! today's holes and tomorrow's early enough to ask the pool. Each gap line is "this shift, this
//! competence, so many people short, so many of them we cover ourselves"; the rest — the gap the
//! unit *cannot* solve — is what it asks of the pool, one request per shift and competence.
use crate::error::{AppError, InvalidCode};
use serde::{Deserialize, Serialize};

/// Why staff are absent, as the county board's situation reports count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceReason {
    OwnIllness,
    ChildCare,
    Other,
}

impl AbsenceReason {
    pub const ALL: [AbsenceReason; 3] = [AbsenceReason::OwnIllness, AbsenceReason::ChildCare, AbsenceReason::Other];
    pub fn code(self) -> &'static str {
        match self {
            AbsenceReason::OwnIllness => "own_illness",
            AbsenceReason::ChildCare => "child_care",
            AbsenceReason::Other => "other",
        }
    }
}

impl std::str::FromStr for AbsenceReason {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        AbsenceReason::ALL.into_iter().find(|r| r.code() == code).ok_or(())
    }
}

/// Where a pool request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoolRequestState {
    /// Waiting for pool staff (possibly partly filled).
    Open,
    /// The unit no longer needs it (a corrected report solved the gap).
    Withdrawn,
}

impl PoolRequestState {
    pub fn code(self) -> &'static str {
        match self {
            PoolRequestState::Open => "open",
            PoolRequestState::Withdrawn => "withdrawn",
        }
    }
}

impl std::str::FromStr for PoolRequestState {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        [PoolRequestState::Open, PoolRequestState::Withdrawn].into_iter().find(|s| s.code() == code).ok_or(())
    }
}

/// Staff absent on one day of the report, for one reason and competence (`None`: no particular).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Absence {
    pub day: u8,
    pub reason: AbsenceReason,
    pub competence_id: Option<i64>,
    pub headcount: i64,
}

/// One shift's gap in one competence (`None`: any care staff) on one day of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapLine {
    pub day: u8,
    pub shift_type_id: i64,
    pub competence_id: Option<i64>,
    /// People short.
    pub short: i64,
    /// Of them, covered by the unit itself (extra hours, moved staff, its own substitutes).
    pub solved: i64,
}

impl GapLine {
    /// What the unit asks of the pool for this line.
    pub fn unsolved(&self) -> i64 {
        (self.short - self.solved).max(0)
    }

    fn key(&self) -> (u8, i64, Option<i64>) {
        (self.day, self.shift_type_id, self.competence_id)
    }
}

/// The most lines of each kind a report may hold: far above any real unit (a few shifts times a
/// few competences times two days), low enough that a hostile request costs nothing.
pub const MAX_LINES: usize = 60;
/// The most people in one line, and in the infection and recipient counts.
pub const MAX_COUNT: i64 = 999;

/// A pool request a report asks for: this many people for this shift in this competence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Wanted {
    pub day: u8,
    pub shift_type_id: i64,
    pub competence_id: Option<i64>,
    pub headcount: i64,
}

/// Checks a report's lines: days 0 or 1, counts within bounds, no more solved than short, each
/// shift-and-competence once, and only the unit's own shift types (`shift_types`).
pub fn check_lines(absences: &[Absence], gaps: &[GapLine], shift_types: &[i64]) -> Result<(), AppError> {
    if absences.len() > MAX_LINES {
        return Err(AppError::invalid("absences", InvalidCode::TooMany { max: MAX_LINES as i64 }));
    }
    for a in absences {
        if a.day > 1 {
            return Err(AppError::invalid("absences", InvalidCode::UnknownChoice));
        }
        if !(1..=MAX_COUNT).contains(&a.headcount) {
            return Err(AppError::out_of_range("absences", &(1..=MAX_COUNT)));
        }
    }
    let keys: Vec<_> = gaps.iter().map(GapLine::key).collect();
    crate::domain::parse::distinct_at_most("gaps", &keys, MAX_LINES)?;
    for g in gaps {
        if g.day > 1 || !shift_types.contains(&g.shift_type_id) {
            return Err(AppError::invalid("gaps", InvalidCode::UnknownChoice));
        }
        if !(1..=MAX_COUNT).contains(&g.short) {
            return Err(AppError::out_of_range("gaps", &(1..=MAX_COUNT)));
        }
        if !(0..=g.short).contains(&g.solved) {
            return Err(AppError::out_of_range("solved", &(0..=g.short)));
        }
    }
    Ok(())
}

/// The pool requests a report's gap lines ask for, in a stable order (one per line with an
/// unsolved gap).
pub fn wanted(gaps: &[GapLine]) -> Vec<Wanted> {
    let mut out: Vec<Wanted> = gaps
        .iter()
        .filter(|g| g.unsolved() > 0)
        .map(|g| Wanted {
            day: g.day,
            shift_type_id: g.shift_type_id,
            competence_id: g.competence_id,
            headcount: g.unsolved(),
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(day: u8, shift: i64, competence: Option<i64>, short: i64, solved: i64) -> GapLine {
        GapLine { day, shift_type_id: shift, competence_id: competence, short, solved }
    }

    #[test]
    fn only_the_gap_the_unit_cannot_solve_is_asked_of_the_pool() {
        let gaps = [line(1, 7, None, 2, 2), line(0, 7, Some(3), 3, 1), line(0, 5, None, 1, 0)];
        assert_eq!(
            wanted(&gaps),
            vec![
                Wanted { day: 0, shift_type_id: 5, competence_id: None, headcount: 1 },
                Wanted { day: 0, shift_type_id: 7, competence_id: Some(3), headcount: 2 },
            ]
        );
    }

    #[test]
    fn lines_are_checked() {
        let types = [5, 7];
        assert!(check_lines(&[], &[line(0, 5, None, 2, 1)], &types).is_ok());
        assert_eq!(
            check_lines(&[], &[line(0, 9, None, 2, 1)], &types),
            Err(AppError::invalid("gaps", InvalidCode::UnknownChoice)),
            "another unit's shift type"
        );
        assert_eq!(
            check_lines(&[], &[line(2, 5, None, 2, 1)], &types),
            Err(AppError::invalid("gaps", InvalidCode::UnknownChoice))
        );
        assert_eq!(
            check_lines(&[], &[line(0, 5, None, 2, 3)], &types),
            Err(AppError::out_of_range("solved", &(0..=2)))
        );
        assert_eq!(
            check_lines(&[], &[line(0, 5, None, 0, 0)], &types),
            Err(AppError::out_of_range("gaps", &(1..=MAX_COUNT)))
        );
        assert!(
            matches!(
                check_lines(&[], &[line(0, 5, None, 2, 0), line(0, 5, None, 1, 0)], &types),
                Err(AppError::Invalid { code: InvalidCode::TooMany { .. }, .. })
            ),
            "the same shift and competence twice"
        );
        let absent = Absence { day: 0, reason: AbsenceReason::ChildCare, competence_id: None, headcount: 0 };
        assert_eq!(check_lines(&[absent], &[], &types), Err(AppError::out_of_range("absences", &(1..=MAX_COUNT))));
    }

    #[test]
    fn codes_read_back() {
        for r in AbsenceReason::ALL {
            assert_eq!(r.code().parse(), Ok(r));
        }
        assert_eq!("open".parse(), Ok(PoolRequestState::Open));
        assert_eq!("withdrawn".parse(), Ok(PoolRequestState::Withdrawn));
    }
}
