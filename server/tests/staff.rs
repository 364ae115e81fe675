//! The staff side's rules against a real database (a fresh SQLite file and a fresh
//! PostgreSQL database each), through the server's own services with an injected clock
//! (issue 5): the permission matrix, every illegal transition refused with nothing
//! changed, the two-officer race, the full processing life with its hand-over trail
//! (form 06), the apology rules, late completion, and the deadline warnings.

mod common;

use std::sync::Arc;

use chrono::NaiveDateTime;
use common::staff_site::*;
use common::Backend;
use motcua_app::services::StaffProfile;
use motcua_core::dossier::DossierStatus;
use motcua_core::workflow::{available, Action, Actor, StaffRole, WorkflowError};
use motcua_server::processing::{act, load, ActError, Command, ReturnMethod};
use motcua_server::staff::accounts::{acting, create, NewStaff};
use sqlx::Row;

macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[test]
            fn sqlite() {
                super::block_on(super::$scenario(super::Backend::Sqlite));
            }

            #[test]
            fn postgres() {
                super::block_on(super::$scenario(super::Backend::Postgres));
            }
        }
    )*};
}

on_both_backends!(
    every_role_of_another_unit_is_refused,
    illegal_transitions_are_refused_and_change_nothing,
    two_officers_at_once_one_wins,
    full_life_with_transfer_apology_and_trail,
    late_completion_needs_an_apology_or_a_heads_reason,
    deadline_warnings_with_an_injected_clock,
);

// ---------------------------------------------------------------------------------------

/// Issue 5 "a staff member sees and acts only on dossiers that their unit received,
/// processes or co-ordinates": every role, from units that have nothing to do with a
/// commune's dossier, is refused every action, and nothing is written.
async fn every_role_of_another_unit_is_refused(backend: Backend) {
    let site = Site::start(backend, "matrix").await;
    let now = at("2026-11-02 09:00");
    let desk = site.staff("anbinh.motcua").await;
    let id = site.paper(&desk, RESIDENCE, now).await;
    let before = site.row_version(&id).await;
    let audit_before = site
        .count("SELECT COUNT(*) FROM audit_log WHERE subject_id = $1", &id)
        .await;
    let outsiders = [
        "quantri",          // system administrator, H15
        "ttpvhcc.motcua",   // one-stop officer, H15.01
        "stp.quantri",      // agency administrator, H15.10
        "stp.lanhdaophong", // head of division, H15.10
        "stp.chuyenvien",   // specialist, H15.10
        "stp.giamdoc",      // head of agency, H15.10
        "hoaphu.motcua",    // one-stop officer of another commune
    ];
    let mut roles = std::collections::BTreeSet::new();
    let mut refused = 0;
    for name in outsiders {
        let who = site.staff(name).await;
        roles.insert(who.role);
        for &action in Action::ALL {
            let got = site
                .run(&who, &id, command_for(action, "anbinh.chuyenvien"), now)
                .await;
            assert!(
                matches!(got, Err(ActError::Refused(WorkflowError::NotYourUnit(_)))),
                "{name} {action:?}: {got:?}"
            );
            refused += 1;
        }
    }
    assert_eq!(roles.len(), StaffRole::ALL.len(), "every role is tried");
    assert_eq!(refused, outsiders.len() * Action::ALL.len());
    assert_eq!(site.row_version(&id).await, before);
    let audit_after = site
        .count("SELECT COUNT(*) FROM audit_log WHERE subject_id = $1", &id)
        .await;
    assert_eq!(audit_after, audit_before);
}

/// Issue 5 "The dossier state machine … the server refuses anything else with a clear
/// error": in each state of a life, every action the core does not allow for a person
/// of the commune is refused by the server, and leaves the dossier as it was.
async fn illegal_transitions_are_refused_and_change_nothing(backend: Backend) {
    let site = Site::start(backend, "illegal").await;
    let mut now = at("2026-11-02 09:00");
    let names = [
        "anbinh.motcua",
        "anbinh.lanhdaophong",
        "anbinh.chuyenvien",
        "anbinh.chutich",
    ];
    let mut people = Vec::new();
    for n in names {
        people.push(site.staff(n).await);
    }
    let id = site.paper(&people[0], RESIDENCE, now).await;
    // The life: (who, action) moves that are allowed.
    let life = [
        (0, Action::SendToProcessing),
        (1, Action::Assign),
        (2, Action::Forward),
        (3, Action::Decide),
        (0, Action::Return),
    ];
    let mut refused = 0;
    for (who, step) in life {
        let d = load(&site.pool, &id).await.unwrap().unwrap();
        for p in &people {
            let actor = Actor::Staff {
                role: p.role,
                units: d.units_of(&p.unit_code),
            };
            let allowed = available(&d.route(), &d.state, actor);
            for &action in Action::ALL {
                if allowed.contains(&action) {
                    continue;
                }
                let before = site.row_version(&id).await;
                let got = site
                    .run(p, &id, command_for(action, "anbinh.chuyenvien"), now)
                    .await;
                assert!(
                    matches!(got, Err(ActError::Refused(_))),
                    "{} {action:?} in {:?}: {got:?}",
                    p.username,
                    d.state
                );
                assert!(!got.unwrap_err().to_string().is_empty());
                assert_eq!(site.row_version(&id).await, before);
                refused += 1;
            }
        }
        now += chrono::Duration::minutes(30);
        site.run(
            &people[who],
            &id,
            command_for(step, "anbinh.chuyenvien"),
            now,
        )
        .await
        .unwrap_or_else(|e| panic!("{step:?}: {e}"));
    }
    assert!(refused > 250, "{refused}");
    let (_, status) = site.row_version(&id).await;
    assert_eq!(status, i64::from(DossierStatus::Returned.code()));
}

/// Issue 5 "Two officers acting on the same dossier at once: exactly one succeeds, the
/// other sees «Hồ sơ đã được cập nhật bởi người khác»".
async fn two_officers_at_once_one_wins(backend: Backend) {
    let site = Arc::new(Site::start(backend, "race").await);
    let now = at("2026-11-02 09:00");
    let first = site.staff("anbinh.motcua").await;
    let new = NewStaff {
        username: "anbinh.motcua2".into(),
        full_name: "Hà Thị Ngọc".into(),
        unit_code: "H15.50".into(),
        role: StaffRole::OneStopOfficer,
        email: None,
        password: PASSWORD.into(),
    };
    let second = create(&site.pool, &new, None, now.timestamp_millis())
        .await
        .unwrap();
    for round in 0..5 {
        let id = site.paper(&first, RESIDENCE, now).await;
        let (version, _) = site.row_version(&id).await;
        let mut tasks = Vec::new();
        for who in [first.clone(), second.clone()] {
            let site = site.clone();
            let id = id.clone();
            tasks.push(tokio::spawn(async move {
                act(
                    site.env(),
                    &acting(&who),
                    &id,
                    Some(version),
                    Command::SendToProcessing {
                        note: who.full_name.clone(),
                    },
                    now,
                )
                .await
            }));
        }
        let mut wins = 0;
        let mut conflicts = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => wins += 1,
                Err(ActError::Conflict) => conflicts += 1,
                Err(e) => panic!("round {round}: {e:?}"),
            }
        }
        assert_eq!((wins, conflicts), (1, 1), "round {round}");
        let handovers = site
            .count(
                "SELECT COUNT(*) FROM dossier_handovers WHERE dossier_id = $1",
                &id,
            )
            .await;
        assert_eq!(handovers, 2, "reception + one hand-over");
        let audits = site
            .count("SELECT COUNT(*) FROM audit_log WHERE subject_id = $1", &id)
            .await;
        assert_eq!(audits, 2, "receive + one send");
        assert_eq!(site.row_version(&id).await.0, version + 1);
        // A stale form (the loser's version) is refused with the message, nothing changes.
        let stale = act(
            site.env(),
            &acting(&second),
            &id,
            Some(version),
            Command::Stop { reason: "x".into() },
            now,
        )
        .await
        .unwrap_err();
        assert_eq!(stale.to_string(), "Hồ sơ đã được cập nhật bởi người khác");
    }
}

/// The whole processing life of a provincial dossier: the centre's desk receives, the
/// Department of Justice assigns, appraises, asks the provincial police to verify
/// (liên thông) and gets it back, apologises with a new date (form 04), decides; the
/// desk returns it. The hand-over trail (form 06) has each step's result.
async fn full_life_with_transfer_apology_and_trail(backend: Backend) {
    let site = Site::start(backend, "life").await;
    let desk = site.staff("ttpvhcc.motcua").await;
    let head = site.staff("stp.lanhdaophong").await;
    let specialist = site.staff("stp.chuyenvien").await;
    let director = site.staff("stp.giamdoc").await;
    let police = site.staff("ca.chuyenvien").await;
    // Monday 2 Nov 2026 09:00; 10 calendar days → Thu 12 Nov 17:00.
    let id = site
        .paper(&desk, CRIMINAL_RECORD, at("2026-11-02 09:00"))
        .await;
    let d = load(&site.pool, &id).await.unwrap().unwrap();
    assert_eq!(d.processing_unit.as_deref(), Some("H15.10"));
    let due = d.clock.as_ref().unwrap().due().unwrap();
    assert_eq!(due.to_string(), "2026-11-12 17:00:00");

    let steps: Vec<(&StaffProfile, Command, &str)> = vec![
        (
            &desk,
            Command::SendToProcessing {
                note: String::new(),
            },
            "2026-11-02 10:00",
        ),
        (
            &head,
            Command::Assign {
                to: specialist.username.clone(),
                note: "Xử lý".into(),
            },
            "2026-11-03 08:00",
        ),
        (
            &specialist,
            Command::Transfer {
                to_unit: "H15.20".into(),
                note: "Đề nghị xác minh án tích".into(),
            },
            "2026-11-04 09:00",
        ),
        (
            &police,
            Command::ReturnFromTransfer {
                note: "Không có án tích".into(),
            },
            "2026-11-09 15:00",
        ),
        (
            &director,
            Command::Apologize {
                reason: "Chờ kết quả xác minh".into(),
                new_due: NaiveDateTime::parse_from_str("2026-11-16 16:00", "%Y-%m-%d %H:%M")
                    .unwrap(),
            },
            "2026-11-10 09:00",
        ),
        (
            &specialist,
            Command::Forward {
                note: "Dự thảo phiếu".into(),
            },
            "2026-11-13 09:00",
        ),
        (
            &director,
            Command::Decide {
                override_reason: None,
                note: String::new(),
            },
            "2026-11-16 10:00",
        ),
        (
            &desk,
            Command::Return(ReturnMethod::Desk {
                collected_by: "Trần Thị Bích".into(),
            }),
            "2026-11-16 14:00",
        ),
    ];
    for (who, command, when) in steps {
        let action = command.action();
        site.run(who, &id, command, at(when))
            .await
            .unwrap_or_else(|e| panic!("{action:?} by {}: {e}", who.username));
    }
    let d = load(&site.pool, &id).await.unwrap().unwrap();
    assert_eq!(d.state.status, DossierStatus::Returned);
    assert!(d.state.apology);
    assert_eq!(
        d.timeliness.as_deref(),
        Some("on_time"),
        "decided on the new due date"
    );
    assert_eq!(d.return_method.as_deref(), Some("desk"));
    // A second apology is refused, even by the director.
    let trail = motcua_server::processing::trail::rows(&site.pool, &id)
        .await
        .unwrap();
    let summary: Vec<(String, String, Option<&str>)> = trail
        .iter()
        .map(|r| {
            (
                r.step_name.clone(),
                r.to_unit.clone(),
                r.result.map(|t| t.label()),
            )
        })
        .collect();
    // Steps of 1, 1, 7 and 1 calendar days (10 in all). Sent on Mon 2 Nov 10:00, assigned
    // on 3 Nov (due 3 Nov 17:00: on time); the appraisal (due 10 Nov 17:00) went to the
    // police on 4 Nov (early), came back on 9 Nov (early) and was forwarded on 13 Nov
    // (late); approval (due Sat 14 Nov → Mon 16 Nov 17:00) decided on 16 Nov (on time).
    let want: Vec<(String, String, Option<&str>)> = [
        ("Tiếp nhận hồ sơ", "H15.01", None),
        ("Phân công xử lý", "H15.10", Some("đúng hạn")),
        (
            "Thẩm định hồ sơ, dự thảo kết quả",
            "H15.10",
            Some("trước hạn"),
        ),
        ("Liên thông: Công an tỉnh", "H15.20", Some("trước hạn")),
        (
            "Thẩm định hồ sơ, dự thảo kết quả",
            "H15.10",
            Some("quá hạn"),
        ),
        ("Phê duyệt, ký kết quả", "H15.10", Some("đúng hạn")),
        ("Trả kết quả", "H15.01", None),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c))
    .collect();
    assert_eq!(summary, want);
    // The audit log has one entry per action, each with before and after.
    let audits = site
        .count(
            "SELECT COUNT(*) FROM audit_log WHERE subject_id = $1 AND before_state IS NOT NULL \
             AND after_state IS NOT NULL",
            &id,
        )
        .await;
    assert_eq!(audits, 9);
    // The applicant was told: received, apology, result ready, returned (SMS + e-mail).
    let messages = site
        .count("SELECT COUNT(*) FROM outbox WHERE dossier_id = $1", &id)
        .await;
    assert_eq!(messages, 8);
}

/// SPEC §3 / §4.6.6: the apology at least a day before the due date and once; a late
/// completion without it refused unless a head gives a reason (flagged).
async fn late_completion_needs_an_apology_or_a_heads_reason(backend: Backend) {
    let site = Site::start(backend, "late").await;
    let desk = site.staff("anbinh.motcua").await;
    let head = site.staff("anbinh.lanhdaophong").await;
    let specialist = site.staff("anbinh.chuyenvien").await;
    let chair = site.staff("anbinh.chutich").await;
    // Mon 2 Nov 09:00 + 7 working days → Wed 11 Nov 09:00.
    let id = site.paper(&desk, RESIDENCE, at("2026-11-02 09:00")).await;
    for (who, command) in [
        (
            &desk,
            Command::SendToProcessing {
                note: String::new(),
            },
        ),
        (
            &head,
            Command::Assign {
                to: specialist.id.clone(),
                note: String::new(),
            },
        ),
        (
            &specialist,
            Command::Forward {
                note: String::new(),
            },
        ),
    ] {
        site.run(who, &id, command, at("2026-11-03 09:00"))
            .await
            .unwrap();
    }
    let new_due = NaiveDateTime::parse_from_str("2026-11-13 16:00", "%Y-%m-%d %H:%M").unwrap();
    // On the due date itself: too late for an apology.
    let too_late = site
        .run(
            &chair,
            &id,
            Command::Apologize {
                reason: "Quá tải".into(),
                new_due,
            },
            at("2026-11-11 08:00"),
        )
        .await
        .unwrap_err();
    assert!(
        too_late
            .to_string()
            .contains("chậm nhất 01 ngày trước ngày hẹn trả"),
        "{too_late}"
    );
    // After the due date, completing is refused…
    let refused = site
        .run(
            &chair,
            &id,
            Command::Decide {
                override_reason: None,
                note: String::new(),
            },
            at("2026-11-12 09:00"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            ActError::Refused(WorkflowError::LateWithoutApology)
        ),
        "{refused:?}"
    );
    // …unless the head gives a reason: allowed, flagged, classified late.
    site.run(
        &chair,
        &id,
        Command::Decide {
            override_reason: Some("Hồ sơ phải xác minh tại địa phương khác".into()),
            note: String::new(),
        },
        at("2026-11-12 09:00"),
    )
    .await
    .unwrap();
    let d = load(&site.pool, &id).await.unwrap().unwrap();
    assert!(d.flagged);
    assert_eq!(d.timeliness.as_deref(), Some("late"));

    // A second dossier: apology two days ahead works once; the new date must be later.
    let id = site.paper(&desk, RESIDENCE, at("2026-11-02 09:00")).await;
    site.run(
        &desk,
        &id,
        Command::SendToProcessing {
            note: String::new(),
        },
        at("2026-11-02 10:00"),
    )
    .await
    .unwrap();
    let earlier = NaiveDateTime::parse_from_str("2026-11-10 16:00", "%Y-%m-%d %H:%M").unwrap();
    let not_later = site
        .run(
            &chair,
            &id,
            Command::Apologize {
                reason: "x".into(),
                new_due: earlier,
            },
            at("2026-11-09 09:00"),
        )
        .await
        .unwrap_err();
    assert!(
        not_later
            .to_string()
            .starts_with("Ngày hẹn trả mới: phải sau"),
        "{not_later}"
    );
    site.run(
        &chair,
        &id,
        Command::Apologize {
            reason: "Quá tải".into(),
            new_due,
        },
        at("2026-11-09 09:00"),
    )
    .await
    .unwrap();
    let again = site
        .run(
            &chair,
            &id,
            Command::Apologize {
                reason: "Lần hai".into(),
                new_due,
            },
            at("2026-11-09 10:00"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(again, ActError::Refused(WorkflowError::SecondApology)),
        "{again:?}"
    );
    let d = load(&site.pool, &id).await.unwrap().unwrap();
    assert_eq!(
        d.clock.unwrap().due(),
        Some(new_due),
        "the new date is the appointment"
    );
    let due_ms: i64 = sqlx::query("SELECT due_at_ms FROM dossiers WHERE id = $1")
        .bind(&id)
        .fetch_one(&site.pool)
        .await
        .unwrap()
        .try_get("due_at_ms")
        .unwrap();
    assert_eq!(due_ms, at("2026-11-13 16:00").timestamp_millis());
}

/// SPEC §3 "The system warns handlers at due − 2 and due − 1 working days": run the job
/// at chosen instants (the clock is injected), each warning once, to the assignee and
/// the heads, in the app and by e-mail.
async fn deadline_warnings_with_an_injected_clock(backend: Backend) {
    let site = Site::start(backend, "warn").await;
    let desk = site.staff("anbinh.motcua").await;
    let head = site.staff("anbinh.lanhdaophong").await;
    let specialist = site.staff("anbinh.chuyenvien").await;
    // Mon 2 Nov 09:00 + 7 working days → Wed 11 Nov 09:00.
    let id = site.paper(&desk, RESIDENCE, at("2026-11-02 09:00")).await;
    site.run(
        &desk,
        &id,
        Command::SendToProcessing {
            note: String::new(),
        },
        at("2026-11-02 10:00"),
    )
    .await
    .unwrap();
    site.run(
        &head,
        &id,
        Command::Assign {
            to: specialist.id.clone(),
            note: String::new(),
        },
        at("2026-11-02 11:00"),
    )
    .await
    .unwrap();
    let warn = |t: &str| {
        let t = at(t);
        let pool = site.pool.clone();
        let catalog = site.catalog.clone();
        async move {
            motcua_server::jobs::warnings::run_once(&pool, &catalog, t)
                .await
                .unwrap()
        }
    };
    // Three working days before: nothing.
    assert_eq!(warn("2026-11-06 09:00").await.warned, 0);
    // Mon 9 Nov 09:00 = due − 2 working days: one warning.
    let r = warn("2026-11-09 09:00").await;
    assert_eq!(r.warned, 1);
    // Recipients: the specialist and the two heads of the commune, in-app and e-mail.
    assert_eq!(r.messages, 6);
    assert_eq!(warn("2026-11-09 15:00").await.warned, 0, "said once");
    // Tue 10 Nov 09:00 = due − 1.
    assert_eq!(warn("2026-11-10 09:00").await.warned, 1);
    assert_eq!(warn("2026-11-10 16:00").await.warned, 0);
    let notices: Vec<String> = sqlx::query(
        "SELECT text FROM staff_notices WHERE staff_id = $1 AND dossier_id = $2 ORDER BY at_ms",
    )
    .bind(&specialist.id)
    .bind(&id)
    .fetch_all(&site.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get("text").unwrap())
    .collect();
    assert_eq!(notices.len(), 3, "assignment + two warnings: {notices:?}");
    assert!(notices[1].contains("còn 2 ngày làm việc"), "{}", notices[1]);
    assert!(notices[2].contains("còn 1 ngày làm việc"), "{}", notices[2]);
    assert!(notices[2].contains("09 giờ 00"), "{}", notices[2]);
    let emails = site
        .count(
            "SELECT COUNT(*) FROM outbox WHERE dossier_id = $1 AND subject LIKE '[Cảnh báo hạn]%'",
            &id,
        )
        .await;
    assert_eq!(emails, 6);
    // A paused dossier is not warned.
    site.run(
        &specialist,
        &id,
        Command::RequestPayment {
            amount: "Lệ phí 20.000 đồng".into(),
        },
        at("2026-11-10 17:00"),
    )
    .await
    .ok();
}
