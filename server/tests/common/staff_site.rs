//! The demo province with its staff on a fresh database, driven through the server's
//! own services with chosen instants (the staff tests).

#![allow(dead_code)]

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use motcua_app::services::StaffProfile;
use motcua_core::dossier::{PersonForm, UploadLimits};
use motcua_core::procedure::Channel;
use motcua_core::workflow::Action;
use motcua_server::catalog::SqlCatalog;
use motcua_server::config::Settings;
use motcua_server::dossier::notices;
use motcua_server::dossier::storage::FileStore;
use motcua_server::dossier::uploads;
use motcua_server::processing::intake::{intake, PaperDossier};
use motcua_server::processing::{act, ActError, Command, Env, ReturnMethod};
use motcua_server::staff::accounts::acting;
use sqlx::{AnyPool, Row};

use super::{fresh_database, Backend};

/// The demo procedures the tests use.
pub const RESIDENCE: &str = "Đăng ký thường trú";
/// Provincial, processed by the Department of Justice (H15.10).
pub const CRIMINAL_RECORD: &str = "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam";

/// Runs a scenario on a multi-threaded runtime.
pub fn block_on<F: std::future::Future<Output = ()>>(f: F) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// The demo staff password.
pub const PASSWORD: &str = "Demo2026a";
/// A 1-page PDF (enough for the content check: the magic bytes).
/// A minimal PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// Local (UTC+7) wall-clock time as the instant the server would read.
/// The instant of a local time.
pub fn at(local: &str) -> DateTime<Utc> {
    let t = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").unwrap();
    Utc.from_utc_datetime(&(t - chrono::Duration::hours(7)))
}

/// A seeded database with its services.
pub struct Site {
    pub pool: AnyPool,
    pub catalog: SqlCatalog,
    pub notices: notices::Context,
    pub files: FileStore,
    pub data_dir: std::path::PathBuf,
}

impl Site {
    pub async fn start(backend: Backend, label: &str) -> Site {
        let label = match backend {
            Backend::Sqlite => format!("st_{label}_sqlite"),
            Backend::Postgres => format!("st_{label}_pg"),
        };
        // The helper makes its own runtime to create a PostgreSQL database.
        let env = tokio::task::spawn_blocking(move || fresh_database(backend, &label))
            .await
            .unwrap();
        let settings = Settings::from_sources(|key| {
            env.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
        })
        .unwrap();
        let pool = motcua_server::database::open(&settings).await.unwrap();
        let now = at("2026-11-02 08:00").timestamp_millis();
        motcua_server::catalog::seed::seed_demo(&pool, false, now)
            .await
            .unwrap();
        motcua_server::staff::demo::seed_staff(&pool, PASSWORD, now)
            .await
            .unwrap();
        Site {
            catalog: SqlCatalog::new(pool.clone()),
            notices: motcua_server::startup::notices_context(&settings),
            files: FileStore::new(&settings.data_dir),
            data_dir: settings.data_dir.clone(),
            pool,
        }
    }

    /// The data directory (results are stored under it).
    pub fn files_dir(&self) -> std::path::PathBuf {
        self.data_dir.clone()
    }

    pub fn env(&self) -> Env<'_> {
        Env {
            pool: &self.pool,
            catalog: &self.catalog,
            notices: &self.notices,
        }
    }

    pub async fn staff(&self, username: &str) -> StaffProfile {
        let r = sqlx::query(
            "SELECT s.id, s.username, s.full_name, s.unit_code, s.role, a.name FROM staff s \
             JOIN agencies a ON a.code = s.unit_code WHERE s.username = $1",
        )
        .bind(username)
        .fetch_one(&self.pool)
        .await
        .unwrap();
        StaffProfile {
            id: r.try_get("id").unwrap(),
            username: r.try_get("username").unwrap(),
            full_name: r.try_get("full_name").unwrap(),
            unit_code: r.try_get("unit_code").unwrap(),
            unit_name: r.try_get("name").unwrap(),
            role: r.try_get::<String, _>("role").unwrap().parse().unwrap(),
        }
    }

    pub async fn slug(&self, name: &str) -> String {
        sqlx::query("SELECT procedure_slug FROM procedure_versions WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .unwrap()
            .try_get("procedure_slug")
            .unwrap()
    }

    /// A paper dossier entered and received by `officer` at `now`.
    pub async fn paper(
        &self,
        officer: &StaffProfile,
        procedure: &str,
        now: DateTime<Utc>,
    ) -> String {
        let slug = self.slug(procedure).await;
        let version = load_version(&self.pool, &slug).await;
        let staged = uploads::stage(
            &self.pool,
            &self.files,
            &UploadLimits::default(),
            "to-khai.pdf",
            PDF,
            None,
            now.timestamp_millis(),
        )
        .await
        .unwrap();
        let scan = uploads::find(&self.pool, &staged.token)
            .await
            .unwrap()
            .unwrap();
        let paper = PaperDossier {
            procedure: slug,
            channel: Channel::InPerson,
            applicant: PersonForm {
                full_name: "Trần Thị Bích".into(),
                personal_id: "001190012345".into(),
                date_of_birth: "1990-03-04".into(),
                phone: "0912000111".into(),
                email: "bich.tran@example.vn".into(),
                address: "Số 5 đường Lê Lợi, phường An Bình".into(),
            },
            scans: vec![(version, scan)],
            note: String::new(),
        };
        intake(self.env(), &acting(officer), paper, now)
            .await
            .expect("intake")
            .dossier_id
    }

    /// A staged one-page scan, as the desk's scanner gives it.
    pub async fn scan(&self, when: &str) -> uploads::StagedFile {
        let staged = uploads::stage(
            &self.pool,
            &self.files,
            &UploadLimits::default(),
            "ban-quet.pdf",
            PDF,
            None,
            at(when).timestamp_millis(),
        )
        .await
        .unwrap();
        uploads::find(&self.pool, &staged.token)
            .await
            .unwrap()
            .unwrap()
    }

    pub async fn run(
        &self,
        who: &StaffProfile,
        id: &str,
        command: Command,
        now: DateTime<Utc>,
    ) -> Result<motcua_server::processing::Outcome, ActError> {
        act(self.env(), &acting(who), id, None, command, now).await
    }

    pub async fn row_version(&self, id: &str) -> (i64, i64) {
        let r = sqlx::query("SELECT row_version, status FROM dossiers WHERE id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .unwrap();
        (
            r.try_get("row_version").unwrap(),
            r.try_get("status").unwrap(),
        )
    }

    pub async fn count(&self, sql: &str, id: &str) -> i64 {
        sqlx::query(sql)
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .unwrap()
            .try_get::<i64, _>(0)
            .unwrap()
    }
}

/// The first document slot of the procedure's current version.
pub async fn load_version(pool: &AnyPool, slug: &str) -> String {
    let body: String = sqlx::query(
        "SELECT v.body FROM procedure_versions v JOIN procedures p ON p.slug = v.procedure_slug \
         AND p.current_version = v.version WHERE p.slug = $1",
    )
    .bind(slug)
    .fetch_one(pool)
    .await
    .unwrap()
    .try_get("body")
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["documents"][0]["name"].as_str().unwrap().to_owned()
}

/// A plausible command for each action (the rules refuse before the data matters).
/// A plausible command for each action.
pub fn command_for(action: Action, specialist: &str) -> Command {
    match action {
        Action::Receive => Command::Receive,
        Action::RequestSupplement => Command::RequestSupplement {
            items: vec!["Bản sao giấy khai sinh".into()],
            reason: "Thiếu giấy tờ".into(),
            override_reason: Some("Cần bổ sung thêm".into()),
        },
        Action::Refuse => Command::Refuse {
            reasons: vec!["Không thuộc thẩm quyền".into()],
        },
        Action::AnswerSupplement => Command::AnswerSupplement {
            note: "Đã nộp".into(),
            files: Vec::new(),
        },
        Action::SendToProcessing => Command::SendToProcessing {
            note: String::new(),
        },
        Action::Assign => Command::Assign {
            to: specialist.into(),
            note: String::new(),
        },
        Action::Forward => Command::Forward {
            note: String::new(),
        },
        Action::SendBack => Command::SendBack {
            comment: "Xem lại".into(),
        },
        Action::Transfer => Command::Transfer {
            to_unit: "H15.20".into(),
            note: "Xác minh".into(),
        },
        Action::ReturnFromTransfer => Command::ReturnFromTransfer {
            note: String::new(),
        },
        Action::RequestPayment => Command::RequestPayment {
            amount: "Lệ phí 200.000 đồng".into(),
        },
        Action::ConfirmPayment => Command::ConfirmPayment {
            note: String::new(),
        },
        Action::Apologize => Command::Apologize {
            reason: "Cần xác minh thêm".into(),
            new_due: NaiveDateTime::parse_from_str("2027-06-30 16:00", "%Y-%m-%d %H:%M").unwrap(),
        },
        Action::Decide => Command::Decide {
            override_reason: Some("Lý do".into()),
            note: String::new(),
        },
        Action::Return => Command::Return(ReturnMethod::Desk {
            collected_by: "Trần Thị Bích".into(),
        }),
        Action::Stop => Command::Stop {
            reason: "Công dân đề nghị".into(),
        },
        Action::Withdraw => Command::Withdraw {
            reason: "Rút".into(),
        },
    }
}
