//! Agencies' Ed25519 signing keys and the public key registry (`agency_keys`).
//!
//! - Each key has a **key id**: its RFC 7638 JWK thumbprint (base64url of the SHA-256 of
//!   `{"crv":"Ed25519","kty":"OKP","x":"…"}`), so the id names exactly one public key.
//! - The private key (the 32-byte seed) is stored **sealed** with the key-encryption key
//!   from the environment ([`super::secrets`]), the agency code and key id as associated
//!   data: a database dump or backup alone does not yield a key, and a sealed key moved
//!   to another agency's row does not open.
//! - At most one key per agency is active (not revoked), enforced by a partial unique
//!   index: two instances signing for an agency at once both insert with `ON CONFLICT DO
//!   NOTHING` and sign with the one stored. A key is created the first time an agency
//!   signs (and after a revocation), in the signing transaction, with an audit entry.
//! - The registry is public (`GET /api/v1/keys`, the `/khoa-ky-so` page). Verification
//!   uses the registry key named by the result's key id, never a key in the result row.
//!
//! Revoking ([`revoke`]) sets `revoked_at_ms`: results signed at or after it are "không
//! còn hiệu lực"; the next signature creates a new key. Rotation is a revocation "now"
//! with reason `rotated`. The production answer for the private keys is still an HSM or
//! KMS ("sign these bytes": only this module changes) and, for legal value, a
//! certificate from a licensed CA (Decree 130/2018).

use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use base64::Engine;
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};

use super::secrets::{KeySettings, Keyring};
use super::SignError;
use crate::processing::Acting;
use crate::staff::audit;

/// The algorithm name stored with keys and signatures.
pub const ALGORITHM: &str = "ed25519";

/// An agency's key pair, opened for signing.
pub struct AgencyKey {
    key: SigningKey,
    key_id: String,
}

impl AgencyKey {
    /// The public key as stored and published (base64 of 32 bytes).
    pub fn public_base64(&self) -> String {
        B64.encode(self.key.verifying_key().as_bytes())
    }

    /// The key id (JWK thumbprint).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Signs `message`; returns the signature as base64 (64 bytes).
    pub fn sign_base64(&self, message: &[u8]) -> String {
        use ed25519_dalek::Signer;
        B64.encode(self.key.sign(message).to_bytes())
    }
}

impl std::fmt::Debug for AgencyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgencyKey")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

/// The RFC 7638 thumbprint of an Ed25519 public key: its key id.
pub fn key_id(public: &[u8; 32]) -> String {
    let jwk = format!(
        r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
        B64URL.encode(public)
    );
    B64URL.encode(Sha256::digest(jwk.as_bytes()))
}

/// What the sealed private key is bound to.
fn seal_context(agency_code: &str, key_id: &str) -> String {
    format!("motcua-agency-key-v1|{agency_code}|{key_id}")
}

/// A key of the public registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredKey {
    /// Key id (JWK thumbprint).
    pub key_id: String,
    /// The agency.
    pub agency_code: String,
    /// Its name (for the page).
    pub agency_name: String,
    /// `ed25519`.
    pub algorithm: String,
    /// Public key, base64 (32 bytes).
    pub public_key: String,
    /// Signs results from (Unix ms).
    pub valid_from_ms: i64,
    /// Revoked at (Unix ms): results signed at or after it are not in force.
    pub revoked_at_ms: Option<i64>,
    /// Why (`rotated`, `compromised`, free text).
    pub revoked_reason: Option<String>,
}

const REGISTRY_SELECT: &str =
    "SELECT k.key_id, k.agency_code, COALESCE(a.name, k.agency_code) AS agency_name, \
     k.algorithm, k.public_key, k.valid_from_ms, k.revoked_at_ms, k.revoked_reason \
     FROM agency_keys k LEFT JOIN agencies a ON a.code = k.agency_code";

impl RegisteredKey {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(RegisteredKey {
            key_id: row.try_get("key_id")?,
            agency_code: row.try_get("agency_code")?,
            agency_name: row.try_get("agency_name")?,
            algorithm: row.try_get("algorithm")?,
            public_key: row.try_get("public_key")?,
            valid_from_ms: row.try_get("valid_from_ms")?,
            revoked_at_ms: row.try_get("revoked_at_ms")?,
            revoked_reason: row.try_get("revoked_reason")?,
        })
    }

    /// The key with this id.
    pub async fn by_id(pool: &AnyPool, key_id: &str) -> Result<Option<Self>, sqlx::Error> {
        sqlx::query(&format!("{REGISTRY_SELECT} WHERE k.key_id = $1"))
            .bind(key_id)
            .fetch_optional(pool)
            .await?
            .as_ref()
            .map(Self::from_row)
            .transpose()
    }

    /// The whole registry, by agency, oldest key first.
    pub async fn all(pool: &AnyPool) -> Result<Vec<Self>, sqlx::Error> {
        sqlx::query(&format!(
            "{REGISTRY_SELECT} ORDER BY k.agency_code, k.valid_from_ms, k.key_id"
        ))
        .fetch_all(pool)
        .await?
        .iter()
        .map(Self::from_row)
        .collect()
    }

    /// The 32 public key bytes, if well formed.
    pub fn public_bytes(&self) -> Option<[u8; 32]> {
        B64.decode(self.public_key.trim()).ok()?.try_into().ok()
    }
}

/// The agency's active key, inside the signing transaction: the stored one (opened with
/// the KEK), or a new one stored and audited now.
pub async fn active_key(
    tx: &mut Transaction<'_, Any>,
    keks: &Keyring,
    agency_code: &str,
    actor: &Acting,
    now_ms: i64,
) -> Result<AgencyKey, SignError> {
    // Insert first, read after: the transaction's first statement is then a write, so
    // that on SQLite two racing transactions queue for the write lock instead of one
    // failing to upgrade its read snapshot. A new key pair is cheap (microseconds) and
    // dropped when the agency already has one.
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| SignError::Internal(format!("random source: {e}")))?;
    let created = insert(tx, keks, agency_code, &seed, now_ms, None).await?;
    if let Some(kid) = created {
        audit::record(
            tx,
            &audit::Entry {
                at_ms: now_ms,
                actor,
                action: "signing_key_created",
                subject_kind: "signing_key",
                subject_id: &kid,
                before: None,
                after: Some(serde_json::json!({
                    "agency": agency_code, "key_id": kid, "algorithm": ALGORITHM,
                    "public_key": B64.encode(SigningKey::from_bytes(&seed).verifying_key().as_bytes()),
                })),
                detail: &serde_json::json!({}),
            },
        )
        .await?;
    }
    // Whoever inserted first, everyone signs with the stored key.
    active(tx, keks, agency_code)
        .await?
        .ok_or_else(|| SignError::Internal(format!("no key stored for {agency_code}")))
}

/// Stores a key (sealed); `Some(key id)` if this call inserted it, `None` if the agency
/// already had an active key.
async fn insert(
    tx: &mut Transaction<'_, Any>,
    keks: &Keyring,
    agency_code: &str,
    seed: &[u8; 32],
    valid_from_ms: i64,
    revoked: Option<(i64, &str)>,
) -> Result<Option<String>, sqlx::Error> {
    let key = SigningKey::from_bytes(seed);
    let public = key.verifying_key().to_bytes();
    let kid = key_id(&public);
    let sealed = keks.current.seal(seed, &seal_context(agency_code, &kid));
    let done = sqlx::query(
        "INSERT INTO agency_keys (key_id, agency_code, algorithm, public_key, secret_sealed, \
         kek_id, valid_from_ms, revoked_at_ms, revoked_reason, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $7) ON CONFLICT DO NOTHING",
    )
    .bind(&kid)
    .bind(agency_code)
    .bind(ALGORITHM)
    .bind(B64.encode(public))
    .bind(sealed)
    .bind(keks.current.id())
    .bind(valid_from_ms)
    .bind(revoked.map(|r| r.0))
    .bind(revoked.map(|r| r.1))
    .execute(&mut **tx)
    .await?;
    Ok((done.rows_affected() == 1).then_some(kid))
}

async fn active(
    tx: &mut Transaction<'_, Any>,
    keks: &Keyring,
    agency_code: &str,
) -> Result<Option<AgencyKey>, SignError> {
    let Some(row) = sqlx::query(
        "SELECT key_id, public_key, secret_sealed FROM agency_keys \
         WHERE agency_code = $1 AND algorithm = $2 AND revoked_at_ms IS NULL",
    )
    .bind(agency_code)
    .bind(ALGORITHM)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    let kid: String = row.try_get("key_id")?;
    let public: String = row.try_get("public_key")?;
    let sealed: String = row.try_get("secret_sealed")?;
    let seed: [u8; 32] = keks
        .open(&sealed, &seal_context(agency_code, &kid))
        .map_err(|e| SignError::Internal(format!("signing key {kid} of {agency_code}: {e}")))?
        .try_into()
        .map_err(|_| SignError::Internal(format!("signing key {kid}: not 32 bytes")))?;
    let key = SigningKey::from_bytes(&seed);
    let derived = key.verifying_key().to_bytes();
    if B64.encode(derived) != public.trim() || key_id(&derived) != kid {
        return Err(SignError::Internal(format!(
            "signing key {kid} of {agency_code}: the registry's public key does not match the secret"
        )));
    }
    Ok(Some(AgencyKey { key, key_id: kid }))
}

/// Opens (or creates) the agency's active key in its own transaction: for tests and tools.
pub async fn agency_key(
    pool: &AnyPool,
    keks: &Keyring,
    agency_code: &str,
    actor: &Acting,
    now_ms: i64,
) -> Result<AgencyKey, SignError> {
    let mut tx = pool.begin().await?;
    let key = active_key(&mut tx, keks, agency_code, actor, now_ms).await?;
    tx.commit().await?;
    Ok(key)
}

/// Revokes the agency's active key as of `at_ms` (results signed at or after it are no
/// longer in force), with an audit entry; `None` when the agency has no active key.
pub async fn revoke(
    pool: &AnyPool,
    agency_code: &str,
    at_ms: i64,
    reason: &str,
    actor: &Acting,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(row) = sqlx::query(
        "UPDATE agency_keys SET revoked_at_ms = $1, revoked_reason = $2 \
         WHERE agency_code = $3 AND revoked_at_ms IS NULL RETURNING key_id",
    )
    .bind(at_ms)
    .bind(reason)
    .bind(agency_code)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    let kid: String = row.try_get(0)?;
    audit::record(
        &mut tx,
        &audit::Entry {
            at_ms: chrono::Utc::now().timestamp_millis(),
            actor,
            action: "signing_key_revoked",
            subject_kind: "signing_key",
            subject_id: &kid,
            before: None,
            after: Some(serde_json::json!({
                "agency": agency_code, "key_id": kid, "revoked_at_ms": at_ms, "reason": reason,
            })),
            detail: &serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some(kid))
}

/// Re-seals every private key not sealed with the current KEK (after a KEK rotation:
/// the old KEK in `MOTCUA_KEY_ENCRYPTION_KEY_PREVIOUS`). Returns how many were re-sealed.
pub async fn rewrap(pool: &AnyPool, keks: &Keyring) -> Result<usize, SignError> {
    let current = keks.current.id();
    let rows = sqlx::query(
        "SELECT key_id, agency_code, secret_sealed FROM agency_keys WHERE kek_id <> $1",
    )
    .bind(&current)
    .fetch_all(pool)
    .await?;
    let mut tx = pool.begin().await?;
    for row in &rows {
        let kid: String = row.try_get(0)?;
        let agency: String = row.try_get(1)?;
        let sealed: String = row.try_get(2)?;
        let context = seal_context(&agency, &kid);
        let seed = keks
            .open(&sealed, &context)
            .map_err(|e| SignError::Internal(format!("signing key {kid} of {agency}: {e}")))?;
        sqlx::query("UPDATE agency_keys SET secret_sealed = $1, kek_id = $2 WHERE key_id = $3")
            .bind(keks.current.seal(&seed, &context))
            .bind(&current)
            .bind(&kid)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}

/// Moves the clear-text keys of the first version (`signing_keys.secret_key`) into the
/// registry, sealed with the KEK, and erases the clear text; points the results they
/// signed at the new key id. Runs after the migrations (every command), and does
/// nothing once done. Results already signed keep verifying. The old secrets may still
/// sit in earlier backups: rotate these keys (`motcua keys rotate`) after upgrading.
pub async fn import_legacy(pool: &AnyPool, settings: &KeySettings) -> Result<usize, SignError> {
    let rows = sqlx::query(
        "SELECT agency_code, secret_key, public_key, created_at_ms FROM signing_keys \
         WHERE secret_key <> ''",
    )
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let keks = settings
        .keks()
        .map_err(|e| SignError::Internal(e.to_string()))?;
    let actor = system_actor();
    let mut tx = pool.begin().await?;
    for row in &rows {
        let agency: String = row.try_get(0)?;
        let secret: String = row.try_get(1)?;
        let public: String = row.try_get(2)?;
        let created: i64 = row.try_get(3)?;
        let seed: [u8; 32] = B64
            .decode(secret.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| SignError::Internal(format!("stored key of {agency} unreadable")))?;
        let derived = SigningKey::from_bytes(&seed).verifying_key().to_bytes();
        if B64.encode(derived) != public.trim() {
            return Err(SignError::Internal(format!(
                "stored key of {agency}: public key does not match the secret"
            )));
        }
        let kid = key_id(&derived);
        // An agency that already has an active registry key: the old one is kept for
        // verification only.
        if insert(&mut tx, &keks, &agency, &seed, created, None)
            .await?
            .is_none()
        {
            let now = chrono::Utc::now().timestamp_millis();
            insert(
                &mut tx,
                &keks,
                &agency,
                &seed,
                created,
                Some((now, "legacy")),
            )
            .await?;
        }
        sqlx::query(
            "UPDATE result_signatures SET key_id = $1 \
             WHERE key_id IS NULL AND agency_code = $2 AND public_key = $3",
        )
        .bind(&kid)
        .bind(&agency)
        .bind(public.trim())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE signing_keys SET secret_key = '' WHERE agency_code = $1")
            .bind(&agency)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            &audit::Entry {
                at_ms: chrono::Utc::now().timestamp_millis(),
                actor: &actor,
                action: "signing_key_sealed",
                subject_kind: "signing_key",
                subject_id: &kid,
                before: None,
                after: Some(serde_json::json!({
                    "agency": agency, "key_id": kid, "public_key": public.trim(),
                })),
                detail: &serde_json::json!({"from": "signing_keys (clear text)"}),
            },
        )
        .await?;
    }
    tx.commit().await?;
    tracing::warn!(
        keys = rows.len(),
        "clear-text signing keys sealed with the key-encryption key and erased; \
         rotate them (motcua keys rotate AGENCY): older backups still hold them in clear"
    );
    Ok(rows.len())
}

/// The identity of the server itself and of an operator at the command line, in the
/// audit log: whoever runs `motcua` against the database holds the system's powers.
pub fn system_actor() -> Acting {
    Acting {
        id: "cli:operator".into(),
        name: "Quản trị hệ thống (dòng lệnh)".into(),
        role: Some(motcua_core::workflow::StaffRole::SystemAdmin),
        unit: None,
    }
}

/// Whether `signature` (base64) is a valid Ed25519 signature of `message` by `public_key`
/// (32 bytes). Anything undecodable is simply not valid.
pub fn signature_is_valid(public_key: &[u8; 32], signature: &str, message: &[u8]) -> bool {
    let Ok(public) = VerifyingKey::from_bytes(public_key) else {
        return false;
    };
    let Some(signature) = B64
        .decode(signature.trim())
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
    else {
        return false;
    };
    // `verify_strict` also refuses weak keys and non-canonical signatures.
    public
        .verify_strict(message, &Signature::from_bytes(&signature))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_id_is_the_rfc_8037_example_thumbprint() {
        // RFC 8037 appendix A.3: the thumbprint of the example Ed25519 key.
        let x = B64URL
            .decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
            .unwrap();
        assert_eq!(
            key_id(&x.try_into().unwrap()),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
    }
}
