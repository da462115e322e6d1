//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::error::AppError;
use crate::model::{Competence, RoleGrant};
use crate::ssr::Db;
use sqlx::AnyConnection;

pub async fn grants(conn: &mut AnyConnection, person_id: i64) -> Result<Vec<RoleGrant>, AppError> {
    let rows = sqlx::query_as(
        "SELECT r.role, r.unit_id, u.name AS unit_name FROM person_roles r LEFT JOIN units u ON u.id = r.unit_id
         WHERE r.person_id = $1 ORDER BY r.role, u.name",
    )
    .bind(person_id)
    .fetch_all(conn)
    .await?;
    Ok(rows)
}

pub async fn competences_of(conn: &mut AnyConnection, person_id: i64) -> Result<Vec<Competence>, AppError> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.code, c.name_sv, c.name_en, c.active FROM person_competences pc
         JOIN competences c ON c.id = pc.competence_id WHERE pc.person_id = $1 ORDER BY c.name_sv",
    )
    .bind(person_id)
    .fetch_all(conn)
    .await?)
}

pub async fn my_profile(db: &Db, id: i64) -> Result<MyProfile, AppError> {
    let mut conn = db.pool.acquire().await?;
    #[derive(sqlx::FromRow)]
    struct Row {
        name: String,
        email: String,
        phone: String,
        employment_percent: i64,
    }
    let r: Row = sqlx::query_as("SELECT name, email, phone, employment_percent FROM people WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(MyProfile {
        name: r.name,
        email: r.email,
        phone: r.phone,
        employment_percent: r.employment_percent,
        roles: grants(&mut conn, id).await?,
        competences: competences_of(&mut conn, id).await?,
    })
}
