//! The staff area (issue 5), under `/can-bo`: sign-in, the work queues, one dossier
//! with its actions, in-person intake, administration, notices and the register.
//! Every page sits in [`StaffLayout`](crate::components::staff_layout::StaffLayout);
//! changes are plain form posts to the server's `/can-bo/…` handlers.

pub mod admin;
pub mod dossier;
pub mod intake;
pub mod notices;
pub mod password;
pub mod queues;
pub mod register;
pub mod sign_in;

/// The staff "đổi mật khẩu" page (also where a temporary password leads).
pub const CHANGE_PASSWORD_PATH: &str = "/can-bo/doi-mat-khau";
