//! Staff accounts: creation (by an administrator, the CLI or the demo seed), sign-in by
//! user name and password (argon2id, rate-limited like citizens'), sessions in their
//! own table, and the administrators' changes — each written to the audit log.

use motcua_app::services::{StaffProfile, StaffSession, StaffSignInError};
use motcua_core::dossier::Password;
use motcua_core::workflow::StaffRole;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use super::SqlStaff;
use super::{audit, roles};
use crate::accounts::{password, rate_limit};
use crate::ids::{new_id, new_token, sha256_hex};
use crate::processing::Acting;

/// How long a staff session lasts: 12 hours (a working day and some).
pub const SESSION_HOURS: i64 = 12;

/// Why an account could not be created or changed (messages name the field).
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    /// A field is wrong.
    #[error("{0}")]
    Invalid(String),
    /// The user name is taken.
    #[error("Tên đăng nhập «{0}» đã được dùng")]
    Taken(String),
    /// The actor may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// Sign-in name: 3–32 of a–z, 0–9, `.`, `_`, `-`.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// Unit code (must exist).
    pub unit_code: String,
    /// Role.
    pub role: StaffRole,
    /// E-mail for warnings, if any.
    pub email: Option<String>,
    /// Initial password (citizens' password rules).
    pub password: String,
}

pub(crate) const SELECT_STAFF: &str = "SELECT s.id, s.username, s.full_name, s.unit_code, s.role, \
    s.password_hash, s.active, s.must_change_password, s.password_changed_at_ms, \
    a.name AS unit_name FROM staff s \
    JOIN agencies a ON a.code = s.unit_code";

pub(crate) fn profile(row: &AnyRow) -> Result<StaffProfile, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Ok(StaffProfile {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        full_name: row.try_get("full_name")?,
        unit_code: row.try_get("unit_code")?,
        unit_name: row.try_get("unit_name")?,
        role: role
            .parse()
            .map_err(|e: motcua_core::workflow::RoleError| sqlx::Error::Decode(e.into()))?,
    })
}

/// The acting identity of a staff member (for `processing::act` and the audit log).
pub fn acting(me: &StaffProfile) -> Acting {
    Acting {
        id: me.id.clone(),
        name: me.full_name.clone(),
        role: Some(me.role),
        unit: Some(me.unit_code.clone()),
    }
}

/// The active account with this sign-in name (the command line acts as a named person:
/// `motcua result sign --staff`).
pub async fn active_by_username(
    pool: &AnyPool,
    username: &str,
) -> Result<Option<StaffProfile>, sqlx::Error> {
    sqlx::query(&format!(
        "{SELECT_STAFF} WHERE s.username = $1 AND s.active = 1"
    ))
    .bind(username.trim().to_lowercase())
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(profile)
    .transpose()
}

fn valid_username(name: &str) -> bool {
    (3..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// Creates an account. `by` is the administrator (`None` for the CLI and the seed);
/// an agency administrator creates accounts of their own unit only, never
/// administrators of the system.
pub async fn create(
    pool: &AnyPool,
    new: &NewStaff,
    by: Option<&StaffProfile>,
    now_ms: i64,
) -> Result<StaffProfile, StaffError> {
    let username = new.username.trim().to_lowercase();
    if !valid_username(&username) {
        return Err(StaffError::Invalid(
            "Tên đăng nhập: 3–32 ký tự gồm chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang".into(),
        ));
    }
    let full_name = new.full_name.trim();
    if full_name.is_empty() {
        return Err(StaffError::Invalid("Họ và tên: chưa nhập".into()));
    }
    new.password
        .parse::<Password>()
        .map_err(|e| StaffError::Invalid(e.to_string()))?;
    if let Some(admin) = by {
        let signers = roles::signers_allowed(pool, &new.unit_code).await?;
        roles::may_grant(admin, &new.unit_code, new.role, signers)
            .map_err(StaffError::Forbidden)?;
    }
    let unit_exists = sqlx::query("SELECT code FROM agencies WHERE code = $1")
        .bind(&new.unit_code)
        .fetch_optional(pool)
        .await?
        .is_some();
    if !unit_exists {
        return Err(StaffError::Invalid(format!(
            "Đơn vị: không có đơn vị mã «{}»",
            new.unit_code
        )));
    }
    let password = new.password.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(|e| StaffError::Invalid(e.to_string()))?
        .map_err(|e| StaffError::Invalid(e.to_string()))?;
    let id = new_id();
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO staff (id, username, password_hash, full_name, unit_code, role, email, \
         active, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)",
    )
    .bind(&id)
    .bind(&username)
    .bind(&hash)
    .bind(full_name)
    .bind(&new.unit_code)
    .bind(new.role.as_str())
    .bind(
        new.email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty()),
    )
    .bind(now_ms)
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        if e.to_string().contains("staff_username_key") || e.to_string().contains("UNIQUE") {
            return Err(StaffError::Taken(username));
        }
        return Err(e.into());
    }
    let system = Acting {
        id: "system".into(),
        name: "Hệ thống".into(),
        role: None,
        unit: None,
    };
    let actor = by.map(acting).unwrap_or(system);
    audit::record(
        &mut tx,
        &audit::Entry {
            at_ms: now_ms,
            actor: &actor,
            action: "create_account",
            subject_kind: "staff",
            subject_id: &id,
            before: None,
            after: Some(serde_json::json!({
                "username": username, "full_name": full_name,
                "unit": new.unit_code, "role": new.role.as_str(),
            })),
            detail: &serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    let row = sqlx::query(&format!("{SELECT_STAFF} WHERE s.id = $1"))
        .bind(&id)
        .fetch_one(pool)
        .await?;
    Ok(profile(&row)?)
}

/// Changes an account's role and whether it is active (administrators only; audited).
pub async fn update(
    pool: &AnyPool,
    by: &StaffProfile,
    id: &str,
    role: StaffRole,
    active: bool,
    now_ms: i64,
) -> Result<(), StaffError> {
    let row = sqlx::query("SELECT unit_code, role, active FROM staff WHERE id = $1")
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
    if role != current {
        let signers = roles::signers_allowed(pool, &unit).await?;
        roles::may_grant(by, &unit, role, signers).map_err(StaffError::Forbidden)?;
    }
    let before = serde_json::json!({
        "role": row.try_get::<String, _>("role")?,
        "active": row.try_get::<i64, _>("active")? != 0,
    });
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE staff SET role = $1, active = $2 WHERE id = $3")
        .bind(role.as_str())
        .bind(i64::from(active))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if !active {
        sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        &audit::Entry {
            at_ms: now_ms,
            actor: &acting(by),
            action: "update_account",
            subject_kind: "staff",
            subject_id: id,
            before: Some(before),
            after: Some(serde_json::json!({ "role": role.as_str(), "active": active })),
            detail: &serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

impl SqlStaff {
    /// Signs in (rate-limited per user name and per client, like citizens: the attempt
    /// is counted before the password is checked, in one step, so concurrent guesses
    /// check at most `SIGN_IN_PER_PHONE.max` passwords). Success and failure are audited.
    pub async fn sign_in_staff(
        &self,
        username: &str,
        password_text: &str,
        client: &str,
    ) -> Result<Result<StaffSession, StaffSignInError>, sqlx::Error> {
        let now = self.now_ms();
        let username = username.trim().to_lowercase();
        let by_name = format!("staff-sign-in:{username}");
        let by_client = format!("staff-sign-in:client:{client}");
        let recorded = match rate_limit::acquire(
            &self.pool,
            &[
                (by_name.as_str(), rate_limit::SIGN_IN_PER_PHONE),
                (by_client.as_str(), rate_limit::SIGN_IN_PER_CLIENT),
            ],
            now,
        )
        .await?
        {
            Ok(recorded) => recorded,
            Err(s) => {
                tracing::warn!(%username, client, "staff sign-in limit reached");
                return Ok(Err(StaffSignInError::TooMany {
                    minutes: (s as i64 + 59) / 60,
                }));
            }
        };
        let row = sqlx::query(&format!(
            "{SELECT_STAFF} WHERE s.username = $1 AND s.active = 1"
        ))
        .bind(&username)
        .fetch_optional(&self.pool)
        .await?;
        let stored = match &row {
            Some(r) => r.try_get::<String, _>("password_hash")?,
            None => password::decoy().to_owned(),
        };
        let Ok(ok) = password::verify_bounded(password_text.to_owned(), stored).await else {
            // No password was checked: the attempt does not count.
            for bucket in [&by_name, &by_client] {
                rate_limit::take_back(&self.pool, &recorded, bucket).await?;
            }
            return Ok(Err(StaffSignInError::Busy));
        };
        // A temporary password past its time signs in no more (an administrator
        // issues a new one).
        let expired = |r: &AnyRow| -> bool {
            r.try_get::<i64, _>("must_change_password").unwrap_or(1) != 0
                && super::passwords::temporary_expired(
                    r.try_get("password_changed_at_ms").ok().flatten(),
                    now,
                )
        };
        let Some(row) = row.filter(|r| ok && !expired(r)) else {
            let mut tx = self.pool.begin().await?;
            audit::record(
                &mut tx,
                &audit::Entry {
                    at_ms: now,
                    actor: &Acting {
                        id: "anonymous".into(),
                        name: "Người chưa đăng nhập".into(),
                        role: None,
                        unit: None,
                    },
                    action: "staff_sign_in_failed",
                    subject_kind: "staff",
                    subject_id: "-",
                    before: None,
                    after: None,
                    detail: &serde_json::json!({ "username": username, "client": client }),
                },
            )
            .await?;
            tx.commit().await?;
            return Ok(Err(StaffSignInError::Wrong));
        };
        rate_limit::take_back(&self.pool, &recorded, &by_client).await?;
        rate_limit::clear(&self.pool, &by_name).await?;
        let profile = profile(&row)?;
        let must_change_password = row.try_get::<i64, _>("must_change_password")? != 0;
        let token = new_token();
        let max_age_s = SESSION_HOURS * 3600;
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, staff_id, created_at_ms, expires_at_ms) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(sha256_hex(token.as_bytes()))
        .bind(&profile.id)
        .bind(now)
        .bind(now + max_age_s * 1000)
        .execute(&self.pool)
        .await?;
        let mut tx = self.pool.begin().await?;
        audit::record(
            &mut tx,
            &audit::Entry {
                at_ms: now,
                actor: &acting(&profile),
                action: "staff_sign_in",
                subject_kind: "staff",
                subject_id: &profile.id,
                before: None,
                after: None,
                detail: &serde_json::json!({ "username": username, "client": client }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(StaffSession {
            token,
            max_age_s,
            profile,
            must_change_password,
        }))
    }

    /// The active staff member of a session token. An account holding a temporary
    /// password has no session here: until it is changed (`staff::passwords`), every
    /// staff page, form and file answers as to a stranger.
    pub async fn staff_session(&self, token: &str) -> Result<Option<StaffProfile>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "{SELECT_STAFF} JOIN staff_sessions t ON t.staff_id = s.id \
             WHERE t.token_hash = $1 AND t.expires_at_ms > $2 AND s.active = 1 \
             AND s.must_change_password = 0"
        ))
        .bind(sha256_hex(token.as_bytes()))
        .bind(self.now_ms())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(profile).transpose()
    }

    /// Ends a session (audited).
    pub async fn staff_sign_out(&self, token: &str) -> Result<(), sqlx::Error> {
        let me = self.staff_session(token).await?;
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(sha256_hex(token.as_bytes()))
            .execute(&mut *tx)
            .await?;
        if let Some(me) = &me {
            audit::record(
                &mut tx,
                &audit::Entry {
                    at_ms: self.now_ms(),
                    actor: &acting(me),
                    action: "staff_sign_out",
                    subject_kind: "staff",
                    subject_id: &me.id,
                    before: None,
                    after: None,
                    detail: &serde_json::json!({}),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
