//! Identifiers of a dossier (SPEC §3): the agency's electronic code (Decision
//! 20/2020/QĐ-TTg), the dossier code issued at reception, and the temporary number of
//! an online submission that has not been received yet.
//!
//! All three are compared and stored as text, so each has exactly one spelling:
//! parsing refuses anything that would not print back identically.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Why a code could not be built or read.
///
/// ```
/// use motcua_core::dossier::{AgencyCode, CodeError};
/// assert_eq!("h15".parse::<AgencyCode>(), Err(CodeError::InvalidAgency("h15".into())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not an agency electronic code.
    #[error("mã định danh cơ quan «{0}» không hợp lệ: cần dạng H15 hoặc H15.50.05.13 (Quyết định 20/2020/QĐ-TTg)")]
    InvalidAgency(String),
    /// Not a dossier code.
    #[error("mã hồ sơ «{0}» không hợp lệ: cần dạng H15.50.05.13-261008-0975")]
    InvalidDossierCode(String),
    /// Not a submission number.
    #[error("số hồ sơ trực tuyến «{0}» không hợp lệ: cần dạng TN-261122-000123")]
    InvalidSubmissionNumber(String),
    /// Counters start at 1.
    #[error("số thứ tự phải lớn hơn 0")]
    ZeroCounter,
    /// The code holds a two-digit year, read as 20YY.
    #[error("ngày {0} nằm ngoài khoảng 2000–2099 mà mã (YYMMDD) biểu diễn được")]
    DateOutOfRange(NaiveDate),
}

/// Decision 20/2020: an agency code has at most 35 characters.
const AGENCY_MAX_LEN: usize = 35;

/// An agency's electronic identification code (mã định danh điện tử, Decision
/// 20/2020/QĐ-TTg): dot-separated groups, one per level. The level-1 group is `MX1X2`,
/// an uppercase letter A–Y and two digits (`H15`, a provincial People's Committee);
/// each lower level adds a group of two digits (`H15.50`, `H15.50.05.13`).
///
/// ```
/// use motcua_core::dossier::AgencyCode;
/// let code: AgencyCode = "H15.50.05.13".parse().unwrap();
/// assert_eq!((code.as_str(), code.level1(), code.depth()), ("H15.50.05.13", "H15", 4));
/// for bad in ["h15", "Z15", "H1", "H15.5", "H15..50", "H15.5A", "000.00.00.H15", ""] {
///     assert!(bad.parse::<AgencyCode>().is_err(), "{bad}");
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgencyCode(String);

impl AgencyCode {
    /// The code as text.
    ///
    /// ```
    /// let code: motcua_core::dossier::AgencyCode = "G01".parse().unwrap();
    /// assert_eq!(code.as_str(), "G01");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The level-1 group, e.g. `H15`.
    ///
    /// ```
    /// let code: motcua_core::dossier::AgencyCode = "H15.50".parse().unwrap();
    /// assert_eq!(code.level1(), "H15");
    /// ```
    pub fn level1(&self) -> &str {
        &self.0[..3]
    }

    /// How many levels the code has (1 for `H15`, 4 for `H15.50.05.13`).
    ///
    /// ```
    /// let code: motcua_core::dossier::AgencyCode = "H15.50".parse().unwrap();
    /// assert_eq!(code.depth(), 2);
    /// ```
    pub fn depth(&self) -> usize {
        self.0.split('.').count()
    }
}

impl FromStr for AgencyCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = |g: &str| g.len() == 2 && g.bytes().all(|b| b.is_ascii_digit());
        let mut groups = s.split('.');
        let level1_ok = groups.next().is_some_and(|g| {
            let b = g.as_bytes();
            // Letters A–Y: Decision 20/2020 assigns level-1 letters from that range.
            b.len() == 3 && (b'A'..=b'Y').contains(&b[0]) && digits(&g[1..])
        });
        if level1_ok && groups.all(digits) && s.len() <= AGENCY_MAX_LEN {
            Ok(AgencyCode(s.to_owned()))
        } else {
            Err(CodeError::InvalidAgency(s.to_owned()))
        }
    }
}

impl TryFrom<String> for AgencyCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<AgencyCode> for String {
    fn from(code: AgencyCode) -> Self {
        code.0
    }
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads `YYMMDD` as a date in 2000–2099.
fn parse_yymmdd(s: &str) -> Option<NaiveDate> {
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    NaiveDate::from_ymd_opt(2000 + n(0..2)? as i32, n(2..4)?, n(4..6)?)
}

fn check_date(date: NaiveDate) -> Result<(), CodeError> {
    if (2000..=2099).contains(&date.year()) {
        Ok(())
    } else {
        Err(CodeError::DateOutOfRange(date))
    }
}

/// Reads a counter printed with at least `width` digits. A longer counter has no
/// leading zero, so that each number has one spelling (`0975`, `10000`, not `00975`).
fn parse_counter(s: &str, width: usize) -> Option<u32> {
    let canonical = s.len() == width || (s.len() > width && !s.starts_with('0'));
    if !canonical || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|&n| n > 0)
}

/// The dossier code issued at reception (SPEC §3): `{agency}-{YYMMDD}-{NNNN}`, e.g.
/// `H15.50.05.13-261008-0975`. YYMMDD is the reception date; NNNN is the receiving
/// agency's counter for that day, printed with at least four digits and growing to
/// five or more when a day passes 9999 dossiers.
///
/// ```
/// use chrono::NaiveDate;
/// use motcua_core::dossier::{AgencyCode, DossierCode};
/// let agency: AgencyCode = "H15.50.05.13".parse().unwrap();
/// let day = NaiveDate::from_ymd_opt(2026, 10, 8).unwrap();
/// assert_eq!(DossierCode::new(&agency, day, 10_000).unwrap().to_string(), "H15.50.05.13-261008-10000");
/// let code: DossierCode = "H15.50.05.13-261008-0975".parse().unwrap();
/// assert_eq!((code.agency().as_str(), code.date(), code.counter()), ("H15.50.05.13", day, 975));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DossierCode {
    agency: AgencyCode,
    date: NaiveDate,
    counter: u32,
}

impl DossierCode {
    /// The code of the `counter`-th dossier received by `agency` on `date`. Counters
    /// start at 1; the date must be in 2000–2099 (the code keeps two year digits).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use motcua_core::dossier::{AgencyCode, DossierCode};
    /// let agency: AgencyCode = "H15".parse().unwrap();
    /// let day = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
    /// assert_eq!(DossierCode::new(&agency, day, 1).unwrap().to_string(), "H15-260102-0001");
    /// assert!(DossierCode::new(&agency, day, 0).is_err());
    /// ```
    pub fn new(agency: &AgencyCode, date: NaiveDate, counter: u32) -> Result<Self, CodeError> {
        check_date(date)?;
        if counter == 0 {
            return Err(CodeError::ZeroCounter);
        }
        Ok(DossierCode {
            agency: agency.clone(),
            date,
            counter,
        })
    }

    /// The receiving agency.
    ///
    /// ```
    /// let code: motcua_core::dossier::DossierCode = "H15.50-261008-0001".parse().unwrap();
    /// assert_eq!(code.agency().as_str(), "H15.50");
    /// ```
    pub fn agency(&self) -> &AgencyCode {
        &self.agency
    }

    /// The reception date.
    ///
    /// ```
    /// let code: motcua_core::dossier::DossierCode = "H15-261008-0001".parse().unwrap();
    /// assert_eq!(code.date().to_string(), "2026-10-08");
    /// ```
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The agency's counter for that day.
    ///
    /// ```
    /// let code: motcua_core::dossier::DossierCode = "H15-261008-0042".parse().unwrap();
    /// assert_eq!(code.counter(), 42);
    /// ```
    pub fn counter(&self) -> u32 {
        self.counter
    }
}

impl fmt::Display for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}-{:04}",
            self.agency,
            self.date.format("%y%m%d"),
            self.counter
        )
    }
}

impl FromStr for DossierCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || CodeError::InvalidDossierCode(s.to_owned());
        // Agency codes contain no '-', so the code splits into exactly three parts.
        let mut parts = s.split('-');
        let (Some(agency), Some(date), Some(counter), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        let agency: AgencyCode = agency.parse().map_err(|_| invalid())?;
        let date = parse_yymmdd(date).ok_or_else(invalid)?;
        let counter = parse_counter(counter, 4).ok_or_else(invalid)?;
        DossierCode::new(&agency, date, counter)
    }
}

impl TryFrom<String> for DossierCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<DossierCode> for String {
    fn from(code: DossierCode) -> Self {
        code.to_string()
    }
}

/// The temporary number of an online submission awaiting reception (status 1), shown
/// to the citizen at once so they can follow it before a dossier code exists:
/// `TN-{YYMMDD}-{NNNNNN}`, e.g. `TN-261122-000123`.
///
/// **\[D\]** product decision (SPEC §3 only says such a number exists): `TN` for *tiếp
/// nhận trực tuyến*, the submission date, and a system-wide daily sequence of at least
/// six digits, growing like the dossier counter if a day ever passes 999 999. The
/// prefix keeps it from being mistaken for a dossier code, whose agency group never
/// has two letters.
///
/// ```
/// use chrono::NaiveDate;
/// use motcua_core::dossier::SubmissionNumber;
/// let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
/// let n = SubmissionNumber::new(day, 123).unwrap();
/// assert_eq!(n.to_string(), "TN-261122-000123");
/// assert_eq!("TN-261122-000123".parse::<SubmissionNumber>(), Ok(n));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SubmissionNumber {
    date: NaiveDate,
    sequence: u32,
}

impl SubmissionNumber {
    /// The `sequence`-th online submission of `date` (sequence from 1, date in
    /// 2000–2099).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use motcua_core::dossier::SubmissionNumber;
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    /// assert!(SubmissionNumber::new(day, 0).is_err());
    /// ```
    pub fn new(date: NaiveDate, sequence: u32) -> Result<Self, CodeError> {
        check_date(date)?;
        if sequence == 0 {
            return Err(CodeError::ZeroCounter);
        }
        Ok(SubmissionNumber { date, sequence })
    }

    /// The submission date.
    ///
    /// ```
    /// let n: motcua_core::dossier::SubmissionNumber = "TN-261122-000123".parse().unwrap();
    /// assert_eq!(n.date().to_string(), "2026-11-22");
    /// ```
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The sequence number within that day.
    ///
    /// ```
    /// let n: motcua_core::dossier::SubmissionNumber = "TN-261122-000123".parse().unwrap();
    /// assert_eq!(n.sequence(), 123);
    /// ```
    pub fn sequence(&self) -> u32 {
        self.sequence
    }
}

impl fmt::Display for SubmissionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TN-{}-{:06}", self.date.format("%y%m%d"), self.sequence)
    }
}

impl FromStr for SubmissionNumber {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || CodeError::InvalidSubmissionNumber(s.to_owned());
        let rest = s.strip_prefix("TN-").ok_or_else(invalid)?;
        let (date, sequence) = rest.split_once('-').ok_or_else(invalid)?;
        let date = parse_yymmdd(date).ok_or_else(invalid)?;
        let sequence = parse_counter(sequence, 6).ok_or_else(invalid)?;
        SubmissionNumber::new(date, sequence)
    }
}

impl TryFrom<String> for SubmissionNumber {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<SubmissionNumber> for String {
    fn from(n: SubmissionNumber) -> Self {
        n.to_string()
    }
}

#[cfg(test)]
mod tests;
