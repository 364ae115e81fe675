use leptos::prelude::*;

use crate::services::ApplicationPage;

/// The submission page's data: the procedure, the signed-in citizen (to pre-fill), a
/// fresh idempotency key and the upload limits. `None` when the procedure does not
/// exist or cannot be filed online.
#[server(prefix = "/_fn", endpoint = "dossier/prepare")]
pub async fn prepare_application(slug: String) -> Result<Option<ApplicationPage>, ServerFnError> {
    use crate::serverfns::account::session;
    let citizen = session::current().await?;
    let dossiers = expect_context::<crate::services::SharedDossiers>();
    dossiers
        .application_page(&slug, citizen)
        .await
        .map_err(|e| session::unavailable(e, "application page"))
}
