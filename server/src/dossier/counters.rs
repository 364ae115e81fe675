//! Daily counters, inside the caller's transaction: the submission number's sequence
//! (per day) and the dossier code's counter (per agency per reception day, SPEC §3).
//! The upsert takes the row's lock, so two transactions never get the same value.

use sqlx::{Any, Row, Transaction};

/// The next value of `key` on `day` (1 for the first).
pub async fn next(tx: &mut Transaction<'_, Any>, key: &str, day: &str) -> Result<u32, sqlx::Error> {
    sqlx::query(
        "INSERT INTO daily_counters (counter_key, day, value) VALUES ($1, $2, 1) \
         ON CONFLICT (counter_key, day) DO UPDATE SET value = daily_counters.value + 1",
    )
    .bind(key)
    .bind(day)
    .execute(&mut **tx)
    .await?;
    let value: i64 =
        sqlx::query("SELECT value FROM daily_counters WHERE counter_key = $1 AND day = $2")
            .bind(key)
            .bind(day)
            .fetch_one(&mut **tx)
            .await?
            .try_get("value")?;
    Ok(value as u32)
}

/// Appends an event to a dossier's history (the next sequence number).
pub async fn add_event(
    tx: &mut Transaction<'_, Any>,
    dossier_id: &str,
    at_ms: i64,
    kind: &str,
    status: u8,
    actor: &str,
    detail: &serde_json::Value,
) -> Result<(), sqlx::Error> {
    let seq: i64 = sqlx::query("SELECT COUNT(*) AS n FROM dossier_events WHERE dossier_id = $1")
        .bind(dossier_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    sqlx::query(
        "INSERT INTO dossier_events (dossier_id, seq, at_ms, kind, status, actor, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(dossier_id)
    .bind(seq + 1)
    .bind(at_ms)
    .bind(kind)
    .bind(i64::from(status))
    .bind(actor)
    .bind(detail.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
