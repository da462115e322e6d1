//! One module per area; each page loads its data through a server function that checks the role.
mod admin;
mod auth;
pub(crate) mod roles;
mod schedule;

pub use admin::{
    AdminHome, AgreementsPage, AuditPage, CompetencesPage, PeoplePage, PersonPage, ProvidersPage, UnitsPage,
};
pub use auth::{HomeRedirect, InvitePage, LoginPage};
pub use roles::{ErrandsPage, MyUnitPage, ProfilePage, SituationPage};
pub use schedule::{FollowUpPage, MyShiftsPage, RotationPage, StaffingPage, UnitWeekPage};

/// Full page load to `path`: after login or logout everything is fetched afresh.
pub(crate) fn hard_navigate(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = web_sys::window().map(|w| w.location().set_href(path));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
