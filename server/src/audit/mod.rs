//! The append-only, tamper-evident audit log (issues 5 and 11): who did what, when, with
//! the state before and after.
//!
//! - [`record`] appends an entry inside the caller's transaction (an action and its audit
//!   entry are written together or not at all) and chains it ([`chain`]): each entry
//!   carries the hash of the one before it in its day's chain (Asia/Ho_Chi_Minh days).
//!   Appends to a day are serialised (a lock row per day), so concurrent writers cannot
//!   fork a chain, on SQLite and PostgreSQL alike.
//! - Database triggers refuse UPDATE and DELETE ([`guard`], installed after the
//!   migrations).
//! - [`checkpoint`] signs, with a key that is not in the database, "day D's chain up to
//!   entry S ends with hash H" — whoever can write the database could otherwise rewrite a
//!   whole chain consistently.
//! - [`verify`] (`motcua audit verify`) re-computes every chain, checks every checkpoint,
//!   and names the first broken entry.

pub mod chain;
pub mod checkpoint;
pub mod guard;
pub mod verify;

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
/// entry are written together or not at all; chains it to the previous entry of its day.
///
/// The day's lock row (`audit_chain_heads`) is updated first: on PostgreSQL that row lock
/// is held until the caller commits, so a second writer waits, then reads the entry the
/// first one wrote; on SQLite the database's single writer does the same. The last entry
/// is read from `audit_log` itself, never from the lock row.
pub async fn record(tx: &mut Transaction<'_, Any>, entry: &Entry<'_>) -> Result<(), sqlx::Error> {
    let day = chain::day_of(entry.at_ms);
    sqlx::query(
        "INSERT INTO audit_chain_heads (chain_day, seq, last_hash) VALUES ($1, 0, '') \
         ON CONFLICT (chain_day) DO NOTHING",
    )
    .bind(&day)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_chain_heads SET seq = seq + 1 WHERE chain_day = $1")
        .bind(&day)
        .execute(&mut **tx)
        .await?;
    let last = sqlx::query(
        "SELECT chain_seq, entry_hash FROM audit_log WHERE chain_day = $1 \
         ORDER BY chain_seq DESC LIMIT 1",
    )
    .bind(&day)
    .fetch_optional(&mut **tx)
    .await?;
    let (seq, prev_hash) = match last {
        Some(row) => (
            row.try_get::<i64, _>(0)? + 1,
            row.try_get::<Option<String>, _>(1)?.unwrap_or_default(),
        ),
        None => (1, chain::genesis(&day)),
    };
    let fields = chain::Fields {
        id: crate::ids::new_id(),
        at_ms: entry.at_ms,
        actor_id: entry.actor.id.clone(),
        actor_name: entry.actor.name.clone(),
        actor_role: entry
            .actor
            .role
            .map_or("applicant", |r| r.as_str())
            .to_owned(),
        actor_unit: entry.actor.unit.clone(),
        action: entry.action.to_owned(),
        subject_kind: entry.subject_kind.to_owned(),
        subject_id: entry.subject_id.to_owned(),
        before: entry.before.as_ref().map(|v| v.to_string()),
        after: entry.after.as_ref().map(|v| v.to_string()),
        detail: entry.detail.to_string(),
    };
    let hash = chain::entry_hash(&day, seq, &prev_hash, &fields);
    sqlx::query(
        "INSERT INTO audit_log (id, at_ms, actor_id, actor_name, actor_role, actor_unit, action, \
         subject_kind, subject_id, before_state, after_state, detail, chain_day, chain_seq, \
         prev_hash, entry_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(&fields.id)
    .bind(fields.at_ms)
    .bind(&fields.actor_id)
    .bind(&fields.actor_name)
    .bind(&fields.actor_role)
    .bind(&fields.actor_unit)
    .bind(&fields.action)
    .bind(&fields.subject_kind)
    .bind(&fields.subject_id)
    .bind(&fields.before)
    .bind(&fields.after)
    .bind(&fields.detail)
    .bind(&day)
    .bind(seq)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_chain_heads SET seq = $1, last_hash = $2 WHERE chain_day = $3")
        .bind(seq)
        .bind(&hash)
        .bind(&day)
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
