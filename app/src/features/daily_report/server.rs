//! Server-only queries and writes of the daily report (compiled with `ssr`).
use super::*;
use crate::domain::NoteText;
use crate::domain::need::{self, MissingStaff, NeedInput};
use crate::domain::report::{self, AbsenceReason, MAX_COUNT, Wanted};
use crate::domain::schedule::{monday_of, span_on};
use crate::error::{AppError, ConflictCode};
use crate::features::unit_week::server::unit_coverage;
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{Constraint, Flag, OnConstraint};
use crate::ssr::live::Signal;
use std::collections::BTreeMap;

/// Two people filing the same version at once: the second is told the report changed.
const ONE_VERSION: Constraint = Constraint {
    postgres: "daily_reports_unit_id_report_date_version_key",
    sqlite: "daily_reports.unit_id, daily_reports.report_date, daily_reports.version",
};

/// The longest note a report takes.
pub const NOTE_MAX: usize = 1000;

/// The day of the report `day` (0 or 1) days after `date`.
fn day_after(date: Date, day: u8) -> Date {
    if day == 0 { date } else { date.tomorrow().unwrap_or(date) }
}

/// What the schedule says about the report's two days: the gap per shift and competence (quality
/// roles count as "any staff": the pool brings people, not roles), and how many people the base
/// staffing plans in all.
pub struct ScheduleFacts {
    pub gaps: Vec<GapLine>,
    pub planned: i64,
}

pub async fn schedule_facts(db: &Db, unit_id: i64, date: Date) -> Result<ScheduleFacts, AppError> {
    let mut weeks = vec![unit_coverage(db, unit_id, monday_of(date)).await?];
    let tomorrow = day_after(date, 1);
    if monday_of(tomorrow) != monday_of(date) {
        weeks.push(unit_coverage(db, unit_id, monday_of(tomorrow)).await?);
    }
    let mut gaps: BTreeMap<(u8, i64, Option<i64>), i64> = BTreeMap::new();
    let mut planned = 0;
    for day in [0u8, 1] {
        let on = day_after(date, day);
        for plan in weeks.iter().flat_map(|w| &w.days).filter(|d| d.date == on) {
            for row in &plan.rows {
                for c in &row.coverage {
                    planned += c.headcount;
                    let short = (c.headcount - c.scheduled).max(0);
                    if short > 0 {
                        let competence = if c.quality_role.is_some() { None } else { c.competence_id };
                        *gaps.entry((day, row.shift_type_id, competence)).or_default() += short;
                    }
                }
            }
        }
    }
    let gaps = gaps
        .into_iter()
        .map(|((day, shift_type_id, competence_id), short)| GapLine {
            day,
            shift_type_id,
            competence_id,
            short: short.min(MAX_COUNT),
            solved: 0,
        })
        .collect();
    Ok(ScheduleFacts { gaps, planned })
}

#[derive(sqlx::FromRow)]
struct StoredReport {
    id: i64,
    version: i64,
    cases_recipients: i64,
    cases_staff: i64,
    #[sqlx(try_from = "Flag")]
    outbreak: bool,
    recipients_affected: i64,
    note: String,
    planned_staff: i64,
}

/// The newest version of a unit's report of `date`, with its lines, and the staff the schedule
/// planned when it was filed.
async fn latest(db: &Db, unit_id: i64, date: Date) -> Result<Option<(ReportDraft, i64)>, AppError> {
    let Some(r): Option<StoredReport> = sqlx::query_as(
        "SELECT id, version, cases_recipients, cases_staff, outbreak, recipients_affected, note, planned_staff FROM daily_reports
         WHERE unit_id = $1 AND report_date = $2 ORDER BY version DESC LIMIT 1",
    )
    .bind(unit_id)
    .bind(date.to_string())
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let absences: Vec<(i64, AbsenceReason, Option<i64>, i64)> = sqlx::query_as(
        "SELECT day_offset, reason, competence_id, headcount FROM daily_report_absences WHERE report_id = $1
         ORDER BY day_offset, reason, competence_id",
    )
    .bind(r.id)
    .fetch_all(&db.pool)
    .await?;
    let gaps: Vec<(i64, i64, Option<i64>, i64, i64)> = sqlx::query_as(
        "SELECT day_offset, shift_type_id, competence_id, short, solved FROM daily_report_gaps WHERE report_id = $1
         ORDER BY day_offset, shift_type_id, competence_id",
    )
    .bind(r.id)
    .fetch_all(&db.pool)
    .await?;
    let planned = r.planned_staff;
    let stock: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT material_id, on_hand, used FROM daily_report_stock WHERE report_id = $1 ORDER BY material_id",
    )
    .bind(r.id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some((
        ReportDraft {
            unit_id,
            date,
            based_on: r.version,
            cases_recipients: r.cases_recipients,
            cases_staff: r.cases_staff,
            outbreak: r.outbreak,
            recipients_affected: r.recipients_affected,
            note: r.note,
            absences: absences
                .into_iter()
                .map(|(day, reason, competence_id, headcount)| Absence {
                    day: day as u8,
                    reason,
                    competence_id,
                    headcount,
                })
                .collect(),
            gaps: gaps
                .into_iter()
                .map(|(day, shift_type_id, competence_id, short, solved)| GapLine {
                    day: day as u8,
                    shift_type_id,
                    competence_id,
                    short,
                    solved,
                })
                .collect(),
            stock: stock
                .into_iter()
                .map(|(material_id, on_hand, used)| StockCount { material_id, on_hand: Some(on_hand), used })
                .collect(),
        },
        planned,
    )))
}

/// The form's starting point: today's report if there is one; otherwise yesterday's (its
/// "tomorrow" is today: the absences it foresaw, what the unit said it would solve, the infection
/// situation) over today's schedule; otherwise the schedule alone.
fn prefill(
    unit_id: i64,
    today: Date,
    todays: Option<ReportDraft>,
    yesterdays: Option<ReportDraft>,
    schedule: &[GapLine],
) -> (ReportDraft, Prefill) {
    if let Some(report) = todays {
        return (report, Prefill::Today);
    }
    let mut draft = ReportDraft {
        unit_id,
        date: today,
        based_on: 0,
        cases_recipients: 0,
        cases_staff: 0,
        outbreak: false,
        recipients_affected: 0,
        note: String::new(),
        absences: Vec::new(),
        gaps: schedule.to_vec(),
        // Stock is counted afresh each day: yesterday's count would only look like today's.
        stock: Vec::new(),
    };
    let Some(y) = yesterdays else { return (draft, Prefill::Schedule) };
    draft.cases_recipients = y.cases_recipients;
    draft.cases_staff = y.cases_staff;
    draft.outbreak = y.outbreak;
    draft.recipients_affected = y.recipients_affected;
    draft.absences = y.absences.into_iter().filter(|a| a.day == 1).map(|a| Absence { day: 0, ..a }).collect();
    for line in draft.gaps.iter_mut().filter(|g| g.day == 0) {
        if let Some(before) = y
            .gaps
            .iter()
            .find(|g| g.day == 1 && g.shift_type_id == line.shift_type_id && g.competence_id == line.competence_id)
        {
            line.solved = before.solved.min(line.short);
        }
    }
    (draft, Prefill::Yesterday)
}

pub async fn page(db: &Db, unit_id: i64, may_change: bool) -> Result<ReportPage, AppError> {
    let today = db.today();
    let staffing = crate::features::base_staffing::server::get(db, unit_id).await?;
    let facts = schedule_facts(db, unit_id, today).await?;
    let yesterday = today.yesterday().unwrap_or(today);
    let todays = latest(db, unit_id, today).await?;
    let score = match &todays {
        Some((report, planned)) => Some(score_of(db, report, *planned, &staffing.shift_types).await?),
        None => None,
    };
    let yesterdays = latest(db, unit_id, yesterday).await?.map(|(report, _)| report);
    let (draft, prefill) = prefill(unit_id, today, todays.map(|(report, _)| report), yesterdays, &facts.gaps);
    let history: Vec<ReportVersion> = sqlx::query_as(
        "SELECT r.version, r.filed_at, p.name AS filed_by, r.need_score,
                CAST(COALESCE((SELECT SUM(g.short) FROM daily_report_gaps g WHERE g.report_id = r.id), 0) AS BIGINT) AS missing,
                CAST(COALESCE((SELECT SUM(g.short - g.solved) FROM daily_report_gaps g WHERE g.report_id = r.id), 0) AS BIGINT)
                  AS unsolved
         FROM daily_reports r JOIN people p ON p.id = r.filed_by
         WHERE r.unit_id = $1 AND r.report_date = $2 ORDER BY r.version DESC",
    )
    .bind(unit_id)
    .bind(today.to_string())
    .fetch_all(&db.pool)
    .await?;
    Ok(ReportPage {
        unit_id,
        unit_name: staffing.unit_name,
        today,
        may_change,
        shift_types: staffing.shift_types,
        // Every competence, retired ones too: a base-staffing need may still name one.
        competences: crate::features::competences::server::list_competences(db).await?,
        draft,
        prefill,
        schedule_gaps: facts.gaps,
        history,
        score,
        pool_requests: pool_requests_of(db, unit_id, today).await?,
        status: status_of(db, unit_id, today).await?,
        materials: crate::features::equipment::server::active_materials(db).await?,
    })
}

/// When the unit's report of `date` was last filed, and when it was last asked for.
pub async fn status_of(db: &Db, unit_id: i64, date: Date) -> Result<ReportStatus, AppError> {
    let (filed, reminded): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT MAX(filed_at) FROM daily_reports WHERE unit_id = $1 AND report_date = $2),
                (SELECT MAX(reminded_at) FROM report_reminders WHERE unit_id = $1 AND report_date = $2)",
    )
    .bind(unit_id)
    .bind(date.to_string())
    .fetch_one(&db.pool)
    .await?;
    let at = |s: Option<i64>| s.and_then(|s| jiff::Timestamp::from_second(s).ok());
    Ok(ReportStatus { filed_at: at(filed), reminded_at: at(reminded) })
}

/// The latest reminder of `date` per unit.
pub async fn reminders_of(db: &Db, date: Date) -> Result<BTreeMap<i64, jiff::Timestamp>, AppError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT unit_id, MAX(reminded_at) FROM report_reminders WHERE report_date = $1 GROUP BY unit_id",
    )
    .bind(date.to_string())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().filter_map(|(unit, at)| Some((unit, jiff::Timestamp::from_second(at).ok()?))).collect())
}

/// A coordinator asks an active unit for today's report: recorded with its audit row, and
/// heard live by the unit's managers (their unit page and report page say so).
pub async fn remind(db: &Db, actor: i64, unit_id: i64) -> Result<(), AppError> {
    let unit = crate::features::units::server::get_unit(db, unit_id).await?;
    if !unit.active {
        return Err(AppError::NotFound);
    }
    let (now, today) = (db.now(), db.today());
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO report_reminders (unit_id, report_date, reminded_by, reminded_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(unit_id)
    .bind(today.to_string())
    .bind(actor)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        audit::Action::Remind,
        audit::Entity::Unit,
        Some(unit_id),
        Changes::default().created("date", today.to_string()),
    )
    .await?;
    tx.commit().await?;
    db.publish(Signal::unit_report(unit_id)).await;
    Ok(())
}

/// The unit's pool requests for `from` and later, open ones first.
pub async fn pool_requests_of(db: &Db, unit_id: i64, from: Date) -> Result<Vec<PoolRequestRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT q.id, q.shift_date, q.shift_type_id, t.name AS shift_name, q.competence_id,
                c.name_sv AS competence_sv, c.name_en AS competence_en, q.headcount, q.filled, q.state
         FROM pool_requests q JOIN shift_types t ON t.id = q.shift_type_id
         LEFT JOIN competences c ON c.id = q.competence_id
         WHERE q.unit_id = $1 AND q.shift_date >= $2
         ORDER BY q.state, q.shift_date, t.start_time, c.name_sv",
    )
    .bind(unit_id)
    .bind(from.to_string())
    .fetch_all(&db.pool)
    .await?)
}

/// How scarce each competence is now: the pool's active holders of it against the unsolved
/// demand for it in the municipality's open pool requests from `from` on (see `domain::need`).
pub async fn scarcities(db: &Db, from: Date) -> Result<BTreeMap<i64, f64>, AppError> {
    let demand: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT competence_id, CAST(SUM(headcount - filled) AS BIGINT) FROM pool_requests
         WHERE state = $1 AND shift_date >= $2 AND competence_id IS NOT NULL GROUP BY competence_id",
    )
    .bind(PoolRequestState::Open)
    .bind(from.to_string())
    .fetch_all(&db.pool)
    .await?;
    let supply: BTreeMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT pc.competence_id, COUNT(DISTINCT p.id) FROM people p
         JOIN person_roles r ON r.person_id = p.id AND r.role = $1
         JOIN person_competences pc ON pc.person_id = p.id
         WHERE p.active = 1 GROUP BY pc.competence_id",
    )
    .bind(crate::domain::Role::PoolWorker)
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .collect();
    Ok(demand
        .into_iter()
        .map(|(competence, wanted)| {
            let supply = supply.get(&competence).copied().unwrap_or(0);
            (competence, need::scarcity(clamp_u32(supply), clamp_u32(wanted)))
        })
        .collect())
}

fn clamp_u32(n: i64) -> u32 {
    n.clamp(0, i64::from(u32::MAX)) as u32
}

/// The score of a report now, from its lines, the schedule's planned staff and the pool.
pub fn need_input(
    report: &ReportDraft,
    planned: i64,
    shift_types: &[ShiftTypeRow],
    scarcity: &BTreeMap<i64, f64>,
    now: jiff::Timestamp,
) -> NeedInput {
    let missing = report
        .gaps
        .iter()
        .filter(|g| g.unsolved() > 0)
        .filter_map(|g| {
            let t = shift_types.iter().find(|t| t.id == g.shift_type_id)?;
            let span = span_on(day_after(report.date, g.day), t.start, t.end);
            Some(MissingStaff {
                count: clamp_u32(g.unsolved()),
                scarcity: g.competence_id.and_then(|c| scarcity.get(&c).copied()).unwrap_or(0.0),
                starts_in_minutes: span.start.duration_since(now).as_mins(),
            })
        })
        .collect();
    NeedInput {
        planned: clamp_u32(planned),
        missing,
        outbreak: report.outbreak,
        confirmed_cases: clamp_u32(report.cases_recipients.saturating_add(report.cases_staff)),
        recipients_affected: clamp_u32(report.recipients_affected),
    }
}

async fn score_of(
    db: &Db,
    report: &ReportDraft,
    planned: i64,
    shift_types: &[ShiftTypeRow],
) -> Result<NeedScore, AppError> {
    let scarcity = scarcities(db, report.date).await?;
    Ok(need::score(&need_input(report, planned, shift_types, &scarcity, db.clock.now())))
}

/// Files `draft` as today's next version and brings the unit's pool requests for the report's
/// two days in line with its unsolved gaps: new ones opened, changed ones updated, ones no longer
/// needed withdrawn (requests from the week view are left alone). One transaction with its audit
/// row; the live channel tells the unit's readers and the coordinators after the commit.
pub async fn file(db: &Db, actor: i64, draft: ReportDraft) -> Result<Filed, AppError> {
    let today = db.today();
    if draft.date != today {
        return Err(AppError::Conflict(ConflictCode::ReportChanged));
    }
    let counts = [
        ("cases_recipients", draft.cases_recipients),
        ("cases_staff", draft.cases_staff),
        ("recipients_affected", draft.recipients_affected),
    ];
    for (field, value) in counts {
        if !(0..=MAX_COUNT).contains(&value) {
            return Err(AppError::out_of_range(field, &(0..=MAX_COUNT)));
        }
    }
    let note = NoteText::parse("note", &draft.note, NOTE_MAX)?;
    let stock = check_stock(db, &draft.stock).await?;
    let staffing = crate::features::base_staffing::server::get(db, draft.unit_id).await?;
    let type_ids: Vec<i64> = staffing.shift_types.iter().map(|t| t.id).collect();
    report::check_lines(&draft.absences, &draft.gaps, &type_ids)?;
    // Any competence that exists: the schedule's gaps may name one retired since.
    let competence_ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM competences").fetch_all(&db.pool).await?;
    let known = |c: &Option<i64>| c.is_none_or(|c| competence_ids.contains(&c));
    if !draft.absences.iter().all(|a| known(&a.competence_id)) || !draft.gaps.iter().all(|g| known(&g.competence_id)) {
        return Err(AppError::invalid("competence", crate::error::InvalidCode::UnknownChoice));
    }
    let facts = schedule_facts(db, draft.unit_id, today).await?;
    let score = score_of(db, &draft, facts.planned, &staffing.shift_types).await?;

    let mut tx = db.begin_write().await?;
    let current: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM daily_reports WHERE unit_id = $1 AND report_date = $2")
            .bind(draft.unit_id)
            .bind(today.to_string())
            .fetch_one(&mut *tx)
            .await?;
    if current.unwrap_or(0) != draft.based_on {
        return Err(AppError::Conflict(ConflictCode::ReportChanged));
    }
    let version = draft.based_on + 1;
    let now = db.now();
    let report_id: i64 = sqlx::query_scalar(
        "INSERT INTO daily_reports (unit_id, report_date, version, filed_by, filed_at, cases_recipients, cases_staff,
                                    outbreak, recipients_affected, note, planned_staff, need_score)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(draft.unit_id)
    .bind(today.to_string())
    .bind(version)
    .bind(actor)
    .bind(now)
    .bind(draft.cases_recipients)
    .bind(draft.cases_staff)
    .bind(i64::from(draft.outbreak))
    .bind(draft.recipients_affected)
    .bind(note.as_str())
    .bind(facts.planned)
    .bind(i64::from(score.total))
    .fetch_one(&mut *tx)
    .await
    .on_constraint(ONE_VERSION, AppError::Conflict(ConflictCode::ReportChanged))?;
    for a in &draft.absences {
        sqlx::query(
            "INSERT INTO daily_report_absences (report_id, day_offset, reason, competence_id, headcount)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(report_id)
        .bind(i64::from(a.day))
        .bind(a.reason)
        .bind(a.competence_id)
        .bind(a.headcount)
        .execute(&mut *tx)
        .await?;
    }
    for g in &draft.gaps {
        sqlx::query(
            "INSERT INTO daily_report_gaps (report_id, day_offset, shift_type_id, competence_id, short, solved)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(report_id)
        .bind(i64::from(g.day))
        .bind(g.shift_type_id)
        .bind(g.competence_id)
        .bind(g.short)
        .bind(g.solved)
        .execute(&mut *tx)
        .await?;
    }
    for c in &stock {
        sqlx::query("INSERT INTO daily_report_stock (report_id, material_id, on_hand, used) VALUES ($1, $2, $3, $4)")
            .bind(report_id)
            .bind(c.material_id)
            .bind(c.on_hand)
            .bind(c.used)
            .execute(&mut *tx)
            .await?;
    }
    let wanted = report::wanted(&draft.gaps);
    let open_requests = sync_pool_requests(&mut tx, db, &draft, report_id, &wanted, &staffing.shift_types).await?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        audit::Action::FileReport,
        audit::Entity::DailyReport,
        Some(report_id),
        Changes::default()
            .created("unit", draft.unit_id)
            .created("date", today.to_string())
            .created("version", version)
            .created("need_score", i64::from(score.total))
            .created("pool_requests", open_requests),
    )
    .await?;
    tx.commit().await?;
    db.publish(Signal::unit_report(draft.unit_id)).await;
    Ok(Filed { version, score, open_requests })
}

/// The report's equipment counts, checked: known active materials, each once, whole numbers in
/// range, a usage only beside a count. Materials not counted are left out.
async fn check_stock(db: &Db, counts: &[StockCount]) -> Result<Vec<StockCount>, AppError> {
    let materials = crate::features::equipment::server::active_materials(db).await?;
    let max = crate::features::equipment::server::MAX_QUANTITY;
    let mut out: Vec<StockCount> = Vec::new();
    for c in counts {
        if !materials.iter().any(|m| m.id == c.material_id) || out.iter().any(|o| o.material_id == c.material_id) {
            return Err(AppError::invalid("stock", crate::error::InvalidCode::UnknownChoice));
        }
        let in_range = |v: Option<i64>| v.is_none_or(|v| (0..=max).contains(&v));
        if !in_range(c.on_hand) {
            return Err(AppError::out_of_range(&format!("stock_{}", c.material_id), &(0..=max)));
        }
        if !in_range(c.used) {
            return Err(AppError::out_of_range(&format!("used_{}", c.material_id), &(0..=max)));
        }
        match (c.on_hand, c.used) {
            (None, None) => {}
            (None, Some(_)) => {
                return Err(AppError::invalid(
                    &format!("stock_{}", c.material_id),
                    crate::error::InvalidCode::Required,
                ));
            }
            (Some(_), _) => out.push(*c),
        }
    }
    Ok(out)
}

/// Opens, updates and withdraws the unit's report-raised pool requests of the report's two days
/// so that they are exactly `wanted`; answers how many are open.
async fn sync_pool_requests(
    tx: &mut sqlx::AnyConnection,
    db: &Db,
    draft: &ReportDraft,
    report_id: i64,
    wanted: &[Wanted],
    shift_types: &[ShiftTypeRow],
) -> Result<i64, AppError> {
    let days = [day_after(draft.date, 0).to_string(), day_after(draft.date, 1).to_string()];
    #[derive(sqlx::FromRow)]
    struct Existing {
        id: i64,
        shift_date: String,
        shift_type_id: i64,
        competence_id: Option<i64>,
        origin: String,
    }
    // Every request of the two days, whoever raised it: there is one request per shift and
    // competence, so a gap already asked for from the week view is the same request.
    let existing: Vec<Existing> = sqlx::query_as(
        "SELECT id, shift_date, shift_type_id, competence_id, origin FROM pool_requests
         WHERE unit_id = $1 AND shift_date IN ($2, $3)",
    )
    .bind(draft.unit_id)
    .bind(&days[0])
    .bind(&days[1])
    .fetch_all(&mut *tx)
    .await?;
    let now = db.now();
    let mut kept = Vec::new();
    for w in wanted {
        let date = &days[usize::from(w.day.min(1))];
        let found = existing.iter().find(|e| {
            &e.shift_date == date && e.shift_type_id == w.shift_type_id && e.competence_id == w.competence_id
        });
        match found {
            Some(e) => {
                kept.push(e.id);
                sqlx::query(
                    "UPDATE pool_requests SET headcount = $1, state = $2, report_id = $3, updated_at = $4 WHERE id = $5",
                )
                .bind(w.headcount)
                .bind(PoolRequestState::Open)
                .bind(report_id)
                .bind(now)
                .bind(e.id)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                let Some(t) = shift_types.iter().find(|t| t.id == w.shift_type_id) else { continue };
                let span = span_on(day_after(draft.date, w.day), t.start, t.end);
                sqlx::query(
                    "INSERT INTO pool_requests (unit_id, shift_date, shift_type_id, competence_id, starts_at, ends_at,
                                                headcount, filled, state, origin, report_id, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, 'daily_report', $9, $10, $10)",
                )
                .bind(draft.unit_id)
                .bind(date)
                .bind(w.shift_type_id)
                .bind(w.competence_id)
                .bind(span.start.as_second())
                .bind(span.end.as_second())
                .bind(w.headcount)
                .bind(PoolRequestState::Open)
                .bind(report_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    // Only what a report asked for is withdrawn by a report.
    for e in existing.iter().filter(|e| !kept.contains(&e.id) && e.origin == "daily_report") {
        sqlx::query(
            "UPDATE pool_requests SET state = $1, report_id = $2, updated_at = $3 WHERE id = $4 AND state = $5",
        )
        .bind(PoolRequestState::Withdrawn)
        .bind(report_id)
        .bind(now)
        .bind(e.id)
        .bind(PoolRequestState::Open)
        .execute(&mut *tx)
        .await?;
    }
    Ok(wanted.len() as i64)
}
