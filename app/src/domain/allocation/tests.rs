use std::collections::BTreeMap;

use good_lp::{Expression, Solution, SolverModel, Variable, constraint, microlp, variable, variables};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use super::generate::{Spec, instance};
use super::*;
use crate::domain::time::stockholm;
use crate::domain::worktime::{day_start, week_start};

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn window(a: &str, b: &str) -> Window {
    Window { start: ts(a), end: ts(b) }
}

fn worker(id: &str) -> PoolWorker {
    PoolWorker {
        id: id.into(),
        tier: Tier::Care,
        competences: vec!["usk".into()],
        introduced_at: vec![],
        home: None,
        max_travel_km: None,
        available: vec![window("2027-03-01T00:00:00Z", "2027-03-08T00:00:00Z")],
        existing_shifts: vec![],
        max_hours_per_week: None,
        max_hours_per_month: None,
        rules: None,
    }
}

fn slot(id: &str, unit: &str, a: &str, b: &str, need: u8) -> Slot {
    Slot {
        id: id.into(),
        unit: unit.into(),
        start: ts(a),
        end: ts(b),
        tier: Tier::Care,
        competence: Some("usk".into()),
        need,
        place: None,
        declined_by: Vec::new(),
    }
}

fn run(workers: Vec<PoolWorker>, slots: Vec<Slot>) -> Allocation {
    allocate(&Instance { settings: Settings::default(), workers, slots })
}

fn worker_of<'a>(a: &'a Allocation, slot: &str) -> Option<&'a str> {
    a.assignments.iter().find(|x| x.slot == slot).map(|x| x.worker.as_str())
}

fn reason_of(a: &Allocation, slot: &str) -> Option<UnfilledReason> {
    a.unfilled.iter().find(|x| x.slot == slot).map(|x| x.reason.clone())
}

#[test]
fn the_greater_need_gets_the_only_worker() {
    // Two evening slots at the same time, one worker: the unit in greater need gets her.
    let a = run(
        vec![worker("anna")],
        vec![
            slot("low", "u1", "2027-03-02T13:00:00Z", "2027-03-02T20:30:00Z", 20),
            slot("high", "u2", "2027-03-02T13:00:00Z", "2027-03-02T20:30:00Z", 80),
        ],
    );
    assert_eq!(worker_of(&a, "high"), Some("anna"));
    assert_eq!(reason_of(&a, "low"), Some(UnfilledReason::AllTaken { candidates: 1 }));
    assert_eq!(a.summary.need_covered, 80);
    assert_eq!(a.summary.need_upper_bound, 100);
}

#[test]
fn rest_between_shifts_is_respected_and_the_pair_that_fits_wins() {
    // An evening (need 60) collides with the next morning (need 50) and with nothing else; the
    // morning also fits after the night before. Two workers: one can only do mornings.
    let mut morning_only = worker("bo");
    morning_only.available = vec![window("2027-03-03T05:00:00Z", "2027-03-03T15:00:00Z")];
    let a = run(
        vec![worker("anna"), morning_only],
        vec![
            slot("evening", "u1", "2027-03-02T13:00:00Z", "2027-03-02T20:30:00Z", 60),
            slot("morning", "u1", "2027-03-03T06:00:00Z", "2027-03-03T14:30:00Z", 50),
        ],
    );
    assert_eq!(worker_of(&a, "evening"), Some("anna"));
    assert_eq!(worker_of(&a, "morning"), Some("bo"));
}

#[test]
fn a_need_first_greedy_trap_is_avoided() {
    // Anna can take the high-need day shift or both evening shifts around it... the evening before
    // and the next morning collide with neither; the classic trap: the 70-need slot is the only
    // one Bo can take, so Anna must leave it to him and take the two 40s.
    let mut bo = worker("bo");
    bo.available = vec![window("2027-03-02T05:00:00Z", "2027-03-02T15:00:00Z")];
    let a = run(
        vec![worker("anna"), bo],
        vec![
            slot("day", "u1", "2027-03-02T06:00:00Z", "2027-03-02T14:30:00Z", 70),
            slot("night-before", "u2", "2027-03-01T20:15:00Z", "2027-03-02T06:15:00Z", 40),
            slot("evening-after", "u2", "2027-03-02T16:00:00Z", "2027-03-02T21:00:00Z", 40),
        ],
    );
    assert_eq!(worker_of(&a, "day"), Some("bo"));
    assert_eq!(a.summary.need_covered, 70 + 40, "{a:#?}");
}

#[test]
fn every_filter_names_its_reason() {
    let mut far = worker("far");
    far.competences = vec!["ssk".into()];
    far.home = Some(Place { lat: 59.43, lon: 17.95 });
    far.max_travel_km = Some(5.0);
    let mut busy = worker("busy");
    busy.competences = vec!["ssk".into(), "dietist".into()];
    busy.existing_shifts = vec![window("2027-03-02T06:00:00Z", "2027-03-02T14:00:00Z")];
    let mut away = worker("away");
    away.competences = vec!["fot".into()];
    away.available = vec![];
    let mut ssk_far = slot("ssk", "u9", "2027-03-04T06:00:00Z", "2027-03-04T14:00:00Z", 50);
    ssk_far.competence = Some("ssk".into());
    ssk_far.place = Some(Place { lat: 59.60, lon: 17.95 });
    let mut dietist = slot("dietist", "u1", "2027-03-02T16:00:00Z", "2027-03-02T20:00:00Z", 50);
    dietist.competence = Some("dietist".into());
    let mut fot = slot("fot", "u1", "2027-03-02T16:00:00Z", "2027-03-02T20:00:00Z", 50);
    fot.competence = Some("fot".into());
    let mut ot = slot("ot", "u1", "2027-03-02T16:00:00Z", "2027-03-02T20:00:00Z", 50);
    ot.competence = Some("arbetsterapeut".into());
    let a = run(vec![far, busy, away], vec![ssk_far, dietist, fot, ot]);
    assert_eq!(reason_of(&a, "ot"), Some(UnfilledReason::NoCompetence));
    assert_eq!(reason_of(&a, "fot"), Some(UnfilledReason::NotAvailable { qualified: 1 }));
    assert_eq!(reason_of(&a, "dietist"), Some(UnfilledReason::WorkingTimeRules { nearby: 1 }));
    // "busy" has no home and takes the nurse slot: no travel limit to break.
    assert_eq!(worker_of(&a, "ssk"), Some("busy"));
}

#[test]
fn a_worker_who_declined_a_place_is_not_asked_again() {
    let mut day = slot("day", "u1", "2027-03-02T06:00:00Z", "2027-03-02T14:00:00Z", 60);
    day.declined_by = vec!["anna".into()];
    let a = run(vec![worker("anna"), worker("bo")], vec![day.clone()]);
    assert_eq!(worker_of(&a, "day"), Some("bo"));
    day.declined_by.push("bo".into());
    let a = run(vec![worker("anna"), worker("bo")], vec![day]);
    assert_eq!(reason_of(&a, "day"), Some(UnfilledReason::AllDeclined { declined: 2 }));
}

#[test]
fn too_far_for_everyone_is_said() {
    let mut far = worker("far");
    far.home = Some(Place { lat: 59.43, lon: 17.95 });
    far.max_travel_km = Some(5.0);
    let mut s = slot("s", "u9", "2027-03-04T06:00:00Z", "2027-03-04T14:00:00Z", 50);
    s.place = Some(Place { lat: 59.60, lon: 17.95 });
    let a = run(vec![far], vec![s]);
    assert_eq!(reason_of(&a, "s"), Some(UnfilledReason::TooFar { available: 1 }));
}

#[test]
fn service_only_staff_take_service_slots_only() {
    let mut s = worker("service");
    s.tier = Tier::Service;
    s.competences = vec![];
    let mut errand = slot("errand", "u1", "2027-03-02T08:00:00Z", "2027-03-02T14:00:00Z", 30);
    errand.tier = Tier::Service;
    errand.competence = None;
    let mut care = slot("care", "u1", "2027-03-03T08:00:00Z", "2027-03-03T14:00:00Z", 90);
    care.competence = None;
    let a = run(vec![s], vec![errand, care]);
    assert_eq!(worker_of(&a, "errand"), Some("service"));
    assert_eq!(reason_of(&a, "care"), Some(UnfilledReason::NoCompetence));
}

#[test]
fn weekly_caps_hold() {
    let mut part = worker("part");
    part.max_hours_per_week = Some(20.0);
    let slots = (1..=5)
        .map(|d| {
            slot(
                &format!("d{d}"),
                "u1",
                &format!("2027-03-0{d}T06:00:00Z"),
                &format!("2027-03-0{d}T14:00:00Z"),
                50 + d as u8,
            )
        })
        .collect();
    let a = run(vec![part], slots);
    assert_eq!(a.summary.filled, 2, "two 8-hour shifts fit in 20 hours");
    // The two of greatest need.
    assert!(worker_of(&a, "d5").is_some() && worker_of(&a, "d4").is_some());
}

#[test]
fn secondary_goals_spread_hours_and_prefer_the_introduced_and_near() {
    let mut near = worker("near");
    near.home = Some(Place { lat: 59.43, lon: 17.95 });
    let mut far = worker("far");
    far.home = Some(Place { lat: 59.53, lon: 17.95 });
    far.introduced_at = vec!["u1".into()];
    let mut s = slot("s", "u1", "2027-03-02T06:00:00Z", "2027-03-02T14:00:00Z", 50);
    s.place = Some(Place { lat: 59.43, lon: 17.95 });
    // 11 km farther but introduced (worth 10 km): the near one wins.
    let a = run(vec![near.clone(), far.clone()], vec![s.clone()]);
    assert_eq!(worker_of(&a, "s"), Some("near"));
    // Once the near one already has 40 hours in the period, the spread of hours wins.
    near.existing_shifts = (0..5)
        .map(|d| window(&format!("2027-03-0{}T06:00:00Z", d + 1), &format!("2027-03-0{}T14:00:00Z", d + 1)))
        .filter(|w| w.start != ts("2027-03-02T06:00:00Z"))
        .collect();
    let a = run(vec![near, far], vec![s]);
    assert_eq!(worker_of(&a, "s"), Some("far"), "{a:#?}");
}

#[test]
fn the_same_input_gives_the_same_output() {
    let spec = Spec { workers: 40, slots: 120, days: 5, first_day: Date::constant(2027, 3, 22), seed: 7 };
    let i = instance(&spec);
    assert_eq!(allocate(&i), allocate(&i));
}

#[test]
fn nonsense_in_an_instance_is_named() {
    let mut twin = worker("anna");
    twin.max_travel_km = Some(-3.0);
    let mut backwards = slot("s1", "u1", "2027-03-02T14:00:00Z", "2027-03-02T06:00:00Z", 101);
    backwards.place = Some(Place { lat: 95.0, lon: 17.0 });
    let good = slot("s2", "u1", "2027-03-02T06:00:00Z", "2027-03-02T14:00:00Z", 50);
    let instance = Instance {
        settings: Settings::default(),
        workers: vec![worker("anna"), twin],
        slots: vec![backwards, good.clone(), good],
    };
    assert_eq!(
        instance.problems(),
        vec![
            InstanceError::DuplicateWorker("anna".into()),
            InstanceError::BadLimit("anna".into()),
            InstanceError::SlotBackwards("s1".into()),
            InstanceError::NeedOutOfRange("s1".into(), 101),
            InstanceError::BadPlace("s1".into()),
            InstanceError::DuplicateSlot("s2".into()),
        ]
    );
    let fine = Instance { settings: Settings::default(), workers: vec![worker("anna")], slots: vec![] };
    assert!(fine.problems().is_empty());
}

/// Every assignment keeps every hard rule, checked from scratch with the rules engine.
fn assert_valid(instance: &Instance, a: &Allocation) {
    let mut by_worker: BTreeMap<&str, Vec<&Slot>> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for x in &a.assignments {
        assert!(seen.insert(&x.slot), "slot {} given twice", x.slot);
        let s = instance.slots.iter().find(|s| s.id == x.slot).unwrap();
        by_worker.entry(x.worker.as_str()).or_default().push(s);
    }
    for (id, slots) in by_worker {
        let w = instance.workers.iter().find(|w| w.id == id).unwrap();
        let mut profile = w.rules.clone().unwrap_or_default();
        if let Some(cap) = w.max_hours_per_week {
            profile.max_per_week = Some(SignedDuration::from_secs_f64(cap * 3600.0));
        }
        let limits =
            PersonLimits { max_per_month: w.max_hours_per_month.map(|h| SignedDuration::from_secs_f64(h * 3600.0)) };
        for (n, s) in slots.iter().enumerate() {
            assert!(w.tier.covers(s.tier));
            assert!(s.competence.as_ref().is_none_or(|c| w.competences.contains(c)));
            assert!(joined(&w.available).iter().any(|a| a.start <= s.start && s.end <= a.end));
            if let (Some(h), Some(p), Some(max)) = (w.home, s.place, w.max_travel_km) {
                assert!(h.km_to(&p) <= max);
            }
            let mut others: Vec<Span> = w.existing_shifts.iter().map(|e| Span::new(e.start, e.end)).collect();
            others.extend(slots.iter().enumerate().filter(|(m, _)| *m != n).map(|(_, o)| Span::new(o.start, o.end)));
            let breaches = worktime::check(&others, Span::new(s.start, s.end), &profile, &limits, None);
            assert!(breaches.is_empty(), "{id} on {}: {breaches:?}", s.id);
        }
    }
}

#[test]
fn generated_allocations_keep_every_rule() {
    for seed in 0..8 {
        let spec = Spec { workers: 30, slots: 90, days: 10, first_day: Date::constant(2027, 3, 22), seed };
        let i = instance(&spec);
        let a = allocate(&i);
        assert_valid(&i, &a);
        assert_eq!(a.assignments.len() + a.unfilled.len(), i.slots.len());
    }
}

/// The exact optimum of the primary objective, by integer programming over the same static
/// filters: at most one worker per slot, colliding slots (overlap or daily rest) never both to one
/// worker, and each worker's hours per calendar week and month within their limits. On instances
/// of at most four days starting on a Monday the weekly rest and the night average cannot bind, so
/// this model is the whole rule set — which the test confirms by checking the optimum itself with
/// the rules engine.
fn optimum(instance: &Instance) -> (u64, Allocation) {
    let p = Problem::new(instance);
    let tz = stockholm();
    // Slots of one request are interchangeable: one variable per worker and request, at most the
    // request's count of workers — otherwise the solver wades through every permutation of them.
    type Request = (String, Timestamp, Timestamp, Option<String>, u8);
    let mut groups: BTreeMap<Request, Vec<usize>> = BTreeMap::new();
    for (j, s) in p.slots.iter().enumerate() {
        groups.entry((s.unit.clone(), s.start, s.end, s.competence.clone(), s.need)).or_default().push(j);
    }
    let groups: Vec<Vec<usize>> = groups.into_values().collect();
    let mut vars = variables!();
    let mut x: BTreeMap<(usize, usize), Variable> = BTreeMap::new();
    for (g, members) in groups.iter().enumerate() {
        for c in &p.candidates[members[0]] {
            x.insert((c.worker, g), vars.add(variable().binary()));
        }
    }
    let first = |g: usize| groups[g][0];
    let objective: Expression = x.iter().map(|(&(_, g), &v)| p.weights[first(g)] as f64 * v).sum();
    let mut model = vars.maximise(objective).using(microlp);
    for (g, members) in groups.iter().enumerate() {
        let on: Vec<Variable> = x.iter().filter(|((_, k), _)| *k == g).map(|(_, &v)| v).collect();
        if on.len() > members.len() {
            model = model.with(constraint!(on.into_iter().sum::<Expression>() <= members.len() as f64));
        }
    }
    for (i, w) in p.workers.iter().enumerate() {
        let mine: Vec<(usize, Variable)> =
            x.iter().filter(|((k, _), _)| *k == i).map(|(&(_, g), &v)| (first(g), v)).collect();
        // Slots collide exactly when their spans, each stretched by the daily rest, overlap: an
        // interval graph, whose maximal cliques are the sets of stretched spans around each start.
        // One constraint per clique keeps the relaxation tight (and the solver quick).
        let rest = w.profile.daily_rest;
        for &(a, _) in &mine {
            let t = p.spans[a].start;
            let clique: Vec<Variable> = mine
                .iter()
                .filter(|&&(b, _)| p.spans[b].start <= t && t < p.spans[b].end + rest)
                .map(|&(_, v)| v)
                .collect();
            if clique.len() > 1 {
                model = model.with(constraint!(clique.into_iter().sum::<Expression>() <= 1));
            }
        }
        // Hours per calendar week and month.
        let mut periods: Vec<(Timestamp, Timestamp, SignedDuration)> = Vec::new();
        for &(j, _) in &mine {
            let span = p.spans[j];
            let wk = week_start(span.start, &tz);
            if let Some(max) = w.profile.max_per_week {
                let from = day_start(wk, &tz);
                periods.push((from, day_start(wk.checked_add(jiff::Span::new().days(7)).unwrap(), &tz), max));
            }
            if let Some(max) = w.limits.max_per_month {
                let m = span.start.to_zoned(tz.clone()).date().first_of_month();
                periods.push((
                    day_start(m, &tz),
                    day_start(m.checked_add(jiff::Span::new().months(1)).unwrap(), &tz),
                    max,
                ));
            }
        }
        periods.sort();
        periods.dedup();
        let within = |s: &Span, from: Timestamp, to: Timestamp| hours(s.within(from, to));
        for (from, to, max) in periods {
            let used: f64 = w.existing.iter().map(|s| within(s, from, to)).sum();
            let room = max.as_secs_f64() / 3600.0 - used;
            let inside: Vec<(f64, Variable)> =
                mine.iter().map(|&(j, v)| (within(&p.spans[j], from, to), v)).filter(|(h, _)| *h > 0.0).collect();
            let load: Expression = inside.iter().map(|&(h, v)| h * v).sum();
            model = model.with(constraint!(load <= room));
            // The same limit as a count (at most as many slots as the shortest ones that fit), a
            // valid cut that spares the solver most of the fractional knapsack solutions.
            let mut lengths: Vec<f64> = inside.iter().map(|(h, _)| *h).collect();
            lengths.sort_by(f64::total_cmp);
            let mut fit = 0;
            let mut sum = 0.0;
            for h in lengths {
                sum += h;
                if sum > room + 1e-9 {
                    break;
                }
                fit += 1;
            }
            let count: Expression = inside.iter().map(|&(_, v)| v).sum();
            model = model.with(constraint!(count <= fit as f64));
        }
    }
    let solution = model.solve().expect("the integer program solves");
    let mut assignments = Vec::new();
    let mut covered = 0;
    let mut next = vec![0; groups.len()];
    for (&(i, g), &v) in &x {
        if solution.value(v) > 0.5 {
            let j = groups[g][next[g]];
            next[g] += 1;
            covered += u64::from(p.slots[j].need);
            assignments.push(Assignment {
                slot: p.slots[j].id.clone(),
                worker: p.workers[i].input.id.clone(),
                why: Why {
                    need: 0,
                    competence: None,
                    introduced: false,
                    distance_km: None,
                    hours_before: 0.0,
                    candidates: 0,
                },
            });
        }
    }
    let summary = Summary {
        slots: 0,
        filled: assignments.len() as u32,
        need_total: 0,
        need_covered: covered,
        need_upper_bound: 0,
        rule_checks: 0,
    };
    (covered, Allocation { assignments, unfilled: vec![], summary })
}

#[test]
fn coverage_is_within_half_a_percent_of_the_integer_optimum() {
    let mut ratios = Vec::new();
    for seed in 0..100 {
        // A Monday, so four days never reach the weekend (see `optimum`).
        let first_day = Date::constant(2027, 3, 1).checked_add(jiff::Span::new().weeks(seed as i64 % 40)).unwrap();
        let spec =
            Spec { workers: 10 + (seed as usize % 6), slots: 30 + (seed as usize % 11), days: 3, first_day, seed };
        let i = instance(&spec);
        let a = allocate(&i);
        assert_valid(&i, &a);
        let (best, exact) = optimum(&i);
        assert_valid(&i, &exact);
        assert!(a.summary.need_covered <= best, "seed {seed}: beat the optimum?");
        let ratio = if best == 0 { 1.0 } else { a.summary.need_covered as f64 / best as f64 };
        ratios.push((ratio, seed));
    }
    let mean = ratios.iter().map(|r| r.0).sum::<f64>() / ratios.len() as f64;
    let worst = ratios.iter().copied().fold((1.0, 0), |a, b| if b.0 < a.0 { b } else { a });
    eprintln!("mean {mean:.5}, worst {:.5} (seed {})", worst.0, worst.1);
    assert!(mean >= 0.995, "mean coverage {mean:.4} of the optimum");
    assert!(worst.0 >= 0.97, "seed {}: {:.4} of the optimum", worst.1, worst.0);
}
