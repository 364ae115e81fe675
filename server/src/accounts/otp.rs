//! One-time codes that prove a citizen holds a phone (issue 11): 6 digits, sent by SMS at
//! once, stored only as a salted SHA-256, valid for 5 minutes and 3 attempts, at most 5
//! per phone per hour and 10 per client address per hour (counted in the database, so
//! that every instance agrees).
//!
//! A code is tied to a *challenge* (the row id, 128 random bits) that the citizen's
//! browser sends back with the code; the challenge alone is worth nothing.

use motcua_app::services::{AccountError, CodeSent};
use sqlx::{Any, AnyPool, Row, Transaction};

use super::events;
use super::rate_limit;
use crate::ids::{new_id, new_token, sha256_hex};
use crate::notify::{mask_recipient, CodeSms, NotifySettings};

/// How long a code is valid: 5 minutes.
pub const CODE_TTL_MS: i64 = 5 * 60 * 1000;
/// Attempts allowed per code: 3.
pub const ATTEMPTS_PER_CODE: i64 = 3;
/// Expired rows (with a registration's data) are deleted this long after expiry.
const KEEP_EXPIRED_MS: i64 = 60 * 60 * 1000;

/// What a correct code completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A new account (its data waits in the row's payload).
    Register,
    /// The phone of an existing account (made before codes existed).
    Verify,
    /// "Quên mật khẩu".
    Reset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Register => "register",
            Purpose::Verify => "verify",
            Purpose::Reset => "reset",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "register" => Some(Purpose::Register),
            "verify" => Some(Purpose::Verify),
            "reset" => Some(Purpose::Reset),
            _ => None,
        }
    }
}

/// A code to issue.
pub struct NewCode<'a> {
    /// The phone (national form).
    pub phone: &'a str,
    /// What it is for.
    pub purpose: Purpose,
    /// The account, if the phone has one.
    pub citizen_id: Option<&'a str>,
    /// Data the purpose needs later (a registration's form), JSON.
    pub payload: Option<String>,
    /// `false` for a decoy: the row exists (same answer, same limits) but nothing is
    /// sent and no code matches it.
    pub send: bool,
}

/// A challenge whose code was typed correctly (not yet consumed: see [`consume`]).
#[derive(Debug, Clone)]
pub struct Proven {
    /// The challenge id.
    pub id: String,
    /// The phone the code went to.
    pub phone: String,
    /// What it is for.
    pub purpose: Purpose,
    /// The account, if any.
    pub citizen_id: Option<String>,
    /// The purpose's data.
    pub payload: Option<String>,
}

/// Refuses to run without an SMS gateway: for `MOTCUA_ENV=production`, where codes in
/// the log would let whoever reads the log take over any account.
pub fn require_gateway(settings: &NotifySettings) -> Result<(), String> {
    if settings.sms_gateway_url.is_some() {
        Ok(())
    } else {
        Err(
            "MOTCUA_SMS_URL: required in production (MOTCUA_ENV=production): phone \
             verification codes are sent through the SMS gateway; without one they would \
             be written to the server log"
                .into(),
        )
    }
}

/// A uniformly random 6-digit code (rejection sampling: no digit is likelier).
fn new_code() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    loop {
        let n = OsRng.next_u32();
        // 4_294_000_000 is the largest multiple of 1_000_000 below 2^32.
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

fn digest(salt: &str, code: &str) -> String {
    sha256_hex(format!("{salt}:{code}").as_bytes())
}

/// Equal without an early exit (no timing hint of how much of a hash matched).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The SMS text. The code comes first, so that phones offer to copy it.
fn text(code: &str) -> String {
    format!(
        "{code} là mã xác minh tài khoản dịch vụ công của bạn, có hiệu lực trong 5 phút. \
         Tuyệt đối không cung cấp mã này cho người khác, kể cả cán bộ."
    )
}

/// Issues a code: counts it against the phone's and the client's limits first, stores
/// its hash, and sends it now. A gateway failure is the citizen's error (`SmsFailed`)
/// and leaves no usable code behind.
pub async fn issue(
    pool: &AnyPool,
    sms: &CodeSms,
    new: NewCode<'_>,
    client: &str,
    now_ms: i64,
) -> Result<Result<CodeSent, AccountError>, sqlx::Error> {
    let by_phone = format!("code:phone:{}", new.phone);
    let by_client = format!("code:client:{client}");
    let limits = [
        (by_phone.as_str(), rate_limit::CODES_PER_PHONE),
        (by_client.as_str(), rate_limit::CODES_PER_CLIENT),
    ];
    if let Err(retry_after_s) = rate_limit::acquire(pool, &limits, now_ms).await? {
        tracing::warn!(phone = %mask_recipient(new.phone), client, "code limit reached");
        return Ok(Err(AccountError::TooManyAttempts { retry_after_s }));
    }
    sqlx::query("DELETE FROM phone_codes WHERE expires_at_ms < $1")
        .bind(now_ms - KEEP_EXPIRED_MS)
        .execute(pool)
        .await?;
    let id = new_id();
    let salt = new_token();
    let code = new_code();
    let stored = if new.send {
        digest(&salt, &code)
    } else {
        // Not the digest of any code: a decoy never matches.
        new_token()
    };
    sqlx::query(
        "INSERT INTO phone_codes (id, phone, purpose, citizen_id, code_salt, code_hash, \
         payload, attempts, created_at_ms, expires_at_ms, used_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, NULL)",
    )
    .bind(&id)
    .bind(new.phone)
    .bind(new.purpose.as_str())
    .bind(new.citizen_id)
    .bind(&salt)
    .bind(&stored)
    .bind(new.payload.as_deref())
    .bind(now_ms)
    .bind(now_ms + CODE_TTL_MS)
    .execute(pool)
    .await?;
    if new.send {
        if let Err(error) = sms.send_now(&id, new.phone, &code, &text(&code)).await {
            tracing::error!(%error, phone = %mask_recipient(new.phone), "verification code not sent");
            sqlx::query("DELETE FROM phone_codes WHERE id = $1")
                .bind(&id)
                .execute(pool)
                .await?;
            return Ok(Err(AccountError::SmsFailed));
        }
    }
    events::log(
        pool,
        &events::actor(new.citizen_id),
        "phone_code_sent",
        new.citizen_id.unwrap_or("-"),
        serde_json::json!({
            "phone": new.phone, "purpose": new.purpose.as_str(), "client": client,
            "challenge": id, "sent": new.send,
        }),
        now_ms,
    )
    .await?;
    Ok(Ok(CodeSent {
        challenge: id,
        phone_masked: mask_recipient(new.phone),
        expires_in_s: (CODE_TTL_MS / 1000) as u64,
    }))
}

/// Checks `code` against `challenge`: counts the attempt first (per code, atomically,
/// and per client), then compares. A correct code is returned, not yet consumed: the
/// caller consumes it in the transaction of what it completes.
pub async fn check(
    pool: &AnyPool,
    challenge: &str,
    code: &str,
    client: &str,
    now_ms: i64,
) -> Result<Result<Proven, AccountError>, sqlx::Error> {
    let by_client = format!("code-check:client:{client}");
    if let Err(retry_after_s) = rate_limit::acquire(
        pool,
        &[(by_client.as_str(), rate_limit::CODE_CHECKS_PER_CLIENT)],
        now_ms,
    )
    .await?
    {
        return Ok(Err(AccountError::TooManyAttempts { retry_after_s }));
    }
    // One statement: two concurrent guesses cannot both take the last attempt.
    let counted = sqlx::query(
        "UPDATE phone_codes SET attempts = attempts + 1 \
         WHERE id = $1 AND used_at_ms IS NULL AND expires_at_ms > $2 AND attempts < $3",
    )
    .bind(challenge)
    .bind(now_ms)
    .bind(ATTEMPTS_PER_CODE)
    .execute(pool)
    .await?
    .rows_affected();
    if counted != 1 {
        return Ok(Err(AccountError::CodeExpired));
    }
    let row = sqlx::query(
        "SELECT phone, purpose, citizen_id, code_salt, code_hash, payload, attempts \
         FROM phone_codes WHERE id = $1",
    )
    .bind(challenge)
    .fetch_one(pool)
    .await?;
    let salt: String = row.try_get("code_salt")?;
    let stored: String = row.try_get("code_hash")?;
    let typed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let citizen_id: Option<String> = row.try_get("citizen_id")?;
    let phone: String = row.try_get("phone")?;
    if !same(&digest(&salt, &typed), &stored) {
        let attempts: i64 = row.try_get("attempts")?;
        events::log(
            pool,
            &events::actor(citizen_id.as_deref()),
            "phone_code_wrong",
            citizen_id.as_deref().unwrap_or("-"),
            serde_json::json!({ "phone": phone, "client": client, "challenge": challenge }),
            now_ms,
        )
        .await?;
        return Ok(Err(AccountError::WrongCode {
            attempts_left: (ATTEMPTS_PER_CODE - attempts).max(0) as u32,
        }));
    }
    let purpose: String = row.try_get("purpose")?;
    Ok(Ok(Proven {
        id: challenge.to_owned(),
        phone,
        purpose: Purpose::parse(&purpose)
            .ok_or_else(|| sqlx::Error::Decode(format!("purpose {purpose}").into()))?,
        citizen_id,
        payload: row.try_get("payload")?,
    }))
}

/// Marks a proven code used, inside the transaction of what it completes; `false` when
/// another request used it first (then the caller rolls back).
pub async fn consume(
    tx: &mut Transaction<'_, Any>,
    proven: &Proven,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE phone_codes SET used_at_ms = $1, payload = NULL \
         WHERE id = $2 AND used_at_ms IS NULL",
    )
    .bind(now_ms)
    .bind(&proven.id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(done == 1)
}

/// An unused challenge: what a new code for the same purpose needs.
pub struct Retired {
    /// The phone.
    pub phone: String,
    /// The purpose.
    pub purpose: Purpose,
    /// The account, if any.
    pub citizen_id: Option<String>,
    /// The purpose's data.
    pub payload: Option<String>,
    /// `false` for a decoy (the new one is a decoy too).
    pub real: bool,
}

/// A challenge not yet used (expired or not), to send a new code for the same purpose.
pub async fn find_unused(pool: &AnyPool, challenge: &str) -> Result<Option<Retired>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT phone, purpose, citizen_id, payload FROM phone_codes \
         WHERE id = $1 AND used_at_ms IS NULL",
    )
    .bind(challenge)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let purpose: String = row.try_get("purpose")?;
    let Some(purpose) = Purpose::parse(&purpose) else {
        return Ok(None);
    };
    let citizen_id: Option<String> = row.try_get("citizen_id")?;
    let payload: Option<String> = row.try_get("payload")?;
    if purpose == Purpose::Register && payload.is_none() {
        return Ok(None);
    }
    // A decoy stays a decoy: it has neither an account nor a registration.
    let real = citizen_id.is_some() || purpose == Purpose::Register;
    Ok(Some(Retired {
        phone: row.try_get("phone")?,
        purpose,
        citizen_id,
        payload,
        real,
    }))
}

/// Makes a challenge stop working (a new code replaced it).
pub async fn retire(pool: &AnyPool, challenge: &str, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE phone_codes SET used_at_ms = $1, payload = NULL WHERE id = $2 AND used_at_ms IS NULL")
        .bind(now_ms)
        .bind(challenge)
        .execute(pool)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: std::collections::BTreeSet<String> = (0..50).map(|_| new_code()).collect();
        assert!(codes.len() > 45, "{codes:?}");
        assert!(codes
            .iter()
            .all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())));
    }

    #[test]
    fn digests_are_salted_and_compared_whole() {
        let a = digest("salt-a", "123456");
        assert_ne!(a, digest("salt-b", "123456"));
        assert!(same(&a, &digest("salt-a", "123456")));
        assert!(!same(&a, &digest("salt-a", "123457")));
        assert!(!same(&a, &a[..10]));
        assert!(text("042917").starts_with("042917 là mã xác minh"));
    }
}
