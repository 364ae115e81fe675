//! Changing a password (issue 11), for citizens here and for staff in
//! `staff::passwords`: the current password is required (checked under its own rate
//! limit, so that a stolen session cannot guess it), the new one follows the password
//! rules and differs from the current one, and every session of the account ends in the
//! same transaction as the change — the caller gets a fresh session in place of theirs
//! (ASVS 3.3.3 asks for "all other sessions"; a new token for the current one also
//! discards a token that may have leaked). The change is audited.

use motcua_app::services::{FieldMessage, NewSession, PasswordChange, SecurityError, ServiceError};
use motcua_core::dossier::Password;
use sqlx::{AnyPool, Row};

use super::{internal, password, rate_limit, SqlAccounts, SESSION_DAYS};
use crate::ids::{new_token, sha256_hex};
use crate::processing::Acting;
use crate::staff::audit;

/// Wrong current passwords per account before the check is refused: 5 per 15 minutes
/// (the sign-in limit per phone number).
pub const CHECK_PER_ACCOUNT: rate_limit::Limit = rate_limit::SIGN_IN_PER_PHONE;

/// The new password of a change, parsed; all problems at once, each naming its field.
pub fn validate(form: &PasswordChange) -> Result<Password, Vec<FieldMessage>> {
    let mut errors = Vec::new();
    let mut keep = |field: &str, message: String| {
        errors.push(FieldMessage {
            field: field.to_owned(),
            message,
        })
    };
    if form.current_password.is_empty() {
        keep(
            "current_password",
            "Mật khẩu hiện tại: chưa nhập".to_owned(),
        );
    }
    let new = match form.new_password.parse::<Password>() {
        Ok(p) => Some(p),
        Err(e) => {
            keep(
                "new_password",
                e.to_string().replacen("Mật khẩu", "Mật khẩu mới", 1),
            );
            None
        }
    };
    if new.is_some() && form.new_password == form.current_password {
        keep(
            "new_password",
            "Mật khẩu mới: phải khác mật khẩu hiện tại".to_owned(),
        );
    }
    if form.confirm_password != form.new_password {
        keep(
            "confirm_password",
            "Nhập lại mật khẩu mới: không khớp với mật khẩu mới".to_owned(),
        );
    }
    match new {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(errors),
    }
}

/// Checks `typed` against `stored` under the rate limit of `bucket`: a wrong password is
/// counted; too many refuse before any hash is computed.
pub async fn check_current(
    pool: &AnyPool,
    bucket: &str,
    typed: &str,
    stored: String,
    now_ms: i64,
) -> Result<Result<(), SecurityError>, ServiceError> {
    if let Some(s) = rate_limit::blocked_for(pool, bucket, CHECK_PER_ACCOUNT, now_ms)
        .await
        .map_err(internal)?
    {
        return Ok(Err(SecurityError::TooManyAttempts { retry_after_s: s }));
    }
    let typed = typed.to_owned();
    if password::verify_bounded(typed, stored)
        .await
        .map_err(|_| ServiceError("password hashing busy".into()))?
    {
        rate_limit::clear(pool, bucket).await.map_err(internal)?;
        Ok(Ok(()))
    } else {
        rate_limit::record(pool, bucket, now_ms)
            .await
            .map_err(internal)?;
        Ok(Err(SecurityError::WrongPassword))
    }
}

/// The argon2id hash of a new password (on the blocking pool).
pub async fn hash_new(secret: &str) -> Result<String, ServiceError> {
    let secret = secret.to_owned();
    password::hash_bounded(secret)
        .await
        .map_err(|_| ServiceError("password hashing busy".into()))?
        .map_err(|e| ServiceError(e.to_string().into()))
}

/// How a citizen appears in the audit log: by account id only (the log is kept after
/// the account is closed and its profile erased).
pub fn citizen_actor(id: &str) -> Acting {
    Acting {
        id: id.to_owned(),
        name: "Công dân".to_owned(),
        role: None,
        unit: None,
    }
}

/// The stored password hash of an open citizen account.
pub async fn citizen_hash(pool: &AnyPool, id: &str) -> Result<Option<String>, sqlx::Error> {
    let row =
        sqlx::query("SELECT password_hash FROM citizens WHERE id = $1 AND closed_at_ms IS NULL")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    row.map(|r| r.try_get("password_hash")).transpose()
}

impl SqlAccounts {
    /// See `AccountSecurity::change_password`.
    pub(super) async fn change_citizen_password(
        &self,
        token: &str,
        form: &PasswordChange,
    ) -> Result<Result<NewSession, SecurityError>, ServiceError> {
        use motcua_app::services::Accounts;
        let Some(profile) = self.session(token).await? else {
            return Ok(Err(SecurityError::NotSignedIn));
        };
        let new = match validate(form) {
            Ok(p) => p,
            Err(fields) => return Ok(Err(SecurityError::Invalid(fields))),
        };
        let Some(stored) = citizen_hash(&self.pool, &profile.id)
            .await
            .map_err(internal)?
        else {
            return Ok(Err(SecurityError::NotSignedIn));
        };
        let now = self.now_ms();
        let bucket = format!("password-check:citizen:{}", profile.id);
        if let Err(e) =
            check_current(&self.pool, &bucket, &form.current_password, stored, now).await?
        {
            return Ok(Err(e));
        }
        let hash = hash_new(new.as_str()).await?;
        let fresh = new_token();
        let max_age_s = (SESSION_DAYS * 24 * 3600) as u64;
        let mut tx = self.pool.begin().await.map_err(internal)?;
        sqlx::query("UPDATE citizens SET password_hash = $1 WHERE id = $2")
            .bind(&hash)
            .bind(&profile.id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
        let ended = sqlx::query("DELETE FROM sessions WHERE citizen_id = $1")
            .bind(&profile.id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?
            .rows_affected();
        sqlx::query(
            "INSERT INTO sessions (token_hash, citizen_id, created_at_ms, expires_at_ms) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(sha256_hex(fresh.as_bytes()))
        .bind(&profile.id)
        .bind(now)
        .bind(now + max_age_s as i64 * 1000)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
        audit::record(
            &mut tx,
            &audit::Entry {
                at_ms: now,
                actor: &citizen_actor(&profile.id),
                action: "change_password",
                subject_kind: "citizen",
                subject_id: &profile.id,
                before: None,
                after: None,
                detail: &serde_json::json!({ "sessions_ended": ended }),
            },
        )
        .await
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(Ok(NewSession {
            token: fresh,
            max_age_s,
            profile,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(current: &str, new: &str, again: &str) -> PasswordChange {
        PasswordChange {
            current_password: current.into(),
            new_password: new.into(),
            confirm_password: again.into(),
        }
    }

    #[test]
    fn issue_11_a_new_password_follows_the_rules_and_names_each_field() {
        assert!(validate(&form("Cu2026abc", "Moi2026abc", "Moi2026abc")).is_ok());
        let fields = |f: PasswordChange| -> Vec<String> {
            validate(&f)
                .unwrap_err()
                .into_iter()
                .map(|m| m.field)
                .collect()
        };
        assert_eq!(
            fields(form("", "Moi2026abc", "Moi2026abc")),
            ["current_password"]
        );
        assert_eq!(fields(form("Cu2026abc", "ngan", "ngan")), ["new_password"]);
        assert_eq!(
            fields(form("Moi2026abc", "Moi2026abc", "Moi2026abc")),
            ["new_password"]
        );
        assert_eq!(
            fields(form("Cu2026abc", "Moi2026abc", "Moi2026abd")),
            ["confirm_password"]
        );
    }
}
