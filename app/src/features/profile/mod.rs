//! A person's own profile: name, contact, roles and competences. Everyone has one.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::error::AppError;
use crate::model::{Competence, RoleGrant};
#[cfg(feature = "ssr")]
use crate::ssr::{auth::require, context, respond};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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

/// The query that tells the profile page a password change posted without the wasm succeeded.
pub const PASSWORD_CHANGED: &str = "losenord-bytt";

/// Changes the caller's own password (no id parameter: only one's own). The current password is
/// required; the person's other sessions end.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    respond(async move {
        let user = require(&[]).await?;
        let password = crate::domain::Password::parse_repeated(&password, &password_repeat)?;
        crate::features::sign_in::server::change_password(user.id, current_password, &password).await?;
        crate::ssr::after_plain_post(&format!("/profil?{PASSWORD_CHANGED}"));
        Ok(())
    })
    .await
}

/// The caller's own profile; there is no id parameter, so nobody can read another's.
#[server(endpoint = "my_profile")]
pub async fn get_my_profile() -> Result<MyProfile, AppError> {
    respond(async move {
        let user = require(&[]).await?;
        server::my_profile(&context()?.db, user.id).await
    })
    .await
}
