use leptos::prelude::*;

use crate::services::SecurityError;

/// The query parameters of a refusal for a plain form post (`e_{field}` or `loi`).
#[cfg(feature = "ssr")]
pub(crate) fn security_pairs(e: &SecurityError) -> Vec<(String, String)> {
    match e {
        SecurityError::Invalid(list) => list
            .iter()
            .map(|m| (format!("e_{}", m.field), m.message.clone()))
            .collect(),
        other => vec![("loi".to_owned(), other.to_string())],
    }
}

/// Answers a refused account-security request: without JavaScript the browser goes back
/// to `page` with the refusal in the query string (never a password).
#[cfg(feature = "ssr")]
pub(crate) async fn refused<T>(
    page: &str,
    e: SecurityError,
) -> Result<Result<T, SecurityError>, ServerFnError> {
    if super::session::plain_form_post().await {
        super::session::refuse_to(page, &security_pairs(&e));
    }
    Ok(Err(e))
}

/// A citizen changes their password. Every session of the account ends; this browser
/// gets a fresh one. Back to `/tai-khoan` with a confirmation.
#[server(prefix = "/_fn", endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<Result<(), SecurityError>, ServerFnError> {
    use super::session;
    let Some(token) = session::token().await else {
        return refused("/tai-khoan", SecurityError::NotSignedIn).await;
    };
    let form = crate::services::PasswordChange {
        current_password,
        new_password,
        confirm_password,
    };
    let security = expect_context::<crate::services::SharedAccountSecurity>();
    match security
        .change_password(&token, &form)
        .await
        .map_err(|e| session::unavailable(e, "password change"))?
    {
        Ok(new) => {
            session::set_cookie(&new);
            leptos_axum::redirect("/tai-khoan?thong_bao=mat-khau");
            Ok(Ok(()))
        }
        Err(e) => refused("/tai-khoan", e).await,
    }
}
