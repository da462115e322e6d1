//! The engine's yardsticks, for tests and the benchmark only (`cfg(test)` or the `lp` feature;
//! never in the server or the wasm): the exact optimum of the primary objective by integer
//! programming (`microlp`), and an upper bound from the linear relaxation (`clarabel`).
use std::collections::BTreeMap;

use good_lp::{
    Constraint, Expression, Solution, SolverModel, Variable, clarabel, constraint, microlp, variable, variables,
};
use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::domain::worktime::{day_start, week_start};

/// The exact optimum of the primary objective, by integer programming over the same static
/// filters: at most one worker per slot, colliding slots (overlap or daily rest) never both to one
/// worker, and each worker's hours per calendar week and month within their limits. On instances
/// of at most four days starting on a Monday the weekly rest and the night average cannot bind, so
/// this model is the whole rule set — which the test confirms by checking the optimum itself with
/// the rules engine.
pub fn optimum(instance: &Instance) -> (u64, Allocation) {
    model(instance, true).0
}

/// An upper bound on the need any allocation can cover: the same model with every variable free
/// between 0 and 1 (its linear relaxation), solved by an interior-point method that copes with
/// municipality-sized instances. Beyond four days the weekly rest and the night average are left
/// out, which only loosens it: it stays a bound.
pub fn relaxation(instance: &Instance) -> f64 {
    model(instance, false).1
}

fn model(instance: &Instance, integral: bool) -> ((u64, Allocation), f64) {
    let p = Problem::new(instance);
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
            let v = if integral { variable().binary() } else { variable().min(0.0).max(1.0) };
            x.insert((c.worker, g), vars.add(v));
        }
    }
    let first = |g: usize| groups[g][0];
    // The bound counts need alone; the exact model also prefers one more slot filled, as the engine does.
    let objective: Expression = x
        .iter()
        .map(|(&(_, g), &v)| if integral { p.weights[first(g)] as f64 } else { f64::from(p.slots[first(g)].need) } * v)
        .sum();
    let mut constraints: Vec<Constraint> = Vec::new();
    for (g, members) in groups.iter().enumerate() {
        let on: Vec<Variable> = x.iter().filter(|((_, k), _)| *k == g).map(|(_, &v)| v).collect();
        if on.len() > members.len() {
            constraints.push(constraint!(on.into_iter().sum::<Expression>() <= members.len() as f64));
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
                constraints.push(constraint!(clique.into_iter().sum::<Expression>() <= 1));
            }
        }
        // Hours per calendar week and month.
        let mut periods: Vec<(Timestamp, Timestamp, SignedDuration)> = Vec::new();
        for &(j, _) in &mine {
            let span = p.spans[j];
            let wk = week_start(span.start);
            if let Some(max) = w.profile.max_per_week {
                let from = day_start(wk);
                periods.push((from, day_start(wk.checked_add(jiff::Span::new().days(7)).unwrap()), max));
            }
            if let Some(max) = w.limits.max_per_month {
                let m = crate::domain::time::local_date(span.start).first_of_month();
                periods.push((day_start(m), day_start(m.checked_add(jiff::Span::new().months(1)).unwrap()), max));
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
            constraints.push(constraint!(load <= room));
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
            constraints.push(constraint!(count <= fit as f64));
        }
    }
    let values: BTreeMap<(usize, usize), f64> = if integral {
        let solution =
            vars.maximise(objective).using(microlp).with_all(constraints).solve().expect("the integer program solves");
        x.iter().map(|(&k, &v)| (k, solution.value(v))).collect()
    } else {
        let solution =
            vars.maximise(objective).using(clarabel).with_all(constraints).solve().expect("the relaxation solves");
        x.iter().map(|(&k, &v)| (k, solution.value(v))).collect()
    };
    let value: f64 = values.iter().map(|(&(_, g), &v)| f64::from(p.slots[first(g)].need) * v).sum();
    let mut assignments = Vec::new();
    let mut covered = 0;
    let mut next = vec![0; groups.len()];
    // A fractional solution names no assignments.
    for (&(i, g), &v) in values.iter().filter(|_| integral) {
        if v > 0.5 {
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
    ((covered, Allocation { assignments, unfilled: vec![], summary }), value)
}
