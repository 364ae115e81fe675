//! Attempt counting in the database, so that limits hold across server instances: a
//! bucket (e.g. `sign-in:phone:0912345678`) allows `max` events per sliding window.
//!
//! [`acquire`] counts and records in one step under a per-bucket row lock, before the
//! costly or guessable work (a password check, a code check, an SMS) is done: however
//! many requests arrive at once, at most `max` of them get through per window.
//! [`blocked_for`] + [`record`] (count, then record after the fact) remain for limits
//! where an occasional overshoot under concurrency does not matter.

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
/// Verification codes sent per phone number: 5 per hour (issue 11).
pub const CODES_PER_PHONE: Limit = Limit {
    max: 5,
    window_ms: 60 * 60 * 1000,
};
/// Verification codes asked for per client address: 10 per hour.
pub const CODES_PER_CLIENT: Limit = Limit {
    max: 10,
    window_ms: 60 * 60 * 1000,
};
/// Code checks (right or wrong) per client address: 30 per 15 minutes, on top of the 3
/// attempts each code allows.
pub const CODE_CHECKS_PER_CLIENT: Limit = Limit {
    max: 30,
    window_ms: 15 * 60 * 1000,
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
    sqlx::query("INSERT INTO rate_limit_events (bucket, at_ms, id) VALUES ($1, $2, $3)")
        .bind(bucket)
        .bind(now_ms)
        .bind(crate::ids::new_id())
        .execute(pool)
        .await?;
    forget_old(pool, now_ms).await
}

/// Forgets events and lock rows older than a day (no limit has a longer window).
async fn forget_old(pool: &AnyPool, now_ms: i64) -> Result<(), sqlx::Error> {
    let day_ago = now_ms - 24 * 60 * 60 * 1000;
    sqlx::query("DELETE FROM rate_limit_events WHERE at_ms < $1")
        .bind(day_ago)
        .execute(pool)
        .await?;
    sqlx::query("DELETE FROM rate_limit_locks WHERE touched < $1")
        .bind(day_ago)
        .execute(pool)
        .await?;
    Ok(())
}

/// The events [`acquire`] recorded, one per bucket, so that one can be taken back.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `(bucket, event id)`.
    pub events: Vec<(String, String)>,
}

/// Counts and records one event in every bucket as one step: in a transaction, each
/// bucket's lock row is upserted first (PostgreSQL holds the row lock until commit;
/// SQLite has one writer at a time), then its events in the window are counted, and the
/// new event is inserted only if every bucket allows it. Concurrent callers on a bucket
/// are therefore counted one after the other. Buckets are locked in name order, so two
/// callers never wait on each other in a cycle.
///
/// `Ok(Err(seconds))`: a bucket is full; nothing was recorded.
pub async fn acquire(
    pool: &AnyPool,
    buckets: &[(&str, Limit)],
    now_ms: i64,
) -> Result<Result<Recorded, u64>, sqlx::Error> {
    let mut sorted: Vec<(&str, Limit)> = buckets.to_vec();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut tx = pool.begin().await?;
    for (bucket, _) in &sorted {
        sqlx::query(
            "INSERT INTO rate_limit_locks (bucket, touched) VALUES ($1, $2) \
             ON CONFLICT (bucket) DO UPDATE SET touched = excluded.touched",
        )
        .bind(*bucket)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    let mut wait_s: Option<u64> = None;
    for (bucket, limit) in &sorted {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MIN(at_ms) AS oldest FROM rate_limit_events \
             WHERE bucket = $1 AND at_ms > $2",
        )
        .bind(*bucket)
        .bind(now_ms - limit.window_ms)
        .fetch_one(&mut *tx)
        .await?;
        let n: i64 = row.try_get("n")?;
        if n >= limit.max {
            let oldest: Option<i64> = row.try_get("oldest")?;
            let free_at = oldest.unwrap_or(now_ms) + limit.window_ms;
            let s = ((free_at - now_ms).max(1000) / 1000) as u64;
            wait_s = Some(wait_s.map_or(s, |w| w.max(s)));
        }
    }
    if let Some(s) = wait_s {
        tx.rollback().await?;
        return Ok(Err(s));
    }
    let mut events = Vec::new();
    for (bucket, _) in &sorted {
        let id = crate::ids::new_id();
        sqlx::query("INSERT INTO rate_limit_events (bucket, at_ms, id) VALUES ($1, $2, $3)")
            .bind(*bucket)
            .bind(now_ms)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        events.push(((*bucket).to_owned(), id));
    }
    tx.commit().await?;
    forget_old(pool, now_ms).await?;
    Ok(Ok(Recorded { events }))
}

/// Takes back the event [`acquire`] recorded in `bucket` (e.g. a sign-in attempt that
/// turned out right does not count against the client address).
pub async fn take_back(
    pool: &AnyPool,
    recorded: &Recorded,
    bucket: &str,
) -> Result<(), sqlx::Error> {
    for (b, id) in &recorded.events {
        if b == bucket {
            sqlx::query("DELETE FROM rate_limit_events WHERE bucket = $1 AND id = $2")
                .bind(b)
                .bind(id)
                .execute(pool)
                .await?;
        }
    }
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
