//! The astronomy behind the Vietnamese lunar calendar: new moons and the sun's
//! longitude, after Hồ Ngọc Đức's "Thuật toán tính âm lịch", which follows Jean Meeus,
//! *Astronomical Algorithms* (1998) with the same truncated series (SPEC §4.5).
//!
//! Every trigonometric call goes through the pure-Rust [`libm`] crate rather than the
//! platform's maths library, so that WebAssembly in the browser and the native server
//! produce bit-identical values: a new moon that falls a few seconds from local midnight
//! must land on the same day everywhere.

use std::f64::consts::PI;

/// Julian day number of 1900-01-01 12:00 TT, the epoch of the lunation count `k`.
const EPOCH_1900: f64 = 2_415_021.076_998_695;
/// Mean length of a synodic month, in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;

/// The Julian day (fractional, UT) of the `k`-th new moon after 1900-01-01.
///
/// Meeus ch. 49 with the series truncated as in Hồ Ngọc Đức's published algorithm,
/// including its ΔT approximation; accurate to minutes over 1800–2199.
pub(crate) fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85; // Julian centuries from 1900-01-00.5
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let sin = libm::sin;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * sin((166.56 + 132.87 * t - 0.009_173 * t2) * dr); // mean new moon
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3; // sun's mean anomaly
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3; // moon's mean anomaly
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3; // moon's argument of latitude
    let mut c1 = (0.1734 - 0.000_393 * t) * sin(m * dr) + 0.0021 * sin(2.0 * dr * m);
    c1 = c1 - 0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2.0 * mpr);
    c1 -= 0.0004 * sin(dr * 3.0 * mpr);
    c1 = c1 + 0.0104 * sin(dr * 2.0 * f) - 0.0051 * sin(dr * (m + mpr));
    c1 = c1 - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2.0 * f + m));
    c1 = c1 - 0.0004 * sin(dr * (2.0 * f - m)) - 0.0006 * sin(dr * (2.0 * f + mpr));
    c1 = c1 + 0.0010 * sin(dr * (2.0 * f - mpr)) + 0.0005 * sin(dr * (2.0 * mpr + m));
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The sun's apparent longitude, in radians in `[0, 2π)`, at Julian day `jdn` (UT).
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2_451_545.0) / 36_525.0; // Julian centuries from J2000.0
    let t2 = t * t;
    let dr = PI / 180.0;
    let sin = libm::sin;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2; // mean anomaly
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2; // mean longitude
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * sin(dr * m);
    dl += (0.019_993 - 0.000_101 * t) * sin(dr * 2.0 * m) + 0.000_290 * sin(dr * 3.0 * m);
    let l = (l0 + dl) * dr;
    l - PI * 2.0 * libm::floor(l / (PI * 2.0))
}

/// The sector (0..=11, 30° each) of the sun's longitude at the local midnight that
/// starts day `day_number`, at UTC offset `tz_hours`. Sector 9 starts at the winter
/// solstice (270°), the major solar term that must fall in lunar month 11.
pub(crate) fn sun_sector(day_number: i64, tz_hours: f64) -> i64 {
    libm::floor(sun_longitude(day_number as f64 - 0.5 - tz_hours / 24.0) / PI * 6.0) as i64
}

/// The local day number (JDN) on which the `k`-th new moon falls.
pub(crate) fn new_moon_day(k: i64, tz_hours: f64) -> i64 {
    libm::floor(new_moon(k) + 0.5 + tz_hours / 24.0) as i64
}

/// The lunation index `k` of the new moon on or before `day_number` (approximately).
pub(crate) fn lunation_before(day_number: i64) -> i64 {
    libm::floor((day_number as f64 - EPOCH_1900) / SYNODIC_MONTH) as i64
}

/// The lunation index nearest to the new moon on `day_number`.
pub(crate) fn lunation_nearest(day_number: i64) -> i64 {
    libm::floor((day_number as f64 - EPOCH_1900) / SYNODIC_MONTH + 0.5) as i64
}

/// The day number on which lunar month 11 (the month containing the winter solstice)
/// begins, for the solstice of Gregorian year `year`.
pub(crate) fn month_11_start(year: i32, tz_hours: f64) -> i64 {
    // Day number of 31 December of `year`, minus the epoch day 2415021.
    let off = crate::lunar::julian_day_number(year, 12, 31) - 2_415_021;
    let k = libm::floor(off as f64 / SYNODIC_MONTH) as i64;
    let nm = new_moon_day(k, tz_hours);
    if sun_sector(nm, tz_hours) >= 9 {
        new_moon_day(k - 1, tz_hours)
    } else {
        nm
    }
}

/// In a 13-month year starting at `a11` (month 11), the offset (from month 11) of the
/// first month that contains no major solar term: that month is the leap month.
pub(crate) fn leap_month_offset(a11: i64, tz_hours: f64) -> i64 {
    let k = lunation_nearest(a11);
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i, tz_hours), tz_hours);
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i, tz_hours), tz_hours);
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}
