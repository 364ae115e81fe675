use leptos::prelude::*;

use crate::services::PublicKeyView;

/// The public registry of agencies' signing keys (the `/khoa-ky-so` page; the same data
/// as the JWKS at `/api/v1/keys`). Public: no account needed.
#[server(prefix = "/_fn", endpoint = "verify/keys")]
pub async fn public_keys() -> Result<Vec<PublicKeyView>, ServerFnError> {
    use crate::serverfns::account::session;
    let verifier = expect_context::<crate::services::SharedVerifier>();
    verifier
        .keys()
        .await
        .map_err(|e| session::unavailable(e, "key registry"))
}
