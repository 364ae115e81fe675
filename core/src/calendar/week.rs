//! The weekly pattern of working days (SPEC §4.1: Monday–Friday, Decision 188/1999).

use std::fmt;
use std::str::FromStr;

use chrono::Weekday;

use super::CalendarError;

/// Weekday codes used in configuration text (work weeks, office hours).
pub(crate) const WEEKDAY_CODES: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// The weekday named by a code (`mon` … `sun`, any case).
pub(crate) fn weekday_from_code(code: &str) -> Option<Weekday> {
    WEEKDAY_CODES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(code.trim()))
        .map(|(_, d)| *d)
}

/// The weekdays a unit works, e.g. `"mon,tue,wed,thu,fri"` (the default).
///
/// ```
/// use chrono::Weekday;
/// use motcua_core::calendar::WorkWeek;
/// let week = WorkWeek::default();
/// assert!(week.works_on(Weekday::Fri) && !week.works_on(Weekday::Sat));
/// assert_eq!(week.to_string(), "mon,tue,wed,thu,fri");
/// assert!("mon,funday".parse::<WorkWeek>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorkWeek(u8);

impl WorkWeek {
    /// Whether `day` is a working weekday.
    ///
    /// ```
    /// assert!(motcua_core::calendar::WorkWeek::default().works_on(chrono::Weekday::Mon));
    /// ```
    pub fn works_on(self, day: Weekday) -> bool {
        self.0 >> day.num_days_from_monday() & 1 == 1
    }
}

impl Default for WorkWeek {
    fn default() -> Self {
        WorkWeek(0b001_1111)
    }
}

impl fmt::Display for WorkWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = WEEKDAY_CODES
            .iter()
            .filter(|(_, d)| self.works_on(*d))
            .map(|(n, _)| *n)
            .collect();
        f.write_str(&names.join(","))
    }
}

impl FromStr for WorkWeek {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut bits = 0u8;
        for part in s.split(',').map(str::trim) {
            let day = weekday_from_code(part).ok_or_else(|| CalendarError::BadWorkWeek {
                week: s.to_owned(),
                part: part.to_owned(),
            })?;
            bits |= 1 << day.num_days_from_monday();
        }
        Ok(WorkWeek(bits))
    }
}
