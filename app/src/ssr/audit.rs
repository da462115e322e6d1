//! The audit trail: every change records who made it, when, and what changed. Written in the
//! same transaction as the change itself, so there is never a change without its record.
use crate::error::AppError;
pub use crate::model::{AuditAction as Action, AuditEntity as Entity};
use serde_json::{Map, Value};
use sqlx::AnyConnection;

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
    at: i64,
    actor: Option<i64>,
    action: Action,
    entity: Entity,
    entity_id: Option<i64>,
    changes: Changes,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(Value::Object(changes.0).to_string())
    .execute(conn)
    .await?;
    Ok(())
}
