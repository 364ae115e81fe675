use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The special days of a year as (date, working, kind) triples.
fn listing(cal: &Calendar, year: i32) -> Vec<(String, bool, &'static str)> {
    cal.special_days(year)
        .unwrap()
        .into_iter()
        .map(|s| (s.date.to_string(), s.working, s.kind.as_str()))
        .collect()
}

fn expect(rows: &[(&str, bool, &'static str)]) -> Vec<(String, bool, &'static str)> {
    rows.iter()
        .map(|(a, w, k)| (a.to_string(), *w, *k))
        .collect()
}

#[test]
fn spec_4_4_official_schedule_2024() {
    // Tết 10 Feb (Sat): Eve Fri 9, Sat 10 → Thu 8, Sun 11 → Wed 14 (SPEC §4.3);
    // swap Mon 29 Apr / Sat 4 May (VPCP 2450/VPCP-KGVX); 2 Sep Mon → 3 Sep (SPEC §4.2).
    assert_eq!(
        listing(&Calendar::vietnam(), 2024),
        expect(&[
            ("2024-01-01", false, "holiday"),
            ("2024-02-08", false, "compensatory"),
            ("2024-02-09", false, "holiday"),
            ("2024-02-10", false, "holiday"),
            ("2024-02-11", false, "holiday"),
            ("2024-02-12", false, "holiday"),
            ("2024-02-13", false, "holiday"),
            ("2024-02-14", false, "compensatory"),
            ("2024-04-18", false, "holiday"),
            ("2024-04-29", false, "swap_off"),
            ("2024-04-30", false, "holiday"),
            ("2024-05-01", false, "holiday"),
            ("2024-05-04", true, "makeup_workday"),
            ("2024-09-02", false, "holiday"),
            ("2024-09-03", false, "holiday"),
        ])
    );
}

#[test]
fn spec_4_4_official_schedule_2025() {
    // Tết 29 Jan: Eve Tue 28 (29 tháng Chạp), Sat 1 Feb → Mon 27 Jan (SPEC §4.3);
    // swap Fri 2 May / Sat 26 Apr (TB 6150/TB-BLĐTBXH); 2 Sep Tue → 1 Sep (SPEC §4.2).
    assert_eq!(
        listing(&Calendar::vietnam(), 2025),
        expect(&[
            ("2025-01-01", false, "holiday"),
            ("2025-01-27", false, "compensatory"),
            ("2025-01-28", false, "holiday"),
            ("2025-01-29", false, "holiday"),
            ("2025-01-30", false, "holiday"),
            ("2025-01-31", false, "holiday"),
            ("2025-02-01", false, "holiday"),
            ("2025-04-07", false, "holiday"),
            ("2025-04-26", true, "makeup_workday"),
            ("2025-04-30", false, "holiday"),
            ("2025-05-01", false, "holiday"),
            ("2025-05-02", false, "swap_off"),
            ("2025-09-01", false, "holiday"),
            ("2025-09-02", false, "holiday"),
        ])
    );
}

#[test]
fn spec_4_4_official_schedule_2026() {
    // Swap Fri 2 Jan / Sat 10 Jan (VPCP 12729/VPCP-KGVX); Tết 17 Feb with Eve Mon 16;
    // Giỗ Tổ Sun 26 Apr → Mon 27 Apr (SPEC §4.3 example); swap Mon 31 Aug / Sat 22 Aug;
    // 2 Sep Wed → 1 Sep; Culture Day Tue 24 Nov (SPEC §4.2, 2026–).
    assert_eq!(
        listing(&Calendar::vietnam(), 2026),
        expect(&[
            ("2026-01-01", false, "holiday"),
            ("2026-01-02", false, "swap_off"),
            ("2026-01-10", true, "makeup_workday"),
            ("2026-02-16", false, "holiday"),
            ("2026-02-17", false, "holiday"),
            ("2026-02-18", false, "holiday"),
            ("2026-02-19", false, "holiday"),
            ("2026-02-20", false, "holiday"),
            ("2026-04-26", false, "holiday"),
            ("2026-04-27", false, "compensatory"),
            ("2026-04-30", false, "holiday"),
            ("2026-05-01", false, "holiday"),
            ("2026-08-22", true, "makeup_workday"),
            ("2026-08-31", false, "swap_off"),
            ("2026-09-01", false, "holiday"),
            ("2026-09-02", false, "holiday"),
            ("2026-11-24", false, "holiday"),
        ])
    );
}

/// Working status of every day in `[from, to]` as a string of 1/0.
fn pattern(cal: &Calendar, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut day = d(from);
    while day <= d(to) {
        out.push(if cal.is_working_day(day).unwrap() {
            '1'
        } else {
            '0'
        });
        day = day.succ_opt().unwrap();
    }
    out
}

#[test]
fn spec_4_3_tet_since_2014_saturday_before_sunday_after() {
    let cal = Calendar::vietnam();
    // 2023: Eve Sat 21 Jan → Fri 20; Sun 22 → Thu 26: off Fri 20 – Thu 26, back Fri 27.
    assert_eq!(pattern(&cal, "2023-01-19", "2023-01-27"), "100000001");
    // 2020: Sat 25 → Thu 23, Sun 26 → Wed 29: off 23–29 Jan.
    assert_eq!(pattern(&cal, "2020-01-22", "2020-01-30"), "100000001");
    // 2016: Eve Sun 7 Feb → Fri 12 Feb (the following working day after Tết).
    assert_eq!(pattern(&cal, "2016-02-05", "2016-02-15"), "10000000001");
    // 2015: Sat 21 → Tue 17, Sun 22 → Mon 23, swap Mon 16 / Sat 14 worked.
    assert_eq!(pattern(&cal, "2015-02-13", "2015-02-24"), "110000000001");
}

#[test]
fn spec_4_3_before_2014_weekend_tet_days_give_the_next_working_days() {
    let cal = Calendar::vietnam();
    // 2013 (5 days since 2013): Eve Sat 9 Feb, Sun 10 → Thu 14, Fri 15.
    assert_eq!(pattern(&cal, "2013-02-08", "2013-02-18"), "10000000001");
    // 2010 (4 days): Eve Sat 13, Sun 14 → Wed 17, Thu 18; swap Fri 19 / Sat 27.
    assert_eq!(pattern(&cal, "2010-02-12", "2010-02-22"), "10000000001");
    assert!(cal.is_working_day(d("2010-02-27")).unwrap());
    // 2006 (1995–2006: 4 days, no Giỗ Tổ): Tết Sun 29 Jan: Eve Sat 28 → Wed 1 Feb.
    assert_eq!(pattern(&cal, "2006-01-27", "2006-02-03"), "10000001");
}

#[test]
fn spec_4_2_gio_to_only_from_2007() {
    let cal = Calendar::vietnam();
    // 10/3 âm lịch: Tue 25 Apr 2006 (not a holiday), Thu 26 Apr 2007 (holiday).
    assert!(cal.is_working_day(d("2006-04-25")).unwrap());
    assert!(!cal.is_working_day(d("2007-04-26")).unwrap());
}

#[test]
fn spec_4_2_national_day_adjacent_day_from_2021() {
    let cal = Calendar::vietnam();
    // 2020: 2 Sep Wed only.
    assert_eq!(pattern(&cal, "2020-09-01", "2020-09-03"), "101");
    // 2021: Thu → Fri 3 Sep; 2022: Fri → Thu 1 Sep.
    assert_eq!(pattern(&cal, "2021-09-01", "2021-09-06"), "100001");
    assert_eq!(pattern(&cal, "2022-08-31", "2022-09-05"), "100001");
    // 2023: Sat → Fri 1 Sep, and Mon 4 Sep in compensation (SPEC §4.3).
    assert_eq!(pattern(&cal, "2023-08-31", "2023-09-05"), "100001");
    // 2029: Sun → Mon 3 Sep, and Tue 4 Sep in compensation.
    assert_eq!(pattern(&cal, "2029-08-31", "2029-09-05"), "100001");
}

#[test]
fn spec_4_2_culture_day_from_2026_with_compensation() {
    let cal = Calendar::vietnam();
    assert!(cal.is_working_day(d("2025-11-24")).unwrap());
    assert!(!cal.is_working_day(d("2026-11-24")).unwrap());
    // 2029: Sat 24 Nov → Mon 26 Nov off.
    assert!(!cal.is_working_day(d("2029-11-26")).unwrap());
    assert!(cal.is_working_day(d("2029-11-27")).unwrap());
}

#[test]
fn spec_4_3_clustered_holidays_push_compensation_past_each_other() {
    let cal = Calendar::vietnam();
    // 2016 and 2022: 30 Apr Sat, 1 May Sun → Mon 2 and Tue 3 May.
    assert_eq!(pattern(&cal, "2016-04-29", "2016-05-04"), "100001");
    assert_eq!(pattern(&cal, "2022-04-29", "2022-05-04"), "100001");
    // 2017: 30 Apr Sun, 1 May Mon → Tue 2 May.
    assert_eq!(pattern(&cal, "2017-04-28", "2017-05-03"), "100001");
    // 2017: 1 Jan Sun → Mon 2 Jan.
    assert_eq!(pattern(&cal, "2017-01-02", "2017-01-03"), "01");
}

#[test]
fn spec_4_1_plain_weeks_and_range() {
    let cal = Calendar::vietnam();
    assert_eq!(pattern(&cal, "2026-10-05", "2026-10-11"), "1111100");
    assert!(cal.is_working_day(d("1899-12-31")).is_err());
    assert!(cal.is_working_day(d("2200-01-01")).is_err());
    assert!(cal.is_working_day(d("2199-12-31")).is_ok());
    assert!(cal.add_working_days(d("2199-12-30"), 10).is_err());
    assert!(cal.special_days(2200).is_err());
}

#[test]
fn spec_4_4_a_deployment_adds_a_notice_and_the_version_changes() {
    let notice = ExceptionSet::from_json(
        r#"{"name":"Thông báo 2027","exceptions":[
            {"date":"2027-04-30","kind":"swap_off","name":"x","source":"TB 1/TB-BNV"},
            {"date":"2027-04-24","kind":"makeup_workday","name":"y","source":"TB 1/TB-BNV"}]}"#,
    );
    // 30 Apr 2027 is already a holiday: the swap is still accepted (data wins), but a
    // swap_off on a Saturday is refused.
    let notice = notice.unwrap();
    let with = Calendar::build(WorkWeek::default(), &[ExceptionSet::official(), notice]);
    let without = Calendar::vietnam();
    assert!(with.is_working_day(d("2027-04-24")).unwrap());
    assert!(!without.is_working_day(d("2027-04-24")).unwrap());
    assert_ne!(with.version(), without.version());
    let bad = ExceptionSet::from_json(
        r#"{"name":"x","exceptions":[{"date":"2027-04-24","kind":"swap_off","name":"x","source":"y"}]}"#,
    );
    assert!(matches!(bad, Err(CalendarError::InvalidException { .. })));
    let unsourced = ExceptionSet::from_json(
        r#"{"name":"x","exceptions":[{"date":"2027-04-23","kind":"swap_off","name":"x","source":" "}]}"#,
    );
    assert!(unsourced.unwrap_err().to_string().contains("source"));
    assert!(ExceptionSet::from_json("{").is_err());
}

#[test]
fn local_saturday_mornings_keep_holidays_off() {
    let week: WorkWeek = "mon,tue,wed,thu,fri,sat".parse().unwrap();
    let cal = Calendar::build(week, &[ExceptionSet::official()]);
    assert!(cal.is_working_day(d("2026-11-21")).unwrap());
    // Tết Saturday 10 Feb 2024 stays a holiday for a Saturday-working unit.
    assert!(!cal.is_working_day(d("2024-02-10")).unwrap());
}

#[test]
fn spec_4_1_add_and_count_agree_with_a_day_by_day_walk() {
    let cal = Calendar::vietnam();
    let mut start = d("2023-12-01");
    while start < d("2027-02-01") {
        for n in [1u32, 2, 5, 7, 15, 30] {
            let mut day = start;
            let mut left = n;
            while left > 0 {
                day = day.succ_opt().unwrap();
                if cal.is_working_day(day).unwrap() {
                    left -= 1;
                }
            }
            assert_eq!(
                cal.add_working_days(start, n).unwrap(),
                day,
                "{start} + {n}"
            );
            assert_eq!(cal.working_days_between(start, day).unwrap(), i64::from(n));
        }
        start = start.succ_opt().unwrap();
    }
}

#[test]
fn spec_4_3_2023_gio_to_on_saturday_and_30_april_on_sunday() {
    // Giỗ Tổ Sat 29 Apr, 30 Apr Sun, 1 May Mon → Tue 2 and Wed 3 May off
    // (the published 2023 schedule: 29/4–3/5).
    let cal = Calendar::vietnam();
    assert_eq!(pattern(&cal, "2023-04-28", "2023-05-04"), "1000001");
}

#[test]
fn spec_4_4_2015_swaps_join_gio_to_and_30_april() {
    // Giỗ Tổ Tue 28 Apr; swap Wed 29 Apr off / Sat 25 Apr worked: off 28 Apr – 3 May.
    let cal = Calendar::vietnam();
    assert_eq!(pattern(&cal, "2015-04-25", "2015-05-04"), "1010000001");
}
