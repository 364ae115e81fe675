//! A unit's calendar as data (work week, office hours, local exceptions): what the server
//! stores per agency and ships to the browser, so that the due-date preview a citizen
//! sees is computed by the same code, from the same inputs, as the appointment the
//! server later enforces (SPEC §4.4, §4.6.1).

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{format_instant, vietnam_local, DeadlineError, OfficeHours, Schedule};
use crate::calendar::{Calendar, Exception, ExceptionSet, WorkWeek};
use crate::procedure::TimeLimit;

/// A unit's calendar settings, as stored and sent over the wire.
///
/// ```
/// use motcua_core::deadline::UnitCalendar;
/// let unit = UnitCalendar::national("H15.50");
/// let built = unit.build().unwrap();
/// assert_eq!(built.hours().to_string(), "07:00-11:30,13:30-17:00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCalendar {
    /// The unit's electronic code, e.g. `H15.50`.
    pub unit: String,
    /// Working weekdays, e.g. `mon,tue,wed,thu,fri`.
    pub week: String,
    /// Office hours, e.g. `07:00-11:30,13:30-17:00; sat=07:00-11:30`.
    pub office_hours: String,
    /// Local exceptions on top of the national rules and official swaps.
    #[serde(default)]
    pub exceptions: Vec<Exception>,
}

/// A unit's calendar and office hours, ready to compute deadlines.
#[derive(Debug, Clone)]
pub struct UnitSchedule {
    calendar: Calendar,
    hours: OfficeHours,
}

impl UnitCalendar {
    /// The national default: Monday–Friday, 07:00–11:30 and 13:30–17:00, no local
    /// exceptions (SPEC §4.1, §4.6.1).
    ///
    /// ```
    /// assert_eq!(motcua_core::deadline::UnitCalendar::national("H15").week, "mon,tue,wed,thu,fri");
    /// ```
    pub fn national(unit: &str) -> Self {
        UnitCalendar {
            unit: unit.to_owned(),
            week: WorkWeek::default().to_string(),
            office_hours: OfficeHours::default().to_string(),
            exceptions: Vec::new(),
        }
    }

    /// Parses the settings and builds the calendar (national rules, the official swaps,
    /// then the unit's exceptions). About 5 ms natively: build once, then reuse.
    ///
    /// ```
    /// use motcua_core::deadline::UnitCalendar;
    /// let mut unit = UnitCalendar::national("H15.51");
    /// unit.week = "mon,funday".into();
    /// assert!(unit.build().is_err());
    /// ```
    pub fn build(&self) -> Result<UnitSchedule, DeadlineError> {
        let week: WorkWeek = self.week.parse()?;
        let hours: OfficeHours = self.office_hours.parse()?;
        let local = ExceptionSet::new(&self.unit, self.exceptions.clone())?;
        Ok(UnitSchedule {
            calendar: Calendar::build(week, &[ExceptionSet::official(), local]),
            hours,
        })
    }
}

impl UnitSchedule {
    /// The calendar.
    ///
    /// ```
    /// let s = motcua_core::deadline::UnitCalendar::national("H15").build().unwrap();
    /// assert!(s.calendar().version().to_string().starts_with("cal-"));
    /// ```
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The office hours.
    ///
    /// ```
    /// let s = motcua_core::deadline::UnitCalendar::national("H15").build().unwrap();
    /// assert_eq!(s.hours().regular_day_minutes(), 480);
    /// ```
    pub fn hours(&self) -> &OfficeHours {
        &self.hours
    }

    /// A [`Schedule`] over this calendar and these hours.
    ///
    /// ```
    /// let s = motcua_core::deadline::UnitCalendar::national("H15").build().unwrap();
    /// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(); // Culture Day
    /// assert!(s.schedule().sessions_on(day).unwrap().is_empty());
    /// ```
    pub fn schedule(&self) -> Schedule<'_> {
        Schedule::new(&self.calendar, &self.hours)
    }

    /// The appointment if the dossier were received at `now` (UTC): SPEC §4.6.2 says an
    /// online dossier's clock starts at acceptance, so the preview assumes acceptance at
    /// submission and is an estimate. `None` when the limit has no fixed date.
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// let s = motcua_core::deadline::UnitCalendar::national("H15").build().unwrap();
    /// let now: DateTime<Utc> = "2026-11-20T09:30:00Z".parse().unwrap(); // 16:30 in Hà Nội
    /// let due = s.preview_due(now, &"05 ngày làm việc".parse().unwrap()).unwrap();
    /// assert_eq!(due.unwrap().to_string(), "2026-11-30 16:30:00");
    /// ```
    pub fn preview_due(
        &self,
        now: DateTime<Utc>,
        limit: &TimeLimit,
    ) -> Result<Option<NaiveDateTime>, DeadlineError> {
        Ok(self.schedule().deadline(vietnam_local(now), limit)?.due)
    }

    /// The sentence the procedure page shows, computed the same way in the browser and on
    /// the server: "Nếu nộp ngay bây giờ, ngày hẹn trả dự kiến: 15 giờ 30, Thứ Hai 30/11/2026".
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// let s = motcua_core::deadline::UnitCalendar::national("H15").build().unwrap();
    /// let now: DateTime<Utc> = "2026-11-20T09:30:00Z".parse().unwrap();
    /// assert_eq!(s.preview_text(now, &"05 ngày làm việc".parse().unwrap()),
    ///     "Nếu nộp ngay bây giờ, ngày hẹn trả dự kiến: 16 giờ 30, Thứ Hai 30/11/2026");
    /// assert_eq!(s.preview_text(now, &"Không quy định".parse().unwrap()),
    ///     "Thủ tục này không quy định thời hạn trả kết quả.");
    /// ```
    pub fn preview_text(&self, now: DateTime<Utc>, limit: &TimeLimit) -> String {
        match self.preview_due(now, limit) {
            Ok(Some(due)) => format!(
                "Nếu nộp ngay bây giờ, ngày hẹn trả dự kiến: {}",
                capitalise_weekday(&format_instant(due))
            ),
            Ok(None) => "Thủ tục này không quy định thời hạn trả kết quả.".to_owned(),
            Err(_) => "Không tính được ngày hẹn trả cho thời điểm này.".to_owned(),
        }
    }
}

/// "16 giờ 30, thứ Hai 30/11/2026" → "16 giờ 30, Thứ Hai 30/11/2026": the preview names
/// the weekday as a heading does, as the issue's wording shows.
fn capitalise_weekday(text: &str) -> String {
    text.replacen("thứ ", "Thứ ", 1)
}
