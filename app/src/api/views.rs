//! Read models for the role home pages.
use crate::error::AppError;
use crate::model::{MunicipalityOverview, MyProfile, UnitStaff};
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    ssr::{auth::require, context, org, people, respond},
};
use leptos::prelude::*;

/// The municipality-wide picture: coordinators and administrators.
#[server(endpoint = "overview")]
pub async fn get_municipality_overview() -> Result<MunicipalityOverview, AppError> {
    respond(async move {
        require(&[Role::Coordinator, Role::Admin]).await?;
        org::overview(&context()?.db).await
    })
    .await
}

/// The units the caller manages, with their staff.
#[server(endpoint = "my_units")]
pub async fn my_units() -> Result<Vec<UnitStaff>, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager]).await?;
        let db = context()?.db;
        let mut out = Vec::new();
        for unit_id in people::managed_unit_ids(&db, user.id).await? {
            out.push(people::unit_staff(&db, unit_id).await?);
        }
        Ok(out)
    })
    .await
}

/// One unit's staff: its managers, coordinators and administrators only — never by guessing ids.
#[server(endpoint = "unit_staff")]
pub async fn get_unit_staff(unit_id: i64) -> Result<UnitStaff, AppError> {
    respond(async move {
        let user = require(&[Role::UnitManager, Role::Coordinator, Role::Admin]).await?;
        let db = context()?.db;
        let sees_all = user.has(Role::Coordinator) || user.has(Role::Admin);
        if !sees_all && !people::managed_unit_ids(&db, user.id).await?.contains(&unit_id) {
            return Err(AppError::Forbidden);
        }
        people::unit_staff(&db, unit_id).await
    })
    .await
}

/// The caller's own profile; there is no id parameter, so nobody can read another's.
#[server(endpoint = "my_profile")]
pub async fn get_my_profile() -> Result<MyProfile, AppError> {
    respond(async move {
        let user = require(&[]).await?;
        people::my_profile(&context()?.db, user.id).await
    })
    .await
}
