//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::{RequiredText, Role, UnitKind};
use crate::error::{AppError, InvalidCode};
use crate::live::LiveEvent;
use crate::ssr::audit::{self, Changes};
use crate::ssr::live::{Audience, Signal};
use crate::ssr::{Db, search_text};

/// A unit with its provider's name and its count of active care workers. `$1` is the care-worker
/// role; a query adds its own conditions from `$2`.
const UNIT_SELECT: &str = "SELECT u.id, u.provider_id, p.name AS provider_name, u.name, u.kind, u.area, u.address,
        u.latitude, u.longitude, u.active,
        (SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people pe ON pe.id = r.person_id
          WHERE r.unit_id = u.id AND r.role = $1 AND pe.active = 1) AS staff_count
     FROM units u JOIN providers p ON p.id = u.provider_id";

pub async fn list_units(db: &Db, query: &str) -> Result<Vec<Unit>, AppError> {
    let pattern = format!("%{}%", query.trim().to_lowercase());
    let sql = format!("{UNIT_SELECT} WHERE u.search_text LIKE $2 ORDER BY p.name, u.name");
    Ok(sqlx::query_as(&sql).bind(Role::CareWorker).bind(pattern).fetch_all(&db.pool).await?)
}

pub async fn get_unit(db: &Db, id: i64) -> Result<Unit, AppError> {
    let sql = format!("{UNIT_SELECT} WHERE u.id = $2");
    sqlx::query_as(&sql).bind(Role::CareWorker).bind(id).fetch_optional(&db.pool).await?.ok_or(AppError::NotFound)
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

pub fn coordinate(field: &str, raw: &str, limit: f64) -> Result<Option<f64>, AppError> {
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
    let mut tx = db.begin_write().await?;
    let provider_ok =
        sqlx::query("SELECT id FROM providers WHERE id = $1").bind(input.provider_id).fetch_optional(&mut *tx).await?;
    if provider_ok.is_none() {
        return Err(AppError::invalid("provider_id", InvalidCode::UnknownChoice));
    }
    let search = search_text(&[input.name.as_str(), input.area.as_str(), input.address.as_str()]);
    let id = match id {
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO units (provider_id, name, kind, area, address, latitude, longitude, active, search_text)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(input.provider_id)
            .bind(input.name.as_str())
            .bind(input.kind)
            .bind(input.area.as_str())
            .bind(input.address.as_str())
            .bind(input.latitude)
            .bind(input.longitude)
            .bind(input.active as i64)
            .bind(&search)
            .fetch_one(&mut *tx)
            .await?;
            let changes = Changes::default()
                .created("provider_id", input.provider_id)
                .created("name", input.name.as_str())
                .created("kind", input.kind.as_str());
            audit::record(
                &mut tx,
                db.now(),
                Some(actor),
                audit::Action::Create,
                audit::Entity::Unit,
                Some(id),
                changes,
            )
            .await?;
            id
        }
        Some(id) => {
            let old: Unit = sqlx::query_as(&format!("{UNIT_SELECT} WHERE u.id = $2"))
                .bind(Role::CareWorker)
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
            .bind(input.kind)
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
                .field("provider_id", old.provider_id, input.provider_id)
                .field("name", old.name, input.name.as_str())
                .field("kind", old.kind.as_str(), input.kind.as_str())
                .field("area", old.area, input.area.as_str())
                .field("address", old.address, input.address.as_str())
                .field("active", old.active, input.active);
            if !changes.is_empty() {
                audit::record(
                    &mut tx,
                    db.now(),
                    Some(actor),
                    audit::Action::Update,
                    audit::Entity::Unit,
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
