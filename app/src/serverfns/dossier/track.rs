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

/// The tracking form posted without JavaScript: the code and phone are kept for a few
/// minutes in an HttpOnly cookie (never in a URL: the phone is personal data) and the
/// browser goes back to `/tra-cuu-ho-so`, which answers from them once.
#[server(prefix = "/_fn", endpoint = "dossier/track_form")]
pub async fn track_form(ma: String, sdt: String) -> Result<(), ServerFnError> {
    use crate::serverfns::account::session;
    session::remember_typed(&[("v_ma".to_owned(), ma), ("v_sdt".to_owned(), sdt)]);
    leptos_axum::redirect("/tra-cuu-ho-so");
    Ok(())
}

/// The answer to the tracking form posted without JavaScript (see [`track_form`]), read
/// once; `None` when nothing was posted. The code is returned to fill the form again.
#[server(prefix = "/_fn", endpoint = "dossier/track_remembered")]
pub async fn track_remembered(
) -> Result<Option<(String, Result<DossierView, TrackError>)>, ServerFnError> {
    use crate::serverfns::account::session;
    let typed = session::take_typed().await;
    let get = |key: &str| {
        typed
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (number, phone) = (get("v_ma"), get("v_sdt"));
    if number.trim().is_empty() || phone.trim().is_empty() {
        return Ok(None);
    }
    let answer = track_dossier(number.clone(), phone).await?;
    Ok(Some((number, answer)))
}
