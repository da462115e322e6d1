//! Server-only queries of this feature (compiled with `ssr`).
use crate::domain::RequiredText;
use crate::error::AppError;
use crate::error::ConflictCode;
use crate::model::Competence;
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{Constraint, OnConstraint};

const CODE_UNIQUE: Constraint = Constraint { postgres: "competences_code_key", sqlite: "competences.code" };

pub async fn list_competences(db: &Db) -> Result<Vec<Competence>, AppError> {
    Ok(sqlx::query_as("SELECT id, code, name_sv, name_en, active FROM competences ORDER BY name_sv")
        .fetch_all(&db.pool)
        .await?)
}

pub async fn save_competence(
    db: &Db,
    actor: i64,
    id: Option<i64>,
    code: &str,
    name_sv: &str,
    name_en: &str,
    active: bool,
) -> Result<i64, AppError> {
    let code = RequiredText::parse("code", &code.trim().to_lowercase().replace(' ', "_"), 40)?;
    let name_sv = RequiredText::parse("name_sv", name_sv, 120)?;
    let name_en = RequiredText::parse("name_en", name_en, 120)?;
    let mut tx = db.begin_write().await?;
    let id = match id {
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO competences (code, name_sv, name_en, active) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(code.as_str())
            .bind(name_sv.as_str())
            .bind(name_en.as_str())
            .bind(active as i64)
            .fetch_one(&mut *tx)
            .await
            .on_constraint(CODE_UNIQUE, AppError::Conflict(ConflictCode::CompetenceCodeTaken))?;
            audit::record(
                &mut tx,
                db.now(),
                Some(actor),
                audit::Action::Create,
                audit::Entity::Competence,
                Some(id),
                Changes::default().created("code", code.as_str()),
            )
            .await?;
            id
        }
        Some(id) => {
            let old: Competence =
                sqlx::query_as("SELECT id, code, name_sv, name_en, active FROM competences WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(AppError::NotFound)?;
            sqlx::query("UPDATE competences SET code = $1, name_sv = $2, name_en = $3, active = $4 WHERE id = $5")
                .bind(code.as_str())
                .bind(name_sv.as_str())
                .bind(name_en.as_str())
                .bind(active as i64)
                .bind(id)
                .execute(&mut *tx)
                .await
                .on_constraint(CODE_UNIQUE, AppError::Conflict(ConflictCode::CompetenceCodeTaken))?;
            let changes = Changes::default()
                .field("code", old.code, code.as_str())
                .field("name_sv", old.name_sv, name_sv.as_str())
                .field("name_en", old.name_en, name_en.as_str())
                .field("active", old.active, active);
            if !changes.is_empty() {
                audit::record(
                    &mut tx,
                    db.now(),
                    Some(actor),
                    audit::Action::Update,
                    audit::Entity::Competence,
                    Some(id),
                    changes,
                )
                .await?;
            }
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}
