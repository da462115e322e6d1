//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::error::AppError;
use crate::model::Page;
use crate::ssr::Db;
use sqlx::Row;

pub async fn list(db: &Db, page: i64, per_page: i64) -> Result<Page<AuditEntry>, AppError> {
    let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log").fetch_one(&db.pool).await?.try_get("n")?;
    let rows = sqlx::query(
        "SELECT a.id, a.at, p.name AS actor_name, a.action, a.entity, a.entity_id, a.details
         FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id
         ORDER BY a.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(per_page)
    .bind(page * per_page)
    .fetch_all(&db.pool)
    .await?;
    let items = rows
        .iter()
        .map(|r| {
            Ok(AuditEntry {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                actor_name: r.try_get("actor_name")?,
                action: r.try_get("action")?,
                entity: r.try_get("entity")?,
                entity_id: r.try_get("entity_id")?,
                details: r.try_get("details")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Page { items, total, page, per_page })
}
