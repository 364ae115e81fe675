//! Runs the real `motcua` binary for integration tests: a fresh database (an SQLite file in
//! a new directory, or a new database on the PostgreSQL server that `make test` starts),
//! the demo seed, then `motcua serve` on a random port.

#![allow(dead_code)] // each test file uses a different part of this module

pub mod http;
pub mod mail;
pub mod staff_site;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// The settings the tests control; anything inherited from the developer's shell is
/// removed so that it cannot change what is tested.
const OWN_VARIABLES: [&str; 24] = [
    "MOTCUA_CLAMD",
    "MOTCUA_CLAMD_RETRY_SECONDS",
    "MOTCUA_CONFIG",
    "MOTCUA_PUBLIC_URL",
    "MOTCUA_SMTP_HOST",
    "MOTCUA_SMTP_PORT",
    "MOTCUA_SMTP_FROM",
    "MOTCUA_SMTP_USERNAME",
    "MOTCUA_SMTP_PASSWORD",
    "MOTCUA_SMTP_TLS",
    "MOTCUA_SMS_URL",
    "MOTCUA_BIND",
    "MOTCUA_DATA_DIR",
    "DATABASE_URL",
    "MOTCUA_JURISDICTION",
    "MOTCUA_SITE_ROOT",
    "MOTCUA_LOG_FORMAT",
    "MOTCUA_SMS_TOKEN",
    "MOTCUA_ENV",
    "MOTCUA_TRUSTED_PROXIES",
    "MOTCUA_KEY_ENCRYPTION_KEY",
    "MOTCUA_KEY_ENCRYPTION_KEY_PREVIOUS",
    "MOTCUA_AUDIT_KEY",
    "MOTCUA_AUDIT_KEY_FILE",
];

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A new empty directory under the system temporary directory.
pub fn temp_dir(label: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("motcua-test-{label}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `motcua` with a clean environment and the given settings.
pub fn motcua(args: &[&str], env: &[(&str, String)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_motcua"));
    command.args(args).env("RUST_LOG", "info");
    for var in OWN_VARIABLES {
        command.env_remove(var);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

/// Runs `motcua` to completion.
pub fn run(args: &[&str], env: &[(&str, String)]) -> Output {
    motcua(args, env)
        .stdin(Stdio::null())
        .output()
        .expect("motcua runs")
}

/// Which database a test runs against.
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh database for one test: its settings for `motcua`.
pub fn fresh_database(backend: Backend, label: &str) -> Vec<(&'static str, String)> {
    let data_dir = temp_dir(label);
    let mut env = vec![("MOTCUA_DATA_DIR", data_dir.display().to_string())];
    if let Backend::Postgres = backend {
        env.push(("DATABASE_URL", fresh_postgres_database(label)));
    }
    env
}

/// Creates a new database on the test PostgreSQL server and returns its URL.
fn fresh_postgres_database(label: &str) -> String {
    let base = std::env::var("MOTCUA_TEST_POSTGRES_URL").expect(
        "MOTCUA_TEST_POSTGRES_URL is not set: run the tests with `make test`, or \
         `scripts/with-postgres.sh cargo test`, which start a PostgreSQL server",
    );
    let name = format!(
        "motcua_{label}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&base)
            .await
            .expect("test PostgreSQL server reachable");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
    let (server, _) = base.rsplit_once('/').unwrap();
    format!("{server}/{name}")
}

/// A running `motcua serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    /// Verification codes the server wrote to its log (no SMS gateway configured: the
    /// development path, marked as such), oldest first.
    development_codes: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `motcua serve` on a random port and waits until it listens.
    pub fn start(env: &[(&str, String)]) -> Server {
        let mut env = env.to_vec();
        env.push(("MOTCUA_BIND", "127.0.0.1:0".into()));
        let mut child = motcua(&["serve"], &env)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("motcua starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        let development_codes = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let codes = development_codes.clone();
        std::thread::spawn(move || {
            // Keeps draining the log so the server never blocks on a full pipe.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("development only") {
                    if let Some(rest) = line.split("code=").nth(1) {
                        let code: String = rest
                            .trim_start_matches('"')
                            .chars()
                            .take_while(char::is_ascii_digit)
                            .collect();
                        codes.lock().unwrap().push(code);
                    }
                }
                if let Some(rest) = line.split("address=http://127.0.0.1:").nth(1) {
                    let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    let _ = sender.send(port.parse::<u16>().unwrap());
                }
            }
        });
        match receiver.recv_timeout(Duration::from_secs(60)) {
            Ok(port) => Server {
                child,
                port,
                development_codes,
            },
            Err(_) => {
                let _ = child.kill();
                panic!("motcua serve did not report its address within 60 s");
            }
        }
    }

    /// The newest verification code the server logged (development path, no SMS
    /// gateway); waits up to 10 s for it.
    pub fn development_code(&self) -> String {
        let until = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(code) = self.development_codes.lock().unwrap().last() {
                return code.clone();
            }
            assert!(
                std::time::Instant::now() < until,
                "no verification code in the server log"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Completes a registration that was answered with a code challenge, typing the code
    /// the server logged (servers started without an SMS gateway); returns the answer,
    /// which carries the session cookie.
    pub fn confirm_registration(&self, registered: &http::Response) -> http::Response {
        let json = registered.json();
        let challenge = json["Ok"]["challenge"]
            .as_str()
            .unwrap_or_else(|| panic!("no code sent: {json}"))
            .to_owned();
        let code = self.development_code();
        self.development_codes.lock().unwrap().clear();
        let answer = http::Request::post("/_fn/account/confirm_phone")
            .json()
            .form(&[("challenge", challenge.as_str()), ("code", code.as_str())])
            .send(self.port);
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer
    }

    /// The server process's id (to read its memory use from `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `GET path` over plain HTTP/1.1; returns the status code and the body.
    pub fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8(raw).expect("UTF-8 response");
        let (head, body) = raw.split_once("\r\n\r\n").expect("HTTP response");
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_owned()
        };
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Decodes a chunked HTTP/1.1 body.
fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}
