use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a person may do in Skiftet. A person can hold several; unit-bound roles
/// (unit manager, care worker) are held per unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Coordinator,
    UnitManager,
    CareWorker,
    PoolWorker,
    ServiceTeam,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Admin, Role::Coordinator, Role::UnitManager, Role::CareWorker, Role::PoolWorker, Role::ServiceTeam];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::UnitManager => "unit_manager",
            Role::CareWorker => "care_worker",
            Role::PoolWorker => "pool_worker",
            Role::ServiceTeam => "service_team",
        }
    }

    /// Unit-bound roles must name the unit they apply to.
    pub fn needs_unit(self) -> bool {
        matches!(self, Role::UnitManager | Role::CareWorker)
    }

    /// The page a person with this role lands on after login.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Admin => "/admin",
            Role::Coordinator => "/lagesbild",
            Role::UnitManager => "/enhet",
            Role::CareWorker | Role::PoolWorker => "/mina-pass",
            Role::ServiceTeam => "/uppdrag",
        }
    }

    /// Given all of a person's roles, the one whose home page they land on: the widest view first.
    pub fn primary(roles: &[Role]) -> Option<Role> {
        roles.iter().copied().min()
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or(())
    }
}

/// Municipal or private care provider (utförare). Both are treated on equal terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProviderKind {
    Municipal,
    Private,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Municipal => "municipal",
            ProviderKind::Private => "private",
        }
    }
}

impl FromStr for ProviderKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "municipal" => Ok(ProviderKind::Municipal),
            "private" => Ok(ProviderKind::Private),
            _ => Err(()),
        }
    }
}

/// Kind of unit (enhet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnitKind {
    HomeCare,
    Residential,
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 3] = [UnitKind::HomeCare, UnitKind::Residential, UnitKind::Other];
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::HomeCare => "home_care",
            UnitKind::Residential => "residential",
            UnitKind::Other => "other",
        }
    }
}

impl FromStr for UnitKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        UnitKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("superuser".parse::<Role>().is_err());
    }

    #[test]
    fn the_widest_role_decides_the_landing_page() {
        assert_eq!(Role::primary(&[Role::PoolWorker, Role::Coordinator]), Some(Role::Coordinator));
        assert_eq!(Role::primary(&[Role::ServiceTeam]).map(Role::home_path), Some("/uppdrag"));
        assert_eq!(Role::primary(&[]), None);
    }
}
