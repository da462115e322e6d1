//! The coordinator's situation picture (lägesbild) of the whole municipality.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::domain::need::NeedScore;
use crate::error::AppError;
use crate::features::providers::Provider;
use crate::features::units::Unit;
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The municipality-wide picture: every active unit with today's report, need and requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityOverview {
    /// The server's today: the day the reports are of.
    pub today: jiff::civil::Date,
    pub providers: Vec<Provider>,
    pub units: Vec<UnitSituation>,
    pub competences: Vec<crate::model::Competence>,
    pub pool_care_qualified: i64,
    pub pool_service_only: i64,
    pub service_team: i64,
    /// Whether the reader may ask units for their report (coordinators, administrators).
    pub may_remind: bool,
}

/// One unit in the picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitSituation {
    pub unit: Unit,
    /// Today's report (its newest version); `None`: not reported today.
    pub report: Option<ReportSummary>,
    /// People still wanted in the unit's open pool requests from today on.
    pub open_requests: i64,
    /// When a coordinator last asked for today's report.
    pub reminded_at: Option<jiff::Timestamp>,
}

/// What the picture shows of a unit's report of today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub version: i64,
    pub filed_at: jiff::Timestamp,
    /// The need score now (its urgency part moves with the clock).
    pub score: NeedScore,
    /// The gap the unit cannot solve, per competence (`None`: any staff), both days together.
    pub missing: Vec<CompetenceGap>,
    pub absent: i64,
    pub outbreak: bool,
    pub cases: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetenceGap {
    pub competence_id: Option<i64>,
    pub unsolved: i64,
}

/// The municipality-wide picture: coordinators and administrators see every unit; a unit
/// manager sees only their own units.
#[server(endpoint = "overview")]
pub async fn get_municipality_overview() -> Result<MunicipalityOverview, AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin, Role::UnitManager]).await?;
        let db = context()?.db;
        let sees_all = user.has(Role::Coordinator) || user.has(Role::Admin);
        let only = if sees_all { None } else { Some(crate::ssr::guard::managed_unit_ids(&db, user.id).await?) };
        Ok(MunicipalityOverview { may_remind: sees_all, ..server::overview(&db, only.as_deref()).await? })
    })
    .await
}

/// A unit's last [`HISTORY_DAYS`] days of reports, for the drill-down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitHistory {
    pub unit: Unit,
    pub today: jiff::civil::Date,
    /// One per day, oldest first; a day without a report has `None`.
    pub days: Vec<DayFigure>,
    /// Every version filed in the period, newest first.
    pub reports: Vec<FiledReport>,
}

pub const HISTORY_DAYS: i64 = 14;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayFigure {
    pub date: jiff::civil::Date,
    /// The need score of the day's newest version, as filed.
    pub need_score: Option<i64>,
    pub unsolved: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct FiledReport {
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::CivilDate"))]
    pub report_date: jiff::civil::Date,
    pub version: i64,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::UnixSeconds"))]
    pub filed_at: jiff::Timestamp,
    pub filed_by: String,
    pub need_score: i64,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub outbreak: bool,
    pub note: String,
    pub absent: i64,
    pub unsolved: i64,
}

/// A unit's reports of the last two weeks: whoever may see its planning (its managers,
/// coordinators, administrators).
#[server(endpoint = "unit_situation")]
pub async fn get_unit_situation(unit_id: i64) -> Result<UnitHistory, AppError> {
    respond(async move {
        let (_, db, _) = crate::ssr::guard::planning_reader_of(unit_id).await?;
        server::unit_history(&db, unit_id).await
    })
    .await
}

/// Asks a unit for today's report (coordinators, administrators).
#[server(endpoint = "remind_unit")]
pub async fn remind_unit(unit_id: i64) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin]).await?;
        crate::features::daily_report::server::remind(&context()?.db, user.id, unit_id).await
    })
    .await
}
