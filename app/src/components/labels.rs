//! Translated names of domain values (roles, kinds, error codes).
use crate::domain::schedule::{QualityRole, ShiftKind};
use crate::domain::worktime::Breach;
use crate::domain::{ProviderKind, Role, UnitKind, time::format_local};
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

pub fn quality_role_label(locale: Locale, role: QualityRole) -> &'static str {
    match role {
        QualityRole::TeamLeader => td_string!(locale, team_leader),
        QualityRole::ActivityCoordinator => td_string!(locale, activity_coordinator),
        QualityRole::MealCoordinator => td_string!(locale, meal_coordinator),
    }
}

/// A pool request's competence in the reader's language; none: any care staff.
pub fn competence_or_any(locale: Locale, names: &Option<(String, String)>) -> String {
    match (names, locale) {
        (Some((sv, _)), Locale::sv) => sv.clone(),
        (Some((_, en)), Locale::en) => en.clone(),
        (None, _) => td_string!(locale, any_care_staff).to_string(),
    }
}

pub fn shift_kind_label(locale: Locale, kind: ShiftKind) -> &'static str {
    match kind {
        ShiftKind::Ordinary => td_string!(locale, ordinary_shift),
        ShiftKind::Quality(role) => quality_role_label(locale, role),
        ShiftKind::Resource => td_string!(locale, resource_shift),
    }
}

/// An audit-trail action in words. The trail reads codes, not the enum, so that an entry
/// written by a newer instance (several run on one database during a rolling upgrade) is shown
/// as its code instead of hiding the page; every known action has words (the match is total).
pub fn audit_action_label(locale: Locale, code: &str) -> String {
    use crate::model::AuditAction as A;
    let Ok(action) = code.parse::<A>() else { return code.to_string() };
    let s = match action {
        A::Create => td_string!(locale, audit_create),
        A::Update => td_string!(locale, audit_update),
        A::Delete => td_string!(locale, audit_delete),
        A::Save => td_string!(locale, audit_save),
        A::Assign => td_string!(locale, audit_assign),
        A::Swap => td_string!(locale, audit_swap),
        A::MarkAbsent => td_string!(locale, audit_mark_absent),
        A::GenerateShifts => td_string!(locale, audit_generate_shifts),
        A::RenewCalendarLink => td_string!(locale, audit_renew_calendar_link),
        A::SetPassword => td_string!(locale, audit_set_password),
        A::ChangePassword => td_string!(locale, audit_change_password),
        A::Invite => td_string!(locale, audit_invite),
        A::Activate => td_string!(locale, audit_activate),
        A::Deactivate => td_string!(locale, audit_deactivate),
        A::LoadDemo => td_string!(locale, audit_load_demo),
        A::FileReport => td_string!(locale, audit_file_report),
        A::Remind => td_string!(locale, audit_remind),
        A::RunAllocation => td_string!(locale, audit_run_allocation),
        A::PublishOffers => td_string!(locale, audit_publish_offers),
        A::AcceptOffer => td_string!(locale, audit_accept_offer),
        A::DeclineOffer => td_string!(locale, audit_decline_offer),
        A::CancelBooking => td_string!(locale, audit_cancel_booking),
        A::SetAvailability => td_string!(locale, audit_set_availability),
        A::RequestFromPool => td_string!(locale, audit_request_from_pool),
        A::RequestErrand => td_string!(locale, audit_request_errand),
        A::ClaimErrand => td_string!(locale, audit_claim_errand),
        A::WorkOnErrand => td_string!(locale, audit_work_on_errand),
        A::DeliverErrand => td_string!(locale, audit_deliver_errand),
        A::CloseErrandUndone => td_string!(locale, audit_close_errand_undone),
        A::CancelErrand => td_string!(locale, audit_cancel_errand),
        A::SetErrandMinutes => td_string!(locale, audit_set_errand_minutes),
        A::MoveStock => td_string!(locale, audit_move_stock),
        A::ApproveDistribution => td_string!(locale, audit_approve_distribution),
        A::ConfirmReceipt => td_string!(locale, audit_confirm_receipt),
        A::RequestEquipment => td_string!(locale, audit_request_equipment),
    };
    s.to_string()
}

/// What an audit-trail entry is about, in words (unknown codes as they are, as above).
pub fn audit_entity_label(locale: Locale, code: &str) -> String {
    use crate::model::AuditEntity as E;
    let Ok(entity) = code.parse::<E>() else { return code.to_string() };
    let s = match entity {
        E::AgreementProfile => td_string!(locale, entity_agreement_profile),
        E::Competence => td_string!(locale, entity_competence),
        E::Person => td_string!(locale, entity_person),
        E::Provider => td_string!(locale, entity_provider),
        E::Rotation => td_string!(locale, entity_rotation),
        E::RotationLine => td_string!(locale, entity_rotation_line),
        E::Shift => td_string!(locale, entity_shift),
        E::ShiftType => td_string!(locale, entity_shift_type),
        E::StaffingNeed => td_string!(locale, entity_staffing_need),
        E::Unit => td_string!(locale, entity_unit),
        E::Municipality => td_string!(locale, entity_municipality),
        E::DailyReport => td_string!(locale, entity_daily_report),
        E::PoolOffer => td_string!(locale, entity_pool_offer),
        E::PoolBooking => td_string!(locale, entity_pool_booking),
        E::PoolRequest => td_string!(locale, entity_pool_request),
        E::Errand => td_string!(locale, entity_errand),
        E::Material => td_string!(locale, entity_material),
        E::StockMovement => td_string!(locale, entity_stock_movement),
        E::Distribution => td_string!(locale, entity_distribution),
        E::Shipment => td_string!(locale, entity_shipment),
        E::EquipmentRequest => td_string!(locale, entity_equipment_request),
    };
    s.to_string()
}

/// An audit entry's recorded changes, one line per field: "name: old → new", or "name: value"
/// for a value that did not exist before. Anything that is not such a record is shown whole.
pub fn audit_change_lines(details: &str) -> Vec<String> {
    use serde_json::Value;
    let show = |v: &Value| match v {
        Value::Null => "–".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match serde_json::from_str::<Value>(details) {
        Ok(Value::Object(fields)) => fields
            .iter()
            .map(|(name, change)| match change.as_array().map(Vec::as_slice) {
                Some([Value::Null, new]) => format!("{name}: {}", show(new)),
                Some([old, new]) => format!("{name}: {} → {}", show(old), show(new)),
                _ => format!("{name}: {}", show(change)),
            })
            .collect(),
        _ => vec![details.to_string()],
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
            return td_string!(locale, err_throttled, minutes = minutes).to_string();
        }
        AppError::InvitationInvalid => td_string!(locale, err_invitation_invalid),
        AppError::Internal => td_string!(locale, err_internal),
        AppError::BadRequest => td_string!(locale, err_bad_request),
        AppError::RuleBreach(breaches) => {
            let mut text = td_string!(locale, err_rule_breach).to_string();
            for b in breaches {
                text.push(' ');
                text.push_str(&breach_text(locale, b));
            }
            return text;
        }
        AppError::Network(_) => td_string!(locale, err_network),
        AppError::Conflict(code) => match code {
            ConflictCode::EmailTaken => td_string!(locale, err_email_taken),
            ConflictCode::OrgNumberTaken => td_string!(locale, err_org_number_taken),
            ConflictCode::CompetenceCodeTaken => td_string!(locale, err_code_taken),
            ConflictCode::LastAdministrator => td_string!(locale, err_last_admin),
            ConflictCode::ShiftTypeTaken => td_string!(locale, err_shift_type_taken),
            ConflictCode::AgreementNameTaken => td_string!(locale, err_agreement_name_taken),
            ConflictCode::ReportChanged => td_string!(locale, err_report_changed),
            ConflictCode::OfferGone => td_string!(locale, err_offer_gone),
            ConflictCode::PlaceTaken => td_string!(locale, err_place_taken),
            ConflictCode::AvailabilityBooked => td_string!(locale, err_availability_booked),
            ConflictCode::NotEligible => td_string!(locale, err_not_eligible),
            ConflictCode::ErrandTaken => td_string!(locale, err_errand_taken),
            ConflictCode::ErrandCancelled => td_string!(locale, err_errand_cancelled),
            ConflictCode::ErrandClosed => td_string!(locale, err_errand_closed),
            ConflictCode::ErrandNotClaimed => td_string!(locale, err_errand_not_claimed),
            ConflictCode::MaterialNameTaken => td_string!(locale, err_material_name_taken),
            ConflictCode::NotEnoughStock => td_string!(locale, err_not_enough_stock),
            ConflictCode::ShipmentReceived => td_string!(locale, err_shipment_received),
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
            InvalidCode::Time => td_string!(locale, err_time),
            InvalidCode::OutOfRange { min, max } => {
                return td_string!(locale, err_out_of_range, min = *min, max = *max).to_string();
            }
            InvalidCode::TooMany { max } => {
                return td_string!(locale, err_too_many, max = *max).to_string();
            }
            InvalidCode::ForbiddenCharacters => td_string!(locale, err_forbidden_characters),
            InvalidCode::WrongPassword => td_string!(locale, err_wrong_password),
            InvalidCode::Month => td_string!(locale, err_month),
            InvalidCode::Date => td_string!(locale, err_date),
            InvalidCode::Registration => td_string!(locale, err_registration),
            InvalidCode::Amount => td_string!(locale, err_amount),
        },
    };
    s.to_string()
}

/// "9 h" or "9 h 30 min".
pub fn hours(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h} h"),
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// One broken working-time rule, explained with its figures.
pub fn breach_text(locale: Locale, breach: &Breach) -> String {
    match breach {
        Breach::Overlap { other } => {
            let when = format!("{}–{}", format_local(other.start), format_local(other.end));
            td_string!(locale, breach_overlap, when = when).to_string()
        }
        Breach::DailyRest { rest_minutes, required_minutes, exception_possible } => {
            let (rest, required) = (hours(*rest_minutes), hours(*required_minutes));
            let mut t = td_string!(locale, breach_daily_rest, rest = rest, required = required).to_string();
            if *exception_possible {
                t.push(' ');
                t.push_str(td_string!(locale, breach_exception_hint));
            }
            t
        }
        Breach::ShiftTooLong { minutes, max_minutes } => {
            let (length, max) = (hours(*minutes), hours(*max_minutes));
            td_string!(locale, breach_shift_too_long, length = length, max = max).to_string()
        }
        Breach::WeeklyRest { week_start, longest_rest_minutes, required_minutes } => {
            let week = week_start.iso_week_date().week();
            let (rest, required) = (hours(*longest_rest_minutes), hours(*required_minutes));
            td_string!(locale, breach_weekly_rest, week = week, rest = rest, required = required).to_string()
        }
        Breach::WeekHours { week_start, minutes, max_minutes } => {
            let week = week_start.iso_week_date().week();
            let (worked, max) = (hours(*minutes), hours(*max_minutes));
            td_string!(locale, breach_week_hours, week = week, hours = worked, max = max).to_string()
        }
        Breach::MonthHours { year, month, minutes, max_minutes } => {
            let month = format!("{year}-{month:02}");
            let (worked, max) = (hours(*minutes), hours(*max_minutes));
            td_string!(locale, breach_month_hours, month = month, hours = worked, max = max).to_string()
        }
        Breach::NightAverage { average_minutes_per_day, max_minutes, days } => {
            let (avg, max, days) = (hours(*average_minutes_per_day), hours(*max_minutes), *days);
            td_string!(locale, breach_night, avg = avg, days = days, max = max).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_changes_read_as_old_and_new_values() {
        let lines = audit_change_lines(r#"{"name":["Ann","Anna"],"person_id":[null,12],"note":"x"}"#);
        assert_eq!(lines, vec!["name: Ann → Anna", "note: x", "person_id: 12"]);
        assert_eq!(
            audit_change_lines(r#"{"active":[true,false],"reason":["a",null]}"#),
            vec!["active: true → false", "reason: a → –"]
        );
        assert_eq!(audit_change_lines("{}"), Vec::<String>::new());
        assert_eq!(audit_change_lines("not json"), vec!["not json"]);
    }

    #[test]
    fn unknown_audit_codes_are_shown_as_they_are() {
        assert_eq!(audit_action_label(Locale::sv, "assign"), "Tilldelade");
        assert_eq!(audit_entity_label(Locale::sv, "shift"), "pass");
        assert_eq!(audit_entity_label(Locale::en, "staffing_need"), "staffing need");
        assert_eq!(audit_action_label(Locale::sv, "teleport"), "teleport");
    }
}

#[cfg(test)]
mod message_tests {
    use super::*;

    #[test]
    fn an_out_of_range_message_names_the_real_limits_in_both_languages() {
        let err = AppError::out_of_range("weeks", &(1..=16));
        assert_eq!(error_message(Locale::sv, &err), "Ange ett heltal mellan 1 och 16.");
        assert_eq!(error_message(Locale::en, &err), "Enter a whole number from 1 to 16.");
        let warning = AppError::out_of_range("resource_warning", &(0..=28));
        assert_eq!(error_message(Locale::sv, &warning), "Ange ett heltal mellan 0 och 28.");
        let month = AppError::invalid("month", InvalidCode::Month);
        assert_eq!(error_message(Locale::sv, &month), "Ange en månad som 2026-12.");
    }

    #[test]
    fn breaches_and_throttling_are_explained_with_their_figures() {
        let b = Breach::DailyRest { rest_minutes: 540, required_minutes: 660, exception_possible: false };
        assert_eq!(breach_text(Locale::sv, &b), "Dygnsvila: bara 9 h vila mellan passen, minst 11 h krävs.");
        let t = AppError::Throttled { retry_after_secs: 61 };
        assert_eq!(error_message(Locale::en, &t), "Too many failed logins. Try again in 2 minutes.");
    }
}
