//! Translated names of domain values (roles, kinds, error codes).
use crate::domain::{ProviderKind, Role, UnitKind};
use crate::error::{AppError, ConflictCode, InvalidCode};
use crate::i18n::*;

pub fn role_label(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Admin => td_string!(locale, role_admin),
        Role::Coordinator => td_string!(locale, role_coordinator),
        Role::UnitManager => td_string!(locale, role_unit_manager),
        Role::CareWorker => td_string!(locale, role_care_worker),
        Role::PoolWorker => td_string!(locale, role_pool_worker),
        Role::ServiceTeam => td_string!(locale, role_service_team),
    }
}

pub fn provider_kind_label(locale: Locale, kind: ProviderKind) -> &'static str {
    match kind {
        ProviderKind::Municipal => td_string!(locale, provider_municipal),
        ProviderKind::Private => td_string!(locale, provider_private),
    }
}

pub fn unit_kind_label(locale: Locale, kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::HomeCare => td_string!(locale, unit_home_care),
        UnitKind::Residential => td_string!(locale, unit_residential),
        UnitKind::Other => td_string!(locale, unit_other),
    }
}

/// A sentence a person can act on, for every error the server can return.
pub fn error_message(locale: Locale, err: &AppError) -> String {
    let s = match err {
        AppError::Unauthenticated => td_string!(locale, err_unauthenticated),
        AppError::Forbidden => td_string!(locale, err_forbidden),
        AppError::NotFound => td_string!(locale, err_not_found),
        AppError::BadCredentials => td_string!(locale, err_bad_credentials),
        AppError::Throttled { retry_after_secs } => {
            let minutes = (retry_after_secs + 59) / 60;
            return td_string!(locale, err_throttled).replace("{minutes}", &minutes.to_string());
        }
        AppError::InvitationInvalid => td_string!(locale, err_invitation_invalid),
        AppError::Internal => td_string!(locale, err_internal),
        AppError::Network(_) => td_string!(locale, err_network),
        AppError::Conflict(code) => match code {
            ConflictCode::EmailTaken => td_string!(locale, err_email_taken),
            ConflictCode::OrgNumberTaken => td_string!(locale, err_org_number_taken),
            ConflictCode::CompetenceCodeTaken => td_string!(locale, err_code_taken),
            ConflictCode::LastAdministrator => td_string!(locale, err_last_admin),
        },
        AppError::Invalid { code, .. } => match code {
            InvalidCode::Required => td_string!(locale, err_required),
            InvalidCode::TooLong => td_string!(locale, err_too_long),
            InvalidCode::Email => td_string!(locale, err_email),
            InvalidCode::PasswordTooShort => td_string!(locale, err_password_short),
            InvalidCode::PasswordMismatch => td_string!(locale, err_password_mismatch),
            InvalidCode::OrgNumber => td_string!(locale, err_org_number),
            InvalidCode::Percent => td_string!(locale, err_percent),
            InvalidCode::Coordinate => td_string!(locale, err_coordinate),
            InvalidCode::UnknownChoice => td_string!(locale, err_unknown_choice),
        },
    };
    s.to_string()
}
