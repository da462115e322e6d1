//! Data that crosses between server and browser. Plain serde structs, no behaviour.
use crate::domain::{ProviderKind, Role, UnitKind};
use serde::{Deserialize, Serialize};

/// The logged-in person as the UI needs them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

impl SessionUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    pub fn home_path(&self) -> &'static str {
        Role::primary(&self.roles).map(Role::home_path).unwrap_or("/profil")
    }
}

/// One page of a longer list, with the total for "showing 21–40 of 726".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> i64 {
        if self.per_page <= 0 { 1 } else { ((self.total + self.per_page - 1) / self.per_page).max(1) }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    pub id: i64,
    pub name: String,
    pub kind: ProviderKind,
    pub org_number: String,
    pub active: bool,
    pub unit_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: i64,
    pub provider_id: i64,
    pub provider_name: String,
    pub name: String,
    pub kind: UnitKind,
    pub area: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub active: bool,
    pub staff_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Competence {
    pub id: i64,
    pub code: String,
    pub name_sv: String,
    pub name_en: String,
    pub active: bool,
}

/// A role as held by a person; `unit_id` is set for unit-bound roles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: Role,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
}

/// A row of the people list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub active: bool,
    pub roles: Vec<Role>,
    pub has_password: bool,
}

/// Everything an administrator edits about a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonDetail {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub employment_percent: i64,
    /// Personal cap on working time per calendar month (e.g. 165 h for hourly pool staff).
    pub max_month_hours: Option<i64>,
    /// The agreement profile whose limits apply; `None` means the first (default) profile.
    pub agreement_profile_id: Option<i64>,
    pub active: bool,
    pub has_password: bool,
    pub roles: Vec<RoleGrant>,
    pub competence_ids: Vec<i64>,
}

/// Choices for the person form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonFormOptions {
    pub units: Vec<(i64, String)>,
    pub competences: Vec<Competence>,
    pub agreements: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_name: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub details: String,
}

/// What a person sees about themself on the profile page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyProfile {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub employment_percent: i64,
    pub roles: Vec<RoleGrant>,
    pub competences: Vec<Competence>,
}

/// A unit as its manager or the coordinator sees it, with its staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitStaff {
    pub unit: Unit,
    pub staff: Vec<StaffMember>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i64,
    pub name: String,
    pub employment_percent: i64,
    pub competences: Vec<String>,
}

/// The coordinator's municipality-wide overview (until daily reports arrive, the structure).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MunicipalityOverview {
    pub providers: Vec<Provider>,
    pub units: Vec<Unit>,
    pub pool_care_qualified: i64,
    pub pool_service_only: i64,
    pub service_team: i64,
}

/// A shift as its worker sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyShift {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub unit_name: String,
    pub unit_address: String,
    pub shift_name: Option<String>,
    pub quality_role: Option<crate::domain::schedule::QualityRole>,
    pub resource: bool,
    pub absent: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyShifts {
    pub shifts: Vec<MyShift>,
    pub past: bool,
    pub has_calendar: bool,
}

/// A person's shifts in one calendar month (local time), for the month view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyMonth {
    /// The first day of the month, "2026-12-01".
    pub first_day: String,
    pub shifts: Vec<MyShift>,
}

/// One unit's week: per day and shift type, the need, who is scheduled, the gaps and breaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekView {
    pub unit_id: i64,
    pub unit_name: String,
    pub week_start: String,
    pub days: Vec<DayPlan>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayPlan {
    pub date: String,
    pub rows: Vec<ShiftPlan>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftPlan {
    pub shift_type_id: i64,
    pub shift_name: String,
    pub start: String,
    pub end: String,
    pub coverage: Vec<CoverageRow>,
    pub gap: i64,
    pub shifts: Vec<PlannedShift>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub competence_sv: Option<String>,
    pub competence_en: Option<String>,
    pub quality_role: Option<crate::domain::schedule::QualityRole>,
    pub headcount: i64,
    pub scheduled: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedShift {
    pub id: i64,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub absent: bool,
    pub resource: bool,
    pub quality_role: Option<crate::domain::schedule::QualityRole>,
    pub rest_exception_reason: Option<String>,
    pub breaches: Vec<crate::domain::worktime::Breach>,
}

/// A person who could take a shift, with what the rules say about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub person_id: i64,
    pub name: String,
    pub breaches: Vec<crate::domain::worktime::Breach>,
}

/// Follow-up figures for a unit over a period (Leksand: full time as the norm, float strain).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub unit_name: String,
    pub from: String,
    pub weeks: i64,
    pub full_time_percent: i64,
    pub resource_warning_level: i64,
    pub rows: Vec<FollowUpRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpRow {
    pub person_id: i64,
    pub name: String,
    pub employment_percent: i64,
    pub scheduled_minutes: i64,
    pub contracted_minutes: i64,
    pub resource_shifts: i64,
}

/// A unit's shift types and base staffing, for the base-staffing editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Staffing {
    pub unit_id: i64,
    pub unit_name: String,
    pub shift_types: Vec<ShiftTypeRow>,
    pub competences: Vec<Competence>,
    pub needs: Vec<NeedGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftTypeRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub start: String,
    pub end: String,
}

/// Need rows with the same shift type, kind and headcount, gathered over their weekdays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedGroup {
    pub ids: Vec<i64>,
    pub shift_type_id: i64,
    pub weekdays: Vec<i64>,
    pub competence_id: Option<i64>,
    pub quality_role: Option<crate::domain::schedule::QualityRole>,
    pub headcount: i64,
}

/// A unit's rolling schedule for the editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RotationView {
    pub unit_id: i64,
    pub unit_name: String,
    pub rotation_id: Option<i64>,
    pub weeks: i64,
    pub start_date: String,
    pub shift_types: Vec<ShiftTypeRow>,
    pub staff: Vec<(i64, String)>,
    pub lines: Vec<RotationLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RotationLine {
    pub id: i64,
    pub line_no: i64,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub employment_percent: i64,
    /// `weeks * 7` cells, Monday of week 1 first: the shift worked that day, if any.
    pub cells: Vec<Option<crate::domain::schedule::RotationCell>>,
    /// Average scheduled minutes per week over the rotation.
    pub minutes_per_week: i64,
}

/// A collective-agreement profile: the limits the working-time rules use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: i64,
    pub name: String,
    pub daily_rest_hours: i64,
    pub daily_rest_exception_hours: i64,
    pub weekly_rest_hours: i64,
    pub max_week_hours: Option<i64>,
    pub night_reference_days: i64,
    pub night_average_max_hours: i64,
}
