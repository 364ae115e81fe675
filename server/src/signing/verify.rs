//! Checking a result: by its verification code, or by the file itself.
//!
//! Both look the record up, then **check the Ed25519 signature** of its statement with
//! the key of the public registry (`agency_keys`) that the record's key id names — never
//! the public key copied into the row, so that whoever can write one row of
//! `result_signatures` cannot mint a "valid" result with a key pair of their own. The
//! registry key must belong to the agency the record names. Then:
//! - signed at or after its key's revocation → "không còn hiệu lực" ([`VerifyAnswer::Revoked`]);
//! - a later result of the same dossier that itself verifies and is in force → "đã được
//!   thay thế" ([`VerifyAnswer::Superseded`], naming the later one's date, not its code).
//!
//! A file is found by the SHA-256 of its bytes, which is the hash the statement names, so
//! a file that differs by one byte from the signed one is not found (and, if it still
//! carries a code, is reported as modified).

use motcua_app::services::{SignedResultView, VerifyAnswer};
use motcua_core::deadline::vietnam_local;
use sqlx::AnyPool;

use super::code::VerificationCode;
use super::keys::{signature_is_valid, RegisteredKey};
use super::record::SignatureRecord;
use super::stamp::code_in;
use crate::ids::sha256_hex;

/// Checks a code as a person typed it (case, dashes, `O`/`0`, `I`/`L`/`1` do not matter).
pub async fn verify_code(pool: &AnyPool, typed: &str) -> Result<VerifyAnswer, sqlx::Error> {
    let Some(code) = VerificationCode::parse(typed) else {
        return Ok(VerifyAnswer::Malformed);
    };
    match SignatureRecord::by_code(pool, code.as_str()).await? {
        Some(record) => answer(pool, record, None).await,
        None => Ok(VerifyAnswer::Unknown),
    }
}

/// Checks a file: found by its SHA-256 among the signed results, signature checked; a file
/// not found that carries a known code is reported as modified.
pub async fn verify_file(pool: &AnyPool, bytes: &[u8]) -> Result<VerifyAnswer, sqlx::Error> {
    let sha = sha256_hex(bytes);
    if let Some(record) = SignatureRecord::by_sha256(pool, &sha).await? {
        return answer(pool, record, Some(&sha)).await;
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

/// The registry key of a record: named by its key id, of the agency it names.
async fn registry_key(
    pool: &AnyPool,
    record: &SignatureRecord,
) -> Result<Option<RegisteredKey>, sqlx::Error> {
    let Some(kid) = &record.key_id else {
        return Ok(None);
    };
    Ok(RegisteredKey::by_id(pool, kid)
        .await?
        .filter(|k| k.agency_code == record.agency_code))
}

/// Whether the record's signature verifies with `key` (and, for a file, whether its hash
/// is the signed one).
pub fn record_is_valid(
    record: &SignatureRecord,
    key: &RegisteredKey,
    file_sha256: Option<&str>,
) -> bool {
    let hash_matches = file_sha256.is_none_or(|sha| sha == record.sha256);
    let Some(public) = key.public_bytes() else {
        return false;
    };
    hash_matches
        && record.algorithm == super::keys::ALGORITHM
        && key.algorithm == super::keys::ALGORITHM
        && signature_is_valid(&public, &record.signature, &record.statement())
}

/// Whether a record signed with `key` was signed at or after the key's revocation.
fn revoked(record: &SignatureRecord, key: &RegisteredKey) -> bool {
    key.revoked_at_ms
        .is_some_and(|at| record.signed_at_ms >= at)
}

fn local(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| vietnam_local(t).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// The answer for a record found by code or by the file's hash.
async fn answer(
    pool: &AnyPool,
    record: SignatureRecord,
    file_sha256: Option<&str>,
) -> Result<VerifyAnswer, sqlx::Error> {
    let key = registry_key(pool, &record).await?;
    let Some(key) = key.filter(|k| record_is_valid(&record, k, file_sha256)) else {
        tracing::warn!(code = %record.code, key_id = ?record.key_id,
            "result signature does not verify against the key registry");
        return Ok(VerifyAnswer::InvalidSignature { code: record.code });
    };
    if revoked(&record, &key) {
        let at = key.revoked_at_ms.unwrap_or_default();
        return Ok(VerifyAnswer::Revoked {
            result: Box::new(view(record, &key)),
            revoked_at: local(at),
            revoked_at_ms: at,
        });
    }
    // Only a later result that is itself genuine and in force supersedes: a forged row
    // cannot void a genuine result.
    for later in record.later_of_dossier(pool).await? {
        let Some(later_key) = registry_key(pool, &later).await? else {
            continue;
        };
        if record_is_valid(&later, &later_key, None) && !revoked(&later, &later_key) {
            return Ok(VerifyAnswer::Superseded {
                result: Box::new(view(record, &key)),
                by_signed_at: local(later.signed_at_ms),
                by_signed_at_ms: later.signed_at_ms,
            });
        }
    }
    Ok(VerifyAnswer::Valid {
        result: Box::new(view(record, &key)),
    })
}

fn view(record: SignatureRecord, key: &RegisteredKey) -> SignedResultView {
    SignedResultView {
        signed_at: local(record.signed_at_ms),
        code: record.code,
        agency_code: record.agency_code,
        agency_name: record.agency_name,
        dossier_code: record.dossier_code,
        signer: record.signer_name,
        signer_id: record.signer_id,
        signed_at_ms: record.signed_at_ms,
        file_name: record.file_name,
        size: u64::try_from(record.size_bytes).unwrap_or(0),
        sha256: record.sha256,
        original_sha256: record.original_sha256,
        algorithm: record.algorithm,
        // The registry's key, the one that verified the signature.
        public_key: key.public_key.clone(),
        key_id: key.key_id.clone(),
        signature: record.signature,
    }
}
