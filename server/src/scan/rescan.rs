//! The job that gives a verdict to files kept while the scanner was unavailable
//! (pending), and to files stored while scanning was off (unscanned), once a scanner is
//! configured and answers. Safe on several instances at once: a verdict is stored only
//! over the status it was read with.

use std::time::Duration;

use motcua_app::services::SharedClock;
use sqlx::AnyPool;

use super::status::{self, ScanStatus};
use super::Verdict;
use crate::dossier::storage::FileStore;

/// Files looked at per round.
pub const BATCH: i64 = 50;

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RescanReport {
    /// Found clean (now open to staff).
    pub clean: u64,
    /// Found infected (blocked for good).
    pub infected: u64,
    /// Still waiting (the scanner did not answer, or the file is missing).
    pub waiting: u64,
}

/// One round: scans up to [`BATCH`] waiting files; stops at the first file the scanner
/// cannot answer for (it is down: the rest waits for the next round).
pub async fn run_once(
    pool: &AnyPool,
    store: &FileStore,
    now_ms: i64,
) -> Result<RescanReport, sqlx::Error> {
    let mut report = RescanReport::default();
    if !store.scanner().enabled() {
        return Ok(report);
    }
    let waiting = status::waiting(pool, BATCH).await?;
    let total = waiting.len() as u64;
    for (sha, was) in waiting {
        let bytes = match tokio::fs::read(store.path(&sha)).await {
            Ok(b) => b,
            Err(error) => {
                tracing::warn!(%error, sha256 = %sha, "a file waiting for the scanner is missing");
                status::tried(pool, &sha, now_ms).await?;
                report.waiting += 1;
                continue;
            }
        };
        match store.scanner().scan(&bytes).await {
            Verdict::Clean => {
                status::settle(pool, &sha, was, ScanStatus::Clean, None, now_ms).await?;
                report.clean += 1;
            }
            Verdict::Infected(signature) => {
                // Kept on disk for investigation, never served again.
                tracing::error!(sha256 = %sha, %signature, "a stored file is infected: blocked");
                status::settle(
                    pool,
                    &sha,
                    was,
                    ScanStatus::Infected,
                    Some(&signature),
                    now_ms,
                )
                .await?;
                report.infected += 1;
            }
            Verdict::Unavailable(reason) => {
                tracing::warn!(%reason, "malware scanner unavailable: files keep waiting");
                status::tried(pool, &sha, now_ms).await?;
                report.waiting = total - report.clean - report.infected;
                return Ok(report);
            }
            Verdict::Off => return Ok(report),
        }
    }
    Ok(report)
}

/// Runs [`run_once`] every `every` while the server runs (nothing when scanning is off).
pub fn spawn(pool: AnyPool, store: FileStore, clock: SharedClock, every: Duration) {
    if !store.scanner().enabled() {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_once(&pool, &store, clock.now().timestamp_millis()).await {
                Ok(r) if r.clean + r.infected > 0 => tracing::info!(
                    clean = r.clean,
                    infected = r.infected,
                    waiting = r.waiting,
                    "malware rescan"
                ),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "malware rescan failed"),
            }
        }
    });
}
