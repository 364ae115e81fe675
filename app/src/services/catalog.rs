use std::sync::Arc;

use async_trait::async_trait;
use motcua_core::procedure::ProcedureSummary;
use motcua_core::search::SearchQuery;

/// A failure inside a service. Its text is for the server log only: server functions
/// show citizens a generic Vietnamese message instead.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ServiceError(#[from] pub Box<dyn std::error::Error + Send + Sync>);

/// Read access to the published procedure catalogue.
#[async_trait]
pub trait Catalog: Send + Sync {
    /// Procedures whose name contains every word of `query`, ignoring case and
    /// diacritics, sorted by name; all procedures when the query has no words.
    async fn search(&self, query: &SearchQuery) -> Result<Vec<ProcedureSummary>, ServiceError>;
}

/// The form in which the catalogue is put into the Leptos context.
pub type SharedCatalog = Arc<dyn Catalog>;
