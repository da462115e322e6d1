//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::error::AppError;
use crate::model::Page;
use crate::ssr::Db;

pub async fn list(db: &Db, page: i64, per_page: i64) -> Result<Page<AuditEntry>, AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&db.pool).await?;
    let items = sqlx::query_as(
        "SELECT a.id, a.at, p.name AS actor_name, a.action, a.entity, a.entity_id, a.details
         FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id
         ORDER BY a.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(per_page)
    .bind(page * per_page)
    .fetch_all(&db.pool)
    .await?;
    Ok(Page { items, total, page, per_page })
}
