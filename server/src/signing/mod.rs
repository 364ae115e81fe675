//! Electronic signing of result documents (văn bản kết quả) and their public verification.
//!
//! [`sign_result`] takes the PDF an officer uploads for a dossier and
//! 1. checks it is a PDF (by content) that can be read and is not password-protected;
//! 2. gives it a random verification code ([`code`], `XXXX-XXXX-XXXX`);
//! 3. appends a visible last page "Trang xác thực điện tử" ([`stamp`]) with the agency,
//!    the signer, the time (UTC+7), the original's SHA-256, the code and the address of
//!    `/verify`, as an incremental update that leaves the original bytes untouched;
//! 4. signs, with the agency's active Ed25519 key from the registry ([`keys`], sealed
//!    with the key-encryption key of [`secrets`], created on first use), a statement
//!    naming the SHA-256 of the **stamped** file and every field the verification page
//!    shows ([`record`]);
//! 5. stores the stamped file by content hash in the results store ([`result_store`]) and
//!    the record (with the key id) in `result_signatures`.
//!
//! Steps 2–5 run inside the caller's transaction ([`sign_result_in`]), the one that also
//! writes the dossier's history and the audit log: no signature without its history.
//! The file is written before the commit and deleted if the transaction does not
//! commit ([`discard_file`]); a crash between the two leaves at most an unreferenced file.
//!
//! [`verify`] answers the public page and API: by code, or by the file (its SHA-256), with
//! the signature checked every time against the registry. [`service::SqlVerifier`] is the
//! `Verifier` service the page's server functions call.

pub mod code;
pub mod keys;
pub mod record;
pub mod secrets;
pub mod service;
pub mod stamp;
pub mod verify;

use std::path::Path;

use chrono::{DateTime, Utc};
use motcua_core::dossier::{format_size, DocumentFormat};
use sqlx::{Any, AnyPool, Row, Transaction};

use crate::dossier::storage::FileStore;
use crate::ids::sha256_hex;
use crate::processing::Acting;
pub use code::VerificationCode;
use record::{clean_text, SignatureRecord};
pub use secrets::{KeySettings, Keyring};
use stamp::{Original, StampData, StampError};
pub use verify::{verify_code, verify_file};

/// The largest signed file accepted by the verification upload; the original may be up
/// to [`MAX_ORIGINAL_BYTES`], leaving room for the stamp page (~30 KB).
pub const MAX_SIGNED_BYTES: u64 = 25 * 1024 * 1024;
/// The largest original accepted for signing.
pub const MAX_ORIGINAL_BYTES: u64 = MAX_SIGNED_BYTES - 1024 * 1024;

/// The store of signed results: `{data_dir}/results/files/ab/cdef…`, apart from citizens'
/// uploads, so that the uploads' cleanup job (which removes files no dossier points to)
/// never touches a signed result, and results can have their own retention and backups.
pub fn result_store(data_dir: &Path) -> FileStore {
    FileStore::new(&data_dir.join("results"))
}

/// Who signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// Display name, printed on the stamp, e.g. "Nguyễn Văn A".
    pub name: String,
    /// An identifier of the staff account (or any text the agency uses).
    pub id: String,
}

/// A result to sign.
#[derive(Debug, Clone)]
pub struct SignRequest<'a> {
    /// The signing agency's electronic code (`agencies.code`).
    pub agency_code: &'a str,
    /// The dossier's id (`dossiers.id`).
    pub dossier_id: &'a str,
    /// Who signs.
    pub signer: &'a Signer,
    /// The file's name as uploaded (shown on the stamp and the verification page).
    pub file_name: &'a str,
    /// The uploaded PDF.
    pub pdf: &'a [u8],
    /// The portal's public address (`MOTCUA_PUBLIC_URL`), printed on the stamp.
    pub public_url: &'a str,
}

/// A signed result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedResult {
    /// The record as stored (code, hashes, signature, public key, signer, time…).
    pub record: SignatureRecord,
    /// The stamped PDF, as stored (SHA-256 = `record.sha256`).
    pub pdf: Vec<u8>,
    /// Pages of the original (the stamped file has one more).
    pub original_pages: usize,
}

/// Why a result could not be signed. Every variant but [`SignError::Internal`] is a
/// message for the officer, in Vietnamese; `Internal` is for the log only (show
/// "Hệ thống đang gặp sự cố" instead).
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The file is not a PDF (by content).
    #[error("Tệp «{0}» không phải PDF: chỉ ký được văn bản kết quả dạng PDF.")]
    NotPdf(String),
    /// The file is too large.
    #[error("Tệp «{file}» quá lớn ({size}): văn bản kết quả được ký tối đa {max}.")]
    TooLarge {
        /// File name.
        file: String,
        /// Its size, in words.
        size: String,
        /// The limit, in words.
        max: String,
    },
    /// The PDF is password-protected.
    #[error("Tệp PDF «{0}» được đặt mật khẩu: vui lòng tải lên bản không đặt mật khẩu.")]
    Encrypted(String),
    /// The PDF cannot be read (damaged, or not really a PDF after its header).
    #[error(
        "Tệp PDF «{0}» bị hỏng hoặc không đọc được: vui lòng xuất lại tệp PDF rồi tải lên lại."
    )]
    Unreadable(String),
    /// No dossier has this id.
    #[error("Không có hồ sơ «{0}».")]
    UnknownDossier(String),
    /// No agency has this code.
    #[error("Không có cơ quan có mã «{0}».")]
    UnknownAgency(String),
    /// The signer's name is empty.
    #[error("Phải ghi họ tên người ký.")]
    NoSigner,
    /// Something failed on our side (database, storage, rendering); for the log.
    #[error("signing failed: {0}")]
    Internal(String),
}

impl SignError {
    /// Whether this is our failure rather than a problem with the request.
    pub fn is_internal(&self) -> bool {
        matches!(self, SignError::Internal(_))
    }
}

impl From<sqlx::Error> for SignError {
    fn from(e: sqlx::Error) -> Self {
        SignError::Internal(format!("database: {e}"))
    }
}

impl From<std::io::Error> for SignError {
    fn from(e: std::io::Error) -> Self {
        SignError::Internal(format!("storage: {e}"))
    }
}

/// Stamps, signs and stores a result document in its own transaction (for tools and
/// tests; the staff screen and `motcua result sign` go through
/// `processing::result::sign`, which adds the history in the same transaction).
pub async fn sign_result(
    pool: &AnyPool,
    store: &FileStore,
    keks: &Keyring,
    request: &SignRequest<'_>,
    actor: &Acting,
    now: DateTime<Utc>,
) -> Result<SignedResult, SignError> {
    let mut tx = pool.begin().await?;
    let signed = sign_result_in(&mut tx, store, keks, request, actor, now).await?;
    if let Err(e) = tx.commit().await {
        discard_file(store, &signed.record.sha256);
        return Err(e.into());
    }
    Ok(signed)
}

/// Removes the stamped file of a signature whose transaction did not commit. The file
/// is unique to its code (the code is printed in it): nothing else uses it.
pub fn discard_file(store: &FileStore, sha256: &str) {
    if let Err(e) = store.delete(sha256) {
        tracing::warn!(error = %e, sha256, "stamped file of a rolled-back signature not removed");
    }
}

/// Stamps, signs and stores a result document for a dossier (see the module's steps)
/// inside `tx`. On success the stamped file is already in `store`: if `tx` then does not
/// commit, the caller calls [`discard_file`]. On error nothing is left in `store`.
/// Does not change the dossier's status: the staff workflow decides that.
pub async fn sign_result_in(
    tx: &mut Transaction<'_, Any>,
    store: &FileStore,
    keks: &Keyring,
    request: &SignRequest<'_>,
    actor: &Acting,
    now: DateTime<Utc>,
) -> Result<SignedResult, SignError> {
    let started = std::time::Instant::now();
    let file_name = clean_text(
        request.file_name.rsplit(['/', '\\']).next().unwrap_or(""),
        200,
    );
    let file_name = if file_name.is_empty() {
        "ket-qua.pdf".to_owned()
    } else {
        file_name
    };
    let signer_name = clean_text(&request.signer.name, 200);
    if signer_name.is_empty() {
        return Err(SignError::NoSigner);
    }
    let signer_id = clean_text(&request.signer.id, 200);
    let size = request.pdf.len() as u64;
    if size > MAX_ORIGINAL_BYTES {
        return Err(SignError::TooLarge {
            file: file_name,
            size: format_size(size),
            max: format_size(MAX_ORIGINAL_BYTES),
        });
    }
    if DocumentFormat::sniff(request.pdf) != Some(DocumentFormat::Pdf) {
        return Err(SignError::NotPdf(file_name));
    }
    let original = Original::open(request.pdf).map_err(|e| match e {
        StampError::Encrypted => SignError::Encrypted(file_name.clone()),
        e => {
            tracing::warn!(error = %e, file = %file_name, "result PDF refused");
            SignError::Unreadable(file_name.clone())
        }
    })?;

    let dossier = sqlx::query("SELECT code, submission_no FROM dossiers WHERE id = $1")
        .bind(request.dossier_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| SignError::UnknownDossier(request.dossier_id.to_owned()))?;
    let dossier_code: String = match dossier.try_get::<Option<String>, _>(0)? {
        Some(code) => code,
        None => dossier.try_get(1)?,
    };
    let agency_name: String = sqlx::query("SELECT name FROM agencies WHERE code = $1")
        .bind(request.agency_code)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| SignError::UnknownAgency(request.agency_code.to_owned()))?
        .try_get(0)?;

    let original_pages = original.pages();
    let original_sha256 = sha256_hex(request.pdf);
    let key =
        keys::active_key(tx, keks, request.agency_code, actor, now.timestamp_millis()).await?;
    let code = unused_code(tx).await?;

    let public_url = request.public_url.trim_end_matches('/');
    let page = stamp::render(&StampData {
        agency_name: &agency_name,
        agency_code: request.agency_code,
        dossier_code: &dossier_code,
        signer: &signer_name,
        signed_at: now,
        file_name: &file_name,
        original_pages,
        original_size: size,
        original_sha256: &original_sha256,
        code: code.as_str(),
        public_url,
    })
    .map_err(|e| SignError::Internal(format!("stamp page: {e}")))?;
    let stamped = original.append(&page, code.as_str()).map_err(|e| match e {
        StampError::Encrypted => SignError::Encrypted(file_name.clone()),
        e => SignError::Internal(format!("stamping {file_name}: {e}")),
    })?;

    let mut record = SignatureRecord {
        code: code.to_string(),
        dossier_id: request.dossier_id.to_owned(),
        agency_code: request.agency_code.to_owned(),
        agency_name,
        dossier_code,
        sha256: sha256_hex(&stamped),
        original_sha256,
        algorithm: keys::ALGORITHM.to_owned(),
        signature: String::new(),
        public_key: key.public_base64(),
        signer_name,
        signer_id,
        signed_at_ms: now.timestamp_millis(),
        file_name,
        size_bytes: stamped.len() as i64,
        key_id: Some(key.key_id().to_owned()),
    };
    record.signature = key.sign_base64(&record.statement());

    let stored = store.put(&stamped)?;
    debug_assert_eq!(stored, record.sha256);
    if let Err(e) = record.insert(tx).await {
        discard_file(store, &stored);
        return Err(e.into());
    }
    tracing::info!(
        code = %record.code,
        agency = %record.agency_code,
        key_id = %key.key_id(),
        dossier = %record.dossier_code,
        bytes = record.size_bytes,
        elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
        "result signed (not yet committed)"
    );
    Ok(SignedResult {
        record,
        pdf: stamped,
        original_pages,
    })
}

/// A random code no stored result uses (60 random bits: a clash is a curiosity, but cheap
/// to rule out).
async fn unused_code(tx: &mut Transaction<'_, Any>) -> Result<VerificationCode, SignError> {
    for _ in 0..5 {
        let code = VerificationCode::random();
        let taken = sqlx::query("SELECT 1 FROM result_signatures WHERE verification_code = $1")
            .bind(code.as_str())
            .fetch_optional(&mut **tx)
            .await?
            .is_some();
        if !taken {
            return Ok(code);
        }
    }
    Err(SignError::Internal(
        "no unused verification code in 5 tries".into(),
    ))
}

#[cfg(test)]
mod tests;
