//! Server-only queries and writes of protective equipment (compiled with `ssr`).
use super::*;
use crate::domain::equipment::{self, Ledger, LedgerError, Movement, Received, Source, StockReport, UnitStock};
use crate::domain::parse::{NoteText, RequiredText, whole_number_in};
use crate::error::{ConflictCode, InvalidCode};
use crate::live::LiveEvent;
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{CivilDate, Constraint, Flag, OnConstraint, UnixSeconds};
use crate::ssr::live::{Audience, Signal};
use sqlx::AnyConnection;
use std::collections::BTreeMap;

const MATERIAL_NAME: Constraint = Constraint { postgres: "materials_name_key", sqlite: "materials.name" };

/// The most of anything one movement, count, request or receipt line may say.
pub const MAX_QUANTITY: i64 = 1_000_000;
/// The largest pack.
pub const MAX_PACK: i64 = 100_000;
/// How far ahead a delivery round may be planned.
const MAX_DAYS_AHEAD: i64 = 30;

pub async fn catalogue(db: &Db) -> Result<Vec<Material>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, name, unit_of_issue, pack_size, active FROM materials ORDER BY active DESC, name, id",
    )
    .fetch_all(&db.pool)
    .await?)
}

pub async fn active_materials(db: &Db) -> Result<Vec<Material>, AppError> {
    Ok(catalogue(db).await?.into_iter().filter(|m| m.active).collect())
}

pub async fn save_material(
    db: &Db,
    person_id: i64,
    id: Option<i64>,
    name: &str,
    unit_of_issue: &str,
    pack_size: &str,
    active: bool,
) -> Result<i64, AppError> {
    let name = RequiredText::parse("name", name, 80)?;
    let unit_of_issue = RequiredText::parse("unit_of_issue", unit_of_issue, 20)?;
    let pack_size = whole_number_in("pack_size", pack_size, 1..=MAX_PACK)?;
    let now = db.now();
    // What a change replaces, for the audit row: read before the transaction, which then starts
    // with its write (on SQLite a transaction that reads first cannot wait for another writer).
    let before: Option<(String, String, i64, i64)> = match id {
        Some(id) => {
            sqlx::query_as("SELECT name, unit_of_issue, pack_size, active FROM materials WHERE id = $1")
                .bind(id)
                .fetch_optional(&db.pool)
                .await?
        }
        None => None,
    };
    let mut tx = db.begin_write().await?;
    let (id, action, changes) = match id {
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO materials (name, unit_of_issue, pack_size, active) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(name.as_str())
            .bind(unit_of_issue.as_str())
            .bind(pack_size)
            .bind(i64::from(active))
            .fetch_one(&mut *tx)
            .await
            .on_constraint(MATERIAL_NAME, AppError::Conflict(ConflictCode::MaterialNameTaken))?;
            let changes = Changes::default()
                .created("name", name.as_str())
                .created("unit_of_issue", unit_of_issue.as_str())
                .created("pack_size", pack_size);
            (id, audit::Action::Create, changes)
        }
        Some(id) => {
            let before = before.ok_or(AppError::NotFound)?;
            sqlx::query(
                "UPDATE materials SET name = $1, unit_of_issue = $2, pack_size = $3, active = $4 WHERE id = $5",
            )
            .bind(name.as_str())
            .bind(unit_of_issue.as_str())
            .bind(pack_size)
            .bind(i64::from(active))
            .bind(id)
            .execute(&mut *tx)
            .await
            .on_constraint(MATERIAL_NAME, AppError::Conflict(ConflictCode::MaterialNameTaken))?;
            let changes = Changes::default()
                .field("name", before.0, name.as_str())
                .field("unit_of_issue", before.1, unit_of_issue.as_str())
                .field("pack_size", before.2, pack_size)
                .field("active", before.3 != 0, active);
            (id, audit::Action::Update, changes)
        }
    };
    audit::record(&mut tx, now, Some(person_id), action, audit::Entity::Material, Some(id), changes).await?;
    tx.commit().await?;
    db.publish(signals(None)).await;
    Ok(id)
}

/// Who hears a change: a unit's readers (its shipments or requests) and the coordinators, or only
/// the coordinators (the central stock or the catalogue). The unit's signal comes first.
fn signals(unit_id: Option<i64>) -> Vec<Signal> {
    let central = Signal::Event { to: Audience::Coordinators, event: LiveEvent::Equipment { unit_id: None } };
    match unit_id {
        Some(u) => {
            vec![
                Signal::Event { to: Audience::UnitReaders(u), event: LiveEvent::Equipment { unit_id: Some(u) } },
                central,
            ]
        }
        None => vec![central],
    }
}

/// Locks the material's ledger for this transaction (see `materials.ledger_seq`) and answers its
/// pack size and central stock. An unknown material is `NotFound`.
async fn lock_ledger(conn: &mut AnyConnection, material_id: i64) -> Result<(i64, Ledger), AppError> {
    let locked = sqlx::query("UPDATE materials SET ledger_seq = ledger_seq + 1 WHERE id = $1")
        .bind(material_id)
        .execute(&mut *conn)
        .await?;
    if locked.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    let pack: i64 = sqlx::query_scalar("SELECT pack_size FROM materials WHERE id = $1")
        .bind(material_id)
        .fetch_one(&mut *conn)
        .await?;
    let stock: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM stock_movements WHERE material_id = $1",
    )
    .bind(material_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((pack, Ledger::from_deltas([stock])))
}

fn ledger_refusal(err: LedgerError, field: &str) -> AppError {
    match err {
        LedgerError::NotPositive => AppError::out_of_range(field, &(1..=MAX_QUANTITY)),
        LedgerError::ReasonRequired => AppError::invalid("reason", InvalidCode::Required),
        LedgerError::WouldGoNegative { .. } => AppError::Conflict(ConflictCode::NotEnoughStock),
    }
}

struct NewMovement<'a> {
    material_id: i64,
    kind: &'static str,
    source: Option<&'static str>,
    delta: i64,
    reason: &'a str,
    shipment_id: Option<i64>,
}

async fn insert_movement(
    conn: &mut AnyConnection,
    now: i64,
    person_id: i64,
    m: NewMovement<'_>,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO stock_movements (material_id, at, kind, source, quantity, reason, shipment_id, person_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(m.material_id)
    .bind(now)
    .bind(m.kind)
    .bind(m.source)
    .bind(m.delta)
    .bind(m.reason)
    .bind(m.shipment_id)
    .bind(person_id)
    .fetch_one(conn)
    .await?)
}

/// Records a delivery, a count or an adjustment; answers the stock after it.
pub async fn record_movement(
    db: &Db,
    person_id: i64,
    material_id: i64,
    kind: &str,
    source: &str,
    quantity: &str,
    reason: &str,
) -> Result<i64, AppError> {
    let reason = NoteText::parse("reason", reason, 300)?;
    let (movement, kind, source) = match kind {
        "delivery" => {
            let (source, code) = match source {
                "supplier" => (Source::Supplier, "supplier"),
                "county_allocation" => (Source::CountyAllocation, "county_allocation"),
                "donation" => (Source::Donation, "donation"),
                _ => return Err(AppError::invalid("source", InvalidCode::UnknownChoice)),
            };
            let quantity = whole_number_in("quantity", quantity, 1..=MAX_QUANTITY)?;
            (Movement::Delivery { source, quantity }, "delivery", Some(code))
        }
        "count" => {
            let counted = whole_number_in("quantity", quantity, 0..=MAX_QUANTITY)?;
            (Movement::Count { counted }, "count", None)
        }
        "adjustment" => {
            let delta = whole_number_in("quantity", quantity, -MAX_QUANTITY..=MAX_QUANTITY)?;
            if delta == 0 {
                return Err(AppError::invalid("quantity", InvalidCode::Required));
            }
            (Movement::Adjustment { delta, reason: reason.as_str().to_string() }, "adjustment", None)
        }
        _ => return Err(AppError::invalid("kind", InvalidCode::UnknownChoice)),
    };
    let now = db.now();
    let mut tx = db.begin_write().await?;
    let (_, mut ledger) = lock_ledger(&mut tx, material_id).await?;
    let delta = ledger.apply(&movement).map_err(|e| ledger_refusal(e, "quantity"))?;
    let id = insert_movement(
        &mut tx,
        now,
        person_id,
        NewMovement { material_id, kind, source, delta, reason: reason.as_str(), shipment_id: None },
    )
    .await?;
    let changes = Changes::default().created("material", material_id).created("kind", kind).created("quantity", delta);
    audit::record(
        &mut tx,
        now,
        Some(person_id),
        audit::Action::MoveStock,
        audit::Entity::StockMovement,
        Some(id),
        changes,
    )
    .await?;
    tx.commit().await?;
    db.publish(signals(None)).await;
    Ok(ledger.stock())
}

/// Every material's central stock.
async fn central_stocks(db: &Db) -> Result<BTreeMap<i64, i64>, AppError> {
    Ok(sqlx::query_as::<_, (i64, i64)>(
        "SELECT material_id, CAST(SUM(quantity) AS BIGINT) FROM stock_movements GROUP BY material_id",
    )
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .collect())
}

/// Every active unit's (or one unit's) supply of every active material now: the newest counts,
/// the burn rate over the last 14 days (`domain::equipment::burn_rate`), what arrived since the
/// last count, today's outbreak and the open requests. A handful of queries whatever the size.
pub async fn supplies(db: &Db, materials: &[Material], only_unit: Option<i64>) -> Result<Vec<UnitSupply>, AppError> {
    let now = db.now();
    let since = now - equipment::WINDOW_DAYS * 86_400;
    let units: Vec<(i64, String, String, String, ProviderKind)> = sqlx::query_as(
        "SELECT u.id, u.name, u.area, p.name, p.kind FROM units u JOIN providers p ON p.id = u.provider_id
         WHERE u.active = 1 ORDER BY u.name, u.id",
    )
    .fetch_all(&db.pool)
    .await?;
    // The newest version of each day's report, in the window.
    let counts: Vec<(i64, i64, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT r.unit_id, s.material_id, r.filed_at, s.on_hand, s.used
         FROM daily_report_stock s JOIN daily_reports r ON r.id = s.report_id
         WHERE r.filed_at >= $1
           AND r.version = (SELECT MAX(v.version) FROM daily_reports v WHERE v.unit_id = r.unit_id AND v.report_date = r.report_date)
         ORDER BY r.filed_at",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    let arrived: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT s.unit_id, l.material_id, s.received_at, COALESCE(l.received, l.quantity)
         FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id
         WHERE s.received_at IS NOT NULL AND s.received_at >= $1",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    let outbreaks: Vec<i64> = sqlx::query_scalar(
        "SELECT r.unit_id FROM daily_reports r WHERE r.report_date = $1 AND r.outbreak = 1
           AND r.version = (SELECT MAX(v.version) FROM daily_reports v WHERE v.unit_id = r.unit_id AND v.report_date = $1)",
    )
    .bind(db.today().to_string())
    .fetch_all(&db.pool)
    .await?;
    let requested: BTreeMap<(i64, i64), i64> = sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT unit_id, material_id, CAST(SUM(quantity) AS BIGINT) FROM equipment_requests
         WHERE shipment_id IS NULL GROUP BY unit_id, material_id",
    )
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .map(|(u, m, q)| ((u, m), q))
    .collect();
    let mut reports: BTreeMap<(i64, i64), Vec<StockReport>> = BTreeMap::new();
    for (unit, material, at, on_hand, used) in counts {
        reports.entry((unit, material)).or_default().push(StockReport { at, on_hand, used_since_last: used });
    }
    let mut received: BTreeMap<(i64, i64), Vec<Received>> = BTreeMap::new();
    for (unit, material, at, quantity) in arrived {
        received.entry((unit, material)).or_default().push(Received { at, quantity });
    }
    let mut out = Vec::new();
    for (unit_id, unit_name, area, provider_name, provider_kind) in units {
        if only_unit.is_some_and(|u| u != unit_id) {
            continue;
        }
        for m in materials {
            let key = (unit_id, m.id);
            let reports = reports.get(&key).map(Vec::as_slice).unwrap_or_default();
            let received = received.get(&key).map(Vec::as_slice).unwrap_or_default();
            let last = reports.last();
            let since_last: i64 = last.map_or(0, |l| received.iter().filter(|r| r.at > l.at).map(|r| r.quantity).sum());
            let on_hand = last.map(|l| l.on_hand + since_last);
            let burn = equipment::burn_rate(reports, received, now);
            let supply = match on_hand {
                Some(stock) => equipment::Supply::of(stock, burn),
                None => equipment::Supply::Unknown,
            };
            out.push(UnitSupply {
                unit_id,
                unit_name: unit_name.clone(),
                provider_name: provider_name.clone(),
                provider_kind,
                area: area.clone(),
                material_id: m.id,
                on_hand,
                reported_at: last.and_then(|l| jiff::Timestamp::from_second(l.at).ok()),
                burn_per_day: burn,
                supply,
                light: supply.light(),
                outbreak: outbreaks.contains(&unit_id),
                requested: requested.get(&key).copied().unwrap_or(0),
            });
        }
    }
    Ok(out)
}

/// Lowest supply first (unknown last), then by name.
fn by_supply(a: &UnitSupply, b: &UnitSupply) -> std::cmp::Ordering {
    let days = |s: &UnitSupply| match s.supply {
        equipment::Supply::Days(d) => d,
        equipment::Supply::Unlimited => f64::MAX,
        equipment::Supply::Unknown => f64::INFINITY,
    };
    days(a).total_cmp(&days(b)).then_with(|| a.unit_name.cmp(&b.unit_name))
}

fn unit_stock(s: &UnitSupply) -> UnitStock {
    UnitStock {
        unit_id: s.unit_id,
        provider: s.provider_kind,
        on_hand: s.on_hand.unwrap_or(0),
        // Never counted: the burn rate cannot stand for a stock that is not known.
        burn_per_day: s.on_hand.and(s.burn_per_day),
        outbreak: s.outbreak,
        requested: s.requested,
    }
}

/// The proposal for every active material, from the supplies.
fn proposals(materials: &[Material], supplies: &[UnitSupply], central: &BTreeMap<i64, i64>) -> Vec<MaterialProposal> {
    materials
        .iter()
        .map(|m| {
            let units: Vec<&UnitSupply> = supplies.iter().filter(|s| s.material_id == m.id).collect();
            let stocks: Vec<UnitStock> = units.iter().map(|s| unit_stock(s)).collect();
            let central_stock = central.get(&m.id).copied().unwrap_or(0);
            let lines = equipment::propose(central_stock, m.pack_size, equipment::TARGET_DAYS, &stocks)
                .into_iter()
                .filter_map(|line| {
                    let unit = units.iter().find(|s| s.unit_id == line.unit_id)?;
                    Some(ProposedLine {
                        unit_name: unit.unit_name.clone(),
                        provider_name: unit.provider_name.clone(),
                        line,
                    })
                })
                .collect();
            MaterialProposal { material: m.clone(), central_stock, lines }
        })
        .collect()
}

pub async fn overview(db: &Db) -> Result<EquipmentOverview, AppError> {
    let catalogue = catalogue(db).await?;
    let materials: Vec<Material> = catalogue.iter().filter(|m| m.active).cloned().collect();
    let supplies = supplies(db, &materials, None).await?;
    let central = central_stocks(db).await?;
    let proposal = proposals(&materials, &supplies, &central);
    let statuses = materials
        .iter()
        .map(|m| {
            let mut units: Vec<UnitSupply> = supplies.iter().filter(|s| s.material_id == m.id).cloned().collect();
            units.sort_by(by_supply);
            MaterialStatus { material: m.clone(), central_stock: central.get(&m.id).copied().unwrap_or(0), units }
        })
        .collect();
    Ok(EquipmentOverview {
        today: db.today(),
        catalogue,
        materials: statuses,
        proposal,
        movements: movements(db, 40).await?,
        distributions: distributions(db, 20).await?,
    })
}

/// The newest `limit` movements, each with the material's stock after it.
async fn movements(db: &Db, limit: i64) -> Result<Vec<MovementRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT m.id, m.at, mat.name AS material, m.kind, m.source, m.quantity, m.reason, u.name AS unit_name,
                p.name AS person_name,
                CAST((SELECT SUM(b.quantity) FROM stock_movements b WHERE b.material_id = m.material_id AND b.id <= m.id) AS BIGINT) AS balance
         FROM stock_movements m JOIN materials mat ON mat.id = m.material_id JOIN people p ON p.id = m.person_id
         LEFT JOIN shipments s ON s.id = m.shipment_id LEFT JOIN units u ON u.id = s.unit_id
         ORDER BY m.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

/// The newest `limit` distributions with what they sent.
pub async fn distributions(db: &Db, limit: i64) -> Result<Vec<DistributionSummary>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        #[sqlx(try_from = "UnixSeconds")]
        approved_at: jiff::Timestamp,
        approved_by: String,
        #[sqlx(try_from = "CivilDate")]
        delivery_day: jiff::civil::Date,
        units: i64,
        received: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT d.id, d.approved_at, p.name AS approved_by, d.delivery_day,
                (SELECT COUNT(*) FROM shipments s WHERE s.distribution_id = d.id) AS units,
                (SELECT COUNT(*) FROM shipments s WHERE s.distribution_id = d.id AND s.received_at IS NOT NULL) AS received
         FROM distributions d JOIN people p ON p.id = d.approved_by ORDER BY d.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let oldest = rows.last().map_or(0, |r| r.id);
    let totals: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT s.distribution_id, m.name, m.unit_of_issue, CAST(SUM(l.quantity) AS BIGINT)
         FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id JOIN materials m ON m.id = l.material_id
         WHERE s.distribution_id >= $1 GROUP BY s.distribution_id, m.name, m.unit_of_issue ORDER BY m.name",
    )
    .bind(oldest)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DistributionSummary {
            totals: totals.iter().filter(|t| t.0 == r.id).map(|t| (t.1.clone(), t.2.clone(), t.3)).collect(),
            id: r.id,
            approved_at: r.approved_at,
            approved_by: r.approved_by,
            delivery_day: r.delivery_day,
            units: r.units,
            received: r.received,
        })
        .collect())
}

/// Approves the adjusted proposal (see `approve_distribution`). The proposal is computed again
/// here so each line keeps the reasons it was proposed with; the coordinator's packs are what is
/// shipped. Every material's ledger is locked first, so two coordinators approving at once
/// cannot ship the same stock twice: the second is refused if the stock no longer reaches.
pub async fn approve(db: &Db, person_id: i64, delivery_day: &str, lines: &[ApprovedLine]) -> Result<i64, AppError> {
    let today = db.today();
    let day = crate::domain::schedule::parse_plannable_date(delivery_day)
        .ok_or(AppError::invalid("delivery_day", InvalidCode::Date))?;
    let ahead = today.until(day).map(|s| s.get_days() as i64).unwrap_or(-1);
    if day < today || ahead > MAX_DAYS_AHEAD {
        return Err(AppError::out_of_range("delivery_day", &(0..=MAX_DAYS_AHEAD)));
    }
    let mut wanted: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    for l in lines {
        if !(0..=MAX_QUANTITY).contains(&l.packs) {
            return Err(AppError::out_of_range("packs", &(0..=MAX_QUANTITY)));
        }
        if l.packs > 0 {
            *wanted.entry((l.unit_id, l.material_id)).or_default() += l.packs;
        }
    }
    if wanted.is_empty() {
        return Err(AppError::invalid("packs", InvalidCode::Required));
    }
    let materials = active_materials(db).await?;
    let supplies = supplies(db, &materials, None).await?;
    let units: Vec<i64> = supplies.iter().map(|s| s.unit_id).collect();
    if wanted.keys().any(|(u, m)| !units.contains(u) || !materials.iter().any(|x| x.id == *m)) {
        return Err(AppError::invalid("unit", InvalidCode::UnknownChoice));
    }
    let central = central_stocks(db).await?;
    let proposed = proposals(&materials, &supplies, &central);
    let now = db.now();
    let mut tx = db.begin_write().await?;
    // Lock and check every material first, in id order (the same order for every writer).
    let mut packs_of: BTreeMap<i64, i64> = BTreeMap::new();
    let mut material_ids: Vec<i64> = wanted.keys().map(|(_, m)| *m).collect();
    material_ids.sort_unstable();
    material_ids.dedup();
    for &m in &material_ids {
        let (pack, ledger) = lock_ledger(&mut tx, m).await?;
        let total: i64 = wanted.iter().filter(|((_, wm), _)| *wm == m).map(|(_, p)| p * pack).sum();
        ledger.delta(&Movement::Shipment { unit_id: 0, quantity: total }).map_err(|e| ledger_refusal(e, "packs"))?;
        packs_of.insert(m, pack);
    }
    let distribution_id: i64 = sqlx::query_scalar(
        "INSERT INTO distributions (approved_at, approved_by, delivery_day) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(now)
    .bind(person_id)
    .bind(day.to_string())
    .fetch_one(&mut *tx)
    .await?;
    let mut unit_ids: Vec<i64> = wanted.keys().map(|(u, _)| *u).collect();
    unit_ids.dedup();
    for unit_id in &unit_ids {
        let shipment_id: i64 =
            sqlx::query_scalar("INSERT INTO shipments (distribution_id, unit_id) VALUES ($1, $2) RETURNING id")
                .bind(distribution_id)
                .bind(unit_id)
                .fetch_one(&mut *tx)
                .await?;
        for (&(_, material_id), &packs) in wanted.iter().filter(|((u, _), _)| u == unit_id) {
            let quantity = packs * packs_of[&material_id];
            let reasons = proposed
                .iter()
                .find(|p| p.material.id == material_id)
                .and_then(|p| p.lines.iter().find(|l| l.line.unit_id == *unit_id))
                .map(|l| serde_json::to_string(&l.line).unwrap_or_default())
                .unwrap_or_else(|| "{}".to_string());
            sqlx::query(
                "INSERT INTO shipment_lines (shipment_id, material_id, quantity, reasons) VALUES ($1, $2, $3, $4)",
            )
            .bind(shipment_id)
            .bind(material_id)
            .bind(quantity)
            .bind(reasons)
            .execute(&mut *tx)
            .await?;
            insert_movement(
                &mut tx,
                now,
                person_id,
                NewMovement {
                    material_id,
                    kind: "shipment",
                    source: None,
                    delta: -quantity,
                    reason: "",
                    shipment_id: Some(shipment_id),
                },
            )
            .await?;
            sqlx::query(
                "UPDATE equipment_requests SET shipment_id = $1 WHERE unit_id = $2 AND material_id = $3 AND shipment_id IS NULL",
            )
            .bind(shipment_id)
            .bind(unit_id)
            .bind(material_id)
            .execute(&mut *tx)
            .await?;
        }
    }
    let changes = Changes::default().created("delivery_day", day.to_string()).created("units", unit_ids.len());
    audit::record(
        &mut tx,
        now,
        Some(person_id),
        audit::Action::ApproveDistribution,
        audit::Entity::Distribution,
        Some(distribution_id),
        changes,
    )
    .await?;
    tx.commit().await?;
    // Each unit's readers once, the coordinators once.
    let mut told = signals(None);
    told.extend(unit_ids.iter().filter_map(|&u| signals(Some(u)).into_iter().next()));
    db.publish(told).await;
    Ok(distribution_id)
}

pub async fn pick_list(db: &Db, distribution_id: i64) -> Result<PickList, AppError> {
    let head: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT d.approved_at, p.name, d.delivery_day FROM distributions d JOIN people p ON p.id = d.approved_by WHERE d.id = $1",
    )
    .bind(distribution_id)
    .fetch_optional(&db.pool)
    .await?;
    let (approved_at, approved_by, day) = head.ok_or(AppError::NotFound)?;
    #[derive(sqlx::FromRow)]
    struct Line {
        shipment_id: i64,
        area: String,
        unit_name: String,
        address: String,
        material: String,
        unit_of_issue: String,
        pack_size: i64,
        quantity: i64,
        #[sqlx(try_from = "Flag")]
        received: bool,
    }
    let lines: Vec<Line> = sqlx::query_as(
        "SELECT s.id AS shipment_id, u.area, u.name AS unit_name, u.address, m.name AS material, m.unit_of_issue,
                m.pack_size, l.quantity, CAST(CASE WHEN s.received_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS received
         FROM shipments s JOIN units u ON u.id = s.unit_id JOIN shipment_lines l ON l.shipment_id = s.id
         JOIN materials m ON m.id = l.material_id
         WHERE s.distribution_id = $1 ORDER BY u.area, u.name, s.id, m.name",
    )
    .bind(distribution_id)
    .fetch_all(&db.pool)
    .await?;
    let mut rounds: Vec<(String, Vec<PickUnit>)> = Vec::new();
    for l in lines {
        if rounds.last().is_none_or(|r| r.0 != l.area) {
            rounds.push((l.area.clone(), Vec::new()));
        }
        let Some((_, units)) = rounds.last_mut() else { continue };
        if units.last().is_none_or(|u| u.shipment_id != l.shipment_id) {
            units.push(PickUnit {
                shipment_id: l.shipment_id,
                unit_name: l.unit_name.clone(),
                address_note: l.address.clone(),
                lines: Vec::new(),
                received: l.received,
            });
        }
        if let Some(u) = units.last_mut() {
            u.lines.push((l.material, l.unit_of_issue, l.pack_size, l.quantity));
        }
    }
    Ok(PickList {
        id: distribution_id,
        delivery_day: day.parse().map_err(|_| AppError::Internal)?,
        approved_at: jiff::Timestamp::from_second(approved_at).map_err(|_| AppError::Internal)?,
        approved_by,
        rounds,
    })
}

/// The unit a shipment goes to, from its own row; unknown is `Forbidden` (ids are not told).
pub async fn unit_of_shipment(db: &Db, shipment_id: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT unit_id FROM shipments WHERE id = $1")
        .bind(shipment_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::Forbidden)
}

pub async fn unit_page(db: &Db, unit_id: i64, may_change: bool) -> Result<UnitEquipment, AppError> {
    let unit_name: String =
        sqlx::query_scalar("SELECT name FROM units WHERE id = $1").bind(unit_id).fetch_one(&db.pool).await?;
    let materials = active_materials(db).await?;
    let supply = supplies(db, &materials, Some(unit_id)).await?;
    #[derive(sqlx::FromRow)]
    struct Line {
        shipment_id: i64,
        #[sqlx(try_from = "CivilDate")]
        delivery_day: jiff::civil::Date,
        received_at: Option<i64>,
        receipt_note: String,
        material_id: i64,
        material: String,
        unit_of_issue: String,
        quantity: i64,
        received: Option<i64>,
    }
    // What has not arrived, and what arrived in the last 30 days.
    let lines: Vec<Line> = sqlx::query_as(
        "SELECT s.id AS shipment_id, d.delivery_day, s.received_at, s.receipt_note, l.material_id,
                m.name AS material, m.unit_of_issue, l.quantity, l.received
         FROM shipments s JOIN distributions d ON d.id = s.distribution_id
         JOIN shipment_lines l ON l.shipment_id = s.id JOIN materials m ON m.id = l.material_id
         WHERE s.unit_id = $1 AND (s.received_at IS NULL OR s.received_at >= $2)
         ORDER BY CASE WHEN s.received_at IS NULL THEN 0 ELSE 1 END, s.id DESC, m.name",
    )
    .bind(unit_id)
    .bind(db.now() - 30 * 86_400)
    .fetch_all(&db.pool)
    .await?;
    let mut shipments: Vec<ShipmentView> = Vec::new();
    for l in lines {
        if shipments.last().is_none_or(|s| s.id != l.shipment_id) {
            shipments.push(ShipmentView {
                id: l.shipment_id,
                delivery_day: l.delivery_day,
                received_at: l.received_at.and_then(|t| jiff::Timestamp::from_second(t).ok()),
                receipt_note: l.receipt_note.clone(),
                lines: Vec::new(),
            });
        }
        if let Some(s) = shipments.last_mut() {
            s.lines.push((l.material_id, l.material, l.unit_of_issue, l.quantity, l.received));
        }
    }
    let requests: Vec<RequestRow> = sqlx::query_as(
        "SELECT r.id, m.name AS material, m.unit_of_issue, r.quantity, r.note, r.requested_at,
                CAST(CASE WHEN r.shipment_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS answered
         FROM equipment_requests r JOIN materials m ON m.id = r.material_id
         WHERE r.unit_id = $1 AND (r.shipment_id IS NULL OR r.requested_at >= $2)
         ORDER BY r.id DESC",
    )
    .bind(unit_id)
    .bind(db.now() - 30 * 86_400)
    .fetch_all(&db.pool)
    .await?;
    Ok(UnitEquipment { unit_id, unit_name, may_change, materials, supply, shipments, requests })
}

/// The unit confirms what arrived. Once: a second confirmation is refused (someone already did).
pub async fn confirm_receipt(
    db: &Db,
    person_id: i64,
    unit_id: i64,
    shipment_id: i64,
    lines: &[ReceivedLine],
    note: &str,
) -> Result<(), AppError> {
    let note = NoteText::parse("note", note, 300)?;
    let sent: Vec<(i64, i64)> =
        sqlx::query_as("SELECT material_id, quantity FROM shipment_lines WHERE shipment_id = $1 ORDER BY material_id")
            .bind(shipment_id)
            .fetch_all(&db.pool)
            .await?;
    let mut counted: Vec<(i64, i64)> = Vec::new();
    for (material_id, quantity) in &sent {
        let line = lines.iter().find(|l| l.material_id == *material_id);
        let received = match line {
            Some(l) => whole_number_in(&format!("received_{material_id}"), &l.received, 0..=MAX_QUANTITY)?,
            None => *quantity,
        };
        counted.push((*material_id, received));
    }
    let differs = counted.iter().zip(&sent).any(|(c, s)| c.1 != s.1);
    if differs && note.as_str().is_empty() {
        return Err(AppError::invalid("note", InvalidCode::Required));
    }
    let now = db.now();
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE shipments SET received_at = $1, received_by = $2, receipt_note = $3 WHERE id = $4 AND received_at IS NULL",
    )
    .bind(now)
    .bind(person_id)
    .bind(note.as_str())
    .bind(shipment_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Conflict(ConflictCode::ShipmentReceived));
    }
    for (material_id, received) in &counted {
        sqlx::query("UPDATE shipment_lines SET received = $1 WHERE shipment_id = $2 AND material_id = $3")
            .bind(received)
            .bind(shipment_id)
            .bind(material_id)
            .execute(&mut *tx)
            .await?;
    }
    let mut changes = Changes::default();
    for ((material_id, received), (_, sent)) in counted.iter().zip(&sent) {
        changes = changes.field(&format!("received_{material_id}"), *sent, *received);
    }
    audit::record(
        &mut tx,
        now,
        Some(person_id),
        audit::Action::ConfirmReceipt,
        audit::Entity::Shipment,
        Some(shipment_id),
        changes,
    )
    .await?;
    tx.commit().await?;
    db.publish(signals(Some(unit_id))).await;
    Ok(())
}

pub async fn request(
    db: &Db,
    person_id: i64,
    unit_id: i64,
    material_id: i64,
    quantity: &str,
    note: &str,
) -> Result<i64, AppError> {
    let quantity = whole_number_in("quantity", quantity, 1..=MAX_QUANTITY)?;
    let note = NoteText::parse("note", note, 300)?;
    if !active_materials(db).await?.iter().any(|m| m.id == material_id) {
        return Err(AppError::invalid("material_id", InvalidCode::UnknownChoice));
    }
    let now = db.now();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO equipment_requests (unit_id, material_id, quantity, note, requested_by, requested_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(unit_id)
    .bind(material_id)
    .bind(quantity)
    .bind(note.as_str())
    .bind(person_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let changes = Changes::default().created("material", material_id).created("quantity", quantity);
    audit::record(
        &mut tx,
        now,
        Some(person_id),
        audit::Action::RequestEquipment,
        audit::Entity::EquipmentRequest,
        Some(id),
        changes,
    )
    .await?;
    tx.commit().await?;
    db.publish(signals(Some(unit_id))).await;
    Ok(id)
}

/// The coming week's needs per material (see `NeedLine`), and the last distributions.
pub async fn county_needs(db: &Db) -> Result<CountyNeeds, AppError> {
    let materials = active_materials(db).await?;
    let supplies = supplies(db, &materials, None).await?;
    let central = central_stocks(db).await?;
    let today = db.today();
    let week = crate::domain::schedule::monday_of(today).checked_add(jiff::Span::new().days(7)).unwrap_or(today);
    let lines = materials
        .iter()
        .map(|m| {
            let units: Vec<&UnitSupply> = supplies.iter().filter(|s| s.material_id == m.id).collect();
            let central_stock = central.get(&m.id).copied().unwrap_or(0);
            // Each unit's use over the week plus the target it should still have at its end.
            let horizon = 7.0 + equipment::TARGET_DAYS;
            let wanted: i64 = units.iter().map(|s| unit_stock(s).need(horizon)).sum();
            NeedLine {
                material: m.name.clone(),
                unit_of_issue: m.unit_of_issue.clone(),
                used_per_day: units.iter().filter_map(|s| s.burn_per_day).sum(),
                units_stock: units.iter().filter_map(|s| s.on_hand).sum(),
                central_stock,
                need: (wanted - central_stock).max(0),
                units_below_target: units
                    .iter()
                    .filter(|s| matches!(s.light, equipment::Light::Red | equipment::Light::Yellow))
                    .count() as i64,
                units_unknown: units.iter().filter(|s| s.light == equipment::Light::Grey).count() as i64,
            }
        })
        .collect();
    Ok(CountyNeeds { made_at: db.clock.now(), week, lines, history: distributions(db, 100).await? })
}
