//! Issue 11, "Staff" and "Passwords": the role rules the review found missing and the
//! password rules, tried as an attacker would, against the real binary on SQLite and
//! PostgreSQL. Every refused request is checked to have changed nothing.

use std::sync::Arc;

use motcua_app::services::{StaffDesk, SystemClock};
use motcua_core::workflow::Action;
use motcua_server::processing::act::NOT_ASSIGNED;
use motcua_server::processing::{ActError, Command};
use motcua_server::staff::SqlStaff;
use serde_json::Value;

use super::web::{decoded, Web, STAFF_PASSWORD};
use crate::common::http::Request;
use crate::common::staff_site::{at, block_on, command_for, Site, CRIMINAL_RECORD};
use crate::common::Backend;

macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[test]
            fn sqlite() {
                super::$scenario(crate::common::Backend::Sqlite);
            }

            #[test]
            fn postgres() {
                super::$scenario(crate::common::Backend::Postgres);
            }
        }
    )*};
}

on_both_backends!(
    an_agency_admin_cannot_touch_administrators_nor_appoint_signers,
    a_temporary_password_opens_nothing_but_its_change,
    looking_up_a_citizen_is_for_the_desk_rate_limited_and_audited,
    only_the_assigned_specialist_acts_on_the_assigned_step,
);

const ACCOUNTS: &str = "/can-bo/quan-tri/tai-khoan";

/// Issue 11: "an agency administrator cannot change or deactivate a system administrator
/// or another agency administrator, nor create accounts that sign results unless a system
/// administrator allows it".
fn an_agency_admin_cannot_touch_administrators_nor_appoint_signers(backend: Backend) {
    let web = Web::start(backend, "roles_admin");
    let system = web.staff("quantri");
    // A second agency administrator of the Department of Justice (H15.10).
    web.done(
        &system,
        ACCOUNTS,
        &[
            ("username", "stp.quantri2"),
            ("full_name", "Lê Văn Hai"),
            ("unit_code", "H15.10"),
            ("role", "agency_admin"),
            ("email", ""),
            ("password", STAFF_PASSWORD),
        ],
    );
    let admin = web.staff("stp.quantri");
    let system_id = web.staff_id("quantri");
    let peer_id = web.staff_id("stp.quantri2");
    let specialist_id = web.staff_id("stp.chuyenvien");
    let before = web.staff_state();

    let attempts: [(String, Vec<(&str, &str)>); 11] = [
        // Demote or deactivate the system administrator.
        (
            format!("{ACCOUNTS}/{system_id}"),
            vec![("role", "specialist"), ("active", "1")],
        ),
        (
            format!("{ACCOUNTS}/{system_id}"),
            vec![("role", "system_admin")],
        ),
        // Deactivate or demote the other agency administrator.
        (
            format!("{ACCOUNTS}/{peer_id}"),
            vec![("role", "agency_admin")],
        ),
        (
            format!("{ACCOUNTS}/{peer_id}"),
            vec![("role", "specialist"), ("active", "1")],
        ),
        // Promote a specialist to the role that signs results.
        (
            format!("{ACCOUNTS}/{specialist_id}"),
            vec![("role", "head_of_agency"), ("active", "1")],
        ),
        // Promote a specialist to administrator.
        (
            format!("{ACCOUNTS}/{specialist_id}"),
            vec![("role", "agency_admin"), ("active", "1")],
        ),
        // Create a signer, or another administrator.
        (
            ACCOUNTS.to_owned(),
            vec![
                ("username", "stp.giamdoc2"),
                ("full_name", "Người Ký Giả"),
                ("unit_code", "H15.10"),
                ("role", "head_of_agency"),
                ("password", STAFF_PASSWORD),
            ],
        ),
        (
            ACCOUNTS.to_owned(),
            vec![
                ("username", "stp.quantri3"),
                ("full_name", "Quản Trị Giả"),
                ("unit_code", "H15.10"),
                ("role", "agency_admin"),
                ("password", STAFF_PASSWORD),
            ],
        ),
        // Take over an administrator by a temporary password.
        (format!("{ACCOUNTS}/{system_id}/mat-khau-tam"), vec![]),
        (format!("{ACCOUNTS}/{peer_id}/mat-khau-tam"), vec![]),
        // Allow themselves to appoint signers.
        (
            "/can-bo/quan-tri/don-vi/H15.10/nguoi-ky".to_owned(),
            vec![("allowed", "1")],
        ),
    ];
    for (path, fields) in &attempts {
        let location = web.refused(&admin, path, fields);
        assert!(
            decoded(&location).contains("quyền") || decoded(&location).contains("quản trị"),
            "{path}: {}",
            decoded(&location)
        );
        assert_eq!(web.staff_state(), before, "{path} changed something");
    }
    // The administrators may still do their own work: a specialist of their unit.
    web.done(
        &admin,
        &format!("{ACCOUNTS}/{specialist_id}"),
        &[("role", "head_of_division"), ("active", "1")],
    );
    // Once the system administrator allows it, the agency administrator appoints a signer.
    web.done(
        &system,
        "/can-bo/quan-tri/don-vi/H15.10/nguoi-ky",
        &[("allowed", "1")],
    );
    web.done(
        &admin,
        &format!("{ACCOUNTS}/{specialist_id}"),
        &[("role", "head_of_agency"), ("active", "1")],
    );
    assert_eq!(
        web.rows("SELECT role FROM staff WHERE id = $1", &specialist_id),
        ["head_of_agency"]
    );
    assert_eq!(
        web.number(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "set_signer_permission"
        ),
        1
    );
}

fn change(web: &Web, cookie: &str, current: &str, new: &str) -> (Value, Option<String>) {
    let answer = web.send(
        Request::post("/_fn/staff/password")
            .json()
            .cookie(Some(cookie))
            .form(&[
                ("current_password", current),
                ("new_password", new),
                ("confirm_password", new),
            ]),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    (answer.json(), answer.set_cookie("motcua_staff"))
}

/// Issue 11: "an administrator resets a staff password only by issuing a one-time
/// temporary password that must be changed at the next sign-in; every session of the
/// account ends on a change".
fn a_temporary_password_opens_nothing_but_its_change(backend: Backend) {
    let web = Web::start(backend, "roles_temporary");
    let system = web.staff("quantri");
    let earlier = web.staff("stp.chuyenvien");
    assert!(web.staff_signed_in(&earlier));
    let id = web.staff_id("stp.chuyenvien");

    let shown = web.staff_post(&system, &format!("{ACCOUNTS}/{id}/mat-khau-tam"), &[]);
    assert_eq!(shown.status, 200, "{}", shown.text());
    assert_eq!(shown.header("cache-control"), Some("no-store"));
    let page = shown.text();
    let temporary = page
        .split("data-testid=\"temporary-password\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the temporary password is shown")
        .to_owned();
    assert_eq!(temporary.len(), 14, "{temporary}");
    // Every session of the account ended; the old password no longer signs in.
    assert!(!web.staff_signed_in(&earlier));
    assert!(web
        .staff_sign_in_with("stp.chuyenvien", STAFF_PASSWORD)
        .set_cookie("motcua_staff")
        .is_none());
    let audit = web.rows(
        "SELECT actor_role, detail FROM audit_log WHERE action = $1",
        "issue_temporary_password",
    );
    assert_eq!(audit.len(), 1);
    assert!(audit[0].starts_with("system_admin|") && !audit[0].contains(&temporary));

    // Signed in with it, the account can do nothing but change it.
    let pending = web
        .staff_sign_in_with("stp.chuyenvien", &temporary)
        .set_cookie("motcua_staff")
        .expect("the temporary password signs in");
    assert!(!web.staff_signed_in(&pending));
    let register = web.send(Request::get("/can-bo/so-theo-doi.xlsx").cookie(Some(&pending)));
    assert_ne!(register.status, 200, "the register must not open");
    assert!(
        lookup(&web, &pending, "").is_null(),
        "the intake page must not open"
    );

    // A wrong current password is refused and changes nothing.
    let hash = web.rows("SELECT password_hash FROM staff WHERE id = $1", &id);
    let (refused, cookie) = change(&web, &pending, "Sai2026abc", "Moi2026abc");
    assert_eq!(refused["Err"], "WrongPassword", "{refused}");
    assert!(cookie.is_none());
    assert_eq!(
        web.rows("SELECT password_hash FROM staff WHERE id = $1", &id),
        hash
    );

    let (done, fresh) = change(&web, &pending, &temporary, "Moi2026abc");
    assert!(done.get("Ok").is_some(), "{done}");
    let fresh = fresh.expect("a fresh session");
    assert!(web.staff_signed_in(&fresh));
    assert!(!web.staff_signed_in(&pending), "the session used ended");
    assert!(web
        .staff_sign_in_with("stp.chuyenvien", &temporary)
        .set_cookie("motcua_staff")
        .is_none());
    let again = web
        .staff_sign_in_with("stp.chuyenvien", "Moi2026abc")
        .set_cookie("motcua_staff")
        .expect("the new password signs in");
    assert!(web.staff_signed_in(&again));
    assert_eq!(
        web.number(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "change_password"
        ),
        1
    );
}

fn register(web: &Web, phone: &str, personal_id: &str) {
    let answer = web.send(Request::post("/_fn/account/register").json().form(&[
        ("form[phone]", phone),
        ("form[password]", "Congdan2026"),
        ("form[full_name]", "Trần Thị Bình"),
        ("form[personal_id]", personal_id),
        ("form[date_of_birth]", "1990-08-20"),
        ("form[address]", "Số 5 đường An Bình, Tỉnh Mẫu"),
        ("form[email]", ""),
    ]));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let answer = web.server.confirm_registration(&answer);
    assert!(answer.json().get("Ok").is_some(), "{}", answer.text());
}

fn lookup(web: &Web, cookie: &str, value: &str) -> Value {
    let answer = web.send(
        Request::post("/_fn/staff/intake")
            .json()
            .cookie(Some(cookie))
            .form(&[("lookup", value)]),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()
}

/// Issue 11: "looking up a citizen's personal data by phone/ID is for reception roles
/// only, rate-limited and audited".
fn looking_up_a_citizen_is_for_the_desk_rate_limited_and_audited(backend: Backend) {
    let web = Web::start(backend, "roles_lookup");
    register(&web, "0987654321", "001190054321");
    let audited = || {
        web.number(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "lookup_citizen",
        )
    };
    for name in ["stp.chuyenvien", "stp.giamdoc", "stp.quantri", "quantri"] {
        let cookie = web.staff(name);
        for value in ["0987654321", "001190054321"] {
            let page = lookup(&web, &cookie, value);
            assert!(page["prefill"].is_null(), "{name} found {page}");
            assert!(
                page["lookup_refused"]
                    .as_str()
                    .is_some_and(|m| m.contains("cán bộ một cửa")),
                "{name}: {page}"
            );
        }
    }
    assert_eq!(audited(), 0);

    let desk = web.staff("ttpvhcc.motcua");
    let page = lookup(&web, &desk, "0987654321");
    assert_eq!(page["prefill"]["personal_id"], "001190054321", "{page}");
    let entries = web.rows(
        "SELECT actor_role, subject_kind, detail FROM audit_log WHERE action = $1",
        "lookup_citizen",
    );
    assert_eq!(entries.len(), 1);
    assert!(
        entries[0].starts_with("one_stop_officer|citizen|"),
        "{}",
        entries[0]
    );
    assert!(
        entries[0].contains("…321") && !entries[0].contains("0987654321"),
        "the audit keeps a masked value: {}",
        entries[0]
    );
    // 30 look-ups an hour, then refused (and not looked up).
    for _ in 1..30 {
        assert!(!lookup(&web, &desk, "0912000999")["lookup_refused"].is_string());
    }
    let page = lookup(&web, &desk, "0987654321");
    assert!(page["prefill"].is_null(), "{page}");
    assert!(
        page["lookup_refused"]
            .as_str()
            .is_some_and(|m| m.contains("quá nhiều lần")),
        "{page}"
    );
    assert_eq!(audited(), 30);
}

/// Issue 11: "only the assigned specialist acts on an assigned step" (and, Decree
/// 13/2023, sees the applicant's personal ID and date of birth).
fn only_the_assigned_specialist_acts_on_the_assigned_step(backend: Backend) {
    block_on(async move {
        let site = Site::start(backend, "assigned").await;
        let desk = site.staff("ttpvhcc.motcua").await;
        let head = site.staff("stp.lanhdaophong").await;
        let assigned = site.staff("stp.chuyenvien").await;
        let other = site.staff("stp.chuyenvien2").await;
        let id = site
            .paper(&desk, CRIMINAL_RECORD, at("2026-11-02 09:00"))
            .await;
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
                to: assigned.username.clone(),
                note: String::new(),
            },
            at("2026-11-03 08:00"),
        )
        .await
        .unwrap();
        let before = site.row_version(&id).await;
        let audit = "SELECT COUNT(*) FROM audit_log WHERE subject_id = $1";
        let audit_before = site.count(audit, &id).await;
        for &action in Action::ALL {
            let got = site
                .run(&other, &id, command_for(action, ""), at("2026-11-03 09:00"))
                .await;
            assert!(
                matches!(&got, Err(ActError::Invalid(m)) if m == NOT_ASSIGNED),
                "{action:?}: {got:?}"
            );
        }
        assert_eq!(site.row_version(&id).await, before);
        assert_eq!(site.count(audit, &id).await, audit_before);

        let desk_service = SqlStaff::new(
            site.pool.clone(),
            site.catalog.clone(),
            Arc::new(SystemClock),
        );
        let seen_by_other = desk_service.dossier(&other, &id).await.unwrap().unwrap();
        assert!(seen_by_other.actions.is_empty());
        let id_line = |d: &motcua_app::services::StaffDossier| {
            d.applicant
                .iter()
                .find(|(label, _)| label == "Số định danh cá nhân")
                .map(|(_, v)| v.clone())
        };
        assert_eq!(id_line(&seen_by_other).as_deref(), Some("•••••••••345"));
        let seen_by_assigned = desk_service.dossier(&assigned, &id).await.unwrap().unwrap();
        assert!(!seen_by_assigned.actions.is_empty());
        assert_eq!(id_line(&seen_by_assigned).as_deref(), Some("001190012345"));

        site.run(
            &assigned,
            &id,
            Command::Forward {
                note: "Dự thảo".into(),
            },
            at("2026-11-03 10:00"),
        )
        .await
        .expect("the assigned specialist acts");
    });
}
