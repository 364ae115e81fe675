//! The procedure catalogue: its queries ([`repository`]), the demo data ([`seed`]) and
//! the [`SqlCatalog`] service that pages and the API call.

pub mod repository;
pub mod seed;

use async_trait::async_trait;
use motcua_app::services::{Catalog, ServiceError};
use motcua_core::procedure::ProcedureSummary;
use sqlx::AnyPool;

/// Longest search query accepted, in characters; longer ones are refused by the API
/// and cut by the page.
pub const MAX_QUERY_CHARS: usize = 200;

/// The catalogue backed by the database.
#[derive(Clone)]
pub struct SqlCatalog {
    pool: AnyPool,
}

impl SqlCatalog {
    /// A catalogue reading from `pool`.
    pub fn new(pool: AnyPool) -> Self {
        SqlCatalog { pool }
    }
}

#[async_trait]
impl Catalog for SqlCatalog {
    async fn search(&self, query: &str) -> Result<Vec<ProcedureSummary>, ServiceError> {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        repository::search(&self.pool, &query)
            .await
            .map_err(|e| ServiceError(Box::new(e)))
    }
}
