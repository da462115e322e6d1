//! The need score: how badly a unit needs staff from the pool, 0–100, from its daily report.
//!
//! The municipality promises the same priority for the same need whether a provider is municipal
//! or private, so the score is one formula, shown with its parts wherever it is shown ("why is
//! this red?"), and computed from nothing but the report and the pool: the provider's kind is not
//! an input at all. Five parts, each with a ceiling, add up to at most 100 points:
//!
//! | part | points | reading |
//! |---|---|---|
//! | staff missing | ≤ 45 | 45 × the share of the period's planned staff that is missing and the unit cannot replace itself |
//! | scarce competence | ≤ 15 | 15 × how scarce the missing competences are, averaged over the missing people |
//! | infection | ≤ 15 | 15 for an outbreak; 5 for confirmed cases without an outbreak |
//! | recipients affected | ≤ 10 | 10 × recipients affected / 40 (40 or more count fully) |
//! | urgency | ≤ 15 | 15 × (1 − hours until the first uncovered shift / 48): now weighs fully, two days ahead not at all |
//!
//! Why these readings:
//! - Missing staff dominates: the pool exists to fill gaps, and a unit at a third of its staff is
//!   in more danger than one short of one person in twenty. Only the gap the unit *cannot* solve
//!   itself counts — a gap it covers with its own staff asks nothing of the pool.
//! - Scarcity: a missing nurse is harder to replace than a missing care assistant. A competence's
//!   scarcity is `1 − min(1, supply / demand)`, with the pool's holders of it as supply and the
//!   municipality's unsolved gap in it as demand (computed by the caller; 0 for "any staff").
//! - Infection: an outbreak binds staff to one unit (no moving between units) and needs more hands
//!   per recipient; confirmed cases alone are a warning.
//! - Recipients affected and urgency raise the score only when staff are actually missing: an
//!   outbreak at a fully staffed unit is a reason to watch it, not to send it the pool.
//!
//! Levels: **red** from 50 points, **yellow** from 25, otherwise **green**. A unit that has not
//! reported has no score (the picture says so, it does not guess).
use serde::{Deserialize, Serialize};

/// Points of each part at most; they add up to 100.
pub const STAFF_POINTS: f64 = 45.0;
pub const SCARCITY_POINTS: f64 = 15.0;
pub const OUTBREAK_POINTS: f64 = 15.0;
pub const CASES_POINTS: f64 = 5.0;
pub const RECIPIENTS_POINTS: f64 = 10.0;
pub const URGENCY_POINTS: f64 = 15.0;
/// Recipients affected from which the part counts fully.
pub const RECIPIENTS_FULL: u32 = 40;
/// A gap this many hours away or more adds no urgency.
pub const URGENCY_HOURS: f64 = 48.0;
/// From this score a unit is red; from [`YELLOW_FROM`] yellow.
pub const RED_FROM: u8 = 50;
pub const YELLOW_FROM: u8 = 25;

/// Part of a unit's gap that it cannot solve itself.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MissingStaff {
    /// People missing.
    pub count: u32,
    /// How scarce their competence is in the municipality, 0 (plenty) … 1 (none to be had).
    pub scarcity: f64,
    /// Minutes from now until the shift starts (0 for one already under way).
    pub starts_in_minutes: i64,
}

/// What the score is computed from: one unit's report for the period (today and tomorrow).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NeedInput {
    /// People the unit's base staffing plans for the period's shifts.
    pub planned: u32,
    /// The gap the unit cannot solve itself.
    pub missing: Vec<MissingStaff>,
    pub outbreak: bool,
    /// Confirmed cases among recipients and staff.
    pub confirmed_cases: u32,
    /// Recipients whose care the shortage affects.
    pub recipients_affected: u32,
}

/// The score and its parts, each in points (they add up to `total`, before rounding).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct NeedScore {
    pub total: u8,
    pub staff: f64,
    pub scarcity: f64,
    pub infection: f64,
    pub recipients: f64,
    pub urgency: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
pub enum NeedLevel {
    Green,
    Yellow,
    Red,
}

impl NeedScore {
    pub fn level(&self) -> NeedLevel {
        level_of(self.total)
    }
}

pub fn level_of(total: u8) -> NeedLevel {
    if total >= RED_FROM {
        NeedLevel::Red
    } else if total >= YELLOW_FROM {
        NeedLevel::Yellow
    } else {
        NeedLevel::Green
    }
}

/// A competence's scarcity from its supply in the pool and the municipality's unsolved demand.
pub fn scarcity(supply: u32, demand: u32) -> f64 {
    if demand == 0 { 0.0 } else { 1.0 - (f64::from(supply) / f64::from(demand)).min(1.0) }
}

/// The need score of one report (see the module's table).
pub fn score(input: &NeedInput) -> NeedScore {
    let missing: u32 = input.missing.iter().map(|m| m.count).sum();
    let infection = if input.outbreak {
        OUTBREAK_POINTS
    } else if input.confirmed_cases > 0 {
        CASES_POINTS
    } else {
        0.0
    };
    if missing == 0 {
        return NeedScore { total: round(infection), infection, ..NeedScore::default() };
    }
    // Missing more people than planned (a report adjusted by hand) is simply "all of them".
    let share = if input.planned == 0 { 1.0 } else { (f64::from(missing) / f64::from(input.planned)).min(1.0) };
    let staff = STAFF_POINTS * share;
    let weighted: f64 = input.missing.iter().map(|m| f64::from(m.count) * m.scarcity.clamp(0.0, 1.0)).sum();
    let scarcity = SCARCITY_POINTS * weighted / f64::from(missing);
    let recipients =
        RECIPIENTS_POINTS * (f64::from(input.recipients_affected.min(RECIPIENTS_FULL)) / f64::from(RECIPIENTS_FULL));
    let soonest = input.missing.iter().filter(|m| m.count > 0).map(|m| m.starts_in_minutes.max(0)).min().unwrap_or(0);
    let urgency = URGENCY_POINTS * (1.0 - (soonest as f64 / 60.0 / URGENCY_HOURS).min(1.0));
    let sum = staff + scarcity + infection + recipients + urgency;
    NeedScore { total: round(sum), staff, scarcity, infection, recipients, urgency }
}

fn round(points: f64) -> u8 {
    points.round().clamp(0.0, 100.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn gap(count: u32, scarcity: f64, hours: i64) -> MissingStaff {
        MissingStaff { count, scarcity, starts_in_minutes: hours * 60 }
    }

    #[test]
    fn a_fully_staffed_calm_unit_scores_zero() {
        let s = score(&NeedInput { planned: 20, ..Default::default() });
        assert_eq!(s, NeedScore::default());
        assert_eq!(s.level(), NeedLevel::Green);
    }

    #[test]
    fn an_outbreak_alone_is_watched_but_green() {
        let s = score(&NeedInput { planned: 20, outbreak: true, recipients_affected: 30, ..Default::default() });
        assert_eq!((s.total, s.infection, s.recipients, s.urgency), (15, 15.0, 0.0, 0.0));
        assert_eq!(s.level(), NeedLevel::Green);
        let cases = score(&NeedInput { planned: 20, confirmed_cases: 2, ..Default::default() });
        assert_eq!(cases.total, 5);
    }

    #[test]
    fn the_worked_example_of_the_documentation() {
        // 10 planned, 4 missing (3 assistants in plenty, 1 nurse with scarcity 0.5), the first
        // gap in 12 hours, 20 recipients affected, an outbreak:
        // staff 45 × 0.4 = 18; scarcity 15 × 0.5 / 4 = 1.875; infection 15; recipients 5;
        // urgency 15 × (1 − 12/48) = 11.25; total 51.125 → 51, red.
        let s = score(&NeedInput {
            planned: 10,
            missing: vec![gap(3, 0.0, 12), gap(1, 0.5, 20)],
            outbreak: true,
            confirmed_cases: 3,
            recipients_affected: 20,
        });
        assert_eq!(s.total, 51);
        assert!((s.staff - 18.0).abs() < 1e-9 && (s.scarcity - 1.875).abs() < 1e-9 && (s.urgency - 11.25).abs() < 1e-9);
        assert_eq!(s.level(), NeedLevel::Red);
    }

    #[test]
    fn everyone_missing_now_in_an_outbreak_is_the_ceiling() {
        let s = score(&NeedInput {
            planned: 5,
            missing: vec![gap(5, 1.0, 0)],
            outbreak: true,
            confirmed_cases: 9,
            recipients_affected: 100,
        });
        assert_eq!(s.total, 100);
    }

    #[test]
    fn scarcity_is_unmet_demand() {
        assert_eq!(scarcity(0, 0), 0.0);
        assert_eq!(scarcity(5, 3), 0.0);
        assert_eq!(scarcity(1, 4), 0.75);
        assert_eq!(scarcity(0, 2), 1.0);
    }

    #[test]
    fn levels_have_their_documented_thresholds() {
        assert_eq!(level_of(24), NeedLevel::Green);
        assert_eq!(level_of(25), NeedLevel::Yellow);
        assert_eq!(level_of(49), NeedLevel::Yellow);
        assert_eq!(level_of(50), NeedLevel::Red);
    }

    fn any_input() -> impl Strategy<Value = NeedInput> {
        (
            0u32..60,
            prop::collection::vec((0u32..8, 0.0f64..=1.0, -120i64..(72 * 60)), 0..5),
            any::<bool>(),
            0u32..20,
            0u32..120,
        )
            .prop_map(|(planned, missing, outbreak, confirmed_cases, recipients_affected)| NeedInput {
                planned,
                missing: missing
                    .into_iter()
                    .map(|(count, scarcity, starts_in_minutes)| MissingStaff { count, scarcity, starts_in_minutes })
                    .collect(),
                outbreak,
                confirmed_cases,
                recipients_affected,
            })
    }

    proptest! {
        #[test]
        fn the_parts_add_up_to_the_total_within_its_bounds(input in any_input()) {
            let s = score(&input);
            prop_assert!(s.total <= 100);
            let sum = s.staff + s.scarcity + s.infection + s.recipients + s.urgency;
            prop_assert_eq!(s.total, sum.round() as u8);
        }

        #[test]
        fn one_more_missing_person_never_lowers_the_score(input in any_input(), scarcity in 0.0f64..=1.0, hours in 0i64..72) {
            let before = score(&input);
            let mut more = input.clone();
            // Added as soon as or later than the soonest gap, and no less scarce than the average,
            // so it adds need without diluting the scarcity part.
            let soonest = input.missing.iter().filter(|m| m.count > 0).map(|m| m.starts_in_minutes.max(0)).min();
            let max_scarcity = input.missing.iter().map(|m| m.scarcity).fold(scarcity, f64::max);
            more.missing.push(MissingStaff {
                count: 1,
                scarcity: max_scarcity,
                starts_in_minutes: soonest.map_or(hours * 60, |s| s + hours * 60),
            });
            prop_assert!(score(&more).total >= before.total, "{:?} -> {:?}", before, score(&more));
        }

        #[test]
        fn an_outbreak_never_lowers_the_score(input in any_input()) {
            let calm = NeedInput { outbreak: false, ..input.clone() };
            let outbreak = NeedInput { outbreak: true, ..input };
            prop_assert!(score(&outbreak).total >= score(&calm).total);
        }
    }
}
