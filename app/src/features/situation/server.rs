//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::Role;
use crate::domain::need;
use crate::domain::report::{GapLine, PoolRequestState};
use crate::error::AppError;
use crate::features::base_staffing::ShiftTypeRow;
use crate::features::daily_report::ReportDraft;
use crate::features::daily_report::server::{need_input, scarcities};
use crate::features::providers::server::list_providers;
use crate::features::units::server::list_units;
use crate::ssr::Db;
use crate::ssr::db::{Flag, UnixSeconds};
use std::collections::BTreeMap;

/// The competence code that marks a pool worker as service-only (simple service tasks, no care).
pub const SERVICE_ONLY_COMPETENCE: &str = "service_only";

/// The picture: every active unit (or only `only`), today's newest report of each with its need
/// score recomputed now, the unsolved gap by competence, and the unit's open pool requests. A
/// fixed handful of queries whatever the number of units (300 in `--scale 10`).
pub async fn overview(db: &Db, only: Option<&[i64]>) -> Result<MunicipalityOverview, AppError> {
    let today = db.today();
    let now = db.clock.now();
    let providers = list_providers(db).await?;
    let units: Vec<Unit> = list_units(db, "")
        .await?
        .into_iter()
        .filter(|u| u.active && only.is_none_or(|ids| ids.contains(&u.id)))
        .collect();
    let competences = crate::features::competences::server::list_competences(db).await?;

    #[derive(sqlx::FromRow)]
    struct Latest {
        id: i64,
        unit_id: i64,
        version: i64,
        #[sqlx(try_from = "UnixSeconds")]
        filed_at: jiff::Timestamp,
        cases_recipients: i64,
        cases_staff: i64,
        #[sqlx(try_from = "Flag")]
        outbreak: bool,
        recipients_affected: i64,
        planned_staff: i64,
    }
    let latest: Vec<Latest> = sqlx::query_as(
        "SELECT r.id, r.unit_id, r.version, r.filed_at, r.cases_recipients, r.cases_staff, r.outbreak,
                r.recipients_affected, r.planned_staff
         FROM daily_reports r
         WHERE r.report_date = $1
           AND r.version = (SELECT MAX(v.version) FROM daily_reports v WHERE v.unit_id = r.unit_id AND v.report_date = $1)",
    )
    .bind(today.to_string())
    .fetch_all(&db.pool)
    .await?;
    let mut lines: BTreeMap<i64, Vec<GapLine>> = BTreeMap::new();
    let rows: Vec<(i64, i64, i64, Option<i64>, i64, i64)> = sqlx::query_as(
        "SELECT g.report_id, g.day_offset, g.shift_type_id, g.competence_id, g.short, g.solved
         FROM daily_report_gaps g JOIN daily_reports r ON r.id = g.report_id WHERE r.report_date = $1",
    )
    .bind(today.to_string())
    .fetch_all(&db.pool)
    .await?;
    for (report, day, shift_type_id, competence_id, short, solved) in rows {
        lines.entry(report).or_default().push(GapLine { day: day as u8, shift_type_id, competence_id, short, solved });
    }
    let absent: BTreeMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT a.report_id, CAST(SUM(a.headcount) AS BIGINT) FROM daily_report_absences a
         JOIN daily_reports r ON r.id = a.report_id WHERE r.report_date = $1 AND a.day_offset = 0 GROUP BY a.report_id",
    )
    .bind(today.to_string())
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .collect();
    let shift_types: Vec<ShiftTypeRow> =
        sqlx::query_as("SELECT id, code, name, start_time, end_time FROM shift_types").fetch_all(&db.pool).await?;
    let open: BTreeMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT unit_id, CAST(SUM(headcount - filled) AS BIGINT) FROM pool_requests
         WHERE state = $1 AND shift_date >= $2 GROUP BY unit_id",
    )
    .bind(PoolRequestState::Open)
    .bind(today.to_string())
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .collect();
    let scarcity = scarcities(db, today).await?;
    let reminders = crate::features::daily_report::server::reminders_of(db, today).await?;

    let mut reports: BTreeMap<i64, ReportSummary> = BTreeMap::new();
    for r in latest {
        let gaps = lines.remove(&r.id).unwrap_or_default();
        let draft = ReportDraft {
            unit_id: r.unit_id,
            date: today,
            based_on: r.version,
            cases_recipients: r.cases_recipients,
            cases_staff: r.cases_staff,
            outbreak: r.outbreak,
            recipients_affected: r.recipients_affected,
            note: String::new(),
            absences: Vec::new(),
            gaps,
            stock: Vec::new(),
        };
        let score = need::score(&need_input(&draft, r.planned_staff, &shift_types, &scarcity, now));
        let mut missing: BTreeMap<Option<i64>, i64> = BTreeMap::new();
        for g in draft.gaps.iter().filter(|g| g.unsolved() > 0) {
            *missing.entry(g.competence_id).or_default() += g.unsolved();
        }
        reports.insert(
            r.unit_id,
            ReportSummary {
                version: r.version,
                filed_at: r.filed_at,
                score,
                missing: missing
                    .into_iter()
                    .map(|(competence_id, unsolved)| CompetenceGap { competence_id, unsolved })
                    .collect(),
                absent: absent.get(&r.id).copied().unwrap_or(0),
                outbreak: r.outbreak,
                cases: r.cases_recipients + r.cases_staff,
            },
        );
    }
    let mut units: Vec<UnitSituation> = units
        .into_iter()
        .map(|unit| UnitSituation {
            report: reports.remove(&unit.id),
            open_requests: open.get(&unit.id).copied().unwrap_or(0),
            reminded_at: reminders.get(&unit.id).copied(),
            unit,
        })
        .collect();
    // Greatest need first; units not reported after the reported ones, by name.
    units.sort_by(|a, b| {
        let need = |u: &UnitSituation| u.report.as_ref().map(|r| i16::from(r.score.total)).unwrap_or(-1);
        need(b).cmp(&need(a)).then_with(|| a.unit.name.cmp(&b.unit.name))
    });
    let counts = pool_counts(db).await?;
    Ok(MunicipalityOverview {
        today,
        providers: providers.into_iter().filter(|p| units.iter().any(|u| u.unit.provider_id == p.id)).collect(),
        units,
        competences,
        pool_care_qualified: counts.pool_all - counts.pool_service,
        pool_service_only: counts.pool_service,
        service_team: counts.service_team,
        may_remind: false,
    })
}

#[derive(sqlx::FromRow)]
struct Counts {
    pool_all: i64,
    pool_service: i64,
    service_team: i64,
}

/// Pool workers are split in two tiers by the `service_only` competence.
async fn pool_counts(db: &Db) -> Result<Counts, AppError> {
    Ok(sqlx::query_as(
        "SELECT
           (SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people p ON p.id = r.person_id
             WHERE r.role = $1 AND p.active = 1) AS pool_all,
           (SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people p ON p.id = r.person_id
             JOIN person_competences pc ON pc.person_id = r.person_id JOIN competences c ON c.id = pc.competence_id
             WHERE r.role = $1 AND p.active = 1 AND c.code = $2) AS pool_service,
           (SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people p ON p.id = r.person_id
             WHERE r.role = $3 AND p.active = 1) AS service_team",
    )
    .bind(Role::PoolWorker)
    .bind(SERVICE_ONLY_COMPETENCE)
    .bind(Role::ServiceTeam)
    .fetch_one(&db.pool)
    .await?)
}

pub async fn unit_history(db: &Db, unit_id: i64) -> Result<UnitHistory, AppError> {
    let unit = crate::features::units::server::get_unit(db, unit_id).await?;
    let today = db.today();
    let first = today.checked_sub(jiff::Span::new().days(HISTORY_DAYS - 1)).unwrap_or(today);
    let reports: Vec<FiledReport> = sqlx::query_as(
        "SELECT r.report_date, r.version, r.filed_at, p.name AS filed_by, r.need_score, r.outbreak, r.note,
                CAST(COALESCE((SELECT SUM(a.headcount) FROM daily_report_absences a
                               WHERE a.report_id = r.id AND a.day_offset = 0), 0) AS BIGINT) AS absent,
                CAST(COALESCE((SELECT SUM(g.short - g.solved) FROM daily_report_gaps g WHERE g.report_id = r.id), 0)
                  AS BIGINT) AS unsolved
         FROM daily_reports r JOIN people p ON p.id = r.filed_by
         WHERE r.unit_id = $1 AND r.report_date >= $2 AND r.report_date <= $3
         ORDER BY r.report_date DESC, r.version DESC",
    )
    .bind(unit_id)
    .bind(first.to_string())
    .bind(today.to_string())
    .fetch_all(&db.pool)
    .await?;
    let days = (0..HISTORY_DAYS)
        .filter_map(|n| first.checked_add(jiff::Span::new().days(n)).ok())
        .map(|date| {
            // Newest first: the first of the day is its newest version.
            let newest = reports.iter().find(|r| r.report_date == date);
            DayFigure { date, need_score: newest.map(|r| r.need_score), unsolved: newest.map_or(0, |r| r.unsolved) }
        })
        .collect();
    Ok(UnitHistory { unit, today, days, reports })
}

/// One unit on one day, for the county board's export: the day's newest report, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    pub date: jiff::civil::Date,
    pub unit: Unit,
    pub provider_kind: crate::domain::ProviderKind,
    pub report: Option<ExportedReport>,
}

/// The figures of one report for its own date (day 0).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ExportedReport {
    pub unit_id: i64,
    #[sqlx(try_from = "crate::ssr::db::CivilDate")]
    pub report_date: jiff::civil::Date,
    pub version: i64,
    pub need_score: i64,
    pub absent: i64,
    pub own_illness: i64,
    pub child_care: i64,
    pub short: i64,
    pub solved: i64,
    pub cases_recipients: i64,
    pub cases_staff: i64,
    #[sqlx(try_from = "Flag")]
    pub outbreak: bool,
    pub recipients_affected: i64,
}

/// The longest period one export covers.
pub const EXPORT_MAX_DAYS: i64 = 92;

/// Every active unit (or only `only`) on every day from `from` to `to`, with that day's newest
/// report; by date, then provider and unit.
pub async fn export_rows(
    db: &Db,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    only: Option<&[i64]>,
) -> Result<Vec<ExportRow>, AppError> {
    let units: Vec<Unit> = list_units(db, "")
        .await?
        .into_iter()
        .filter(|u| u.active && only.is_none_or(|ids| ids.contains(&u.id)))
        .collect();
    let kinds: BTreeMap<i64, crate::domain::ProviderKind> =
        list_providers(db).await?.into_iter().map(|p| (p.id, p.kind)).collect();
    let sum = |what: &str, filter: &str| format!("CAST(COALESCE((SELECT SUM({what}) FROM {filter}), 0) AS BIGINT)");
    let sql = format!(
        "SELECT r.unit_id, r.report_date, r.version, r.need_score, r.cases_recipients, r.cases_staff, r.outbreak,
                r.recipients_affected,
                {} AS absent, {} AS own_illness, {} AS child_care, {} AS short, {} AS solved
         FROM daily_reports r
         WHERE r.report_date >= $1 AND r.report_date <= $2
           AND r.version = (SELECT MAX(v.version) FROM daily_reports v
                            WHERE v.unit_id = r.unit_id AND v.report_date = r.report_date)",
        sum("a.headcount", "daily_report_absences a WHERE a.report_id = r.id AND a.day_offset = 0"),
        sum("a.headcount", "daily_report_absences a WHERE a.report_id = r.id AND a.day_offset = 0 AND a.reason = $3"),
        sum("a.headcount", "daily_report_absences a WHERE a.report_id = r.id AND a.day_offset = 0 AND a.reason = $4"),
        sum("g.short", "daily_report_gaps g WHERE g.report_id = r.id AND g.day_offset = 0"),
        sum("g.solved", "daily_report_gaps g WHERE g.report_id = r.id AND g.day_offset = 0"),
    );
    let mut reports: BTreeMap<(jiff::civil::Date, i64), ExportedReport> = sqlx::query_as::<_, ExportedReport>(&sql)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(crate::domain::report::AbsenceReason::OwnIllness)
        .bind(crate::domain::report::AbsenceReason::ChildCare)
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(|r| ((r.report_date, r.unit_id), r))
        .collect();
    let mut rows = Vec::new();
    let mut date = from;
    while date <= to {
        for unit in &units {
            rows.push(ExportRow {
                date,
                provider_kind: kinds.get(&unit.provider_id).copied().unwrap_or(crate::domain::ProviderKind::Private),
                report: reports.remove(&(date, unit.id)),
                unit: unit.clone(),
            });
        }
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    Ok(rows)
}
