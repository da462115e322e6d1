//! The allocation engine on a municipality-sized instance: 500 pool workers, 2,000 request slots
//! over 14 days (`make bench`; the target is under a second). Prints, once per size, the need
//! covered beside two upper bounds — the need of the slots anyone could take, and the linear
//! relaxation of the exact model (`bound::relaxation`) — so the figure of quality travels with
//! the figure of speed.
use app::domain::allocation::allocate;
use app::domain::allocation::bound::relaxation;
use app::domain::allocation::generate::{Spec, instance};
use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::Date;

fn allocation(c: &mut Criterion) {
    let mut group = c.benchmark_group("allocation");
    group.sample_size(10);
    for (workers, slots) in [(100, 400), (500, 2000), (250, 2000)] {
        let spec = Spec { workers, slots, days: 14, first_day: Date::constant(2027, 3, 22), seed: 1 };
        let input = instance(&spec);
        let started = std::time::Instant::now();
        let result = allocate(&input);
        let took = started.elapsed();
        let s = &result.summary;
        let started = std::time::Instant::now();
        let lp = relaxation(&input);
        let lp_took = started.elapsed();
        println!(
            "{workers} workers, {slots} slots: {} filled in {took:?} ({} rule checks); need covered {} of {} \
             in all; eligibility bound {} ({:.2} % reached); LP-relaxation bound {lp:.1} ({:.2} % reached, \
             gap {:.2} %; solved in {lp_took:?})",
            s.filled,
            s.rule_checks,
            s.need_covered,
            s.need_total,
            s.need_upper_bound,
            100.0 * s.need_covered as f64 / s.need_upper_bound.max(1) as f64,
            100.0 * s.need_covered as f64 / lp.max(1.0),
            100.0 * (lp - s.need_covered as f64).max(0.0) / lp.max(1.0),
        );
        group.bench_function(format!("{workers}_workers_{slots}_slots_14_days"), |b| b.iter(|| allocate(&input)));
    }
    group.finish();
}

criterion_group!(benches, allocation);
criterion_main!(benches);
