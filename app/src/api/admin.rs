//! Administration: providers, units, people, roles, competences and the audit trail.
//! Every function here is for administrators only; the check is the first line of each.
use crate::error::AppError;
use crate::model::{AuditEntry, Competence, Page, PersonDetail, PersonFormOptions, PersonSummary, Provider, Unit};
#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    ssr::{
        audit,
        auth::{self, require},
        context, org, people, respond,
    },
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "admin/people")]
pub async fn list_people(query: String, page: i64) -> Result<Page<PersonSummary>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        people::list(&context()?.db, &query, page.max(0), super::PER_PAGE).await
    })
    .await
}

#[server(endpoint = "admin/person")]
pub async fn get_person(id: i64) -> Result<PersonDetail, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        people::get(&context()?.db, id).await
    })
    .await
}

#[server(endpoint = "admin/person_options")]
pub async fn get_person_form_options() -> Result<PersonFormOptions, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        let db = context()?.db;
        let units = org::list_units(&db, "")
            .await?
            .into_iter()
            .map(|u| (u.id, format!("{} – {}", u.name, u.provider_name)))
            .collect();
        let agreements = crate::ssr::agreements::list(&db).await?.into_iter().map(|a| (a.id, a.name)).collect();
        Ok(PersonFormOptions { units, competences: org::list_competences(&db).await?, agreements })
    })
    .await
}

/// Creates (`id` = None) or updates a person. `roles` holds `role` or `role:unit_id` tokens.
#[server(endpoint = "admin/save_person", input = Json)]
#[allow(clippy::too_many_arguments)]
pub async fn save_person(
    id: Option<i64>,
    name: String,
    email: String,
    phone: String,
    employment_percent: String,
    roles: Vec<String>,
    competence_ids: Vec<i64>,
    /// Optional personal monthly cap in hours; empty for none.
    #[server(default)]
    max_month_hours: String,
    #[server(default)] agreement_profile_id: Option<i64>,
) -> Result<i64, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        let input = people::PersonInput::parse(
            &name,
            &email,
            &phone,
            &employment_percent,
            &max_month_hours,
            agreement_profile_id,
            &roles,
            &competence_ids,
        )?;
        people::save(&context()?.db, admin.id, id, input).await
    })
    .await
}

#[server(endpoint = "admin/set_person_active")]
pub async fn set_person_active(id: i64, active: bool) -> Result<(), AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        people::set_active(&context()?.db, admin.id, id, active).await
    })
    .await
}

/// Creates an invitation and returns its path (`/inbjudan/<token>`) for the administrator to send.
#[server(endpoint = "admin/invite")]
pub async fn invite_person(id: i64) -> Result<String, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        let token = auth::create_invitation(&context()?.db, admin.id, id).await?;
        Ok(format!("/inbjudan/{token}"))
    })
    .await
}

#[server(endpoint = "admin/providers")]
pub async fn list_providers() -> Result<Vec<Provider>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        org::list_providers(&context()?.db).await
    })
    .await
}

#[server(endpoint = "admin/save_provider", input = Json)]
pub async fn save_provider(
    id: Option<i64>,
    name: String,
    kind: String,
    org_number: String,
    active: bool,
) -> Result<i64, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        let input = org::ProviderInput::parse(&name, &kind, &org_number, active)?;
        org::save_provider(&context()?.db, admin.id, id, input).await
    })
    .await
}

#[server(endpoint = "admin/units")]
pub async fn list_units(query: String) -> Result<Vec<Unit>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        org::list_units(&context()?.db, &query).await
    })
    .await
}

#[server(endpoint = "admin/save_unit", input = Json)]
#[allow(clippy::too_many_arguments)]
pub async fn save_unit(
    id: Option<i64>,
    provider_id: i64,
    name: String,
    kind: String,
    area: String,
    address: String,
    latitude: String,
    longitude: String,
    active: bool,
) -> Result<i64, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        let input = org::UnitInput::parse(provider_id, &name, &kind, &area, &address, &latitude, &longitude, active)?;
        org::save_unit(&context()?.db, admin.id, id, input).await
    })
    .await
}

#[server(endpoint = "admin/competences")]
pub async fn list_competences() -> Result<Vec<Competence>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        org::list_competences(&context()?.db).await
    })
    .await
}

#[server(endpoint = "admin/save_competence", input = Json)]
pub async fn save_competence(
    id: Option<i64>,
    code: String,
    name_sv: String,
    name_en: String,
    active: bool,
) -> Result<i64, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        org::save_competence(&context()?.db, admin.id, id, &code, &name_sv, &name_en, active).await
    })
    .await
}

#[server(endpoint = "admin/audit")]
pub async fn audit_log(page: i64) -> Result<Page<AuditEntry>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        audit::list(&context()?.db, page.max(0), 50).await
    })
    .await
}

#[server(endpoint = "admin/agreements")]
pub async fn list_agreements() -> Result<Vec<crate::model::Agreement>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        crate::ssr::agreements::list(&context()?.db).await
    })
    .await
}

/// Creates or edits an agreement profile; hours as whole numbers, `max_week_hours` may be empty.
#[server(endpoint = "admin/save_agreement", input = Json)]
#[allow(clippy::too_many_arguments)]
pub async fn save_agreement(
    id: Option<i64>,
    name: String,
    daily_rest_hours: String,
    daily_rest_exception_hours: String,
    weekly_rest_hours: String,
    max_week_hours: String,
    night_reference_days: String,
    night_average_max_hours: String,
) -> Result<i64, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        let input = crate::ssr::agreements::AgreementInput::parse(
            &name,
            &daily_rest_hours,
            &daily_rest_exception_hours,
            &weekly_rest_hours,
            &max_week_hours,
            &night_reference_days,
            &night_average_max_hours,
        )?;
        crate::ssr::agreements::save(&context()?.db, admin.id, id, input).await
    })
    .await
}
