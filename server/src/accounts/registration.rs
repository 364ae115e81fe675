//! Registration and phone verification by code (issue 11). A registration is checked,
//! its password hashed, and the form waits with the code's row; the account is created,
//! with its phone verified, only when the code sent to that phone comes back. So an
//! account never exists for a phone its holder did not prove, and nobody can hold a
//! number they do not have (no squatting of a victim's number).

use motcua_app::services::{
    AccountError, CitizenProfile, CodeSent, NewSession, RegisterForm, ServiceError,
};
use motcua_core::deadline::vietnam_local;
use serde::{Deserialize, Serialize};

use super::otp::{self, NewCode, Purpose};
use super::{busy, events, internal, password, profile_from_row, rate_limit};
use super::{SqlAccounts, SELECT_CITIZEN};
use crate::ids::new_id;

/// A registration waiting for its code (the row's payload).
#[derive(Serialize, Deserialize)]
struct Waiting {
    full_name: String,
    personal_id: Option<String>,
    date_of_birth: Option<String>,
    address: String,
    email: Option<String>,
    password_hash: String,
}

impl SqlAccounts {
    pub(super) async fn register_now(
        &self,
        form: &RegisterForm,
        client: &str,
    ) -> Result<Result<CodeSent, AccountError>, ServiceError> {
        let now = self.now_ms();
        let today = vietnam_local(self.clock.now()).date();
        let valid = match form.validate(today) {
            Ok(v) => v,
            Err(fields) => return Ok(Err(AccountError::Invalid(fields))),
        };
        let bucket = format!("register:client:{client}");
        if let Err(retry_after_s) = rate_limit::acquire(
            &self.pool,
            &[(bucket.as_str(), rate_limit::REGISTER_PER_CLIENT)],
            now,
        )
        .await
        .map_err(internal)?
        {
            return Ok(Err(AccountError::TooManyAttempts { retry_after_s }));
        }
        let phone = valid.phone.as_str().to_owned();
        if self.find_by_phone(&phone).await?.is_some() {
            return Ok(Err(AccountError::PhoneTaken));
        }
        let password_hash = match password::hash_bounded(valid.password.as_str().to_owned()).await {
            Ok(hash) => hash.map_err(|e| ServiceError(e.to_string().into()))?,
            Err(e) => return Ok(Err(busy(e))),
        };
        let waiting = Waiting {
            full_name: valid.full_name.as_str().to_owned(),
            personal_id: valid.personal_id.as_ref().map(|p| p.as_str().to_owned()),
            date_of_birth: valid.date_of_birth.as_ref().map(|d| d.date().to_string()),
            address: valid.address.as_str().to_owned(),
            email: valid.email.as_ref().map(|e| e.as_str().to_owned()),
            password_hash,
        };
        otp::issue(
            &self.pool,
            &self.sms,
            NewCode {
                phone: &phone,
                purpose: Purpose::Register,
                citizen_id: None,
                payload: Some(serde_json::to_string(&waiting).map_err(internal)?),
                send: true,
            },
            client,
            now,
        )
        .await
        .map_err(internal)
    }

    /// Completes a registration (creates the account) or a verification (marks the
    /// phone verified), then opens a session.
    pub(super) async fn confirm_now(
        &self,
        challenge: &str,
        code: &str,
        client: &str,
    ) -> Result<Result<NewSession, AccountError>, ServiceError> {
        let now = self.now_ms();
        let proven = match otp::check(&self.pool, challenge, code, client, now)
            .await
            .map_err(internal)?
        {
            Ok(proven) => proven,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let mut tx = self.pool.begin().await.map_err(internal)?;
        if !otp::consume(&mut tx, &proven, now)
            .await
            .map_err(internal)?
        {
            return Ok(Err(AccountError::CodeExpired));
        }
        let profile = match proven.purpose {
            Purpose::Register => {
                let waiting: Waiting =
                    serde_json::from_str(proven.payload.as_deref().unwrap_or_default())
                        .map_err(internal)?;
                let profile = CitizenProfile {
                    id: new_id(),
                    phone: proven.phone.clone(),
                    full_name: waiting.full_name,
                    personal_id: waiting.personal_id,
                    date_of_birth: waiting.date_of_birth,
                    address: waiting.address,
                    email: waiting.email,
                };
                let inserted = sqlx::query(
                    "INSERT INTO citizens (id, phone, password_hash, full_name, personal_id, \
                     date_of_birth, address, email, created_at_ms, phone_verified_at_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
                )
                .bind(&profile.id)
                .bind(&profile.phone)
                .bind(&waiting.password_hash)
                .bind(&profile.full_name)
                .bind(&profile.personal_id)
                .bind(&profile.date_of_birth)
                .bind(&profile.address)
                .bind(&profile.email)
                .bind(now)
                .execute(&mut *tx)
                .await;
                match inserted {
                    Ok(_) => profile,
                    Err(e) if crate::database::violates(&e, "citizens_phone_key") => {
                        return Ok(Err(AccountError::PhoneTaken))
                    }
                    Err(e) => return Err(internal(e)),
                }
            }
            Purpose::Verify => {
                let Some(id) = proven.citizen_id.as_deref() else {
                    return Ok(Err(AccountError::CodeExpired));
                };
                // Only if the account still has the phone the code went to.
                let updated = sqlx::query(
                    "UPDATE citizens SET phone_verified_at_ms = $1 WHERE id = $2 AND phone = $3",
                )
                .bind(now)
                .bind(id)
                .bind(&proven.phone)
                .execute(&mut *tx)
                .await
                .map_err(internal)?
                .rows_affected();
                if updated != 1 {
                    return Ok(Err(AccountError::CodeExpired));
                }
                let row = sqlx::query(&format!("{SELECT_CITIZEN} WHERE id = $1"))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(internal)?;
                profile_from_row(&row).map_err(internal)?
            }
            Purpose::Reset => return Ok(Err(AccountError::CodeExpired)),
        };
        events::log_in(
            &mut tx,
            &events::actor(Some(profile.id.as_str())),
            "phone_verified",
            &profile.id,
            serde_json::json!({
                "phone": profile.phone, "client": client,
                "registration": proven.purpose == Purpose::Register,
            }),
            now,
        )
        .await
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(Ok(self.open_session(profile).await?))
    }

    /// A new code for the purpose of `challenge`; the old challenge stops working.
    pub(super) async fn resend_now(
        &self,
        challenge: &str,
        client: &str,
    ) -> Result<Result<CodeSent, AccountError>, ServiceError> {
        let now = self.now_ms();
        let Some(old) = otp::find_unused(&self.pool, challenge)
            .await
            .map_err(internal)?
        else {
            return Ok(Err(AccountError::CodeExpired));
        };
        let sent = otp::issue(
            &self.pool,
            &self.sms,
            NewCode {
                phone: &old.phone,
                purpose: old.purpose,
                citizen_id: old.citizen_id.as_deref(),
                payload: old.payload.clone(),
                send: old.real,
            },
            client,
            now,
        )
        .await
        .map_err(internal)?;
        if sent.is_ok() {
            otp::retire(&self.pool, challenge, now)
                .await
                .map_err(internal)?;
        }
        Ok(sent)
    }
}
