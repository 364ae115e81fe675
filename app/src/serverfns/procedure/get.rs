use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::services::ProcedurePage;

/// A procedure page's data and the server's clock when it was read: the page's first
/// render (on the server, then again in the browser while hydrating) computes the
/// due-date preview from this instant, so both renders print the same text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureView {
    /// The procedure and its units.
    pub page: ProcedurePage,
    /// Server time, Unix milliseconds (UTC).
    pub now_ms: i64,
}

/// A published procedure by slug; `None` when there is no such procedure.
#[server(prefix = "/_fn", endpoint = "procedure/get")]
pub async fn get_procedure(slug: String) -> Result<Option<ProcedureView>, ServerFnError> {
    let catalog = expect_context::<crate::services::SharedCatalog>();
    let page = catalog.procedure(&slug).await.map_err(|error| {
        tracing::error!(%error, "procedure read failed");
        ServerFnError::new("Không tải được thông tin thủ tục. Vui lòng thử lại sau.")
    })?;
    let clock = expect_context::<crate::services::SharedClock>();
    Ok(page.map(|page| ProcedureView {
        page,
        now_ms: clock.now().timestamp_millis(),
    }))
}
