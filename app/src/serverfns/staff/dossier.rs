use leptos::prelude::*;

use crate::services::StaffDossier;

/// One dossier as the signed-in staff member sees it; `None` when nobody is signed in
/// or their unit has nothing to do with it.
#[server(prefix = "/_fn", endpoint = "staff/dossier")]
pub async fn get_staff_dossier(id: String) -> Result<Option<StaffDossier>, ServerFnError> {
    use super::session;
    let Some(me) = session::current().await? else {
        return Ok(None);
    };
    session::desk()
        .dossier(&me, &id)
        .await
        .map_err(|e| session::unavailable(e, "staff dossier"))
}
