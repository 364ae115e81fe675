use leptos::prelude::*;

use crate::services::IntakePage;

/// The intake page of the signed-in staff member, with the applicant found by `lookup`
/// (phone number or personal ID) when given.
#[server(prefix = "/_fn", endpoint = "staff/intake")]
pub async fn staff_intake(lookup: String) -> Result<Option<IntakePage>, ServerFnError> {
    use super::session;
    let Some(me) = session::current().await? else {
        return Ok(None);
    };
    session::desk()
        .intake(&me, lookup.trim())
        .await
        .map(Some)
        .map_err(|e| session::unavailable(e, "staff intake"))
}
