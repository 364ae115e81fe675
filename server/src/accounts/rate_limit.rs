//! Attempt counting in the database, so that limits hold across server instances: a
//! bucket (e.g. `sign-in:phone:0912345678`) allows `max` events per sliding window.

use sqlx::{AnyPool, Row};

/// A limit: at most `max` events per `window_ms`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Events allowed in a window.
    pub max: i64,
    /// Window length, milliseconds.
    pub window_ms: i64,
}

/// Sign-in failures per phone number: 5 per 15 minutes.
pub const SIGN_IN_PER_PHONE: Limit = Limit {
    max: 5,
    window_ms: 15 * 60 * 1000,
};
/// Sign-in failures per client address: 20 per 15 minutes.
pub const SIGN_IN_PER_CLIENT: Limit = Limit {
    max: 20,
    window_ms: 15 * 60 * 1000,
};
/// Registrations per client address: 10 per hour.
pub const REGISTER_PER_CLIENT: Limit = Limit {
    max: 10,
    window_ms: 60 * 60 * 1000,
};
/// Tracking look-ups by code per client address: 30 per 10 minutes.
pub const TRACK_PER_CLIENT: Limit = Limit {
    max: 30,
    window_ms: 10 * 60 * 1000,
};

/// Seconds until the bucket allows another event, or `None` when it allows one now.
pub async fn blocked_for(
    pool: &AnyPool,
    bucket: &str,
    limit: Limit,
    now_ms: i64,
) -> Result<Option<u64>, sqlx::Error> {
    let since = now_ms - limit.window_ms;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at_ms) AS oldest FROM rate_limit_events \
         WHERE bucket = $1 AND at_ms > $2",
    )
    .bind(bucket)
    .bind(since)
    .fetch_one(pool)
    .await?;
    let n: i64 = row.try_get("n")?;
    if n < limit.max {
        return Ok(None);
    }
    let oldest: Option<i64> = row.try_get("oldest")?;
    let free_at = oldest.unwrap_or(now_ms) + limit.window_ms;
    Ok(Some(((free_at - now_ms).max(1000) / 1000) as u64))
}

/// Records one event in the bucket (and forgets events older than a day).
pub async fn record(pool: &AnyPool, bucket: &str, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO rate_limit_events (bucket, at_ms) VALUES ($1, $2)")
        .bind(bucket)
        .bind(now_ms)
        .execute(pool)
        .await?;
    sqlx::query("DELETE FROM rate_limit_events WHERE at_ms < $1")
        .bind(now_ms - 24 * 60 * 60 * 1000)
        .execute(pool)
        .await?;
    Ok(())
}

/// Forgets a bucket's events (after a successful sign-in).
pub async fn clear(pool: &AnyPool, bucket: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_limit_events WHERE bucket = $1")
        .bind(bucket)
        .execute(pool)
        .await?;
    Ok(())
}
