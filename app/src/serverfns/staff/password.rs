use leptos::prelude::*;

use crate::services::SecurityError;

/// A staff member changes their password — also the temporary one an administrator
/// issued, which is all such a session may do. Every session of the account ends; this
/// browser gets a fresh one and goes to the work queues.
#[server(prefix = "/_fn", endpoint = "staff/password")]
pub async fn staff_change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<Result<(), SecurityError>, ServerFnError> {
    use super::session;
    let page = crate::pages::staff::CHANGE_PASSWORD_PATH;
    let Some(token) = session::token().await else {
        return crate::serverfns::account::refused(page, SecurityError::NotSignedIn).await;
    };
    let form = crate::services::PasswordChange {
        current_password,
        new_password,
        confirm_password,
    };
    match expect_context::<crate::services::SharedAccountSecurity>()
        .change_staff_password(&token, &form)
        .await
        .map_err(|e| session::unavailable(e, "staff password change"))?
    {
        Ok(new) => {
            session::set_cookie(&new);
            leptos_axum::redirect(&format!(
                "/can-bo?thong_bao={}",
                session::encode("Đã đổi mật khẩu")
            ));
            Ok(Ok(()))
        }
        Err(e) => crate::serverfns::account::refused(page, e).await,
    }
}
