//! The unit manager's daily report (lägesrapport) for today and tomorrow: absences, the gap per
//! shift and competence (prefilled from the schedule, adjustable), the infection situation, what
//! the unit solves itself, a note. Filing it raises, changes or withdraws the unit's pool
//! requests; a correction the same day is a new version, the old ones stay as its history.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::domain::need::NeedScore;
use crate::domain::report::{Absence, GapLine, PoolRequestState};
use crate::error::AppError;
use crate::features::base_staffing::ShiftTypeRow;
use crate::model::Competence;
#[cfg(feature = "ssr")]
use crate::ssr::guard::{planner_of, planning_reader_of};
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use jiff::civil::Date;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A report as the form holds it: what the manager files, what a saved draft keeps on the
/// tablet, and what the page prefills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDraft {
    pub unit_id: i64,
    /// The report's date (day 0); filing refuses a draft of another day.
    pub date: Date,
    /// The version this draft corrects (0: the day's first report). Filing refuses it if someone
    /// filed another version meanwhile, so no one overwrites what they have not seen.
    pub based_on: i64,
    pub cases_recipients: i64,
    pub cases_staff: i64,
    pub outbreak: bool,
    pub recipients_affected: i64,
    pub note: String,
    pub absences: Vec<Absence>,
    pub gaps: Vec<GapLine>,
    /// Protective equipment counted today (a draft saved before this existed has none).
    #[serde(default)]
    pub stock: Vec<StockCount>,
}

/// One material's count in the report. `None`: not counted. The form sends what it could not
/// read as a whole number as -1, so the server names the field instead of dropping the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockCount {
    pub material_id: i64,
    pub on_hand: Option<i64>,
    /// Used since the unit's previous report; worked out from the counts when not given.
    pub used: Option<i64>,
}

/// Where the form's values came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Prefill {
    /// Today's filed report (the form corrects it).
    Today,
    /// Yesterday's report (its "tomorrow" is today) and today's schedule.
    Yesterday,
    /// Only the schedule: no report yesterday.
    Schedule,
}

/// One filed version, for the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ReportVersion {
    pub version: i64,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::UnixSeconds"))]
    pub filed_at: jiff::Timestamp,
    pub filed_by: String,
    pub need_score: i64,
    pub missing: i64,
    pub unsolved: i64,
}

/// A pool request of the unit, as its manager follows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PoolRequestRow {
    pub id: i64,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::CivilDate"))]
    pub shift_date: Date,
    pub shift_type_id: i64,
    pub shift_name: String,
    pub competence_id: Option<i64>,
    pub competence_sv: Option<String>,
    pub competence_en: Option<String>,
    pub headcount: i64,
    pub filled: i64,
    pub state: PoolRequestState,
}

/// Today's report of a unit at a glance: when it was filed (its newest version), and when a
/// coordinator last asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ReportStatus {
    pub filed_at: Option<jiff::Timestamp>,
    pub reminded_at: Option<jiff::Timestamp>,
}

/// Everything the report page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    pub unit_id: i64,
    pub unit_name: String,
    /// The server's today: the report's date.
    pub today: Date,
    /// Whether the reader may file (the unit's managers, administrators); coordinators read.
    pub may_change: bool,
    pub shift_types: Vec<ShiftTypeRow>,
    pub competences: Vec<Competence>,
    pub draft: ReportDraft,
    pub prefill: Prefill,
    /// Today's gap per shift and competence as the schedule has it (the form can go back to it).
    pub schedule_gaps: Vec<GapLine>,
    /// Today's versions, newest first.
    pub history: Vec<ReportVersion>,
    /// The need score of today's report now (its urgency changes with the hour), if filed.
    pub score: Option<NeedScore>,
    pub pool_requests: Vec<PoolRequestRow>,
    pub status: ReportStatus,
    /// The protective-equipment catalogue's active materials, counted in the report.
    pub materials: Vec<crate::features::equipment::Material>,
}

/// What filing answers: the version stored and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Filed {
    pub version: i64,
    pub score: NeedScore,
    pub open_requests: i64,
}

/// Today's report of a unit, prefilled, with its history and pool requests.
#[server(endpoint = "daily_report")]
pub async fn get_daily_report(unit_id: i64) -> Result<ReportPage, AppError> {
    respond(async move {
        let (_, db, may_change) = planning_reader_of(unit_id).await?;
        server::page(&db, unit_id, may_change).await
    })
    .await
}

/// Files (or corrects) today's report; JSON, since it holds lists of lines.
#[server(endpoint = "file_daily_report", input = Json)]
pub async fn file_daily_report(draft: ReportDraft) -> Result<Filed, AppError> {
    respond(async move {
        let (user, db) = planner_of(draft.unit_id).await?;
        server::file(&db, user.id, draft).await
    })
    .await
}
