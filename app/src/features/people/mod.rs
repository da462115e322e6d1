//! People (administration): search and paging, the person form with roles, competences and
//! agreement, activation, invitation links.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::domain::Role;
use crate::error::AppError;
use crate::model::{Competence, Page, RoleGrant};
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A row of the people list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PersonSummary {
    pub id: i64,
    pub name: String,
    pub email: String,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub active: bool,
    /// Filled from `person_roles` after the row is read.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub roles: Vec<Role>,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub has_password: bool,
}

/// Everything an administrator edits about a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
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
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub active: bool,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::ssr::db::Flag"))]
    pub has_password: bool,
    /// Filled after the row is read, as are the competences.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub roles: Vec<RoleGrant>,
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub competence_ids: Vec<i64>,
}

/// Choices for the person form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonFormOptions {
    pub units: Vec<(i64, String)>,
    pub competences: Vec<Competence>,
    pub agreements: Vec<(i64, String)>,
}

#[server(endpoint = "admin/people")]
pub async fn list_people(query: String, page: i64) -> Result<Page<PersonSummary>, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        let (query, page) = (crate::model::search_query(&query)?, crate::model::page_number(page)?);
        server::list(&context()?.db, query, page, crate::model::PER_PAGE).await
    })
    .await
}

#[server(endpoint = "admin/person")]
pub async fn get_person(id: i64) -> Result<PersonDetail, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        server::get(&context()?.db, id).await
    })
    .await
}

#[server(endpoint = "admin/person_options")]
pub async fn get_person_form_options() -> Result<PersonFormOptions, AppError> {
    respond(async move {
        require(&[Role::Admin]).await?;
        let db = context()?.db;
        let units = crate::features::units::server::list_units(&db, "")
            .await?
            .into_iter()
            .map(|u| (u.id, format!("{} – {}", u.name, u.provider_name)))
            .collect();
        let agreements =
            crate::features::agreements::server::list(&db).await?.into_iter().map(|a| (a.id, a.name)).collect();
        Ok(PersonFormOptions {
            units,
            competences: crate::features::competences::server::list_competences(&db).await?,
            agreements,
        })
    })
    .await
}

/// Creates (`id` = None) or updates a person with the roles in `roles`.
#[server(endpoint = "admin/save_person", input = Json)]
#[allow(clippy::too_many_arguments)]
pub async fn save_person(
    id: Option<i64>,
    name: String,
    email: String,
    phone: String,
    employment_percent: String,
    roles: Vec<crate::model::Grant>,
    competence_ids: Vec<i64>,
    /// Optional personal monthly cap in hours; empty for none.
    #[server(default)]
    max_month_hours: String,
    #[server(default)] agreement_profile_id: Option<i64>,
) -> Result<i64, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        let input = server::PersonInput::parse(
            &name,
            &email,
            &phone,
            &employment_percent,
            &max_month_hours,
            agreement_profile_id,
            &roles,
            &competence_ids,
        )?;
        server::save(&context()?.db, admin.id, id, input).await
    })
    .await
}

#[server(endpoint = "admin/set_person_active")]
pub async fn set_person_active(id: i64, active: bool) -> Result<(), AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        server::set_active(&context()?.db, admin.id, id, active).await
    })
    .await
}

/// Creates an invitation and returns its path (`/inbjudan/<token>`) for the administrator to send.
#[server(endpoint = "admin/invite")]
pub async fn invite_person(id: i64) -> Result<String, AppError> {
    respond(async move {
        let admin = require(&[Role::Admin]).await?;
        let token = crate::features::sign_in::server::create_invitation(&context()?.db, admin.id, id).await?;
        Ok(format!("/inbjudan/{token}"))
    })
    .await
}
