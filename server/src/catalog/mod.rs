//! The procedure catalogue: its queries ([`repository`]), the demo data ([`seed`]) and
//! the [`SqlCatalog`] service that pages and the API call.

pub mod repository;
pub mod seed;

use async_trait::async_trait;
use motcua_app::services::{Catalog, ServiceError};
use motcua_core::procedure::ProcedureSummary;
use motcua_core::search::SearchQuery;
use sqlx::AnyPool;

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
    async fn search(&self, query: &SearchQuery) -> Result<Vec<ProcedureSummary>, ServiceError> {
        repository::search(&self.pool, query)
            .await
            .map_err(|e| ServiceError(Box::new(e)))
    }
}
