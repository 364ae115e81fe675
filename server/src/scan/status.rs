//! What is known about each stored content (table `file_scans`, one row per SHA-256):
//! clean, pending (waiting for the scanner), infected, or unscanned (stored while
//! scanning was off). Files without a row were stored before scanning existed and count
//! as unscanned.

use sqlx::{Any, AnyPool, Row, Transaction};

/// A content's scan status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanStatus {
    /// The scanner found nothing.
    Clean,
    /// Kept while the scanner was unavailable: nobody may open it yet.
    Pending,
    /// The scanner found malware after the file was kept (a rescan): never served.
    Infected,
    /// Stored while scanning was off.
    Unscanned,
}

impl ScanStatus {
    /// The stored identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            ScanStatus::Clean => "clean",
            ScanStatus::Pending => "pending",
            ScanStatus::Infected => "infected",
            ScanStatus::Unscanned => "unscanned",
        }
    }

    /// Reads a stored identifier; a missing or unknown one is `Unscanned`.
    pub fn parse(text: Option<&str>) -> Self {
        match text {
            Some("clean") => ScanStatus::Clean,
            Some("pending") => ScanStatus::Pending,
            Some("infected") => ScanStatus::Infected,
            _ => ScanStatus::Unscanned,
        }
    }

    /// Whether the file may be served (to staff and to its owner).
    pub fn may_open(self) -> bool {
        matches!(self, ScanStatus::Clean | ScanStatus::Unscanned)
    }

    /// How the file lists show it.
    pub fn check(self) -> motcua_app::services::FileCheck {
        use motcua_app::services::FileCheck;
        match self {
            ScanStatus::Clean | ScanStatus::Unscanned => FileCheck::Ready,
            ScanStatus::Pending => FileCheck::Checking,
            ScanStatus::Infected => FileCheck::Blocked,
        }
    }
}

/// The status of the content `sha256`, if a row exists.
pub async fn of(pool: &AnyPool, sha256: &str) -> Result<Option<ScanStatus>, sqlx::Error> {
    let row = sqlx::query("SELECT status FROM file_scans WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(pool)
        .await?;
    row.map(|r| {
        Ok(ScanStatus::parse(Some(
            r.try_get::<String, _>("status")?.as_str(),
        )))
    })
    .transpose()
}

/// Records what an upload's scan found, in the upload's transaction. A verdict of the
/// scanner (clean, infected) replaces what was known; pending and unscanned never
/// overwrite a verdict — except that pending replaces unscanned, so content first stored
/// while scanning was off waits for the scanner like any other.
pub async fn record(
    tx: &mut Transaction<'_, Any>,
    sha256: &str,
    status: ScanStatus,
    signature: Option<&str>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let on_conflict = match status {
        ScanStatus::Clean | ScanStatus::Infected => {
            "DO UPDATE SET status = excluded.status, signature = excluded.signature, \
             checked_at_ms = excluded.checked_at_ms"
        }
        ScanStatus::Pending => {
            "DO UPDATE SET status = excluded.status, checked_at_ms = excluded.checked_at_ms \
             WHERE file_scans.status = 'unscanned'"
        }
        ScanStatus::Unscanned => "DO NOTHING",
    };
    sqlx::query(&format!(
        "INSERT INTO file_scans (sha256, status, signature, attempts, checked_at_ms) \
         VALUES ($1, $2, $3, 0, $4) ON CONFLICT (sha256) {on_conflict}"
    ))
    .bind(sha256)
    .bind(status.as_str())
    .bind(signature)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Contents waiting for the scanner (pending first, then unscanned ones when scanning
/// has been turned on since), least recently tried first.
pub async fn waiting(pool: &AnyPool, limit: i64) -> Result<Vec<(String, ScanStatus)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT sha256, status FROM file_scans WHERE status IN ('pending', 'unscanned') \
         ORDER BY CASE status WHEN 'pending' THEN 0 ELSE 1 END, checked_at_ms, sha256 \
         LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("sha256")?,
                ScanStatus::parse(Some(r.try_get::<String, _>("status")?.as_str())),
            ))
        })
        .collect()
}

/// Stores a rescan's verdict for content that was `from` (so that two instances
/// rescanning at once agree, and a newer upload's verdict is not overwritten).
pub async fn settle(
    pool: &AnyPool,
    sha256: &str,
    from: ScanStatus,
    to: ScanStatus,
    signature: Option<&str>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE file_scans SET status = $1, signature = $2, checked_at_ms = $3, \
         attempts = attempts + 1 WHERE sha256 = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(signature)
    .bind(now_ms)
    .bind(sha256)
    .bind(from.as_str())
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Counts a failed attempt (the scanner was unavailable), so the next round starts
/// with other files.
pub async fn tried(pool: &AnyPool, sha256: &str, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE file_scans SET attempts = attempts + 1, checked_at_ms = $1 WHERE sha256 = $2",
    )
    .bind(now_ms)
    .bind(sha256)
    .execute(pool)
    .await?;
    Ok(())
}

/// Forgets a content whose file was removed (the cleanup job).
pub async fn forget(pool: &AnyPool, sha256: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM file_scans WHERE sha256 = $1")
        .bind(sha256)
        .execute(pool)
        .await?;
    Ok(())
}
