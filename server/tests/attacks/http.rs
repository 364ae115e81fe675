//! Issue 11, "Limits" and "Browser and transport", against the real binary: body caps
//! on server functions and uploads (and the server's memory during a 300 MB POST),
//! multipart limits, the dossier total and the staging quota, rate limits and
//! concurrency caps on `/verify` and submissions, the client address behind a trusted
//! proxy, cross-site posts, security headers and cookies, personal data kept out of
//! URLs, the open redirect after sign-in, and idle connections.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::common::http::{Multipart, Request, Response};
use crate::common::{fresh_database, run, Backend, Server};
use motcua_server::config::Settings;
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

on_both_backends!(
    server_function_bodies_are_capped_and_bad_input_is_400,
    multipart_forms_are_limited_and_leave_nothing_staged,
    the_staging_quota_holds,
    submissions_are_rate_limited_per_account,
    personal_data_stays_out_of_urls,
    sign_in_never_redirects_to_another_site,
);

const PASSWORD: &str = "matkhau2026";
const STAFF_PASSWORD: &str = "canbo2026";
const PROCEDURE: &str = "dang-ky-khai-sinh";

struct Site {
    server: Server,
    env: Vec<(&'static str, String)>,
}

impl Site {
    fn start(backend: Backend, label: &str, settings: &[(&'static str, String)]) -> Site {
        let label = match backend {
            Backend::Sqlite => format!("ht_{label}_sqlite"),
            Backend::Postgres => format!("ht_{label}_pg"),
        };
        let mut env = fresh_database(backend, &label);
        env.extend_from_slice(settings);
        let seed = run(&["seed-demo", "--staff-password", STAFF_PASSWORD], &env);
        assert!(
            seed.status.success(),
            "seed-demo failed: {}",
            String::from_utf8_lossy(&seed.stderr)
        );
        let server = Server::start(&env);
        Site { server, env }
    }

    fn sqlite(label: &str, settings: &[(&'static str, String)]) -> Site {
        Site::start(Backend::Sqlite, label, settings)
    }

    fn send(&self, request: Request) -> Response {
        request.send(self.server.port)
    }

    fn query<T>(&self, read: impl AsyncFnOnce(&sqlx::AnyPool) -> T) -> T {
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
                let out = read(&pool).await;
                pool.close().await;
                out
            })
    }

    fn staged_rows(&self) -> i64 {
        self.query(async |pool| {
            sqlx::query("SELECT COUNT(*) AS n FROM staged_uploads")
                .fetch_one(pool)
                .await
                .unwrap()
                .try_get::<i64, _>("n")
                .unwrap()
        })
    }

    /// Registers a citizen with this phone and returns the session cookie (`name=value`).
    fn citizen(&self, phone: &str) -> String {
        let answer = self.send(Request::post("/_fn/account/register").json().form(&[
            ("form[phone]", phone),
            ("form[password]", PASSWORD),
            ("form[full_name]", "Nguyễn Văn An"),
            ("form[personal_id]", "001090012345"),
            ("form[date_of_birth]", "1990-05-17"),
            ("form[address]", "Số 1 Tràng Tiền, Hà Nội"),
            ("form[email]", ""),
        ]));
        assert_eq!(answer.status, 200, "{}", answer.text());
        let answer = self.server.confirm_registration(&answer);
        answer
            .set_cookie("motcua_session")
            .or_else(|| answer.set_cookie("__Host-motcua_session"))
            .expect("registration sets the session cookie")
    }
}

/// A PDF (by its magic bytes) of exactly `size` bytes.
fn pdf_of(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(size, b'0');
    bytes
}

fn header_value(response: &Response, name: &str) -> String {
    response.header(name).unwrap_or_default().to_owned()
}

fn assert_vietnamese_refusal(response: &Response, status: u16, words: &str) {
    let body = String::from_utf8_lossy(&response.body).into_owned();
    assert_eq!(response.status, status, "{body}");
    assert!(body.contains(words), "«{words}» not in {body}");
}

/// Sends `head` (a request line and headers) and then `body` in chunked encoding, in
/// chunks of `chunk` bytes, until the server answers or `total` bytes are sent.
fn send_chunked(port: u16, head: &str, total: usize, chunk: usize) -> (u16, String) {
    send_chunked_after(port, head, b"", total, chunk)
}

/// [`send_chunked`] with `first` sent as the body's first chunk.
fn send_chunked_after(
    port: u16,
    head: &str,
    first: &[u8],
    total: usize,
    chunk: usize,
) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let head = format!("{head}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    let first = first.to_vec();
    let writing = std::thread::spawn(move || {
        let _ = writer.write_all(head.as_bytes());
        if !first.is_empty() {
            let _ = writer.write_all(format!("{:x}\r\n", first.len()).as_bytes());
            let _ = writer.write_all(&first);
            let _ = writer.write_all(b"\r\n");
        }
        let block = vec![b'a'; chunk];
        let mut sent = 0;
        while sent < total {
            let frame = format!("{chunk:x}\r\n");
            if writer.write_all(frame.as_bytes()).is_err()
                || writer.write_all(&block).is_err()
                || writer.write_all(b"\r\n").is_err()
            {
                return sent;
            }
            sent += chunk;
        }
        let _ = writer.write_all(b"0\r\n\r\n");
        sent
    });
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let _ = writing.join();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// The server's peak resident memory so far (VmHWM), in MB.
fn peak_rss_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .unwrap()
        / 1024
}

fn server_function_bodies_are_capped_and_bad_input_is_400(backend: Backend) {
    let site = Site::start(backend, "fnbody", &[]);
    // 1 MB of form data for a sign-in: refused at once from its Content-Length.
    let big = "x".repeat(1024 * 1024);
    let answer = site.send(
        Request::post("/_fn/account/sign_in")
            .json()
            .form(&[("phone", "0912345678"), ("password", &big)]),
    );
    assert_vietnamese_refusal(&answer, 413, "Dữ liệu gửi lên quá lớn");
    // The same without a declared length (chunked): cut at the cap, still 413.
    let (status, text) = send_chunked(
        site.server.port,
        &format!(
            "POST /_fn/account/sign_in HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n",
            site.server.port
        ),
        2 * 1024 * 1024,
        16 * 1024,
    );
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("Dữ liệu gửi lên quá lớn"), "{text}");
    // Input the server function cannot parse is the client's error, in Vietnamese.
    for body in [&[("phone", "0912345678")][..], &[("bogus", "1")][..]] {
        let answer = site.send(Request::post("/_fn/account/sign_in").json().form(body));
        assert_vietnamese_refusal(&answer, 400, "Dữ liệu gửi lên không hợp lệ");
    }
    // The server still answers normally afterwards.
    let answer = site.send(Request::post("/_fn/account/sign_in").json().form(&[
        ("phone", "0912345678"),
        ("password", "saimatkhau1"),
        ("next", ""),
    ]));
    assert_eq!(answer.status, 200, "{}", answer.text());
}

fn multipart_forms_are_limited_and_leave_nothing_staged(backend: Backend) {
    let site = Site::start(
        backend,
        "multipart",
        &[
            ("MOTCUA_MAX_FILE_MB", "1".into()),
            ("MOTCUA_MAX_DOSSIER_MB", "2".into()),
        ],
    );
    let cookie = site.citizen("0912345001");
    // Too many parts.
    let mut form = Multipart::new();
    for i in 0..250 {
        form = form.text(&format!("values.x{i}"), "1");
    }
    let answer = site.send(
        Request::post(&format!("/api/v1/procedures/{PROCEDURE}/dossiers"))
            .json()
            .cookie(Some(&cookie))
            .multipart(&form),
    );
    assert_vietnamese_refusal(&answer, 413, "quá nhiều mục");
    // One text part far too long.
    let long = "a".repeat(100 * 1024);
    let answer = site.send(
        Request::post(&format!("/api/v1/procedures/{PROCEDURE}/dossiers"))
            .json()
            .cookie(Some(&cookie))
            .multipart(&Multipart::new().text("applicant.address", &long)),
    );
    assert_vietnamese_refusal(&answer, 413, "quá dài");
    // Three files of 0.9 MB in a dossier of at most 2 MB: the third is refused before it
    // is written, and the two already staged are forgotten.
    let file = pdf_of(900 * 1024);
    let form = Multipart::new()
        .text("idempotency_key", "attack-suite-dossier-total-0001")
        .file("documents.a", "a.pdf", "application/pdf", &file)
        .file("documents.b", "b.pdf", "application/pdf", &file)
        .file(
            "documents.c",
            "c.pdf",
            "application/pdf",
            &pdf_of(900 * 1024 + 1),
        );
    let answer = site.send(
        Request::post(&format!("/nop-ho-so/{PROCEDURE}"))
            .header("Accept", "text/html")
            .cookie(Some(&cookie))
            .multipart(&form),
    );
    assert_vietnamese_refusal(
        &answer,
        413,
        "Tổng dung lượng các tệp của hồ sơ vượt quá 2 MB",
    );
    assert_eq!(
        site.staged_rows(),
        0,
        "a refused submission leaves uploads staged"
    );
    let dossiers = site.query(async |pool| {
        sqlx::query("SELECT COUNT(*) AS n FROM dossiers")
            .fetch_one(pool)
            .await
            .unwrap()
            .try_get::<i64, _>("n")
            .unwrap()
    });
    assert_eq!(dossiers, 0);
    // A body over the whole cap (dossier + 1 MB) is refused from its declared length.
    let answer = site.send(
        Request::post("/api/v1/uploads")
            .cookie(Some(&cookie))
            .multipart(&Multipart::new().file(
                "file",
                "x.pdf",
                "application/pdf",
                &pdf_of(4 * 1024 * 1024),
            )),
    );
    assert_vietnamese_refusal(&answer, 413, "quá lớn");
}

fn the_staging_quota_holds(backend: Backend) {
    let site = Site::start(
        backend,
        "quota",
        &[
            ("MOTCUA_MAX_FILE_MB", "1".into()),
            ("MOTCUA_MAX_DOSSIER_MB", "1".into()),
        ],
    );
    let cookie = site.citizen("0912345002");
    let upload = |tag: u8| {
        let mut bytes = pdf_of(700 * 1024);
        bytes[20] = tag; // distinct contents
        site.send(
            Request::post("/api/v1/uploads")
                .cookie(Some(&cookie))
                .multipart(&Multipart::new().file(
                    "file",
                    "to-khai.pdf",
                    "application/pdf",
                    &bytes,
                )),
        )
    };
    // Quota: two dossiers of 1 MB; two files of 0.7 MB fit, the third does not.
    assert_eq!(upload(b'1').status, 200);
    assert_eq!(upload(b'2').status, 200);
    let answer = upload(b'3');
    assert_vietnamese_refusal(&answer, 413, "chưa nộp của bạn đã vượt quá 2 MB");
    assert_eq!(site.staged_rows(), 2);
    // Another citizen has a quota of their own.
    let other = site.citizen("0912345003");
    let answer = site.send(
        Request::post("/api/v1/uploads")
            .cookie(Some(&other))
            .multipart(&Multipart::new().file("file", "a.pdf", "application/pdf", &pdf_of(1000))),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
}

fn submissions_are_rate_limited_per_account(backend: Backend) {
    let site = Site::start(backend, "submitrate", &[]);
    let cookie = site.citizen("0912345004");
    let attempt = || {
        site.send(
            Request::post(&format!("/api/v1/procedures/{PROCEDURE}/dossiers"))
                .json()
                .cookie(Some(&cookie))
                .multipart(&Multipart::new().text("idempotency_key", "short")),
        )
    };
    for _ in 0..30 {
        assert_eq!(attempt().status, 422);
    }
    let answer = attempt();
    assert_vietnamese_refusal(&answer, 429, "nộp quá nhiều hồ sơ");
    let wait: u64 = header_value(&answer, "retry-after").parse().unwrap();
    assert!((1..=3600).contains(&wait), "{wait}");
    // Another account from the same address is not held back by this one.
    let other = site.citizen("0912345005");
    let answer = site.send(
        Request::post(&format!("/api/v1/procedures/{PROCEDURE}/dossiers"))
            .json()
            .cookie(Some(&other))
            .multipart(&Multipart::new().text("idempotency_key", "short")),
    );
    assert_eq!(answer.status, 422, "{}", answer.text());
}

#[test]
fn verify_uploads_are_rate_limited_and_capped_in_concurrency() {
    let site = Site::sqlite("verifyrate", &[]);
    let check = |extra: Option<&str>| {
        let mut request = Request::post("/api/v1/verify").multipart(&Multipart::new().file(
            "tep",
            "x.txt",
            "text/plain",
            b"not a pdf",
        ));
        if let Some(forwarded) = extra {
            request = request.header("X-Forwarded-For", forwarded);
        }
        site.send(request)
    };
    // Four uploads that never finish hold the four slots: the fifth is turned away at
    // once, before a byte of its file is read.
    let mut slow = Vec::new();
    for _ in 0..4 {
        let mut stream = TcpStream::connect(("127.0.0.1", site.server.port)).unwrap();
        write!(
            stream,
            "POST /api/v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n"
        )
        .unwrap();
        slow.push(stream);
    }
    std::thread::sleep(Duration::from_millis(500));
    let answer = check(None);
    assert_vietnamese_refusal(&answer, 429, "đang xử lý nhiều yêu cầu");
    assert!(answer.header("retry-after").is_some());
    drop(slow);
    std::thread::sleep(Duration::from_millis(500));
    // Per client: 30 in ten minutes (the five above count), then 429 with Retry-After.
    let mut refused = None;
    for i in 0..40 {
        let answer = check(None);
        if answer.status == 429 {
            refused = Some((i, answer));
            break;
        }
        assert_eq!(answer.status, 422, "{}", answer.text());
    }
    let (after, answer) = refused.expect("no rate limit on /verify");
    assert_eq!(after, 25, "the limit is 30 per client");
    assert_vietnamese_refusal(&answer, 429, "kiểm tra quá nhiều tệp");
    assert!(header_value(&answer, "retry-after").parse::<u64>().unwrap() > 0);
    // Without a trusted proxy, X-Forwarded-For is the client's own claim: ignored.
    assert_eq!(check(Some("198.51.100.7")).status, 429);
    // The page's form gets the same answer as a page.
    let answer = site.send(
        Request::post("/verify")
            .header("Accept", "text/html")
            .multipart(&Multipart::new().file("tep", "x.pdf", "application/pdf", b"%PDF-1.4")),
    );
    assert_vietnamese_refusal(&answer, 429, "kiểm tra quá nhiều tệp");
}

#[test]
fn behind_a_trusted_proxy_the_forwarded_client_is_limited() {
    let site = Site::sqlite(
        "proxy",
        &[("MOTCUA_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8".into())],
    );
    let check = |forwarded: &str| {
        site.send(
            Request::post("/api/v1/verify")
                .header("X-Forwarded-For", forwarded)
                .multipart(&Multipart::new().file("tep", "x.txt", "text/plain", b"no")),
        )
        .status
    };
    // The client wrote the left entry itself; the proxies appended the real address.
    for i in 0..30 {
        assert_eq!(check(&format!("6.6.6.{i}, 203.0.113.5, 10.1.1.1")), 422);
    }
    assert_eq!(check("7.7.7.7, 203.0.113.5, 10.1.1.1"), 429);
    // Another real client behind the same proxy is not held back.
    assert_eq!(check("203.0.113.6"), 422);
}

#[test]
fn cross_site_posts_are_refused() {
    let public = "https://dichvucong.tinhmau.example";
    let site = Site::sqlite("csrf", &[("MOTCUA_PUBLIC_URL", public.into())]);
    let sign_in = |headers: &[(&str, &str)]| {
        let mut request = Request::post("/_fn/account/sign_in").json();
        for (name, value) in headers {
            request = request.header(name, value);
        }
        site.send(request.form(&[
            ("phone", "0912345678"),
            ("password", "saimatkhau1"),
            ("next", ""),
        ]))
    };
    for refused in [
        vec![("Origin", "https://evil.example")],
        // Same site (another host of the province), not the same origin.
        vec![("Origin", "https://motcua.tinhmau.example")],
        vec![("Origin", "http://dichvucong.tinhmau.example")],
        vec![("Origin", "null")],
        vec![("Origin", public), ("Sec-Fetch-Site", "same-site")],
        vec![("Sec-Fetch-Site", "cross-site")],
    ] {
        let answer = sign_in(&refused);
        assert_vietnamese_refusal(&answer, 403, "Yêu cầu bị từ chối");
    }
    for allowed in [
        vec![("Origin", public), ("Sec-Fetch-Site", "same-origin")],
        vec![("Origin", "https://DICHVUCONG.tinhmau.example:443")],
        vec![],
    ] {
        assert_eq!(sign_in(&allowed).status, 200);
    }
    // A multipart upload route and the verify form are covered as well.
    let answer = site.send(
        Request::post("/verify")
            .header("Origin", "https://evil.example")
            .header("Accept", "text/html")
            .multipart(&Multipart::new().file("tep", "x.pdf", "application/pdf", b"%PDF-1.4")),
    );
    assert_vietnamese_refusal(&answer, 403, "Yêu cầu bị từ chối");
    // Sign-out is a POST (no GET changes state): a cross-site one is refused too.
    let answer = site.send(
        Request::post("/_fn/account/sign_out")
            .json()
            .header("Origin", "https://evil.example"),
    );
    assert_eq!(answer.status, 403);
    let answer = site.send(Request::get("/_fn/account/sign_out"));
    assert_ne!(answer.status, 200, "sign-out answers a GET");
}

#[test]
fn every_response_carries_the_security_headers() {
    let site = Site::sqlite("headers", &[]);
    let page = site.send(Request::get("/"));
    assert_eq!(page.status, 200);
    let csp = header_value(&page, "content-security-policy");
    for part in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(part), "{part} missing from {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    // The header's nonce is the one on the page's scripts, and new for each render.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the page's policy has a nonce")
        .to_owned();
    let html = page.text();
    let scripts: Vec<&str> = html
        .split("<script")
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or_default())
        .collect();
    assert!(!scripts.is_empty(), "{html}");
    for tag in scripts {
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "a script without the header's nonce: <script{tag}>"
        );
    }
    let again = header_value(&site.send(Request::get("/")), "content-security-policy");
    assert!(!again.contains(&nonce), "a nonce was reused");
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
    ] {
        assert_eq!(header_value(&page, name), value);
    }
    // Plain HTTP: no HSTS; public pages may be cached.
    assert!(page.header("strict-transport-security").is_none());
    assert_ne!(header_value(&page, "cache-control"), "no-store");
    // Other answers: JSON, a refusal, a private PDF.
    for path in [
        "/api/v1/version",
        "/ho-so/x/ket-qua.pdf",
        "/can-bo/so-theo-doi.pdf",
    ] {
        let answer = site.send(Request::get(path));
        let csp = header_value(&answer, "content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("nonce-"), "{path}: {csp}");
        assert_eq!(header_value(&answer, "x-content-type-options"), "nosniff");
    }
    // Private pages and anything for someone signed in are never stored.
    let cookie = site.citizen("0912345006");
    for path in [
        "/ho-so-cua-toi",
        "/ho-so/x/ket-qua.pdf",
        "/can-bo",
        "/tra-cuu-ho-so",
    ] {
        let answer = site.send(Request::get(path));
        assert_eq!(header_value(&answer, "cache-control"), "no-store", "{path}");
    }
    let answer = site.send(Request::get("/").cookie(Some(&cookie)));
    assert_eq!(header_value(&answer, "cache-control"), "no-store");
    let answer = site.send(Request::get("/pkg/motcua.css").cookie(Some(&cookie)));
    assert_ne!(header_value(&answer, "cache-control"), "no-store");
}

#[test]
fn over_https_cookies_are_secure_host_cookies_and_hsts_is_sent() {
    let site = Site::sqlite(
        "https",
        &[(
            "MOTCUA_PUBLIC_URL",
            "https://dichvucong.tinhmau.example".into(),
        )],
    );
    let page = site.send(Request::get("/"));
    assert_eq!(
        header_value(&page, "strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
    let cookie = site.citizen("0912345007");
    assert!(cookie.starts_with("__Host-motcua_session="), "{cookie}");
    // The prefixed cookie is the session: the plain name is not read.
    let me = |cookie: &str| {
        site.send(Request::post("/_fn/account/me").json().cookie(Some(cookie)))
            .json()
    };
    assert!(me(&cookie)["phone"].is_string(), "{}", me(&cookie));
    let plain = cookie.replacen("__Host-", "", 1);
    assert!(me(&plain).is_null(), "{}", me(&plain));
    // Citizens' and staff cookies: Secure, Path=/, HttpOnly; staff SameSite=Strict.
    let staff = site.send(Request::post("/_fn/staff/sign_in").json().form(&[
        ("username", "quantri"),
        ("password", STAFF_PASSWORD),
        ("next", ""),
    ]));
    assert_eq!(staff.status, 200, "{}", staff.text());
    let set_cookie = staff
        .headers
        .iter()
        .find(|(n, v)| {
            n.eq_ignore_ascii_case("set-cookie") && v.starts_with("__Host-motcua_staff=")
        })
        .map(|(_, v)| v.clone())
        .expect("staff cookie with the __Host- prefix");
    for attribute in ["Secure", "HttpOnly", "Path=/", "SameSite=Strict"] {
        assert!(set_cookie.contains(attribute), "{attribute}: {set_cookie}");
    }
    assert!(!set_cookie.contains("Domain"), "{set_cookie}");
}

fn personal_data_stays_out_of_urls(backend: Backend) {
    let site = Site::start(backend, "urls", &[]);
    // A refused sign-up without JavaScript: messages in the URL, what was typed not.
    let answer = site.send(
        Request::post("/_fn/account/register")
            .header("Accept", "text/html")
            .header("Referer", "http://127.0.0.1/dang-ky")
            .form(&[
                ("form[phone]", "0912345008"),
                ("form[password]", "ngan1"),
                ("form[full_name]", "Ngô Thị Lan"),
                ("form[personal_id]", "001190099999"),
                ("form[date_of_birth]", "1990-01-01"),
                ("form[address]", "Thôn Trung, xã Hòa Phú"),
                ("form[email]", ""),
            ]),
    );
    assert_eq!(answer.status, 302, "{}", answer.text());
    let location = header_value(&answer, "location");
    assert!(location.starts_with("/dang-ky"), "{location}");
    for personal in ["001190099999", "0912345008", "Ph%C3%BA", "Lan", "Trung"] {
        assert!(!location.contains(personal), "{personal} in {location}");
    }
    assert!(location.contains("e_password"), "{location}");
    // The page the browser is sent to shows what was typed, once.
    let typed = answer.set_cookie("motcua_form").expect("typed values kept");
    let page = site.send(Request::get(&location).cookie(Some(&typed)));
    let html = page.text();
    assert!(
        html.contains("001190099999"),
        "the personal ID is not shown again"
    );
    assert!(html.contains("Thôn Trung, xã Hòa Phú"));
    assert!(!html.contains("ngan1"), "the password came back");
    assert!(page
        .set_cookie("motcua_form")
        .is_some_and(|c| c == "motcua_form="));

    // Tracking: the phone goes in a POST; the old GET with the phone answers nothing.
    let answer = site.send(
        Request::post("/_fn/dossier/track_form")
            .header("Accept", "text/html")
            .form(&[("ma", "HS-000"), ("sdt", "0912345008")]),
    );
    assert_eq!(answer.status, 302, "{}", answer.text());
    let location = header_value(&answer, "location");
    assert_eq!(location, "/tra-cuu-ho-so");
    let typed = answer
        .set_cookie("motcua_form")
        .expect("tracking values kept");
    let html = site
        .send(Request::get(&location).cookie(Some(&typed)))
        .text();
    assert!(html.contains("Không tìm thấy hồ sơ"), "{html}");
    let html = site
        .send(Request::get("/tra-cuu-ho-so?ma=HS-000&sdt=0912345008"))
        .text();
    assert!(
        !html.contains("Không tìm thấy hồ sơ"),
        "a GET with the phone is answered"
    );
    assert!(html.contains("method=\"post\""), "{html}");
}

fn sign_in_never_redirects_to_another_site(backend: Backend) {
    let site = Site::start(backend, "redirect", &[]);
    site.citizen("0912345009");
    for (next, expected) in [
        ("/\\evil.example", "/ho-so-cua-toi"),
        ("//evil.example", "/ho-so-cua-toi"),
        ("/\t/evil.example", "/ho-so-cua-toi"),
        ("https://evil.example", "/ho-so-cua-toi"),
        ("/thu-tuc/dang-ky-khai-sinh", "/thu-tuc/dang-ky-khai-sinh"),
    ] {
        let answer = site.send(
            Request::post("/_fn/account/sign_in")
                .header("Accept", "text/html")
                .form(&[
                    ("phone", "0912345009"),
                    ("password", PASSWORD),
                    ("next", next),
                ]),
        );
        assert_eq!(answer.status, 302, "{next:?}: {}", answer.text());
        assert_eq!(header_value(&answer, "location"), expected, "{next:?}");
    }
}

#[test]
fn an_idle_connection_is_closed() {
    let site = Site::sqlite("idle", &[]);
    let mut stream = TcpStream::connect(("127.0.0.1", site.server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(90)))
        .unwrap();
    // Half a request line, then nothing (a slow-loris client).
    stream.write_all(b"GET / HTTP/1.1\r\nHost: 127").unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 256];
    let closed = match stream.read(&mut buf) {
        Ok(0) => true,
        Ok(_) => true, // an error answer, then close
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
    };
    assert!(closed, "the connection stayed open");
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(75),
        "closed only after {waited:?}"
    );
}

#[test]
fn a_300_mb_post_does_not_grow_the_server() {
    let site = Site::sqlite("memory", &[]);
    let pid = site.server.pid();
    let port = site.server.port;
    let before = peak_rss_mb(pid);
    // Declared 300 MB: refused from the header, nothing read.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "POST /_fn/account/sign_in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 314572800\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    assert!(String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 413"));
    // 300 MB streamed without a length, to a server function and to the upload route.
    let started = Instant::now();
    let (status, text) = send_chunked(
        port,
        "POST /_fn/account/sign_in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n",
        300 * 1024 * 1024,
        64 * 1024,
    );
    assert_eq!(status, 413, "{text}");
    let cookie = site.citizen("0912345010");
    let (status, text) = send_chunked_after(
        port,
        &format!(
            "POST /api/v1/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        ),
        b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n",
        300 * 1024 * 1024,
        64 * 1024,
    );
    // The file part is refused past the 10 MB file limit, having held at most that.
    assert_eq!(status, 422, "{text}");
    assert!(text.contains("quá"), "{text}");
    assert_eq!(site.staged_rows(), 0);
    let after = peak_rss_mb(pid);
    eprintln!(
        "server peak RSS: {before} MB before, {after} MB after 300 MB POSTs ({:?})",
        started.elapsed()
    );
    assert!(after < before + 64, "{before} MB -> {after} MB");
}
