use leptos::prelude::*;
use motcua_core::procedure::ProcedureSummary;

/// Searches the published procedures by name, ignoring case and diacritics; an empty
/// query lists them all.
#[server(prefix = "/_fn", endpoint = "procedure/search")]
pub async fn search_procedures(query: String) -> Result<Vec<ProcedureSummary>, ServerFnError> {
    let catalog = expect_context::<crate::services::SharedCatalog>();
    catalog.search(&query).await.map_err(|error| {
        tracing::error!(%error, "catalogue search failed");
        ServerFnError::new("Không tải được danh mục thủ tục. Vui lòng thử lại sau.")
    })
}
