//! Bad configuration makes `motcua` exit non-zero with one sentence on standard error that
//! names the setting to fix, and never a panic.

mod common;

use common::{run, temp_dir};

/// Runs `motcua serve` with `env` and checks the failure shape; returns the message.
fn fails_naming(setting: &str, env: &[(&str, String)]) -> String {
    let mut env = env.to_vec();
    if !env.iter().any(|(k, _)| *k == "MOTCUA_BIND") {
        env.push(("MOTCUA_BIND", "127.0.0.1:0".into()));
    }
    let out = run(&["serve"], &env);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "motcua accepted a bad {setting}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected, got: {stderr}");
    assert!(
        lines[0].contains(setting),
        "«{}» does not name {setting}",
        lines[0]
    );
    lines[0].to_owned()
}

#[test]
fn a_database_file_under_a_regular_file_is_reported() {
    let dir = temp_dir("db_under_file");
    std::fs::write(dir.join("not-a-dir"), "x").unwrap();
    let url = format!("sqlite://{}/not-a-dir/motcua.db?mode=rwc", dir.display());
    fails_naming(
        "DATABASE_URL",
        &[
            ("MOTCUA_DATA_DIR", dir.display().to_string()),
            ("DATABASE_URL", url),
        ],
    );
}

#[test]
fn a_file_that_is_not_a_database_is_reported() {
    let dir = temp_dir("not_a_db");
    let file = dir.join("garbage.db");
    std::fs::write(&file, vec![0x42u8; 8192]).unwrap();
    let url = format!("sqlite://{}", file.display());
    let message = fails_naming(
        "DATABASE_URL",
        &[
            ("MOTCUA_DATA_DIR", dir.display().to_string()),
            ("DATABASE_URL", url),
        ],
    );
    // The real cause, not a pool time-out.
    assert!(message.contains("not a database"), "{message}");
}

#[test]
fn an_unreachable_postgres_server_is_reported_with_its_cause() {
    // Nothing listens on a port we just bound and released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = std::time::Instant::now();
    let message = fails_naming(
        "DATABASE_URL",
        &[(
            "DATABASE_URL",
            format!("postgres://motcua@127.0.0.1:{port}/motcua"),
        )],
    );
    assert!(message.contains("Connection refused"), "{message}");
    // Fails at once rather than after the pool's acquire time-out.
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn a_data_dir_that_cannot_be_created_is_reported() {
    let dir = temp_dir("data_dir_under_file");
    std::fs::write(dir.join("file"), "x").unwrap();
    fails_naming(
        "MOTCUA_DATA_DIR",
        &[(
            "MOTCUA_DATA_DIR",
            dir.join("file/data").display().to_string(),
        )],
    );
}

#[test]
fn a_malformed_database_url_is_reported_without_its_password() {
    let dir = temp_dir("bad_url");
    for url in [
        "postgres://motcua:s3cret@127.0.0.1:port/motcua",
        "mysql://root@localhost/motcua",
        "sqlite",
    ] {
        let message = fails_naming(
            "DATABASE_URL",
            &[
                ("MOTCUA_DATA_DIR", dir.display().to_string()),
                ("DATABASE_URL", url.into()),
            ],
        );
        assert!(!message.contains("s3cret"), "{message}");
    }
}

#[test]
fn a_port_in_use_is_reported() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = temp_dir("port_in_use");
    let message = fails_naming(
        "MOTCUA_BIND",
        &[
            ("MOTCUA_DATA_DIR", dir.display().to_string()),
            ("MOTCUA_BIND", addr.clone()),
        ],
    );
    assert!(message.contains("already in use"), "{message}");
    assert!(message.contains(&addr), "{message}");
}

#[test]
fn a_malformed_bind_address_is_reported() {
    fails_naming("MOTCUA_BIND", &[("MOTCUA_BIND", "localhost".into())]);
}

#[test]
fn a_missing_config_file_is_reported() {
    fails_naming(
        "/nonexistent/motcua.toml",
        &[("MOTCUA_CONFIG", "/nonexistent/motcua.toml".into())],
    );
}

#[test]
fn production_over_plain_http_refuses_to_start() {
    let dir = temp_dir("production_http");
    let message = fails_naming(
        "MOTCUA_PUBLIC_URL",
        &[
            ("MOTCUA_DATA_DIR", dir.display().to_string()),
            ("MOTCUA_ENV", "production".into()),
            (
                "MOTCUA_PUBLIC_URL",
                "http://dichvucong.tinhmau.example".into(),
            ),
            ("MOTCUA_SMS_URL", "https://sms.tinhmau.example/send".into()),
        ],
    );
    assert!(message.contains("https://"), "{message}");
    fails_naming(
        "MOTCUA_ENV",
        &[
            ("MOTCUA_DATA_DIR", dir.display().to_string()),
            ("MOTCUA_ENV", "prod".into()),
        ],
    );
}
