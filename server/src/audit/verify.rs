//! `motcua audit verify`: re-computes every day's chain from the stored fields, checks
//! every checkpoint (numbering, chaining, signature by an accepted audit key, and that
//! the re-computed chain ends where it says), and lists what is broken, first broken
//! entry first. Reads a day at a time, a thousand entries per query.

use std::collections::HashMap;
use std::fmt;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, VerifyingKey};
use sqlx::{AnyPool, Row};

use super::chain::{self, Fields};
use super::checkpoint::{self, Checkpoint};
use crate::signing::keys::key_id;

/// One thing found broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The entry concerned (`audit_log.id`), when one is.
    pub entry_id: Option<String>,
    /// Its chain day.
    pub day: Option<String>,
    /// Its place in the day's chain.
    pub seq: Option<i64>,
    /// The checkpoint concerned, when one is.
    pub checkpoint: Option<i64>,
    /// What is wrong.
    pub what: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(id) = &self.entry_id {
            write!(f, "entry {id}")?;
            if let (Some(day), Some(seq)) = (&self.day, self.seq) {
                write!(f, " (day {day}, #{seq})")?;
            }
            write!(f, ": ")?;
        } else if let Some(n) = self.checkpoint {
            write!(f, "checkpoint #{n}: ")?;
        }
        f.write_str(&self.what)
    }
}

/// What verification found.
#[derive(Debug, Default)]
pub struct Report {
    /// Chained entries checked.
    pub entries: u64,
    /// Days checked.
    pub days: u64,
    /// Checkpoints checked.
    pub checkpoints: u64,
    /// Chained entries not yet covered by a checkpoint.
    pub uncovered: u64,
    /// Entries older than the chain (not checkable), as recorded at migration.
    pub legacy_entries: i64,
    /// Everything broken, in order (checkpoints first, then by day and position).
    pub problems: Vec<Problem>,
    /// Each day's last position and its re-computed hash.
    pub heads: Vec<(String, i64, String)>,
    /// Each day's last checkpointed position.
    pub checkpointed: HashMap<String, i64>,
}

fn signature_ok(keys: &[[u8; 32]], cp: &Checkpoint) -> bool {
    let Some(public) = keys.iter().find(|k| key_id(k) == cp.key_id) else {
        return false;
    };
    let Ok(public) = VerifyingKey::from_bytes(public) else {
        return false;
    };
    let Some(sig) = B64
        .decode(cp.signature.trim())
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
    else {
        return false;
    };
    public
        .verify_strict(&cp.statement(), &Signature::from_bytes(&sig))
        .is_ok()
}

/// Verifies the whole log; `audit_keys` are the accepted checkpoint public keys.
pub async fn verify(pool: &AnyPool, audit_keys: &[[u8; 32]]) -> Result<Report, sqlx::Error> {
    let mut report = Report {
        legacy_entries: checkpoint::legacy_entries(pool).await?,
        ..Report::default()
    };
    let checkpoints = checkpoint::all(pool).await?;
    let mut at_position: HashMap<(String, i64), Vec<&Checkpoint>> = HashMap::new();
    let mut previous = checkpoint::genesis();
    for (i, cp) in checkpoints.iter().enumerate() {
        let problem = |what: String| Problem {
            entry_id: None,
            day: Some(cp.day.clone()),
            seq: Some(cp.seq),
            checkpoint: Some(cp.number),
            what,
        };
        if cp.number != i as i64 + 1 {
            report.problems.push(problem(format!(
                "checkpoints are numbered without gaps: expected #{}, found #{} (checkpoints removed)",
                i + 1,
                cp.number
            )));
        } else if cp.prev_hash != previous {
            report.problems.push(problem(
                "does not name the previous checkpoint's hash (a checkpoint was removed or changed)"
                    .into(),
            ));
        }
        if !signature_ok(audit_keys, cp) {
            report.problems.push(problem(format!(
                "the signature does not verify with the audit key(s) given (key id {}): the \
                 checkpoint, or the count of pre-chain entries it signs, was altered",
                cp.key_id
            )));
        }
        previous = cp.hash();
        at_position
            .entry((cp.day.clone(), cp.seq))
            .or_default()
            .push(cp);
        let covered = report.checkpointed.entry(cp.day.clone()).or_insert(0);
        *covered = (*covered).max(cp.seq);
    }
    report.checkpoints = checkpoints.len() as u64;

    let mut days: Vec<String> =
        sqlx::query("SELECT DISTINCT chain_day FROM audit_log WHERE chain_day IS NOT NULL")
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
    days.extend(report.checkpointed.keys().cloned());
    days.sort();
    days.dedup();
    for day in days {
        verify_day(pool, &day, &at_position, &mut report).await?;
    }

    let unchained: i64 = sqlx::query("SELECT COUNT(*) FROM audit_log WHERE chain_day IS NULL")
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    if unchained > report.legacy_entries {
        let last_legacy: i64 = sqlx::query("SELECT COALESCE(MAX(last_at_ms), 0) FROM audit_legacy")
            .fetch_one(pool)
            .await?
            .try_get(0)?;
        let intruder: Option<String> = sqlx::query(
            "SELECT id FROM audit_log WHERE chain_day IS NULL ORDER BY (at_ms > $1) DESC, at_ms DESC LIMIT 1",
        )
        .bind(last_legacy)
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
        report.problems.push(Problem {
            entry_id: intruder,
            day: None,
            seq: None,
            checkpoint: None,
            what: format!(
                "{} entries are outside the chain but only {} predate it: entries were inserted around the chain",
                unchained, report.legacy_entries
            ),
        });
    }
    Ok(report)
}

async fn verify_day(
    pool: &AnyPool,
    day: &str,
    at_position: &HashMap<(String, i64), Vec<&Checkpoint>>,
    report: &mut Report,
) -> Result<(), sqlx::Error> {
    report.days += 1;
    let mut prev = chain::genesis(day);
    let mut expected = 1i64;
    let mut last_seq = 0i64;
    loop {
        let rows = sqlx::query(
            "SELECT id, at_ms, actor_id, actor_name, actor_role, actor_unit, action, subject_kind, \
             subject_id, before_state, after_state, detail, chain_seq, prev_hash, entry_hash \
             FROM audit_log WHERE chain_day = $1 AND chain_seq >= $2 ORDER BY chain_seq LIMIT 1000",
        )
        .bind(day)
        .bind(expected)
        .fetch_all(pool)
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let fields = Fields {
                id: row.try_get("id")?,
                at_ms: row.try_get("at_ms")?,
                actor_id: row.try_get("actor_id")?,
                actor_name: row.try_get("actor_name")?,
                actor_role: row.try_get("actor_role")?,
                actor_unit: row.try_get("actor_unit")?,
                action: row.try_get("action")?,
                subject_kind: row.try_get("subject_kind")?,
                subject_id: row.try_get("subject_id")?,
                before: row.try_get("before_state")?,
                after: row.try_get("after_state")?,
                detail: row.try_get("detail")?,
            };
            let seq: i64 = row.try_get("chain_seq")?;
            let stored_prev: Option<String> = row.try_get("prev_hash")?;
            let stored_hash: Option<String> = row.try_get("entry_hash")?;
            let computed = chain::entry_hash(day, seq, &prev, &fields);
            let what = if seq != expected {
                Some(format!(
                    "entries #{expected} to #{} of the day are missing before it (deleted)",
                    seq - 1
                ))
            } else if stored_prev.as_deref() != Some(prev.as_str()) {
                Some("does not link to the entry before it (its previous hash differs)".to_owned())
            } else if stored_hash.as_deref() != Some(computed.as_str()) {
                Some("its content was changed after it was written (hash mismatch)".to_owned())
            } else {
                None
            };
            let broken = what.is_some();
            if let Some(what) = what {
                report.problems.push(Problem {
                    entry_id: Some(fields.id.clone()),
                    day: Some(day.to_owned()),
                    seq: Some(seq),
                    checkpoint: None,
                    what,
                });
            }
            for cp in at_position
                .get(&(day.to_owned(), seq))
                .into_iter()
                .flatten()
            {
                if cp.last_hash != computed && !broken {
                    report.problems.push(Problem {
                        entry_id: Some(fields.id.clone()),
                        day: Some(day.to_owned()),
                        seq: Some(seq),
                        checkpoint: Some(cp.number),
                        what: format!(
                            "the chain up to here differs from what signed checkpoint #{} sealed \
                             (entries up to here were rewritten)",
                            cp.number
                        ),
                    });
                }
            }
            // After a break, continue from the stored hash, so that a later, separate
            // change is reported on its own.
            prev = if broken {
                stored_hash.unwrap_or(computed)
            } else {
                computed
            };
            expected = seq + 1;
            last_seq = seq;
            report.entries += 1;
        }
    }
    for ((cp_day, cp_seq), cps) in at_position {
        if cp_day == day && *cp_seq > last_seq {
            for cp in cps {
                report.problems.push(Problem {
                    entry_id: None,
                    day: Some(day.to_owned()),
                    seq: Some(*cp_seq),
                    checkpoint: Some(cp.number),
                    what: format!(
                        "seals entry #{cp_seq} of day {day}, but the day's chain ends at #{last_seq}: \
                         entries were deleted"
                    ),
                });
            }
        }
    }
    let covered = report.checkpointed.get(day).copied().unwrap_or(0);
    report.uncovered += u64::try_from(last_seq - covered.min(last_seq)).unwrap_or(0);
    report.heads.push((day.to_owned(), last_seq, prev));
    Ok(())
}
