//! The services the server functions call. They are traits (server only) so that this
//! crate stays free of database code: `motcua-server` implements them and provides them
//! through the Leptos context (`provide_context`) for every request. The data types they
//! exchange are plain serde structs, shared with the browser.

mod account_security;
mod accounts;
mod application;
mod catalog;
#[cfg(feature = "ssr")]
mod clock;
mod dossiers;
mod staff;
mod verify;

#[cfg(feature = "ssr")]
pub use account_security::{AccountSecurity, SharedAccountSecurity};
pub use account_security::{PasswordChange, SecurityError, SessionView};
pub use accounts::{
    AccountError, CitizenProfile, CodeSent, FieldMessage, NewSession, RegisterForm, ResetForm,
    ValidRegistration,
};
#[cfg(feature = "ssr")]
pub use accounts::{Accounts, SharedAccounts};
pub use application::{application_from_pairs, SubmitAnswer};
pub use catalog::{AgencyView, FilterOptions, ProcedurePage, SearchPage};
#[cfg(feature = "ssr")]
pub use catalog::{Catalog, ServiceError, SharedCatalog};
#[cfg(feature = "ssr")]
pub use clock::{Clock, SharedClock, SystemClock};
pub use dossiers::{
    ApplicationPage, DossierFile, DossierView, FileCheck, TimelineEntry, TrackError,
};
#[cfg(feature = "ssr")]
pub use dossiers::{Dossiers, SharedDossiers};
pub use staff::{
    AccountRow, ActionField, ActionView, AdminPage, ApplicantPrefill, AuditView, HandoverView,
    IntakePage, IntakeProcedure, NoticeView, QueueCounts, QueueKind, QueueQuery, QueueRow,
    QueueSort, ResultView, RouteStepView, SlipLink, StaffDossier, StaffProfile, StaffSession,
    StaffSignInError, UnitRow, Urgency, STAFF_COOKIE,
};
#[cfg(feature = "ssr")]
pub use staff::{SharedStaffDesk, StaffDesk};
pub use verify::{PublicKeyView, SignedResultView, UploadRefusal, VerifyAnswer};
#[cfg(feature = "ssr")]
pub use verify::{SharedVerifier, Verifier};
