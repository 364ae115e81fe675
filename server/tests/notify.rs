//! Notifications end to end against real servers: an SMTP server (aiosmtpd, in the venv
//! that `scripts/test-venv.sh` makes) and a stand-in SMS gateway (Python's http.server),
//! both on loopback, started per test and killed when it ends. Each test runs on SQLite,
//! and on PostgreSQL when MOTCUA_TEST_POSTGRES_URL is set (`make test`,
//! `scripts/with-postgres.sh cargo test`).

mod common;

use std::time::{Duration, Instant};

use common::mail::{free_port, SmsGateway, SmtpServer};
use motcua_server::config::Settings;
use motcua_server::database;
use motcua_server::notify::templates::{self, Common, Received};
use motcua_server::notify::{self, Message, NotifySettings, SendReport, Sender};
use sqlx::{AnyPool, Row};

const FROM: &str = "Cổng dịch vụ công tỉnh Mẫu <no-reply@dichvucong.mau.gov.vn>";

/// Settings as the server reads them from its environment.
fn notify_settings(smtp_port: Option<u16>, sms: Option<(&str, &str)>) -> NotifySettings {
    let mut vars: Vec<(&str, String)> = Vec::new();
    if let Some(port) = smtp_port {
        vars.push(("MOTCUA_SMTP_HOST", "127.0.0.1".into()));
        vars.push(("MOTCUA_SMTP_PORT", port.to_string()));
        vars.push(("MOTCUA_SMTP_FROM", FROM.into()));
    }
    if let Some((url, token)) = sms {
        vars.push(("MOTCUA_SMS_URL", url.into()));
        vars.push(("MOTCUA_SMS_TOKEN", token.into()));
    }
    NotifySettings::from_lookup(|key| vars.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()))
        .unwrap()
}

// ---------------------------------------------------------------------------------------
// The database

#[derive(Clone, Copy, Debug)]
enum Backend {
    Sqlite,
    Postgres,
}

fn postgres_url() -> Option<String> {
    std::env::var("MOTCUA_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// Settings for a new empty database of `backend`.
async fn fresh_settings(backend: Backend, label: &str) -> Settings {
    let data_dir = common::temp_dir(label);
    let database_url = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => {
            let base = postgres_url().unwrap();
            let name = format!(
                "motcua_{label}_{}_{}",
                std::process::id(),
                data_dir
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .rsplit('-')
                    .next()
                    .unwrap()
            );
            sqlx::any::install_default_drivers();
            let admin = AnyPool::connect(&base)
                .await
                .expect("test PostgreSQL reachable");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
            let (server, _) = base.rsplit_once('/').unwrap();
            Some(format!("{server}/{name}"))
        }
    };
    let data_dir = data_dir.display().to_string();
    Settings::from_sources(|key| match key {
        "MOTCUA_DATA_DIR" => Some(data_dir.clone()),
        "DATABASE_URL" => database_url.clone(),
        _ => None,
    })
    .unwrap()
}

/// A migrated pool on a new database, and the settings to open more pools on it.
async fn fresh_pool(backend: Backend, label: &str) -> (AnyPool, Settings) {
    let settings = fresh_settings(backend, label).await;
    let pool = database::open(&settings).await.unwrap();
    (pool, settings)
}

/// Enqueues `messages` in one committed transaction.
async fn enqueue(pool: &AnyPool, messages: &[Message], now_ms: i64) {
    let mut tx = pool.begin().await.unwrap();
    for message in messages {
        notify::enqueue(&mut tx, message, now_ms).await.unwrap();
    }
    tx.commit().await.unwrap();
}

#[derive(Debug)]
struct OutboxRow {
    id: String,
    channel: String,
    attempts: i64,
    next_attempt_ms: i64,
    sent_at_ms: Option<i64>,
    last_error: Option<String>,
}

async fn outbox(pool: &AnyPool) -> Vec<OutboxRow> {
    sqlx::query(
        "SELECT id, channel, attempts, next_attempt_ms, sent_at_ms, last_error \
         FROM outbox ORDER BY created_at_ms, id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| OutboxRow {
        id: r.get("id"),
        channel: r.get("channel"),
        attempts: r.get("attempts"),
        next_attempt_ms: r.get("next_attempt_ms"),
        sent_at_ms: r.get("sent_at_ms"),
        last_error: r.get("last_error"),
    })
    .collect()
}

const T0: i64 = 1_795_939_200_000; // 2026-11-30 00:00 UTC

fn report(sent: u64, failed: u64, skipped: u64) -> SendReport {
    SendReport {
        sent,
        failed,
        skipped,
    }
}

/// Runs each scenario on SQLite and, when the test server is there, on PostgreSQL.
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$scenario(super::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if super::postgres_url().is_none() {
                    eprintln!("skipped: MOTCUA_TEST_POSTGRES_URL is not set \
                               (scripts/with-postgres.sh sets it)");
                    return;
                }
                super::$scenario(super::Backend::Postgres).await;
            }
        }
    )*};
}

on_both_backends!(
    vietnamese_email_arrives_intact,
    sms_reaches_the_gateway_with_the_token_after_a_retry,
    a_mail_server_that_is_down_delays_but_never_loses,
    racing_senders_deliver_each_message_once,
    an_unconfigured_channel_waits_until_configured,
    the_background_loop_delivers_on_its_own,
);

// ---------------------------------------------------------------------------------------
// The scenarios

/// (1) A Vietnamese e-mail (RFC 2047 subject, 8-bit body with a leading dot and a long
/// line) is decoded by Python's e-mail parser to exactly what was enqueued.
async fn vietnamese_email_arrives_intact(backend: Backend) {
    let (pool, _) = fresh_pool(backend, "notify_email").await;
    let smtp = SmtpServer::start(free_port());
    let sender = Sender::new(pool.clone(), notify_settings(Some(smtp.port), None)).unwrap();

    let notification = templates::received(
        &Common {
            portal: "Cổng dịch vụ công tỉnh Mẫu",
            applicant_name: "Nguyễn Thị Hồng Nhung",
            procedure_name: "Đăng ký khai sinh",
            tracking_url: "https://dichvucong.mau.gov.vn/tra-cuu",
        },
        &Received {
            code: "H15.50.05.13-261130-0001",
            receiving_unit: "UBND phường Hạc Thành",
            received_at: "09 giờ 05, thứ Hai 30/11/2026",
            appointment: "15 giờ 30, thứ Hai 30/11/2026",
            result_location: "Tại Bộ phận Một cửa UBND phường Hạc Thành",
        },
    );
    let subject = format!(
        "{} — Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        notification.subject
    );
    let body = format!(
        "{}\n.Dòng bắt đầu bằng dấu chấm\nFrom: không phải tiêu đề\n{}\n",
        notification.body,
        "Cộng hòa xã hội chủ nghĩa Việt Nam. ".repeat(40)
    );
    let recipient = "nhung.nguyen@example.vn";
    enqueue(
        &pool,
        &[Message::email(
            recipient,
            &subject,
            &body,
            Some("dossier-1".into()),
        )],
        T0,
    )
    .await;

    // A message enqueued in a transaction that rolls back never exists.
    let mut tx = pool.begin().await.unwrap();
    notify::enqueue(&mut tx, &Message::email(recipient, "x", "y", None), T0)
        .await
        .unwrap();
    tx.rollback().await.unwrap();

    assert_eq!(sender.run_once(T0).await.unwrap(), report(1, 0, 0));
    let rows = outbox(&pool).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].sent_at_ms, Some(T0));
    assert_eq!(rows[0].attempts, 1);
    assert_eq!(rows[0].last_error, None);

    let mail = smtp.messages();
    assert_eq!(mail.len(), 1, "{mail:?}");
    let mail = &mail[0];
    assert_eq!(mail["rcpt_tos"], serde_json::json!([recipient]));
    assert_eq!(mail["mail_from"], "no-reply@dichvucong.mau.gov.vn");
    assert_eq!(mail["from"], FROM);
    assert_eq!(mail["subject"], subject.as_str());
    assert_eq!(mail["content_type"], "text/plain");
    assert_eq!(mail["charset"], "utf-8");
    // E-mail lines end in CRLF on the wire; the parser gives them back as they travelled.
    let received_body = mail["body"].as_str().unwrap().replace("\r\n", "\n");
    assert_eq!(received_body, body);
    assert_eq!(
        mail["message_id"],
        format!("<{}@dichvucong.mau.gov.vn>", rows[0].id)
    );

    // Nothing more to send.
    assert_eq!(
        sender.run_once(T0 + 3_600_000).await.unwrap(),
        report(0, 0, 0)
    );
    assert_eq!(smtp.messages().len(), 1);
}

/// (2) The SMS goes to the gateway as JSON with the bearer token; a 500 is retried after
/// 30 s and the retry delivers.
async fn sms_reaches_the_gateway_with_the_token_after_a_retry(backend: Backend) {
    let (pool, _) = fresh_pool(backend, "notify_sms").await;
    let gateway = SmsGateway::start(1);
    let url = gateway.url();
    let sender = Sender::new(pool.clone(), notify_settings(None, Some((&url, "tok-123")))).unwrap();
    let text = "Hồ sơ H15.50.05.13-261130-0001 đã được tiếp nhận. Hẹn trả kết quả: 15 giờ 30, \
                thứ Hai 30/11/2026.";
    enqueue(&pool, &[Message::sms("0912345678", text, None)], T0).await;

    assert_eq!(sender.run_once(T0).await.unwrap(), report(0, 1, 0));
    let row = &outbox(&pool).await[0];
    assert_eq!((row.attempts, row.sent_at_ms), (1, None));
    assert_eq!(row.next_attempt_ms, T0 + 30_000);
    assert!(
        row.last_error.as_deref().unwrap().contains("500"),
        "{row:?}"
    );

    assert_eq!(sender.run_once(T0 + 29_999).await.unwrap(), report(0, 0, 0));
    assert_eq!(sender.run_once(T0 + 30_000).await.unwrap(), report(1, 0, 0));
    let row = &outbox(&pool).await[0];
    assert_eq!((row.attempts, row.sent_at_ms), (2, Some(T0 + 30_000)));
    assert_eq!(row.last_error, None);

    let requests = gateway.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0]["status"], 500);
    let delivered = &requests[1];
    assert_eq!(delivered["status"], 200);
    assert_eq!(delivered["path"], "/send");
    assert_eq!(delivered["authorization"], "Bearer tok-123");
    assert_eq!(delivered["idempotency_key"], row.id.as_str());
    assert_eq!(delivered["content_type"], "application/json; charset=utf-8");
    assert_eq!(
        delivered["body"],
        serde_json::json!({ "to": "0912345678", "text": text })
    );
}

/// (3) With the SMTP port closed the message fails, waits 30 s, fails again, waits 1 min;
/// once the server is up it is delivered exactly once.
async fn a_mail_server_that_is_down_delays_but_never_loses(backend: Backend) {
    let (pool, _) = fresh_pool(backend, "notify_down").await;
    let port = free_port();
    let sender = Sender::new(pool.clone(), notify_settings(Some(port), None)).unwrap();
    enqueue(
        &pool,
        &[Message::email(
            "an@example.vn",
            "Thông báo",
            "Nội dung thư",
            None,
        )],
        T0,
    )
    .await;

    assert_eq!(sender.run_once(T0).await.unwrap(), report(0, 1, 0));
    let row = &outbox(&pool).await[0];
    assert_eq!((row.attempts, row.sent_at_ms), (1, None));
    assert_eq!(row.next_attempt_ms, T0 + 30_000);
    let error = row.last_error.clone().unwrap();
    assert!(error.to_lowercase().contains("connect"), "{error}");

    assert_eq!(sender.run_once(T0 + 10_000).await.unwrap(), report(0, 0, 0));
    assert_eq!(sender.run_once(T0 + 30_000).await.unwrap(), report(0, 1, 0));
    let row = &outbox(&pool).await[0];
    assert_eq!(row.attempts, 2);
    assert_eq!(row.next_attempt_ms, T0 + 30_000 + 60_000);

    let smtp = SmtpServer::start(port);
    assert_eq!(sender.run_once(T0 + 60_000).await.unwrap(), report(0, 0, 0));
    assert_eq!(sender.run_once(T0 + 90_000).await.unwrap(), report(1, 0, 0));
    assert_eq!(
        sender.run_once(T0 + 86_400_000).await.unwrap(),
        report(0, 0, 0)
    );

    let rows = outbox(&pool).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].attempts, rows[0].sent_at_ms),
        (3, Some(T0 + 90_000))
    );
    let mail = smtp.messages();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0]["subject"], "Thông báo");
    assert_eq!(mail[0]["body"].as_str().unwrap().trim_end(), "Nội dung thư");
}

/// (4) Two senders with their own pools (two server instances) run at the same moment on
/// the same outbox: every message arrives exactly once.
async fn racing_senders_deliver_each_message_once(backend: Backend) {
    let (pool, settings) = fresh_pool(backend, "notify_race").await;
    let other_pool = database::connect(&settings).await.unwrap();
    let smtp = SmtpServer::start(free_port());
    let gateway = SmsGateway::start(0);
    let url = gateway.url();
    let transports = || notify_settings(Some(smtp.port), Some((&url, "tok")));
    let a = Sender::new(pool.clone(), transports()).unwrap();
    let b = Sender::new(other_pool, transports()).unwrap();

    let mut messages = Vec::new();
    for i in 0..16 {
        messages.push(Message::email(
            format!("nguoi.dan.{i}@example.vn"),
            format!("Thư số {i}"),
            format!("Nội dung thư số {i}"),
            None,
        ));
    }
    for i in 0..8 {
        messages.push(Message::sms(
            format!("09123456{i:02}"),
            format!("Tin số {i}"),
            None,
        ));
    }
    enqueue(&pool, &messages, T0).await;

    for round in 0..3 {
        let now = T0 + round * 1_000;
        let (ra, rb) = tokio::join!(a.run_once(now), b.run_once(now));
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        eprintln!("round {round}: sender a {ra:?}, sender b {rb:?}");
        assert_eq!(ra.failed + rb.failed, 0);
        if round == 0 {
            assert_eq!(ra.sent + rb.sent, 24);
        } else {
            assert_eq!(ra.sent + rb.sent, 0);
        }
    }

    let rows = outbox(&pool).await;
    assert!(
        rows.iter()
            .all(|r| r.sent_at_ms.is_some() && r.attempts == 1),
        "{rows:?}"
    );
    let mut message_ids: Vec<String> = smtp
        .messages()
        .iter()
        .map(|m| m["message_id"].as_str().unwrap().to_owned())
        .collect();
    message_ids.sort();
    let mut expected: Vec<String> = rows
        .iter()
        .filter(|r| r.channel == "email")
        .map(|r| format!("<{}@dichvucong.mau.gov.vn>", r.id))
        .collect();
    expected.sort();
    assert_eq!(message_ids, expected);
    let mut keys: Vec<String> = gateway
        .requests()
        .iter()
        .map(|r| r["idempotency_key"].as_str().unwrap().to_owned())
        .collect();
    keys.sort();
    let mut expected: Vec<String> = rows
        .iter()
        .filter(|r| r.channel == "sms")
        .map(|r| r.id.clone())
        .collect();
    expected.sort();
    assert_eq!(keys, expected);
}

/// (5) Without an SMS gateway, SMS rows stay pending (untouched, counted as skipped) while
/// e-mail goes out; a sender configured later delivers the backlog.
async fn an_unconfigured_channel_waits_until_configured(backend: Backend) {
    let (pool, _) = fresh_pool(backend, "notify_unconfigured").await;
    let smtp = SmtpServer::start(free_port());
    let email_only = Sender::new(pool.clone(), notify_settings(Some(smtp.port), None)).unwrap();
    enqueue(
        &pool,
        &[
            Message::sms("0987654321", "Hồ sơ đã có kết quả.", None),
            Message::email(
                "an@example.vn",
                "Hồ sơ đã có kết quả",
                "Mời nhận kết quả.",
                None,
            ),
        ],
        T0,
    )
    .await;

    assert_eq!(email_only.run_once(T0).await.unwrap(), report(1, 0, 1));
    assert_eq!(
        email_only.run_once(T0 + 86_400_000).await.unwrap(),
        report(0, 0, 1)
    );
    let sms_row = outbox(&pool)
        .await
        .into_iter()
        .find(|r| r.channel == "sms")
        .unwrap();
    assert_eq!(sms_row.attempts, 0);
    assert_eq!(sms_row.next_attempt_ms, T0);
    assert_eq!((sms_row.sent_at_ms, sms_row.last_error), (None, None));

    let nothing = Sender::new(pool.clone(), NotifySettings::default()).unwrap();
    assert_eq!(nothing.run_once(T0).await.unwrap(), report(0, 0, 1));

    let gateway = SmsGateway::start(0);
    let url = gateway.url();
    let both = Sender::new(
        pool.clone(),
        notify_settings(Some(smtp.port), Some((&url, "t"))),
    )
    .unwrap();
    assert_eq!(
        both.run_once(T0 + 86_400_000).await.unwrap(),
        report(1, 0, 0)
    );
    let requests = gateway.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["body"]["to"], "0987654321");
    assert_eq!(requests[0]["body"]["text"], "Hồ sơ đã có kết quả.");
    assert_eq!(smtp.messages().len(), 1);
}

/// (6) The loop the server starts: a message enqueued now arrives without anyone calling
/// `run_once`, and aborting the task stops it.
async fn the_background_loop_delivers_on_its_own(backend: Backend) {
    let (pool, _) = fresh_pool(backend, "notify_loop").await;
    let smtp = SmtpServer::start(free_port());
    let sender = Sender::new(pool.clone(), notify_settings(Some(smtp.port), None)).unwrap();
    let now = notify::sender::unix_ms_now();
    enqueue(
        &pool,
        &[Message::email(
            "an@example.vn",
            "Vòng gửi nền",
            "Thư từ vòng gửi nền.",
            None,
        )],
        now,
    )
    .await;
    let task = sender.spawn(Duration::from_millis(100));
    let start = Instant::now();
    // Delivered and recorded as sent: the SMTP server has the message a moment before the
    // sender writes `sent_at_ms`, so the loop waits for both before stopping the task.
    while smtp.messages().is_empty() || outbox(&pool).await[0].sent_at_ms.is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the background sender delivered nothing within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    assert_eq!(smtp.messages().len(), 1);
    assert_eq!(smtp.messages()[0]["subject"], "Vòng gửi nền");
}
