//! Issue 11, "Signatures that mean something" (SECURITY.md): against the real `motcua`
//! binary, on SQLite and PostgreSQL.
//!
//! - whoever can write one row of `result_signatures` cannot mint a valid result: a row
//!   signed with a fresh key pair of the attacker's own is refused by `/verify` (API,
//!   page, file upload), whatever key id it names;
//! - the registry is published (`/api/v1/keys`, JWKS; `/khoa-ky-so`);
//! - a re-signed result supersedes the old one ("đã được thay thế"), a result signed at or
//!   after its key's revocation is "không còn hiệu lực";
//! - signing and its history are one transaction; `motcua result sign` follows the
//!   screen's rules; private keys are sealed with the KEK from the environment.

use std::process::Output;

use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use base64::Engine;
use ed25519_dalek::Signer as _;
use motcua_server::config::Settings;
use motcua_server::signing::record::{SignatureRecord, COLUMNS};
use motcua_server::slips::{render_receipt, ReceiptSlip, SlipPerson};
use sqlx::Row;

use crate::common::http::{Multipart, Request, Response};
use crate::common::{fresh_database, run, Backend, Server};

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
    a_row_written_with_the_attackers_own_key_does_not_verify,
    a_re_signed_result_supersedes_and_a_revoked_key_voids,
    the_command_line_signs_only_as_the_screen_would,
    signing_and_its_history_are_one_transaction,
    private_keys_are_sealed_with_the_key_encryption_key,
);

pub const PUBLIC_URL: &str = "https://dichvucong.example.vn";
/// The KEK the sites run with (base64 of 32 bytes).
pub const KEK: &str = "a2V5LWVuY3J5cHRpb24ta2V5LWZvci10aGUtdGVzdHM=";
/// The audit checkpoint key the sites run with.
pub const AUDIT_KEY: &str = "YXVkaXQtY2hlY2twb2ludC1rZXktZm9yLXRoZS10ZXM=";

/// A seeded database with a decided dossier, a head of its agency and a running server.
pub struct Site {
    pub server: Option<Server>,
    pub env: Vec<(&'static str, String)>,
    pub dossier_code: String,
    pub dossier_id: String,
    pub unit: String,
}

impl Site {
    pub fn start(backend: Backend, label: &str, serve: bool) -> Site {
        let label = match backend {
            Backend::Sqlite => format!("atk_{label}_sqlite"),
            Backend::Postgres => format!("atk_{label}_pg"),
        };
        let mut env = fresh_database(backend, &label);
        env.push(("MOTCUA_PUBLIC_URL", PUBLIC_URL.to_owned()));
        env.push(("MOTCUA_KEY_ENCRYPTION_KEY", KEK.to_owned()));
        env.push(("MOTCUA_AUDIT_KEY", AUDIT_KEY.to_owned()));
        let seed = run(&["seed-demo"], &env);
        assert!(seed.status.success(), "{}", stderr(&seed));
        let mut site = Site {
            server: None,
            env,
            dossier_code: String::new(),
            dossier_id: "d-attack-1".into(),
            unit: String::new(),
        };
        let (code, unit) = site.query(async |pool| {
            let unit: String = sqlx::query(
                "SELECT code FROM agencies WHERE receives_dossiers = 1 ORDER BY sort_order, code",
            )
            .fetch_one(pool)
            .await
            .unwrap()
            .get(0);
            let code = format!("{unit}-261122-0009");
            sqlx::query(
                "INSERT INTO dossiers (id, submission_no, code, idempotency_key, procedure_slug, \
                 procedure_version, receiving_unit, processing_unit, channel, status, citizen_id, \
                 applicant_name, applicant_phone, application, calendar_version, submitted_at_ms, \
                 received_at_ms, due_at_ms, row_version) \
                 SELECT 'd-attack-1', 'TN-261122-000009', $1, 'k-attack-1', procedure_slug, \
                 version, $2, $2, 'in_person', 9, NULL, 'Nguyễn Văn Bình', '0987654321', '{}', \
                 'test', 1790000000000, 1790000000000, NULL, 1 \
                 FROM procedure_versions ORDER BY procedure_slug, version LIMIT 1",
            )
            .bind(&code)
            .bind(&unit)
            .execute(pool)
            .await
            .unwrap();
            (code, unit)
        });
        site.dossier_code = code;
        site.unit = unit.clone();
        site.staff(
            "lanhdao.ky",
            "Trần Thị Phương Thảo",
            &unit,
            "head_of_agency",
        );
        if serve {
            site.server = Some(Server::start(&site.env));
        }
        site
    }

    /// Creates a staff account with the command line.
    pub fn staff(&self, username: &str, name: &str, unit: &str, role: &str) {
        let mut env = self.env.clone();
        env.push(("MOTCUA_STAFF_PASSWORD", "Demo2026a".to_owned()));
        let out = run(
            &[
                "staff", "add", username, "--name", name, "--unit", unit, "--role", role,
            ],
            &env,
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }

    pub fn send(&self, request: Request) -> Response {
        request.send(self.server.as_ref().expect("serving").port)
    }

    pub fn motcua(&self, args: &[&str]) -> Output {
        run(args, &self.env)
    }

    /// Signs a result PDF as `staff` with the command line; the code and stamped bytes.
    pub fn sign_as(&self, staff: &str, label: &str) -> Result<(String, Vec<u8>), String> {
        let dir = crate::common::temp_dir("atk-sign");
        let input = dir.join(format!("{label}.pdf"));
        let output = dir.join("da-ky.pdf");
        std::fs::write(&input, result_pdf(&self.dossier_code, label)).unwrap();
        let out = self.motcua(&[
            "result",
            "sign",
            &self.dossier_code,
            "--file",
            input.to_str().unwrap(),
            "--staff",
            staff,
            "--out",
            output.to_str().unwrap(),
        ]);
        if !out.status.success() {
            return Err(stderr(&out));
        }
        let stdout = String::from_utf8(out.stdout).unwrap();
        // The log goes to standard output too: the answer is the last line.
        let line = stdout.lines().last().unwrap_or_default();
        let code = line.split_whitespace().next().unwrap().to_owned();
        Ok((code, std::fs::read(&output).unwrap()))
    }

    pub fn sign(&self, label: &str) -> (String, Vec<u8>) {
        self.sign_as("lanhdao.ky", label).unwrap()
    }

    pub fn query<T>(&self, work: impl AsyncFnOnce(&sqlx::AnyPool) -> T) -> T {
        let settings = Settings::from_sources(|key| {
            self.env
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        })
        .unwrap();
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

    pub fn count(&self, sql: &'static str) -> i64 {
        self.query(async |pool| sqlx::query(sql).fetch_one(pool).await.unwrap().get(0))
    }

    pub fn is_postgres(&self) -> bool {
        self.env.iter().any(|(k, _)| *k == "DATABASE_URL")
    }

    pub fn verify(&self, code: &str) -> serde_json::Value {
        let answer = self.send(Request::get(&format!("/api/v1/verify/{code}")));
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A real one-page PDF, different for each label.
pub fn result_pdf(dossier_code: &str, label: &str) -> Vec<u8> {
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap();
    render_receipt(&ReceiptSlip {
        province_header: "UBND TỈNH MẪU".into(),
        receiving_unit: "UBND PHƯỜNG AN BÌNH".into(),
        register_no: format!("0009/KQ-{label}"),
        dossier_code: dossier_code.into(),
        place: "An Bình".into(),
        applicant: SlipPerson {
            full_name: "Nguyễn Văn Bình".into(),
            personal_id: "001090001234".into(),
            address: "Số 1 đường Lê Lợi".into(),
            phone: "0987654321".into(),
            email: None,
        },
        authorised: None,
        request: "Đăng ký khai sinh".into(),
        documents: vec![("Tờ khai đăng ký khai sinh".into(), 1)],
        legal_time: "Trong ngày".into(),
        received_at: at,
        appointment: Some(at),
        result_location: "Bộ phận Một cửa".into(),
        register_book: "Quyển số: 01, Số thứ tự: 0009".into(),
        receiving_officer: "Lê Thị Thu Hà".into(),
        tracking_url: format!("{PUBLIC_URL}/tra-cuu-ho-so?ma={dossier_code}"),
    })
    .unwrap()
}

fn upload(bytes: &[u8]) -> Request {
    Request::post("/verify").multipart(&Multipart::new().file(
        "tep",
        "ket-qua.pdf",
        "application/pdf",
        bytes,
    ))
}

/// Writes a result row as an attacker with write access would: a fresh key pair of
/// their own, the public key in the row, a correct signature by it over the statement.
fn forge(site: &Site, code: &str, key_id: Option<&str>, pdf: &[u8]) {
    let attacker = ed25519_dalek::SigningKey::from_bytes(&rand_seed());
    let mut record = SignatureRecord {
        code: code.to_owned(),
        dossier_id: site.dossier_id.clone(),
        agency_code: site.unit.clone(),
        agency_name: "UBND phường An Bình".into(),
        dossier_code: site.dossier_code.clone(),
        sha256: sha256_hex(pdf),
        original_sha256: sha256_hex(b"whatever"),
        algorithm: "ed25519".into(),
        signature: String::new(),
        public_key: B64.encode(attacker.verifying_key().as_bytes()),
        signer_name: "Kẻ Giả Mạo".into(),
        signer_id: "x".into(),
        // Later than the genuine result: it must not supersede it either.
        signed_at_ms: 1_900_000_000_000,
        file_name: "gia-mao.pdf".into(),
        size_bytes: pdf.len() as i64,
        key_id: key_id.map(str::to_owned),
    };
    record.signature = B64.encode(attacker.sign(&record.statement()).to_bytes());
    site.query(async |pool| {
        sqlx::query(&format!(
            "INSERT INTO result_signatures ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
             $9, $10, $11, $12, $13, $14, $15, $16)"
        ))
        .bind(&record.code)
        .bind(&record.dossier_id)
        .bind(&record.agency_code)
        .bind(&record.agency_name)
        .bind(&record.dossier_code)
        .bind(&record.sha256)
        .bind(&record.original_sha256)
        .bind(&record.algorithm)
        .bind(&record.signature)
        .bind(&record.public_key)
        .bind(&record.signer_name)
        .bind(&record.signer_id)
        .bind(record.signed_at_ms)
        .bind(&record.file_name)
        .bind(record.size_bytes)
        .bind(&record.key_id)
        .execute(pool)
        .await
        .unwrap();
    });
}

fn rand_seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).unwrap();
    seed
}

fn sha256_hex(bytes: &[u8]) -> String {
    motcua_server::ids::sha256_hex(bytes)
}

fn a_row_written_with_the_attackers_own_key_does_not_verify(backend: Backend) {
    let site = Site::start(backend, "forge", true);
    let (genuine, _) = site.sign("that");
    assert_eq!(site.verify(&genuine)["status"], "valid");

    // The registry, published: the agency's key, as a JWKS and on the page.
    let jwks = site.send(Request::get("/api/v1/keys"));
    assert_eq!(jwks.status, 200);
    assert!(jwks
        .header("Content-Type")
        .is_some_and(|t| t.starts_with("application/jwk-set+json")));
    let jwks = jwks.json();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1, "{jwks}");
    let key = &keys[0];
    assert_eq!(key["kty"], "OKP");
    assert_eq!(key["crv"], "Ed25519");
    assert_eq!(key["agency"], site.unit.as_str());
    assert!(key["revoked_at"].is_null());
    assert!(key["valid_from"].as_str().unwrap().ends_with('Z'));
    let kid = key["kid"].as_str().unwrap().to_owned();
    assert_eq!(site.verify(&genuine)["result"]["key_id"], kid.as_str());
    assert_eq!(
        B64URL.decode(key["x"].as_str().unwrap()).unwrap(),
        B64.decode(
            site.verify(&genuine)["result"]["public_key"]
                .as_str()
                .unwrap()
        )
        .unwrap()
    );
    let openapi = site.send(Request::get("/api/v1/openapi.json")).json();
    assert!(openapi["paths"]["/api/v1/keys"]["get"].is_object());
    let page = site.send(Request::get("/khoa-ky-so")).text();
    assert!(
        page.contains("Khóa công khai ký số của các cơ quan"),
        "{page}"
    );
    assert!(page.contains(&kid) && page.contains("Đang sử dụng"));

    // Three forged rows, each signed correctly by the attacker's own fresh key pair
    // (public key in the row): naming no key id (as the first version's rows), naming
    // the attacker's key, naming the agency's real key.
    for (i, key_id) in [None, Some("attacker-key"), Some(kid.as_str())]
        .into_iter()
        .enumerate()
    {
        let code = ["GGGG-GGGG-GGG0", "GGGG-GGGG-GGG1", "GGGG-GGGG-GGG2"][i];
        let pdf = result_pdf(&site.dossier_code, &format!("forged-{i}"));
        forge(&site, code, key_id, &pdf);
        let json = site.verify(code);
        assert_eq!(json["status"], "invalid_signature", "{key_id:?}: {json}");
        let page = site
            .send(Request::get(&format!("/verify?ma={code}")))
            .text();
        assert!(
            page.contains("Chữ ký KHÔNG hợp lệ") && !page.contains("Chữ ký hợp lệ"),
            "{key_id:?}"
        );
        let answer = site.send(upload(&pdf));
        assert_eq!(answer.header("Location"), Some("/verify?loi=chu-ky-sai"));
    }
    // The forged rows did not make the genuine result "superseded".
    assert_eq!(site.verify(&genuine)["status"], "valid");
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn a_re_signed_result_supersedes_and_a_revoked_key_voids(backend: Backend) {
    let site = Site::start(backend, "supersede", true);
    let (first, _) = site.sign("first");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (second, second_pdf) = site.sign("second");
    let second_json = site.verify(&second);
    assert_eq!(second_json["status"], "valid");
    let second_at = second_json["result"]["signed_at"]
        .as_str()
        .unwrap()
        .to_owned();
    let second_ms = second_json["result"]["signed_at_ms"].as_i64().unwrap();

    // The first: genuine but replaced, naming the later one's date.
    let json = site.verify(&first);
    assert_eq!(json["status"], "superseded", "{json}");
    assert_eq!(json["by_signed_at"], second_at.as_str());
    assert_eq!(json["result"]["code"], first.as_str());
    let page = site
        .send(Request::get(&format!("/verify?ma={first}")))
        .text();
    assert!(page.contains("đã được thay thế"), "{page}");
    assert!(page.contains(&second_at));
    assert!(!page.contains("Chữ ký hợp lệ"));

    // The key was compromised from the second signature on: revoked as of then.
    let out = site.motcua(&["keys", "revoke", &site.unit, "--at", &rfc3339(second_ms)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json = site.verify(&second);
    assert_eq!(json["status"], "revoked", "{json}");
    let page = site
        .send(Request::get(&format!("/verify?ma={second}")))
        .text();
    assert!(page.contains("không còn hiệu lực"), "{page}");
    assert!(!page.contains("Chữ ký hợp lệ"));
    // Uploading the file leads to the same answer.
    let answer = site.send(upload(&second_pdf));
    assert_eq!(
        answer.header("Location"),
        Some(format!("/verify?ma={second}").as_str())
    );
    assert_eq!(
        site.send(upload(&second_pdf).json()).json()["status"],
        "revoked"
    );
    // A revoked result does not replace the first, signed before the revocation.
    assert_eq!(site.verify(&first)["status"], "valid");

    // The next signature uses a new key; the registry lists both, the old one revoked.
    let (third, _) = site.sign("third");
    assert_eq!(site.verify(&third)["status"], "valid");
    assert_eq!(site.verify(&first)["status"], "superseded");
    assert_ne!(
        site.verify(&third)["result"]["key_id"],
        site.verify(&first)["result"]["key_id"]
    );
    let jwks = site.send(Request::get("/api/v1/keys")).json();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2, "{jwks}");
    assert_eq!(
        keys.iter().filter(|k| k["revoked_at"].is_null()).count(),
        1,
        "{jwks}"
    );
    assert!(keys
        .iter()
        .any(|k| k["revoked_at"] == rfc3339(second_ms).as_str()));
    // Rotation retires the key now: what it signed stays valid.
    let out = site.motcua(&["keys", "rotate", &site.unit]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(site.verify(&third)["status"], "valid");
    // Revoking an agency without an active key: one clear sentence.
    let out = site.motcua(&["keys", "revoke", &site.unit]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("không có khóa ký đang hoạt động"));
    // Both revocations are in the audit log.
    assert_eq!(
        site.count("SELECT COUNT(*) FROM audit_log WHERE action = 'signing_key_revoked'"),
        2
    );
}

fn the_command_line_signs_only_as_the_screen_would(backend: Backend) {
    let site = Site::start(backend, "cli_rules", false);
    site.staff("chuyenvien.x", "Phạm Văn Chuyên", &site.unit, "specialist");
    let other_unit: String = site.query(async |pool| {
        sqlx::query("SELECT code FROM agencies WHERE code <> $1 ORDER BY code LIMIT 1")
            .bind(&site.unit)
            .fetch_one(pool)
            .await
            .unwrap()
            .get(0)
    });
    site.staff("lanhdao.khac", "Lê Văn Khác", &other_unit, "head_of_agency");

    // A specialist who does not hold the last step may not sign.
    let refused = site.sign_as("chuyenvien.x", "a").unwrap_err();
    assert!(refused.contains("chỉ lãnh đạo cơ quan xử lý"), "{refused}");
    // Nor the head of another agency.
    let refused = site.sign_as("lanhdao.khac", "b").unwrap_err();
    assert!(!refused.is_empty());
    // Nor a name that is no active account.
    let refused = site.sign_as("khong.ton.tai", "c").unwrap_err();
    assert!(refused.contains("--staff"), "{refused}");
    // Nor the head, while the dossier is still at the desk.
    site.query(async |pool| {
        sqlx::query("UPDATE dossiers SET status = 2 WHERE id = $1")
            .bind(&site.dossier_id)
            .execute(pool)
            .await
            .unwrap();
    });
    let refused = site.sign_as("lanhdao.ky", "d").unwrap_err();
    assert!(refused.contains("Ký số kết quả"), "{refused}");
    assert_eq!(site.count("SELECT COUNT(*) FROM result_signatures"), 0);
    // Decided: the head signs, with the history line and the audit entry.
    site.query(async |pool| {
        sqlx::query("UPDATE dossiers SET status = 9 WHERE id = $1")
            .bind(&site.dossier_id)
            .execute(pool)
            .await
            .unwrap();
    });
    site.sign_as("lanhdao.ky", "e").unwrap();
    assert_eq!(
        site.count("SELECT COUNT(*) FROM dossier_events WHERE kind = 'result_signed'"),
        1
    );
    assert_eq!(
        site.count("SELECT COUNT(*) FROM audit_log WHERE action = 'sign_result'"),
        1
    );
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(files_under(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

fn signing_and_its_history_are_one_transaction(backend: Backend) {
    let site = Site::start(backend, "one_tx", false);
    let data_dir = std::path::PathBuf::from(
        &site
            .env
            .iter()
            .find(|(k, _)| *k == "MOTCUA_DATA_DIR")
            .unwrap()
            .1,
    );
    // The history write fails (a trigger stands in for a crash, a full disk, a lost
    // connection between the signature and its history line).
    let postgres = site.is_postgres();
    site.query(async |pool| {
        let sql = if postgres {
            "CREATE FUNCTION fail_history() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'history unavailable'; END $$; \
             CREATE TRIGGER fail_history BEFORE INSERT ON dossier_events \
             FOR EACH ROW EXECUTE FUNCTION fail_history();"
        } else {
            "CREATE TRIGGER fail_history BEFORE INSERT ON dossier_events \
             BEGIN SELECT RAISE(ABORT, 'history unavailable'); END;"
        };
        sqlx::raw_sql(sql).execute(pool).await.unwrap();
    });
    let failed = site.sign_as("lanhdao.ky", "x");
    assert!(failed.is_err(), "{failed:?}");
    // No signature without its history, no audit entry, no key, no file.
    assert_eq!(site.count("SELECT COUNT(*) FROM result_signatures"), 0);
    assert_eq!(
        site.count(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('sign_result', 'signing_key_created')"
        ),
        0
    );
    assert_eq!(site.count("SELECT COUNT(*) FROM agency_keys"), 0);
    assert_eq!(
        files_under(&data_dir.join("results")),
        Vec::<std::path::PathBuf>::new()
    );

    // History back: signed, with its history line.
    site.query(async |pool| {
        let sql = if postgres {
            "DROP TRIGGER fail_history ON dossier_events"
        } else {
            "DROP TRIGGER fail_history"
        };
        sqlx::raw_sql(sql).execute(pool).await.unwrap();
    });
    let (code, _) = site.sign("y");
    assert_eq!(site.count("SELECT COUNT(*) FROM result_signatures"), 1);
    assert_eq!(
        site.count("SELECT COUNT(*) FROM dossier_events WHERE kind = 'result_signed'"),
        1
    );
    assert_eq!(files_under(&data_dir.join("results")).len(), 1, "{code}");
}

fn private_keys_are_sealed_with_the_key_encryption_key(backend: Backend) {
    let site = Site::start(backend, "sealed", false);
    site.sign("a");
    let (sealed, kek_id): (String, String) = site.query(async |pool| {
        let row = sqlx::query("SELECT secret_sealed, kek_id FROM agency_keys")
            .fetch_one(pool)
            .await
            .unwrap();
        (row.get(0), row.get(1))
    });
    assert!(sealed.starts_with(&format!("v1.{kek_id}.")), "{sealed}");

    // Another KEK cannot open it: signing fails, saying why, and signs nothing.
    let mut wrong = site.env.clone();
    wrong.retain(|(k, _)| *k != "MOTCUA_KEY_ENCRYPTION_KEY");
    wrong.push(("MOTCUA_KEY_ENCRYPTION_KEY", B64.encode([9u8; 32])));
    let dir = crate::common::temp_dir("atk-kek");
    let input = dir.join("b.pdf");
    std::fs::write(&input, result_pdf(&site.dossier_code, "b")).unwrap();
    let args = [
        "result",
        "sign",
        site.dossier_code.as_str(),
        "--file",
        input.to_str().unwrap(),
        "--staff",
        "lanhdao.ky",
    ];
    let out = run(&args, &wrong);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(site.count("SELECT COUNT(*) FROM result_signatures"), 1);
    // KEK rotation: the new KEK, the old one as previous, then rewrap.
    let new_kek = B64.encode([5u8; 32]);
    let mut rotated = site.env.clone();
    rotated.retain(|(k, _)| *k != "MOTCUA_KEY_ENCRYPTION_KEY");
    rotated.push(("MOTCUA_KEY_ENCRYPTION_KEY", new_kek.clone()));
    rotated.push(("MOTCUA_KEY_ENCRYPTION_KEY_PREVIOUS", KEK.to_owned()));
    let out = run(&["keys", "rewrap"], &rotated);
    assert!(out.status.success(), "{}", stderr(&out));
    rotated.retain(|(k, _)| *k != "MOTCUA_KEY_ENCRYPTION_KEY_PREVIOUS");
    let out = run(&args, &rotated);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(site.count("SELECT COUNT(*) FROM result_signatures"), 2);

    // A clear-text key of the first version: sealed and erased on the next start, and
    // what it signed still verifies.
    let legacy = ed25519_dalek::SigningKey::from_bytes(&rand_seed());
    let other_agency: String = site.query(async |pool| {
        sqlx::query("SELECT code FROM agencies WHERE code <> $1 ORDER BY code LIMIT 1")
            .bind(&site.unit)
            .fetch_one(pool)
            .await
            .unwrap()
            .get(0)
    });
    let public = B64.encode(legacy.verifying_key().as_bytes());
    let mut record = SignatureRecord {
        code: "HHHH-HHHH-HHH0".into(),
        dossier_id: site.dossier_id.clone(),
        agency_code: other_agency.clone(),
        agency_name: "Cơ quan cũ".into(),
        dossier_code: site.dossier_code.clone(),
        sha256: sha256_hex(b"old"),
        original_sha256: sha256_hex(b"older"),
        algorithm: "ed25519".into(),
        signature: String::new(),
        public_key: public.clone(),
        signer_name: "Người Ký Cũ".into(),
        signer_id: "cu".into(),
        // The latest result of the dossier (else it would be "superseded").
        signed_at_ms: 1_900_000_000_001,
        file_name: "cu.pdf".into(),
        size_bytes: 3,
        key_id: None,
    };
    record.signature = B64.encode(legacy.sign(&record.statement()).to_bytes());
    site.query(async |pool| {
        sqlx::query(
            "INSERT INTO signing_keys (agency_code, algorithm, public_key, secret_key, created_at_ms) \
             VALUES ($1, 'ed25519', $2, $3, 1770000000000)",
        )
        .bind(&other_agency)
        .bind(&public)
        .bind(B64.encode(legacy.to_bytes()))
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO result_signatures (verification_code, dossier_id, agency_code, agency_name, \
             dossier_code, sha256, original_sha256, algorithm, signature, public_key, signer_name, \
             signer_id, signed_at_ms, file_name, size_bytes) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(&record.code)
        .bind(&record.dossier_id)
        .bind(&record.agency_code)
        .bind(&record.agency_name)
        .bind(&record.dossier_code)
        .bind(&record.sha256)
        .bind(&record.original_sha256)
        .bind(&record.algorithm)
        .bind(&record.signature)
        .bind(&record.public_key)
        .bind(&record.signer_name)
        .bind(&record.signer_id)
        .bind(record.signed_at_ms)
        .bind(&record.file_name)
        .bind(record.size_bytes)
        .execute(pool)
        .await
        .unwrap();
    });
    let mut site = site;
    site.env = rotated;
    site.server = Some(Server::start(&site.env));
    assert_eq!(
        site.count("SELECT COUNT(*) FROM signing_keys WHERE secret_key <> ''"),
        0
    );
    assert_eq!(site.verify("HHHH-HHHH-HHH0")["status"], "valid");
}
