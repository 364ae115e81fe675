//! Staff passwords (issue 11). A staff member changes their own password (the current
//! one required). An administrator never sets or sees a password of someone else: they
//! issue a one-time temporary password, shown to them once, which the account must
//! replace at its next sign-in — until then its sessions open nothing but
//! `/can-bo/doi-mat-khau` (`SqlStaff::staff_session` ignores them), and after
//! [`TEMPORARY_HOURS`] it no longer signs in. Any change ends every session of the
//! account in the same transaction; a self change gets a fresh session in place of the
//! caller's. Every change is audited (never the password).

use argon2::password_hash::rand_core::{OsRng, RngCore};
use motcua_app::services::{
    PasswordChange, SecurityError, ServiceError, StaffProfile, StaffSession,
};
use motcua_core::workflow::StaffRole;
use sqlx::{AnyPool, Row};

use super::accounts::{acting, profile, StaffError, SELECT_STAFF, SESSION_HOURS};
use super::{audit, roles};
use crate::accounts::passwords::{check_current, hash_new, validate};
use crate::ids::{new_token, sha256_hex};

/// How long a temporary password signs in: 72 hours (issued on a Friday, still usable
/// on Monday morning).
pub const TEMPORARY_HOURS: i64 = 72;

/// Letters and digits that cannot be misread from a screen (no l/1, o/0).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A temporary password: three groups of four from [`ALPHABET`] (about 59 bits), always
/// with a letter and a digit, so that it passes the password rules.
pub fn temporary_password() -> String {
    loop {
        let mut bytes = [0u8; 12];
        OsRng.fill_bytes(&mut bytes);
        let chars: Vec<char> = bytes
            .iter()
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect();
        if chars.iter().any(char::is_ascii_digit) && chars.iter().any(char::is_ascii_lowercase) {
            return chars
                .chunks(4)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-");
        }
    }
}

/// The active staff member of a valid session, temporary password or not, with their
/// stored hash: only the password change may use this.
async fn session_any(
    pool: &AnyPool,
    token: &str,
    now_ms: i64,
) -> Result<Option<(StaffProfile, String)>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "{SELECT_STAFF} JOIN staff_sessions t ON t.staff_id = s.id \
         WHERE t.token_hash = $1 AND t.expires_at_ms > $2 AND s.active = 1"
    ))
    .bind(sha256_hex(token.as_bytes()))
    .bind(now_ms)
    .fetch_optional(pool)
    .await?;
    row.map(|r| Ok((profile(&r)?, r.try_get("password_hash")?)))
        .transpose()
}

fn internal(e: impl std::error::Error + Send + Sync + 'static) -> ServiceError {
    ServiceError(Box::new(e))
}

/// A staff member changes their own password (see the module's rules).
pub async fn change_own(
    pool: &AnyPool,
    token: &str,
    form: &PasswordChange,
    now_ms: i64,
) -> Result<Result<StaffSession, SecurityError>, ServiceError> {
    let Some((me, stored)) = session_any(pool, token, now_ms).await.map_err(internal)? else {
        return Ok(Err(SecurityError::NotSignedIn));
    };
    let new = match validate(form) {
        Ok(p) => p,
        Err(fields) => return Ok(Err(SecurityError::Invalid(fields))),
    };
    let bucket = format!("password-check:staff:{}", me.id);
    if let Err(e) = check_current(pool, &bucket, &form.current_password, stored, now_ms).await? {
        return Ok(Err(e));
    }
    let hash = hash_new(new.as_str()).await?;
    let fresh = new_token();
    let max_age_s = SESSION_HOURS * 3600;
    let mut tx = pool.begin().await.map_err(internal)?;
    sqlx::query(
        "UPDATE staff SET password_hash = $1, must_change_password = 0, \
         password_changed_at_ms = $2 WHERE id = $3",
    )
    .bind(&hash)
    .bind(now_ms)
    .bind(&me.id)
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    let ended = sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
        .bind(&me.id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?
        .rows_affected();
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, staff_id, created_at_ms, expires_at_ms) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(sha256_hex(fresh.as_bytes()))
    .bind(&me.id)
    .bind(now_ms)
    .bind(now_ms + max_age_s * 1000)
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    audit::record(
        &mut tx,
        &audit::Entry {
            at_ms: now_ms,
            actor: &acting(&me),
            action: "change_password",
            subject_kind: "staff",
            subject_id: &me.id,
            before: None,
            after: None,
            detail: &serde_json::json!({ "sessions_ended": ended }),
        },
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(Ok(StaffSession {
        token: fresh,
        max_age_s,
        profile: me,
        must_change_password: false,
    }))
}

/// An administrator issues a temporary password for the account `id` (the rules of
/// `staff::roles::may_manage`). Returns the account's user name and the password, to
/// show once; only its hash is stored.
pub async fn issue_temporary(
    pool: &AnyPool,
    by: &StaffProfile,
    id: &str,
    now_ms: i64,
) -> Result<(String, String), StaffError> {
    let row = sqlx::query("SELECT username, unit_code, role FROM staff WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| StaffError::Invalid("Tài khoản không tồn tại".into()))?;
    let unit: String = row.try_get("unit_code")?;
    let current: StaffRole = row
        .try_get::<String, _>("role")?
        .parse()
        .map_err(|e: motcua_core::workflow::RoleError| sqlx::Error::Decode(e.into()))?;
    if !roles::may_manage(by, id, &unit, current) {
        return Err(StaffError::Forbidden(roles::NOT_YOURS.into()));
    }
    let username: String = row.try_get("username")?;
    let temporary = temporary_password();
    let hash = hash_new(&temporary)
        .await
        .map_err(|e| StaffError::Invalid(e.to_string()))?;
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE staff SET password_hash = $1, must_change_password = 1, \
         password_changed_at_ms = $2 WHERE id = $3",
    )
    .bind(&hash)
    .bind(now_ms)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let ended = sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    audit::record(
        &mut tx,
        &audit::Entry {
            at_ms: now_ms,
            actor: &acting(by),
            action: "issue_temporary_password",
            subject_kind: "staff",
            subject_id: id,
            before: None,
            after: None,
            detail: &serde_json::json!({
                "sessions_ended": ended, "valid_hours": TEMPORARY_HOURS,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((username, temporary))
}

/// Whether a temporary password issued at `issued_at_ms` has expired at `now_ms`.
pub fn temporary_expired(issued_at_ms: Option<i64>, now_ms: i64) -> bool {
    issued_at_ms.is_some_and(|t| now_ms - t > TEMPORARY_HOURS * 3600 * 1000)
}

#[cfg(test)]
mod tests {
    use motcua_core::dossier::Password;

    #[test]
    fn issue_11_temporary_passwords_pass_the_rules_and_differ() {
        let a = super::temporary_password();
        let b = super::temporary_password();
        assert_eq!(a.len(), 14, "{a}");
        assert!(a.parse::<Password>().is_ok(), "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn issue_11_a_temporary_password_expires_after_72_hours() {
        let hour = 3600 * 1000;
        assert!(!super::temporary_expired(Some(0), 72 * hour));
        assert!(super::temporary_expired(Some(0), 72 * hour + 1));
        assert!(!super::temporary_expired(None, 1000 * hour));
    }
}
