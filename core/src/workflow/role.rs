//! Staff roles (issue 5; SPEC §3): who may do what to a dossier is decided by the role
//! and by how the person's unit relates to the dossier, never by the screen they use.

use serde::{Deserialize, Serialize};

use crate::procedure::StepRole;

/// A role name that is not one of [`StaffRole`]'s identifiers.
///
/// ```
/// use motcua_core::workflow::{RoleError, StaffRole};
/// assert_eq!("boss".parse::<StaffRole>(), Err(RoleError("boss".into())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("vai trò không hợp lệ: «{0}»")]
pub struct RoleError(pub String);

macro_rules! staff_roles {
    ($($(#[$vmeta:meta])* $variant:ident = $id:literal, $label:literal;)+) => {
        /// The role of a staff account. Every account belongs to one unit (agency).
        ///
        /// ```
        /// use motcua_core::workflow::StaffRole;
        /// let role: StaffRole = "head_of_agency".parse().unwrap();
        /// assert_eq!(role.label(), "Lãnh đạo cơ quan");
        /// assert_eq!(StaffRole::ALL.len(), 6);
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum StaffRole {
            $($(#[$vmeta])* #[serde(rename = $id)] $variant,)+
        }

        impl StaffRole {
            /// Every role.
            pub const ALL: &'static [StaffRole] = &[$(StaffRole::$variant,)+];

            /// The identifier stored in the database.
            pub fn as_str(self) -> &'static str {
                match self { $(StaffRole::$variant => $id,)+ }
            }

            /// The Vietnamese name of the role.
            pub fn label(self) -> &'static str {
                match self { $(StaffRole::$variant => $label,)+ }
            }
        }

        impl std::str::FromStr for StaffRole {
            type Err = RoleError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($id => Ok(StaffRole::$variant),)+
                    other => Err(RoleError(other.to_owned())),
                }
            }
        }
    };
}

staff_roles! {
    /// Cán bộ một cửa of a receiving unit: receives, refuses, requests supplements at
    /// reception, hands dossiers to processing, returns results.
    OneStopOfficer = "one_stop_officer", "Cán bộ một cửa";
    /// Chuyên viên of a processing agency: appraises.
    Specialist = "specialist", "Chuyên viên";
    /// Lãnh đạo phòng: assigns to specialists, reviews.
    HeadOfDivision = "head_of_division", "Lãnh đạo phòng";
    /// Lãnh đạo cơ quan: approves and signs, issues the apology (form 04).
    HeadOfAgency = "head_of_agency", "Lãnh đạo cơ quan";
    /// Quản trị đơn vị: manages the accounts of their own unit; handles no dossier.
    AgencyAdmin = "agency_admin", "Quản trị đơn vị";
    /// Quản trị hệ thống: manages units and all accounts; handles no dossier.
    SystemAdmin = "system_admin", "Quản trị hệ thống";
}

impl StaffRole {
    /// The internal-step role this staff role performs, if it handles dossiers at all.
    ///
    /// ```
    /// use motcua_core::procedure::StepRole;
    /// use motcua_core::workflow::StaffRole;
    /// assert_eq!(StaffRole::Specialist.step_role(), Some(StepRole::Specialist));
    /// assert_eq!(StaffRole::SystemAdmin.step_role(), None);
    /// ```
    pub fn step_role(self) -> Option<StepRole> {
        match self {
            StaffRole::OneStopOfficer => Some(StepRole::OneStopOfficer),
            StaffRole::Specialist => Some(StepRole::Specialist),
            StaffRole::HeadOfDivision => Some(StepRole::HeadOfDivision),
            StaffRole::HeadOfAgency => Some(StepRole::HeadOfAgency),
            StaffRole::AgencyAdmin | StaffRole::SystemAdmin => None,
        }
    }

    /// Whether the role administers accounts (and sees no dossier content).
    ///
    /// ```
    /// assert!(motcua_core::workflow::StaffRole::AgencyAdmin.is_admin());
    /// ```
    pub fn is_admin(self) -> bool {
        matches!(self, StaffRole::AgencyAdmin | StaffRole::SystemAdmin)
    }

    /// Whether the role is a leader (receives late warnings, may override).
    ///
    /// ```
    /// use motcua_core::workflow::StaffRole;
    /// assert!(StaffRole::HeadOfDivision.is_head() && !StaffRole::Specialist.is_head());
    /// ```
    pub fn is_head(self) -> bool {
        matches!(self, StaffRole::HeadOfDivision | StaffRole::HeadOfAgency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_5_six_roles_round_trip_through_text_and_json() {
        for &role in StaffRole::ALL {
            assert_eq!(role.as_str().parse::<StaffRole>(), Ok(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        let handlers: Vec<_> = StaffRole::ALL
            .iter()
            .filter(|r| r.step_role().is_some())
            .collect();
        assert_eq!(handlers.len(), 4);
        // The four handling roles share their identifiers with the internal steps.
        for role in handlers {
            assert_eq!(role.step_role().unwrap().as_str(), role.as_str());
        }
    }
}
