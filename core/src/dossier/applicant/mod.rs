//! The applicant's identity and contact fields, parsed once into types that can only
//! hold valid values ("parse, don't validate"), each refusing bad input with a
//! Vietnamese message that names the field, e.g. "Số định danh cá nhân: phải gồm đúng
//! 12 chữ số.". The online form shows it next to the input; the server returns the same
//! text.

/// Generates `TryFrom<String>` / `Into<String>` and `Display` for a string newtype
/// whose `FromStr` does the parsing, so serde re-checks what it reads.
macro_rules! text_newtype {
    ($name:ident) => {
        impl TryFrom<String> for $name {
            type Error = ApplicantError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

mod contact;
mod person;
mod personal_id;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use contact::{Address, Email, PhoneNumber};
pub(crate) use person::parse_iso_date;
pub use person::{DateOfBirth, FullName, Password};
pub use personal_id::{province_name, PersonalId, Sex, PROVINCES};

/// Which applicant field a value was meant for; its label starts every message.
///
/// ```
/// use motcua_core::dossier::ApplicantField;
/// assert_eq!(ApplicantField::PersonalId.label(), "Số định danh cá nhân");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantField {
    /// Họ và tên.
    FullName,
    /// Số định danh cá nhân.
    PersonalId,
    /// Ngày sinh.
    DateOfBirth,
    /// Số điện thoại.
    Phone,
    /// Email.
    Email,
    /// Địa chỉ.
    Address,
    /// Mật khẩu.
    Password,
}

impl ApplicantField {
    /// The field's label on forms, in Vietnamese.
    ///
    /// ```
    /// assert_eq!(motcua_core::dossier::ApplicantField::DateOfBirth.label(), "Ngày sinh");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            ApplicantField::FullName => "Họ và tên",
            ApplicantField::PersonalId => "Số định danh cá nhân",
            ApplicantField::DateOfBirth => "Ngày sinh",
            ApplicantField::Phone => "Số điện thoại",
            ApplicantField::Email => "Email",
            ApplicantField::Address => "Địa chỉ",
            ApplicantField::Password => "Mật khẩu",
        }
    }
}

/// What is wrong with a value, worded to follow "‹label›: ".
///
/// ```
/// use motcua_core::dossier::Problem;
/// assert_eq!(Problem::TooLong { max: 300 }.to_string(), "dài quá 300 ký tự.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Problem {
    /// Nothing was entered.
    #[error("chưa nhập.")]
    Missing,
    /// Personal ID: not 12 digits.
    #[error("phải gồm đúng 12 chữ số.")]
    NotTwelveDigits,
    /// Personal ID: the first three digits are not a province code.
    #[error("3 chữ số đầu «{0}» không phải mã tỉnh, thành phố nơi đăng ký khai sinh.")]
    UnknownProvince(String),
    /// Personal ID: the century and year digits contradict the date of birth.
    #[error(
        "chữ số thứ 4–6 ứng với năm sinh {id_year}, không khớp với ngày sinh (năm {birth_year})."
    )]
    BirthYearMismatch {
        /// The year the ID encodes.
        id_year: i32,
        /// The year of the date of birth.
        birth_year: i32,
    },
    /// Phone: a character other than digits and separators.
    #[error("chỉ được gồm chữ số (có thể bắt đầu bằng +84).")]
    PhoneCharacters,
    /// Phone: not 10 digits once normalised.
    #[error("phải gồm 10 chữ số, ví dụ 0912 345 678.")]
    PhoneLength,
    /// Phone: not a Vietnamese mobile prefix.
    #[error("không phải số di động Việt Nam (đầu số 03, 05, 07, 08 hoặc 09).")]
    NotMobile,
    /// Email: not of the form local@domain.tld.
    #[error("không đúng định dạng, ví dụ ten@example.com.")]
    EmailFormat,
    /// Too few characters.
    #[error("phải có ít nhất {min} ký tự.")]
    TooShort {
        /// The minimum.
        min: usize,
    },
    /// Too many characters.
    #[error("dài quá {max} ký tự.")]
    TooLong {
        /// The maximum.
        max: usize,
    },
    /// Name: a character that no name contains.
    #[error("không được chứa ký tự «{0}».")]
    NameCharacter(char),
    /// Name: only punctuation.
    #[error("phải có chữ cái.")]
    NameNeedsLetter,
    /// Date: not a calendar date written yyyy-mm-dd.
    #[error("không phải ngày hợp lệ (năm-tháng-ngày, ví dụ 1990-05-17).")]
    DateFormat,
    /// Date of birth after today.
    #[error("không được sau ngày hôm nay.")]
    DateInFuture,
    /// Date of birth before 1900.
    #[error("không được trước năm 1900.")]
    DateBefore1900,
    /// Password: no letter or no digit.
    #[error("phải có ít nhất một chữ cái và một chữ số.")]
    PasswordLetterAndDigit,
}

/// A refused applicant value: which field and what is wrong. Displays as the full
/// message, "‹label›: ‹problem›".
///
/// ```
/// use motcua_core::dossier::{ApplicantError, ApplicantField, Problem};
/// let err = ApplicantError::new(ApplicantField::Address, Problem::Missing);
/// assert_eq!(err.to_string(), "Địa chỉ: chưa nhập.");
/// assert_eq!(err.message_for("Địa chỉ người được ủy quyền"), "Địa chỉ người được ủy quyền: chưa nhập.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantError {
    /// The field.
    pub field: ApplicantField,
    /// What is wrong.
    pub problem: Problem,
}

impl ApplicantError {
    /// A refusal of `field` for `problem`.
    ///
    /// ```
    /// use motcua_core::dossier::{ApplicantError, ApplicantField, Problem};
    /// let err = ApplicantError::new(ApplicantField::Phone, Problem::PhoneLength);
    /// assert_eq!(err.to_string(), "Số điện thoại: phải gồm 10 chữ số, ví dụ 0912 345 678.");
    /// ```
    pub fn new(field: ApplicantField, problem: Problem) -> Self {
        ApplicantError { field, problem }
    }

    /// The message with another label, for a field shown under a different name (the
    /// authorised person's fields).
    ///
    /// ```
    /// use motcua_core::dossier::{ApplicantError, ApplicantField, Problem};
    /// let err = ApplicantError::new(ApplicantField::Phone, Problem::Missing);
    /// assert_eq!(err.message_for("Số điện thoại liên hệ"), "Số điện thoại liên hệ: chưa nhập.");
    /// ```
    pub fn message_for(&self, label: &str) -> String {
        format!("{label}: {}", self.problem)
    }
}

impl fmt::Display for ApplicantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field.label(), self.problem)
    }
}

impl std::error::Error for ApplicantError {}

/// Trims and joins runs of whitespace (including line breaks) into single spaces.
fn squash_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
