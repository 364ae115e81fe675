//! A unit's office hours (SPEC §4.6.1): the sessions of a working day, by default
//! 07:00–11:30 and 13:30–17:00 (8 working hours = 1 working day), with optional
//! sessions for particular weekdays (a unit open on Saturday mornings).

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::DeadlineError;
use crate::calendar::{weekday_from_code, WEEKDAY_CODES};

/// One opening session, `open ≤ t < close` (SPEC §4.6.2: 11:30 is already lunch,
/// 17:00 is already closed).
///
/// ```
/// use chrono::NaiveTime;
/// use motcua_core::deadline::Session;
/// let s: Session = "07:00-11:30".parse().unwrap();
/// assert!(s.contains(NaiveTime::from_hms_opt(7, 0, 0).unwrap()));
/// assert!(!s.contains(NaiveTime::from_hms_opt(11, 30, 0).unwrap()));
/// assert_eq!(s.minutes(), 270);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Session {
    open: NaiveTime,
    close: NaiveTime,
}

impl Session {
    /// A session; `open` must be before `close`.
    ///
    /// ```
    /// use chrono::NaiveTime;
    /// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    /// assert!(motcua_core::deadline::Session::new(t(13), t(17)).is_ok());
    /// assert!(motcua_core::deadline::Session::new(t(17), t(13)).is_err());
    /// ```
    pub fn new(open: NaiveTime, close: NaiveTime) -> Result<Self, DeadlineError> {
        if open < close {
            Ok(Session { open, close })
        } else {
            Err(DeadlineError::BadOfficeHours(format!(
                "giờ mở cửa {} phải trước giờ đóng cửa {}",
                open.format("%H:%M"),
                close.format("%H:%M")
            )))
        }
    }

    /// Opening time.
    ///
    /// ```
    /// let s: motcua_core::deadline::Session = "13:30-17:00".parse().unwrap();
    /// assert_eq!(s.open().to_string(), "13:30:00");
    /// ```
    pub fn open(&self) -> NaiveTime {
        self.open
    }

    /// Closing time.
    ///
    /// ```
    /// let s: motcua_core::deadline::Session = "13:30-17:00".parse().unwrap();
    /// assert_eq!(s.close().to_string(), "17:00:00");
    /// ```
    pub fn close(&self) -> NaiveTime {
        self.close
    }

    /// Whether `t` is within the session: `open ≤ t < close`.
    ///
    /// ```
    /// let s: motcua_core::deadline::Session = "13:30-17:00".parse().unwrap();
    /// assert!(!s.contains(chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap()));
    /// ```
    pub fn contains(&self, t: NaiveTime) -> bool {
        self.open <= t && t < self.close
    }

    /// Length in minutes.
    ///
    /// ```
    /// let s: motcua_core::deadline::Session = "13:30-17:00".parse().unwrap();
    /// assert_eq!(s.minutes(), 210);
    /// ```
    pub fn minutes(&self) -> i64 {
        (self.close - self.open).num_minutes()
    }
}

impl fmt::Display for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            self.open.format("%H:%M"),
            self.close.format("%H:%M")
        )
    }
}

fn parse_time(s: &str) -> Result<NaiveTime, DeadlineError> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| DeadlineError::BadOfficeHours(format!("«{}» không phải giờ HH:MM", s.trim())))
}

impl FromStr for Session {
    type Err = DeadlineError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (open, close) = s.split_once('-').ok_or_else(|| {
            DeadlineError::BadOfficeHours(format!("«{s}» không phải khoảng giờ HH:MM-HH:MM"))
        })?;
        Session::new(parse_time(open)?, parse_time(close)?)
    }
}

/// The office hours of a unit: sessions for a working day, and optionally other
/// sessions for given weekdays. Written as text, e.g.
/// `"07:00-11:30,13:30-17:00"` or `"07:00-11:30,13:30-17:00; sat=07:30-11:30"`.
///
/// ```
/// use motcua_core::deadline::OfficeHours;
/// let hours = OfficeHours::default();
/// assert_eq!(hours.to_string(), "07:00-11:30,13:30-17:00");
/// assert_eq!(hours.regular_day_minutes(), 480);
/// let unit: OfficeHours = "07:30-11:30,13:00-17:00; sat=07:30-11:30".parse().unwrap();
/// assert_eq!(unit.sessions_for(chrono::Weekday::Sat).len(), 1);
/// assert!("07:00-11:30,11:00-17:00".parse::<OfficeHours>().is_err()); // overlap
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OfficeHours {
    regular: Vec<Session>,
    by_weekday: [Option<Vec<Session>>; 7],
}

impl Default for OfficeHours {
    fn default() -> Self {
        OfficeHours {
            regular: vec![
                "07:00-11:30".parse().expect("valid"),
                "13:30-17:00".parse().expect("valid"),
            ],
            by_weekday: Default::default(),
        }
    }
}

fn parse_sessions(list: &str) -> Result<Vec<Session>, DeadlineError> {
    let mut sessions = list
        .split(',')
        .map(str::parse)
        .collect::<Result<Vec<Session>, _>>()?;
    sessions.sort_by_key(|s| s.open);
    if sessions.windows(2).any(|w| w[0].close > w[1].open) {
        return Err(DeadlineError::BadOfficeHours(format!(
            "các buổi làm việc «{list}» chồng lên nhau"
        )));
    }
    Ok(sessions)
}

impl OfficeHours {
    /// The sessions on a working day falling on `weekday`.
    ///
    /// ```
    /// let hours = motcua_core::deadline::OfficeHours::default();
    /// assert_eq!(hours.sessions_for(chrono::Weekday::Sat).len(), 2); // a make-up Saturday
    /// ```
    pub fn sessions_for(&self, weekday: Weekday) -> &[Session] {
        self.by_weekday[weekday.num_days_from_monday() as usize]
            .as_deref()
            .unwrap_or(&self.regular)
    }

    /// Minutes of a regular working day (480 by default = 8 working hours).
    ///
    /// ```
    /// assert_eq!(motcua_core::deadline::OfficeHours::default().regular_day_minutes(), 480);
    /// ```
    pub fn regular_day_minutes(&self) -> i64 {
        self.regular.iter().map(Session::minutes).sum()
    }

    /// Whether every weekday uses the regular sessions (enables O(1) arithmetic).
    pub(crate) fn is_uniform(&self) -> bool {
        self.by_weekday.iter().all(Option::is_none)
    }
}

impl fmt::Display for OfficeHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |s: &[Session]| {
            s.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        f.write_str(&join(&self.regular))?;
        for ((name, _), sessions) in WEEKDAY_CODES.iter().zip(&self.by_weekday) {
            if let Some(s) = sessions {
                write!(f, "; {name}={}", join(s))?;
            }
        }
        Ok(())
    }
}

impl FromStr for OfficeHours {
    type Err = DeadlineError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.split(';').map(str::trim);
        let regular = parse_sessions(parts.next().unwrap_or_default())?;
        let mut by_weekday: [Option<Vec<Session>>; 7] = Default::default();
        for part in parts.filter(|p| !p.is_empty()) {
            let (day, list) = part.split_once('=').ok_or_else(|| {
                DeadlineError::BadOfficeHours(format!("«{part}» phải có dạng sat=HH:MM-HH:MM"))
            })?;
            let weekday = weekday_from_code(day).ok_or_else(|| {
                DeadlineError::BadOfficeHours(format!("«{}» không phải thứ trong tuần", day.trim()))
            })?;
            by_weekday[weekday.num_days_from_monday() as usize] = Some(parse_sessions(list)?);
        }
        Ok(OfficeHours {
            regular,
            by_weekday,
        })
    }
}

impl Serialize for OfficeHours {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for OfficeHours {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
