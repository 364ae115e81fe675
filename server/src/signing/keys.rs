//! One Ed25519 key per agency, created the first time the agency signs.
//!
//! **The secret key lives in the database for now** (`signing_keys.secret_key`, base64 of
//! the 32-byte seed), readable by anyone who can read the database or its backups. That
//! is enough to make a downloaded file checkable and tamper-evident, not to make the
//! agency's signature unforgeable by the system's own operators. The production answer is
//! an HSM or a KMS that holds the key and signs a hash on request (the interface here is
//! "sign these bytes", so only this module changes), and, for the legal value of a
//! digital signature in Vietnam, a certificate from a licensed CA (Decree 130/2018).
//!
//! Two instances may sign for the same agency at the same moment: each generates a key,
//! inserts it only if the agency has none (`ON CONFLICT DO NOTHING`), then reads back the
//! one that won, so both sign with the same key.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use sqlx::{AnyPool, Row};

use super::SignError;

/// The algorithm name stored with keys and signatures.
pub const ALGORITHM: &str = "ed25519";

/// An agency's key pair.
pub struct AgencyKey {
    key: SigningKey,
}

impl AgencyKey {
    /// The public key as stored and published (base64 of 32 bytes).
    pub fn public_base64(&self) -> String {
        B64.encode(self.key.verifying_key().as_bytes())
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
            .field("public", &self.public_base64())
            .finish_non_exhaustive()
    }
}

/// The agency's key: the stored one, or a new one stored now.
pub async fn agency_key(
    pool: &AnyPool,
    agency_code: &str,
    now_ms: i64,
) -> Result<AgencyKey, SignError> {
    if let Some(key) = stored(pool, agency_code).await? {
        return Ok(key);
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| SignError::Internal(format!("random source: {e}")))?;
    let key = SigningKey::from_bytes(&seed);
    sqlx::query(
        "INSERT INTO signing_keys (agency_code, algorithm, public_key, secret_key, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agency_code) DO NOTHING",
    )
    .bind(agency_code)
    .bind(ALGORITHM)
    .bind(B64.encode(key.verifying_key().as_bytes()))
    .bind(B64.encode(seed))
    .bind(now_ms)
    .execute(pool)
    .await?;
    // Whoever inserted first, everyone signs with the stored key.
    stored(pool, agency_code)
        .await?
        .ok_or_else(|| SignError::Internal(format!("no key stored for {agency_code}")))
}

async fn stored(pool: &AnyPool, agency_code: &str) -> Result<Option<AgencyKey>, SignError> {
    let Some(row) = sqlx::query(
        "SELECT secret_key, public_key FROM signing_keys WHERE agency_code = $1 AND algorithm = $2",
    )
    .bind(agency_code)
    .bind(ALGORITHM)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let secret: String = row.try_get("secret_key")?;
    let public: String = row.try_get("public_key")?;
    let seed: [u8; 32] = B64
        .decode(secret.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| SignError::Internal(format!("stored key of {agency_code} unreadable")))?;
    let key = SigningKey::from_bytes(&seed);
    if B64.encode(key.verifying_key().as_bytes()) != public.trim() {
        return Err(SignError::Internal(format!(
            "stored key of {agency_code}: public key does not match the secret"
        )));
    }
    Ok(Some(AgencyKey { key }))
}

/// Whether `signature` (base64) is a valid Ed25519 signature of `message` by `public_key`
/// (base64). Anything undecodable is simply not valid.
pub fn signature_is_valid(public_key: &str, signature: &str, message: &[u8]) -> bool {
    let Some(public) = B64
        .decode(public_key.trim())
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
    else {
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
