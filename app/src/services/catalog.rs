#[cfg(feature = "ssr")]
use std::sync::Arc;

#[cfg(feature = "ssr")]
use async_trait::async_trait;
use motcua_core::deadline::UnitCalendar;
use motcua_core::procedure::{ProcedureSummary, ProcedureVersion};
#[cfg(feature = "ssr")]
use motcua_core::search::{SearchFilters, SearchQuery};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
/// A failure inside a service. Its text is for the server log only: server functions
/// show citizens a generic Vietnamese message instead.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ServiceError(#[from] pub Box<dyn std::error::Error + Send + Sync>);

/// An agency or unit as pages show it, with the calendar its deadlines use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyView {
    /// Electronic code, e.g. `H15.50`.
    pub code: String,
    /// Name, e.g. "UBND phường An Bình".
    pub name: String,
    /// Address.
    pub address: String,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Whether it receives dossiers (a one-stop desk).
    pub receives_dossiers: bool,
    /// Work week, office hours and local exceptions.
    pub calendar: UnitCalendar,
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchPage {
    /// How many procedures match in all.
    pub total: usize,
    /// The best matches, best first.
    pub procedures: Vec<ProcedureSummary>,
}

/// Everything the procedure page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedurePage {
    /// The current version, with every published component.
    pub version: ProcedureVersion,
    /// The agency that owns the procedure.
    pub owner: Option<AgencyView>,
    /// The units where a dossier can be filed (their calendars give the appointment).
    pub units: Vec<AgencyView>,
}

/// The choices of the search filters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FilterOptions {
    /// Fields (lĩnh vực), sorted.
    pub fields: Vec<String>,
    /// Agencies: code and name, in tree order.
    pub agencies: Vec<(String, String)>,
}

/// Read access to the published procedure catalogue.
#[cfg(feature = "ssr")]
#[async_trait]
pub trait Catalog: Send + Sync {
    /// Ranked matches of `query` (with or without diacritics) among procedures passing
    /// `filters`; at most `limit`, with the total count.
    async fn search(
        &self,
        query: &SearchQuery,
        filters: &SearchFilters,
        limit: usize,
    ) -> Result<SearchPage, ServiceError>;

    /// A procedure's current version and where it can be filed.
    async fn procedure(&self, slug: &str) -> Result<Option<ProcedurePage>, ServiceError>;

    /// The values the search filters offer.
    async fn filter_options(&self) -> Result<FilterOptions, ServiceError>;
}

/// The form in which the catalogue is put into the Leptos context.
#[cfg(feature = "ssr")]
pub type SharedCatalog = Arc<dyn Catalog>;
