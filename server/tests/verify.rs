//! Signed results end to end, against the real `motcua` binary on a fresh SQLite file and
//! on a fresh PostgreSQL database: a result PDF is signed from the command line
//! (`motcua result sign`, as a head of the processing agency), then checked by code (`GET /api/v1/verify/{code}`, the `/verify`
//! page) and by file (`POST /verify`, with and without JavaScript), a modified copy is
//! refused, and the stamp page reads back (pdftotext) with its Vietnamese diacritics.

mod common;

use std::process::{Command, Output};

use common::http::{Multipart, Request, Response};
use common::{fresh_database, run, Backend, Server};
use motcua_server::config::Settings;
use motcua_server::slips::{render_receipt, ReceiptSlip, SlipPerson};
use sqlx::Row;

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

on_both_backends!(a_signed_result_is_verified_by_code_and_by_file);

const PUBLIC_URL: &str = "https://dichvucong.example.vn";

struct Site {
    server: Server,
    env: Vec<(&'static str, String)>,
}

impl Site {
    fn start(backend: Backend, label: &str) -> Site {
        let label = match backend {
            Backend::Sqlite => format!("vf_{label}_sqlite"),
            Backend::Postgres => format!("vf_{label}_pg"),
        };
        let mut env = fresh_database(backend, &label);
        env.push(("MOTCUA_PUBLIC_URL", PUBLIC_URL.to_owned()));
        let seed = run(&["seed-demo"], &env);
        assert!(
            seed.status.success(),
            "seed-demo failed: {}",
            String::from_utf8_lossy(&seed.stderr)
        );
        let server = Server::start(&env);
        Site { server, env }
    }

    fn send(&self, request: Request) -> Response {
        request.send(self.server.port)
    }

    fn motcua(&self, args: &[&str]) -> Output {
        run(args, &self.env)
    }

    fn query<T>(&self, work: impl AsyncFnOnce(&sqlx::AnyPool) -> T) -> T {
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
}

/// Inserts a decided dossier (status 9) of the first seeded procedure at the first unit
/// that receives dossiers, as the desk and the processing agency would have left it.
fn decided_dossier(site: &Site) -> (String, String) {
    site.query(async |pool| {
        let unit: String = sqlx::query(
            "SELECT code FROM agencies WHERE receives_dossiers = 1 ORDER BY sort_order, code",
        )
        .fetch_one(pool)
        .await
        .unwrap()
        .get(0);
        let code = format!("{unit}-261122-0007");
        sqlx::query(
            "INSERT INTO dossiers (id, submission_no, code, idempotency_key, procedure_slug, \
             procedure_version, receiving_unit, processing_unit, channel, status, citizen_id, \
             applicant_name, applicant_phone, application, calendar_version, submitted_at_ms, \
             received_at_ms, due_at_ms, row_version) \
             SELECT 'd-verify-1', 'TN-261122-000007', $1, 'k-verify-1', procedure_slug, version, \
             $2, $2, 'in_person', 9, NULL, 'Nguyễn Văn Bình', '0987654321', '{}', 'test', \
             1790000000000, 1790000000000, NULL, 1 \
             FROM procedure_versions ORDER BY procedure_slug, version LIMIT 1",
        )
        .bind(&code)
        .bind(&unit)
        .execute(pool)
        .await
        .unwrap();
        (code, unit)
    })
}

/// A staff account of `unit` with `role`, created with the command line; returns its id.
fn staff_account(site: &Site, username: &str, name: &str, unit: &str, role: &str) -> String {
    let mut env = site.env.clone();
    env.push(("MOTCUA_STAFF_PASSWORD", "Demo2026a".to_owned()));
    let out = run(
        &[
            "staff", "add", username, "--name", name, "--unit", unit, "--role", role,
        ],
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site.query(async |pool| {
        sqlx::query("SELECT id FROM staff WHERE username = $1")
            .bind(username)
            .fetch_one(pool)
            .await
            .unwrap()
            .get(0)
    })
}

/// A real PDF to sign: a one-page slip rendered by the server's own PDF code.
fn result_pdf(dossier_code: &str) -> Vec<u8> {
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap();
    render_receipt(&ReceiptSlip {
        province_header: "UBND TỈNH MẪU".into(),
        receiving_unit: "UBND PHƯỜNG AN BÌNH".into(),
        register_no: "0007/KQ".into(),
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
        register_book: "Quyển số: 01, Số thứ tự: 0007".into(),
        receiving_officer: "Lê Thị Thu Hà".into(),
        tracking_url: format!("{PUBLIC_URL}/tra-cuu-ho-so?ma={dossier_code}"),
    })
    .unwrap()
}

/// The text of one page of a PDF, by poppler's `pdftotext`, whitespace runs as one space.
fn page_text(pdf: &[u8], page: usize) -> String {
    let dir = common::temp_dir("verify-pdf");
    let path = dir.join("stamped.pdf");
    std::fs::write(&path, pdf).unwrap();
    let page = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &page, "-l", &page, "-enc", "UTF-8"])
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

fn pages(pdf: &[u8]) -> usize {
    let dir = common::temp_dir("verify-info");
    let path = dir.join("f.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfinfo").arg(&path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints Pages")
}

fn upload(bytes: &[u8]) -> Request {
    Request::post("/verify").multipart(&Multipart::new().file(
        "tep",
        "ket-qua.pdf",
        "application/pdf",
        bytes,
    ))
}

fn a_signed_result_is_verified_by_code_and_by_file(backend: Backend) {
    let site = Site::start(backend, "sign");
    let (dossier_code, unit) = decided_dossier(&site);
    let signer_id = staff_account(
        &site,
        "thao.lanhdao",
        "Trần Thị Phương Thảo",
        &unit,
        "head_of_agency",
    );
    let original = result_pdf(&dossier_code);
    let dir = common::temp_dir("verify-cli");
    let input = dir.join("quyết-định.pdf");
    let output = dir.join("da-ky.pdf");
    std::fs::write(&input, &original).unwrap();

    // Signed from the command line, by dossier code.
    let out = site.motcua(&[
        "result",
        "sign",
        &dossier_code,
        "--file",
        input.to_str().unwrap(),
        "--staff",
        "thao.lanhdao",
        "--out",
        output.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let line = stdout.lines().last().unwrap_or_default();
    let (code, path) = line.split_once(' ').unwrap_or_else(|| panic!("{line:?}"));
    assert_eq!(code.len(), 14, "{code}");
    assert_eq!(path, output.to_str().unwrap());
    let stamped = std::fs::read(&output).unwrap();
    assert!(
        stamped.starts_with(&original),
        "the original bytes are kept"
    );
    assert_eq!(pages(&stamped), pages(&original) + 1);

    // The stamp page, read back as text, with its diacritics.
    let last = page_text(&stamped, pages(&stamped));
    for expected in [
        "TRANG XÁC THỰC ĐIỆN TỬ",
        &format!("Mã xác thực: {code} — kiểm tra tại {PUBLIC_URL}/verify"),
        "Trần Thị Phương Thảo",
        &dossier_code,
        "quyết-định.pdf",
        "(giờ Việt Nam, UTC+7)",
        "Cơ quan ký:",
    ] {
        assert!(last.contains(expected), "stamp lacks «{expected}»:\n{last}");
    }

    // By code, JSON.
    let answer = site.send(Request::get(&format!("/api/v1/verify/{code}")));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let json = answer.json();
    assert_eq!(json["status"], "valid", "{json}");
    let result = &json["result"];
    assert_eq!(result["code"], code);
    assert_eq!(result["dossier_code"], dossier_code.as_str());
    assert_eq!(result["agency_code"], unit.as_str());
    assert_eq!(result["signer"], "Trần Thị Phương Thảo");
    assert_eq!(result["signer_id"], signer_id.as_str());
    assert_eq!(result["file_name"], "quyết-định.pdf");
    assert_eq!(result["size"], stamped.len());
    assert_eq!(result["algorithm"], "ed25519");
    // Typed the way people type.
    let sloppy = code.to_lowercase().replace('-', "").replace('0', "o");
    let answer = site.send(Request::get(&format!("/api/v1/verify/{sloppy}")));
    assert_eq!(answer.json()["result"]["code"], code);
    let answer = site.send(Request::get("/api/v1/verify/0000-0000-0000"));
    assert_eq!(answer.status, 404, "{}", answer.text());
    let answer = site.send(Request::get("/api/v1/verify/khong-phai-ma"));
    assert_eq!(answer.status, 400, "{}", answer.text());
    assert_eq!(answer.json()["field"], "code");

    // By code, the page (server-rendered, complete without JavaScript).
    let page = site.send(Request::get(&format!("/verify?ma={code}")));
    assert_eq!(page.status, 200);
    let html = page.text();
    for expected in [
        "Chữ ký hợp lệ",
        "Trần Thị Phương Thảo",
        dossier_code.as_str(),
        code,
    ] {
        assert!(html.contains(expected), "page lacks «{expected}»");
    }
    let page = site.send(Request::get("/verify?ma=0000-0000-0000"));
    assert!(page
        .text()
        .contains("Không tìm thấy văn bản đã ký nào khớp"));
    let empty = site.send(Request::get("/verify")).text();
    assert!(empty.contains("Xác thực văn bản kết quả") && !empty.contains("Chữ ký hợp lệ"));

    // By file, the form without JavaScript: a redirect to the answer.
    let answer = site.send(upload(&stamped));
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert_eq!(
        answer.header("Location"),
        Some(format!("/verify?ma={code}").as_str())
    );
    // And in JSON.
    let answer = site.send(upload(&stamped).json());
    assert_eq!(answer.json()["status"], "valid");
    let answer = site.send(
        Request::post("/api/v1/verify").multipart(&Multipart::new().file(
            "tep",
            "x.pdf",
            "application/pdf",
            &stamped,
        )),
    );
    assert_eq!(answer.json()["result"]["code"], code);

    // A modified copy: one byte changed in the original's part.
    let mut modified = stamped.clone();
    let at = original.len() / 2;
    modified[at] = if modified[at] == b'A' { b'B' } else { b'A' };
    let answer = site.send(upload(&modified));
    assert_eq!(answer.status, 303);
    assert_eq!(
        answer.header("Location"),
        Some(format!("/verify?loi=da-sua-doi&ma-tep={code}").as_str())
    );
    let page = site.send(Request::get(answer.header("Location").unwrap()));
    assert!(page.text().contains("nội dung đã bị thay đổi sau khi ký"));
    assert!(!page.text().contains("Chữ ký hợp lệ"));
    assert_eq!(
        site.send(upload(&modified).json()).json(),
        serde_json::json!({"status": "modified", "code": code})
    );
    // The original, unstamped: not a signed file.
    let answer = site.send(upload(&original));
    assert_eq!(answer.header("Location"), Some("/verify?loi=khong-khop"));
    // Not a PDF, no file.
    let answer = site.send(upload(b"\x89PNG\r\n\x1a\nimage"));
    assert_eq!(
        answer.header("Location"),
        Some("/verify?loi=khong-phai-pdf")
    );
    let answer = site.send(Request::post("/verify").multipart(&Multipart::new().text("x", "y")));
    assert_eq!(answer.header("Location"), Some("/verify?loi=chua-chon-tep"));
    let page = site.send(Request::get("/verify?loi=khong-phai-pdf")).text();
    assert!(page.contains("Tệp đã chọn không phải PDF"));
    // Free text in the address is never printed.
    let page = site
        .send(Request::get("/verify?loi=Goi-0900-000-000"))
        .text();
    assert!(!page.contains("Goi-0900"));

    // The record was altered in the database: the signature no longer verifies.
    site.query(async |pool| {
        sqlx::query(
            "UPDATE result_signatures SET signer_name = 'Người Khác' WHERE verification_code = $1",
        )
        .bind(code)
        .execute(pool)
        .await
        .unwrap();
    });
    let answer = site.send(Request::get(&format!("/api/v1/verify/{code}")));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["status"], "invalid_signature");
    let answer = site.send(upload(&stamped));
    assert_eq!(answer.header("Location"), Some("/verify?loi=chu-ky-sai"));
    let page = site
        .send(Request::get(&format!("/verify?ma={code}")))
        .text();
    assert!(page.contains("Chữ ký KHÔNG hợp lệ") && !page.contains("Chữ ký hợp lệ"));

    // Bad input to the command: one Vietnamese sentence, status 1.
    let not_pdf = dir.join("anh.png");
    std::fs::write(&not_pdf, b"\x89PNG\r\n\x1a\nimage").unwrap();
    let out = site.motcua(&[
        "result",
        "sign",
        &dossier_code,
        "--file",
        not_pdf.to_str().unwrap(),
        "--staff",
        "thao.lanhdao",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("không phải PDF"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = site.motcua(&[
        "result",
        "sign",
        "H00-000000-0000",
        "--file",
        input.to_str().unwrap(),
        "--staff",
        "thao.lanhdao",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không có hồ sơ"));
}
