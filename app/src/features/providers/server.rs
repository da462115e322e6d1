//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::{OrgNumber, ProviderKind, RequiredText};
use crate::error::{AppError, ConflictCode, InvalidCode};
use crate::live::LiveEvent;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{Constraint, OnConstraint};
use crate::ssr::live::{Audience, Signal};
use crate::ssr::{Db, search_text};

const ORG_NUMBER_UNIQUE: Constraint =
    Constraint { postgres: "providers_org_number_key", sqlite: "providers.org_number" };

/// A provider's columns and its count of active units.
const PROVIDER_COLUMNS: &str = "p.id, p.name, p.kind, p.org_number, p.active,
    (SELECT COUNT(*) FROM units u WHERE u.provider_id = p.id AND u.active = 1) AS unit_count";

pub async fn list_providers(db: &Db) -> Result<Vec<Provider>, AppError> {
    Ok(sqlx::query_as(&format!("SELECT {PROVIDER_COLUMNS} FROM providers p ORDER BY p.kind, p.name"))
        .fetch_all(&db.pool)
        .await?)
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
    let mut tx = db.begin_write().await?;
    let search = search_text(&[input.name.as_str(), input.org_number.as_str()]);
    let id = match id {
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO providers (name, kind, org_number, active, search_text) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(input.name.as_str())
            .bind(input.kind)
            .bind(input.org_number.as_str())
            .bind(input.active as i64)
            .bind(&search)
            .fetch_one(&mut *tx)
            .await
            .on_constraint(ORG_NUMBER_UNIQUE, AppError::Conflict(ConflictCode::OrgNumberTaken))?;
            let changes = Changes::default()
                .created("name", input.name.as_str())
                .created("kind", input.kind.as_str())
                .created("org_number", input.org_number.as_str());
            audit::record(
                &mut tx,
                db.now(),
                Some(actor),
                audit::Action::Create,
                audit::Entity::Provider,
                Some(id),
                changes,
            )
            .await?;
            id
        }
        Some(id) => {
            let old: Provider = sqlx::query_as(&format!("SELECT {PROVIDER_COLUMNS} FROM providers p WHERE p.id = $1"))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(AppError::NotFound)?;
            sqlx::query("UPDATE providers SET name = $1, kind = $2, org_number = $3, active = $4, search_text = $5 WHERE id = $6")
                .bind(input.name.as_str())
                .bind(input.kind)
                .bind(input.org_number.as_str())
                .bind(input.active as i64)
                .bind(&search)
                .bind(id)
                .execute(&mut *tx)
                .await
                .on_constraint(ORG_NUMBER_UNIQUE, AppError::Conflict(ConflictCode::OrgNumberTaken))?;
            let changes = Changes::default()
                .field("name", old.name, input.name.as_str())
                .field("kind", old.kind.as_str(), input.kind.as_str())
                .field("org_number", old.org_number, input.org_number.as_str())
                .field("active", old.active, input.active);
            if !changes.is_empty() {
                audit::record(
                    &mut tx,
                    db.now(),
                    Some(actor),
                    audit::Action::Update,
                    audit::Entity::Provider,
                    Some(id),
                    changes,
                )
                .await?;
            }
            id
        }
    };
    tx.commit().await?;
    db.publish(vec![Signal::Event { to: Audience::Coordinators, event: LiveEvent::Organisation }]).await;
    Ok(id)
}
