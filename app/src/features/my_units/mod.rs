//! The unit manager's home: their units and each unit's staff.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;
use crate::features::units::Unit;
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A unit as its manager or the coordinator sees it, with its staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitStaff {
    pub unit: Unit,
    pub staff: Vec<StaffMember>,
    /// Today's daily report: filed when, asked for when.
    pub report: crate::features::daily_report::ReportStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i64,
    pub name: String,
    pub employment_percent: i64,
    pub competences: Vec<String>,
}

/// The units the caller manages, with their staff.
#[server(endpoint = "my_units")]
pub async fn my_units() -> Result<Vec<UnitStaff>, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager]).await?;
        let db = context()?.db;
        let mut out = Vec::new();
        for unit_id in crate::ssr::guard::managed_unit_ids(&db, user.id).await? {
            out.push(server::unit_staff(&db, unit_id).await?);
        }
        Ok(out)
    })
    .await
}

/// One unit's staff: its managers, coordinators and administrators only — never by guessing ids.
#[server(endpoint = "unit_staff")]
pub async fn get_unit_staff(unit_id: i64) -> Result<UnitStaff, AppError> {
    respond(async move {
        let user = require(crate::ssr::guard::PLANNERS).await?;
        let db = context()?.db;
        let sees_all = user.has(Role::Coordinator) || user.has(Role::Admin);
        if !sees_all && !crate::ssr::guard::managed_unit_ids(&db, user.id).await?.contains(&unit_id) {
            return Err(AppError::Forbidden);
        }
        server::unit_staff(&db, unit_id).await
    })
    .await
}
