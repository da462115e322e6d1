//! How fast the working-time rules answer: one candidate against a person's 8 weeks of shifts
//! (the check made on every assignment and every pool offer), and a whole unit's 6-week
//! schedule (20 people) validated shift by shift.
use app::domain::worktime::{AgreementProfile, PersonLimits, Span, check, check_schedule};
use criterion::{Criterion, black_box, criterion_group, criterion_main};
use jiff::{SignedDuration, Timestamp};

/// Five 8-hour day shifts a week, Monday to Friday, for `weeks` weeks from 2026-03-02 (the
/// range crosses the spring daylight-saving change).
fn weeks_of_shifts(weeks: i64, offset_hours: i64) -> Vec<Span> {
    let monday: Timestamp = "2026-03-02T06:00:00Z".parse().unwrap();
    let mut out = Vec::new();
    for w in 0..weeks {
        for d in 0..5 {
            let start = monday + SignedDuration::from_hours(w * 7 * 24 + d * 24 + offset_hours);
            out.push(Span::new(start, start + SignedDuration::from_hours(8)));
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let profile = AgreementProfile::default();
    let limits = PersonLimits { max_per_month: Some(SignedDuration::from_hours(165)) };
    let existing = weeks_of_shifts(8, 0);
    // A Saturday evening in week 5: touches rest, week and month rules.
    let candidate = {
        let start: Timestamp = "2026-04-04T14:00:00Z".parse().unwrap();
        Span::new(start, start + SignedDuration::from_hours(8))
    };
    c.bench_function("check one candidate against 8 weeks of shifts", |b| {
        b.iter(|| check(black_box(&existing), black_box(candidate), &profile, &limits, None))
    });
    let unit: Vec<Vec<Span>> = (0..20).map(|p| weeks_of_shifts(6, p % 3 * 7)).collect();
    c.bench_function("validate a unit's 6-week schedule (20 people)", |b| {
        b.iter(|| unit.iter().map(|person| check_schedule(black_box(person), &profile, &limits).len()).sum::<usize>())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
