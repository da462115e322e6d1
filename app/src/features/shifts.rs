//! The shift store and its rules gate (server only): every assignment of a shift to a person — from
//! the week view, a swap, a generated rotation, later the pool allocation — is checked here against
//! the working-time rules over all units and providers, under a row lock on the person.
use crate::domain::Role;
use crate::domain::schedule::{QualityRole, ShiftKind, ShiftStatus, span_on};
use crate::domain::worktime::{self, AgreementProfile, Breach, PersonLimits, RestException, Span};
use crate::error::{AppError, InvalidCode};
use crate::features::agreements::server::StoredLimits;
use crate::model::{PersonId, ShiftId, UnitId};
use crate::ssr::Db;
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{ClockTime, Flag, UnixSeconds};
use crate::ssr::live::Signal;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use sqlx::AnyConnection;

/// How far around a candidate shift other shifts can matter: the night-work reference period
/// (28 days) and a calendar month on either side, with margin.
pub const RULE_WINDOW_DAYS: i64 = 40;

/// A shift's id and its time, as the rules read it.
#[derive(sqlx::FromRow)]
pub struct ShiftSpan {
    pub id: ShiftId,
    #[sqlx(try_from = "UnixSeconds")]
    pub starts_at: Timestamp,
    #[sqlx(try_from = "UnixSeconds")]
    pub ends_at: Timestamp,
}

impl ShiftSpan {
    pub fn span(&self) -> Span {
        Span::new(self.starts_at, self.ends_at)
    }
}

pub fn parse_date(field: &str, raw: &str) -> Result<Date, AppError> {
    crate::domain::schedule::parse_plannable_date(raw).ok_or(AppError::invalid(field, InvalidCode::Date))
}

/// The agreement and personal limits that apply to a person.
pub async fn rules_for(
    conn: &mut AnyConnection,
    person_id: PersonId,
) -> Result<(AgreementProfile, PersonLimits), AppError> {
    #[derive(sqlx::FromRow)]
    struct Rules {
        #[sqlx(flatten)]
        agreement: StoredLimits,
        max_month_minutes: Option<i64>,
    }
    let row: Rules = sqlx::query_as(
        "SELECT a.name, a.daily_rest_minutes, a.daily_rest_exception_minutes, a.weekly_rest_minutes, a.max_week_minutes,
                a.night_reference_days, a.night_average_max_minutes, p.max_month_minutes
         FROM people p JOIN agreement_profiles a
           ON a.id = COALESCE(p.agreement_profile_id, (SELECT MIN(id) FROM agreement_profiles))
         WHERE p.id = $1",
    )
    .bind(person_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let limits = PersonLimits { max_per_month: row.max_month_minutes.map(SignedDuration::from_mins) };
    let profile = row.agreement.profile();
    Ok((profile, limits))
}

/// A person's planned shifts (all units, all providers) overlapping `[from, to)`, with ids.
pub async fn spans_of(
    conn: &mut AnyConnection,
    person_id: PersonId,
    from: i64,
    to: i64,
) -> Result<Vec<(ShiftId, Span)>, AppError> {
    let rows: Vec<ShiftSpan> = sqlx::query_as(
        "SELECT id, starts_at, ends_at FROM shifts
         WHERE person_id = $1 AND status = $2 AND ends_at > $3 AND starts_at < $4 ORDER BY starts_at",
    )
    .bind(person_id)
    .bind(ShiftStatus::Planned)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.span())).collect())
}

/// What giving `span` to `person_id` would break (ignoring the shift `except`, being reassigned).
pub async fn check_person(
    conn: &mut AnyConnection,
    person_id: PersonId,
    span: Span,
    except: Option<ShiftId>,
    exception: Option<&RestException>,
) -> Result<Vec<Breach>, AppError> {
    let window = RULE_WINDOW_DAYS * 24 * 3600;
    let others: Vec<Span> = spans_of(conn, person_id, span.start.as_second() - window, span.end.as_second() + window)
        .await?
        .into_iter()
        .filter(|(id, _)| Some(*id) != except)
        .map(|(_, s)| s)
        .collect();
    let (profile, limits) = rules_for(conn, person_id).await?;
    Ok(worktime::check(&others, span, &profile, &limits, exception))
}

/// Whether the person is one of the unit's own staff.
pub async fn works_at(conn: &mut AnyConnection, person_id: PersonId, unit_id: UnitId) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT id FROM person_roles WHERE person_id = $1 AND unit_id = $2 AND role = $3")
        .bind(person_id)
        .bind(unit_id)
        .bind(Role::CareWorker)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// The unit's active care workers (id, name), by name: who a unit manager may plan.
pub async fn staff_of(conn: &mut AnyConnection, unit_id: UnitId) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT p.id, p.name FROM person_roles r JOIN people p ON p.id = r.person_id
         WHERE r.unit_id = $1 AND r.role = $2 AND p.active = 1 ORDER BY p.name, p.id",
    )
    .bind(unit_id)
    .bind(Role::CareWorker)
    .fetch_all(&mut *conn)
    .await?)
}

/// Whether the person is in the staff pool.
pub async fn is_pool_worker(conn: &mut AnyConnection, person_id: PersonId) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT id FROM person_roles WHERE person_id = $1 AND role = $2")
        .bind(person_id)
        .bind(Role::PoolWorker)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// Whether the person does care work at all (a care worker somewhere, or in the pool): only
/// they can hold a care shift — never an administrator or a coordinator by mistake.
pub async fn does_care_work(conn: &mut AnyConnection, person_id: PersonId) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT id FROM person_roles WHERE person_id = $1 AND role IN ($2, $3)")
        .bind(person_id)
        .bind(Role::CareWorker)
        .bind(Role::PoolWorker)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// Locks an active person's row for the rest of the transaction, so that two assignments of the
/// same person at once cannot both pass the rules check (a no-op write takes the row lock on
/// PostgreSQL, the write lock on SQLite). False if there is no such active person.
pub async fn lock_person(conn: &mut AnyConnection, person_id: PersonId) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE people SET active = active WHERE id = $1 AND active = 1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Which shift an assignment is about: an existing one, or a new one for a gap.
#[derive(Debug, Clone)]
pub enum Target {
    Existing(ShiftId),
    New { unit_id: UnitId, date: Date, shift_type_id: i64 },
}

impl Target {
    pub fn parse(
        shift_id: Option<i64>,
        unit_id: i64,
        date: &str,
        shift_type_id: Option<i64>,
    ) -> Result<Target, AppError> {
        match (shift_id, shift_type_id) {
            (Some(id), _) => Ok(Target::Existing(ShiftId(id))),
            (None, Some(t)) => {
                Ok(Target::New { unit_id: UnitId(unit_id), date: parse_date("date", date)?, shift_type_id: t })
            }
            (None, None) => Err(AppError::invalid("shift_type_id", InvalidCode::Required)),
        }
    }
}

/// The span and unit of the target shift.
pub async fn resolve(conn: &mut AnyConnection, target: &Target) -> Result<(UnitId, Span), AppError> {
    match target {
        Target::Existing(id) => {
            let (unit_id, UnixSeconds(start), UnixSeconds(end)): (UnitId, UnixSeconds, UnixSeconds) =
                sqlx::query_as("SELECT unit_id, starts_at, ends_at FROM shifts WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or(AppError::NotFound)?;
            Ok((unit_id, Span::new(start, end)))
        }
        Target::New { unit_id, date, shift_type_id } => {
            let (ClockTime(start), ClockTime(end)) =
                sqlx::query_as("SELECT start_time, end_time FROM shift_types WHERE id = $1 AND unit_id = $2")
                    .bind(shift_type_id)
                    .bind(unit_id)
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or(AppError::invalid("shift_type_id", InvalidCode::UnknownChoice))?;
            Ok((*unit_id, span_on(*date, start, end)))
        }
    }
}

/// Gives the target shift to `person_id`, if the rules allow it (an exception with a reason may
/// allow a daily rest down to the agreement's floor). `kind` sets what the shift is; `None`
/// keeps an existing shift's own and makes a new one ordinary. Returns the shift id.
pub async fn assign(
    db: &Db,
    actor: PersonId,
    target: &Target,
    person_id: PersonId,
    exception_reason: Option<String>,
    kind: Option<ShiftKind>,
) -> Result<ShiftId, AppError> {
    let mut tx = db.begin_write().await?;
    let done = assign_in(&mut tx, db, actor, target, person_id, exception_reason, kind).await?;
    tx.commit().await?;
    db.publish(done.signals()).await;
    Ok(done.shift_id)
}

/// What an assignment did, for the caller to publish once its transaction has committed.
pub struct Assigned {
    pub shift_id: ShiftId,
    pub unit_id: UnitId,
    pub person_id: PersonId,
    /// Whose shift it was before, if someone else's.
    pub given_away_by: Option<i64>,
}

impl Assigned {
    pub fn signals(&self) -> Vec<Signal> {
        Signal::unit_shifts(self.unit_id.0, [self.person_id.0].into_iter().chain(self.given_away_by))
    }
}

/// [`assign`] inside the caller's transaction (a pool booking writes the shift and the booking
/// together). The caller commits and publishes [`Assigned::signals`].
pub async fn assign_in(
    tx: &mut AnyConnection,
    db: &Db,
    actor: PersonId,
    target: &Target,
    person_id: PersonId,
    exception_reason: Option<String>,
    kind: Option<ShiftKind>,
) -> Result<Assigned, AppError> {
    let exception = exception_reason
        .filter(|r| !r.trim().is_empty())
        .map(|reason| RestException { reason: reason.trim().to_string() });
    if !lock_person(&mut *tx, person_id).await? || !does_care_work(&mut *tx, person_id).await? {
        return Err(AppError::invalid("person_id", InvalidCode::UnknownChoice));
    }
    let (unit_id, span) = resolve(&mut *tx, target).await?;
    let except = match target {
        Target::Existing(id) => Some(*id),
        Target::New { .. } => None,
    };
    let breaches = check_person(&mut *tx, person_id, span, except, exception.as_ref()).await?;
    if !breaches.is_empty() {
        return Err(AppError::RuleBreach(breaches));
    }
    // Only record the exception when the rest really needed it.
    let needed_exception = match &exception {
        Some(_) => !check_person(&mut *tx, person_id, span, except, None).await?.is_empty(),
        None => false,
    };
    let reason = if needed_exception { exception.map(|e| e.reason) } else { None };
    // Whose shift it was: they hear that it is no longer theirs.
    let mut given_away_by = None;
    let shift_id = match target {
        Target::Existing(id) => {
            let (old_person, old_role, Flag(old_resource)): (Option<i64>, Option<QualityRole>, Flag) =
                sqlx::query_as("SELECT person_id, quality_role, resource FROM shifts WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            given_away_by = old_person.filter(|p| *p != person_id.0);
            let kind = kind.unwrap_or(ShiftKind::of(old_role, old_resource));
            let (role, resource) = (kind.quality_role(), kind.is_resource());
            sqlx::query(
                "UPDATE shifts SET person_id = $1, status = $2, rest_exception_reason = $3, quality_role = $4,
                        resource = $5 WHERE id = $6",
            )
            .bind(person_id)
            .bind(ShiftStatus::Planned)
            .bind(&reason)
            .bind(role)
            .bind(resource as i64)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let changes = Changes::default()
                .field("person_id", old_person, person_id.0)
                .field("rest_exception_reason", None::<String>, reason.clone())
                .field("quality_role", old_role.map(QualityRole::code), role.map(QualityRole::code))
                .field("resource", old_resource, resource);
            audit::record(
                &mut *tx,
                db.now(),
                Some(actor.0),
                audit::Action::Assign,
                audit::Entity::Shift,
                Some(id.0),
                changes,
            )
            .await?;
            *id
        }
        Target::New { shift_type_id, .. } => {
            let kind = kind.unwrap_or(ShiftKind::Ordinary);
            let (role, resource) = (kind.quality_role(), kind.is_resource());
            let id: ShiftId = sqlx::query_scalar(
                "INSERT INTO shifts (unit_id, person_id, shift_type_id, starts_at, ends_at, quality_role, resource, status,
                                     rest_exception_reason, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(unit_id)
            .bind(person_id)
            .bind(shift_type_id)
            .bind(span.start.as_second())
            .bind(span.end.as_second())
            .bind(role)
            .bind(resource as i64)
            .bind(ShiftStatus::Planned)
            .bind(&reason)
            .bind(db.now())
            .fetch_one(&mut *tx)
            .await?;
            let changes = Changes::default()
                .created("person_id", person_id.0)
                .created("starts_at", span.start.as_second())
                .created("quality_role", role.map(QualityRole::code))
                .created("resource", resource)
                .created("rest_exception_reason", reason.clone());
            audit::record(
                &mut *tx,
                db.now(),
                Some(actor.0),
                audit::Action::Create,
                audit::Entity::Shift,
                Some(id.0),
                changes,
            )
            .await?;
            id
        }
    };
    Ok(Assigned { shift_id, unit_id, person_id, given_away_by })
}
