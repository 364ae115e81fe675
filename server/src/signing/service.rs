//! The public verification service behind the `/verify` and `/khoa-ky-so` pages' server
//! functions.

use async_trait::async_trait;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use motcua_app::services::{PublicKeyView, ServiceError, Verifier, VerifyAnswer};
use motcua_core::deadline::vietnam_local;
use sqlx::AnyPool;

use super::keys::RegisteredKey;

/// Verification against the database.
#[derive(Clone)]
pub struct SqlVerifier {
    pool: AnyPool,
}

impl SqlVerifier {
    /// The service over `pool`.
    pub fn new(pool: AnyPool) -> Self {
        SqlVerifier { pool }
    }
}

fn local(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| vietnam_local(t).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// A registry key as the page and the JWKS show it.
pub fn public_view(key: &RegisteredKey) -> PublicKeyView {
    PublicKeyView {
        key_id: key.key_id.clone(),
        agency_code: key.agency_code.clone(),
        agency_name: key.agency_name.clone(),
        algorithm: key.algorithm.clone(),
        x: key
            .public_bytes()
            .map(|b| B64URL.encode(b))
            .unwrap_or_default(),
        valid_from: local(key.valid_from_ms),
        valid_from_ms: key.valid_from_ms,
        revoked_at: key.revoked_at_ms.map(local),
        revoked_at_ms: key.revoked_at_ms,
    }
}

#[async_trait]
impl Verifier for SqlVerifier {
    async fn by_code(&self, typed: &str) -> Result<VerifyAnswer, ServiceError> {
        super::verify_code(&self.pool, typed)
            .await
            .map_err(|e| ServiceError(Box::new(e)))
    }

    async fn keys(&self) -> Result<Vec<PublicKeyView>, ServiceError> {
        let keys = RegisteredKey::all(&self.pool)
            .await
            .map_err(|e| ServiceError(Box::new(e)))?;
        Ok(keys.iter().map(public_view).collect())
    }
}
