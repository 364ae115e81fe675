//! The append-only audit log (issue 5): who did what, when, with the state before and
//! after. The application only inserts; the dossier page shows a dossier's entries.

use sqlx::{Any, AnyPool, Row, Transaction};

use crate::processing::Acting;

/// One entry to write.
pub struct Entry<'a> {
    /// When (Unix ms).
    pub at_ms: i64,
    /// Who.
    pub actor: &'a Acting,
    /// What (an action identifier such as `assign`, `create_account`).
    pub action: &'a str,
    /// On what kind of thing: `dossier`, `staff`, `agency`.
    pub subject_kind: &'a str,
    /// Its id.
    pub subject_id: &'a str,
    /// State before, if any.
    pub before: Option<serde_json::Value>,
    /// State after, if any.
    pub after: Option<serde_json::Value>,
    /// The request's details.
    pub detail: &'a serde_json::Value,
}

/// Appends `entry` inside the caller's transaction, so that an action and its audit
/// entry are written together or not at all.
pub async fn record(tx: &mut Transaction<'_, Any>, entry: &Entry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, at_ms, actor_id, actor_name, actor_role, actor_unit, action, \
         subject_kind, subject_id, before_state, after_state, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(crate::ids::new_id())
    .bind(entry.at_ms)
    .bind(&entry.actor.id)
    .bind(&entry.actor.name)
    .bind(entry.actor.role.map_or("applicant", |r| r.as_str()))
    .bind(&entry.actor.unit)
    .bind(entry.action)
    .bind(entry.subject_kind)
    .bind(entry.subject_id)
    .bind(entry.before.as_ref().map(|v| v.to_string()))
    .bind(entry.after.as_ref().map(|v| v.to_string()))
    .bind(entry.detail.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A stored entry, for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// When (Unix ms).
    pub at_ms: i64,
    /// Who (name).
    pub actor_name: String,
    /// Their role identifier.
    pub actor_role: String,
    /// Their unit.
    pub actor_unit: Option<String>,
    /// What.
    pub action: String,
    /// Before (JSON text).
    pub before: Option<String>,
    /// After (JSON text).
    pub after: Option<String>,
    /// Details (JSON text).
    pub detail: String,
}

/// The entries about one subject, oldest first.
pub async fn for_subject(pool: &AnyPool, kind: &str, id: &str) -> Result<Vec<Stored>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT at_ms, actor_name, actor_role, actor_unit, action, before_state, after_state, \
         detail FROM audit_log WHERE subject_kind = $1 AND subject_id = $2 ORDER BY at_ms, id",
    )
    .bind(kind)
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Stored {
                at_ms: r.try_get("at_ms")?,
                actor_name: r.try_get("actor_name")?,
                actor_role: r.try_get("actor_role")?,
                actor_unit: r.try_get("actor_unit")?,
                action: r.try_get("action")?,
                before: r.try_get("before_state")?,
                after: r.try_get("after_state")?,
                detail: r.try_get("detail")?,
            })
        })
        .collect()
}
