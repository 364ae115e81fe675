//! Staged uploads: a file is checked by content (PDF, JPEG or PNG; size limits), scanned
//! for malware (`crate::scan`: infected is refused before anything is written; a scanner
//! that is down leaves the file pending, unopenable until a rescan finds it clean),
//! stored by hash and given a token; it joins a dossier only when the dossier commits. The
//! cleanup job removes staged uploads nobody used and files no row points to, so an
//! abandoned or failed submission leaves no orphan file.

use motcua_core::dossier::{DocumentFormat, UploadError, UploadLimits};
use serde::Serialize;
use sqlx::{AnyPool, Row};

use super::storage::FileStore;
use crate::ids::new_token;
use crate::scan::status::{self, ScanStatus};
use crate::scan::Verdict;

/// A staged file, as the browser or an API client gets it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StagedUpload {
    /// Secret handle to attach the file to a submission.
    pub token: String,
    /// The detected format.
    pub format: DocumentFormat,
    /// Size in bytes.
    pub size: u64,
    /// File name as the citizen chose it (shown back, never used on disk).
    pub file_name: String,
    /// True when the malware scanner could not be reached: the file is kept, and
    /// officers can open it once a later scan finds it clean ("đang kiểm tra").
    pub checking: bool,
}

/// Why staging failed.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    /// The file is refused (format, size): the message is for the citizen.
    #[error("{0}")]
    Refused(UploadError),
    /// The malware scanner found something: nothing was stored.
    #[error("Tệp “{file}” có chứa mã độc nên không được tiếp nhận; hệ thống không lưu tệp này. Vui lòng kiểm tra lại máy tính của bạn và gửi bản khác.")]
    Infected {
        /// File name as uploaded.
        file: String,
    },
    /// Storage failed.
    #[error("storing an upload failed: {0}")]
    Io(#[from] std::io::Error),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A file name safe to show back: no path, no control characters, at most 120 chars.
pub fn display_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if clean.trim().is_empty() {
        "tệp không tên".to_owned()
    } else {
        clean
    }
}

impl StageError {
    /// The message for the person who uploaded, when the file itself is refused
    /// (format, size, malware); `None` when something failed on our side.
    pub fn refusal(&self) -> Option<String> {
        match self {
            StageError::Refused(_) | StageError::Infected { .. } => Some(self.to_string()),
            StageError::Io(_) | StageError::Database(_) => None,
        }
    }
}

/// Checks, scans and stores one file, and records it as staged.
pub async fn stage(
    pool: &AnyPool,
    store: &FileStore,
    limits: &UploadLimits,
    file_name: &str,
    bytes: &[u8],
    citizen_id: Option<&str>,
    now_ms: i64,
) -> Result<StagedUpload, StageError> {
    let file_name = display_name(file_name);
    let format = limits
        .check_file(&file_name, bytes, bytes.len() as u64, 0)
        .map_err(StageError::Refused)?;
    let scanned = match store.scanner().scan(bytes).await {
        Verdict::Clean => ScanStatus::Clean,
        Verdict::Off => ScanStatus::Unscanned,
        Verdict::Infected(signature) => {
            tracing::warn!(%signature, file = %file_name, citizen = ?citizen_id,
                "an upload was infected: refused, nothing stored");
            return Err(StageError::Infected { file: file_name });
        }
        Verdict::Unavailable(reason) => {
            // Fail closed: keep it, nobody opens it until a rescan says clean. The same
            // content seen before keeps its verdict.
            tracing::warn!(%reason, "malware scanner unavailable: upload kept as pending");
            match status::of(pool, &crate::ids::sha256_hex(bytes)).await? {
                Some(ScanStatus::Infected) => return Err(StageError::Infected { file: file_name }),
                Some(ScanStatus::Clean) => ScanStatus::Clean,
                _ => ScanStatus::Pending,
            }
        }
    };
    let sha = {
        let store = store.clone();
        let bytes = bytes.to_vec();
        tokio::task::spawn_blocking(move || store.put(&bytes))
            .await
            .map_err(std::io::Error::other)??
    };
    let token = new_token();
    let mut tx = pool.begin().await?;
    status::record(&mut tx, &sha, scanned, None, now_ms).await?;
    sqlx::query(
        "INSERT INTO staged_uploads (token, sha256, size_bytes, format, file_name, citizen_id, \
         created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&token)
    .bind(&sha)
    .bind(bytes.len() as i64)
    .bind(format_id(format))
    .bind(&file_name)
    .bind(citizen_id)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(StagedUpload {
        token,
        format,
        size: bytes.len() as u64,
        file_name,
        checking: scanned == ScanStatus::Pending,
    })
}

/// Bytes a citizen has staged and not yet submitted (their staging quota's use).
pub async fn staged_bytes(pool: &AnyPool, citizen_id: &str) -> Result<u64, sqlx::Error> {
    let row = sqlx::query(
        // PostgreSQL's SUM of a BIGINT is a NUMERIC, which the `Any` driver cannot read.
        "SELECT CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) AS total FROM staged_uploads \
         WHERE citizen_id = $1",
    )
    .bind(citizen_id)
    .fetch_one(pool)
    .await?;
    let total: i64 = row.try_get("total")?;
    Ok(total.max(0) as u64)
}

/// Forgets staged uploads a refused request made (their rows at once; the bytes go
/// with the cleanup job, which alone may tell that no other row shares them).
pub async fn discard(pool: &AnyPool, tokens: &[String]) -> Result<(), sqlx::Error> {
    for token in tokens {
        sqlx::query("DELETE FROM staged_uploads WHERE token = $1")
            .bind(token)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// The identifier stored in `format` columns (`pdf`, `jpeg`, `png`).
pub fn format_id(format: DocumentFormat) -> &'static str {
    match format {
        DocumentFormat::Pdf => "pdf",
        DocumentFormat::Jpeg => "jpeg",
        DocumentFormat::Png => "png",
    }
}

/// A staged upload read back for a submission.
#[derive(Debug, Clone)]
pub struct StagedFile {
    /// Token.
    pub token: String,
    /// Content hash.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Format id (`pdf`, `jpeg`, `png`).
    pub format: String,
    /// File name as given.
    pub file_name: String,
    /// Who staged it.
    pub citizen_id: Option<String>,
}

/// The staged upload with this token, if it exists.
pub async fn find(pool: &AnyPool, token: &str) -> Result<Option<StagedFile>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT token, sha256, size_bytes, format, file_name, citizen_id FROM staged_uploads \
         WHERE token = $1",
    )
    .bind(token)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(StagedFile {
            token: r.try_get("token")?,
            sha256: r.try_get("sha256")?,
            size: r.try_get::<i64, _>("size_bytes")? as u64,
            format: r.try_get("format")?,
            file_name: r.try_get("file_name")?,
            citizen_id: r.try_get("citizen_id")?,
        })
    })
    .transpose()
}

/// Makes a staged file part of a dossier, inside the dossier's transaction: the file
/// row is written and the staged upload is used up, together or not at all.
pub async fn attach(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    dossier_id: &str,
    slot: &str,
    position: i64,
    round: i64,
    file: &StagedFile,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO dossier_files (dossier_id, slot, position, sha256, size_bytes, format, \
         file_name, round) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(dossier_id)
    .bind(slot)
    .bind(position)
    .bind(&file.sha256)
    .bind(file.size as i64)
    .bind(&file.format)
    .bind(&file.file_name)
    .bind(round)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM staged_uploads WHERE token = $1")
        .bind(&file.token)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What the cleanup job removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CleanupReport {
    /// Staged uploads older than the cut-off.
    pub expired_uploads: u64,
    /// Files on disk no row points to.
    pub orphan_files: u64,
}

/// Removes staged uploads older than `max_age_ms`, then every stored file that neither a
/// dossier nor a remaining staged upload points to. A file written in the last
/// `max_age_ms` is kept even without a row: its upload may still be committing.
pub async fn cleanup(
    pool: &AnyPool,
    store: &FileStore,
    now_ms: i64,
    max_age_ms: i64,
) -> Result<CleanupReport, StageError> {
    let expired = sqlx::query("DELETE FROM staged_uploads WHERE created_at_ms < $1")
        .bind(now_ms - max_age_ms)
        .execute(pool)
        .await?
        .rows_affected();
    let mut referenced = std::collections::HashSet::new();
    for sql in [
        "SELECT DISTINCT sha256 FROM staged_uploads",
        "SELECT DISTINCT sha256 FROM dossier_files",
    ] {
        for row in sqlx::query(sql).fetch_all(pool).await? {
            referenced.insert(row.try_get::<String, _>("sha256")?);
        }
    }
    let mut orphans = 0;
    for sha in store.list()? {
        if referenced.contains(&sha) {
            continue;
        }
        let young = std::fs::metadata(store.path(&sha))
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| (age.as_millis() as i64) < max_age_ms);
        if !young {
            store.delete(&sha)?;
            status::forget(pool, &sha).await?;
            orphans += 1;
        }
    }
    Ok(CleanupReport {
        expired_uploads: expired,
        orphan_files: orphans,
    })
}
