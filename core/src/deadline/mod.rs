//! Deadlines (SPEC §4.6): when the clock starts, when the appointment falls for each
//! unit of time limit, pauses, the one extension, per-step budgets, the working time
//! left and the early / on-time / late classification. All instants are local
//! Asia/Ho_Chi_Minh time (UTC+7, no daylight saving) as [`chrono::NaiveDateTime`];
//! [`vietnam_local`] converts from UTC.
//!
//! ```
//! use chrono::NaiveDateTime;
//! use motcua_core::calendar::Calendar;
//! use motcua_core::deadline::{OfficeHours, Schedule};
//! let (cal, hours) = (Calendar::vietnam(), OfficeHours::default());
//! let s = Schedule::new(&cal, &hours);
//! let at = |x: &str| NaiveDateTime::parse_from_str(x, "%Y-%m-%d %H:%M").unwrap();
//! // SPEC §4.6 worked examples.
//! let five_days = s.deadline(at("2026-11-20 16:30"), &"05 ngày làm việc".parse().unwrap()).unwrap();
//! assert_eq!(five_days.due, Some(at("2026-11-30 16:30")));
//! let four_hours = s.deadline(at("2026-11-20 16:30"), &"04 giờ làm việc".parse().unwrap()).unwrap();
//! assert_eq!(four_hours.due, Some(at("2026-11-23 10:30")));
//! ```

mod clock;
mod office_hours;
mod schedule;
mod unit;

pub use clock::{classify, DossierClock, PauseReason, SupplementPolicy, Timeliness};
pub use office_hours::{OfficeHours, Session};
pub use schedule::{Deadline, Schedule};
pub use unit::{UnitCalendar, UnitSchedule};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

use crate::calendar::CalendarError;
use crate::procedure::{TimeLimit, TimeUnit};

/// Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975).
pub const VIETNAM_OFFSET_HOURS: i64 = 7;

/// Local Vietnamese time of a UTC instant.
///
/// ```
/// use chrono::{DateTime, Utc};
/// let utc: DateTime<Utc> = "2026-11-20T09:30:00Z".parse().unwrap();
/// assert_eq!(motcua_core::deadline::vietnam_local(utc).to_string(), "2026-11-20 16:30:00");
/// ```
pub fn vietnam_local(utc: DateTime<Utc>) -> NaiveDateTime {
    utc.naive_utc() + Duration::hours(VIETNAM_OFFSET_HOURS)
}

/// The UTC instant of a local Vietnamese time: the inverse of [`vietnam_local`], for
/// storing an appointment computed in local time.
///
/// ```
/// use chrono::NaiveDateTime;
/// let local = NaiveDateTime::parse_from_str("2026-11-20 16:30", "%Y-%m-%d %H:%M").unwrap();
/// let utc = motcua_core::deadline::vietnam_utc(local);
/// assert_eq!(utc.to_rfc3339(), "2026-11-20T09:30:00+00:00");
/// assert_eq!(motcua_core::deadline::vietnam_local(utc), local);
/// ```
pub fn vietnam_utc(local: NaiveDateTime) -> DateTime<Utc> {
    (local - Duration::hours(VIETNAM_OFFSET_HOURS)).and_utc()
}

/// An instant as shown to citizens and printed on slips: "16 giờ 30, thứ Hai 30/11/2026"
/// (hour, minute, weekday, dd/mm/yyyy). Browser preview and server slips use this one
/// wording so they agree to the minute.
///
/// ```
/// use chrono::NaiveDateTime;
/// let t = NaiveDateTime::parse_from_str("2026-11-30 16:30", "%Y-%m-%d %H:%M").unwrap();
/// assert_eq!(motcua_core::deadline::format_instant(t), "16 giờ 30, thứ Hai 30/11/2026");
/// ```
pub fn format_instant(t: NaiveDateTime) -> String {
    format!(
        "{} giờ {}, {} {}",
        t.format("%H"),
        t.format("%M"),
        crate::calendar::weekday_name(t.date()),
        crate::calendar::format_date(t.date())
    )
}

/// Why a deadline could not be computed or changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    /// The calendar cannot answer (date outside 1900–2199).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// Office hours text is invalid.
    #[error("giờ làm việc không hợp lệ: {0}")]
    BadOfficeHours(String),
    /// A closing time was asked of a day without sessions.
    #[error("ngày {0} không phải ngày làm việc")]
    NotAWorkingDay(NaiveDate),
    /// The procedure has no fixed time limit.
    #[error("thủ tục không quy định thời hạn giải quyết")]
    NoDeadline,
    /// The clock is already paused.
    #[error("hồ sơ đang tạm dừng tính thời gian")]
    AlreadyPaused,
    /// Resume without a pause.
    #[error("hồ sơ không ở trạng thái tạm dừng")]
    NotPaused,
    /// An event before the clock started.
    #[error("thời điểm {0} trước khi bắt đầu tính thời gian")]
    BeforeStart(NaiveDateTime),
    /// Resume earlier than the pause.
    #[error("thời điểm tiếp tục {at} trước thời điểm tạm dừng {since}")]
    ResumeBeforePause {
        /// When the pause began.
        since: NaiveDateTime,
        /// The rejected resume instant.
        at: NaiveDateTime,
    },
    /// A second extension (SPEC §3: the re-appointment may be made only once).
    #[error("chỉ được hẹn lại ngày trả kết quả một lần")]
    SecondExtension,
    /// The apology came too late (SPEC §3: no later than 1 day before the due date).
    #[error("phiếu xin lỗi phải được ban hành chậm nhất 01 ngày trước ngày hẹn {}", due.format("%d/%m/%Y"))]
    ExtensionTooLate {
        /// The current due instant.
        due: NaiveDateTime,
    },
    /// The new date is not after the old one.
    #[error("ngày hẹn mới {} phải sau ngày hẹn cũ {}", new_due.format("%H:%M %d/%m/%Y"), due.format("%H:%M %d/%m/%Y"))]
    NewDueNotLater {
        /// The current due instant.
        due: NaiveDateTime,
        /// The rejected new due instant.
        new_due: NaiveDateTime,
    },
    /// Step budgets do not add up to the procedure's limit (SPEC §4.6.8).
    #[error("tổng thời gian các bước ({steps}) không bằng thời hạn giải quyết ({total})")]
    BudgetMismatch {
        /// The procedure's limit, as published.
        total: String,
        /// The sum of the steps, as published.
        steps: String,
    },
}

/// Checks that the budgets of a procedure's internal steps add up exactly to its time
/// limit (SPEC §4.6.8), counting a working day as `hours.regular_day_minutes()` so that
/// steps in hours can split a limit in days.
///
/// ```
/// use motcua_core::deadline::{check_step_budgets, OfficeHours};
/// let total = "05 ngày làm việc".parse().unwrap();
/// let steps = ["04 giờ làm việc", "04 ngày làm việc", "04 giờ làm việc"].map(|s| s.parse().unwrap());
/// assert!(check_step_budgets(&total, &steps, &OfficeHours::default()).is_ok());
/// let short = ["04 ngày làm việc"].map(|s| s.parse().unwrap());
/// assert!(check_step_budgets(&total, &short, &OfficeHours::default()).is_err());
/// ```
pub fn check_step_budgets(
    total: &TimeLimit,
    steps: &[TimeLimit],
    hours: &OfficeHours,
) -> Result<(), DeadlineError> {
    let day = hours.regular_day_minutes();
    let minutes = |l: &TimeLimit| match l.unit() {
        TimeUnit::WorkingDays => Some(i64::from(l.n()) * day),
        TimeUnit::WorkingHours => Some(i64::from(l.n()) * 60),
        TimeUnit::CalendarDays => Some(i64::from(l.n()) * 24 * 60 * 1000),
        TimeUnit::SameDay | TimeUnit::None => None,
    };
    let mismatch = || DeadlineError::BudgetMismatch {
        total: total.to_string(),
        steps: steps
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" + "),
    };
    let calendar_total = total.unit() == TimeUnit::CalendarDays;
    if steps
        .iter()
        .any(|s| (s.unit() == TimeUnit::CalendarDays) != calendar_total)
    {
        return Err(mismatch());
    }
    match (minutes(total), total.unit()) {
        (Some(t), _) => {
            let sum: Option<i64> = steps.iter().map(minutes).sum();
            if sum == Some(t) {
                Ok(())
            } else {
                Err(mismatch())
            }
        }
        // A same-day procedure: steps in hours must fit in one regular day.
        (None, TimeUnit::SameDay) => {
            let sum: Option<i64> = steps.iter().map(minutes).sum();
            match sum {
                Some(s) if s <= day => Ok(()),
                _ => Err(mismatch()),
            }
        }
        (None, _) => {
            if steps.iter().all(|s| s.unit() == TimeUnit::None) {
                Ok(())
            } else {
                Err(mismatch())
            }
        }
    }
}

// proptest is a native-only dev-dependency; the wasm parity test covers wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
