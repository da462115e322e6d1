//! Random but realistic allocation instances of a given size, for benchmarks, comparisons with an
//! exact solver and offline runs (`server allocate --generate`). Deterministic for a seed.
//!
//! Shaped like a Swedish municipality's elder care: units within about 12 km of a centre, day
//! (07:00–15:30), evening (14:00–21:30) and night (21:15–07:15) shifts in Stockholm time — so an
//! evening followed by the next day's morning, or a day followed by the same night, breaks the
//! 11-hour daily rest — mostly assistant nurses (`usk`), some nurses (`ssk`), some slots any care
//! worker can take and some service-only ones, workers available most days, some already working
//! elsewhere, part-timers and hourly staff with their caps.
use jiff::civil::{Date, Time};
use jiff::{Span as CivilSpan, Timestamp};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Instance, Place, PoolWorker, Settings, Slot, Tier, Window};
use crate::domain::time::local_instant;

#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub workers: usize,
    pub slots: usize,
    pub days: u32,
    pub first_day: Date,
    pub seed: u64,
}

const CENTRE: Place = Place { lat: 59.428, lon: 17.951 };

fn at(day: Date, offset_days: i64, hour: i8, minute: i8) -> Timestamp {
    let date = day.checked_add(CivilSpan::new().days(offset_days)).unwrap_or(day);
    local_instant(date, Time::new(hour, minute, 0, 0).unwrap_or(Time::midnight()))
}

fn near_centre(rng: &mut ChaCha8Rng, spread: f64) -> Place {
    Place {
        lat: CENTRE.lat + rng.gen_range(-spread..spread) * 0.009,
        lon: CENTRE.lon + rng.gen_range(-spread..spread) * 0.0176,
    }
}

/// (start hour, minute, end hour, minute, ends next day)
const SHIFTS: [(i8, i8, i8, i8, bool); 3] = [(7, 0, 15, 30, false), (14, 0, 21, 30, false), (21, 15, 7, 15, true)];

pub fn instance(spec: &Spec) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let days = i64::from(spec.days.max(1));
    let units: Vec<(String, Place, u8)> = (0..(spec.slots / 12).clamp(3, 300))
        .map(|u| (format!("u{u}"), near_centre(&mut rng, 12.0), rng.gen_range(5..=95)))
        .collect();

    let mut slots = Vec::with_capacity(spec.slots);
    let mut request = 0;
    while slots.len() < spec.slots {
        request += 1;
        let (unit, place, base_need) = &units[rng.gen_range(0..units.len())];
        let day = rng.gen_range(0..days);
        let (tier, competence, shift) = if rng.gen_bool(0.1) {
            (Tier::Service, None, (9, 0, 15, 0, false))
        } else {
            let roll: f64 = rng.r#gen();
            let competence = if roll < 0.65 {
                Some("usk".to_string())
            } else if roll < 0.78 {
                Some("ssk".to_string())
            } else {
                None
            };
            let pick: f64 = rng.r#gen();
            let shift = SHIFTS[if pick < 0.5 {
                0
            } else if pick < 0.85 {
                1
            } else {
                2
            }];
            (Tier::Care, competence, shift)
        };
        let need = (i16::from(*base_need) + rng.gen_range(-10..=10)).clamp(0, 100) as u8;
        let count = [1, 1, 1, 2, 2, 3][rng.gen_range(0..6)];
        let (sh, sm, eh, em, next) = shift;
        for k in 0..count {
            if slots.len() == spec.slots {
                break;
            }
            slots.push(Slot {
                id: format!("r{request}-{}", k + 1),
                unit: unit.clone(),
                start: at(spec.first_day, day, sh, sm),
                end: at(spec.first_day, day + i64::from(next), eh, em),
                tier,
                competence: competence.clone(),
                need,
                place: Some(*place),
                declined_by: Vec::new(),
            });
        }
    }

    let workers = (0..spec.workers)
        .map(|n| {
            let tier = if rng.gen_bool(0.85) { Tier::Care } else { Tier::Service };
            let competences = if tier == Tier::Service {
                Vec::new()
            } else {
                let roll: f64 = rng.r#gen();
                if roll < 0.12 {
                    vec!["usk".to_string(), "ssk".to_string()]
                } else if roll < 0.75 {
                    vec!["usk".to_string()]
                } else if roll < 0.85 {
                    vec!["ssk".to_string()]
                } else {
                    Vec::new()
                }
            };
            let introduced_at =
                (0..rng.gen_range(1..=3)).map(|_| units[rng.gen_range(0..units.len())].0.clone()).collect();
            let mut available = Vec::new();
            let mut existing_shifts = Vec::new();
            for day in 0..days {
                if rng.gen_bool(0.12) {
                    existing_shifts
                        .push(Window { start: at(spec.first_day, day, 7, 0), end: at(spec.first_day, day, 16, 0) });
                    continue;
                }
                if !rng.gen_bool(0.75) {
                    continue;
                }
                let roll: f64 = rng.r#gen();
                let window = if roll < 0.65 {
                    (at(spec.first_day, day, 0, 0), at(spec.first_day, day + 1, 8, 0))
                } else if roll < 0.85 {
                    (at(spec.first_day, day, 6, 0), at(spec.first_day, day, 16, 0))
                } else {
                    (at(spec.first_day, day, 13, 0), at(spec.first_day, day + 1, 8, 0))
                };
                available.push(Window { start: window.0, end: window.1 });
            }
            let hourly = rng.gen_bool(0.3);
            PoolWorker {
                id: format!("w{n}"),
                tier,
                competences,
                introduced_at,
                home: Some(near_centre(&mut rng, 15.0)),
                max_travel_km: Some(rng.gen_range(8.0..30.0_f64).round()),
                available,
                existing_shifts,
                max_hours_per_week: Some([40.0, 40.0, 30.0, 20.0][rng.gen_range(0..4)]),
                max_hours_per_month: hourly.then_some(165.0),
                rules: None,
            }
        })
        .collect();
    Instance { settings: Settings::default(), workers, slots }
}
