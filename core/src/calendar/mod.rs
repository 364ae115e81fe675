//! The Vietnamese working-day calendar (SPEC §4.1–4.4), precomputed for 1900–2199 so
//! that every question a deadline asks is answered in constant time.
//!
//! A [`Calendar`] combines three layers, later ones winning:
//! 1. the work week (Monday–Friday by default, Decision 188/1999);
//! 2. statutory holidays and compensatory days computed from the law of each period,
//!    lunar holidays included ([`rules`]);
//! 3. exceptions loaded as data with their source documents: official swaps and a
//!    unit's local decisions ([`ExceptionSet`]).
//!
//! ```
//! use chrono::NaiveDate;
//! use motcua_core::calendar::Calendar;
//! let cal = Calendar::vietnam();
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! assert!(!cal.is_working_day(d(2026, 11, 24)).unwrap()); // Ngày Văn hóa Việt Nam
//! assert_eq!(cal.add_working_days(d(2026, 11, 20), 5).unwrap(), d(2026, 11, 30));
//! assert_eq!(cal.working_days_between(d(2026, 11, 20), d(2026, 11, 30)).unwrap(), 5);
//! ```

mod exceptions;
mod rules;
mod week;

pub use exceptions::{Exception, ExceptionKind, ExceptionSet};
pub use week::WorkWeek;
pub(crate) use week::{weekday_from_code, WEEKDAY_CODES};

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// First year of every calendar.
pub const FIRST_YEAR: i32 = crate::lunar::FIRST_YEAR;
/// Last year of every calendar.
pub const LAST_YEAR: i32 = crate::lunar::LAST_YEAR;

/// Why a calendar could not be built or queried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date is outside 1900–2199.
    #[error("ngày {0} nằm ngoài phạm vi lịch làm việc (1900–2199)")]
    OutOfRange(NaiveDate),
    /// The year is outside 1900–2199.
    #[error("năm {0} nằm ngoài phạm vi lịch làm việc (1900–2199)")]
    YearOutOfRange(i32),
    /// Two exceptions of one list name the same date.
    #[error("ngày {0} xuất hiện hai lần trong danh sách ngoại lệ")]
    DuplicateException(NaiveDate),
    /// An exception is inconsistent.
    #[error("ngoại lệ ngày {date}: {problem}")]
    InvalidException {
        /// The exception's date.
        date: NaiveDate,
        /// What is wrong, in Vietnamese.
        problem: &'static str,
    },
    /// A work week such as `mon,tue,wed,thu,fri` names an unknown day.
    #[error("tuần làm việc «{week}»: «{part}» không phải mon, tue, wed, thu, fri, sat, sun")]
    BadWorkWeek {
        /// The whole text.
        week: String,
        /// The unreadable part.
        part: String,
    },
    /// The exception file is not valid JSON of the expected shape.
    #[error("tệp ngoại lệ lịch không hợp lệ: {0}")]
    Malformed(String),
}

/// Why a date's status differs from the plain work week, or why it is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A statutory public holiday (ngày lễ, tết), SPEC §4.2.
    Holiday,
    /// A day off in compensation for a holiday on a weekly rest day, SPEC §4.3.
    Compensatory,
    /// A weekday off under an official swap, SPEC §4.4.
    SwapOff,
    /// A weekend day worked under an official swap (làm bù), SPEC §4.4.
    MakeupWorkday,
    /// A unit's own day off.
    LocalDayOff,
    /// A unit's own working day on a day otherwise off.
    LocalWorkday,
}

impl DayKind {
    /// The identifier used in JSON (`holiday`, `compensatory`, ...).
    ///
    /// ```
    /// assert_eq!(motcua_core::calendar::DayKind::SwapOff.as_str(), "swap_off");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Compensatory => "compensatory",
            DayKind::SwapOff => "swap_off",
            DayKind::MakeupWorkday => "makeup_workday",
            DayKind::LocalDayOff => "local_day_off",
            DayKind::LocalWorkday => "local_workday",
        }
    }

    /// Whether the day comes from the statutory rules (holidays and their compensatory
    /// days) rather than from a notice or a local decision.
    ///
    /// ```
    /// use motcua_core::calendar::DayKind;
    /// assert!(DayKind::Compensatory.is_statutory() && !DayKind::SwapOff.is_statutory());
    /// ```
    pub fn is_statutory(self) -> bool {
        matches!(self, DayKind::Holiday | DayKind::Compensatory)
    }

    /// The Vietnamese label for tables.
    ///
    /// ```
    /// assert_eq!(motcua_core::calendar::DayKind::Compensatory.label(), "Nghỉ bù");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            DayKind::Holiday => "Ngày lễ, tết",
            DayKind::Compensatory => "Nghỉ bù",
            DayKind::SwapOff => "Nghỉ hoán đổi",
            DayKind::MakeupWorkday => "Làm bù",
            DayKind::LocalDayOff => "Nghỉ theo quyết định của đơn vị",
            DayKind::LocalWorkday => "Làm việc theo quyết định của đơn vị",
        }
    }
}

/// A date that is named or whose status differs from the work week.
///
/// ```
/// use motcua_core::calendar::{Calendar, DayKind};
/// let days = Calendar::vietnam().special_days(2026).unwrap();
/// let culture = days.iter().find(|d| d.date.to_string() == "2026-11-24").unwrap();
/// assert_eq!((culture.working, culture.kind), (false, DayKind::Holiday));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialDay {
    /// The date.
    pub date: NaiveDate,
    /// Whether it is a working day.
    pub working: bool,
    /// Its name, in Vietnamese.
    pub name: String,
    /// Why it is special.
    pub kind: DayKind,
    /// The legal source, when known.
    pub source: Option<String>,
}

/// Identifies a calendar's content: equal versions mean equal working days. Stored with
/// every dossier, so a later notice never silently rewrites a past appointment.
///
/// ```
/// use motcua_core::calendar::{Calendar, ExceptionSet, WorkWeek};
/// let national = Calendar::vietnam();
/// let no_swaps = Calendar::build(WorkWeek::default(), &[]);
/// assert_ne!(national.version(), no_swaps.version());
/// assert_eq!(national.version(), Calendar::vietnam().version());
/// assert_eq!(national.version().to_string().len(), 20);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CalendarVersion(u64);

impl fmt::Display for CalendarVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cal-{:016x}", self.0)
    }
}

/// 64-bit FNV-1a: tiny, stable across platforms and releases (unlike `std`'s hasher).
struct Fnv(u64);
impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator so that ("ab","c") and ("a","bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }
}

/// A working-day calendar for 1900–2199 with O(1) queries.
///
/// Layout: one bit per day (1 = working) in 64-day words, the number of working days
/// before each word (rank), and every working day in order (select, stored as dates so
/// that answering needs no date conversion), plus the index of each year's 1 January.
/// For 109,573 days that is 13.7 KB of bits, 6.9 KB of ranks, ~300 KB of select entries
/// and 1.2 KB of year starts.
#[derive(Debug, Clone)]
pub struct Calendar {
    words: Vec<u64>,
    rank: Vec<u32>,
    select: Vec<NaiveDate>,
    year_start: Vec<u32>,
    special: BTreeMap<NaiveDate, SpecialDay>,
    version: CalendarVersion,
}

/// `num_days_from_ce` of 1 Jan 1900.
const FIRST_DAY_FROM_CE: i32 = 693_596;
/// Days from 1 Jan 1900 to 31 Dec 2199 inclusive.
const DAYS: usize = 109_573;

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("valid")
}

fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).expect("valid")
}

/// `dd/mm/yyyy`, the display format of every date shown to people.
///
/// ```
/// let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
/// assert_eq!(motcua_core::calendar::format_date(d), "30/11/2026");
/// ```
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The Vietnamese name of a date's weekday, lower-case ("thứ Hai" ... "Chủ nhật").
///
/// ```
/// let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
/// assert_eq!(motcua_core::calendar::weekday_name(d), "thứ Hai");
/// ```
pub fn weekday_name(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "thứ Hai",
        Weekday::Tue => "thứ Ba",
        Weekday::Wed => "thứ Tư",
        Weekday::Thu => "thứ Năm",
        Weekday::Fri => "thứ Sáu",
        Weekday::Sat => "thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

impl Calendar {
    /// The national calendar of civil servants: Monday–Friday, statutory holidays and
    /// the official swaps shipped with the code.
    ///
    /// ```
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 8, 22).unwrap(); // make-up Saturday
    /// assert!(motcua_core::calendar::Calendar::vietnam().is_working_day(d).unwrap());
    /// ```
    pub fn vietnam() -> Calendar {
        Calendar::build(WorkWeek::default(), &[ExceptionSet::official()])
    }

    /// Builds a calendar from a work week and exception lists (applied in order, a later
    /// list winning on the same date). Days the work week adds (e.g. a unit's Saturdays)
    /// stay off when they are holidays or compensatory days.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use motcua_core::calendar::{Calendar, ExceptionSet, WorkWeek};
    /// let saturdays: WorkWeek = "mon,tue,wed,thu,fri,sat".parse().unwrap();
    /// let cal = Calendar::build(saturdays, &[ExceptionSet::official()]);
    /// assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()).unwrap());
    /// ```
    pub fn build(week: WorkWeek, sets: &[ExceptionSet]) -> Calendar {
        let (first, last) = (first_day(), last_day());
        let days = (last - first).num_days() as usize + 1;
        debug_assert_eq!(days, DAYS);
        let mut special = BTreeMap::new();
        for year in FIRST_YEAR..=LAST_YEAR {
            for day in rules::national_days(year) {
                // A holiday and a compensatory day never share a date; the first wins.
                special.entry(day.date).or_insert(day);
            }
        }
        for set in sets {
            for e in set.exceptions() {
                special.insert(
                    e.date,
                    SpecialDay {
                        date: e.date,
                        working: e.kind.working(),
                        name: e.name.clone(),
                        kind: e.kind.day_kind(),
                        source: Some(e.source.clone()),
                    },
                );
            }
        }

        let mut words = vec![0u64; days.div_ceil(64)];
        let mut date = first;
        for i in 0..days {
            let working = match special.get(&date) {
                Some(s) => s.working,
                None => week.works_on(date.weekday()),
            };
            if working {
                words[i / 64] |= 1 << (i % 64);
            }
            date = date.succ_opt().unwrap_or(date);
        }
        let mut rank = Vec::with_capacity(words.len() + 1);
        let mut select = Vec::new();
        let mut count = 0u32;
        for (w, word) in words.iter().enumerate() {
            rank.push(count);
            let mut bits = *word;
            while bits != 0 {
                select.push(Self::date_at((w * 64) + bits.trailing_zeros() as usize));
                bits &= bits - 1;
            }
            count += word.count_ones();
        }
        rank.push(count);

        let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
        hash.write(rules::RULES_VERSION.as_bytes());
        hash.write(week.to_string().as_bytes());
        for set in sets {
            for e in set.exceptions() {
                hash.write(e.date.to_string().as_bytes());
                hash.write(e.name.as_bytes());
                hash.write(format!("{:?}", e.kind).as_bytes());
                hash.write(e.source.as_bytes());
            }
        }
        Calendar {
            words,
            rank,
            select,
            year_start: (FIRST_YEAR..=LAST_YEAR + 1)
                .map(|y| {
                    let jan1 = NaiveDate::from_ymd_opt(y, 1, 1).expect("valid");
                    (jan1 - first).num_days() as u32
                })
                .collect(),
            special,
            version: CalendarVersion(hash.0),
        }
    }

    /// The version (a hash of the rules, the work week and every exception).
    ///
    /// ```
    /// let v = motcua_core::calendar::Calendar::vietnam().version();
    /// assert!(v.to_string().starts_with("cal-"));
    /// ```
    pub fn version(&self) -> CalendarVersion {
        self.version
    }

    /// Day index from 1 Jan 1900: the year's start plus the day of the year, both read
    /// straight from chrono's packed date. This is the hot path of every query.
    fn index(&self, date: NaiveDate) -> Result<usize, CalendarError> {
        let year = date.year() - FIRST_YEAR;
        if !(0..=(LAST_YEAR - FIRST_YEAR)).contains(&year) {
            return Err(CalendarError::OutOfRange(date));
        }
        Ok(self.year_start[year as usize] as usize + date.ordinal0() as usize)
    }

    fn date_at(index: usize) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(FIRST_DAY_FROM_CE + index as i32)
            .expect("index within the calendar")
    }

    /// Working days strictly before the day at `index`.
    fn rank(&self, index: usize) -> usize {
        let word = self.words[index / 64] & ((1u64 << (index % 64)) - 1);
        self.rank[index / 64] as usize + word.count_ones() as usize
    }

    /// Whether `date` is a working day.
    ///
    /// ```
    /// let d = chrono::NaiveDate::from_ymd_opt(2025, 1, 27).unwrap(); // Tết moved from Sat 1 Feb
    /// assert!(!motcua_core::calendar::Calendar::vietnam().is_working_day(d).unwrap());
    /// ```
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        let i = self.index(date)?;
        Ok(self.words[i / 64] >> (i % 64) & 1 == 1)
    }

    /// The `n`-th working day after `date` (`date` itself not counted); `n = 0` gives
    /// `date`. O(1).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = motcua_core::calendar::Calendar::vietnam();
    /// let fri = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    /// assert_eq!(cal.add_working_days(fri, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    /// ```
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let i = self.index(date)?;
        if n == 0 {
            return Ok(date);
        }
        let target = self.rank(i + 1) + n as usize - 1;
        self.select
            .get(target)
            .copied()
            // Lazily: building the error date on every call cost ~30 % of a query.
            .ok_or_else(|| CalendarError::OutOfRange(last_day() + chrono::Duration::days(1)))
    }

    /// The number of working days in `(from, to]`: the inverse of
    /// [`Calendar::add_working_days`]; negative when `to < from`. O(1).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = motcua_core::calendar::Calendar::vietnam();
    /// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    /// assert_eq!(cal.working_days_between(d(2, 13), d(2, 23)).unwrap(), 1); // Tết week
    /// assert_eq!(cal.working_days_between(d(2, 23), d(2, 13)).unwrap(), -1);
    /// ```
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<i64, CalendarError> {
        let (a, b) = (self.index(from)?, self.index(to)?);
        Ok(self.rank(b + 1) as i64 - self.rank(a + 1) as i64)
    }

    /// The first working day on or after `date`. O(1).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let cal = motcua_core::calendar::Calendar::vietnam();
    /// let sat = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    /// assert_eq!(cal.next_working_day_from(sat).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    /// ```
    pub fn next_working_day_from(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let i = self.index(date)?;
        self.select
            .get(self.rank(i))
            .copied()
            .ok_or(CalendarError::OutOfRange(date))
    }

    /// The number of working days in `year` (1 January to 31 December inclusive).
    ///
    /// ```
    /// let cal = motcua_core::calendar::Calendar::vietnam();
    /// assert_eq!(cal.working_days_in_year(2026).unwrap(), 249);
    /// assert!(cal.working_days_in_year(1900).is_ok()); // the first year has no "day before"
    /// ```
    pub fn working_days_in_year(&self, year: i32) -> Result<u32, CalendarError> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(CalendarError::YearOutOfRange(year));
        }
        let start = self.year_start[(year - FIRST_YEAR) as usize] as usize;
        let end = self.year_start[(year - FIRST_YEAR + 1) as usize] as usize;
        Ok((self.rank(end) - self.rank(start)) as u32)
    }

    /// Every date of `year` that is named or differs from the work week, in date order.
    ///
    /// ```
    /// let days = motcua_core::calendar::Calendar::vietnam().special_days(2025).unwrap();
    /// assert!(days.iter().any(|d| d.date.to_string() == "2025-04-26" && d.working));
    /// ```
    pub fn special_days(&self, year: i32) -> Result<Vec<SpecialDay>, CalendarError> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(CalendarError::YearOutOfRange(year));
        }
        let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid");
        let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid");
        Ok(self
            .special
            .range(start..=end)
            .map(|(_, d)| d.clone())
            .collect())
    }

    /// The name of `date` when it is special (holiday, compensatory, swap...).
    ///
    /// ```
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 9, 2).unwrap();
    /// assert_eq!(motcua_core::calendar::Calendar::vietnam().special_day(d).unwrap().name, "Quốc khánh (2/9)");
    /// ```
    pub fn special_day(&self, date: NaiveDate) -> Option<&SpecialDay> {
        self.special.get(&date)
    }

    /// The raw working-day bitmap (bit `i` of word `i / 64` = day `i` from 1 Jan 1900):
    /// what a server could ship instead of the exception lists.
    ///
    /// ```
    /// let bits = motcua_core::calendar::Calendar::vietnam().bitmap().len() * 8;
    /// assert_eq!(bits, 13_704);
    /// ```
    pub fn bitmap(&self) -> &[u64] {
        &self.words
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
#[test]
fn first_day_constant_matches_chrono() {
    assert_eq!(first_day().num_days_from_ce(), FIRST_DAY_FROM_CE);
    assert_eq!((last_day() - first_day()).num_days() as usize + 1, DAYS);
}
