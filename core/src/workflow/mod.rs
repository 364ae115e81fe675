//! Who may do what to a dossier, and what follows (SPEC §3; issue 5): staff roles, the
//! actions of a dossier's life and the state machine that allows or refuses them.
//!
//! The server computes how the actor's unit relates to the dossier (receiving,
//! processing, co-ordinating) and the facts that need the clock (is it late?), then
//! asks [`apply`]. The screens ask [`available`] which buttons to show.
//!
//! ```
//! use motcua_core::dossier::DossierStatus;
//! use motcua_core::workflow::*;
//! let route = Route::new([]); // assign → appraise → approve
//! let desk = Actor::Staff { role: StaffRole::OneStopOfficer, units: Units { receiving: true, ..Default::default() } };
//! let head = Actor::Staff { role: StaffRole::HeadOfDivision, units: Units { processing: true, ..Default::default() } };
//! let mut s = State::submitted();
//! for (who, what) in [(desk, Action::Receive), (desk, Action::SendToProcessing), (head, Action::Assign)] {
//!     s = apply(&route, &s, who, what, Facts::default()).unwrap();
//! }
//! assert_eq!((s.status, s.step), (DossierStatus::Processing, Some(1)));
//! ```

mod action;
mod machine;
mod role;
#[cfg(test)]
mod tests;

pub use action::{Action, UnknownAction};
pub use machine::{apply, available, Actor, Facts, Route, RouteStep, State, Units, WorkflowError};
pub use role::{RoleError, StaffRole};
