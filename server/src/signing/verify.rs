//! Checking a result: by its verification code, or by the file itself.
//!
//! Both look the record up, then **check the Ed25519 signature** of its statement with
//! the public key stored in the row; a file is found by the SHA-256 of its bytes, which
//! is the hash the statement names, so a file that differs by one byte from the signed
//! one is not found (and, if it still carries a code, is reported as modified).

use motcua_app::services::{SignedResultView, VerifyAnswer};
use motcua_core::deadline::vietnam_local;
use sqlx::AnyPool;

use super::code::VerificationCode;
use super::keys::signature_is_valid;
use super::record::SignatureRecord;
use super::stamp::code_in;
use crate::ids::sha256_hex;

/// Checks a code as a person typed it (case, dashes, `O`/`0`, `I`/`L`/`1` do not matter).
pub async fn verify_code(pool: &AnyPool, typed: &str) -> Result<VerifyAnswer, sqlx::Error> {
    let Some(code) = VerificationCode::parse(typed) else {
        return Ok(VerifyAnswer::Malformed);
    };
    match SignatureRecord::by_code(pool, code.as_str()).await? {
        Some(record) => Ok(answer(record, None)),
        None => Ok(VerifyAnswer::Unknown),
    }
}

/// Checks a file: found by its SHA-256 among the signed results, signature checked; a file
/// not found that carries a known code is reported as modified.
pub async fn verify_file(pool: &AnyPool, bytes: &[u8]) -> Result<VerifyAnswer, sqlx::Error> {
    let sha = sha256_hex(bytes);
    if let Some(record) = SignatureRecord::by_sha256(pool, &sha).await? {
        return Ok(answer(record, Some(&sha)));
    }
    let carried = code_in(bytes).and_then(|c| VerificationCode::parse(&c));
    if let Some(code) = carried {
        if SignatureRecord::by_code(pool, code.as_str())
            .await?
            .is_some()
        {
            return Ok(VerifyAnswer::Modified {
                code: code.to_string(),
            });
        }
    }
    Ok(VerifyAnswer::Unknown)
}

/// Whether the record's signature verifies (and, for a file, whether its hash is the
/// signed one).
pub fn record_is_valid(record: &SignatureRecord, file_sha256: Option<&str>) -> bool {
    let hash_matches = file_sha256.is_none_or(|sha| sha == record.sha256);
    hash_matches
        && record.algorithm == super::keys::ALGORITHM
        && signature_is_valid(&record.public_key, &record.signature, &record.statement())
}

/// The answer for a record found by code or by the file's hash.
fn answer(record: SignatureRecord, file_sha256: Option<&str>) -> VerifyAnswer {
    if !record_is_valid(&record, file_sha256) {
        tracing::warn!(code = %record.code, "result signature does not verify");
        return VerifyAnswer::InvalidSignature { code: record.code };
    }
    let signed_at = chrono::DateTime::from_timestamp_millis(record.signed_at_ms)
        .map(|t| vietnam_local(t).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default();
    VerifyAnswer::Valid {
        result: Box::new(SignedResultView {
            code: record.code,
            agency_code: record.agency_code,
            agency_name: record.agency_name,
            dossier_code: record.dossier_code,
            signer: record.signer_name,
            signer_id: record.signer_id,
            signed_at,
            signed_at_ms: record.signed_at_ms,
            file_name: record.file_name,
            size: u64::try_from(record.size_bytes).unwrap_or(0),
            sha256: record.sha256,
            original_sha256: record.original_sha256,
            algorithm: record.algorithm,
            public_key: record.public_key,
            signature: record.signature,
        }),
    }
}
