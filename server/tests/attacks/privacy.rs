//! Issue 11, "Passwords" (citizens) and "Personal data (Decree 13/2023/NĐ-CP)": a
//! citizen changes their password and ends sessions, downloads everything the system
//! holds about them and closes the account — against the real binary on SQLite and
//! PostgreSQL. Refused requests change nothing.

use std::io::Read;

use serde_json::Value;

use super::web::Web;
use crate::common::http::{Multipart, Request, Response};
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
    a_citizen_changes_the_password_and_ends_sessions,
    a_citizen_downloads_everything_and_closes_the_account,
);

const PASSWORD: &str = "Congdan2026";
const PHONE: &str = "0987654321";
const PERSONAL_ID: &str = "001190054321";

fn register(web: &Web, phone: &str) -> String {
    let answer = web.send(Request::post("/_fn/account/register").json().form(&[
        ("form[phone]", phone),
        ("form[password]", PASSWORD),
        ("form[full_name]", "Trần Thị Bình"),
        ("form[personal_id]", PERSONAL_ID),
        ("form[date_of_birth]", "1990-08-20"),
        (
            "form[address]",
            "Số 5 đường An Bình, phường An Bình, Tỉnh Mẫu",
        ),
        ("form[email]", "binh.tran@example.vn"),
    ]));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let answer = web.server.confirm_registration(&answer);
    answer
        .set_cookie("motcua_session")
        .unwrap_or_else(|| panic!("registered: {}", answer.text()))
}

fn sign_in(web: &Web, phone: &str, password: &str) -> Option<String> {
    web.send(Request::post("/_fn/account/sign_in").json().form(&[
        ("phone", phone),
        ("password", password),
        ("next", ""),
    ]))
    .set_cookie("motcua_session")
}

fn call(web: &Web, cookie: &str, endpoint: &str, fields: &[(&str, &str)]) -> Response {
    let answer = web.send(
        Request::post(&format!("/_fn/account/{endpoint}"))
            .json()
            .cookie(Some(cookie))
            .form(fields),
    );
    assert_eq!(answer.status, 200, "{endpoint}: {}", answer.text());
    answer
}

fn signed_in(web: &Web, cookie: &str) -> bool {
    !call(web, cookie, "me", &[]).json().is_null()
}

fn sessions(web: &Web, cookie: &str) -> Vec<Value> {
    call(web, cookie, "sessions", &[])
        .json()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn change(web: &Web, cookie: &str, current: &str, new: &str) -> Response {
    call(
        web,
        cookie,
        "password",
        &[
            ("current_password", current),
            ("new_password", new),
            ("confirm_password", new),
        ],
    )
}

/// Issue 11: "change your own password … every session of the account ends on a change.
/// Citizens see and end their sessions."
fn a_citizen_changes_the_password_and_ends_sessions(backend: Backend) {
    let web = Web::start(backend, "privacy_sessions");
    let first = register(&web, PHONE);
    let second = sign_in(&web, PHONE, PASSWORD).unwrap();
    let list = sessions(&web, &first);
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let other = list.iter().find(|s| s["current"] == false).unwrap()["handle"]
        .as_str()
        .unwrap()
        .to_owned();

    // Someone else's account cannot end these sessions by their handle.
    let stranger = register(&web, "0912345678");
    let refused = call(&web, &stranger, "end_session", &[("handle", &other)]).json();
    assert_eq!(refused["Err"], "NoSuchSession", "{refused}");
    assert!(signed_in(&web, &second));

    let ended = call(&web, &first, "end_session", &[("handle", &other)]).json();
    assert!(ended.get("Ok").is_some(), "{ended}");
    assert!(!signed_in(&web, &second));
    assert!(signed_in(&web, &first));
    let third = sign_in(&web, PHONE, PASSWORD).unwrap();
    let fourth = sign_in(&web, PHONE, PASSWORD).unwrap();
    let ended = call(&web, &first, "end_other_sessions", &[]).json();
    assert_eq!(ended["Ok"], 2, "{ended}");
    assert!(!signed_in(&web, &third) && !signed_in(&web, &fourth));
    let third = sign_in(&web, PHONE, PASSWORD).unwrap();

    // A wrong current password changes nothing.
    let hash = || web.rows("SELECT password_hash FROM citizens WHERE phone = $1", PHONE);
    let before = hash();
    let refused = change(&web, &first, "Sai2026abc", "Moi2026abc");
    assert_eq!(refused.json()["Err"], "WrongPassword");
    assert!(refused.set_cookie("motcua_session").is_none());
    assert_eq!(hash(), before);
    assert!(signed_in(&web, &third));
    // Invalid new passwords name their field.
    let invalid = change(&web, &first, PASSWORD, "ngan").json();
    assert_eq!(
        invalid["Err"]["Invalid"][0]["field"], "new_password",
        "{invalid}"
    );

    let done = change(&web, &first, PASSWORD, "Moi2026abc");
    assert!(done.json().get("Ok").is_some(), "{}", done.text());
    let fresh = done.set_cookie("motcua_session").expect("a fresh session");
    assert!(signed_in(&web, &fresh));
    assert!(!signed_in(&web, &first), "the session used is replaced");
    assert!(!signed_in(&web, &third), "every other session ended");
    assert!(sign_in(&web, PHONE, PASSWORD).is_none());
    assert!(sign_in(&web, PHONE, "Moi2026abc").is_some());

    // The current password is rate-limited: 5 wrong, then even the right one waits.
    for _ in 0..5 {
        assert_eq!(
            change(&web, &fresh, "Sai2026abc", "Khac2026abc").json()["Err"],
            "WrongPassword"
        );
    }
    let limited = change(&web, &fresh, "Moi2026abc", "Khac2026abc").json();
    assert!(limited["Err"]["TooManyAttempts"].is_object(), "{limited}");
    assert!(sign_in(&web, PHONE, "Moi2026abc").is_some());
    let audit =
        |action: &str| web.number("SELECT COUNT(*) FROM audit_log WHERE action = $1", action);
    assert_eq!(audit("change_password"), 1);
    assert_eq!(audit("end_session"), 1);
    assert_eq!(audit("end_other_sessions"), 1);
}

/// A small PDF, different for each `tag`.
fn pdf(tag: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% motcua test document: {tag}\n1 0 obj <<>> endobj\n%%EOF\n").into_bytes()
}

fn upload(web: &Web, cookie: &str, name: &str, bytes: &[u8]) -> String {
    let answer = web.send(
        Request::post("/api/v1/uploads")
            .cookie(Some(cookie))
            .multipart(&Multipart::new().file("file", name, "application/pdf", bytes)),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()["token"].as_str().unwrap().to_owned()
}

/// Submits a birth registration (commune H15.50) with two documents.
fn submit(web: &Web, cookie: &str) -> String {
    let a = upload(web, cookie, "to-khai.pdf", &pdf("tờ khai"));
    let b = upload(web, cookie, "giay-chung-sinh.pdf", &pdf("chứng sinh"));
    let form = Multipart::new().texts(&[
        ("idempotency_key", "test-idempotency-key-privacy"),
        ("unit", "H15.50"),
        ("applicant.full_name", "Trần Thị Bình"),
        ("applicant.personal_id", PERSONAL_ID),
        ("applicant.date_of_birth", "1990-08-20"),
        ("applicant.phone", PHONE),
        ("applicant.email", "binh.tran@example.vn"),
        (
            "applicant.address",
            "Số 5 đường An Bình, phường An Bình, Tỉnh Mẫu",
        ),
        ("values.ho_ten_tre", "Nguyễn Minh Khang"),
        ("values.ngay_sinh_tre", "2025-10-01"),
        ("values.gioi_tinh_tre", "Nam"),
        ("values.noi_sinh", "Bệnh viện Đa khoa Tỉnh Mẫu"),
        ("delivery.kind", "at_desk"),
        ("uploads.to_khai_dang_ky_khai_sinh", &a),
        ("uploads.giay_chung_sinh", &b),
    ]);
    let answer = web.send(
        Request::post("/api/v1/procedures/dang-ky-khai-sinh/dossiers")
            .json()
            .cookie(Some(cookie))
            .multipart(&form),
    );
    assert_eq!(answer.status, 201, "{}", answer.text());
    answer.json()["submission_no"].as_str().unwrap().to_owned()
}

/// Issue 11: "a citizen can download everything the system holds about them (JSON +
/// files) and close the account".
fn a_citizen_downloads_everything_and_closes_the_account(backend: Backend) {
    let web = Web::start(backend, "privacy_export");
    let cookie = register(&web, PHONE);
    let number = submit(&web, &cookie);

    let anonymous = web.send(Request::get("/tai-khoan/du-lieu.zip"));
    assert_eq!(anonymous.status, 401);
    let export = web.send(Request::get("/tai-khoan/du-lieu.zip").cookie(Some(&cookie)));
    assert_eq!(
        export.status,
        200,
        "{}",
        String::from_utf8_lossy(&export.body)
    );
    assert_eq!(export.header("content-type"), Some("application/zip"));
    assert_eq!(export.header("cache-control"), Some("no-store"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(export.body.clone())).unwrap();
    let mut text = String::new();
    zip.by_name("du-lieu.json")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let data: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["profile"]["phone"], PHONE);
    assert_eq!(data["profile"]["personal_id"], PERSONAL_ID);
    assert!(data["profile"].get("password_hash").is_none());
    assert_eq!(data["sessions"].as_array().unwrap().len(), 1);
    let dossiers = data["dossiers"].as_array().unwrap();
    assert_eq!(dossiers.len(), 1);
    let d = &dossiers[0];
    assert_eq!(d["submission_no"], number.as_str());
    assert_eq!(
        d["application"]["values"]["ho_ten_tre"]["value"], "Nguyễn Minh Khang",
        "{d}"
    );
    assert!(!d["history"].as_array().unwrap().is_empty());
    let documents = d["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 2);
    let mut contents = Vec::new();
    for f in documents {
        assert_eq!(f["in_zip"], true);
        let mut bytes = Vec::new();
        zip.by_name(f["zip_entry"].as_str().unwrap())
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        contents.push(bytes);
    }
    contents.sort();
    let mut sent = vec![pdf("chứng sinh"), pdf("tờ khai")];
    sent.sort();
    assert_eq!(contents, sent);
    assert!(data["notifications"].is_array());
    // Exports are limited: 5 an hour.
    for _ in 1..5 {
        let again = web.send(Request::get("/tai-khoan/du-lieu.zip").cookie(Some(&cookie)));
        assert_eq!(again.status, 200);
    }
    let limited = web.send(Request::get("/tai-khoan/du-lieu.zip").cookie(Some(&cookie)));
    assert_eq!(limited.status, 429);
    assert!(limited.text().contains("Vui lòng thử lại sau"));

    // Closing needs the password; a wrong one changes nothing.
    let profile = || {
        web.rows(
            "SELECT phone, full_name, personal_id, date_of_birth, address, email, closed_at_ms \
             FROM citizens WHERE phone = $1 OR phone LIKE 'closed:%' ORDER BY phone",
            PHONE,
        )
    };
    let before = profile();
    let refused = call(&web, &cookie, "close", &[("password", "Sai2026abc")]).json();
    assert_eq!(refused["Err"], "WrongPassword", "{refused}");
    assert_eq!(profile(), before);
    assert!(signed_in(&web, &cookie));

    let closed = call(&web, &cookie, "close", &[("password", PASSWORD)]);
    assert!(closed.json().get("Ok").is_some(), "{}", closed.text());
    assert!(!signed_in(&web, &cookie));
    let after = profile();
    assert_eq!(after.len(), 1);
    let fields: Vec<&str> = after[0].split('|').collect();
    assert!(fields[0].starts_with("closed:"), "{after:?}");
    assert_eq!(&fields[1..6], ["", "", "", "", ""], "the profile is erased");
    assert!(!fields[6].is_empty());
    assert!(!after[0].contains(PERSONAL_ID) && !after[0].contains("Trần"));
    assert_eq!(
        web.number(
            "SELECT COUNT(*) FROM sessions s JOIN citizens c ON c.id = s.citizen_id \
             WHERE c.phone LIKE $1",
            "closed:%"
        ),
        0
    );
    // The dossier is a public record: kept, with the data it was submitted with.
    assert_eq!(
        web.rows(
            "SELECT applicant_phone FROM dossiers WHERE submission_no = $1",
            &number
        ),
        [PHONE]
    );
    assert!(sign_in(&web, PHONE, PASSWORD).is_none());
    // The phone number is free again.
    register(&web, PHONE);
    let audit =
        |action: &str| web.number("SELECT COUNT(*) FROM audit_log WHERE action = $1", action);
    assert_eq!(audit("close_account"), 1);
    assert_eq!(audit("export_personal_data"), 5);
}
