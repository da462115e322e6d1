//! Agreement profiles: the limits the working-time rules apply, never below the statutory floors
//! (administration).
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A collective-agreement profile: the limits the working-time rules use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: i64,
    pub name: String,
    pub daily_rest_hours: i64,
    pub daily_rest_exception_hours: i64,
    pub weekly_rest_hours: i64,
    pub max_week_hours: Option<i64>,
    pub night_reference_days: i64,
    pub night_average_max_hours: i64,
}

#[server(endpoint = "admin/agreements")]
pub async fn list_agreements() -> Result<Vec<Agreement>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        server::list(&context()?.db).await
    })
    .await
}

/// Creates or edits an agreement profile; hours as whole numbers, `max_week_hours` may be empty.
#[server(endpoint = "admin/save_agreement", input = Json)]
#[allow(clippy::too_many_arguments)]
pub async fn save_agreement(
    id: Option<i64>,
    name: String,
    daily_rest_hours: String,
    daily_rest_exception_hours: String,
    weekly_rest_hours: String,
    max_week_hours: String,
    night_reference_days: String,
    night_average_max_hours: String,
) -> Result<i64, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        let input = server::AgreementInput::parse(
            &name,
            &daily_rest_hours,
            &daily_rest_exception_hours,
            &weekly_rest_hours,
            &max_week_hours,
            &night_reference_days,
            &night_average_max_hours,
        )?;
        server::save(&context()?.db, admin.id, id, input).await
    })
    .await
}
