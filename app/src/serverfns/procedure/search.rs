use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::services::SearchPage;

/// Most results one search returns (the page says how many matched in all).
pub const SEARCH_LIMIT: usize = 50;

/// What the search form sends: the text and the filters, as the query string carries
/// them (`q`, `linh_vuc`, `co_quan`, `cap`, `muc_do`); empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchForm {
    /// What the citizen typed.
    pub q: String,
    /// Field (lĩnh vực).
    pub field: String,
    /// Agency electronic code.
    pub agency: String,
    /// `province` or `commune`.
    pub level: String,
    /// `toan_trinh`, `mot_phan` or `none`.
    pub online_level: String,
}

impl SearchForm {
    /// Parses the text and the filters with the rules of `motcua-core`; the error is the
    /// Vietnamese message to show.
    pub fn parse(
        &self,
    ) -> Result<
        (
            motcua_core::search::SearchQuery,
            motcua_core::search::SearchFilters,
        ),
        String,
    > {
        let query = motcua_core::search::SearchQuery::parse(&self.q).map_err(|e| e.to_string())?;
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let filters = motcua_core::search::SearchFilters {
            agency: some(&self.agency),
            field: some(&self.field),
            level: some(&self.level)
                .map(|l| l.parse())
                .transpose()
                .map_err(|_| "Cấp thực hiện không hợp lệ.".to_owned())?,
            online_level: some(&self.online_level)
                .map(|l| l.parse())
                .transpose()
                .map_err(|_| "Mức độ dịch vụ trực tuyến không hợp lệ.".to_owned())?,
        };
        Ok((query, filters))
    }
}

/// Searches the published procedures, ranked, ignoring diacritics when the citizen
/// typed none; filters narrow by field, agency, level and online level.
#[server(prefix = "/_fn", endpoint = "procedure/search")]
pub async fn search_procedures(form: SearchForm) -> Result<SearchPage, ServerFnError> {
    let (query, filters) = form.parse().map_err(ServerFnError::new)?;
    let catalog = expect_context::<crate::services::SharedCatalog>();
    catalog
        .search(&query, &filters, SEARCH_LIMIT)
        .await
        .map_err(|error| {
            tracing::error!(%error, "catalogue search failed");
            ServerFnError::new("Không tải được danh mục thủ tục. Vui lòng thử lại sau.")
        })
}

/// The choices of the search filters.
#[server(prefix = "/_fn", endpoint = "procedure/filters")]
pub async fn search_filters() -> Result<crate::services::FilterOptions, ServerFnError> {
    let catalog = expect_context::<crate::services::SharedCatalog>();
    catalog.filter_options().await.map_err(|error| {
        tracing::error!(%error, "catalogue filters failed");
        ServerFnError::new("Không tải được danh mục thủ tục. Vui lòng thử lại sau.")
    })
}
