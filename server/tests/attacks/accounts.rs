//! Accounts (SECURITY-accounts.md): taking over a victim's dossiers by registering
//! their phone, recycled numbers, guessing passwords in parallel, guessing codes,
//! "quên mật khẩu", and the audit of sign-in events. Each scenario runs the real binary
//! with an SMS gateway stub (codes are read from what the stub received), on SQLite and
//! on PostgreSQL.

use std::path::PathBuf;
use std::time::Instant;

use motcua_server::config::Settings;
use serde_json::Value;
use sqlx::Row;

use crate::common::http::{Multipart, Request, Response};
use crate::common::mail::SmsGateway;
use crate::common::{fresh_database, run, Backend, Server};

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
    registering_a_victims_phone_gives_nothing,
    an_old_account_verifies_its_phone_at_sign_in,
    paper_dossiers_need_the_verified_phone_and_the_personal_id,
    sixty_parallel_guesses_check_at_most_five_passwords,
    codes_are_hashed_limited_and_expire,
    a_failed_sms_is_the_citizens_error,
    forgot_password_by_code_ends_every_session,
);

const STAFF_PASSWORD: &str = "Demo2026a";
const PASSWORD: &str = "matkhau2026";
/// The desk of UBND phường An Bình (demo seed), which receives birth registrations.
const DESK: &str = "anbinh.motcua";

struct Site {
    server: Server,
    env: Vec<(&'static str, String)>,
    sms: SmsGateway,
}

impl Site {
    fn start(backend: Backend, label: &str, fail_first: u32) -> Site {
        let label = match backend {
            Backend::Sqlite => format!("acc_{label}_sqlite"),
            Backend::Postgres => format!("acc_{label}_pg"),
        };
        let sms = SmsGateway::start(fail_first);
        let mut env = fresh_database(backend, &label);
        env.push(("MOTCUA_SMS_URL", sms.url()));
        let seed = run(&["seed-demo", "--staff-password", STAFF_PASSWORD], &env);
        assert!(
            seed.status.success(),
            "{}",
            String::from_utf8_lossy(&seed.stderr)
        );
        let server = Server::start(&env);
        Site { server, env, sms }
    }

    fn send(&self, request: Request) -> Response {
        request.send(self.server.port)
    }

    fn query<T>(&self, work: impl AsyncFnOnce(&sqlx::AnyPool) -> T) -> T {
        let get = |key: &str| {
            self.env
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        };
        let settings = Settings::from_sources(get).unwrap();
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let pool = motcua_server::database::connect(&settings).await.unwrap();
                let out = work(&pool).await;
                pool.close().await;
                out
            })
    }

    fn sms_dir(&self) -> PathBuf {
        self.sms.dir.join("requests")
    }
}

/// A person as the registration form and the desk's paper form take them.
#[derive(Clone, Copy)]
struct Person {
    phone: &'static str,
    full_name: &'static str,
    personal_id: &'static str,
    date_of_birth: &'static str,
    address: &'static str,
}

const VICTIM: Person = Person {
    phone: "0912345678",
    full_name: "Nguyễn Văn An",
    personal_id: "001090012345",
    date_of_birth: "1990-05-17",
    address: "Số 1 Tràng Tiền, phường Hoàn Kiếm, Hà Nội",
};

/// Someone else who holds (or claims) the victim's number: another personal ID, valid
/// for the same birth date.
const OTHER: Person = Person {
    full_name: "Kẻ Mạo Danh",
    personal_id: "001090099999",
    ..VICTIM
};

fn register(site: &Site, p: &Person) -> Response {
    let answer = site.send(Request::post("/_fn/account/register").json().form(&[
        ("form[phone]", p.phone),
        ("form[password]", PASSWORD),
        ("form[full_name]", p.full_name),
        ("form[personal_id]", p.personal_id),
        ("form[date_of_birth]", p.date_of_birth),
        ("form[address]", p.address),
        ("form[email]", ""),
    ]));
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer
}

fn confirm(site: &Site, challenge: &str, code: &str) -> Response {
    let answer = site.send(
        Request::post("/_fn/account/confirm_phone")
            .json()
            .form(&[("challenge", challenge), ("code", code)]),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer
}

fn challenge_of(answer: &Response) -> String {
    answer.json()["Ok"]["challenge"]
        .as_str()
        .unwrap_or_else(|| panic!("no code sent: {}", answer.text()))
        .to_owned()
}

/// Registers `p` with the code from the stub; returns the session cookie.
fn sign_up(site: &Site, p: &Person) -> String {
    let challenge = challenge_of(&register(site, p));
    let code = crate::common::mail::latest_code_in(&site.sms_dir(), p.phone);
    let answer = confirm(site, &challenge, &code);
    answer
        .set_cookie("motcua_session")
        .unwrap_or_else(|| panic!("code did not sign in: {}", answer.text()))
}

fn sign_in(site: &Site, phone: &str, password: &str) -> Response {
    site.send(Request::post("/_fn/account/sign_in").json().form(&[
        ("phone", phone),
        ("password", password),
        ("next", ""),
    ]))
}

fn me(site: &Site, cookie: &str) -> Value {
    site.send(Request::post("/_fn/account/me").json().cookie(Some(cookie)))
        .json()
}

/// The dossiers "Hồ sơ của tôi" lists for `cookie` (empty when not signed in).
fn my_dossiers(site: &Site, cookie: Option<&str>) -> Vec<Value> {
    let answer = site.send(Request::post("/_fn/dossier/mine").json().cookie(cookie));
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json().as_array().cloned().unwrap_or_default()
}

fn staff_cookie(site: &Site) -> String {
    let answer = site.send(Request::post("/_fn/staff/sign_in").json().form(&[
        ("username", DESK),
        ("password", STAFF_PASSWORD),
        ("next", ""),
    ]));
    answer
        .set_cookie("motcua_staff")
        .unwrap_or_else(|| panic!("desk sign-in failed: {}", answer.text()))
}

/// The desk enters and receives a paper birth registration brought in person by `p`;
/// returns the dossier id.
fn desk_intake(site: &Site, staff: &str, p: &Person) -> String {
    let pdf = format!("%PDF-1.4\n% paper form of {}\n%%EOF\n", p.personal_id).into_bytes();
    let form = Multipart::new()
        .texts(&[
            ("procedure", "dang-ky-khai-sinh"),
            ("channel", "in_person"),
            ("full_name", p.full_name),
            ("personal_id", p.personal_id),
            ("date_of_birth", p.date_of_birth),
            ("phone", p.phone),
            ("email", ""),
            ("address", p.address),
            ("note", "Nhận trực tiếp"),
        ])
        .file(
            "doc.to_khai_dang_ky_khai_sinh",
            "to-khai.pdf",
            "application/pdf",
            &pdf,
        );
    let answer = site.send(
        Request::post("/can-bo/tiep-nhan")
            .multipart(&form)
            .cookie(Some(staff)),
    );
    let location = answer.header("Location").unwrap_or_default().to_owned();
    location
        .strip_prefix("/can-bo/ho-so/")
        .and_then(|rest| rest.split('?').next())
        .unwrap_or_else(|| panic!("intake refused: {} {location}", answer.status))
        .to_owned()
}

fn linked_account(site: &Site, dossier: &str) -> Option<String> {
    let dossier = dossier.to_owned();
    site.query(async move |pool| {
        sqlx::query_scalar::<_, Option<String>>("SELECT citizen_id FROM dossiers WHERE id = $1")
            .bind(&dossier)
            .fetch_one(pool)
            .await
            .unwrap()
    })
}

// ---------------------------------------------------------------------------------------

/// An attacker registers the victim's number and never proves it: no account exists,
/// no session opens, and the victim's paper dossier is linked to nobody.
fn registering_a_victims_phone_gives_nothing(backend: Backend) {
    let site = Site::start(backend, "squat", 0);
    let answer = register(&site, &OTHER);
    let attacker = answer.set_cookie("motcua_session");
    assert_eq!(attacker, None, "a session before the phone was proven");
    assert!(
        answer.json()["Ok"]["challenge"].is_string(),
        "{}",
        answer.text()
    );
    // The code went to the phone's holder, not to the attacker.
    assert_eq!(site.sms.codes_for(VICTIM.phone).len(), 1);

    let staff = staff_cookie(&site);
    let dossier = desk_intake(&site, &staff, &VICTIM);
    assert_eq!(linked_account(&site, &dossier), None);
    // Whatever the attacker holds, "Hồ sơ của tôi" shows nothing.
    assert!(my_dossiers(&site, attacker.as_deref()).is_empty());
    let answer = sign_in(&site, OTHER.phone, PASSWORD);
    assert_eq!(
        answer.json(),
        serde_json::json!({"Err": "BadCredentials"}),
        "an unproven registration is no account"
    );
    // The number is not taken either: its real holder registers it.
    let victim = sign_up(&site, &VICTIM);
    assert_eq!(me(&site, &victim)["phone"], VICTIM.phone);
}

/// An account made before codes existed (phone never verified) gets no session until
/// the code sent at its next sign-in comes back; its old sessions stop working, and no
/// paper dossier is linked to it meanwhile.
fn an_old_account_verifies_its_phone_at_sign_in(backend: Backend) {
    let site = Site::start(backend, "old", 0);
    let hash = motcua_server::accounts::password::hash(PASSWORD).unwrap();
    let token = "a".repeat(64);
    site.query(async |pool| {
        sqlx::query(
            "INSERT INTO citizens (id, phone, password_hash, full_name, personal_id, \
             date_of_birth, address, email, created_at_ms) \
             VALUES ('old1', $1, $2, $3, $4, $5, $6, NULL, 0)",
        )
        .bind(VICTIM.phone)
        .bind(&hash)
        .bind(VICTIM.full_name)
        .bind(VICTIM.personal_id)
        .bind(VICTIM.date_of_birth)
        .bind(VICTIM.address)
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO sessions (token_hash, citizen_id, created_at_ms, expires_at_ms) \
             VALUES ($1, 'old1', 0, $2)",
        )
        .bind(motcua_server::ids::sha256_hex(token.as_bytes()))
        .bind(i64::MAX / 2)
        .execute(pool)
        .await
        .unwrap();
    });
    let old_cookie = format!("motcua_session={token}");
    assert_eq!(me(&site, &old_cookie), Value::Null, "an unverified session");

    let staff = staff_cookie(&site);
    let dossier = desk_intake(&site, &staff, &VICTIM);
    assert_eq!(linked_account(&site, &dossier), None);

    let answer = sign_in(&site, VICTIM.phone, PASSWORD);
    assert_eq!(answer.set_cookie("motcua_session"), None);
    let challenge = answer.json()["Err"]["VerifyPhone"]["challenge"]
        .as_str()
        .unwrap_or_else(|| panic!("sign-in did not ask for the code: {}", answer.text()))
        .to_owned();
    assert_eq!(
        answer.header("Location"),
        Some(format!("/xac-minh-so-dien-thoai?phien={challenge}").as_str())
    );
    let code = site.sms.latest_code(VICTIM.phone);
    let answer = confirm(&site, &challenge, &code);
    let cookie = answer.set_cookie("motcua_session").expect("signed in");
    assert_eq!(me(&site, &cookie)["phone"], VICTIM.phone);
    // From now on the desk links the owner's paper dossiers.
    let second = desk_intake(&site, &staff, &VICTIM);
    assert_eq!(linked_account(&site, &second).as_deref(), Some("old1"));
}

/// Recycled numbers: a verified phone with another personal ID gets nothing; the same
/// verified phone and personal ID get the dossier, shown with where it came from.
fn paper_dossiers_need_the_verified_phone_and_the_personal_id(backend: Backend) {
    let site = Site::start(backend, "link", 0);
    // The number's current holder (verified) is not the applicant on the paper form.
    let holder = sign_up(&site, &OTHER);
    let staff = staff_cookie(&site);
    let dossier = desk_intake(&site, &staff, &VICTIM);
    assert_eq!(linked_account(&site, &dossier), None);
    assert!(my_dossiers(&site, Some(&holder)).is_empty());

    // The holder's own paper dossier (same phone, same personal ID) is theirs.
    let own = desk_intake(&site, &staff, &OTHER);
    assert!(linked_account(&site, &own).is_some());
    let list = my_dossiers(&site, Some(&holder));
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["id"], own.as_str());
    assert_eq!(
        list[0]["origin"],
        "Nộp trực tiếp tại Bộ phận Một cửa UBND phường An Bình"
    );
}

/// 60 wrong passwords at once for one phone (and for one staff user name) check at most
/// 5 passwords; the rest are refused as too many, never with a 500.
fn sixty_parallel_guesses_check_at_most_five_passwords(backend: Backend) {
    let site = Site::start(backend, "guess", 0);
    sign_up(&site, &VICTIM);
    let port = site.server.port;
    let started = Instant::now();
    let answers = parallel(60, move |i| {
        Request::post("/_fn/account/sign_in")
            .json()
            .form(&[
                ("phone", VICTIM.phone),
                ("password", &format!("saimatkhau{i}")),
                ("next", ""),
            ])
            .send(port)
    });
    let took = started.elapsed();
    let checked = count(&answers, |j| {
        j == &serde_json::json!({"Err": "BadCredentials"})
    });
    let limited = count(&answers, |j| j["Err"]["TooManyAttempts"].is_object());
    println!("citizen: 60 parallel guesses in {took:?}: {checked} checked, {limited} limited");
    assert!(checked <= 5, "{checked} passwords checked");
    assert_eq!(checked + limited, 60, "{answers:?}");
    // Locked: even the right password waits.
    let json = sign_in(&site, VICTIM.phone, PASSWORD).json();
    assert!(json["Err"]["TooManyAttempts"].is_object(), "{json}");

    let answers = parallel(60, move |i| {
        Request::post("/_fn/staff/sign_in")
            .json()
            .form(&[
                ("username", DESK),
                ("password", &format!("saimatkhau{i}")),
                ("next", ""),
            ])
            .send(port)
    });
    let checked = count(&answers, |j| j == &serde_json::json!({"Err": "Wrong"}));
    let limited = count(&answers, |j| j["Err"]["TooMany"].is_object());
    println!("staff: 60 parallel guesses: {checked} checked, {limited} limited");
    assert!(checked <= 5, "{checked} staff passwords checked");
    assert_eq!(checked + limited, 60, "{answers:?}");

    // Each checked guess is in the audit log with the name tried and the client.
    let failed = site.query(async |pool| {
        sqlx::query(
            "SELECT action, actor_role, detail FROM audit_log \
             WHERE action IN ('citizen_sign_in_failed', 'staff_sign_in_failed')",
        )
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get::<String, _>("action"),
                r.get::<String, _>("actor_role"),
                serde_json::from_str::<Value>(&r.get::<String, _>("detail")).unwrap(),
            )
        })
        .collect::<Vec<_>>()
    });
    assert_eq!(failed.len(), 10, "{failed:?}");
    for (action, role, detail) in &failed {
        assert_eq!(role, "applicant");
        assert_eq!(detail["client"], "127.0.0.1", "{detail}");
        match action.as_str() {
            "citizen_sign_in_failed" => assert_eq!(detail["phone"], VICTIM.phone),
            _ => assert_eq!(detail["username"], DESK),
        }
    }
}

/// Codes: stored only hashed, 3 attempts each, expire, at most 5 per phone per hour.
fn codes_are_hashed_limited_and_expire(backend: Backend) {
    let site = Site::start(backend, "codes", 0);
    let first = challenge_of(&register(&site, &VICTIM));
    let code = site.sms.latest_code(VICTIM.phone);
    let stored = site.query(async |pool| {
        sqlx::query("SELECT * FROM phone_codes")
            .fetch_all(pool)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| {
                        r.try_get::<Option<String>, _>(i)
                            .ok()
                            .flatten()
                            .unwrap_or_default()
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect::<Vec<_>>()
    });
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(&code), "the code is stored in clear");

    // Three wrong attempts spend the code: the right one no longer works.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in [2, 1, 0] {
        let json = confirm(&site, &first, wrong).json();
        assert_eq!(json["Err"]["WrongCode"]["attempts_left"], left, "{json}");
    }
    let json = confirm(&site, &first, &code).json();
    assert_eq!(json, serde_json::json!({"Err": "CodeExpired"}));

    // New codes: 5 per phone per hour in all (the first one counts).
    let mut challenge = first;
    for n in 2..=5 {
        let answer = site.send(
            Request::post("/_fn/account/resend_code")
                .json()
                .form(&[("challenge", &challenge)]),
        );
        let json = answer.json();
        challenge = json["Ok"]["challenge"]
            .as_str()
            .unwrap_or_else(|| panic!("code {n} refused: {json}"))
            .to_owned();
    }
    assert_eq!(site.sms.codes_for(VICTIM.phone).len(), 5);
    let json = register(&site, &VICTIM).json();
    assert!(json["Err"]["TooManyAttempts"].is_object(), "{json}");
    assert_eq!(site.sms.codes_for(VICTIM.phone).len(), 5);

    // An expired code is refused even when right.
    let code = site.sms.latest_code(VICTIM.phone);
    let id = challenge.clone();
    site.query(async move |pool| {
        sqlx::query("UPDATE phone_codes SET expires_at_ms = expires_at_ms - 300001 WHERE id = $1")
            .bind(&id)
            .execute(pool)
            .await
            .unwrap();
    });
    let json = confirm(&site, &challenge, &code).json();
    assert_eq!(json, serde_json::json!({"Err": "CodeExpired"}));
}

/// The gateway refuses: the citizen is told at once, and no usable code is left.
fn a_failed_sms_is_the_citizens_error(backend: Backend) {
    let site = Site::start(backend, "smsfail", 1);
    let json = register(&site, &VICTIM).json();
    assert_eq!(json, serde_json::json!({"Err": "SmsFailed"}));
    let left = site.query(async |pool| {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM phone_codes")
            .fetch_one(pool)
            .await
            .unwrap()
    });
    assert_eq!(left, 0);
    // The next attempt goes through.
    sign_up(&site, &VICTIM);
}

/// "Quên mật khẩu": the code goes out only with the account's personal ID; the new
/// password ends every session.
fn forgot_password_by_code_ends_every_session(backend: Backend) {
    let site = Site::start(backend, "reset", 0);
    let first = sign_up(&site, &VICTIM);
    let second = sign_in(&site, VICTIM.phone, PASSWORD)
        .set_cookie("motcua_session")
        .expect("second session");
    let codes = site.sms.codes_for(VICTIM.phone).len();

    // The next holder of the number, without the personal ID: same answer, no code.
    let ask = |personal_id: &str| {
        site.send(
            Request::post("/_fn/account/request_reset")
                .json()
                .form(&[("phone", VICTIM.phone), ("personal_id", personal_id)]),
        )
    };
    let decoy = challenge_of(&ask(OTHER.personal_id));
    assert_eq!(site.sms.codes_for(VICTIM.phone).len(), codes);
    let reset = |challenge: &str, code: &str, password: &str| {
        site.send(Request::post("/_fn/account/reset_password").json().form(&[
            ("form[challenge]", challenge),
            ("form[code]", code),
            ("form[password]", password),
        ]))
    };
    for guess in ["000000", "123456"] {
        let json = reset(&decoy, guess, "matkhaumoi2027").json();
        assert!(json["Err"]["WrongCode"].is_object(), "{json}");
    }

    let challenge = challenge_of(&ask(VICTIM.personal_id));
    let code = site.sms.latest_code(VICTIM.phone);
    let json = reset(&challenge, &code, "ngan").json();
    assert!(json["Err"]["Invalid"].is_array(), "{json}");
    let answer = reset(&challenge, &code, "matkhaumoi2027");
    let third = answer
        .set_cookie("motcua_session")
        .unwrap_or_else(|| panic!("reset did not sign in: {}", answer.text()));
    assert_eq!(me(&site, &first), Value::Null);
    assert_eq!(me(&site, &second), Value::Null);
    assert_eq!(me(&site, &third)["phone"], VICTIM.phone);
    assert_eq!(
        sign_in(&site, VICTIM.phone, PASSWORD).json(),
        serde_json::json!({"Err": "BadCredentials"})
    );
    let answer = sign_in(&site, VICTIM.phone, "matkhaumoi2027");
    assert!(
        answer.set_cookie("motcua_session").is_some(),
        "{}",
        answer.text()
    );
    // The code is spent.
    let json = reset(&challenge, &code, "matkhaumoi2028").json();
    assert_eq!(json, serde_json::json!({"Err": "CodeExpired"}));

    // Sign-out, and every step, are in the audit log.
    let answer = site.send(
        Request::post("/_fn/account/sign_out")
            .json()
            .cookie(Some(&third)),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let actions = site.query(async |pool| {
        sqlx::query_scalar::<_, String>(
            "SELECT action FROM audit_log WHERE subject_kind = 'citizen'",
        )
        .fetch_all(pool)
        .await
        .unwrap()
    });
    for expected in [
        "phone_code_sent",
        "phone_verified",
        "citizen_sign_in",
        "citizen_sign_in_failed",
        "phone_code_wrong",
        "password_reset",
        "citizen_sign_out",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} missing: {actions:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------

/// Runs `n` requests at once (one thread each, released together).
fn parallel(n: usize, send: impl Fn(usize) -> Response + Send + Sync + 'static) -> Vec<Response> {
    let send = std::sync::Arc::new(send);
    let gate = std::sync::Arc::new(std::sync::Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let (send, gate) = (send.clone(), gate.clone());
            std::thread::spawn(move || {
                gate.wait();
                send(i)
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

fn count(answers: &[Response], matches: impl Fn(&Value) -> bool) -> usize {
    answers
        .iter()
        .filter(|a| {
            assert_eq!(a.status, 200, "{}", a.text());
            matches(&a.json())
        })
        .count()
}
