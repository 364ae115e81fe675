//! The offline commands through the real `motcua` binary: output shapes, exit codes,
//! and a deployment's own exception file read at run time.

use std::process::{Command, Output};

fn motcua(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(args)
        // The offline commands must not need configuration: a broken one is ignored.
        .env("DATABASE_URL", "mysql://not-supported")
        .output()
        .expect("run motcua")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn spec_4_6_deadline_json_shape() {
    let o = motcua(&[
        "deadline",
        "--received",
        "2026-11-20T16:30",
        "--unit",
        "working_days",
        "--n",
        "5",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "{\"start\":\"2026-11-20T16:30\",\"due\":\"2026-11-30T16:30\"}\n"
    );
    let o = motcua(&[
        "deadline",
        "--received",
        "2026-11-20T16:30",
        "--limit",
        "05 ngày làm việc",
        "--json",
    ]);
    assert_eq!(
        stdout(&o),
        "{\"start\":\"2026-11-20T16:30\",\"due\":\"2026-11-30T16:30\"}\n"
    );
    let o = motcua(&[
        "deadline",
        "--received",
        "2026-11-25T15:30",
        "--unit",
        "same_day",
        "--cutoff-15h",
        "--json",
    ]);
    assert_eq!(
        stdout(&o),
        "{\"start\":\"2026-11-26T07:00\",\"due\":\"2026-11-26T17:00\"}\n"
    );
    let o = motcua(&[
        "deadline",
        "--received",
        "2026-11-25T15:30",
        "--unit",
        "none",
        "--json",
    ]);
    assert_eq!(
        stdout(&o),
        "{\"start\":\"2026-11-25T15:30\",\"due\":null}\n"
    );
}

#[test]
fn bad_input_exits_2_with_one_line() {
    for args in [
        &[
            "deadline",
            "--received",
            "2026-11-20T16:30",
            "--unit",
            "fortnights",
            "--n",
            "5",
            "--json",
        ][..],
        &[
            "deadline",
            "--received",
            "2026-02-30T16:30",
            "--unit",
            "working_days",
            "--n",
            "5",
        ],
        &[
            "deadline",
            "--received",
            "2026-11-20T16:30",
            "--limit",
            "tùy",
        ],
        &["calendar", "year", "2200", "--json"],
        &["calendar", "lunar", "2026-13-01", "--json"],
        &["calendar", "lunar", "--to-solar", "2026-06-01L"],
    ] {
        let o = motcua(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("motcua: "), "{err}");
        assert!(stdout(&o).is_empty(), "nothing half-printed for {args:?}");
    }
}

#[test]
fn spec_4_5_lunar_json_lines() {
    let o = motcua(&[
        "calendar",
        "lunar",
        "2030-02-02",
        "1985-01-21",
        "2007-02-17",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "{\"solar\":\"2030-02-02\",\"year\":2030,\"month\":1,\"day\":1,\"leap\":false}\n\
         {\"solar\":\"1985-01-21\",\"year\":1985,\"month\":1,\"day\":1,\"leap\":false}\n\
         {\"solar\":\"2007-02-17\",\"year\":2007,\"month\":1,\"day\":1,\"leap\":false}\n"
    );
    let o = motcua(&[
        "calendar",
        "lunar",
        "--to-solar",
        "2030-01-01",
        "2025-06-01L",
        "--json",
    ]);
    assert_eq!(
        stdout(&o),
        "{\"solar\":\"2030-02-02\",\"year\":2030,\"month\":1,\"day\":1,\"leap\":false}\n\
         {\"solar\":\"2025-07-25\",\"year\":2025,\"month\":6,\"day\":1,\"leap\":true}\n"
    );
}

#[test]
fn spec_4_4_a_deployment_adds_a_notice_without_recompiling() {
    let dir = std::env::temp_dir().join(format!("motcua-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("notice-2027.json");
    std::fs::write(
        &file,
        r#"{"name":"Thông báo nghỉ lễ 2027","exceptions":[
            {"date":"2027-05-03","kind":"swap_off","name":"Nghỉ hoán đổi","source":"TB 99/TB-BNV"},
            {"date":"2027-05-08","kind":"makeup_workday","name":"Làm bù","source":"TB 99/TB-BNV"}]}"#,
    )
    .unwrap();
    let plain = motcua(&["calendar", "year", "2027", "--json"]);
    let with = motcua(&[
        "calendar",
        "year",
        "2027",
        "--json",
        "--exceptions",
        file.to_str().unwrap(),
    ]);
    assert!(with.status.success(), "{}", stderr(&with));
    let rows = |o: &Output| serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout).unwrap();
    let (plain, with_rows) = (rows(&plain), rows(&with));
    assert_eq!(
        with_rows.len(),
        plain.len() + 1,
        "3 May 2027 is already a compensatory day; 8 May is new"
    );
    assert!(with_rows
        .iter()
        .any(|r| r["date"] == "2027-05-08" && r["working"] == true));
    // The deadline command sees the same file: Fri 7 May + 1 working day = Sat 8 May.
    let o = motcua(&[
        "deadline",
        "--received",
        "2027-05-07T09:00",
        "--unit",
        "working_days",
        "--n",
        "1",
        "--json",
        "--exceptions",
        file.to_str().unwrap(),
    ]);
    assert_eq!(
        stdout(&o),
        "{\"start\":\"2027-05-07T09:00\",\"due\":\"2027-05-08T09:00\"}\n"
    );
    // A broken file is refused in one line naming it.
    std::fs::write(&file, "{\"name\": 1}").unwrap();
    let o = motcua(&[
        "calendar",
        "year",
        "2027",
        "--exceptions",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("notice-2027.json"));
    std::fs::remove_dir_all(&dir).ok();
}
