use leptos::prelude::*;

use crate::services::CitizenProfile;

/// The signed-in citizen, or `None`.
#[server(prefix = "/_fn", endpoint = "account/me")]
pub async fn current_citizen() -> Result<Option<CitizenProfile>, ServerFnError> {
    super::session::current().await
}
