//! Deadline rules, each test named after the SPEC rule it checks.

use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;

use super::*;
use crate::calendar::{Calendar, ExceptionSet, WorkWeek};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S"))
        .unwrap()
}

fn limit(s: &str) -> TimeLimit {
    s.parse().unwrap()
}

fn cutoff(s: &str) -> TimeLimit {
    let l = limit(s);
    TimeLimit::new(l.unit(), l.n(), true).unwrap()
}

thread_local! {
    static CAL: Calendar = Calendar::vietnam();
}

/// Runs `f` with the national calendar and default office hours.
fn with<R>(f: impl FnOnce(&Schedule<'_>) -> R) -> R {
    CAL.with(|cal| {
        let hours = OfficeHours::default();
        f(&Schedule::new(cal, &hours))
    })
}

fn due(received: &str, l: TimeLimit) -> NaiveDateTime {
    with(|s| s.deadline(at(received), &l).unwrap().due.unwrap())
}

#[test]
fn spec_4_6_worked_example_five_working_days_over_culture_day() {
    assert_eq!(
        due("2026-11-20 16:30", limit("05 ngày làm việc")),
        at("2026-11-30 16:30")
    );
}

#[test]
fn spec_4_6_worked_example_four_working_hours_over_the_weekend() {
    assert_eq!(
        due("2026-11-20 16:30", limit("04 giờ làm việc")),
        at("2026-11-23 10:30")
    );
}

#[test]
fn spec_4_6_2_clock_starts_at_the_next_opening() {
    let start = |r: &str| with(|s| s.clock_start(at(r), false).unwrap());
    assert_eq!(start("2026-11-25 06:59"), at("2026-11-25 07:00"));
    assert_eq!(start("2026-11-25 07:00"), at("2026-11-25 07:00"));
    assert_eq!(start("2026-11-25 11:29"), at("2026-11-25 11:29"));
    assert_eq!(start("2026-11-25 11:30"), at("2026-11-25 13:30")); // lunch
    assert_eq!(start("2026-11-25 17:00"), at("2026-11-26 07:00")); // closed
    assert_eq!(start("2026-11-21 10:00"), at("2026-11-23 07:00")); // Saturday
    assert_eq!(start("2026-11-24 10:00"), at("2026-11-25 07:00")); // Culture Day
    assert_eq!(start("2026-08-22 10:00"), at("2026-08-22 10:00")); // make-up Saturday
}

#[test]
fn spec_4_6_3_cutoff_is_strictly_after_15h_on_a_working_day() {
    let start = |r: &str| with(|s| s.clock_start(at(r), true).unwrap());
    assert_eq!(start("2026-11-25 15:00"), at("2026-11-25 15:00"));
    assert_eq!(start("2026-11-25 15:00:01"), at("2026-11-26 07:00"));
    assert_eq!(start("2026-11-27 16:00"), at("2026-11-30 07:00")); // Fri → Mon
    assert_eq!(start("2026-11-21 16:00"), at("2026-11-23 07:00")); // Saturday: next opening
                                                                   // Same day with the cut-off: a civil-status dossier at 15:30 is due the next day.
    assert_eq!(
        due("2026-11-25 15:30", cutoff("Trong ngày")),
        at("2026-11-26 17:00")
    );
    assert_eq!(
        due("2026-11-25 14:59", cutoff("Trong ngày")),
        at("2026-11-25 17:00")
    );
}

#[test]
fn spec_4_6_4_same_day_closes_the_start_day() {
    assert_eq!(
        due("2026-11-25 10:00", limit("Trong ngày")),
        at("2026-11-25 17:00")
    );
    assert_eq!(
        due("2026-11-25 16:59", limit("Trong ngày")),
        at("2026-11-25 17:00")
    );
    assert_eq!(
        due("2026-11-25 17:00", limit("Trong ngày")),
        at("2026-11-26 17:00")
    );
}

#[test]
fn spec_4_6_4_working_days_keep_the_clock_time() {
    // Received on Saturday: starts Mon 07:00, so due at 07:00.
    assert_eq!(
        due("2026-11-21 10:00", limit("01 ngày làm việc")),
        at("2026-11-25 07:00")
    );
    // 10 working days across Tết 2026 (16–20 Feb off).
    assert_eq!(
        due("2026-02-12 09:15", limit("10 ngày làm việc")),
        at("2026-03-05 09:15")
    );
    // Across New Year and the swap of Fri 2 Jan 2026: Mon 5, Tue 6, Wed 7.
    assert_eq!(
        due("2025-12-31 08:00", limit("03 ngày làm việc")),
        at("2026-01-07 08:00")
    );
    // The make-up Saturday 10 Jan 2026 counts: Fri 9 + 1 = Sat 10.
    assert_eq!(
        due("2026-01-08 08:00", limit("02 ngày làm việc")),
        at("2026-01-10 08:00")
    );
}

#[test]
fn spec_4_6_4_working_days_onto_a_short_day_move_to_the_next_opening() {
    // A unit open Saturday mornings: Fri 16:30 + 1 working day is Saturday 16:30,
    // outside its hours, so the next opening (Monday 07:00).
    let week: WorkWeek = "mon,tue,wed,thu,fri,sat".parse().unwrap();
    let cal = Calendar::build(week, &[ExceptionSet::official()]);
    let hours: OfficeHours = "07:00-11:30,13:30-17:00; sat=07:00-11:30".parse().unwrap();
    let s = Schedule::new(&cal, &hours);
    let d = s
        .deadline(at("2026-11-27 16:30"), &limit("01 ngày làm việc"))
        .unwrap();
    assert_eq!(d.due, Some(at("2026-11-30 07:00")));
    // And 4 working hours from Friday 16:30 end on Saturday 10:30.
    let d = s
        .deadline(at("2026-11-27 16:30"), &limit("04 giờ làm việc"))
        .unwrap();
    assert_eq!(d.due, Some(at("2026-11-28 10:30")));
}

#[test]
fn spec_4_6_4_working_hours_ending_on_a_close_stay_there() {
    assert_eq!(
        due("2026-11-25 07:00", limit("04 giờ làm việc")),
        at("2026-11-25 11:00")
    );
    assert_eq!(
        due("2026-11-25 07:30", limit("04 giờ làm việc")),
        at("2026-11-25 11:30")
    );
    assert_eq!(
        due("2026-11-25 14:00", limit("03 giờ làm việc")),
        at("2026-11-25 17:00")
    );
    // Received at lunch: the clock starts at 13:30, so 4 hours end the next morning.
    assert_eq!(
        due("2026-11-25 13:00", limit("04 giờ làm việc")),
        at("2026-11-26 07:30")
    );
    assert_eq!(
        due("2026-11-25 08:00", limit("08 giờ làm việc")),
        at("2026-11-26 08:00")
    );
    assert_eq!(
        due("2026-11-25 08:00", limit("24 giờ làm việc")),
        at("2026-11-30 08:00")
    );
}

#[test]
fn spec_4_6_4_calendar_days_close_on_the_next_working_day() {
    // Civil Code Art. 147–148: Fri 20 Nov + 15 days = Sat 5 Dec → Mon 7 Dec, 17:00.
    assert_eq!(
        due("2026-11-20 16:30", limit("15 ngày")),
        at("2026-12-07 17:00")
    );
    // Landing on Culture Day (Tue 24 Nov) → Wed 25 Nov.
    assert_eq!(
        due("2026-11-04 09:00", limit("Không quá 20 ngày")),
        at("2026-11-25 17:00")
    );
    // Received on a Saturday: the clock starts Monday 16, so 16 + 10 = 26 Nov.
    assert_eq!(
        due("2026-11-14 09:00", limit("10 ngày")),
        at("2026-11-26 17:00")
    );
    assert_eq!(
        due("2026-11-16 09:00", limit("10 ngày")),
        at("2026-11-26 17:00")
    );
}

#[test]
fn spec_4_6_4_none_has_no_appointment() {
    let d = with(|s| {
        s.deadline(at("2026-11-25 09:00"), &limit("Không quy định"))
            .unwrap()
    });
    assert_eq!((d.start, d.due), (at("2026-11-25 09:00"), None));
}

fn clock(received: &str, l: &str, policy: SupplementPolicy) -> DossierClock {
    with(|s| DossierClock::start(s, at(received), limit(l), policy).unwrap())
}

#[test]
fn spec_4_6_5_pause_moves_the_due_by_the_paused_working_time() {
    let mut c = clock(
        "2026-11-20 16:30",
        "05 ngày làm việc",
        SupplementPolicy::Pause,
    );
    // Paused Wed 25 10:00 → Fri 27 14:00: 5 h + 8 h + 5 h = 18 office hours.
    c.pause(at("2026-11-25 10:00"), PauseReason::Supplement)
        .unwrap();
    with(|s| c.resume(s, at("2026-11-27 14:00"))).unwrap();
    // Mon 30 Nov 16:30 + 18 h: 0.5 h Mon, 8 h Tue, 8 h Wed, 1.5 h Thu → Thu 3 Dec 08:30.
    assert_eq!(c.due(), Some(at("2026-12-03 08:30")));
    // Payment (status 6) pauses the same way, even under `restart`.
    let mut c = clock(
        "2026-11-20 16:30",
        "05 ngày làm việc",
        SupplementPolicy::Restart,
    );
    c.pause(at("2026-11-25 10:00"), PauseReason::Payment)
        .unwrap();
    with(|s| c.resume(s, at("2026-11-26 10:00"))).unwrap();
    assert_eq!(c.due(), Some(at("2026-12-01 16:30")));
}

#[test]
fn spec_4_6_5_restart_recomputes_from_the_supplement() {
    let mut c = clock(
        "2026-11-20 16:30",
        "05 ngày làm việc",
        SupplementPolicy::Restart,
    );
    c.pause(at("2026-11-25 10:00"), PauseReason::Supplement)
        .unwrap();
    with(|s| c.resume(s, at("2026-11-27 14:00"))).unwrap();
    assert_eq!(c.started(), at("2026-11-27 14:00"));
    assert_eq!(c.due(), Some(at("2026-12-04 14:00")));
}

#[test]
fn spec_4_6_5_pause_errors() {
    let mut c = clock(
        "2026-11-20 16:30",
        "05 ngày làm việc",
        SupplementPolicy::Pause,
    );
    assert_eq!(
        with(|s| c.resume(s, at("2026-11-25 10:00"))),
        Err(DeadlineError::NotPaused)
    );
    assert!(matches!(
        c.pause(at("2026-11-19 10:00"), PauseReason::Supplement),
        Err(DeadlineError::BeforeStart(_))
    ));
    c.pause(at("2026-11-25 10:00"), PauseReason::Supplement)
        .unwrap();
    assert_eq!(
        c.pause(at("2026-11-25 11:00"), PauseReason::Payment),
        Err(DeadlineError::AlreadyPaused)
    );
    assert!(matches!(
        with(|s| c.resume(s, at("2026-11-24 10:00"))),
        Err(DeadlineError::ResumeBeforePause { .. })
    ));
}

#[test]
fn spec_4_6_6_one_extension_issued_at_least_a_day_before() {
    let mut c = clock(
        "2026-11-20 16:30",
        "05 ngày làm việc",
        SupplementPolicy::Pause,
    );
    // Due Mon 30 Nov: an apology on the due date itself is too late.
    assert!(matches!(
        c.extend(at("2026-11-30 08:00"), at("2026-12-04 16:30")),
        Err(DeadlineError::ExtensionTooLate { .. })
    ));
    assert!(matches!(
        c.extend(at("2026-11-27 08:00"), at("2026-11-30 16:30")),
        Err(DeadlineError::NewDueNotLater { .. })
    ));
    c.extend(at("2026-11-29 20:00"), at("2026-12-04 16:30"))
        .unwrap();
    assert_eq!(c.due(), Some(at("2026-12-04 16:30")));
    assert!(c.extended());
    assert_eq!(
        c.extend(at("2026-12-01 08:00"), at("2026-12-08 16:30")),
        Err(DeadlineError::SecondExtension)
    );
}

#[test]
fn spec_4_6_7_classification_by_date_and_second_supplement() {
    let mut c = clock(
        "2026-11-20 16:30",
        "05 ngày làm việc",
        SupplementPolicy::Pause,
    );
    assert_eq!(c.classify(at("2026-11-27 16:00")), Some(Timeliness::Early));
    assert_eq!(c.classify(at("2026-11-30 07:00")), Some(Timeliness::OnTime));
    assert_eq!(c.classify(at("2026-11-30 17:30")), Some(Timeliness::OnTime));
    assert_eq!(c.classify(at("2026-12-01 07:00")), Some(Timeliness::Late));
    for _ in 0..2 {
        c.pause(at("2026-11-23 08:00"), PauseReason::Supplement)
            .unwrap();
        with(|s| c.resume(s, at("2026-11-23 08:00"))).unwrap();
    }
    assert_eq!(c.supplement_requests(), 2);
    assert_eq!(c.classify(at("2026-11-24 08:00")), Some(Timeliness::Late));
    let none = clock(
        "2026-11-20 16:30",
        "Không quy định",
        SupplementPolicy::Pause,
    );
    assert_eq!(none.classify(at("2030-01-01 08:00")), None);
}

#[test]
fn spec_4_6_remaining_working_time_freezes_while_paused() {
    let mut c = clock(
        "2026-11-20 16:30",
        "05 ngày làm việc",
        SupplementPolicy::Pause,
    );
    let left = |c: &DossierClock, now: &str| with(|s| c.remaining_minutes(s, at(now)).unwrap());
    assert_eq!(left(&c, "2026-11-20 16:30"), Some(5 * 480));
    assert_eq!(left(&c, "2026-11-30 17:00"), Some(-30));
    assert_eq!(left(&c, "2026-12-01 08:00"), Some(-90));
    c.pause(at("2026-11-26 16:30"), PauseReason::Payment)
        .unwrap();
    assert_eq!(left(&c, "2026-12-20 10:00"), Some(2 * 480));
}

#[test]
fn spec_4_6_8_step_budgets_add_up_to_the_limit() {
    let hours = OfficeHours::default();
    let ok = |total: &str, steps: &[&str]| {
        let steps: Vec<TimeLimit> = steps.iter().map(|s| limit(s)).collect();
        check_step_budgets(&limit(total), &steps, &hours).is_ok()
    };
    assert!(ok(
        "05 ngày làm việc",
        &["01 ngày làm việc", "03 ngày làm việc", "01 ngày làm việc"]
    ));
    assert!(ok(
        "01 ngày làm việc",
        &["04 giờ làm việc", "04 giờ làm việc"]
    ));
    assert!(!ok(
        "05 ngày làm việc",
        &["01 ngày làm việc", "03 ngày làm việc"]
    ));
    assert!(!ok("15 ngày", &["15 ngày làm việc"]));
    assert!(ok("15 ngày", &["10 ngày", "05 ngày"]));
    assert!(ok("Trong ngày", &["02 giờ làm việc", "04 giờ làm việc"]));
    assert!(!ok("Trong ngày", &["02 ngày làm việc"]));
    // Steps start from when they receive the dossier (§4.6.8): no cut-off there.
    let step = with(|s| {
        s.due_from(at("2026-11-25 16:00"), &limit("02 giờ làm việc"))
            .unwrap()
    });
    assert_eq!(step, Some(at("2026-11-26 08:00")));
}

#[test]
fn office_hours_text_is_checked() {
    for bad in [
        "",
        "7-11",
        "07:00-06:00",
        "07:00-11:30; sun",
        "07:00-11:30; xyz=07:00-08:00",
        "25:00-26:00",
    ] {
        assert!(bad.parse::<OfficeHours>().is_err(), "{bad}");
    }
    let h: OfficeHours = "07:30-11:30,13:00-16:30".parse().unwrap();
    assert_eq!(h.regular_day_minutes(), 450);
}

// ---- properties ----

fn date_strategy() -> impl Strategy<Value = NaiveDate> {
    // 1901–2189, leaving room for the additions.
    (0i64..(289 * 365))
        .prop_map(|d| NaiveDate::from_ymd_opt(1901, 1, 1).unwrap() + chrono::Duration::days(d))
}

fn instant_strategy() -> impl Strategy<Value = NaiveDateTime> {
    (date_strategy(), 0u32..(24 * 60)).prop_map(|(d, m)| d.and_hms_opt(m / 60, m % 60, 0).unwrap())
}

fn limit_strategy() -> impl Strategy<Value = TimeLimit> {
    prop_oneof![
        (1u32..60).prop_map(|n| TimeLimit::new(TimeUnit::WorkingDays, n, false).unwrap()),
        (1u32..60).prop_map(|n| TimeLimit::new(TimeUnit::WorkingHours, n, false).unwrap()),
        (1u32..60).prop_map(|n| TimeLimit::new(TimeUnit::CalendarDays, n, false).unwrap()),
        Just(TimeLimit::new(TimeUnit::SameDay, 0, false).unwrap()),
        (1u32..60).prop_map(|n| TimeLimit::new(TimeUnit::WorkingDays, n, true).unwrap()),
        Just(TimeLimit::new(TimeUnit::SameDay, 0, true).unwrap()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// SPEC §4.1: adding N working days then counting gives N.
    #[test]
    fn add_then_count_gives_n(d in date_strategy(), n in 0u32..2000) {
        CAL.with(|cal| {
            let end = cal.add_working_days(d, n).unwrap();
            prop_assert_eq!(cal.working_days_between(d, end).unwrap(), i64::from(n));
            if n > 0 { prop_assert!(cal.is_working_day(end).unwrap()); }
            Ok(())
        })?;
    }

    /// SPEC §4.1: later starts and longer limits never give earlier dates.
    #[test]
    fn adding_is_monotonic(d in date_strategy(), gap in 0i64..40, n in 0u32..300, m in 0u32..300) {
        CAL.with(|cal| {
            let later = d + chrono::Duration::days(gap);
            prop_assert!(cal.add_working_days(d, n).unwrap() <= cal.add_working_days(later, n).unwrap());
            let (a, b) = (n.min(m), n.max(m));
            prop_assert!(cal.add_working_days(d, a).unwrap() <= cal.add_working_days(d, b).unwrap());
            Ok(())
        })?;
    }

    /// SPEC §4.6.4: a due instant is always a working instant — inside a session, or
    /// exactly at a session's close — and never before the clock starts.
    #[test]
    fn due_is_a_working_instant(received in instant_strategy(), l in limit_strategy()) {
        with(|s| {
            let d = s.deadline(received, &l).unwrap();
            let due = d.due.unwrap();
            prop_assert!(d.start >= received && due > d.start);
            prop_assert!(s.is_open(d.start).unwrap());
            let at_close = s.sessions_on(due.date()).unwrap().iter().any(|x| x.close() == due.time());
            prop_assert!(s.is_open(due).unwrap() || at_close, "{} due {} for {}", received, due, l);
            Ok(())
        })?;
    }

    /// SPEC §4.6.5: a pause of zero length changes nothing.
    #[test]
    fn zero_length_pause_changes_nothing(received in instant_strategy(), l in limit_strategy(), offset in 0i64..(20 * 24 * 60)) {
        with(|s| {
            let mut c = DossierClock::start(s, received, l, SupplementPolicy::Pause).unwrap();
            let before = c.clone();
            let when = c.started() + chrono::Duration::minutes(offset);
            c.pause(when, PauseReason::Payment).unwrap();
            c.resume(s, when).unwrap();
            prop_assert_eq!(c, before);
            Ok(())
        })?;
    }

    /// Walking M office minutes and measuring back gives M.
    #[test]
    fn minutes_walk_and_measure_agree(start in instant_strategy(), m in 0i64..(30 * 480)) {
        with(|s| {
            let open = s.next_opening(start).unwrap();
            let end = s.add_working_minutes(open, m).unwrap();
            prop_assert_eq!(s.working_minutes_between(open, end).unwrap(), m);
            Ok(())
        })?;
    }
}

#[test]
fn spec_4_6_2_and_4_6_5_a_pause_before_the_clock_starts_counts_from_the_start() {
    // Received Fri 20 Nov 2026 18:00 (after hours): the clock starts Mon 23 07:00
    // (SPEC §4.6.2), 5 working days → Tue 1 Dec 07:00 (Tue 24 Nov is Culture Day).
    let mut c = clock(
        "2026-11-20 18:00",
        "05 ngày làm việc",
        SupplementPolicy::Pause,
    );
    assert_eq!(c.started(), at("2026-11-23 07:00"));
    assert_eq!(c.due(), Some(at("2026-12-01 07:00")));
    // A supplement asked the same evening and answered before Monday: no office time
    // passed, the due stays (SPEC §4.6.5).
    c.pause(at("2026-11-20 18:05"), PauseReason::Supplement)
        .unwrap();
    with(|s| c.resume(s, at("2026-11-21 09:00"))).unwrap();
    assert_eq!(c.due(), Some(at("2026-12-01 07:00")));
    // Asked the same evening, answered Monday 09:00: two office hours paused.
    c.pause(at("2026-11-20 18:10"), PauseReason::Payment)
        .unwrap();
    with(|s| c.resume(s, at("2026-11-23 09:00"))).unwrap();
    assert_eq!(c.due(), Some(at("2026-12-01 09:00")));
    // Before reception is still an error.
    let mut c = clock(
        "2026-11-20 18:00",
        "05 ngày làm việc",
        SupplementPolicy::Pause,
    );
    assert!(matches!(
        c.pause(at("2026-11-20 17:00"), PauseReason::Supplement),
        Err(DeadlineError::BeforeStart(_))
    ));
}
