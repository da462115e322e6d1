//! Competences (administration).
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;
use crate::model::Competence;
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "admin/competences")]
pub async fn list_competences() -> Result<Vec<Competence>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        server::list_competences(&context()?.db).await
    })
    .await
}

#[server(endpoint = "admin/save_competence", input = Json)]
pub async fn save_competence(
    id: Option<i64>,
    code: String,
    name_sv: String,
    name_en: String,
    active: bool,
) -> Result<i64, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        server::save_competence(&context()?.db, admin.id, id, &code, &name_sv, &name_en, active).await
    })
    .await
}
