//! Wire types shared by several features (each feature's own types live in its folder).
use crate::domain::Role;
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

/// Page size for long lists (the demo has 700+ people).
pub const PER_PAGE: i64 = 25;

/// The last page number a list answers for: far beyond any real list, and small enough that
/// `page * per_page` cannot overflow.
pub const MAX_PAGE: i64 = 100_000;

/// Longest search text a list takes.
pub const MAX_QUERY_CHARS: usize = 200;

/// A page number from a request: 0 ..= [`MAX_PAGE`] (negative numbers read as the first page).
pub fn page_number(page: i64) -> Result<i64, crate::error::AppError> {
    if page > MAX_PAGE {
        return Err(crate::error::AppError::out_of_range("page", &(0..=MAX_PAGE)));
    }
    Ok(page.max(0))
}

/// A search text from a request, at most [`MAX_QUERY_CHARS`] characters.
pub fn search_query(query: &str) -> Result<&str, crate::error::AppError> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(crate::error::AppError::invalid("query", crate::error::InvalidCode::TooLong));
    }
    Ok(query)
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

#[cfg(feature = "ssr")]
impl Competence {
    /// Decodes a `competences` row (`id, code, name_sv, name_en, active`).
    pub fn from_row(r: &sqlx::any::AnyRow) -> Result<Competence, crate::error::AppError> {
        use sqlx::Row;
        Ok(Competence {
            id: r.try_get("id")?,
            code: r.try_get("code")?,
            name_sv: r.try_get("name_sv")?,
            name_en: r.try_get("name_en")?,
            active: r.try_get::<i64, _>("active")? != 0,
        })
    }
}
