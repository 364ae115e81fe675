//! Citizen accounts (SPEC §3 tracking "by account"): registration and sign-in with phone
//! number + password (argon2id), sessions stored in the database (so any instance can
//! serve any request), and sign-in rate limits.
//!
//! Issue 11: a phone is the account's only once a code sent to it came back
//! ([`otp`]); an account whose phone is not verified (made before codes existed) gets no
//! session until it is. Sign-in attempts are counted before the password is checked
//! ([`rate_limit::acquire`]) and checks run under a bound ([`password::verify_bounded`]).
//!
//! - [`registration`]: registration and phone verification by code;
//! - [`reset`]: "quên mật khẩu" by code;
//! - [`events`]: the audit log entries of account events.

pub mod events;
pub mod otp;
pub mod password;
pub mod passwords;
pub mod personal_data;
pub mod rate_limit;
mod registration;
mod reset;
mod security;
pub mod sessions;

use std::sync::Arc;

use async_trait::async_trait;
use motcua_app::services::{
    AccountError, Accounts, CitizenProfile, CodeSent, NewSession, RegisterForm, ResetForm,
    ServiceError, SharedClock,
};
use motcua_core::dossier::PhoneNumber;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use crate::ids::{new_token, sha256_hex};
use crate::notify::{mask_recipient, CodeSms};

/// How long a session lasts: 30 days.
pub const SESSION_DAYS: i64 = 30;

/// Accounts stored in the database.
#[derive(Clone)]
pub struct SqlAccounts {
    pool: AnyPool,
    clock: SharedClock,
    sms: Arc<CodeSms>,
}

fn internal(e: impl std::error::Error + Send + Sync + 'static) -> ServiceError {
    ServiceError(Box::new(e))
}

impl SqlAccounts {
    /// Accounts in `pool`, timed by `clock`, sending codes through `sms`.
    pub fn new(pool: AnyPool, clock: SharedClock, sms: CodeSms) -> Self {
        SqlAccounts {
            pool,
            clock,
            sms: Arc::new(sms),
        }
    }

    fn now_ms(&self) -> i64 {
        self.clock.now().timestamp_millis()
    }

    async fn open_session(&self, profile: CitizenProfile) -> Result<NewSession, ServiceError> {
        let token = new_token();
        let now = self.now_ms();
        let max_age_s = (SESSION_DAYS * 24 * 3600) as u64;
        sqlx::query(
            "INSERT INTO sessions (token_hash, citizen_id, created_at_ms, expires_at_ms) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(sha256_hex(token.as_bytes()))
        .bind(&profile.id)
        .bind(now)
        .bind(now + max_age_s as i64 * 1000)
        .execute(&self.pool)
        .await
        .map_err(internal)?;
        Ok(NewSession {
            token,
            max_age_s,
            profile,
        })
    }

    async fn find_by_phone(&self, phone: &str) -> Result<Option<Found>, ServiceError> {
        let row = sqlx::query(&format!("{SELECT_CITIZEN} WHERE phone = $1"))
            .bind(phone)
            .fetch_optional(&self.pool)
            .await
            .map_err(internal)?;
        row.map(|r| {
            Ok::<_, sqlx::Error>(Found {
                profile: profile_from_row(&r)?,
                password_hash: r.try_get("password_hash")?,
                verified: r
                    .try_get::<Option<i64>, _>("phone_verified_at_ms")?
                    .is_some(),
            })
        })
        .transpose()
        .map_err(internal)
    }

    async fn find_by_id(&self, id: &str) -> Result<Option<CitizenProfile>, ServiceError> {
        let row = sqlx::query(&format!("{SELECT_CITIZEN} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(internal)?;
        row.map(|r| profile_from_row(&r))
            .transpose()
            .map_err(internal)
    }

    async fn audit(
        &self,
        citizen_id: Option<&str>,
        action: &str,
        detail: serde_json::Value,
    ) -> Result<(), ServiceError> {
        events::log(
            &self.pool,
            &events::actor(citizen_id),
            action,
            citizen_id.unwrap_or("-"),
            detail,
            self.now_ms(),
        )
        .await
        .map_err(internal)
    }
}

/// An account found by phone number, with what sign-in needs.
struct Found {
    profile: CitizenProfile,
    password_hash: String,
    verified: bool,
}

const SELECT_CITIZEN: &str = "SELECT id, phone, password_hash, full_name, personal_id, \
    date_of_birth, address, email, phone_verified_at_ms FROM citizens";

/// The national form of a typed number, or the trimmed text when it does not parse
/// (an unparsable number is simply one without an account).
fn normalize_phone(phone: &str) -> String {
    phone
        .parse::<PhoneNumber>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|_| phone.trim().to_owned())
}

fn profile_from_row(row: &AnyRow) -> Result<CitizenProfile, sqlx::Error> {
    Ok(CitizenProfile {
        id: row.try_get("id")?,
        phone: row.try_get("phone")?,
        full_name: row.try_get("full_name")?,
        personal_id: row.try_get("personal_id")?,
        date_of_birth: row.try_get("date_of_birth")?,
        address: row.try_get("address")?,
        email: row.try_get("email")?,
    })
}

/// The refusal when the password hashing slots stay busy.
fn busy(_: password::Busy) -> AccountError {
    AccountError::Busy
}

impl SqlAccounts {
    async fn sign_in_now(
        &self,
        phone: &str,
        secret: &str,
        client: &str,
    ) -> Result<Result<NewSession, AccountError>, ServiceError> {
        let now = self.now_ms();
        let phone = normalize_phone(phone);
        let by_phone = format!("sign-in:phone:{phone}");
        let by_client = format!("sign-in:client:{client}");
        // Counted and recorded before the password is checked, as one step: 60 guesses
        // at once still check at most SIGN_IN_PER_PHONE.max passwords.
        let recorded = match rate_limit::acquire(
            &self.pool,
            &[
                (by_phone.as_str(), rate_limit::SIGN_IN_PER_PHONE),
                (by_client.as_str(), rate_limit::SIGN_IN_PER_CLIENT),
            ],
            now,
        )
        .await
        .map_err(internal)?
        {
            Ok(recorded) => recorded,
            Err(retry_after_s) => {
                tracing::warn!(phone = %mask_recipient(&phone), client, "sign-in limit reached");
                return Ok(Err(AccountError::TooManyAttempts { retry_after_s }));
            }
        };
        let found = self.find_by_phone(&phone).await?;
        let stored = found
            .as_ref()
            .map_or_else(|| password::decoy().to_owned(), |f| f.password_hash.clone());
        let ok = match password::verify_bounded(secret.to_owned(), stored).await {
            Ok(ok) => ok,
            Err(e) => {
                // No password was checked: the attempt does not count.
                for bucket in [&by_phone, &by_client] {
                    rate_limit::take_back(&self.pool, &recorded, bucket)
                        .await
                        .map_err(internal)?;
                }
                return Ok(Err(busy(e)));
            }
        };
        let Some(found) = found.filter(|_| ok) else {
            self.audit(
                None,
                "citizen_sign_in_failed",
                serde_json::json!({ "phone": phone, "client": client }),
            )
            .await?;
            return Ok(Err(AccountError::BadCredentials));
        };
        rate_limit::clear(&self.pool, &by_phone)
            .await
            .map_err(internal)?;
        rate_limit::take_back(&self.pool, &recorded, &by_client)
            .await
            .map_err(internal)?;
        if !found.verified {
            // An account made before codes existed: the sign-in ends on the code page.
            let sent = otp::issue(
                &self.pool,
                &self.sms,
                otp::NewCode {
                    phone: &phone,
                    purpose: otp::Purpose::Verify,
                    citizen_id: Some(found.profile.id.as_str()),
                    payload: None,
                    send: true,
                },
                client,
                now,
            )
            .await
            .map_err(internal)?;
            return Ok(Err(match sent {
                Ok(sent) => AccountError::VerifyPhone {
                    challenge: sent.challenge,
                },
                Err(refusal) => refusal,
            }));
        }
        self.audit(
            Some(found.profile.id.as_str()),
            "citizen_sign_in",
            serde_json::json!({ "phone": phone, "client": client }),
        )
        .await?;
        Ok(Ok(self.open_session(found.profile).await?))
    }
}

#[async_trait]
impl Accounts for SqlAccounts {
    async fn register(
        &self,
        form: &RegisterForm,
        client: &str,
    ) -> Result<Result<CodeSent, AccountError>, ServiceError> {
        self.register_now(form, client).await
    }

    async fn confirm_phone(
        &self,
        challenge: &str,
        code: &str,
        client: &str,
    ) -> Result<Result<NewSession, AccountError>, ServiceError> {
        self.confirm_now(challenge, code, client).await
    }

    async fn resend_code(
        &self,
        challenge: &str,
        client: &str,
    ) -> Result<Result<CodeSent, AccountError>, ServiceError> {
        self.resend_now(challenge, client).await
    }

    async fn request_reset(
        &self,
        phone: &str,
        personal_id: &str,
        client: &str,
    ) -> Result<Result<CodeSent, AccountError>, ServiceError> {
        self.request_reset_now(phone, personal_id, client).await
    }

    async fn reset_password(
        &self,
        form: &ResetForm,
        client: &str,
    ) -> Result<Result<NewSession, AccountError>, ServiceError> {
        self.reset_now(form, client).await
    }

    fn codes_in_log(&self) -> bool {
        self.sms.is_development()
    }

    async fn sign_in(
        &self,
        phone: &str,
        secret: &str,
        client: &str,
    ) -> Result<Result<NewSession, AccountError>, ServiceError> {
        self.sign_in_now(phone, secret, client).await
    }

    async fn session(&self, token: &str) -> Result<Option<CitizenProfile>, ServiceError> {
        // Only accounts whose phone is verified have sessions that work.
        let row = sqlx::query(
            "SELECT c.id, c.phone, c.password_hash, c.full_name, c.personal_id, \
             c.date_of_birth, c.address, c.email FROM sessions s \
             JOIN citizens c ON c.id = s.citizen_id \
             WHERE s.token_hash = $1 AND s.expires_at_ms > $2 \
             AND c.phone_verified_at_ms IS NOT NULL",
        )
        .bind(sha256_hex(token.as_bytes()))
        .bind(self.now_ms())
        .fetch_optional(&self.pool)
        .await
        .map_err(internal)?;
        row.map(|r| profile_from_row(&r))
            .transpose()
            .map_err(internal)
    }

    async fn sign_out(&self, token: &str) -> Result<(), ServiceError> {
        let hash = sha256_hex(token.as_bytes());
        let mut tx = self.pool.begin().await.map_err(internal)?;
        // Writing first: an SQLite transaction that reads before it writes can be
        // refused when another writer went in between.
        let citizen: Option<String> =
            sqlx::query_scalar("DELETE FROM sessions WHERE token_hash = $1 RETURNING citizen_id")
                .bind(&hash)
                .fetch_optional(&mut *tx)
                .await
                .map_err(internal)?;
        if let Some(id) = &citizen {
            events::log_in(
                &mut tx,
                &events::actor(Some(id.as_str())),
                "citizen_sign_out",
                id,
                serde_json::json!({}),
                self.now_ms(),
            )
            .await
            .map_err(internal)?;
        }
        tx.commit().await.map_err(internal)?;
        Ok(())
    }
}

/// Shared form for the Leptos context.
pub fn shared(pool: AnyPool, clock: SharedClock, sms: CodeSms) -> Arc<SqlAccounts> {
    Arc::new(SqlAccounts::new(pool, clock, sms))
}
