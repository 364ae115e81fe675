//! "Quên mật khẩu" (issue 11): a code to the account's phone, then a new password; every
//! session of the account ends and a new one opens.
//!
//! Phone numbers get recycled: where the account recorded a personal ID, the code goes
//! out only when the personal ID typed is that one, so the next holder of a number
//! cannot take the account over with the number alone. The answer is the same whether
//! or not a code went out (a decoy challenge that no code matches).

use motcua_app::services::{
    AccountError, CodeSent, FieldMessage, NewSession, ResetForm, ServiceError,
};
use motcua_core::dossier::{Password, PhoneNumber};

use super::otp::{self, NewCode, Purpose};
use super::{busy, events, internal, password, rate_limit, SqlAccounts};

fn field(field: &str, message: String) -> AccountError {
    AccountError::Invalid(vec![FieldMessage {
        field: field.to_owned(),
        message,
    }])
}

impl SqlAccounts {
    pub(super) async fn request_reset_now(
        &self,
        phone: &str,
        personal_id: &str,
        client: &str,
    ) -> Result<Result<CodeSent, AccountError>, ServiceError> {
        let now = self.now_ms();
        let phone = match phone.parse::<PhoneNumber>() {
            Ok(p) => p.as_str().to_owned(),
            Err(e) => return Ok(Err(field("phone", e.to_string()))),
        };
        let typed_id = personal_id.trim();
        let owner = self.find_by_phone(&phone).await?.filter(|found| {
            found
                .profile
                .personal_id
                .as_deref()
                .is_none_or(|id| id == typed_id)
        });
        otp::issue(
            &self.pool,
            &self.sms,
            NewCode {
                phone: &phone,
                purpose: Purpose::Reset,
                citizen_id: owner.as_ref().map(|f| f.profile.id.as_str()),
                payload: None,
                send: owner.is_some(),
            },
            client,
            now,
        )
        .await
        .map_err(internal)
    }

    pub(super) async fn reset_now(
        &self,
        form: &ResetForm,
        client: &str,
    ) -> Result<Result<NewSession, AccountError>, ServiceError> {
        let now = self.now_ms();
        let new_password = match form.password.parse::<Password>() {
            Ok(p) => p,
            Err(e) => return Ok(Err(field("password", e.to_string()))),
        };
        let proven = match otp::check(&self.pool, &form.challenge, &form.code, client, now)
            .await
            .map_err(internal)?
        {
            Ok(proven) => proven,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let (Purpose::Reset, Some(id)) = (proven.purpose, proven.citizen_id.clone()) else {
            return Ok(Err(AccountError::CodeExpired));
        };
        let hash = match password::hash_bounded(new_password.as_str().to_owned()).await {
            Ok(hash) => hash.map_err(|e| ServiceError(e.to_string().into()))?,
            Err(e) => return Ok(Err(busy(e))),
        };
        let mut tx = self.pool.begin().await.map_err(internal)?;
        if !otp::consume(&mut tx, &proven, now)
            .await
            .map_err(internal)?
        {
            return Ok(Err(AccountError::CodeExpired));
        }
        // The code proved the phone: an account made before codes existed is verified
        // by it too.
        let updated = sqlx::query(
            "UPDATE citizens SET password_hash = $1, \
             phone_verified_at_ms = COALESCE(phone_verified_at_ms, $2) \
             WHERE id = $3 AND phone = $4",
        )
        .bind(&hash)
        .bind(now)
        .bind(&id)
        .bind(&proven.phone)
        .execute(&mut *tx)
        .await
        .map_err(internal)?
        .rows_affected();
        if updated != 1 {
            return Ok(Err(AccountError::CodeExpired));
        }
        let ended = sqlx::query("DELETE FROM sessions WHERE citizen_id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?
            .rows_affected();
        events::log_in(
            &mut tx,
            &events::actor(Some(id.as_str())),
            "password_reset",
            &id,
            serde_json::json!({
                "phone": proven.phone, "client": client, "sessions_ended": ended,
            }),
            now,
        )
        .await
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        // A locked-out owner who proved the phone may sign in again at once.
        rate_limit::clear(&self.pool, &format!("sign-in:phone:{}", proven.phone))
            .await
            .map_err(internal)?;
        let Some(profile) = self.find_by_id(&id).await? else {
            return Ok(Err(AccountError::CodeExpired));
        };
        Ok(Ok(self.open_session(profile).await?))
    }
}
