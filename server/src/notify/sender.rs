//! The background sender: delivers due outbox rows and retries failures.
//!
//! Each round selects due rows (`sent_at_ms IS NULL AND next_attempt_ms <= now`) of the
//! channels that have a transport, then for each row:
//! 1. **claims** it with an optimistic lease: `UPDATE … SET next_attempt_ms = now + lease
//!    WHERE id = … AND sent_at_ms IS NULL AND next_attempt_ms = {value read}`. Exactly one
//!    of several instances that read the same row sees one updated row; the others move on.
//!    This is plain SQL, so it runs alike on SQLite and PostgreSQL (no `SKIP LOCKED`).
//! 2. sends it, bounded by [`SEND_TIMEOUT`] (well under the lease, so no other instance
//!    can take the row over while it is being sent);
//! 3. marks it sent, or records the failure: `attempts + 1`, `last_error` and
//!    `next_attempt_ms = now + backoff(attempts)` (30 s, 1 min, 2 min … at most 1 h).
//!    A row is never given up and never deleted.
//!
//! Delivery is at-least-once: an instance that dies between sending and marking leaves
//! the row claimed, and it is sent again when the lease ends. The outbox id travels with
//! each message (e-mail Message-ID, SMS `Idempotency-Key`) so the other side can tell.
//!
//! A channel without a transport is not touched: its rows wait (counted as `skipped`) and
//! go out once the transport is configured. This is logged once per sender.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::{AnyPool, Row};
use tokio::task::JoinHandle;

use super::email::EmailTransport;
use super::settings::NotifySettings;
use super::sms::SmsGateway;
use super::{error_chain, mask_recipient, NotifyChannel};

/// How long a claimed row belongs to the instance that claimed it.
pub const LEASE_MS: i64 = 10 * 60 * 1000;
/// The longest one delivery attempt may take; must stay well under [`LEASE_MS`].
pub const SEND_TIMEOUT: Duration = Duration::from_secs(120);
/// Rows read per round; a full batch makes [`Sender::spawn`] go again at once.
pub const BATCH: i64 = 50;
/// The first retry delay; it doubles with each failure up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: i64 = 30 * 1000;
/// The longest retry delay.
pub const MAX_BACKOFF_MS: i64 = 60 * 60 * 1000;
/// `last_error` is cut to this many characters.
const MAX_ERROR_CHARS: usize = 500;

/// The delay before the next attempt of a row that has failed `attempts` times before
/// this failure: 30 s, 1 min, 2 min, 4 min … capped at 1 h.
pub fn backoff_ms(attempts: i64) -> i64 {
    let doublings = attempts.clamp(0, 20) as u32;
    FIRST_BACKOFF_MS
        .saturating_mul(1_i64 << doublings)
        .min(MAX_BACKOFF_MS)
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SendReport {
    /// Delivered and marked sent.
    pub sent: u64,
    /// Attempted and failed; scheduled for a retry.
    pub failed: u64,
    /// Due but waiting for a channel that has no transport.
    pub skipped: u64,
}

/// The configured transports, built once.
pub struct Transports {
    email: Option<EmailTransport>,
    sms: Option<SmsGateway>,
}

impl Transports {
    /// Builds a transport for each configured channel; nothing is contacted yet.
    pub fn new(settings: &NotifySettings) -> Result<Self, SenderError> {
        let email = settings
            .smtp
            .as_ref()
            .map(EmailTransport::new)
            .transpose()
            .map_err(SenderError::Transport)?;
        let sms = settings
            .sms_gateway_url
            .as_deref()
            .map(|url| SmsGateway::new(url, settings.sms_token.as_deref()))
            .transpose()
            .map_err(SenderError::Transport)?;
        Ok(Transports { email, sms })
    }

    fn has(&self, channel: NotifyChannel) -> bool {
        match channel {
            NotifyChannel::Email => self.email.is_some(),
            NotifyChannel::Sms => self.sms.is_some(),
        }
    }
}

/// Why a sender cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum SenderError {
    /// A transport cannot be prepared (the message names the setting).
    #[error("{0}")]
    Transport(String),
}

/// A due row, as read.
struct Due {
    id: String,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    attempts: i64,
    next_attempt_ms: i64,
}

/// Delivers the outbox. Any number of senders, in one process or in several server
/// instances, may run against the same database.
pub struct Sender {
    pool: AnyPool,
    settings: NotifySettings,
    transports: Transports,
    /// Whether the "no transport" warning was given, per channel (email, sms).
    warned: [AtomicBool; 2],
}

impl Sender {
    /// A sender for `pool` with the transports of `settings`.
    pub fn new(pool: AnyPool, settings: NotifySettings) -> Result<Self, SenderError> {
        let transports = Transports::new(&settings)?;
        Ok(Sender {
            pool,
            settings,
            transports,
            warned: [AtomicBool::new(false), AtomicBool::new(false)],
        })
    }

    /// The settings this sender was built with.
    pub fn settings(&self) -> &NotifySettings {
        &self.settings
    }

    /// One round at time `now_ms` (Unix ms): sends every due row of the configured
    /// channels, up to [`BATCH`]. Transport failures are recorded on the row, not returned;
    /// an `Err` is a database error (the round stops; rows already sent stay marked).
    pub async fn run_once(&self, now_ms: i64) -> Result<SendReport, sqlx::Error> {
        let mut report = SendReport::default();
        let configured: Vec<NotifyChannel> = [NotifyChannel::Email, NotifyChannel::Sms]
            .into_iter()
            .filter(|c| self.transports.has(*c))
            .collect();

        for channel in [NotifyChannel::Email, NotifyChannel::Sms] {
            if !configured.contains(&channel) {
                report.skipped += self.count_waiting(channel, now_ms).await?;
            }
        }

        let due = match configured.as_slice() {
            [] => Vec::new(),
            [only] => self.due(now_ms, Some(*only)).await?,
            _ => self.due(now_ms, None).await?,
        };
        for row in due {
            let lease_until = now_ms + LEASE_MS;
            if !self.claim(&row, lease_until).await? {
                continue; // another sender has it
            }
            match self.deliver(&row).await {
                Ok(()) => {
                    sqlx::query(
                        "UPDATE outbox SET sent_at_ms = $1, attempts = attempts + 1, \
                         last_error = NULL WHERE id = $2 AND sent_at_ms IS NULL",
                    )
                    .bind(now_ms)
                    .bind(&row.id)
                    .execute(&self.pool)
                    .await?;
                    report.sent += 1;
                    tracing::info!(
                        id = %row.id,
                        channel = %row.channel,
                        to = %mask_recipient(&row.recipient),
                        attempt = row.attempts + 1,
                        "notification sent"
                    );
                }
                Err(error) => {
                    let delay = backoff_ms(row.attempts);
                    let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
                    sqlx::query(
                        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, \
                         next_attempt_ms = $2 WHERE id = $3 AND sent_at_ms IS NULL",
                    )
                    .bind(&error)
                    .bind(now_ms + delay)
                    .bind(&row.id)
                    .execute(&self.pool)
                    .await?;
                    report.failed += 1;
                    tracing::warn!(
                        id = %row.id,
                        channel = %row.channel,
                        to = %mask_recipient(&row.recipient),
                        attempt = row.attempts + 1,
                        retry_in_s = delay / 1000,
                        error = %error,
                        "notification not sent; it will be retried"
                    );
                }
            }
        }
        Ok(report)
    }

    /// Runs [`Sender::run_once`] every `every` (at once again after a full batch) until
    /// the task is aborted. Errors are logged, never fatal.
    pub fn spawn(self, every: Duration) -> JoinHandle<()> {
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(every);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                loop {
                    match self.run_once(unix_ms_now()).await {
                        Ok(report) => {
                            if report.sent + report.failed > 0 {
                                tracing::info!(
                                    sent = report.sent,
                                    failed = report.failed,
                                    waiting_without_transport = report.skipped,
                                    "notification round"
                                );
                            }
                            if report.sent + report.failed < BATCH as u64 {
                                break;
                            }
                        }
                        Err(error) => {
                            tracing::warn!(error = %error_chain(&error), "notification round failed");
                            break;
                        }
                    }
                }
            }
        })
    }

    async fn count_waiting(&self, channel: NotifyChannel, now_ms: i64) -> Result<u64, sqlx::Error> {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox \
             WHERE sent_at_ms IS NULL AND next_attempt_ms <= $1 AND channel = $2",
        )
        .bind(now_ms)
        .bind(channel.as_str())
        .fetch_one(&self.pool)
        .await?;
        let index = channel as usize;
        if waiting > 0 && !self.warned[index].swap(true, Ordering::Relaxed) {
            let settings = match channel {
                NotifyChannel::Email => "MOTCUA_SMTP_HOST and MOTCUA_SMTP_FROM",
                NotifyChannel::Sms => "MOTCUA_SMS_URL",
            };
            tracing::warn!(
                channel = %channel,
                waiting,
                "notifications are waiting: this channel has no transport (set {settings}); \
                 they will be sent once it is configured"
            );
        }
        Ok(waiting.max(0) as u64)
    }

    async fn due(&self, now_ms: i64, only: Option<NotifyChannel>) -> Result<Vec<Due>, sqlx::Error> {
        let columns = "SELECT id, channel, recipient, subject, body, attempts, next_attempt_ms \
                       FROM outbox WHERE sent_at_ms IS NULL AND next_attempt_ms <= $1";
        let order = "ORDER BY next_attempt_ms, created_at_ms, id";
        let rows = match only {
            Some(channel) => {
                sqlx::query(&format!("{columns} AND channel = $2 {order} LIMIT $3"))
                    .bind(now_ms)
                    .bind(channel.as_str())
                    .bind(BATCH)
                    .fetch_all(&self.pool)
                    .await?
            }
            None => {
                sqlx::query(&format!("{columns} {order} LIMIT $2"))
                    .bind(now_ms)
                    .bind(BATCH)
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.iter()
            .map(|row| {
                Ok(Due {
                    id: row.try_get("id")?,
                    channel: row.try_get("channel")?,
                    recipient: row.try_get("recipient")?,
                    subject: row.try_get("subject")?,
                    body: row.try_get("body")?,
                    attempts: row.try_get("attempts")?,
                    next_attempt_ms: row.try_get("next_attempt_ms")?,
                })
            })
            .collect()
    }

    /// The optimistic lease: true when this sender now owns the row until `lease_until`.
    async fn claim(&self, row: &Due, lease_until: i64) -> Result<bool, sqlx::Error> {
        let result = sqlx::query(
            "UPDATE outbox SET next_attempt_ms = $1 \
             WHERE id = $2 AND sent_at_ms IS NULL AND next_attempt_ms = $3",
        )
        .bind(lease_until)
        .bind(&row.id)
        .bind(row.next_attempt_ms)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    async fn deliver(&self, row: &Due) -> Result<(), String> {
        let attempt = async {
            match NotifyChannel::parse(&row.channel) {
                Some(NotifyChannel::Email) => match &self.transports.email {
                    Some(email) => {
                        email
                            .send(&row.id, &row.recipient, &row.subject, &row.body)
                            .await
                    }
                    None => Err("no SMTP relay is configured".to_owned()),
                },
                Some(NotifyChannel::Sms) => match &self.transports.sms {
                    Some(sms) => sms.send(&row.id, &row.recipient, &row.body).await,
                    None => Err("no SMS gateway is configured".to_owned()),
                },
                None => Err(format!("unknown channel «{}»", row.channel)),
            }
        };
        tokio::time::timeout(SEND_TIMEOUT, attempt)
            .await
            .unwrap_or_else(|_| Err(format!("no answer within {} s", SEND_TIMEOUT.as_secs())))
    }
}

/// The current time as Unix milliseconds.
pub fn unix_ms_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_30_s_and_stops_at_1_h() {
        let seconds: Vec<i64> = (0..10).map(|n| backoff_ms(n) / 1000).collect();
        assert_eq!(
            seconds,
            [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
        );
        assert_eq!(backoff_ms(1_000_000), MAX_BACKOFF_MS);
        assert_eq!(backoff_ms(-1), FIRST_BACKOFF_MS);
    }

    #[test]
    fn the_send_timeout_fits_in_the_lease() {
        assert!((SEND_TIMEOUT.as_millis() as i64) * 2 < LEASE_MS);
    }
}
