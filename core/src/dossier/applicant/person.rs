//! Who the applicant is: full name, date of birth; and the password of a citizen
//! account.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{squash_spaces, ApplicantError, ApplicantField, Problem};

const NAME_MIN: usize = 2;
const NAME_MAX: usize = 100;

/// Whether `c` may appear in a personal name: letters of any script (Vietnamese
/// precomposed letters included), combining diacritics (text typed on systems that
/// decompose, e.g. macOS), apostrophes and hyphens (names of ethnic minorities and
/// foreigners: "H'Hen Niê", "Ksor-Y"), and spaces.
fn name_char(c: char) -> bool {
    c.is_alphabetic() || ('\u{300}'..='\u{36F}').contains(&c) || matches!(c, ' ' | '\'' | '’' | '-')
}

/// A person's full name as on their ID card: 2–100 characters of letters, spaces,
/// apostrophes and hyphens, trimmed, with single spaces between words. The case is
/// kept as typed: names are copied to official papers as given.
///
/// ```
/// use motcua_core::dossier::FullName;
/// let n: FullName = "  Nguyễn   Thị  Lan ".parse().unwrap();
/// assert_eq!(n.as_str(), "Nguyễn Thị Lan");
/// let err = "Nguyễn Văn 2".parse::<FullName>().unwrap_err();
/// assert_eq!(err.to_string(), "Họ và tên: không được chứa ký tự «2».");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FullName(String);

impl FullName {
    /// The name.
    ///
    /// ```
    /// let n: motcua_core::dossier::FullName = "H'Hen Niê".parse().unwrap();
    /// assert_eq!(n.as_str(), "H'Hen Niê");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for FullName {
    type Err = ApplicantError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |problem| Err(ApplicantError::new(ApplicantField::FullName, problem));
        let s = squash_spaces(s);
        if s.is_empty() {
            return fail(Problem::Missing);
        }
        if let Some(c) = s.chars().find(|&c| !name_char(c)) {
            return fail(Problem::NameCharacter(c));
        }
        if !s.chars().any(char::is_alphabetic) {
            return fail(Problem::NameNeedsLetter);
        }
        match s.chars().count() {
            n if n < NAME_MIN => fail(Problem::TooShort { min: NAME_MIN }),
            n if n > NAME_MAX => fail(Problem::TooLong { max: NAME_MAX }),
            _ => Ok(FullName(s)),
        }
    }
}

text_newtype!(FullName);

/// A date of birth: a real calendar date, not before 1900 (the first year the
/// calendar and the personal ID's century digit cover) and not after today.
///
/// "Today" is passed in, because this code runs in the browser and on the server and
/// must not read a clock; the caller gives the Vietnamese local date.
///
/// ```
/// use chrono::NaiveDate;
/// use motcua_core::dossier::DateOfBirth;
/// let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
/// let d = DateOfBirth::parse("1990-05-17", today).unwrap();
/// assert_eq!(d.date(), NaiveDate::from_ymd_opt(1990, 5, 17).unwrap());
/// let err = DateOfBirth::parse("2026-11-23", today).unwrap_err();
/// assert_eq!(err.to_string(), "Ngày sinh: không được sau ngày hôm nay.");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "NaiveDate", into = "NaiveDate")]
pub struct DateOfBirth(NaiveDate);

impl DateOfBirth {
    /// Reads `yyyy-mm-dd` (what an HTML date input sends) and checks the range.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use motcua_core::dossier::DateOfBirth;
    /// let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    /// assert!(DateOfBirth::parse("2026-11-22", today).is_ok());
    /// assert!(DateOfBirth::parse("1899-12-31", today).is_err());
    /// assert!(DateOfBirth::parse("17/05/1990", today).is_err());
    /// ```
    pub fn parse(s: &str, today: NaiveDate) -> Result<Self, ApplicantError> {
        let fail = |problem| Err(ApplicantError::new(ApplicantField::DateOfBirth, problem));
        let s = s.trim();
        if s.is_empty() {
            return fail(Problem::Missing);
        }
        let Some(date) = parse_iso_date(s) else {
            return fail(Problem::DateFormat);
        };
        if date > today {
            return fail(Problem::DateInFuture);
        }
        DateOfBirth::try_from(date)
    }

    /// The date.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use motcua_core::dossier::DateOfBirth;
    /// let d = NaiveDate::from_ymd_opt(1990, 5, 17).unwrap();
    /// assert_eq!(DateOfBirth::try_from(d).unwrap().date(), d);
    /// ```
    pub fn date(&self) -> NaiveDate {
        self.0
    }
}

/// Reads exactly `yyyy-mm-dd` (four-digit year, two-digit month and day).
pub(crate) fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::from_ymd_opt(
        s[..4].parse().ok()?,
        s[5..7].parse().ok()?,
        s[8..].parse().ok()?,
    )
}

/// Checks the lower bound only: a value read back from JSON cannot be compared with
/// "today". Values from a client are therefore never trusted as they are: the server
/// validates the raw form again ([`crate::dossier::ApplicationForm::validate`]).
impl TryFrom<NaiveDate> for DateOfBirth {
    type Error = ApplicantError;
    fn try_from(date: NaiveDate) -> Result<Self, Self::Error> {
        if date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
            Err(ApplicantError::new(
                ApplicantField::DateOfBirth,
                Problem::DateBefore1900,
            ))
        } else {
            Ok(DateOfBirth(date))
        }
    }
}

impl From<DateOfBirth> for NaiveDate {
    fn from(d: DateOfBirth) -> Self {
        d.0
    }
}

/// The date as printed on Vietnamese papers, dd/mm/yyyy.
impl fmt::Display for DateOfBirth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::calendar::format_date(self.0))
    }
}

const PASSWORD_MIN: usize = 8;
/// Upper bound so that a megabyte "password" cannot make the server hash for seconds.
const PASSWORD_MAX: usize = 128;

/// A citizen account password that meets the policy: 8–128 characters with at least
/// one letter and one digit. **\[D\]** product policy (no national rule for citizen
/// accounts of a provincial portal).
///
/// It has no `Display` or `Serialize` and its `Debug` hides it, so it cannot end up in a
/// log or a JSON response by accident; [`as_str`](Self::as_str) is for the hasher.
///
/// ```
/// use motcua_core::dossier::Password;
/// assert!("matkhau2026".parse::<Password>().is_ok());
/// let err = "matkhaumoi".parse::<Password>().unwrap_err();
/// assert_eq!(err.to_string(), "Mật khẩu: phải có ít nhất một chữ cái và một chữ số.");
/// assert_eq!(format!("{:?}", "matkhau2026".parse::<Password>().unwrap()), "Password(***)");
/// ```
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Password(String);

impl Password {
    /// The password, for hashing. Spaces are kept: they are part of it.
    ///
    /// ```
    /// let p: motcua_core::dossier::Password = " mật khẩu 1 ".parse().unwrap();
    /// assert_eq!(p.as_str(), " mật khẩu 1 ");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Password {
    type Err = ApplicantError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |problem| Err(ApplicantError::new(ApplicantField::Password, problem));
        match s.chars().count() {
            0 => fail(Problem::Missing),
            n if n < PASSWORD_MIN => fail(Problem::TooShort { min: PASSWORD_MIN }),
            n if n > PASSWORD_MAX => fail(Problem::TooLong { max: PASSWORD_MAX }),
            _ if !(s.chars().any(char::is_alphabetic) && s.chars().any(|c| c.is_ascii_digit())) => {
                fail(Problem::PasswordLetterAndDigit)
            }
            _ => Ok(Password(s.to_owned())),
        }
    }
}

impl TryFrom<String> for Password {
    type Error = ApplicantError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}
