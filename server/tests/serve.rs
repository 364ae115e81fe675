//! `motcua serve` against a fresh SQLite file and a fresh PostgreSQL database: health,
//! the home page with the seeded catalogue, and the diacritic-insensitive search API.

mod common;

use common::{fresh_database, run, Backend, Server};

/// Seeds the demo catalogue (which also migrates), then serves.
fn seeded_server(backend: Backend, label: &str) -> Server {
    let env = fresh_database(backend, label);
    let seed = run(&["seed-demo"], &env);
    assert!(
        seed.status.success(),
        "seed-demo failed: {}",
        String::from_utf8_lossy(&seed.stderr)
    );
    Server::start(&env)
}

fn serves_health_home_and_search(server: &Server, backend: &str) {
    let (status, body) = server.get("/healthz");
    assert_eq!(status, 200, "{body}");
    let health: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(health["database"], backend);

    let (status, html) = server.get("/");
    assert_eq!(status, 200);
    assert!(html.contains("Cổng dịch vụ công"), "portal title missing");
    for name in [
        "Đăng ký khai sinh",
        "Cấp đổi giấy phép lái xe",
        "Đăng ký thường trú",
    ] {
        assert!(html.contains(name), "home page lacks «{name}»");
    }
    assert!(html.contains("05 ngày làm việc"), "time limits are listed");

    // Without diacritics, as typed on a phone without a Vietnamese keyboard.
    let (status, body) = server.get("/api/v1/procedures?q=dang%20ky%20khai%20sinh");
    assert_eq!(status, 200, "{body}");
    let found: serde_json::Value = serde_json::from_str(&body).unwrap();
    let names: Vec<&str> = found["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Đăng ký khai sinh"), "{names:?}");
    assert!(
        names.iter().all(|n| n.to_lowercase().contains("khai sinh")),
        "{names:?}"
    );
    assert_eq!(found["count"].as_u64().unwrap() as usize, names.len());

    // The page answers the same query server-side (the no-JavaScript search).
    let (status, html) = server.get("/?q=dang+ky+khai+sinh");
    assert_eq!(status, 200);
    assert!(html.contains("Đăng ký khai sinh"));
    assert!(
        !html.contains("Cấp đổi giấy phép lái xe"),
        "unrelated procedure listed"
    );

    let (status, _) = server.get("/api/v1/version");
    assert_eq!(status, 200);
    let (status, _) = server.get("/no-such-page");
    assert_eq!(status, 404);
    // An unknown procedure is a 404 too, on its page and on its submission form.
    for path in [
        "/thu-tuc/khong-co-thu-tuc-nay",
        "/thu-tuc/khong-co-thu-tuc-nay/nop-ho-so",
    ] {
        let (status, html) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("Không"), "{path}: a page that says so");
    }
}

#[test]
fn sqlite_serves_health_home_and_search() {
    let server = seeded_server(Backend::Sqlite, "serve_sqlite");
    serves_health_home_and_search(&server, "sqlite");
}

#[test]
fn postgres_serves_health_home_and_search() {
    let server = seeded_server(Backend::Postgres, "serve_pg");
    serves_health_home_and_search(&server, "postgres");
}

fn seed_and_migrate_are_idempotent(backend: Backend, label: &str) {
    let env = fresh_database(backend, label);
    for args in [
        &["migrate"][..],
        &["migrate"],
        &["seed-demo"],
        &["seed-demo"],
        &["seed-demo", "--if-empty"],
    ] {
        let out = run(args, &env);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let server = Server::start(&env);
    let (_, body) = server.get("/api/v1/procedures");
    let all: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        all["count"], 16,
        "the demo catalogue has 16 procedures, once each"
    );
}

#[test]
fn sqlite_seed_and_migrate_are_idempotent() {
    seed_and_migrate_are_idempotent(Backend::Sqlite, "idem_sqlite");
}

#[test]
fn postgres_seed_and_migrate_are_idempotent() {
    seed_and_migrate_are_idempotent(Backend::Postgres, "idem_pg");
}

#[test]
fn an_overlong_query_is_refused_with_the_field_named() {
    let server = seeded_server(Backend::Sqlite, "long_query");
    let (status, body) = server.get(&format!("/api/v1/procedures?q={}", "a".repeat(201)));
    assert_eq!(status, 400);
    let error: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["field"], "q");
    assert!(error["error"].as_str().unwrap().contains("quá dài"));

    // The page applies the same rule (from the core) and says so, instead of searching a
    // cut-down query; 200 characters are still accepted.
    let (status, html) = server.get(&format!("/?q={}", "a".repeat(201)));
    assert_eq!(status, 200);
    assert!(
        html.contains("Từ khóa tìm kiếm quá dài (tối đa 200 ký tự)."),
        "no error shown"
    );
    assert!(
        !html.contains("procedure-card"),
        "results shown for a refused query"
    );
    let (status, _) = server.get(&format!("/api/v1/procedures?q={}", "a".repeat(200)));
    assert_eq!(status, 200);
}

#[test]
fn the_configured_jurisdiction_is_shown() {
    let mut env = fresh_database(Backend::Sqlite, "jurisdiction");
    env.push(("MOTCUA_JURISDICTION", "Tỉnh Thử Nghiệm".into()));
    assert!(run(&["seed-demo"], &env).status.success());
    let server = Server::start(&env);
    let (_, html) = server.get("/");
    assert!(html.contains("Tỉnh Thử Nghiệm"));
}
