//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::{OrgNumber, ProviderKind, RequiredText};
use crate::error::{AppError, InvalidCode};
use crate::ssr::audit::{self, Changes};
use crate::ssr::{Db, search_text};
use sqlx::Row;
use sqlx::any::AnyRow;

pub fn provider_from(r: &AnyRow) -> Result<Provider, AppError> {
    Ok(Provider {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kind: r.try_get::<String, _>("kind")?.parse().map_err(|_| AppError::Internal)?,
        org_number: r.try_get("org_number")?,
        active: r.try_get::<i64, _>("active")? != 0,
        unit_count: r.try_get("unit_count")?,
    })
}

pub async fn list_providers(db: &Db) -> Result<Vec<Provider>, AppError> {
    let rows = sqlx::query(
        "SELECT p.id, p.name, p.kind, p.org_number, p.active,
                (SELECT COUNT(*) FROM units u WHERE u.provider_id = p.id AND u.active = 1) AS unit_count
         FROM providers p ORDER BY p.kind, p.name",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(provider_from).collect()
}

/// Validated input for creating or editing a provider.
pub struct ProviderInput {
    pub name: RequiredText,
    pub kind: ProviderKind,
    pub org_number: OrgNumber,
    pub active: bool,
}

impl ProviderInput {
    pub fn parse(name: &str, kind: &str, org_number: &str, active: bool) -> Result<Self, AppError> {
        Ok(ProviderInput {
            name: RequiredText::parse("name", name, 160)?,
            kind: kind.parse().map_err(|_| AppError::invalid("kind", InvalidCode::UnknownChoice))?,
            org_number: OrgNumber::parse(org_number)?,
            active,
        })
    }
}

/// Creates (`id` = None) or updates a provider; returns its id.
pub async fn save_provider(db: &Db, actor: i64, id: Option<i64>, input: ProviderInput) -> Result<i64, AppError> {
    let mut tx = db.pool.begin().await?;
    let search = search_text(&[input.name.as_str(), input.org_number.as_str()]);
    let id = match id {
        None => {
            let id: i64 = sqlx::query(
                "INSERT INTO providers (name, kind, org_number, active, search_text) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(input.name.as_str())
            .bind(input.kind.as_str())
            .bind(input.org_number.as_str())
            .bind(input.active as i64)
            .bind(&search)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            let changes = Changes::default()
                .created("name", input.name.as_str())
                .created("kind", input.kind.as_str())
                .created("org_number", input.org_number.as_str());
            audit::record(&mut tx, db.now(), Some(actor), "create", "provider", Some(id), changes).await?;
            id
        }
        Some(id) => {
            let old = sqlx::query("SELECT name, kind, org_number, active FROM providers WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(AppError::NotFound)?;
            sqlx::query("UPDATE providers SET name = $1, kind = $2, org_number = $3, active = $4, search_text = $5 WHERE id = $6")
                .bind(input.name.as_str())
                .bind(input.kind.as_str())
                .bind(input.org_number.as_str())
                .bind(input.active as i64)
                .bind(&search)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let changes = Changes::default()
                .field("name", old.try_get::<String, _>("name")?, input.name.as_str())
                .field("kind", old.try_get::<String, _>("kind")?, input.kind.as_str())
                .field("org_number", old.try_get::<String, _>("org_number")?, input.org_number.as_str())
                .field("active", old.try_get::<i64, _>("active")? != 0, input.active);
            if !changes.is_empty() {
                audit::record(&mut tx, db.now(), Some(actor), "update", "provider", Some(id), changes).await?;
            }
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}
