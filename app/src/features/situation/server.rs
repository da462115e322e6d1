//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::error::AppError;
use crate::features::providers::server::list_providers;
use crate::features::units::server::list_units;
use crate::ssr::Db;
use sqlx::Row;

/// Pool workers are split in two tiers by the `service_only` competence.
pub async fn overview(db: &Db) -> Result<MunicipalityOverview, AppError> {
    let providers = list_providers(db).await?;
    let units = list_units(db, "").await?;
    let row = sqlx::query(
        "SELECT
           (SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people p ON p.id = r.person_id
             WHERE r.role = 'pool_worker' AND p.active = 1) AS pool_all,
           (SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people p ON p.id = r.person_id
             JOIN person_competences pc ON pc.person_id = r.person_id JOIN competences c ON c.id = pc.competence_id
             WHERE r.role = 'pool_worker' AND p.active = 1 AND c.code = 'service_only') AS pool_service,
           (SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people p ON p.id = r.person_id
             WHERE r.role = 'service_team' AND p.active = 1) AS service_team",
    )
    .fetch_one(&db.pool)
    .await?;
    let pool_all: i64 = row.try_get("pool_all")?;
    let pool_service_only: i64 = row.try_get("pool_service")?;
    Ok(MunicipalityOverview {
        providers,
        units,
        pool_care_qualified: pool_all - pool_service_only,
        pool_service_only,
        service_team: row.try_get("service_team")?,
    })
}
