//! Real servers for notification tests: an SMTP server (aiosmtpd, in the venv that
//! `scripts/test-venv.sh` makes) and a stand-in SMS gateway (Python's http.server), both
//! on loopback, started per test and killed when dropped. Each saves what it receives as
//! numbered JSON files (see `tests/fixtures/`).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The Python that has aiosmtpd: MOTCUA_TEST_PYTHON, or the venv of scripts/test-venv.sh.
pub fn python() -> PathBuf {
    if let Some(path) = std::env::var_os("MOTCUA_TEST_PYTHON") {
        return PathBuf::from(path);
    }
    let venv = workspace_root().join("target/test-venv/bin/python");
    assert!(
        venv.exists(),
        "{} is missing: run scripts/test-venv.sh (it installs aiosmtpd for these tests), \
         or set MOTCUA_TEST_PYTHON to a Python that has aiosmtpd",
        venv.display()
    );
    venv
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process killed (and reaped) when dropped.
pub struct Process {
    child: Child,
    name: &'static str,
    log: PathBuf,
}

impl Process {
    /// Starts `command`, logging to `dir/{name}.log`, and waits until it listens on `port`.
    pub fn spawn(name: &'static str, mut command: Command, dir: &Path, port: u16) -> Process {
        let log = dir.join(format!("{name}.log"));
        let log_file = std::fs::File::create(&log).unwrap();
        let child = command
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().unwrap())
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("{name} cannot start: {e}"));
        let mut process = Process { child, name, log };
        process.wait_listening(port);
        process
    }

    fn wait_listening(&mut self, port: u16) {
        let start = Instant::now();
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{} exited ({status}) before listening on port {port}:\n{}\n\
                     (is the test venv complete? run scripts/test-venv.sh)",
                    self.name,
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "{} did not listen on port {port} within 30 s",
                self.name
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the NNNN.json files of `dir`, in order.
pub fn saved_json(dir: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

/// aiosmtpd on a loopback port, saving each message (decoded by Python's e-mail parser).
pub struct SmtpServer {
    _process: Process,
    /// The port it listens on.
    pub port: u16,
    /// Its directory: the log, and the messages under `mail/`.
    pub dir: PathBuf,
}

impl SmtpServer {
    /// Starts it on `port` and waits until it listens.
    pub fn start(port: u16) -> SmtpServer {
        let dir = super::temp_dir("smtp");
        let mut command = Command::new(python());
        command
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "smtp_sink.SaveMessages"])
            .arg(dir.join("mail"))
            .env("PYTHONPATH", fixtures());
        let process = Process::spawn("aiosmtpd", command, &dir, port);
        SmtpServer {
            _process: process,
            port,
            dir,
        }
    }

    /// The messages received so far, in order.
    pub fn messages(&self) -> Vec<Value> {
        saved_json(&self.dir.join("mail"))
    }
}

/// The stand-in SMS gateway: answers 500 to the first `fail_first` requests, then 200.
pub struct SmsGateway {
    _process: Process,
    /// The port it listens on.
    pub port: u16,
    /// Its directory: the log, and the requests under `requests/`.
    pub dir: PathBuf,
}

impl SmsGateway {
    /// Starts it on a free port and waits until it listens.
    pub fn start(fail_first: u32) -> SmsGateway {
        let port = free_port();
        let dir = super::temp_dir("sms");
        let mut command = Command::new(python());
        command
            .arg(fixtures().join("sms_stub.py"))
            .arg("--port")
            .arg(port.to_string())
            .arg("--dir")
            .arg(dir.join("requests"))
            .arg("--fail-first")
            .arg(fail_first.to_string());
        let process = Process::spawn("sms_stub", command, &dir, port);
        SmsGateway {
            _process: process,
            port,
            dir,
        }
    }

    /// The address to post messages to.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/send", self.port)
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<Value> {
        saved_json(&self.dir.join("requests"))
    }
}

/// The verification code in an SMS text ("123456 là mã xác minh …"), if it is one.
pub fn code_in(text: &str) -> Option<String> {
    if !text.contains("mã xác minh") {
        return None;
    }
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 6).then_some(digits)
}

impl SmsGateway {
    /// The verification codes sent to `phone` so far, oldest first.
    pub fn codes_for(&self, phone: &str) -> Vec<String> {
        codes_in_dir(&self.dir.join("requests"), phone)
    }

    /// The newest verification code sent to `phone`; waits up to 10 s for it.
    pub fn latest_code(&self, phone: &str) -> String {
        latest_code_in(&self.dir.join("requests"), phone)
    }
}

/// The verification codes the stub saved under `dir` for `phone`, oldest first.
pub fn codes_in_dir(dir: &Path, phone: &str) -> Vec<String> {
    saved_json(dir)
        .iter()
        .filter(|r| r["body"]["to"] == phone)
        .filter_map(|r| code_in(r["body"]["text"].as_str().unwrap_or_default()))
        .collect()
}

/// The newest code for `phone` under `dir`; waits up to 10 s (codes are sent before the
/// server answers, so this is normally immediate).
pub fn latest_code_in(dir: &Path, phone: &str) -> String {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(code) = codes_in_dir(dir, phone).pop() {
            return code;
        }
        assert!(
            std::time::Instant::now() < until,
            "no verification code for {phone} in {}",
            dir.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
