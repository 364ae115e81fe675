use leptos::prelude::*;

use crate::services::{DossierView, TrackError};

/// Looks a dossier up by its code (or submission number) and the applicant's phone
/// number, without an account. Rate-limited; a wrong phone reveals nothing.
#[server(prefix = "/_fn", endpoint = "dossier/track")]
pub async fn track_dossier(
    number: String,
    phone: String,
) -> Result<Result<DossierView, TrackError>, ServerFnError> {
    use crate::serverfns::account::session;
    let dossiers = expect_context::<crate::services::SharedDossiers>();
    let client = session::client().await;
    dossiers
        .track(number.trim(), &phone, &client)
        .await
        .map_err(|e| session::unavailable(e, "tracking"))
}
