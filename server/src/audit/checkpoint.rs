//! Signed checkpoints of the audit chains.
//!
//! A checkpoint states "the chain of day D, up to entry S, ends with hash H; N entries
//! predate the chain; the previous checkpoint's hash is P", signed with Ed25519 by the
//! audit key ([`crate::signing::secrets`], `MOTCUA_AUDIT_KEY`), which is **not** in the
//! database. Whoever can write the database can rewrite a day's chain consistently (every
//! hash recomputed), but cannot sign a checkpoint for it: `motcua audit verify` then
//! finds the recomputed chain does not end where the signed checkpoint says.
//!
//! Checkpoints are numbered without gaps and chained, so a removed checkpoint shows. A
//! day may have several (the job runs every hour and checkpoints what is new, today
//! included); a chain that does not verify is never checkpointed (the job logs it).

use std::time::Duration;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::SigningKey;
use motcua_app::services::SharedClock;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use super::chain;
use crate::ids::sha256_hex;
use crate::signing::keys::key_id;
use crate::signing::KeySettings;

/// A stored checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// 1, 2, … without gaps.
    pub number: i64,
    /// The chain's day.
    pub day: String,
    /// The last entry covered.
    pub seq: i64,
    /// Its hash.
    pub last_hash: String,
    /// The previous checkpoint's hash ([`genesis`] for the first).
    pub prev_hash: String,
    /// When it was made (Unix ms).
    pub at_ms: i64,
    /// The audit key's id (RFC 7638 thumbprint of its public key).
    pub key_id: String,
    /// Ed25519 signature of [`Checkpoint::statement`], base64.
    pub signature: String,
    /// Entries older than the chain (signed too; stored in `audit_legacy`).
    pub legacy_entries: i64,
}

/// The previous hash of the first checkpoint.
pub fn genesis() -> String {
    sha256_hex(b"motcua-audit-checkpoints-v1\n")
}

impl Checkpoint {
    /// The signed text.
    pub fn statement(&self) -> Vec<u8> {
        format!(
            "motcua-audit-checkpoint-v1\nnumber: {}\nday: {}\nseq: {}\nlast-hash: {}\n\
             legacy-entries: {}\nprevious: {}\nat-ms: {}\nkey-id: {}\n",
            self.number,
            self.day,
            self.seq,
            self.last_hash,
            self.legacy_entries,
            self.prev_hash,
            self.at_ms,
            self.key_id
        )
        .into_bytes()
    }

    /// What the next checkpoint names as previous.
    pub fn hash(&self) -> String {
        sha256_hex(&self.statement())
    }

    fn from_row(row: &AnyRow, legacy_entries: i64) -> Result<Self, sqlx::Error> {
        Ok(Checkpoint {
            number: row.try_get("number")?,
            day: row.try_get("chain_day")?,
            seq: row.try_get("chain_seq")?,
            last_hash: row.try_get("last_hash")?,
            prev_hash: row.try_get("prev_hash")?,
            at_ms: row.try_get("at_ms")?,
            key_id: row.try_get("key_id")?,
            signature: row.try_get("signature")?,
            legacy_entries,
        })
    }
}

/// Entries written before the chain existed, as recorded by the migration.
pub async fn legacy_entries(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    let n: Option<i64> = sqlx::query("SELECT MAX(entries) FROM audit_legacy")
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    Ok(n.unwrap_or(0))
}

/// Every checkpoint, in order.
pub async fn all(pool: &AnyPool) -> Result<Vec<Checkpoint>, sqlx::Error> {
    let legacy = legacy_entries(pool).await?;
    sqlx::query(
        "SELECT number, chain_day, chain_seq, last_hash, prev_hash, at_ms, key_id, signature \
         FROM audit_checkpoints ORDER BY number",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Checkpoint::from_row(r, legacy))
    .collect()
}

/// Why checkpointing stopped.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The audit key is unavailable.
    #[error("audit key: {0}")]
    Key(String),
    /// A chain does not verify: it is not sealed.
    #[error("the audit log does not verify, nothing checkpointed: {0}")]
    Broken(String),
}

/// Checkpoints every chain that has entries past its last checkpoint: days before
/// `now`'s day, and `now`'s day too when `through_now`. Returns the new checkpoints.
/// The whole log is verified first (checkpoints seal only an intact log).
pub async fn run(
    pool: &AnyPool,
    keys: &KeySettings,
    now_ms: i64,
    through_now: bool,
) -> Result<Vec<Checkpoint>, CheckpointError> {
    let seed = keys
        .audit_seed()
        .map_err(|e| CheckpointError::Key(e.to_string()))?;
    let signer = SigningKey::from_bytes(&seed);
    let kid = key_id(&signer.verifying_key().to_bytes());
    let report = super::verify::verify(pool, &[signer.verifying_key().to_bytes()]).await?;
    if let Some(problem) = report.problems.first() {
        return Err(CheckpointError::Broken(problem.to_string()));
    }
    let today = chain::day_of(now_ms);
    let mut made = Vec::new();
    for (day, seq, hash) in report.heads {
        if day > today || (day == today && !through_now) {
            continue;
        }
        let covered = report.checkpointed.get(&day).copied().unwrap_or(0);
        if seq <= covered {
            continue;
        }
        let previous = sqlx::query(
            "SELECT number, chain_day, chain_seq, last_hash, prev_hash, at_ms, key_id, signature \
             FROM audit_checkpoints ORDER BY number DESC LIMIT 1",
        )
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(|r| Checkpoint::from_row(r, report.legacy_entries))
        .transpose()?;
        let mut checkpoint = Checkpoint {
            number: previous.as_ref().map_or(1, |p| p.number + 1),
            day: day.clone(),
            seq,
            last_hash: hash,
            prev_hash: previous.as_ref().map_or_else(genesis, Checkpoint::hash),
            at_ms: now_ms,
            key_id: kid.clone(),
            signature: String::new(),
            legacy_entries: report.legacy_entries,
        };
        {
            use ed25519_dalek::Signer;
            checkpoint.signature = B64.encode(signer.sign(&checkpoint.statement()).to_bytes());
        }
        let inserted = sqlx::query(
            "INSERT INTO audit_checkpoints (number, chain_day, chain_seq, last_hash, prev_hash, \
             at_ms, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(checkpoint.number)
        .bind(&checkpoint.day)
        .bind(checkpoint.seq)
        .bind(&checkpoint.last_hash)
        .bind(&checkpoint.prev_hash)
        .bind(checkpoint.at_ms)
        .bind(&checkpoint.key_id)
        .bind(&checkpoint.signature)
        .execute(pool)
        .await;
        match inserted {
            Ok(_) => {
                tracing::info!(
                    number = checkpoint.number,
                    day = %checkpoint.day,
                    seq = checkpoint.seq,
                    last_hash = %checkpoint.last_hash,
                    signature = %checkpoint.signature,
                    "audit checkpoint signed"
                );
                made.push(checkpoint);
            }
            // Another instance made this checkpoint (or took this number) first: it
            // will be picked up on the next run if still needed.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => break,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(made)
}

/// How often a serving instance checkpoints what is new.
pub const EVERY: Duration = Duration::from_secs(3600);

/// Every hour, checkpoints the audit chains (today's so far included), so that at most
/// an hour of entries is protected by the chain and the triggers alone.
pub fn spawn(pool: AnyPool, keys: KeySettings, clock: SharedClock) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            match run(&pool, &keys, clock.now().timestamp_millis(), true).await {
                Ok(made) if !made.is_empty() => {
                    tracing::info!(checkpoints = made.len(), "audit checkpoints")
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "audit checkpoint failed"),
            }
        }
    });
}
