//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::error::AppError;
use crate::ssr::Db;
use sqlx::Row;

/// A unit with its active care workers.
pub async fn unit_staff(db: &Db, unit_id: i64) -> Result<UnitStaff, AppError> {
    let unit = crate::features::units::server::get_unit(db, unit_id).await?;
    let rows = sqlx::query(
        "SELECT p.id, p.name, p.employment_percent, c.name_sv AS competence
         FROM person_roles r JOIN people p ON p.id = r.person_id
         LEFT JOIN person_competences pc ON pc.person_id = p.id LEFT JOIN competences c ON c.id = pc.competence_id
         WHERE r.unit_id = $1 AND r.role = 'care_worker' AND p.active = 1
         ORDER BY p.name, p.id, c.name_sv",
    )
    .bind(unit_id)
    .fetch_all(&db.pool)
    .await?;
    let mut staff: Vec<StaffMember> = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let competence: Option<String> = r.try_get("competence")?;
        match staff.last_mut() {
            Some(last) if last.id == id => last.competences.extend(competence),
            _ => staff.push(StaffMember {
                id,
                name: r.try_get("name")?,
                employment_percent: r.try_get("employment_percent")?,
                competences: competence.into_iter().collect(),
            }),
        }
    }
    Ok(UnitStaff { unit, staff })
}
