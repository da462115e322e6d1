//! Server-only queries of this feature (compiled with `ssr`).
use super::*;
use crate::domain::{Email, Percent, PersonName, Role};
use crate::error::{AppError, ConflictCode, InvalidCode};
use crate::features::profile::server::{competences_of, grants};
use crate::live::LiveEvent;
use crate::model::{Page, RoleGrant};
use crate::ssr::audit::{self, Changes};
use crate::ssr::db::{self, Constraint, Flag, OnConstraint, OnMissingReference};
use crate::ssr::live::{Audience, Signal};
use crate::ssr::{Db, search_text};
use sqlx::AnyConnection;

const EMAIL_UNIQUE: Constraint = Constraint { postgres: "people_email_key", sqlite: "people.email" };
use std::collections::BTreeMap;

pub async fn list(db: &Db, query: &str, page: i64, per_page: i64) -> Result<Page<PersonSummary>, AppError> {
    let pattern = format!("%{}%", query.trim().to_lowercase());
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE search_text LIKE $1")
        .bind(&pattern)
        .fetch_one(&db.pool)
        .await?;
    let mut items: Vec<PersonSummary> = sqlx::query_as(
        "SELECT id, name, email, active, CAST(CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_password
         FROM people WHERE search_text LIKE $1 ORDER BY name, id LIMIT $2 OFFSET $3",
    )
    .bind(&pattern)
    .bind(per_page)
    .bind(page * per_page)
    .fetch_all(&db.pool)
    .await?;
    // One query for the roles of the whole page rather than one per row.
    if let Some(ids) = db::placeholders(1, items.len()) {
        let sql = format!("SELECT DISTINCT person_id, role FROM person_roles WHERE person_id IN ({ids})");
        let mut query = sqlx::query_as::<_, (i64, Role)>(&sql);
        for p in &items {
            query = query.bind(p.id);
        }
        let mut by_person: BTreeMap<i64, Vec<Role>> = BTreeMap::new();
        for (person, role) in query.fetch_all(&db.pool).await? {
            by_person.entry(person).or_default().push(role);
        }
        for p in &mut items {
            p.roles = by_person.remove(&p.id).unwrap_or_default();
            p.roles.sort();
        }
    }
    Ok(Page { items, total, page, per_page })
}

pub async fn get(db: &Db, id: i64) -> Result<PersonDetail, AppError> {
    let mut conn = db.pool.acquire().await?;
    let mut person: PersonDetail = sqlx::query_as(
        "SELECT id, name, email, phone, employment_percent, active, max_month_minutes / 60 AS max_month_hours,
                agreement_profile_id, CAST(CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_password
         FROM people WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    person.roles = grants(&mut conn, id).await?;
    person.competence_ids = competences_of(&mut conn, id).await?.into_iter().map(|c| c.id).collect();
    Ok(person)
}

/// Validated input for the person form.
pub struct PersonInput {
    pub name: PersonName,
    pub email: Email,
    pub phone: String,
    pub employment_percent: Percent,
    pub max_month_minutes: Option<i64>,
    pub agreement_profile_id: Option<i64>,
    pub roles: Vec<(Role, Option<i64>)>,
    pub competence_ids: Vec<i64>,
}

impl PersonInput {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        name: &str,
        email: &str,
        phone: &str,
        employment_percent: &str,
        max_month_hours: &str,
        agreement_profile_id: Option<i64>,
        roles: &[crate::model::Grant],
        competence_ids: &[i64],
    ) -> Result<Self, AppError> {
        let max_month_minutes = match max_month_hours.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(h) if (1..=744).contains(&h) => Some(h * 60),
                _ => return Err(AppError::out_of_range("max_month_hours", &(1..=744))),
            },
        };
        let phone = phone.trim().to_string();
        if phone.chars().count() > 40 {
            return Err(AppError::invalid("phone", InvalidCode::TooLong));
        }
        if !crate::domain::parse::is_plain_line(&phone) {
            return Err(AppError::invalid("phone", InvalidCode::ForbiddenCharacters));
        }
        // Bounds before any work: a person holds a handful of roles and competences.
        const MAX_ROLES: usize = 50;
        const MAX_COMPETENCES: usize = 100;
        if roles.len() > MAX_ROLES {
            return Err(AppError::invalid("roles", InvalidCode::TooMany { max: MAX_ROLES as i64 }));
        }
        if competence_ids.len() > MAX_COMPETENCES {
            return Err(AppError::invalid("competence_ids", InvalidCode::TooMany { max: MAX_COMPETENCES as i64 }));
        }
        let mut parsed = Vec::new();
        for &crate::model::Grant { role, unit_id: unit } in roles {
            if role.needs_unit() != unit.is_some() {
                return Err(AppError::invalid("roles", InvalidCode::UnknownChoice));
            }
            if !parsed.contains(&(role, unit)) {
                parsed.push((role, unit));
            }
        }
        let mut competence_ids = competence_ids.to_vec();
        competence_ids.sort_unstable();
        competence_ids.dedup();
        Ok(PersonInput {
            name: PersonName::parse(name)?,
            email: Email::parse(email)?,
            phone,
            employment_percent: Percent::parse("employment_percent", employment_percent)?,
            max_month_minutes,
            agreement_profile_id,
            roles: parsed,
            competence_ids,
        })
    }
}

pub fn grant_tokens(grants: &[RoleGrant]) -> Vec<String> {
    grants
        .iter()
        .map(|g| match g.unit_id {
            Some(u) => format!("{}:{u}", g.role),
            None => g.role.to_string(),
        })
        .collect()
}

pub async fn active_admins_other_than(conn: &mut AnyConnection, person_id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(DISTINCT r.person_id) FROM person_roles r JOIN people p ON p.id = r.person_id
         WHERE r.role = $1 AND p.active = 1 AND r.person_id <> $2",
    )
    .bind(Role::Admin)
    .bind(person_id)
    .fetch_one(conn)
    .await?)
}

/// Creates or updates a person with their roles and competences, in one transaction.
pub async fn save(db: &Db, actor: i64, id: Option<i64>, input: PersonInput) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    for (_, unit) in &input.roles {
        if let Some(unit) = unit
            && sqlx::query("SELECT id FROM units WHERE id = $1").bind(unit).fetch_optional(&mut *tx).await?.is_none()
        {
            return Err(AppError::invalid("roles", InvalidCode::UnknownChoice));
        }
    }
    if let Some(profile) = input.agreement_profile_id
        && sqlx::query("SELECT id FROM agreement_profiles WHERE id = $1")
            .bind(profile)
            .fetch_optional(&mut *tx)
            .await?
            .is_none()
    {
        return Err(AppError::invalid("agreement_profile_id", InvalidCode::UnknownChoice));
    }
    let search = search_text(&[input.name.as_str(), input.email.as_str()]);
    let (id, mut changes, action) = match id {
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO people (email, name, phone, employment_percent, max_month_minutes, active, created_at, search_text,
                                     agreement_profile_id)
                 VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8) RETURNING id",
            )
            .bind(input.email.as_str())
            .bind(input.name.as_str())
            .bind(&input.phone)
            .bind(input.employment_percent.get() as i64)
            .bind(input.max_month_minutes)
            .bind(db.now())
            .bind(&search)
            .bind(input.agreement_profile_id)
            .fetch_one(&mut *tx)
            .await
            .on_constraint(EMAIL_UNIQUE, AppError::Conflict(ConflictCode::EmailTaken))?;
            let changes = Changes::default()
                .created("name", input.name.as_str())
                .created("email", input.email.as_str())
                .created("employment_percent", input.employment_percent.get());
            (id, changes, audit::Action::Create)
        }
        Some(id) => {
            let old: (String, String, String, i64) =
                sqlx::query_as("SELECT name, email, phone, employment_percent FROM people WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(AppError::NotFound)?;
            let had_admin = grants(&mut tx, id).await?.iter().any(|g| g.role == Role::Admin);
            let keeps_admin = input.roles.iter().any(|(r, _)| *r == Role::Admin);
            if had_admin && !keeps_admin && active_admins_other_than(&mut tx, id).await? == 0 {
                return Err(AppError::Conflict(ConflictCode::LastAdministrator));
            }
            sqlx::query(
                "UPDATE people SET name = $1, email = $2, phone = $3, employment_percent = $4, search_text = $5,
                 max_month_minutes = $6, agreement_profile_id = $7 WHERE id = $8",
            )
            .bind(input.name.as_str())
            .bind(input.email.as_str())
            .bind(&input.phone)
            .bind(input.employment_percent.get() as i64)
            .bind(&search)
            .bind(input.max_month_minutes)
            .bind(input.agreement_profile_id)
            .bind(id)
            .execute(&mut *tx)
            .await
            .on_constraint(EMAIL_UNIQUE, AppError::Conflict(ConflictCode::EmailTaken))?;
            let (old_name, old_email, old_phone, old_percent) = old;
            let changes = Changes::default()
                .field("name", old_name, input.name.as_str())
                .field("email", old_email, input.email.as_str())
                .field("phone", old_phone, input.phone.as_str())
                .field("employment_percent", old_percent, input.employment_percent.get() as i64);
            (id, changes, audit::Action::Update)
        }
    };
    // Roles and competences: replace the sets, recording the before and after.
    let old_roles = grant_tokens(&grants(&mut tx, id).await?);
    let old_comp: Vec<i64> = competences_of(&mut tx, id).await?.into_iter().map(|c| c.id).collect();
    sqlx::query("DELETE FROM person_roles WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
    for (role, unit) in &input.roles {
        sqlx::query("INSERT INTO person_roles (person_id, role, unit_id) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(*role)
            .bind(*unit)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM person_competences WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
    for cid in &input.competence_ids {
        sqlx::query("INSERT INTO person_competences (person_id, competence_id) VALUES ($1, $2)")
            .bind(id)
            .bind(*cid)
            .execute(&mut *tx)
            .await
            // The person exists (just written); the competence is the one reference not checked.
            .on_missing_reference(AppError::invalid("competences", InvalidCode::UnknownChoice))?;
    }
    let new_roles = grant_tokens(&grants(&mut tx, id).await?);
    let mut sorted_old = old_roles.clone();
    sorted_old.sort();
    let mut sorted_new = new_roles.clone();
    sorted_new.sort();
    changes = changes.field("roles", serde_json::json!(sorted_old), serde_json::json!(sorted_new));
    let mut new_comp = input.competence_ids.clone();
    new_comp.sort_unstable();
    changes = changes.field("competences", serde_json::json!(old_comp), serde_json::json!(new_comp));
    if action == audit::Action::Create || !changes.is_empty() {
        audit::record(&mut tx, db.now(), Some(actor), action, audit::Entity::Person, Some(id), changes).await?;
    }
    tx.commit().await?;
    // The pool's size on the situation picture may have changed; and what every instance
    // remembers of the person (name, e-mail, roles) is stale.
    db.publish(vec![
        Signal::Event { to: Audience::Coordinators, event: LiveEvent::Organisation },
        Signal::PersonChanged { person_id: id },
    ])
    .await;
    Ok(id)
}

/// Deactivates or reactivates a person. Nothing is deleted: shifts and logs refer to people.
/// Deactivation deletes their sessions in the same transaction.
pub async fn set_active(db: &Db, actor: i64, id: i64, active: bool) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let Flag(old) = sqlx::query_scalar("SELECT active FROM people WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if !active {
        let is_admin = grants(&mut tx, id).await?.iter().any(|g| g.role == Role::Admin);
        if is_admin && active_admins_other_than(&mut tx, id).await? == 0 {
            return Err(AppError::Conflict(ConflictCode::LastAdministrator));
        }
    }
    sqlx::query("UPDATE people SET active = $1 WHERE id = $2").bind(active as i64).bind(id).execute(&mut *tx).await?;
    if !active {
        crate::ssr::auth::delete_sessions_of(&mut tx, db.backend, id).await?;
    }
    let action = if active { audit::Action::Activate } else { audit::Action::Deactivate };
    audit::record(
        &mut tx,
        db.now(),
        Some(actor),
        action,
        audit::Entity::Person,
        Some(id),
        Changes::default().field("active", old, active),
    )
    .await?;
    tx.commit().await?;
    let mut signals = vec![Signal::Event { to: Audience::Coordinators, event: LiveEvent::Organisation }];
    if !active {
        // Their open live channels end now, on every instance, and every instance forgets them
        // and their sessions (`signed_in.rs`; only active people are remembered, so a
        // reactivation has nothing to forget).
        signals.push(Signal::EndPerson { person_id: id });
    }
    db.publish(signals).await;
    Ok(())
}
