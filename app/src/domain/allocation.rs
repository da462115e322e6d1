//! Allocation of the shared staff pool to the pool requests of every provider, by need. Pure: an
//! [`Instance`] in, an [`Allocation`] out, no clock, no database. `docs/allocation.md` documents the
//! JSON form of both (the server's `allocate` subcommand reads and writes it).
//!
//! # What counts
//! * **Hard rules** — a worker gets a slot only if they have its competence (and tier: a
//!   service-only worker takes service slots only), are available for the whole of it, live within
//!   their own travel limit of the unit, and the slot breaks none of the working-time rules of
//!   [`super::worktime`] against everything else they work: their existing shifts anywhere, with
//!   any provider, and the slots this allocation gives them. No slot goes to two workers.
//! * **Primary objective** — need-weighted coverage: the sum of the need scores of the filled
//!   slots (a slot of need 0 still counts a little, so that among equal coverages more slots are
//!   filled). A request's slots all carry its unit's need score, so the pool goes where the need
//!   is greatest whichever kind of provider the unit belongs to: the provider is not an input.
//! * **Secondary objectives**, never at the cost of the primary: a fair spread of hours across
//!   workers (a quadratic penalty on each worker's hours in the calendar weeks of the slots,
//!   existing shifts included), shorter travel, and units
//!   where the worker is already introduced (worth [`Settings::introduced_worth_km`] of travel).
//!
//! # How
//! The primary problem is a weighted assignment with side constraints (rest between shifts, weekly
//! and monthly hours), NP-hard in general; a need-first greedy loses about 5 % on small instances
//! with real rest conflicts. We therefore:
//! 1. **Construct**, slots in descending need, each to the fitting worker whose choice costs the
//!    *rest* of the instance least: the need of the still-open slots the worker is eligible for
//!    and that this slot would block (rest or overlap), each divided by how many workers could take
//!    it — a nurse who is the only one who can take tomorrow's night shift is kept for it.
//! 2. **Repair with ejection chains**: for every open slot, in descending need, try to place it by
//!    taking from one worker the slots that block it and re-placing those elsewhere, recursively to
//!    [`Settings::search_depth`], keeping the change only if total coverage strictly rises. Passes
//!    repeat until one changes nothing. This is what closes the gap to the integer optimum
//!    (checked against an exact integer-programming solver on random instances in the tests).
//! 3. **Polish** the secondary objectives by moving single slots between workers, keeping the set
//!    of filled slots as it is.
//!
//! Every order is fixed (need, start, then input position) and the effort is bounded by a count
//! of rule checks, never by time, so the same input gives the same output on any machine.
//!
//! # Explained
//! Each assignment carries its reasons ([`Why`]); each unfilled slot the first filter that left it
//! without anyone ([`UnfilledReason`]) — no one with the competence, no one available, everyone too
//! far, the working-time rules — or, when people could have taken it, that they were all given to
//! slots of at least as great a need.
use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::worktime::{self, AgreementProfile, PersonLimits, Span};

#[cfg(any(test, feature = "lp"))]
pub mod bound;
#[cfg(any(test, feature = "ssr"))]
pub mod generate;

/// What a worker may do: care-qualified staff take every slot, service-only staff the service ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    #[default]
    Care,
    Service,
}

impl Tier {
    /// Whether a worker of this tier may take a slot that needs `needed`.
    pub fn covers(self, needed: Tier) -> bool {
        self == Tier::Care || needed == Tier::Service
    }
}

/// A place on the map (WGS 84 degrees).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub lat: f64,
    pub lon: f64,
}

impl Place {
    /// Great-circle distance: travel limits are set in kilometres as the crow flies, which is what
    /// a worker can judge on a map; road distance would need a routing service.
    pub fn km_to(&self, other: &Place) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * 6371.0 * a.sqrt().asin()
    }
}

/// A stretch of time, `[start, end)`. In JSON: RFC 3339 instants with any offset ("Z" or "+01:00").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Window {
    fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// A member of the staff pool as the allocation sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolWorker {
    pub id: String,
    #[serde(default)]
    pub tier: Tier,
    #[serde(default)]
    pub competences: Vec<String>,
    /// Units where the worker has been introduced (knows the place, the recipients, the routines).
    #[serde(default)]
    pub introduced_at: Vec<String>,
    #[serde(default)]
    pub home: Option<Place>,
    /// How far from home the worker will travel; none means any distance.
    #[serde(default)]
    pub max_travel_km: Option<f64>,
    /// When the worker can work; a slot must lie inside one window (touching windows are joined).
    #[serde(default)]
    pub available: Vec<Window>,
    /// Shifts already worked or booked anywhere, with any provider.
    #[serde(default)]
    pub existing_shifts: Vec<Window>,
    /// From employment percentage or the worker's own wish; lowers the agreement's weekly limit.
    #[serde(default)]
    pub max_hours_per_week: Option<f64>,
    /// For example 165 h for hourly pool staff.
    #[serde(default)]
    pub max_hours_per_month: Option<f64>,
    /// The agreement's working-time rules; the municipal agreement when absent.
    #[serde(default)]
    pub rules: Option<AgreementProfile>,
}

/// One person wanted: a pool request for three people is three slots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub id: String,
    pub unit: String,
    pub start: Timestamp,
    pub end: Timestamp,
    #[serde(default)]
    pub tier: Tier,
    /// Needed competence; none means any worker of the tier.
    #[serde(default)]
    pub competence: Option<String>,
    /// The unit's need score, 0–100.
    pub need: u8,
    #[serde(default)]
    pub place: Option<Place>,
    /// Workers who declined this place or let an offer of it lapse: never asked again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declined_by: Vec<String>,
}

/// Weights of the secondary objectives and the search's effort. The defaults are what Skiftet uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Being introduced at the unit is worth this much travel.
    pub introduced_worth_km: f64,
    /// Fair spread: each worker's hours in the period, squared, times this, counted as kilometres.
    /// At 0.05 moving an 8-hour shift from someone with 40 h to someone with none is worth 26 km.
    pub hours_fairness_km: f64,
    /// How many slots deep an ejection chain may reach.
    pub search_depth: u8,
    /// Rounds of ruin and recreate per fillable slot (see the module documentation), at least
    /// 5,000 in all.
    pub ruin_rounds_per_slot: u32,
    /// Rule checks the improvement after construction may spend (a quarter on ejection chains,
    /// half on ruin and recreate, a quarter on ejection chains again): about a second's work on
    /// the 2-core build machine. Small instances finish long before it.
    pub improve_max_rule_checks: u64,
    /// Upper bound on rule checks, so that even a pathological instance ends; the default is far
    /// above what 500 workers and 2,000 slots use.
    pub max_rule_checks: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            introduced_worth_km: 10.0,
            hours_fairness_km: 0.05,
            search_depth: 3,
            ruin_rounds_per_slot: 20,
            improve_max_rule_checks: 800_000,
            max_rule_checks: 20_000_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    #[serde(default)]
    pub settings: Settings,
    pub workers: Vec<PoolWorker>,
    pub slots: Vec<Slot>,
}

/// Something in an instance that makes no sense; the offline command refuses it with these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum InstanceError {
    #[error("two workers have the id {0:?}")]
    DuplicateWorker(String),
    #[error("two slots have the id {0:?}")]
    DuplicateSlot(String),
    #[error("slot {0:?} ends before it starts")]
    SlotBackwards(String),
    #[error("slot {0:?} has the need score {1}; need scores are 0–100")]
    NeedOutOfRange(String, u8),
    #[error("worker {0:?} has a window that ends before it starts")]
    WindowBackwards(String),
    #[error("worker {0:?} has a negative or non-finite limit (hours or kilometres)")]
    BadLimit(String),
    #[error("{0:?} has a place outside the map (latitude −90…90, longitude −180…180)")]
    BadPlace(String),
}

impl Instance {
    /// Every problem in the instance, in input order; empty when it can be allocated.
    pub fn problems(&self) -> Vec<InstanceError> {
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let bad_place = |p: &Option<Place>| p.is_some_and(|p| !(p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0));
        for w in &self.workers {
            if !seen.insert(w.id.as_str()) {
                out.push(InstanceError::DuplicateWorker(w.id.clone()));
            }
            if w.available.iter().chain(&w.existing_shifts).any(|x| x.end <= x.start) {
                out.push(InstanceError::WindowBackwards(w.id.clone()));
            }
            if [w.max_travel_km, w.max_hours_per_week, w.max_hours_per_month]
                .into_iter()
                .flatten()
                .any(|x| !x.is_finite() || x < 0.0)
            {
                out.push(InstanceError::BadLimit(w.id.clone()));
            }
            if bad_place(&w.home) {
                out.push(InstanceError::BadPlace(w.id.clone()));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for s in &self.slots {
            if !seen.insert(s.id.as_str()) {
                out.push(InstanceError::DuplicateSlot(s.id.clone()));
            }
            if s.end <= s.start {
                out.push(InstanceError::SlotBackwards(s.id.clone()));
            }
            if s.need > 100 {
                out.push(InstanceError::NeedOutOfRange(s.id.clone(), s.need));
            }
            if bad_place(&s.place) {
                out.push(InstanceError::BadPlace(s.id.clone()));
            }
        }
        out
    }
}

/// Why this worker got this slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Why {
    /// The slot's need score (slots are taken in descending need).
    pub need: u8,
    pub competence: Option<String>,
    pub introduced: bool,
    pub distance_km: Option<f64>,
    /// The worker's hours in the period before this allocation (existing shifts), for fairness.
    pub hours_before: f64,
    /// How many workers could have taken the slot at all.
    pub candidates: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub slot: String,
    pub worker: String,
    pub why: Why,
}

/// Why a slot stays unfilled: the first filter that left nobody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UnfilledReason {
    /// Nobody in the pool has the competence (or tier).
    NoCompetence,
    /// Of those who have it, nobody is available for the whole slot.
    NotAvailable { qualified: u32 },
    /// Those available all live beyond their travel limit.
    TooFar { available: u32 },
    /// Those near enough would all break a working-time rule with shifts they already have.
    WorkingTimeRules { nearby: u32 },
    /// Everyone who could take it has already declined it (or let the offer lapse).
    AllDeclined { declined: u32 },
    /// People could have taken it, but all were given slots of at least as great a need that
    /// collide with it.
    AllTaken { candidates: u32 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unfilled {
    pub slot: String,
    pub reason: UnfilledReason,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub slots: u32,
    pub filled: u32,
    /// Sum of the need scores of all slots, of the filled ones, and of those anybody could take
    /// (an upper bound on any allocation's coverage).
    pub need_total: u64,
    pub need_covered: u64,
    pub need_upper_bound: u64,
    pub rule_checks: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Allocation {
    pub assignments: Vec<Assignment>,
    pub unfilled: Vec<Unfilled>,
    pub summary: Summary,
}

/// The primary objective's weight of a slot: need first, one more slot filled as tie-break.
fn weight(need: u8) -> u64 {
    u64::from(need) * 1000 + 1
}

fn hours(d: SignedDuration) -> f64 {
    d.as_secs_f64() / 3600.0
}

/// Do two slots collide for a worker with this daily rest (overlap, or too little rest between)?
fn collide(a: &Span, b: &Span, daily_rest: SignedDuration) -> bool {
    let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
    second.start < first.end || second.start.duration_since(first.end) < daily_rest
}

struct Worker<'a> {
    input: &'a PoolWorker,
    profile: AgreementProfile,
    limits: PersonLimits,
    existing: Vec<Span>,
    hours_before: f64,
}

/// A worker who could take a slot, with the secondary cost of giving it to them (in km).
#[derive(Clone, Copy)]
struct Candidate {
    worker: usize,
    cost: f64,
}

struct Problem<'a> {
    settings: &'a Settings,
    slots: &'a [Slot],
    spans: Vec<Span>,
    weights: Vec<u64>,
    night: Vec<bool>,
    workers: Vec<Worker<'a>>,
    /// Per slot, workers who pass every static filter, best secondary cost first.
    candidates: Vec<Vec<Candidate>>,
    /// Per worker, the slots they could take, by start.
    eligible: Vec<Vec<usize>>,
    /// Per worker, the start and end (Unix seconds) of each of `eligible`: the construction's
    /// look-ahead scans these hundreds of thousands of times, so they lie side by side.
    eligible_seconds: Vec<Vec<(i64, i64)>>,
    /// Per slot, its weight shared among the workers who could take it.
    share: Vec<f64>,
    reasons: Vec<Option<UnfilledReason>>,
}

impl<'a> Problem<'a> {
    fn new(instance: &'a Instance) -> Problem<'a> {
        let slots = &instance.slots;
        let spans: Vec<Span> = slots.iter().map(|s| Span::new(s.start, s.end)).collect();
        let weights: Vec<u64> = slots.iter().map(|s| weight(s.need)).collect();
        let night = spans.iter().map(worktime::is_night_shift).collect();
        // Fairness counts hours in the calendar weeks the slots fall in.
        let first = slots.iter().map(|s| s.start).min().unwrap_or(Timestamp::UNIX_EPOCH);
        let last = slots.iter().map(|s| s.end).max().unwrap_or(Timestamp::UNIX_EPOCH);
        let from = worktime::day_start(worktime::week_start(first));
        let to =
            worktime::day_start(worktime::week_start(last).checked_add(jiff::Span::new().days(7)).unwrap_or_default());
        let workers: Vec<Worker> = instance
            .workers
            .iter()
            .map(|w| {
                let mut profile = w.rules.clone().unwrap_or_default();
                if let Some(cap) = w.max_hours_per_week {
                    let cap = SignedDuration::from_secs_f64(cap.max(0.0) * 3600.0);
                    profile.max_per_week = Some(profile.max_per_week.map_or(cap, |m| m.min(cap)));
                }
                let limits = PersonLimits {
                    max_per_month: w.max_hours_per_month.map(|h| SignedDuration::from_secs_f64(h.max(0.0) * 3600.0)),
                };
                let existing: Vec<Span> = w.existing_shifts.iter().map(Window::span).collect();
                let hours_before = existing
                    .iter()
                    .map(|s| hours(s.within(from, to)))
                    // A fold from 0.0: an empty float sum is -0.0, which JSON would show.
                    .fold(0.0, |a, b| a + b);
                Worker { input: w, profile, limits, existing, hours_before }
            })
            .collect();
        let available: Vec<Vec<Window>> = instance.workers.iter().map(|w| joined(&w.available)).collect();

        let mut candidates = vec![Vec::new(); slots.len()];
        let mut eligible = vec![Vec::new(); workers.len()];
        let mut reasons = vec![None; slots.len()];
        for (j, slot) in slots.iter().enumerate() {
            let (mut qualified, mut free, mut near, mut declined) = (0u32, 0u32, 0u32, 0u32);
            for (i, worker) in workers.iter().enumerate() {
                let cost = match fit(worker, &available[i], slot, spans[j], &instance.settings) {
                    Fit::NoCompetence => continue,
                    Fit::NotAvailable => {
                        qualified += 1;
                        continue;
                    }
                    Fit::TooFar => {
                        (qualified, free) = (qualified + 1, free + 1);
                        continue;
                    }
                    Fit::Rules => {
                        (qualified, free, near) = (qualified + 1, free + 1, near + 1);
                        continue;
                    }
                    Fit::Declined => {
                        (qualified, free, near, declined) = (qualified + 1, free + 1, near + 1, declined + 1);
                        continue;
                    }
                    Fit::Yes { cost } => cost,
                };
                (qualified, free, near) = (qualified + 1, free + 1, near + 1);
                candidates[j].push(Candidate { worker: i, cost });
                eligible[i].push(j);
            }
            candidates[j].sort_by(|a, b| a.cost.total_cmp(&b.cost).then(a.worker.cmp(&b.worker)));
            reasons[j] = if qualified == 0 {
                Some(UnfilledReason::NoCompetence)
            } else if free == 0 {
                Some(UnfilledReason::NotAvailable { qualified })
            } else if near == 0 {
                Some(UnfilledReason::TooFar { available: free })
            } else if candidates[j].is_empty() && declined == 0 {
                Some(UnfilledReason::WorkingTimeRules { nearby: near })
            } else if candidates[j].is_empty() {
                Some(UnfilledReason::AllDeclined { declined })
            } else {
                None
            };
        }
        for list in &mut eligible {
            list.sort_by_key(|&j| (spans[j].start, j));
        }
        let eligible_seconds = eligible
            .iter()
            .map(|list| list.iter().map(|&j| (spans[j].start.as_second(), spans[j].end.as_second())).collect())
            .collect();
        let share = (0..slots.len())
            .map(|j| if candidates[j].is_empty() { 0.0 } else { weights[j] as f64 / candidates[j].len() as f64 })
            .collect();
        Problem {
            settings: &instance.settings,
            slots,
            spans,
            weights,
            night,
            workers,
            candidates,
            eligible,
            eligible_seconds,
            share,
            reasons,
        }
    }
}

/// How one worker fits one slot: the first hard filter that refuses, or the secondary cost.
enum Fit {
    NoCompetence,
    NotAvailable,
    TooFar,
    Rules,
    Declined,
    Yes { cost: f64 },
}

/// The hard filters in the order the unfilled reasons name them (`available` already joined).
fn fit(worker: &Worker, available: &[Window], slot: &Slot, span: Span, settings: &Settings) -> Fit {
    let w = worker.input;
    let has = w.tier.covers(slot.tier) && slot.competence.as_ref().is_none_or(|c| w.competences.iter().any(|h| h == c));
    if !has {
        return Fit::NoCompetence;
    }
    if !available.iter().any(|a| a.start <= slot.start && slot.end <= a.end) {
        return Fit::NotAvailable;
    }
    let distance = match (w.home, slot.place) {
        (Some(h), Some(p)) => Some(h.km_to(&p)),
        _ => None,
    };
    if let (Some(d), Some(max)) = (distance, w.max_travel_km)
        && d > max
    {
        return Fit::TooFar;
    }
    if !worktime::check(&worker.existing, span, &worker.profile, &worker.limits, None).is_empty() {
        return Fit::Rules;
    }
    if slot.declined_by.contains(&w.id) {
        return Fit::Declined;
    }
    let introduced = w.introduced_at.contains(&slot.unit);
    Fit::Yes { cost: distance.unwrap_or(0.0) + if introduced { 0.0 } else { settings.introduced_worth_km } }
}

/// Whether `worker` may take `slot` on their own (an open shift claimed directly): every hard
/// rule of the allocation — competence and tier, availability, travel limit, the working-time
/// rules against their existing shifts — and they have not declined it.
pub fn can_take(worker: &PoolWorker, slot: &Slot) -> bool {
    let instance = Instance { settings: Settings::default(), workers: vec![worker.clone()], slots: vec![slot.clone()] };
    let problem = Problem::new(&instance);
    !problem.candidates[0].is_empty()
}

/// Availability windows sorted, with touching or overlapping ones joined.
fn joined(windows: &[Window]) -> Vec<Window> {
    let mut sorted: Vec<Window> = windows.iter().copied().filter(|w| w.end > w.start).collect();
    sorted.sort_by_key(|w| w.start);
    let mut out: Vec<Window> = Vec::new();
    for w in sorted {
        match out.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => out.push(w),
        }
    }
    out
}

/// Workers tried per slot and level of an ejection chain.
const EJECTION_BRANCHES: usize = 4;

/// Rounds of ruin and recreate at least, however small the instance.
const MIN_RUIN_ROUNDS: u64 = 5_000;

/// A small fixed-seed generator (SplitMix64) for the search's shuffles: the same input always
/// takes the same path, and the phone's build needs no random-number crate.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Clone, Copy)]
enum Change {
    Assign(usize, usize),
    Unassign(usize, usize),
}

struct Search<'p, 'a> {
    p: &'p Problem<'a>,
    of_slot: Vec<Option<usize>>,
    of_worker: Vec<Vec<usize>>,
    hours: Vec<f64>,
    total: u64,
    log: Vec<Change>,
    locked: Vec<bool>,
    /// Per worker, bumped on every change of their slots: keys the cache of rule checks.
    version: Vec<u32>,
    cache: HashMap<(u32, u32), (u32, bool)>,
    checks: u64,
}

impl<'p, 'a> Search<'p, 'a> {
    fn new(p: &'p Problem<'a>) -> Self {
        Search {
            p,
            of_slot: vec![None; p.slots.len()],
            of_worker: vec![Vec::new(); p.workers.len()],
            hours: p.workers.iter().map(|w| w.hours_before).collect(),
            total: 0,
            log: Vec::new(),
            locked: vec![false; p.slots.len()],
            version: vec![0; p.workers.len()],
            cache: HashMap::new(),
            checks: 0,
        }
    }

    fn out_of_effort(&self) -> bool {
        self.checks >= self.p.settings.max_rule_checks
    }

    fn assign(&mut self, i: usize, j: usize) {
        let spans = &self.p.spans;
        let list = &mut self.of_worker[i];
        let at = list.partition_point(|&k| (spans[k].start, k) < (spans[j].start, j));
        list.insert(at, j);
        self.of_slot[j] = Some(i);
        self.total += self.p.weights[j];
        self.hours[i] += hours(spans[j].duration());
        self.version[i] += 1;
        self.log.push(Change::Assign(i, j));
    }

    fn unassign(&mut self, i: usize, j: usize) {
        self.of_worker[i].retain(|&k| k != j);
        self.of_slot[j] = None;
        self.total -= self.p.weights[j];
        self.hours[i] -= hours(self.p.spans[j].duration());
        self.version[i] += 1;
        self.log.push(Change::Unassign(i, j));
    }

    fn undo_to(&mut self, mark: usize) {
        while self.log.len() > mark {
            match self.log.pop() {
                Some(Change::Assign(i, j)) => {
                    self.unassign(i, j);
                    self.log.pop();
                }
                Some(Change::Unassign(i, j)) => {
                    self.assign(i, j);
                    self.log.pop();
                }
                None => break,
            }
        }
    }

    /// The worker's slots that collide with `j` by overlap or daily rest.
    fn colliding(&self, i: usize, j: usize) -> Vec<usize> {
        let rest = self.p.workers[i].profile.daily_rest;
        self.of_worker[i].iter().copied().filter(|&k| collide(&self.p.spans[k], &self.p.spans[j], rest)).collect()
    }

    /// Does one of the worker's slots collide with `j` by overlap or daily rest?
    fn blocked(&self, i: usize, j: usize) -> bool {
        let rest = self.p.workers[i].profile.daily_rest;
        self.of_worker[i].iter().any(|&k| collide(&self.p.spans[k], &self.p.spans[j], rest))
    }

    /// May worker `i` take slot `j` as things stand (every rule, against everything they work)?
    fn fits(&mut self, i: usize, j: usize) -> bool {
        if self.blocked(i, j) {
            return false;
        }
        let key = (i as u32, j as u32);
        if let Some(&(v, ok)) = self.cache.get(&key)
            && v == self.version[i]
        {
            return ok;
        }
        let ok = self.rules_allow(i, j);
        self.cache.insert(key, (self.version[i], ok));
        ok
    }

    fn rules_allow(&mut self, i: usize, j: usize) -> bool {
        let p = self.p;
        let w = &p.workers[i];
        let mut spans: Vec<Span> = w.existing.clone();
        spans.extend(self.of_worker[i].iter().map(|&k| p.spans[k]));
        self.checks += 1;
        if !worktime::check(&spans, p.spans[j], &w.profile, &w.limits, None).is_empty() {
            return false;
        }
        // A night slot's average is checked when it is placed; a later slot inside its reference
        // period may raise it, so every night slot the worker holds is checked again.
        let reach = SignedDuration::from_hours(24 * (w.profile.night_reference_days + 1));
        for (pos, &k) in self.of_worker[i].iter().enumerate() {
            if !p.night[k] || p.spans[k].start.duration_since(p.spans[j].start).abs() > reach {
                continue;
            }
            let mut others: Vec<Span> = w.existing.clone();
            others.extend(self.of_worker[i].iter().enumerate().filter(|(q, _)| *q != pos).map(|(_, &m)| p.spans[m]));
            others.push(p.spans[j]);
            self.checks += 1;
            if !worktime::check(&others, p.spans[k], &w.profile, &w.limits, None).is_empty() {
                return false;
            }
        }
        true
    }

    /// What giving `j` to `i` costs the open slots still to come: the weight of the slots it
    /// would block for this worker, each shared among the workers who could take it.
    fn opportunity(&self, i: usize, j: usize) -> f64 {
        let p = self.p;
        let rest = p.workers[i].profile.daily_rest.as_secs();
        let (start, end) = (p.spans[j].start.as_second(), p.spans[j].end.as_second());
        let (list, seconds) = (&p.eligible[i], &p.eligible_seconds[i]);
        let from = seconds.partition_point(|&(s, _)| s < start - rest - 24 * 3600);
        let mut sum = 0.0;
        for (&k, &(s, e)) in list[from..].iter().zip(&seconds[from..]) {
            if s >= end + rest {
                break;
            }
            // The same test as `collide`, on seconds.
            let collides = if s <= start { start < e || start - e < rest } else { s < end || s - end < rest };
            if collides && k != j && self.of_slot[k].is_none() {
                sum += p.share[k];
            }
        }
        sum
    }

    fn order(&self) -> Vec<usize> {
        let p = self.p;
        let mut order: Vec<usize> = (0..p.slots.len()).filter(|&j| !p.candidates[j].is_empty()).collect();
        order.sort_by_key(|&j| (std::cmp::Reverse(p.weights[j]), p.spans[j].start, j));
        order
    }

    fn construct(&mut self) {
        let p = self.p;
        for j in self.order() {
            let mut best: Option<(f64, f64, usize)> = None;
            for c in &p.candidates[j] {
                if !self.fits(c.worker, j) {
                    continue;
                }
                let key = (self.opportunity(c.worker, j), c.cost, c.worker);
                if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                    best = Some(key);
                }
            }
            if let Some((_, _, i)) = best {
                self.assign(i, j);
            }
        }
    }

    /// The smallest set of `i`'s slots to take away so that `j` fits, or `None` if locked slots
    /// stand in the way. Applied to the state (the caller undoes it if the chain fails).
    fn make_room(&mut self, i: usize, j: usize) -> Option<Vec<usize>> {
        let blocking = self.colliding(i, j);
        if blocking.iter().any(|&k| self.locked[k]) {
            return None;
        }
        for &k in &blocking {
            self.unassign(i, k);
        }
        let mut removed = blocking;
        // Weekly or monthly hours, weekly rest, night average: drop the lightest nearby slots.
        while !self.fits(i, j) {
            let p = self.p;
            let window = SignedDuration::from_hours(24 * 31);
            let next = self.of_worker[i]
                .iter()
                .copied()
                .filter(|&k| !self.locked[k] && p.spans[k].start.duration_since(p.spans[j].start).abs() < window)
                .min_by_key(|&k| (p.weights[k], std::cmp::Reverse(p.spans[k].start), k))?;
            self.unassign(i, next);
            removed.push(next);
        }
        Some(removed)
    }

    /// Place open slot `j`, possibly moving others; keeps the change only if coverage rises.
    fn insert(&mut self, j: usize, depth: u8) -> bool {
        let p = self.p;
        for c in &p.candidates[j] {
            if self.fits(c.worker, j) {
                self.assign(c.worker, j);
                return true;
            }
        }
        if depth == 0 || self.out_of_effort() {
            return false;
        }
        let start = self.total;
        // Only the workers who would give up least for `j` are tried: with fifty candidates and
        // three levels, trying all of them is a million chains for one slot.
        let mut cheapest: Vec<(u64, usize)> = p.candidates[j]
            .iter()
            .filter_map(|c| {
                let blocking = self.colliding(c.worker, j);
                (!blocking.iter().any(|&k| self.locked[k]))
                    .then(|| (blocking.iter().map(|&k| p.weights[k]).sum::<u64>(), c.worker))
            })
            .collect();
        cheapest.sort_unstable();
        cheapest.truncate(EJECTION_BRANCHES);
        self.locked[j] = true;
        let mut placed = false;
        for (_, worker) in cheapest {
            let mark = self.log.len();
            let Some(removed) = self.make_room(worker, j) else {
                self.undo_to(mark);
                continue;
            };
            self.assign(worker, j);
            let mut order = removed.clone();
            order.sort_by_key(|&k| (std::cmp::Reverse(p.weights[k]), p.spans[k].start, k));
            for &k in &order {
                self.locked[k] = true;
            }
            for &k in &order {
                self.insert(k, depth - 1);
            }
            for &k in &order {
                self.locked[k] = false;
            }
            // What the worker gave up may leave room for open slots besides `j` (one long
            // evening out, two days in): fill it, greatest need first.
            if self.total <= start {
                self.refill(worker, j);
            }
            if self.total > start {
                placed = true;
                break;
            }
            self.undo_to(mark);
            if self.out_of_effort() {
                break;
            }
        }
        self.locked[j] = false;
        placed
    }

    /// Give worker `i` the open slots near `j` that now fit, greatest need first.
    fn refill(&mut self, i: usize, j: usize) {
        let p = self.p;
        let reach = SignedDuration::from_hours(48);
        let mut open: Vec<usize> = p.eligible[i]
            .iter()
            .copied()
            .filter(|&k| self.of_slot[k].is_none() && p.spans[k].start.duration_since(p.spans[j].start).abs() <= reach)
            .collect();
        open.sort_by_key(|&k| (std::cmp::Reverse(p.weights[k]), p.spans[k].start, k));
        for k in open {
            if self.fits(i, k) {
                self.assign(i, k);
            }
        }
    }

    fn repair(&mut self, budget: u64) {
        let order = self.order();
        let until = self.checks + budget;
        loop {
            if order.iter().all(|&j| self.of_slot[j].is_some()) {
                break;
            }
            let before = self.total;
            for &j in &order {
                if self.of_slot[j].is_none() && !self.out_of_effort() && self.checks < until {
                    self.log.clear();
                    self.insert(j, self.p.settings.search_depth);
                }
            }
            if self.total == before || self.out_of_effort() || self.checks >= until {
                break;
            }
        }
        self.log.clear();
    }

    /// Ruin and recreate: free the slots that some of one slot's candidates hold around its time,
    /// fill the neighbourhood again in a slightly shuffled need order, repair it, and keep the
    /// result unless coverage fell. Moves that keep coverage equal are kept too: they let the
    /// search walk across plateaus that single ejection chains cannot cross.
    fn ruin_and_recreate(&mut self, budget: u64) {
        let p = self.p;
        let fillable = self.order();
        if fillable.is_empty() {
            return;
        }
        // Small instances get more rounds per slot: they are cheap, and a planner waits anyway.
        let rounds = (fillable.len() as u64 * u64::from(p.settings.ruin_rounds_per_slot)).max(MIN_RUIN_ROUNDS);
        let mut rng = SplitMix(0x5eed_0a11_0ca7_e000 ^ fillable.len() as u64);
        // Record-to-record travel: a round may end up to `slack` below the best coverage seen, so
        // the search can leave a local optimum; the slack shrinks to nothing by the last round,
        // and the best allocation seen is the one kept.
        let ceiling: u64 = fillable.iter().map(|&j| p.weights[j]).sum();
        let typical = ceiling / fillable.len() as u64;
        let mut best_total = self.total;
        let mut best = self.of_slot.clone();
        let budget = self.checks + budget;
        for round in 0..rounds {
            // Every slot anybody could take is taken: nothing left to find.
            if best_total == ceiling || self.out_of_effort() || self.checks >= budget {
                break;
            }
            let slack = typical * (rounds - round) / rounds / 2;
            self.log.clear();
            let radius = SignedDuration::from_hours(24 + 12 * rng.below(4) as i64);
            let size = 2 + rng.below(4);
            let centre_slot = fillable[rng.below(fillable.len())];
            let centre = p.spans[centre_slot].start;
            let near = |k: usize| p.spans[k].start.duration_since(centre).abs() <= radius;
            let mut ruined: Vec<usize> = p.candidates[centre_slot].iter().map(|c| c.worker).collect();
            while ruined.len() > size {
                ruined.swap_remove(rng.below(ruined.len()));
            }
            let mut region: Vec<usize> = Vec::new();
            for &w in &ruined {
                for k in self.of_worker[w].clone() {
                    if near(k) {
                        self.unassign(w, k);
                    }
                }
                region.extend(p.eligible[w].iter().copied().filter(|&k| near(k) && self.of_slot[k].is_none()));
            }
            region.sort_unstable();
            region.dedup();
            let mut keyed: Vec<(f64, usize)> =
                region.into_iter().map(|k| (p.weights[k] as f64 * (0.75 + 0.5 * rng.unit()), k)).collect();
            keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            for &(_, j) in &keyed {
                let mut choice: Option<(f64, usize)> = None;
                for c in &p.candidates[j] {
                    if !self.fits(c.worker, j) {
                        continue;
                    }
                    let key = self.opportunity(c.worker, j) * (0.75 + 0.5 * rng.unit());
                    if choice.is_none_or(|b| key < b.0) {
                        choice = Some((key, c.worker));
                    }
                }
                if let Some((_, i)) = choice {
                    self.assign(i, j);
                }
            }
            for &(_, j) in &keyed {
                if self.of_slot[j].is_none() {
                    self.insert(j, 1);
                }
            }
            for &w in &ruined {
                self.refill(w, centre_slot);
            }
            if self.total + slack < best_total {
                self.undo_to(0);
            } else if self.total > best_total {
                best_total = self.total;
                best.clone_from(&self.of_slot);
            }
        }
        self.log.clear();
        if self.total < best_total {
            for j in 0..p.slots.len() {
                if let Some(i) = self.of_slot[j] {
                    self.unassign(i, j);
                }
            }
            for (j, i) in best.iter().enumerate() {
                if let Some(i) = *i {
                    self.assign(i, j);
                }
            }
            self.log.clear();
        }
    }

    fn fairness(&self, h: f64) -> f64 {
        self.p.settings.hours_fairness_km * h * h
    }

    /// Move single slots to workers where the secondary cost is lower; the filled set stays.
    fn polish(&mut self) {
        let p = self.p;
        for _ in 0..4 {
            let mut moved = false;
            for j in 0..p.slots.len() {
                let Some(i) = self.of_slot[j] else { continue };
                let d = hours(p.spans[j].duration());
                let cost_here = p.candidates[j].iter().find(|c| c.worker == i).map_or(0.0, |c| c.cost);
                let mut best: Option<(f64, usize)> = None;
                for c in &p.candidates[j] {
                    if c.worker == i {
                        continue;
                    }
                    let delta = c.cost - cost_here + self.fairness(self.hours[c.worker] + d)
                        - self.fairness(self.hours[c.worker])
                        + self.fairness(self.hours[i] - d)
                        - self.fairness(self.hours[i]);
                    if delta < -1e-9 && best.is_none_or(|b| delta < b.0) {
                        best = Some((delta, c.worker));
                    }
                }
                let Some((_, k)) = best else { continue };
                if self.out_of_effort() {
                    break;
                }
                self.unassign(i, j);
                if self.fits(k, j) {
                    self.assign(k, j);
                    moved = true;
                } else {
                    self.assign(i, j);
                }
            }
            self.log.clear();
            if !moved {
                break;
            }
        }
    }
}

/// Allocate the pool (see the module documentation).
pub fn allocate(instance: &Instance) -> Allocation {
    let p = Problem::new(instance);
    let mut search = Search::new(&p);
    let budget = instance.settings.improve_max_rule_checks;
    search.construct();
    search.repair(budget / 4);
    search.ruin_and_recreate(budget / 2);
    search.repair(budget / 4);
    search.polish();

    let mut assignments = Vec::new();
    let mut unfilled = Vec::new();
    for (j, slot) in instance.slots.iter().enumerate() {
        match search.of_slot[j] {
            Some(i) => {
                let w = &p.workers[i];
                let distance = match (w.input.home, slot.place) {
                    (Some(h), Some(pl)) => Some((h.km_to(&pl) * 10.0).round() / 10.0),
                    _ => None,
                };
                assignments.push(Assignment {
                    slot: slot.id.clone(),
                    worker: w.input.id.clone(),
                    why: Why {
                        need: slot.need,
                        competence: slot.competence.clone(),
                        introduced: w.input.introduced_at.contains(&slot.unit),
                        distance_km: distance,
                        hours_before: (w.hours_before * 10.0).round() / 10.0,
                        candidates: p.candidates[j].len() as u32,
                    },
                });
            }
            None => unfilled.push(Unfilled {
                slot: slot.id.clone(),
                reason: p.reasons[j]
                    .clone()
                    .unwrap_or(UnfilledReason::AllTaken { candidates: p.candidates[j].len() as u32 }),
            }),
        }
    }
    let need = |j: usize| u64::from(instance.slots[j].need);
    let summary = Summary {
        slots: instance.slots.len() as u32,
        filled: assignments.len() as u32,
        need_total: (0..instance.slots.len()).map(need).sum(),
        need_covered: (0..instance.slots.len()).filter(|&j| search.of_slot[j].is_some()).map(need).sum(),
        need_upper_bound: (0..instance.slots.len()).filter(|&j| !p.candidates[j].is_empty()).map(need).sum(),
        rule_checks: search.checks,
    };
    Allocation { assignments, unfilled, summary }
}

#[cfg(test)]
mod tests;
