use leptos::prelude::*;

/// What was typed into a form refused without JavaScript (`v_{field}` pairs, never a
/// password), for the page to show again. It travels in a short-lived HttpOnly cookie
/// rather than the URL, because it is personal data; reading it removes the cookie.
#[server(prefix = "/_fn", endpoint = "account/typed")]
pub async fn typed_values() -> Result<Vec<(String, String)>, ServerFnError> {
    Ok(super::session::take_typed().await)
}
