//! The rules of a dossier (hồ sơ) and of its online submission (SPEC §3): status and
//! channel codes, dossier codes and temporary submission numbers, upload checks, the
//! applicant's identity fields, and the procedure-specific application form.
//!
//! The browser runs these checks before submitting and the server runs them again on
//! what it receives: both give the same Vietnamese message, naming the field, because
//! both call this code.
//!
//! ```
//! use chrono::NaiveDate;
//! use motcua_core::dossier::{AgencyCode, DossierCode, DossierStatus};
//! let agency: AgencyCode = "H15.50.05.13".parse().unwrap();
//! let day = NaiveDate::from_ymd_opt(2026, 10, 8).unwrap();
//! let code = DossierCode::new(&agency, day, 975).unwrap();
//! assert_eq!(code.to_string(), "H15.50.05.13-261008-0975");
//! assert_eq!(DossierStatus::from_code(2).unwrap().label(), "Đã tiếp nhận");
//! ```

/// Generates an enum of numbered codes: its national code, its stable identifier for the
/// database and the API (also its serde form), and its Vietnamese label, side by side.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident, $err:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $id:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $id)] $variant,)+
        }

        impl $name {
            /// Every value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The national code.
            pub fn code(self) -> u8 {
                match self { $($name::$variant => $code,)+ }
            }

            /// The value with this national code, if there is one.
            pub fn from_code(code: u8) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The identifier used in the database and the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $id,)+ }
            }

            /// The label shown to citizens and officers, in Vietnamese.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = StatusError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($id => Ok($name::$variant),)+
                    other => Err(StatusError::$err(other.to_owned())),
                }
            }
        }
    };
}

mod applicant;
mod code;
mod form;
mod spec;
mod status;
mod upload;

pub use applicant::{
    province_name, Address, ApplicantError, ApplicantField, DateOfBirth, Email, FullName, Password,
    PersonalId, PhoneNumber, Problem, Sex, PROVINCES,
};
pub use code::{AgencyCode, CodeError, DossierCode, SubmissionNumber};
pub use form::{
    ApplicationForm, Delivery, DeliveryForm, FieldError, FieldValue, FormErrors, PersonForm,
    ValidApplication, ValidPerson,
};
pub use spec::{DocumentSlot, FieldKind, FieldSpec, FormSpec, SpecError};
pub use status::{Channel, DossierStatus, StatusError};
pub use upload::{format_size, DocumentFormat, UploadError, UploadLimits};
