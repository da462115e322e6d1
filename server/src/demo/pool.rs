//! The demo staff pool: every pool worker's profile (tier, home area, travel limit), a few units
//! each is introduced at, and availability for the coming two weeks; and an open pool request
//! of the demo unit manager's home-care unit (asked from its week view) for the day after
//! tomorrow — more places than the pool has people available then, so that when the demo
//! coordinator runs and publishes an allocation, everybody available, the demo pool worker
//! among them, gets an offer (need-weighted coverage comes first; without a shortage fairness
//! would rightly prefer people with fewer hours than Pelle's four booked shifts), and the demo
//! unit manager sees who is coming.
use app::domain::Role;
use app::domain::pool::DayPart;
use app::domain::report::PoolRequestState;
use app::domain::schedule::span_on;
use app::error::AppError;
use app::ssr::db::ClockTime;
use jiff::civil::Date;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::AnyConnection;

/// Days of availability given, today included.
const DAYS: i64 = 14;

pub async fn load(
    conn: &mut AnyConnection,
    demo_pool_worker: i64,
    units: &[i64],
    today: Date,
    now: i64,
) -> Result<(), AppError> {
    let mut rng = ChaCha8Rng::seed_from_u64(2022);
    let areas: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, area FROM units ORDER BY id").fetch_all(&mut *conn).await?;
    let workers: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT r.person_id, CAST(COUNT(c.code) AS BIGINT) FROM person_roles r
         LEFT JOIN person_competences pc ON pc.person_id = r.person_id
         LEFT JOIN competences c ON c.id = pc.competence_id AND c.code = 'service_only'
         WHERE r.role = $1 GROUP BY r.person_id ORDER BY r.person_id",
    )
    .bind(Role::PoolWorker)
    .fetch_all(&mut *conn)
    .await?;
    let (home_unit, outbreak_unit) = (units[0], units[3]);
    let day = |n: i64| today.checked_add(jiff::Span::new().days(n)).unwrap_or(today);
    for (person, service_only) in workers {
        let pelle = person == demo_pool_worker;
        let home = if pelle {
            areas.iter().find(|(id, _)| *id == home_unit).map(|(_, a)| a.clone())
        } else {
            areas.choose(&mut rng).map(|(_, a)| a.clone())
        };
        sqlx::query(
            "INSERT INTO pool_profiles (person_id, tier, home_area, max_travel_km, updated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(person)
        .bind(if service_only > 0 { "service" } else { "care" })
        .bind(home)
        .bind(*[10i64, 15, 20, 20, 30].choose(&mut rng).unwrap_or(&20))
        .bind(now)
        .execute(&mut *conn)
        .await?;
        let introduced: Vec<i64> =
            if pelle { vec![home_unit, outbreak_unit] } else { units.choose_multiple(&mut rng, 2).copied().collect() };
        for unit in introduced {
            sqlx::query("INSERT INTO pool_introductions (person_id, unit_id) VALUES ($1, $2)")
                .bind(person)
                .bind(unit)
                .execute(&mut *conn)
                .await?;
        }
        if pelle {
            // Pelle's usual week: days and evenings, every day (the page's "usual week").
            for weekday in 1..=7i64 {
                for part in [DayPart::Day, DayPart::Evening] {
                    sqlx::query("INSERT INTO pool_week_pattern (person_id, weekday, part) VALUES ($1, $2, $3)")
                        .bind(person)
                        .bind(weekday)
                        .bind(part)
                        .execute(&mut *conn)
                        .await?;
                }
            }
            continue;
        }
        // The others gave a part now and then, date by date.
        for n in 0..DAYS {
            for part in DayPart::ALL {
                if rng.gen_bool(0.2) {
                    sqlx::query("INSERT INTO pool_availability (person_id, day, part) VALUES ($1, $2, $3)")
                        .bind(person)
                        .bind(day(n).to_string())
                        .bind(part)
                        .execute(&mut *conn)
                        .await?;
                }
            }
        }
    }

    // The home-care unit asks for assistant nurses on the day shift the day after tomorrow: two
    // more than the pool has available then.
    let date = day(2);
    let (type_id, ClockTime(start), ClockTime(end)): (i64, ClockTime, ClockTime) =
        sqlx::query_as("SELECT id, start_time, end_time FROM shift_types WHERE unit_id = $1 AND code = 'D'")
            .bind(home_unit)
            .fetch_one(&mut *conn)
            .await?;
    let usk: i64 =
        sqlx::query_scalar("SELECT id FROM competences WHERE code = 'undersköterska'").fetch_one(&mut *conn).await?;
    let assistant_nurses: Vec<i64> =
        sqlx::query_scalar("SELECT person_id FROM person_competences WHERE competence_id = $1")
            .bind(usk)
            .fetch_all(&mut *conn)
            .await?;
    let given = app::features::availability::server::given_days(conn, None, date, date).await?;
    let available = given
        .iter()
        .filter(|(person, days)| {
            assistant_nurses.contains(person) && days.iter().any(|(_, g)| g.parts.contains(&DayPart::Day))
        })
        .count() as i64;
    let span = span_on(date, start, end);
    sqlx::query(
        "INSERT INTO pool_requests (unit_id, shift_date, shift_type_id, competence_id, starts_at, ends_at,
                                    headcount, filled, state, origin, report_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, 'week_view', NULL, $9, $9)",
    )
    .bind(home_unit)
    .bind(date.to_string())
    .bind(type_id)
    .bind(usk)
    .bind(span.start.as_second())
    .bind(span.end.as_second())
    .bind(available + 2)
    .bind(PoolRequestState::Open)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
