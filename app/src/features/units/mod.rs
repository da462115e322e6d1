//! Units (enheter) of the providers (administration).
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::domain::UnitKind;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Unit {
    pub id: i64,
    pub provider_id: i64,
    pub provider_name: String,
    pub name: String,
    pub kind: UnitKind,
    pub area: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub active: bool,
    pub staff_count: i64,
}

#[server(endpoint = "admin/units")]
pub async fn list_units(query: String) -> Result<Vec<Unit>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        server::list_units(&context()?.db, crate::model::search_query(&query)?).await
    })
    .await
}

#[server(endpoint = "admin/save_unit", input = Json)]
#[allow(clippy::too_many_arguments)]
pub async fn save_unit(
    id: Option<i64>,
    provider_id: i64,
    name: String,
    kind: String,
    area: String,
    address: String,
    latitude: String,
    longitude: String,
    active: bool,
) -> Result<i64, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        let input =
            server::UnitInput::parse(provider_id, &name, &kind, &area, &address, &latitude, &longitude, active)?;
        server::save_unit(&context()?.db, admin.id, id, input).await
    })
    .await
}
