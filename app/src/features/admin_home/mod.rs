//! The administrator's start page.
pub mod page;
use crate::error::AppError;
use crate::features::situation::MunicipalityOverview;
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;

/// The municipality's figures on the administrator's start page — administrators only (the
/// coordinator's own picture is `situation`; the start page links to administration only).
#[server(endpoint = "admin/overview")]
pub async fn get_admin_overview() -> Result<MunicipalityOverview, AppError> {
    respond(async move {
        require(&[crate::domain::Role::Admin]).await?;
        crate::features::situation::server::overview(&context()?.db, None).await
    })
    .await
}
