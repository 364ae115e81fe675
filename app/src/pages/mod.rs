//! One module per page.

pub mod account;
pub mod apply;
#[cfg(feature = "hydrate")]
mod apply_submit;
pub mod forgot_password;
pub mod home;
pub mod keys;
pub mod my_dossiers;
pub mod not_found;
pub mod privacy;
pub mod procedure;
pub mod register;
pub mod sign_in;
pub mod staff;
pub mod track;
pub mod verify;
pub mod verify_phone;

use leptos::prelude::ServerFnError;

/// The message of a failed server function, without the framework's prefix.
pub(crate) fn error_text(error: &ServerFnError) -> String {
    match error {
        ServerFnError::ServerError(message) => message.clone(),
        _ => "Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng và thử lại.".to_owned(),
    }
}
