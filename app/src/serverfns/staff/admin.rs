use leptos::prelude::*;

use crate::services::AdminPage;

/// The administration page; `None` for anyone who is not an administrator.
#[server(prefix = "/_fn", endpoint = "staff/admin")]
pub async fn staff_admin() -> Result<Option<AdminPage>, ServerFnError> {
    use super::session;
    let Some(me) = session::current().await? else {
        return Ok(None);
    };
    session::desk()
        .admin(&me)
        .await
        .map_err(|e| session::unavailable(e, "staff administration"))
}
