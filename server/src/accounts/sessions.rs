//! A citizen's sessions (issue 11): listed on the account page, each ended on request.
//! Sessions are stored by the SHA-256 of their token; the page names each one by a
//! handle derived from that hash (a further hash, 16 hex digits), so that neither the
//! token nor its stored hash ever leaves the server. What a session shows: when it was
//! opened and when it expires (no user agent or address is stored with it, and "last
//! seen" would cost a write on every request).

use motcua_app::services::{Accounts, SecurityError, ServiceError, SessionView};
use sqlx::Row;

use super::passwords::citizen_actor;
use super::{internal, SqlAccounts};
use crate::ids::sha256_hex;
use crate::staff::audit;
use crate::staff::queues::short_time;

/// The handle of a stored session (by its token's hash).
fn handle_of(token_hash: &str) -> String {
    sha256_hex(token_hash.as_bytes())[..16].to_owned()
}

struct Stored {
    token_hash: String,
    created_at_ms: i64,
    expires_at_ms: i64,
}

impl SqlAccounts {
    /// The open sessions of the account of `token`, and that account's id.
    async fn own_sessions(
        &self,
        token: &str,
    ) -> Result<Option<(String, Vec<Stored>)>, ServiceError> {
        let Some(profile) = self.session(token).await? else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT token_hash, created_at_ms, expires_at_ms FROM sessions \
             WHERE citizen_id = $1 AND expires_at_ms > $2 \
             ORDER BY created_at_ms DESC, token_hash",
        )
        .bind(&profile.id)
        .bind(self.now_ms())
        .fetch_all(&self.pool)
        .await
        .map_err(internal)?;
        let list = rows
            .iter()
            .map(|r| {
                Ok(Stored {
                    token_hash: r.try_get("token_hash")?,
                    created_at_ms: r.try_get("created_at_ms")?,
                    expires_at_ms: r.try_get("expires_at_ms")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(internal)?;
        Ok(Some((profile.id, list)))
    }

    /// See `AccountSecurity::sessions`.
    pub(super) async fn list_sessions(
        &self,
        token: &str,
    ) -> Result<Option<Vec<SessionView>>, ServiceError> {
        let mine = sha256_hex(token.as_bytes());
        Ok(self.own_sessions(token).await?.map(|(_, list)| {
            list.iter()
                .map(|s| SessionView {
                    handle: handle_of(&s.token_hash),
                    created: short_time(s.created_at_ms),
                    expires: short_time(s.expires_at_ms),
                    current: s.token_hash == mine,
                })
                .collect()
        }))
    }

    /// Ends the sessions of the caller's account that `which` picks; audited. Returns how
    /// many ended.
    async fn end_where(
        &self,
        token: &str,
        what: &str,
        which: impl Fn(&Stored) -> bool,
    ) -> Result<Result<u32, SecurityError>, ServiceError> {
        let Some((id, list)) = self.own_sessions(token).await? else {
            return Ok(Err(SecurityError::NotSignedIn));
        };
        let chosen: Vec<&Stored> = list.iter().filter(|s| which(s)).collect();
        let now = self.now_ms();
        let mut tx = self.pool.begin().await.map_err(internal)?;
        for s in &chosen {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1 AND citizen_id = $2")
                .bind(&s.token_hash)
                .bind(&id)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
        }
        audit::record(
            &mut tx,
            &audit::Entry {
                at_ms: now,
                actor: &citizen_actor(&id),
                action: what,
                subject_kind: "citizen",
                subject_id: &id,
                before: None,
                after: None,
                detail: &serde_json::json!({ "sessions_ended": chosen.len() }),
            },
        )
        .await
        .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok(Ok(chosen.len() as u32))
    }

    /// See `AccountSecurity::end_session`.
    pub(super) async fn end_one_session(
        &self,
        token: &str,
        handle: &str,
    ) -> Result<Result<(), SecurityError>, ServiceError> {
        let Some((_, list)) = self.own_sessions(token).await? else {
            return Ok(Err(SecurityError::NotSignedIn));
        };
        if !list.iter().any(|s| handle_of(&s.token_hash) == handle) {
            return Ok(Err(SecurityError::NoSuchSession));
        }
        Ok(self
            .end_where(token, "end_session", |s| handle_of(&s.token_hash) == handle)
            .await?
            .map(|_| ()))
    }

    /// See `AccountSecurity::end_other_sessions`.
    pub(super) async fn end_others(
        &self,
        token: &str,
    ) -> Result<Result<u32, SecurityError>, ServiceError> {
        let mine = sha256_hex(token.as_bytes());
        self.end_where(token, "end_other_sessions", |s| s.token_hash != mine)
            .await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn issue_11_a_session_handle_is_neither_the_token_nor_its_hash() {
        let stored = super::sha256_hex(b"token");
        let handle = super::handle_of(&stored);
        assert_eq!(handle.len(), 16);
        assert!(!stored.contains(&handle));
    }
}
