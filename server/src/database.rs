//! The database pool and the migrations.
//!
//! One set of migrations (`server/migrations/`) runs on both SQLite and PostgreSQL, so the
//! SQL there is limited to what both understand (see `docs/architecture.md`): TEXT and
//! BIGINT columns, named constraints, `ON CONFLICT … DO UPDATE`, `$n` placeholders.

use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};

use crate::config::{DatabaseUrl, Settings};

/// Why the database could not be made ready. Each message names the setting to check.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    /// The data directory cannot be created.
    #[error("MOTCUA_DATA_DIR ({path}) cannot be created: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The database cannot be opened or reached.
    #[error("DATABASE_URL: cannot open the {backend} database: {source}")]
    Connect {
        /// "sqlite" or "postgres".
        backend: &'static str,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// The audit log's triggers or the sealing of old signing keys failed.
    #[error("DATABASE_URL: preparing the {backend} database failed: {reason}")]
    Prepare {
        /// "sqlite" or "postgres".
        backend: &'static str,
        /// What failed.
        reason: String,
    },
    /// A migration failed.
    #[error("DATABASE_URL: migrating the {backend} database failed: {source}")]
    Migrate {
        /// "sqlite" or "postgres".
        backend: &'static str,
        /// The migrator's error.
        source: sqlx::migrate::MigrateError,
    },
}

/// The migrations, embedded in the binary.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens a pool on the configured database. For SQLite the data directory is created if
/// missing and every connection uses WAL (readers do not block the writer) and waits for
/// locks instead of failing at once.
///
/// One connection is opened directly first: a pool only reports "timed out" after its
/// acquire timeout, while a direct connection fails at once with the real cause
/// ("connection refused", "file is not a database").
pub async fn connect(settings: &Settings) -> Result<AnyPool, DatabaseError> {
    sqlx::any::install_default_drivers();
    let backend = settings.database.backend();
    let connect_error = |source| DatabaseError::Connect { backend, source };
    let sqlite = matches!(settings.database, DatabaseUrl::Sqlite(_));
    if sqlite {
        std::fs::create_dir_all(&settings.data_dir).map_err(|source| DatabaseError::DataDir {
            path: settings.data_dir.display().to_string(),
            source,
        })?;
    }

    let mut probe = AnyConnection::connect(settings.database.as_str())
        .await
        .map_err(connect_error)?;
    if sqlite {
        prepare_sqlite(&mut probe).await.map_err(connect_error)?;
    }
    probe.close().await.map_err(connect_error)?;

    let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
    let options = if sqlite {
        options
            .max_connections(4)
            .after_connect(|conn, _meta| Box::pin(prepare_sqlite(conn)))
    } else {
        options.max_connections(10)
    };
    options
        .connect(settings.database.as_str())
        .await
        .map_err(connect_error)
}

/// Settings every SQLite connection needs; they are per connection, not per file.
async fn prepare_sqlite(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute("PRAGMA journal_mode = WAL").await?;
    conn.execute("PRAGMA synchronous = NORMAL").await?;
    conn.execute("PRAGMA busy_timeout = 5000").await?;
    conn.execute("PRAGMA foreign_keys = ON").await?;
    Ok(())
}

/// Applies the migrations not yet applied. Safe to run from several instances at once on
/// PostgreSQL (the migrator takes an advisory lock) and to run again (idempotent).
pub async fn migrate(pool: &AnyPool, database: &DatabaseUrl) -> Result<(), DatabaseError> {
    MIGRATOR
        .run(pool)
        .await
        .map_err(|source| DatabaseError::Migrate {
            backend: database.backend(),
            source,
        })
}

/// Connects, then applies pending migrations: what every command does first. Then the
/// steps that differ by backend or need a secret, each idempotent: the audit tables'
/// append-only triggers (`audit::guard`), and sealing signing keys still stored in clear
/// by the first version (`signing::keys::import_legacy`).
pub async fn open(settings: &Settings) -> Result<AnyPool, DatabaseError> {
    let pool = connect(settings).await?;
    migrate(&pool, &settings.database).await?;
    let backend = settings.database.backend();
    let prepare = |reason: String| DatabaseError::Prepare { backend, reason };
    crate::audit::guard::install(&pool, matches!(settings.database, DatabaseUrl::Postgres(_)))
        .await
        .map_err(|e| prepare(format!("audit log triggers: {e}")))?;
    crate::signing::keys::import_legacy(&pool, &settings.keys)
        .await
        .map_err(|e| prepare(format!("sealing the signing keys: {e}")))?;
    Ok(pool)
}

/// Checks that the database answers.
pub async fn ping(pool: &AnyPool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
}

/// Whether `error` is a violation of the named unique constraint. PostgreSQL reports the
/// constraint's name; SQLite reports "UNIQUE constraint failed: table.column", so each
/// name the code checks is mapped to SQLite's wording here.
pub fn violates(error: &sqlx::Error, constraint: &str) -> bool {
    const SQLITE_WORDING: [(&str, &str); 4] = [
        ("citizens_phone_key", "citizens.phone"),
        ("dossiers_idempotency_key", "dossiers.idempotency_key"),
        ("dossiers_code_key", "dossiers.code"),
        ("dossiers_submission_no_key", "dossiers.submission_no"),
    ];
    let sqlx::Error::Database(db) = error else {
        return false;
    };
    if db.constraint() == Some(constraint) {
        return true;
    }
    SQLITE_WORDING
        .iter()
        .any(|(name, columns)| *name == constraint && db.message().contains(columns))
}
