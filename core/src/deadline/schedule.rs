//! Where the clock stands: a unit's [`Calendar`] plus its [`OfficeHours`], and the
//! arithmetic of SPEC §4.6.2–4.6.4 on local (Asia/Ho_Chi_Minh) instants.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::{DeadlineError, OfficeHours, Session};
use crate::calendar::Calendar;
use crate::procedure::{TimeLimit, TimeUnit};

/// The last instant of a day, as an exclusive-enough upper bound for sessions.
fn end_of_day() -> NaiveTime {
    NaiveTime::from_hms_opt(23, 59, 59).expect("valid")
}

/// The 15:00 cut-off of SPEC §4.6.3.
fn cutoff() -> NaiveTime {
    NaiveTime::from_hms_opt(15, 0, 0).expect("valid")
}

/// A unit's calendar and office hours: everything needed to compute its deadlines.
///
/// ```
/// use chrono::NaiveDateTime;
/// use motcua_core::calendar::Calendar;
/// use motcua_core::deadline::{OfficeHours, Schedule};
/// use motcua_core::procedure::TimeLimit;
/// let (cal, hours) = (Calendar::vietnam(), OfficeHours::default());
/// let schedule = Schedule::new(&cal, &hours);
/// let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
/// let limit: TimeLimit = "05 ngày làm việc".parse().unwrap();
/// // SPEC §4.6 worked example: Tue 24 Nov 2026 is Culture Day.
/// let d = schedule.deadline(at("2026-11-20 16:30"), &limit).unwrap();
/// assert_eq!(d.due, Some(at("2026-11-30 16:30")));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Schedule<'a> {
    calendar: &'a Calendar,
    hours: &'a OfficeHours,
}

/// The start of the clock and the due instant (`None` for limits without a date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Deadline {
    /// When the clock starts (SPEC §4.6.2–4.6.3).
    pub start: NaiveDateTime,
    /// The appointment (ngày hẹn trả kết quả).
    pub due: Option<NaiveDateTime>,
}

impl<'a> Schedule<'a> {
    /// Pairs a calendar with office hours.
    ///
    /// ```
    /// let (cal, hours) = (motcua_core::calendar::Calendar::vietnam(), Default::default());
    /// let _ = motcua_core::deadline::Schedule::new(&cal, &hours);
    /// ```
    pub fn new(calendar: &'a Calendar, hours: &'a OfficeHours) -> Self {
        Schedule { calendar, hours }
    }

    /// The calendar.
    pub fn calendar(&self) -> &'a Calendar {
        self.calendar
    }

    /// The office hours.
    pub fn hours(&self) -> &'a OfficeHours {
        self.hours
    }

    /// The sessions of `date`: none on a non-working day.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let (cal, hours) = (motcua_core::calendar::Calendar::vietnam(), Default::default());
    /// let s = motcua_core::deadline::Schedule::new(&cal, &hours);
    /// assert!(s.sessions_on(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()).unwrap().is_empty());
    /// assert_eq!(s.sessions_on(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()).unwrap().len(), 2);
    /// ```
    pub fn sessions_on(&self, date: NaiveDate) -> Result<&'a [Session], DeadlineError> {
        if self.calendar.is_working_day(date)? {
            Ok(self.hours.sessions_for(date.weekday()))
        } else {
            Ok(&[])
        }
    }

    /// Whether the office is open at `t` (a working day and `open ≤ t < close`).
    ///
    /// ```
    /// use chrono::NaiveDateTime;
    /// let (cal, hours) = (motcua_core::calendar::Calendar::vietnam(), Default::default());
    /// let s = motcua_core::deadline::Schedule::new(&cal, &hours);
    /// let at = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
    /// assert!(s.is_open(at("2026-11-25 11:29")).unwrap());
    /// assert!(!s.is_open(at("2026-11-25 11:30")).unwrap());
    /// ```
    pub fn is_open(&self, t: NaiveDateTime) -> Result<bool, DeadlineError> {
        Ok(self
            .sessions_on(t.date())?
            .iter()
            .any(|s| s.contains(t.time())))
    }

    /// `t` itself when the office is open, otherwise the next opening.
    ///
    /// ```
    /// use chrono::NaiveDateTime;
    /// let (cal, hours) = (motcua_core::calendar::Calendar::vietnam(), Default::default());
    /// let s = motcua_core::deadline::Schedule::new(&cal, &hours);
    /// let at = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
    /// assert_eq!(s.next_opening(at("2026-11-25 12:00")).unwrap(), at("2026-11-25 13:30"));
    /// assert_eq!(s.next_opening(at("2026-11-23 17:00")).unwrap(), at("2026-11-25 07:00"));
    /// ```
    pub fn next_opening(&self, t: NaiveDateTime) -> Result<NaiveDateTime, DeadlineError> {
        if let Some(s) = self
            .sessions_on(t.date())?
            .iter()
            .find(|s| t.time() < s.close())
        {
            return Ok(t.date().and_time(t.time().max(s.open())));
        }
        self.opening_after_day(t.date())
    }

    /// The first opening of the first working day after `date`.
    fn opening_after_day(&self, date: NaiveDate) -> Result<NaiveDateTime, DeadlineError> {
        let mut day = date;
        // A weekday with no sessions configured is skipped; bounded by the range check.
        loop {
            day = self.calendar.add_working_days(day, 1)?;
            if let Some(first) = self.hours.sessions_for(day.weekday()).first() {
                return Ok(day.and_time(first.open()));
            }
        }
    }

    /// Closing time of the last session of `date` (a working day).
    fn closing_of(&self, date: NaiveDate) -> Result<NaiveDateTime, DeadlineError> {
        let sessions = self.sessions_on(date)?;
        let last = sessions.last().ok_or(DeadlineError::NotAWorkingDay(date))?;
        Ok(date.and_time(last.close()))
    }

    /// When the clock starts for a dossier received at `received` (SPEC §4.6.2–4.6.3):
    /// the next opening, or the next working day's opening when the procedure has the
    /// 15:00 cut-off and the dossier came on a working day strictly after 15:00.
    ///
    /// ```
    /// use chrono::NaiveDateTime;
    /// let (cal, hours) = (motcua_core::calendar::Calendar::vietnam(), Default::default());
    /// let s = motcua_core::deadline::Schedule::new(&cal, &hours);
    /// let at = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
    /// assert_eq!(s.clock_start(at("2026-11-25 15:00"), true).unwrap(), at("2026-11-25 15:00"));
    /// assert_eq!(s.clock_start(at("2026-11-25 15:01"), true).unwrap(), at("2026-11-26 07:00"));
    /// assert_eq!(s.clock_start(at("2026-11-25 15:01"), false).unwrap(), at("2026-11-25 15:01"));
    /// ```
    pub fn clock_start(
        &self,
        received: NaiveDateTime,
        cutoff_15h: bool,
    ) -> Result<NaiveDateTime, DeadlineError> {
        let working = self.calendar.is_working_day(received.date())?;
        if cutoff_15h && working && received.time() > cutoff() {
            self.opening_after_day(received.date())
        } else {
            self.next_opening(received)
        }
    }

    /// The due instant of `limit` counted from a clock `start` (SPEC §4.6.4); also the
    /// due time of an internal step from when the step received the dossier (§4.6.8).
    ///
    /// ```
    /// use chrono::NaiveDateTime;
    /// let (cal, hours) = (motcua_core::calendar::Calendar::vietnam(), Default::default());
    /// let s = motcua_core::deadline::Schedule::new(&cal, &hours);
    /// let at = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
    /// let limit = "04 giờ làm việc".parse().unwrap();
    /// assert_eq!(s.due_from(at("2026-11-20 16:30"), &limit).unwrap(), Some(at("2026-11-23 10:30")));
    /// ```
    pub fn due_from(
        &self,
        start: NaiveDateTime,
        limit: &TimeLimit,
    ) -> Result<Option<NaiveDateTime>, DeadlineError> {
        let start = self.next_opening(start)?;
        let due = match limit.unit() {
            TimeUnit::WorkingDays => {
                let day = self.calendar.add_working_days(start.date(), limit.n())?;
                self.next_opening(day.and_time(start.time()))?
            }
            TimeUnit::WorkingHours => self.add_working_minutes(start, i64::from(limit.n()) * 60)?,
            TimeUnit::SameDay => self.closing_of(start.date())?,
            TimeUnit::CalendarDays => {
                // The first day with office hours on or after start + N (Civil Code
                // Art. 147–148), at its closing time.
                let day = start.date() + Duration::days(i64::from(limit.n()));
                let day = self.next_opening(day.and_time(NaiveTime::MIN))?.date();
                self.closing_of(day)?
            }
            TimeUnit::None => return Ok(None),
        };
        Ok(Some(due))
    }

    /// Start and due for a dossier received at `received` under `limit`.
    ///
    /// ```
    /// use chrono::NaiveDateTime;
    /// let (cal, hours) = (motcua_core::calendar::Calendar::vietnam(), Default::default());
    /// let s = motcua_core::deadline::Schedule::new(&cal, &hours);
    /// let at = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
    /// let d = s.deadline(at("2026-11-21 09:00"), &"Trong ngày".parse().unwrap()).unwrap();
    /// assert_eq!((d.start, d.due), (at("2026-11-23 07:00"), Some(at("2026-11-23 17:00"))));
    /// ```
    pub fn deadline(
        &self,
        received: NaiveDateTime,
        limit: &TimeLimit,
    ) -> Result<Deadline, DeadlineError> {
        let start = self.clock_start(received, limit.cutoff_15h())?;
        Ok(Deadline {
            start,
            due: self.due_from(start, limit)?,
        })
    }

    /// Walks `minutes` of office time forward from `t`, skipping lunch, nights and
    /// non-working days. Zero minutes returns `t` unchanged; an end exactly at a
    /// session's close stays there (SPEC §4.6.4, e.g. 11:30).
    ///
    /// ```
    /// use chrono::NaiveDateTime;
    /// let (cal, hours) = (motcua_core::calendar::Calendar::vietnam(), Default::default());
    /// let s = motcua_core::deadline::Schedule::new(&cal, &hours);
    /// let at = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
    /// assert_eq!(s.add_working_minutes(at("2026-11-25 10:30"), 60).unwrap(), at("2026-11-25 11:30"));
    /// assert_eq!(s.add_working_minutes(at("2026-11-25 10:30"), 61).unwrap(), at("2026-11-25 13:31"));
    /// ```
    pub fn add_working_minutes(
        &self,
        t: NaiveDateTime,
        minutes: i64,
    ) -> Result<NaiveDateTime, DeadlineError> {
        if minutes <= 0 {
            return Ok(t);
        }
        let mut left = minutes;
        let mut t = self.next_opening(t)?;
        // Whole regular days in one O(1) jump when every working day is alike.
        let day = self.hours.regular_day_minutes();
        if self.hours.is_uniform() && left > day {
            let days = (left - 1) / day;
            let jumped = self.calendar.add_working_days(t.date(), days as u32)?;
            t = jumped.and_time(t.time());
            left -= days * day;
        }
        loop {
            let sessions = self.sessions_on(t.date())?;
            let session = sessions
                .iter()
                .find(|s| s.contains(t.time()))
                .ok_or(DeadlineError::NotAWorkingDay(t.date()))?;
            let available = (session.close() - t.time()).num_minutes();
            if left <= available {
                return Ok(t + Duration::minutes(left));
            }
            left -= available;
            t = self.next_opening(t.date().and_time(session.close()))?;
        }
    }

    /// Office minutes from `from` to `to` (negative when `to` is earlier): the working
    /// time left before a due instant, or the working time a pause lasted.
    ///
    /// ```
    /// use chrono::NaiveDateTime;
    /// let (cal, hours) = (motcua_core::calendar::Calendar::vietnam(), Default::default());
    /// let s = motcua_core::deadline::Schedule::new(&cal, &hours);
    /// let at = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
    /// assert_eq!(s.working_minutes_between(at("2026-11-20 16:30"), at("2026-11-23 10:30")).unwrap(), 240);
    /// assert_eq!(s.working_minutes_between(at("2026-11-23 10:30"), at("2026-11-20 16:30")).unwrap(), -240);
    /// ```
    pub fn working_minutes_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<i64, DeadlineError> {
        if to < from {
            return Ok(-self.working_minutes_between(to, from)?);
        }
        if from.date() == to.date() {
            return self.minutes_in_day(from.date(), from.time(), to.time());
        }
        let end_of_first = self.minutes_in_day(from.date(), from.time(), end_of_day())?;
        let start_of_last = self.minutes_in_day(to.date(), NaiveTime::MIN, to.time())?;
        let first_full = from.date() + Duration::days(1);
        let last_full = to.date() - Duration::days(1);
        let middle = if first_full > last_full {
            0
        } else if self.hours.is_uniform() {
            self.calendar.working_days_between(from.date(), last_full)?
                * self.hours.regular_day_minutes()
        } else {
            let mut sum = 0;
            let mut day = first_full;
            while day <= last_full {
                sum += self
                    .sessions_on(day)?
                    .iter()
                    .map(Session::minutes)
                    .sum::<i64>();
                day += Duration::days(1);
            }
            sum
        };
        Ok(end_of_first + middle + start_of_last)
    }

    /// Office minutes of `date` within `[from, to)`.
    fn minutes_in_day(
        &self,
        date: NaiveDate,
        from: NaiveTime,
        to: NaiveTime,
    ) -> Result<i64, DeadlineError> {
        Ok(self
            .sessions_on(date)?
            .iter()
            .map(|s| {
                let (a, b) = (s.open().max(from), s.close().min(to));
                if a < b {
                    (b - a).num_minutes().max(0)
                } else {
                    0
                }
            })
            .sum())
    }
}
