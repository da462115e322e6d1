//! The situation picture for the county board (Länsstyrelsen): `GET /lagesbild/export.csv?from=…&to=…`
//! — one row per unit and day with that day's newest report (units that did not report are rows
//! too, marked so), and a row for the whole municipality per day. CSV as Excel opens it: UTF-8
//! with a byte-order mark, semicolons (the list separator of a Swedish Excel), Swedish headers.
//! Coordinators and administrators get every unit; a unit manager their own units.
use crate::web::AppState;
use app::domain::Role;
use app::features::situation::server::{EXPORT_MAX_DAYS, ExportRow, export_rows};
use app::i18n::Locale;
use app::ssr::auth::{SessionPerson, user_of};
use axum::extract::{Extension, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Period {
    from: Option<String>,
    to: Option<String>,
}

const HEADERS: [&str; 20] = [
    "Datum",
    "Utförare",
    "Utförartyp",
    "Enhet",
    "Enhetstyp",
    "Område",
    "Rapporterad",
    "Version",
    "Behovspoäng",
    "Frånvarande",
    "Varav egen sjukdom",
    "Varav vård av barn",
    "Saknas på passen",
    "Löser enheten själv",
    "Begärs från poolen",
    "Bekräftade fall brukare",
    "Bekräftade fall personal",
    "Utbrott",
    "Brukare som påverkas",
    "Antal enheter",
];

/// A refusal the person reads in the browser tab the link opened (plain text, both languages).
fn refused(status: StatusCode, sv: &str, en: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], format!("{sv}\n\n{en}\n")).into_response()
}

fn date_of(raw: Option<&str>, today: Date) -> Option<Date> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Some(today),
        Some(raw) => app::domain::schedule::parse_plannable_date(raw),
    }
}

pub async fn situation_csv(
    State(state): State<AppState>,
    Extension(person): Extension<SessionPerson>,
    Query(period): Query<Period>,
) -> Response {
    let user = match user_of(&state.db, person).await {
        Ok(Some(user)) => user,
        Ok(None) => return refused(StatusCode::UNAUTHORIZED, "Logga in först.", "Sign in first."),
        Err(e) => return e.into_response(),
    };
    let only = if user.has(Role::Coordinator) || user.has(Role::Admin) {
        None
    } else if user.has(Role::UnitManager) {
        match app::ssr::guard::managed_unit_ids(&state.db, user.id).await {
            Ok(ids) => Some(ids),
            Err(e) => return e.into_response(),
        }
    } else {
        return refused(
            StatusCode::FORBIDDEN,
            "Du har inte behörighet till lägesbilden.",
            "You may not see the situation picture.",
        );
    };
    let today = state.db.today();
    let (Some(from), Some(to)) = (date_of(period.from.as_deref(), today), date_of(period.to.as_deref(), today)) else {
        return refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Ange datum som 2026-12-01.",
            "Give dates such as 2026-12-01.",
        );
    };
    let days = (to - from).get_days() as i64 + 1;
    if to < from || days > EXPORT_MAX_DAYS {
        return refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("Perioden måste börja före sitt slut och vara högst {EXPORT_MAX_DAYS} dagar."),
            &format!("The period must start before it ends and be at most {EXPORT_MAX_DAYS} days."),
        );
    }
    let rows = match export_rows(&state.db, from, to, only.as_deref()).await {
        Ok(rows) => rows,
        Err(e) => return e.into_response(),
    };
    match write(&rows) {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"lagesbild-{from}-{to}.csv\"")),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "writing the situation CSV");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "Ja" } else { "Nej" }
}

/// The CSV bytes: BOM, headers, per day its unit rows and then the municipality's sums.
pub fn write(rows: &[ExportRow]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(HEADERS)?;
    let mut dates: Vec<Date> = rows.iter().map(|r| r.date).collect();
    dates.dedup();
    for date in dates {
        let day: Vec<&ExportRow> = rows.iter().filter(|r| r.date == date).collect();
        let mut total = [0i64; 8];
        let (mut reported, mut outbreaks, mut recipients) = (0, 0, 0);
        for row in &day {
            let unit = &row.unit;
            let mut record = vec![
                date.to_string(),
                unit.provider_name.clone(),
                app::components::labels::provider_kind_label(Locale::sv, row.provider_kind).to_string(),
                unit.name.clone(),
                app::components::labels::unit_kind_label(Locale::sv, unit.kind).to_string(),
                unit.area.clone(),
            ];
            match &row.report {
                None => {
                    record.push(yes_no(false).to_string());
                    record.extend(std::iter::repeat_n(String::new(), 12));
                }
                Some(r) => {
                    reported += 1;
                    outbreaks += i64::from(r.outbreak);
                    recipients += r.recipients_affected;
                    let figures = [
                        r.absent,
                        r.own_illness,
                        r.child_care,
                        r.short,
                        r.solved,
                        r.short - r.solved,
                        r.cases_recipients,
                        r.cases_staff,
                    ];
                    for (sum, value) in total.iter_mut().zip(figures) {
                        *sum += value;
                    }
                    record.push(yes_no(true).to_string());
                    record.push(r.version.to_string());
                    record.push(r.need_score.to_string());
                    record.extend(figures.iter().map(i64::to_string));
                    record.push(yes_no(r.outbreak).to_string());
                    record.push(r.recipients_affected.to_string());
                }
            }
            record.push("1".to_string());
            out.write_record(&record)?;
        }
        let mut record = vec![
            date.to_string(),
            "Hela kommunen".to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            format!("{reported} av {}", day.len()),
            String::new(),
            String::new(),
        ];
        record.extend(total.iter().map(i64::to_string));
        record.push(format!("{outbreaks} enheter"));
        record.push(recipients.to_string());
        record.push(day.len().to_string());
        out.write_record(&record)?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// The municipality's protective-equipment needs for the coming week, for the county board:
/// `GET /skyddsutrustning/behov.csv` — one row per material (the same figures as the printable
/// page), coordinators and administrators only. Excel-ready like the situation picture's CSV.
pub async fn equipment_needs_csv(
    State(state): State<AppState>,
    Extension(person): Extension<SessionPerson>,
) -> Response {
    let user = match user_of(&state.db, person).await {
        Ok(Some(user)) => user,
        Ok(None) => return refused(StatusCode::UNAUTHORIZED, "Logga in först.", "Sign in first."),
        Err(e) => return e.into_response(),
    };
    if !(user.has(Role::Coordinator) || user.has(Role::Admin)) {
        return refused(
            StatusCode::FORBIDDEN,
            "Bara samordnare kan ta ut kommunens behov.",
            "Only coordinators may export the municipality's needs.",
        );
    }
    let needs = match app::features::equipment::server::county_needs(&state.db).await {
        Ok(needs) => needs,
        Err(e) => return e.into_response(),
    };
    match write_needs(&needs) {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"skyddsutrustning-behov-{}.csv\"", needs.week),
                ),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "writing the equipment needs CSV");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

const NEEDS_HEADERS: [&str; 9] = [
    "Vecka från",
    "Material",
    "Enhet",
    "Förbrukning per dag",
    "Lager hos enheterna",
    "Centralt lager",
    "Behov kommande vecka",
    "Enheter under 7 dagar",
    "Enheter utan uppgift",
];

/// The needs CSV: BOM, Swedish headers, semicolons, decimal commas.
pub fn write_needs(needs: &app::features::equipment::CountyNeeds) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(NEEDS_HEADERS)?;
    for l in &needs.lines {
        out.write_record([
            needs.week.to_string(),
            l.material.clone(),
            l.unit_of_issue.clone(),
            format!("{:.1}", l.used_per_day).replace('.', ","),
            l.units_stock.to_string(),
            l.central_stock.to_string(),
            l.need.to_string(),
            l.units_below_target.to_string(),
            l.units_unknown.to_string(),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
