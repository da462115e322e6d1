//! Signing in and out, and setting a password from an invitation link.
pub mod page;
#[cfg(feature = "ssr")]
pub mod server;
use crate::error::AppError;
use crate::model::SessionUser;
#[cfg(feature = "ssr")]
use crate::ssr::{context, respond};
use leptos::prelude::*;

/// Logs in and returns the path of the person's home page.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<String, AppError> {
    respond(async move { Ok(server::login(&email, password).await?.home_path().to_string()) }).await
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    respond(async { server::logout(&context()?.db).await }).await
}

/// The logged-in person, or `None`.
#[server(endpoint = "me")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    respond(crate::ssr::auth::current_user()).await
}

/// The invited person's name, if the invitation is still valid.
#[server(endpoint = "invitation")]
pub async fn invitation_info(token: String) -> Result<String, AppError> {
    respond(async move { server::invitation_person(&crate::ssr::context()?.db, &token).await }).await
}

/// Sets a password from an invitation link; logs in and returns the home path.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String, password: String, password_repeat: String) -> Result<String, AppError> {
    respond(async move {
        let password = crate::domain::Password::parse_repeated(&password, &password_repeat)?;
        Ok(server::accept_invitation(&token, &password).await?.home_path().to_string())
    })
    .await
}
