use leptos::prelude::*;

/// Ends the staff session and goes to the staff sign-in page.
#[server(prefix = "/_fn", endpoint = "staff/sign_out")]
pub async fn staff_sign_out() -> Result<(), ServerFnError> {
    use super::session;
    if let Some(token) = session::token().await {
        session::desk()
            .sign_out(&token)
            .await
            .map_err(|e| session::unavailable(e, "staff sign-out"))?;
    }
    session::clear_cookie();
    leptos_axum::redirect("/can-bo/dang-nhap");
    Ok(())
}
