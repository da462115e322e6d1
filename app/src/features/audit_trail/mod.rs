//! The audit trail (administration): who changed what, when, field by field.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::error::AppError;
use crate::model::Page;
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One entry. `action` and `entity` are the stored codes, not the enums (see
/// `components::labels::audit_action_label`: an entry from a newer instance is still shown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AuditEntry {
    pub id: i64,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::UnixSeconds"))]
    pub at: jiff::Timestamp,
    pub actor_name: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub details: String,
}

#[server(endpoint = "admin/audit")]
pub async fn audit_log(page: i64) -> Result<Page<AuditEntry>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        server::list(&context()?.db, crate::model::page_number(page)?, 50).await
    })
    .await
}
