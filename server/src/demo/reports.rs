//! Demo daily reports: the last 14 days for most units, so the situation picture and its charts
//! tell a story at first start. Most days are calm; a winter wave of illness builds over the
//! fortnight; two units (the fourth and the sixth) have an outbreak and large gaps today. A few
//! units — among them the demo unit manager's home-care unit, so that filing it is the first
//! thing to try — have not reported today. Today's unsolved gaps are open pool requests.
use app::domain::need::{self, MissingStaff, NeedInput};
use app::domain::report::{AbsenceReason, PoolRequestState};
use app::domain::schedule::span_on;
use app::domain::time::local_instant;
use app::error::AppError;
use jiff::civil::Date;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::AnyConnection;

/// Days of history, today included.
const DAYS: i64 = 14;

/// One unit for the reports: its id and the manager who files them.
pub struct ReportingUnit {
    pub id: i64,
    pub manager: i64,
}

pub async fn history(
    conn: &mut AnyConnection,
    units: &[ReportingUnit],
    usk_competence: i64,
    today: Date,
    now: i64,
) -> Result<(), AppError> {
    let mut rng = ChaCha8Rng::seed_from_u64(2021);
    for (n, unit) in units.iter().enumerate() {
        let (day_type, start, end): (i64, String, String) = sqlx::query_as(
            "SELECT id, start_time, end_time FROM shift_types WHERE unit_id = $1 ORDER BY start_time LIMIT 1",
        )
        .bind(unit.id)
        .fetch_one(&mut *conn)
        .await?;
        let (start, end) = (
            app::domain::schedule::parse_time(&start).unwrap_or_default(),
            app::domain::schedule::parse_time(&end).unwrap_or_default(),
        );
        let crisis = n == 3 || n == 5;
        for back in (0..DAYS).rev() {
            let Ok(date) = today.checked_sub(jiff::Span::new().days(back)) else { continue };
            let is_today = back == 0;
            // Unit 0 (the demo manager's) and every seventh unit have not reported today; now
            // and then a unit missed a day in the past too.
            if (is_today && (n == 0 || n % 7 == 6)) || (!is_today && rng.gen_ratio(1, 12)) {
                continue;
            }
            // The wave: illness grows towards today; the crisis units get it hardest.
            let wave = (DAYS - back) as u32;
            let ill = rng.gen_range(0..=1 + wave / 5) + if crisis { wave / 3 } else { 0 };
            let children = rng.gen_range(0..=1);
            let outbreak = crisis && back <= 4;
            let short = (ill + children).min(9) as i64;
            let solved = if crisis { short / 3 } else { short - i64::from(rng.gen_ratio(1, 4) && short > 0) };
            let cases_recipients = if outbreak { 2 + wave as i64 / 2 } else { i64::from(rng.gen_ratio(1, 10)) };
            let cases_staff = if outbreak { ill as i64 } else { 0 };
            let recipients_affected = if short > solved { (short - solved) * 6 } else { 0 };
            let planned: i64 = 12;
            let filed_at = local_instant(date, jiff::civil::time(7, 20 + (n % 30) as i8, 0, 0))
                // Today's reports were filed before the demo started, however early it is.
                .min(jiff::Timestamp::from_second(now - 60).unwrap_or_default());
            let span = span_on(date, start, end);
            let competence = if n % 2 == 0 { Some(usk_competence) } else { None };
            let input = NeedInput {
                planned: planned as u32,
                missing: if short > solved {
                    vec![MissingStaff {
                        count: (short - solved) as u32,
                        scarcity: 0.0,
                        starts_in_minutes: span.start.duration_since(filed_at).as_mins(),
                    }]
                } else {
                    Vec::new()
                },
                outbreak,
                confirmed_cases: (cases_recipients + cases_staff) as u32,
                recipients_affected: recipients_affected as u32,
            };
            let score = need::score(&input).total;
            let note = match (outbreak, short > solved) {
                (true, _) => "Utbrott av calicivirus på avdelningen. Kohortvård, ingen personal mellan avdelningarna.",
                (false, true) => "Vi saknar personal till dagpasset trots inringning.",
                (false, false) => "",
            };
            let report: i64 = sqlx::query_scalar(
                "INSERT INTO daily_reports (unit_id, report_date, version, filed_by, filed_at, cases_recipients,
                   cases_staff, outbreak, recipients_affected, note, planned_staff, need_score)
                 VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(unit.id)
            .bind(date.to_string())
            .bind(unit.manager)
            .bind(filed_at.as_second())
            .bind(cases_recipients)
            .bind(cases_staff)
            .bind(i64::from(outbreak))
            .bind(recipients_affected)
            .bind(note)
            .bind(planned)
            .bind(i64::from(score))
            .fetch_one(&mut *conn)
            .await?;
            for (reason, count) in [(AbsenceReason::OwnIllness, ill), (AbsenceReason::ChildCare, children)] {
                if count > 0 {
                    sqlx::query(
                        "INSERT INTO daily_report_absences (report_id, day_offset, reason, competence_id, headcount)
                         VALUES ($1, 0, $2, $3, $4)",
                    )
                    .bind(report)
                    .bind(reason)
                    .bind(competence)
                    .bind(i64::from(count))
                    .execute(&mut *conn)
                    .await?;
                }
            }
            if short > 0 {
                sqlx::query(
                    "INSERT INTO daily_report_gaps (report_id, day_offset, shift_type_id, competence_id, short, solved)
                     VALUES ($1, 0, $2, $3, $4, $5)",
                )
                .bind(report)
                .bind(day_type)
                .bind(competence)
                .bind(short)
                .bind(solved)
                .execute(&mut *conn)
                .await?;
            }
            if is_today && short > solved {
                sqlx::query(
                    "INSERT INTO pool_requests (unit_id, shift_date, shift_type_id, competence_id, starts_at, ends_at,
                       headcount, filled, state, origin, report_id, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, 'daily_report', $9, $10, $10)",
                )
                .bind(unit.id)
                .bind(date.to_string())
                .bind(day_type)
                .bind(competence)
                .bind(span.start.as_second())
                .bind(span.end.as_second())
                .bind(short - solved)
                .bind(PoolRequestState::Open)
                .bind(report)
                .bind(filed_at.as_second())
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}
