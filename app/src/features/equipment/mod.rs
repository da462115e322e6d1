//! Protective equipment (seeds/002): the coordinators' catalogue and central stock with its
//! ledger, every unit's stock and days of supply from the daily reports, the distribution
//! proposal shared out by need on equal terms, shipments with pick lists per delivery round,
//! the units' receipts and requests, and the municipality's needs for the county board. The
//! arithmetic (burn rate, days of supply, the ledger, the distribution rule) is in
//! `domain::equipment`.
//!
//! Who may do what: coordinators and administrators keep the catalogue and the central stock and
//! approve distributions; a unit's managers (and administrators) confirm receipts and request
//! material for their unit; coordinators read every unit's page, a unit manager only their own.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::domain::ProviderKind;
use crate::domain::equipment::{Light, ProposalLine, Supply};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    ssr::{
        auth::require,
        context,
        guard::{planner_of, planning_reader_of},
        respond,
    },
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A material of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Material {
    pub id: i64,
    pub name: String,
    /// "st", "par", "flaska".
    pub unit_of_issue: String,
    pub pack_size: i64,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub active: bool,
}

/// One unit's supply of one material now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitSupply {
    pub unit_id: i64,
    pub unit_name: String,
    pub provider_name: String,
    pub provider_kind: ProviderKind,
    pub area: String,
    pub material_id: i64,
    /// The newest report's count plus what arrived since; None: never reported.
    pub on_hand: Option<i64>,
    pub reported_at: Option<jiff::Timestamp>,
    pub burn_per_day: Option<f64>,
    pub supply: Supply,
    pub light: Light,
    /// Today's report says outbreak.
    pub outbreak: bool,
    /// Open requests, in units of issue.
    pub requested: i64,
}

/// One material across the municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaterialStatus {
    pub material: Material,
    pub central_stock: i64,
    /// Every active unit, the lowest supply first.
    pub units: Vec<UnitSupply>,
}

/// A line of the proposal, with the unit's name for the coordinator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposedLine {
    pub unit_name: String,
    pub provider_name: String,
    pub line: ProposalLine,
}

/// The proposal for one material.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaterialProposal {
    pub material: Material,
    pub central_stock: i64,
    pub lines: Vec<ProposedLine>,
}

/// One row of the central ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MovementRow {
    pub id: i64,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::UnixSeconds"))]
    pub at: jiff::Timestamp,
    pub material: String,
    pub kind: String,
    pub source: Option<String>,
    pub quantity: i64,
    pub reason: String,
    pub unit_name: Option<String>,
    pub person_name: String,
    /// The material's stock after this movement.
    pub balance: i64,
}

/// An approved distribution, for the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistributionSummary {
    pub id: i64,
    pub approved_at: jiff::Timestamp,
    pub approved_by: String,
    pub delivery_day: jiff::civil::Date,
    pub units: i64,
    pub received: i64,
    /// Material name, unit of issue and quantity sent.
    pub totals: Vec<(String, String, i64)>,
}

/// The coordinator's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EquipmentOverview {
    pub today: jiff::civil::Date,
    /// The whole catalogue, inactive materials too.
    pub catalogue: Vec<Material>,
    pub materials: Vec<MaterialStatus>,
    pub proposal: Vec<MaterialProposal>,
    /// The newest movements first.
    pub movements: Vec<MovementRow>,
    pub distributions: Vec<DistributionSummary>,
}

/// Everything the coordinator's page shows (coordinators and administrators).
#[server(endpoint = "equipment_overview")]
pub async fn get_equipment_overview() -> Result<EquipmentOverview, AppError> {
    respond(async move {
        require(&[Role::Coordinator, Role::Admin]).await?;
        server::overview(&context()?.db).await
    })
    .await
}

/// Adds a material (no `id`) or changes one. Flat fields: the form posts without the wasm too.
#[server(endpoint = "save_material")]
pub async fn save_material(
    #[server(default)] id: Option<i64>,
    name: String,
    unit_of_issue: String,
    pack_size: String,
    #[server(default)] active: Option<String>,
) -> Result<i64, AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin]).await?;
        let id =
            server::save_material(&context()?.db, user.id, id, &name, &unit_of_issue, &pack_size, active.is_some())
                .await?;
        crate::ssr::after_plain_post("/skyddsutrustning#material-h");
        Ok(id)
    })
    .await
}

/// A movement of the central stock: a delivery in (`source`), a stock count, or an adjustment
/// with its reason. Shipments out are made by approving a distribution.
#[server(endpoint = "record_stock_movement")]
pub async fn record_stock_movement(
    material_id: i64,
    kind: String,
    #[server(default)] source: String,
    quantity: String,
    #[server(default)] reason: String,
) -> Result<i64, AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin]).await?;
        let stock =
            server::record_movement(&context()?.db, user.id, material_id, &kind, &source, &quantity, &reason).await?;
        crate::ssr::after_plain_post("/skyddsutrustning?lager=1#stock-h");
        Ok(stock)
    })
    .await
}

/// A line the coordinator approves: this many packs of a material to a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovedLine {
    pub material_id: i64,
    pub unit_id: i64,
    pub packs: i64,
}

/// Approves the proposal as the coordinator adjusted it: one shipment per unit, the central
/// stock moved out through the ledger, the units' open requests of those materials answered.
/// Answers the distribution's id (its pick list).
#[server(endpoint = "approve_distribution", input = Json)]
pub async fn approve_distribution(delivery_day: String, lines: Vec<ApprovedLine>) -> Result<i64, AppError> {
    respond(async move {
        let user = require(&[Role::Coordinator, Role::Admin]).await?;
        server::approve(&context()?.db, user.id, &delivery_day, &lines).await
    })
    .await
}

/// One unit's part of a pick list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PickUnit {
    pub shipment_id: i64,
    pub unit_name: String,
    pub address_note: String,
    /// Material, unit of issue, pack size, quantity.
    pub lines: Vec<(String, String, i64, i64)>,
    pub received: bool,
}

/// A distribution's pick lists, one delivery round per area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PickList {
    pub id: i64,
    pub delivery_day: jiff::civil::Date,
    pub approved_at: jiff::Timestamp,
    pub approved_by: String,
    pub rounds: Vec<(String, Vec<PickUnit>)>,
}

#[server(endpoint = "pick_list")]
pub async fn get_pick_list(distribution_id: i64) -> Result<PickList, AppError> {
    respond(async move {
        require(&[Role::Coordinator, Role::Admin]).await?;
        server::pick_list(&context()?.db, distribution_id).await
    })
    .await
}

/// A shipment as the receiving unit sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShipmentView {
    pub id: i64,
    pub delivery_day: jiff::civil::Date,
    pub received_at: Option<jiff::Timestamp>,
    pub receipt_note: String,
    /// Material id, name, unit of issue, quantity sent, quantity received.
    pub lines: Vec<(i64, String, String, i64, Option<i64>)>,
}

/// A unit's request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RequestRow {
    pub id: i64,
    pub material: String,
    pub unit_of_issue: String,
    pub quantity: i64,
    pub note: String,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::UnixSeconds"))]
    pub requested_at: jiff::Timestamp,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub answered: bool,
}

/// A unit's equipment page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitEquipment {
    pub unit_id: i64,
    pub unit_name: String,
    /// The unit's managers (and administrators) confirm and request; coordinators read.
    pub may_change: bool,
    pub materials: Vec<Material>,
    pub supply: Vec<UnitSupply>,
    /// Not yet confirmed first, then the last received ones.
    pub shipments: Vec<ShipmentView>,
    pub requests: Vec<RequestRow>,
}

#[server(endpoint = "unit_equipment")]
pub async fn get_unit_equipment(unit_id: i64) -> Result<UnitEquipment, AppError> {
    respond(async move {
        let (_, db, may_change) = planning_reader_of(unit_id).await?;
        server::unit_page(&db, unit_id, may_change).await
    })
    .await
}

/// What arrived of one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReceivedLine {
    pub material_id: i64,
    /// As typed: a whole number.
    pub received: String,
}

/// Confirms a shipment's arrival with what was counted; a count that differs from what was sent
/// needs a note.
#[server(endpoint = "confirm_receipt", input = Json)]
pub async fn confirm_receipt(shipment_id: i64, lines: Vec<ReceivedLine>, note: String) -> Result<(), AppError> {
    respond(async move {
        // The role first, then the shipment's own unit from the database.
        require(crate::ssr::guard::PLANNERS).await?;
        let unit_id = server::unit_of_shipment(&context()?.db, shipment_id).await?;
        let (user, db) = planner_of(unit_id).await?;
        server::confirm_receipt(&db, user.id, unit_id, shipment_id, &lines, &note).await
    })
    .await
}

/// A unit asks for material; the request feeds the next proposal.
#[server(endpoint = "request_equipment")]
pub async fn request_equipment(
    unit_id: i64,
    material_id: i64,
    quantity: String,
    #[server(default)] note: String,
) -> Result<i64, AppError> {
    respond(async move {
        let (user, db) = planner_of(unit_id).await?;
        let id = server::request(&db, user.id, unit_id, material_id, &quantity, &note).await?;
        crate::ssr::after_plain_post(&format!("/enhet/{unit_id}/skyddsutrustning?begart=1#request-h"));
        Ok(id)
    })
    .await
}

/// The municipality's need of one material for the coming week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedLine {
    pub material: String,
    pub unit_of_issue: String,
    /// Every unit's burn rate added up (units with an unknown rate count 0).
    pub used_per_day: f64,
    /// What the units have (estimated: their last count plus what arrived since).
    pub units_stock: i64,
    pub central_stock: i64,
    /// What keeps every unit at the target through the week, less the central stock.
    pub need: i64,
    pub units_below_target: i64,
    pub units_unknown: i64,
}

/// The county board's report: the coming week's needs and what was sent when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountyNeeds {
    pub made_at: jiff::Timestamp,
    /// Monday of the coming week.
    pub week: jiff::civil::Date,
    pub lines: Vec<NeedLine>,
    pub history: Vec<DistributionSummary>,
}

#[server(endpoint = "county_needs")]
pub async fn get_county_needs() -> Result<CountyNeeds, AppError> {
    respond(async move {
        require(&[Role::Coordinator, Role::Admin]).await?;
        server::county_needs(&context()?.db).await
    })
    .await
}
