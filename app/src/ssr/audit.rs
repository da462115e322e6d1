//! The audit trail: every change records who made it, when, and what changed. Written in the
//! same transaction as the change itself, so there is never a change without its record.
use crate::error::AppError;
use crate::model::{AuditEntry, Page};
use crate::ssr::{Db, now};
use serde_json::{Map, Value};
use sqlx::{AnyConnection, Row};

/// What changed: field → [old, new]. Build with [`Changes::field`]; unchanged fields are skipped.
#[derive(Default)]
pub struct Changes(Map<String, Value>);

impl Changes {
    pub fn field(mut self, name: &str, old: impl Into<Value>, new: impl Into<Value>) -> Self {
        let (old, new) = (old.into(), new.into());
        if old != new {
            self.0.insert(name.to_string(), Value::Array(vec![old, new]));
        }
        self
    }
    pub fn created(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.0.insert(name.to_string(), Value::Array(vec![Value::Null, value.into()]));
        self
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub async fn record(
    conn: &mut AnyConnection,
    actor: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    changes: Changes,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now())
    .bind(actor)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(Value::Object(changes.0).to_string())
    .execute(conn)
    .await?;
    Ok(())
}

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
