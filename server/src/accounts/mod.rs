//! Citizen accounts (SPEC §3 tracking "by account"): registration and sign-in with phone
//! number + password (argon2id), sessions stored in the database (so any instance can
//! serve any request), and sign-in rate limits.

pub mod password;
pub mod passwords;
pub mod personal_data;
pub mod rate_limit;
mod security;
pub mod sessions;

use std::sync::Arc;

use async_trait::async_trait;
use motcua_app::services::{
    AccountError, Accounts, CitizenProfile, NewSession, RegisterForm, ServiceError, SharedClock,
};
use motcua_core::deadline::vietnam_local;
use motcua_core::dossier::PhoneNumber;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use crate::ids::{new_id, new_token, sha256_hex};

/// How long a session lasts: 30 days.
pub const SESSION_DAYS: i64 = 30;

/// Accounts stored in the database.
#[derive(Clone)]
pub struct SqlAccounts {
    pool: AnyPool,
    clock: SharedClock,
}

fn internal(e: impl std::error::Error + Send + Sync + 'static) -> ServiceError {
    ServiceError(Box::new(e))
}

impl SqlAccounts {
    /// Accounts in `pool`, timed by `clock`.
    pub fn new(pool: AnyPool, clock: SharedClock) -> Self {
        SqlAccounts { pool, clock }
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

    async fn find_by_phone(
        &self,
        phone: &str,
    ) -> Result<Option<(CitizenProfile, String)>, ServiceError> {
        let row = sqlx::query(&format!("{SELECT_CITIZEN} WHERE phone = $1"))
            .bind(phone)
            .fetch_optional(&self.pool)
            .await
            .map_err(internal)?;
        row.map(|r| Ok::<_, sqlx::Error>((profile_from_row(&r)?, r.try_get("password_hash")?)))
            .transpose()
            .map_err(internal)
    }
}

const SELECT_CITIZEN: &str = "SELECT id, phone, password_hash, full_name, personal_id, \
    date_of_birth, address, email FROM citizens";

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

/// Runs argon2 on the blocking pool.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ServiceError> {
    tokio::task::spawn_blocking(f).await.map_err(internal)
}

#[async_trait]
impl Accounts for SqlAccounts {
    async fn register(
        &self,
        form: &RegisterForm,
        client: &str,
    ) -> Result<Result<NewSession, AccountError>, ServiceError> {
        let now = self.now_ms();
        let today = vietnam_local(self.clock.now()).date();
        let valid = match form.validate(today) {
            Ok(v) => v,
            Err(fields) => return Ok(Err(AccountError::Invalid(fields))),
        };
        let bucket = format!("register:client:{client}");
        if let Some(s) =
            rate_limit::blocked_for(&self.pool, &bucket, rate_limit::REGISTER_PER_CLIENT, now)
                .await
                .map_err(internal)?
        {
            return Ok(Err(AccountError::TooManyAttempts { retry_after_s: s }));
        }
        rate_limit::record(&self.pool, &bucket, now)
            .await
            .map_err(internal)?;
        let secret = valid.password.as_str().to_owned();
        let hash = blocking(move || password::hash(&secret))
            .await?
            .map_err(|e| ServiceError(e.to_string().into()))?;
        let profile = CitizenProfile {
            id: new_id(),
            phone: valid.phone.as_str().to_owned(),
            full_name: valid.full_name.as_str().to_owned(),
            personal_id: valid.personal_id.as_ref().map(|p| p.as_str().to_owned()),
            date_of_birth: valid.date_of_birth.as_ref().map(|d| d.date().to_string()),
            address: valid.address.as_str().to_owned(),
            email: valid.email.as_ref().map(|e| e.as_str().to_owned()),
        };
        let inserted = sqlx::query(
            "INSERT INTO citizens (id, phone, password_hash, full_name, personal_id, \
             date_of_birth, address, email, created_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&profile.id)
        .bind(&profile.phone)
        .bind(&hash)
        .bind(&profile.full_name)
        .bind(&profile.personal_id)
        .bind(&profile.date_of_birth)
        .bind(&profile.address)
        .bind(&profile.email)
        .bind(now)
        .execute(&self.pool)
        .await;
        match inserted {
            Ok(_) => Ok(Ok(self.open_session(profile).await?)),
            Err(e) if crate::database::violates(&e, "citizens_phone_key") => {
                Ok(Err(AccountError::PhoneTaken))
            }
            Err(e) => Err(internal(e)),
        }
    }

    async fn sign_in(
        &self,
        phone: &str,
        secret: &str,
        client: &str,
    ) -> Result<Result<NewSession, AccountError>, ServiceError> {
        let now = self.now_ms();
        // An unparsable number is simply a wrong one: the answer never says which of
        // phone or password was wrong.
        let phone = phone
            .parse::<PhoneNumber>()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|_| phone.trim().to_owned());
        let buckets = [
            (
                format!("sign-in:phone:{phone}"),
                rate_limit::SIGN_IN_PER_PHONE,
            ),
            (
                format!("sign-in:client:{client}"),
                rate_limit::SIGN_IN_PER_CLIENT,
            ),
        ];
        for (bucket, limit) in &buckets {
            if let Some(s) = rate_limit::blocked_for(&self.pool, bucket, *limit, now)
                .await
                .map_err(internal)?
            {
                return Ok(Err(AccountError::TooManyAttempts { retry_after_s: s }));
            }
        }
        let found = self.find_by_phone(&phone).await?;
        let stored = found
            .as_ref()
            .map_or_else(|| password::decoy().to_owned(), |(_, h)| h.clone());
        let secret = secret.to_owned();
        let ok = blocking(move || password::verify(&secret, &stored)).await?;
        match found {
            Some((profile, _)) if ok => {
                rate_limit::clear(&self.pool, &buckets[0].0)
                    .await
                    .map_err(internal)?;
                Ok(Ok(self.open_session(profile).await?))
            }
            _ => {
                for (bucket, _) in &buckets {
                    rate_limit::record(&self.pool, bucket, now)
                        .await
                        .map_err(internal)?;
                }
                Ok(Err(AccountError::BadCredentials))
            }
        }
    }

    async fn session(&self, token: &str) -> Result<Option<CitizenProfile>, ServiceError> {
        let row = sqlx::query(
            "SELECT c.id, c.phone, c.password_hash, c.full_name, c.personal_id, \
             c.date_of_birth, c.address, c.email FROM sessions s \
             JOIN citizens c ON c.id = s.citizen_id \
             WHERE s.token_hash = $1 AND s.expires_at_ms > $2",
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
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(sha256_hex(token.as_bytes()))
            .execute(&self.pool)
            .await
            .map_err(internal)?;
        Ok(())
    }
}

/// Shared form for the Leptos context.
pub fn shared(pool: AnyPool, clock: SharedClock) -> Arc<SqlAccounts> {
    Arc::new(SqlAccounts::new(pool, clock))
}
