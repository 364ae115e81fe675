//! The public verification service behind the `/verify` page's server function.

use async_trait::async_trait;
use motcua_app::services::{ServiceError, Verifier, VerifyAnswer};
use sqlx::AnyPool;

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

#[async_trait]
impl Verifier for SqlVerifier {
    async fn by_code(&self, typed: &str) -> Result<VerifyAnswer, ServiceError> {
        super::verify_code(&self.pool, typed)
            .await
            .map_err(|e| ServiceError(Box::new(e)))
    }
}
