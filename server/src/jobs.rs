//! Background jobs of a serving instance. Each is safe to run on several instances at
//! once (the database decides what is done).

pub mod warnings;

use std::time::Duration;

use motcua_app::services::SharedClock;
use sqlx::AnyPool;

use crate::catalog::SqlCatalog;
use crate::dossier::storage::FileStore;
use crate::dossier::uploads;

/// Staged uploads older than this are abandoned: a day leaves a slow submission time
/// to finish.
pub const ABANDONED_AFTER_MS: i64 = 24 * 60 * 60 * 1000;

/// Every hour, removes abandoned staged uploads and files nothing points to.
pub fn spawn_cleanup(pool: AnyPool, files: FileStore, clock: SharedClock) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            let now = clock.now().timestamp_millis();
            match uploads::cleanup(&pool, &files, now, ABANDONED_AFTER_MS).await {
                Ok(report) => tracing::info!(
                    expired_uploads = report.expired_uploads,
                    orphan_files = report.orphan_files,
                    "upload cleanup"
                ),
                Err(error) => tracing::warn!(%error, "upload cleanup failed"),
            }
        }
    });
}

/// How often deadlines are checked for warnings.
pub const WARNINGS_EVERY: Duration = Duration::from_secs(300);

/// Every five minutes, warns of dossiers at due − 2 and due − 1 working days.
pub fn spawn_warnings(pool: AnyPool, catalog: SqlCatalog, clock: SharedClock) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(WARNINGS_EVERY);
        loop {
            every.tick().await;
            match warnings::run_once(&pool, &catalog, clock.now()).await {
                Ok(report) if report.warned > 0 => tracing::info!(
                    warned = report.warned,
                    messages = report.messages,
                    "deadline warnings"
                ),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "deadline warnings failed"),
            }
        }
    });
}
