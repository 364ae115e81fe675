use super::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn spec_4_5_tet_dates_2024_to_2028() {
    for (year, m, d) in [
        (2024, 2, 10),
        (2025, 1, 29),
        (2026, 2, 17),
        (2027, 2, 6),
        (2028, 1, 26),
    ] {
        let tet = ymd(year, m, d);
        assert_eq!(
            solar_to_lunar(tet).unwrap(),
            LunarDate::new(year, 1, 1, false)
        );
        assert_eq!(lunar_to_solar(LunarDate::new(year, 1, 1, false)), Ok(tet));
        assert_eq!(
            solar_to_lunar(tet.pred_opt().unwrap()).unwrap().month,
            12,
            "the day before Tết is in month 12"
        );
    }
}

#[test]
fn spec_4_5_vietnam_differs_from_china_in_1985_and_2007() {
    // UTC+7: Tết 21 Jan 1985 and 17 Feb 2007; the Chinese calendar (UTC+8) has
    // 20 Feb 1985 and 18 Feb 2007.
    assert_eq!(
        solar_to_lunar(ymd(1985, 1, 21)).unwrap(),
        LunarDate::new(1985, 1, 1, false)
    );
    assert_eq!(
        solar_to_lunar(ymd(2007, 2, 17)).unwrap(),
        LunarDate::new(2007, 1, 1, false)
    );
    // 20 Feb 1985, China's Tết, is the first day of the 2nd month in Vietnam.
    assert_eq!(
        solar_to_lunar(ymd(1985, 2, 20)).unwrap(),
        LunarDate::new(1985, 2, 1, false)
    );
    assert_eq!(solar_to_lunar(ymd(2007, 2, 18)).unwrap().day, 2);
}

#[test]
fn spec_4_5_known_leap_months() {
    // Leap months of the Vietnamese calendar as printed in Vietnamese almanacs.
    for (year, month) in [
        (2001, 4),
        (2004, 2),
        (2006, 7),
        (2009, 5),
        (2012, 4),
        (2014, 9),
        (2017, 6),
        (2020, 4),
        (2023, 2),
        (2025, 6),
        (2028, 5),
        (2031, 3),
        (2033, 11),
    ] {
        let leap = LunarDate::new(year, month, 1, true);
        let start = lunar_to_solar(leap).unwrap_or_else(|e| panic!("{leap}: {e}"));
        assert_eq!(solar_to_lunar(start).unwrap(), leap);
        for other in (1..=12).filter(|m| *m != month) {
            assert!(lunar_to_solar(LunarDate::new(year, other, 1, true)).is_err());
        }
    }
}

#[test]
fn spec_4_5_gio_to_hung_vuong_dates() {
    // 10th day of the 3rd lunar month (SPEC §4.2, §4.3 example: Sun 26 Apr 2026).
    for (year, m, d) in [(2024, 4, 18), (2025, 4, 7), (2026, 4, 26)] {
        assert_eq!(
            lunar_to_solar(LunarDate::new(year, 3, 10, false)),
            Ok(ymd(year, m, d))
        );
    }
}

#[test]
fn spec_4_5_every_day_1900_to_2199_round_trips_and_months_are_lunar() {
    let mut date = ymd(FIRST_YEAR, 1, 1);
    let end = ymd(LAST_YEAR, 12, 31);
    let mut prev = solar_to_lunar(date).unwrap();
    let mut month_len = 0;
    let mut months_in_year = 0;
    while date <= end {
        let lunar = solar_to_lunar(date).unwrap();
        assert_eq!(lunar_to_solar(lunar), Ok(date), "{date} -> {lunar}");
        if lunar.day == 1 && date > ymd(FIRST_YEAR, 1, 1) {
            assert!(
                (29..=30).contains(&prev.day),
                "a month has 29 or 30 days: {prev}"
            );
            if lunar.month == 1 && !lunar.leap {
                assert_eq!(lunar.year, prev.year + 1, "Tết changes the year at {date}");
                if months_in_year > 0 {
                    assert!(
                        (12..=13).contains(&months_in_year),
                        "year {} has {months_in_year} months",
                        prev.year
                    );
                }
                months_in_year = 0;
            }
            months_in_year += 1;
            month_len = 0;
        } else if date > ymd(FIRST_YEAR, 1, 1) {
            assert_eq!(lunar.day, prev.day + 1, "{date}");
            assert_eq!((lunar.month, lunar.leap), (prev.month, prev.leap));
        }
        month_len += 1;
        assert!(month_len <= 30);
        prev = lunar;
        date = date.succ_opt().unwrap();
    }
}

#[test]
fn out_of_range_and_impossible_dates_are_refused() {
    assert!(matches!(
        solar_to_lunar(ymd(1899, 12, 31)),
        Err(LunarError::OutOfRange(_))
    ));
    assert!(matches!(
        lunar_to_solar(LunarDate::new(2026, 13, 1, false)),
        Err(LunarError::NoSuchDate(_))
    ));
    // Month 12 of lunar year 2025 (Jan–Feb 2026) has 29 days: 16 Feb 2026 is its last day.
    assert_eq!(
        solar_to_lunar(ymd(2026, 2, 16)).unwrap(),
        LunarDate::new(2025, 12, 29, false)
    );
    assert!(lunar_to_solar(LunarDate::new(2025, 12, 30, false)).is_err());
    for bad in ["2030-1-", "30-01-01", "2030/01/01", "2030-01-01X", ""] {
        assert!(bad.parse::<LunarDate>().is_err(), "{bad}");
    }
    assert_eq!(
        "2030-01-01".parse::<LunarDate>(),
        Ok(LunarDate::new(2030, 1, 1, false))
    );
}
