//! Care providers (utförare), municipal and private (administration).
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::domain::ProviderKind;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Provider {
    pub id: i64,
    pub name: String,
    pub kind: ProviderKind,
    pub org_number: String,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub active: bool,
    pub unit_count: i64,
}

#[server(endpoint = "admin/providers")]
pub async fn list_providers() -> Result<Vec<Provider>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        server::list_providers(&context()?.db).await
    })
    .await
}

#[server(endpoint = "admin/save_provider", input = Json)]
pub async fn save_provider(
    id: Option<i64>,
    name: String,
    kind: String,
    org_number: String,
    active: bool,
) -> Result<i64, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        let input = server::ProviderInput::parse(&name, &kind, &org_number, active)?;
        server::save_provider(&context()?.db, admin.id, id, input).await
    })
    .await
}
