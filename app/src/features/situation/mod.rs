//! The coordinator's situation picture (lägesbild) of the whole municipality.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;
use crate::features::providers::Provider;
use crate::features::units::Unit;
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The coordinator's municipality-wide overview (until daily reports arrive, the structure).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityOverview {
    pub providers: Vec<Provider>,
    pub units: Vec<Unit>,
    pub pool_care_qualified: i64,
    pub pool_service_only: i64,
    pub service_team: i64,
}

/// The municipality-wide picture: coordinators and administrators.
#[server(endpoint = "overview")]
pub async fn get_municipality_overview() -> Result<MunicipalityOverview, AppError> {
    respond(async move {
        require(&[Role::Coordinator, Role::Admin]).await?;
        server::overview(&context()?.db).await
    })
    .await
}
