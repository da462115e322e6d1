//! Providers (utförare), units (enheter) and competences.
use crate::domain::{OrgNumber, ProviderKind, RequiredText, UnitKind};
use crate::error::{AppError, InvalidCode};
use crate::model::{Competence, MunicipalityOverview, Provider, Unit};
use crate::ssr::audit::{self, Changes};
use crate::ssr::{Db, search_text};
use sqlx::Row;
use sqlx::any::AnyRow;

fn provider_from(r: &AnyRow) -> Result<Provider, AppError> {
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
            audit::record(&mut tx, Some(actor), "create", "provider", Some(id), changes).await?;
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
                audit::record(&mut tx, Some(actor), "update", "provider", Some(id), changes).await?;
            }
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

const UNIT_SELECT: &str = "SELECT u.id, u.provider_id, p.name AS provider_name, u.name, u.kind, u.area, u.address,
        u.latitude, u.longitude, u.active,
        (SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people pe ON pe.id = r.person_id
          WHERE r.unit_id = u.id AND r.role = 'care_worker' AND pe.active = 1) AS staff_count
     FROM units u JOIN providers p ON p.id = u.provider_id";

fn unit_from(r: &AnyRow) -> Result<Unit, AppError> {
    Ok(Unit {
        id: r.try_get("id")?,
        provider_id: r.try_get("provider_id")?,
        provider_name: r.try_get("provider_name")?,
        name: r.try_get("name")?,
        kind: r.try_get::<String, _>("kind")?.parse().map_err(|_| AppError::Internal)?,
        area: r.try_get("area")?,
        address: r.try_get("address")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
        active: r.try_get::<i64, _>("active")? != 0,
        staff_count: r.try_get("staff_count")?,
    })
}

pub async fn list_units(db: &Db, query: &str) -> Result<Vec<Unit>, AppError> {
    let pattern = format!("%{}%", query.trim().to_lowercase());
    let sql = format!("{UNIT_SELECT} WHERE u.search_text LIKE $1 ORDER BY p.name, u.name");
    let rows = sqlx::query(&sql).bind(pattern).fetch_all(&db.pool).await?;
    rows.iter().map(unit_from).collect()
}

pub async fn get_unit(db: &Db, id: i64) -> Result<Unit, AppError> {
    let sql = format!("{UNIT_SELECT} WHERE u.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?.ok_or(AppError::NotFound)?;
    unit_from(&row)
}

pub struct UnitInput {
    pub provider_id: i64,
    pub name: RequiredText,
    pub kind: UnitKind,
    pub area: RequiredText,
    pub address: RequiredText,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub active: bool,
}

fn coordinate(field: &str, raw: &str, limit: f64) -> Result<Option<f64>, AppError> {
    let raw = raw.trim().replace(',', ".");
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(Some(v)),
        _ => Err(AppError::invalid(field, InvalidCode::Coordinate)),
    }
}

impl UnitInput {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        provider_id: i64,
        name: &str,
        kind: &str,
        area: &str,
        address: &str,
        latitude: &str,
        longitude: &str,
        active: bool,
    ) -> Result<Self, AppError> {
        Ok(UnitInput {
            provider_id,
            name: RequiredText::parse("name", name, 160)?,
            kind: kind.parse().map_err(|_| AppError::invalid("kind", InvalidCode::UnknownChoice))?,
            area: RequiredText::parse("area", area, 120)?,
            address: RequiredText::parse("address", address, 200)?,
            latitude: coordinate("latitude", latitude, 90.0)?,
            longitude: coordinate("longitude", longitude, 180.0)?,
            active,
        })
    }
}

pub async fn save_unit(db: &Db, actor: i64, id: Option<i64>, input: UnitInput) -> Result<i64, AppError> {
    let mut tx = db.pool.begin().await?;
    let provider_ok =
        sqlx::query("SELECT id FROM providers WHERE id = $1").bind(input.provider_id).fetch_optional(&mut *tx).await?;
    if provider_ok.is_none() {
        return Err(AppError::invalid("provider_id", InvalidCode::UnknownChoice));
    }
    let search = search_text(&[input.name.as_str(), input.area.as_str(), input.address.as_str()]);
    let id = match id {
        None => {
            let id: i64 = sqlx::query(
                "INSERT INTO units (provider_id, name, kind, area, address, latitude, longitude, active, search_text)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(input.provider_id)
            .bind(input.name.as_str())
            .bind(input.kind.as_str())
            .bind(input.area.as_str())
            .bind(input.address.as_str())
            .bind(input.latitude)
            .bind(input.longitude)
            .bind(input.active as i64)
            .bind(&search)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            let changes = Changes::default()
                .created("provider_id", input.provider_id)
                .created("name", input.name.as_str())
                .created("kind", input.kind.as_str());
            audit::record(&mut tx, Some(actor), "create", "unit", Some(id), changes).await?;
            id
        }
        Some(id) => {
            let old = sqlx::query("SELECT provider_id, name, kind, area, address, active FROM units WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(AppError::NotFound)?;
            sqlx::query(
                "UPDATE units SET provider_id = $1, name = $2, kind = $3, area = $4, address = $5, latitude = $6,
                 longitude = $7, active = $8, search_text = $9 WHERE id = $10",
            )
            .bind(input.provider_id)
            .bind(input.name.as_str())
            .bind(input.kind.as_str())
            .bind(input.area.as_str())
            .bind(input.address.as_str())
            .bind(input.latitude)
            .bind(input.longitude)
            .bind(input.active as i64)
            .bind(&search)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let changes = Changes::default()
                .field("provider_id", old.try_get::<i64, _>("provider_id")?, input.provider_id)
                .field("name", old.try_get::<String, _>("name")?, input.name.as_str())
                .field("kind", old.try_get::<String, _>("kind")?, input.kind.as_str())
                .field("area", old.try_get::<String, _>("area")?, input.area.as_str())
                .field("address", old.try_get::<String, _>("address")?, input.address.as_str())
                .field("active", old.try_get::<i64, _>("active")? != 0, input.active);
            if !changes.is_empty() {
                audit::record(&mut tx, Some(actor), "update", "unit", Some(id), changes).await?;
            }
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// Decodes a row with the `competences` columns `id, code, name_sv, name_en, active`.
pub fn competence_from(r: &AnyRow) -> Result<Competence, AppError> {
    Ok(Competence {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name_sv: r.try_get("name_sv")?,
        name_en: r.try_get("name_en")?,
        active: r.try_get::<i64, _>("active")? != 0,
    })
}

pub async fn list_competences(db: &Db) -> Result<Vec<Competence>, AppError> {
    let rows = sqlx::query("SELECT id, code, name_sv, name_en, active FROM competences ORDER BY name_sv")
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(competence_from).collect()
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
    let mut tx = db.pool.begin().await?;
    let id = match id {
        None => {
            let id: i64 = sqlx::query(
                "INSERT INTO competences (code, name_sv, name_en, active) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(code.as_str())
            .bind(name_sv.as_str())
            .bind(name_en.as_str())
            .bind(active as i64)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            audit::record(
                &mut tx,
                Some(actor),
                "create",
                "competence",
                Some(id),
                Changes::default().created("code", code.as_str()),
            )
            .await?;
            id
        }
        Some(id) => {
            let old = sqlx::query("SELECT code, name_sv, name_en, active FROM competences WHERE id = $1")
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
                .await?;
            let changes = Changes::default()
                .field("code", old.try_get::<String, _>("code")?, code.as_str())
                .field("name_sv", old.try_get::<String, _>("name_sv")?, name_sv.as_str())
                .field("name_en", old.try_get::<String, _>("name_en")?, name_en.as_str())
                .field("active", old.try_get::<i64, _>("active")? != 0, active);
            if !changes.is_empty() {
                audit::record(&mut tx, Some(actor), "update", "competence", Some(id), changes).await?;
            }
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

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
