use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What every page shows about the portal: whose portal it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalIdentity {
    /// The province (or city) operating the portal, e.g. "Tỉnh Mẫu".
    pub jurisdiction: String,
}

/// Returns the portal's configured identity.
#[server(prefix = "/_fn", endpoint = "portal/info")]
pub async fn portal_info() -> Result<PortalIdentity, ServerFnError> {
    Ok(expect_context::<PortalIdentity>())
}
