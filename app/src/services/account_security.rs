//! Account security (issue 11): changing one's own password (citizens and staff), a
//! citizen's sessions, and closing a citizen account (Decree 13/2023/NĐ-CP). The server
//! implements [`AccountSecurity`]; the account pages call it through server functions.

use serde::{Deserialize, Serialize};

use super::accounts::FieldMessage;
#[cfg(feature = "ssr")]
use super::{NewSession, ServiceError, StaffSession};

/// The "đổi mật khẩu" form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    /// The password in use now (or the temporary one).
    pub current_password: String,
    /// The new password.
    pub new_password: String,
    /// The new password again.
    pub confirm_password: String,
}

/// One of a citizen's sessions, as the account page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// An opaque handle to end it with (not the token, not its stored hash).
    pub handle: String,
    /// When it was opened (local time, `dd/mm/yyyy hh:mm`).
    pub created: String,
    /// When it expires (local time).
    pub expires: String,
    /// Whether it is the session of this very request.
    pub current: bool,
}

/// Why an account-security request was refused; the text is for the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SecurityError {
    /// Some values are invalid (each message names its field).
    #[error("Thông tin chưa hợp lệ: vui lòng sửa các trường được đánh dấu.")]
    Invalid(Vec<FieldMessage>),
    /// The current password is wrong.
    #[error("Mật khẩu hiện tại không đúng.")]
    WrongPassword,
    /// Too many wrong passwords.
    #[error("Bạn đã nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau {retry_after_s} giây.")]
    TooManyAttempts {
        /// Seconds to wait.
        retry_after_s: u64,
    },
    /// The session is missing or expired.
    #[error("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.")]
    NotSignedIn,
    /// No such session of this account (already ended).
    #[error("Phiên đăng nhập này đã kết thúc.")]
    NoSuchSession,
}

impl SecurityError {
    /// The message for one input, if it was refused.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            SecurityError::Invalid(list) => list
                .iter()
                .find(|m| m.field == field)
                .map(|m| m.message.clone()),
            _ => None,
        }
    }
}

/// Passwords, sessions and closing accounts. `token` is the caller's session token.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait AccountSecurity: Send + Sync {
    /// A citizen changes their password (the current one is required). Every session
    /// of the account ends; the caller gets a fresh one in place of theirs.
    async fn change_password(
        &self,
        token: &str,
        form: &PasswordChange,
    ) -> Result<Result<NewSession, SecurityError>, ServiceError>;

    /// The citizen's open sessions, newest first (`None`: not signed in).
    async fn sessions(&self, token: &str) -> Result<Option<Vec<SessionView>>, ServiceError>;

    /// Ends one of the citizen's sessions (the current one included).
    async fn end_session(
        &self,
        token: &str,
        handle: &str,
    ) -> Result<Result<(), SecurityError>, ServiceError>;

    /// Ends every session of the citizen but the current one; returns how many ended.
    async fn end_other_sessions(
        &self,
        token: &str,
    ) -> Result<Result<u32, SecurityError>, ServiceError>;

    /// Closes the citizen's account (password required): the profile is erased, every
    /// session ends. Dossiers stay (public records with their own retention).
    async fn close_account(
        &self,
        token: &str,
        password: &str,
    ) -> Result<Result<(), SecurityError>, ServiceError>;

    /// A staff member changes their password (also the temporary one an administrator
    /// issued). Every session of the account ends; the caller gets a fresh one.
    async fn change_staff_password(
        &self,
        staff_token: &str,
        form: &PasswordChange,
    ) -> Result<Result<StaffSession, SecurityError>, ServiceError>;
}

/// The form in which the service is put into the Leptos context.
#[cfg(feature = "ssr")]
pub type SharedAccountSecurity = std::sync::Arc<dyn AccountSecurity>;
