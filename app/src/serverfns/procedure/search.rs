use leptos::prelude::*;
use motcua_core::procedure::ProcedureSummary;

/// Searches the published procedures by name, ignoring case and diacritics; an empty
/// query lists them all. A query the rules refuse (too long) gets their Vietnamese
/// message.
#[server(prefix = "/_fn", endpoint = "procedure/search")]
pub async fn search_procedures(query: String) -> Result<Vec<ProcedureSummary>, ServerFnError> {
    let query = motcua_core::search::SearchQuery::parse(&query)
        .map_err(|e| ServerFnError::new(e.to_string()))?;
    let catalog = expect_context::<crate::services::SharedCatalog>();
    catalog.search(&query).await.map_err(|error| {
        tracing::error!(%error, "catalogue search failed");
        ServerFnError::new("Không tải được danh mục thủ tục. Vui lòng thử lại sau.")
    })
}
