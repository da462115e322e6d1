//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::Role;
use crate::error::AppError;
use crate::features::providers::server::list_providers;
use crate::features::units::server::list_units;
use crate::ssr::Db;

/// The competence code that marks a pool worker as service-only (simple service tasks, no care).
pub const SERVICE_ONLY_COMPETENCE: &str = "service_only";

/// Pool workers are split in two tiers by the `service_only` competence.
pub async fn overview(db: &Db) -> Result<MunicipalityOverview, AppError> {
    let providers = list_providers(db).await?;
    let units = list_units(db, "").await?;
    #[derive(sqlx::FromRow)]
    struct Counts {
        pool_all: i64,
        pool_service: i64,
        service_team: i64,
    }
    let counts: Counts = sqlx::query_as(
        "SELECT
           (SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people p ON p.id = r.person_id
             WHERE r.role = $1 AND p.active = 1) AS pool_all,
           (SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people p ON p.id = r.person_id
             JOIN person_competences pc ON pc.person_id = r.person_id JOIN competences c ON c.id = pc.competence_id
             WHERE r.role = $1 AND p.active = 1 AND c.code = $2) AS pool_service,
           (SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people p ON p.id = r.person_id
             WHERE r.role = $3 AND p.active = 1) AS service_team",
    )
    .bind(Role::PoolWorker)
    .bind(SERVICE_ONLY_COMPETENCE)
    .bind(Role::ServiceTeam)
    .fetch_one(&db.pool)
    .await?;
    Ok(MunicipalityOverview {
        providers,
        units,
        pool_care_qualified: counts.pool_all - counts.pool_service,
        pool_service_only: counts.pool_service,
        service_team: counts.service_team,
    })
}
