//! Calendar exceptions as data (SPEC §4.4): official swaps (a weekday off against a
//! Saturday worked) and a unit's local exceptions, each with the document it comes from.
//! A deployment loads its own lists from JSON at run time, so a new notice needs no
//! recompilation; the lists enter the calendar's version hash.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::{CalendarError, DayKind};

/// What an exception does to its date.
///
/// ```
/// use motcua_core::calendar::ExceptionKind;
/// assert!(ExceptionKind::MakeupWorkday.working());
/// assert!(!ExceptionKind::SwapOff.working());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    /// A weekday given off by an official swap (nghỉ hoán đổi).
    SwapOff,
    /// A Saturday or Sunday worked to make up for a swap (làm bù).
    MakeupWorkday,
    /// A day a unit is closed by its own decision (e.g. a local festival).
    LocalDayOff,
    /// A day a unit works although the national calendar says it is off.
    LocalWorkday,
}

impl ExceptionKind {
    /// Whether the date becomes a working day.
    ///
    /// ```
    /// assert!(motcua_core::calendar::ExceptionKind::LocalWorkday.working());
    /// ```
    pub fn working(self) -> bool {
        matches!(
            self,
            ExceptionKind::MakeupWorkday | ExceptionKind::LocalWorkday
        )
    }

    /// The same kind as it appears in calendar listings.
    ///
    /// ```
    /// use motcua_core::calendar::{DayKind, ExceptionKind};
    /// assert_eq!(ExceptionKind::SwapOff.day_kind(), DayKind::SwapOff);
    /// ```
    pub fn day_kind(self) -> DayKind {
        match self {
            ExceptionKind::SwapOff => DayKind::SwapOff,
            ExceptionKind::MakeupWorkday => DayKind::MakeupWorkday,
            ExceptionKind::LocalDayOff => DayKind::LocalDayOff,
            ExceptionKind::LocalWorkday => DayKind::LocalWorkday,
        }
    }
}

/// One exceptional date with its legal source.
///
/// ```
/// use motcua_core::calendar::Exception;
/// let e: Exception = serde_json::from_str(r#"{"date":"2026-08-22","kind":"makeup_workday",
///     "name":"Làm bù","source":"Thông báo ..."}"#).unwrap();
/// assert!(e.kind.working());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Exception {
    /// The date (local, Asia/Ho_Chi_Minh).
    pub date: NaiveDate,
    /// What happens on that date.
    pub kind: ExceptionKind,
    /// What the day is called, in Vietnamese.
    pub name: String,
    /// The document that decided it (number, issuer).
    pub source: String,
}

/// A named list of exceptions, as loaded from a JSON file:
/// `{"name": "...", "exceptions": [{"date", "kind", "name", "source"}, ...]}`.
///
/// ```
/// use motcua_core::calendar::ExceptionSet;
/// let official = ExceptionSet::official();
/// assert!(official.exceptions().len() >= 28);
/// let err = ExceptionSet::from_json(r#"{"name":"x","exceptions":[{"date":"2026-08-25",
///     "kind":"makeup_workday","name":"Làm bù","source":"TB 1"}]}"#).unwrap_err();
/// assert!(err.to_string().contains("2026-08-25"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExceptionSet {
    name: String,
    exceptions: Vec<Exception>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    name: String,
    exceptions: Vec<Exception>,
}

/// The official swaps of SPEC §4.4, shipped with the code.
const OFFICIAL_SWAPS: &str = include_str!("../../data/official_swaps.json");

impl ExceptionSet {
    /// Checks and builds a set: every entry names its source, a make-up day falls on a
    /// weekend, a swapped day off on a weekday, and no date appears twice.
    ///
    /// ```
    /// use motcua_core::calendar::{Exception, ExceptionKind, ExceptionSet};
    /// let day = chrono::NaiveDate::from_ymd_opt(2027, 3, 6).unwrap(); // a Saturday
    /// let e = Exception { date: day, kind: ExceptionKind::LocalWorkday,
    ///     name: "Tiếp nhận sáng thứ Bảy".into(), source: "QĐ 12/QĐ-UBND".into() };
    /// assert!(ExceptionSet::new("Phường A", vec![e.clone()]).is_ok());
    /// assert!(ExceptionSet::new("Phường A", vec![e.clone(), e]).is_err());
    /// ```
    pub fn new(name: &str, mut exceptions: Vec<Exception>) -> Result<Self, CalendarError> {
        exceptions.sort_by_key(|e| e.date);
        for pair in exceptions.windows(2) {
            if pair[0].date == pair[1].date {
                return Err(CalendarError::DuplicateException(pair[0].date));
            }
        }
        for e in &exceptions {
            let weekend = matches!(e.date.weekday(), Weekday::Sat | Weekday::Sun);
            let problem = if e.source.trim().is_empty() {
                Some("thiếu văn bản nguồn (source)")
            } else if e.name.trim().is_empty() {
                Some("thiếu tên ngày (name)")
            } else if e.kind == ExceptionKind::MakeupWorkday && !weekend {
                Some("ngày làm bù phải là thứ Bảy hoặc Chủ nhật")
            } else if e.kind == ExceptionKind::SwapOff && weekend {
                Some("ngày nghỉ hoán đổi phải là ngày trong tuần")
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(CalendarError::InvalidException {
                    date: e.date,
                    problem,
                });
            }
        }
        Ok(ExceptionSet {
            name: name.to_owned(),
            exceptions,
        })
    }

    /// Reads a set from JSON, with the same checks as [`ExceptionSet::new`].
    ///
    /// ```
    /// let set = motcua_core::calendar::ExceptionSet::from_json(r#"{"name":"Xã B","exceptions":[]}"#).unwrap();
    /// assert_eq!(set.name(), "Xã B");
    /// ```
    pub fn from_json(json: &str) -> Result<Self, CalendarError> {
        let raw: RawSet =
            serde_json::from_str(json).map_err(|e| CalendarError::Malformed(e.to_string()))?;
        ExceptionSet::new(&raw.name, raw.exceptions)
    }

    /// The official swaps of SPEC §4.4 (2010–2026), shipped with the code.
    ///
    /// ```
    /// let set = motcua_core::calendar::ExceptionSet::official();
    /// assert!(set.exceptions().iter().any(|e| e.date.to_string() == "2026-08-31"));
    /// ```
    pub fn official() -> Self {
        ExceptionSet::from_json(OFFICIAL_SWAPS).expect("the shipped swap list is valid")
    }

    /// The set's name.
    ///
    /// ```
    /// assert!(motcua_core::calendar::ExceptionSet::official().name().starts_with("Hoán đổi"));
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The exceptions, in date order.
    ///
    /// ```
    /// let set = motcua_core::calendar::ExceptionSet::official();
    /// assert!(set.exceptions().windows(2).all(|w| w[0].date < w[1].date));
    /// ```
    pub fn exceptions(&self) -> &[Exception] {
        &self.exceptions
    }
}
