use leptos::prelude::*;

use crate::services::SecurityError;

/// Closes the signed-in citizen's account after checking the password: the profile is
/// erased, every session ends, and the browser goes to the home page. Dossiers stay
/// (public records, see the privacy page).
#[server(prefix = "/_fn", endpoint = "account/close")]
pub async fn close_account(password: String) -> Result<Result<(), SecurityError>, ServerFnError> {
    use super::session;
    let Some(token) = session::token().await else {
        return super::password::refused("/tai-khoan", SecurityError::NotSignedIn).await;
    };
    match expect_context::<crate::services::SharedAccountSecurity>()
        .close_account(&token, &password)
        .await
        .map_err(|e| session::unavailable(e, "closing an account"))?
    {
        Ok(()) => {
            session::clear_cookie();
            leptos_axum::redirect("/?thong_bao=da-dong-tai-khoan");
            Ok(Ok(()))
        }
        Err(e) => super::password::refused("/tai-khoan", e).await,
    }
}
