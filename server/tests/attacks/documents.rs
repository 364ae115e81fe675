//! Issue 11, "Staff": officers open the documents citizens send — and nobody else does;
//! uploads are scanned by a real ClamAV daemon before any officer can open them;
//! administrators download no dossier slips.
//!
//! The malware test never holds the EICAR test string in a file of this repository: it
//! is put together from pieces at run time, and the daemon's signature database is
//! built from it in a temporary directory (`sigtool --md5` into a `.hdb`, plus a body
//! signature in an `.ndb`, so that it is also found inside a PDF).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use super::common::http::{Multipart, Request, Response};
use super::common::staff_site::{at, block_on, Site, CRIMINAL_RECORD, PASSWORD};
use super::common::{temp_dir, Backend, Server};
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
    documents_open_for_the_applicant_and_the_units_staff_only,
    infected_uploads_are_refused_and_a_scanner_outage_fails_closed,
    administrators_download_no_slips,
);

// ---------------------------------------------------------------------------------------
// The site: a seeded database (demo province and staff) and `motcua serve` on it.

struct Running {
    site: Site,
    server: Server,
}

/// The settings that point `motcua` at the database `site` made.
fn env_of(site: &Site, extra: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    let mut env = vec![
        ("MOTCUA_DATA_DIR", site.data_dir.display().to_string()),
        (
            "DATABASE_URL",
            site.pool.connect_options().database_url.to_string(),
        ),
    ];
    env.extend_from_slice(extra);
    env
}

impl Running {
    async fn start(backend: Backend, label: &str, extra: &[(&'static str, String)]) -> Running {
        let site = Site::start(backend, label).await;
        let server = Server::start(&env_of(&site, extra));
        Running { site, server }
    }

    fn send(&self, request: Request) -> Response {
        request.send(self.server.port)
    }

    /// Signs a staff member in and returns the cookie (`motcua_staff=…`).
    fn staff(&self, username: &str) -> String {
        let answer = self.send(Request::post("/_fn/staff/sign_in").json().form(&[
            ("username", username),
            ("password", PASSWORD),
            ("next", ""),
        ]));
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer
            .set_cookie("motcua_staff")
            .unwrap_or_else(|| panic!("{username} signed in: {}", answer.text()))
    }

    /// Registers a citizen and returns the session cookie.
    fn citizen(&self, phone: &str, name: &str, personal_id: &str, born: &str) -> String {
        let answer = self.send(Request::post("/_fn/account/register").json().form(&[
            ("form[phone]", phone),
            ("form[password]", "matkhau2026"),
            ("form[full_name]", name),
            ("form[personal_id]", personal_id),
            ("form[date_of_birth]", born),
            (
                "form[address]",
                "Số 1 đường An Bình, phường An Bình, Tỉnh Mẫu",
            ),
            ("form[email]", "cong.dan@example.vn"),
        ]));
        assert_eq!(answer.status, 200, "{}", answer.text());
        let answer = self.server.confirm_registration(&answer);
        answer
            .set_cookie("motcua_session")
            .unwrap_or_else(|| panic!("registered: {}", answer.text()))
    }

    fn upload(&self, cookie: &str, name: &str, kind: &str, bytes: &[u8]) -> Response {
        self.send(
            Request::post("/api/v1/uploads")
                .cookie(Some(cookie))
                .multipart(&Multipart::new().file("file", name, kind, bytes)),
        )
    }

    /// Stages two files and submits a birth registration to the ward of An Bình with
    /// them; returns the submission number.
    fn submit(&self, cookie: &str, key: &str, to_khai: &Staged, chung_sinh: &Staged) -> String {
        let form = Multipart::new()
            .texts(&[
                ("idempotency_key", key),
                ("unit", "H15.50"),
                ("applicant.full_name", "Nguyễn Văn An"),
                ("applicant.personal_id", "001090012345"),
                ("applicant.date_of_birth", "1990-05-17"),
                ("applicant.phone", "0912345678"),
                ("applicant.email", "an.nguyen@example.vn"),
                (
                    "applicant.address",
                    "Số 1 đường An Bình, phường An Bình, Tỉnh Mẫu",
                ),
                ("values.ho_ten_tre", "Nguyễn Minh Khang"),
                ("values.ngay_sinh_tre", "2025-10-01"),
                ("values.gioi_tinh_tre", "Nam"),
                ("values.noi_sinh", "Bệnh viện Đa khoa Tỉnh Mẫu"),
                ("delivery.kind", "at_desk"),
            ])
            .text("uploads.to_khai_dang_ky_khai_sinh", &to_khai.token)
            .text("uploads.giay_chung_sinh", &chung_sinh.token);
        let answer = self.send(
            Request::post("/api/v1/procedures/dang-ky-khai-sinh/dossiers")
                .json()
                .cookie(Some(cookie))
                .multipart(&form),
        );
        assert_eq!(answer.status, 201, "{}", answer.text());
        answer.json()["submission_no"].as_str().unwrap().to_owned()
    }

    /// The citizen's dossier `number`: its id and its files' (slot, position, name).
    fn mine(&self, cookie: &str, number: &str) -> (String, Vec<(String, u64, String)>) {
        let answer = self.send(
            Request::post("/_fn/dossier/mine")
                .json()
                .cookie(Some(cookie)),
        );
        assert_eq!(answer.status, 200, "{}", answer.text());
        let list = answer.json();
        let d = list
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["submission_no"] == number)
            .unwrap_or_else(|| panic!("{number} in {list}"))
            .clone();
        let files = d["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["slot"].as_str().unwrap().to_owned(),
                    f["position"].as_u64().unwrap(),
                    f["file_name"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (d["id"].as_str().unwrap().to_owned(), files)
    }

    async fn count(&self, sql: &str, bind: &str) -> i64 {
        self.site.count(sql, bind).await
    }

    async fn views(&self, dossier: &str) -> Vec<(String, String)> {
        sqlx::query(
            "SELECT actor_role, detail FROM audit_log WHERE subject_id = $1 \
             AND action = 'view_document' ORDER BY at_ms, id",
        )
        .bind(dossier)
        .fetch_all(&self.site.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get("actor_role"), r.get("detail")))
        .collect()
    }
}

struct Staged {
    token: String,
}

fn staged(answer: &Response) -> Staged {
    assert_eq!(answer.status, 200, "{}", answer.text());
    Staged {
        token: answer.json()["token"].as_str().unwrap().to_owned(),
    }
}

/// A small PDF, different for each `tag`.
fn pdf(tag: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% motcua document {tag}\n1 0 obj <<>> endobj\n%%EOF\n").into_bytes()
}

/// A 2×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7b, 0x40, 0xe8,
    0xdd, 0x00, 0x00, 0x00, 0x0f, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x44, 0x0c, 0x00, 0x0b, 0xf5, 0x02, 0xfe, 0x95, 0x4e, 0x53, 0x36, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

fn file_path(dossier: &str, slot: &str, position: u64, staff: bool) -> String {
    let base = if staff { "/can-bo/ho-so" } else { "/ho-so" };
    format!("{base}/{dossier}/tai-lieu/{slot}/{position}")
}

/// The headers every served document carries.
fn assert_document_headers(answer: &Response, content_type: &str, ascii_name: &str) {
    assert_eq!(answer.header("content-type"), Some(content_type));
    let disposition = answer.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with(&format!(
            "inline; filename=\"{ascii_name}\"; filename*=UTF-8''"
        )),
        "{disposition}"
    );
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    let csp = answer.header("content-security-policy").unwrap();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(!csp.contains("script-src"), "no script allowed: {csp}");
}

// ---------------------------------------------------------------------------------------
// 1. Who opens which document

/// "Serve each file … to staff of a unit that may see the dossier, and to the dossier's
/// own applicant … Each view is audited": the applicant and the ward's desk get the
/// exact bytes with safe headers and an audit line per view; another citizen, an
/// anonymous visitor, another commune's desk and an administrator get the 404 of a
/// document that does not exist, and leave no audit line.
async fn documents_open_for_the_applicant_and_the_units_staff_only(backend: Backend) {
    let run = Running::start(backend, "doc_open", &[]).await;
    let an = run.citizen("0912345678", "Nguyễn Văn An", "001090012345", "1990-05-17");
    let binh = run.citizen("0987654321", "Trần Thị Bình", "001190054321", "1990-08-20");
    let to_khai = pdf("tờ khai của An");
    let a = staged(&run.upload(
        &an,
        "Tờ khai đăng ký khai sinh.pdf",
        "application/pdf",
        &to_khai,
    ));
    let b = staged(&run.upload(&an, "giấy chứng sinh.png", "image/png", PNG));
    let number = run.submit(&an, "documents-open-0001", &a, &b);
    let (id, files) = run.mine(&an, &number);
    assert_eq!(files.len(), 2, "{files:?}");
    let find = |slot: &str| files.iter().find(|f| f.0 == slot).unwrap().clone();
    let (pdf_slot, pdf_pos, _) = find("to_khai_dang_ky_khai_sinh");
    let (png_slot, png_pos, _) = find("giay_chung_sinh");

    // The applicant, then the ward's desk (the receiving unit), get the exact bytes.
    let desk = run.staff("anbinh.motcua");
    for (cookie, staff) in [(&an, false), (&desk, true)] {
        let answer =
            run.send(Request::get(&file_path(&id, &pdf_slot, pdf_pos, staff)).cookie(Some(cookie)));
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        assert_eq!(answer.body, to_khai);
        assert_document_headers(&answer, "application/pdf", "to-khai-dang-ky-khai-sinh.pdf");
        assert!(answer
            .header("content-disposition")
            .unwrap()
            .ends_with("T%E1%BB%9D%20khai%20%C4%91%C4%83ng%20k%C3%BD%20khai%20sinh.pdf"));
        let answer =
            run.send(Request::get(&file_path(&id, &png_slot, png_pos, staff)).cookie(Some(cookie)));
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body, PNG);
        assert_document_headers(&answer, "image/png", "giay-chung-sinh.png");
        // The slot's page shows the image inline.
        let base = if staff { "/can-bo/ho-so" } else { "/ho-so" };
        let page = run
            .send(Request::get(&format!("{base}/{id}/tai-lieu/{png_slot}")).cookie(Some(cookie)));
        assert_eq!(page.status, 200);
        assert!(
            page.text().contains(&format!(
                "<img src=\"{}\"",
                file_path(&id, &png_slot, png_pos, staff)
            )),
            "{}",
            page.text()
        );
        assert_eq!(page.header("cache-control"), Some("no-store"));
    }
    let views = run.views(&id).await;
    let roles: Vec<&str> = views.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        roles,
        [
            "applicant",
            "applicant",
            "one_stop_officer",
            "one_stop_officer"
        ]
    );
    assert!(
        views[0].1.contains("Tờ khai đăng ký khai sinh.pdf"),
        "{}",
        views[0].1
    );

    // Everyone else: 404, the same as a document that does not exist, and no audit line.
    let other_commune = run.staff("hoaphu.motcua");
    let admin = run.staff("quantri");
    let outsiders = [
        Some(binh.as_str()),
        None,
        Some(other_commune.as_str()),
        Some(admin.as_str()),
    ];
    for cookie in outsiders {
        for staff in [false, true] {
            for path in [
                file_path(&id, &pdf_slot, pdf_pos, staff),
                format!(
                    "{}/{id}/tai-lieu/{pdf_slot}",
                    if staff { "/can-bo/ho-so" } else { "/ho-so" }
                ),
            ] {
                let answer = run.send(Request::get(&path).cookie(cookie));
                assert_eq!(
                    answer.status,
                    404,
                    "{path} {cookie:?}: {}",
                    String::from_utf8_lossy(&answer.body)
                );
                assert_ne!(answer.body, to_khai);
            }
        }
    }
    let nothing = run.send(Request::get(&file_path(&id, &pdf_slot, 99, true)).cookie(Some(&desk)));
    assert_eq!(nothing.status, 404);
    assert_eq!(run.views(&id).await.len(), 4, "refusals are not views");
}

// ---------------------------------------------------------------------------------------
// 2. Malware scanning with a real ClamAV daemon

/// The EICAR anti-virus test string, put together at run time (never stored whole in
/// this repository).
fn eicar() -> Vec<u8> {
    [
        "X5O!P%@AP[4\\PZX54(P^)7CC)7}$",
        "EICAR-STANDARD-",
        "ANTIVIRUS-TEST-",
        "FILE!$H+H*",
    ]
    .concat()
    .into_bytes()
}

/// A PDF (it passes the format check) that carries the test string.
fn infected_pdf() -> Vec<u8> {
    let mut out = b"%PDF-1.4\n% ".to_vec();
    out.extend_from_slice(&eicar());
    out.extend_from_slice(b"\n1 0 obj <<>> endobj\n%%EOF\n");
    out
}

/// A ClamAV daemon on a loopback port with a signature database made here.
struct Clamd {
    child: Option<Child>,
    config: PathBuf,
    port: u16,
}

impl Clamd {
    fn start() -> Clamd {
        let dir = temp_dir("clamd");
        let db = dir.join("db");
        std::fs::create_dir_all(&db).unwrap();
        // `sigtool --md5` of the test string and of the infected PDF → an MD5 database;
        // the string as a body signature → found anywhere inside a file.
        let mut hdb = String::new();
        for (name, bytes) in [
            ("Eicar-Test-Signature", eicar()),
            ("Eicar-Test-Pdf", infected_pdf()),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, &bytes).unwrap();
            let out = Process::new("sigtool")
                .arg("--md5")
                .arg(name)
                .current_dir(&dir)
                .output()
                .expect("sigtool (clamav, installed by scripts/setup.sh --test)");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            hdb.push_str(&String::from_utf8(out.stdout).unwrap());
            std::fs::remove_file(&path).unwrap();
        }
        std::fs::write(db.join("motcua-test.hdb"), hdb).unwrap();
        let hex: String = eicar().iter().map(|b| format!("{b:02x}")).collect();
        std::fs::write(
            db.join("motcua-test.ndb"),
            format!("Eicar-Test-Body:0:*:{hex}\n"),
        )
        .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = dir.join("clamd.conf");
        std::fs::write(
            &config,
            format!(
                "DatabaseDirectory {db}\nTCPSocket {port}\nTCPAddr 127.0.0.1\nForeground yes\n\
                 LogFile {log}\nPidFile {pid}\nStreamMaxLength 20M\n",
                db = db.display(),
                log = dir.join("clamd.log").display(),
                pid = dir.join("clamd.pid").display(),
            ),
        )
        .unwrap();
        let mut clamd = Clamd {
            child: None,
            config,
            port,
        };
        clamd.resume();
        clamd
    }

    /// Starts the daemon (again) and waits until it answers PING.
    fn resume(&mut self) {
        let started = Instant::now();
        self.child = Some(
            Process::new("/usr/sbin/clamd")
                .arg("-c")
                .arg(&self.config)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("clamd (clamav-daemon, installed by scripts/setup.sh --test)"),
        );
        while !ping(self.port) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "clamd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        assert!(!ping(self.port), "clamd stopped");
    }

    fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for Clamd {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn ping(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let mut reply = [0u8; 16];
    s.write_all(b"zPING\0").is_ok()
        && s.read(&mut reply)
            .is_ok_and(|n| reply[..n].starts_with(b"PONG"))
}

/// Every stored document file under the data directory.
fn stored_files(data_dir: &Path) -> usize {
    let Ok(dirs) = std::fs::read_dir(data_dir.join("files")) else {
        return 0;
    };
    dirs.flatten()
        .filter_map(|d| std::fs::read_dir(d.path()).ok())
        .map(|files| files.count())
        .sum()
}

/// "Infected → refused with a clear Vietnamese message, nothing stored; scanner down →
/// uploads wait (fail closed), staff see «đang kiểm tra»": against a real clamd.
async fn infected_uploads_are_refused_and_a_scanner_outage_fails_closed(backend: Backend) {
    let mut clamd = Clamd::start();
    let run = Running::start(
        backend,
        "doc_scan",
        &[
            ("MOTCUA_CLAMD", clamd.address()),
            ("MOTCUA_CLAMD_RETRY_SECONDS", "1".to_owned()),
        ],
    )
    .await;
    let an = run.citizen("0912345678", "Nguyễn Văn An", "001090012345", "1990-05-17");
    let desk = run.staff("anbinh.motcua");
    let data_dir = run.site.data_dir.clone();

    // Infected: refused, naming the file; no staged row, no file on disk, no verdict kept.
    let refused = run.upload(&an, "tờ khai nhiễm.pdf", "application/pdf", &infected_pdf());
    assert_eq!(refused.status, 422, "{}", refused.text());
    let message = refused.json()["error"].as_str().unwrap().to_owned();
    assert!(
        message.contains("“tờ khai nhiễm.pdf”") && message.contains("mã độc"),
        "{message}"
    );
    assert_eq!(stored_files(&data_dir), 0);
    assert_eq!(
        run.count("SELECT COUNT(*) FROM staged_uploads WHERE token <> $1", "")
            .await,
        0
    );
    assert_eq!(
        run.count("SELECT COUNT(*) FROM file_scans WHERE sha256 <> $1", "")
            .await,
        0
    );

    // Clean: accepted, and opens for the desk.
    let clean = pdf("sạch");
    let a = run.upload(&an, "to-khai.pdf", "application/pdf", &clean);
    assert_eq!(a.json()["checking"], false, "{}", a.text());
    let b = staged(&run.upload(&an, "chung-sinh.png", "image/png", PNG));
    let number = run.submit(&an, "documents-scan-00001", &staged(&a), &b);
    let (id, files) = run.mine(&an, &number);
    let (slot, pos, _) = files[0].clone();
    let answer = run.send(Request::get(&file_path(&id, &slot, pos, true)).cookie(Some(&desk)));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, clean);

    // The scanner goes down: uploads are kept but wait, infected or not (the scanner is
    // the only judge); nobody opens them, the lists say "đang kiểm tra".
    clamd.stop();
    let waiting = pdf("chờ quét");
    let c = run.upload(&an, "to-khai-2.pdf", "application/pdf", &waiting);
    assert_eq!(c.status, 200, "{}", c.text());
    assert_eq!(c.json()["checking"], true);
    let d = staged(&run.upload(
        &an,
        "chung-sinh-nhiem.pdf",
        "application/pdf",
        &infected_pdf(),
    ));
    let second = run.submit(&an, "documents-scan-00002", &staged(&c), &d);
    let (id2, files2) = run.mine(&an, &second);
    let path_of = |name: &str, staff: bool| {
        let (slot, pos, _) = files2.iter().find(|f| f.2 == name).unwrap();
        file_path(&id2, slot, *pos, staff)
    };
    for (cookie, staff) in [(&desk, true), (&an, false)] {
        for name in ["to-khai-2.pdf", "chung-sinh-nhiem.pdf"] {
            let answer = run.send(Request::get(&path_of(name, staff)).cookie(Some(cookie)));
            assert_eq!(answer.status, 409, "{name}");
            assert!(answer.text().contains("đang kiểm tra"), "{}", answer.text());
            assert!(answer.text().contains(name), "{}", answer.text());
        }
    }
    let page = run.send(
        Request::get(&format!("/can-bo/ho-so/{id2}/tai-lieu/{}", files2[0].0)).cookie(Some(&desk)),
    );
    assert!(page.text().contains("đang kiểm tra"), "{}", page.text());
    assert!(
        !page
            .text()
            .contains(&format!("href=\"/can-bo/ho-so/{id2}/tai-lieu")),
        "no link to a file waiting: {}",
        page.text()
    );
    let mine = run.send(Request::post("/_fn/dossier/mine").json().cookie(Some(&an)));
    assert!(
        mine.text().contains("\"check\":\"checking\""),
        "{}",
        mine.text()
    );

    // The scanner is back: the job settles both — the clean one opens, the infected one
    // is blocked for good.
    clamd.resume();
    let started = Instant::now();
    let opened = loop {
        let answer = run.send(Request::get(&path_of("to-khai-2.pdf", true)).cookie(Some(&desk)));
        if answer.status == 200 || started.elapsed() > Duration::from_secs(30) {
            break answer;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(
        opened.status,
        200,
        "{}",
        String::from_utf8_lossy(&opened.body)
    );
    assert_eq!(opened.body, waiting);
    let started = Instant::now();
    let blocked = loop {
        let answer =
            run.send(Request::get(&path_of("chung-sinh-nhiem.pdf", true)).cookie(Some(&desk)));
        if answer.text().contains("mã độc") && !answer.text().contains("đang kiểm tra")
            || started.elapsed() > Duration::from_secs(30)
        {
            break answer;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(blocked.status, 409);
    assert!(blocked.text().contains("bị chặn"), "{}", blocked.text());
    assert_eq!(
        run.count(
            "SELECT COUNT(*) FROM file_scans WHERE status = $1",
            "infected"
        )
        .await,
        1
    );
    let owner = run.send(Request::get(&path_of("chung-sinh-nhiem.pdf", false)).cookie(Some(&an)));
    assert_eq!(owner.status, 409);
}

// ---------------------------------------------------------------------------------------
// 3. Administrators download no slips

/// "Administrators do not download dossier slips or results": the agency administrator
/// of the Department of Justice, which processes the dossier, gets the 404 of a dossier
/// it cannot see (its head of agency gets the slip), and no register.
async fn administrators_download_no_slips(backend: Backend) {
    let run = Running::start(backend, "doc_admin", &[]).await;
    let desk = run.site.staff("ttpvhcc.motcua").await;
    let id = run
        .site
        .paper(&desk, CRIMINAL_RECORD, at("2026-11-02 09:00"))
        .await;
    let d = motcua_server::processing::load(&run.site.pool, &id)
        .await
        .unwrap()
        .unwrap();
    assert!(d.units_of("H15.10").any(), "the department processes it");
    let slip = format!("/can-bo/ho-so/{id}/phieu/01.pdf");
    let head = run.staff("stp.giamdoc");
    let answer = run.send(Request::get(&slip).cookie(Some(&head)));
    assert_eq!(answer.status, 200);
    assert!(answer.body.starts_with(b"%PDF"));
    for admin in ["stp.quantri", "quantri"] {
        let cookie = run.staff(admin);
        let answer = run.send(Request::get(&slip).cookie(Some(&cookie)));
        assert_eq!(
            answer.status,
            404,
            "{admin}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        let register = run.send(
            Request::get("/can-bo/so-theo-doi.pdf?tu=2026-11-01&den=2026-11-30")
                .cookie(Some(&cookie)),
        );
        assert_eq!(register.status, 403, "{admin}");
        assert!(register.text().contains("quản trị"), "{}", register.text());
    }
}
