use leptos::prelude::*;

use crate::services::DossierView;

/// The signed-in citizen's dossiers, newest first; `None` when nobody is signed in.
#[server(prefix = "/_fn", endpoint = "dossier/mine")]
pub async fn my_dossiers() -> Result<Option<Vec<DossierView>>, ServerFnError> {
    use crate::serverfns::account::session;
    let Some(citizen) = session::current().await? else {
        return Ok(None);
    };
    let dossiers = expect_context::<crate::services::SharedDossiers>();
    dossiers
        .for_citizen(&citizen.id)
        .await
        .map(Some)
        .map_err(|e| session::unavailable(e, "my dossiers"))
}

/// One of the signed-in citizen's dossiers by submission number or code.
#[server(prefix = "/_fn", endpoint = "dossier/mine_one")]
pub async fn my_dossier(number: String) -> Result<Option<DossierView>, ServerFnError> {
    use crate::serverfns::account::session;
    let Some(citizen) = session::current().await? else {
        return Ok(None);
    };
    let dossiers = expect_context::<crate::services::SharedDossiers>();
    dossiers
        .citizen_dossier(&citizen.id, &number)
        .await
        .map_err(|e| session::unavailable(e, "my dossier"))
}
