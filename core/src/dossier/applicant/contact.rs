//! How to reach the applicant: mobile phone (for SMS notifications, SPEC §3), e-mail,
//! and postal address.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{squash_spaces, ApplicantError, ApplicantField, Problem};

/// A Vietnamese mobile number, stored in the national form `0XXXXXXXXX` (10 digits,
/// second digit 3, 5, 7, 8 or 9: the mobile ranges since the 2018 renumbering).
///
/// Accepts what people type: spaces, dots, hyphens or brackets between digits, and the
/// international forms `+84…` and `84…`.
///
/// ```
/// use motcua_core::dossier::PhoneNumber;
/// for typed in ["0912 345 678", "+84912345678", "84912345678", "0912.345.678"] {
///     assert_eq!(typed.parse::<PhoneNumber>().unwrap().as_str(), "0912345678");
/// }
/// let err = "0212345678".parse::<PhoneNumber>().unwrap_err();
/// assert_eq!(err.to_string(), "Số điện thoại: không phải số di động Việt Nam (đầu số 03, 05, 07, 08 hoặc 09).");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// The number in national form, e.g. `0912345678`.
    ///
    /// ```
    /// let p: motcua_core::dossier::PhoneNumber = "+84 912 345 678".parse().unwrap();
    /// assert_eq!(p.as_str(), "0912345678");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with its middle hidden, for pages and messages that others may see:
    /// `0912***678`.
    ///
    /// ```
    /// let p: motcua_core::dossier::PhoneNumber = "0912345678".parse().unwrap();
    /// assert_eq!(p.masked(), "0912***678");
    /// ```
    pub fn masked(&self) -> String {
        format!("{}***{}", &self.0[..4], &self.0[7..])
    }

    /// The number in international form for SMS gateways: `84912345678`.
    ///
    /// ```
    /// let p: motcua_core::dossier::PhoneNumber = "0912345678".parse().unwrap();
    /// assert_eq!(p.international(), "84912345678");
    /// ```
    pub fn international(&self) -> String {
        format!("84{}", &self.0[1..])
    }
}

impl FromStr for PhoneNumber {
    type Err = ApplicantError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |problem| Err(ApplicantError::new(ApplicantField::Phone, problem));
        let s = s.trim();
        if s.is_empty() {
            return fail(Problem::Missing);
        }
        let (plus, rest) = match s.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let separator = |c: char| c.is_whitespace() || matches!(c, '.' | '-' | '(' | ')');
        if !rest.chars().all(|c| c.is_ascii_digit() || separator(c)) {
            return fail(Problem::PhoneCharacters);
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        let national = match (plus, digits.strip_prefix("84")) {
            // "+84 (0) 912…": the trunk 0 is often kept after the country code.
            (true, Some(rest)) => format!("0{}", rest.strip_prefix('0').unwrap_or(rest)),
            // Another country code: not a Vietnamese mobile.
            (true, None) => return fail(Problem::NotMobile),
            // 84 without '+': the international form only if it has the right length,
            // since no national number starts with 8.
            (false, Some(rest)) if digits.len() == 11 => format!("0{rest}"),
            (false, _) => digits,
        };
        if national.len() != 10 {
            return fail(Problem::PhoneLength);
        }
        let b = national.as_bytes();
        if b[0] != b'0' || !matches!(b[1], b'3' | b'5' | b'7' | b'8' | b'9') {
            return fail(Problem::NotMobile);
        }
        Ok(PhoneNumber(national))
    }
}

text_newtype!(PhoneNumber);

/// Longest address a mail system must accept (RFC 5321 path limit).
const EMAIL_MAX: usize = 254;

/// An e-mail address, checked for sanity rather than against the full RFC grammar:
/// one `@`, a non-empty local part, a domain with a dot and no empty label, no spaces,
/// at most 254 characters. The domain is lower-cased; the local part is kept as typed.
///
/// ```
/// use motcua_core::dossier::Email;
/// let e: Email = " Lan.Nguyen@Example.VN ".parse().unwrap();
/// assert_eq!(e.as_str(), "Lan.Nguyen@example.vn");
/// let err = "lan@localhost".parse::<Email>().unwrap_err();
/// assert_eq!(err.to_string(), "Email: không đúng định dạng, ví dụ ten@example.com.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// The address.
    ///
    /// ```
    /// let e: motcua_core::dossier::Email = "a@b.vn".parse().unwrap();
    /// assert_eq!(e.as_str(), "a@b.vn");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = ApplicantError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |problem| Err(ApplicantError::new(ApplicantField::Email, problem));
        let s = s.trim();
        if s.is_empty() {
            return fail(Problem::Missing);
        }
        if s.chars().count() > EMAIL_MAX {
            return fail(Problem::TooLong { max: EMAIL_MAX });
        }
        let Some((local, domain)) = s.split_once('@') else {
            return fail(Problem::EmailFormat);
        };
        let labels_ok = domain.contains('.') && domain.split('.').all(|l| !l.is_empty());
        let clean = !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if local.is_empty() || domain.contains('@') || !labels_ok || !clean {
            return fail(Problem::EmailFormat);
        }
        Ok(Email(format!("{local}@{}", domain.to_lowercase())))
    }
}

text_newtype!(Email);

/// Longest address accepted.
const ADDRESS_MAX: usize = 300;

/// A postal or residence address as one line of free text (non-empty, at most 300
/// characters); runs of spaces and line breaks become single spaces.
///
/// ```
/// use motcua_core::dossier::Address;
/// let a: Address = "  Số 1,\n  phố Tràng Tiền ".parse().unwrap();
/// assert_eq!(a.as_str(), "Số 1, phố Tràng Tiền");
/// assert_eq!("   ".parse::<Address>().unwrap_err().to_string(), "Địa chỉ: chưa nhập.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Address(String);

impl Address {
    /// The address.
    ///
    /// ```
    /// let a: motcua_core::dossier::Address = "Huế".parse().unwrap();
    /// assert_eq!(a.as_str(), "Huế");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Address {
    type Err = ApplicantError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |problem| Err(ApplicantError::new(ApplicantField::Address, problem));
        let s = squash_spaces(s);
        if s.is_empty() {
            fail(Problem::Missing)
        } else if s.chars().count() > ADDRESS_MAX {
            fail(Problem::TooLong { max: ADDRESS_MAX })
        } else {
            Ok(Address(s))
        }
    }
}

text_newtype!(Address);
