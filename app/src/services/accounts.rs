//! Citizen accounts: what the account pages exchange with the server.

use chrono::NaiveDate;
use motcua_core::dossier::{
    Address, ApplicantError, DateOfBirth, Email, FullName, Password, PersonalId, PhoneNumber,
};
use serde::{Deserialize, Serialize};

/// A signed-in citizen's profile, reused to pre-fill forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenProfile {
    /// Account id.
    pub id: String,
    /// Mobile number, national form (the sign-in name).
    pub phone: String,
    /// Full name.
    pub full_name: String,
    /// 12-digit personal identification number, when given.
    pub personal_id: Option<String>,
    /// Date of birth `yyyy-mm-dd`, when given.
    pub date_of_birth: Option<String>,
    /// Address.
    pub address: String,
    /// E-mail, when given.
    pub email: Option<String>,
}

/// The registration form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterForm {
    /// Mobile number.
    pub phone: String,
    /// Password.
    pub password: String,
    /// Full name.
    pub full_name: String,
    /// Personal identification number (optional at registration).
    pub personal_id: String,
    /// Date of birth `yyyy-mm-dd` (optional).
    pub date_of_birth: String,
    /// Address.
    pub address: String,
    /// E-mail (optional).
    pub email: String,
}

/// One refused field: the input's name and the message naming the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldMessage {
    /// The input's `name`.
    pub field: String,
    /// The Vietnamese message.
    pub message: String,
}

/// A registration whose every value parsed.
#[derive(Debug, Clone)]
pub struct ValidRegistration {
    /// Mobile number.
    pub phone: PhoneNumber,
    /// Password (for the hasher only).
    pub password: Password,
    /// Full name.
    pub full_name: FullName,
    /// Personal identification number.
    pub personal_id: Option<PersonalId>,
    /// Date of birth.
    pub date_of_birth: Option<DateOfBirth>,
    /// Address.
    pub address: Address,
    /// E-mail.
    pub email: Option<Email>,
}

impl RegisterForm {
    /// Parses every value with the rules of `motcua-core` (the browser runs the same
    /// code before sending); all problems at once, in form order.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidRegistration, Vec<FieldMessage>> {
        let mut errors = Vec::new();
        let mut keep = |field: &str, e: ApplicantError| {
            errors.push(FieldMessage {
                field: field.to_owned(),
                message: e.to_string(),
            })
        };
        let phone = self
            .phone
            .parse::<PhoneNumber>()
            .map_err(|e| keep("phone", e))
            .ok();
        let password = self
            .password
            .parse::<Password>()
            .map_err(|e| keep("password", e))
            .ok();
        let full_name = self
            .full_name
            .parse::<FullName>()
            .map_err(|e| keep("full_name", e))
            .ok();
        let personal_id = optional(&self.personal_id, |s| s.parse::<PersonalId>())
            .map_err(|e| keep("personal_id", e))
            .ok();
        let date_of_birth = optional(&self.date_of_birth, |s| DateOfBirth::parse(s, today))
            .map_err(|e| keep("date_of_birth", e))
            .ok();
        if let (Some(Some(id)), Some(Some(dob))) = (&personal_id, &date_of_birth) {
            if let Err(e) = id.check_birth_date(dob.date()) {
                keep("personal_id", e);
            }
        }
        let address = self
            .address
            .parse::<Address>()
            .map_err(|e| keep("address", e))
            .ok();
        let email = optional(&self.email, |s| s.parse::<Email>())
            .map_err(|e| keep("email", e))
            .ok();
        match (
            phone,
            password,
            full_name,
            personal_id,
            date_of_birth,
            address,
            email,
        ) {
            (
                Some(phone),
                Some(password),
                Some(full_name),
                Some(personal_id),
                Some(date_of_birth),
                Some(address),
                Some(email),
            ) if errors.is_empty() => Ok(ValidRegistration {
                phone,
                password,
                full_name,
                personal_id,
                date_of_birth,
                address,
                email,
            }),
            _ => Err(errors),
        }
    }
}

fn optional<T>(
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, ApplicantError>,
) -> Result<Option<T>, ApplicantError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some)
    }
}

/// Why an account operation was refused; the text is for the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AccountError {
    /// Some values are invalid.
    #[error("Thông tin chưa hợp lệ: vui lòng sửa các trường được đánh dấu.")]
    Invalid(Vec<FieldMessage>),
    /// The phone number already has an account.
    #[error("Số điện thoại này đã được đăng ký. Vui lòng đăng nhập.")]
    PhoneTaken,
    /// Wrong phone number or password (never says which).
    #[error("Số điện thoại hoặc mật khẩu không đúng.")]
    BadCredentials,
    /// Too many attempts.
    #[error("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau {retry_after_s} giây.")]
    TooManyAttempts {
        /// Seconds to wait.
        retry_after_s: u64,
    },
    /// The session is missing or expired.
    #[error("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.")]
    NotSignedIn,
    /// The password was right but the account's phone is not verified yet (accounts
    /// made before codes existed): a code was sent; the sign-in ends on the code page.
    #[error("Số điện thoại của tài khoản chưa được xác minh. Mã xác minh đã được gửi tới số điện thoại này.")]
    VerifyPhone {
        /// The code's challenge, for the code page.
        challenge: String,
    },
    /// The code typed is wrong.
    #[error("Mã xác minh không đúng. Bạn còn {attempts_left} lần thử với mã này.")]
    WrongCode {
        /// Attempts left with this code.
        attempts_left: u32,
    },
    /// The code expired, was used, or its attempts are spent.
    #[error("Mã xác minh đã hết hạn hoặc đã dùng hết số lần thử. Vui lòng yêu cầu gửi mã mới.")]
    CodeExpired,
    /// The SMS gateway did not take the message.
    #[error("Không gửi được tin nhắn chứa mã xác minh. Vui lòng thử lại sau ít phút.")]
    SmsFailed,
    /// Too many password checks are running; try again shortly.
    #[error("Hệ thống đang bận. Vui lòng thử lại sau ít phút.")]
    Busy,
}

impl AccountError {
    /// The message for one input, if it was refused.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            AccountError::Invalid(list) => list
                .iter()
                .find(|m| m.field == field)
                .map(|m| m.message.clone()),
            _ => None,
        }
    }
}

/// A verification code was sent (or, for a number without an account, pretended to
/// be: the answer is the same, so it never tells whether a number is registered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    /// The challenge to send back with the code (random, useless without the code).
    pub challenge: String,
    /// The phone the code went to, masked (`*******678`).
    pub phone_masked: String,
    /// Seconds the code stays valid.
    pub expires_in_s: u64,
}

/// A password reset as typed: the code and the new password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetForm {
    /// The challenge of the code sent.
    pub challenge: String,
    /// The 6-digit code.
    pub code: String,
    /// The new password.
    pub password: String,
}

/// A new session: the cookie's token (shown once, stored only as a hash) and whose it is.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The secret to put in the cookie.
    pub token: String,
    /// Seconds until it expires.
    pub max_age_s: u64,
    /// The citizen.
    pub profile: CitizenProfile,
}

/// Citizen accounts and their sessions.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait Accounts: Send + Sync {
    /// Checks a registration and sends a code to its phone; the account is created, and
    /// signed in, only by [`Accounts::confirm_phone`] with that code. `client`
    /// identifies the caller for rate limits.
    async fn register(
        &self,
        form: &RegisterForm,
        client: &str,
    ) -> Result<Result<CodeSent, AccountError>, super::ServiceError>;

    /// Completes a registration or a phone verification with the code sent: the phone
    /// is marked verified and a session opens.
    async fn confirm_phone(
        &self,
        challenge: &str,
        code: &str,
        client: &str,
    ) -> Result<Result<NewSession, AccountError>, super::ServiceError>;

    /// Sends a new code for the same purpose as `challenge` (the old one stops working).
    async fn resend_code(
        &self,
        challenge: &str,
        client: &str,
    ) -> Result<Result<CodeSent, AccountError>, super::ServiceError>;

    /// "Quên mật khẩu": sends a code to the account's phone when `phone` has an account
    /// and, if the account recorded a personal ID, `personal_id` is it. The answer is
    /// the same either way.
    async fn request_reset(
        &self,
        phone: &str,
        personal_id: &str,
        client: &str,
    ) -> Result<Result<CodeSent, AccountError>, super::ServiceError>;

    /// Sets a new password with the code sent by [`Accounts::request_reset`]; every
    /// session of the account ends and a new one opens.
    async fn reset_password(
        &self,
        form: &ResetForm,
        client: &str,
    ) -> Result<Result<NewSession, AccountError>, super::ServiceError>;

    /// Whether codes go to the server log (no SMS gateway: development only).
    fn codes_in_log(&self) -> bool;

    /// Checks the phone number and password and opens a session; refuses after too many
    /// failed attempts for the number or from the client.
    async fn sign_in(
        &self,
        phone: &str,
        password: &str,
        client: &str,
    ) -> Result<Result<NewSession, AccountError>, super::ServiceError>;

    /// The citizen a session token belongs to, if it is valid.
    async fn session(&self, token: &str) -> Result<Option<CitizenProfile>, super::ServiceError>;

    /// Ends a session (audited).
    async fn sign_out(&self, token: &str) -> Result<(), super::ServiceError>;
}

/// The form in which the accounts service is put into the Leptos context.
#[cfg(feature = "ssr")]
pub type SharedAccounts = std::sync::Arc<dyn Accounts>;
