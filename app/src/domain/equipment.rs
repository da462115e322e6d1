//! Protective equipment (seeds/002, Vallentuna): the municipality keeps a central stock of
//! masks, visors, gloves, aprons and hand sanitiser and shares it out by need, to municipal and
//! private providers on equal terms. This module is the arithmetic, with no I/O: how fast a unit
//! uses a material, how many days its stock lasts, the central stock's ledger, and the
//! distribution rule. Quantities are whole *units of issue* (one mask, one pair of gloves, one
//! bottle); a material's pack size only matters for shipping (whole packs).
//!
//! ## Burn rate and days of supply
//! Units report their stock on hand per material in the daily report, and may add what they used
//! since their last report. Reports come most days, not every day, and some counts are wrong and
//! later corrected, so the method must not be thrown by a missing day or a recount:
//! - Look at the reports of the last [`WINDOW_DAYS`] days, oldest first. Each report after the
//!   first closes a *span* since the report before it. What was used over the span is the usage
//!   the unit reported, if it did; otherwise it is read from the stock: the stock at the start,
//!   plus what the unit received in between, minus the stock at the end.
//! - A span whose stock rose without a delivery is a recount, not negative use: it counts as 0.
//! - The burn rate is the total used over the total time the spans cover. A missing day simply
//!   makes a span longer — the stock still fell by what was used over both days — so a unit that
//!   reports every other day is not taken to use half as much.
//! - With a single report, its reported usage (if any) is taken as one day's use. With nothing
//!   that tells usage, the burn rate is unknown: the picture says "unknown" (grey), it does not
//!   guess.
//! - Days of supply = stock on hand / burn rate. A unit that uses none has unlimited supply.
//!
//! Traffic light: **red** under [`RED_DAYS`] days, **yellow** under the target ([`TARGET_DAYS`]
//! days, what the municipality aims to keep at each unit), **green** from the target, **grey**
//! when unknown.
//!
//! ## The central ledger
//! Every change of the central stock is a movement — a delivery in (supplier, county allocation,
//! donation), a stock count, an adjustment with its reason, a shipment out to a unit — and the
//! stock is by definition the sum of the movements. A count is recorded as the difference to the
//! stock it found, so the ledger still sums to the stock. No movement may take the stock below
//! zero (a shipment of more than is there is refused, not recorded).
//!
//! ## The distribution rule
//! The proposal shares out what the central stock has of one material, in whole packs:
//! - A unit's need is what lifts it to the target: `target × burn rate − stock on hand`, or what it
//!   requested if that is more (a unit may know of a need its past usage does not show). A unit
//!   whose burn rate is unknown needs what it requested.
//! - Units with an infection outbreak are served first: an outbreak multiplies the use of
//!   respirators, visors and gowns, and a unit without them cannot care for its residents safely.
//! - Within each group, pack by pack, the next pack goes to the unit whose supply after what it
//!   has been given so far is lowest (water-filling on days of supply): a short stock lifts the
//!   worst off first, and identical units end up at most one pack apart. A unit with no burn rate
//!   to go by (unknown, or none used) counts as the share of its request filled so far times the
//!   target (an unfilled request is as urgent as an empty shelf).
//! - Ties go to the lower unit id — never to the kind of provider: the provider's kind is an input
//!   only so that the tests can show it changes nothing.
//! - No unit gets more than its need; nothing is shipped that is not in stock.
//!
//! Every line carries its reasons (supply before and after, outbreak, request, whether it was cut
//! short), which the coordinator sees before adjusting and approving.
use crate::domain::ProviderKind;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// How far back the burn rate looks.
pub const WINDOW_DAYS: i64 = 14;
/// Below this many days of supply a unit is red.
pub const RED_DAYS: f64 = 3.0;
/// The supply the municipality aims to keep at every unit; below it a unit is yellow and the
/// distribution tops it up to it.
pub const TARGET_DAYS: f64 = 7.0;

const DAY: f64 = 86_400.0;

/// One report's line for one material.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StockReport {
    /// When it was reported (Unix seconds).
    pub at: i64,
    pub on_hand: i64,
    /// What the unit says it used since its previous report.
    pub used_since_last: Option<i64>,
}

/// Material a unit received (a confirmed shipment), at `at` (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Received {
    pub at: i64,
    pub quantity: i64,
}

/// Units of issue used per day, from the reports of the last [`WINDOW_DAYS`] days before `now`
/// (see the module doc). `None`: nothing tells.
pub fn burn_rate(reports: &[StockReport], received: &[Received], now: i64) -> Option<f64> {
    let since = now - WINDOW_DAYS * 86_400;
    let mut window: Vec<StockReport> = reports.iter().copied().filter(|r| r.at >= since && r.at <= now).collect();
    window.sort_by_key(|r| r.at);
    if let [only] = window.as_slice() {
        return only.used_since_last.map(|u| u.max(0) as f64);
    }
    let (mut used, mut seconds) = (0i64, 0i64);
    for pair in window.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b.at <= a.at {
            continue;
        }
        let came: i64 = received.iter().filter(|r| r.at > a.at && r.at <= b.at).map(|r| r.quantity).sum();
        used += match b.used_since_last {
            Some(u) => u.max(0),
            None => (a.on_hand + came - b.on_hand).max(0),
        };
        seconds += b.at - a.at;
    }
    (seconds > 0).then(|| used as f64 / (seconds as f64 / DAY))
}

/// How long a stock lasts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Supply {
    /// The burn rate is unknown.
    Unknown,
    /// Nothing is being used.
    Unlimited,
    Days(f64),
}

impl Supply {
    pub fn of(on_hand: i64, burn_per_day: Option<f64>) -> Supply {
        match burn_per_day {
            None => Supply::Unknown,
            Some(b) if b <= 0.0 => Supply::Unlimited,
            Some(b) => Supply::Days(on_hand.max(0) as f64 / b),
        }
    }

    pub fn light(self) -> Light {
        match self {
            Supply::Unknown => Light::Grey,
            Supply::Unlimited => Light::Green,
            Supply::Days(d) if d < RED_DAYS => Light::Red,
            Supply::Days(d) if d < TARGET_DAYS => Light::Yellow,
            Supply::Days(_) => Light::Green,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Light {
    Red,
    Yellow,
    Green,
    Grey,
}

/// Where a delivery to the central stock came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    Supplier,
    CountyAllocation,
    Donation,
}

/// One change of the central stock of one material.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Movement {
    Delivery {
        source: Source,
        quantity: i64,
    },
    /// A stock count found `counted`.
    Count {
        counted: i64,
    },
    Adjustment {
        delta: i64,
        reason: String,
    },
    Shipment {
        unit_id: i64,
        quantity: i64,
    },
}

/// Why a movement was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LedgerError {
    /// Deliveries, shipments and adjustments move at least one unit of issue; a count is not
    /// negative.
    NotPositive,
    /// It would take the stock below zero.
    WouldGoNegative { stock: i64, delta: i64 },
    /// An adjustment needs its reason.
    ReasonRequired,
}

/// The central stock of one material: the sum of its movements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ledger {
    stock: i64,
}

impl Ledger {
    /// The ledger after the movements already recorded (their signed quantities).
    pub fn from_deltas(deltas: impl IntoIterator<Item = i64>) -> Ledger {
        Ledger { stock: deltas.into_iter().sum() }
    }

    pub fn stock(self) -> i64 {
        self.stock
    }

    /// The signed quantity `movement` would record, or why it may not be.
    pub fn delta(self, movement: &Movement) -> Result<i64, LedgerError> {
        let delta = match movement {
            Movement::Delivery { quantity, .. } if *quantity > 0 => *quantity,
            Movement::Shipment { quantity, .. } if *quantity > 0 => -*quantity,
            Movement::Count { counted } if *counted >= 0 => counted - self.stock,
            Movement::Adjustment { reason, .. } if reason.trim().is_empty() => return Err(LedgerError::ReasonRequired),
            Movement::Adjustment { delta, .. } if *delta != 0 => *delta,
            _ => return Err(LedgerError::NotPositive),
        };
        if self.stock + delta < 0 {
            return Err(LedgerError::WouldGoNegative { stock: self.stock, delta });
        }
        Ok(delta)
    }

    /// Records `movement`; answers its signed quantity (what the ledger row stores).
    pub fn apply(&mut self, movement: &Movement) -> Result<i64, LedgerError> {
        let delta = self.delta(movement)?;
        self.stock += delta;
        Ok(delta)
    }
}

/// What the proposal knows of one unit for one material.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitStock {
    pub unit_id: i64,
    /// Not used by the rule (see the module doc); here so the tests can show it.
    pub provider: ProviderKind,
    pub on_hand: i64,
    pub burn_per_day: Option<f64>,
    pub outbreak: bool,
    /// Open requests of this material, in units of issue.
    pub requested: i64,
}

impl UnitStock {
    /// Units of issue that bring the unit to `target_days`, or its request if more.
    pub fn need(&self, target_days: f64) -> i64 {
        let shortfall = match self.burn_per_day {
            Some(b) if b > 0.0 => ((target_days * b).ceil() as i64 - self.on_hand).max(0),
            _ => 0,
        };
        shortfall.max(self.requested.max(0))
    }

    /// Days of supply with `extra` more, or — for a unit whose burn rate is unknown or zero — the
    /// filled share of its request times the target (the priority the rule compares).
    fn priority_days(&self, extra: i64, target_days: f64) -> f64 {
        match self.burn_per_day {
            Some(b) if b > 0.0 => (self.on_hand + extra) as f64 / b,
            // No usage to go by: what it asked for is what it needs.
            _ if self.requested > 0 => target_days * (extra as f64 / self.requested as f64),
            _ => f64::INFINITY,
        }
    }
}

/// One line of a proposal, with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalLine {
    pub unit_id: i64,
    pub packs: i64,
    /// Units of issue (`packs × pack size`).
    pub quantity: i64,
    /// What the unit needed (units of issue).
    pub need: i64,
    pub before: Supply,
    pub after: Supply,
    pub outbreak: bool,
    pub requested: i64,
    /// Given less than its need: the stock did not reach.
    pub cut_short: bool,
}

/// Shares `available` units of issue of one material out over `units` in whole packs of
/// `pack_size`, by the rule in the module doc. One line per unit that needs anything, in the
/// order of `units`; a line may be of 0 packs (needed, but nothing left for it).
pub fn propose(available: i64, pack_size: i64, target_days: f64, units: &[UnitStock]) -> Vec<ProposalLine> {
    let pack = pack_size.max(1);
    let mut packs_left = available.max(0) / pack;
    let needs: Vec<i64> = units.iter().map(|u| u.need(target_days)).collect();
    let packs_needed: Vec<i64> = needs.iter().map(|n| (n + pack - 1) / pack).collect();
    let mut given = vec![0i64; units.len()];
    // Outbreak units first, then the rest; within a group the lowest supply gets the next pack.
    for outbreak_group in [true, false] {
        let mut heap: BinaryHeap<Next> = units
            .iter()
            .enumerate()
            .filter(|(i, u)| u.outbreak == outbreak_group && packs_needed[*i] > 0)
            .map(|(i, u)| Next { days: u.priority_days(0, target_days), unit_id: u.unit_id, index: i })
            .collect();
        while packs_left > 0 {
            let Some(next) = heap.pop() else { break };
            let i = next.index;
            given[i] += 1;
            packs_left -= 1;
            if given[i] < packs_needed[i] {
                let days = units[i].priority_days(given[i] * pack, target_days);
                heap.push(Next { days, unit_id: units[i].unit_id, index: i });
            }
        }
    }
    units
        .iter()
        .enumerate()
        .filter(|(i, _)| needs[*i] > 0)
        .map(|(i, u)| ProposalLine {
            unit_id: u.unit_id,
            packs: given[i],
            quantity: given[i] * pack,
            need: needs[i],
            before: Supply::of(u.on_hand, u.burn_per_day),
            after: Supply::of(u.on_hand + given[i] * pack, u.burn_per_day),
            outbreak: u.outbreak,
            requested: u.requested,
            cut_short: given[i] < packs_needed[i],
        })
        .collect()
}

/// The heap's entry: the unit with the fewest days comes out first, ties to the lower id.
#[derive(Debug, Clone, Copy)]
struct Next {
    days: f64,
    unit_id: i64,
    index: usize,
}

impl PartialEq for Next {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Next {}
impl PartialOrd for Next {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Next {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap pops the greatest.
        other.days.total_cmp(&self.days).then(other.unit_id.cmp(&self.unit_id)).then(other.index.cmp(&self.index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const D: i64 = 86_400;

    fn report(day: i64, on_hand: i64, used: Option<i64>) -> StockReport {
        StockReport { at: day * D, on_hand, used_since_last: used }
    }

    #[test]
    fn burn_rate_reads_the_stock_and_spans_missing_days() {
        // 100, 90, then (a day missing) 70: 30 used over 3 days.
        let reports = [report(10, 100, None), report(11, 90, None), report(13, 70, None)];
        assert_eq!(burn_rate(&reports, &[], 13 * D), Some(10.0));
        // The same with a delivery of 50 on day 12: still 10 a day.
        let reports = [report(10, 100, None), report(11, 90, None), report(13, 120, None)];
        let received = [Received { at: 12 * D, quantity: 50 }];
        assert_eq!(burn_rate(&reports, &received, 13 * D), Some(10.0));
        // A reported usage wins over the stock's difference.
        let reports = [report(10, 100, None), report(11, 100, Some(8))];
        assert_eq!(burn_rate(&reports, &[], 11 * D), Some(8.0));
    }

    #[test]
    fn a_recount_upwards_is_not_negative_use_and_nothing_known_is_unknown() {
        let reports = [report(10, 50, None), report(11, 80, None), report(12, 70, None)];
        assert_eq!(burn_rate(&reports, &[], 12 * D), Some(5.0), "0 then 10 over two days");
        assert_eq!(burn_rate(&[report(10, 50, None)], &[], 10 * D), None);
        assert_eq!(burn_rate(&[report(10, 50, Some(6))], &[], 10 * D), Some(6.0));
        assert_eq!(burn_rate(&[], &[], 10 * D), None);
        // Reports older than the window are not read.
        let old = [report(1, 500, None), report(2, 100, None), report(20, 100, Some(2))];
        assert_eq!(burn_rate(&old, &[], 20 * D), Some(2.0));
    }

    #[test]
    fn supply_and_light() {
        assert_eq!(Supply::of(20, Some(10.0)), Supply::Days(2.0));
        assert_eq!(Supply::of(20, Some(10.0)).light(), Light::Red);
        assert_eq!(Supply::of(50, Some(10.0)).light(), Light::Yellow);
        assert_eq!(Supply::of(70, Some(10.0)).light(), Light::Green);
        assert_eq!(Supply::of(0, Some(0.0)), Supply::Unlimited);
        assert_eq!(Supply::of(5, None).light(), Light::Grey);
    }

    #[test]
    fn the_ledger_refuses_what_would_go_negative_and_counts_as_differences() {
        let mut l = Ledger::default();
        assert_eq!(l.apply(&Movement::Delivery { source: Source::Supplier, quantity: 100 }), Ok(100));
        assert_eq!(
            l.apply(&Movement::Shipment { unit_id: 1, quantity: 101 }),
            Err(LedgerError::WouldGoNegative { stock: 100, delta: -101 })
        );
        assert_eq!(l.apply(&Movement::Count { counted: 96 }), Ok(-4));
        assert_eq!(l.apply(&Movement::Adjustment { delta: -6, reason: " ".into() }), Err(LedgerError::ReasonRequired));
        assert_eq!(l.apply(&Movement::Adjustment { delta: -6, reason: "Trasiga".into() }), Ok(-6));
        assert_eq!(
            l.apply(&Movement::Delivery { source: Source::Donation, quantity: 0 }),
            Err(LedgerError::NotPositive)
        );
        assert_eq!(l.stock(), 90);
    }

    fn unit(id: i64, on_hand: i64, burn: Option<f64>, outbreak: bool, requested: i64) -> UnitStock {
        UnitStock { unit_id: id, provider: ProviderKind::Municipal, on_hand, burn_per_day: burn, outbreak, requested }
    }

    #[test]
    fn plenty_fills_every_need_in_whole_packs() {
        let units =
            [unit(1, 10, Some(10.0), false, 0), unit(2, 100, Some(10.0), false, 0), unit(3, 0, None, false, 25)];
        let lines = propose(10_000, 20, TARGET_DAYS, &units);
        // Unit 1 needs 60 → 3 packs; unit 2 is above the target; unit 3 asked for 25 → 2 packs.
        assert_eq!(lines.iter().map(|l| (l.unit_id, l.packs)).collect::<Vec<_>>(), vec![(1, 3), (3, 2)]);
        assert!(lines.iter().all(|l| !l.cut_short));
        assert_eq!(lines[0].after, Supply::Days(7.0));
    }

    #[test]
    fn a_short_stock_goes_to_the_outbreak_first_then_lifts_the_lowest() {
        let units = [
            unit(1, 0, Some(10.0), false, 0),  // 0 days
            unit(2, 30, Some(10.0), false, 0), // 3 days
            unit(3, 60, Some(10.0), true, 0),  // outbreak, 6 days
        ];
        let lines = propose(60, 10, TARGET_DAYS, &units);
        let packs: Vec<(i64, i64)> = lines.iter().map(|l| (l.unit_id, l.packs)).collect();
        // The outbreak unit's one pack first. Then unit 1 (0 days) gets packs until it is level
        // with unit 2 (3 days); the tie goes to the lower id, unit 1, and the last pack to unit 2.
        assert_eq!(packs, vec![(1, 4), (2, 1), (3, 1)]);
        assert!(lines[0].cut_short && lines[1].cut_short && !lines[2].cut_short);
    }

    fn arb_unit() -> impl Strategy<Value = UnitStock> {
        (
            0i64..500,
            prop_oneof![Just(None), (0.0f64..80.0).prop_map(Some)],
            any::<bool>(),
            prop_oneof![Just(0i64), 0i64..300],
            any::<bool>(),
        )
            .prop_map(|(on_hand, burn, outbreak, requested, private)| UnitStock {
                unit_id: 0,
                provider: if private { ProviderKind::Private } else { ProviderKind::Municipal },
                on_hand,
                burn_per_day: burn,
                outbreak,
                requested,
            })
    }

    fn arb_units() -> impl Strategy<Value = Vec<UnitStock>> {
        prop::collection::vec(arb_unit(), 1..12).prop_map(|mut units| {
            for (i, u) in units.iter_mut().enumerate() {
                u.unit_id = i as i64 + 1;
            }
            units
        })
    }

    proptest! {
        #[test]
        fn the_ledger_never_goes_negative_and_always_sums_to_the_stock(
            moves in prop::collection::vec(
                prop_oneof![
                    (1i64..500).prop_map(|q| Movement::Delivery { source: Source::Supplier, quantity: q }),
                    (-10i64..500).prop_map(|q| Movement::Shipment { unit_id: 1, quantity: q }),
                    (-5i64..600).prop_map(|c| Movement::Count { counted: c }),
                    (-300i64..300).prop_map(|d| Movement::Adjustment { delta: d, reason: "svinn".into() }),
                ],
                0..60,
            )
        ) {
            let mut ledger = Ledger::default();
            let mut recorded = Vec::new();
            for m in &moves {
                if let Ok(delta) = ledger.apply(m) {
                    recorded.push(delta);
                }
                prop_assert!(ledger.stock() >= 0);
                prop_assert_eq!(Ledger::from_deltas(recorded.iter().copied()).stock(), ledger.stock());
            }
        }

        #[test]
        fn swapping_two_identical_units_provider_kinds_never_changes_their_shares(
            mut units in arb_units(),
            twin in arb_unit(),
            available in 0i64..5_000,
            pack in 1i64..50,
        ) {
            let a = units.len() as i64 + 1;
            units.push(UnitStock { unit_id: a, provider: ProviderKind::Municipal, ..twin.clone() });
            units.push(UnitStock { unit_id: a + 1, provider: ProviderKind::Private, ..twin });
            let before = propose(available, pack, TARGET_DAYS, &units);
            let n = units.len();
            units[n - 2].provider = ProviderKind::Private;
            units[n - 1].provider = ProviderKind::Municipal;
            prop_assert_eq!(propose(available, pack, TARGET_DAYS, &units), before);
        }

        #[test]
        fn a_proposal_ships_no_more_than_there_is_nor_more_than_each_needs(
            units in arb_units(),
            available in 0i64..5_000,
            pack in 1i64..50,
        ) {
            let lines = propose(available, pack, TARGET_DAYS, &units);
            let shipped: i64 = lines.iter().map(|l| l.quantity).sum();
            prop_assert!(shipped <= available);
            for l in &lines {
                prop_assert!(l.quantity < l.need + pack, "at most the need, rounded up to a pack");
                prop_assert_eq!(l.cut_short, l.packs * pack < l.need);
            }
            // Something cut short means the stock ran out (less than a pack left).
            if lines.iter().any(|l| l.cut_short) {
                prop_assert!(available - shipped < pack);
            }
            // No unit outside an outbreak got a pack while an outbreak unit was cut short.
            if lines.iter().any(|l| l.outbreak && l.cut_short) {
                prop_assert!(lines.iter().filter(|l| !l.outbreak).all(|l| l.packs == 0));
            }
        }

        #[test]
        fn identical_units_end_at_most_one_pack_apart(
            twin in arb_unit(),
            copies in 2usize..6,
            available in 0i64..3_000,
            pack in 1i64..30,
        ) {
            let units: Vec<UnitStock> =
                (0..copies).map(|i| UnitStock { unit_id: i as i64 + 1, ..twin.clone() }).collect();
            let lines = propose(available, pack, TARGET_DAYS, &units);
            let packs: Vec<i64> = lines.iter().map(|l| l.packs).collect();
            if let (Some(lo), Some(hi)) = (packs.iter().min(), packs.iter().max()) {
                prop_assert!(hi - lo <= 1, "{:?}", packs);
            }
        }
    }
}
