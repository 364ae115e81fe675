//! Notifications to applicants by e-mail and SMS (SPEC §3 "Notifications").
//!
//! A notification is a row of the `outbox` table, written by [`enqueue`] in the same
//! transaction as the change it announces: if the change commits, the message exists; if
//! it rolls back, no message announces something that did not happen. A background
//! [`Sender`] delivers due rows and retries failures with a growing delay, so a mail
//! server that is down delays a message but never loses it and never fails the
//! citizen's request.
//!
//! - [`settings`]: `MOTCUA_SMTP_*` and `MOTCUA_SMS_*`;
//! - [`sender`]: claiming, sending, retrying (safe with several server instances);
//! - [`templates`]: the Vietnamese texts of each event, for e-mail and SMS.

mod email;
pub mod sender;
pub mod settings;
mod sms;
pub mod templates;

pub use sender::{backoff_ms, SendReport, Sender};
pub use settings::{NotifySettings, SmtpSettings, SmtpTls};
pub use sms::{CodeSms, DEVELOPMENT_MARK};

/// How a notification travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotifyChannel {
    /// E-mail over SMTP: subject and body.
    Email,
    /// SMS through the gateway: the body only.
    Sms,
}

impl NotifyChannel {
    /// The value stored in `outbox.channel`.
    pub fn as_str(self) -> &'static str {
        match self {
            NotifyChannel::Email => "email",
            NotifyChannel::Sms => "sms",
        }
    }

    /// Reads a stored `outbox.channel`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "email" => Some(NotifyChannel::Email),
            "sms" => Some(NotifyChannel::Sms),
            _ => None,
        }
    }
}

impl std::fmt::Display for NotifyChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One notification to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// E-mail or SMS.
    pub channel: NotifyChannel,
    /// An e-mail address, or a phone number as the gateway expects it (`0912345678`).
    pub recipient: String,
    /// The e-mail subject; empty for an SMS.
    pub subject: String,
    /// The e-mail body or the SMS text, UTF-8.
    pub body: String,
    /// The dossier it is about, if any (for the dossier's history page).
    pub dossier_id: Option<String>,
}

impl Message {
    /// An e-mail.
    pub fn email(
        to: impl Into<String>,
        subject: impl Into<String>,
        body: impl Into<String>,
        dossier_id: Option<String>,
    ) -> Self {
        Message {
            channel: NotifyChannel::Email,
            recipient: to.into(),
            subject: subject.into(),
            body: body.into(),
            dossier_id,
        }
    }

    /// An SMS.
    pub fn sms(to: impl Into<String>, text: impl Into<String>, dossier_id: Option<String>) -> Self {
        Message {
            channel: NotifyChannel::Sms,
            recipient: to.into(),
            subject: String::new(),
            body: text.into(),
            dossier_id,
        }
    }
}

/// Writes `msg` to the outbox inside the caller's transaction, due at once. It is sent by
/// the [`Sender`] after the transaction commits; nothing is contacted here, so this never
/// fails because a mail server or gateway is down.
pub async fn enqueue(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    msg: &Message,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let id = new_id().map_err(sqlx::Error::Io)?;
    sqlx::query(
        "INSERT INTO outbox (id, channel, recipient, subject, body, dossier_id, \
         created_at_ms, attempts, next_attempt_ms, sent_at_ms, last_error) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, NULL, NULL)",
    )
    .bind(id)
    .bind(msg.channel.as_str())
    .bind(&msg.recipient)
    .bind(&msg.subject)
    .bind(&msg.body)
    .bind(msg.dossier_id.as_deref())
    .bind(now_ms)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A random 128-bit id as 32 lowercase hex digits.
fn new_id() -> Result<String, std::io::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// An error with its causes, "a: b: c": transport errors often hide the useful part
/// ("connection refused") in their source.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// A recipient for logs: never a full phone number or address. `0912345678` → `*******678`,
/// `nguyen.van.a@example.vn` → `n***@example.vn`.
pub fn mask_recipient(recipient: &str) -> String {
    match recipient.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => {
            let chars: Vec<char> = recipient.chars().collect();
            let hidden = chars.len().saturating_sub(3);
            let shown: String = chars[hidden..].iter().collect();
            format!("{}{shown}", "*".repeat(hidden))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_128_bit_hex_and_differ() {
        let a = new_id().unwrap();
        let b = new_id().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }

    #[test]
    fn recipients_are_masked_in_logs() {
        assert_eq!(mask_recipient("0912345678"), "*******678");
        assert_eq!(mask_recipient("+84912345678"), "*********678");
        assert_eq!(mask_recipient("12"), "12");
        assert_eq!(mask_recipient("nguyen.van.a@example.vn"), "n***@example.vn");
    }

    #[test]
    fn channels_round_trip() {
        for channel in [NotifyChannel::Email, NotifyChannel::Sms] {
            assert_eq!(NotifyChannel::parse(channel.as_str()), Some(channel));
        }
        assert_eq!(NotifyChannel::parse("fax"), None);
    }
}
