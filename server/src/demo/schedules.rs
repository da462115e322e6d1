//! Demo schedules: shift types, base staffing and a 6-week rolling schedule per unit, with
//! shifts generated from two weeks before to six weeks after the day the demo is loaded.
//! The patterns respect the working-time rules (no evening followed by an early shift,
//! a free weekend or two free days every week); base staffing is set a little higher than the
//! rotation covers, so managers see gaps to fill, as in real life.
use app::domain::schedule::ShiftStatus;
use app::domain::schedule::{rotation_week, weekday};
use app::error::AppError;
use app::features::rolling_schedule::generate::generate_rotation;
use app::ssr::db::ClockTime;
use jiff::civil::{Date, date};
use sqlx::AnyConnection;

/// All demo rotations start on this Monday; weeks repeat in both directions from it.
const ROTATION_START: Date = date(2026, 1, 5);
const WEEKS: i64 = 6;

/// Day/evening pattern, one row per rotation week, Monday first. D = day, K = evening.
const DAY_EVENING: [&str; 6] = ["DDDDD--", "--KKKKK", "-DDDD--", "KKK--DD", "DD--KKK", "--DDD--"];
/// Night pattern for residential night staff. N = night.
const NIGHTS: [&str; 6] = ["NNN----", "---NNN-", "NN---NN", "--NNN--", "NNN----", "----NNN"];

struct Kind {
    types: &'static [(&'static str, &'static str, &'static str, &'static str)],
    night_lines: usize,
}

const HOME_CARE: Kind =
    Kind { types: &[("D", "Dag", "07:00", "16:00"), ("K", "Kväll", "14:00", "22:00")], night_lines: 0 };
const RESIDENTIAL: Kind = Kind {
    types: &[("D", "Dag", "07:00", "15:30"), ("K", "Kväll", "13:30", "21:30"), ("N", "Natt", "21:15", "07:15")],
    night_lines: 4,
};
const OTHER: Kind = Kind { types: &[("D", "Dag", "08:00", "17:00")], night_lines: 0 };

/// (shift code, weekdays, competence "usk" or quality role or "", headcount)
fn needs(kind: &str) -> Vec<(&'static str, &'static [i64], &'static str, i64)> {
    const WEEKDAYS: &[i64] = &[1, 2, 3, 4, 5];
    const WEEKEND: &[i64] = &[6, 7];
    const ALL: &[i64] = &[1, 2, 3, 4, 5, 6, 7];
    match kind {
        "home_care" => vec![
            ("D", WEEKDAYS, "team_leader", 1),
            ("D", WEEKDAYS, "usk", 3),
            ("D", WEEKDAYS, "", 4),
            ("D", WEEKEND, "usk", 2),
            ("D", WEEKEND, "", 2),
            ("K", ALL, "usk", 2),
            ("K", ALL, "", 3),
        ],
        "residential" => vec![
            ("D", WEEKDAYS, "team_leader", 1),
            ("D", &[2, 4], "activity_coordinator", 1),
            ("D", WEEKDAYS, "usk", 2),
            ("D", WEEKDAYS, "", 3),
            ("D", WEEKEND, "usk", 1),
            ("D", WEEKEND, "", 2),
            ("K", ALL, "usk", 1),
            ("K", ALL, "", 3),
            ("N", ALL, "usk", 1),
            ("N", ALL, "", 1),
        ],
        _ => vec![("D", WEEKDAYS, "", 2)],
    }
}

fn has_shift(pattern: &[&str; 6], offset: i64, day: Date) -> bool {
    let w = (rotation_week(ROTATION_START, day, WEEKS) - offset).rem_euclid(WEEKS) as usize;
    pattern[w].as_bytes()[(weekday(day) - 1) as usize] != b'-'
}

/// Creates one unit's shift types, base staffing and rotation, and generates its shifts.
/// `staff` is (person, employment percent); the first person's line is placed so that they
/// work today or tomorrow (the demo care worker).
pub async fn unit(
    conn: &mut AnyConnection,
    unit_id: i64,
    kind: &str,
    staff: &[(i64, i64)],
    usk_competence: i64,
    today: Date,
    now: i64,
) -> Result<(), AppError> {
    let spec = match kind {
        "home_care" => HOME_CARE,
        "residential" => RESIDENTIAL,
        _ => OTHER,
    };
    let mut type_ids = std::collections::HashMap::new();
    for (code, name, start, end) in spec.types {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO shift_types (unit_id, code, name, start_time, end_time, active) VALUES ($1, $2, $3, $4, $5, 1) RETURNING id",
        )
        .bind(unit_id)
        .bind(*code)
        .bind(*name)
        .bind(*start)
        .bind(*end)
        .fetch_one(&mut *conn)
        .await?;
        type_ids.insert(*code, id);
    }
    for (code, days, what, headcount) in needs(kind) {
        let (competence, role) = match what {
            "usk" => (Some(usk_competence), None),
            "" => (None, None),
            role => (None, Some(role)),
        };
        for day in days {
            sqlx::query(
                "INSERT INTO staffing_needs (unit_id, weekday, shift_type_id, competence_id, quality_role, headcount)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(unit_id)
            .bind(*day)
            .bind(type_ids[code])
            .bind(competence)
            .bind(role)
            .bind(headcount)
            .execute(&mut *conn)
            .await?;
        }
    }
    let rotation: i64 = sqlx::query_scalar(
        "INSERT INTO rotations (unit_id, name, weeks, start_date, active) VALUES ($1, $2, $3, $4, 1) RETURNING id",
    )
    .bind(unit_id)
    .bind("Rullande schema 6 veckor")
    .bind(WEEKS)
    .bind(ROTATION_START.to_string())
    .fetch_one(&mut *conn)
    .await?;
    let tomorrow = today.tomorrow().unwrap_or(today);
    for (i, (person, percent)) in staff.iter().enumerate() {
        let nights = i < spec.night_lines;
        let pattern = if nights { &NIGHTS } else { &DAY_EVENING };
        let mut offset = (i as i64) % WEEKS;
        if i == 0 {
            offset =
                (0..WEEKS).find(|k| has_shift(pattern, *k, today) || has_shift(pattern, *k, tomorrow)).unwrap_or(0);
        }
        let line: i64 = sqlx::query_scalar(
            "INSERT INTO rotation_lines (rotation_id, line_no, person_id, employment_percent) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(rotation)
        .bind(i as i64 + 1)
        .bind(*person)
        .bind(*percent)
        .fetch_one(&mut *conn)
        .await?;
        let day_line = i - spec.night_lines.min(i);
        for (p, week) in pattern.iter().enumerate() {
            let week_index = (p as i64 + offset).rem_euclid(WEEKS);
            for (d, code) in week.chars().enumerate() {
                let wd = d as i64 + 1;
                // Part-timers work fewer days: no Fridays below full time, no Thursdays at half time.
                if code == '-' || (*percent < 100 && wd == 5 && i != 0) || (*percent <= 50 && wd == 4) {
                    continue;
                }
                let code_str = code.to_string();
                // The staffing unit has day shifts only; its people skip the evening slots.
                let Some(&type_id) = type_ids.get(code_str.as_str()) else { continue };
                let quality_role = match (code, kind) {
                    ('D', "home_care" | "residential") if !nights && (day_line == 0 || day_line == 3) => {
                        Some("team_leader")
                    }
                    ('D', "residential") if !nights && day_line == 1 && (wd == 2 || wd == 4) => {
                        Some("activity_coordinator")
                    }
                    _ => None,
                };
                let resource = code == 'D' && i % 4 == 1 && week_index == 2 && wd == 4;
                sqlx::query(
                    "INSERT INTO rotation_slots (line_id, week_index, weekday, shift_type_id, quality_role, resource)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(line)
                .bind(week_index)
                .bind(wd)
                .bind(type_id)
                .bind(quality_role)
                .bind(resource as i64)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    let from = today.checked_sub(jiff::Span::new().days(14)).unwrap_or(today);
    let to = today.checked_add(jiff::Span::new().days(42)).unwrap_or(today);
    generate_rotation(conn, rotation, from, to, now).await?;
    Ok(())
}

/// The demo pool worker's booked shifts at two units over the coming two weeks.
pub async fn pool_shifts(
    conn: &mut AnyConnection,
    pool: i64,
    unit_a: i64,
    unit_b: i64,
    today: Date,
    now: i64,
) -> Result<(), AppError> {
    for (unit, days) in [(unit_a, [1i64, 8]), (unit_b, [3, 10])] {
        let (type_id, ClockTime(start), ClockTime(end)): (i64, ClockTime, ClockTime) =
            sqlx::query_as("SELECT id, start_time, end_time FROM shift_types WHERE unit_id = $1 AND code = 'D'")
                .bind(unit)
                .fetch_one(&mut *conn)
                .await?;
        for d in days {
            let date = today.checked_add(jiff::Span::new().days(d)).unwrap_or(today);
            let span = app::domain::schedule::span_on(date, start, end);
            sqlx::query(
                "INSERT INTO shifts (unit_id, person_id, shift_type_id, starts_at, ends_at, resource, status, created_at)
                 VALUES ($1, $2, $3, $4, $5, 1, $6, $7)",
            )
            .bind(unit)
            .bind(pool)
            .bind(type_id)
            .bind(span.start.as_second())
            .bind(span.end.as_second())
            .bind(ShiftStatus::Planned)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}
