use leptos::prelude::*;

/// Ends the session and goes to the home page.
#[server(prefix = "/_fn", endpoint = "account/sign_out")]
pub async fn sign_out() -> Result<(), ServerFnError> {
    use super::session;
    if let Some(token) = session::token().await {
        let accounts = expect_context::<crate::services::SharedAccounts>();
        accounts
            .sign_out(&token)
            .await
            .map_err(|e| session::unavailable(e, "sign-out"))?;
    }
    session::clear_cookie();
    leptos_axum::redirect("/");
    Ok(())
}
