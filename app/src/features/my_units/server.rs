//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::Role;
use crate::error::AppError;
use crate::ssr::Db;

/// A unit with its active care workers.
pub async fn unit_staff(db: &Db, unit_id: i64) -> Result<UnitStaff, AppError> {
    let unit = crate::features::units::server::get_unit(db, unit_id).await?;
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        name: String,
        employment_percent: i64,
        competence: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.id, p.name, p.employment_percent, c.name_sv AS competence
         FROM person_roles r JOIN people p ON p.id = r.person_id
         LEFT JOIN person_competences pc ON pc.person_id = p.id LEFT JOIN competences c ON c.id = pc.competence_id
         WHERE r.unit_id = $1 AND r.role = $2 AND p.active = 1
         ORDER BY p.name, p.id, c.name_sv",
    )
    .bind(unit_id)
    .bind(Role::CareWorker)
    .fetch_all(&db.pool)
    .await?;
    let mut staff: Vec<StaffMember> = Vec::new();
    for r in rows {
        match staff.last_mut() {
            Some(last) if last.id == r.id => last.competences.extend(r.competence),
            _ => staff.push(StaffMember {
                id: r.id,
                name: r.name,
                employment_percent: r.employment_percent,
                competences: r.competence.into_iter().collect(),
            }),
        }
    }
    let report = crate::features::daily_report::server::status_of(db, unit_id, db.today()).await?;
    Ok(UnitStaff { unit, staff, report })
}
