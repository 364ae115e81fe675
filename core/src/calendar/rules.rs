//! Statutory public holidays and compensatory days, computed from the law of each period
//! (SPEC §4.2–4.3). Official swaps are *data*, not rules: see [`super::exceptions`].

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::{format_date, weekday_name, DayKind, SpecialDay};
use crate::lunar::{lunar_to_solar, new_years_eve, LunarDate};

/// Identifies this rule set inside every calendar version: bump it whenever the
/// computed holidays change, so that stored versions reveal which rules they used.
pub(crate) const RULES_VERSION: &str = "vn-holidays/2026-11 (LC 1994, 2012, 2019; NQ 80-NQ/TW)";

/// A holiday before compensation.
struct Holiday {
    date: NaiveDate,
    name: String,
    /// Tết days follow the "Saturday → before, Sunday → after" practice since 2014.
    tet: bool,
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("fixed holiday date exists")
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Statutory holidays of Gregorian `year` (SPEC §4.2). Years before 1995 use the 1995
/// set [D]: the SPEC starts with the Labour Code 1994, and no deadline of this system is
/// ever computed in those years.
fn statutory(year: i32) -> Vec<Holiday> {
    let mut days = vec![Holiday {
        date: ymd(year, 1, 1),
        name: "Tết Dương lịch".into(),
        tet: false,
    }];

    // Tết Nguyên đán: lunar New Year's Eve and days 1–3 (to 2012) or 1–4 (since 2013).
    let tet_days = if year >= 2013 { 4 } else { 3 };
    if let (Ok(eve), Ok(first)) = (
        new_years_eve(year),
        lunar_to_solar(LunarDate::new(year, 1, 1, false)),
    ) {
        // 29 or 30 tháng Chạp: the name people use for the day.
        let last_day_of_12th = crate::lunar::solar_to_lunar(eve).map_or(30, |l| l.day);
        days.push(Holiday {
            date: eve,
            name: format!("Tết Nguyên đán ({last_day_of_12th} tháng Chạp)"),
            tet: true,
        });
        for i in 0..tet_days {
            days.push(Holiday {
                date: first + Duration::days(i),
                name: format!("Tết Nguyên đán (mùng {} tháng Giêng)", i + 1),
                tet: true,
            });
        }
    }

    if year >= 2007 {
        if let Ok(date) = lunar_to_solar(LunarDate::new(year, 3, 10, false)) {
            days.push(Holiday {
                date,
                name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)".into(),
                tet: false,
            });
        }
    }

    days.push(Holiday {
        date: ymd(year, 4, 30),
        name: "Ngày Chiến thắng (30/4)".into(),
        tet: false,
    });
    days.push(Holiday {
        date: ymd(year, 5, 1),
        name: "Ngày Quốc tế Lao động (1/5)".into(),
        tet: false,
    });

    let national_day = ymd(year, 9, 2);
    days.push(Holiday {
        date: national_day,
        name: "Quốc khánh (2/9)".into(),
        tet: false,
    });
    if year >= 2021 {
        // Labour Code 2019 Art. 112: 2 Sep and one adjacent day; in practice 1 Sep when
        // 2 Sep is Tue, Wed, Fri or Sat, 3 Sep when it is Mon, Thu or Sun (SPEC §4.2).
        let adjacent = match national_day.weekday() {
            Weekday::Mon | Weekday::Thu | Weekday::Sun => ymd(year, 9, 3),
            _ => ymd(year, 9, 1),
        };
        days.push(Holiday {
            date: adjacent,
            name: "Quốc khánh (ngày liền kề)".into(),
            tet: false,
        });
    }

    if year >= 2026 {
        days.push(Holiday {
            date: ymd(year, 11, 24),
            name: "Ngày Văn hóa Việt Nam (24/11)".into(),
            tet: false,
        });
    }
    days.sort_by_key(|h| h.date);
    days
}

/// The holidays and compensatory days of `year` under the national rules, on the
/// Monday–Friday week (SPEC §4.1–4.3), in date order.
pub(crate) fn national_days(year: i32) -> Vec<SpecialDay> {
    let holidays = statutory(year);
    let statute = match year {
        ..=2012 => "Bộ luật Lao động 1994, Điều 73 (sửa đổi 2007)",
        2013..=2020 => "Bộ luật Lao động 2012, Điều 115",
        _ => "Bộ luật Lao động 2019, Điều 112",
    };
    let mut taken: Vec<NaiveDate> = holidays.iter().map(|h| h.date).collect();
    let mut out: Vec<SpecialDay> = holidays
        .iter()
        .map(|h| SpecialDay {
            date: h.date,
            working: false,
            name: h.name.clone(),
            kind: DayKind::Holiday,
            source: Some(if h.date.month() == 11 && h.date.day() == 24 {
                "Nghị quyết 80-NQ/TW; Nghị quyết của Quốc hội năm 2026 về Ngày Văn hóa Việt Nam"
                    .into()
            } else {
                statute.into()
            }),
        })
        .collect();

    let free = |d: NaiveDate, taken: &[NaiveDate]| !is_weekend(d) && !taken.contains(&d);
    for h in holidays.iter().filter(|h| is_weekend(h.date)) {
        // Labour Code 2019 Art. 111(3) and predecessors: the next working day off.
        // Tết since 2014 (annual decisions): a Saturday Tết day moves to the preceding
        // working day, a Sunday Tết day to the following one (SPEC §4.3).
        let backwards = h.tet && year >= 2014 && h.date.weekday() == Weekday::Sat;
        let step = Duration::days(if backwards { -1 } else { 1 });
        let mut day = h.date + step;
        while !free(day, &taken) {
            day += step;
        }
        taken.push(day);
        let what = h.name.split(" (").next().unwrap_or(&h.name);
        out.push(SpecialDay {
            date: day,
            working: false,
            name: format!(
                "Nghỉ bù {what} ({} {} là ngày nghỉ hằng tuần)",
                weekday_name(h.date),
                format_date(h.date)
            ),
            kind: DayKind::Compensatory,
            source: Some(if h.tet && year >= 2014 {
                "Quyết định/thông báo nghỉ Tết hằng năm của Thủ tướng Chính phủ (SPEC §4.3)".into()
            } else {
                "Nghỉ bù ngày lễ trùng ngày nghỉ hằng tuần (Bộ luật Lao động 2019, Điều 111 khoản 3 và các bộ luật trước)".into()
            }),
        });
    }
    out.sort_by_key(|d| d.date);
    out
}
