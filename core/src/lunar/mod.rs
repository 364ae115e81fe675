//! The Vietnamese lunisolar calendar (âm lịch) at UTC+7, computed astronomically with
//! Hồ Ngọc Đức's algorithm (SPEC §4.5): a month starts on the local day of a new moon,
//! month 11 contains the winter solstice, and in a year with 13 new moons between two
//! months 11 the first month without a major solar term is the leap month.
//!
//! No table is copied from anywhere and no Chinese calendar is used: the Chinese
//! calendar is computed at UTC+8 and differs in some years.
//!
//! ```
//! use chrono::NaiveDate;
//! use motcua_core::lunar::{solar_to_lunar, LunarDate};
//! // Tết Ất Sửu fell on 21 Jan 1985 in Vietnam (20 Feb in China).
//! let tet = solar_to_lunar(NaiveDate::from_ymd_opt(1985, 1, 21).unwrap()).unwrap();
//! assert_eq!(tet, LunarDate::new(1985, 1, 1, false));
//! // Tết Đinh Hợi fell on 17 Feb 2007 in Vietnam (18 Feb in China).
//! let tet = solar_to_lunar(NaiveDate::from_ymd_opt(2007, 2, 17).unwrap()).unwrap();
//! assert_eq!(tet, LunarDate::new(2007, 1, 1, false));
//! ```

mod astro;

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Vietnam's legal time: UTC+7 (Asia/Ho_Chi_Minh), the zone of the lunar calendar.
pub const VIETNAM_UTC_OFFSET_HOURS: f64 = 7.0;

/// First Gregorian year supported by the conversions.
pub const FIRST_YEAR: i32 = 1900;
/// Last Gregorian year supported by the conversions.
pub const LAST_YEAR: i32 = 2199;

/// Why a lunar conversion failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LunarError {
    /// The date is outside 1900–2199.
    #[error("ngày {0} nằm ngoài phạm vi lịch hỗ trợ (1900–2199)")]
    OutOfRange(String),
    /// The lunar date does not exist (day 30 of a short month, a leap month the year
    /// does not have, month 13...).
    #[error("ngày âm lịch {0} không tồn tại")]
    NoSuchDate(String),
    /// The text is not `YYYY-MM-DD` or `YYYY-MM-DDL`.
    #[error("không đọc được ngày âm lịch «{0}» (dạng YYYY-MM-DD, thêm L nếu là tháng nhuận)")]
    Malformed(String),
}

/// A date of the Vietnamese lunar calendar. `year` is the Gregorian year in which that
/// lunar year's month 1 begins (Tết).
///
/// ```
/// use motcua_core::lunar::LunarDate;
/// let d: LunarDate = "2033-11-01L".parse().unwrap();
/// assert!(d.leap);
/// assert_eq!(d.to_string(), "2033-11-01L");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LunarDate {
    /// Lunar year (the Gregorian year of its Tết).
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–30.
    pub day: u8,
    /// Whether the month is the leap (nhuận) repetition of `month`.
    pub leap: bool,
}

impl LunarDate {
    /// Builds a lunar date without checking that it exists; [`lunar_to_solar`] checks.
    ///
    /// ```
    /// let d = motcua_core::lunar::LunarDate::new(2026, 3, 10, false);
    /// assert_eq!(d.to_string(), "2026-03-10");
    /// ```
    pub const fn new(year: i32, month: u8, day: u8, leap: bool) -> Self {
        LunarDate {
            year,
            month,
            day,
            leap,
        }
    }
}

impl fmt::Display for LunarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)?;
        if self.leap {
            f.write_str("L")?;
        }
        Ok(())
    }
}

impl FromStr for LunarDate {
    type Err = LunarError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || LunarError::Malformed(s.to_owned());
        let (body, leap) = match s.strip_suffix(['L', 'l']) {
            Some(body) => (body, true),
            None => (s, false),
        };
        let mut parts = body.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let digits = |t: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
            return Err(bad());
        }
        let (year, month, day) = (
            y.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        );
        Ok(LunarDate::new(year, month, day, leap))
    }
}

/// The Julian day number of a proleptic Gregorian date.
pub(crate) fn julian_day_number(year: i32, month: u32, day: u32) -> i64 {
    NaiveDate::from_ymd_opt(year, month, day)
        .map(jdn)
        .expect("valid Gregorian date")
}

/// The Julian day number of `date` (2000-01-01 is 2451545).
fn jdn(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + 1_721_425
}

fn from_jdn(day_number: i64) -> NaiveDate {
    let days = i32::try_from(day_number - 1_721_425).expect("day number in chrono's range");
    NaiveDate::from_num_days_from_ce_opt(days).expect("day number in chrono's range")
}

fn in_range(date: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&date.year())
}

/// Converts a Gregorian date to the Vietnamese lunar calendar (UTC+7).
///
/// ```
/// use chrono::NaiveDate;
/// use motcua_core::lunar::{solar_to_lunar, LunarDate};
/// let d = NaiveDate::from_ymd_opt(2026, 2, 17).unwrap(); // Tết Bính Ngọ
/// assert_eq!(solar_to_lunar(d).unwrap(), LunarDate::new(2026, 1, 1, false));
/// assert!(solar_to_lunar(NaiveDate::from_ymd_opt(2200, 1, 1).unwrap()).is_err());
/// ```
pub fn solar_to_lunar(date: NaiveDate) -> Result<LunarDate, LunarError> {
    if !in_range(date) {
        return Err(LunarError::OutOfRange(date.to_string()));
    }
    let tz = VIETNAM_UTC_OFFSET_HOURS;
    let day_number = jdn(date);
    // The mean-lunation estimate can be off by one either way (the true new moon is up
    // to ~14 hours from the mean one): take the last new moon on or before the day.
    let mut k = astro::lunation_before(day_number) + 1;
    let mut month_start = astro::new_moon_day(k, tz);
    while month_start > day_number {
        k -= 1;
        month_start = astro::new_moon_day(k, tz);
    }
    let mut a11 = astro::month_11_start(date.year(), tz);
    let b11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = date.year();
        b11 = a11;
        a11 = astro::month_11_start(date.year() - 1, tz);
    } else {
        lunar_year = date.year() + 1;
        b11 = astro::month_11_start(date.year() + 1, tz);
    }
    let day = day_number - month_start + 1;
    let diff = (month_start - a11).div_euclid(29);
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = astro::leap_month_offset(a11, tz);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    Ok(LunarDate::new(lunar_year, month as u8, day as u8, leap))
}

/// Converts a Vietnamese lunar date to the Gregorian calendar, refusing dates that do
/// not exist (a leap month the year does not have, day 30 of a 29-day month).
///
/// ```
/// use chrono::NaiveDate;
/// use motcua_core::lunar::{lunar_to_solar, LunarDate};
/// // Giỗ Tổ Hùng Vương (10/3 âm lịch) 2026 is Sunday 26 April.
/// let d = lunar_to_solar(LunarDate::new(2026, 3, 10, false)).unwrap();
/// assert_eq!(d, NaiveDate::from_ymd_opt(2026, 4, 26).unwrap());
/// // 2025 has a leap 6th month; 2026 has none.
/// assert!(lunar_to_solar(LunarDate::new(2025, 6, 1, true)).is_ok());
/// assert!(lunar_to_solar(LunarDate::new(2026, 6, 1, true)).is_err());
/// ```
pub fn lunar_to_solar(lunar: LunarDate) -> Result<NaiveDate, LunarError> {
    let missing = || LunarError::NoSuchDate(lunar.to_string());
    if !(1..=12).contains(&lunar.month) || !(1..=30).contains(&lunar.day) {
        return Err(missing());
    }
    // The lunar year before 1900 or after 2199 may still map into range near the edges;
    // check the result instead of the input year, with one year of margin for the search.
    if !(FIRST_YEAR - 1..=LAST_YEAR + 1).contains(&lunar.year) {
        return Err(LunarError::OutOfRange(lunar.to_string()));
    }
    let tz = VIETNAM_UTC_OFFSET_HOURS;
    let month = i64::from(lunar.month);
    let (a11, b11) = if month < 11 {
        (
            astro::month_11_start(lunar.year - 1, tz),
            astro::month_11_start(lunar.year, tz),
        )
    } else {
        (
            astro::month_11_start(lunar.year, tz),
            astro::month_11_start(lunar.year + 1, tz),
        )
    };
    let k = astro::lunation_nearest(a11);
    let mut off = (month - 11).rem_euclid(12);
    if b11 - a11 > 365 {
        let leap_off = astro::leap_month_offset(a11, tz);
        let leap_month = (leap_off - 2).rem_euclid(12);
        if lunar.leap && month != leap_month {
            return Err(missing());
        } else if lunar.leap || off >= leap_off {
            off += 1;
        }
    } else if lunar.leap {
        return Err(missing());
    }
    let month_start = astro::new_moon_day(k + off, tz);
    let next_start = astro::new_moon_day(k + off + 1, tz);
    let day_number = month_start + i64::from(lunar.day) - 1;
    if day_number >= next_start {
        return Err(missing());
    }
    let date = from_jdn(day_number);
    if !in_range(date) {
        return Err(LunarError::OutOfRange(lunar.to_string()));
    }
    Ok(date)
}

/// The last day of the 12th lunar month before `lunar_year`'s Tết: lunar New Year's Eve
/// (Tất niên, 29 or 30 tháng Chạp).
///
/// ```
/// use chrono::NaiveDate;
/// // Tết 2025 was Wednesday 29 January, so New Year's Eve was Tuesday 28 January.
/// assert_eq!(motcua_core::lunar::new_years_eve(2025).unwrap(), NaiveDate::from_ymd_opt(2025, 1, 28).unwrap());
/// ```
pub fn new_years_eve(lunar_year: i32) -> Result<NaiveDate, LunarError> {
    let tet = lunar_to_solar(LunarDate::new(lunar_year, 1, 1, false))?;
    tet.pred_opt()
        .filter(|d| in_range(*d))
        .ok_or_else(|| LunarError::OutOfRange(tet.to_string()))
}

/// The sexagenary (can chi) name of a lunar year, e.g. "Bính Ngọ" for 2026.
///
/// ```
/// use motcua_core::lunar::year_name;
/// assert_eq!(year_name(2026), "Bính Ngọ");
/// assert_eq!(year_name(1985), "Ất Sửu");
/// assert_eq!(year_name(2007), "Đinh Hợi");
/// ```
pub fn year_name(lunar_year: i32) -> String {
    const STEMS: [&str; 10] = [
        "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý",
    ];
    const BRANCHES: [&str; 12] = [
        "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
    ];
    let stem = STEMS[(lunar_year + 6).rem_euclid(10) as usize];
    let branch = BRANCHES[(lunar_year + 8).rem_euclid(12) as usize];
    format!("{stem} {branch}")
}

#[cfg(test)]
mod tests;
