//! The citizen's side end to end, against the real `motcua` binary (`seed-demo`, then
//! `serve` on a random port) over plain HTTP, on a fresh SQLite file and on a fresh
//! PostgreSQL database: accounts and sessions, uploads, online submission (idempotent,
//! also without JavaScript), reception from the command line, tracking and the receipt
//! PDF, cleanup of unused files, notifications through real SMTP and SMS servers, and
//! the JSON API's errors.
//!
//! Each scenario gets its own server and database, so that rate limits (registrations,
//! sign-in failures, tracking look-ups per client) and the cleanup job of one scenario
//! cannot touch another, and the scenarios run in parallel.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::http::{form_urlencoded, Multipart, Request, Response};
use common::mail::{free_port, SmsGateway, SmtpServer};
use common::{fresh_database, run, Backend, Server};
use motcua_server::config::Settings;
use serde_json::Value;
use sqlx::Row;

/// Runs each scenario on SQLite and on PostgreSQL (`scripts/with-postgres.sh` starts one).
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[test]
            fn sqlite() {
                super::$scenario(super::Backend::Sqlite);
            }

            #[test]
            fn postgres() {
                super::$scenario(super::Backend::Postgres);
            }
        }
    )*};
}

on_both_backends!(
    accounts_and_sessions,
    uploads_are_checked_by_content_and_size,
    submission_is_validated_and_idempotent,
    racing_submissions_store_one_dossier,
    submission_works_without_javascript,
    reception_tracking_and_the_receipt,
    cleanup_leaves_no_orphan_files,
    notifications_reach_real_mail_and_sms_servers,
    api_errors_name_the_parameter,
    status_by_api_and_the_openapi_document,
);

// ---------------------------------------------------------------------------------------
// The site under test

/// A seeded database and `motcua serve` on it, with an SMS gateway stub (verification
/// codes are read from what it received).
struct Site {
    server: Server,
    env: Vec<(&'static str, String)>,
    /// Where the stub saves the requests it gets.
    sms_dir: PathBuf,
    _sms: Option<SmsGateway>,
}

impl Site {
    /// A fresh database of `backend`, the demo seed, and the server, with `settings` added
    /// to the environment.
    fn start(backend: Backend, label: &str, settings: &[(&'static str, String)]) -> Site {
        let label = match backend {
            Backend::Sqlite => format!("cz_{label}_sqlite"),
            Backend::Postgres => format!("cz_{label}_pg"),
        };
        let mut env = fresh_database(backend, &label);
        env.extend_from_slice(settings);
        // A scenario that brings its own gateway sets `sms_dir` itself.
        let sms = (!settings.iter().any(|(k, _)| *k == "MOTCUA_SMS_URL")).then(|| {
            let gateway = SmsGateway::start(0);
            env.push(("MOTCUA_SMS_URL", gateway.url()));
            gateway
        });
        let sms_dir = sms
            .as_ref()
            .map(|g| g.dir.join("requests"))
            .unwrap_or_default();
        let seed = run(&["seed-demo"], &env);
        assert!(
            seed.status.success(),
            "seed-demo failed: {}",
            String::from_utf8_lossy(&seed.stderr)
        );
        let server = Server::start(&env);
        Site {
            server,
            env,
            sms_dir,
            _sms: sms,
        }
    }

    fn send(&self, request: Request) -> Response {
        request.send(self.server.port)
    }

    /// Runs a `motcua` command on the same database.
    fn motcua(&self, args: &[&str]) -> Output {
        run(args, &self.env)
    }

    fn setting(&self, key: &str) -> Option<String> {
        self.env
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }

    fn data_dir(&self) -> PathBuf {
        PathBuf::from(self.setting("MOTCUA_DATA_DIR").unwrap())
    }

    /// The hashes of the documents stored under `files/` (`files/ab/cdef…` is `abcdef…`).
    fn stored_files(&self) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let Ok(dirs) = std::fs::read_dir(self.data_dir().join("files")) else {
            return found;
        };
        for dir in dirs.map(Result::unwrap) {
            let prefix = dir.file_name().to_string_lossy().into_owned();
            for file in std::fs::read_dir(dir.path()).unwrap().map(Result::unwrap) {
                let name = file.file_name().to_string_lossy().into_owned();
                if !name.starts_with('.') {
                    found.insert(format!("{prefix}{name}"));
                }
            }
        }
        found
    }

    /// Runs a query on the site's database (read-only checks of what the server stored).
    fn query<T>(&self, read: impl AsyncFnOnce(&sqlx::AnyPool) -> T) -> T {
        let settings = Settings::from_sources(|key| self.setting(key)).unwrap();
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let pool = motcua_server::database::connect(&settings).await.unwrap();
                let out = read(&pool).await;
                pool.close().await;
                out
            })
    }
}

/// Polls `check` every 100 ms until it gives a value, or fails after `limit`.
fn wait_for<T>(what: &str, limit: Duration, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(found) = check() {
            return found;
        }
        assert!(start.elapsed() < limit, "{what}: nothing within {limit:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Today's `YYMMDD` in Vietnam (UTC+7), as numbers and codes spell it.
fn vietnam_yymmdd() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(7))
        .format("%y%m%d")
        .to_string()
}

/// Whether `text` is `{prefix}{YYMMDD}-{n digits}` with today's date (or yesterday's, if
/// midnight passed during the test).
fn dated_number(text: &str, prefix: &str, digits: usize) -> bool {
    let Some(rest) = text.strip_prefix(prefix) else {
        return false;
    };
    let Some((day, n)) = rest.split_once('-') else {
        return false;
    };
    let yesterday = (chrono::Utc::now() + chrono::Duration::hours(7) - chrono::Duration::days(1))
        .format("%y%m%d")
        .to_string();
    (day == vietnam_yymmdd() || day == yesterday)
        && n.len() == digits
        && n.chars().all(|c| c.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------
// Citizens

const PASSWORD: &str = "matkhau2026";

/// A registration's values (all valid; the personal ID matches the date of birth).
struct Person {
    phone: &'static str,
    full_name: &'static str,
    personal_id: &'static str,
    date_of_birth: &'static str,
    address: &'static str,
    email: &'static str,
}

const AN: Person = Person {
    phone: "0912345678",
    full_name: "Nguyễn Văn An",
    personal_id: "001090012345",
    date_of_birth: "1990-05-17",
    address: "Số 1 Tràng Tiền, phường Hoàn Kiếm, Hà Nội",
    email: "an.nguyen@example.vn",
};

const BINH: Person = Person {
    phone: "0987654321",
    full_name: "Trần Thị Bình",
    personal_id: "001190054321",
    date_of_birth: "1990-08-20",
    address: "Số 5 đường An Bình, phường An Bình, Tỉnh Mẫu",
    email: "binh.tran@example.vn",
};

const CUONG: Person = Person {
    phone: "0356789012",
    full_name: "Lê Văn Cường",
    personal_id: "001085067890",
    date_of_birth: "1985-01-02",
    address: "Thôn Trung, xã Hòa Phú, Tỉnh Mẫu",
    email: "cuong.le@example.vn",
};

fn register_form(p: &Person, password: &str) -> Request {
    Request::post("/_fn/account/register").json().form(&[
        ("form[phone]", p.phone),
        ("form[password]", password),
        ("form[full_name]", p.full_name),
        ("form[personal_id]", p.personal_id),
        ("form[date_of_birth]", p.date_of_birth),
        ("form[address]", p.address),
        ("form[email]", p.email),
    ])
}

/// Registers `p` with the code sent to its phone and returns the session cookie
/// (`motcua_session=…`).
fn sign_up(site: &Site, p: &Person) -> String {
    let answer = site.send(register_form(p, PASSWORD));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let json = answer.json();
    let challenge = json["Ok"]["challenge"]
        .as_str()
        .unwrap_or_else(|| panic!("no code sent: {json}"))
        .to_owned();
    let code = common::mail::latest_code_in(&site.sms_dir, p.phone);
    let answer = confirm_phone(site, &challenge, &code);
    assert_eq!(answer.json()["Ok"]["phone"], p.phone, "{}", answer.text());
    // Over HTTPS (a public URL with https://) the cookie has the `__Host-` prefix.
    answer
        .set_cookie("motcua_session")
        .or_else(|| answer.set_cookie("__Host-motcua_session"))
        .expect("the code completes the registration and signs in")
}

fn confirm_phone(site: &Site, challenge: &str, code: &str) -> Response {
    let answer = site.send(
        Request::post("/_fn/account/confirm_phone")
            .json()
            .form(&[("challenge", challenge), ("code", code)]),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer
}

fn sign_in(site: &Site, phone: &str, password: &str) -> Response {
    site.send(Request::post("/_fn/account/sign_in").json().form(&[
        ("phone", phone),
        ("password", password),
        ("next", ""),
    ]))
}

fn me(site: &Site, cookie: Option<&str>) -> Value {
    let answer = site.send(Request::post("/_fn/account/me").json().cookie(cookie));
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()
}

fn my_dossiers(site: &Site, cookie: &str) -> Vec<Value> {
    let answer = site.send(
        Request::post("/_fn/dossier/mine")
            .json()
            .cookie(Some(cookie)),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer
        .json()
        .as_array()
        .expect("a list when signed in")
        .clone()
}

// ---------------------------------------------------------------------------------------
// Documents and submissions

/// The procedure filed in these tests (commune level, full online service, same-day).
const PROCEDURE: &str = "dang-ky-khai-sinh";
/// Its required document slots.
const TO_KHAI: &str = "to_khai_dang_ky_khai_sinh";
const GIAY_CHUNG_SINH: &str = "giay_chung_sinh";
/// The receiving unit chosen (UBND phường An Bình).
const UNIT: &str = "H15.50";

/// A small PDF-signed file, different for each `tag`.
fn pdf(tag: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% motcua test document: {tag}\n1 0 obj <<>> endobj\n%%EOF\n").into_bytes()
}

fn upload_request(file_name: &str, bytes: &[u8]) -> Request {
    Request::post("/api/v1/uploads").multipart(&Multipart::new().file(
        "file",
        file_name,
        "application/pdf",
        bytes,
    ))
}

/// Stages a file for the citizen and returns its token.
fn upload(site: &Site, cookie: &str, file_name: &str, bytes: &[u8]) -> String {
    let answer = site.send(upload_request(file_name, bytes).cookie(Some(cookie)));
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()["token"].as_str().unwrap().to_owned()
}

/// An idempotency key as the form carries one (16 to 128 characters).
fn key(name: &str) -> String {
    format!("test-idempotency-key-{name}")
}

/// Every text field of a valid application by `p` (no documents yet).
fn application(idempotency_key: &str, p: &Person) -> Multipart {
    Multipart::new().texts(&[
        ("idempotency_key", idempotency_key),
        ("unit", UNIT),
        ("applicant.full_name", p.full_name),
        ("applicant.personal_id", p.personal_id),
        ("applicant.date_of_birth", p.date_of_birth),
        ("applicant.phone", p.phone),
        ("applicant.email", p.email),
        ("applicant.address", p.address),
        ("values.ho_ten_tre", "Nguyễn Minh Khang"),
        ("values.ngay_sinh_tre", "2025-10-01"),
        ("values.gioi_tinh_tre", "Nam"),
        ("values.noi_sinh", "Bệnh viện Đa khoa Tỉnh Mẫu"),
        ("delivery.kind", "at_desk"),
    ])
}

/// A valid application with its two required documents as upload tokens.
fn application_with(
    idempotency_key: &str,
    p: &Person,
    to_khai: &str,
    chung_sinh: &str,
) -> Multipart {
    application(idempotency_key, p)
        .text(&format!("uploads.{TO_KHAI}"), to_khai)
        .text(&format!("uploads.{GIAY_CHUNG_SINH}"), chung_sinh)
}

fn submit_request(form: &Multipart) -> Request {
    Request::post(&format!("/api/v1/procedures/{PROCEDURE}/dossiers"))
        .json()
        .multipart(form)
}

/// Uploads two documents, submits a valid application and returns its submission number.
fn submit_valid(site: &Site, cookie: &str, p: &Person, name: &str) -> String {
    let a = upload(
        site,
        cookie,
        "to-khai.pdf",
        &pdf(&format!("{name} tờ khai")),
    );
    let b = upload(
        site,
        cookie,
        "giay-chung-sinh.pdf",
        &pdf(&format!("{name} chứng sinh")),
    );
    let answer =
        site.send(submit_request(&application_with(&key(name), p, &a, &b)).cookie(Some(cookie)));
    assert_eq!(answer.status, 201, "{}", answer.text());
    answer.json()["submission_no"].as_str().unwrap().to_owned()
}

/// The `field` names of a refused submission's errors.
fn refused_fields(answer: &Response) -> Vec<String> {
    let json = answer.json();
    assert_eq!(json["outcome"], "refused", "{json}");
    json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

fn receive(site: &Site, number: &str) -> Output {
    site.motcua(&[
        "dossier",
        "receive",
        number,
        "--officer",
        "Phạm Thị Tiếp Nhận",
    ])
}

/// The line a command printed for its caller: the last line of standard output (log
/// lines, also on standard output, come before it).
fn printed(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    stdout.lines().last().unwrap_or_default().trim().to_owned()
}

fn track(site: &Site, number: &str, phone: &str) -> Value {
    let answer = site.send(
        Request::post("/_fn/dossier/track")
            .json()
            .form(&[("number", number), ("phone", phone)]),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()
}

// ---------------------------------------------------------------------------------------
// 1. Accounts

fn accounts_and_sessions(backend: Backend) {
    let site = Site::start(backend, "acc", &[]);

    // Every invalid value at once, each message naming its field in Vietnamese.
    let answer = site.send(register_form(
        &Person {
            phone: "0123",
            full_name: "",
            personal_id: "123",
            date_of_birth: "1990-02-30",
            address: "",
            email: "khong-phai-email",
        },
        "abc",
    ));
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.set_cookie("motcua_session"), None);
    let json = answer.json();
    let invalid = json["Err"]["Invalid"]
        .as_array()
        .unwrap_or_else(|| panic!("not refused as invalid: {json}"));
    let expected = [
        ("phone", "Số điện thoại: "),
        ("password", "Mật khẩu: "),
        ("full_name", "Họ và tên: chưa nhập."),
        ("personal_id", "Số định danh cá nhân: "),
        ("date_of_birth", "Ngày sinh: "),
        ("address", "Địa chỉ: chưa nhập."),
        ("email", "Email: "),
    ];
    let fields: Vec<&str> = invalid
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, expected.map(|(f, _)| f), "{json}");
    for (error, (_, start)) in invalid.iter().zip(expected) {
        let message = error["message"].as_str().unwrap();
        assert!(
            message.starts_with(start),
            "{message:?} should start with {start:?}"
        );
    }

    // A valid registration sends a code to the phone and goes to the code page; the
    // code creates the account and signs in.
    let answer = site.send(register_form(&AN, PASSWORD));
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.set_cookie("motcua_session"), None);
    let challenge = answer.json()["Ok"]["challenge"]
        .as_str()
        .unwrap_or_else(|| panic!("no code sent: {}", answer.text()))
        .to_owned();
    assert_eq!(
        answer.header("Location"),
        Some(format!("/xac-minh-so-dien-thoai?phien={challenge}").as_str())
    );
    let code = common::mail::latest_code_in(&site.sms_dir, AN.phone);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let answer = confirm_phone(&site, &challenge, wrong);
    assert_eq!(
        answer.json(),
        serde_json::json!({"Err": {"WrongCode": {"attempts_left": 2}}})
    );
    assert_eq!(answer.set_cookie("motcua_session"), None);
    let answer = confirm_phone(&site, &challenge, &code);
    let profile = answer.json()["Ok"].clone();
    assert_eq!(profile["phone"], AN.phone);
    assert_eq!(profile["full_name"], AN.full_name);
    assert_eq!(profile["personal_id"], AN.personal_id);
    assert_eq!(profile["date_of_birth"], AN.date_of_birth);
    assert_eq!(profile["email"], AN.email);
    let an_cookie = answer.set_cookie("motcua_session").expect("session cookie");
    let raw = answer
        .headers
        .iter()
        .find(|(n, v)| n.eq_ignore_ascii_case("set-cookie") && v.starts_with("motcua_session="))
        .unwrap()
        .1
        .clone();
    assert!(raw.contains("HttpOnly"), "{raw}");
    assert_eq!(answer.header("Location"), Some("/ho-so-cua-toi"));

    // The same number again, written another way, is taken.
    let mut again = AN;
    again.phone = "+84 912 345 678";
    let answer = site.send(register_form(&again, PASSWORD));
    assert_eq!(answer.json(), serde_json::json!({"Err": "PhoneTaken"}));
    assert_eq!(answer.set_cookie("motcua_session"), None);

    // Five wrong passwords, then even the right one is refused for a while.
    for attempt in 1..=5 {
        let answer = sign_in(&site, AN.phone, "saimatkhau1");
        assert_eq!(
            answer.json(),
            serde_json::json!({"Err": "BadCredentials"}),
            "attempt {attempt}"
        );
    }
    let answer = sign_in(&site, AN.phone, PASSWORD);
    let json = answer.json();
    let wait = json["Err"]["TooManyAttempts"]["retry_after_s"]
        .as_u64()
        .unwrap_or_else(|| panic!("6th attempt not refused as too many: {json}"));
    assert!((1..=15 * 60).contains(&wait), "{json}");
    assert_eq!(answer.set_cookie("motcua_session"), None);

    // Another number is not locked: its right password signs in.
    sign_up(&site, &BINH);
    let answer = sign_in(&site, BINH.phone, PASSWORD);
    assert_eq!(
        answer.json()["Ok"]["phone"],
        BINH.phone,
        "{}",
        answer.text()
    );
    let binh_cookie = answer.set_cookie("motcua_session").expect("session cookie");

    // `me` with each cookie, and without one.
    assert_eq!(me(&site, Some(&an_cookie))["full_name"], AN.full_name);
    assert_eq!(me(&site, Some(&binh_cookie))["full_name"], BINH.full_name);
    assert_eq!(me(&site, None), Value::Null);
    assert_eq!(me(&site, Some("motcua_session=forged")), Value::Null);

    // Signing out ends that session only, and clears the cookie.
    let answer = site.send(
        Request::post("/_fn/account/sign_out")
            .json()
            .cookie(Some(&binh_cookie)),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.set_cookie("motcua_session").as_deref(),
        Some("motcua_session=")
    );
    assert_eq!(me(&site, Some(&binh_cookie)), Value::Null);
    assert_eq!(me(&site, Some(&an_cookie))["phone"], AN.phone);
}

// ---------------------------------------------------------------------------------------
// 2. Uploads

fn uploads_are_checked_by_content_and_size(backend: Backend) {
    let site = Site::start(backend, "upl", &[("MOTCUA_MAX_FILE_MB", "1".into())]);
    let cookie = sign_up(&site, &AN);

    let bytes = pdf("giấy chứng sinh");
    let answer = site.send(upload_request("giay-chung-sinh.pdf", &bytes).cookie(Some(&cookie)));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let staged = answer.json();
    assert!(staged["token"].as_str().unwrap().len() >= 16, "{staged}");
    assert_eq!(staged["format"], "pdf");
    assert_eq!(staged["size"], bytes.len());
    assert_eq!(staged["file_name"], "giay-chung-sinh.pdf");

    // The session token also works as a bearer token (API clients).
    let token = cookie.strip_prefix("motcua_session=").unwrap();
    let answer = site.send(
        upload_request("to-khai.pdf", &pdf("tờ khai"))
            .header("Authorization", &format!("Bearer {token}")),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());

    // A program renamed .pdf is refused by its content.
    let mut program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec();
    program.extend_from_slice(&[0u8; 512]);
    let answer = site.send(upload_request("scan.pdf", &program).cookie(Some(&cookie)));
    assert_eq!(answer.status, 422, "{}", answer.text());
    let error = answer.json()["error"].as_str().unwrap().to_owned();
    assert!(error.contains("scan.pdf"), "{error}");
    assert!(error.contains("không phải PDF, JPEG hoặc PNG"), "{error}");

    // 1.5 MB over a 1 MB limit.
    let mut large = pdf("lớn");
    large.resize(1536 * 1024, b'0');
    let answer = site.send(upload_request("ban-scan-lon.pdf", &large).cookie(Some(&cookie)));
    assert_eq!(answer.status, 422, "{}", answer.text());
    let error = answer.json()["error"].as_str().unwrap().to_owned();
    assert!(error.contains("quá lớn"), "{error}");
    assert!(error.contains("ban-scan-lon.pdf"), "{error}");

    // Nobody signed in.
    let answer = site.send(upload_request("x.pdf", &pdf("x")));
    assert_eq!(answer.status, 401, "{}", answer.text());
    assert!(answer.json()["error"]
        .as_str()
        .unwrap()
        .contains("đăng nhập"));
    let answer =
        site.send(upload_request("x.pdf", &pdf("x")).cookie(Some("motcua_session=forged")));
    assert_eq!(answer.status, 401, "{}", answer.text());
}

// ---------------------------------------------------------------------------------------
// 3. Submission

fn submission_is_validated_and_idempotent(backend: Backend) {
    let site = Site::start(backend, "sub", &[]);
    let cookie = sign_up(&site, &AN);

    // The document slots used here are the procedure's required ones.
    let procedure = site.send(Request::get(&format!("/api/v1/procedures/{PROCEDURE}")));
    assert_eq!(procedure.status, 200, "{}", procedure.text());
    let procedure = procedure.json();
    let text = procedure.to_string();
    for slot in [TO_KHAI, GIAY_CHUNG_SINH, UNIT] {
        assert!(
            text.contains(&format!("\"{slot}\"")),
            "{slot} not in {text}"
        );
    }

    // Nothing filled in: every missing input named.
    let answer = site.send(
        submit_request(&Multipart::new().text("idempotency_key", &key("empty")))
            .cookie(Some(&cookie)),
    );
    assert_eq!(answer.status, 422, "{}", answer.text());
    let fields = refused_fields(&answer);
    for field in [
        "applicant.full_name",
        "applicant.personal_id",
        "applicant.date_of_birth",
        "applicant.phone",
        "applicant.address",
        "values.ho_ten_tre",
        "values.ngay_sinh_tre",
        "values.gioi_tinh_tre",
        "values.noi_sinh",
        &format!("documents.{TO_KHAI}"),
        &format!("documents.{GIAY_CHUNG_SINH}"),
        "delivery.kind",
        "unit",
    ] {
        assert!(
            fields.iter().any(|f| f == field),
            "{field} not in {fields:?}"
        );
    }
    assert!(
        !fields.iter().any(|f| f.contains("ket_hon")),
        "an optional document is not required: {fields:?}"
    );
    let json = answer.json();
    assert!(
        json["message"].as_str().unwrap().contains("chưa được nộp"),
        "{json}"
    );
    for error in json["errors"].as_array().unwrap() {
        assert!(error["message"].as_str().unwrap().contains(':'), "{error}");
    }
    assert!(my_dossiers(&site, &cookie).is_empty());

    // A valid application.
    let a = upload(&site, &cookie, "to-khai.pdf", &pdf("tờ khai"));
    let b = upload(
        &site,
        &cookie,
        "giay-chung-sinh.pdf",
        &pdf("giấy chứng sinh"),
    );
    let form = application_with(&key("first"), &AN, &a, &b);
    let answer = site.send(submit_request(&form).cookie(Some(&cookie)));
    assert_eq!(answer.status, 201, "{}", answer.text());
    let json = answer.json();
    assert_eq!(json["outcome"], "submitted", "{json}");
    let number = json["submission_no"].as_str().unwrap().to_owned();
    assert!(dated_number(&number, "TN-", 6), "{number}");
    assert_eq!(json["redirect"], format!("/ho-so-cua-toi/{number}"));

    // The same key again (a retry): the same dossier, 200.
    let answer = site.send(submit_request(&form).cookie(Some(&cookie)));
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json()["submission_no"], number.as_str());
    let mine = my_dossiers(&site, &cookie);
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["submission_no"], number.as_str());
    assert_eq!(mine[0]["status"], "awaiting_reception");
    assert_eq!(mine[0]["files"].as_array().unwrap().len(), 2, "{}", mine[0]);

    // A token staged by another account cannot be attached.
    let other = sign_up(&site, &BINH);
    let theirs = upload(&site, &other, "cua-nguoi-khac.pdf", &pdf("của người khác"));
    let mine_token = upload(&site, &cookie, "to-khai-3.pdf", &pdf("tờ khai 3"));
    let answer = site.send(
        submit_request(&application_with(
            &key("foreign"),
            &AN,
            &mine_token,
            &theirs,
        ))
        .cookie(Some(&cookie)),
    );
    assert_eq!(answer.status, 422, "{}", answer.text());
    assert_gone(&answer);
    // A made-up token neither.
    let answer = site.send(
        submit_request(&application_with(
            &key("made-up"),
            &AN,
            &mine_token,
            "khong-co-token-nay",
        ))
        .cookie(Some(&cookie)),
    );
    assert_eq!(answer.status, 422, "{}", answer.text());
    assert_gone(&answer);
    assert_eq!(my_dossiers(&site, &cookie).len(), 1);
    assert!(my_dossiers(&site, &other).is_empty());
}

/// The answer refuses exactly the slot `documents.giay_chung_sinh`, once, saying that its
/// file is not on the server (the message the form shows beside that input).
fn assert_gone(answer: &Response) {
    let json = answer.json();
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(
        errors.len(),
        1,
        "one message for the one input at fault: {json}"
    );
    assert_eq!(errors[0]["field"], format!("documents.{GIAY_CHUNG_SINH}"));
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("không còn trên máy chủ"), "{message}");
}

fn racing_submissions_store_one_dossier(backend: Backend) {
    let site = Site::start(backend, "race", &[]);
    let cookie = sign_up(&site, &AN);
    // Eight requests with one key at the same moment (a double tap, a retrying client):
    // one dossier, and every answer names it. Three rounds, as the race is timing-bound.
    let mut earlier: BTreeSet<String> = BTreeSet::new();
    for round in 1..=3 {
        let a = upload(
            &site,
            &cookie,
            "to-khai.pdf",
            &pdf(&format!("tờ khai {round}")),
        );
        let b = upload(
            &site,
            &cookie,
            "giay-chung-sinh.pdf",
            &pdf(&format!("giấy chứng sinh {round}")),
        );
        let request = submit_request(&application_with(
            &key(&format!("racing-{round}")),
            &AN,
            &a,
            &b,
        ))
        .cookie(Some(&cookie));
        let answers: Vec<Response> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..8)
                .map(|_| scope.spawn(|| site.send(request.clone())))
                .collect();
            threads.into_iter().map(|t| t.join().unwrap()).collect()
        });
        let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
        let bodies: Vec<String> = answers.iter().map(Response::text).collect();
        // One dossier was stored…
        let mine = my_dossiers(&site, &cookie);
        assert_eq!(mine.len(), round, "round {round}: {mine:?} {bodies:?}");
        let new = mine
            .iter()
            .find(|d| !earlier.contains(d["submission_no"].as_str().unwrap()))
            .unwrap();
        let stored = new["submission_no"].as_str().unwrap().to_owned();
        earlier.insert(stored.clone());
        // …exactly one request created it, and every answer names it.
        assert_eq!(
            statuses.iter().filter(|s| **s == 201).count(),
            1,
            "round {round}: exactly one creates: {statuses:?} {bodies:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 200 || *s == 201),
            "round {round}: every request is answered with the dossier: {statuses:?} {bodies:?}"
        );
        for answer in &answers {
            assert_eq!(
                answer.json()["submission_no"],
                stored.as_str(),
                "{bodies:?}"
            );
        }
        assert_eq!(new["files"].as_array().unwrap().len(), 2, "{new}");
    }
}

fn submission_works_without_javascript(backend: Backend) {
    let site = Site::start(backend, "nojs", &[]);
    let cookie = sign_up(&site, &AN);

    // Without JavaScript: files as parts of the form, no Accept header.
    let path = format!("/nop-ho-so/{PROCEDURE}");
    let form = application(&key("no-js"), &AN)
        .file(
            &format!("documents.{TO_KHAI}"),
            "to-khai.pdf",
            "application/pdf",
            &pdf("no-js 1"),
        )
        .file(
            &format!("documents.{GIAY_CHUNG_SINH}"),
            "giay-chung-sinh.pdf",
            "application/pdf",
            &pdf("no-js 2"),
        )
        // The optional slot's empty file input, as a browser sends it.
        .file(
            "documents.giay_chung_nhan_ket_hon_cua_cha_me_neu_co",
            "",
            "application/octet-stream",
            b"",
        );
    let answer = site.send(Request::post(&path).multipart(&form).cookie(Some(&cookie)));
    assert_eq!(answer.status, 303, "{}", answer.text());
    let location = answer.header("Location").unwrap().to_owned();
    let no_js = location
        .strip_prefix("/ho-so-cua-toi/")
        .unwrap_or_else(|| panic!("redirected to {location}"));
    assert!(dated_number(no_js, "TN-", 6), "{location}");
    let mine = my_dossiers(&site, &cookie);
    let stored = mine.iter().find(|d| d["submission_no"] == no_js).unwrap();
    assert_eq!(stored["files"].as_array().unwrap().len(), 2, "{stored}");

    // Without JavaScript, a refusal is a page listing the problems.
    let answer = site.send(
        Request::post(&path)
            .multipart(&Multipart::new().text("idempotency_key", &key("no-js-empty")))
            .cookie(Some(&cookie)),
    );
    assert_eq!(answer.status, 422);
    assert!(answer
        .header("Content-Type")
        .unwrap()
        .starts_with("text/html"));
    let page = answer.text();
    assert!(page.contains("Hồ sơ chưa được nộp"), "{page}");
    assert!(page.contains("Họ và tên: chưa nhập."), "{page}");

    // Not signed in: the form goes to the sign-in page; the API answers 401.
    let answer = site.send(Request::post(&path).multipart(&application(&key("anonymous"), &AN)));
    assert_eq!(answer.status, 303);
    assert_eq!(
        answer.header("Location"),
        Some(format!("/dang-nhap?next=/thu-tuc/{PROCEDURE}/nop-ho-so").as_str())
    );
    let answer = site.send(submit_request(&application(&key("anonymous"), &AN)));
    assert_eq!(answer.status, 401);
    assert_eq!(my_dossiers(&site, &cookie).len(), 1);
}

// ---------------------------------------------------------------------------------------
// 4. Reception, tracking, receipt

fn reception_tracking_and_the_receipt(backend: Backend) {
    let site = Site::start(backend, "rcv", &[]);
    let cookie = sign_up(&site, &BINH);
    let number = submit_valid(&site, &cookie, &BINH, "reception");

    let line = printed(&receive(&site, &number));
    let (code, due) = line.split_once(' ').unwrap_or_else(|| panic!("{line:?}"));
    assert!(dated_number(code, &format!("{UNIT}-"), 4), "{code}");
    assert!(
        code.ends_with("-0001"),
        "the unit's first dossier today: {code}"
    );
    let due = chrono::NaiveDateTime::parse_from_str(due, "%Y-%m-%dT%H:%M")
        .unwrap_or_else(|e| panic!("due {due:?}: {e}"));
    let now_vn = (chrono::Utc::now() + chrono::Duration::hours(7)).naive_utc();
    assert!(
        due > now_vn - chrono::Duration::minutes(1),
        "{due} is before now ({now_vn})"
    );

    // Received once only.
    let out = receive(&site, &number);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Không thể «Tiếp nhận» khi hồ sơ đang ở trạng thái «Đã tiếp nhận»"),
        "{stderr}"
    );
    let out = receive(&site, "TN-000101-999999");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Không tìm thấy hồ sơ «TN-000101-999999»")
    );

    // Tracking by code and phone, without an account (1 look-up).
    let found = track(&site, code, BINH.phone);
    let view = &found["Ok"];
    assert_eq!(view["code"], code, "{found}");
    assert_eq!(view["submission_no"], number.as_str());
    assert_eq!(view["status"], "received");
    assert_eq!(view["applicant"], BINH.full_name);
    let appointment = view["appointment"].as_str().unwrap_or_default();
    assert!(!appointment.is_empty(), "{found}");
    assert!(view["has_receipt"].as_bool().unwrap());
    let masked = view["phone_masked"].as_str().unwrap();
    assert!(!masked.contains(BINH.phone), "{masked}");
    let timeline = view["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 2, "{found}");
    assert_eq!(timeline[1]["status"], "received");
    // The same phone written another way (2).
    assert_eq!(track(&site, code, "+84 987 654 321")["Ok"]["code"], code);

    // A wrong phone learns nothing: the same answer as an unknown code (3, 4).
    let not_found = serde_json::json!({"Err": "NotFound"});
    assert_eq!(track(&site, code, AN.phone), not_found);
    assert_eq!(track(&site, "H15.50-000101-0001", BINH.phone), not_found);

    // 30 look-ups per client; the 31st is refused, even with the right phone.
    for n in 5..=30 {
        let answer = track(&site, code, if n % 2 == 0 { AN.phone } else { BINH.phone });
        assert!(
            answer.get("Ok").is_some() || answer == not_found,
            "look-up {n}: {answer}"
        );
    }
    let answer = track(&site, code, BINH.phone);
    let wait = answer["Err"]["TooMany"]["retry_after_s"]
        .as_u64()
        .unwrap_or_else(|| panic!("31st look-up not refused: {answer}"));
    assert!((1..=600).contains(&wait), "{answer}");

    // The receipt, for its owner only.
    let id = my_dossiers(&site, &cookie)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/ho-so/{id}/phieu-tiep-nhan.pdf");
    let answer = site.send(Request::get(&path).cookie(Some(&cookie)));
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.header("Content-Type"), Some("application/pdf"));
    assert!(answer.body.starts_with(b"%PDF"), "not a PDF");
    let text = pdf_text(&answer.body);
    for expected in [
        code,
        BINH.full_name,
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    ] {
        assert!(
            text.contains(expected),
            "the receipt lacks «{expected}»:\n{text}"
        );
    }
    assert_eq!(site.send(Request::get(&path)).status, 401);
    let stranger = sign_up(&site, &CUONG);
    assert_eq!(
        site.send(Request::get(&path).cookie(Some(&stranger)))
            .status,
        404
    );
}

/// The text of a PDF, by poppler's `pdftotext`, with runs of whitespace as one space.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = common::temp_dir("receipt");
    let path = dir.join("receipt.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed: run scripts/setup.sh --test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------
// 5. Cleanup

fn cleanup_leaves_no_orphan_files(backend: Backend) {
    let site = Site::start(backend, "cln", &[]);
    let cookie = sign_up(&site, &CUONG);
    let kept = [pdf("nộp 1"), pdf("nộp 2")];
    let abandoned = pdf("bỏ dở");
    let failed = pdf("nộp lỗi");
    let a = upload(&site, &cookie, "to-khai.pdf", &kept[0]);
    let b = upload(&site, &cookie, "giay-chung-sinh.pdf", &kept[1]);
    upload(&site, &cookie, "bo-do.pdf", &abandoned);
    let answer = site.send(
        submit_request(&application_with(&key("kept"), &CUONG, &a, &b)).cookie(Some(&cookie)),
    );
    assert_eq!(answer.status, 201, "{}", answer.text());

    // A refused submission whose file came inline (no JavaScript).
    let form = application(&key("refused"), &CUONG)
        .text("applicant.full_name", "")
        .file(
            &format!("documents.{TO_KHAI}"),
            "to-khai.pdf",
            "application/pdf",
            &failed,
        );
    let answer = site.send(
        Request::post(&format!("/nop-ho-so/{PROCEDURE}"))
            .multipart(&form)
            .cookie(Some(&cookie)),
    );
    assert_eq!(answer.status, 422, "{}", answer.text());

    let hash = motcua_server::ids::sha256_hex;
    let submitted: BTreeSet<String> = kept.iter().map(|k| hash(k)).collect();
    let mut all = submitted.clone();
    all.insert(hash(&abandoned));
    all.insert(hash(&failed));
    assert_eq!(site.stored_files(), all);

    // With the default age (a day), nothing is old enough yet.
    assert_eq!(
        printed(&site.motcua(&["cleanup"])),
        "expired uploads: 0, orphan files: 0"
    );
    assert_eq!(site.stored_files(), all);

    // With age 0 every staged upload is abandoned: only the dossier's files stay. (The
    // refused submission already forgot its own staged upload: only its bytes remain.)
    assert_eq!(
        printed(&site.motcua(&["cleanup", "--max-age-minutes", "0"])),
        "expired uploads: 1, orphan files: 2"
    );
    assert_eq!(site.stored_files(), submitted);
    let mine = my_dossiers(&site, &cookie);
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["files"].as_array().unwrap().len(), 2);
    assert_eq!(
        printed(&site.motcua(&["cleanup", "--max-age-minutes", "0"])),
        "expired uploads: 0, orphan files: 0"
    );
}

// ---------------------------------------------------------------------------------------
// 6. Notifications

const FROM: &str = "Cổng dịch vụ công Tỉnh Mẫu <no-reply@dichvucong.tinhmau.example>";

struct OutboxRow {
    channel: String,
    recipient: String,
    subject: String,
    attempts: i64,
    sent_at_ms: Option<i64>,
    last_error: Option<String>,
}

fn outbox(site: &Site) -> Vec<OutboxRow> {
    site.query(async |pool| {
        sqlx::query(
            "SELECT channel, recipient, subject, attempts, sent_at_ms, last_error FROM outbox \
             ORDER BY created_at_ms, id",
        )
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| OutboxRow {
            channel: r.get("channel"),
            recipient: r.get("recipient"),
            subject: r.get("subject"),
            attempts: r.get("attempts"),
            sent_at_ms: r.get("sent_at_ms"),
            last_error: r.get("last_error"),
        })
        .collect()
    })
}

/// The messages of `list` whose `key` contains `needle`.
fn containing<'a>(list: &'a [Value], pointer: &str, needle: &str) -> Vec<&'a Value> {
    list.iter()
        .filter(|m| {
            m.pointer(pointer)
                .and_then(Value::as_str)
                .is_some_and(|s| s.contains(needle))
        })
        .collect()
}

fn notifications_reach_real_mail_and_sms_servers(backend: Backend) {
    let smtp_port = free_port();
    let gateway = SmsGateway::start(0);
    let mut site = Site::start(
        backend,
        "ntf",
        &[
            ("MOTCUA_SMTP_HOST", "127.0.0.1".into()),
            ("MOTCUA_SMTP_PORT", smtp_port.to_string()),
            ("MOTCUA_SMTP_TLS", "none".into()),
            ("MOTCUA_SMTP_FROM", FROM.into()),
            ("MOTCUA_SMS_URL", gateway.url()),
            ("MOTCUA_SMS_TOKEN", "sms-token-123".into()),
            (
                "MOTCUA_PUBLIC_URL",
                "https://dichvucong.tinhmau.example".into(),
            ),
        ],
    );
    site.sms_dir = gateway.dir.join("requests");
    let limit = Duration::from_secs(20);

    // The mail server is down at submission: the submission succeeds anyway, its SMS
    // goes out, and its e-mail waits in the outbox after a failed attempt.
    let an = sign_up(&site, &AN);
    let first = submit_valid(&site, &an, &AN, "mail-down");
    wait_for("SMS of the first submission", limit, || {
        let requests = gateway.requests();
        containing(&requests, "/body/text", &first)
            .first()
            .map(|r| (*r).clone())
    });
    let failed = wait_for("a failed e-mail attempt", limit, || {
        outbox(&site)
            .into_iter()
            .find(|r| r.channel == "email" && r.attempts >= 1)
    });
    assert_eq!(failed.recipient, AN.email);
    assert!(failed.subject.contains(&first), "{}", failed.subject);
    assert_eq!(failed.sent_at_ms, None);
    let error = failed.last_error.unwrap_or_default();
    assert!(error.to_lowercase().contains("connect"), "{error}");

    // The mail server comes up: a new submission's e-mail and SMS arrive within seconds.
    let smtp = SmtpServer::start(smtp_port);
    let binh = sign_up(&site, &BINH);
    let second = submit_valid(&site, &binh, &BINH, "mail-up");
    let mail = wait_for("e-mail of the second submission", limit, || {
        let messages = smtp.messages();
        containing(&messages, "/subject", &second)
            .first()
            .map(|m| (*m).clone())
    });
    assert_eq!(mail["rcpt_tos"], serde_json::json!([BINH.email]));
    assert_eq!(mail["from"], FROM);
    assert_eq!(
        mail["subject"],
        format!("Đã nhận hồ sơ nộp trực tuyến số {second}")
    );
    let body = mail["body"].as_str().unwrap();
    for expected in [
        second.as_str(),
        BINH.full_name,
        "Đăng ký khai sinh",
        "UBND phường An Bình",
    ] {
        assert!(
            body.contains(expected),
            "the e-mail lacks «{expected}»:\n{body}"
        );
    }
    assert!(
        body.contains(&format!(
            "https://dichvucong.tinhmau.example/tra-cuu-ho-so?ma={second}"
        )),
        "{body}"
    );
    let sms = wait_for("SMS of the second submission", limit, || {
        let requests = gateway.requests();
        containing(&requests, "/body/text", &second)
            .first()
            .map(|r| (*r).clone())
    });
    assert_eq!(sms["body"]["to"], BINH.phone);
    assert_eq!(sms["authorization"], "Bearer sms-token-123");

    // Reception from the command line: a second message on each channel, with the code.
    let line = printed(&receive(&site, &second));
    let code = line.split(' ').next().unwrap().to_owned();
    let mail = wait_for("e-mail of the reception", limit, || {
        let messages = smtp.messages();
        containing(&messages, "/subject", &code)
            .first()
            .map(|m| (*m).clone())
    });
    assert_eq!(mail["subject"], format!("Hồ sơ {code} đã được tiếp nhận"));
    assert_eq!(mail["rcpt_tos"], serde_json::json!([BINH.email]));
    assert!(mail["body"].as_str().unwrap().contains(BINH.full_name));
    let sms = wait_for("SMS of the reception", limit, || {
        let requests = gateway.requests();
        containing(&requests, "/body/text", &code)
            .first()
            .map(|r| (*r).clone())
    });
    assert_eq!(sms["body"]["to"], BINH.phone);

    // The first e-mail is retried (30 s after its failure) and delivered once.
    let mail = wait_for("the retried e-mail", Duration::from_secs(60), || {
        let messages = smtp.messages();
        containing(&messages, "/subject", &first)
            .first()
            .map(|m| (*m).clone())
    });
    assert_eq!(mail["rcpt_tos"], serde_json::json!([AN.email]));
    let rows = outbox(&site);
    assert_eq!(
        rows.len(),
        6,
        "2 submissions and 1 reception, by e-mail and SMS"
    );
    assert!(rows.iter().all(|r| r.sent_at_ms.is_some()), "all sent");
    assert_eq!(smtp.messages().len(), 3);
    // Plus the two registrations' verification codes, sent at once, not via the outbox.
    assert_eq!(gateway.requests().len(), 5);
    assert_eq!(gateway.codes_for(AN.phone).len(), 1);
    assert_eq!(gateway.codes_for(BINH.phone).len(), 1);
}

// ---------------------------------------------------------------------------------------
// 7. API errors

fn api_errors_name_the_parameter(backend: Backend) {
    let site = Site::start(backend, "api", &[]);
    let bad_request = |path: &str, field: &str| {
        let answer = site.send(Request::get(path));
        assert_eq!(answer.status, 400, "{path}: {}", answer.text());
        assert!(answer
            .header("Content-Type")
            .unwrap()
            .starts_with("application/json"));
        let json = answer.json();
        assert_eq!(json["field"], field, "{path}: {json}");
        assert!(!json["error"].as_str().unwrap().is_empty(), "{json}");
        json
    };
    bad_request("/api/v1/procedures?limit=0", "limit");
    bad_request("/api/v1/procedures?limit=501", "limit");
    let json = bad_request(&format!("/api/v1/procedures?q={}", "a".repeat(201)), "q");
    assert!(
        json["error"].as_str().unwrap().contains("quá dài"),
        "{json}"
    );
    let json = bad_request(
        &format!("/api/v1/procedures/{PROCEDURE}/preview?unit=H15.99"),
        "unit",
    );
    assert!(json["error"].as_str().unwrap().contains("H15.99"), "{json}");
    bad_request(
        &format!("/api/v1/procedures/{PROCEDURE}/preview?channel=fax"),
        "channel",
    );

    let answer = site.send(Request::get("/api/v1/procedures/khong-co-thu-tuc-nay"));
    assert_eq!(answer.status, 404, "{}", answer.text());
    assert!(answer.json()["error"]
        .as_str()
        .unwrap()
        .contains("khong-co-thu-tuc-nay"));
    let answer = site.send(Request::get(
        "/api/v1/procedures/khong-co-thu-tuc-nay/preview",
    ));
    assert_eq!(answer.status, 404, "{}", answer.text());

    // The same requests done right.
    let answer = site.send(Request::get("/api/v1/procedures?limit=1"));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["count"], 1);
    let answer = site.send(Request::get(&format!(
        "/api/v1/procedures/{PROCEDURE}/preview?unit={UNIT}&channel=online"
    )));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let preview = answer.json();
    assert_eq!(preview["unit"], UNIT);
    assert!(preview["due"].is_string(), "{preview}");
    let query = form_urlencoded(&[("q", "khai sinh")]);
    let answer = site.send(Request::get(&format!(
        "/api/v1/procedures?{query}&limit=500"
    )));
    assert_eq!(answer.status, 200);
    assert!(answer.json()["count"].as_u64().unwrap() >= 1);
}

/// `GET /api/v1/dossiers/{number}?phone=` answers the dossier for the right phone and 404
/// (the same as an unknown number) for a wrong one; `/api/v1/openapi.json` documents every
/// route of the API.
fn status_by_api_and_the_openapi_document(backend: Backend) {
    let site = Site::start(backend, "status", &[]);
    let an = sign_up(&site, &AN);
    let number = submit_valid(&site, &an, &AN, "status-api");

    let answer = site.send(Request::get(&format!(
        "/api/v1/dossiers/{number}?phone={}",
        AN.phone
    )));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let view = answer.json();
    assert_eq!(view["submission_no"], number.as_str());
    assert_eq!(view["status"], "awaiting_reception");
    assert_eq!(view["timeline"][0]["title"], "Nộp hồ sơ trực tuyến");

    for path in [
        format!("/api/v1/dossiers/{number}?phone=0999999999"),
        "/api/v1/dossiers/TN-000000-000000?phone=0912345678".to_owned(),
    ] {
        let answer = site.send(Request::get(&path));
        assert_eq!(answer.status, 404, "{path}: {}", answer.text());
        let json = answer.json();
        assert_eq!(json.as_object().unwrap().len(), 1, "only the error: {json}");
        assert!(
            json["error"].as_str().unwrap().contains("Không tìm thấy"),
            "{json}"
        );
    }

    let answer = site.send(Request::get("/api/v1/openapi.json"));
    assert_eq!(answer.status, 200);
    let doc = answer.json();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    for path in [
        "/api/v1/procedures",
        "/api/v1/procedures/{slug}",
        "/api/v1/procedures/{slug}/preview",
        "/api/v1/procedures/{slug}/dossiers",
        "/api/v1/uploads",
        "/api/v1/dossiers/{number}",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    for schema in [
        "ProcedurePage",
        "ProcedureVersion",
        "TimeLimit",
        "DossierView",
        "SubmitAnswer",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "schema {schema} missing"
        );
    }
}
