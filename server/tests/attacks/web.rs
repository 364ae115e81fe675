//! The real `motcua` binary on a fresh database with the demo province and its staff,
//! driven over HTTP, with direct SQL to check what a refused request left behind (the
//! roles and privacy attacks).

#![allow(dead_code)]

use sqlx::{AnyPool, Row};

use crate::common::http::{Multipart, Request, Response};
use crate::common::{fresh_database, run, Backend, Server};

/// The demo staff password.
pub const STAFF_PASSWORD: &str = "Demo2026a";

/// A running site and a connection to its database.
pub struct Web {
    pub server: Server,
    pub pool: AnyPool,
    runtime: tokio::runtime::Runtime,
}

impl Web {
    /// `seed-demo --staff-password …`, then `motcua serve`.
    pub fn start(backend: Backend, label: &str) -> Web {
        let label = match backend {
            Backend::Sqlite => format!("{label}_sqlite"),
            Backend::Postgres => format!("{label}_pg"),
        };
        let env = fresh_database(backend, &label);
        let seed = run(&["seed-demo", "--staff-password", STAFF_PASSWORD], &env);
        assert!(
            seed.status.success(),
            "seed-demo failed: {}",
            String::from_utf8_lossy(&seed.stderr)
        );
        let server = Server::start(&env);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let settings = motcua_server::config::Settings::from_sources(|key| {
            env.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
        })
        .unwrap();
        let pool = runtime
            .block_on(motcua_server::database::open(&settings))
            .unwrap();
        Web {
            server,
            pool,
            runtime,
        }
    }

    pub fn send(&self, request: Request) -> Response {
        request.send(self.server.port)
    }

    /// The rows of `sql` (one `$1`), each as its columns joined by `|` (text or integer).
    pub fn rows(&self, sql: &str, bind: &str) -> Vec<String> {
        self.runtime.block_on(async {
            sqlx::query(sql)
                .bind(bind)
                .fetch_all(&self.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| {
                    (0..sqlx::Row::len(r))
                        .map(|i| {
                            r.try_get::<Option<String>, _>(i)
                                .map(|v| v.unwrap_or_default())
                                .or_else(|_| {
                                    r.try_get::<Option<i64>, _>(i)
                                        .map(|v| v.map(|n| n.to_string()).unwrap_or_default())
                                })
                                .unwrap()
                        })
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect()
        })
    }

    /// One integer from `sql` (one `$1`).
    pub fn number(&self, sql: &str, bind: &str) -> i64 {
        self.runtime.block_on(async {
            sqlx::query(sql)
                .bind(bind)
                .fetch_one(&self.pool)
                .await
                .unwrap()
                .try_get::<i64, _>(0)
                .unwrap()
        })
    }

    /// Every staff account and unit permission as text: what a refused request must
    /// leave as it was.
    pub fn staff_state(&self) -> Vec<String> {
        let mut all = self.rows(
            "SELECT username, role, active, password_hash, must_change_password FROM staff \
             WHERE username <> $1 ORDER BY username",
            "",
        );
        all.extend(self.rows(
            "SELECT code, admin_appoints_signers FROM agencies WHERE code <> $1 ORDER BY code",
            "",
        ));
        all.push(format!(
            "sessions {}",
            self.number(
                "SELECT COUNT(*) FROM staff_sessions WHERE token_hash <> $1",
                ""
            )
        ));
        all.push(format!(
            "audit {}",
            self.number("SELECT COUNT(*) FROM audit_log WHERE id <> $1", "")
        ));
        all
    }

    pub fn staff_id(&self, username: &str) -> String {
        self.rows("SELECT id FROM staff WHERE username = $1", username)
            .pop()
            .expect("a demo account")
    }

    /// Signs a staff member in; the answer as given.
    pub fn staff_sign_in_with(&self, username: &str, password: &str) -> Response {
        self.send(Request::post("/_fn/staff/sign_in").json().form(&[
            ("username", username),
            ("password", password),
            ("next", ""),
        ]))
    }

    /// Signs a demo staff member in and returns the cookie (`motcua_staff=…`).
    pub fn staff(&self, username: &str) -> String {
        let answer = self.staff_sign_in_with(username, STAFF_PASSWORD);
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer
            .set_cookie("motcua_staff")
            .unwrap_or_else(|| panic!("{username} signs in: {}", answer.text()))
    }

    /// Whether the staff cookie opens the staff area (the frame of every staff page).
    pub fn staff_signed_in(&self, cookie: &str) -> bool {
        let answer = self.send(
            Request::post("/_fn/staff/frame")
                .json()
                .cookie(Some(cookie))
                .form(&[("next", "/can-bo")]),
        );
        assert_eq!(answer.status, 200, "{}", answer.text());
        !answer.json().is_null()
    }

    /// A staff form post (multipart) and the answer.
    pub fn staff_post(&self, cookie: &str, path: &str, fields: &[(&str, &str)]) -> Response {
        self.send(
            Request::post(path)
                .header("Accept", "text/html")
                .cookie(Some(cookie))
                .multipart(&Multipart::new().texts(fields)),
        )
    }

    /// A staff form post that must be refused: back to the page with `?loi=`.
    pub fn refused(&self, cookie: &str, path: &str, fields: &[(&str, &str)]) -> String {
        let answer = self.staff_post(cookie, path, fields);
        let location = answer.header("location").unwrap_or_default().to_owned();
        assert!(
            location.contains("loi="),
            "{path} must be refused: {} {location} {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        );
        location
    }

    /// A staff form post that must go through: back with `?thong_bao=`.
    pub fn done(&self, cookie: &str, path: &str, fields: &[(&str, &str)]) {
        let answer = self.staff_post(cookie, path, fields);
        let location = answer.header("location").unwrap_or_default();
        assert!(
            location.contains("thong_bao="),
            "{path} must go through: {} {location}",
            answer.status
        );
    }
}

/// Percent-decodes a query value (for reading refusals in a `Location`).
pub fn decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
