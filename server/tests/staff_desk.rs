//! The staff pages' read side (`StaffDesk` for `SqlStaff`, issue 5) against a real
//! database (a fresh SQLite file and a fresh PostgreSQL database), with an injected
//! clock: who sees a dossier in which queue, the urgency and time notes on the unit's
//! calendar, the folded search, one dossier with its route, history, trail, actions
//! and slips, notices, administration and the intake look-up.

mod common;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use common::staff_site::*;
use common::Backend;
use motcua_app::services::{
    ActionField, Clock, QueueKind, QueueQuery, QueueSort, StaffDesk, StaffProfile, Urgency,
};
use motcua_core::workflow::StaffRole;
use motcua_server::processing::Command;
use motcua_server::staff::SqlStaff;

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

on_both_backends!(queues_follow_the_dossier_and_the_clock, pages_of_one_unit,);

/// A clock the test moves.
struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

fn desk_of(site: &Site, clock: &Arc<TestClock>) -> SqlStaff {
    SqlStaff::new(site.pool.clone(), site.catalog.clone(), clock.clone())
}

fn query(kind: QueueKind, q: &str) -> QueueQuery {
    QueueQuery {
        kind,
        q: q.to_owned(),
        procedure: None,
        sort: QueueSort::Due,
    }
}

/// A queue holding this one dossier.
fn just(id: &str) -> Vec<String> {
    vec![id.to_owned()]
}

async fn count(desk: &SqlStaff, me: &StaffProfile, kind: QueueKind) -> u32 {
    let counts = desk.counts(me).await.unwrap();
    counts
        .counts
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, n)| *n)
        .unwrap()
}

async fn ids(desk: &SqlStaff, me: &StaffProfile, kind: QueueKind, q: &str) -> Vec<String> {
    desk.queue(me, &query(kind, q))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

/// Issue 5 "work queues per person and per unit": a provincial dossier received at the
/// centre (H15.01) and processed by the Department of Justice (H15.10) moves from the
/// desk's queue to the head of division's, then to the assigned specialist's; a commune
/// sees none of it; the urgency follows the clock on the unit's calendar.
async fn queues_follow_the_dossier_and_the_clock(backend: Backend) {
    let site = Site::start(backend, "desk_queues").await;
    let clock = Arc::new(TestClock(Mutex::new(at("2026-11-02 09:00"))));
    let desk = desk_of(&site, &clock);
    let officer = site.staff("ttpvhcc.motcua").await;
    let head = site.staff("stp.lanhdaophong").await;
    let specialist = site.staff("stp.chuyenvien").await;
    let other_specialist = site.staff("stp.chuyenvien2").await;
    let commune = site.staff("anbinh.motcua").await;
    let admin = site.staff("quantri").await;

    // Received at the desk: the officer's to send it to processing.
    let id = site
        .paper(&officer, CRIMINAL_RECORD, at("2026-11-02 09:00"))
        .await;
    assert_eq!(ids(&desk, &officer, QueueKind::Mine, "").await, just(&id));
    assert_eq!(count(&desk, &officer, QueueKind::Unit).await, 1);
    assert_eq!(
        count(&desk, &head, QueueKind::Unit).await,
        1,
        "processing unit"
    );
    assert_eq!(count(&desk, &head, QueueKind::Mine).await, 0);
    for kind in QueueKind::ALL {
        assert_eq!(count(&desk, &commune, kind).await, 0, "{kind:?}");
        assert_eq!(count(&desk, &admin, kind).await, 0, "{kind:?}");
    }
    assert!(desk.dossier(&commune, &id).await.unwrap().is_none());
    assert!(desk.dossier(&admin, &id).await.unwrap().is_none());

    // Sent to processing: waits for a head of division of the department.
    site.run(
        &officer,
        &id,
        Command::SendToProcessing {
            note: String::new(),
        },
        at("2026-11-02 09:30"),
    )
    .await
    .unwrap();
    assert!(ids(&desk, &officer, QueueKind::Mine, "").await.is_empty());
    assert_eq!(ids(&desk, &head, QueueKind::Mine, "").await, just(&id));
    assert!(ids(&desk, &specialist, QueueKind::Mine, "")
        .await
        .is_empty());

    // Assigned: the specialist's (not the other specialist's), with a notice.
    site.run(
        &head,
        &id,
        Command::Assign {
            to: specialist.id.clone(),
            note: "Thẩm định".into(),
        },
        at("2026-11-02 10:00"),
    )
    .await
    .unwrap();
    assert!(ids(&desk, &head, QueueKind::Mine, "").await.is_empty());
    assert_eq!(
        ids(&desk, &specialist, QueueKind::Mine, "").await,
        just(&id)
    );
    assert!(ids(&desk, &other_specialist, QueueKind::Mine, "")
        .await
        .is_empty());
    let row = &desk
        .queue(&specialist, &query(QueueKind::Mine, ""))
        .await
        .unwrap()[0];
    assert_eq!(row.holder.as_deref(), Some(specialist.full_name.as_str()));
    assert_eq!(
        row.step.as_deref(),
        Some("Thẩm định hồ sơ, dự thảo kết quả")
    );
    assert_eq!(row.submitted_at, "02/11/2026 09:00");
    assert_eq!(row.urgency, Urgency::Normal);
    assert!(row.time_note.contains("làm việc"), "{}", row.time_note);

    // Search: name without diacritics, phone digits, the code; nothing else.
    for q in [
        "tran thi bich",
        "TRẦN THỊ",
        "0912000",
        row.reference.as_str(),
    ] {
        assert_eq!(
            ids(&desk, &officer, QueueKind::Unit, q).await,
            just(&id),
            "{q}"
        );
    }
    assert!(ids(&desk, &officer, QueueKind::Unit, "nguyen van")
        .await
        .is_empty());

    // The step's due time passes: overdue for everyone of the units.
    let step_due = {
        let d = desk.dossier(&specialist, &id).await.unwrap().unwrap();
        d.row.step_due.clone().expect("the step has a due time")
    };
    let due = chrono::NaiveDateTime::parse_from_str(&step_due, "%d/%m/%Y %H:%M").unwrap();
    *clock.0.lock().unwrap() = motcua_core::deadline::vietnam_utc(due + chrono::Duration::hours(1));
    for me in [&officer, &head, &specialist] {
        assert_eq!(
            ids(&desk, me, QueueKind::Overdue, "").await,
            just(&id),
            "{}",
            me.username
        );
        assert_eq!(count(&desk, me, QueueKind::DueToday).await, 0);
    }
    let row = &desk
        .queue(&head, &query(QueueKind::Overdue, ""))
        .await
        .unwrap()[0];
    assert_eq!(row.urgency, Urgency::Overdue);
    assert!(
        row.time_note.starts_with("hạn bước: quá hạn"),
        "{}",
        row.time_note
    );
}

/// One dossier as the head of division sees it, notices, administration and intake.
async fn pages_of_one_unit(backend: Backend) {
    let site = Site::start(backend, "desk_pages").await;
    let clock = Arc::new(TestClock(Mutex::new(at("2026-11-02 11:00"))));
    let desk = desk_of(&site, &clock);
    let officer = site.staff("ttpvhcc.motcua").await;
    let head = site.staff("stp.lanhdaophong").await;
    let specialist = site.staff("stp.chuyenvien").await;
    let id = site
        .paper(&officer, CRIMINAL_RECORD, at("2026-11-02 09:00"))
        .await;
    site.run(
        &officer,
        &id,
        Command::SendToProcessing {
            note: "Đủ thành phần".into(),
        },
        at("2026-11-02 09:30"),
    )
    .await
    .unwrap();

    let d = desk.dossier(&head, &id).await.unwrap().unwrap();
    assert_eq!(
        d.receiving_unit,
        "Trung tâm Phục vụ hành chính công Tỉnh Mẫu"
    );
    assert_eq!(d.processing_unit.as_deref(), Some("Sở Tư pháp"));
    assert_eq!(d.applicant[0], ("Họ và tên".into(), "Trần Thị Bích".into()));
    assert!(d
        .applicant
        .contains(&("Ngày sinh".into(), "04/03/1990".into())));
    // Reception, the three steps, the return; at the head of division's step.
    let current: Vec<_> = d.route.iter().filter(|s| s.current).collect();
    assert_eq!(d.route.len(), 5);
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].role, "Lãnh đạo phòng");
    assert!(d.route[0].done);
    assert_eq!(
        d.timeline[0].title,
        "Nộp hồ sơ trực tiếp tại Bộ phận Một cửa"
    );
    let sent = d
        .timeline
        .iter()
        .find(|e| e.title == "Chuyển cơ quan xử lý")
        .unwrap();
    assert!(sent.details.contains(&"Ghi chú: Đủ thành phần".to_owned()));
    assert_eq!(d.trail.len(), 2);
    assert_eq!(d.trail[1].to, "Sở Tư pháp");
    assert!(d.audit.iter().any(|a| a.action == "Chuyển xử lý"));
    let assign = d.actions.iter().find(|a| a.action == "assign").unwrap();
    let ActionField::Choice { name, options, .. } = &assign.fields[0] else {
        panic!("assign asks for the specialist");
    };
    assert_eq!(name, "to");
    assert!(options.contains(&(specialist.id.clone(), specialist.full_name.clone())));
    assert!(!d.actions.iter().any(|a| a.action == "receive"));
    let slips: Vec<_> = d
        .slips
        .iter()
        .map(|s| s.url.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(slips, ["01.pdf", "06.pdf"]);
    assert_eq!(d.row_version, site.row_version(&id).await.0);

    // The assignment notice: unread once, then read.
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
    assert_eq!(desk.counts(&specialist).await.unwrap().unread_notices, 1);
    let notices = desk.notices(&specialist).await.unwrap();
    assert_eq!(notices.len(), 1);
    assert!(notices[0].unread && notices[0].dossier_id.as_deref() == Some(id.as_str()));
    assert_eq!(desk.counts(&specialist).await.unwrap().unread_notices, 0);
    assert!(!desk.notices(&specialist).await.unwrap()[0].unread);
    let procedures = desk.counts(&specialist).await.unwrap().procedures;
    assert_eq!(procedures.len(), 1);
    assert_eq!(procedures[0].1, CRIMINAL_RECORD);

    // Administration: all for the system administrator, one unit for an agency's.
    let system = desk
        .admin(&site.staff("quantri").await)
        .await
        .unwrap()
        .unwrap();
    assert!(system.can_create_units && system.units.len() > 5);
    assert!(system.roles.contains(&StaffRole::SystemAdmin));
    let agency = desk
        .admin(&site.staff("stp.quantri").await)
        .await
        .unwrap()
        .unwrap();
    assert!(!agency.can_create_units);
    assert_eq!(agency.units.len(), 1);
    assert!(agency.accounts.iter().all(|a| a.unit_code == "H15.10"));
    assert!(!agency.roles.contains(&StaffRole::SystemAdmin));
    assert!(desk.admin(&specialist).await.unwrap().is_none());

    // Intake: the centre's procedures with their documents; no citizen account here.
    let intake = desk.intake(&officer, "0912000111").await.unwrap();
    let p = intake
        .procedures
        .iter()
        .find(|p| p.name == CRIMINAL_RECORD)
        .unwrap();
    assert!(!p.documents.is_empty());
    assert!(intake.prefill.is_none());
    assert!(desk.intake(&officer, "").await.unwrap().prefill.is_none());
}
